//! The attendance register of one program: every member who held a place
//! × every session, each cell the mark, with totals per member and per
//! session and the attendance rates.
//!
//! Read in four queries whatever the program's size: the group (and its
//! co-facilitators), its sessions with their plans, the places of everyone
//! ever enrolled, and every mark of the group.
//!
//! **Counting.** A member is expected at a held session from the day they
//! were enrolled to the day they left (the rule of the attendance sheet,
//! `sessions::attendance::expected`); a mark recorded outside those dates
//! still counts. *Attended* is present, late or left early. The rate is
//! attended ÷ the expected sessions whose mark was taken: a held session
//! with no mark is shown as "not recorded" and left out of the rate, never
//! counted as an absence.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::ids::{GroupId, MemberId, PlaceId, SessionId};
use crate::planning::groups::{self, Group};
use crate::planning::program::{self, SessionStatus};
use crate::roster::places::Stage;
use crate::sessions::attendance::{AttendanceStatus, Mark};
use crate::settings;

/// What stands in one cell of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cell {
    /// The mark taken.
    Marked { mark: Mark },
    /// Held, expected, and no mark was taken.
    NotRecorded,
    /// The member had not joined yet.
    NotYetJoined,
    /// The member had left.
    HadLeft,
    /// The session was cancelled.
    Cancelled,
    /// Not held yet.
    Scheduled,
}

impl Cell {
    /// The cell in words, as the CSV writes it.
    pub fn words(&self) -> String {
        match self {
            Cell::Marked { mark } => match (mark.status, mark.minutes) {
                (AttendanceStatus::Late, Some(m)) => format!("late {m} min"),
                (AttendanceStatus::LeftEarly, Some(m)) => format!("left {m} min early"),
                (status, _) => status.words().to_string(),
            },
            Cell::NotRecorded => "not recorded".into(),
            Cell::NotYetJoined => "not expected (had not joined)".into(),
            Cell::HadLeft => "not expected (had left)".into(),
            Cell::Cancelled => "cancelled".into(),
            Cell::Scheduled => String::new(),
        }
    }

    /// The cell as the register's page prints it (its legend says what each means).
    pub fn short(&self) -> String {
        match self {
            Cell::Marked { mark } => match (mark.status, mark.minutes) {
                (AttendanceStatus::Present, _) => "present".into(),
                (AttendanceStatus::Late, Some(m)) => format!("late {m}"),
                (AttendanceStatus::LeftEarly, Some(m)) => format!("left {m}"),
                (AttendanceStatus::AbsentExcused, _) => "excused".into(),
                (AttendanceStatus::AbsentUnexcused, _) => "absent".into(),
                (status, None) => status.words().into(),
            },
            Cell::NotRecorded => "?".into(),
            Cell::NotYetJoined | Cell::HadLeft => "—".into(),
            Cell::Cancelled | Cell::Scheduled => String::new(),
        }
    }

    fn attended(&self) -> bool {
        matches!(self, Cell::Marked { mark } if !mark.status.is_absence())
    }
}

/// The key under the register: what each short cell means.
pub const LEGEND: &str = "present · late N: arrived N minutes late · left N: left N minutes before the end · \
    excused: absent with notice · absent: absent without notice · —: not expected (had not joined yet, or had left) · \
    ?: held, no mark taken. Attended counts present, late and left early; the rate is sessions attended ÷ sessions \
    with a mark taken.";

/// A cell, and how the register's page prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RegisterCell {
    pub cell: Cell,
    /// As printed: "late 10", "excused", "—".
    pub short: String,
    /// In words, as the CSV writes it: "late 10 min".
    pub words: String,
}

/// A session, as a column of the register.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RegisterSession {
    pub id: SessionId,
    pub number: u32,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub status: SessionStatus,
    /// For a make-up session, the number of the cancelled session it replaces.
    pub makeup_for: Option<u32>,
    pub topic: String,
    /// Members who attended (present, late or left early); none until held.
    pub attended: u32,
    /// Members expected at it (enrolled on the day).
    pub expected: u32,
}

