//! Changing a group once planned: editing it lays its dates out again until
//! a session is held; its status moves forward only, and archiving is apart.

mod common;

use std::time::Instant;

use chrono::NaiveDate;
use cohort::planning::groups::{self, GroupStatus};
use cohort::planning::{group_status, new_group};
use cohort::values::Timestamp;
use cohort::VaultAccess;
use common::*;

fn session_with(tv: &TestVault) -> VaultAccess {
    access(tv)
}

#[test]
fn editing_a_group_lays_the_dates_out_again_until_a_session_is_held() {
    let tv = new_vault();
    let mut s = session_with(&tv);
    let now = Instant::now();
    let (id, _) = s
        .act(now, |tx| {
            new_group::create_group(
                tx,
                &cbt_group(NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()),
                Timestamp::now(),
            )
        })
        .unwrap();
    let before = s.read(now, |c| cohort::practice::groups::program(c, id)).unwrap();
    let mut input = before.group.as_input();
    input.name = "Tuesday CBT".into();
    input.first_date = "2027-01-05".into();
    input.start_time = "17:30".into();
    input.planned_sessions = 10;
    let out = s
        .act(now, |tx| {
            cohort::practice::groups::update(tx, id, &input, Timestamp::now())
        })
        .unwrap();
    assert!(
        out.notes[0].contains("sessions 11–12 and their plans were taken off"),
        "{:?}",
        out.notes
    );
    let after = s.read(now, |c| cohort::practice::groups::program(c, id)).unwrap();
    assert_eq!(after.group.name, "Tuesday CBT");
    assert_eq!(after.sessions.len(), 10);
    assert_eq!(after.sessions[0].date, day("2027-01-05"));
    assert!(after.sessions.iter().all(|x| x.start_time.to_string() == "17:30"));
    assert_eq!(
        after.sessions[3].topic, before.sessions[3].topic,
        "plans keep their order"
    );

    let mut bad = input.clone();
    bad.capacity = 13;
    let e = s
        .act(now, |tx| {
            cohort::practice::groups::update(tx, id, &bad, Timestamp::now())
        })
        .err()
        .unwrap();
    assert_eq!(e.field(), Some("capacity"));
    assert_eq!(
        s.read(now, |c| groups::get(c, id)).unwrap().capacity.get(),
        10,
        "nothing half-saved"
    );

    // Once a session is held, the dates can only change one session at a time.
    s.vault(now)
        .unwrap()
        .conn()
        .execute("UPDATE sessions SET status = 'held' WHERE number = 1", [])
        .unwrap();
    let mut moved = input.clone();
    moved.first_date = "2027-01-12".into();
    let e = s
        .act(now, |tx| {
            cohort::practice::groups::update(tx, id, &moved, Timestamp::now())
        })
        .err()
        .unwrap();
    assert!(e.to_string().contains("Session 1 has been held"), "{e}");
    assert_eq!(
        s.read(now, |c| groups::get(c, id)).unwrap().first_date,
        day("2027-01-05")
    );
    let mut renamed = input.clone();
    renamed.location = "Room 3".into();
    s.act(now, |tx| {
        cohort::practice::groups::update(tx, id, &renamed, Timestamp::now())
    })
    .unwrap();
    assert_eq!(s.read(now, |c| groups::get(c, id)).unwrap().location, "Room 3");
}

#[test]
fn group_status_moves_forward_only_and_archive_is_separate() {
    let tv = new_vault();
    let mut s = session_with(&tv);
    let now = Instant::now();
    let (id, _) = s
        .act(now, |tx| {
            new_group::create_group(
                tx,
                &cbt_group(NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()),
                Timestamp::now(),
            )
        })
        .unwrap();
    let e = s
        .act(now, |tx| {
            cohort::practice::groups::set_status(tx, id, GroupStatus::Completed, None, Timestamp::now())
        })
        .err()
        .unwrap();
    assert!(e.to_string().contains("cannot become completed"));
    s.act(now, |tx| {
        cohort::practice::groups::set_status(tx, id, GroupStatus::Active, Some(0), Timestamp::now())
    })
    .unwrap();
    s.act(now, |tx| {
        cohort::practice::groups::set_status(tx, id, GroupStatus::Completed, None, Timestamp::now())
    })
    .unwrap();
    assert!(s
        .act(now, |tx| cohort::practice::groups::set_status(
            tx,
            id,
            GroupStatus::Active,
            Some(0),
            Timestamp::now(),
        ))
        .is_err());
    s.act(now, |tx| {
        group_status::set_archived(tx, id, true, Timestamp::now())
    })
    .unwrap();
    let list = s
        .read(now, |c| cohort::practice::groups::list(c, NaiveDate::MIN))
        .unwrap();
    assert!(list[0].archived);
    assert_eq!(list[0].status, GroupStatus::Completed);
}
