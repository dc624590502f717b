//! The service log, for billing and agency returns: one row per member per
//! session attended (present, late or left early) in a date range, across
//! every group — the date, the start and end, the minutes attended (minutes
//! late and minutes left early taken off), the group's service code and the
//! facilitator. One query, on the sessions' date index.

use chrono::{Duration, NaiveDate, Timelike};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::ids::{GroupId, MemberId, SessionId};
use crate::sessions::attendance::AttendanceStatus;
use crate::sessions::billing::{ServiceCode, DEFAULT_CODE};
use crate::settings;
use crate::values::WallTime;

/// One member at one session.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ServiceLine {
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub start: WallTime,
    pub end: WallTime,
    pub member_id: MemberId,
    pub legal_name: String,
    #[ts(type = "string | null")]
    pub date_of_birth: Option<NaiveDate>,
    pub group_id: GroupId,
    pub group_name: String,
    pub session_id: SessionId,
    pub session_number: u32,
    pub status: AttendanceStatus,
    /// The session's length less minutes late or left early.
    pub minutes: u32,
    /// The code and modifiers as billed: "90853" or "90853-95".
    pub service_code: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ServiceLog {
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    /// The clinician, with credentials, from the profile.
    pub facilitator: String,
    pub practice_name: String,
    pub lines: Vec<ServiceLine>,
    pub sessions: u32,
    pub members: u32,
    pub minutes: u32,
}

/// A date typed for a range; refused in words, naming its field.
pub fn parse_day(field: &str, label: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| Error::validation(field, format!("{label} is not a date (for example 2026-12-31).")))
}

/// The range checked: `from` on or before `to`.
pub fn range(from: &str, to: &str) -> Result<(NaiveDate, NaiveDate)> {
    let (f, t) = (parse_day("from", "From", from)?, parse_day("to", "To", to)?);
    if f > t {
        return Err(Error::validation(
            "to",
            "The range ends before it begins: choose a later To date.",
        ));
    }
    Ok((f, t))
}

/// Every session attended from `from` to `to` (both included), by date, time, group and name.
pub fn service_log(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<ServiceLog> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.date, s.start_time, g.session_minutes, a.status, coalesce(a.minutes, 0),
                m.id, m.legal_name, m.date_of_birth, g.id, g.name, s.id, s.number,
                coalesce(c.code, ?3), coalesce(c.modifiers, '')
         FROM sessions s
         JOIN groups g ON g.id = s.group_id
         JOIN attendance a ON a.session_id = s.id
         JOIN places p ON p.id = a.place_id
         JOIN members m ON m.id = p.member_id
         LEFT JOIN service_codes c ON c.group_id = g.id
         WHERE s.date BETWEEN ?1 AND ?2 AND s.status = 'held'
           AND a.status IN ('present', 'late', 'left_early')
         ORDER BY s.date, s.start_time, g.name, m.sort_key",
    )?;
    let rows = stmt.query_map(rusqlite::params![from, to, DEFAULT_CODE], |r| {
        let start: WallTime = r.get(1)?;
        let length: u32 = r.get(2)?;
        let off: u32 = r.get(4)?;
        let end = start.time() + Duration::minutes(i64::from(length));
        Ok(ServiceLine {
            date: r.get(0)?,
            start,
            end: WallTime::from_hm(end.hour(), end.minute()).unwrap_or(start),
            status: r.get(3)?,
            minutes: length.saturating_sub(off),
            member_id: r.get(5)?,
            legal_name: r.get(6)?,
            date_of_birth: r.get(7)?,
            group_id: r.get(8)?,
            group_name: r.get(9)?,
            session_id: r.get(10)?,
            session_number: r.get(11)?,
            service_code: ServiceCode {
                code: r.get(12)?,
                modifiers: r.get(13)?,
            }
            .billed(),
        })
    })?;
    let lines: Vec<ServiceLine> = rows.collect::<rusqlite::Result<_>>()?;
    let profile = settings::profile(conn)?;
    let distinct = |key: fn(&ServiceLine) -> String| {
        lines
            .iter()
            .map(key)
            .collect::<std::collections::HashSet<_>>()
            .len() as u32
    };
    Ok(ServiceLog {
        from,
        to,
        facilitator: profile.signed_as(),
        practice_name: profile.practice_name,
        sessions: distinct(|l| l.session_id.to_string()),
        members: distinct(|l| l.member_id.to_string()),
        minutes: lines.iter().map(|l| l.minutes).sum(),
        lines,
    })
}
