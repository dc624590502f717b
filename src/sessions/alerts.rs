//! Absence alerts and their follow-ups.
//!
//! An alert is computed from the attendance each time it is read — never
//! stored, so it is never stale: a member of an active group whose absences
//! crossed the group's policy, with no follow-up recorded since. Coming
//! back does not clear it; recording a follow-up (date, how, outcome) does;
//! missing again while over the policy raises it again.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::attendance::AttendanceStatus;
use super::policy::{AttendancePolicy, POLICY_COLUMNS};
use crate::error::{Error, Result};
use crate::ids::{GroupId, MemberId, PlaceId, SessionId};
use crate::planning::calendar::parse_date;
use crate::roster::names;
use crate::sentence;
use crate::values::{text_enum, Timestamp};
use crate::vault::audit::{self, AuditEvent};

/// A member whose absences crossed their group's policy, not yet followed up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AbsenceAlert {
    pub place_id: PlaceId,
    pub member_id: MemberId,
    pub group_id: GroupId,
    pub group_name: String,
    pub legal_name: String,
    pub preferred_name: String,
    /// What crossed the policy, in a sentence (dates marked).
    pub reason: String,
    /// The sessions missed that count, by number, in order.
    pub missed: Vec<u32>,
    /// The last of them: a follow-up answers it.
    pub last_missed: SessionId,
    pub last_missed_number: u32,
    #[ts(type = "string")]
    pub last_missed_date: NaiveDate,
}

text_enum!(
    /// How the clinician followed up.
    FollowUpMethod {
        Phone,
        TextMessage,
        Email,
        InPerson,
        Letter,
        Other,
    }
);

/// A follow-up as the form sends it.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct FollowUpInput {
    /// The missed session it answers (the alert's last).
    pub session_id: SessionId,
    /// YYYY-MM-DD.
    pub followed_up_on: String,
    pub method: FollowUpMethod,
    pub outcome: String,
}

/// A recorded follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FollowUp {
    #[ts(type = "number")]
    pub id: i64,
    pub place_id: PlaceId,
    pub session_id: SessionId,
    pub session_number: u32,
    #[ts(type = "string")]
    pub followed_up_on: NaiveDate,
    pub method: FollowUpMethod,
    pub outcome: String,
    pub recorded_at: Timestamp,
}

/// Whose alerts to compute.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    Practice,
    Group(GroupId),
    Member(MemberId),
}

impl Scope {
    fn filter(self) -> (&'static str, String) {
        match self {
            Scope::Practice => ("?1 = ?1", "all".into()),
            Scope::Group(g) => ("p.group_id = ?1", g.to_string()),
            Scope::Member(m) => ("p.member_id = ?1", m.to_string()),
        }
    }
}

struct Marked {
    session: SessionId,
    number: u32,
    date: NaiveDate,
    status: AttendanceStatus,
}

struct PlaceMarks {
    member: MemberId,
    group: GroupId,
    group_name: String,
    legal_name: String,
    preferred_name: String,
    policy: AttendancePolicy,
    marks: Vec<Marked>,
}

