//! The "new group" flow: a live preview of the dates and topics, then the
//! group created with its dated sessions, their plans and its agreement.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::ids::GroupId;
use crate::planning::blackouts::{self, BlackoutDate, BlackoutDateInput};
use crate::planning::calendar;
use crate::planning::curriculum::{self, SessionPlan, Template};
use crate::planning::ground_rules;
use crate::planning::groups::{self, GroupInput, ValidGroup};
use crate::planning::program::{self, Outcome};
use crate::planning::templates;
use crate::values::Timestamp;
use crate::values::WallTime;

/// Everything the "new group" flow sends.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewGroup {
    pub group: GroupInput,
    /// This group's own blackout dates (the practice-wide ones apply too).
    pub blackout_dates: Vec<BlackoutDateInput>,
    /// A template id, or none.
    pub template_id: Option<String>,
    /// Start from a previous group's curriculum instead.
    pub copy_from_group: Option<GroupId>,
}

/// What a new group will look like before it is saved.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SchedulePreview {
    pub sessions: Vec<PreviewSession>,
    /// Blackout dates the program steps over.
    pub skipped: Vec<BlackoutDate>,
    #[ts(type = "string")]
    pub end_date: NaiveDate,
    /// What applying the template will do, when its length differs.
    pub template_note: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PreviewSession {
    pub number: u32,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub start_time: WallTime,
    pub topic: String,
}

/// A group just created, with what the clinician should know.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CreatedGroup {
    pub id: GroupId,
    pub outcome: Outcome,
}

/// A checked "new group": the group, its own blackout dates, every date
/// that applies, and the laid-out dates.
struct Laid {
    group: ValidGroup,
    own: Vec<BlackoutDate>,
    dates: Vec<NaiveDate>,
    all_blackouts: BTreeSet<NaiveDate>,
}

fn lay_out(conn: &Connection, new: &NewGroup) -> Result<Laid> {
    let group = new.group.validate()?;
    let own = blackouts::clean(&new.blackout_dates)?;
    let mut all_blackouts = blackouts::applying_to(conn, None)?;
    all_blackouts.extend(own.iter().map(|b| b.date));
    let dates = calendar::generate(
        group.first_date,
        group.cadence,
        group.planned_sessions.get(),
        &all_blackouts,
    )?;
    Ok(Laid {
        group,
        own,
        dates,
        all_blackouts,
    })
}

fn plans_for(conn: &Connection, new: &NewGroup, count: u32) -> Result<(Vec<SessionPlan>, Option<String>)> {
    if let Some(from) = new.copy_from_group {
        let source = groups::get(conn, from)?;
        let t = Template {
            id: from.to_string(),
            name: source.name,
            description: String::new(),
            builtin: false,
            sessions: program::ordered_plans(conn, from)?,
        };
        return Ok(t.fit(count));
    }
    match new.template_id.as_deref().filter(|t| !t.is_empty()) {
        Some(id) => Ok(templates::get(conn, id)?.fit(count)),
        None => Ok((vec![SessionPlan::default(); count as usize], None)),
    }
}

/// The dates and topics a new group would get, without saving anything.
pub fn preview(conn: &Connection, new: &NewGroup) -> Result<SchedulePreview> {
    let laid = lay_out(conn, new)?;
    let g = &laid.group;
    let first = g.first_date;
    let last = *laid.dates.last().expect("a program has at least one session");
    let mut labels: HashMap<NaiveDate, String> = blackouts::list(conn, None)?
        .into_iter()
        .map(|b| (b.date, b.label))
        .collect();
    labels.extend(laid.own.iter().map(|b| (b.date, b.label.clone())));
    let skipped = laid
        .all_blackouts
        .iter()
        .filter(|d| **d >= first && **d <= last && (**d - first).num_days() % g.cadence.days() as i64 == 0)
        .map(|d| BlackoutDate {
            date: *d,
            label: labels.get(d).cloned().unwrap_or_default(),
        })
        .collect();
    let (plans, template_note) = plans_for(conn, new, g.planned_sessions.get())?;
    Ok(SchedulePreview {
        sessions: laid
            .dates
            .iter()
            .zip(plans.iter())
            .enumerate()
            .map(|(i, (d, p))| PreviewSession {
                number: i as u32 + 1,
                date: *d,
                start_time: g.start_time,
                topic: p.topic.clone(),
            })
            .collect(),
        skipped,
        end_date: last,
        template_note,
    })
}

/// Creates a group with its dated sessions, their plans (from a template, a
/// previous group or blank) and the default ground rules, in one go.
pub fn create_group(conn: &Connection, new: &NewGroup, now: Timestamp) -> Result<(GroupId, Outcome)> {
    let laid = lay_out(conn, new)?;
    let g = &laid.group;
    let id = GroupId::new();
    groups::insert(conn, id, g, now)?;
    blackouts::insert(conn, Some(id), &laid.own)?;
    let (plans, note) = plans_for(conn, new, g.planned_sessions.get())?;
    for (i, (d, plan)) in laid.dates.iter().zip(plans.iter()).enumerate() {
        let plan_id = curriculum::insert_plan(conn, id, plan)?;
        program::add_session(conn, id, i as u32 + 1, *d, g.start_time, plan_id, None)?;
    }
    ground_rules::start(conn, id, now)?;
    Ok((id, program::outcome(conn, id, note.into_iter().collect())?))
}
