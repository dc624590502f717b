//! Notes as the screens show them: one note whole (each opening written to
//! the audit trail), the checks before signing, a session's notes, and a
//! member's notes newest first.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use super::formats::NoteFormat;
use super::mentions::{self, Mention};
use super::signing::{Addendum, RiskResponse, Signature};
use super::similar::{self, Similarity};
use super::{note_row, NoteId, Participation, Risk};
use crate::error::Result;
use crate::ids::{GroupId, MemberId, PlaceId, SessionId};
use crate::roster::names;
use crate::sessions::session_row;
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};

#[derive(Debug, Clone, Serialize, TS)]
pub struct NoteField {
    pub key: String,
    pub label: String,
    pub hint: String,
    pub text: String,
}

/// The member a progress note is about.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NoteMember {
    pub place_id: PlaceId,
    pub member_id: MemberId,
    pub name: String,
}

/// A note whole, as its screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Note {
    pub id: NoteId,
    pub session_id: SessionId,
    pub session_number: u32,
    #[ts(type = "string")]
    pub session_date: NaiveDate,
    pub group_id: GroupId,
    pub group_name: String,
    /// None for the group note.
    pub member: Option<NoteMember>,
    pub format: NoteFormat,
    pub format_label: String,
    /// Every field of the format, in order, with its text.
    pub fields: Vec<NoteField>,
    pub participation: Option<Participation>,
    pub participation_words: String,
    pub risk: Option<Risk>,
    pub risk_description: String,
    pub risk_response: Option<RiskResponse>,
    pub updated_at: Timestamp,
    /// Set once signed: the note is final.
    pub signature: Option<Signature>,
    pub addenda: Vec<Addendum>,
}

/// What signing would flag, for the clinician to see first.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NoteCheck {
    pub mentions: Vec<Mention>,
    pub similar: Vec<Similarity>,
}

/// A note read with no audit entry (for the core's own use and tests).
pub fn note(conn: &Connection, id: NoteId) -> Result<Note> {
    let row = note_row(conn, id)?;
    let s = session_row(conn, row.session_id)?;
    let member = match row.place_id {
        None => None,
        Some(place) => Some(conn.prepare_cached(
            "SELECT p.member_id, m.legal_name, m.preferred_name FROM places p JOIN members m ON m.id = p.member_id
             WHERE p.id = ?1",
        )?
        .query_row([place], |r| {
            let legal: String = r.get(1)?;
            let preferred: String = r.get(2)?;
            Ok(NoteMember {
                place_id: place,
                member_id: r.get(0)?,
                name: names::goes_by(&legal, &preferred).to_string(),
            })
        })?),
    };
    let (updated_at, signature): (Timestamp, Option<Signature>) = conn
        .prepare_cached(
            "SELECT updated_at, signed_at, signed_by, signed_credentials FROM notes WHERE id = ?1",
        )?
        .query_row([id], |r| {
            let at: Option<Timestamp> = r.get(1)?;
            Ok((
                r.get(0)?,
                match at {
                    Some(signed_at) => Some(Signature {
                        signed_at,
                        signed_by: r.get(2)?,
                        credentials: r.get(3)?,
                    }),
                    None => None,
                },
            ))
        })?;
    let addenda = conn
        .prepare_cached(
            "SELECT id, text, written_at, signed_by, signed_credentials FROM note_addenda WHERE note_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            Ok(Addendum {
                id: r.get(0)?,
                text: r.get(1)?,
                signature: Signature {
                    signed_at: r.get(2)?,
                    signed_by: r.get(3)?,
                    credentials: r.get(4)?,
                },
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let risk_response = conn
        .prepare_cached("SELECT responded_on, response, recorded_at FROM risk_responses WHERE note_id = ?1")?
        .query_map([id], |r| {
            Ok(RiskResponse {
                responded_on: r.get(0)?,
                response: r.get(1)?,
                recorded_at: r.get(2)?,
            })
        })?
        .next()
        .transpose()?;
    let fields = row
        .format
        .fields()
        .iter()
        .map(|f| NoteField {
            key: f.key.to_string(),
            label: f.label.to_string(),
            hint: f.hint.to_string(),
            text: row.draft.fields.get(f.key).cloned().unwrap_or_default(),
        })
        .collect();
    Ok(Note {
        id,
        session_id: s.id,
        session_number: s.number,
        session_date: s.date,
        group_id: s.group_id,
        group_name: s.group_name,
        member,
        format: row.format,
        format_label: row.format.label().to_string(),
        fields,
        participation: row.draft.participation,
        participation_words: row.draft.participation_words,
        risk: row.draft.risk,
        risk_description: row.draft.risk_description,
        risk_response,
        updated_at,
        signature,
        addenda,
    })
}

/// A note opened by the clinician: the opening is written to the audit trail.
pub fn open_to_read(conn: &Connection, id: NoteId) -> Result<Note> {
    let n = note(conn, id)?;
    let about = n.member.as_ref().map_or("group note".to_string(), |m| {
        format!("progress note for {}", m.name)
    });
    audit::append(
        conn,
        AuditEvent::NoteViewed,
        &format!(
            "note {}: {about}, Session {} of {}",
            id.0, n.session_number, n.group_name
        ),
    )?;
    Ok(n)
}

/// What signing would flag: other members named, near-duplicates.
pub fn check(conn: &Connection, id: NoteId) -> Result<NoteCheck> {
    let row = note_row(conn, id)?;
    Ok(NoteCheck {
        mentions: mentions::mentions_in(conn, &row)?,
        similar: similar::similar_to(conn, &row)?,
    })
}

/// A note's state, as lists show it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NoteState {
    pub note_id: NoteId,
    pub signed: bool,
}

