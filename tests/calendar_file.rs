//! The calendar file (.ics) across daylight-saving changes and year ends.
//!
//! Sessions are stored as a local date and a wall-clock time, so the vault
//! itself cannot shift them; what can break is what is computed from them:
//! the dates laid out (calendar days, not 168-hour steps), and the times
//! written into the calendar file — a start that must stay a floating local
//! time (no `Z`, no time zone) and an end that must land on the right day.

mod common;

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use cohort::ids::GroupId;
use cohort::planning::calendar::Cadence;
use cohort::planning::{ics, new_group};
use cohort::values::Timestamp;
use cohort::VaultAccess;
use common::*;

/// Each event of the file, by UID, with its unfolded properties.
fn events(ics: &str) -> HashMap<String, HashMap<String, String>> {
    // RFC 5545 §3.1: a line starting with a space continues the previous one.
    let unfolded = ics.replace("\r\n ", "").replace("\n ", "");
    let mut out = HashMap::new();
    let mut current: Option<HashMap<String, String>> = None;
    for line in unfolded.lines() {
        match line {
            "BEGIN:VEVENT" => current = Some(HashMap::new()),
            "END:VEVENT" => {
                let e = current.take().expect("an event was open");
                out.insert(e["UID"].clone(), e);
            }
            _ => {
                if let (Some(e), Some((k, v))) = (current.as_mut(), line.split_once(':')) {
                    e.insert(k.to_string(), v.to_string());
                }
            }
        }
    }
    out
}

fn floating(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%S")
        .unwrap_or_else(|_| panic!("{s} is a floating local time"))
}

/// Creates a group and checks its calendar file against its program.
fn check_calendar(
    s: &mut VaultAccess,
    first: NaiveDate,
    time: &str,
    minutes: u32,
    cadence: Cadence,
) -> GroupId {
    let now = Instant::now();
    let mut new = cbt_group(first);
    new.group.start_time = time.into();
    new.group.session_minutes = minutes;
    new.group.cadence = cadence;
    let (id, _) = s
        .act(now, |tx| new_group::create_group(tx, &new, Timestamp::now()))
        .unwrap();
    let p = s.read(now, |c| cohort::practice::groups::program(c, id)).unwrap();
    let file = s.read(now, |c| ics::export_ics(c, id)).unwrap();
    assert!(
        !file.contains("VTIMEZONE") && !file.contains("TZID"),
        "no time zone anywhere"
    );
    let ev = events(&file);
    assert_eq!(ev.len(), p.sessions.len());
    let mut starts = Vec::new();
    for x in &p.sessions {
        let e = &ev[&format!("{}@cohort.local", x.id)];
        let start = floating(&e["DTSTART"]);
        let end = floating(&e["DTEND"]);
        assert_eq!(start.date(), x.date, "the session's own date");
        assert_eq!(
            start.format("%H:%M").to_string(),
            time,
            "the wall-clock time, whatever the season"
        );
        assert_eq!(
            (end - start).num_minutes(),
            minutes as i64,
            "the session's length"
        );
        starts.push(start);
    }
    for w in starts.windows(2) {
        let gap = w[1] - w[0];
        assert_eq!(
            gap.num_seconds() % (cadence.days() as i64 * 86_400),
            0,
            "whole cadence steps of calendar days"
        );
        assert_eq!(w[0].weekday(), w[1].weekday());
    }
    id
}

fn shared() -> &'static Mutex<(TestVault, VaultAccess)> {
    static VAULT: OnceLock<Mutex<(TestVault, VaultAccess)>> = OnceLock::new();
    VAULT.get_or_init(|| {
        let tv = new_vault();
        let s = access(&tv);
        Mutex::new((tv, s))
    })
}

#[test]
fn sessions_on_daylight_saving_days_keep_their_local_time_in_the_file() {
    let mut guard = shared().lock().unwrap_or_else(|p| p.into_inner());
    let s = &mut guard.1;
    // Weekly groups whose sessions fall on the days clocks change in 2027:
    // the US (Mar 14, Nov 7), the EU (Mar 28, Oct 31), Australia (Apr 4, Oct 3).
    for (first, time) in [
        ("2027-03-07", "02:30"), // a time that does not exist on Mar 14 in New York
        ("2027-03-21", "01:30"),
        ("2027-10-24", "01:30"), // a time that happens twice on Oct 31 in Europe
        ("2027-10-31", "18:00"),
        ("2027-03-28", "02:00"),
        ("2027-09-26", "02:30"),
    ] {
        check_calendar(s, day(first), time, 90, Cadence::Weekly);
    }
}

#[test]
fn an_evening_session_ends_the_next_day_and_a_program_crosses_the_year_end() {
    let mut guard = shared().lock().unwrap_or_else(|p| p.into_inner());
    let s = &mut guard.1;
    let id = check_calendar(s, day("2027-12-13"), "23:30", 120, Cadence::Weekly);
    let file = s.read(Instant::now(), |c| ics::export_ics(c, id)).unwrap();
    assert!(file.contains("DTSTART:20271227T233000"));
    assert!(
        file.contains("DTEND:20271228T013000"),
        "the end is on the next day"
    );
    assert!(
        file.contains("DTSTART:20280103T233000"),
        "into the new year, same weekday"
    );
    // Every two weeks over the leap day.
    check_calendar(s, day("2028-02-15"), "18:00", 60, Cadence::Biweekly);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// Any first date in ten years (every DST change and year end in them),
    /// any time of day, length and cadence: every event starts at the
    /// session's local date and time and lasts its length.
    #[test]
    fn every_event_starts_at_the_sessions_local_time_and_lasts_its_length(
        offset in 0u64..3650,
        hour in 0u32..24,
        quarter in 0u32..4,
        length in 2u32..=12,
        biweekly in proptest::bool::ANY,
    ) {
        let mut guard = shared().lock().unwrap_or_else(|p| p.into_inner());
        let s = &mut guard.1;
        let first = day("2024-01-01") + Days::new(offset);
        let cadence = if biweekly { Cadence::Biweekly } else { Cadence::Weekly };
        check_calendar(s, first, &format!("{hour:02}:{:02}", quarter * 15), length * 15, cadence);
    }
}
