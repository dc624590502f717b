//! Agreements to the ground rules, starting a small group only when
//! confirmed, groups that keep their referrals, and the demo's roster.

mod common;

use std::time::Instant;

use cohort::planning::groups::{self, GroupStatus};
use cohort::planning::{ground_rules, new_group};
use cohort::roster::agreements;
use cohort::roster::directory;
use cohort::roster::group_roster;
use cohort::roster::places::Stage;
use cohort::values::Timestamp;
use cohort::ErrorCode;
use common::roster::*;
use common::*;

#[test]
fn agreements_are_dated_versioned_final_and_flag_who_must_agree_again() {
    let tv = new_vault();
    let mut s = access(&tv);
    let now = Instant::now();
    let g = group(&mut s);
    let a = ready(&mut s, g, "Ana Ruiz");
    let b = ready(&mut s, g, "Ben Cole");
    enrol(&mut s, a).unwrap();
    enrol(&mut s, b).unwrap();
    let early = referred(&mut s, g, "Cara Diaz");
    ready(&mut s, g, "Dan Eze"); // on the way in: agrees on joining, not counted yet
    let e = s
        .act(now, |tx| {
            agreements::record(tx, early, "2026-11-20", today(), Timestamp::now())
        })
        .err()
        .unwrap();
    assert!(e.to_string().contains("once someone has consented"), "{e}");
    let first = s
        .act(now, |tx| {
            agreements::record(tx, a, "2026-11-20", today(), Timestamp::now())
        })
        .unwrap();
    assert_eq!(first.version, 1);
    let e = s
        .act(now, |tx| {
            agreements::record(tx, a, "2026-11-21", today(), Timestamp::now())
        })
        .err()
        .unwrap();
    assert!(
        e.to_string()
            .contains("version 1 was recorded on ⟦date:2026-11-20⟧"),
        "{e}"
    );
    s.act(now, |tx| {
        agreements::record(tx, b, "2026-11-20", today(), Timestamp::now())
    })
    .unwrap();
    let r = s.read(now, |c| group_roster::roster(c, g, today())).unwrap();
    assert_eq!(r.to_agree, 0);

    // The rules change: both have agreed only to the older version.
    let mut rules = s.read(now, |c| ground_rules::load(c, g)).unwrap().current.rules;
    rules.push("We start on time.".into());
    s.act(now, |tx| ground_rules::save(tx, g, &rules, Timestamp::now()))
        .unwrap();
    let r = s.read(now, |c| group_roster::roster(c, g, today())).unwrap();
    assert_eq!((r.rules_version, r.to_agree), (2, 2));
    s.act(now, |tx| {
        agreements::record(tx, a, "2026-11-22", today(), Timestamp::now())
    })
    .unwrap();
    let r = s.read(now, |c| group_roster::roster(c, g, today())).unwrap();
    assert_eq!(r.to_agree, 1);
    let ben = r.entries.iter().find(|e| e.place.id == b).unwrap();
    assert_eq!(
        (ben.agreed_version, ben.agreed_on),
        (Some(1), Some(day("2026-11-20")))
    );

    // Final in the database, and only to the group's own rules.
    let (other, _) = s
        .act(now, |tx| {
            new_group::create_group(tx, &cbt_group(day("2027-02-01")), Timestamp::now())
        })
        .unwrap();
    let v = s.vault(now).unwrap();
    let c = v.conn();
    assert!(c
        .execute("UPDATE agreements SET agreed_on = '2026-11-01'", [])
        .unwrap_err()
        .to_string()
        .contains("never changed"));
    assert!(c
        .execute("DELETE FROM agreements", [])
        .unwrap_err()
        .to_string()
        .contains("never deleted"));
    let e = c
        .execute(
            "INSERT OR REPLACE INTO agreements SELECT * FROM agreements LIMIT 1",
            [],
        )
        .unwrap_err();
    assert!(e.to_string().contains("never changed"), "{e}");
    let e = c
        .execute(
            "INSERT INTO agreements (place_id, version_id, agreed_on, recorded_at)
             SELECT ?1, id, '2026-11-22', '2026-11-22T10:00:00.000Z' FROM ground_rule_versions WHERE group_id = ?2",
            rusqlite::params![b, other],
        )
        .unwrap_err();
    assert!(e.to_string().contains("their own group"), "{e}");
}

