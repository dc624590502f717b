//! Blackout dates — holidays, closures, leave — on which no session is
//! planned: a practice-wide list that applies to every group, and each
//! group's own.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::ids::GroupId;
use crate::planning::calendar::parse_date;
use crate::vault::audit::{self, AuditEvent};

/// A blackout date as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BlackoutDate {
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub label: String,
}

/// A blackout date as typed: the date is checked when it is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BlackoutDateInput {
    /// YYYY-MM-DD.
    pub date: String,
    pub label: String,
}

/// Parses the typed list; duplicates keep their first label.
pub(crate) fn clean(list: &[BlackoutDateInput]) -> Result<Vec<BlackoutDate>> {
    let mut out: Vec<BlackoutDate> = Vec::new();
    for b in list {
        let date = parse_date("blackout_dates", "A blackout date", &b.date)?;
        let label = b.label.trim().chars().take(120).collect::<String>();
        if !out.iter().any(|x| x.date == date) {
            out.push(BlackoutDate { date, label });
        }
    }
    out.sort_by_key(|b| b.date);
    Ok(out)
}

/// A group's own list (`Some`) or the practice-wide one (`None`), by date.
pub fn list(conn: &Connection, group: Option<GroupId>) -> Result<Vec<BlackoutDate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT date, label FROM blackout_dates WHERE (?1 IS NULL AND group_id IS NULL) OR group_id = ?1 ORDER BY date",
    )?;
    let rows = stmt.query_map([group], |r| {
        Ok(BlackoutDate {
            date: r.get(0)?,
            label: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The dates that apply to a group: its own and the practice-wide ones.
pub fn applying_to(conn: &Connection, group: Option<GroupId>) -> Result<BTreeSet<NaiveDate>> {
    let mut stmt =
        conn.prepare_cached("SELECT date FROM blackout_dates WHERE group_id IS NULL OR group_id = ?1")?;
    let rows = stmt.query_map([group], |r| r.get::<_, NaiveDate>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes a group's own list without an audit entry (the group's creation has its own).
pub(crate) fn insert(conn: &Connection, group: Option<GroupId>, list: &[BlackoutDate]) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("INSERT INTO blackout_dates (group_id, date, label) VALUES (?1, ?2, ?3)")?;
    for b in list {
        stmt.execute(params![group, b.date, b.label])?;
    }
    Ok(())
}

/// Replaces a group's own list, or the practice-wide one (`None`).
/// Sessions already dated are not moved; the list applies to new dates.
pub fn set(conn: &Connection, group: Option<GroupId>, list: &[BlackoutDateInput]) -> Result<()> {
    let clean = clean(list)?;
    delete_all(conn, group)?;
    insert(conn, group, &clean)?;
    audit::append(
        conn,
        AuditEvent::BlackoutDatesChanged,
        &group
            .map(|g| g.to_string())
            .unwrap_or_else(|| "practice-wide".into()),
    )?;
    Ok(())
}

/// Blackout dates are plans, not records: a group's own list is replaced whole.
pub(crate) fn delete_all(conn: &Connection, group: Option<GroupId>) -> Result<()> {
    conn.execute(
        "DELETE FROM blackout_dates WHERE (?1 IS NULL AND group_id IS NULL) OR group_id = ?1",
        [group],
    )?;
    Ok(())
}
