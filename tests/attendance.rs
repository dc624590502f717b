//! Attendance: the expected members of a session, the sheet saved whole or
//! not at all, every refused input with its own message, corrections after
//! the session audited — and the database refusing what the core refuses.

mod common;

use std::time::Instant;

use cohort::planning::reschedule;
use cohort::roster::places::{self, Leaving, LeavingKind};
use cohort::sessions::attendance::{self, AttendanceStatus, MarkInput};
use cohort::sessions::run;
use cohort::values::Timestamp;
use cohort::{ErrorCode, VaultAccess};
use common::roster::today;
use common::sessions::*;
use common::*;

const NINE: [&str; 9] = [
    "Ana Ruiz",
    "Ben Cole",
    "Cara Diaz",
    "Dev Shah",
    "Eva Lind",
    "Femi Ade",
    "Gus Park",
    "Hana Mori",
    "Ivo Petrov",
];

fn mark(place: cohort::ids::PlaceId, status: &str, minutes: Option<i64>) -> MarkInput {
    MarkInput {
        place_id: place,
        status: status.into(),
        minutes,
    }
}

fn save(
    s: &mut VaultAccess,
    session: cohort::ids::SessionId,
    marks: &[MarkInput],
) -> cohort::Result<attendance::SheetSaved> {
    s.act(Instant::now(), |tx| {
        attendance::save_sheet(tx, session, marks, at("18:05:00"))
    })
}

fn marks_of(s: &mut VaultAccess, session: cohort::ids::SessionId) -> Vec<Option<AttendanceStatus>> {
    s.read(Instant::now(), |c| attendance::expected(c, session))
        .unwrap()
        .into_iter()
        .map(|e| e.mark.map(|m| m.status))
        .collect()
}

#[test]
fn a_sheet_of_nine_is_saved_whole_and_each_refused_mark_says_what_is_wrong() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &NINE);
    let fifth = r.session(5);
    let now = Instant::now();

    // Not before the session has started.
    let (code, msg) = {
        let e = save(&mut s, fifth, &[mark(r.place("Ana Ruiz"), "present", None)]).unwrap_err();
        (e.code(), e.to_string())
    };
    assert_eq!(code, ErrorCode::Conflict);
    assert!(
        msg.contains("has not started. Start it, or record it as held, to take attendance."),
        "{msg}"
    );
    s.act(now, |tx| run::start(tx, fifth, at("18:00:00"), today(), None))
        .unwrap();

    let all: Vec<MarkInput> = r.places.iter().map(|(_, p)| mark(*p, "present", None)).collect();
    let bad = |s: &mut VaultAccess, i: usize, m: MarkInput| {
        let mut sheet = all.clone();
        sheet[i] = m;
        let e = save(s, fifth, &sheet).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Validation);
        e.to_string()
    };
    let ben = r.place("Ben Cole");
    assert!(bad(&mut s, 1, mark(ben, "maybe", None))
        .contains("“maybe” is not an attendance mark. Mark Ben Cole present, late, left early"));
    assert!(bad(&mut s, 1, mark(ben, "late", Some(91))).contains(
        "Ben Cole was marked late by 91 minutes; it must be 1 to 90 minutes (the session's length)."
    ));
    assert!(bad(&mut s, 1, mark(ben, "left_early", Some(0))).contains("1 to 90 minutes"));
    assert!(bad(&mut s, 1, mark(ben, "late", None)).contains("Say how many minutes Ben Cole was late."));
    assert!(bad(&mut s, 1, mark(ben, "present", Some(5)))
        .contains("Minutes are given only for late or left early"));
    assert!(bad(&mut s, 1, mark(r.place("Ana Ruiz"), "present", None))
        .contains("Ana Ruiz is on the sheet twice."));
    // Someone from another group's roster.
    let other = running_group(&mut s, &["Zed Ortiz"]);
    assert!(bad(&mut s, 1, mark(other.place("Zed Ortiz"), "present", None))
        .contains("That person is not on the roster of “Monday CBT for depression”"));
    assert_eq!(
        marks_of(&mut s, fifth),
        vec![None; 9],
        "a refused sheet saves nothing"
    );

    // Nine marks in one go.
    let mut sheet = all.clone();
    sheet[2] = mark(r.place("Cara Diaz"), "late", Some(10));
    sheet[3] = mark(r.place("Dev Shah"), "left_early", Some(15));
    sheet[4] = mark(r.place("Eva Lind"), "absent_excused", None);
    sheet[5] = mark(r.place("Femi Ade"), "absent_unexcused", None);
    let saved = save(&mut s, fifth, &sheet).unwrap();
    assert_eq!((saved.marked, saved.corrected), (9, 0));
    let expected = s.read(now, |c| attendance::expected(c, fifth)).unwrap();
    let cara = expected.iter().find(|e| e.legal_name == "Cara Diaz").unwrap();
    assert_eq!(
        cara.mark.as_ref().map(|m| (m.status, m.minutes)),
        Some((AttendanceStatus::Late, Some(10)))
    );

    // Changed during the session: not a correction.
    let mut again = sheet.clone();
    again[5] = mark(r.place("Femi Ade"), "late", Some(20));
    assert_eq!(save(&mut s, fifth, &again).unwrap().corrected, 0);
}

