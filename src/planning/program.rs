//! A group's dated sessions: reading the program, laying its dates out again
//! while nothing has been held, and deleting a group nothing was recorded for.
//!
//! A session keeps its id for its whole life. Every action updates session
//! rows in place; a session that leaves the program is marked `removed`
//! (its row, id and plan stay), never deleted. Only a whole group with no
//! held session can be deleted, and that goes through `delete_group`.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::ids::{GroupId, PlanId, SessionId};
use crate::planning::blackouts::{self, BlackoutDate};
use crate::planning::calendar;
use crate::planning::curriculum::{self, AgendaTotal, SessionPlan};
use crate::planning::ground_rules;
use crate::planning::groups::{self, Group, GroupInput, ValidGroup};
use crate::sentence;
use crate::values::Timestamp;
use crate::values::{text_enum, WallTime};
use crate::vault::audit::{self, AuditEvent};

text_enum!(
    /// Where a dated session is in its life.
    SessionStatus {
        Scheduled,
        Held,
        Cancelled,
        /// Taken off the program (it grew shorter, or was laid out again); the
        /// row and its id are kept.
        Removed,
    }
);

/// One session of the program as the overview shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProgramSession {
    pub id: SessionId,
    pub number: u32,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub start_time: WallTime,
    pub status: SessionStatus,
    /// The date it had before it was rescheduled.
    #[ts(type = "string | null")]
    pub original_date: Option<NaiveDate>,
    /// For a make-up session: the number of the cancelled session it replaces.
    pub makeup_for: Option<u32>,
    pub topic: String,
    pub agenda_total: AgendaTotal,
    /// Started and not yet ended: being run now.
    pub in_progress: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Program {
    pub group: Group,
    /// The sessions still part of the program (held, scheduled, cancelled), in order.
    pub sessions: Vec<ProgramSession>,
    /// This group's own blackout dates.
    pub blackout_dates: Vec<BlackoutDate>,
    /// The practice-wide blackout dates, which apply to every group.
    pub practice_blackout_dates: Vec<BlackoutDate>,
    /// Why the group cannot be deleted (something is recorded for it), if so.
    pub delete_blocker: Option<String>,
    /// How many members hold a place now (enrolled).
    pub enrolled: u32,
}

/// What an action did beyond the obvious, and the program's end date after it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Outcome {
    /// Sentences for the clinician.
    pub notes: Vec<String>,
    #[ts(type = "string | null")]
    pub end_date: Option<NaiveDate>,
}

/// A session row as the actions read it.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub id: SessionId,
    pub number: u32,
    pub date: NaiveDate,
    pub start_time: WallTime,
    pub status: SessionStatus,
    pub original_date: Option<NaiveDate>,
    pub makeup_number: Option<u32>,
    pub plan_id: PlanId,
    /// Whether it has started (running it keeps it in place) and is still running.
    pub started: bool,
    pub in_progress: bool,
}

/// The SQL of `slots`: on the `sessions_number` index, in number order.
pub(crate) const SLOTS_SQL: &str =
    "SELECT s.id, s.number, s.date, s.start_time, s.status, s.original_date, m.number, s.plan_id,
            s.started, s.started AND s.status = 'scheduled'
     FROM sessions s LEFT JOIN sessions m ON m.id = s.makeup_for
     WHERE s.group_id = ?1 AND s.status <> 'removed' ORDER BY s.number";

