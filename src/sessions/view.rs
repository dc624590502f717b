//! The session view: the session and its plan, the group's current ground
//! rules, who is expected (with their marks, agreements and alerts), the
//! agenda as it runs, and what can be done now — in a fixed number of
//! queries.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::agenda::{self, RunState};
use super::alerts::{self, AbsenceAlert, Scope};
use super::attendance::{self, ExpectedMember};
use super::policy::{self, AttendancePolicy};
use super::run::why_not_start;
use super::session_row;
use crate::error::Result;
use crate::ids::SessionId;
use crate::planning::ground_rules::{self, GroundRulesVersion};
use crate::planning::groups::{self, GroupStatus};
use crate::planning::program::SessionStatus;
use crate::planning::session_plans::{self, SessionDetail};
use crate::values::Timestamp;

#[derive(Debug, Clone, Serialize, TS)]
pub struct SessionView {
    /// The session, its plan and its group's name.
    pub detail: SessionDetail,
    pub group_status: GroupStatus,
    pub location: String,
    /// The group's current ground rules.
    pub rules: GroundRulesVersion,
    /// Everyone expected at this session, with their marks.
    pub expected: Vec<ExpectedMember>,
    /// The group's open absence alerts.
    pub alerts: Vec<AbsenceAlert>,
    pub policy: AttendancePolicy,
    /// Started (and perhaps ended): the agenda as run, with the timer.
    pub run: Option<RunState>,
    /// Why it cannot be started today, if it cannot.
    pub why_not_start: Option<String>,
    /// A past session that took place without the timer can be recorded as held.
    pub can_record_held: bool,
    /// Why attendance cannot be taken now, if it cannot.
    pub why_no_attendance: Option<String>,
    /// Enrolled now: starting the group with its first session asks to confirm it.
    pub enrolled: u32,
}

pub fn session_view(
    conn: &Connection,
    session: SessionId,
    at: Timestamp,
    today: NaiveDate,
) -> Result<SessionView> {
    let s = session_row(conn, session)?;
    let detail = session_plans::session_detail(conn, session)?;
    let group = groups::get(conn, s.group_id)?;
    let run = agenda::state(conn, session, at)?;
    let why_not = why_not_start(conn, &s, today)?;
    let can_record_held = s.status == SessionStatus::Scheduled
        && s.date <= today
        && run.is_none()
        && !s.group_archived
        && matches!(s.group_status, GroupStatus::Planning | GroupStatus::Active);
    Ok(SessionView {
        rules: ground_rules::current(conn, s.group_id)?,
        expected: attendance::expected(conn, session)?,
        alerts: alerts::alerts(conn, Scope::Group(s.group_id))?,
        policy: policy::get(conn, s.group_id)?,
        why_no_attendance: attendance::why_not_taken(conn, &s)?,
        enrolled: crate::roster::places::enrolled_count(conn, s.group_id)?,
        group_status: s.group_status,
        location: group.location,
        why_not_start: why_not,
        can_record_held,
        run,
        detail,
    })
}
