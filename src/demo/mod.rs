//! Demo practices for trying Cohort and measuring it: a small one (a
//! planned 12-week CBT group) and, in `large`, a deterministic large
//! practice. Later capabilities add members, held sessions, attendance and
//! notes to both.

pub mod large;
mod large_roster;
mod roster;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rusqlite::Connection;

use crate::error::Result;
use crate::ids::GroupId;
use crate::planning::blackouts::{self, BlackoutDateInput};
use crate::planning::calendar::Cadence;
use crate::planning::groups::{CoFacilitator, GroupInput, GroupType, Membership};
use crate::planning::new_group::{self, NewGroup};
use crate::settings::{self, ClinicianProfile};

/// The first Monday after `today`.
pub fn next_monday(today: NaiveDate) -> NaiveDate {
    let mut d = today + Days::new(1);
    while d.weekday() != Weekday::Mon {
        d = d + Days::new(1);
    }
    d
}

/// Dana Reyes, the demo clinician.
pub(crate) fn demo_profile(conn: &Connection) -> Result<()> {
    settings::save_profile(
        conn,
        &ClinicianProfile {
            full_name: "Dana Reyes".into(),
            credentials: "LCSW".into(),
            license_number: "LCSW-104233".into(),
            practice_name: "Riverside Counselling".into(),
        },
    )?;
    Ok(())
}

/// Fills an empty vault with the demo practice; call in one transaction.
pub fn build(conn: &Connection, today: NaiveDate) -> Result<GroupId> {
    let id = planned_group(conn, today)?;
    roster::build(conn, id, today)?;
    Ok(id)
}

/// The demo's planned 12-week CBT group, with no one in it yet.
fn planned_group(conn: &Connection, today: NaiveDate) -> Result<GroupId> {
    demo_profile(conn)?;
    let first = next_monday(today);
    let closed_day = first + Days::new(28);
    blackouts::set(
        conn,
        None,
        &[BlackoutDateInput {
            date: closed_day.to_string(),
            label: "Practice closed (training day)".into(),
        }],
    )?;
    let (id, _) = new_group::create_group(
        conn,
        &NewGroup {
            group: GroupInput {
                name: "Monday CBT for depression".into(),
                group_type: GroupType::CognitiveBehavioural,
                type_label: String::new(),
                approach: "CBT".into(),
                description: "A closed 12-week cognitive-behavioural group for adults with mild to moderate depression: thoughts, activities, people.".into(),
                membership: Membership::Closed,
                closes_after_session: Some(2),
                capacity: 10,
                session_minutes: 90,
                cadence: Cadence::Weekly,
                planned_sessions: 12,
                first_date: first.to_string(),
                start_time: "18:00".into(),
                location: "Group room 2, Riverside Counselling".into(),
                co_facilitators: vec![CoFacilitator { name: "Sam Okafor".into(), credentials: "LPC".into() }],
            },
            blackout_dates: vec![],
            template_id: Some("builtin:cbt-depression-12".into()),
            copy_from_group: None,
        },
    )?;
    Ok(id)
}
