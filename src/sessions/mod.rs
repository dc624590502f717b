//! Running a session: starting and ending it, the agenda as it runs (a
//! timer whose state is stored, so it survives a lock or a restart),
//! attendance, the group's attendance policy and its absence alerts, and
//! what a member missed.
//!
//! | file | what lives there |
//! | --- | --- |
//! | `run` | start (the group too, when confirmed), the timer, end; recording a past session as held |
//! | `agenda` | the agenda as this session runs it: read with the timer's time, changed during the session |
//! | `attendance` | who is expected at a session, and the attendance sheet (saved whole, corrections audited) |
//! | `policy` | the group's attendance policy and its presets |
//! | `billing` | the service code a group's sessions are billed under (CPT 90853 unless set) |
//! | `alerts` | absence alerts, computed from the attendance; follow-ups that clear them |
//! | `member` | a member's attendance across their groups, for their profile |
//! | `missed` | what a member missed, and their catch-up sheet |
//! | `view` | the session view: everything the screen shows, in a fixed number of queries |

pub mod agenda;
pub mod alerts;
pub mod attendance;
pub mod billing;
pub mod member;
pub mod missed;
pub mod policy;
pub mod run;
pub mod view;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::ids::{GroupId, PlanId, SessionId};
use crate::planning::groups::GroupStatus;
use crate::planning::program::SessionStatus;
use crate::sentence;

/// A dated session with what running it needs to know of its group.
#[derive(Debug, Clone)]
pub(crate) struct SessionRow {
    pub id: SessionId,
    pub group_id: GroupId,
    pub group_name: String,
    pub number: u32,
    pub date: NaiveDate,
    pub status: SessionStatus,
    pub plan_id: PlanId,
    pub group_status: GroupStatus,
    pub group_archived: bool,
    pub session_minutes: u32,
}

impl SessionRow {
    /// "Session 4 (Mon, Nov 23, 2026)", dates marked for the front end.
    pub fn named(&self) -> String {
        format!("Session {} ({})", self.number, sentence::date(self.date))
    }
}

pub(crate) fn session_row(conn: &Connection, id: SessionId) -> Result<SessionRow> {
    conn.prepare_cached(
        "SELECT s.id, s.group_id, g.name, s.number, s.date, s.status, s.plan_id, g.status, g.archived,
                g.session_minutes
         FROM sessions s JOIN groups g ON g.id = s.group_id WHERE s.id = ?1",
    )?
    .query_row([id], |r| {
        Ok(SessionRow {
            id: r.get(0)?,
            group_id: r.get(1)?,
            group_name: r.get(2)?,
            number: r.get(3)?,
            date: r.get(4)?,
            status: r.get(5)?,
            plan_id: r.get(6)?,
            group_status: r.get(7)?,
            group_archived: r.get::<_, i64>(8)? != 0,
            session_minutes: r.get(9)?,
        })
    })
    .optional()?
    .filter(|s| s.status != SessionStatus::Removed)
    .ok_or_else(|| Error::NotFound("That session is no longer part of the program.".into()))
}
