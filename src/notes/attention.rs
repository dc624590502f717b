//! What Today lists about notes: held sessions whose notes are not all
//! written and signed some days after the session (the threshold is in
//! Settings), and risk observed in a note that has no response yet.
//!
//! The unfinished sessions are kept in `notes_due` by the database's own
//! triggers as sessions, attendance and notes change (the view
//! `sessions_with_notes_to_finish` says which belong there), so Today reads
//! the few unfinished sessions, not every session held.

use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use super::NoteId;
use crate::error::Result;
use crate::ids::{GroupId, MemberId, SessionId};
use crate::roster::names;

/// A held session whose notes are not all signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnsignedNotes {
    pub session_id: SessionId,
    pub group_id: GroupId,
    pub group_name: String,
    pub session_number: u32,
    #[ts(type = "string")]
    pub session_date: NaiveDate,
    /// Notes not started (the group note and members who attended).
    pub not_started: u32,
    /// Drafts not yet signed.
    pub drafts: u32,
}

/// Risk a note observed, with no response recorded yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OpenRisk {
    pub note_id: NoteId,
    pub session_id: SessionId,
    pub member_id: MemberId,
    pub name: String,
    pub group_name: String,
    pub session_number: u32,
    #[ts(type = "string")]
    pub session_date: NaiveDate,
    pub description: String,
}

/// Whether every note of the note's session is now written and signed.
pub fn session_signed(conn: &Connection, note: NoteId) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT NOT EXISTS (SELECT 1 FROM notes_due d JOIN notes n ON n.session_id = d.session_id WHERE n.id = ?1)",
        )?
        .query_row([note], |r| r.get(0))?)
}

/// Days after a held session before its unsigned notes are listed.
pub fn overdue_days(conn: &Connection) -> Result<u32> {
    Ok(conn
        .prepare_cached("SELECT notes_overdue_days FROM settings WHERE id = 1")?
        .query_row([], |r| r.get(0))?)
}

/// Held sessions, `overdue_days` or more ago, whose notes are not all signed.
pub fn unsigned(conn: &Connection, today: NaiveDate) -> Result<Vec<UnsignedNotes>> {
    let days = overdue_days(conn)?;
    let cutoff = today.checked_sub_days(Days::new(days.into())).unwrap_or(today);
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, g.id, g.name, s.number, s.date,
                (NOT EXISTS (SELECT 1 FROM notes n WHERE n.session_id = s.id AND n.place_id IS NULL))
                + (SELECT count(*) FROM attendance a WHERE a.session_id = s.id
                     AND a.status IN ('present', 'late', 'left_early')
                     AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.place_id = a.place_id AND n.session_id = s.id)),
                (SELECT count(*) FROM notes n WHERE n.session_id = s.id AND n.signed_at IS NULL)
         -- CROSS JOIN: the few unfinished sessions lead.
         FROM notes_due d CROSS JOIN sessions s ON s.id = d.session_id JOIN groups g ON g.id = s.group_id
         WHERE s.date <= ?1
         ORDER BY s.date, g.name",
    )?;
    let rows = stmt.query_map(params![cutoff], |r| {
        Ok(UnsignedNotes {
            session_id: r.get(0)?,
            group_id: r.get(1)?,
            group_name: r.get(2)?,
            session_number: r.get(3)?,
            session_date: r.get(4)?,
            not_started: r.get(5)?,
            drafts: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Risk observed in notes, not yet answered, oldest first.
pub fn open_risks(conn: &Connection) -> Result<Vec<OpenRisk>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, n.session_id, p.member_id, m.legal_name, m.preferred_name, g.name, s.number, s.date,
                n.risk_description
         FROM notes n JOIN places p ON p.id = n.place_id JOIN members m ON m.id = p.member_id
         JOIN sessions s ON s.id = n.session_id JOIN groups g ON g.id = s.group_id
         WHERE n.risk = 'observed' AND NOT EXISTS (SELECT 1 FROM risk_responses r WHERE r.note_id = n.id)
         ORDER BY s.date, m.sort_key",
    )?;
    let rows = stmt.query_map([], |r| {
        let legal: String = r.get(3)?;
        let preferred: String = r.get(4)?;
        Ok(OpenRisk {
            note_id: r.get(0)?,
            session_id: r.get(1)?,
            member_id: r.get(2)?,
            name: names::goes_by(&legal, &preferred).to_string(),
            group_name: r.get(5)?,
            session_number: r.get(6)?,
            session_date: r.get(7)?,
            description: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Today's list of sessions with notes to finish, kept by triggers, against
/// what the notes say (sessions held before notes were kept in Cohort, with
/// none, are left out on purpose): what is wrong, or None when they match.
/// A damaged schema (a dropped view, named by the schema check) is a
/// problem of its own rather than an error.
pub fn list_matches_the_notes(conn: &Connection) -> Option<String> {
    let compared: rusqlite::Result<(i64, i64)> = conn.query_row(
        "SELECT (SELECT count(*) FROM notes_due d WHERE d.session_id NOT IN
                   (SELECT session_id FROM sessions_with_notes_to_finish)),
                (SELECT count(*) FROM sessions_with_notes_to_finish f
                 WHERE EXISTS (SELECT 1 FROM notes n WHERE n.session_id = f.session_id)
                   AND f.session_id NOT IN (SELECT session_id FROM notes_due))",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    );
    match compared {
        Ok((0, 0)) => None,
        Ok((stale, missing)) => Some(format!(
            "notes to finish: {stale} finished sessions listed, {missing} unfinished ones missing"
        )),
        Err(e) => Some(format!("notes to finish: could not be compared ({e})")),
    }
}