/// The group's sessions still part of the program, in order: one query.
pub(crate) fn slots(conn: &Connection, group: GroupId) -> Result<Vec<Slot>> {
    let mut stmt = conn.prepare_cached(SLOTS_SQL)?;
    let rows = stmt.query_map([group], |r| {
        Ok(Slot {
            id: r.get(0)?,
            number: r.get(1)?,
            date: r.get(2)?,
            start_time: r.get(3)?,
            status: r.get(4)?,
            original_date: r.get(5)?,
            makeup_number: r.get(6)?,
            plan_id: r.get(7)?,
            started: r.get::<_, i64>(8)? != 0,
            in_progress: r.get::<_, i64>(9)? != 0,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn to_program_session(
    s: &Slot,
    plans: &HashMap<PlanId, SessionPlan>,
    session_minutes: u32,
) -> ProgramSession {
    let plan = plans.get(&s.plan_id);
    ProgramSession {
        id: s.id,
        number: s.number,
        date: s.date,
        start_time: s.start_time,
        status: s.status,
        original_date: s.original_date,
        makeup_for: s.makeup_number,
        topic: plan.map(|p| p.topic.clone()).unwrap_or_default(),
        agenda_total: plan
            .map(|p| p.total_against(session_minutes))
            .unwrap_or(AgendaTotal {
                total_minutes: 0,
                session_minutes,
                over_by: 0,
            }),
        in_progress: s.in_progress,
    }
}

/// The group's sessions still part of the program, as the program lists them.
pub fn sessions(conn: &Connection, group: GroupId) -> Result<Vec<ProgramSession>> {
    sessions_of(conn, &groups::get(conn, group)?)
}

fn sessions_of(conn: &Connection, g: &Group) -> Result<Vec<ProgramSession>> {
    let plans = curriculum::plans_of_group(conn, g.id)?;
    let minutes = g.session_minutes.get();
    Ok(slots(conn, g.id)?
        .iter()
        .map(|s| to_program_session(s, &plans, minutes))
        .collect())
}

/// A group's whole program: seven queries, whatever its size. `enrolled`
/// and `referred` are the roster's counts (see `practice::groups::program`).
pub(crate) fn program(conn: &Connection, group: GroupId, enrolled: u32, referred: u32) -> Result<Program> {
    let g = groups::get(conn, group)?;
    let sessions = sessions_of(conn, &g)?;
    Ok(Program {
        delete_blocker: deletion_blocker(conn, group, referred)?,
        enrolled,
        group: g,
        sessions,
        blackout_dates: blackouts::list(conn, Some(group))?,
        practice_blackout_dates: blackouts::list(conn, None)?,
    })
}

/// The plans of the sessions still to be held or held (not cancelled), in program order.
pub(crate) fn ordered_plans(conn: &Connection, group: GroupId) -> Result<Vec<SessionPlan>> {
    let mut plans = curriculum::plans_of_group(conn, group)?;
    Ok(slots(conn, group)?
        .into_iter()
        .filter(|s| s.status != SessionStatus::Cancelled)
        .filter_map(|s| plans.remove(&s.plan_id))
        .collect())
}

/// The group a session belongs to; a session no longer in the program is not found.
pub(crate) fn session_group(conn: &Connection, session: SessionId) -> Result<GroupId> {
    let row: Option<(GroupId, SessionStatus)> = conn
        .prepare_cached("SELECT group_id, status FROM sessions WHERE id = ?1")?
        .query_row([session], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        Some((_, SessionStatus::Removed)) => Err(Error::NotFound(
            "That session is no longer part of the program.".into(),
        )),
        Some((g, _)) => Ok(g),
        None => Err(Error::NotFound("That session no longer exists.".into())),
    }
}

/// Adds a new session row (a new id) to the end of a group's program.
pub(crate) fn add_session(
    conn: &Connection,
    group: GroupId,
    number: u32,
    date: NaiveDate,
    time: WallTime,
    plan: PlanId,
    makeup_for: Option<SessionId>,
) -> Result<SessionId> {
    let id = SessionId::new();
    conn.prepare_cached(
        "INSERT INTO sessions (id, group_id, number, date, start_time, status, makeup_for, plan_id)
         VALUES (?1, ?2, ?3, ?4, ?5, 'scheduled', ?6, ?7)",
    )?
    .execute(params![id, group, number, date, time, makeup_for, plan])?;
    Ok(id)
}

/// Takes a session off the program: its row, id and plan stay.
pub(crate) fn mark_removed(conn: &Connection, session: SessionId) -> Result<()> {
    conn.prepare_cached("UPDATE sessions SET status = 'removed' WHERE id = ?1")?
        .execute([session])?;
    Ok(())
}

/// The outcome of an action: its notes and the program's end date now.
pub(crate) fn outcome(conn: &Connection, group: GroupId, notes: Vec<String>) -> Result<Outcome> {
    let end_date: Option<NaiveDate> = conn
        .prepare_cached(
            "SELECT max(date) FROM sessions WHERE group_id = ?1 AND status IN ('scheduled', 'held')",
        )?
        .query_row([group], |r| r.get(0))?;
    Ok(Outcome { notes, end_date })
}

/// "sessions 11–12" or "session 12".
pub(crate) fn session_range(from: u32, to: u32) -> String {
    if from == to {
        format!("session {from}")
    } else {
        format!("sessions {from}–{to}")
    }
}

/// Updates a group. When its first date, start time, cadence or number of
/// sessions change and no session has been held yet, the dates are laid
/// out again: every session keeps its id and its plan, in order.
/// `enrolled` is the roster's count (see `practice::groups::update`).
pub(crate) fn update_group(
    conn: &Connection,
    id: GroupId,
    input: &GroupInput,
    enrolled: u32,
    now: Timestamp,
) -> Result<Outcome> {
    let g = input.validate()?;
    let old = groups::get(conn, id)?;
    let relayout = old.first_date != g.first_date
        || old.start_time != g.start_time
        || old.cadence != g.cadence
        || old.planned_sessions != g.planned_sessions;
    let mut notes = Vec::new();
    if relayout {
        notes = lay_out_again(conn, id, &g)?;
    }
    groups::update_details(conn, id, &g, enrolled, now)?;
    outcome(conn, id, notes)
}

/// Lays the program's dates out again from the group's (new) first date,
/// time, cadence and length. Cancelled sessions leave the program (a
/// make-up becomes a regular session); the scheduled ones keep their ids
/// and plans in order; sessions beyond the new length leave the program;
/// sessions beyond the old length are added with no plan yet.
fn lay_out_again(conn: &Connection, id: GroupId, g: &ValidGroup) -> Result<Vec<String>> {
    let rows = slots(conn, id)?;
    if let Some(h) = rows.iter().find(|s| s.status == SessionStatus::Held || s.started) {
        return Err(Error::validation(
            "first_date",
            format!(
                "Session {} has been held or started, so the dates can no longer be laid out again. Reschedule single sessions instead.",
                h.number
            ),
        ));
    }
    let dates = calendar::generate(
        g.first_date,
        g.cadence,
        g.planned_sessions.get(),
        &blackouts::applying_to(conn, Some(id))?,
    )?;
    let mut notes = Vec::new();
    let cancelled: Vec<&Slot> = rows
        .iter()
        .filter(|s| s.status == SessionStatus::Cancelled)
        .collect();
    let scheduled: Vec<&Slot> = rows
        .iter()
        .filter(|s| s.status == SessionStatus::Scheduled)
        .collect();
    for c in &cancelled {
        mark_removed(conn, c.id)?;
        notes.push(format!(
            "The cancelled session {} was taken off the program; the dates were laid out again without it.",
            c.number
        ));
    }
    let n = dates.len();
    if scheduled.len() > n {
        for s in &scheduled[n..] {
            mark_removed(conn, s.id)?;
        }
        notes.push(format!(
            "The program is now {n} sessions long, so {} and their plans were taken off it.",
            session_range(n as u32 + 1, scheduled.len() as u32)
        ));
    }
    // Renumbered in ascending order: each keeps or lowers its number, so two
    // sessions in the program never share one, even for a moment.
    let mut stmt = conn.prepare_cached(
        "UPDATE sessions SET number = ?2, date = ?3, start_time = ?4, original_date = NULL, makeup_for = NULL
         WHERE id = ?1",
    )?;
    for (i, (s, d)) in scheduled.iter().zip(dates.iter()).enumerate() {
        stmt.execute(params![s.id, i as u32 + 1, d, g.start_time])?;
    }
    for (i, d) in dates.iter().enumerate().skip(scheduled.len()) {
        let plan = curriculum::insert_plan(conn, id, &SessionPlan::default())?;
        add_session(conn, id, i as u32 + 1, *d, g.start_time, plan, None)?;
    }
    // Membership goes with the length: a closed group closes after one of its sessions.
    conn.execute(
        "UPDATE groups SET first_date = ?2, start_time = ?3, cadence = ?4, planned_sessions = ?5,
            membership = ?6, closes_after_session = ?7 WHERE id = ?1",
        params![
            id,
            g.first_date,
            g.start_time,
            g.cadence,
            g.planned_sessions,
            g.membership,
            g.closes_after_session
        ],
    )?;
    Ok(notes)
}

/// Why a group holding the held session `number` (on `date`) cannot be deleted.
fn held_blocker(number: u32, date: NaiveDate) -> String {
    format!(
        "Session {number} was held on {}, so this group holds clinical records and cannot be deleted. Archive it instead: it leaves your lists and every record stays.",
        sentence::date(date)
    )
}

/// Why a group that people were referred to cannot be deleted.
fn people_blocker(people: u32) -> String {
    format!(
        "{} referred to this group, so it holds clinical records and cannot be deleted. Archive it instead: it leaves your lists and every record stays.",
        if people == 1 { "1 person was".to_string() } else { format!("{people} people were") }
    )
}

/// Why the group cannot be deleted, or `None` when nothing is recorded for
/// it: no held session, and no one referred to it (`referred`, the roster's
/// count: see `practice::groups::delete`, which asks every area).
pub fn deletion_blocker(conn: &Connection, group: GroupId, referred: u32) -> Result<Option<String>> {
    if referred > 0 {
        return Ok(Some(people_blocker(referred)));
    }
    let held: Option<(u32, NaiveDate)> = conn
        .prepare_cached(
            "SELECT number, date FROM sessions WHERE group_id = ?1 AND status = 'held' ORDER BY number LIMIT 1",
        )?
        .query_row([group], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(held.map(|(number, date)| held_blocker(number, date)))
}

/// Deletes what planning keeps of a group that nothing has been recorded
/// for: its sessions, plans, blackout dates, co-facilitators and ground
/// rules, in the caller's transaction. Anything recorded refuses it, here
/// and in the database. The other areas' settings of the group go first
/// (`practice::groups::delete`).
pub(crate) fn delete_group(conn: &Connection, group: GroupId, referred: u32) -> Result<()> {
    let name = groups::get(conn, group)?.name;
    if let Some(reason) = deletion_blocker(conn, group, referred)? {
        return Err(Error::Conflict(reason));
    }
    // A make-up points at the session it replaces: unlink first, then delete.
    conn.execute(
        "UPDATE sessions SET makeup_for = NULL WHERE group_id = ?1",
        [group],
    )?;
    conn.execute("DELETE FROM sessions WHERE group_id = ?1", [group])?;
    curriculum::delete_unused_plans(conn, group)?;
    blackouts::delete_all(conn, Some(group))?;
    groups::write_co_facilitators(conn, group, &[])?;
    conn.execute("DELETE FROM groups WHERE id = ?1", [group])?;
    ground_rules::delete_with_group(conn, group)?;
    audit::append(conn, AuditEvent::GroupDeleted, &format!("{group} “{name}”"))?;
    Ok(())
}

/// Records a session as held, for the sessions area once it has checked
/// that it may be (`sessions::run::record_held`); a run's end does the same
/// in the database.
pub(crate) fn mark_held(conn: &Connection, session: SessionId) -> Result<()> {
    conn.prepare_cached("UPDATE sessions SET status = 'held' WHERE id = ?1")?
        .execute([session])?;
    Ok(())
}
