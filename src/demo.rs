//! A realistic demo practice for trying Cohort: a planned 12-week CBT group
//! from the built-in template. Later capabilities add members, held
//! sessions, attendance and notes here.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rusqlite::Connection;

use crate::error::Result;
use crate::groups::{CoFacilitator, GroupInput, GroupType, Membership};
use crate::ids::GroupId;
use crate::schedule::{self, BlackoutDate, Cadence, NewGroup};
use crate::settings::{self, ClinicianProfile};

/// The first Monday after `today`.
pub fn next_monday(today: NaiveDate) -> NaiveDate {
    let mut d = today + Days::new(1);
    while d.weekday() != Weekday::Mon {
        d = d + Days::new(1);
    }
    d
}

/// Fills an empty vault with the demo practice; call in one transaction.
pub fn build(conn: &Connection, today: NaiveDate) -> Result<GroupId> {
    settings::save_profile(
        conn,
        &ClinicianProfile {
            full_name: "Dana Reyes".into(),
            credentials: "LCSW".into(),
            license_number: "LCSW-104233".into(),
            practice_name: "Riverside Counselling".into(),
        },
    )?;
    let first = next_monday(today);
    let closed_day = first + Days::new(28);
    schedule::set_blackouts(
        conn,
        None,
        &[BlackoutDate {
            date: schedule::fmt_date(closed_day),
            label: "Practice closed (training day)".into(),
        }],
    )?;
    let (id, _) = schedule::create_group(
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
                first_date: schedule::fmt_date(first),
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
