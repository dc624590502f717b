//! The figures of a member's progress or discharge summary: who they are,
//! the group and the dates of their place, the sessions they attended of
//! those they were expected at, each goal's first and latest rating, and
//! each measure's first and latest total with its band and whether the
//! change is reliable.
//!
//! Read from what the member's Progress page and the attendance register
//! already read (`measures::progress`, `register`): the same counting, a
//! handful of queries whatever the practice's size. A signed summary keeps
//! these figures as they stood (`summaries`), so they are also read back.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::register::{self, MarkCounts};
use crate::error::{Error, Result};
use crate::goals::{GoalMeasure, GoalStatus};
use crate::ids::PlaceId;
use crate::measures::progress;
use crate::measures::scoring::{Band, Change};
use crate::planning::program::SessionStatus;
use crate::roster::members;
use crate::roster::places::{self, Stage};
use crate::settings;

/// Who the summary is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MemberDetails {
    pub legal_name: String,
    pub preferred_name: String,
    pub pronouns: String,
    #[ts(type = "string | null")]
    pub date_of_birth: Option<NaiveDate>,
}

/// The group, as the summary names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GroupDetails {
    pub name: String,
    pub approach: String,
    /// The clinician and co-facilitators, each with credentials.
    pub facilitators: Vec<String>,
    #[ts(type = "string")]
    pub first_date: NaiveDate,
    #[ts(type = "string | null")]
    pub end_date: Option<NaiveDate>,
    pub planned_sessions: u32,
}

/// The member's place in the group, from referral to leaving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlaceDetails {
    pub stage: Stage,
    /// "enrolled", "dropped out".
    pub stage_words: String,
    #[ts(type = "string")]
    pub referred_on: NaiveDate,
    pub referral_source: String,
    #[ts(type = "string | null")]
    pub enrolled_on: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub left_on: Option<NaiveDate>,
    pub left_reason: String,
    pub transferred_to: String,
}

/// The sessions a member attended of those they were expected at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AttendanceFigures {
    /// Held sessions they were expected at (enrolled on the day).
    pub expected: u32,
    /// Present, late or left early.
    pub attended: u32,
    /// Attended ÷ expected sessions whose mark was taken, 0–1.
    pub rate: Option<f64>,
    pub counts: MarkCounts,
    /// Sessions of the program still to come while they hold their place.
    pub still_to_come: u32,
}

/// A rating at a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RatingAt {
    pub session_number: u32,
    #[ts(type = "string")]
    pub date: NaiveDate,
    #[ts(type = "number")]
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GoalFigures {
    pub statement: String,
    pub measured_by: GoalMeasure,
    pub status: GoalStatus,
    pub first: Option<RatingAt>,
    pub latest: Option<RatingAt>,
    pub ratings: u32,
}

/// A total on a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TotalOn {
    #[ts(type = "string")]
    pub taken_on: NaiveDate,
    pub total: f64,
    pub band: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MeasureFigures {
    pub short_name: String,
    /// Every total, first to latest (the chart).
    pub totals: Vec<TotalOn>,
    pub change: Change,
    /// "reliable improvement (threshold 6 points)".
    pub change_words: String,
    pub threshold: Option<f64>,
    pub higher_is_worse: bool,
    pub max_total: f64,
    pub bands: Vec<Band>,
}

impl MeasureFigures {
    pub fn first(&self) -> Option<&TotalOn> {
        self.totals.first()
    }

    pub fn latest(&self) -> Option<&TotalOn> {
        self.totals.last().filter(|_| self.totals.len() > 1)
    }
}

/// Everything a summary reports that the app computes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SummaryFigures {
    /// The day the figures stand at.
    #[ts(type = "string")]
    pub as_of: NaiveDate,
    pub practice_name: String,
    pub member: MemberDetails,
    pub group: GroupDetails,
    pub place: PlaceDetails,
    pub attendance: AttendanceFigures,
    pub goals: Vec<GoalFigures>,
    pub measures: Vec<MeasureFigures>,
}

/// A stage in words, as a summary prints it.
pub fn stage_words(stage: Stage) -> &'static str {
    match stage {
        Stage::Referred => "referred",
        Stage::Screened => "screened",
        Stage::Consented => "consented, not yet enrolled",
        Stage::Waitlisted => "on the waiting list",
        Stage::Enrolled => "enrolled",
        Stage::Completed => "completed the program",
        Stage::DroppedOut => "dropped out",
        Stage::Transferred => "transferred",
        Stage::NotSuitable => "not suitable for the group",
        Stage::Withdrawn => "withdrew before enrolling",
    }
}

/// A change in words, with its threshold.
pub fn change_words(change: Change, threshold: Option<f64>) -> String {
    let t = threshold.map(|t| format!(" (threshold {} points)", number(t)));
    match change {
        Change::ReliableImprovement => format!("reliable improvement{}", t.unwrap_or_default()),
        Change::ReliableDeterioration => format!("reliable deterioration{}", t.unwrap_or_default()),
        Change::NoReliableChange => format!("no reliable change{}", t.unwrap_or_default()),
        Change::Unknown if threshold.is_none() => "reliable change not known for this measure".into(),
        Change::Unknown => "only one result so far".into(),
    }
}

