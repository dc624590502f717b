//! Planning a program against a real vault: groups, the dated schedule,
//! the curriculum and the ground rules.

mod common;

use std::time::Instant;

use chrono::NaiveDate;
use cohort::planning::blackouts::{self, BlackoutDate, BlackoutDateInput};
use cohort::planning::calendar::Cadence;
use cohort::planning::curriculum::AgendaItem;
use cohort::planning::groups::{self, GroupInput, GroupStatus, GroupType, Membership};
use cohort::planning::new_group;
use cohort::planning::program::SessionStatus;
use cohort::planning::{ground_rules, group_status, ics, reschedule, session_plans, templates, upcoming};
use cohort::values::Timestamp;
use cohort::{ErrorCode, VaultAccess};
use common::*;

fn session_with(tv: &TestVault) -> VaultAccess {
    access(tv)
}

#[test]
fn the_done_when_journey_survives_lock_and_unlock() {
    let tv = new_vault();
    let mut s = session_with(&tv);
    let now = Instant::now();
    let first = next_monday(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
    let holiday = first + chrono::Days::new(14);
    let mut new = cbt_group(first);
    new.blackout_dates = vec![BlackoutDateInput {
        date: holiday.to_string(),
        label: "Public holiday".into(),
    }];

    let preview = s.read(now, |c| new_group::preview(c, &new)).unwrap();
    assert_eq!(preview.sessions.len(), 12);
    assert_eq!(
        preview.skipped,
        vec![BlackoutDate {
            date: holiday,
            label: "Public holiday".into()
        }]
    );
    assert_eq!(preview.sessions[2].date, holiday + chrono::Days::new(7));
    assert_eq!(preview.sessions[0].topic, "Thoughts 1: How thoughts affect mood");

    let (id, outcome) = s
        .act(now, |tx| new_group::create_group(tx, &new, Timestamp::now()))
        .unwrap();
    assert!(outcome.notes.is_empty());
    let p = s.read(now, |c| cohort::practice::groups::program(c, id)).unwrap();
    assert_eq!(p.sessions.len(), 12);
    assert_eq!(p.group.end_date, Some(preview.end_date));
    assert!(p.sessions.iter().all(|x| x.start_time.to_string() == "18:00"));

    // Reschedule week 5 by two days, the later weeks shifting with it.
    let w5 = p.sessions[4].clone();
    let w6_before = p.sessions[5].date;
    let new_date = w5.date + chrono::Days::new(2);
    s.act(now, |tx| {
        reschedule::reschedule(tx, w5.id, &new_date.to_string(), "18:30", true)
    })
    .unwrap();

    // Edit week 3's agenda.
    let w3 = p.sessions[2].clone();
    let mut detail = s.read(now, |c| session_plans::session_detail(c, w3.id)).unwrap();
    detail.plan.agenda[3].minutes = 30;
    detail.plan.agenda.push(AgendaItem {
        title: "Relaxation exercise".into(),
        minutes: 5,
        notes: "".into(),
    });
    s.act(now, |tx| session_plans::save_plan(tx, w3.id, &detail.plan, false))
        .unwrap();

    let ics = s.read(now, |c| ics::export_ics(c, id)).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 12);
    assert!(
        ics.contains(&format!("DTSTART:{}T180000", first.format("%Y%m%d"))),
        "floating local time"
    );
    assert!(ics.contains(&format!("DTSTART:{}T183000", new_date.format("%Y%m%d"))));

    s.lock("test").unwrap();
    s.unlock(&pass(PASS), now).unwrap();

    let p = s.read(now, |c| cohort::practice::groups::program(c, id)).unwrap();
    assert_eq!(p.sessions[4].date, new_date);
    assert_eq!(p.sessions[4].start_time.to_string(), "18:30");
    assert_eq!(p.sessions[4].original_date, Some(w5.date));
    assert_eq!(
        p.sessions[5].date,
        w6_before + chrono::Days::new(2),
        "later weeks shifted"
    );
    assert_eq!(
        p.sessions[5].start_time.to_string(),
        "18:00",
        "the later sessions keep their time"
    );
    assert_eq!(p.sessions[2].agenda_total.total_minutes, 90 - 35 + 30 + 5);
    let detail = s.read(now, |c| session_plans::session_detail(c, w3.id)).unwrap();
    assert_eq!(detail.plan.agenda.last().unwrap().title, "Relaxation exercise");
    let list = s.read(now, |c| cohort::practice::groups::list(c, first)).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].next_session_date, Some(first));
    assert_eq!(list[0].status, GroupStatus::Planning);
}

