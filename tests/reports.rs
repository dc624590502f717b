//! Reports, checked against a program worked by hand (tests/common/reports.rs):
//! lates, early leaves, absences with and without notice, a member who
//! joined at session 3, one who dropped out after session 6, a cancelled
//! session and its make-up, a mark never taken. The same figures are read
//! back from the PDF (pdftotext) and the CSV (Python's csv module).

mod common;

use std::process::Command;
use std::time::Instant;

use cohort::reports::register::{self, Cell};
use cohort::reports::{self, ReportFormat, ReportRequest};
use cohort::sessions::attendance::AttendanceStatus;
use cohort::values::Timestamp;
use cohort::VaultAccess;
use common::reports::*;
use common::sessions::*;
use common::*;

#[test]
fn the_register_counts_as_worked_by_hand() {
    let mut w = worked();
    let reg =
        w.s.read(Instant::now(), |c| register::register(c, w.r.group))
            .unwrap();

    // Twelve sessions and the make-up; 4 cancelled; 8 held.
    assert_eq!(reg.sessions.len(), 13);
    assert_eq!((reg.held, reg.cancelled), (8, 1));
    assert_eq!(reg.sessions[12].makeup_for, Some(4));
    assert_eq!(reg.sessions[12].id, w.makeup);

    let names: Vec<&str> = reg.members.iter().map(|m| m.legal_name.as_str()).collect();
    assert_eq!(names, [ANA, BEN, JOSE, MARY, ALEKSEI], "in name order");
    let row = |name: &str| reg.members.iter().find(|m| m.legal_name == name).unwrap();
    let figures = |name: &str| {
        let m = row(name);
        (
            m.counts.attended(),
            m.counts.marked(),
            m.counts.not_recorded,
            (m.rate.unwrap() * 1000.0).round() / 10.0,
        )
    };
    assert_eq!(figures(JOSE), (7, 8, 0, 87.5));
    assert_eq!(figures(ALEKSEI), (7, 8, 0, 87.5));
    assert_eq!(figures(MARY), (6, 8, 0, 75.0));
    assert_eq!(figures(ANA), (4, 5, 0, 80.0));
    assert_eq!(figures(BEN), (5, 5, 1, 100.0));
    assert_eq!(row(JOSE).counts.late, 1);
    assert_eq!(row(MARY).counts.left_early, 1);
    assert_eq!(
        (row(MARY).counts.absent_unexcused, row(JOSE).counts.absent_excused),
        (2, 1)
    );

    // The cells that are not marks.
    let ben = row(BEN);
    assert_eq!(ben.place_id, w.ben);
    assert_eq!(ben.cells[0].cell, Cell::NotYetJoined);
    assert_eq!(ben.cells[1].cell, Cell::NotYetJoined);
    assert_eq!(ben.cells[3].cell, Cell::Cancelled);
    assert_eq!(ben.cells[7].cell, Cell::NotRecorded, "session 8");
    assert_eq!(ben.cells[8].cell, Cell::Scheduled, "session 9 not held yet");
    let ana = row(ANA);
    assert_eq!(ana.cells[6].cell, Cell::HadLeft);
    assert_eq!(ana.cells[12].cell, Cell::HadLeft);
    match &row(JOSE).cells[0].cell {
        Cell::Marked { mark } => assert_eq!((mark.status, mark.minutes), (AttendanceStatus::Late, Some(10))),
        other => panic!("{other:?}"),
    }

    // Per session: attended of expected.
    let per: Vec<(u32, u32)> = reg
        .sessions
        .iter()
        .filter(|s| s.expected > 0)
        .map(|s| (s.attended, s.expected))
        .collect();
    assert_eq!(
        per,
        [(4, 4), (3, 4), (5, 5), (4, 5), (5, 5), (3, 4), (3, 4), (2, 4)]
    );
    // The group: 29 attended of 34 marks taken.
    assert_eq!((reg.group_rate.unwrap() * 1000.0).round() / 10.0, 85.3);
    drop(w.tv);
}

