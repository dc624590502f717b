//! The program summary of one group: sessions held, cancelled and made up;
//! who enrolled, completed, dropped out (and why) or transferred; the
//! attendance; for each measure the group's mean at the start and at the
//! end with how many improved reliably, stayed the same or worsened; goal
//! attainment, with the Kiresuk–Sherman T-score for GAS goals; and the
//! curriculum as delivered. Members are not named unless the clinician asks
//! for the named version.
//!
//! Read in a fixed number of queries whatever the group's size: the
//! register's four, the places' endings, every goal rating of the group and
//! every measure result of the group.
//!
//! **GAS T-score** (Kiresuk & Sherman, 1968): for a member with goals rated
//! x₁…xₙ (their latest rating, −2…+2) of equal weight,
//! T = 50 + 10·Σxᵢ / √((1 − ρ)·n + ρ·n²), with ρ = 0.3, the correlation
//! between goals the authors assumed. 50 is "the expected level" on
//! average; each 10 is one standard deviation.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::register;
use super::summary::{self, GroupDetails};
use crate::error::Result;
use crate::goals::{GoalMeasure, GoalStatus};
use crate::ids::{GroupId, PlaceId};
use crate::measures::instruments;
use crate::measures::scoring::{self, Change};
use crate::planning::program::SessionStatus;
use crate::roster::places::Stage;

/// The correlation between goals the T-score assumes.
pub const GAS_RHO: f64 = 0.3;

/// The Kiresuk–Sherman T-score of equally weighted GAS ratings; none without any.
pub fn gas_t_score(ratings: &[i64]) -> Option<f64> {
    if ratings.is_empty() {
        return None;
    }
    let n = ratings.len() as f64;
    let sum: i64 = ratings.iter().sum();
    Some(50.0 + 10.0 * sum as f64 / ((1.0 - GAS_RHO) * n + GAS_RHO * n * n).sqrt())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SessionCounts {
    pub planned: u32,
    pub held: u32,
    pub cancelled: u32,
    /// Make-up sessions held in place of cancelled ones.
    pub made_up: u32,
    pub to_come: u32,
}

/// How one member's place ended (or that it has not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Ending {
    pub stage: Stage,
    pub reason: String,
    pub transferred_to: String,
    /// Only in the named version.
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MembershipCounts {
    pub enrolled: u32,
    pub still_enrolled: u32,
    pub completed: u32,
    pub dropped_out: u32,
    pub transferred: u32,
    /// Everyone who dropped out or transferred, with the reason given.
    pub left: Vec<Ending>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AttendanceSummary {
    /// Every attended mark ÷ every taken one, 0–1 (as the register).
    pub rate: Option<f64>,
    /// Members attending a held session, on average.
    pub mean_per_session: Option<f64>,
    pub attended: u32,
    pub expected: u32,
}

/// One measure across the group: members with two or more results.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MeasureOutcome {
    pub short_name: String,
    pub higher_is_worse: bool,
    pub threshold: Option<f64>,
    /// Members with two results or more (those compared).
    pub members: u32,
    /// Members with a single result (not compared).
    pub single: u32,
    pub first_mean: Option<f64>,
    pub latest_mean: Option<f64>,
    pub improved: u32,
    pub no_change: u32,
    pub worsened: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GoalOutcome {
    pub goals: u32,
    pub achieved: u32,
    pub discontinued: u32,
    pub active: u32,
    /// Members with a rated GAS goal, and their mean T-score.
    pub gas_members: u32,
    pub gas_mean_t: Option<f64>,
    /// Of them, those at 50 or above (the expected level or better).
    pub gas_at_expected: u32,
    /// 0–10 goals with two ratings or more: the mean first and latest rating.
    pub rating_goals: u32,
    pub rating_first_mean: Option<f64>,
    pub rating_latest_mean: Option<f64>,
}

/// A session as delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DeliveredSession {
    pub number: u32,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub status: SessionStatus,
    pub makeup_for: Option<u32>,
    pub topic: String,
    pub attended: u32,
    pub expected: u32,
}

/// One member's line in the named version.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MemberOutcome {
    pub name: String,
    pub stage: Stage,
    pub attended: u32,
    pub expected: u32,
    pub t_score: Option<f64>,
    /// "PHQ-9 18 → 9, reliable improvement".
    pub measures: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProgramSummary {
    pub practice_name: String,
    pub group: GroupDetails,
    pub location: String,
    /// Members are named.
    pub named: bool,
    pub sessions: SessionCounts,
    pub membership: MembershipCounts,
    pub attendance: AttendanceSummary,
    pub measures: Vec<MeasureOutcome>,
    pub goals: GoalOutcome,
    pub curriculum: Vec<DeliveredSession>,
    /// Empty unless named.
    pub members: Vec<MemberOutcome>,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

/// Per place: each goal's measure, status and ratings in session order.
type GoalsOf = BTreeMap<PlaceId, Vec<(GoalMeasure, GoalStatus, Vec<i64>)>>;

fn goals_of(conn: &Connection, group: GroupId) -> Result<GoalsOf> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.place_id, g.id, g.measured_by, g.status, r.value
         FROM places p JOIN goals g ON g.place_id = p.id
         LEFT JOIN goal_ratings r ON r.goal_id = g.id LEFT JOIN sessions s ON s.id = r.session_id
         WHERE p.group_id = ?1
         ORDER BY g.place_id, g.id, s.date, s.start_time",
    )?;
    let mut rows = stmt.query([group])?;
    let mut out: GoalsOf = BTreeMap::new();
    let mut last: Option<String> = None;
    while let Some(r) = rows.next()? {
        let place: PlaceId = r.get(0)?;
        let goal: String = r.get(1)?;
        let list = out.entry(place).or_default();
        if last.as_deref() != Some(goal.as_str()) {
            list.push((r.get(2)?, r.get(3)?, Vec::new()));
            last = Some(goal);
        }
        if let Some(v) = r.get::<_, Option<i64>>(4)? {
            list.last_mut().expect("pushed above").2.push(v);
        }
    }
    Ok(out)
}

