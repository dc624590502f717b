//! Absences: the group's policy (its presets, a custom rule, absences with
//! notice counting or not), alerts computed from the attendance and cleared
//! by a recorded follow-up, what a member missed and their catch-up sheet
//! (which names no one else), and Today.

mod common;

use std::time::Instant;

use cohort::ids::PlaceId;
use cohort::planning::ground_rules;
use cohort::roster::{agreements, places};
use cohort::sessions::alerts::{self, AbsenceAlert, FollowUpInput, FollowUpMethod, Scope};
use cohort::sessions::member;
use cohort::sessions::missed;
use cohort::sessions::policy::{self, AttendancePolicy};
use cohort::values::Timestamp;
use cohort::{ErrorCode, VaultAccess};
use common::roster::today;
use common::sessions::*;
use common::*;

fn alerts_of(s: &mut VaultAccess, r: &Running) -> Vec<AbsenceAlert> {
    let g = r.group;
    s.read(Instant::now(), |c| alerts::alerts(c, Scope::Group(g)))
        .unwrap()
}

fn names(a: &[AbsenceAlert]) -> Vec<&str> {
    a.iter().map(|a| a.legal_name.as_str()).collect()
}

fn follow_up(
    s: &mut VaultAccess,
    place: PlaceId,
    a: &AbsenceAlert,
    on: &str,
) -> cohort::Result<alerts::FollowUp> {
    let input = FollowUpInput {
        session_id: a.last_missed,
        followed_up_on: on.into(),
        method: FollowUpMethod::Phone,
        outcome: "Reached by phone; back next week.".into(),
    };
    s.act(Instant::now(), |tx| {
        alerts::record_follow_up(tx, place, &input, today(), Timestamp::now())
    })
}

#[test]
fn two_absences_in_a_row_raise_an_alert_that_a_follow_up_clears() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &["Ana Ruiz", "Ben Cole", "Cara Diaz"]);
    hold_with(&mut s, &r, 1, &[("Ben Cole", "absent_unexcused", None)]);
    hold_with(&mut s, &r, 2, &[("Cara Diaz", "absent_excused", None)]);
    assert!(alerts_of(&mut s, &r).is_empty(), "one absence each: no alert");
    hold_with(&mut s, &r, 3, &[("Cara Diaz", "absent_unexcused", None)]);
    let a = alerts_of(&mut s, &r);
    assert_eq!(names(&a), ["Cara Diaz"]);
    assert_eq!(a[0].missed, [2, 3]);
    assert_eq!(
        a[0].reason,
        "Missed 2 sessions in a row (sessions 2 and 3; the last on ⟦date:2026-11-10⟧). The group's policy asks for a follow-up after 2."
    );

    // The follow-up: refused when it does not answer a missed session, or is dated wrongly.
    let cara = r.place("Cara Diaz");
    let mut wrong = a[0].clone();
    wrong.last_missed = r.session(1);
    let e = follow_up(&mut s, cara, &wrong, "2026-11-12").unwrap_err();
    assert!(
        e.to_string()
            .contains("they were not marked absent from that one"),
        "{e}"
    );
    let e = follow_up(&mut s, cara, &a[0], "2026-11-09").unwrap_err();
    assert!(
        e.to_string()
            .contains("a follow-up of it is on or after that day"),
        "{e}"
    );
    let e = follow_up(&mut s, cara, &a[0], "2026-11-25").unwrap_err();
    assert!(e.to_string().contains("cannot be in the future"), "{e}");
    let e = s
        .act(Instant::now(), |tx| {
            alerts::record_follow_up(
                tx,
                cara,
                &FollowUpInput {
                    session_id: a[0].last_missed,
                    followed_up_on: "2026-11-12".into(),
                    method: FollowUpMethod::Phone,
                    outcome: "   ".into(),
                },
                today(),
                Timestamp::now(),
            )
        })
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Validation);
    assert!(e.to_string().contains("Write what came of the follow-up"), "{e}");
    assert_eq!(
        names(&alerts_of(&mut s, &r)),
        ["Cara Diaz"],
        "still open after refusals"
    );

    let f = follow_up(&mut s, cara, &a[0], "2026-11-12").unwrap();
    assert_eq!(f.session_number, 3);
    assert!(alerts_of(&mut s, &r).is_empty(), "cleared");

    // Back, then a third absence: over 3 in total, so the alert returns.
    hold_with(&mut s, &r, 4, &[("Cara Diaz", "absent_unexcused", None)]);
    let a = alerts_of(&mut s, &r);
    assert_eq!(names(&a), ["Cara Diaz"]);
    assert!(
        a[0].reason.starts_with("Missed 3 sessions in a row"),
        "{}",
        a[0].reason
    );
}

