//! The demo group's notes: a signed group note and signed progress notes for
//! the members who attended sessions 1 to 3; at session 4 the group note is
//! an unsigned draft, most progress notes are signed, and Aisha's note is a
//! draft that names Mary-Jane (so the warning before signing can be seen).
//! One note has an addendum; one observed risk, answered with a response.

use chrono::{Days, NaiveDate};
use rusqlite::Connection;

use crate::error::Result;
use crate::ids::GroupId;
use crate::notes::signing::{self, RiskResponseInput};
use crate::notes::{drafts, read, DraftInput, Participation, Risk};
use crate::planning::program::{self, SessionStatus};
use crate::values::Timestamp;

const OPENINGS: &[&str] = &[
    "Arrived settled and joined the check-in straight away.",
    "Quiet during the check-in; spoke more once the exercise began.",
    "Came in a few minutes before the start and chatted with the co-facilitator.",
    "Said the week had been tiring but wanted to be here.",
    "Opened the round with a clear example from the week.",
    "Brought the completed worksheet and asked a question about it.",
    "Looked flat at first; brightened during the pair work.",
];
const MIDDLES: &[&str] = &[
    "Identified an automatic thought about being judged at work and rated belief at 70%, down to 45% after looking at the evidence.",
    "Practised the breathing exercise and reported that the tightness in the chest eased by the end.",
    "Described avoiding a phone call all week; we broke the call into three smaller steps together.",
    "Linked low mood on Sunday evenings to planning nothing for the weekend and chose one activity to schedule.",
    "Noticed the 'should' statements in the worksheet example and rewrote two of them in kinder words.",
    "Shared that sleep has improved to about six hours since starting the wind-down routine.",
    "Found it hard to name a feeling during the exercise; used the feelings list and chose 'frustrated'.",
];
const PLANS: &[&str] = &[
    "Will keep the thought record on three days before next session.",
    "Plans to try the breathing exercise before the team meeting on Thursday.",
    "Agreed to make the first of the three calls by Wednesday.",
    "Will schedule one pleasant activity for Saturday morning and rate mood before and after.",
    "Will notice 'should' statements at home and write one down each day.",
    "Keeps the wind-down routine; will add ten minutes of reading.",
    "Will use the feelings list once a day and note what happened just before.",
];

fn progress(i: usize, session: u32) -> String {
    let k = i + session as usize;
    format!(
        "{} {} {}",
        OPENINGS[k % OPENINGS.len()],
        MIDDLES[(k * 3 + 1) % MIDDLES.len()],
        PLANS[(k * 5 + 2) % PLANS.len()]
    )
}

fn group_fields(number: u32) -> DraftInput {
    let mut d = DraftInput::default();
    let f = &mut d.fields;
    f.insert("subjective".into(), format!("Members reported on the home practice from session {}; most had tried it at least once, and two found it hard to fit into the week.", number.saturating_sub(1).max(1)));
    f.insert("objective".into(), "Engaged and on time for the most part; the pair work was lively, with good listening in the whole-group round.".into());
    f.insert("assessment".into(), "The group is settling into its norms. Members are starting to respond to one another rather than only to the facilitators.".into());
    f.insert("plan".into(), format!("Session {}: review the home practice first, then the next skill. Check in with members who were absent.", number + 1));
    d
}

pub(super) fn build(conn: &Connection, group: GroupId, today: NaiveDate) -> Result<()> {
    let held: Vec<_> = program::sessions(conn, group)?
        .into_iter()
        .filter(|s| s.status == SessionStatus::Held)
        .collect();
    for s in &held {
        let signed_at = Timestamp::now();
        let g = drafts::open(conn, s.id, None, signed_at)?;
        let prefilled = read::note(conn, g)?;
        let mut d = group_fields(s.number);
        for f in prefilled
            .fields
            .iter()
            .filter(|f| f.key == "topic" || f.key == "interventions")
        {
            d.fields.insert(f.key.clone(), f.text.clone());
        }
        drafts::save_draft(conn, g, &d, signed_at)?;
        if s.number < 4 {
            signing::sign(conn, g, true, signed_at)?;
        }
        let attended = read::session_notes(conn, s.id)?.members;
        for (i, m) in attended.iter().enumerate() {
            let id = drafts::open(conn, s.id, Some(m.place_id), signed_at)?;
            let mut d = DraftInput {
                participation: Some(
                    [
                        Participation::Active,
                        Participation::Moderate,
                        Participation::Active,
                        Participation::Minimal,
                    ][i % 4],
                ),
                risk: Some(Risk::None),
                ..Default::default()
            };
            d.fields.insert("progress".into(), progress(i, s.number));
            let names_another = s.number == 4 && m.name.starts_with("Aisha");
            if names_another {
                d.fields.insert(
                    "text".into(),
                    "Sat next to Mary-Jane and said afterwards that hearing her story helped.".into(),
                );
            }
            let risky = s.number == 2 && m.name.starts_with("Tomás");
            if risky {
                d.risk = Some(Risk::Observed);
                d.risk_description =
                    "Said he 'could not see the point' this week; denied plans or intent. Safety plan discussed after the group.".into();
            }
            drafts::save_draft(conn, id, &d, signed_at)?;
            if names_another {
                continue;
            }
            signing::sign(conn, id, true, signed_at)?;
            if risky {
                signing::record_risk_response(
                    conn,
                    id,
                    &RiskResponseInput {
                        responded_on: (s.date + Days::new(1)).to_string(),
                        response: "Phoned the next day: safety plan reviewed, GP informed with his consent."
                            .into(),
                    },
                    today,
                    signed_at,
                )?;
            }
            if s.number == 2 && i == 0 {
                signing::add_addendum(
                    conn,
                    id,
                    "Correction: the home practice agreed was two days, not three.",
                    signed_at,
                )?;
            }
        }
    }
    Ok(())
}
