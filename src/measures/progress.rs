//! Progress across a program: a member's goal ratings and measure totals
//! session by session (absences are gaps, never zeros), the first and
//! latest totals with whether the change is reliable; and a group's
//! averages per session beside its attendance. A few queries each, never
//! one per row.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::instruments;
use super::scoring::{self, Band, Change};
use super::InstrumentId;
use crate::error::Result;
use crate::goals::{GoalMeasure, GoalStatus};
use crate::ids::{GoalId, GroupId, PlaceId, ResultId, SessionId};

/// A session of the program, as a point on the charts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SessionPoint {
    pub session_id: SessionId,
    pub number: u32,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub held: bool,
    /// The member attended (present, late or left early).
    pub attended: bool,
}

/// A goal's ratings, one per session of the program (None: not rated or absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GoalSeries {
    pub goal_id: GoalId,
    pub statement: String,
    pub measured_by: GoalMeasure,
    pub status: GoalStatus,
    #[ts(type = "Array<number | null>")]
    pub values: Vec<Option<i64>>,
}

/// One result on a measure's chart.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MeasurePoint {
    pub result_id: ResultId,
    #[ts(type = "string")]
    pub taken_on: NaiveDate,
    /// The session it was taken at; None for an intake.
    pub session_number: Option<u32>,
    pub total: f64,
    pub band: Option<String>,
}

/// A measure's results for a member, with the change from first to latest.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MeasureSeries {
    pub instrument_id: InstrumentId,
    pub short_name: String,
    pub bands: Vec<Band>,
    /// The highest total possible (for the chart's axis).
    pub max_total: f64,
    pub points: Vec<MeasurePoint>,
    pub change: Change,
    /// The difference that counts as reliable, if the measure has one.
    pub threshold: Option<f64>,
    /// A higher total means more of the problem (PHQ-9, GAD-7).
    pub higher_is_worse: bool,
}

/// Everything the member's progress charts show.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MemberProgress {
    pub place_id: PlaceId,
    pub sessions: Vec<SessionPoint>,
    pub goals: Vec<GoalSeries>,
    pub measures: Vec<MeasureSeries>,
}

