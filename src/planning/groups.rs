//! Groups: what a program is (type, approach, membership, capacity, length,
//! cadence, first date and time, co-facilitators), its status and archive,
//! and the groups list.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::ids::GroupId;
use crate::planning::calendar::{self, Cadence};
use crate::planning::limits::{Capacity, SessionCount, SessionMinutes, CO_FACILITATORS_MAX};
use crate::values::Timestamp;
use crate::values::{text_enum, WallTime};
use crate::vault::audit::{self, AuditEvent};

text_enum!(
    /// What kind of group this is.
    GroupType {
        Psychoeducational,
        ProcessOriented,
        Support,
        CognitiveBehavioural,
        Other,
    }
);

text_enum!(
    /// Whether people can join once the group has started.
    Membership {
        /// No one joins after `closes_after_session`.
        Closed,
        /// Members join as places free up.
        Open,
    }
);

text_enum!(
    /// Where a group is in its life.
    GroupStatus {
        Planning,
        Active,
        Completed,
        Cancelled,
    }
);

impl GroupStatus {
    /// planning → active → completed; planning or active → cancelled.
    pub fn can_become(self, next: GroupStatus) -> bool {
        use GroupStatus::*;
        matches!(
            (self, next),
            (Planning, Active) | (Active, Completed) | (Planning | Active, Cancelled)
        )
    }

    pub(crate) fn words(self) -> &'static str {
        match self {
            GroupStatus::Planning => "still being planned",
            GroupStatus::Active => "active",
            GroupStatus::Completed => "completed",
            GroupStatus::Cancelled => "cancelled",
        }
    }
}

/// A co-facilitator, named with credentials.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct CoFacilitator {
    pub name: String,
    pub credentials: String,
}

/// What the clinician types for a group, as typed. `validate` checks every
/// field and names the field and the allowed range on refusal.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct GroupInput {
    pub name: String,
    pub group_type: GroupType,
    /// Required when the type is "other".
    pub type_label: String,
    /// Theoretical approach: CBT, DBT, ACT, psychodynamic, …
    pub approach: String,
    pub description: String,
    pub membership: Membership,
    /// For closed groups: no one joins after this session (default 2).
    pub closes_after_session: Option<u32>,
    pub capacity: u32,
    pub session_minutes: u32,
    pub cadence: Cadence,
    pub planned_sessions: u32,
    /// YYYY-MM-DD, local.
    pub first_date: String,
    /// HH:MM, local wall-clock time.
    pub start_time: String,
    pub location: String,
    pub co_facilitators: Vec<CoFacilitator>,
}

impl Default for GroupInput {
    fn default() -> Self {
        GroupInput {
            name: String::new(),
            group_type: GroupType::CognitiveBehavioural,
            type_label: String::new(),
            approach: String::new(),
            description: String::new(),
            membership: Membership::Closed,
            closes_after_session: Some(2),
            capacity: 10,
            session_minutes: 90,
            cadence: Cadence::Weekly,
            planned_sessions: 12,
            first_date: String::new(),
            start_time: "18:00".into(),
            location: String::new(),
            co_facilitators: Vec::new(),
        }
    }
}

/// A group that passed every rule: from here on the types carry them.
#[derive(Debug, Clone)]
pub struct ValidGroup {
    pub name: String,
    pub group_type: GroupType,
    pub type_label: String,
    pub approach: String,
    pub description: String,
    pub membership: Membership,
    pub closes_after_session: Option<u32>,
    pub capacity: Capacity,
    pub session_minutes: SessionMinutes,
    pub cadence: Cadence,
    pub planned_sessions: SessionCount,
    pub first_date: NaiveDate,
    pub start_time: WallTime,
    pub location: String,
    pub co_facilitators: Vec<CoFacilitator>,
}

fn text(field: &str, label: &str, v: &str, max: usize, required: bool) -> Result<String> {
    let t = v.trim();
    if required && t.is_empty() {
        return Err(Error::validation(field, format!("{label} is required.")));
    }
    if t.chars().count() > max {
        return Err(Error::validation(
            field,
            format!("{label} can be at most {max} characters."),
        ));
    }
    Ok(t.to_string())
}

