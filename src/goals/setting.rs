//! Setting, revising and ending a member's goals, and reading them.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{GoalMeasure, GoalStatus, MAX_ACTIVE_GOALS};
use crate::error::{Error, Result};
use std::collections::HashMap;

use crate::ids::{GoalId, GroupId, PlaceId};
use crate::planning::calendar::parse_date;
use crate::roster::places::{self, Stage};
use crate::sentence;
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};

/// A goal's wording as the clinician writes it (a new goal, or a revision).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct GoalWording {
    pub statement: String,
    pub baseline: String,
    pub target: String,
    pub how_measured: String,
    /// For a GAS goal: what each level looks like, −2 first (five).
    pub gas_levels: Vec<String>,
}

/// A new goal.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewGoal {
    pub measured_by: GoalMeasure,
    pub wording: GoalWording,
    /// `YYYY-MM-DD`.
    pub set_on: String,
}

/// One version of a goal's wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GoalVersion {
    pub version: u32,
    pub statement: String,
    pub baseline: String,
    pub target: String,
    pub how_measured: String,
    pub gas_levels: Vec<String>,
    #[ts(type = "string")]
    pub revised_on: NaiveDate,
    pub reason: String,
}

/// A goal with its current wording first and every earlier one after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Goal {
    pub id: GoalId,
    pub place_id: PlaceId,
    pub measured_by: GoalMeasure,
    pub status: GoalStatus,
    #[ts(type = "string")]
    pub set_on: NaiveDate,
    #[ts(type = "string | null")]
    pub ended_on: Option<NaiveDate>,
    pub end_note: String,
    /// Newest first: `versions[0]` is the current wording.
    pub versions: Vec<GoalVersion>,
}

impl Goal {
    pub fn current(&self) -> &GoalVersion {
        &self.versions[0]
    }
}

fn checked(measured_by: GoalMeasure, w: &GoalWording) -> Result<Option<String>> {
    let statement = w.statement.trim();
    if statement.is_empty() {
        return Err(Error::validation("statement", "Write the goal."));
    }
    if statement.chars().count() > 500 {
        return Err(Error::validation("statement", "A goal is up to 500 characters."));
    }
    for (field, label, v) in [
        ("baseline", "The baseline", &w.baseline),
        ("target", "The target", &w.target),
        ("how_measured", "How it is measured", &w.how_measured),
    ] {
        if v.chars().count() > 500 {
            return Err(Error::validation(
                field,
                format!("{label} is up to 500 characters."),
            ));
        }
    }
    match measured_by {
        GoalMeasure::Rating if !w.gas_levels.iter().all(|l| l.trim().is_empty()) => Err(Error::validation(
            "gas_levels",
            "A goal rated 0–10 has no GAS levels.",
        )),
        GoalMeasure::Rating => Ok(None),
        GoalMeasure::Gas => {
            if w.gas_levels.len() != 5 || w.gas_levels.iter().any(|l| l.trim().is_empty()) {
                return Err(Error::validation(
                    "gas_levels",
                    "Describe each of the five levels, from −2 (much less than expected) to +2 (much more than expected).",
                ));
            }
            if let Some(l) = w.gas_levels.iter().find(|l| l.chars().count() > 300) {
                return Err(Error::validation(
                    "gas_levels",
                    format!(
                        "A level is up to 300 characters (“{}…”).",
                        l.chars().take(30).collect::<String>()
                    ),
                ));
            }
            let levels: Vec<&str> = w.gas_levels.iter().map(|l| l.trim()).collect();
            Ok(Some(
                serde_json::to_string(&levels).map_err(|e| Error::Internal(e.to_string()))?,
            ))
        }
    }
}

/// A version of a goal's wording, ready to be written.
struct NewVersion<'a> {
    version: u32,
    wording: &'a GoalWording,
    /// The GAS levels as stored (JSON), or none for a rated goal.
    levels: Option<String>,
    on: NaiveDate,
    reason: &'a str,
}

