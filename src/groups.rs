//! Groups: what a program is (type, approach, membership, capacity, length,
//! cadence, first date and time, co-facilitators) and its status.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, AuditEvent};
use crate::error::{Error, Result};
use crate::ids::GroupId;
use crate::schedule::{self, Cadence};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GroupType {
    Psychoeducational,
    ProcessOriented,
    Support,
    CognitiveBehavioural,
    Other,
}

impl GroupType {
    pub fn as_str(self) -> &'static str {
        match self {
            GroupType::Psychoeducational => "psychoeducational",
            GroupType::ProcessOriented => "process_oriented",
            GroupType::Support => "support",
            GroupType::CognitiveBehavioural => "cognitive_behavioural",
            GroupType::Other => "other",
        }
    }
    fn parse(s: &str) -> Option<Self> {
        [
            GroupType::Psychoeducational,
            GroupType::ProcessOriented,
            GroupType::Support,
            GroupType::CognitiveBehavioural,
            GroupType::Other,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Membership {
    /// No one joins after `closes_after_session`.
    Closed,
    /// Members join as places free up.
    Open,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GroupStatus {
    Planning,
    Active,
    Completed,
    Cancelled,
}

impl GroupStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            GroupStatus::Planning => "planning",
            GroupStatus::Active => "active",
            GroupStatus::Completed => "completed",
            GroupStatus::Cancelled => "cancelled",
        }
    }
    fn parse(s: &str) -> Option<Self> {
        [
            GroupStatus::Planning,
            GroupStatus::Active,
            GroupStatus::Completed,
            GroupStatus::Cancelled,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
    /// planning → active → completed; planning or active → cancelled.
    pub fn can_become(self, next: GroupStatus) -> bool {
        use GroupStatus::*;
        matches!(
            (self, next),
            (Planning, Active) | (Active, Completed) | (Planning | Active, Cancelled)
        )
    }
}

/// A co-facilitator, named with credentials.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct CoFacilitator {
    pub name: String,
    pub credentials: String,
}

/// What the clinician enters for a group. Every field is checked by
/// `validate`, which names the field and the allowed range on refusal.
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
    /// 6 to 12 members.
    pub capacity: u32,
    /// 30 to 180 minutes.
    pub session_minutes: u32,
    pub cadence: Cadence,
    /// 1 to 52 sessions.
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

/// A `GroupInput` that passed every rule.
#[derive(Debug, Clone)]
pub struct ValidGroup {
    pub input: GroupInput,
    pub first_date: NaiveDate,
    pub start_time: NaiveTime,
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

fn range(field: &str, label: &str, v: u32, lo: u32, hi: u32, unit: &str) -> Result<()> {
    if (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            format!("{label} must be between {lo} and {hi} {unit} (you entered {v})."),
        ))
    }
}

impl GroupInput {
    pub fn validate(&self) -> Result<ValidGroup> {
        let mut g = self.clone();
        g.name = text("name", "The group's name", &self.name, 120, true)?;
        g.type_label = if self.group_type == GroupType::Other {
            text(
                "type_label",
                "A label for the group type",
                &self.type_label,
                60,
                true,
            )?
        } else {
            String::new()
        };
        g.approach = text("approach", "The approach", &self.approach, 120, false)?;
        g.description = text("description", "The description", &self.description, 4000, false)?;
        g.location = text("location", "The location", &self.location, 200, false)?;
        range("capacity", "Capacity", self.capacity, 6, 12, "members")?;
        range(
            "session_minutes",
            "Session length",
            self.session_minutes,
            30,
            180,
            "minutes",
        )?;
        range(
            "planned_sessions",
            "The number of sessions",
            self.planned_sessions,
            1,
            52,
            "",
        )?;
        g.closes_after_session = match self.membership {
            Membership::Open => None,
            Membership::Closed => {
                let n = self.closes_after_session.unwrap_or(2);
                if !(1..=self.planned_sessions).contains(&n) {
                    return Err(Error::validation(
                        "closes_after_session",
                        format!(
                            "A closed group closes after a session between 1 and {} (you entered {n}).",
                            self.planned_sessions
                        ),
                    ));
                }
                Some(n)
            }
        };
        let first_date = schedule::parse_date("first_date", "The first session date", &self.first_date)?;
        let start_time = schedule::parse_time("start_time", &self.start_time)?;
        g.first_date = schedule::fmt_date(first_date);
        g.start_time = schedule::fmt_time(start_time);
        let mut cofac = Vec::new();
        for c in &self.co_facilitators {
            let name = text("co_facilitators", "A co-facilitator's name", &c.name, 120, false)?;
            let credentials = text("co_facilitators", "Credentials", &c.credentials, 60, false)?;
            if name.is_empty() && credentials.is_empty() {
                continue;
            }
            if name.is_empty() {
                return Err(Error::validation(
                    "co_facilitators",
                    "Give each co-facilitator a name.",
                ));
            }
            cofac.push(CoFacilitator { name, credentials });
        }
        if cofac.len() > 6 {
            return Err(Error::validation(
                "co_facilitators",
                "A group can have at most 6 co-facilitators.",
            ));
        }
        g.co_facilitators = cofac;
        Ok(ValidGroup {
            input: g,
            first_date,
            start_time,
        })
    }
}