#[test]
fn the_policy_decides_what_counts_and_a_change_shows_at_once() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &["Ana Ruiz", "Ben Cole"]);
    let now = Instant::now();
    let g = r.group;
    hold_with(&mut s, &r, 1, &[("Ben Cole", "absent_excused", None)]);
    hold_with(&mut s, &r, 2, &[("Ben Cole", "absent_excused", None)]);
    hold_with(&mut s, &r, 3, &[("Ana Ruiz", "absent_unexcused", None)]);
    assert_eq!(
        names(&alerts_of(&mut s, &r)),
        ["Ben Cole"],
        "coming back to session 3 does not clear it: a follow-up does"
    );

    // Absences with notice do not count: no alert for Ben.
    let custom = AttendancePolicy {
        in_a_row: Some(2),
        in_total: Some(3),
        excused_count: false,
    };
    s.act(now, |tx| policy::set(tx, g, &custom)).unwrap();
    assert!(alerts_of(&mut s, &r).is_empty());
    assert_eq!(
        custom.describe(),
        "An alert after 2 absences in a row or 3 in total; only absences without notice count."
    );

    // A custom rule: one absence in total.
    let strict = AttendancePolicy {
        in_a_row: None,
        in_total: Some(1),
        excused_count: true,
    };
    s.act(now, |tx| policy::set(tx, g, &strict)).unwrap();
    let a = alerts_of(&mut s, &r);
    assert_eq!(names(&a), ["Ana Ruiz", "Ben Cole"]);
    assert!(
        a[0].reason.starts_with("Missed 1 session in total (session 3;"),
        "{}",
        a[0].reason
    );

    // DBT: four missed in a row.
    s.act(now, |tx| policy::set(tx, g, &AttendancePolicy::DBT))
        .unwrap();
    assert!(alerts_of(&mut s, &r).is_empty());
    hold_with(&mut s, &r, 4, &[("Ben Cole", "absent_unexcused", None)]);
    assert!(
        alerts_of(&mut s, &r).is_empty(),
        "Ben missed 1, 2 and 4: not four in a row"
    );
    assert_eq!(s.read(now, |c| policy::get(c, g)).unwrap(), AttendancePolicy::DBT);

    // Out of range is refused with the number named.
    for bad in [Some(0), Some(53)] {
        let e = s
            .act(now, |tx| {
                policy::set(
                    tx,
                    g,
                    &AttendancePolicy {
                        in_a_row: bad,
                        in_total: None,
                        excused_count: true,
                    },
                )
            })
            .unwrap_err();
        assert!(e.to_string().contains("must be between 1 and 52"), "{e}");
    }
}

