//! Dates of a program: generated from the first date, the cadence and the
//! number of sessions, skipping blackout dates; rescheduling and shifting.
//!
//! Sessions are kept as a local calendar date plus a local wall-clock start
//! time (no time zone), so a 6 pm group stays at 6 pm across daylight-saving
//! changes and year ends.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// How often the group meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Weekly,
    Biweekly,
}

impl Cadence {
    pub fn days(self) -> u64 {
        match self {
            Cadence::Weekly => 7,
            Cadence::Biweekly => 14,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Weekly => "weekly",
            Cadence::Biweekly => "biweekly",
        }
    }
    pub fn parse(s: &str) -> Option<Cadence> {
        match s {
            "weekly" => Some(Cadence::Weekly),
            "biweekly" => Some(Cadence::Biweekly),
            _ => None,
        }
    }
}

/// Upper bound on how far blackout dates may push a program.
const MAX_SKIPS: usize = 200;

/// The dates of `count` sessions from `first`, one every cadence step,
/// skipping any step that falls on a blackout date (the program extends).
pub fn generate(
    first: NaiveDate,
    cadence: Cadence,
    count: u32,
    blackouts: &BTreeSet<NaiveDate>,
) -> Result<Vec<NaiveDate>> {
    let mut out = Vec::with_capacity(count as usize);
    let mut d = first;
    let mut skipped = 0usize;
    while out.len() < count as usize {
        if blackouts.contains(&d) {
            skipped += 1;
            if skipped > MAX_SKIPS {
                return Err(Error::validation(
                    "blackout_dates",
                    "The blackout dates leave no room for the sessions. Remove some blackout dates.",
                ));
            }
        } else {
            out.push(d);
        }
        d = next_step(d, cadence)?;
    }
    Ok(out)
}

/// The next regular meeting date after `d`.
pub fn next_step(d: NaiveDate, cadence: Cadence) -> Result<NaiveDate> {
    d.checked_add_days(Days::new(cadence.days()))
        .ok_or_else(|| Error::validation("first_date", "That date is too far in the future."))
}

/// The first regular date after `last` that is not a blackout date.
pub fn next_free_after(
    last: NaiveDate,
    cadence: Cadence,
    blackouts: &BTreeSet<NaiveDate>,
) -> Result<NaiveDate> {
    let mut d = next_step(last, cadence)?;
    for _ in 0..MAX_SKIPS {
        if !blackouts.contains(&d) {
            return Ok(d);
        }
        d = next_step(d, cadence)?;
    }
    Err(Error::validation(
        "blackout_dates",
        "The blackout dates leave no free date for another session.",
    ))
}

/// Moves `d` by a signed number of days.
pub fn shift(d: NaiveDate, days: i64) -> Result<NaiveDate> {
    let r = if days >= 0 {
        d.checked_add_days(Days::new(days as u64))
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    r.ok_or_else(|| Error::validation("date", "That date is out of range."))
}

pub fn parse_date(field: &str, label: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        Error::validation(
            field,
            format!("{label} is not a valid date (expected a date like 2027-01-11)."),
        )
    })
}

pub fn parse_time(field: &str, s: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .map_err(|_| Error::validation(field, "Enter the start time as hours and minutes, like 18:00."))
}

pub fn fmt_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn fmt_time(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

// ---------------------------------------------------------------------------
// The dated program in the vault: sessions, rescheduling, cancelling,
// moving plans between dates, blackout dates and the calendar export.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use crate::audit::{self, AuditEvent};
use crate::curriculum::{self, AgendaTotal, SessionPlan};
use crate::groups::{self, Group, GroupInput, ValidGroup};
use crate::ids::{GroupId, PlanId, SessionId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Scheduled,
    Held,
    Cancelled,
}

impl SessionStatus {
    fn parse(s: &str) -> SessionStatus {
        match s {
            "held" => SessionStatus::Held,
            "cancelled" => SessionStatus::Cancelled,
            _ => SessionStatus::Scheduled,
        }
    }
}

/// A blackout date: no session is planned on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BlackoutDate {
    /// YYYY-MM-DD.
    pub date: String,
    pub label: String,
}

/// One session of the program as the overview shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProgramSession {
    pub id: SessionId,
    pub number: u32,
    pub date: String,
    pub start_time: String,
    pub status: SessionStatus,
    /// The date it had before it was rescheduled.
    pub original_date: Option<String>,
    /// For a make-up session: the number of the session it replaces.
    pub makeup_for: Option<u32>,
    pub topic: String,
    pub agenda_total: AgendaTotal,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Program {
    pub group: Group,
    pub sessions: Vec<ProgramSession>,
    /// This group's own blackout dates.
    pub blackout_dates: Vec<BlackoutDate>,
    /// The practice-wide blackout dates, which apply to every group.
    pub practice_blackout_dates: Vec<BlackoutDate>,
}

