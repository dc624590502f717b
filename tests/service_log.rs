//! The service log (one line per member per session attended, across
//! groups, for billing) on the program worked by hand, and `cohort report`
//! from the command line.

mod common;

use std::time::Instant;

use cohort::reports::{ReportFormat, ReportRequest};
use cohort::VaultAccess;
use common::reports::*;
use common::*;

#[test]
fn the_service_log_bills_each_session_attended_with_the_minutes_attended() {
    use cohort::reports::services;
    use cohort::sessions::billing::{self, ServiceCode};
    let mut w = worked();
    let now = Instant::now();
    let log = |s: &mut VaultAccess, from: &str, to: &str| {
        s.read(Instant::now(), |c| {
            let (f, t) = services::range(from, to)?;
            services::service_log(c, f, t)
        })
    };
    let all = log(&mut w.s, "2026-10-01", "2027-02-01").unwrap();
    assert_eq!(all.lines.len(), 29, "one line per attended mark");
    assert_eq!((all.members, all.sessions), (5, 8));
    // 90 minutes each, less José's 10 late, Алексей's 5 late and Mary-Kate's 15 early.
    assert_eq!(all.minutes, 29 * 90 - 10 - 5 - 15);
    let jose_first = all.lines.iter().find(|l| l.legal_name == JOSE).unwrap();
    assert_eq!(
        (
            jose_first.minutes,
            jose_first.start.to_string(),
            jose_first.end.to_string()
        ),
        (80, "18:00".into(), "19:30".into())
    );
    assert!(
        all.lines.iter().all(|l| l.service_code == "90853"),
        "CPT 90853 unless set"
    );
    assert!(all.lines.windows(2).all(|p| p[0].date <= p[1].date), "by date");

    // The group's own code and modifiers; a narrower range.
    let e =
        w.s.act(now, |tx| {
            billing::set(
                tx,
                w.r.group,
                &ServiceCode {
                    code: "90853".into(),
                    modifiers: "95 HOX".into(),
                },
            )
        })
        .unwrap_err();
    assert_eq!(e.field(), Some("modifiers"));
    assert_eq!(
        w.s.read(now, |c| billing::get(c, w.r.group)).unwrap(),
        ServiceCode::standard(),
        "a refused code leaves the group's code as it was"
    );
    w.s.act(now, |tx| {
        billing::set(
            tx,
            w.r.group,
            &ServiceCode {
                code: " 90853 ".into(),
                modifiers: "95, ho".into(),
            },
        )
    })
    .unwrap();
    let two = log(&mut w.s, "2026-11-10", "2026-11-24").unwrap();
    assert_eq!(two.lines.len(), 5 + 4, "sessions 3 and 5");
    assert!(
        two.lines.iter().all(|l| l.service_code == "90853-95-HO"),
        "{:?}",
        two.lines[0].service_code
    );
    assert_eq!(
        log(&mut w.s, "2026-11-25", "2026-11-24").unwrap_err().field(),
        Some("to")
    );
    assert_eq!(
        log(&mut w.s, "2026-02-30", "2026-11-24").unwrap_err().field(),
        Some("from")
    );

    // As files: the PDF's text and the CSV read by Python hold the same lines.
    let dir = tempfile::tempdir().unwrap();
    let request = ReportRequest::Services {
        from: "2026-10-01".into(),
        to: "2027-02-01".into(),
    };
    let (pdf, csv) = (dir.path().join("s.pdf"), dir.path().join("s.csv"));
    save(&mut w.s, &request, ReportFormat::Pdf, &pdf);
    save(&mut w.s, &request, ReportFormat::Csv, &csv);
    let text = pdf_text(&pdf);
    for words in [
        "Service log",
        JOSE,
        ALEKSEI,
        "90853-95-HO",
        "2580",
        "29 services",
        "18:00–19:30",
    ] {
        assert!(text.contains(words), "{words:?} in\n{text}");
    }
    let rows = python_csv(&csv);
    assert_eq!(rows.len(), 1 + 29);
    assert_eq!(rows[0][3], "Minutes attended");
    let minutes: u32 = rows[1..].iter().map(|r| r[3].parse::<u32>().unwrap()).sum();
    assert_eq!(minutes, 2580);
}

#[test]
fn the_command_line_saves_a_register_and_names_what_it_refuses() {
    use common::cli::{cohort, text};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let demo = cohort(&dir, &["demo", "--today", "2026-11-24"], &format!("{PASS}\n"));
    assert!(demo.status.success(), "{}", text(&demo));
    let pdf = tmp.path().join("register.pdf");
    let p = pdf.to_str().unwrap();
    let args = |group: &str, format: &str| -> Vec<String> {
        [
            "report", "register", "--group", group, "--format", format, "--out", p,
        ]
        .map(String::from)
        .to_vec()
    };
    let run = |a: Vec<String>| {
        cohort(
            &dir,
            &a.iter().map(String::as_str).collect::<Vec<_>>(),
            &format!("{PASS}\n"),
        )
    };

    // Any case of the name the app shows.
    let o = run(args("tuesday EVENING cbt for depression", "pdf"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("not encrypted"), "warned on standard error");
    assert!(pdf_text(&pdf).contains("Aisha Rahman"));

    // The file is never overwritten; an unknown group is named.
    let o = run(args("Tuesday evening CBT for depression", "csv"));
    assert_eq!(o.status.code(), Some(6), "{}", text(&o));
    assert!(text(&o).contains("is already there"), "{}", text(&o));
    std::fs::remove_file(&pdf).unwrap();
    let o = run(args("Wednesday DBT skills", "csv"));
    assert_eq!(o.status.code(), Some(6), "{}", text(&o));
    assert!(
        text(&o).contains("No group is named \"Wednesday DBT skills\""),
        "{}",
        text(&o)
    );
    assert!(!pdf.exists(), "nothing written");
}