#[test]
fn what_a_member_missed_and_a_catch_up_sheet_naming_no_one_else() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &["Ana Ruiz", "Ben Cole", "Cara Diaz"]);
    hold_with(&mut s, &r, 1, &[]);
    hold_with(&mut s, &r, 2, &[("Ben Cole", "absent_excused", None)]);
    hold_with(
        &mut s,
        &r,
        3,
        &[
            ("Ben Cole", "absent_unexcused", None),
            ("Ana Ruiz", "late", Some(10)),
        ],
    );
    let now = Instant::now();
    let ben = r.place("Ben Cole");
    let member = s.read(now, |c| places::get(c, ben)).unwrap().member_id;
    let record = s.read(now, |c| member::of_member(c, member)).unwrap();
    let missed: Vec<(u32, &str)> = record
        .missed
        .iter()
        .map(|m| (m.number, m.topic.as_str()))
        .collect();
    assert_eq!(
        missed,
        [
            (3, "Thoughts 3: Talking back to harmful thoughts"),
            (2, "Thoughts 2: Harmful and helpful thoughts")
        ]
    );
    assert!(!record.missed[0].homework.is_empty() && !record.missed[0].key_points.is_empty());
    let c = &record.counts[0];
    assert_eq!((c.present, c.absent_excused, c.absent_unexcused), (1, 1, 1));
    assert_eq!(record.alerts.len(), 1);

    let sheet = s.act(now, |tx| missed::catch_up_sheet(tx, ben)).unwrap();
    assert_eq!(sheet.member_name, "Ben Cole");
    assert_eq!(
        sheet.sessions.iter().map(|m| m.number).collect::<Vec<_>>(),
        [2, 3]
    );
    let text = serde_json::to_string(&sheet).unwrap();
    for other in ["Ana", "Cara", "Ruiz", "Diaz"] {
        assert!(!text.contains(other), "the sheet names {other}");
    }
    let log = s.recent_activity(1, now).unwrap();
    assert_eq!(log[0].event, "catch_up_sheet_opened");
}

#[test]
fn today_lists_the_week_and_what_needs_attention() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &["Ana Ruiz", "Ben Cole"]);
    hold_with(&mut s, &r, 3, &[("Ben Cole", "absent_unexcused", None)]);
    hold_with(&mut s, &r, 4, &[("Ben Cole", "absent_unexcused", None)]);
    let now = Instant::now();
    let g = r.group;
    // New rules: neither has agreed to version 2.
    let mut rules = s.read(now, |c| ground_rules::load(c, g)).unwrap().current.rules;
    rules.push("We start on time.".into());
    s.act(now, |tx| ground_rules::save(tx, g, &rules, Timestamp::now()))
        .unwrap();
    s.act(now, |tx| {
        agreements::record(tx, r.place("Ana Ruiz"), "2026-11-20", today(), Timestamp::now())
    })
    .unwrap();

    let t = s
        .read(now, |c| cohort::practice::today::today(c, today()))
        .unwrap();
    let numbers: Vec<u32> = t.sessions.iter().map(|x| x.session.number).collect();
    assert_eq!(numbers, [5, 6], "today and the next seven days");
    assert!(t.sessions[0].started_at.is_none());
    assert_eq!(names(&t.absences), ["Ben Cole"]);
    assert_eq!(t.rules_to_agree.len(), 1);
    assert_eq!(
        (t.rules_to_agree[0].members, t.rules_to_agree[0].rules_version),
        (1, 2)
    );
    assert!(t.offers.is_empty());
}

#[test]
fn follow_ups_are_final_and_answer_a_missed_session_in_the_database_too() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &["Ana Ruiz", "Ben Cole"]);
    hold_with(&mut s, &r, 1, &[("Ben Cole", "absent_unexcused", None)]);
    hold_with(&mut s, &r, 2, &[("Ben Cole", "absent_unexcused", None)]);
    let a = alerts_of(&mut s, &r);
    follow_up(&mut s, r.place("Ben Cole"), &a[0], "2026-11-05").unwrap();
    let (first, ana) = (r.session(1).to_string(), r.place("Ana Ruiz").to_string());
    drop(s);
    let v = unlock(&tv.dir, PASS);
    let c = v.conn();
    for sql in [
        "UPDATE follow_ups SET outcome = 'changed'",
        "DELETE FROM follow_ups",
        "INSERT OR REPLACE INTO follow_ups SELECT * FROM follow_ups",
    ] {
        assert!(c.execute(sql, []).is_err(), "the database allowed: {sql}");
    }
    let attended =
        "INSERT INTO follow_ups (place_id, session_id, followed_up_on, method, outcome, recorded_at)
                    VALUES (?1, ?2, '2026-11-05', 'phone', 'x', '2026-11-24T18:00:00.000Z')";
    assert!(
        c.execute(attended, [&ana, &first]).is_err(),
        "Ana attended session 1: nothing to follow up"
    );
}

