//! The large practice's goals and measures, through the core: one to three
//! goals for each member as they are enrolled (GAS and 0–10), with PHQ-9
//! and GAD-7 at intake; goals rated at every held session the member
//! attended; the measures of the group's plan taken at their sessions.

use chrono::{Days, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

use crate::error::Result;
use crate::goals::ratings::{self, RatingInput};
use crate::goals::setting::{self, GoalWording, NewGoal};
use crate::goals::GoalMeasure;
use crate::ids::{PlaceId, SessionId};
use crate::measures::results::{self, ResultInput};
use crate::measures::InstrumentId;
use crate::roster::places::{self, Stage};
use crate::values::Timestamp;

const STATEMENTS: &[&str] = &[
    "Walk for 20 minutes on three days each week by the end of the group",
    "Phone a friend or relative at least twice a week by session 8",
    "Keep a thought record on four days each week for the next six weeks",
    "Get up by 8 am on five weekdays each week by the end of the group",
    "Use the breathing exercise when anxious at work, three times a week",
    "Plan one pleasant activity for each weekend day until the last session",
    "Say no to one extra request at work each week, by session 10",
];
const LEVELS: [&str; 5] = [
    "Not at all",
    "Once in a while",
    "As planned, half the time",
    "As planned",
    "More than planned",
];

fn answers(rng: &mut ChaCha8Rng, items: usize, level: f64, risk_item: Option<usize>) -> Vec<Option<i64>> {
    (0..items)
        .map(|k| {
            if Some(k) == risk_item {
                return Some(i64::from(rng.gen_bool(0.03)));
            }
            Some((level + rng.gen_range(-0.8..0.8)).round().clamp(0.0, 3.0) as i64)
        })
        .collect()
}

fn take(
    conn: &Connection,
    rng: &mut ChaCha8Rng,
    place: PlaceId,
    session: Option<SessionId>,
    on: NaiveDate,
    level: f64,
    today: NaiveDate,
) -> Result<()> {
    for (id, items, risk) in [(InstrumentId::PHQ9, 9, Some(8)), (InstrumentId::GAD7, 7, None)] {
        let entered = results::enter(
            conn,
            place,
            &ResultInput {
                instrument_id: InstrumentId(id.into()),
                session_id: session,
                taken_on: on.to_string(),
                answers: answers(rng, items, level, risk),
            },
            today,
            Timestamp::now(),
        )?;
        // As in practice, risk is answered within a day; the last week's may still be open.
        if entered.risk && on + chrono::Days::new(7) < today {
            results::record_risk_response(
                conn,
                entered.id,
                &(on + chrono::Days::new(1)).to_string(),
                "Risk assessed by phone the next day; safety plan reviewed and the GP informed.",
                today,
                Timestamp::now(),
            )?;
        }
    }
    Ok(())
}

/// Goals and the intake measures of the members just enrolled.
pub(super) fn set_goals(
    conn: &Connection,
    rng: &mut ChaCha8Rng,
    enrolled: &[PlaceId],
    today: NaiveDate,
) -> Result<()> {
    for place in enrolled {
        let p = places::get(conn, *place)?;
        let Some(on) = p.enrolled_on.filter(|_| p.stage == Stage::Enrolled) else {
            continue;
        };
        let on = &on;
        for _ in 0..rng.gen_range(1..=3) {
            let gas = rng.gen_bool(0.6);
            setting::set_goal(
                conn,
                *place,
                &NewGoal {
                    measured_by: if gas {
                        GoalMeasure::Gas
                    } else {
                        GoalMeasure::Rating
                    },
                    wording: GoalWording {
                        statement: STATEMENTS[rng.gen_range(0..STATEMENTS.len())].into(),
                        how_measured: "The member's own log, reviewed at the check-in".into(),
                        gas_levels: if gas {
                            LEVELS.iter().map(|l| l.to_string()).collect()
                        } else {
                            Vec::new()
                        },
                        ..Default::default()
                    },
                    set_on: on.to_string(),
                },
                today,
                Timestamp::now(),
            )?;
        }
        let intake = *on - Days::new(rng.gen_range(1..10));
        let level = rng.gen_range(1.2..2.4);
        take(conn, rng, *place, None, intake.min(today), level, today)?;
    }
    Ok(())
}

/// The goals rated at a held session, and the measures its plan asks for.
pub(super) fn at_session(
    conn: &Connection,
    rng: &mut ChaCha8Rng,
    session: SessionId,
    number: u32,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<()> {
    let sheet = ratings::session_goals(conn, session)?;
    let progress = (number as f64 / 12.0).min(1.0);
    let mut input: Vec<RatingInput> = Vec::new();
    for g in sheet.iter().flat_map(|m| &m.goals) {
        if !rng.gen_bool(0.9) {
            continue;
        }
        let value = match g.measured_by {
            GoalMeasure::Gas => (-2.0 + 3.0 * progress + rng.gen_range(-1.0..1.0))
                .round()
                .clamp(-2.0, 2.0) as i64,
            GoalMeasure::Rating => (2.0 + 6.0 * progress + rng.gen_range(-2.0..2.0))
                .round()
                .clamp(0.0, 10.0) as i64,
        };
        input.push(RatingInput {
            goal_id: g.goal_id,
            value,
        });
    }
    ratings::rate(conn, session, &input, Timestamp::now())?;
    let planned: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM measure_plans mp JOIN sessions s ON s.group_id = mp.group_id
                            AND s.number = mp.session_number WHERE s.id = ?1)",
        )?
        .query_row([session], |r| r.get(0))?;
    if planned && number > 1 {
        for m in &sheet {
            take(
                conn,
                rng,
                m.place_id,
                Some(session),
                date,
                (2.0 - 1.5 * progress).max(0.3),
                today,
            )?;
        }
    }
    Ok(())
}
