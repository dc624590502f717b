//! Progress and discharge summaries, checked against the program worked by
//! hand (tests/common/reports.rs) with Ana's goal and PHQ-9 added: her place
//! from referral to dropping out, her attendance, her goal's first and
//! latest rating, her PHQ-9's first and latest total and whether the change
//! is reliable; the name check before signing; a signed summary final in
//! the database and keeping its figures; the PDF's text and the CSV read back.

mod common;

use std::time::Instant;

use cohort::goals::GoalStatus;
use cohort::measures::scoring::Change;
use cohort::reports::summaries::{self, SummaryKind, SummaryText};
use cohort::reports::summary;
use cohort::reports::{ReportFormat, ReportRequest};
use cohort::roster::places::Stage;
use cohort::values::Timestamp;
use cohort::{Error, VaultAccess};
use common::reports::*;
use common::*;

fn act<T>(
    s: &mut VaultAccess,
    f: impl FnOnce(&rusqlite::Transaction<'_>) -> cohort::Result<T>,
) -> cohort::Result<T> {
    s.act(Instant::now(), f)
}

fn text(summary: &str, aftercare: &str) -> SummaryText {
    SummaryText {
        recipient: "Dr Amal Haddad, referring psychiatrist".into(),
        summary: summary.into(),
        recommendations: "Continue behavioural activation individually.".into(),
        aftercare: aftercare.into(),
    }
}

#[test]
fn a_discharge_summary_reports_the_place_as_worked_by_hand() {
    let (mut w, ana) = progressed();
    let f =
        w.s.read(Instant::now(), |c| summary::figures(c, ana, later()))
            .unwrap();
    assert_eq!(f.member.legal_name, ANA);
    assert_eq!(f.place.stage, Stage::DroppedOut);
    assert_eq!(f.place.left_on, Some(day("2026-12-02")));
    assert_eq!(f.place.left_reason, "Moved away");
    // Sessions 1, 2, 3 present, 5 absent without notice, 6 present; 4 was cancelled; then she had left.
    let a = &f.attendance;
    assert_eq!((a.expected, a.attended), (5, 4));
    assert_eq!(
        (a.counts.present, a.counts.absent_unexcused, a.counts.not_recorded),
        (4, 1, 0)
    );
    assert_eq!(a.rate, Some(0.8));
    assert_eq!(a.still_to_come, 0);
    let [g] = f.goals.as_slice() else {
        panic!("{:?}", f.goals)
    };
    assert_eq!(g.status, GoalStatus::Achieved);
    let first = g.first.as_ref().unwrap();
    let latest = g.latest.as_ref().unwrap();
    assert_eq!((first.session_number, first.value), (1, -1));
    assert_eq!(
        (latest.session_number, latest.value, latest.date),
        (6, 1, day("2026-12-01"))
    );
    assert_eq!(g.ratings, 3);
    let [m] = f.measures.as_slice() else {
        panic!("{:?}", f.measures)
    };
    assert_eq!(m.short_name, "PHQ-9");
    assert_eq!((m.first().unwrap().total, m.latest().unwrap().total), (18.0, 9.0));
    assert_eq!(m.first().unwrap().band.as_deref(), Some("Moderately severe"));
    assert_eq!(m.latest().unwrap().band.as_deref(), Some("Mild"));
    assert_eq!((m.change, m.threshold), (Change::ReliableImprovement, Some(6.0)));
    assert_eq!(m.change_words, "reliable improvement (threshold 6 points)");

    // A discharge summary: written, checked for other members' names, signed, saved.
    let id = act(&mut w.s, |tx| {
        summaries::begin(tx, ana, SummaryKind::Discharge, Timestamp::now())
    })
    .unwrap();
    let again = act(&mut w.s, |tx| {
        summaries::begin(tx, ana, SummaryKind::Discharge, Timestamp::now())
    })
    .unwrap();
    assert_eq!(id, again, "the draft opens again rather than a second one");
    let no = act(&mut w.s, |tx| summaries::sign(tx, id, later(), Timestamp::now())).unwrap_err();
    assert!(
        matches!(&no, Error::Validation { field, .. } if field == "summary"),
        "{no}"
    );
    let words = text(
        "Ana attended four of five sessions and walked most days. She and José often paired up.",
        "",
    );
    act(&mut w.s, |tx| {
        summaries::save_draft(tx, id, &words, Timestamp::now())
    })
    .unwrap();
    let no = act(&mut w.s, |tx| summaries::sign(tx, id, later(), Timestamp::now())).unwrap_err();
    assert!(
        matches!(&no, Error::Validation { field, .. } if field == "aftercare"),
        "{no}"
    );
    let words = SummaryText {
        aftercare: "Referred to the practice's individual service; crisis line given.".into(),
        ..words
    };
    act(&mut w.s, |tx| {
        summaries::save_draft(tx, id, &words, Timestamp::now())
    })
    .unwrap();
    let no = act(&mut w.s, |tx| summaries::sign(tx, id, later(), Timestamp::now())).unwrap_err();
    match &no {
        Error::NeedsConfirmation(m) => assert!(m.contains("\"José\" (Summary)"), "{m}"),
        other => panic!("signed while naming José: {other}"),
    }
    let draft =
        w.s.read(Instant::now(), |c| summaries::get(c, id, later()))
            .unwrap();
    let [mention] = draft.mentions.as_slice() else {
        panic!("{:?}", draft.mentions)
    };
    assert_eq!(
        (mention.written.as_str(), mention.members.clone()),
        ("José", vec![JOSE.to_string()])
    );
    act(&mut w.s, |tx| summaries::confirm_mention(tx, id, &mention.key)).unwrap();
    act(&mut w.s, |tx| summaries::sign(tx, id, later(), Timestamp::now())).unwrap();

    // Final: the core and the database refuse every change.
    let no = act(&mut w.s, |tx| {
        summaries::save_draft(tx, id, &text("changed", "x"), Timestamp::now())
    })
    .unwrap_err();
    assert!(matches!(no, Error::Conflict(_)), "{no}");
    assert!(act(&mut w.s, |tx| summaries::discard(tx, id)).is_err());
    w.s.read(Instant::now(), |c| {
        refused(
            c,
            &format!("UPDATE member_summaries SET summary = 'x' WHERE id = {id}"),
            "final",
        );
        refused(
            c,
            &format!("DELETE FROM member_summaries WHERE id = {id}"),
            "never deleted",
        );
        refused(
            c,
            &format!(
                "INSERT OR REPLACE INTO member_summaries (id, place_id, kind, created_at, updated_at)
                 SELECT id, place_id, kind, created_at, updated_at FROM member_summaries WHERE id = {id}"
            ),
            "never replaced",
        );
        Ok(())
    })
    .unwrap();

    // The figures are kept as signed: a name corrected later leaves the signed summary as it was.
    let member =
        w.s.read(Instant::now(), |c| cohort::roster::places::get(c, ana))
            .unwrap()
            .member_id;
    w.s.act(Instant::now(), |tx| {
        tx.execute(
            "UPDATE members SET legal_name = 'Ana Ruiz-Vega' WHERE id = ?1",
            [member],
        )?;
        Ok(())
    })
    .unwrap();
    let signed =
        w.s.read(Instant::now(), |c| summaries::get(c, id, later()))
            .unwrap();
    assert_eq!(signed.figures.member.legal_name, ANA);
    assert_eq!(signed.figures.as_of, later());
    assert!(signed.signature.is_some() && signed.mentions.is_empty());

    // The PDF's text and the CSV carry the same figures.
    let dir = tempfile::tempdir().unwrap();
    let request = ReportRequest::Summary { summary_id: id };
    let pdf = dir.path().join("discharge.pdf");
    save(&mut w.s, &request, ReportFormat::Pdf, &pdf);
    let t = pdf_text(&pdf);
    for wanted in [
        "Discharge summary",
        ANA,
        "Dr Amal Haddad, referring psychiatrist",
        "dropped out: Moved away",
        "Attended 4 of 5 sessions they were expected at (80%)",
        "Walk for 20 minutes",
        "-1 (session 1, 27 Oct 2026)",
        "+1 (session 6, 1 Dec 2026)",
        "achieved",
        "18 moderately severe (27 Oct 2026)",
        "9 mild (1 Dec 2026)",
        "reliable improvement (threshold 6 points)",
        "PHQ-9 (lower is better)",
        "Referred to the practice's individual service",
        "Signed electronically by Dana Reyes, LCSW",
    ] {
        assert!(t.contains(wanted), "{wanted:?} is not in the PDF:\n{t}");
    }
    assert!(!t.contains("DRAFT"));
    let csv = dir.path().join("discharge.csv");
    save(&mut w.s, &request, ReportFormat::Csv, &csv);
    let rows = python_csv(&csv);
    let find = |section: &str, item: &str| {
        rows.iter()
            .find(|r| r[0] == section && r[1] == item)
            .unwrap_or_else(|| panic!("{section} {item} in {rows:?}"))
            .clone()
    };
    assert_eq!(find("Attendance", "Expected")[2], "5");
    assert_eq!(find("Attendance", "Attended")[2], "4");
    assert_eq!(find("Attendance", "Rate")[2], "80%");
    assert_eq!(find("Place", "Left")[2], "2026-12-02");
    let phq = find("Measure", "PHQ-9");
    assert_eq!(
        &phq[3..],
        [
            "18 moderately severe (27 Oct 2026)",
            "9 mild (1 Dec 2026)",
            &m.change_words
        ]
    );
}

#[test]
fn a_discharge_summary_waits_for_the_place_to_end_and_a_progress_summary_names_in_any_script() {
    let (mut w, _) = progressed();
    let (aleksei, jose) = (w.r.place(ALEKSEI), w.r.place(JOSE));
    let id = act(&mut w.s, |tx| {
        summaries::begin(tx, jose, SummaryKind::Discharge, Timestamp::now())
    })
    .unwrap();
    act(&mut w.s, |tx| {
        summaries::save_draft(
            tx,
            id,
            &text("Steady progress.", "Follow-up booked."),
            Timestamp::now(),
        )
    })
    .unwrap();
    let no = act(&mut w.s, |tx| summaries::sign(tx, id, later(), Timestamp::now())).unwrap_err();
    let message = no.to_string();
    assert!(
        message.contains("José Núñez is still enrolled") && message.contains("once their place has ended"),
        "{message}"
    );
    act(&mut w.s, |tx| summaries::discard(tx, id)).unwrap();
    assert!(w
        .s
        .read(Instant::now(), |c| summaries::of_place(c, jose))
        .unwrap()
        .is_empty());

    // A progress summary about Алексей for a recipient whose name would start a formula.
    let id = act(&mut w.s, |tx| {
        summaries::begin(tx, aleksei, SummaryKind::Progress, Timestamp::now())
    })
    .unwrap();
    let words = SummaryText {
        recipient: "=HYPERLINK(\"x\")".into(),
        ..text("Алексей takes part in every exercise.", "")
    };
    act(&mut w.s, |tx| {
        summaries::save_draft(tx, id, &words, Timestamp::now())
    })
    .unwrap();
    act(&mut w.s, |tx| summaries::sign(tx, id, later(), Timestamp::now())).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let request = ReportRequest::Summary { summary_id: id };
    let pdf = dir.path().join("progress.pdf");
    save(&mut w.s, &request, ReportFormat::Pdf, &pdf);
    let t = pdf_text(&pdf);
    assert!(t.contains("Progress summary") && t.contains(ALEKSEI), "{t}");
    assert!(t.contains("Attended 7 of 8 sessions"), "{t}");
    let csv = dir.path().join("progress.csv");
    save(&mut w.s, &request, ReportFormat::Csv, &csv);
    let rows = python_csv(&csv);
    let recipient = rows.iter().find(|r| r[1] == "For").unwrap();
    assert_eq!(recipient[2], "'=HYPERLINK(\"x\")");
    assert_eq!(rows.iter().find(|r| r[1] == "Name").unwrap()[2], ALEKSEI);
}
