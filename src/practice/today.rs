//! Today: the sessions of today and the next seven days across the groups
//! in progress, and what needs the clinician's attention — absences to
//! follow up, ground rules to agree to, places offered from a waitlist,
//! notes not yet signed, risk noted and not yet answered —
//! measures due at recent sessions, risk a measure raised (PHQ-9 item 9)
//! and not yet answered — each item naming where it is dealt with. A
//! handful of queries for the whole practice.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::ids::SessionId;
use crate::measures::plan::{self, MeasuresDue};
use crate::measures::results::{self as measure_results, MeasureRisk};
use crate::notes::attention::{self as notes, OpenRisk, UnsignedNotes};
use crate::planning::upcoming::{upcoming, UpcomingSession};
use crate::roster::attention::{self, PendingOffer, RulesToAgree};
use crate::sessions::alerts::{self, AbsenceAlert, Scope};
use crate::values::Timestamp;

/// How far ahead Today looks, today included.
pub const DAYS_AHEAD: u64 = 8;

/// How far back Today looks for planned measures still to enter.
pub const MEASURES_DUE_DAYS: u64 = 14;

/// A session on Today, with whether it is running or over.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TodaySession {
    pub session: UpcomingSession,
    pub started_at: Option<Timestamp>,
    pub ended_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Today {
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub sessions: Vec<TodaySession>,
    pub absences: Vec<AbsenceAlert>,
    pub rules_to_agree: Vec<RulesToAgree>,
    pub offers: Vec<PendingOffer>,
    /// Held sessions whose notes are not all signed after the threshold.
    pub unsigned_notes: Vec<UnsignedNotes>,
    /// Risk observed in a note, not yet answered.
    pub open_risks: Vec<OpenRisk>,
    /// Planned measures of today's and recent sessions still to enter.
    pub measures_due: Vec<MeasuresDue>,
    /// Risk a measure raised (PHQ-9 item 9 above 0), not yet answered.
    pub measure_risks: Vec<MeasureRisk>,
}

pub fn today(conn: &Connection, today: NaiveDate) -> Result<Today> {
    let to = today.checked_add_days(Days::new(DAYS_AHEAD)).unwrap_or(today);
    let mut stmt = conn.prepare_cached(
        "SELECT r.session_id, r.started_at, r.ended_at FROM sessions s JOIN session_runs r ON r.session_id = s.id
         WHERE s.date >= ?1 AND s.date < ?2",
    )?;
    let runs: HashMap<SessionId, (Timestamp, Option<Timestamp>)> = stmt
        .query_map([today, to], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    let sessions = upcoming(conn, today, DAYS_AHEAD)?
        .into_iter()
        .map(|s| {
            let run = runs.get(&s.session_id);
            TodaySession {
                started_at: run.map(|r| r.0),
                ended_at: run.and_then(|r| r.1),
                session: s,
            }
        })
        .collect();
    Ok(Today {
        date: today,
        sessions,
        absences: alerts::alerts(conn, Scope::Practice)?,
        rules_to_agree: attention::rules_to_agree(conn)?,
        offers: attention::pending_offers(conn, today)?,
        unsigned_notes: notes::unsigned(conn, today)?,
        open_risks: notes::open_risks(conn)?,
        measures_due: plan::due(
            conn,
            today,
            today
                .checked_sub_days(Days::new(MEASURES_DUE_DAYS))
                .unwrap_or(today),
        )?,
        measure_risks: measure_results::open_risks(conn, None)?,
    })
}
