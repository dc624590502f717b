//! The large practice's sessions as they were run: every past session held,
//! with attendance for everyone expected (about 50,000 marks in all) —
//! mostly present, some late or leaving early, absences with and without
//! notice, a few members who miss often — and most absence alerts followed up;
//! and the notes of each session (`large_notes`).

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

use crate::error::Result;
use crate::ids::GroupId;
use crate::ids::PlaceId;
use crate::planning::program::{self, SessionStatus};
use crate::sessions::alerts::{self, FollowUpInput, FollowUpMethod};
use crate::sessions::attendance::{self, AttendanceStatus, MarkInput};
use crate::sessions::{policy, run};
use crate::values::Timestamp;

const OUTCOMES: &[&str] = &[
    "Reached by phone: unwell for two weeks, back next session.",
    "Left a message; replied by text that childcare fell through. Plans to attend.",
    "Met briefly before the session: finding the group hard; agreed to talk about it in the group.",
    "Work shifts changed. Exploring a move to the daytime group.",
];

/// Records the group's sessions before `today` as held, with attendance;
/// most times a member's absences cross the group's policy, the clinician
/// follows up within a few days (the rest stay open alerts while the group
/// runs).
pub(super) fn hold_past_sessions(
    conn: &Connection,
    rng: &mut ChaCha8Rng,
    goals_rng: &mut ChaCha8Rng,
    group: GroupId,
    today: NaiveDate,
) -> Result<()> {
    let past: Vec<_> = program::sessions(conn, group)?
        .into_iter()
        .filter(|s| s.status == SessionStatus::Scheduled && s.date < today)
        .collect();
    let policy = policy::get(conn, group)?;
    // How often each member misses: most rarely, a few often.
    let mut misses: HashMap<PlaceId, f64> = HashMap::new();
    // Per member: absences in a row and in all, counted as the policy counts them.
    let mut counted: HashMap<PlaceId, (u32, u32)> = HashMap::new();
    for s in &past {
        run::record_held(conn, s.id, today, None, Timestamp::now())?;
        let marks: Vec<MarkInput> = attendance::expected(conn, s.id)?
            .into_iter()
            .map(|e| {
                let p_miss = *misses.entry(e.place_id).or_insert_with(|| {
                    if rng.gen_bool(0.15) {
                        rng.gen_range(0.2..0.4)
                    } else {
                        rng.gen_range(0.02..0.08)
                    }
                });
                let (status, minutes) = if rng.gen_bool(p_miss) {
                    (
                        if rng.gen_bool(0.5) {
                            "absent_excused"
                        } else {
                            "absent_unexcused"
                        },
                        None,
                    )
                } else {
                    match rng.gen_range(0..100) {
                        0..=6 => ("late", Some(rng.gen_range(5..=25))),
                        7..=9 => ("left_early", Some(rng.gen_range(10..=30))),
                        _ => ("present", None),
                    }
                };
                MarkInput {
                    place_id: e.place_id,
                    status: status.into(),
                    minutes,
                }
            })
            .collect();
        attendance::save_sheet(conn, s.id, &marks, Timestamp::now())?;
        super::large_notes::write(conn, rng, s.id, s.date, &marks, today)?;
        super::large_goals::at_session(conn, goals_rng, s.id, s.number, s.date, today)?;
        for m in &marks {
            let status: AttendanceStatus = m
                .status
                .parse()
                .map_err(|_| crate::error::Error::Internal(format!("demo mark {}", m.status)))?;
            let (row, all) = counted.entry(m.place_id).or_default();
            if !status.is_absence() {
                *row = 0;
                continue;
            }
            if status == AttendanceStatus::AbsentExcused && !policy.excused_count {
                continue;
            }
            *row += 1;
            *all += 1;
            let crossed =
                policy.in_a_row.is_some_and(|n| *row >= n) || policy.in_total.is_some_and(|n| *all >= n);
            if crossed && rng.gen_bool(0.7) {
                let on = (s.date + Days::new(rng.gen_range(1..4))).min(today);
                alerts::record_follow_up(
                    conn,
                    m.place_id,
                    &FollowUpInput {
                        session_id: s.id,
                        followed_up_on: on.to_string(),
                        method: [
                            FollowUpMethod::Phone,
                            FollowUpMethod::TextMessage,
                            FollowUpMethod::Email,
                        ][rng.gen_range(0..3)],
                        outcome: OUTCOMES[rng.gen_range(0..OUTCOMES.len())].into(),
                    },
                    today,
                    Timestamp::now(),
                )?;
            }
        }
    }
    Ok(())
}
