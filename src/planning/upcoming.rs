//! The sessions coming up across every group in progress (the Today screen).

use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::ids::{GroupId, SessionId};
use crate::planning::program::SessionStatus;
use crate::values::WallTime;

/// A session coming up.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UpcomingSession {
    pub group_id: GroupId,
    pub group_name: String,
    pub session_id: SessionId,
    pub number: u32,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub start_time: WallTime,
    pub topic: String,
    /// Scheduled, or held (today's session once it has taken place).
    pub status: SessionStatus,
}

/// The SQL of `upcoming`: a range on the `sessions_by_date` index.
pub(crate) const UPCOMING_SQL: &str =
    "SELECT g.id, g.name, s.id, s.number, s.date, s.start_time, p.topic, s.status
     FROM sessions s JOIN groups g ON g.id = s.group_id JOIN session_plans p ON p.id = s.plan_id
     WHERE s.date >= ?1 AND s.date < ?2 AND s.status IN ('scheduled', 'held')
       AND g.archived = 0 AND g.status IN ('planning', 'active')
     ORDER BY s.date, s.start_time, g.name";

/// Sessions scheduled or held of groups not archived, cancelled or completed, from
/// `from` for `days` days, in order: one query.
pub fn upcoming(conn: &Connection, from: NaiveDate, days: u64) -> Result<Vec<UpcomingSession>> {
    let to = from.checked_add_days(Days::new(days)).unwrap_or(from);
    let mut stmt = conn.prepare_cached(UPCOMING_SQL)?;
    let rows = stmt.query_map(params![from, to], |r| {
        Ok(UpcomingSession {
            group_id: r.get(0)?,
            group_name: r.get(1)?,
            session_id: r.get(2)?,
            number: r.get(3)?,
            date: r.get(4)?,
            start_time: r.get(5)?,
            topic: r.get(6)?,
            status: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
