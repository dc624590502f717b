//! The curricula Cohort ships with, written for clinicians to adapt.
//! Each session follows its model's running agenda; the session-specific
//! part is the topic, objectives, new material, materials and homework.

use crate::planning::curriculum::{AgendaItem, SessionPlan, Template};

fn item(title: &str, minutes: u32, notes: &str) -> AgendaItem {
    AgendaItem {
        title: title.into(),
        minutes,
        notes: notes.into(),
    }
}

/// Topic, objectives, what is taught, materials, homework.
type Spec = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// Group CBT for depression in the structure of Muñoz & Miranda's manual:
/// three 4-session modules — thoughts, activities, people — and in each
/// session: agenda, review, practice review, new material, take-home
/// message, assignment, feedback.
fn cbt_depression() -> Template {
    const S: [Spec; 12] = [
        ("Thoughts 1: How thoughts affect mood",
         "Members know the group's purpose and agreement; see the link between thoughts and mood; learn to rate their mood daily.",
         "The thought–mood link; what depression is and is not; the daily mood scale (0–9).",
         "Daily mood scale sheet; group agreement handout",
         "Rate your mood each evening (0–9) and note one thought that came with it."),
        ("Thoughts 2: Harmful and helpful thoughts",
         "Members can tell harmful from helpful thoughts and name common thinking errors.",
         "Thinking errors: all-or-nothing, mind reading, should statements, catastrophising, labelling.",
         "Thinking errors handout; thought record (two columns)",
         "Each day, write one harmful thought and which thinking error it shows. Keep rating your mood."),
        ("Thoughts 3: Talking back to harmful thoughts",
         "Members practise questioning a harmful thought and writing a more balanced one.",
         "Evidence for and against; what I would tell a friend; balanced answers; thought-stopping and worry time.",
         "Thought record (three columns)",
         "Complete one thought record a day; try one balanced answer when your mood drops."),
        ("Thoughts 4: Thinking your way to a better mood",
         "Members consolidate thought skills and link thoughts to the future and to hope.",
         "Positive and realistic thoughts about yourself and the future; a personal list of helpful thoughts.",
         "Helpful thoughts card",
         "Read your helpful-thoughts card twice a day; note the effect on your mood."),
        ("Activities 1: How activities affect mood",
         "Members see how what they do affects how they feel, and track it.",
         "The activity–mood link; the downward spiral of doing less; counting pleasant activities.",
         "Pleasant activities list; activity and mood log",
         "Count pleasant activities each day and rate your mood."),
        ("Activities 2: Planning pleasant activities",
         "Members schedule pleasant and meaningful activities into the coming week.",
         "Choosing activities that are cheap, near and in your control; scheduling them; activity contracts.",
         "Weekly activity schedule",
         "Plan and do at least one pleasant activity a day; record it and your mood."),
        ("Activities 3: Overcoming obstacles",
         "Members break a goal into small steps and plan around obstacles.",
         "Small steps; rewards; planning for obstacles (time, money, energy, other people).",
         "Goal steps worksheet",
         "Take the first small step toward one goal; reward yourself for it."),
        ("Activities 4: Activities and the future",
         "Members set short- and long-term goals that give their days direction.",
         "Values and goals; keeping a balance of have-to and want-to activities; a personal plan.",
         "Life goals worksheet",
         "Write one short-term and one long-term goal and the next step for each."),
        ("People 1: How people affect mood",
         "Members map their support network and see how contacts affect mood.",
         "The people–mood link; the support network circle; quality and quantity of contacts.",
         "Support network worksheet",
         "Reach out to one supportive person this week; note your mood before and after."),
        ("People 2: Assertiveness",
         "Members tell passive, aggressive and assertive responses apart and practise assertive requests.",
         "Assertive communication: 'I' statements, saying no, asking for what you need; role-play.",
         "Assertiveness handout",
         "Make one assertive request or refusal this week and note how it went."),
        ("People 3: Thoughts that get in the way of relationships",
         "Members notice thoughts that keep them from people and answer them.",
         "Expectations of others; mind reading in relationships; balanced thoughts about people.",
         "Thought record (relationships)",
         "Use a thought record for one difficult contact; plan one enjoyable contact."),
        ("People 4: Looking ahead and ending the group",
         "Members review what helped, plan for setbacks and say goodbye.",
         "Warning signs of depression; a personal relapse-prevention plan; what I take with me; ending well.",
         "Relapse-prevention plan; repeat of the mood measure",
         "Keep your relapse-prevention plan where you will see it."),
    ];
    let sessions = S
        .iter()
        .map(
            |(topic, objectives, new_material, materials, homework)| SessionPlan {
                topic: topic.to_string(),
                objectives: objectives.to_string(),
                materials: materials.to_string(),
                homework: homework.to_string(),
                agenda: vec![
                    item("Agenda and announcements", 5, ""),
                    item("Review of the last session", 10, "Key ideas; questions."),
                    item(
                        "Practice review",
                        20,
                        "Go round: what members tried, what got in the way.",
                    ),
                    item("New material", 35, new_material),
                    item("Take-home message", 5, ""),
                    item(
                        "Assignment",
                        10,
                        "Explain this week's practice; troubleshoot obstacles.",
                    ),
                    item("Feedback", 5, "What was helpful today; what was not."),
                ],
            },
        )
        .collect();
    Template {
        id: "builtin:cbt-depression-12".into(),
        name: "CBT for depression — 12 sessions".into(),
        description: "Three 4-session modules — thoughts, activities, people — each session with review, practice review, new material, take-home message, assignment and feedback. Fits a 90-minute weekly group.".into(),
        builtin: true,
        sessions,
    }
}