/// A one-line field (a name, a place): as `text`, and no line breaks,
/// tabs or other control characters (found by the input properties: a
/// pasted name could carry them into every list and report).
fn line(field: &str, label: &str, v: &str, max: usize, required: bool) -> Result<String> {
    let t = text(field, label, v, max, required)?;
    if t.chars().any(char::is_control) {
        return Err(Error::validation(
            field,
            format!("{label} cannot contain line breaks or tabs."),
        ));
    }
    Ok(t)
}

fn bounded<T>(
    field: &str,
    label: &str,
    v: u32,
    (lo, hi): (u32, u32),
    unit: &str,
    make: fn(u32) -> Option<T>,
) -> Result<T> {
    make(v).ok_or_else(|| {
        Error::validation(
            field,
            format!(
                "{label} must be between {lo} and {hi}{}{unit} (you entered {v}).",
                if unit.is_empty() { "" } else { " " }
            ),
        )
    })
}

impl GroupInput {
    pub fn validate(&self) -> Result<ValidGroup> {
        let name = line("name", "The group's name", &self.name, 120, true)?;
        let type_label = if self.group_type == GroupType::Other {
            line(
                "type_label",
                "A label for the group type",
                &self.type_label,
                60,
                true,
            )?
        } else {
            String::new()
        };
        let approach = line("approach", "The approach", &self.approach, 120, false)?;
        let description = text("description", "The description", &self.description, 4000, false)?;
        let location = line("location", "The location", &self.location, 200, false)?;
        let capacity = bounded(
            "capacity",
            "Capacity",
            self.capacity,
            (Capacity::MIN, Capacity::MAX),
            "members",
            Capacity::new,
        )?;
        let session_minutes = bounded(
            "session_minutes",
            "Session length",
            self.session_minutes,
            (SessionMinutes::MIN, SessionMinutes::MAX),
            "minutes",
            SessionMinutes::new,
        )?;
        let planned_sessions = bounded(
            "planned_sessions",
            "The number of sessions",
            self.planned_sessions,
            (SessionCount::MIN, SessionCount::MAX),
            "",
            SessionCount::new,
        )?;
        let closes_after_session = match self.membership {
            Membership::Open => None,
            Membership::Closed => {
                let n = self.closes_after_session.unwrap_or(2);
                if !(1..=planned_sessions.get()).contains(&n) {
                    return Err(Error::validation(
                        "closes_after_session",
                        format!(
                            "A closed group closes after a session between 1 and {} (you entered {n}).",
                            planned_sessions.get()
                        ),
                    ));
                }
                Some(n)
            }
        };
        let first_date = calendar::parse_date("first_date", "The first session date", &self.first_date)?;
        let start_time = calendar::parse_time("start_time", &self.start_time)?;
        let mut co_facilitators = Vec::new();
        for c in &self.co_facilitators {
            let name = line("co_facilitators", "A co-facilitator's name", &c.name, 120, false)?;
            let credentials = line("co_facilitators", "Credentials", &c.credentials, 60, false)?;
            if name.is_empty() && credentials.is_empty() {
                continue;
            }
            if name.is_empty() {
                return Err(Error::validation(
                    "co_facilitators",
                    "Give each co-facilitator a name.",
                ));
            }
            co_facilitators.push(CoFacilitator { name, credentials });
        }
        if co_facilitators.len() > CO_FACILITATORS_MAX {
            return Err(Error::validation(
                "co_facilitators",
                format!("A group can have at most {CO_FACILITATORS_MAX} co-facilitators."),
            ));
        }
        Ok(ValidGroup {
            name,
            group_type: self.group_type,
            type_label,
            approach,
            description,
            membership: self.membership,
            closes_after_session,
            capacity,
            session_minutes,
            cadence: self.cadence,
            planned_sessions,
            first_date,
            start_time,
            location,
            co_facilitators,
        })
    }
}

