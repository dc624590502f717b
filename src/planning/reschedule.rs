//! Moving a session to another date (optionally the later ones with it) and
//! cancelling one, optionally with a make-up at the end. Both update the
//! session rows in place; the sessions keep their ids.

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use crate::error::{Error, Result};
use crate::ids::SessionId;
use crate::planning::blackouts;
use crate::planning::calendar::{self, parse_date, parse_time};
use crate::planning::curriculum;
use crate::planning::groups;
use crate::planning::program::{self, Outcome, SessionStatus, Slot};
use crate::sentence;
use crate::vault::audit::{self, AuditEvent};

/// The session among `rows`, if it is still to come; otherwise why it cannot be `done`.
fn still_to_come<'a>(rows: &'a [Slot], session: SessionId, field: &str, done: &str) -> Result<&'a Slot> {
    let me = rows
        .iter()
        .find(|s| s.id == session)
        .ok_or_else(|| Error::NotFound("That session is no longer part of the program.".into()))?;
    match me.status {
        SessionStatus::Scheduled if me.started => Err(Error::validation(
            field,
            format!("Session {} has started, so it cannot be {done}.", me.number),
        )),
        SessionStatus::Scheduled => Ok(me),
        SessionStatus::Held => Err(Error::validation(
            field,
            format!(
                "Session {} has already been held, so it cannot be {done}.",
                me.number
            ),
        )),
        _ => Err(Error::validation(
            field,
            format!(
                "Session {} is already cancelled, so it cannot be {done}.",
                me.number
            ),
        )),
    }
}

/// Moves one session to another date (and time). With `shift_later`, every
/// later scheduled session moves by the same number of days. A move that
/// would put two sessions on the same day or out of order is refused.
pub fn reschedule(
    conn: &Connection,
    session: SessionId,
    new_date: &str,
    new_time: &str,
    shift_later: bool,
) -> Result<Outcome> {
    let group = program::session_group(conn, session)?;
    let new_d = parse_date("date", "The new date", new_date)?;
    let new_t = parse_time("start_time", new_time)?;
    let rows = program::slots(conn, group)?;
    let me = still_to_come(&rows, session, "date", "rescheduled")?;
    let delta = (new_d - me.date).num_days();
    let moves = |s: &Slot| {
        s.id == session || (shift_later && s.number > me.number && s.status == SessionStatus::Scheduled)
    };
    // The program after the move, checked before anything is written.
    let mut dated: Vec<(u32, NaiveDate, SessionStatus)> = Vec::with_capacity(rows.len());
    for s in &rows {
        let d = if s.id == session {
            new_d
        } else if moves(s) {
            calendar::shift(s.date, delta)?
        } else {
            s.date
        };
        dated.push((s.number, d, s.status));
    }
    let live: Vec<&(u32, NaiveDate, SessionStatus)> =
        dated.iter().filter(|x| x.2 != SessionStatus::Cancelled).collect();
    for w in live.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a.1 >= b.1 {
            return Err(Error::validation(
                "date",
                if a.0 == me.number || b.0 == me.number {
                    let other = if a.0 == me.number { b } else { a };
                    format!(
                        "Session {} would no longer come {} session {} ({}). Choose another date{}.",
                        me.number,
                        if other.0 > me.number { "before" } else { "after" },
                        other.0,
                        sentence::date(other.1),
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
    let blackouts = blackouts::applying_to(conn, Some(group))?;
    let shifted: Vec<u32> = rows
        .iter()
        .filter(|s| s.id != session && moves(s) && delta != 0)
        .map(|s| s.number)
        .collect();
    let mut notes = vec![format!(
        "Session {} is now on {} at {}{}.",
        me.number,
        sentence::date(new_d),
        sentence::time(new_t),
        match (shifted.first(), shifted.last()) {
            (Some(a), Some(b)) => format!(
                "; {} moved by {} day{} with it",
                program::session_range(*a, *b),
                delta.abs(),
                if delta.abs() == 1 { "" } else { "s" }
            ),
            _ => String::new(),
        }
    )];
    let mut stmt = conn.prepare_cached(
        "UPDATE sessions SET date = ?2, start_time = coalesce(?3, start_time),
                original_date = coalesce(original_date, ?4) WHERE id = ?1",
    )?;
    for (s, (_, d, _)) in rows.iter().zip(dated.iter()) {
        if !moves(s) || (*d == s.date && s.id != session) {
            continue;
        }
        let time = (s.id == session).then_some(new_t);
        stmt.execute(params![s.id, d, time, s.date])?;
        if blackouts.contains(d) {
            notes.push(format!(
                "Session {} now falls on a blackout date ({}).",
                s.number,
                sentence::date(*d)
            ));
        }
    }
    audit::append(
        conn,
        AuditEvent::SessionRescheduled,
        &format!("{session} {new_d} {new_t} shift_later={shift_later}"),
    )?;
    program::outcome(conn, group, notes)
}

/// Cancels a scheduled session; with `add_makeup`, adds a make-up session
/// after the last one, on the next free date, carrying a copy of its plan.
pub fn cancel_session(conn: &Connection, session: SessionId, add_makeup: bool) -> Result<Outcome> {
    let group = program::session_group(conn, session)?;
    let rows = program::slots(conn, group)?;
    let me = still_to_come(&rows, session, "status", "cancelled")?;
    conn.execute(
        "UPDATE sessions SET status = 'cancelled' WHERE id = ?1",
        [session],
    )?;
    let mut notes = Vec::new();
    if add_makeup {
        let g = groups::get(conn, group)?;
        let last = rows
            .iter()
            .filter(|s| s.status != SessionStatus::Cancelled && s.id != session)
            .map(|s| s.date)
            .max()
            .unwrap_or(me.date);
        let d = calendar::next_free_after(last, g.cadence, &blackouts::applying_to(conn, Some(group))?)?;
        let plan = curriculum::read_plan(conn, me.plan_id)?;
        let copy = curriculum::insert_plan(conn, group, &plan)?;
        let number = rows.iter().map(|s| s.number).max().unwrap_or(0) + 1;
        program::add_session(conn, group, number, d, g.start_time, copy, Some(session))?;
        notes.push(format!(
            "A make-up session (session {number}) was added on {}.",
            sentence::date(d)
        ));
    }
    audit::append(
        conn,
        AuditEvent::SessionCancelled,
        &format!("{session} makeup={add_makeup}"),
    )?;
    program::outcome(conn, group, notes)
}
