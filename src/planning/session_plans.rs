//! One session's plan in the editor, and plans moved between the dates of
//! the sessions still to come: up or down, an empty one inserted, one
//! removed. The dates stay in order; the sessions keep their ids.

use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::ids::{GroupId, PlanId, SessionId};
use crate::planning::blackouts;
use crate::planning::calendar;
use crate::planning::curriculum::{self, AgendaTotal, SessionPlan, TemplateSummary};
use crate::planning::groups::{self, Membership};
use crate::planning::limits::SessionCount;
use crate::planning::program::{self, session_range, Outcome, ProgramSession, SessionStatus, Slot};
use crate::planning::templates;
use crate::sentence;
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};

/// A session's plan for the editor.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SessionDetail {
    pub session: ProgramSession,
    pub plan: SessionPlan,
    pub group_id: GroupId,
    pub group_name: String,
    pub session_minutes: u32,
}

pub fn session_detail(conn: &Connection, session: SessionId) -> Result<SessionDetail> {
    let group = program::session_group(conn, session)?;
    let g = groups::get(conn, group)?;
    let slot = program::slots(conn, group)?
        .into_iter()
        .find(|s| s.id == session)
        .ok_or_else(|| Error::NotFound("That session is no longer part of the program.".into()))?;
    let plan = curriculum::read_plan(conn, slot.plan_id)?;
    let minutes = g.session_minutes.get();
    let plans = std::iter::once((slot.plan_id, plan.clone())).collect();
    Ok(SessionDetail {
        session: program::to_program_session(&slot, &plans, minutes),
        plan,
        group_id: group,
        group_name: g.name,
        session_minutes: minutes,
    })
}