/// A total or threshold without a needless ".0".
pub fn number(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}

/// The figures of `place`'s summary as they stand on `today`.
pub fn figures(conn: &Connection, place: PlaceId, today: NaiveDate) -> Result<SummaryFigures> {
    let p = places::get(conn, place)?;
    if p.enrolled_on.is_none() {
        return Err(Error::Conflict(
            "A summary is written about a member who was enrolled in the group; this person never was."
                .into(),
        ));
    }
    let m = members::get(conn, p.member_id)?;
    let reg = register::register(conn, p.group_id)?;
    let row = reg
        .members
        .iter()
        .find(|r| r.place_id == place)
        .ok_or_else(|| Error::Internal("an enrolled place is missing from its register".into()))?;
    let still_to_come = reg
        .sessions
        .iter()
        .zip(&row.cells)
        .filter(|(s, c)| s.status == SessionStatus::Scheduled && matches!(c.cell, register::Cell::Scheduled))
        .count() as u32;
    let prog = progress::member_progress(conn, place)?;
    let rating_at = |i: usize, value: i64| {
        let s = &prog.sessions[i];
        RatingAt {
            session_number: s.number,
            date: s.date,
            value,
        }
    };
    let goals = prog
        .goals
        .iter()
        .map(|g| {
            let rated: Vec<(usize, i64)> = g
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i, v)))
                .collect();
            GoalFigures {
                statement: g.statement.clone(),
                measured_by: g.measured_by,
                status: g.status,
                first: rated.first().map(|&(i, v)| rating_at(i, v)),
                latest: rated
                    .last()
                    .filter(|_| rated.len() > 1)
                    .map(|&(i, v)| rating_at(i, v)),
                ratings: rated.len() as u32,
            }
        })
        .collect();
    let measures = prog
        .measures
        .into_iter()
        .map(|s| MeasureFigures {
            change_words: change_words(s.change, s.threshold),
            totals: s
                .points
                .into_iter()
                .map(|pt| TotalOn {
                    taken_on: pt.taken_on,
                    total: pt.total,
                    band: pt.band,
                })
                .collect(),
            short_name: s.short_name,
            change: s.change,
            threshold: s.threshold,
            higher_is_worse: s.higher_is_worse,
            max_total: s.max_total,
            bands: s.bands,
        })
        .collect();
    let expected = row.counts.marked() + row.counts.not_recorded;
    Ok(SummaryFigures {
        as_of: today,
        practice_name: settings::profile(conn)?.practice_name,
        member: MemberDetails {
            legal_name: m.legal_name,
            preferred_name: m.preferred_name,
            pronouns: m.pronouns,
            date_of_birth: m.date_of_birth,
        },
        group: GroupDetails {
            name: reg.group.name.clone(),
            approach: reg.group.approach.clone(),
            facilitators: reg.facilitators.clone(),
            first_date: reg.group.first_date,
            end_date: reg.group.end_date,
            planned_sessions: reg.group.planned_sessions.get(),
        },
        place: PlaceDetails {
            stage: p.stage,
            stage_words: stage_words(p.stage).into(),
            referred_on: p.referred_on,
            referral_source: p.referral_source,
            enrolled_on: p.enrolled_on,
            left_on: p.left_on,
            left_reason: p.left_reason,
            transferred_to: p.transferred_to,
        },
        attendance: AttendanceFigures {
            expected,
            attended: row.attended,
            rate: row.rate,
            counts: row.counts.clone(),
            still_to_come,
        },
        goals,
        measures,
    })
}

/// The place of the member named `member` (legal or preferred name in any
/// case, or the member's id), in the group `group` when given (its name or
/// id); refused when none or several match.
pub fn find_place(conn: &Connection, member: &str, group: Option<&str>) -> Result<PlaceId> {
    let wanted = member.trim();
    let group_id = group.map(|g| super::find_group(conn, g)).transpose()?;
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, g.name FROM members m JOIN places p ON p.member_id = m.id JOIN groups g ON g.id = p.group_id
         WHERE (m.id = ?1 OR lower(trim(m.legal_name)) = lower(?1) OR lower(trim(m.preferred_name)) = lower(?1))
           AND p.enrolled_on IS NOT NULL AND (?2 IS NULL OR p.group_id = ?2)
         ORDER BY p.enrolled_on",
    )?;
    let found: Vec<(PlaceId, String)> = stmt
        .query_map(rusqlite::params![wanted, group_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    match found.as_slice() {
        [(id, _)] => Ok(*id),
        [] => Err(Error::NotFound(format!(
            "No one named \"{wanted}\" was enrolled{}.",
            group.map(|g| format!(" in \"{g}\"")).unwrap_or_default()
        ))),
        several => Err(Error::validation(
            "group",
            format!(
                "\"{wanted}\" held a place in more than one group ({}); say which with --group.",
                several
                    .iter()
                    .map(|(_, g)| g.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}
