//! Signing a note (then final), addenda beneath a signed note, and the
//! clinician's response to risk a note observed.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::formats::NoteFormat;
use super::{draft_row, mentions, note_row, similar, NoteId, NoteRow, Participation, Risk};
use crate::error::{Error, Result};
use crate::planning::calendar::parse_date;
use crate::settings::{self, ClinicianProfile};
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};

/// Who signed, with what credentials, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Signature {
    pub signed_at: Timestamp,
    pub signed_by: String,
    pub credentials: String,
}

/// A dated, signed correction or addition beneath a signed note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Addendum {
    #[ts(type = "number")]
    pub id: i64,
    pub text: String,
    pub signature: Signature,
}

/// The clinician's response to risk observed in a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RiskResponse {
    #[ts(type = "string")]
    pub responded_on: NaiveDate,
    pub response: String,
    pub recorded_at: Timestamp,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct RiskResponseInput {
    /// The day of the response, as `YYYY-MM-DD`.
    pub responded_on: String,
    /// What was done: safety plan reviewed, call made, referral.
    pub response: String,
}

/// The profile a signature needs, or a message asking for it; `what` is
/// what is signed ("note", "summary").
pub fn signer_of(conn: &Connection, what: &str) -> Result<ClinicianProfile> {
    let p = settings::profile(conn)?;
    if p.full_name.trim().is_empty() || p.credentials.trim().is_empty() {
        return Err(Error::validation(
            "profile",
            format!("Signing puts your name and credentials under the {what}. Add them and sign again."),
        ));
    }
    Ok(p)
}

fn signer(conn: &Connection) -> Result<ClinicianProfile> {
    signer_of(conn, "note")
}

/// What a note needs before it can be signed, naming the first thing missing.
fn complete(note: &NoteRow) -> Result<()> {
    let d = &note.draft;
    let written = |keys: &[&str]| {
        keys.iter()
            .any(|k| d.fields.get(*k).is_some_and(|t| !t.trim().is_empty()))
    };
    if note.format == NoteFormat::Progress {
        match d.participation {
            None => {
                return Err(Error::validation(
                    "participation",
                    "Choose how the member took part before signing.",
                ))
            }
            Some(Participation::OwnWords) if d.participation_words.trim().is_empty() => {
                return Err(Error::validation(
                    "participation_words",
                    "Describe how the member took part, in your words.",
                ))
            }
            _ => {}
        }
        match d.risk {
            None => {
                return Err(Error::validation(
                    "risk",
                    "Record whether you observed any risk (none, or yes with a description) before signing.",
                ))
            }
            Some(Risk::Observed) if d.risk_description.trim().is_empty() => {
                return Err(Error::validation(
                    "risk_description",
                    "Describe the risk you observed.",
                ))
            }
            _ => {}
        }
        if !written(&["progress", "text"]) {
            return Err(Error::validation(
                "progress",
                "Write something about this member's progress or the session before signing.",
            ));
        }
    } else {
        let own: Vec<&str> = note
            .format
            .fields()
            .iter()
            .map(|f| f.key)
            .filter(|k| *k != "topic" && Some(*k) != note.format.interventions_key())
            .collect();
        if !written(&own) {
            return Err(Error::validation(
                own.first().copied().unwrap_or("text"),
                "The note has only what was prefilled from the plan. Write what happened in the session before signing.",
            ));
        }
    }
    Ok(())
}

/// Signs a draft: it becomes final. Refused while it names another member
/// in an occurrence not yet confirmed, or nearly repeats another note
/// unless `despite_similar` (the clinician saw the overlap and keeps it).
pub fn sign(conn: &Connection, id: NoteId, despite_similar: bool, now: Timestamp) -> Result<()> {
    let note = draft_row(conn, id)?;
    complete(&note)?;
    mentions::refuse_unconfirmed(
        &mentions::mentions_in(conn, &note)?,
        "note",
        "A progress note goes into one member's record",
    )?;
    if !despite_similar {
        if let Some(s) = similar::similar_to(conn, &note)?.first() {
            return Err(Error::NeedsConfirmation(format!(
                "This note is {}% the same as {}. Notes copied from one another are a known reason records are rejected in audits: make it this member's own, or sign it as it is.",
                s.percent, s.other_label
            )));
        }
    }
    let p = signer(conn)?;
    conn.prepare_cached(
        "UPDATE notes SET signed_at = ?2, signed_by = ?3, signed_credentials = ?4 WHERE id = ?1",
    )?
    .execute(params![id, now, p.full_name, p.credentials])?;
    audit::append(
        conn,
        AuditEvent::NoteSigned,
        &format!("note {} signed by {}", id.0, p.signed_as()),
    )?;
    Ok(())
}

/// Adds a dated, signed addendum beneath a signed note.
pub fn add_addendum(conn: &Connection, id: NoteId, text: &str, now: Timestamp) -> Result<Addendum> {
    let note = note_row(conn, id)?;
    if !note.signed {
        return Err(Error::Conflict(
            "This note is still a draft: change it directly. Addenda are added to signed notes.".into(),
        ));
    }
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 20_000 {
        return Err(Error::validation(
            "addendum",
            "Write the addendum (up to 20,000 characters).",
        ));
    }
    let p = signer(conn)?;
    conn.prepare_cached(
        "INSERT INTO note_addenda (note_id, text, written_at, signed_by, signed_credentials)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, text, now, p.full_name, p.credentials])?;
    let aid = conn.last_insert_rowid();
    audit::append(
        conn,
        AuditEvent::NoteAddendumAdded,
        &format!("note {}: addendum {aid}", id.0),
    )?;
    Ok(Addendum {
        id: aid,
        text: text.to_string(),
        signature: Signature {
            signed_at: now,
            signed_by: p.full_name,
            credentials: p.credentials,
        },
    })
}

/// Whether the note's risk has a recorded response.
pub(crate) fn risk_answered(conn: &Connection, id: NoteId) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM risk_responses WHERE note_id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Records what the clinician did about risk a note observed; the risk is
/// no longer highlighted.
pub fn record_risk_response(
    conn: &Connection,
    id: NoteId,
    input: &RiskResponseInput,
    today: NaiveDate,
    now: Timestamp,
) -> Result<RiskResponse> {
    let note = note_row(conn, id)?;
    if note.draft.risk != Some(Risk::Observed) {
        return Err(Error::Conflict("This note records no risk to respond to.".into()));
    }
    if risk_answered(conn, id)? {
        return Err(Error::Conflict(
            "A response to this risk is already recorded.".into(),
        ));
    }
    let on = parse_date("responded_on", "The date of the response", &input.responded_on)?;
    if on > today {
        return Err(Error::validation(
            "responded_on",
            "A response is recorded once it has happened: the date cannot be in the future.",
        ));
    }
    let response = input.response.trim();
    if response.is_empty() || response.chars().count() > 4000 {
        return Err(Error::validation(
            "response",
            "Write what you did about the risk (up to 4,000 characters).",
        ));
    }
    conn.prepare_cached(
        "INSERT INTO risk_responses (note_id, responded_on, response, recorded_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, on, response, now])?;
    audit::append(conn, AuditEvent::RiskResponseRecorded, &format!("note {}", id.0))?;
    Ok(RiskResponse {
        responded_on: on,
        response: response.to_string(),
        recorded_at: now,
    })
}
