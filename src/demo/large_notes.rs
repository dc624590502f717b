//! The large practice's notes (about 50,000): for each held session a group
//! note in the group's format and a progress note for every member who
//! attended, 0.5 to 3 KB of text each, written, checked and signed through
//! the core as the app does. Sessions of the last two weeks keep some drafts.

use chrono::{Days, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::ids::SessionId;
use crate::notes::{drafts, mentions, read, signing, DraftInput, NoteId, Participation, Risk};
use crate::sessions::attendance::MarkInput;
use crate::values::Timestamp;

const SENTENCES: &[&str] = &[
    "Practised the breathing exercise and said the tightness in the chest eased by the end of the round.",
    "Described avoiding a difficult conversation at work and broke it into three smaller steps with the group's help.",
    "Reported sleeping about six hours a night since starting the wind-down routine, up from four.",
    "Identified an automatic thought about being judged and rated belief at seventy per cent, then forty after the evidence exercise.",
    "Linked low mood on Sunday evenings to an empty weekend and chose one activity to schedule.",
    "Noticed the should statements in the worksheet example and rewrote two of them in kinder words.",
    "Found it hard to name a feeling at first; used the feelings list and chose frustrated, then disappointed.",
    "Engaged well in the pair work and offered an example that others built on.",
    "Quiet during the check-in, more talkative once the skills practice began.",
    "Shared a setback from the week without blaming herself, which the group noticed and named.",
    "Agreed to try the thought record on three days before the next session and to bring it along.",
    "Plans to use the grounding exercise before the commute, when the worry usually starts.",
    "Reflected on how the group's feedback last session changed the way the week went.",
    "Completed the activity log for five of seven days and rated mastery and pleasure for each entry.",
    "Discussed the link between skipping lunch and the afternoon dip in mood, and chose to test it.",
    "Expressed doubt that the skills apply to the situation at home; the group offered two ways to adapt them.",
    "Role-played asking for help at work and said afterwards that it felt less frightening than expected.",
    "Mood rated four out of ten at the start and six at the end of the session.",
];

fn text(rng: &mut ChaCha8Rng, min: usize, max: usize) -> String {
    let target = rng.gen_range(min..max);
    let mut out = String::new();
    while out.len() < target {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(SENTENCES[rng.gen_range(0..SENTENCES.len())]);
    }
    out
}

/// Signs a note; a word that happens to be another member's name is
/// confirmed first, as the clinician would.
fn sign(conn: &Connection, id: NoteId, at: Timestamp) -> Result<()> {
    match signing::sign(conn, id, true, at) {
        Err(Error::NeedsConfirmation(_)) => {
            for m in read::check(conn, id)?.mentions {
                mentions::confirm(conn, id, &m.key)?;
            }
            signing::sign(conn, id, true, at)
        }
        other => other,
    }
}

pub(super) fn write(
    conn: &Connection,
    rng: &mut ChaCha8Rng,
    session: SessionId,
    date: NaiveDate,
    marks: &[MarkInput],
    today: NaiveDate,
) -> Result<()> {
    let recent = date + Days::new(14) >= today;
    let at = Timestamp::now();
    let g = drafts::open(conn, session, None, at)?;
    let mut d = DraftInput::default();
    for f in read::note(conn, g)?.fields {
        if f.key != "topic" {
            d.fields.insert(f.key, text(rng, 150, 700));
        } else {
            d.fields.insert(f.key, f.text);
        }
    }
    drafts::save_draft(conn, g, &d, at)?;
    if !recent || rng.gen_bool(0.6) {
        sign(conn, g, at)?;
    }
    for m in marks
        .iter()
        .filter(|m| matches!(m.status.as_str(), "present" | "late" | "left_early"))
    {
        let id = drafts::open(conn, session, Some(m.place_id), at)?;
        let risky = rng.gen_bool(0.01);
        let mut d = DraftInput {
            participation: Some(
                [
                    Participation::Active,
                    Participation::Moderate,
                    Participation::Minimal,
                    Participation::Active,
                ][rng.gen_range(0..4)],
            ),
            risk: Some(if risky { Risk::Observed } else { Risk::None }),
            risk_description: if risky {
                "Spoke of hopelessness this week; denied plans or intent. Safety plan reviewed after the group.".into()
            } else {
                String::new()
            },
            ..Default::default()
        };
        d.fields.insert("progress".into(), text(rng, 300, 1800));
        d.fields.insert("text".into(), text(rng, 150, 1000));
        drafts::save_draft(conn, id, &d, at)?;
        if recent && rng.gen_bool(0.3) {
            continue;
        }
        sign(conn, id, at)?;
        if risky && !recent {
            signing::record_risk_response(
                conn,
                id,
                &signing::RiskResponseInput {
                    responded_on: (date + Days::new(1)).min(today).to_string(),
                    response: "Phoned the next day; safety plan reviewed and the GP informed.".into(),
                },
                today,
                at,
            )?;
        }
    }
    Ok(())
}