/// Saves a session's plan. An agenda longer than the session is refused
/// unless `accept_overrun`; it is never cut short.
pub fn save_plan(
    conn: &Connection,
    session: SessionId,
    plan: &SessionPlan,
    accept_overrun: bool,
) -> Result<AgendaTotal> {
    let group = program::session_group(conn, session)?;
    let (minutes, plan_id): (u32, PlanId) = conn
        .prepare_cached(
            "SELECT g.session_minutes, s.plan_id FROM sessions s JOIN groups g ON g.id = s.group_id WHERE s.id = ?1",
        )?
        .query_row([session], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let plan = plan.validated(minutes, accept_overrun)?;
    curriculum::write_plan(conn, plan_id, &plan)?;
    audit::append(conn, AuditEvent::SessionPlanSaved, &format!("{group} {session}"))?;
    Ok(plan.total_against(minutes))
}

/// The sessions still to come (not started), in order.
fn still_to_come(conn: &Connection, group: GroupId) -> Result<Vec<Slot>> {
    Ok(program::slots(conn, group)?
        .into_iter()
        .filter(|s| s.status == SessionStatus::Scheduled && !s.started)
        .collect())
}

/// Where `session` is among the sessions still to come, or why its plan cannot move.
fn position(rows: &[Slot], session: SessionId) -> Result<usize> {
    rows.iter().position(|s| s.id == session).ok_or_else(|| {
        Error::validation(
            "session",
            "Only the plans of sessions still to come can be moved, inserted or removed.",
        )
    })
}

/// Gives `sessions[i]` the plan `plans[i]`; the sessions' dates stay.
fn assign_plans(conn: &Connection, sessions: &[SessionId], plans: &[PlanId]) -> Result<()> {
    let mut stmt = conn.prepare_cached("UPDATE sessions SET plan_id = ?2 WHERE id = ?1")?;
    for (s, p) in sessions.iter().zip(plans.iter()) {
        stmt.execute(params![s, p])?;
    }
    Ok(())
}

/// Moves a session's plan up (-1) or down (+1) among the sessions still to
/// come; the dates stay where they are.
pub fn move_plan(conn: &Connection, session: SessionId, offset: i32) -> Result<()> {
    let group = program::session_group(conn, session)?;
    let rows = still_to_come(conn, group)?;
    let idx = position(&rows, session)?;
    let to = idx as i64 + offset as i64;
    if to < 0 || to >= rows.len() as i64 {
        return Err(Error::validation(
            "session",
            "That plan cannot move further in that direction.",
        ));
    }
    let mut plans: Vec<PlanId> = rows.iter().map(|s| s.plan_id).collect();
    let p = plans.remove(idx);
    plans.insert(to as usize, p);
    let ids: Vec<SessionId> = rows.iter().map(|s| s.id).collect();
    assign_plans(conn, &ids, &plans)?;
    audit::append(conn, AuditEvent::SessionPlanSaved, &format!("{group} reordered"))?;
    Ok(())
}

/// Inserts an empty plan before the given session: that session's plan and
/// every later one move to the next date, and a session is added at the end.
pub fn insert_plan_before(conn: &Connection, session: SessionId) -> Result<Outcome> {
    let group = program::session_group(conn, session)?;
    let g = groups::get(conn, group)?;
    let live = program::slots(conn, group)?;
    if live.len() as u32 >= SessionCount::MAX {
        return Err(Error::validation(
            "session",
            format!("A program can have at most {} sessions.", SessionCount::MAX),
        ));
    }
    let rows: Vec<&Slot> = live
        .iter()
        .filter(|s| s.status == SessionStatus::Scheduled)
        .collect();
    let idx = rows.iter().position(|s| s.id == session).ok_or_else(|| {
        Error::validation(
            "session",
            "Only the plans of sessions still to come can be moved, inserted or removed.",
        )
    })?;
    let last = live
        .iter()
        .filter(|s| s.status != SessionStatus::Cancelled)
        .map(|s| s.date)
        .max()
        .unwrap_or(g.first_date);
    let date = calendar::next_free_after(last, g.cadence, &blackouts::applying_to(conn, Some(group))?)?;
    let number = live.iter().map(|s| s.number).max().unwrap_or(0) + 1;
    let mut plans: Vec<PlanId> = rows.iter().map(|s| s.plan_id).collect();
    plans.insert(
        idx,
        curriculum::insert_plan(conn, group, &SessionPlan::default())?,
    );
    let at_end = *plans.last().expect("at least the new plan");
    let added = program::add_session(conn, group, number, date, g.start_time, at_end, None)?;
    let mut ids: Vec<SessionId> = rows.iter().map(|s| s.id).collect();
    ids.push(added);
    assign_plans(conn, &ids, &plans)?;
    conn.execute(
        "UPDATE groups SET planned_sessions = min(planned_sessions + 1, ?2) WHERE id = ?1",
        params![group, SessionCount::MAX],
    )?;
    audit::append(
        conn,
        AuditEvent::SessionPlanSaved,
        &format!("{group} plan inserted"),
    )?;
    program::outcome(
        conn,
        group,
        vec![format!(
            "Session {number} was added on {}; the later plans moved one date on.",
            sentence::date(date)
        )],
    )
}

/// Removes a session's plan: later plans move one date earlier and the last
/// session still to come leaves the program (marked, with the removed plan).
pub fn remove_plan(conn: &Connection, session: SessionId) -> Result<Outcome> {
    let group = program::session_group(conn, session)?;
    let g = groups::get(conn, group)?;
    let rows = still_to_come(conn, group)?;
    let idx = position(&rows, session)?;
    if rows.len() <= 1 {
        return Err(Error::validation(
            "session",
            "The last session to come cannot be removed; cancel the session instead.",
        ));
    }
    let planned = g.planned_sessions.get();
    if let (Membership::Closed, Some(c)) = (g.membership, g.closes_after_session) {
        if planned > 1 && c >= planned {
            return Err(Error::validation(
                "session",
                format!(
                    "This closed group admits no one after session {c}, and with one session fewer it would have only {}. Change “No one joins after session” under Details first.",
                    planned - 1
                ),
            ));
        }
    }
    let mut plans: Vec<PlanId> = rows.iter().map(|s| s.plan_id).collect();
    let removed = plans.remove(idx);
    plans.push(removed);
    let ids: Vec<SessionId> = rows.iter().map(|s| s.id).collect();
    assign_plans(conn, &ids, &plans)?;
    let last = rows.last().expect("more than one session");
    program::mark_removed(conn, last.id)?;
    conn.execute(
        "UPDATE groups SET planned_sessions = max(planned_sessions - 1, 1) WHERE id = ?1",
        [group],
    )?;
    audit::append(
        conn,
        AuditEvent::SessionPlanSaved,
        &format!("{group} plan removed"),
    )?;
    program::outcome(
        conn,
        group,
        vec![format!(
            "The later plans moved one date earlier, and {} on {} was taken off the program.",
            session_range(last.number, last.number),
            sentence::date(last.date)
        )],
    )
}

/// Replaces the plans of the sessions still to come with a template's.
pub fn apply_template(conn: &Connection, group: GroupId, template_id: &str) -> Result<Outcome> {
    if !groups::exists(conn, group)? {
        return Err(Error::NotFound("That group no longer exists.".into()));
    }
    let t = templates::get(conn, template_id)?;
    let rows = still_to_come(conn, group)?;
    let (plans, note) = t.fit(rows.len() as u32);
    for (s, plan) in rows.iter().zip(plans.iter()) {
        curriculum::write_plan(conn, s.plan_id, plan)?;
    }
    audit::append(
        conn,
        AuditEvent::SessionPlanSaved,
        &format!("{group} template {template_id}"),
    )?;
    program::outcome(conn, group, note.into_iter().collect())
}

pub fn save_as_template(
    conn: &Connection,
    group: GroupId,
    name: &str,
    description: &str,
    now: Timestamp,
) -> Result<TemplateSummary> {
    if !groups::exists(conn, group)? {
        return Err(Error::NotFound("That group no longer exists.".into()));
    }
    templates::save(
        conn,
        name,
        description,
        &program::ordered_plans(conn, group)?,
        now,
    )
}