fn add_version(conn: &Connection, goal: GoalId, v: NewVersion<'_>, now: Timestamp) -> Result<()> {
    let w = v.wording;
    conn.prepare_cached(
        "INSERT INTO goal_versions (goal_id, version, statement, baseline, target, how_measured, gas_levels,
                                    revised_on, reason, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        goal,
        v.version,
        w.statement.trim(),
        w.baseline.trim(),
        w.target.trim(),
        w.how_measured.trim(),
        v.levels,
        v.on,
        v.reason,
        now
    ])?;
    Ok(())
}

/// Sets a goal for an enrolled member.
pub fn set_goal(
    conn: &Connection,
    place: PlaceId,
    new: &NewGoal,
    today: NaiveDate,
    now: Timestamp,
) -> Result<GoalId> {
    let p = places::get(conn, place)?;
    if p.stage != Stage::Enrolled {
        return Err(Error::Conflict(
            "Goals are set for members enrolled in the group.".into(),
        ));
    }
    let levels = checked(new.measured_by, &new.wording)?;
    let on = parse_date("set_on", "The date the goal was set", &new.set_on)?;
    if on > today {
        return Err(Error::validation(
            "set_on",
            "A goal is set today or on a day already past.",
        ));
    }
    let active: i64 = conn
        .prepare_cached("SELECT count(*) FROM goals WHERE place_id = ?1 AND status = 'active'")?
        .query_row([place], |r| r.get(0))?;
    if active as usize >= MAX_ACTIVE_GOALS {
        return Err(Error::Conflict(format!(
            "This member already has {MAX_ACTIVE_GOALS} active goals in the group. Mark one achieved or discontinued first, or revise one."
        )));
    }
    let id = GoalId::new();
    conn.prepare_cached(
        "INSERT INTO goals (id, place_id, measured_by, set_on, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?
    .execute(params![id, place, new.measured_by, on, now])?;
    let first = NewVersion {
        version: 1,
        wording: &new.wording,
        levels,
        on,
        reason: "",
    };
    add_version(conn, id, first, now)?;
    audit::append(
        conn,
        AuditEvent::GoalSet,
        &format!("goal {id} set for place {place}"),
    )?;
    Ok(id)
}

fn active_goal(conn: &Connection, id: GoalId) -> Result<Goal> {
    let g = goal(conn, id)?;
    if g.status != GoalStatus::Active {
        return Err(Error::Conflict(format!(
            "This goal was {} on {}: it is kept as it was.",
            if g.status == GoalStatus::Achieved {
                "achieved"
            } else {
                "discontinued"
            },
            g.ended_on.map(sentence::date).unwrap_or_default()
        )));
    }
    Ok(g)
}

/// Revises a goal's wording; the earlier version is kept, and ratings
/// already given stay with the version they rated.
pub fn revise(
    conn: &Connection,
    id: GoalId,
    wording: &GoalWording,
    reason: &str,
    on: &str,
    today: NaiveDate,
    now: Timestamp,
) -> Result<()> {
    let g = active_goal(conn, id)?;
    let levels = checked(g.measured_by, wording)?;
    let on = parse_date("revised_on", "The date of the revision", on)?;
    if on > today || on < g.current().revised_on {
        return Err(Error::validation(
            "revised_on",
            format!(
                "A revision is dated between the last version ({}) and today.",
                sentence::date(g.current().revised_on)
            ),
        ));
    }
    if reason.chars().count() > 2000 {
        return Err(Error::validation(
            "reason",
            "The reason is up to 2,000 characters.",
        ));
    }
    let next = NewVersion {
        version: g.current().version + 1,
        wording,
        levels,
        on,
        reason: reason.trim(),
    };
    add_version(conn, id, next, now)?;
    conn.prepare_cached("UPDATE goals SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![id, now])?;
    audit::append(
        conn,
        AuditEvent::GoalRevised,
        &format!("goal {id} revised to version {}", g.current().version + 1),
    )?;
    Ok(())
}

/// Marks a goal achieved or discontinued, with the date; final after.
pub fn end_goal(
    conn: &Connection,
    id: GoalId,
    status: GoalStatus,
    on: &str,
    note: &str,
    today: NaiveDate,
    now: Timestamp,
) -> Result<()> {
    let g = active_goal(conn, id)?;
    if status == GoalStatus::Active {
        return Err(Error::validation("status", "Choose achieved or discontinued."));
    }
    let on = parse_date("ended_on", "The date", on)?;
    if on > today || on < g.set_on {
        return Err(Error::validation(
            "ended_on",
            format!(
                "The date is between the day the goal was set ({}) and today.",
                sentence::date(g.set_on)
            ),
        ));
    }
    if note.chars().count() > 2000 {
        return Err(Error::validation(
            "end_note",
            "The note is up to 2,000 characters.",
        ));
    }
    conn.prepare_cached(
        "UPDATE goals SET status = ?2, ended_on = ?3, end_note = ?4, updated_at = ?5 WHERE id = ?1",
    )?
    .execute(params![id, status, on, note.trim(), now])?;
    audit::append(
        conn,
        AuditEvent::GoalEnded,
        &format!("goal {id} {}", <&'static str>::from(status)),
    )?;
    Ok(())
}

const GOAL_COLUMNS: &str = "g.id, g.place_id, g.measured_by, g.status, g.set_on, g.ended_on, g.end_note,
     v.version, v.statement, v.baseline, v.target, v.how_measured, v.gas_levels, v.revised_on, v.reason";

/// Goals from rows ordered by goal, then version newest first.
fn collect(rows: &mut rusqlite::Rows<'_>) -> Result<Vec<Goal>> {
    let mut out: Vec<Goal> = Vec::new();
    while let Some(r) = rows.next()? {
        let id: GoalId = r.get(0)?;
        let levels: Option<String> = r.get(12)?;
        let version = GoalVersion {
            version: r.get(7)?,
            statement: r.get(8)?,
            baseline: r.get(9)?,
            target: r.get(10)?,
            how_measured: r.get(11)?,
            gas_levels: levels
                .map(|l| serde_json::from_str(&l).unwrap_or_default())
                .unwrap_or_default(),
            revised_on: r.get(13)?,
            reason: r.get(14)?,
        };
        match out.last_mut() {
            Some(g) if g.id == id => g.versions.push(version),
            _ => out.push(Goal {
                id,
                place_id: r.get(1)?,
                measured_by: r.get(2)?,
                status: r.get(3)?,
                set_on: r.get(4)?,
                ended_on: r.get(5)?,
                end_note: r.get(6)?,
                versions: vec![version],
            }),
        }
    }
    Ok(out)
}

pub fn goal(conn: &Connection, id: GoalId) -> Result<Goal> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {GOAL_COLUMNS} FROM goals g JOIN goal_versions v ON v.goal_id = g.id
         WHERE g.id = ?1 ORDER BY v.version DESC"
    ))?;
    let mut rows = stmt.query([id])?;
    collect(&mut rows)?
        .pop()
        .ok_or_else(|| Error::NotFound("That goal no longer exists.".into()))
}

/// A member's goals in a group: active first (oldest set first), then ended.
/// The active goals of each place in the group that has any (on `goals_by_place`).
pub fn active_by_place(conn: &Connection, group: GroupId) -> Result<HashMap<PlaceId, u32>> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.place_id, count(*) FROM places p JOIN goals g ON g.place_id = p.id AND g.status = 'active'
         WHERE p.group_id = ?1 GROUP BY g.place_id",
    )?;
    let rows = stmt.query_map([group], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn goals_of_place(conn: &Connection, place: PlaceId) -> Result<Vec<Goal>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {GOAL_COLUMNS} FROM goals g JOIN goal_versions v ON v.goal_id = g.id
         WHERE g.place_id = ?1
         ORDER BY g.status <> 'active', g.set_on, g.rowid, v.version DESC"
    ))?;
    let mut rows = stmt.query([place])?;
    collect(&mut rows)
}