#[test]
fn starting_a_group_with_fewer_than_six_asks_to_confirm_the_number() {
    let tv = new_vault();
    let mut s = access(&tv);
    let now = Instant::now();
    let g = group(&mut s);
    for i in 1..=4 {
        let p = ready(&mut s, g, &format!("Member {i}"));
        enrol(&mut s, p).unwrap();
    }
    let e = s
        .act(now, |tx| {
            cohort::practice::groups::set_status(tx, g, GroupStatus::Active, None, Timestamp::now())
        })
        .err()
        .unwrap();
    assert_eq!(e.code(), ErrorCode::Confirm);
    assert_eq!(
        e.to_string(),
        "Only 4 members enrolled, fewer than the 6 a group needs. Start the group with 4 members?"
    );
    assert!(
        s.act(now, |tx| cohort::practice::groups::set_status(
            tx,
            g,
            GroupStatus::Active,
            Some(3),
            Timestamp::now(),
        ))
        .is_err(),
        "the number must be the one shown"
    );
    assert_eq!(
        s.read(now, |c| groups::get(c, g)).unwrap().status,
        GroupStatus::Planning
    );
    s.act(now, |tx| {
        cohort::practice::groups::set_status(tx, g, GroupStatus::Active, Some(4), Timestamp::now())
    })
    .unwrap();
    assert_eq!(
        s.read(now, |c| groups::get(c, g)).unwrap().status,
        GroupStatus::Active
    );
}

#[test]
fn a_group_anyone_was_referred_to_cannot_be_deleted() {
    let tv = new_vault();
    let mut s = access(&tv);
    let now = Instant::now();
    let g = group(&mut s);
    referred(&mut s, g, "Ana Ruiz");
    let blocker = s
        .read(now, |c| cohort::practice::groups::program(c, g))
        .unwrap()
        .delete_blocker
        .unwrap();
    assert!(
        blocker.starts_with("1 person was referred to this group"),
        "{blocker}"
    );
    let e = s
        .act(now, |tx| cohort::practice::groups::delete(tx, g))
        .err()
        .unwrap();
    assert_eq!(e.code(), ErrorCode::Conflict);
}

#[test]
fn the_demo_roster_is_realistic() {
    let tv = new_vault();
    let mut s = access(&tv);
    let now = Instant::now();
    let g = s.act(now, |tx| cohort::demo::build(tx, today())).unwrap();
    let r = s.read(now, |c| group_roster::roster(c, g, today())).unwrap();
    let count = |st: Stage| r.entries.iter().filter(|e| e.place.stage == st).count();
    assert_eq!((count(Stage::Enrolled), count(Stage::Waitlisted)), (9, 2));
    assert_eq!((count(Stage::NotSuitable), count(Stage::DroppedOut)), (1, 1));
    let dropped = r
        .entries
        .iter()
        .find(|e| e.place.stage == Stage::DroppedOut)
        .unwrap();
    assert!(!dropped.place.left_reason.is_empty());
    let first_waiting = r.entries.iter().find(|e| e.waitlist_position == Some(1)).unwrap();
    assert_eq!(
        r.offer,
        Some(first_waiting.place.id),
        "the freed place is offered"
    );
    let names: Vec<&str> = r.entries.iter().map(|e| e.legal_name.as_str()).collect();
    for n in [
        "José Núñez",
        "Siobhán O'Neil",
        "Mary-Jane Okoro",
        "Алексей Смирнов",
    ] {
        assert!(names.contains(&n), "{n}");
    }
    assert!(r.to_agree > 0 && r.to_agree < 9);
    let hits = s
        .read(now, |c| directory::search(c, "jose nunez", false, 5))
        .unwrap();
    assert_eq!(hits[0].legal_name, "José Núñez");
}
