//! Nudges toward a goal a group can track: specific, measurable and
//! time-bound. Hints, never refusals: the clinician decides.

/// Words that tie a goal to a time.
const TIME_WORDS: &[&str] = &[
    "by", "within", "week", "weeks", "weekly", "day", "days", "daily", "month", "months", "session",
    "sessions", "end", "until", "before", "per",
];

/// Vague words a measurable goal does without.
const VAGUE: &[&str] = &[
    "better", "more", "less", "improve", "improved", "feel", "happier", "good",
];

/// What the wording of `statement` could still say, in order of importance.
pub fn hints(statement: &str) -> Vec<&'static str> {
    let words: Vec<String> = statement
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut out = Vec::new();
    if words.is_empty() {
        return out;
    }
    if words.len() < 5 {
        out.push("Say what the member will do, specifically: who, what, where.");
    }
    let counts = words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
        || words.iter().any(|w| {
            [
                "once", "twice", "one", "two", "three", "four", "five", "six", "seven", "ten", "times",
                "every",
            ]
            .contains(&w.as_str())
        });
    if !counts {
        out.push("Make it measurable: how often, how many, how much.");
    }
    if !words.iter().any(|w| TIME_WORDS.contains(&w.as_str())) {
        out.push("Give it a time: by when, or how often each week.");
    }
    if counts && words.iter().any(|w| VAGUE.contains(&w.as_str())) && out.is_empty() {
        // Measurable and timed: a vague word is fine beside them.
    } else if !counts && words.iter().any(|w| VAGUE.contains(&w.as_str())) {
        out.push("“Better” or “more” is hard to rate: describe what will be seen when it is reached.");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vague_goal_gets_every_nudge_and_a_smart_one_none() {
        let vague = hints("Feel better");
        assert_eq!(vague.len(), 4, "{vague:?}");
        assert!(hints("Walk for 20 minutes on three days each week by the end of the group").is_empty());
        assert_eq!(
            hints("Use the breathing exercise when anxious at work"),
            vec![
                "Make it measurable: how often, how many, how much.",
                "Give it a time: by when, or how often each week."
            ]
        );
        assert!(hints("").is_empty());
    }
}