#[test]
fn every_refused_group_field_is_named_with_its_range_and_nothing_is_saved() {
    let tv = new_vault();
    let mut s = session_with(&tv);
    let now = Instant::now();
    let base = cbt_group(NaiveDate::from_ymd_opt(2027, 1, 4).unwrap());
    type Case = (&'static str, Box<dyn Fn(&mut GroupInput)>, &'static str);
    let cases: Vec<Case> = vec![
        ("name", Box::new(|g| g.name = "  ".into()), "name is required"),
        (
            "capacity",
            Box::new(|g| g.capacity = 13),
            "between 6 and 12 members (you entered 13)",
        ),
        ("capacity", Box::new(|g| g.capacity = 5), "between 6 and 12"),
        (
            "session_minutes",
            Box::new(|g| g.session_minutes = 20),
            "between 30 and 180 minutes",
        ),
        (
            "session_minutes",
            Box::new(|g| g.session_minutes = 181),
            "between 30 and 180 minutes",
        ),
        (
            "planned_sessions",
            Box::new(|g| g.planned_sessions = 0),
            "between 1 and 52",
        ),
        (
            "planned_sessions",
            Box::new(|g| g.planned_sessions = 53),
            "between 1 and 52",
        ),
        (
            "closes_after_session",
            Box::new(|g| g.closes_after_session = Some(13)),
            "between 1 and 12",
        ),
        (
            "type_label",
            Box::new(|g| {
                g.group_type = GroupType::Other;
                g.type_label = "".into()
            }),
            "label",
        ),
        (
            "first_date",
            Box::new(|g| g.first_date = "next monday".into()),
            "not a real date",
        ),
        (
            "first_date",
            Box::new(|g| g.first_date = "2027-02-30".into()),
            "not a real date",
        ),
        (
            "start_time",
            Box::new(|g| g.start_time = "25:00".into()),
            "start time of day",
        ),
    ];
    for (field, edit, words) in cases {
        let mut new = base.clone();
        edit(&mut new.group);
        let e = s
            .act(now, |tx| new_group::create_group(tx, &new, Timestamp::now()))
            .err()
            .unwrap();
        assert_eq!(e.code(), ErrorCode::Validation, "{field}");
        assert_eq!(e.field(), Some(field), "{e}");
        assert!(e.to_string().contains(words), "{field}: {e}");
    }
    assert!(
        s.read(now, |c| cohort::practice::groups::list(c, NaiveDate::MIN))
            .unwrap()
            .is_empty(),
        "nothing half-saved"
    );
    let mut open = base.clone();
    open.group.membership = Membership::Open;
    open.group.closes_after_session = Some(99);
    let (id, _) = s
        .act(now, |tx| new_group::create_group(tx, &open, Timestamp::now()))
        .unwrap();
    assert_eq!(
        s.read(now, |c| groups::get(c, id)).unwrap().closes_after_session,
        None
    );
}

#[test]
fn reschedule_refuses_to_reorder_sessions_and_cancel_adds_a_makeup_at_the_end() {
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
    let p = s.read(now, |c| cohort::practice::groups::program(c, id)).unwrap();
    let w5 = &p.sessions[4];
    let e = s
        .act(now, |tx| {
            reschedule::reschedule(tx, w5.id, &p.sessions[5].date.to_string(), "18:00", false)
        })
        .err()
        .unwrap();
    assert_eq!(e.field(), Some("date"));
    assert!(
        e.to_string().contains("would no longer come before session 6"),
        "{e}"
    );
    let e = s
        .act(now, |tx| {
            reschedule::reschedule(tx, w5.id, "2027-13-01", "18:00", false)
        })
        .err()
        .unwrap();
    assert_eq!(e.field(), Some("date"));
    assert_eq!(
        s.read(now, |c| cohort::practice::groups::program(c, id))
            .unwrap()
            .sessions[4]
            .date,
        w5.date,
        "unchanged"
    );

    let end_before = p.group.end_date.unwrap();
    let out = s
        .act(now, |tx| reschedule::cancel_session(tx, p.sessions[3].id, true))
        .unwrap();
    assert!(out.notes[0].contains("make-up session (session 13)"));
    let p2 = s.read(now, |c| cohort::practice::groups::program(c, id)).unwrap();
    assert_eq!(p2.sessions[3].status, SessionStatus::Cancelled);
    let makeup = p2.sessions.last().unwrap();
    assert_eq!(makeup.makeup_for, Some(4));
    assert_eq!(makeup.topic, p.sessions[3].topic);
    assert_eq!(makeup.date, end_before + chrono::Days::new(7));
    assert_eq!(p2.group.end_date, Some(makeup.date));
    assert!(
        out.notes[0].contains(&format!("⟦date:{}⟧", makeup.date)),
        "dates in sentences are marked for the UI to render: {:?}",
        out.notes
    );
    let e = s
        .act(now, |tx| reschedule::cancel_session(tx, p.sessions[3].id, false))
        .err()
        .unwrap();
    assert!(e.to_string().contains("Session 4 is already cancelled"), "{e}");
}