/// A DBT skills group: two mindfulness sessions before each of the emotion
/// regulation, distress tolerance and interpersonal effectiveness modules.
fn dbt_skills() -> Template {
    const MIND: [Spec; 2] = [
        ("Mindfulness: wise mind",
         "Members recognise reasonable, emotion and wise mind, and practise finding wise mind.",
         "States of mind; wise mind practices (breath, stairs, 'what is wise?').",
         "Mindfulness handouts: states of mind",
         "Practise a wise-mind exercise daily; note it on the diary card."),
        ("Mindfulness: what and how skills",
         "Members practise observing, describing and participating, non-judgementally, one-mindfully and effectively.",
         "What skills (observe, describe, participate); how skills (non-judgementally, one-mindfully, effectively).",
         "Mindfulness handouts: what and how skills",
         "One what-skill and one how-skill practice a day; diary card."),
    ];
    const ER: [Spec; 6] = [
        ("Emotion regulation: what emotions do",
         "Members understand the goals of the module and the functions of emotions.",
         "Goals of emotion regulation; emotions communicate, motivate and organise for action; myths about emotions.",
         "Emotion regulation handouts 1–3",
         "Note one emotion a day and what it was doing for you."),
        ("Emotion regulation: naming emotions",
         "Members describe emotions with the model of emotions.",
         "Prompting event, interpretation, body changes, urges, action, after-effects; naming emotions.",
         "Model of emotions worksheet",
         "Observe and describe one emotion a day with the model."),
        ("Emotion regulation: check the facts",
         "Members check whether an emotion and its intensity fit the facts.",
         "Check the facts: event, interpretations, threat, catastrophe, fit.",
         "Check the facts worksheet",
         "Check the facts on two emotions this week."),
        ("Emotion regulation: opposite action",
         "Members act opposite to an emotion's urge when the emotion does not fit the facts.",
         "Opposite action all the way: body, words, thoughts.",
         "Opposite action handout",
         "Practise opposite action once; record what changed."),
        ("Emotion regulation: problem solving",
         "Members use problem solving when the emotion fits the facts.",
         "Describe the problem, check the facts, goal, brainstorm, choose, act, evaluate.",
         "Problem solving worksheet",
         "Work one problem through all the steps."),
        ("Emotion regulation: ABC PLEASE",
         "Members reduce vulnerability to emotion mind.",
         "Accumulate positives, build mastery, cope ahead; PLEASE: illness, eating, substances, sleep, exercise.",
         "ABC PLEASE handouts",
         "One pleasant event a day, one mastery activity, one PLEASE target."),
    ];
    const DT: [Spec; 6] = [
        ("Distress tolerance: crisis survival and STOP",
         "Members know when to use crisis survival skills and practise STOP.",
         "What a crisis is; STOP (stop, take a step back, observe, proceed mindfully).",
         "Distress tolerance handouts 1–4",
         "Use STOP once; note the situation and outcome."),
        ("Distress tolerance: TIP",
         "Members change body chemistry fast to reduce extreme emotion.",
         "Temperature, intense exercise, paced breathing, paired muscle relaxation. Check medical cautions first.",
         "TIP handout; cold pack for demonstration",
         "Practise paced breathing daily; try TIP once when distress is high."),
        ("Distress tolerance: distract with wise mind ACCEPTS",
         "Members use distraction skilfully, not as avoidance.",
         "Activities, contributing, comparisons, emotions, pushing away, thoughts, sensations.",
         "ACCEPTS handout",
         "Use ACCEPTS in one distressing moment; rate distress before and after."),
        ("Distress tolerance: self-soothe and IMPROVE",
         "Members comfort themselves and improve the moment.",
         "Self-soothing with the five senses; imagery, meaning, prayer, relaxation, one thing, vacation, encouragement.",
         "Self-soothe kit list; IMPROVE handout",
         "Build a self-soothe kit; use it once."),
        ("Distress tolerance: pros and cons",
         "Members weigh acting on crisis urges against tolerating distress.",
         "Pros and cons of acting on urges versus resisting them.",
         "Pros and cons worksheet",
         "Complete pros and cons for one urge."),
        ("Distress tolerance: radical acceptance",
         "Members practise accepting reality as it is.",
         "Radical acceptance, turning the mind, willingness versus wilfulness.",
         "Reality acceptance handouts",
         "Practise turning the mind toward acceptance once a day."),
    ];
    const IE: [Spec; 6] = [
        (
            "Interpersonal effectiveness: goals and what gets in the way",
            "Members know the module's goals and the factors that reduce effectiveness.",
            "Lack of skill, worry thoughts, emotions, indecision, environment.",
            "Interpersonal effectiveness handouts 1–3",
            "Notice one interaction and what got in the way.",
        ),
        (
            "Interpersonal effectiveness: clarifying priorities",
            "Members weigh objectives, the relationship and self-respect in a situation.",
            "Objectives effectiveness, relationship effectiveness, self-respect effectiveness.",
            "Priorities worksheet",
            "Clarify priorities before one important conversation.",
        ),
        (
            "Interpersonal effectiveness: DEAR MAN",
            "Members ask for what they want or say no effectively.",
            "Describe, express, assert, reinforce; stay mindful, appear confident, negotiate. Role-play.",
            "DEAR MAN worksheet",
            "Use DEAR MAN once; write what you said.",
        ),
        (
            "Interpersonal effectiveness: GIVE",
            "Members keep and improve relationships while asking or refusing.",
            "Gentle, interested, validate, easy manner. Role-play.",
            "GIVE handout",
            "Practise GIVE in two conversations.",
        ),
        (
            "Interpersonal effectiveness: FAST",
            "Members keep their self-respect in interactions.",
            "Fair, no apologies (unneeded), stick to values, truthful.",
            "FAST handout",
            "Practise FAST once; note how you felt afterwards.",
        ),
        (
            "Interpersonal effectiveness: how strongly to ask, and ending the cycle",
            "Members choose the intensity of a request or refusal, and review the skills cycle.",
            "Dime game for intensity; review of the modules; plan for continuing practice.",
            "Intensity worksheet; skills review sheet",
            "Choose the skills you will keep practising; plan when.",
        ),
    ];
    let mut sessions = Vec::new();
    for module in [&ER[..], &DT[..], &IE[..]] {
        for spec in MIND.iter().chain(module.iter()) {
            let (topic, objectives, new_material, materials, homework) = spec;
            sessions.push(SessionPlan {
                topic: topic.to_string(),
                objectives: objectives.to_string(),
                materials: materials.to_string(),
                homework: homework.to_string(),
                agenda: vec![
                    item(
                        "Mindfulness practice",
                        10,
                        "Lead a short exercise; brief sharing.",
                    ),
                    item(
                        "Homework and diary card review",
                        30,
                        "Go round: skills used, what helped, what got in the way.",
                    ),
                    item("New skill", 35, new_material),
                    item(
                        "Practice and assignment",
                        15,
                        "Practise the skill in the room; set the week's practice.",
                    ),
                ],
            });
        }
    }
    Template {
        id: "builtin:dbt-skills-24".into(),
        name: "DBT skills group — 24 sessions".into(),
        description: "Two mindfulness sessions before each module — emotion regulation, distress tolerance, interpersonal effectiveness — each session with mindfulness, homework review, new skill, practice. Fits a 90-minute weekly group; lengthen items for a 2-hour group.".into(),
        builtin: true,
        sessions,
    }
}

