//! Starting a session, its timer, ending it; and recording as held a past
//! session that was run without the timer.
//!
//! The timer's state is stored with the session (`session_runs`): the item
//! it is on, and since when it has been running. Every action banks the
//! time since then into the current item, so the clock survives navigating
//! away, an automatic lock and a restart of the app.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::agenda::{self, running};
use super::{session_row, SessionRow};
use crate::error::{Error, Result};
use crate::ids::SessionId;
use crate::planning::group_status;
use crate::planning::groups::GroupStatus;
use crate::planning::program::{self, SessionStatus};
use crate::roster::places;
use crate::sentence;
use crate::values::{text_enum, Timestamp};
use crate::vault::audit::{self, AuditEvent};

text_enum!(
    /// What the clinician does with the agenda's timer.
    TimerAction {
        Pause,
        Resume,
        /// The current item is done; on to the next.
        Next,
        /// Back to the item before.
        Back,
    }
);

/// Why the session cannot be started on `today`, if it cannot.
pub(crate) fn why_not_start(conn: &Connection, s: &SessionRow, today: NaiveDate) -> Result<Option<String>> {
    let name = s.named();
    let why = match s.status {
        SessionStatus::Held => Some(format!("{name} was held.")),
        SessionStatus::Cancelled => Some(format!("{name} was cancelled.")),
        SessionStatus::Removed => Some(format!("{name} is no longer part of the program.")),
        SessionStatus::Scheduled if agenda::run_row(conn, s.id)?.is_some() => {
            Some(format!("{name} has already started."))
        }
        SessionStatus::Scheduled if s.group_archived => {
            Some("The group is archived. Bring it back from the archive to run its sessions.".into())
        }
        SessionStatus::Scheduled if matches!(s.group_status, GroupStatus::Completed | GroupStatus::Cancelled) => {
            Some(format!(
                "The group is {}, so its sessions are no longer run.",
                if s.group_status == GroupStatus::Completed { "completed" } else { "cancelled" }
            ))
        }
        SessionStatus::Scheduled if s.date > today => Some(format!(
            "Session {} is planned for {}. To run it today, reschedule it to today first.",
            s.number,
            sentence::date(s.date)
        )),
        SessionStatus::Scheduled if s.date < today => Some(format!(
            "Session {} was planned for {}, which has passed. If it took place, record it as held, then take attendance.",
            s.number,
            sentence::date(s.date)
        )),
        SessionStatus::Scheduled => None,
    };
    Ok(why)
}