#[test]
fn plans_move_insert_and_remove_while_dates_stay_in_order() {
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
    let p = s.read(now, |c| cohort::practice::groups::program(c, id)).unwrap();
    let dates: Vec<NaiveDate> = p.sessions.iter().map(|x| x.date).collect();
    s.act(now, |tx| session_plans::move_plan(tx, p.sessions[0].id, 1))
        .unwrap();
    let q = s.read(now, |c| cohort::practice::groups::program(c, id)).unwrap();
    assert_eq!(q.sessions[0].topic, p.sessions[1].topic);
    assert_eq!(q.sessions[1].topic, p.sessions[0].topic);
    assert_eq!(
        q.sessions.iter().map(|x| x.date).collect::<Vec<_>>(),
        dates,
        "dates stay put"
    );
    assert!(s
        .act(now, |tx| session_plans::move_plan(tx, q.sessions[0].id, -1))
        .is_err());

    s.act(now, |tx| session_plans::insert_plan_before(tx, q.sessions[2].id))
        .unwrap();
    let r = s.read(now, |c| cohort::practice::groups::program(c, id)).unwrap();
    assert_eq!(r.sessions.len(), 13);
    assert_eq!(r.sessions[2].topic, "");
    assert_eq!(r.sessions[3].topic, q.sessions[2].topic);
    assert_eq!(r.group.planned_sessions.get(), 13);
    for w in r.sessions.windows(2) {
        assert!(w[0].date < w[1].date);
    }
    s.act(now, |tx| session_plans::remove_plan(tx, r.sessions[2].id))
        .unwrap();
    let t = s.read(now, |c| cohort::practice::groups::program(c, id)).unwrap();
    assert_eq!(t.sessions.len(), 12);
    assert_eq!(
        t.sessions.iter().map(|x| x.topic.clone()).collect::<Vec<_>>(),
        q.sessions.iter().map(|x| x.topic.clone()).collect::<Vec<_>>()
    );
}

#[test]
fn templates_apply_to_other_lengths_save_and_copy_from_a_previous_group() {
    let tv = new_vault();
    let mut s = session_with(&tv);
    let now = Instant::now();
    let mut eight = cbt_group(NaiveDate::from_ymd_opt(2027, 1, 4).unwrap());
    eight.group.planned_sessions = 8;
    eight.group.cadence = Cadence::Biweekly;
    let (id, out) = s
        .act(now, |tx| new_group::create_group(tx, &eight, Timestamp::now()))
        .unwrap();
    assert!(
        out.notes[0].contains("sessions 9–12 were left out"),
        "{:?}",
        out.notes
    );
    let p = s.read(now, |c| cohort::practice::groups::program(c, id)).unwrap();
    assert_eq!(p.sessions[1].date, day("2027-01-18"), "every two weeks");

    let out = s
        .act(now, |tx| {
            session_plans::apply_template(tx, id, "builtin:process-12")
        })
        .unwrap();
    assert!(out.notes[0].contains("left out"));
    let t = s
        .act(now, |tx| {
            session_plans::save_as_template(tx, id, "My process group", "", Timestamp::now())
        })
        .unwrap();
    assert_eq!(t.session_count, 8);
    let all = s.read(now, templates::list).unwrap();
    assert_eq!(all.len(), 4);

    let mut copy = cbt_group(NaiveDate::from_ymd_opt(2027, 6, 7).unwrap());
    copy.template_id = None;
    copy.copy_from_group = Some(id);
    copy.group.planned_sessions = 10;
    let (id2, out) = s
        .act(now, |tx| new_group::create_group(tx, &copy, Timestamp::now()))
        .unwrap();
    assert!(
        out.notes[0].contains("sessions 9–10 have no plan yet"),
        "{:?}",
        out.notes
    );
    let p2 = s
        .read(now, |c| cohort::practice::groups::program(c, id2))
        .unwrap();
    assert_eq!(p2.sessions[0].topic, "Beginning: introductions and the agreement");
    let e = s
        .act(now, |tx| {
            session_plans::save_as_template(tx, id, " ", "", Timestamp::now())
        })
        .err()
        .unwrap();
    assert_eq!(e.field(), Some("name"));
}