pub fn member_progress(conn: &Connection, place: PlaceId) -> Result<MemberProgress> {
    let sessions: Vec<SessionPoint> = conn
        .prepare_cached(
            "SELECT s.id, s.number, s.date, s.status = 'held',
                    ifnull(a.status IN ('present', 'late', 'left_early'), 0)
             FROM places p JOIN sessions s ON s.group_id = p.group_id
             LEFT JOIN attendance a ON a.session_id = s.id AND a.place_id = p.id
             WHERE p.id = ?1 AND s.status <> 'removed'
             ORDER BY s.number",
        )?
        .query_map([place], |r| {
            Ok(SessionPoint {
                session_id: r.get(0)?,
                number: r.get(1)?,
                date: r.get(2)?,
                held: r.get(3)?,
                attended: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let index: HashMap<SessionId, usize> = sessions
        .iter()
        .enumerate()
        .map(|(i, s)| (s.session_id, i))
        .collect();

    let mut goals: Vec<GoalSeries> = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, (SELECT statement FROM goal_versions v WHERE v.goal_id = g.id ORDER BY version DESC LIMIT 1),
                g.measured_by, g.status, r.session_id, r.value
         FROM goals g LEFT JOIN goal_ratings r ON r.goal_id = g.id
         WHERE g.place_id = ?1
         ORDER BY g.status <> 'active', g.set_on, g.rowid",
    )?;
    let mut rows = stmt.query([place])?;
    while let Some(r) = rows.next()? {
        let id: GoalId = r.get(0)?;
        if goals.last().map(|g| g.goal_id) != Some(id) {
            goals.push(GoalSeries {
                goal_id: id,
                statement: r.get(1)?,
                measured_by: r.get(2)?,
                status: r.get(3)?,
                values: vec![None; sessions.len()],
            });
        }
        let session: Option<SessionId> = r.get(4)?;
        if let Some(i) = session.and_then(|s| index.get(&s)) {
            let g = goals.last_mut().expect("pushed above");
            g.values[*i] = r.get(5)?;
        }
    }

    let all = instruments::list(conn)?;
    let by_id: HashMap<&InstrumentId, &instruments::Instrument> = all.iter().map(|i| (&i.id, i)).collect();
    let mut measures: Vec<MeasureSeries> = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT r.instrument_id, r.id, r.taken_on, s.number, r.total
         FROM measure_results r LEFT JOIN sessions s ON s.id = r.session_id
         WHERE r.place_id = ?1 AND r.voided_at IS NULL
         ORDER BY r.instrument_id, r.taken_on, r.rowid",
    )?;
    let mut rows = stmt.query([place])?;
    while let Some(r) = rows.next()? {
        let id: InstrumentId = r.get(0)?;
        let Some(i) = by_id.get(&id) else { continue };
        if measures.last().map(|m| &m.instrument_id) != Some(&id) {
            measures.push(MeasureSeries {
                instrument_id: id.clone(),
                short_name: i.short_name.clone(),
                bands: i.bands.clone(),
                max_total: match i.scoring {
                    scoring::Scoring::Sum => (i.item_max * i.items.len() as i64) as f64,
                    scoring::Scoring::Mean => i.item_max as f64,
                },
                points: Vec::new(),
                change: Change::Unknown,
                threshold: i.reliable_change_threshold(),
                higher_is_worse: i.higher_is_worse,
            });
        }
        let total: f64 = r.get(4)?;
        measures
            .last_mut()
            .expect("pushed above")
            .points
            .push(MeasurePoint {
                result_id: r.get(1)?,
                taken_on: r.get(2)?,
                session_number: r.get(3)?,
                total,
                band: scoring::band(&i.bands, total).map(|b| b.label.clone()),
            });
    }
    for m in &mut measures {
        let higher_is_worse = m.higher_is_worse;
        if let (Some(first), Some(latest)) = (m.points.first(), m.points.last()) {
            m.change = if m.points.len() < 2 {
                Change::Unknown
            } else {
                scoring::change(first.total, latest.total, m.threshold, higher_is_worse)
            };
        }
    }
    Ok(MemberProgress {
        place_id: place,
        sessions,
        goals,
        measures,
    })
}

/// A session of a group with its averages.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GroupSessionSummary {
    pub session_id: SessionId,
    pub number: u32,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub held: bool,
    pub attended: u32,
    /// The average GAS rating of the goals rated (−2…+2).
    pub gas_average: Option<f64>,
    /// The average 0–10 rating of the goals rated.
    pub rating_average: Option<f64>,
    /// The average total of each measure taken at the session.
    pub measure_averages: Vec<(InstrumentId, f64)>,
}

/// The group's program, session by session, with attendance and averages.
pub fn group_overview(conn: &Connection, group: GroupId) -> Result<Vec<GroupSessionSummary>> {
    let mut out: Vec<GroupSessionSummary> = conn
        .prepare_cached(
            "SELECT s.id, s.number, s.date, s.status = 'held',
                    (SELECT count(*) FROM attendance a WHERE a.session_id = s.id
                       AND a.status IN ('present', 'late', 'left_early')),
                    (SELECT avg(r.value) FROM goal_ratings r JOIN goals g ON g.id = r.goal_id
                       WHERE r.session_id = s.id AND g.measured_by = 'gas'),
                    (SELECT avg(r.value) FROM goal_ratings r JOIN goals g ON g.id = r.goal_id
                       WHERE r.session_id = s.id AND g.measured_by = 'rating')
             FROM sessions s WHERE s.group_id = ?1 AND s.status <> 'removed' ORDER BY s.number",
        )?
        .query_map([group], |r| {
            Ok(GroupSessionSummary {
                session_id: r.get(0)?,
                number: r.get(1)?,
                date: r.get(2)?,
                held: r.get(3)?,
                attended: r.get(4)?,
                gas_average: r.get::<_, Option<f64>>(5)?.map(scoring::rounded),
                rating_average: r.get::<_, Option<f64>>(6)?.map(scoring::rounded),
                measure_averages: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let index: HashMap<SessionId, usize> = out.iter().enumerate().map(|(i, s)| (s.session_id, i)).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT r.session_id, r.instrument_id, avg(r.total)
         FROM sessions s JOIN measure_results r ON r.session_id = s.id
         WHERE s.group_id = ?1 AND r.voided_at IS NULL
         GROUP BY r.session_id, r.instrument_id ORDER BY r.instrument_id",
    )?;
    let mut rows = stmt.query([group])?;
    while let Some(r) = rows.next()? {
        let session: SessionId = r.get(0)?;
        if let Some(i) = index.get(&session) {
            out[*i]
                .measure_averages
                .push((r.get(1)?, scoring::rounded(r.get(2)?)));
        }
    }
    Ok(out)
}
