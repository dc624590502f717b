//! Today under load: the large practice with more groups running on the
//! day than its ten years spread out give (the issue measured Today at
//! 5.5 ms with more groups running). Run last: it adds the groups to the
//! practice the other benchmarks measured.

use std::time::Instant;

use chrono::NaiveDate;
use cohort::sessions::alerts::{self, Scope};
use cohort::VaultAccess;
use criterion::Criterion;

/// Groups running on the busy day, besides the practice's own.
pub const EXTRA_RUNNING: u32 = 30;

pub fn bench_busy_day(c: &mut Criterion, a: &mut VaultAccess, today: NaiveDate) {
    let running = |a: &mut VaultAccess| -> (i64, i64) {
        a.read(Instant::now(), |c| {
            Ok(c.query_row(
                "SELECT count(DISTINCT g.id), count(*) FROM groups g JOIN places p ON p.group_id = g.id
                 JOIN attendance a ON a.place_id = p.id
                 WHERE g.status = 'active' AND g.archived = 0 AND p.stage = 'enrolled'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap()
    };
    let before = running(a);
    a.act(Instant::now(), |tx| {
        cohort::demo::large::add_running(tx, 1, today, EXTRA_RUNNING)
    })
    .unwrap();
    let after = running(a);
    eprintln!(
        "busy day: groups running with marks {} → {}, their enrolled members' marks {} → {}",
        before.0, after.0, before.1, after.1
    );
    let mut grp = c.benchmark_group("large practice, busy day");
    grp.bench_function("today: sessions, absences, agreements, offers", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| cohort::practice::today::today(c, today))
                .unwrap()
        })
    });
    grp.bench_function("absence alerts of the whole practice", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| alerts::alerts(c, Scope::Practice))
                .unwrap()
        })
    });
    grp.finish();
}
