//! A group's life: planning → active → completed, or cancelled; and the archive.

use rusqlite::{params, Connection};

use super::groups::{get, GroupStatus};
use crate::error::{Error, Result};
use crate::ids::GroupId;
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};

/// The fewest members a group is meant to start with.
pub const FEWEST_TO_START: u32 = 6;

/// Moves a group along its life. Starting it with fewer than 6 enrolled
/// (`enrolled`, the roster's count: see `practice::groups::set_status`)
/// needs the clinician's confirmation of that number (`confirmed_enrolled`).
pub(crate) fn set_status(
    conn: &Connection,
    id: GroupId,
    next: GroupStatus,
    enrolled: u32,
    confirmed_enrolled: Option<u32>,
    now: Timestamp,
) -> Result<()> {
    let g = get(conn, id)?;
    if g.status == next {
        return Ok(());
    }
    if next == GroupStatus::Active && enrolled < FEWEST_TO_START && confirmed_enrolled != Some(enrolled) {
        let n = match enrolled {
            0 => {
                return Err(Error::NeedsConfirmation(
                    "No one is enrolled yet. Start the group anyway?".into(),
                ))
            }
            1 => "1 member".to_string(),
            n => format!("{n} members"),
        };
        let ask = format!("Only {n} enrolled, fewer than the 6 a group needs. Start the group with {n}?");
        return Err(Error::NeedsConfirmation(ask));
    }
    if !g.status.can_become(next) {
        return Err(Error::validation(
            "status",
            format!(
                "A group that is {} cannot become {}.",
                g.status.words(),
                next.words()
            ),
        ));
    }
    conn.execute(
        "UPDATE groups SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, next, now],
    )?;
    audit::append(
        conn,
        AuditEvent::GroupStatusChanged,
        &format!("{id} {}", next.words()),
    )?;
    Ok(())
}

pub fn set_archived(conn: &Connection, id: GroupId, archived: bool, now: Timestamp) -> Result<()> {
    let n = conn.execute(
        "UPDATE groups SET archived = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, archived as i64, now],
    )?;
    if n == 0 {
        return Err(Error::NotFound("That group no longer exists.".into()));
    }
    audit::append(
        conn,
        AuditEvent::GroupStatusChanged,
        &format!("{id} archived={archived}"),
    )?;
    Ok(())
}
