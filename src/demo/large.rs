//! A large practice to measure Cohort against (`cohort demo --large`):
//! 400 groups over ten years, 12 to 24 sessions each with full plans,
//! practice-wide and per-group blackout dates, rescheduled and cancelled
//! sessions with make-ups, two or three versions of the ground rules, 4,000
//! members on the groups' rosters (`large_roster`), and the past sessions
//! held with their attendance and follow-ups (`large_sessions`). Built through the same core functions the app uses,
//! so every rule holds.
//!
//! Deterministic: the same seed and the same `today` give the same
//! practice — the same ids included (only the timestamps of when it was
//! built differ). Later capabilities extend it with their own records.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::ids::{self, GroupId};
use crate::planning::blackouts::{self, BlackoutDateInput};
use crate::planning::calendar::Cadence;
use crate::planning::ground_rules::{self, DEFAULT_RULES};
use crate::planning::groups::{GroupInput, GroupStatus, GroupType, Membership};
use crate::planning::new_group::{self, NewGroup};
use crate::planning::program::{self, SessionStatus};
use crate::planning::{group_status, reschedule};
use crate::practice;
use crate::roster::places;
use crate::sessions::policy::{self, AttendancePolicy};
use crate::values::Timestamp;

use super::large_roster::{self, GroupLife, People};

/// The size of the practice `cohort demo --large` builds.
pub const GROUPS: u32 = 400;
/// The years it spans, ending half a year after `today`.
pub const YEARS: u32 = 10;

/// What was built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Built {
    pub groups: u64,
    pub members: u64,
    /// Places that reached enrolment (some members joined more than one group).
    pub enrolments: u64,
    pub sessions: u64,
    pub held_sessions: u64,
    pub plans: u64,
    pub agenda_items: u64,
    pub ground_rule_versions: u64,
    pub blackout_dates: u64,
    pub attendance_marks: u64,
    pub follow_ups: u64,
    pub notes: u64,
    pub signed_notes: u64,
    pub goals: u64,
    pub goal_ratings: u64,
    pub measure_results: u64,
    /// Signed discharge summaries.
    pub summaries: u64,
}

const EXTRA_RULES: &[&str] = &[
    "We start and end on time; the room opens ten minutes before.",
    "Feedback is about what someone did or said, never about who they are.",
    "If you need to leave the room, let the facilitator know you are all right.",
    "Homework is an invitation, not a test: bring what you managed.",
];

const TIMES: &[&str] = &["09:30", "10:00", "13:00", "17:30", "18:00", "18:30"];

/// Builds the large practice into an empty vault: call in one transaction.
pub fn build(conn: &Connection, seed: u64, today: NaiveDate) -> Result<Built> {
    build_sized(conn, seed, today, GROUPS)
}

/// `build` with another number of groups (tests use fewer).
pub fn build_sized(conn: &Connection, seed: u64, today: NaiveDate, group_count: u32) -> Result<Built> {
    ids::with_seeded_ids(seed, || {
        let mut rng = ChaCha8Rng::seed_from_u64(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        // Goals and measures draw from their own stream, so adding them left
        // the rest of the practice (and its measurements) as it was.
        let mut goals_rng = ChaCha8Rng::seed_from_u64(seed.wrapping_mul(0xC2B2_AE3D_27D4_EB4F));
        super::demo_profile(conn)?;
        practice_blackouts(conn, &mut rng, today)?;
        let span_days = YEARS as u64 * 365;
        let earliest = today - Days::new(span_days - 182);
        let mut people = People::new();
        let mut open = Vec::new();
        for i in 0..group_count {
            let offset = (span_days * i as u64) / group_count.max(1) as u64 + rng.gen_range(0..7);
            let (id, taking_people) = one_group(
                conn,
                &mut rng,
                &mut goals_rng,
                &mut people,
                i,
                earliest + Days::new(offset),
                today,
            )?;
            if taking_people {
                open.push(id);
            }
        }
        if group_count == GROUPS {
            large_roster::top_up(conn, &mut people, &mut rng, &open, today)?;
        }
        super::large_summaries::build(conn, today)?;
        count(conn)
    })
}

/// Adds `extra` groups running on `today` (begun one to eleven weeks
/// before, each with its roster, attendance and follow-ups so far): the
/// practice on a busy day, for the benchmark of Today under load. Call in
/// one transaction, after `build`.
pub fn add_running(conn: &Connection, seed: u64, today: NaiveDate, extra: u32) -> Result<u32> {
    ids::with_seeded_ids(seed ^ 0x5EED_B054, || {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xB054_DA7E);
        let mut goals_rng = ChaCha8Rng::seed_from_u64(seed ^ 0x60A1_5EED);
        let mut people = People::new();
        let mut running = 0;
        for i in 0..extra {
            let weeks_ago = 1 + (i as u64 * 10) / extra.max(1) as u64;
            let around = today - Days::new(weeks_ago * 7 + 3);
            one_group(
                conn,
                &mut rng,
                &mut goals_rng,
                &mut people,
                GROUPS + i,
                around,
                today,
            )?;
            running += 1;
        }
        Ok(running)
    })
}

