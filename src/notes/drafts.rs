//! Opening a note (a draft is made the first time, prefilled from the
//! plan), saving the draft as the clinician types, and discarding a draft.

use rusqlite::{params, Connection, OptionalExtension};

use super::formats::{NoteFormat, FIELD_MAX_CHARS};
use super::{draft_row, DraftInput, Fields, NoteId};
use crate::error::{Error, Result};
use crate::ids::{GroupId, PlaceId, SessionId};
use crate::planning::groups;
use crate::planning::program::SessionStatus;
use crate::roster::names;
use crate::sessions::session_row;
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};

/// A draft's changes reach the audit trail at most once in this many
/// minutes (it saves itself every second or two while typed).
pub const CHANGE_AUDIT_MINUTES: i64 = 10;

/// The note of `session` — its group note (`place` None) or a member's
/// progress note — made as a prefilled draft the first time. Returns its number.
pub fn open(conn: &Connection, session: SessionId, place: Option<PlaceId>, now: Timestamp) -> Result<NoteId> {
    let s = session_row(conn, session)?;
    if s.status != SessionStatus::Held {
        return Err(Error::Conflict(format!(
            "Notes are written once a session has been held. End {} or record it as held first.",
            s.named()
        )));
    }
    let existing: Option<NoteId> = conn
        .prepare_cached("SELECT id FROM notes WHERE session_id = ?1 AND place_id IS ?2")?
        .query_row(params![session, place], |r| r.get(0))
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let (format, fields, about) = match place {
        None => {
            let format = group_note_format(conn, s.group_id)?;
            (
                format,
                prefilled(conn, session, format)?,
                "group note".to_string(),
            )
        }
        Some(p) => (
            NoteFormat::Progress,
            Fields::new(),
            format!("progress note for {}", attendee(conn, session, p)?),
        ),
    };
    let ts = now.to_string();
    conn.prepare_cached(
        "INSERT INTO notes (session_id, place_id, format, fields, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?
    .execute(params![session, place, format, to_json(&fields)?, ts])?;
    let id = NoteId(conn.last_insert_rowid());
    audit::append(
        conn,
        AuditEvent::NoteStarted,
        &format!("note {}: {about}, {} of {}", id.0, s.named(), s.group_name),
    )?;
    Ok(id)
}

/// The name of a member who attended `session`, or why they have no note.
fn attendee(conn: &Connection, session: SessionId, place: PlaceId) -> Result<String> {
    let row: Option<(String, String, Option<String>)> = conn
        .prepare_cached(
            "SELECT m.legal_name, m.preferred_name, a.status
             FROM places p JOIN members m ON m.id = p.member_id
             LEFT JOIN attendance a ON a.place_id = p.id AND a.session_id = ?1
             WHERE p.id = ?2",
        )?
        .query_row(params![session, place], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((legal, preferred, status)) = row else {
        return Err(Error::NotFound(
            "That member is not on this group's roster.".into(),
        ));
    };
    let name = names::goes_by(&legal, &preferred).to_string();
    match status.as_deref() {
        Some("present" | "late" | "left_early") => Ok(name),
        Some(_) => Err(Error::Conflict(format!(
            "{name} was absent from this session: progress notes are written for members who attended."
        ))),
        None => Err(Error::Conflict(format!(
            "{name} has no attendance mark for this session. Take attendance first: progress notes are written for members who attended."
        ))),
    }
}

/// The group note's first text: the session's topic, and the interventions
/// as planned (the agenda as run when the session ran with the timer).
fn prefilled(conn: &Connection, session: SessionId, format: NoteFormat) -> Result<Fields> {
    let (topic, objectives): (String, String) = conn
        .prepare_cached(
            "SELECT p.topic, p.objectives FROM sessions s JOIN session_plans p ON p.id = s.plan_id WHERE s.id = ?1",
        )?
        .query_row([session], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut items: Vec<String> = conn
        .prepare_cached("SELECT title FROM session_agenda_items WHERE session_id = ?1 ORDER BY position")?
        .query_map([session], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if items.is_empty() {
        items = conn
            .prepare_cached(
                "SELECT a.title FROM sessions s JOIN agenda_items a ON a.plan_id = s.plan_id
                 WHERE s.id = ?1 ORDER BY a.position",
            )?
            .query_map([session], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
    }
    let mut fields = Fields::new();
    fields.insert("topic".into(), topic);
    if let Some(key) = format.interventions_key() {
        let mut text = items.join("; ");
        if !objectives.trim().is_empty() {
            if !text.is_empty() {
                text.push_str(". ");
            }
            text.push_str("Objectives: ");
            text.push_str(objectives.trim());
        }
        fields.insert(key.into(), text);
    }
    Ok(fields)
}

fn to_json(fields: &Fields) -> Result<String> {
    serde_json::to_string(fields).map_err(|e| Error::Internal(format!("note fields: {e}")))
}

/// Refuses what a note of this format cannot hold, naming the field.
fn validated(format: NoteFormat, input: &DraftInput) -> Result<()> {
    for (key, text) in &input.fields {
        let Some(def) = format.field(key) else {
            return Err(Error::validation(
                key,
                format!("A {} note has no field called \"{key}\".", format.label()),
            ));
        };
        let n = text.chars().count();
        if n > FIELD_MAX_CHARS {
            return Err(Error::validation(
                key,
                format!(
                    "{} is {n} characters long; a field holds at most {FIELD_MAX_CHARS}. Split it or shorten it.",
                    def.label
                ),
            ));
        }
        if text.contains('\0') {
            return Err(Error::validation(
                key,
                format!("{} contains a character that cannot be saved.", def.label),
            ));
        }
    }
    if format != NoteFormat::Progress
        && (input.participation.is_some()
            || input.risk.is_some()
            || !input.participation_words.is_empty()
            || !input.risk_description.is_empty())
    {
        return Err(Error::validation(
            "participation",
            "Participation and risk belong in each member's progress note, not the group note.",
        ));
    }
    if input.participation_words.chars().count() > 200 {
        return Err(Error::validation(
            "participation_words",
            "Describe participation in at most 200 characters.",
        ));
    }
    if input.risk_description.chars().count() > 4000 {
        return Err(Error::validation(
            "risk_description",
            "The description of the risk can be at most 4,000 characters.",
        ));
    }
    Ok(())
}

/// Saves a draft as typed (called every second or two while the clinician
/// writes); returns when it was saved. A signed note is refused.
pub fn save_draft(conn: &Connection, id: NoteId, input: &DraftInput, now: Timestamp) -> Result<Timestamp> {
    let row = draft_row(conn, id)?;
    validated(row.format, input)?;
    if row.draft.risk == Some(super::Risk::Observed)
        && (input.risk != row.draft.risk || input.risk_description != row.draft.risk_description)
        && super::signing::risk_answered(conn, id)?
    {
        return Err(Error::Conflict(
            "The risk in this note has a recorded response, so it stays as it was observed.".into(),
        ));
    }
    let audited: Option<Timestamp> = conn
        .prepare_cached("SELECT change_audited_at FROM notes WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    let audit_now = audited.is_none_or(|at| now.millis_since(at) >= CHANGE_AUDIT_MINUTES * 60_000);
    conn.prepare_cached(
        "UPDATE notes SET fields = ?2, participation = ?3, participation_words = ?4, risk = ?5,
                risk_description = ?6, updated_at = ?7,
                change_audited_at = CASE WHEN ?8 THEN ?7 ELSE change_audited_at END
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        to_json(&input.fields)?,
        input.participation,
        input.participation_words,
        input.risk,
        input.risk_description,
        now,
        audit_now
    ])?;
    if audit_now {
        audit::append(conn, AuditEvent::NoteDraftChanged, &format!("note {}", id.0))?;
    }
    Ok(now)
}

/// Discards an unsigned draft. Signed notes are never deleted.
pub fn discard(conn: &Connection, id: NoteId) -> Result<()> {
    draft_row(conn, id)?;
    if super::signing::risk_answered(conn, id)? {
        return Err(Error::Conflict(
            "This draft records risk that has a response, so it is kept. Sign it instead.".into(),
        ));
    }
    conn.prepare_cached("DELETE FROM notes WHERE id = ?1")?
        .execute([id])?;
    audit::append(conn, AuditEvent::NoteDiscarded, &format!("note {}", id.0))?;
    Ok(())
}

/// The format of the group's group notes from now on (drafts and signed
/// notes keep theirs).
pub fn set_group_note_format(conn: &Connection, group: GroupId, format: NoteFormat) -> Result<()> {
    if format == NoteFormat::Progress {
        return Err(Error::validation(
            "note_format",
            "Choose SOAP, DAP, BIRP or free text for the group note.",
        ));
    }
    let name: Option<String> = conn
        .prepare_cached("SELECT name FROM groups WHERE id = ?1")?
        .query_row([group], |r| r.get(0))
        .optional()?;
    let name = name.ok_or_else(|| Error::NotFound("That group no longer exists.".into()))?;
    conn.prepare_cached(
        "INSERT INTO group_note_formats (group_id, note_format) VALUES (?1, ?2)
         ON CONFLICT (group_id) DO UPDATE SET note_format = excluded.note_format",
    )?
    .execute(params![group, format])?;
    audit::append(
        conn,
        AuditEvent::NoteFormatChanged,
        &format!("{name}: group notes in {}", format.label()),
    )?;
    Ok(())
}

/// The group's group note format (SOAP unless the clinician chose another).
pub fn group_note_format(conn: &Connection, group: GroupId) -> Result<NoteFormat> {
    if !groups::exists(conn, group)? {
        return Err(Error::NotFound("That group no longer exists.".into()));
    }
    Ok(conn
        .prepare_cached("SELECT note_format FROM group_note_formats WHERE group_id = ?1")?
        .query_row([group], |r| r.get(0))
        .optional()?
        .unwrap_or(NoteFormat::Soap))
}

/// Forgets a deleted group's note format (a setting, not a record).
pub(crate) fn delete_with_group(conn: &Connection, group: GroupId) -> Result<()> {
    conn.prepare_cached("DELETE FROM group_note_formats WHERE group_id = ?1")?
        .execute([group])?;
    Ok(())
}
