//! How a measure is scored, with nothing stored: the total of the answers,
//! its band, subscale totals, and whether a change between two totals is
//! reliable. Every computation the app shows lives here and is tested
//! against worked examples from the instruments.
//!
//! - Total: the sum of the answered items (reverse-scored ones turned round:
//!   `item_min + item_max − answer`), prorated to every item when some are
//!   blank (`sum × items / answered`), or their mean. Kept to 3 decimals.
//! - Reliable change (Jacobson & Truax, 1991): a fixed threshold when the
//!   instrument has one (PHQ-9: 6 points, GAD-7: 4, as the NHS Talking
//!   Therapies programme uses), otherwise `1.96 × SD × √2 × √(1 − r)` from
//!   the instrument's standard deviation and reliability.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

crate::values::text_enum!(
    /// Sum of the items, or their mean.
    Scoring { Sum, Mean }
);

/// What scoring needs to know of an instrument.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub item_min: i64,
    pub item_max: i64,
    pub scoring: Scoring,
    pub min_answered: usize,
    /// One per item, in order: whether it is reverse-scored.
    pub reverse: Vec<bool>,
}

/// Why answers cannot be scored, in the clinician's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreProblem {
    /// The answers are not one per item.
    ItemCount { expected: usize, found: usize },
    /// Item (1-based) answered outside the range.
    OutOfRange { item: usize, answer: i64 },
    /// Fewer items answered than the instrument needs.
    TooFewAnswered { answered: usize, needed: usize },
}

impl ScoreProblem {
    pub fn message(&self, min: i64, max: i64) -> String {
        match self {
            ScoreProblem::ItemCount { expected, found } => {
                format!("This measure has {expected} items; {found} answers were given.")
            }
            ScoreProblem::OutOfRange { item, answer } => {
                format!("Item {item} is answered {answer}; answers go from {min} to {max}.")
            }
            ScoreProblem::TooFewAnswered { answered, needed } => format!(
                "Only {answered} items are answered; this measure needs at least {needed} to be scored."
            ),
        }
    }
}

/// Rounds a total to what is stored and shown (3 decimals).
pub fn rounded(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The total of `answers` (one per item, `None` for a blank).
pub fn total(scale: &Scale, answers: &[Option<i64>]) -> Result<f64, ScoreProblem> {
    if answers.len() != scale.reverse.len() {
        return Err(ScoreProblem::ItemCount {
            expected: scale.reverse.len(),
            found: answers.len(),
        });
    }
    for (i, a) in answers.iter().enumerate() {
        if let Some(v) = *a {
            if v < scale.item_min || v > scale.item_max {
                return Err(ScoreProblem::OutOfRange {
                    item: i + 1,
                    answer: v,
                });
            }
        }
    }
    let answered = answers.iter().filter(|a| a.is_some()).count();
    if answered < scale.min_answered || answered == 0 {
        return Err(ScoreProblem::TooFewAnswered {
            answered,
            needed: scale.min_answered.max(1),
        });
    }
    Ok(rounded(scored_total(scale, answers.iter().zip(&scale.reverse))))
}

fn scored_total<'a>(scale: &Scale, items: impl Iterator<Item = (&'a Option<i64>, &'a bool)>) -> f64 {
    let (mut sum, mut answered, mut count) = (0i64, 0usize, 0usize);
    for (a, reverse) in items {
        count += 1;
        if let Some(v) = *a {
            answered += 1;
            sum += if *reverse {
                scale.item_min + scale.item_max - v
            } else {
                v
            };
        }
    }
    if answered == 0 {
        return 0.0;
    }
    match scale.scoring {
        Scoring::Sum => sum as f64 * count as f64 / answered as f64,
        Scoring::Mean => sum as f64 / answered as f64,
    }
}

/// The total of the items of one subscale (by position), scored as the whole.
pub fn subscale_total(scale: &Scale, answers: &[Option<i64>], items: &[usize]) -> Option<f64> {
    let picked: Vec<(&Option<i64>, &bool)> = items
        .iter()
        .filter_map(|&i| Some((answers.get(i)?, scale.reverse.get(i)?)))
        .collect();
    if picked.iter().all(|(a, _)| a.is_none()) {
        return None;
    }
    Some(rounded(scored_total(scale, picked.into_iter())))
}

/// A band of totals, `[low, high]`, with its label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Band {
    pub low: f64,
    pub high: f64,
    pub label: String,
}

/// The band a total falls in (a total between two bands, possible with a
/// prorated or mean total, falls in the lower).
pub fn band(bands: &[Band], total: f64) -> Option<&Band> {
    bands
        .iter()
        .filter(|b| total >= b.low)
        .max_by(|a, b| a.low.total_cmp(&b.low))
        .filter(|b| total <= b.high || bands.iter().any(|n| n.low > b.low))
}

/// How big a change must be to be reliable.
pub fn reliable_change_threshold(
    fixed: Option<f64>,
    reliability: Option<f64>,
    sd: Option<f64>,
) -> Option<f64> {
    fixed.or_else(|| {
        let (r, sd) = (reliability?, sd?);
        Some(1.96 * sd * std::f64::consts::SQRT_2 * (1.0 - r).sqrt())
    })
}

crate::values::text_enum!(
    /// Whether the change from the first total to the latest is reliable.
    Change {
        ReliableImprovement,
        ReliableDeterioration,
        NoReliableChange,
        /// The instrument has no threshold (no reliability and SD given).
        Unknown,
    }
);