#[test]
fn the_demo_holds_four_sessions_an_open_alert_and_a_follow_up() {
    let tv = new_vault();
    let mut s = access(&tv);
    let now = Instant::now();
    let g = s.act(now, |tx| cohort::demo::build(tx, today())).unwrap();
    let t = s
        .read(now, |c| cohort::practice::today::today(c, today()))
        .unwrap();
    assert_eq!(names(&t.absences), ["Tomás Ferreira"]);
    assert_eq!(t.absences[0].missed, [3, 4]);
    assert_eq!(t.sessions[0].session.number, 5, "the fifth session is today");
    assert_eq!(t.sessions[0].session.date, today());
    assert_eq!(t.offers.len(), 1, "Grace is offered Dan's place");
    let program = s.read(now, |c| cohort::practice::groups::program(c, g)).unwrap();
    let held = program
        .sessions
        .iter()
        .filter(|x| x.status == cohort::planning::program::SessionStatus::Held)
        .count();
    assert_eq!(held, 4);
    let (late, follow_ups): (i64, i64) = s
        .read(now, |c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM attendance WHERE status = 'late'), (SELECT count(*) FROM follow_ups)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!((late, follow_ups), (2, 1));
}

#[test]
fn today_offers_a_freed_place_only_where_the_group_still_admits() {
    use cohort::planning::groups::{self, GroupInput};
    use cohort::roster::attention;
    use cohort::roster::places::{Leaving, LeavingKind};
    let tv = new_vault();
    let mut s = access(&tv);
    let now = Instant::now();
    let ten: Vec<String> = (1..=10).map(|i| format!("Member {i}")).collect();
    let names: Vec<&str> = ten.iter().map(String::as_str).collect();
    let r = running_group(&mut s, &names);
    // Grace waits; Member 3 drops out: the place is hers.
    let grace = s
        .act(now, |tx| {
            let p = consented(
                tx,
                r.group,
                "Grace Liu",
                ["2026-11-01", "2026-11-02", "2026-11-03"],
            )?;
            places::waitlist(tx, p, "2026-11-04", today(), Timestamp::now())?;
            cohort::practice::leaving::leave(
                tx,
                r.place("Member 3"),
                &Leaving {
                    kind: LeavingKind::DroppedOut,
                    on: "2026-11-20".into(),
                    reason: "Moved away".into(),
                    transferred_to: String::new(),
                },
                today(),
                Timestamp::now(),
            )?;
            Ok(p)
        })
        .unwrap();
    let offers = s.read(now, |c| attention::pending_offers(c, today())).unwrap();
    assert_eq!(offers.iter().map(|o| o.place_id).collect::<Vec<_>>(), [grace]);

    // Closed after session 2 (2026-11-03), long past: no one is offered a place.
    let g = r.group;
    let cur = s.read(now, |c| groups::get(c, g)).unwrap();
    let mut closed = GroupInput {
        name: cur.name,
        group_type: cur.group_type,
        type_label: cur.type_label,
        approach: cur.approach,
        description: cur.description,
        membership: cur.membership,
        closes_after_session: cur.closes_after_session,
        capacity: cur.capacity.get(),
        session_minutes: cur.session_minutes.get(),
        cadence: cur.cadence,
        planned_sessions: cur.planned_sessions.get(),
        first_date: cur.first_date.to_string(),
        start_time: cur.start_time.to_string(),
        location: cur.location,
        co_facilitators: cur.co_facilitators,
    };
    closed.membership = cohort::planning::groups::Membership::Closed;
    closed.closes_after_session = Some(2);
    s.act(now, |tx| {
        cohort::practice::groups::update(tx, g, &closed, Timestamp::now())
    })
    .unwrap();
    assert!(s
        .read(now, |c| attention::pending_offers(c, today()))
        .unwrap()
        .is_empty());

    // Skipped: the offer waits for the next place that frees.
    closed.membership = cohort::planning::groups::Membership::Open;
    closed.closes_after_session = None;
    s.act(now, |tx| {
        cohort::practice::groups::update(tx, g, &closed, Timestamp::now())
    })
    .unwrap();
    s.act(now, |tx| places::skip_offer(tx, grace, today(), Timestamp::now()))
        .unwrap();
    assert!(s
        .read(now, |c| attention::pending_offers(c, today()))
        .unwrap()
        .is_empty());
}