/// The alerts of enrolled members of active groups in `scope`: two queries,
/// whatever the number of marks.
pub fn alerts(conn: &Connection, scope: Scope) -> Result<Vec<AbsenceAlert>> {
    let (filter, arg) = scope.filter();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT p.id, p.member_id, p.group_id, g.name, m.legal_name, m.preferred_name,
                {POLICY_COLUMNS},
                s.id, s.number, s.date, a.status
         FROM places p
         JOIN groups g ON g.id = p.group_id
         LEFT JOIN attendance_policies ap ON ap.group_id = p.group_id
         JOIN members m ON m.id = p.member_id
         JOIN attendance a ON a.place_id = p.id
         JOIN sessions s ON s.id = a.session_id
         WHERE p.stage = 'enrolled' AND g.status = 'active' AND g.archived = 0 AND {filter}
         ORDER BY p.id"
    ))?;
    // Each place's marks are put in session order here: sorting a few
    // dozen marks per place is cheaper than sorting every mark in SQL.
    let mut by_place: Vec<(PlaceId, PlaceMarks)> = Vec::new();
    let mut rows = stmt.query([&arg])?;
    while let Some(r) = rows.next()? {
        let place: PlaceId = r.get(0)?;
        if by_place.last().map(|(p, _)| *p) != Some(place) {
            by_place.push((
                place,
                PlaceMarks {
                    member: r.get(1)?,
                    group: r.get(2)?,
                    group_name: r.get(3)?,
                    legal_name: r.get(4)?,
                    preferred_name: r.get(5)?,
                    policy: AttendancePolicy {
                        in_a_row: r.get(6)?,
                        in_total: r.get(7)?,
                        excused_count: r.get::<_, i64>(8)? != 0,
                    },
                    marks: Vec::new(),
                },
            ));
        }
        if let Some((_, pm)) = by_place.last_mut() {
            pm.marks.push(Marked {
                session: r.get(9)?,
                number: r.get(10)?,
                date: r.get(11)?,
                status: r.get(12)?,
            });
        }
    }
    for (_, pm) in &mut by_place {
        pm.marks.sort_by_key(|m| m.number);
    }
    let answered = followed_up_through(conn, filter, &arg)?;
    let mut out: Vec<AbsenceAlert> = by_place
        .into_iter()
        .filter_map(|(place, pm)| alert_of(place, pm, answered.get(&place).copied()))
        .collect();
    // By group, then by the name each member goes by.
    out.sort_by_cached_key(|a| {
        let name = names::goes_by(&a.legal_name, &a.preferred_name);
        (a.group_name.clone(), names::fold(name))
    });
    Ok(out)
}