#[test]
fn ground_rules_start_from_the_default_and_every_edit_is_a_dated_version() {
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
    let r = s.read(now, |c| ground_rules::load(c, id)).unwrap();
    assert_eq!(r.current.version, 1);
    assert_eq!(r.current.rules.len(), 6);
    assert!(r.current.rules[0].starts_with("Confidentiality"));
    let mut rules = r.current.rules.clone();
    rules.push("We start and end on time.".into());
    assert_eq!(
        s.act(now, |tx| ground_rules::save(tx, id, &rules, Timestamp::now()))
            .unwrap(),
        2
    );
    assert_eq!(
        s.act(now, |tx| ground_rules::save(tx, id, &rules, Timestamp::now()))
            .unwrap(),
        2,
        "saving the same rules is no new version"
    );
    let e = s
        .act(now, |tx| {
            ground_rules::save(tx, id, &["  ".to_string()], Timestamp::now())
        })
        .err()
        .unwrap();
    assert_eq!(e.field(), Some("rules"));
    let r = s.read(now, |c| ground_rules::load(c, id)).unwrap();
    assert_eq!(r.current.version, 2);
    assert_eq!(r.current.rules.len(), 7);
    assert_eq!(r.history.len(), 1);
    assert_eq!(
        r.history[0].rules.len(),
        6,
        "the earlier version is kept as it was"
    );
    let v = s.vault(now).unwrap();
    assert!(
        v.conn()
            .execute("UPDATE ground_rules SET text = 'x'", [])
            .is_err(),
        "versions are final"
    );
}

#[test]
fn blackout_dates_practice_wide_and_per_group_are_skipped() {
    let tv = new_vault();
    let mut s = session_with(&tv);
    let now = Instant::now();
    s.act(now, |tx| {
        blackouts::set(
            tx,
            None,
            &[BlackoutDateInput {
                date: "2027-01-11".into(),
                label: "Practice closed".into(),
            }],
        )
    })
    .unwrap();
    let e = s
        .act(now, |tx| {
            blackouts::set(
                tx,
                None,
                &[BlackoutDateInput {
                    date: "11/01/2027".into(),
                    label: "".into(),
                }],
            )
        })
        .err()
        .unwrap();
    assert_eq!(e.field(), Some("blackout_dates"));
    let mut new = cbt_group(NaiveDate::from_ymd_opt(2027, 1, 4).unwrap());
    new.blackout_dates = vec![BlackoutDateInput {
        date: "2027-01-18".into(),
        label: "Leave".into(),
    }];
    let preview = s.read(now, |c| new_group::preview(c, &new)).unwrap();
    assert_eq!(preview.sessions[1].date, day("2027-01-25"));
    assert_eq!(preview.skipped.len(), 2);
    assert_eq!(preview.skipped[0].label, "Practice closed");
}

#[test]
fn today_lists_the_coming_sessions_of_groups_in_progress() {
    let tv = new_vault();
    let mut s = session_with(&tv);
    let now = Instant::now();
    let start = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
    let (id, _) = s
        .act(now, |tx| {
            new_group::create_group(tx, &cbt_group(start), Timestamp::now())
        })
        .unwrap();
    let mut other = cbt_group(NaiveDate::from_ymd_opt(2027, 1, 5).unwrap());
    other.group.name = "Tuesday DBT".into();
    other.group.start_time = "10:00".into();
    let (id2, _) = s
        .act(now, |tx| new_group::create_group(tx, &other, Timestamp::now()))
        .unwrap();
    let up = s.read(now, |c| upcoming::upcoming(c, start, 14)).unwrap();
    assert_eq!(up.len(), 4);
    assert_eq!(
        (up[0].group_name.as_str(), up[0].number),
        ("Monday CBT for depression", 1)
    );
    assert_eq!(
        (up[1].group_name.as_str(), up[1].start_time.to_string().as_str()),
        ("Tuesday DBT", "10:00")
    );
    assert_eq!(up[0].topic, "Thoughts 1: How thoughts affect mood");
    s.act(now, |tx| {
        group_status::set_archived(tx, id2, true, Timestamp::now())
    })
    .unwrap();
    let first = s
        .read(now, |c| cohort::practice::groups::program(c, id))
        .unwrap()
        .sessions[0]
        .id;
    s.act(now, |tx| reschedule::cancel_session(tx, first, false))
        .unwrap();
    let up = s.read(now, |c| upcoming::upcoming(c, start, 14)).unwrap();
    assert_eq!(up.len(), 1, "archived groups and cancelled sessions are left out");
}