/// A member who attended, and their progress note if started.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MemberNote {
    pub place_id: PlaceId,
    pub member_id: MemberId,
    pub name: String,
    pub note: Option<NoteState>,
    /// Risk observed and not yet answered.
    pub risk_open: bool,
}

/// The notes of a session: its group note and one per member who attended.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SessionNotes {
    pub session_id: SessionId,
    /// Notes are written once the session was held.
    pub held: bool,
    pub group_note: Option<NoteState>,
    /// Members who attended, in roster order.
    pub members: Vec<MemberNote>,
    /// Whether a psychotherapy note exists (its text is shown only when opened).
    pub has_psychotherapy_note: bool,
}

pub fn session_notes(conn: &Connection, session: SessionId) -> Result<SessionNotes> {
    let s = session_row(conn, session)?;
    let mut group_note = None;
    let mut by_place = std::collections::HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, n.place_id, n.signed_at IS NOT NULL,
                n.risk = 'observed' AND NOT EXISTS (SELECT 1 FROM risk_responses r WHERE r.note_id = n.id)
         FROM notes n WHERE n.session_id = ?1",
    )?;
    let rows = stmt.query_map([session], |r| {
        Ok((
            NoteState {
                note_id: r.get(0)?,
                signed: r.get(2)?,
            },
            r.get::<_, Option<PlaceId>>(1)?,
            r.get::<_, Option<bool>>(3)?.unwrap_or(false),
        ))
    })?;
    for row in rows {
        let (state, place, risk) = row?;
        match place {
            None => group_note = Some(state),
            Some(p) => {
                by_place.insert(p, (state, risk));
            }
        }
    }
    let members = conn
        .prepare_cached(
            "SELECT p.id, p.member_id, m.legal_name, m.preferred_name FROM attendance a
             JOIN places p ON p.id = a.place_id JOIN members m ON m.id = p.member_id
             WHERE a.session_id = ?1 AND a.status IN ('present', 'late', 'left_early')
             ORDER BY m.sort_key",
        )?
        .query_map([session], |r| {
            let legal: String = r.get(2)?;
            let preferred: String = r.get(3)?;
            Ok((
                r.get::<_, PlaceId>(0)?,
                r.get(1)?,
                names::goes_by(&legal, &preferred).to_string(),
            ))
        })?
        .map(|row| {
            let (place_id, member_id, name) = row?;
            let (note, risk_open) = match by_place.remove(&place_id) {
                Some((n, risk)) => (Some(n), risk),
                None => (None, false),
            };
            Ok(MemberNote {
                place_id,
                member_id,
                name,
                note,
                risk_open,
            })
        })
        .collect::<rusqlite::Result<_>>()?;
    let has_psychotherapy_note = conn
        .prepare_cached("SELECT count(*) FROM psychotherapy_notes WHERE session_id = ?1")?
        .query_row([session], |r| r.get::<_, i64>(0))?
        > 0;
    Ok(SessionNotes {
        session_id: session,
        held: s.status == crate::planning::program::SessionStatus::Held,
        group_note,
        members,
        has_psychotherapy_note,
    })
}

/// A member's note in their record's list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NoteSummary {
    pub note_id: NoteId,
    pub session_id: SessionId,
    pub group_name: String,
    pub session_number: u32,
    #[ts(type = "string")]
    pub session_date: NaiveDate,
    pub signed_at: Option<Timestamp>,
    pub risk: Option<Risk>,
    /// Risk observed and not yet answered: highlighted.
    pub risk_open: bool,
    pub addenda: u32,
    /// The start of the progress text.
    pub excerpt: String,
}

/// A member's progress notes across their groups, newest first.
pub fn member_notes(conn: &Connection, member: MemberId) -> Result<Vec<NoteSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, n.session_id, g.name, s.number, s.date, n.signed_at, n.risk,
                n.risk = 'observed' AND NOT EXISTS (SELECT 1 FROM risk_responses r WHERE r.note_id = n.id),
                (SELECT count(*) FROM note_addenda a WHERE a.note_id = n.id),
                substr(coalesce(nullif(json_extract(n.fields, '$.progress'), ''), json_extract(n.fields, '$.text'), ''), 1, 200)
         FROM places p JOIN notes n ON n.place_id = p.id
         JOIN sessions s ON s.id = n.session_id JOIN groups g ON g.id = s.group_id
         WHERE p.member_id = ?1
         ORDER BY s.date DESC, s.start_time DESC, n.id DESC",
    )?;
    let rows = stmt.query_map(params![member], |r| {
        Ok(NoteSummary {
            note_id: r.get(0)?,
            session_id: r.get(1)?,
            group_name: r.get(2)?,
            session_number: r.get(3)?,
            session_date: r.get(4)?,
            signed_at: r.get(5)?,
            risk: r.get(6)?,
            risk_open: r.get::<_, Option<bool>>(7)?.unwrap_or(false),
            addenda: r.get(8)?,
            excerpt: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