#[test]
fn a_member_who_joined_after_a_session_is_not_expected_at_it_and_cannot_be_marked() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &["Ana Ruiz", "Ben Cole"]);
    let now = Instant::now();
    let third = r.session(3);
    // Joins on 2026-11-12, after session 3 (2026-11-10).
    let late = s
        .act(now, |tx| {
            let p = consented(
                tx,
                r.group,
                "Lou Grant",
                ["2026-11-01", "2026-11-02", "2026-11-03"],
            )?;
            places::enrol(tx, p, "2026-11-12", today(), Timestamp::now())?;
            Ok(p)
        })
        .unwrap();
    s.act(now, |tx| {
        run::record_held(tx, third, today(), None, Timestamp::now())
    })
    .unwrap();
    let names: Vec<String> = s
        .read(now, |c| attendance::expected(c, third))
        .unwrap()
        .into_iter()
        .map(|e| e.legal_name)
        .collect();
    assert_eq!(names, ["Ana Ruiz", "Ben Cole"]);
    let e = save(&mut s, third, &[mark(late, "present", None)]).unwrap_err();
    assert!(
        e.to_string()
            .contains("Lou Grant was not enrolled in the group on the day of Session 3"),
        "{e}"
    );
    let fourth = r.session(4);
    s.act(now, |tx| {
        run::record_held(tx, fourth, today(), None, Timestamp::now())
    })
    .unwrap();
    assert_eq!(s.read(now, |c| attendance::expected(c, fourth)).unwrap().len(), 3);
}

#[test]
fn a_cancelled_session_marks_no_one_absent() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &["Ana Ruiz"]);
    let now = Instant::now();
    let third = r.session(3);
    s.act(now, |tx| reschedule::cancel_session(tx, third, false))
        .unwrap();
    let e = save(
        &mut s,
        third,
        &[mark(r.place("Ana Ruiz"), "absent_unexcused", None)],
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict);
    assert!(
        e.to_string()
            .contains("was cancelled, so no one is marked absent from it"),
        "{e}"
    );
    drop(s);
    let v = unlock(&tv.dir, PASS);
    let sql = "INSERT INTO attendance (session_id, place_id, status, recorded_at) VALUES (?1, ?2, 'absent_unexcused', '2026-11-24T18:00:00.000Z')";
    assert!(v
        .conn()
        .execute(sql, [third.to_string(), r.place("Ana Ruiz").to_string()])
        .is_err());
}