pub fn change(first: f64, latest: f64, threshold: Option<f64>, higher_is_worse: bool) -> Change {
    let Some(t) = threshold else {
        return Change::Unknown;
    };
    let better = if higher_is_worse {
        first - latest
    } else {
        latest - first
    };
    // A difference equal to the threshold is reliable ("6 points or more").
    if better >= t - 1e-9 {
        Change::ReliableImprovement
    } else if -better >= t - 1e-9 {
        Change::ReliableDeterioration
    } else {
        Change::NoReliableChange
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phq9() -> Scale {
        Scale {
            item_min: 0,
            item_max: 3,
            scoring: Scoring::Sum,
            min_answered: 9,
            reverse: vec![false; 9],
        }
    }

    fn phq9_bands() -> Vec<Band> {
        [
            (0, 4, "Minimal"),
            (5, 9, "Mild"),
            (10, 14, "Moderate"),
            (15, 19, "Moderately severe"),
            (20, 27, "Severe"),
        ]
        .iter()
        .map(|(l, h, n)| Band {
            low: *l as f64,
            high: *h as f64,
            label: n.to_string(),
        })
        .collect()
    }

    #[test]
    fn a_phq9_is_the_sum_of_its_nine_items_in_its_band() {
        // Kroenke, Spitzer & Williams (2001): 0–4 minimal … 20–27 severe.
        let answers = [2, 2, 1, 3, 1, 2, 1, 0, 0].map(Some);
        let t = total(&phq9(), &answers).unwrap();
        assert_eq!(t, 12.0);
        assert_eq!(band(&phq9_bands(), t).unwrap().label, "Moderate");
        for (t, label) in [
            (0.0, "Minimal"),
            (4.0, "Minimal"),
            (5.0, "Mild"),
            (9.0, "Mild"),
            (14.0, "Moderate"),
            (15.0, "Moderately severe"),
            (19.0, "Moderately severe"),
            (20.0, "Severe"),
            (27.0, "Severe"),
        ] {
            assert_eq!(band(&phq9_bands(), t).unwrap().label, label, "{t}");
        }
        assert_eq!(total(&phq9(), &[Some(3); 9]).unwrap(), 27.0);
    }

    #[test]
    fn an_item_out_of_range_or_a_missing_one_is_refused() {
        let mut answers = [Some(1); 9];
        answers[3] = Some(4);
        assert_eq!(
            total(&phq9(), &answers),
            Err(ScoreProblem::OutOfRange { item: 4, answer: 4 })
        );
        answers[3] = None;
        assert_eq!(
            total(&phq9(), &answers),
            Err(ScoreProblem::TooFewAnswered {
                answered: 8,
                needed: 9
            })
        );
        assert_eq!(
            total(&phq9(), &answers[..8]),
            Err(ScoreProblem::ItemCount {
                expected: 9,
                found: 8
            })
        );
        assert!(ScoreProblem::OutOfRange { item: 4, answer: 4 }
            .message(0, 3)
            .contains("Item 4 is answered 4; answers go from 0 to 3"));
    }

    #[test]
    fn reverse_scored_items_turn_round_and_a_blank_is_prorated() {
        // A 4-item 1–5 scale, items 2 and 4 reversed, one blank allowed.
        let s = Scale {
            item_min: 1,
            item_max: 5,
            scoring: Scoring::Sum,
            min_answered: 3,
            reverse: vec![false, true, false, true],
        };
        // 4 + (6−2) + 5 + (6−1) = 18
        assert_eq!(total(&s, &[Some(4), Some(2), Some(5), Some(1)]).unwrap(), 18.0);
        // 4 + 4 + 5 = 13 of 3 items → 13 × 4 / 3 = 17.333
        assert_eq!(total(&s, &[Some(4), Some(2), Some(5), None]).unwrap(), 17.333);
        let mean = Scale {
            scoring: Scoring::Mean,
            ..s.clone()
        };
        assert_eq!(total(&mean, &[Some(4), Some(2), Some(5), None]).unwrap(), 4.333);
        assert_eq!(
            subscale_total(&s, &[Some(4), Some(2), Some(5), Some(1)], &[1, 3]),
            Some(9.0)
        );
    }

    #[test]
    fn reliable_change_uses_the_fixed_threshold_or_jacobson_truax() {
        // PHQ-9: 6 points (NHS Talking Therapies).
        let t = reliable_change_threshold(Some(6.0), None, None);
        assert_eq!(change(18.0, 12.0, t, true), Change::ReliableImprovement);
        assert_eq!(change(18.0, 13.0, t, true), Change::NoReliableChange);
        assert_eq!(change(10.0, 16.0, t, true), Change::ReliableDeterioration);
        // GAD-7: 4 points.
        assert_eq!(change(15.0, 11.0, Some(4.0), true), Change::ReliableImprovement);
        // Jacobson & Truax: SD 7.5, r = 0.88 → 1.96 × 7.5 × √2 × √0.12 = 7.20.
        let jt = reliable_change_threshold(None, Some(0.88), Some(7.5)).unwrap();
        assert!((jt - 7.2016).abs() < 0.001, "{jt}");
        // A scale where higher is better.
        assert_eq!(change(40.0, 48.0, Some(jt), false), Change::ReliableImprovement);
        assert_eq!(change(40.0, 46.0, Some(jt), false), Change::NoReliableChange);
        assert_eq!(change(40.0, 46.0, None, false), Change::Unknown);
    }
}
