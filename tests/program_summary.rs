//! The program summary, checked against the program worked by hand with
//! its goals and measures (tests/common/reports.rs, `progressed`): the
//! sessions, who left and why, the attendance, each measure's means and
//! reliable changes, the GAS T-scores; no member named unless asked; the
//! same figures in the PDF's text and the CSV read back.

mod common;

use std::time::Instant;

use cohort::reports::program::{self, gas_t_score};
use cohort::reports::{ReportFormat, ReportRequest};
use cohort::roster::places::Stage;
use common::reports::*;

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 0.005)
}

#[test]
fn the_t_score_follows_kiresuk_and_sherman() {
    assert_eq!(gas_t_score(&[]), None);
    assert!(close(gas_t_score(&[0, 0, 0]), 50.0));
    assert!(close(gas_t_score(&[1]), 60.0));
    // n = 2, Σx = −1: 50 − 10/√(0.7·2 + 0.3·4) = 50 − 10/√2.6.
    assert!(close(gas_t_score(&[0, -1]), 43.80));
    // Three goals all at +2: 50 + 60/√(2.1 + 2.7).
    assert!(close(gas_t_score(&[2, 2, 2]), 77.39));
}

#[test]
fn the_program_summary_counts_as_worked_by_hand_and_names_no_one_unless_asked() {
    let (mut w, _) = progressed();
    let p =
        w.s.read(Instant::now(), |c| program::program_summary(c, w.r.group, false))
            .unwrap();
    let s = &p.sessions;
    assert_eq!(
        (s.planned, s.held, s.cancelled, s.made_up, s.to_come),
        (12, 8, 1, 1, 4)
    );
    let m = &p.membership;
    assert_eq!(
        (
            m.enrolled,
            m.still_enrolled,
            m.completed,
            m.dropped_out,
            m.transferred
        ),
        (5, 4, 0, 1, 0)
    );
    let [left] = m.left.as_slice() else {
        panic!("{:?}", m.left)
    };
    assert_eq!(
        (left.stage, left.reason.as_str(), left.name.clone()),
        (Stage::DroppedOut, "Moved away", None)
    );
    // 29 attended of 34 marks taken (35 expected, Ben's session 8 unmarked); 29 over 8 held sessions.
    let a = &p.attendance;
    assert_eq!((a.attended, a.expected), (29, 35));
    assert!(close(a.rate, 29.0 / 34.0));
    assert!(close(a.mean_per_session, 3.625));
    let [phq] = p.measures.as_slice() else {
        panic!("{:?}", p.measures)
    };
    assert_eq!(phq.short_name, "PHQ-9");
    assert_eq!((phq.members, phq.single), (2, 1));
    assert!(close(phq.first_mean, 14.0) && close(phq.latest_mean, 10.5));
    assert_eq!((phq.improved, phq.no_change, phq.worsened), (1, 1, 0));
    let g = &p.goals;
    assert_eq!((g.goals, g.achieved, g.discontinued, g.active), (4, 1, 0, 3));
    assert_eq!((g.gas_members, g.gas_at_expected), (2, 1));
    assert!(close(g.gas_mean_t, (60.0 + 50.0 - 10.0 / 2.6f64.sqrt()) / 2.0));
    assert_eq!(g.rating_goals, 1);
    assert!(close(g.rating_first_mean, 3.0) && close(g.rating_latest_mean, 5.0));
    let makeup = p.curriculum.iter().find(|c| c.makeup_for == Some(4)).unwrap();
    assert_eq!((makeup.attended, makeup.expected), (2, 4));
    assert!(p.members.is_empty());

    // Saved: unnamed, no member's name anywhere; named, each one.
    let dir = tempfile::tempdir().unwrap();
    let unnamed = ReportRequest::Program {
        group_id: w.r.group,
        named: false,
    };
    let pdf = dir.path().join("program.pdf");
    save(&mut w.s, &unnamed, ReportFormat::Pdf, &pdf);
    let t = pdf_text(&pdf);
    for wanted in [
        "Program summary",
        "No member is named",
        "Planned: 12 · Held: 8 · Cancelled: 1 · Made up: 1 · Still to come: 4",
        "Enrolled: 5 · Completed: 0 · Dropped out: 1",
        "Moved away",
        "Group attendance rate 85% (29 attendances of 35 expected)",
        "3.6 members attended each held session",
        "2 members with rated GAS goals: mean T-score 51.9; 1 at the expected level (50) or better.",
        "T = 50 + 10·Σx / √((1 − ρ)·n + ρ·n²)",
        "Kiresuk & Sherman, 1968",
        "held (make-up for 4)",
    ] {
        assert!(t.contains(wanted), "{wanted:?} is not in the PDF:\n{t}");
    }
    for name in [JOSE, ALEKSEI, MARY, ANA, BEN, "Ana", "José"] {
        assert!(!t.contains(name), "{name} is named in the unnamed summary:\n{t}");
    }
    let csv = dir.path().join("program.csv");
    save(&mut w.s, &unnamed, ReportFormat::Csv, &csv);
    let rows = python_csv(&csv);
    let value = |section: &str, item: &str, detail: &str| {
        rows.iter()
            .find(|r| r[0] == section && r[1] == item && r[3] == detail)
            .unwrap_or_else(|| panic!("{section} {item} {detail} in {rows:?}"))[2]
            .clone()
    };
    assert_eq!(value("Sessions", "Held", ""), "8");
    assert_eq!(value("Measure", "PHQ-9", "Mean, first"), "14.0");
    assert_eq!(value("Measure", "PHQ-9", "Improved reliably"), "1");
    assert_eq!(value("Goals", "Mean GAS T-score", ""), "51.9");
    let all: String = rows.concat().concat();
    assert!(!all.contains(ANA) && !all.contains(JOSE), "{rows:?}");

    let named = ReportRequest::Program {
        group_id: w.r.group,
        named: true,
    };
    let pdf = dir.path().join("named.pdf");
    save(&mut w.s, &named, ReportFormat::Pdf, &pdf);
    let t = pdf_text(&pdf);
    for wanted in [
        JOSE,
        ALEKSEI,
        MARY,
        ANA,
        BEN,
        "43.8",
        "60.0",
        "PHQ-9 18 → 9, reliable improvement",
    ] {
        assert!(t.contains(wanted), "{wanted:?} is not in the named PDF:\n{t}");
    }
}
