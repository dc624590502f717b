//! The demo group's goals and measures: one or two goals for every enrolled
//! member (GAS and 0–10), rated at the held sessions they attended; PHQ-9
//! and GAD-7 at intake for everyone, again at session 4 for about half; one
//! intake PHQ-9 with item 9 above 0 and no response yet, so the risk flag
//! can be seen. The one exception is Aisha Rahman (`ON_PAPER`): her intake
//! forms and goals are still on paper, so a new user has someone to set
//! goals for and enter measures for from the start.

use chrono::{Days, NaiveDate};
use rusqlite::Connection;

use crate::error::Result;
use crate::goals::ratings::{self, RatingInput};
use crate::goals::setting::{self, GoalWording, NewGoal};
use crate::goals::GoalMeasure;
use crate::ids::{GroupId, PlaceId};
use crate::measures::results::{self, ResultInput};
use crate::measures::InstrumentId;
use crate::planning::program::{self, SessionStatus};
use crate::values::Timestamp;

const GAS_GOALS: &[(&str, [&str; 5])] = &[
    (
        "Walk for 20 minutes on three days each week by the end of the group",
        [
            "No walks",
            "One walk a week",
            "Two walks a week",
            "Three walks a week",
            "Four or more walks a week",
        ],
    ),
    (
        "Phone a friend or relative at least twice a week by session 8",
        [
            "No calls",
            "One call a fortnight",
            "One call a week",
            "Two calls a week",
            "Three or more calls a week",
        ],
    ),
    (
        "Keep a thought record on four days each week for the next six weeks",
        [
            "None kept",
            "One day a week",
            "Two or three days",
            "Four days",
            "Five days or more",
        ],
    ),
];

const RATED_GOALS: &[&str] = &[
    "Get up by 8 am on five weekdays each week by the end of the group",
    "Use the breathing exercise when anxious at work, three times a week",
    "Plan one pleasant activity for each weekend day until the last session",
];

/// The member whose goals and intake measures are left for a new user to enter.
pub const ON_PAPER: &str = "Aisha Rahman";

pub(super) fn build(conn: &Connection, group: GroupId, today: NaiveDate) -> Result<()> {
    let now = Timestamp::now();
    let sessions = program::sessions(conn, group)?;
    let first = sessions[0].date;
    let places: Vec<(PlaceId, NaiveDate)> = conn
        .prepare(
            "SELECT p.id, p.enrolled_on FROM places p JOIN members m ON m.id = p.member_id
             WHERE p.group_id = ?1 AND p.stage = 'enrolled' AND m.legal_name <> ?2
             ORDER BY p.enrolled_on, p.id",
        )?
        .query_map(rusqlite::params![group, ON_PAPER], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (i, (place, enrolled)) in places.iter().enumerate() {
        let set_on = (*enrolled).max(first).min(today);
        let (statement, levels) = GAS_GOALS[i % GAS_GOALS.len()];
        setting::set_goal(
            conn,
            *place,
            &NewGoal {
                measured_by: GoalMeasure::Gas,
                wording: GoalWording {
                    statement: statement.into(),
                    baseline: levels[1].into(),
                    target: levels[3].into(),
                    how_measured: "The member's own log, reviewed at the check-in".into(),
                    gas_levels: levels.iter().map(|l| l.to_string()).collect(),
                },
                set_on: set_on.to_string(),
            },
            today,
            now,
        )?;
        if i % 2 == 0 {
            setting::set_goal(
                conn,
                *place,
                &NewGoal {
                    measured_by: GoalMeasure::Rating,
                    wording: GoalWording {
                        statement: RATED_GOALS[i % RATED_GOALS.len()].into(),
                        how_measured: "Rated 0–10 by the member at each session".into(),
                        ..Default::default()
                    },
                    set_on: set_on.to_string(),
                },
                today,
                now,
            )?;
        }
        // Intake: before the first session the member came to.
        let intake = (set_on - Days::new(7)).to_string();
        let phq: Vec<Option<i64>> = (0..9)
            .map(|k| {
                Some(if k == 8 {
                    i64::from(i == 3)
                } else {
                    ((i + k) % 3 + 1) as i64
                })
            })
            .collect();
        let gad: Vec<Option<i64>> = (0..7).map(|k| Some(((i + 2 * k) % 4) as i64)).collect();
        for (instrument, answers) in [(InstrumentId::PHQ9, phq), (InstrumentId::GAD7, gad)] {
            results::enter(
                conn,
                *place,
                &ResultInput {
                    instrument_id: InstrumentId(instrument.into()),
                    session_id: None,
                    taken_on: intake.clone(),
                    answers,
                },
                today,
                now,
            )?;
        }
    }
    // Ratings at each held session, rising a little over the weeks.
    for s in sessions.iter().filter(|s| s.status == SessionStatus::Held) {
        let sheet = ratings::session_goals(conn, s.id)?;
        let mut input = Vec::new();
        for (i, m) in sheet.iter().enumerate() {
            for g in &m.goals {
                let step = (s.number as i64 + i as i64 % 3) / 2;
                let value = match g.measured_by {
                    GoalMeasure::Gas => (-2 + step).min(1),
                    GoalMeasure::Rating => (3 + step + i as i64 % 2).min(8),
                };
                input.push(RatingInput {
                    goal_id: g.goal_id,
                    value,
                });
            }
        }
        ratings::rate(conn, s.id, &input, now)?;
    }
    // Session 4: PHQ-9 again for about half of those who attended.
    if let Some(s4) = sessions
        .iter()
        .find(|s| s.number == 4 && s.status == SessionStatus::Held)
    {
        let sheet = ratings::session_goals(conn, s4.id)?;
        for (i, m) in sheet.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
            let answers: Vec<Option<i64>> = (0..9)
                .map(|k| Some(if k == 8 { 0 } else { ((i + k) % 2) as i64 }))
                .collect();
            results::enter(
                conn,
                m.place_id,
                &ResultInput {
                    instrument_id: InstrumentId(InstrumentId::PHQ9.into()),
                    session_id: Some(s4.id),
                    taken_on: s4.date.to_string(),
                    answers,
                },
                today,
                now,
            )?;
        }
    }
    Ok(())
}
