//! The roster: each step of a person's path with its date and its rules,
//! capacity enforced by the core and the database, the waitlist and its
//! offer when a place frees, and a closed group closing.

mod common;

use std::time::Instant;

use cohort::planning::{groups, new_group};
use cohort::roster::group_roster;
use cohort::roster::members::{self, MemberInput};
use cohort::roster::places::{self, LeavingKind, ScreeningOutcome, Stage};
use cohort::values::Timestamp;
use cohort::{ErrorCode, VaultAccess};
use common::roster::*;
use common::*;

#[test]
fn each_step_in_order_dated_and_checked() {
    let tv = new_vault();
    let mut s = access(&tv);
    let now = Instant::now();
    let g = group(&mut s);
    let p = referred(&mut s, g, "Ana Ruiz");
    let refuse = |s: &mut VaultAccess, r: cohort::Result<places::Place>, field: &str, words: &str| {
        let e = r.err().unwrap();
        assert_eq!(e.field(), Some(field), "{e}");
        assert!(e.to_string().contains(words), "{e}");
        let _ = s;
    };
    let r = s.act(now, |tx| {
        places::consent(tx, p, "2026-11-10", today(), Timestamp::now())
    });
    refuse(
        &mut s,
        r,
        "stage",
        "Ana Ruiz is referred and not yet screened, so consent cannot be recorded now",
    );
    let r = enrol(&mut s, p);
    refuse(&mut s, r, "stage", "cannot be enrolled now");
    let r = s.act(now, |tx| {
        places::screen(
            tx,
            p,
            "2026-10-30",
            ScreeningOutcome::Suitable,
            "",
            today(),
            Timestamp::now(),
        )
    });
    refuse(&mut s, r, "screened_on", "cannot come before the referral");
    let r = s.act(now, |tx| {
        places::screen(
            tx,
            p,
            "2026-12-30",
            ScreeningOutcome::Suitable,
            "",
            today(),
            Timestamp::now(),
        )
    });
    refuse(&mut s, r, "screened_on", "cannot be in the future");
    let r = s.act(now, |tx| {
        places::screen(
            tx,
            p,
            "2026-11-31",
            ScreeningOutcome::Suitable,
            "",
            today(),
            Timestamp::now(),
        )
    });
    refuse(&mut s, r, "screened_on", "not a real date");
    s.act(now, |tx| {
        places::screen(
            tx,
            p,
            "2026-11-05",
            ScreeningOutcome::Suitable,
            "Motivated.",
            today(),
            Timestamp::now(),
        )
    })
    .unwrap();
    s.act(now, |tx| {
        places::consent(tx, p, "2026-11-10", today(), Timestamp::now())
    })
    .unwrap();
    let placed = enrol(&mut s, p).unwrap();
    assert_eq!(placed.stage, Stage::Enrolled);
    assert_eq!(
        (
            placed.referred_on,
            placed.screened_on,
            placed.consented_on,
            placed.enrolled_on
        ),
        (
            day("2026-11-01"),
            Some(day("2026-11-05")),
            Some(day("2026-11-10")),
            Some(day("2026-11-12"))
        ),
        "every step is dated"
    );
    // The same person cannot have two places in one group.
    let member = placed.member_id;
    let e = s
        .act(now, |tx| {
            places::refer(tx, g, member, "2026-11-20", "", today(), Timestamp::now())
        })
        .err()
        .unwrap();
    assert!(
        e.to_string()
            .contains("Ana Ruiz already has a place in this group: enrolled"),
        "{e}"
    );
    // Leaving needs its reason, or where to.
    let r = s.act(now, |tx| {
        cohort::practice::leaving::leave(
            tx,
            p,
            &leave(LeavingKind::DroppedOut, " ", ""),
            today(),
            Timestamp::now(),
        )
    });
    refuse(&mut s, r, "reason", "Say why they dropped out");
    let r = s.act(now, |tx| {
        cohort::practice::leaving::leave(
            tx,
            p,
            &leave(LeavingKind::Transferred, "", ""),
            today(),
            Timestamp::now(),
        )
    });
    refuse(&mut s, r, "transferred_to", "Say where");
    let r = s.act(now, |tx| {
        cohort::practice::leaving::leave(
            tx,
            p,
            &leave(LeavingKind::Withdrawn, "", ""),
            today(),
            Timestamp::now(),
        )
    });
    refuse(&mut s, r, "kind", "record that they dropped out");
    s.act(now, |tx| {
        cohort::practice::leaving::leave(
            tx,
            p,
            &leave(LeavingKind::Transferred, "", "Individual CBT"),
            today(),
            Timestamp::now(),
        )
    })
    .unwrap();
    assert_eq!(stage(&mut s, p), Stage::Transferred);
    let r = enrol(&mut s, p);
    refuse(&mut s, r, "stage", "no longer in the group (transferred)");
    // After the path ended the person can be referred again.
    s.act(now, |tx| {
        places::refer(tx, g, member, "2026-11-21", "", today(), Timestamp::now())
    })
    .unwrap();
}