/// Per place, the number of the latest missed session a follow-up answered.
fn followed_up_through(conn: &Connection, filter: &str, arg: &str) -> Result<HashMap<PlaceId, u32>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT f.place_id, max(s.number)
         FROM places p JOIN follow_ups f ON f.place_id = p.id JOIN sessions s ON s.id = f.session_id
         WHERE p.stage = 'enrolled' AND {filter}
         GROUP BY f.place_id"
    ))?;
    let rows = stmt.query_map([arg], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The alert for one member's marks (in session order): the last absence
/// at which the policy was crossed, unless a follow-up answered it or a
/// later one. Coming back does not clear it; a follow-up does.
fn alert_of(place: PlaceId, pm: PlaceMarks, answered_through: Option<u32>) -> Option<AbsenceAlert> {
    let policy = pm.policy;
    let counts = |s: AttendanceStatus| {
        s == AttendanceStatus::AbsentUnexcused
            || (s == AttendanceStatus::AbsentExcused && policy.excused_count)
    };
    let mut streak: Vec<&Marked> = Vec::new();
    let mut total: Vec<&Marked> = Vec::new();
    let mut crossed: Option<(Vec<&Marked>, &str, u32)> = None;
    for m in &pm.marks {
        if counts(m.status) {
            streak.push(m);
            total.push(m);
            if let Some(n) = policy.in_a_row.filter(|n| streak.len() as u32 >= *n) {
                crossed = Some((streak.clone(), "in a row", n));
            } else if let Some(n) = policy.in_total.filter(|n| total.len() as u32 >= *n) {
                crossed = Some((total.clone(), "in total", n));
            }
        } else if !m.status.is_absence() {
            streak.clear();
        }
        // An absence with notice that does not count neither adds to nor breaks a run.
    }
    let (counted, what, limit) = crossed?;
    let last = *counted.last()?;
    if answered_through.is_some_and(|n| n >= last.number) {
        return None;
    }
    let missed: Vec<u32> = counted.iter().map(|m| m.number).collect();
    let reason = format!(
        "Missed {} {what} ({}; the last on {}). The group's policy asks for a follow-up after {limit}.",
        sessions_word(missed.len()),
        session_list(&missed),
        sentence::date(last.date)
    );
    Some(AbsenceAlert {
        place_id: place,
        member_id: pm.member,
        group_id: pm.group,
        group_name: pm.group_name,
        legal_name: pm.legal_name,
        preferred_name: pm.preferred_name,
        reason,
        missed,
        last_missed: last.session,
        last_missed_number: last.number,
        last_missed_date: last.date,
    })
}

fn sessions_word(n: usize) -> String {
    if n == 1 {
        "1 session".into()
    } else {
        format!("{n} sessions")
    }
}

/// "sessions 3 and 4", "sessions 2, 5 and 6".
fn session_list(n: &[u32]) -> String {
    let parts: Vec<String> = n.iter().map(u32::to_string).collect();
    match parts.as_slice() {
        [one] => format!("session {one}"),
        [init @ .., last] => format!("sessions {} and {last}", init.join(", ")),
        [] => String::new(),
    }
}

/// Records a follow-up of a member's absences; final once recorded.
pub fn record_follow_up(
    conn: &Connection,
    place: PlaceId,
    input: &FollowUpInput,
    today: NaiveDate,
    now: Timestamp,
) -> Result<FollowUp> {
    let on = parse_date(
        "followed_up_on",
        "The date of the follow-up",
        &input.followed_up_on,
    )?;
    if on > today {
        return Err(Error::validation(
            "followed_up_on",
            "A follow-up is recorded once it has happened: the date cannot be in the future.",
        ));
    }
    let outcome = input.outcome.trim();
    if outcome.is_empty() || outcome.chars().count() > 2000 {
        return Err(Error::validation(
            "outcome",
            "Write what came of the follow-up (up to 2,000 characters).",
        ));
    }
    let missed: Option<(NaiveDate, u32, AttendanceStatus)> = conn
        .prepare_cached(
            "SELECT s.date, s.number, a.status FROM attendance a JOIN sessions s ON s.id = a.session_id
             WHERE a.session_id = ?1 AND a.place_id = ?2",
        )?
        .query_row(params![input.session_id, place], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    match missed {
        Some((date, _, status)) if status.is_absence() && date <= on => {}
        Some((date, n, status)) if status.is_absence() => {
            return Err(Error::validation(
                "followed_up_on",
                format!(
                    "Session {n} was on {}: a follow-up of it is on or after that day.",
                    sentence::date(date)
                ),
            ))
        }
        _ => {
            return Err(Error::validation(
                "session_id",
                "A follow-up answers a session the member missed; they were not marked absent from that one.",
            ))
        }
    }
    conn.prepare_cached(
        "INSERT INTO follow_ups (place_id, session_id, followed_up_on, method, outcome, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![place, input.session_id, on, input.method, outcome, now])?;
    let id = conn.last_insert_rowid();
    audit::append(conn, AuditEvent::FollowUpRecorded, &format!("{place} {id}"))?;
    follow_ups(conn, place)?
        .into_iter()
        .find(|f| f.id == id)
        .ok_or_else(|| Error::Internal("the follow-up just recorded could not be read".into()))
}

/// A place's follow-ups, newest first.
pub fn follow_ups(conn: &Connection, place: PlaceId) -> Result<Vec<FollowUp>> {
    follow_ups_where(conn, "f.place_id = ?1", &place.to_string())
}

/// Every follow-up of a member's absences, in any group, newest first.
pub fn follow_ups_of_member(conn: &Connection, member: MemberId) -> Result<Vec<FollowUp>> {
    follow_ups_where(conn, "p.member_id = ?1", &member.to_string())
}

fn follow_ups_where(conn: &Connection, filter: &str, arg: &str) -> Result<Vec<FollowUp>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT f.id, f.place_id, f.session_id, s.number, f.followed_up_on, f.method, f.outcome, f.recorded_at
         FROM places p JOIN follow_ups f ON f.place_id = p.id JOIN sessions s ON s.id = f.session_id
         WHERE {filter} ORDER BY f.followed_up_on DESC, f.id DESC"
    ))?;
    let rows = stmt.query_map([arg], |r| {
        Ok(FollowUp {
            id: r.get(0)?,
            place_id: r.get(1)?,
            session_id: r.get(2)?,
            session_number: r.get(3)?,
            followed_up_on: r.get(4)?,
            method: r.get(5)?,
            outcome: r.get(6)?,
            recorded_at: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