/// A group as the program overview shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Group {
    pub id: GroupId,
    #[serde(flatten)]
    #[ts(flatten)]
    pub input: GroupInput,
    pub status: GroupStatus,
    pub archived: bool,
    /// The date of the last session that is not cancelled.
    pub end_date: Option<String>,
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
    pub capacity: u32,
    pub planned_sessions: u32,
    /// Members enrolled (the roster comes with a later release).
    pub enrolled: u32,
    pub next_session_date: Option<String>,
    pub next_session_time: Option<String>,
    pub end_date: Option<String>,
}

fn now() -> String {
    audit::timestamp(Utc::now())
}

/// Inserts the group row and its co-facilitators (no sessions).
pub(crate) fn insert(conn: &Connection, id: GroupId, g: &ValidGroup) -> Result<()> {
    let i = &g.input;
    let t = now();
    conn.execute(
        "INSERT INTO groups (id, name, group_type, type_label, approach, description, membership,
            closes_after_session, capacity, session_minutes, cadence, planned_sessions, first_date,
            start_time, location, status, archived, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 'planning', 0, ?16, ?16)",
        params![
            id,
            i.name,
            i.group_type.as_str(),
            i.type_label,
            i.approach,
            i.description,
            membership_str(i.membership),
            i.closes_after_session,
            i.capacity,
            i.session_minutes,
            i.cadence.as_str(),
            i.planned_sessions,
            i.first_date,
            i.start_time,
            i.location,
            t
        ],
    )?;
    write_co_facilitators(conn, id, &i.co_facilitators)?;
    audit::append(conn, AuditEvent::GroupCreated, &id.to_string())?;
    Ok(())
}

