//! The agenda as a session runs it. When the session starts, its plan's
//! agenda is copied here; the timer's time, the items ticked as done and
//! the changes made during the session are kept with the session, never
//! written back to the plan. Once the session ends, it is final.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::{session_row, SessionRow};
use crate::error::{Error, Result};
use crate::ids::SessionId;
use crate::planning::limits::{AGENDA_ITEMS_MAX, AGENDA_ITEM_MINUTES};
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};

/// One item of the agenda as run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RunItem {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub minutes: u32,
    pub notes: String,
    pub done: bool,
    /// Time spent on it so far, as of the state's `as_of`.
    #[ts(type = "number")]
    pub elapsed_ms: i64,
}

/// The session's run: when it started and ended, and the timer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RunState {
    pub started_at: Timestamp,
    pub ended_at: Option<Timestamp>,
    /// The item the timer is on (an index into `items`).
    pub current: u32,
    pub running: bool,
    /// The moment the times below were read: the screen counts on from it.
    pub as_of: Timestamp,
    pub items: Vec<RunItem>,
    /// Every item's time added up.
    #[ts(type = "number")]
    pub elapsed_ms: i64,
    /// The agenda's planned minutes added up.
    pub planned_minutes: u32,
}

/// The run's row: (started, ended, current position, resumed at).
type RunRow = (Timestamp, Option<Timestamp>, u32, Option<Timestamp>);

pub(crate) fn run_row(conn: &Connection, session: SessionId) -> Result<Option<RunRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT started_at, ended_at, current_position, resumed_at FROM session_runs WHERE session_id = ?1",
        )?
        .query_row([session], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?)
}

/// The run of `session` as of `at`, if it has started: two queries.
pub fn state(conn: &Connection, session: SessionId, at: Timestamp) -> Result<Option<RunState>> {
    let Some((started_at, ended_at, current, resumed_at)) = run_row(conn, session)? else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, minutes, notes, done, elapsed_ms FROM session_agenda_items
         WHERE session_id = ?1 ORDER BY position",
    )?;
    let mut items: Vec<RunItem> = stmt
        .query_map([session], |r| {
            Ok(RunItem {
                id: r.get(0)?,
                title: r.get(1)?,
                minutes: r.get(2)?,
                notes: r.get(3)?,
                done: r.get::<_, i64>(4)? != 0,
                elapsed_ms: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if let (Some(since), Some(item)) = (resumed_at, items.get_mut(current as usize)) {
        item.elapsed_ms += at.millis_since(since);
    }
    Ok(Some(RunState {
        started_at,
        ended_at,
        current,
        running: resumed_at.is_some(),
        as_of: at,
        elapsed_ms: items.iter().map(|i| i.elapsed_ms).sum(),
        planned_minutes: items.iter().map(|i| i.minutes).sum(),
        items,
    }))
}

/// The session, which must be running (started, not ended), and its run.
pub(crate) fn running(conn: &Connection, session: SessionId) -> Result<(SessionRow, RunRow)> {
    let s = session_row(conn, session)?;
    match run_row(conn, session)? {
        None => Err(Error::validation(
            "session",
            format!("{} has not started.", s.named()),
        )),
        Some((_, Some(_), _, _)) => Err(Error::Conflict(format!(
            "{} has ended; what was run is kept as it was.",
            s.named()
        ))),
        Some(run) => Ok((s, run)),
    }
}

/// Copies the plan's agenda into the session as it starts.
pub(crate) fn copy_from_plan(conn: &Connection, s: &SessionRow) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO session_agenda_items (session_id, position, title, minutes, notes)
             SELECT ?1, position, title, minutes, notes FROM agenda_items WHERE plan_id = ?2 ORDER BY position",
        )?
        .execute(params![s.id, s.plan_id])?)
}

fn checked(title: &str, minutes: u32) -> Result<String> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(Error::validation(
            "title",
            "Give the agenda item a name (up to 200 characters).",
        ));
    }
    let (lo, hi) = AGENDA_ITEM_MINUTES;
    if !(lo..=hi).contains(&minutes) {
        return Err(Error::validation(
            "minutes",
            format!("An agenda item lasts {lo} to {hi} minutes (you entered {minutes})."),
        ));
    }
    Ok(title.to_string())
}

fn position_of(conn: &Connection, session: SessionId, item: i64) -> Result<(u32, i64, bool)> {
    conn.prepare_cached(
        "SELECT position, elapsed_ms, done FROM session_agenda_items WHERE id = ?1 AND session_id = ?2",
    )?
    .query_row(params![item, session], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? != 0))
    })
    .optional()?
    .ok_or_else(|| Error::NotFound("That agenda item is not part of this session.".into()))
}

/// Renames an item or changes its minutes, for this session only.
pub fn update_item(
    conn: &Connection,
    session: SessionId,
    item: i64,
    title: &str,
    minutes: u32,
) -> Result<()> {
    running(conn, session)?;
    let title = checked(title, minutes)?;
    position_of(conn, session, item)?;
    conn.prepare_cached("UPDATE session_agenda_items SET title = ?2, minutes = ?3 WHERE id = ?1")?
        .execute(params![item, title, minutes])?;
    audit::append(
        conn,
        AuditEvent::SessionAgendaChanged,
        &format!("{session} item {item} changed"),
    )
}

/// How many items the session's agenda holds.
pub(crate) fn item_count(conn: &Connection, session: SessionId) -> Result<u32> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM session_agenda_items WHERE session_id = ?1")?
        .query_row([session], |r| r.get(0))?)
}

/// Adds an item at the end of this session's agenda.
pub fn add_item(conn: &Connection, session: SessionId, title: &str, minutes: u32) -> Result<i64> {
    running(conn, session)?;
    let title = checked(title, minutes)?;
    let count = item_count(conn, session)?;
    if count as usize >= AGENDA_ITEMS_MAX {
        return Err(Error::validation(
            "title",
            format!("An agenda holds at most {AGENDA_ITEMS_MAX} items."),
        ));
    }
    conn.prepare_cached(
        "INSERT INTO session_agenda_items (session_id, position, title, minutes) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![session, count, title, minutes])?;
    let id = conn.last_insert_rowid();
    audit::append(
        conn,
        AuditEvent::SessionAgendaChanged,
        &format!("{session} item {id} added"),
    )?;
    Ok(id)
}

/// Takes an item not reached yet off this session's agenda.
pub fn remove_item(conn: &Connection, session: SessionId, item: i64) -> Result<()> {
    let (_, (_, _, current, _)) = running(conn, session)?;
    let (position, elapsed, done) = position_of(conn, session, item)?;
    if position == current || elapsed > 0 || done {
        return Err(Error::Conflict(
            "This item has been run, so it stays on the session's agenda. Tick it as done or move on.".into(),
        ));
    }
    conn.prepare_cached("DELETE FROM session_agenda_items WHERE id = ?1")?
        .execute([item])?;
    conn.prepare_cached(
        "UPDATE session_agenda_items SET position = position - 1 WHERE session_id = ?1 AND position > ?2",
    )?
    .execute(params![session, position])?;
    if position < current {
        conn.prepare_cached(
            "UPDATE session_runs SET current_position = current_position - 1 WHERE session_id = ?1",
        )?
        .execute([session])?;
    }
    audit::append(
        conn,
        AuditEvent::SessionAgendaChanged,
        &format!("{session} item {item} removed"),
    )
}
