//! Running a session: it starts on its day (a group still being planned
//! only once the clinician confirms), its timer survives a lock and a
//! restart, the agenda changed during the session belongs to the session,
//! ending it holds it — and what has started keeps its place in the program.

mod common;

use std::time::Instant;

use cohort::planning::groups::GroupStatus;
use cohort::planning::{groups, new_group, reschedule, session_plans};
use cohort::sessions::run::{self, TimerAction};
use cohort::sessions::{agenda, view};
use cohort::values::Timestamp;
use cohort::{ErrorCode, VaultAccess};
use common::roster::today;
use common::sessions::*;
use common::*;

fn refusal<T: std::fmt::Debug>(r: cohort::Result<T>) -> (ErrorCode, String) {
    let e = r.expect_err("refused");
    (e.code(), e.to_string())
}

fn timer(s: &mut VaultAccess, r: &Running, action: TimerAction, hms: &str) {
    let session = r.session(5);
    s.act(Instant::now(), |tx| run::timer(tx, session, action, at(hms)))
        .unwrap();
}

fn state(s: &mut VaultAccess, r: &Running, hms: &str) -> agenda::RunState {
    let session = r.session(5);
    s.read(Instant::now(), |c| agenda::state(c, session, at(hms)))
        .unwrap()
        .expect("started")
}

#[test]
fn a_session_starts_on_its_day_only_and_says_what_to_do_otherwise() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &["Ana Ruiz", "Ben Cole"]);
    let now = Instant::now();
    let start = |s: &mut VaultAccess, n: usize| {
        let session = r.session(n);
        s.act(now, |tx| run::start(tx, session, at("18:00:00"), today(), None))
    };
    let (code, msg) = refusal(start(&mut s, 6));
    assert_eq!(code, ErrorCode::Conflict);
    assert!(
        msg.contains(
            "Session 6 is planned for ⟦date:2026-12-01⟧. To run it today, reschedule it to today first."
        ),
        "{msg}"
    );
    let (_, msg) = refusal(start(&mut s, 4));
    assert!(
        msg.contains("which has passed. If it took place, record it as held"),
        "{msg}"
    );

    // A cancelled session is not run.
    let seventh = r.session(7);
    s.act(now, |tx| reschedule::cancel_session(tx, seventh, false))
        .unwrap();
    let (_, msg) = refusal(s.act(now, |tx| {
        run::start(tx, seventh, at("18:00:00"), day("2026-12-08"), None)
    }));
    assert!(msg.contains("was cancelled"), "{msg}");

    // Today's session starts: its actual start is recorded, the timer runs on item 1.
    start(&mut s, 5).unwrap();
    let st = state(&mut s, &r, "18:00:00");
    assert_eq!(st.started_at, at("18:00:00"));
    assert!(st.running && st.current == 0 && st.ended_at.is_none());
    assert_eq!(st.items.len(), 7, "the plan's agenda, copied");
    assert_eq!(st.planned_minutes, 90);
    let (_, msg) = refusal(start(&mut s, 5));
    assert!(msg.contains("has already started"), "{msg}");
}

#[test]
fn a_group_still_being_planned_starts_with_its_first_session_once_confirmed() {
    let tv = new_vault();
    let mut s = access(&tv);
    let now = Instant::now();
    let g = s
        .act(now, |tx| {
            new_group::create_group(tx, &cbt_group(today()), Timestamp::now())
        })
        .unwrap()
        .0;
    for n in ["Ana Ruiz", "Ben Cole", "Cara Diaz", "Dev Shah"] {
        enrolled(&mut s, g, n);
    }
    let first = s
        .read(now, |c| cohort::practice::groups::program(c, g))
        .unwrap()
        .sessions[0]
        .id;
    let (code, msg) = refusal(s.act(now, |tx| run::start(tx, first, at("18:00:00"), today(), None)));
    assert_eq!(code, ErrorCode::Confirm);
    assert_eq!(
        msg,
        "“Monday CBT for depression” is still being planned. This session starts the group, with 4 members enrolled. Start the group?"
    );
    let before = s.read(now, |c| groups::get(c, g)).unwrap().status;
    assert_eq!(before, GroupStatus::Planning, "nothing changed until confirmed");
    let (code, _) = refusal(s.act(now, |tx| run::start(tx, first, at("18:00:00"), today(), Some(5))));
    assert_eq!(
        code,
        ErrorCode::Confirm,
        "the number confirmed must be the number enrolled"
    );
    s.act(now, |tx| run::start(tx, first, at("18:00:00"), today(), Some(4)))
        .unwrap();
    assert_eq!(
        s.read(now, |c| groups::get(c, g)).unwrap().status,
        GroupStatus::Active
    );
}