/// Per place and measure: the totals in the order taken.
fn results_of(conn: &Connection, group: GroupId) -> Result<BTreeMap<(PlaceId, String), Vec<f64>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.place_id, r.instrument_id, r.total
         FROM places p JOIN measure_results r ON r.place_id = p.id
         WHERE p.group_id = ?1 AND r.voided_at IS NULL
         ORDER BY r.place_id, r.instrument_id, r.taken_on, r.rowid",
    )?;
    let mut out: BTreeMap<(PlaceId, String), Vec<f64>> = BTreeMap::new();
    let mut rows = stmt.query([group])?;
    while let Some(r) = rows.next()? {
        out.entry((r.get(0)?, r.get(1)?)).or_default().push(r.get(2)?);
    }
    Ok(out)
}

/// Each enrolled place's ending: stage, reason, where to.
fn endings(conn: &Connection, group: GroupId) -> Result<BTreeMap<PlaceId, (Stage, String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, stage, left_reason, transferred_to FROM places
         WHERE group_id = ?1 AND enrolled_on IS NOT NULL",
    )?;
    let rows = stmt.query_map([group], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The program summary of `group`; members named only when `named`.
pub fn program_summary(conn: &Connection, group: GroupId, named: bool) -> Result<ProgramSummary> {
    let reg = register::register(conn, group)?;
    let endings = endings(conn, group)?;
    let goals = goals_of(conn, group)?;
    let results = results_of(conn, group)?;
    let instruments = instruments::list(conn)?;

    let count = |status: SessionStatus| reg.sessions.iter().filter(|s| s.status == status).count() as u32;
    let sessions = SessionCounts {
        planned: reg.group.planned_sessions.get(),
        held: reg.held,
        cancelled: reg.cancelled,
        made_up: reg
            .sessions
            .iter()
            .filter(|s| s.makeup_for.is_some() && s.status == SessionStatus::Held)
            .count() as u32,
        to_come: count(SessionStatus::Scheduled),
    };

    let mut membership = MembershipCounts {
        enrolled: reg.members.len() as u32,
        still_enrolled: 0,
        completed: 0,
        dropped_out: 0,
        transferred: 0,
        left: Vec::new(),
    };
    for m in &reg.members {
        let (stage, reason, to) =
            endings
                .get(&m.place_id)
                .cloned()
                .unwrap_or((m.stage, String::new(), String::new()));
        match stage {
            Stage::Completed => membership.completed += 1,
            Stage::DroppedOut => membership.dropped_out += 1,
            Stage::Transferred => membership.transferred += 1,
            _ => membership.still_enrolled += 1,
        }
        if matches!(stage, Stage::DroppedOut | Stage::Transferred) {
            membership.left.push(Ending {
                stage,
                reason,
                transferred_to: to,
                name: named.then(|| m.legal_name.clone()),
            });
        }
    }

    let held: Vec<_> = reg
        .sessions
        .iter()
        .filter(|s| s.status == SessionStatus::Held)
        .collect();
    let attendance = AttendanceSummary {
        rate: reg.group_rate,
        mean_per_session: mean(held.iter().map(|s| f64::from(s.attended))),
        attended: reg.members.iter().map(|m| m.attended).sum(),
        expected: reg.members.iter().map(|m| m.marked + m.counts.not_recorded).sum(),
    };

    // Measures: each member's first and latest total, for those with two or more.
    let mut measures: Vec<MeasureOutcome> = Vec::new();
    let mut member_lines: BTreeMap<PlaceId, Vec<String>> = BTreeMap::new();
    for i in &instruments {
        let of_group: Vec<(&PlaceId, &Vec<f64>)> = results
            .iter()
            .filter(|((_, id), _)| *id == i.id.0)
            .map(|((p, _), t)| (p, t))
            .collect();
        if of_group.is_empty() {
            continue;
        }
        let threshold = i.reliable_change_threshold();
        let mut o = MeasureOutcome {
            short_name: i.short_name.clone(),
            higher_is_worse: i.higher_is_worse,
            threshold,
            members: 0,
            single: 0,
            first_mean: None,
            latest_mean: None,
            improved: 0,
            no_change: 0,
            worsened: 0,
        };
        let mut pairs = Vec::new();
        for (place, totals) in of_group {
            let (first, latest) = (totals[0], totals[totals.len() - 1]);
            if totals.len() < 2 {
                o.single += 1;
                continue;
            }
            let change = scoring::change(first, latest, threshold, i.higher_is_worse);
            match change {
                Change::ReliableImprovement => o.improved += 1,
                Change::ReliableDeterioration => o.worsened += 1,
                Change::NoReliableChange | Change::Unknown => o.no_change += 1,
            }
            member_lines.entry(*place).or_default().push(format!(
                "{} {} → {}, {}",
                i.short_name,
                summary::number(first),
                summary::number(latest),
                summary::change_words(change, None)
            ));
            pairs.push((first, latest));
        }
        o.members = pairs.len() as u32;
        o.first_mean = mean(pairs.iter().map(|p| p.0));
        o.latest_mean = mean(pairs.iter().map(|p| p.1));
        measures.push(o);
    }

    // Goals: counts, the GAS T-score per member, 0–10 goals first and latest.
    let mut g = GoalOutcome {
        goals: 0,
        achieved: 0,
        discontinued: 0,
        active: 0,
        gas_members: 0,
        gas_mean_t: None,
        gas_at_expected: 0,
        rating_goals: 0,
        rating_first_mean: None,
        rating_latest_mean: None,
    };
    let mut t_scores: BTreeMap<PlaceId, f64> = BTreeMap::new();
    let mut rating_pairs = Vec::new();
    for (place, list) in &goals {
        let mut latest_gas = Vec::new();
        for (measured_by, status, ratings) in list {
            g.goals += 1;
            match status {
                GoalStatus::Achieved => g.achieved += 1,
                GoalStatus::Discontinued => g.discontinued += 1,
                GoalStatus::Active => g.active += 1,
            }
            match (measured_by, ratings.last()) {
                (GoalMeasure::Gas, Some(v)) => latest_gas.push(*v),
                (GoalMeasure::Rating, Some(v)) if ratings.len() > 1 => {
                    rating_pairs.push((ratings[0] as f64, *v as f64))
                }
                _ => {}
            }
        }
        if let Some(t) = gas_t_score(&latest_gas) {
            t_scores.insert(*place, t);
        }
    }
    g.gas_members = t_scores.len() as u32;
    g.gas_mean_t = mean(t_scores.values().copied());
    g.gas_at_expected = t_scores.values().filter(|t| **t >= 50.0 - 1e-9).count() as u32;
    g.rating_goals = rating_pairs.len() as u32;
    g.rating_first_mean = mean(rating_pairs.iter().map(|p| p.0));
    g.rating_latest_mean = mean(rating_pairs.iter().map(|p| p.1));

    let curriculum = reg
        .sessions
        .iter()
        .map(|s| DeliveredSession {
            number: s.number,
            date: s.date,
            status: s.status,
            makeup_for: s.makeup_for,
            topic: s.topic.clone(),
            attended: s.attended,
            expected: s.expected,
        })
        .collect();

    let members = if named {
        reg.members
            .iter()
            .map(|m| MemberOutcome {
                name: m.legal_name.clone(),
                stage: endings.get(&m.place_id).map_or(m.stage, |e| e.0),
                attended: m.attended,
                expected: m.marked + m.counts.not_recorded,
                t_score: t_scores.get(&m.place_id).copied(),
                measures: member_lines.remove(&m.place_id).unwrap_or_default(),
            })
            .collect()
    } else {
        Vec::new()
    };

    Ok(ProgramSummary {
        practice_name: reg.practice_name.clone(),
        group: GroupDetails {
            name: reg.group.name.clone(),
            approach: reg.group.approach.clone(),
            facilitators: reg.facilitators.clone(),
            first_date: reg.group.first_date,
            end_date: reg.group.end_date,
            planned_sessions: reg.group.planned_sessions.get(),
        },
        location: reg.group.location.clone(),
        named,
        sessions,
        membership,
        attendance,
        measures,
        goals: g,
        curriculum,
        members,
    })
}
