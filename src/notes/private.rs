//! Psychotherapy notes: the clinician's private process notes about a
//! session, as HIPAA defines them. Kept apart from the progress notes (their
//! own table), never searched, shown only when opened on purpose, and left
//! out of every report and export unless the clinician includes them.
//! Every opening and every stretch of changes is written to the audit trail.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::drafts::CHANGE_AUDIT_MINUTES;
use crate::error::{Error, Result};
use crate::ids::SessionId;
use crate::planning::program::SessionStatus;
use crate::sessions::session_row;
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};

pub const MAX_CHARS: usize = 100_000;

#[derive(Debug, Clone, Serialize, TS)]
pub struct PsychotherapyNote {
    pub session_id: SessionId,
    pub text: String,
    /// None until something was written.
    pub updated_at: Option<Timestamp>,
}

/// Opens the session's psychotherapy note (empty if none was written).
pub fn open(conn: &Connection, session: SessionId) -> Result<PsychotherapyNote> {
    let s = session_row(conn, session)?;
    let row: Option<(String, Timestamp)> = conn
        .prepare_cached("SELECT text, updated_at FROM psychotherapy_notes WHERE session_id = ?1")?
        .query_row([session], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    audit::append(
        conn,
        AuditEvent::PsychotherapyNoteOpened,
        &format!("{} of {}", s.named(), s.group_name),
    )?;
    Ok(match row {
        Some((text, at)) => PsychotherapyNote {
            session_id: session,
            text,
            updated_at: Some(at),
        },
        None => PsychotherapyNote {
            session_id: session,
            text: String::new(),
            updated_at: None,
        },
    })
}

/// Saves it as typed.
pub fn save(conn: &Connection, session: SessionId, text: &str, now: Timestamp) -> Result<Timestamp> {
    let s = session_row(conn, session)?;
    if s.status != SessionStatus::Held {
        return Err(Error::Conflict(
            "Psychotherapy notes are written once the session has been held.".into(),
        ));
    }
    if text.chars().count() > MAX_CHARS {
        return Err(Error::validation(
            "psychotherapy_note",
            "A psychotherapy note holds at most 100,000 characters.",
        ));
    }
    let last: Option<Timestamp> = conn
        .prepare_cached("SELECT updated_at FROM psychotherapy_notes WHERE session_id = ?1")?
        .query_row([session], |r| r.get(0))
        .optional()?;
    match last {
        Some(_) => conn
            .prepare_cached("UPDATE psychotherapy_notes SET text = ?2, updated_at = ?3 WHERE session_id = ?1")?
            .execute(params![session, text, now])?,
        None => conn
            .prepare_cached(
                "INSERT INTO psychotherapy_notes (session_id, text, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
            )?
            .execute(params![session, text, now])?,
    };
    if last.is_none_or(|at| now.millis_since(at) >= CHANGE_AUDIT_MINUTES * 60_000) {
        audit::append(
            conn,
            AuditEvent::PsychotherapyNoteChanged,
            &format!("{} of {}", s.named(), s.group_name),
        )?;
    }
    Ok(now)
}
