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
    /// The condition on places `p` and the one on groups `g` (the groups
    /// whose sessions count), with their argument.
    fn filters(self) -> (&'static str, &'static str, String) {
        match self {
            Scope::Practice => ("?1 = ?1", "?1 = ?1", "all".into()),
            Scope::Group(g) => ("p.group_id = ?1", "g.id = ?1", g.to_string()),
            Scope::Member(m) => (
                "p.member_id = ?1",
                "g.id IN (SELECT group_id FROM places WHERE member_id = ?1)",
                m.to_string(),
            ),
        }
    }
}

/// A mark, with its session's number and date as the database keeps them
/// (parsed only for the marks an alert names).
#[derive(Clone, Copy)]
struct Marked<'s> {
    session: &'s str,
    number: u32,
    date: &'s str,
    status: AttendanceStatus,
}

struct PlaceMarks<'s> {
    member: MemberId,
    group: GroupId,
    marks: Vec<Marked<'s>>,
}

/// An active group whose members' absences are followed.
struct Followed {
    name: String,
    policy: AttendancePolicy,
}

/// The alerts of enrolled members of active groups in `scope`, whatever
/// the number of marks: the groups with their policies, their sessions,
/// the marks (on the covering index `attendance_by_place`, one seek per
/// place), the follow-ups, then the names of those with an alert only.
/// Ids and dates are parsed only for what an alert names.
pub fn alerts(conn: &Connection, scope: Scope) -> Result<Vec<AbsenceAlert>> {
    let (place_filter, group_filter, arg) = scope.filters();
    let active = "g.status = 'active' AND g.archived = 0";
    let groups: HashMap<GroupId, Followed> = conn
        .prepare_cached(&format!(
            "SELECT g.id, g.name, {POLICY_COLUMNS}
             FROM groups g LEFT JOIN attendance_policies ap ON ap.group_id = g.id
             WHERE {active} AND {group_filter}"
        ))?
        .query_map([&arg], |r| {
            Ok((
                r.get(0)?,
                Followed {
                    name: r.get(1)?,
                    policy: AttendancePolicy {
                        in_a_row: r.get(2)?,
                        in_total: r.get(3)?,
                        excused_count: r.get::<_, i64>(4)? != 0,
                    },
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    // The sessions of those groups: id → (number, date), as text.
    let sessions: HashMap<String, (u32, String)> = conn
        .prepare_cached(&format!(
            "SELECT s.id, s.number, s.date FROM groups g JOIN sessions s ON s.group_id = g.id
             WHERE {active} AND {group_filter}"
        ))?
        .query_map([&arg], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT p.id, p.member_id, p.group_id, a.session_id, a.status
         FROM groups g CROSS JOIN places p ON p.group_id = g.id AND p.stage = 'enrolled'
         JOIN attendance a ON a.place_id = p.id
         WHERE {active} AND {group_filter} AND {place_filter}"
    ))?;
    let mut by_place: HashMap<String, PlaceMarks> = HashMap::new();
    let mut rows = stmt.query([&arg])?;
    while let Some(r) = rows.next()? {
        let Some((session, (number, date))) =
            sessions.get_key_value(r.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?)
        else {
            continue;
        };
        let mark = Marked {
            session,
            number: *number,
            date,
            status: r.get(4)?,
        };
        let place = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        match by_place.get_mut(place) {
            Some(pm) => pm.marks.push(mark),
            None => {
                by_place.insert(
                    place.to_owned(),
                    PlaceMarks {
                        member: r.get(1)?,
                        group: r.get(2)?,
                        marks: vec![mark],
                    },
                );
            }
        }
    }
    let answered = followed_up_through(conn, place_filter, &arg)?;
    // Each place's marks are put in session order here: sorting a few
    // dozen marks per place is cheaper than sorting every mark in SQL.
    let mut found = Vec::new();
    for (place, mut pm) in by_place {
        pm.marks.sort_by_key(|m| m.number);
        let place: PlaceId = stored_id(&place)?;
        let Some(group) = groups.get(&pm.group) else {
            continue;
        };
        if let Some(c) = crossed(&pm.marks, group.policy, answered.get(&place).copied()) {
            found.push((place, pm.member, pm.group, c));
        }
    }
    let names = names_of(conn, found.iter().map(|f| f.1))?;
    let mut out = Vec::with_capacity(found.len());
    for (place, member, group, c) in found {
        let (Some((legal_name, preferred_name)), Some(g)) = (names.get(&member), groups.get(&group)) else {
            continue;
        };
        out.push(c.alert(
            place,
            member,
            group,
            g.name.clone(),
            legal_name.clone(),
            preferred_name.clone(),
        )?);
    }
    // By group, then by the name each member goes by.
    out.sort_by_cached_key(|a| {
        let name = names::goes_by(&a.legal_name, &a.preferred_name);
        (a.group_name.clone(), names::fold(name))
    });
    Ok(out)
}

/// The legal and preferred names of the given members, in one query.
fn names_of(
    conn: &Connection,
    members: impl Iterator<Item = MemberId>,
) -> Result<HashMap<MemberId, (String, String)>> {
    let ids: Vec<String> = members.map(|m| m.to_string()).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let list = serde_json::to_string(&ids).map_err(|e| Error::Internal(e.to_string()))?;
    let rows = conn
        .prepare_cached(
            "SELECT id, legal_name, preferred_name FROM members
             WHERE id IN (SELECT value FROM json_each(?1))",
        )?
        .query_map([list], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
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

/// What crossed a place's policy: the counted absences, which rule, its limit.
struct Crossed<'s> {
    counted: Vec<Marked<'s>>,
    what: &'static str,
    limit: u32,
}

/// The last crossing of the policy in one member's marks (in session
/// order), unless a follow-up answered it or a later one. Coming back does
/// not clear it; a follow-up does.
fn crossed<'s>(
    marks: &[Marked<'s>],
    policy: AttendancePolicy,
    answered_through: Option<u32>,
) -> Option<Crossed<'s>> {
    let counts = |s: AttendanceStatus| {
        s == AttendanceStatus::AbsentUnexcused
            || (s == AttendanceStatus::AbsentExcused && policy.excused_count)
    };
    let mut streak: Vec<Marked> = Vec::new();
    let mut total: Vec<Marked> = Vec::new();
    let mut found: Option<Crossed> = None;
    for m in marks {
        if counts(m.status) {
            streak.push(*m);
            total.push(*m);
            if let Some(n) = policy.in_a_row.filter(|n| streak.len() as u32 >= *n) {
                found = Some(Crossed {
                    counted: streak.clone(),
                    what: "in a row",
                    limit: n,
                });
            } else if let Some(n) = policy.in_total.filter(|n| total.len() as u32 >= *n) {
                found = Some(Crossed {
                    counted: total.clone(),
                    what: "in total",
                    limit: n,
                });
            }
        } else if !m.status.is_absence() {
            streak.clear();
        }
        // An absence with notice that does not count neither adds to nor breaks a run.
    }
    let found = found?;
    let last = found.counted.last()?;
    if answered_through.is_some_and(|n| n >= last.number) {
        return None;
    }
    Some(found)
}

impl Crossed<'_> {
    fn alert(
        self,
        place: PlaceId,
        member: MemberId,
        group: GroupId,
        group_name: String,
        legal_name: String,
        preferred_name: String,
    ) -> Result<AbsenceAlert> {
        let last = *self
            .counted
            .last()
            .ok_or_else(|| Error::Internal("an absence alert counts no absence".into()))?;
        let last_date = parse_date("date", "A session's date", last.date)?;
        let missed: Vec<u32> = self.counted.iter().map(|m| m.number).collect();
        let reason = format!(
            "Missed {} {} ({}; the last on {}). The group's policy asks for a follow-up after {}.",
            sessions_word(missed.len()),
            self.what,
            session_list(&missed),
            sentence::date(last_date),
            self.limit
        );
        Ok(AbsenceAlert {
            place_id: place,
            member_id: member,
            group_id: group,
            group_name,
            legal_name,
            preferred_name,
            reason,
            missed,
            last_missed: stored_id(last.session)?,
            last_missed_number: last.number,
            last_missed_date: last_date,
        })
    }
}

/// An id as the database keeps it.
fn stored_id<T: std::str::FromStr<Err = uuid::Error>>(text: &str) -> Result<T> {
    text.parse()
        .map_err(|e| Error::Internal(format!("a stored id ({text}) could not be read: {e}")))
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