/// A session's plan for the editor.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SessionDetail {
    pub session: ProgramSession,
    pub plan: SessionPlan,
    pub group_name: String,
    pub session_minutes: u32,
}

/// What a new group will look like before it is saved.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SchedulePreview {
    pub sessions: Vec<PreviewSession>,
    /// Blackout dates the program steps over.
    pub skipped: Vec<BlackoutDate>,
    pub end_date: String,
    /// What applying the template will do, when its length differs.
    pub template_note: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PreviewSession {
    pub number: u32,
    pub date: String,
    pub start_time: String,
    pub topic: String,
}

/// Everything the "new group" flow sends.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewGroup {
    pub group: GroupInput,
    /// This group's own blackout dates (the practice-wide ones apply too).
    pub blackout_dates: Vec<BlackoutDate>,
    /// A template id, or none.
    pub template_id: Option<String>,
    /// Start from a previous group's curriculum instead.
    pub copy_from_group: Option<GroupId>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Outcome {
    /// Sentences for the clinician about what was done beyond the obvious.
    pub notes: Vec<String>,
    pub end_date: Option<String>,
}

fn clean_blackouts(list: &[BlackoutDate]) -> Result<Vec<(NaiveDate, String)>> {
    let mut out = Vec::new();
    for b in list {
        let d = parse_date("blackout_dates", "A blackout date", &b.date)?;
        let label = b.label.trim().chars().take(120).collect::<String>();
        if !out.iter().any(|(x, _)| *x == d) {
            out.push((d, label));
        }
    }
    Ok(out)
}

fn practice_blackouts(conn: &Connection) -> Result<Vec<BlackoutDate>> {
    blackout_list(conn, None)
}