#[test]
fn correcting_after_the_session_is_allowed_flagged_and_audited() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &["Ana Ruiz", "Ben Cole"]);
    hold_with(&mut s, &r, 4, &[("Ben Cole", "absent_unexcused", None)]);
    let fourth = r.session(4);
    let ben = r.place("Ben Cole");
    let now = Instant::now();
    let saved = save(
        &mut s,
        fourth,
        &[
            mark(ben, "absent_excused", None),
            mark(r.place("Ana Ruiz"), "present", None),
        ],
    )
    .unwrap();
    assert_eq!(
        (saved.marked, saved.corrected),
        (1, 1),
        "only what changed is written"
    );
    let e = s.read(now, |c| attendance::expected(c, fourth)).unwrap();
    let b = e
        .iter()
        .find(|x| x.place_id == ben)
        .unwrap()
        .mark
        .clone()
        .unwrap();
    assert!(b.corrected && b.status == AttendanceStatus::AbsentExcused);
    let log = s.recent_activity(3, now).unwrap();
    let correction = log
        .iter()
        .find(|a| a.event == "attendance_corrected")
        .expect("audited");
    assert!(
        correction
            .detail
            .contains(&format!("{fourth} {ben}: absent_unexcused → absent_excused")),
        "{}",
        correction.detail
    );
    assert!(!correction.detail.contains("Ben"), "ids, never names");
}

#[test]
fn a_member_cannot_be_recorded_as_leaving_before_a_session_they_were_marked_at() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &["Ana Ruiz"]);
    hold_with(&mut s, &r, 4, &[]);
    let e = s
        .act(Instant::now(), |tx| {
            cohort::practice::leaving::leave(
                tx,
                r.place("Ana Ruiz"),
                &Leaving {
                    kind: LeavingKind::DroppedOut,
                    on: "2026-11-10".into(),
                    reason: "Moved away".into(),
                    transferred_to: String::new(),
                },
                today(),
                Timestamp::now(),
            )
        })
        .unwrap_err();
    assert!(
        e.to_string().contains(
            "Ana Ruiz has attendance at session 4 (⟦date:2026-11-17⟧), so they left on that day or later."
        ),
        "{e}"
    );
}

#[test]
fn the_database_refuses_marks_the_core_refuses() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &["Ana Ruiz", "Ben Cole"]);
    hold_with(&mut s, &r, 4, &[]);
    let other = running_group(&mut s, &["Zed Ortiz"]);
    drop(s);
    let v = unlock(&tv.dir, PASS);
    let c = v.conn();
    let (fourth, sixth) = (r.session(4).to_string(), r.session(6).to_string());
    let (ana, zed) = (
        r.place("Ana Ruiz").to_string(),
        other.place("Zed Ortiz").to_string(),
    );
    let insert = "INSERT INTO attendance (session_id, place_id, status, minutes, recorded_at) VALUES (?1, ?2, ?3, ?4, '2026-11-24T18:00:00.000Z')";
    let refused: &[(&str, [&dyn rusqlite::ToSql; 4])] = &[
        (
            "a status that does not exist",
            [&fourth, &zed, &"maybe", &rusqlite::types::Null],
        ),
        (
            "a member not on the roster",
            [&fourth, &zed, &"present", &rusqlite::types::Null],
        ),
        (
            "a session not started",
            [&sixth, &ana, &"present", &rusqlite::types::Null],
        ),
        (
            "the same member twice",
            [&fourth, &ana, &"present", &rusqlite::types::Null],
        ),
    ];
    for (what, args) in refused {
        assert!(c.execute(insert, *args).is_err(), "the database allowed {what}");
    }
    for sql in [
        "UPDATE attendance SET status = 'late', minutes = 91",
        "UPDATE attendance SET status = 'late', minutes = NULL",
        "UPDATE attendance SET status = 'present', minutes = 5",
        "UPDATE attendance SET place_id = (SELECT id FROM places WHERE id <> place_id LIMIT 1)",
        "DELETE FROM attendance",
        "INSERT OR REPLACE INTO attendance (session_id, place_id, status, recorded_at) SELECT session_id, place_id, 'absent_unexcused', recorded_at FROM attendance",
    ] {
        assert!(c.execute(sql, []).is_err(), "the database allowed: {sql}");
    }
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM attendance WHERE status = 'present'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 2, "both marks are as saved");
}