#[test]
fn a_screening_that_is_not_suitable_ends_the_path_and_keeps_its_reason() {
    let tv = new_vault();
    let mut s = access(&tv);
    let now = Instant::now();
    let g = group(&mut s);
    let p = referred(&mut s, g, "Bob Lang");
    let e = s
        .act(now, |tx| {
            places::screen(
                tx,
                p,
                "2026-11-05",
                ScreeningOutcome::IndividualFirst,
                "",
                today(),
                Timestamp::now(),
            )
        })
        .err()
        .unwrap();
    assert_eq!(e.field(), Some("screening_notes"));
    let done = s
        .act(now, |tx| {
            places::screen(
                tx,
                p,
                "2026-11-05",
                ScreeningOutcome::IndividualFirst,
                "Individual work first.",
                today(),
                Timestamp::now(),
            )
        })
        .unwrap();
    assert_eq!(done.stage, Stage::NotSuitable);
    assert_eq!(done.screening_notes, "Individual work first.");
    assert!(s
        .act(now, |tx| places::consent(
            tx,
            p,
            "2026-11-10",
            today(),
            Timestamp::now()
        ))
        .is_err());
    let r = s.read(now, |c| group_roster::roster(c, g, today())).unwrap();
    assert_eq!(
        r.entries[0].place.stage,
        Stage::NotSuitable,
        "kept on the roster among the past"
    );
}

#[test]
fn capacity_the_waitlist_and_the_offer_when_a_place_frees() {
    let tv = new_vault();
    let mut s = access(&tv);
    let now = Instant::now();
    let g = group(&mut s);
    let mut enrolled = Vec::new();
    for i in 1..=10 {
        let p = ready(&mut s, g, &format!("Member {i:02}"));
        enrol(&mut s, p).unwrap();
        enrolled.push(p);
    }
    let eleventh = ready(&mut s, g, "Grace Liu");
    let twelfth = ready(&mut s, g, "Ahmed Haddad");
    let e = enrol(&mut s, eleventh).err().unwrap();
    assert_eq!(e.code(), ErrorCode::Full);
    assert_eq!(
        e.to_string(),
        "The group is full: all 10 places are taken. Add Grace Liu to the waitlist instead?"
    );
    assert_eq!(stage(&mut s, eleventh), Stage::Consented, "nothing changed");
    s.act(now, |tx| {
        places::waitlist(tx, eleventh, "2026-11-15", today(), Timestamp::now())
    })
    .unwrap();
    s.act(now, |tx| {
        places::waitlist(tx, twelfth, "2026-11-16", today(), Timestamp::now())
    })
    .unwrap();
    let r = s.read(now, |c| group_roster::roster(c, g, today())).unwrap();
    assert_eq!((r.enrolled, r.capacity, r.waitlisted), (10, 10, 2));
    let order: Vec<(String, Option<u32>)> = r
        .entries
        .iter()
        .filter(|e| e.place.stage == Stage::Waitlisted)
        .map(|e| (e.legal_name.clone(), e.waitlist_position))
        .collect();
    assert_eq!(
        order,
        [
            ("Grace Liu".to_string(), Some(1)),
            ("Ahmed Haddad".to_string(), Some(2))
        ]
    );
    assert_eq!(r.offer, None, "no place is free");
    let e = enrol(&mut s, eleventh).err().unwrap();
    assert_eq!(e.code(), ErrorCode::Full);
    assert!(e.to_string().contains("stays on the waitlist until one frees"));

    // A dropout frees a place: the first waiting is offered it.
    s.act(now, |tx| {
        cohort::practice::leaving::leave(
            tx,
            enrolled[3],
            &leave(LeavingKind::DroppedOut, "Moved away.", ""),
            today(),
            Timestamp::now(),
        )
    })
    .unwrap();
    let r = s.read(now, |c| group_roster::roster(c, g, today())).unwrap();
    assert_eq!(r.offer, Some(eleventh));
    // Skipped: the next one is offered it; the skipped keeps their rank.
    s.act(now, |tx| {
        places::skip_offer(tx, eleventh, today(), Timestamp::now())
    })
    .unwrap();
    let r = s.read(now, |c| group_roster::roster(c, g, today())).unwrap();
    assert_eq!(r.offer, Some(twelfth));
    assert_eq!(
        r.entries
            .iter()
            .find(|e| e.place.id == eleventh)
            .unwrap()
            .waitlist_position,
        Some(1)
    );
    // Confirmed: enrolled; the group is full again, and the waitlist order closes up.
    s.act(now, |tx| {
        places::enrol(tx, twelfth, "2026-11-21", today(), Timestamp::now())
    })
    .unwrap();
    let r = s.read(now, |c| group_roster::roster(c, g, today())).unwrap();
    assert_eq!((r.enrolled, r.waitlisted, r.offer), (10, 1, None));
    assert_eq!(
        r.entries
            .iter()
            .find(|e| e.place.id == eleventh)
            .unwrap()
            .waitlist_position,
        Some(1)
    );
    // Capacity cannot drop below the enrolled.
    let mut input = s.read(now, |c| groups::get(c, g)).unwrap().as_input();
    input.capacity = 8;
    let e = s
        .act(now, |tx| {
            cohort::practice::groups::update(tx, g, &input, Timestamp::now())
        })
        .err()
        .unwrap();
    assert_eq!(e.field(), Some("capacity"));
    assert!(e.to_string().contains("10 members are enrolled"), "{e}");
    // The groups list says 10 of 10 and one waiting.
    let list = s
        .read(now, |c| cohort::practice::groups::list(c, today()))
        .unwrap();
    assert_eq!(
        (list[0].enrolled, list[0].capacity.get(), list[0].waitlisted),
        (10, 10, 1)
    );
    // Withdrawing from the waitlist ends that path.
    s.act(now, |tx| {
        cohort::practice::leaving::leave(
            tx,
            eleventh,
            &leave(LeavingKind::Withdrawn, "Found another group.", ""),
            today(),
            Timestamp::now(),
        )
    })
    .unwrap();
    assert_eq!(stage(&mut s, eleventh), Stage::Withdrawn);
}

