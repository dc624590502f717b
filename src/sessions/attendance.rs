//! Attendance: who is expected at a session, and the sheet of marks.
//!
//! A member is expected at a session from the day they are enrolled to the
//! day they leave: someone who joined after a session is not expected at
//! it. Marks are taken once the session has started (or was recorded as
//! held), never at a cancelled one. The whole sheet is saved in one
//! transaction; a mark changed after the session ended is a correction,
//! flagged and audited.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::agenda;
use super::{session_row, SessionRow};
use crate::error::{Error, Result};
use crate::ids::{MemberId, PlaceId, SessionId};
use crate::planning::program::SessionStatus;
use crate::roster::names;
use crate::values::{text_enum, Timestamp};
use crate::vault::audit::{self, AuditEvent};

text_enum!(
    /// A member's attendance at one session.
    AttendanceStatus {
        Present,
        /// Arrived late (`minutes` late).
        Late,
        /// Left early (`minutes` before the end).
        LeftEarly,
        /// Absent, having told the clinician ahead (excused).
        AbsentExcused,
        /// Absent without notice (unexcused).
        AbsentUnexcused,
    }
);

impl AttendanceStatus {
    pub fn is_absence(self) -> bool {
        matches!(
            self,
            AttendanceStatus::AbsentExcused | AttendanceStatus::AbsentUnexcused
        )
    }

    fn takes_minutes(self) -> bool {
        matches!(self, AttendanceStatus::Late | AttendanceStatus::LeftEarly)
    }

    pub fn words(self) -> &'static str {
        match self {
            AttendanceStatus::Present => "present",
            AttendanceStatus::Late => "late",
            AttendanceStatus::LeftEarly => "left early",
            AttendanceStatus::AbsentExcused => "absent with notice",
            AttendanceStatus::AbsentUnexcused => "absent without notice",
        }
    }
}

/// A member's mark at a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Mark {
    pub status: AttendanceStatus,
    /// Minutes late, or minutes before the end when leaving early.
    pub minutes: Option<u32>,
    /// Changed after the session ended.
    pub corrected: bool,
}

/// A mark as the sheet sends it: checked here, with a message for each
/// thing that is not right.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct MarkInput {
    pub place_id: PlaceId,
    pub status: String,
    #[ts(type = "number | null")]
    pub minutes: Option<i64>,
}

/// A member expected at a session, with their mark if taken.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExpectedMember {
    pub place_id: PlaceId,
    pub member_id: MemberId,
    pub legal_name: String,
    pub preferred_name: String,
    pub pronouns: String,
    /// The newest version of the group's ground rules they agreed to.
    pub agreed_version: Option<u32>,
    pub mark: Option<Mark>,
}

/// What saving a sheet did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct SheetSaved {
    pub marked: u32,
    /// Marks changed after the session ended.
    pub corrected: u32,
}