/// A group as its program overview shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    pub group_type: GroupType,
    pub type_label: String,
    pub approach: String,
    pub description: String,
    pub membership: Membership,
    pub closes_after_session: Option<u32>,
    pub capacity: Capacity,
    pub session_minutes: SessionMinutes,
    pub cadence: Cadence,
    pub planned_sessions: SessionCount,
    #[ts(type = "string")]
    pub first_date: NaiveDate,
    pub start_time: WallTime,
    pub location: String,
    pub co_facilitators: Vec<CoFacilitator>,
    pub status: GroupStatus,
    pub archived: bool,
    /// The date of the last session still part of the program and not cancelled.
    #[ts(type = "string | null")]
    pub end_date: Option<NaiveDate>,
}

impl Group {
    /// The group as its form holds it, to edit and send back.
    pub fn as_input(&self) -> GroupInput {
        GroupInput {
            name: self.name.clone(),
            group_type: self.group_type,
            type_label: self.type_label.clone(),
            approach: self.approach.clone(),
            description: self.description.clone(),
            membership: self.membership,
            closes_after_session: self.closes_after_session,
            capacity: self.capacity.get(),
            session_minutes: self.session_minutes.get(),
            cadence: self.cadence,
            planned_sessions: self.planned_sessions.get(),
            first_date: self.first_date.to_string(),
            start_time: self.start_time.to_string(),
            location: self.location.clone(),
            co_facilitators: self.co_facilitators.clone(),
        }
    }
}

/// One line of the groups list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct GroupSummary {
    pub id: GroupId,
    pub name: String,
    pub group_type: GroupType,
    pub type_label: String,
    pub status: GroupStatus,
    pub archived: bool,
    pub capacity: Capacity,
    pub planned_sessions: SessionCount,
    #[ts(type = "string | null")]
    pub next_session_date: Option<NaiveDate>,
    pub next_session_time: Option<WallTime>,
    #[ts(type = "string | null")]
    pub end_date: Option<NaiveDate>,
}

/// Inserts the group row and its co-facilitators (no sessions).
pub(crate) fn insert(conn: &Connection, id: GroupId, g: &ValidGroup, now: Timestamp) -> Result<()> {
    let t = now;
    conn.execute(
        "INSERT INTO groups (id, name, group_type, type_label, approach, description, membership,
            closes_after_session, capacity, session_minutes, cadence, planned_sessions, first_date,
            start_time, location, status, archived, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 'planning', 0, ?16, ?16)",
        params![
            id,
            g.name,
            g.group_type,
            g.type_label,
            g.approach,
            g.description,
            g.membership,
            g.closes_after_session,
            g.capacity,
            g.session_minutes,
            g.cadence,
            g.planned_sessions,
            g.first_date,
            g.start_time,
            g.location,
            t
        ],
    )?;
    write_co_facilitators(conn, id, &g.co_facilitators)?;
    audit::append(conn, AuditEvent::GroupCreated, &id.to_string())?;
    Ok(())
}