/// An interpersonal process group through its stages: forming, working, ending.
fn process_group() -> Template {
    const S: [(&str, &str, &str); 12] = [
        (
            "Beginning: introductions and the agreement",
            "Members meet, say what brings them and what they hope for, and agree the ground rules.",
            "Go round: name, what brings you, one hope and one worry about the group.",
        ),
        (
            "Building trust",
            "Members begin to share and notice how safe the group feels.",
            "What would help you feel safe enough to speak here?",
        ),
        (
            "The here and now",
            "Members practise speaking about what happens between them in the room.",
            "Notice reactions to one another now; invite members to name them.",
        ),
        (
            "Giving and receiving feedback",
            "Members give specific, kind feedback and hear it.",
            "Model feedback: 'When you…, I felt…'.",
        ),
        (
            "Patterns in relationships",
            "Members see how patterns from outside show up in the group.",
            "Link what happens here to relationships outside.",
        ),
        (
            "Conflict and difference",
            "Members meet disagreement without withdrawing or attacking.",
            "Name tension in the group; stay with it.",
        ),
        (
            "Closeness and distance",
            "Members explore how close they let others come.",
            "Who do you feel close to here, and who far from?",
        ),
        (
            "Taking risks",
            "Members try a new way of relating in the group.",
            "Invite each member to name a risk they want to take here.",
        ),
        (
            "Working through",
            "Members deepen the work on their own goals.",
            "Review personal goals; what has changed, what has not.",
        ),
        (
            "Mid-course of ending",
            "Members notice feelings about the group ending.",
            "Name the ending: three sessions left.",
        ),
        (
            "Preparing for the end",
            "Members review what they learned and what remains.",
            "What will you take with you? What is unfinished?",
        ),
        (
            "Ending and saying goodbye",
            "Members say goodbye and leave with a plan for what comes next.",
            "Go round: what each member appreciated in the others; plans after the group.",
        ),
    ];
    let sessions = S
        .iter()
        .map(|(topic, objectives, focus)| SessionPlan {
            topic: topic.to_string(),
            objectives: objectives.to_string(),
            materials: String::new(),
            homework: "Notice moments in the week that connect with today's group; bring one back.".into(),
            agenda: vec![
                item("Check-in", 15, "Brief go round: how each member arrives today."),
                item("Open group process", 60, focus),
                item("Reflection on the session", 10, "What happened between us today?"),
                item("Check-out", 5, "One word or sentence each."),
            ],
        })
        .collect();
    Template {
        id: "builtin:process-12".into(),
        name: "Interpersonal process group — 12 sessions".into(),
        description: "An unstructured, here-and-now group moving through forming, working and ending, each session with check-in, open process, reflection and check-out. Fits a 90-minute weekly group.".into(),
        builtin: true,
        sessions,
    }
}