/// Counts of one member's marks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
pub struct MarkCounts {
    pub present: u32,
    pub late: u32,
    pub left_early: u32,
    pub absent_excused: u32,
    pub absent_unexcused: u32,
    /// Held sessions they were expected at with no mark taken.
    pub not_recorded: u32,
}

impl MarkCounts {
    /// Present, late or left early.
    pub fn attended(&self) -> u32 {
        self.present + self.late + self.left_early
    }

    /// The held sessions they were expected at whose mark was taken.
    pub fn marked(&self) -> u32 {
        self.attended() + self.absent_excused + self.absent_unexcused
    }

    fn add(&mut self, cell: &Cell) {
        match cell {
            Cell::Marked { mark } => match mark.status {
                AttendanceStatus::Present => self.present += 1,
                AttendanceStatus::Late => self.late += 1,
                AttendanceStatus::LeftEarly => self.left_early += 1,
                AttendanceStatus::AbsentExcused => self.absent_excused += 1,
                AttendanceStatus::AbsentUnexcused => self.absent_unexcused += 1,
            },
            Cell::NotRecorded => self.not_recorded += 1,
            _ => {}
        }
    }
}

/// One member's row.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RegisterMember {
    pub place_id: PlaceId,
    pub member_id: MemberId,
    pub legal_name: String,
    pub stage: Stage,
    #[ts(type = "string")]
    pub enrolled_on: NaiveDate,
    #[ts(type = "string | null")]
    pub left_on: Option<NaiveDate>,
    /// One cell per session, in the order of `Register::sessions`.
    pub cells: Vec<RegisterCell>,
    pub counts: MarkCounts,
    /// Sessions attended (present, late or left early).
    pub attended: u32,
    /// Sessions they were expected at whose mark was taken.
    pub marked: u32,
    /// Attended ÷ marked, 0–1; none before any mark.
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Register {
    pub group: Group,
    /// What each short cell means.
    pub legend: String,
    /// The clinician and the co-facilitators, each with credentials
    /// ("Dana Reyes, LCSW").
    pub facilitators: Vec<String>,
    pub practice_name: String,
    pub sessions: Vec<RegisterSession>,
    /// Everyone who held a place, in name order.
    pub members: Vec<RegisterMember>,
    pub held: u32,
    pub cancelled: u32,
    /// Every attended mark ÷ every taken one, 0–1.
    pub group_rate: Option<f64>,
}

fn rate(attended: u32, marked: u32) -> Option<f64> {
    (marked > 0).then(|| f64::from(attended) / f64::from(marked))
}

/// A rate as a whole percentage ("83%"), or a dash.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "–".into(), |r| format!("{:.0}%", r * 100.0))
}

struct PlaceRow {
    place_id: PlaceId,
    member_id: MemberId,
    legal_name: String,
    stage: Stage,
    enrolled_on: NaiveDate,
    left_on: Option<NaiveDate>,
}

