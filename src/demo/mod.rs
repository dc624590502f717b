//! Demo practices for trying Cohort and measuring it: a small one (a
//! 12-week CBT group four sessions in, its fifth today, with its roster and
//! attendance) and, in `large`, a deterministic large practice. Later
//! capabilities add notes and goals to both, and the small one a signed
//! discharge summary and a draft progress summary.

mod goals;
pub mod large;
mod large_goals;
mod large_notes;
mod large_roster;
mod large_sessions;
mod large_summaries;
mod notes;
mod roster;
mod sessions;
mod summaries;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rusqlite::Connection;

use crate::error::Result;
use crate::ids::GroupId;
use crate::planning::blackouts::{self, BlackoutDateInput};
use crate::planning::calendar::Cadence;
use crate::planning::groups::{CoFacilitator, GroupInput, GroupType, Membership};
use crate::planning::new_group::{self, NewGroup};
use crate::settings::{self, ClinicianProfile};
use crate::values::Timestamp;

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
        Timestamp::now(),
    )?;
    Ok(())
}

/// Fills an empty vault with the demo practice; call in one transaction.
pub fn build(conn: &Connection, today: NaiveDate) -> Result<GroupId> {
    let first = today - Days::new(28);
    let id = planned_group(conn, first)?;
    roster::build(conn, id, first, today)?;
    sessions::build(conn, id, today)?;
    notes::build(conn, id, today)?;
    goals::build(conn, id, today)?;
    summaries::build(conn, id, today)?;
    Ok(id)
}

/// The demo's 12-week CBT group, from `first` (four weeks before today:
/// its fifth session is today), with no one in it yet.
fn planned_group(conn: &Connection, first: NaiveDate) -> Result<GroupId> {
    demo_profile(conn)?;
    let closed_day = first + Days::new(56);
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
                name: format!("{} evening CBT for depression", first.format("%A")),
                group_type: GroupType::CognitiveBehavioural,
                type_label: String::new(),
                approach: "CBT".into(),
                description: "An open 12-week cognitive-behavioural group for adults with mild to moderate depression: thoughts, activities, people. Members join as places free.".into(),
                membership: Membership::Open,
                closes_after_session: None,
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
        Timestamp::now(),
    )?;
    Ok(id)
}
