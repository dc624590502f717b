//! The reports on the large practice: the register (its data, PDF and
//! CSV) of the largest running group, and the service log of a year.

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
    grp.finish();
}
