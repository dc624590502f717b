//! What a member missed: for each session they were absent from, its topic,
//! key points (the plan's objectives), materials and homework — and the
//! one-page catch-up sheet a clinician prints for them, which names no
//! other member.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::attendance::AttendanceStatus;
use crate::error::{Error, Result};
use crate::ids::{GroupId, MemberId, PlaceId, SessionId};
use crate::roster::names;
use crate::settings;
use crate::vault::audit::{self, AuditEvent};

/// A session a member missed, with what it covered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MissedSession {
    pub place_id: PlaceId,
    pub session_id: SessionId,
    pub group_id: GroupId,
    pub group_name: String,
    pub number: u32,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub status: AttendanceStatus,
    pub topic: String,
    /// The plan's objectives: the session's key points.
    pub key_points: String,
    pub materials: String,
    pub homework: String,
}

/// The catch-up sheet for one member in one group.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CatchUpSheet {
    /// The name the member goes by: the only person the sheet names.
    pub member_name: String,
    pub group_name: String,
    /// The clinician, from the profile in Settings.
    pub clinician: String,
    /// Oldest first.
    pub sessions: Vec<MissedSession>,
}

const MISSED_SQL: &str = "SELECT a.place_id, s.id, g.id, g.name, s.number, s.date, a.status,
        pl.topic, pl.objectives, pl.materials, pl.homework
     FROM places p
     JOIN attendance a ON a.place_id = p.id
     JOIN sessions s ON s.id = a.session_id
     JOIN groups g ON g.id = s.group_id
     JOIN session_plans pl ON pl.id = s.plan_id
     WHERE a.status IN ('absent_excused', 'absent_unexcused') AND ";

fn missed_where(conn: &Connection, filter: &str, arg: &str, order: &str) -> Result<Vec<MissedSession>> {
    let mut stmt = conn.prepare_cached(&format!("{MISSED_SQL}{filter} ORDER BY {order}"))?;
    let rows = stmt.query_map([arg], |r| {
        Ok(MissedSession {
            place_id: r.get(0)?,
            session_id: r.get(1)?,
            group_id: r.get(2)?,
            group_name: r.get(3)?,
            number: r.get(4)?,
            date: r.get(5)?,
            status: r.get(6)?,
            topic: r.get(7)?,
            key_points: r.get(8)?,
            materials: r.get(9)?,
            homework: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every session the member missed, in any group, newest first: one query.
pub fn of_member(conn: &Connection, member: MemberId) -> Result<Vec<MissedSession>> {
    missed_where(
        conn,
        "p.member_id = ?1",
        &member.to_string(),
        "s.date DESC, s.number DESC",
    )
}

/// The catch-up sheet of one member's place in a group; opening it is audited.
pub fn catch_up_sheet(conn: &Connection, place: PlaceId) -> Result<CatchUpSheet> {
    let (legal, preferred, group_name): (String, String, String) = conn
        .prepare_cached(
            "SELECT m.legal_name, m.preferred_name, g.name
             FROM places p JOIN members m ON m.id = p.member_id JOIN groups g ON g.id = p.group_id
             WHERE p.id = ?1",
        )?
        .query_row([place], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| Error::NotFound("That place in the group no longer exists.".into()))?;
    let clinician = settings::profile(conn)?.signed_as();
    let sessions = missed_where(conn, "p.id = ?1", &place.to_string(), "s.number")?;
    audit::append(conn, AuditEvent::CatchUpSheetOpened, &place.to_string())?;
    Ok(CatchUpSheet {
        member_name: names::goes_by(&legal, &preferred).to_string(),
        group_name,
        clinician,
        sessions,
    })
}
