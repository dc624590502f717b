//! A dated session keeps its id for its whole life. Each test records every
//! session id before an action and checks that every session that survives
//! it kept its id, and that no session row ever disappears: a session that
//! leaves the program is marked, not deleted.

mod common;

use std::collections::BTreeMap;
use std::time::Instant;

use cohort::ids::{GroupId, SessionId};
use cohort::planning::groups::GroupStatus;
use cohort::planning::program::SessionStatus;
use cohort::planning::{groups, new_group, reschedule, session_plans};
use cohort::values::Timestamp;
use cohort::{ErrorCode, VaultAccess};
use common::*;

/// Every session row of the group, removed ones included: id → (number, status).
fn rows(s: &mut VaultAccess, g: GroupId) -> BTreeMap<SessionId, (u32, SessionStatus)> {
    s.read(Instant::now(), |c| {
        let mut stmt = c.prepare("SELECT id, number, status FROM sessions WHERE group_id = ?1")?;
        let r = stmt
            .query_map([g], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(r)
    })
    .unwrap()
}

/// The ids of the program's sessions, by number.
fn live(s: &mut VaultAccess, g: GroupId) -> Vec<SessionId> {
    s.read(Instant::now(), |c| cohort::practice::groups::program(c, g))
        .unwrap()
        .sessions
        .iter()
        .map(|x| x.id)
        .collect()
}

/// No row vanished between `before` and `after`.
fn nothing_deleted(
    before: &BTreeMap<SessionId, (u32, SessionStatus)>,
    after: &BTreeMap<SessionId, (u32, SessionStatus)>,
) {
    for id in before.keys() {
        assert!(after.contains_key(id), "session {id} was deleted");
    }
}

fn setup() -> (TestVault, VaultAccess, GroupId) {
    let tv = new_vault();
    let mut s = access(&tv);
    let (g, _) = s
        .act(Instant::now(), |tx| {
            new_group::create_group(tx, &cbt_group(day("2027-01-04")), Timestamp::now())
        })
        .unwrap();
    (tv, s, g)
}

#[test]
fn laying_the_dates_out_again_keeps_every_session_id() {
    let (_tv, mut s, g) = setup();
    let now = Instant::now();
    let before = rows(&mut s, g);
    let ids = live(&mut s, g);
    let mut input = groups_input(&mut s, g);

    // A week later, an hour earlier.
    input.first_date = "2027-01-11".into();
    input.start_time = "17:00".into();
    s.act(now, |tx| {
        cohort::practice::groups::update(tx, g, &input, Timestamp::now())
    })
    .unwrap();
    assert_eq!(live(&mut s, g), ids, "same sessions, same order, same ids");
    nothing_deleted(&before, &rows(&mut s, g));
    let p = s.read(now, |c| cohort::practice::groups::program(c, g)).unwrap();
    assert_eq!(p.sessions[0].date, day("2027-01-11"));
    assert_eq!(p.sessions[0].start_time.to_string(), "17:00");

    // Ten sessions: the last two leave the program, their rows stay.
    input.planned_sessions = 10;
    let out = s
        .act(now, |tx| {
            cohort::practice::groups::update(tx, g, &input, Timestamp::now())
        })
        .unwrap();
    assert!(
        out.notes[0].contains("sessions 11–12 and their plans were taken off"),
        "{:?}",
        out.notes
    );
    assert_eq!(live(&mut s, g), ids[..10]);
    let after = rows(&mut s, g);
    nothing_deleted(&before, &after);
    assert_eq!(after[&ids[10]].1, SessionStatus::Removed);
    assert_eq!(after[&ids[11]].1, SessionStatus::Removed);

    // Fourteen: the ten keep their ids, four new sessions follow.
    input.planned_sessions = 14;
    s.act(now, |tx| {
        cohort::practice::groups::update(tx, g, &input, Timestamp::now())
    })
    .unwrap();
    let now_live = live(&mut s, g);
    assert_eq!(now_live.len(), 14);
    assert_eq!(now_live[..10], ids[..10]);
    assert!(
        now_live[10..].iter().all(|x| !ids.contains(x)),
        "new sessions get new ids"
    );
    nothing_deleted(&before, &rows(&mut s, g));
    let p = s.read(now, |c| cohort::practice::groups::program(c, g)).unwrap();
    assert_eq!(
        p.sessions.iter().map(|x| x.number).collect::<Vec<_>>(),
        (1..=14).collect::<Vec<_>>()
    );
}

#[test]
fn a_cancelled_session_leaves_the_program_when_it_is_laid_out_again_and_keeps_its_row() {
    let (_tv, mut s, g) = setup();
    let now = Instant::now();
    let ids = live(&mut s, g);
    s.act(now, |tx| reschedule::cancel_session(tx, ids[3], true))
        .unwrap();
    let before = rows(&mut s, g);
    let makeup = *live(&mut s, g).last().unwrap();
    let mut input = groups_input(&mut s, g);
    input.first_date = "2027-01-05".into();
    let out = s
        .act(now, |tx| {
            cohort::practice::groups::update(tx, g, &input, Timestamp::now())
        })
        .unwrap();
    assert!(
        out.notes[0].contains("cancelled session 4 was taken off"),
        "{:?}",
        out.notes
    );
    let after = rows(&mut s, g);
    nothing_deleted(&before, &after);
    assert_eq!(after[&ids[3]].1, SessionStatus::Removed);
    let p = s.read(now, |c| cohort::practice::groups::program(c, g)).unwrap();
    assert_eq!(p.sessions.len(), 12);
    assert_eq!(
        p.sessions[11].id, makeup,
        "the make-up is now session 12, same id"
    );
    assert_eq!(p.sessions[11].makeup_for, None);
    assert_eq!(p.sessions[3].id, ids[4]);
}

#[test]
fn rescheduling_cancelling_and_moving_plans_keep_every_id() {
    let (_tv, mut s, g) = setup();
    let now = Instant::now();
    let ids = live(&mut s, g);
    let before = rows(&mut s, g);
    let p = s.read(now, |c| cohort::practice::groups::program(c, g)).unwrap();
    let later = p.sessions[4].date + chrono::Days::new(2);
    s.act(now, |tx| {
        reschedule::reschedule(tx, ids[4], &later.to_string(), "18:30", true)
    })
    .unwrap();
    assert_eq!(live(&mut s, g), ids);
    s.act(now, |tx| session_plans::move_plan(tx, ids[6], 1)).unwrap();
    assert_eq!(live(&mut s, g), ids);
    s.act(now, |tx| reschedule::cancel_session(tx, ids[2], true))
        .unwrap();
    let after = live(&mut s, g);
    assert_eq!(
        after[..12],
        ids[..],
        "the cancelled session keeps its place and id"
    );
    assert_eq!(after.len(), 13, "the make-up is a new session");
    nothing_deleted(&before, &rows(&mut s, g));
}

#[test]
fn inserting_and_removing_plans_marks_sessions_instead_of_deleting_them() {
    let (_tv, mut s, g) = setup();
    let now = Instant::now();
    let ids = live(&mut s, g);
    let before = rows(&mut s, g);
    let topics = |s: &mut VaultAccess| -> Vec<String> {
        s.read(Instant::now(), |c| cohort::practice::groups::program(c, g))
            .unwrap()
            .sessions
            .into_iter()
            .map(|x| x.topic)
            .collect()
    };
    let t0 = topics(&mut s);

    s.act(now, |tx| session_plans::insert_plan_before(tx, ids[2]))
        .unwrap();
    let with_insert = live(&mut s, g);
    assert_eq!(with_insert[..12], ids[..], "every session kept its id");
    assert_eq!(with_insert.len(), 13);
    assert_eq!(topics(&mut s)[2], "", "the empty plan is on the third date");

    s.act(now, |tx| session_plans::remove_plan(tx, ids[2])).unwrap();
    assert_eq!(
        live(&mut s, g),
        ids,
        "the session added at the end left the program"
    );
    assert_eq!(topics(&mut s), t0, "the plans are back on their dates");
    let after = rows(&mut s, g);
    nothing_deleted(&before, &after);
    assert_eq!(
        after[&with_insert[12]].1,
        SessionStatus::Removed,
        "marked, not deleted"
    );

    s.act(now, |tx| session_plans::remove_plan(tx, ids[0])).unwrap();
    assert_eq!(live(&mut s, g), ids[..11]);
    assert_eq!(rows(&mut s, g)[&ids[11]].1, SessionStatus::Removed);
    let e = s
        .act(now, |tx| session_plans::session_detail(tx, ids[11]))
        .err()
        .unwrap();
    assert_eq!(e.code(), ErrorCode::NotFound);
    assert!(e.to_string().contains("no longer part of the program"));
}

#[test]
fn a_group_is_deleted_only_while_nothing_is_recorded_for_it() {
    let tv = new_vault();
    let mut s = access(&tv);
    let now = Instant::now();
    let (unused, _) = s
        .act(now, |tx| {
            new_group::create_group(tx, &cbt_group(day("2027-01-04")), Timestamp::now())
        })
        .unwrap();
    let (held, _) = s
        .act(now, |tx| {
            new_group::create_group(tx, &cbt_group(day("2027-01-05")), Timestamp::now())
        })
        .unwrap();
    let s1 = live(&mut s, unused)[0];
    s.act(now, |tx| reschedule::cancel_session(tx, s1, true)).unwrap();
    s.act(now, |tx| {
        cohort::planning::ground_rules::save(tx, unused, &["One rule.".into()], Timestamp::now())
    })
    .unwrap();

    // Nothing recorded: everything of the group goes, in one transaction.
    assert!(s
        .read(now, |c| cohort::practice::groups::program(c, unused))
        .unwrap()
        .delete_blocker
        .is_none());
    s.act(now, |tx| cohort::practice::groups::delete(tx, unused))
        .unwrap();
    let left = |s: &mut VaultAccess, table: &str| -> i64 {
        s.read(Instant::now(), |c| {
            Ok(c.query_row(
                &format!(
                    "SELECT count(*) FROM {table} WHERE {} = ?1",
                    if table == "groups" { "id" } else { "group_id" }
                ),
                [unused],
                |r| r.get(0),
            )?)
        })
        .unwrap()
    };
    for t in [
        "groups",
        "sessions",
        "session_plans",
        "ground_rule_versions",
        "blackout_dates",
        "co_facilitators",
    ] {
        assert_eq!(left(&mut s, t), 0, "{t}");
    }
    let agenda_orphans: i64 = s
        .read(now, |c| {
            Ok(c.query_row(
                "SELECT count(*) FROM agenda_items a WHERE NOT EXISTS (SELECT 1 FROM session_plans p WHERE p.id = a.plan_id)",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(agenda_orphans, 0);
    let orphan_rules: i64 = s
        .read(now, |c| {
            Ok(c.query_row(
                "SELECT count(*) FROM ground_rules r WHERE NOT EXISTS (SELECT 1 FROM ground_rule_versions v WHERE v.id = r.version_id)",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(orphan_rules, 0);
    assert_eq!(s.recent_activity(1, now).unwrap()[0].event, "group_deleted");

    // A held session is a record: the group is refused and offered the archive.
    s.act(now, |tx| {
        cohort::practice::groups::set_status(tx, held, GroupStatus::Active, Some(0), Timestamp::now())
    })
    .unwrap();
    let first = live(&mut s, held)[0];
    s.act(now, |tx| {
        Ok(tx.execute("UPDATE sessions SET status = 'held' WHERE id = ?1", [first])?)
    })
    .unwrap();
    let before = rows(&mut s, held);
    let blocker = s
        .read(now, |c| cohort::practice::groups::program(c, held))
        .unwrap()
        .delete_blocker
        .expect("the program says why it cannot be deleted");
    assert!(
        blocker.contains("Session 1 was held on ⟦date:2027-01-05⟧"),
        "{blocker}"
    );
    assert!(blocker.contains("Archive it instead"));
    let e = s
        .act(now, |tx| cohort::practice::groups::delete(tx, held))
        .err()
        .unwrap();
    assert_eq!(e.code(), ErrorCode::Conflict);
    assert_eq!(e.to_string(), blocker);
    assert_eq!(rows(&mut s, held), before, "nothing changed");
    assert!(s
        .read(now, |c| cohort::practice::groups::program(c, held))
        .is_ok());
}

fn groups_input(s: &mut VaultAccess, g: GroupId) -> cohort::planning::groups::GroupInput {
    s.read(Instant::now(), |c| groups::get(c, g)).unwrap().as_input()
}