#[test]
fn the_timer_counts_each_item_pauses_goes_back_and_survives_a_lock_and_a_restart() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &["Ana Ruiz"]);
    let fifth = r.session(5);
    s.act(Instant::now(), |tx| {
        run::start(tx, fifth, at("18:00:00"), today(), None)
    })
    .unwrap();

    // Ten minutes on item 1, then the next; 3 minutes on item 2, paused for 5.
    assert_eq!(state(&mut s, &r, "18:10:00").items[0].elapsed_ms, 600_000);
    timer(&mut s, &r, TimerAction::Next, "18:10:00");
    timer(&mut s, &r, TimerAction::Pause, "18:13:00");
    let st = state(&mut s, &r, "18:18:00");
    assert!(!st.running);
    assert!(st.items[0].done && !st.items[1].done);
    assert_eq!(
        (st.items[0].elapsed_ms, st.items[1].elapsed_ms),
        (600_000, 180_000)
    );
    assert_eq!(st.elapsed_ms, 780_000);

    // Locked, and the app restarted: the clock was stored, not kept in memory.
    timer(&mut s, &r, TimerAction::Resume, "18:18:00");
    s.lock("by the clinician").unwrap();
    drop(s);
    let mut s = access(&tv);
    let st = state(&mut s, &r, "18:20:00");
    assert!(st.running && st.current == 1);
    assert_eq!(
        st.items[1].elapsed_ms, 300_000,
        "3 minutes, then 2 more while locked"
    );

    // Back to item 1: it is no longer done, and its clock continues.
    timer(&mut s, &r, TimerAction::Back, "18:20:00");
    let st = state(&mut s, &r, "18:21:00");
    assert_eq!(st.current, 0);
    assert!(!st.items[0].done);
    assert_eq!(st.items[0].elapsed_ms, 660_000);

    // An item ticked by hand; an overrun is kept, never cut.
    let first = st.items[0].id;
    s.act(Instant::now(), |tx| run::set_done(tx, fifth, first, true))
        .unwrap();
    let st = state(&mut s, &r, "19:45:00");
    assert!(st.items[0].done);
    assert!(st.items[0].elapsed_ms > st.items[0].minutes as i64 * 60_000);
}

#[test]
fn changes_to_the_agenda_during_the_session_belong_to_the_session_not_the_plan() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &["Ana Ruiz"]);
    let fifth = r.session(5);
    let now = Instant::now();
    let plan_before = s
        .read(now, |c| session_plans::session_detail(c, fifth))
        .unwrap()
        .plan;
    s.act(now, |tx| run::start(tx, fifth, at("18:00:00"), today(), None))
        .unwrap();
    let items = state(&mut s, &r, "18:00:00").items;
    s.act(now, |tx| {
        agenda::update_item(tx, fifth, items[2].id, "Homework review (short)", 10)
    })
    .unwrap();
    s.act(now, |tx| agenda::remove_item(tx, fifth, items[4].id))
        .unwrap();
    s.act(now, |tx| agenda::add_item(tx, fifth, "Breathing exercise", 5))
        .unwrap();
    let (code, msg) = refusal(s.act(now, |tx| agenda::remove_item(tx, fifth, items[0].id)));
    assert_eq!(code, ErrorCode::Conflict, "the item being run stays: {msg}");
    let (_, msg) = refusal(s.act(now, |tx| agenda::add_item(tx, fifth, "  ", 5)));
    assert!(msg.contains("Give the agenda item a name"), "{msg}");
    let (_, msg) = refusal(s.act(now, |tx| agenda::update_item(tx, fifth, items[1].id, "Review", 0)));
    assert!(msg.contains("1 to 180 minutes (you entered 0)"), "{msg}");

    let st = state(&mut s, &r, "18:01:00");
    let titles: Vec<&str> = st.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles.len(), 7);
    assert_eq!(titles[2], "Homework review (short)");
    assert_eq!(titles[6], "Breathing exercise");
    assert!(!titles.contains(&items[4].title.as_str()));
    let plan_after = s
        .read(now, |c| session_plans::session_detail(c, fifth))
        .unwrap()
        .plan;
    assert_eq!(plan_after, plan_before, "the curriculum is untouched");
}