fn write_co_facilitators(conn: &Connection, id: GroupId, list: &[CoFacilitator]) -> Result<()> {
    conn.execute("DELETE FROM co_facilitators WHERE group_id = ?1", [id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO co_facilitators (group_id, position, name, credentials) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (pos, c) in list.iter().enumerate() {
        stmt.execute(params![id, pos as i64, c.name, c.credentials])?;
    }
    Ok(())
}

fn membership_str(m: Membership) -> &'static str {
    match m {
        Membership::Closed => "closed",
        Membership::Open => "open",
    }
}

/// Updates what a group is. Changing dates, cadence or the number of
/// sessions goes through the schedule (see `planning::replan`).
pub(crate) fn update_details(conn: &Connection, id: GroupId, g: &ValidGroup) -> Result<()> {
    let i = &g.input;
    let n = conn.execute(
        "UPDATE groups SET name = ?2, group_type = ?3, type_label = ?4, approach = ?5, description = ?6,
            membership = ?7, closes_after_session = ?8, capacity = ?9, session_minutes = ?10,
            location = ?11, updated_at = ?12
         WHERE id = ?1",
        params![
            id,
            i.name,
            i.group_type.as_str(),
            i.type_label,
            i.approach,
            i.description,
            membership_str(i.membership),
            i.closes_after_session,
            i.capacity,
            i.session_minutes,
            i.location,
            now()
        ],
    )?;
    if n == 0 {
        return Err(Error::NotFound("That group no longer exists.".into()));
    }
    write_co_facilitators(conn, id, &i.co_facilitators)?;
    audit::append(conn, AuditEvent::GroupUpdated, &id.to_string())?;
    Ok(())
}

pub fn set_status(conn: &Connection, id: GroupId, next: GroupStatus) -> Result<()> {
    let g = get(conn, id)?;
    if g.status == next {
        return Ok(());
    }
    if !g.status.can_become(next) {
        return Err(Error::validation(
            "status",
            format!(
                "A group that is {} cannot become {}.",
                g.status.as_str(),
                next.as_str()
            ),
        ));
    }
    conn.execute(
        "UPDATE groups SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, next.as_str(), now()],
    )?;
    audit::append(
        conn,
        AuditEvent::GroupStatusChanged,
        &format!("{id} {}", next.as_str()),
    )?;
    Ok(())
}

pub fn set_archived(conn: &Connection, id: GroupId, archived: bool) -> Result<()> {
    let n = conn.execute(
        "UPDATE groups SET archived = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, archived as i64, now()],
    )?;
    if n == 0 {
        return Err(Error::NotFound("That group no longer exists.".into()));
    }
    audit::append(
        conn,
        AuditEvent::GroupStatusChanged,
        &format!("{id} archived={archived}"),
    )?;
    Ok(())
}

fn row_to_group(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<(GroupId, GroupInput, String, bool, Option<String>)> {
    let gt: String = r.get(2)?;
    let mem: String = r.get(6)?;
    let cad: String = r.get(10)?;
    Ok((
        r.get(0)?,
        GroupInput {
            name: r.get(1)?,
            group_type: GroupType::parse(&gt).unwrap_or(GroupType::Other),
            type_label: r.get(3)?,
            approach: r.get(4)?,
            description: r.get(5)?,
            membership: if mem == "open" {
                Membership::Open
            } else {
                Membership::Closed
            },
            closes_after_session: r.get(7)?,
            capacity: r.get(8)?,
            session_minutes: r.get(9)?,
            cadence: Cadence::parse(&cad).unwrap_or(Cadence::Weekly),
            planned_sessions: r.get(11)?,
            first_date: r.get(12)?,
            start_time: r.get(13)?,
            location: r.get(14)?,
            co_facilitators: Vec::new(),
        },
        r.get(15)?,
        r.get::<_, i64>(16)? != 0,
        r.get(17)?,
    ))
}

const GROUP_COLUMNS: &str =
    "g.id, g.name, g.group_type, g.type_label, g.approach, g.description, g.membership,
    g.closes_after_session, g.capacity, g.session_minutes, g.cadence, g.planned_sessions, g.first_date,
    g.start_time, g.location, g.status, g.archived,
    (SELECT max(date) FROM sessions s WHERE s.group_id = g.id AND s.status <> 'cancelled')";

pub fn get(conn: &Connection, id: GroupId) -> Result<Group> {
    let row = conn
        .query_row(
            &format!("SELECT {GROUP_COLUMNS} FROM groups g WHERE g.id = ?1"),
            [id],
            row_to_group,
        )
        .optional()?
        .ok_or_else(|| Error::NotFound("That group no longer exists.".into()))?;
    let (id, mut input, status, archived, end_date) = row;
    let mut stmt = conn.prepare_cached(
        "SELECT name, credentials FROM co_facilitators WHERE group_id = ?1 ORDER BY position",
    )?;
    input.co_facilitators = stmt
        .query_map([id], |r| {
            Ok(CoFacilitator {
                name: r.get(0)?,
                credentials: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Group {
        id,
        input,
        status: GroupStatus::parse(&status).unwrap_or(GroupStatus::Planning),
        archived,
        end_date,
    })
}

/// Every group with its next session, in one query.
pub fn list(conn: &Connection, today: NaiveDate) -> Result<Vec<GroupSummary>> {
    // One pass over the sessions, grouped: the next scheduled one and the last held or planned one.
    let mut stmt = conn.prepare_cached(
        "WITH s AS (
             SELECT group_id,
                    min(CASE WHEN status = 'scheduled' AND date >= ?1 THEN date || ' ' || start_time END) AS next,
                    max(CASE WHEN status <> 'cancelled' THEN date END) AS end_date
             FROM sessions GROUP BY group_id)
         SELECT g.id, g.name, g.group_type, g.type_label, g.status, g.archived, g.capacity, g.planned_sessions,
                substr(s.next, 1, 10), substr(s.next, 12), s.end_date
         FROM groups g LEFT JOIN s ON s.group_id = g.id
         ORDER BY g.archived, CASE g.status WHEN 'active' THEN 0 WHEN 'planning' THEN 1 ELSE 2 END,
                  s.next IS NULL, s.next, g.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([schedule::fmt_date(today)], |r| {
        let gt: String = r.get(2)?;
        let st: String = r.get(4)?;
        Ok(GroupSummary {
            id: r.get(0)?,
            name: r.get(1)?,
            group_type: GroupType::parse(&gt).unwrap_or(GroupType::Other),
            type_label: r.get(3)?,
            status: GroupStatus::parse(&st).unwrap_or(GroupStatus::Planning),
            archived: r.get::<_, i64>(5)? != 0,
            capacity: r.get(6)?,
            planned_sessions: r.get(7)?,
            enrolled: 0,
            next_session_date: r.get(8)?,
            next_session_time: r.get(9)?,
            end_date: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The blackout dates that apply to a group: its own and the practice-wide list.
pub fn blackouts_for(conn: &Connection, id: Option<GroupId>) -> Result<BTreeSet<NaiveDate>> {
    let mut stmt =
        conn.prepare_cached("SELECT date FROM blackout_dates WHERE group_id IS NULL OR group_id = ?1")?;
    let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
    let mut out = BTreeSet::new();
    for d in rows {
        if let Ok(d) = NaiveDate::parse_from_str(&d?, "%Y-%m-%d") {
            out.insert(d);
        }
    }
    Ok(out)
}