pub fn all() -> Vec<Template> {
    vec![cbt_depression(), dbt_skills(), process_group()]
}

#[cfg(test)]
mod tests {
    use super::all;

    #[test]
    fn builtin_templates_have_real_content_that_fits_ninety_minutes() {
        let all = all();
        assert_eq!(all.len(), 3);
        let cbt = &all[0];
        assert_eq!(cbt.sessions.len(), 12);
        assert!(cbt.sessions[0].topic.starts_with("Thoughts"));
        assert!(cbt.sessions[4].topic.starts_with("Activities"));
        assert!(cbt.sessions[8].topic.starts_with("People"));
        let titles: Vec<&str> = cbt.sessions[0].agenda.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Agenda and announcements",
                "Review of the last session",
                "Practice review",
                "New material",
                "Take-home message",
                "Assignment",
                "Feedback"
            ]
        );
        let dbt = &all[1];
        assert_eq!(dbt.sessions.len(), 24);
        for block in 0..3 {
            assert!(dbt.sessions[block * 8].topic.starts_with("Mindfulness"));
            assert!(dbt.sessions[block * 8 + 1].topic.starts_with("Mindfulness"));
        }
        assert!(dbt.sessions[2].topic.starts_with("Emotion regulation"));
        assert!(dbt.sessions[10].topic.starts_with("Distress tolerance"));
        assert!(dbt.sessions[18].topic.starts_with("Interpersonal effectiveness"));
        for t in &all {
            for s in &t.sessions {
                assert!(
                    s.validated(90, false).is_ok(),
                    "{} / {} fits 90 minutes",
                    t.name,
                    s.topic
                );
                assert!(!s.objectives.is_empty() && !s.homework.is_empty());
            }
        }
    }

    #[test]
    fn fitting_a_template_to_another_length_says_what_it_did() {
        let cbt = &all()[0];
        let (plans, note) = cbt.fit(8);
        assert_eq!(plans.len(), 8);
        assert!(note.unwrap().contains("sessions 9–12 were left out"));
        let (plans, note) = cbt.fit(14);
        assert_eq!(plans.len(), 14);
        assert!(plans[13].topic.is_empty());
        assert!(note.unwrap().contains("sessions 13–14 have no plan yet"));
        assert!(cbt.fit(12).1.is_none());
    }
}