fn practice_blackouts(conn: &Connection, rng: &mut ChaCha8Rng, today: NaiveDate) -> Result<()> {
    let mut list = Vec::new();
    for year in (today.year() - YEARS as i32)..=(today.year() + 1) {
        for (m, d, label) in [
            (1, 1, "New Year's Day"),
            (12, 25, "Christmas Day"),
            (12, 26, "Boxing Day"),
        ] {
            if let Some(date) = NaiveDate::from_ymd_opt(year, m, d) {
                list.push(BlackoutDateInput {
                    date: date.to_string(),
                    label: label.into(),
                });
            }
        }
        for _ in 0..3 {
            let day = NaiveDate::from_yo_opt(year, rng.gen_range(1..=360)).unwrap_or(today);
            list.push(BlackoutDateInput {
                date: day.to_string(),
                label: "Practice closed (training day)".into(),
            });
        }
    }
    blackouts::set(conn, None, &list)
}

/// One group and its life; returns it, and whether it still takes people in.
fn one_group(
    conn: &Connection,
    rng: &mut ChaCha8Rng,
    goals_rng: &mut ChaCha8Rng,
    people: &mut People,
    i: u32,
    around: NaiveDate,
    today: NaiveDate,
) -> Result<(GroupId, bool)> {
    // Meet on a weekday near `around`.
    let weekday = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu][rng.gen_range(0..4)];
    let mut first = around;
    while first.weekday() != weekday {
        first = first + Days::new(1);
    }
    let count: u32 = rng.gen_range(12..=24);
    let (template, group_type, approach, kind) = match (count, rng.gen_range(0..3)) {
        (12, 0) => (
            "builtin:process-12",
            GroupType::ProcessOriented,
            "Interpersonal",
            "process group",
        ),
        (12, _) => (
            "builtin:cbt-depression-12",
            GroupType::CognitiveBehavioural,
            "CBT",
            "CBT for depression",
        ),
        (_, 0) => (
            "builtin:dbt-skills-24",
            GroupType::Support,
            "DBT",
            "DBT skills (support)",
        ),
        _ => (
            "builtin:dbt-skills-24",
            GroupType::Psychoeducational,
            "DBT",
            "DBT skills",
        ),
    };
    let closed = rng.gen_bool(0.7);
    let cadence = if rng.gen_bool(0.15) {
        Cadence::Biweekly
    } else {
        Cadence::Weekly
    };
    let own_blackouts: Vec<BlackoutDateInput> = if rng.gen_bool(0.3) {
        let weeks = rng.gen_range(2..count as u64);
        vec![BlackoutDateInput {
            date: (first + Days::new(weeks * cadence.days())).to_string(),
            label: "Facilitator on leave".into(),
        }]
    } else {
        Vec::new()
    };
    let new = NewGroup {
        group: GroupInput {
            name: format!(
                "{weekday} {kind} — {} {} (#{})",
                season(first),
                first.year(),
                i + 1
            ),
            group_type,
            type_label: String::new(),
            approach: approach.into(),
            description: format!("A {count}-session {kind} group."),
            membership: if closed {
                Membership::Closed
            } else {
                Membership::Open
            },
            closes_after_session: closed.then(|| rng.gen_range(1..=3)),
            capacity: rng.gen_range(6..=12),
            session_minutes: [60, 90, 90, 120][rng.gen_range(0..4)],
            cadence,
            planned_sessions: count,
            first_date: first.to_string(),
            start_time: TIMES[rng.gen_range(0..TIMES.len())].into(),
            location: format!("Group room {}", rng.gen_range(1..=4)),
            co_facilitators: Vec::new(),
        },
        blackout_dates: own_blackouts,
        template_id: Some(template.into()),
        copy_from_group: None,
    };
    let (id, _) = new_group::create_group(conn, &new, Timestamp::now())?;
    if approach == "DBT" {
        policy::set(conn, id, &AttendancePolicy::DBT)?;
    }
    // A rescheduled and a cancelled session now and then.
    let sessions = program::sessions(conn, id)?;
    if rng.gen_bool(0.2) {
        let s = &sessions[rng.gen_range(1..sessions.len() - 1)];
        let later = s.date + Days::new(1);
        let _ = reschedule::reschedule(conn, s.id, &later.to_string(), &s.start_time.to_string(), false);
    }
    if rng.gen_bool(0.15) {
        let s = &sessions[rng.gen_range(1..sessions.len() - 1)];
        reschedule::cancel_session(conn, s.id, true)?;
    }

    let last_planned = program::outcome(conn, id, Vec::new())?.end_date.unwrap_or(first);
    let life = GroupLife {
        group: id,
        first,
        last: last_planned,
        capacity: new.group.capacity,
        started: first <= today,
        ended: last_planned < today,
    };
    let cancelled_group = first <= today && rng.gen_bool(0.04);
    let enrolled = if cancelled_group {
        Vec::new()
    } else {
        large_roster::fill(conn, people, rng, goals_rng, &life, today)?
    };

    // The agreement: edited once or twice after the default; members agree again.
    let mut rules: Vec<String> = DEFAULT_RULES.iter().map(|r| r.to_string()).collect();
    for _ in 0..rng.gen_range(1..=2) {
        rules.push(EXTRA_RULES[rng.gen_range(0..EXTRA_RULES.len())].to_string());
        ground_rules::save(conn, id, &rules, Timestamp::now())?;
    }
    large_roster::agree_again(conn, rng, &life, &enrolled, today)?;

    // Its life so far.
    let last = program::outcome(conn, id, Vec::new())?.end_date.unwrap_or(first);
    if first <= today && !cancelled_group {
        practice::groups::set_status(
            conn,
            id,
            GroupStatus::Active,
            Some(places::enrolled_count(conn, id)?),
            Timestamp::now(),
        )?;
        super::large_sessions::hold_past_sessions(conn, rng, goals_rng, id, today)?;
        if last < today {
            practice::groups::set_status(conn, id, GroupStatus::Completed, None, Timestamp::now())?;
            if (today - last).num_days() > 3 * 365 && rng.gen_bool(0.7) {
                group_status::set_archived(conn, id, true, Timestamp::now())?;
            }
        }
    } else if first <= today {
        practice::groups::set_status(conn, id, GroupStatus::Cancelled, None, Timestamp::now())?;
    }
    let taking_people = !cancelled_group && last >= today;
    Ok((id, taking_people))
}