#[test]
fn the_register_pdf_and_csv_hold_the_same_figures_and_every_name_exactly() {
    let mut w = worked();
    let dir = tempfile::tempdir().unwrap();
    let request = ReportRequest::Register { group_id: w.r.group };
    let pdf = dir.path().join("register.pdf");
    let csv = dir.path().join("register.csv");
    save(&mut w.s, &request, ReportFormat::Pdf, &pdf);
    save(&mut w.s, &request, ReportFormat::Csv, &csv);

    use std::os::unix::fs::PermissionsExt;
    for f in [&pdf, &csv] {
        assert_eq!(std::fs::metadata(f).unwrap().permissions().mode() & 0o777, 0o600);
    }

    // The PDF: thirteen sessions run onto a second page, heading repeated.
    let text = pdf_text(&pdf);
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert_eq!(pages.len(), 2, "{text}");
    for name in [JOSE, ALEKSEI, MARY, ANA, BEN] {
        assert!(
            pages[0].contains(name) && pages[1].contains(name),
            "{name} on both pages:\n{text}"
        );
    }
    assert!(pages[1].contains("(continued)"), "{}", pages[1]);
    assert!(pages[1].contains("Member"), "the table's heading again");
    for words in [
        "late 10",
        "left 15",
        "excused",
        "absent",
        "cancelled",
        "joined 9 Nov 2026",
        "dropped out 2 Dec 2026",
        "make-up",
        "for 4",
        "8 held, 1 cancelled, 4 to come",
        "Group attendance rate: 85%",
    ] {
        assert!(text.contains(words), "{words:?} in\n{text}");
    }
    let line_of = |name: &str| {
        pages[1]
            .lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap()
            .to_string()
    };
    for (name, figures) in [
        (JOSE, ["7 of 8", "88%"]),
        (MARY, ["6 of 8", "75%"]),
        (ANA, ["4 of 5", "80%"]),
        (BEN, ["5 of 5", "100%"]),
    ] {
        let line = line_of(name);
        for f in figures {
            assert!(line.contains(f), "{name}: {f:?} in {line:?}");
        }
    }
    assert!(
        line_of("Attended").contains("29 of 34"),
        "{}",
        line_of("Attended")
    );
    assert!(text.contains("Facilitator's signature"));

    // The CSV, read by Python.
    let rows = python_csv(&csv);
    assert_eq!(rows[0][0], "Member");
    assert_eq!(rows[0].len(), 4 + 13 + 7);
    assert!(rows[0][4 + 3].contains("cancelled"), "{:?}", rows[0]);
    assert!(rows[0][4 + 12].contains("make-up for 4"), "{:?}", rows[0]);
    let row = |name: &str| rows.iter().find(|r| r[0] == name).unwrap().clone();
    let jose = row(JOSE);
    assert_eq!(jose[4], "late 10 min");
    assert_eq!(jose[4 + 12], "absent with notice");
    assert_eq!(&jose[17..], ["7", "1", "0", "1", "0", "0", "87.5"]);
    assert_eq!(row(MARY)[4 + 2], "left 15 min early");
    assert_eq!(row(ANA)[1], "dropped out");
    assert_eq!(row(ANA)[3], "2026-12-02");
    assert_eq!(row(ANA)[4 + 6], "not expected (had left)");
    assert_eq!(row(BEN)[4], "not expected (had not joined)");
    assert_eq!(row(BEN)[4 + 7], "not recorded");
    assert_eq!(row(ALEKSEI)[4 + 5], "late 5 min");
    let all = row("All members");
    assert_eq!(all[4], "4 of 4 attended");
    assert_eq!(all[17], "29");
    assert_eq!(all[23], "85.3");

    // Audited: which report, about which group; never a name.
    let entries = w.s.recent_activity(5, Instant::now()).unwrap();
    let saved: Vec<_> = entries.iter().filter(|e| e.event == "report_saved").collect();
    assert_eq!(saved.len(), 2);
    assert!(saved[0]
        .detail
        .starts_with(&format!("attendance register of group {} as CSV", w.r.group)));
    assert!(!saved.iter().any(|e| e.detail.contains("José")));
}

#[test]
fn a_name_a_spreadsheet_would_run_is_written_as_text() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &["=HYPERLINK(\"x\")", "+1 Plus", "Plain Name"]);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("r.csv");
    save(
        &mut s,
        &ReportRequest::Register { group_id: r.group },
        ReportFormat::Csv,
        &csv,
    );
    let bytes = std::fs::read(&csv).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a byte-order mark for spreadsheet programs"
    );
    let names: Vec<String> = python_csv(&csv)
        .into_iter()
        .skip(1)
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(
        names,
        ["'+1 Plus", "'=HYPERLINK(\"x\")", "Plain Name", "All members"]
    );
}

#[test]
fn a_report_is_refused_until_the_clinician_is_told_it_is_not_encrypted() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &["Ana Ruiz"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    let e = s
        .act(Instant::now(), |tx| {
            reports::save(
                tx,
                &ReportRequest::Register { group_id: r.group },
                ReportFormat::Pdf,
                &path,
                false,
                Timestamp::now(),
            )
        })
        .unwrap_err();
    assert_eq!(e.code(), cohort::ErrorCode::Confirm);
    assert!(e.to_string().contains("not encrypted"), "{e}");
    assert!(!path.exists(), "nothing written");
}

#[test]
fn the_paper_is_a_setting_and_a4_pages_are_a4() {
    let mut w = worked();
    let dir = tempfile::tempdir().unwrap();
    let request = ReportRequest::Register { group_id: w.r.group };
    let size = |s: &mut VaultAccess, name: &str| {
        let path = dir.path().join(name);
        save(s, &request, ReportFormat::Pdf, &path);
        let out = Command::new("pdfinfo").arg(&path).output().unwrap();
        let info = String::from_utf8(out.stdout).unwrap();
        info.lines()
            .find(|l| l.starts_with("Page size:"))
            .unwrap()
            .to_string()
    };
    assert!(
        size(&mut w.s, "letter.pdf").contains("792 x 612"),
        "US Letter, landscape, by default"
    );
    w.s.act(Instant::now(), |tx| {
        cohort::settings::set_report_paper(tx, cohort::settings::Paper::A4)
    })
    .unwrap();
    assert!(
        size(&mut w.s, "a4.pdf").contains("841.89 x 595.28"),
        "A4, landscape"
    );
}