/// Everyone who was ever enrolled in the group, in name order (on `places_by_group`).
fn enrolled_places(conn: &Connection, group: GroupId) -> Result<Vec<PlaceRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.member_id, m.legal_name, p.stage, p.enrolled_on, p.left_on
         FROM places p JOIN members m ON m.id = p.member_id
         WHERE p.group_id = ?1 AND p.enrolled_on IS NOT NULL
         ORDER BY m.sort_key, p.enrolled_on",
    )?;
    let rows = stmt.query_map([group], |r| {
        Ok(PlaceRow {
            place_id: r.get(0)?,
            member_id: r.get(1)?,
            legal_name: r.get(2)?,
            stage: r.get(3)?,
            enrolled_on: r.get(4)?,
            left_on: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every mark taken at the group's sessions (the sessions by group, then
/// the attendance key).
fn marks(conn: &Connection, group: GroupId) -> Result<HashMap<(SessionId, PlaceId), Mark>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.session_id, a.place_id, a.status, a.minutes, a.corrected_at IS NOT NULL
         FROM sessions s JOIN attendance a ON a.session_id = s.id
         WHERE s.group_id = ?1",
    )?;
    let rows = stmt.query_map([group], |r| {
        Ok((
            (r.get(0)?, r.get(1)?),
            Mark {
                status: r.get(2)?,
                minutes: r.get(3)?,
                corrected: r.get::<_, i64>(4)? != 0,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Who ran the group: the clinician (from the profile), then the co-facilitators.
pub(crate) fn facilitators(profile: &settings::ClinicianProfile, group: &Group) -> Vec<String> {
    let mut names = Vec::new();
    let me = profile.signed_as();
    if !me.is_empty() {
        names.push(me);
    }
    for c in &group.co_facilitators {
        names.push(if c.credentials.is_empty() {
            c.name.clone()
        } else {
            format!("{}, {}", c.name, c.credentials)
        });
    }
    names
}

/// The attendance register of a group's program.
pub fn register(conn: &Connection, group_id: GroupId) -> Result<Register> {
    let group = groups::get(conn, group_id)?;
    let program = program::sessions(conn, group_id)?;
    let places = enrolled_places(conn, group_id)?;
    let marks = marks(conn, group_id)?;

    let mut sessions: Vec<RegisterSession> = program
        .iter()
        .map(|s| RegisterSession {
            id: s.id,
            number: s.number,
            date: s.date,
            status: s.status,
            makeup_for: s.makeup_for,
            topic: s.topic.clone(),
            attended: 0,
            expected: 0,
        })
        .collect();

    let mut members = Vec::with_capacity(places.len());
    let (mut all_attended, mut all_marked) = (0, 0);
    for p in places {
        let mut counts = MarkCounts::default();
        let mut cells = Vec::with_capacity(sessions.len());
        for s in sessions.iter_mut() {
            let cell = match (s.status, marks.get(&(s.id, p.place_id))) {
                (SessionStatus::Cancelled | SessionStatus::Removed, _) => Cell::Cancelled,
                (_, Some(mark)) => Cell::Marked { mark: mark.clone() },
                _ if s.date < p.enrolled_on => Cell::NotYetJoined,
                _ if p.left_on.is_some_and(|left| s.date > left) => Cell::HadLeft,
                (SessionStatus::Held, None) => Cell::NotRecorded,
                (SessionStatus::Scheduled, None) => Cell::Scheduled,
            };
            if matches!(cell, Cell::Marked { .. } | Cell::NotRecorded) {
                s.expected += 1;
                s.attended += u32::from(cell.attended());
            }
            counts.add(&cell);
            cells.push(RegisterCell {
                short: cell.short(),
                words: cell.words(),
                cell,
            });
        }
        all_attended += counts.attended();
        all_marked += counts.marked();
        members.push(RegisterMember {
            place_id: p.place_id,
            member_id: p.member_id,
            legal_name: p.legal_name,
            stage: p.stage,
            enrolled_on: p.enrolled_on,
            left_on: p.left_on,
            rate: rate(counts.attended(), counts.marked()),
            attended: counts.attended(),
            marked: counts.marked(),
            cells,
            counts,
        });
    }

    let profile = settings::profile(conn)?;
    Ok(Register {
        legend: LEGEND.into(),
        facilitators: facilitators(&profile, &group),
        practice_name: profile.practice_name,
        held: count(&sessions, SessionStatus::Held),
        cancelled: count(&sessions, SessionStatus::Cancelled),
        group_rate: rate(all_attended, all_marked),
        group,
        sessions,
        members,
    })
}

fn count(sessions: &[RegisterSession], status: SessionStatus) -> u32 {
    sessions.iter().filter(|s| s.status == status).count() as u32
}