/// A typical new group starting the Monday after `today`, for benchmarks.
pub fn sample_group(today: NaiveDate) -> NewGroup {
    NewGroup {
        group: GroupInput {
            name: "Monday CBT for depression".into(),
            approach: "CBT".into(),
            first_date: super::next_monday(today).to_string(),
            start_time: "18:00".into(),
            location: "Group room 2".into(),
            ..GroupInput::default()
        },
        blackout_dates: vec![],
        template_id: Some("builtin:cbt-depression-12".into()),
        copy_from_group: None,
    }
}

fn season(d: NaiveDate) -> &'static str {
    match d.month() {
        3..=5 => "spring",
        6..=8 => "summer",
        9..=11 => "autumn",
        _ => "winter",
    }
}

fn count(conn: &Connection) -> Result<Built> {
    let n = |sql: &str| -> Result<u64> { Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
    let held: &'static str = SessionStatus::Held.into();
    Ok(Built {
        groups: n("SELECT count(*) FROM groups")?,
        members: n("SELECT count(*) FROM members")?,
        enrolments: n("SELECT count(*) FROM places WHERE enrolled_on IS NOT NULL")?,
        sessions: n("SELECT count(*) FROM sessions WHERE status <> 'removed'")?,
        held_sessions: n(&format!("SELECT count(*) FROM sessions WHERE status = '{held}'"))?,
        plans: n("SELECT count(*) FROM session_plans")?,
        agenda_items: n("SELECT count(*) FROM agenda_items")?,
        ground_rule_versions: n("SELECT count(*) FROM ground_rule_versions")?,
        blackout_dates: n("SELECT count(*) FROM blackout_dates")?,
        attendance_marks: n("SELECT count(*) FROM attendance")?,
        follow_ups: n("SELECT count(*) FROM follow_ups")?,
        notes: n("SELECT count(*) FROM notes")?,
        signed_notes: n("SELECT count(*) FROM notes WHERE signed_at IS NOT NULL")?,
        goals: n("SELECT count(*) FROM goals")?,
        goal_ratings: n("SELECT count(*) FROM goal_ratings")?,
        measure_results: n("SELECT count(*) FROM measure_results")?,
        summaries: n("SELECT count(*) FROM member_summaries")?,
    })
}