pub fn blackout_list(conn: &Connection, group: Option<GroupId>) -> Result<Vec<BlackoutDate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT date, label FROM blackout_dates WHERE (?1 IS NULL AND group_id IS NULL) OR group_id = ?1 ORDER BY date",
    )?;
    let rows = stmt.query_map([group], |r| {
        Ok(BlackoutDate {
            date: r.get(0)?,
            label: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Replaces a group's own blackout list, or the practice-wide one (`None`).
/// Sessions already dated are not moved; the list applies to new dates.
pub fn set_blackouts(conn: &Connection, group: Option<GroupId>, list: &[BlackoutDate]) -> Result<()> {
    let clean = clean_blackouts(list)?;
    conn.execute(
        "DELETE FROM blackout_dates WHERE (?1 IS NULL AND group_id IS NULL) OR group_id = ?1",
        [group],
    )?;
    let mut stmt =
        conn.prepare_cached("INSERT INTO blackout_dates (group_id, date, label) VALUES (?1, ?2, ?3)")?;
    for (d, label) in &clean {
        stmt.execute(params![group, fmt_date(*d), label])?;
    }
    audit::append(
        conn,
        AuditEvent::BlackoutDatesChanged,
        &group
            .map(|g| g.to_string())
            .unwrap_or_else(|| "practice-wide".into()),
    )?;
    Ok(())
}

fn plans_for_new_group(
    conn: &Connection,
    new: &NewGroup,
    count: u32,
) -> Result<(Vec<SessionPlan>, Option<String>)> {
    if let Some(from) = new.copy_from_group {
        let source = groups::get(conn, from)?;
        let t = curriculum::Template {
            id: from.to_string(),
            name: source.input.name.clone(),
            description: String::new(),
            builtin: false,
            sessions: ordered_plans(conn, from)?,
        };
        return Ok(t.fit(count));
    }
    match new.template_id.as_deref().filter(|t| !t.is_empty()) {
        Some(id) => Ok(curriculum::get_template(conn, id)?.fit(count)),
        None => Ok((vec![SessionPlan::default(); count as usize], None)),
    }
}

/// The dates and topics a new group would get, without saving anything.
pub fn preview(conn: &Connection, new: &NewGroup) -> Result<SchedulePreview> {
    let g = new.group.validate()?;
    let own = clean_blackouts(&new.blackout_dates)?;
    let mut all: BTreeSet<NaiveDate> = groups::blackouts_for(conn, None)?;
    all.extend(own.iter().map(|(d, _)| *d));
    let dates = generate(g.first_date, g.input.cadence, g.input.planned_sessions, &all)?;
    let last = *dates.last().expect("at least one session");
    let mut labels: HashMap<NaiveDate, String> = practice_blackouts(conn)?
        .into_iter()
        .filter_map(|b| {
            NaiveDate::parse_from_str(&b.date, "%Y-%m-%d")
                .ok()
                .map(|d| (d, b.label))
        })
        .collect();
    labels.extend(own);
    let skipped = all
        .iter()
        .filter(|d| {
            **d >= g.first_date
                && **d <= last
                && (**d - g.first_date).num_days() % g.input.cadence.days() as i64 == 0
        })
        .map(|d| BlackoutDate {
            date: fmt_date(*d),
            label: labels.get(d).cloned().unwrap_or_default(),
        })
        .collect();
    let (plans, template_note) = plans_for_new_group(conn, new, g.input.planned_sessions)?;
    Ok(SchedulePreview {
        sessions: dates
            .iter()
            .zip(plans.iter())
            .enumerate()
            .map(|(i, (d, p))| PreviewSession {
                number: i as u32 + 1,
                date: fmt_date(*d),
                start_time: g.input.start_time.clone(),
                topic: p.topic.clone(),
            })
            .collect(),
        skipped,
        end_date: fmt_date(last),
        template_note,
    })
}

fn insert_session(
    conn: &Connection,
    group: GroupId,
    number: u32,
    date: NaiveDate,
    time: &str,
    plan: PlanId,
    makeup_for: Option<u32>,
) -> Result<SessionId> {
    let id = SessionId::new();
    conn.prepare_cached(
        "INSERT INTO sessions (id, group_id, number, date, start_time, status, makeup_for, plan_id)
         VALUES (?1, ?2, ?3, ?4, ?5, 'scheduled', ?6, ?7)",
    )?
    .execute(params![id, group, number, fmt_date(date), time, makeup_for, plan])?;
    Ok(id)
}

/// Creates a group with its dated sessions, their plans (from a template, a
/// previous group or blank) and the default ground rules, in one go.
pub fn create_group(conn: &Connection, new: &NewGroup) -> Result<(GroupId, Outcome)> {
    let preview = preview(conn, new)?;
    let g: ValidGroup = new.group.validate()?;
    let id = GroupId::new();
    groups::insert(conn, id, &g)?;
    let own = clean_blackouts(&new.blackout_dates)?;
    let mut stmt =
        conn.prepare_cached("INSERT INTO blackout_dates (group_id, date, label) VALUES (?1, ?2, ?3)")?;
    for (d, label) in &own {
        stmt.execute(params![id, fmt_date(*d), label])?;
    }
    let (plans, note) = plans_for_new_group(conn, new, g.input.planned_sessions)?;
    for (s, plan) in preview.sessions.iter().zip(plans.iter()) {
        let plan_id = curriculum::insert_plan(conn, id, plan)?;
        let d = parse_date("first_date", "date", &s.date)?;
        insert_session(conn, id, s.number, d, &g.input.start_time, plan_id, None)?;
    }
    crate::ground_rules::start(conn, id)?;
    Ok((
        id,
        Outcome {
            notes: note.into_iter().collect(),
            end_date: Some(preview.end_date),
        },
    ))
}

/// Updates a group. When its first date, start time, cadence or number of
/// sessions change and no session has been held yet, the dates are laid out
/// again and every plan keeps its place in the order.
pub fn update_group(conn: &Connection, id: GroupId, input: &GroupInput) -> Result<Outcome> {
    let g = input.validate()?;
    let old = groups::get(conn, id)?;
    groups::update_details(conn, id, &g)?;
    let o = &old.input;
    let n = &g.input;
    let replan = o.first_date != n.first_date
        || o.start_time != n.start_time
        || o.cadence != n.cadence
        || o.planned_sessions != n.planned_sessions;
    let mut notes = Vec::new();
    if replan {
        let held: Option<u32> = conn.query_row(
            "SELECT min(number) FROM sessions WHERE group_id = ?1 AND status = 'held'",
            [id],
            |r| r.get(0),
        )?;
        if let Some(h) = held {
            return Err(Error::validation(
                "first_date",
                format!("Session {h} has been held, so the dates can no longer be laid out again. Reschedule single sessions instead."),
            ));
        }
        let plans = ordered_plan_ids(conn, id, false)?;
        let blackouts = groups::blackouts_for(conn, Some(id))?;
        let dates = generate(g.first_date, n.cadence, n.planned_sessions, &blackouts)?;
        conn.execute("DELETE FROM sessions WHERE group_id = ?1", [id])?;
        for (i, d) in dates.iter().enumerate() {
            let plan = match plans.get(i) {
                Some(p) => *p,
                None => curriculum::insert_plan(conn, id, &SessionPlan::default())?,
            };
            insert_session(conn, id, i as u32 + 1, *d, &n.start_time, plan, None)?;
        }
        if plans.len() > dates.len() {
            notes.push(format!(
                "The program is now {} sessions long, so the plans of sessions {}–{} were removed.",
                dates.len(),
                dates.len() + 1,
                plans.len()
            ));
        }
        conn.execute(
            "DELETE FROM session_plans WHERE group_id = ?1 AND id NOT IN (SELECT plan_id FROM sessions WHERE group_id = ?1)",
            [id],
        )?;
        conn.execute(
            "UPDATE groups SET first_date = ?2, start_time = ?3, cadence = ?4, planned_sessions = ?5 WHERE id = ?1",
            params![id, n.first_date, n.start_time, n.cadence.as_str(), n.planned_sessions],
        )?;
    }
    Ok(Outcome {
        notes,
        end_date: groups::get(conn, id)?.end_date,
    })
}

/// The group's sessions in order, with topics and agenda totals from `plans`.
fn session_rows(
    conn: &Connection,
    group: GroupId,
    plans: &HashMap<PlanId, SessionPlan>,
) -> Result<Vec<(ProgramSession, PlanId)>> {
    let minutes: u32 = conn.query_row("SELECT session_minutes FROM groups WHERE id = ?1", [group], |r| {
        r.get(0)
    })?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, number, date, start_time, status, original_date, makeup_for, plan_id
         FROM sessions WHERE group_id = ?1 ORDER BY number",
    )?;
    let rows = stmt.query_map([group], |r| {
        Ok((
            r.get::<_, SessionId>(0)?,
            r.get::<_, u32>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<u32>>(6)?,
            r.get::<_, PlanId>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, number, date, start_time, status, original_date, makeup_for, plan_id) = row?;
        let plan = plans.get(&plan_id);
        out.push((
            ProgramSession {
                id,
                number,
                date,
                start_time,
                status: SessionStatus::parse(&status),
                original_date,
                makeup_for,
                topic: plan.map(|p| p.topic.clone()).unwrap_or_default(),
                agenda_total: plan.map(|p| p.total_against(minutes)).unwrap_or(AgendaTotal {
                    total_minutes: 0,
                    session_minutes: minutes,
                    over_by: 0,
                }),
            },
            plan_id,
        ));
    }
    Ok(out)
}

/// The sessions' dates, numbers, statuses and plan ids, without reading the
/// plans themselves (for actions that only move sessions or plans around).
fn slots(conn: &Connection, group: GroupId) -> Result<Vec<(ProgramSession, PlanId)>> {
    session_rows(conn, group, &HashMap::new())
}

pub fn program(conn: &Connection, group: GroupId) -> Result<Program> {
    let g = groups::get(conn, group)?;
    let plans = curriculum::plans_of_group(conn, group)?;
    Ok(Program {
        group: g,
        sessions: session_rows(conn, group, &plans)?
            .into_iter()
            .map(|(s, _)| s)
            .collect(),
        blackout_dates: blackout_list(conn, Some(group))?,
        practice_blackout_dates: practice_blackouts(conn)?,
    })
}

fn session_group(conn: &Connection, session: SessionId) -> Result<GroupId> {
    conn.query_row("SELECT group_id FROM sessions WHERE id = ?1", [session], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| Error::NotFound("That session no longer exists.".into()))
}

pub fn session_detail(conn: &Connection, session: SessionId) -> Result<SessionDetail> {
    let group = session_group(conn, session)?;
    let g = groups::get(conn, group)?;
    let mut plans = curriculum::plans_of_group(conn, group)?;
    let (s, plan_id) = session_rows(conn, group, &plans)?
        .into_iter()
        .find(|(s, _)| s.id == session)
        .ok_or_else(|| Error::NotFound("That session no longer exists.".into()))?;
    let plan = plans.remove(&plan_id).unwrap_or_default();
    Ok(SessionDetail {
        session: s,
        plan,
        group_name: g.input.name,
        session_minutes: g.input.session_minutes,
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
    let group = session_group(conn, session)?;
    let minutes: u32 = conn.query_row("SELECT session_minutes FROM groups WHERE id = ?1", [group], |r| {
        r.get(0)
    })?;
    let plan = plan.validated(minutes, accept_overrun)?;
    let plan_id: PlanId = conn.query_row("SELECT plan_id FROM sessions WHERE id = ?1", [session], |r| {
        r.get(0)
    })?;
    curriculum::write_plan(conn, plan_id, &plan)?;
    audit::append(conn, AuditEvent::SessionPlanSaved, &session.to_string())?;
    Ok(plan.total_against(minutes))
}

/// Moves one session to another date (and time). With `shift_later`, every
/// later scheduled session moves by the same number of days.
pub fn reschedule(
    conn: &Connection,
    session: SessionId,
    new_date: &str,
    new_time: &str,
    shift_later: bool,
) -> Result<Outcome> {
    let group = session_group(conn, session)?;
    let new_d = parse_date("date", "The new date", new_date)?;
    let new_t = fmt_time(parse_time("start_time", new_time)?);
    let rows = slots(conn, group)?;
    let (me, _) = rows
        .iter()
        .find(|(s, _)| s.id == session)
        .expect("session belongs to its group");
    if me.status != SessionStatus::Scheduled {
        return Err(Error::validation(
            "date",
            format!(
                "Session {} is {} and cannot be rescheduled.",
                me.number,
                match me.status {
                    SessionStatus::Held => "already held",
                    _ => "cancelled",
                }
            ),
        ));
    }
    let old_d = parse_date("date", "date", &me.date)?;
    let delta = (new_d - old_d).num_days();
    // The program after the move, to check its order before writing anything.
    let mut dated: Vec<(u32, NaiveDate, SessionStatus)> = Vec::new();
    for (s, _) in &rows {
        let d = parse_date("date", "date", &s.date)?;
        let d = if s.id == session {
            new_d
        } else if shift_later && s.number > me.number && s.status == SessionStatus::Scheduled {
            shift(d, delta)?
        } else {
            d
        };
        dated.push((s.number, d, s.status));
    }
    let live: Vec<&(u32, NaiveDate, SessionStatus)> =
        dated.iter().filter(|x| x.2 != SessionStatus::Cancelled).collect();
    for w in live.windows(2) {
        if w[0].1 >= w[1].1 {
            let (a, b) = (w[0], w[1]);
            return Err(Error::validation(
                "date",
                if a.0 == me.number || b.0 == me.number {
                    let other = if a.0 == me.number { b } else { a };
                    format!(
                        "Session {} would no longer come {} session {} ({}). Choose another date{}.",
                        me.number,
                        if other.0 > me.number { "before" } else { "after" },
                        other.0,
                        fmt_date(other.1),
                        if shift_later {
                            ""
                        } else {
                            ", or move the later sessions too"
                        }
                    )
                } else {
                    format!(
                        "Session {} would fall on or after session {}. Choose another date.",
                        a.0, b.0
                    )
                },
            ));
        }
    }
    let blackouts = groups::blackouts_for(conn, Some(group))?;
    let mut notes = Vec::new();
    let mut stmt = conn.prepare_cached(
        "UPDATE sessions SET date = ?2, start_time = coalesce(?3, start_time),
                original_date = coalesce(original_date, ?4) WHERE id = ?1",
    )?;
    for (s, _) in &rows {
        let moved =
            s.id == session || (shift_later && s.number > me.number && s.status == SessionStatus::Scheduled);
        if !moved {
            continue;
        }
        let d = dated.iter().find(|x| x.0 == s.number).expect("dated").1;
        if d.to_string() == s.date && s.id != session {
            continue;
        }
        let time = if s.id == session {
            Some(new_t.clone())
        } else {
            None
        };
        stmt.execute(params![s.id, fmt_date(d), time, s.date])?;
        if blackouts.contains(&d) {
            notes.push(format!(
                "Session {} now falls on a blackout date ({}).",
                s.number,
                fmt_date(d)
            ));
        }
    }
    audit::append(
        conn,
        AuditEvent::SessionRescheduled,
        &format!("{session} {new_date} shift_later={shift_later}"),
    )?;
    Ok(Outcome {
        notes,
        end_date: groups::get(conn, group)?.end_date,
    })
}

/// Cancels a scheduled session; with `add_makeup`, adds a make-up session
/// after the last one, on the next free date, carrying the same plan.
pub fn cancel_session(conn: &Connection, session: SessionId, add_makeup: bool) -> Result<Outcome> {
    let group = session_group(conn, session)?;
    let rows = slots(conn, group)?;
    let (me, plan_id) = rows
        .iter()
        .find(|(s, _)| s.id == session)
        .expect("session belongs to its group");
    if me.status != SessionStatus::Scheduled {
        return Err(Error::validation(
            "status",
            format!(
                "Session {} is not scheduled, so it cannot be cancelled.",
                me.number
            ),
        ));
    }
    conn.execute(
        "UPDATE sessions SET status = 'cancelled' WHERE id = ?1",
        [session],
    )?;
    let mut notes = Vec::new();
    if add_makeup {
        let g = groups::get(conn, group)?;
        let last = rows
            .iter()
            .filter(|(s, _)| s.status != SessionStatus::Cancelled && s.id != session)
            .map(|(s, _)| s.date.clone())
            .max()
            .unwrap_or_else(|| me.date.clone());
        let last = parse_date("date", "date", &last)?;
        let d = next_free_after(last, g.input.cadence, &groups::blackouts_for(conn, Some(group))?)?;
        let plan = curriculum::plans_of_group(conn, group)?
            .remove(plan_id)
            .unwrap_or_default();
        let new_plan = curriculum::insert_plan(conn, group, &plan)?;
        let number = rows.iter().map(|(s, _)| s.number).max().unwrap_or(0) + 1;
        insert_session(
            conn,
            group,
            number,
            d,
            &g.input.start_time,
            new_plan,
            Some(me.number),
        )?;
        notes.push(format!(
            "A make-up session (session {number}) was added on {}.",
            fmt_date(d)
        ));
    }
    audit::append(
        conn,
        AuditEvent::SessionCancelled,
        &format!("{session} makeup={add_makeup}"),
    )?;
    Ok(Outcome {
        notes,
        end_date: groups::get(conn, group)?.end_date,
    })
}

/// Plan ids of the group's sessions in program order (`scheduled_only`:
/// just the sessions still to come).
fn ordered_plan_ids(conn: &Connection, group: GroupId, scheduled_only: bool) -> Result<Vec<PlanId>> {
    Ok(slots(conn, group)?
        .into_iter()
        .filter(|(s, _)| {
            if scheduled_only {
                s.status == SessionStatus::Scheduled
            } else {
                s.status != SessionStatus::Cancelled
            }
        })
        .map(|(_, p)| p)
        .collect())
}

fn ordered_plans(conn: &Connection, group: GroupId) -> Result<Vec<SessionPlan>> {
    let mut plans = curriculum::plans_of_group(conn, group)?;
    Ok(ordered_plan_ids(conn, group, false)?
        .into_iter()
        .filter_map(|id| plans.remove(&id))
        .collect())
}

/// Writes `plans` onto the scheduled sessions in order (dates stay put).
fn assign_plans(conn: &Connection, group: GroupId, plans: &[PlanId]) -> Result<()> {
    let sessions: Vec<SessionId> = slots(conn, group)?
        .into_iter()
        .filter(|(s, _)| s.status == SessionStatus::Scheduled)
        .map(|(s, _)| s.id)
        .collect();
    let mut stmt = conn.prepare_cached("UPDATE sessions SET plan_id = ?2 WHERE id = ?1")?;
    for (s, p) in sessions.iter().zip(plans.iter()) {
        stmt.execute(params![s, p])?;
    }
    Ok(())
}

fn scheduled_index(conn: &Connection, group: GroupId, session: SessionId) -> Result<(usize, Vec<PlanId>)> {
    let rows: Vec<(ProgramSession, PlanId)> = slots(conn, group)?
        .into_iter()
        .filter(|(s, _)| s.status == SessionStatus::Scheduled)
        .collect();
    let idx = rows.iter().position(|(s, _)| s.id == session).ok_or_else(|| {
        Error::validation(
            "session",
            "Only the plans of sessions still to come can be moved, inserted or removed.",
        )
    })?;
    Ok((idx, rows.into_iter().map(|(_, p)| p).collect()))
}

/// Moves a session's plan up (-1) or down (+1) among the sessions still to
/// come; the dates stay where they are.
pub fn move_plan(conn: &Connection, session: SessionId, offset: i32) -> Result<()> {
    let group = session_group(conn, session)?;
    let (idx, mut plans) = scheduled_index(conn, group, session)?;
    let to = idx as i64 + offset as i64;
    if to < 0 || to >= plans.len() as i64 {
        return Err(Error::validation(
            "session",
            "That plan cannot move further in that direction.",
        ));
    }
    let p = plans.remove(idx);
    plans.insert(to as usize, p);
    assign_plans(conn, group, &plans)?;
    audit::append(conn, AuditEvent::SessionPlanSaved, &format!("{group} reordered"))?;
    Ok(())
}

/// Inserts an empty plan before the given session: that session's plan and
/// every later one move to the next date, and a session is added at the end.
pub fn insert_plan_before(conn: &Connection, session: SessionId) -> Result<Outcome> {
    let group = session_group(conn, session)?;
    let g = groups::get(conn, group)?;
    let count: u32 = conn.query_row(
        "SELECT count(*) FROM sessions WHERE group_id = ?1",
        [group],
        |r| r.get(0),
    )?;
    if count >= 52 {
        return Err(Error::validation(
            "session",
            "A program can have at most 52 sessions.",
        ));
    }
    let (idx, mut plans) = scheduled_index(conn, group, session)?;
    let new_plan = curriculum::insert_plan(conn, group, &SessionPlan::default())?;
    plans.insert(idx, new_plan);
    let last: String = conn.query_row(
        "SELECT max(date) FROM sessions WHERE group_id = ?1 AND status <> 'cancelled'",
        [group],
        |r| r.get(0),
    )?;
    let d = next_free_after(
        parse_date("date", "date", &last)?,
        g.input.cadence,
        &groups::blackouts_for(conn, Some(group))?,
    )?;
    let number: u32 = conn.query_row(
        "SELECT max(number) FROM sessions WHERE group_id = ?1",
        [group],
        |r| r.get(0),
    )?;
    let placeholder = *plans.last().expect("non-empty");
    insert_session(conn, group, number + 1, d, &g.input.start_time, placeholder, None)?;
    assign_plans(conn, group, &plans)?;
    conn.execute(
        "UPDATE groups SET planned_sessions = planned_sessions + 1 WHERE id = ?1 AND planned_sessions < 52",
        [group],
    )?;
    audit::append(
        conn,
        AuditEvent::SessionPlanSaved,
        &format!("{group} plan inserted"),
    )?;
    Ok(Outcome {
        notes: vec![format!(
            "A session was added on {}; the later plans moved one date on.",
            fmt_date(d)
        )],
        end_date: groups::get(conn, group)?.end_date,
    })
}

/// Removes a session's plan: later plans move one date earlier and the last
/// session is taken off the program.
pub fn remove_plan(conn: &Connection, session: SessionId) -> Result<Outcome> {
    let group = session_group(conn, session)?;
    let (idx, mut plans) = scheduled_index(conn, group, session)?;
    if plans.len() <= 1 {
        return Err(Error::validation(
            "session",
            "The last session to come cannot be removed; cancel the session instead.",
        ));
    }
    let removed = plans.remove(idx);
    let last_session: SessionId = conn.query_row(
        "SELECT id FROM sessions WHERE group_id = ?1 AND status = 'scheduled' ORDER BY number DESC LIMIT 1",
        [group],
        |r| r.get(0),
    )?;
    conn.execute("DELETE FROM sessions WHERE id = ?1", [last_session])?;
    assign_plans(conn, group, &plans)?;
    conn.execute("DELETE FROM session_plans WHERE id = ?1", [removed])?;
    conn.execute(
        "UPDATE groups SET planned_sessions = planned_sessions - 1 WHERE id = ?1 AND planned_sessions > 1",
        [group],
    )?;
    audit::append(
        conn,
        AuditEvent::SessionPlanSaved,
        &format!("{group} plan removed"),
    )?;
    Ok(Outcome {
        notes: vec![
            "The later plans moved one date earlier and the last date was taken off the program.".into(),
        ],
        end_date: groups::get(conn, group)?.end_date,
    })
}

/// Replaces the plans of the sessions still to come with a template's.
pub fn apply_template(conn: &Connection, group: GroupId, template_id: &str) -> Result<Outcome> {
    let t = curriculum::get_template(conn, template_id)?;
    let ids = ordered_plan_ids(conn, group, true)?;
    let (plans, note) = t.fit(ids.len() as u32);
    for (id, plan) in ids.iter().zip(plans.iter()) {
        curriculum::write_plan(conn, *id, plan)?;
    }
    audit::append(
        conn,
        AuditEvent::SessionPlanSaved,
        &format!("{group} template {template_id}"),
    )?;
    Ok(Outcome {
        notes: note.into_iter().collect(),
        end_date: groups::get(conn, group)?.end_date,
    })
}

pub fn save_as_template(
    conn: &Connection,
    group: GroupId,
    name: &str,
    description: &str,
) -> Result<curriculum::TemplateSummary> {
    let plans = ordered_plans(conn, group)?;
    curriculum::save_template(conn, name, description, &plans)
}

/// Writes the calendar file into `dir` (made if needed) under the group's
/// name, never overwriting an existing file; returns its path.
pub fn write_ics(conn: &Connection, group: GroupId, dir: &std::path::Path) -> Result<std::path::PathBuf> {
    let text = export_ics(conn, group)?;
    let name: String = groups::get(conn, group)?
        .input
        .name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = name.trim().to_string();
    std::fs::create_dir_all(dir).map_err(|e| Error::io(format!("create the folder {}", dir.display()), e))?;
    for n in 1..1000 {
        let file = if n == 1 {
            format!("{name} sessions.ics")
        } else {
            format!("{name} sessions ({n}).ics")
        };
        let path = dir.join(file);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                use std::io::Write;
                f.write_all(text.as_bytes())
                    .and_then(|_| f.sync_all())
                    .map_err(|e| Error::io(format!("write {}", path.display()), e))?;
                audit::append(conn, AuditEvent::CalendarExported, &path.display().to_string())?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(format!("write {}", path.display()), e)),
        }
    }
    Err(Error::validation(
        "export",
        "Too many calendar files with this name already exist in that folder.",
    ))
}

/// Where exported files go: $COHORT_EXPORT_DIR, else the Documents folder.
pub fn export_dir() -> std::path::PathBuf {
    if let Some(p) = std::env::var_os("COHORT_EXPORT_DIR").filter(|p| !p.is_empty()) {
        return p.into();
    }
    dirs::document_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| ".".into())
        .join("Cohort")
}

/// A session coming up, for the Today screen.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UpcomingSession {
    pub group_id: GroupId,
    pub group_name: String,
    pub session_id: SessionId,
    pub number: u32,
    pub date: String,
    pub start_time: String,
    pub topic: String,
}

/// Scheduled sessions of groups not archived, cancelled or completed, from
/// `from` for `days` days, in order: one query.
pub fn upcoming(conn: &Connection, from: NaiveDate, days: u64) -> Result<Vec<UpcomingSession>> {
    let to = from.checked_add_days(Days::new(days)).unwrap_or(from);
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.name, s.id, s.number, s.date, s.start_time, p.topic
         FROM sessions s JOIN groups g ON g.id = s.group_id JOIN session_plans p ON p.id = s.plan_id
         WHERE s.status = 'scheduled' AND s.date >= ?1 AND s.date < ?2
           AND g.archived = 0 AND g.status IN ('planning', 'active')
         ORDER BY s.date, s.start_time, g.name",
    )?;
    let rows = stmt.query_map(params![fmt_date(from), fmt_date(to)], |r| {
        Ok(UpcomingSession {
            group_id: r.get(0)?,
            group_name: r.get(1)?,
            session_id: r.get(2)?,
            number: r.get(3)?,
            date: r.get(4)?,
            start_time: r.get(5)?,
            topic: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A group just created, with what the clinician should know.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CreatedGroup {
    pub id: GroupId,
    pub outcome: Outcome,
}

/// The group's sessions as an iCalendar file (RFC 5545): dates, times,
/// topics and the location only — never anything about a member.
/// Times are floating local times, so they stay at the same wall-clock time
/// whatever the calendar's time zone or daylight-saving changes.
pub fn export_ics(conn: &Connection, group: GroupId) -> Result<String> {
    use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
    let p = program(conn, group)?;
    let g = &p.group.input;
    let mut cal = Calendar::new();
    cal.name(&g.name);
    for s in &p.sessions {
        let d = parse_date("date", "date", &s.date)?;
        let t = parse_time("start_time", &s.start_time)?;
        let start = d.and_time(t);
        let end = start + chrono::Duration::minutes(g.session_minutes as i64);
        let summary = if s.topic.is_empty() {
            format!("{} — session {}", g.name, s.number)
        } else {
            format!("{} — session {}: {}", g.name, s.number, s.topic)
        };
        let mut e = Event::new();
        e.uid(&format!("{}@cohort.local", s.id))
            .summary(&summary)
            .starts(start)
            .ends(end)
            .status(match s.status {
                SessionStatus::Cancelled => EventStatus::Cancelled,
                _ => EventStatus::Confirmed,
            });
        if !g.location.is_empty() {
            e.location(&g.location);
        }
        cal.push(e.done());
    }
    Ok(cal.done().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn twelve_weekly_sessions_skip_a_holiday_and_extend() {
        let blackouts = BTreeSet::from([d("2027-01-18")]);
        let dates = generate(d("2027-01-04"), Cadence::Weekly, 12, &blackouts).unwrap();
        assert_eq!(dates.len(), 12);
        assert_eq!(dates[0], d("2027-01-04"));
        assert_eq!(dates[1], d("2027-01-11"));
        assert_eq!(dates[2], d("2027-01-25"), "the holiday is skipped");
        assert_eq!(dates[11], d("2027-03-29"), "the program ends a week later");
    }

    #[test]
    fn biweekly_spans_the_year_end() {
        let dates = generate(d("2026-12-14"), Cadence::Biweekly, 3, &BTreeSet::new()).unwrap();
        assert_eq!(dates, vec![d("2026-12-14"), d("2026-12-28"), d("2027-01-11")]);
    }

    #[test]
    fn blackouts_everywhere_are_refused() {
        let first = d("2027-01-04");
        let all: BTreeSet<NaiveDate> = (0..400).map(|i| first + Days::new(7 * i)).collect();
        assert!(generate(first, Cadence::Weekly, 2, &all).is_err());
    }

    proptest! {
        #[test]
        fn schedules_keep_count_weekday_order_and_avoid_blackouts(
            start in 0i64..3650,
            count in 1u32..=52,
            biweekly in any::<bool>(),
            skips in proptest::collection::vec(0u64..60, 0..10),
        ) {
            let first = d("2024-01-01") + Days::new(start as u64);
            let cadence = if biweekly { Cadence::Biweekly } else { Cadence::Weekly };
            let blackouts: BTreeSet<NaiveDate> = skips.iter().map(|k| first + Days::new(k * cadence.days())).collect();
            let dates = generate(first, cadence, count, &blackouts).unwrap();
            prop_assert_eq!(dates.len(), count as usize);
            for w in dates.windows(2) {
                prop_assert!(w[0] < w[1]);
                prop_assert_eq!((w[1] - w[0]).num_days() % cadence.days() as i64, 0);
            }
            for x in &dates {
                prop_assert!(!blackouts.contains(x));
                prop_assert_eq!(x.weekday(), first.weekday(), "same weekday across DST and year ends");
            }
            let last = *dates.last().unwrap();
            let span = (last - first).num_days() as u64 / cadence.days();
            prop_assert_eq!(span + 1, count as u64 + blackouts.iter().filter(|b| **b <= last).count() as u64);
        }

        #[test]
        fn shifting_by_n_and_back_is_identity(start in 0i64..3650, n in -400i64..400) {
            let x = d("2024-01-01") + Days::new(start as u64);
            prop_assert_eq!(shift(shift(x, n).unwrap(), -n).unwrap(), x);
        }
    }
}