/// Everyone expected at the session, in name order, with their marks: one query.
pub fn expected(conn: &Connection, session: SessionId) -> Result<Vec<ExpectedMember>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.member_id, m.legal_name, m.preferred_name, m.pronouns,
                (SELECT max(v.version) FROM agreements ag JOIN ground_rule_versions v ON v.id = ag.version_id
                 WHERE ag.place_id = p.id),
                a.status, a.minutes, a.corrected_at IS NOT NULL
         FROM sessions s
         JOIN places p ON p.group_id = s.group_id
         JOIN members m ON m.id = p.member_id
         LEFT JOIN attendance a ON a.session_id = s.id AND a.place_id = p.id
         WHERE s.id = ?1 AND p.enrolled_on IS NOT NULL AND p.enrolled_on <= s.date
           AND (p.left_on IS NULL OR p.left_on >= s.date)
         ORDER BY m.sort_key",
    )?;
    let rows = stmt.query_map([session], |r| {
        let status: Option<AttendanceStatus> = r.get(6)?;
        Ok(ExpectedMember {
            place_id: r.get(0)?,
            member_id: r.get(1)?,
            legal_name: r.get(2)?,
            preferred_name: r.get(3)?,
            pronouns: r.get(4)?,
            agreed_version: r.get(5)?,
            mark: match status {
                Some(status) => Some(Mark {
                    status,
                    minutes: r.get(7)?,
                    corrected: r.get::<_, i64>(8)? != 0,
                }),
                None => None,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether attendance can be taken at the session now, and if not, why.
pub(crate) fn why_not_taken(conn: &Connection, s: &SessionRow) -> Result<Option<String>> {
    let name = s.named();
    Ok(match s.status {
        SessionStatus::Cancelled => Some(format!(
            "{name} was cancelled, so no one is marked absent from it."
        )),
        SessionStatus::Removed => Some(format!("{name} is no longer part of the program.")),
        SessionStatus::Held => None,
        SessionStatus::Scheduled if agenda::run_row(conn, s.id)?.is_some() => None,
        SessionStatus::Scheduled => Some(format!(
            "{name} has not started. Start it, or record it as held, to take attendance."
        )),
    })
}

struct Checked {
    place: PlaceId,
    status: AttendanceStatus,
    minutes: Option<u32>,
}

fn check(input: &MarkInput, name: &str, session_minutes: u32) -> Result<Checked> {
    let status: AttendanceStatus = input.status.parse().map_err(|_| {
        Error::validation(
            "status",
            format!(
                "“{}” is not an attendance mark. Mark {name} present, late, left early, absent with notice or absent without notice.",
                input.status
            ),
        )
    })?;
    let minutes = match (status.takes_minutes(), input.minutes) {
        (true, Some(m)) if (1..=session_minutes as i64).contains(&m) => Some(m as u32),
        (true, Some(m)) => {
            return Err(Error::validation(
                "minutes",
                format!(
                    "{name} was marked {} by {m} minutes; it must be 1 to {session_minutes} minutes (the session's length).",
                    status.words()
                ),
            ))
        }
        (true, None) => {
            return Err(Error::validation(
                "minutes",
                format!("Say how many minutes {name} was {}.", status.words()),
            ))
        }
        (false, Some(_)) => {
            return Err(Error::validation(
                "minutes",
                format!("Minutes are given only for late or left early, not for {name}, who was {}.", status.words()),
            ))
        }
        (false, None) => None,
    };
    Ok(Checked {
        place: input.place_id,
        status,
        minutes,
    })
}

/// Why `place` is not expected at the session: not in the group, or not
/// enrolled on that day.
fn not_expected(conn: &Connection, s: &SessionRow, place: PlaceId) -> Result<Error> {
    let row: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT m.legal_name, p.group_id FROM places p JOIN members m ON m.id = p.member_id WHERE p.id = ?1",
        )?
        .query_row([place], |r| Ok((r.get(0)?, r.get(1)?)))
        .ok();
    Ok(Error::validation(
        "place_id",
        match row {
            Some((name, group)) if group == s.group_id.to_string() => format!(
                "{name} was not enrolled in the group on the day of {}, so they are not on its attendance sheet.",
                s.named()
            ),
            _ => format!(
                "That person is not on the roster of “{}”, so they cannot be marked at its sessions.",
                s.group_name
            ),
        },
    ))
}

/// Saves the sheet: every mark given, checked first, in one transaction.
/// A mark changed after the session ended is recorded as a correction.
pub fn save_sheet(
    conn: &Connection,
    session: SessionId,
    marks: &[MarkInput],
    at: Timestamp,
) -> Result<SheetSaved> {
    let s = session_row(conn, session)?;
    if let Some(why) = why_not_taken(conn, &s)? {
        return Err(Error::Conflict(why));
    }
    let expected: HashMap<PlaceId, ExpectedMember> = expected(conn, session)?
        .into_iter()
        .map(|e| (e.place_id, e))
        .collect();
    let mut seen = HashSet::new();
    let mut checked = Vec::with_capacity(marks.len());
    for m in marks {
        let Some(e) = expected.get(&m.place_id) else {
            return Err(not_expected(conn, &s, m.place_id)?);
        };
        let name = names::goes_by(&e.legal_name, &e.preferred_name);
        if !seen.insert(m.place_id) {
            return Err(Error::validation(
                "place_id",
                format!("{name} is on the sheet twice."),
            ));
        }
        checked.push((check(m, name, s.session_minutes)?, e.mark.clone()));
    }
    let after_the_session = s.status == SessionStatus::Held;
    let (mut marked, mut corrected) = (0, 0);
    for (c, before) in checked {
        match before {
            None => {
                conn.prepare_cached(
                    "INSERT INTO attendance (session_id, place_id, status, minutes, recorded_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![session, c.place, c.status, c.minutes, at])?;
                marked += 1;
            }
            Some(b) if b.status == c.status && b.minutes == c.minutes => {}
            Some(b) => {
                conn.prepare_cached(
                    "UPDATE attendance SET status = ?3, minutes = ?4,
                         corrected_at = CASE WHEN ?5 THEN ?6 ELSE corrected_at END
                     WHERE session_id = ?1 AND place_id = ?2",
                )?
                .execute(params![
                    session,
                    c.place,
                    c.status,
                    c.minutes,
                    after_the_session,
                    at
                ])?;
                marked += 1;
                if after_the_session {
                    corrected += 1;
                    let from: &str = b.status.into();
                    let to: &str = c.status.into();
                    audit::append(
                        conn,
                        AuditEvent::AttendanceCorrected,
                        &format!("{session} {}: {from} → {to}", c.place),
                    )?;
                }
            }
        }
    }
    audit::append(
        conn,
        AuditEvent::AttendanceSaved,
        &format!("{session} {marked} marks"),
    )?;
    Ok(SheetSaved { marked, corrected })
}

/// The latest session the place has attendance at, if any (on `attendance_by_place`).
pub fn last_marked(conn: &Connection, place: PlaceId) -> Result<Option<(u32, NaiveDate)>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.number, s.date FROM attendance a JOIN sessions s ON s.id = a.session_id
             WHERE a.place_id = ?1 ORDER BY s.date DESC LIMIT 1",
        )?
        .query_row([place], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}
