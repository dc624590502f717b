//! The reports on the large practice: the register (its data, PDF and
//! CSV) of the largest running group, the service log of a year, and a
//! member's summary figures.

use std::time::Instant;

use chrono::{Days, NaiveDate};
use cohort::ids::GroupId;
use cohort::VaultAccess;
use criterion::Criterion;

/// The attendance register of the largest running group: its data (the
/// screen) and its PDF (target ≤ 200 ms).
pub fn bench_reports(c: &mut Criterion, a: &mut VaultAccess, g: GroupId, today: NaiveDate) {
    use cohort::reports::{self, ReportFormat, ReportRequest};
    let r = a
        .read(Instant::now(), |c| reports::register::register(c, g))
        .unwrap();
    eprintln!(
        "register: {} members × {} sessions ({} held)",
        r.members.len(),
        r.sessions.len(),
        r.held
    );
    let request = ReportRequest::Register { group_id: g };
    let made = chrono::NaiveDate::from_ymd_opt(2026, 11, 24)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    let mut grp = c.benchmark_group("large practice: reports");
    grp.bench_function("attendance register (largest running group)", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| reports::register::register(c, g))
                .unwrap()
        })
    });
    grp.bench_function("attendance register as PDF", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| {
                reports::render(c, &request, ReportFormat::Pdf, made)
            })
            .unwrap()
        })
    });
    let year = (today - Days::new(365), today);
    let lines = a
        .read(Instant::now(), |c| {
            reports::services::service_log(c, year.0, year.1)
        })
        .unwrap()
        .lines
        .len();
    eprintln!("service log of a year: {lines} lines");
    grp.bench_function("service log of a year across the practice", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| {
                reports::services::service_log(c, year.0, year.1)
            })
            .unwrap()
        })
    });
    grp.bench_function("attendance register as CSV", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| {
                reports::render(c, &request, ReportFormat::Csv, made)
            })
            .unwrap()
        })
    });
    // A member's summary: the figures of the member of the group with the
    // most measure results (the screen; target ≤ 5 ms).
    let place: cohort::ids::PlaceId = a
        .read(Instant::now(), |c| {
            Ok(c.query_row(
                "SELECT p.id FROM places p JOIN measure_results r ON r.place_id = p.id
                 WHERE p.group_id = ?1 GROUP BY p.id ORDER BY count(*) DESC LIMIT 1",
                [g],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    let f = a
        .read(Instant::now(), |c| reports::summary::figures(c, place, today))
        .unwrap();
    eprintln!(
        "summary: {} goals, {} measures ({} results)",
        f.goals.len(),
        f.measures.len(),
        f.measures.iter().map(|m| m.totals.len()).sum::<usize>()
    );
    grp.bench_function("program summary (largest running group, named)", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| reports::program::program_summary(c, g, true))
                .unwrap()
        })
    });
    let program = ReportRequest::Program {
        group_id: g,
        named: true,
    };
    grp.bench_function("program summary as PDF", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| {
                reports::render(c, &program, ReportFormat::Pdf, made)
            })
            .unwrap()
        })
    });
    // A signed discharge summary (its figures read back as signed), as PDF with its charts.
    let signed: i64 = a
        .read(Instant::now(), |c| {
            Ok(c.query_row(
                "SELECT id FROM member_summaries WHERE signed_at IS NOT NULL ORDER BY length(figures) DESC LIMIT 1",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    let discharge = ReportRequest::Summary { summary_id: signed };
    grp.bench_function("discharge summary as PDF", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| {
                reports::render(c, &discharge, ReportFormat::Pdf, made)
            })
            .unwrap()
        })
    });
    grp.bench_function("member summary's figures", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| reports::summary::figures(c, place, today))
                .unwrap()
        })
    });
    grp.finish();
}