#[test]
fn ending_holds_the_session_and_what_was_run_becomes_final() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &["Ana Ruiz"]);
    let fifth = r.session(5);
    let now = Instant::now();
    s.act(now, |tx| run::start(tx, fifth, at("18:00:00"), today(), None))
        .unwrap();

    // While it runs it keeps its place: no rescheduling, cancelling or new layout.
    let (_, msg) = refusal(s.act(now, |tx| reschedule::cancel_session(tx, fifth, false)));
    assert!(
        msg.contains("Session 5 has started, so it cannot be cancelled"),
        "{msg}"
    );
    let (_, msg) = refusal(s.act(now, |tx| {
        reschedule::reschedule(tx, fifth, "2026-11-25", "18:00", false)
    }));
    assert!(msg.contains("Session 5 has started"), "{msg}");

    s.act(now, |tx| run::end(tx, fifth, at("19:31:00"))).unwrap();
    let v = s
        .read(now, |c| view::session_view(c, fifth, at("19:40:00"), today()))
        .unwrap();
    assert_eq!(
        v.detail.session.status,
        cohort::planning::program::SessionStatus::Held
    );
    let run = v.run.unwrap();
    assert_eq!(run.ended_at, Some(at("19:31:00")));
    assert!(!run.running);
    assert_eq!(run.elapsed_ms, 91 * 60_000, "the clock stopped at the end");
    let (code, msg) = refusal(s.act(now, |tx| {
        run::timer(tx, fifth, TimerAction::Resume, at("19:45:00"))
    }));
    assert_eq!(code, ErrorCode::Conflict);
    assert!(msg.contains("has ended"), "{msg}");

    // The database itself refuses to change what was run.
    drop(s);
    let conn = unlock(&tv.dir, PASS);
    let c = conn.conn();
    for sql in [
        "UPDATE session_runs SET ended_at = NULL",
        "UPDATE session_runs SET current_position = 2",
        "DELETE FROM session_runs",
        "UPDATE session_agenda_items SET minutes = 1",
        "DELETE FROM session_agenda_items",
        "INSERT INTO session_agenda_items (session_id, position, title, minutes) SELECT session_id, 9, 'x', 5 FROM session_runs",
        "UPDATE sessions SET status = 'scheduled' WHERE id IN (SELECT session_id FROM session_runs)",
    ] {
        assert!(c.execute(sql, []).is_err(), "the database allowed: {sql}");
    }
}

#[test]
fn a_past_session_run_without_the_timer_is_recorded_as_held() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &["Ana Ruiz"]);
    let now = Instant::now();
    let (third, sixth) = (r.session(3), r.session(6));
    s.act(now, |tx| {
        run::record_held(tx, third, today(), None, Timestamp::now())
    })
    .unwrap();
    let v = s
        .read(now, |c| view::session_view(c, third, at("12:00:00"), today()))
        .unwrap();
    assert_eq!(
        v.detail.session.status,
        cohort::planning::program::SessionStatus::Held
    );
    assert!(v.run.is_none() && v.why_no_attendance.is_none());
    let (_, msg) = refusal(s.act(now, |tx| {
        run::record_held(tx, sixth, today(), None, Timestamp::now())
    }));
    assert!(msg.contains("cannot be recorded as held before then"), "{msg}");
    let (_, msg) = refusal(s.act(now, |tx| {
        run::record_held(tx, third, today(), None, Timestamp::now())
    }));
    assert!(msg.contains("was held"), "{msg}");
}

#[test]
fn the_database_keeps_a_started_session_in_place() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &["Ana Ruiz"]);
    let fifth = r.session(5);
    s.act(Instant::now(), |tx| {
        run::start(tx, fifth, at("18:00:00"), today(), None)
    })
    .unwrap();
    drop(s);
    let v = unlock(&tv.dir, PASS);
    let c = v.conn();
    let id = fifth.to_string();
    for sql in [
        "UPDATE sessions SET date = '2026-11-25' WHERE id = ?1",
        "UPDATE sessions SET status = 'cancelled' WHERE id = ?1",
        "UPDATE sessions SET number = 40 WHERE id = ?1",
        "INSERT INTO session_runs (session_id, started_at) VALUES (?1, '2026-11-24T18:00:00.000Z')",
        "INSERT OR REPLACE INTO session_runs (session_id, started_at) VALUES (?1, '2026-11-24T18:05:00.000Z')",
        "UPDATE session_runs SET started_at = '2026-11-24T17:00:00.000Z' WHERE session_id = ?1",
    ] {
        assert!(c.execute(sql, [&id]).is_err(), "the database allowed: {sql}");
    }
}