#[test]
fn waitlisting_while_a_place_is_free_is_refused() {
    let tv = new_vault();
    let mut s = access(&tv);
    let g = group(&mut s);
    let p = ready(&mut s, g, "Ana Ruiz");
    let e = s
        .act(Instant::now(), |tx| {
            places::waitlist(tx, p, "2026-11-15", today(), Timestamp::now())
        })
        .err()
        .unwrap();
    assert!(
        e.to_string()
            .contains("0 of 10 places are taken, so Ana Ruiz can be enrolled now"),
        "{e}"
    );
}

#[test]
fn the_database_refuses_a_row_beyond_capacity_and_changes_to_records() {
    let tv = new_vault();
    let mut s = access(&tv);
    let now = Instant::now();
    let g = group(&mut s);
    for i in 1..=10 {
        let p = ready(&mut s, g, &format!("Member {i:02}"));
        enrol(&mut s, p).unwrap();
    }
    let extra = ready(&mut s, g, "Grace Liu");
    let v = s.vault(now).unwrap();
    let c = v.conn();
    let e = c
        .execute(
            "UPDATE places SET stage = 'enrolled', enrolled_on = '2026-11-12' WHERE id = ?1",
            [extra],
        )
        .err()
        .unwrap();
    assert!(e.to_string().contains("the group is full"), "{e}");
    let e = c
        .execute("UPDATE groups SET capacity = 9 WHERE id = ?1", [g])
        .err()
        .unwrap();
    assert!(
        e.to_string()
            .contains("more members are enrolled than that capacity"),
        "{e}"
    );
    assert!(c
        .execute("DELETE FROM places WHERE id = ?1", [extra])
        .unwrap_err()
        .to_string()
        .contains("never deleted"));
    let e = c
        .execute("UPDATE places SET stage = 'referred' WHERE id = ?1", [extra])
        .err()
        .unwrap();
    assert!(e.to_string().contains("only moves forward"), "{e}");
    let enrolled: i64 = c
        .query_row(
            "SELECT count(*) FROM places WHERE group_id = ?1 AND stage = 'enrolled'",
            [g],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(enrolled, 10);
}

#[test]
fn a_closed_group_refuses_enrolment_after_its_closing_session_and_names_it() {
    let tv = new_vault();
    let mut s = access(&tv);
    let now = Instant::now();
    // Started 2026-11-02, closed after session 2 (2026-11-09).
    let (g, _) = s
        .act(now, |tx| {
            new_group::create_group(tx, &cbt_group(day("2026-11-02")), Timestamp::now())
        })
        .unwrap();
    let m = s
        .act(now, |tx| {
            members::create(
                tx,
                &MemberInput {
                    legal_name: "Ana Ruiz".into(),
                    ..Default::default()
                },
                today(),
                Timestamp::now(),
            )
        })
        .unwrap();
    let p = s
        .act(now, |tx| {
            places::refer(tx, g, m, "2026-10-20", "", today(), Timestamp::now())
        })
        .unwrap();
    s.act(now, |tx| {
        places::screen(
            tx,
            p,
            "2026-10-25",
            ScreeningOutcome::Suitable,
            "",
            today(),
            Timestamp::now(),
        )
    })
    .unwrap();
    s.act(now, |tx| {
        places::consent(tx, p, "2026-10-28", today(), Timestamp::now())
    })
    .unwrap();
    let e = s
        .act(now, |tx| {
            places::enrol(tx, p, "2026-11-20", today(), Timestamp::now())
        })
        .err()
        .unwrap();
    assert_eq!(e.field(), Some("enrolled_on"));
    assert!(
        e.to_string()
            .contains("admits no one after session 2 (⟦date:2026-11-09⟧)"),
        "{e}"
    );
    assert_eq!(stage(&mut s, p), Stage::Consented);
    // An enrolment that happened before the closing session is recorded late.
    s.act(now, |tx| {
        places::enrol(tx, p, "2026-11-09", today(), Timestamp::now())
    })
    .unwrap();
    let r = s.read(now, |c| group_roster::roster(c, g, today())).unwrap();
    assert_eq!(r.closed_after.map(|c| c.session), Some(2));
}