/// A session of the group still running (started, not ended), other than `s`.
fn other_running(conn: &Connection, s: &SessionRow) -> Result<Option<(u32, NaiveDate)>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.number, s.date FROM session_runs r JOIN sessions s ON s.id = r.session_id
             WHERE s.group_id = ?1 AND r.ended_at IS NULL AND s.id <> ?2",
        )?
        .query_row(params![s.group_id, s.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// A group still being planned starts with its first session run or held,
/// once the clinician confirms the number enrolled.
fn start_group_if_planned(
    conn: &Connection,
    s: &SessionRow,
    confirmed_enrolled: Option<u32>,
    now: Timestamp,
) -> Result<()> {
    if s.group_status != GroupStatus::Planning {
        return Ok(());
    }
    let enrolled = places::enrolled_count(conn, s.group_id)?;
    if confirmed_enrolled != Some(enrolled) {
        let who = match enrolled {
            0 => "no one enrolled yet".to_string(),
            1 => "1 member enrolled".to_string(),
            n => format!("{n} members enrolled"),
        };
        return Err(Error::NeedsConfirmation(format!(
            "“{}” is still being planned. This session starts the group, with {who}. Start the group?",
            s.group_name
        )));
    }
    group_status::set_status(
        conn,
        s.group_id,
        GroupStatus::Active,
        enrolled,
        Some(enrolled),
        now,
    )
}

/// Starts the session on its day: records its actual start, copies its
/// plan's agenda and starts the timer on the first item.
pub fn start(
    conn: &Connection,
    session: SessionId,
    at: Timestamp,
    today: NaiveDate,
    confirmed_enrolled: Option<u32>,
) -> Result<()> {
    let s = session_row(conn, session)?;
    if let Some(why) = why_not_start(conn, &s, today)? {
        return Err(Error::Conflict(why));
    }
    if let Some((n, d)) = other_running(conn, &s)? {
        return Err(Error::Conflict(format!(
            "Session {n} ({}) has not been ended yet. End it first: open it from the program.",
            sentence::date(d)
        )));
    }
    start_group_if_planned(conn, &s, confirmed_enrolled, at)?;
    conn.prepare_cached(
        "INSERT INTO session_runs (session_id, started_at, current_position, resumed_at) VALUES (?1, ?2, 0, ?2)",
    )?
    .execute(params![session, at])?;
    if agenda::copy_from_plan(conn, &s)? == 0 {
        // Nothing to time: the clock waits until an item is added.
        conn.prepare_cached("UPDATE session_runs SET resumed_at = NULL WHERE session_id = ?1")?
            .execute([session])?;
    }
    audit::append(conn, AuditEvent::SessionStarted, &session.to_string())
}

/// Adds the time since the timer last resumed to the current item.
fn bank(
    conn: &Connection,
    session: SessionId,
    current: u32,
    resumed_at: Option<Timestamp>,
    at: Timestamp,
) -> Result<()> {
    if let Some(since) = resumed_at {
        conn.prepare_cached(
            "UPDATE session_agenda_items SET elapsed_ms = min(elapsed_ms + ?3, 86400000)
             WHERE session_id = ?1 AND position = ?2",
        )?
        .execute(params![session, current, at.millis_since(since)])?;
    }
    Ok(())
}

/// Pause, resume, next item or back, at `at`.
pub fn timer(conn: &Connection, session: SessionId, action: TimerAction, at: Timestamp) -> Result<()> {
    let (_, (_, _, current, resumed_at)) = running(conn, session)?;
    let items = agenda::item_count(conn, session)?;
    if items == 0 {
        return Err(Error::validation(
            "agenda",
            "This session's agenda is empty: add an item to time it.",
        ));
    }
    bank(conn, session, current, resumed_at, at)?;
    let (next, running_after) = match action {
        TimerAction::Pause => (current, false),
        TimerAction::Resume => (current, true),
        TimerAction::Next => {
            conn.prepare_cached(
                "UPDATE session_agenda_items SET done = 1 WHERE session_id = ?1 AND position = ?2",
            )?
            .execute(params![session, current])?;
            // Past the last item the clock stops: everything is done.
            if current + 1 >= items {
                (current, false)
            } else {
                (current + 1, resumed_at.is_some())
            }
        }
        TimerAction::Back => {
            let back = current.saturating_sub(1);
            conn.prepare_cached(
                "UPDATE session_agenda_items SET done = 0 WHERE session_id = ?1 AND position = ?2",
            )?
            .execute(params![session, back])?;
            (back, resumed_at.is_some())
        }
    };
    conn.prepare_cached(
        "UPDATE session_runs SET current_position = ?2, resumed_at = ?3 WHERE session_id = ?1",
    )?
    .execute(params![session, next, running_after.then_some(at)])?;
    Ok(())
}

/// Ticks an item as done, or not.
pub fn set_done(conn: &Connection, session: SessionId, item: i64, done: bool) -> Result<()> {
    running(conn, session)?;
    let n = conn
        .prepare_cached("UPDATE session_agenda_items SET done = ?3 WHERE id = ?1 AND session_id = ?2")?
        .execute(params![item, session, done as i64])?;
    if n == 0 {
        return Err(Error::NotFound(
            "That agenda item is not part of this session.".into(),
        ));
    }
    Ok(())
}

/// Ends the session: records its actual end, stops the timer and marks the
/// session held (the database does, as the end is written).
pub fn end(conn: &Connection, session: SessionId, at: Timestamp) -> Result<()> {
    let (_, (started_at, _, current, resumed_at)) = running(conn, session)?;
    bank(conn, session, current, resumed_at, at)?;
    conn.prepare_cached("UPDATE session_runs SET ended_at = ?2, resumed_at = NULL WHERE session_id = ?1")?
        .execute(params![session, at.max(started_at)])?;
    audit::append(conn, AuditEvent::SessionEnded, &session.to_string())
}

/// Records a session on or before `today` that took place without the
/// timer as held, so that its attendance can be taken.
pub fn record_held(
    conn: &Connection,
    session: SessionId,
    today: NaiveDate,
    confirmed_enrolled: Option<u32>,
    now: Timestamp,
) -> Result<()> {
    let s = session_row(conn, session)?;
    if s.status == SessionStatus::Scheduled && s.date > today {
        return Err(Error::Conflict(format!(
            "Session {} is planned for {}: it cannot be recorded as held before then.",
            s.number,
            sentence::date(s.date)
        )));
    }
    // The reasons it could not be started apply, except that its day has passed.
    if let Some(why) = why_not_start(conn, &s, today)? {
        if s.status != SessionStatus::Scheduled
            || s.date == today
            || agenda::run_row(conn, session)?.is_some()
        {
            return Err(Error::Conflict(why));
        }
        if s.group_archived || !matches!(s.group_status, GroupStatus::Planning | GroupStatus::Active) {
            return Err(Error::Conflict(why));
        }
    }
    start_group_if_planned(conn, &s, confirmed_enrolled, now)?;
    program::mark_held(conn, session)?;
    audit::append(conn, AuditEvent::SessionRecordedHeld, &session.to_string())
}