pub(crate) fn write_co_facilitators(conn: &Connection, id: GroupId, list: &[CoFacilitator]) -> Result<()> {
    conn.execute("DELETE FROM co_facilitators WHERE group_id = ?1", [id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO co_facilitators (group_id, position, name, credentials) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (pos, c) in list.iter().enumerate() {
        stmt.execute(params![id, pos as i64, c.name, c.credentials])?;
    }
    Ok(())
}

/// Updates what a group is, apart from its dates (see `program::update_group`);
/// `enrolled` is the roster's count, below which the capacity cannot go.
pub(crate) fn update_details(
    conn: &Connection,
    id: GroupId,
    g: &ValidGroup,
    enrolled: u32,
    now: Timestamp,
) -> Result<()> {
    if g.capacity.get() < enrolled {
        return Err(Error::validation(
            "capacity",
            format!(
                "{enrolled} members are enrolled, so the capacity cannot be less than {enrolled} (you entered {}).",
                g.capacity.get()
            ),
        ));
    }
    let n = conn.execute(
        "UPDATE groups SET name = ?2, group_type = ?3, type_label = ?4, approach = ?5, description = ?6,
            membership = ?7, closes_after_session = ?8, capacity = ?9, session_minutes = ?10,
            location = ?11, updated_at = ?12
         WHERE id = ?1",
        params![
            id,
            g.name,
            g.group_type,
            g.type_label,
            g.approach,
            g.description,
            g.membership,
            g.closes_after_session,
            g.capacity,
            g.session_minutes,
            g.location,
            now
        ],
    )?;
    if n == 0 {
        return Err(Error::NotFound("That group no longer exists.".into()));
    }
    write_co_facilitators(conn, id, &g.co_facilitators)?;
    audit::append(conn, AuditEvent::GroupUpdated, &id.to_string())?;
    Ok(())
}

pub fn get(conn: &Connection, id: GroupId) -> Result<Group> {
    let mut g = conn
        .prepare_cached(
            "SELECT g.id, g.name, g.group_type, g.type_label, g.approach, g.description, g.membership,
                g.closes_after_session, g.capacity, g.session_minutes, g.cadence, g.planned_sessions,
                g.first_date, g.start_time, g.location, g.status, g.archived,
                (SELECT max(date) FROM sessions s
                 WHERE s.group_id = g.id AND s.status NOT IN ('cancelled', 'removed'))
             FROM groups g WHERE g.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Group {
                id: r.get(0)?,
                name: r.get(1)?,
                group_type: r.get(2)?,
                type_label: r.get(3)?,
                approach: r.get(4)?,
                description: r.get(5)?,
                membership: r.get(6)?,
                closes_after_session: r.get(7)?,
                capacity: r.get(8)?,
                session_minutes: r.get(9)?,
                cadence: r.get(10)?,
                planned_sessions: r.get(11)?,
                first_date: r.get(12)?,
                start_time: r.get(13)?,
                location: r.get(14)?,
                co_facilitators: Vec::new(),
                status: r.get(15)?,
                archived: r.get::<_, i64>(16)? != 0,
                end_date: r.get(17)?,
            })
        })
        .optional()?
        .ok_or_else(|| Error::NotFound("That group no longer exists.".into()))?;
    let mut stmt = conn.prepare_cached(
        "SELECT name, credentials FROM co_facilitators WHERE group_id = ?1 ORDER BY position",
    )?;
    g.co_facilitators = stmt
        .query_map([id], |r| {
            Ok(CoFacilitator {
                name: r.get(0)?,
                credentials: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(g)
}

/// The SQL of the groups list: one grouped pass over the sessions (on the
/// `sessions_by_group` index) for each group's next and last session.
pub(crate) const LIST_SQL: &str = "WITH s AS (
         SELECT group_id,
                min(CASE WHEN status = 'scheduled' AND date >= ?1 THEN date || ' ' || start_time END) AS next,
                max(CASE WHEN status IN ('scheduled', 'held') THEN date END) AS end_date
         FROM sessions GROUP BY group_id)
     SELECT g.id, g.name, g.group_type, g.type_label, g.status, g.archived, g.capacity, g.planned_sessions,
            substr(s.next, 1, 10), substr(s.next, 12), s.end_date
     FROM groups g LEFT JOIN s ON s.group_id = g.id
     ORDER BY g.archived, CASE g.status WHEN 'active' THEN 0 WHEN 'planning' THEN 1 ELSE 2 END,
              s.next IS NULL, s.next, g.name COLLATE NOCASE";

/// Every group with its next session and end date, in one query (the
/// groups list adds who is in each: `practice::groups::list`).
pub fn list(conn: &Connection, today: NaiveDate) -> Result<Vec<GroupSummary>> {
    let mut stmt = conn.prepare_cached(LIST_SQL)?;
    let rows = stmt.query_map([today], |r| {
        Ok(GroupSummary {
            id: r.get(0)?,
            name: r.get(1)?,
            group_type: r.get(2)?,
            type_label: r.get(3)?,
            status: r.get(4)?,
            archived: r.get::<_, i64>(5)? != 0,
            capacity: r.get(6)?,
            planned_sessions: r.get(7)?,
            next_session_date: r.get(8)?,
            next_session_time: r.get(9)?,
            end_date: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether the group exists, without reading it.
pub(crate) fn exists(conn: &Connection, id: GroupId) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM groups WHERE id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}
