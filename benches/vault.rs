//! Criterion benchmarks: unlocking (Argon2id included) and the data the
//! Settings screen reads, on a vault with a long audit trail.
//! Run: `make bench` (results in docs/performance.md).

use std::time::Instant;

use cohort::settings::ClinicianProfile;
use cohort::{audit, Origin, Passphrase, Session, Vault};
use criterion::{criterion_group, criterion_main, Criterion};

const PASS: &str = "maple kettle orbit lantern";

fn bench_unlock(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    Vault::create(&dir, &Passphrase::from(PASS))
        .unwrap()
        .vault
        .lock("bench")
        .unwrap();
    let mut g = c.benchmark_group("vault");
    g.sample_size(10);
    g.bench_function("unlock (Argon2id 64 MiB, t=3) and lock", |b| {
        b.iter(|| {
            let v = Vault::unlock(&dir, &Passphrase::from(PASS), Origin::Cli, 0).unwrap();
            v.lock("bench").unwrap();
        })
    });
    g.finish();
}

fn bench_screens(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    Vault::create(&dir, &Passphrase::from(PASS))
        .unwrap()
        .vault
        .lock("bench")
        .unwrap();
    let mut session = Session::new(&dir);
    session.unlock(&Passphrase::from(PASS), Instant::now()).unwrap();
    // A long-used vault: 20,000 audit entries.
    session
        .vault(Instant::now())
        .unwrap()
        .transact(|tx| {
            for _ in 0..20_000 {
                audit::append(tx, audit::AuditEvent::SettingsChanged, "bench")?;
            }
            Ok(())
        })
        .unwrap();
    let mut g = c.benchmark_group("screens");
    g.bench_function("settings screen: settings + profile", |b| {
        b.iter(|| session.settings(Instant::now()).unwrap())
    });
    g.bench_function("settings screen: newest 50 of 20k audit entries", |b| {
        b.iter(|| session.recent_activity(50, Instant::now()).unwrap())
    });
    g.bench_function("save profile (one transaction, audited)", |b| {
        let p = ClinicianProfile {
            full_name: "Dana Reyes".into(),
            credentials: "LCSW".into(),
            ..Default::default()
        };
        b.iter(|| session.save_profile(&p, Instant::now()).unwrap())
    });
    g.finish();
}

/// A large practice: 300 groups of 12 sessions, each from the CBT template
/// (3,600 sessions, 25,200 agenda items).
fn bench_planning(c: &mut Criterion) {
    use cohort::schedule::{self, NewGroup};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    Vault::create(&dir, &Passphrase::from(PASS))
        .unwrap()
        .vault
        .lock("bench")
        .unwrap();
    let mut session = Session::new(&dir);
    let now = Instant::now();
    session.unlock(&Passphrase::from(PASS), now).unwrap();
    let first = chrono::NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
    let ids = session
        .act(now, |tx| {
            let mut ids = Vec::new();
            for i in 0..300u64 {
                let new = NewGroup {
                    group: cohort::groups::GroupInput {
                        name: format!("Group {i}"),
                        first_date: (first + chrono::Days::new(i % 200)).to_string(),
                        ..Default::default()
                    },
                    blackout_dates: vec![],
                    template_id: Some("builtin:cbt-depression-12".into()),
                    copy_from_group: None,
                };
                ids.push(schedule::create_group(tx, &new)?.0);
            }
            Ok(ids)
        })
        .unwrap();
    let target = ids[150];
    let sessions = session
        .read(now, |c| schedule::program(c, target))
        .unwrap()
        .sessions;
    let third = sessions[2].id;
    let mut plan = session
        .read(now, |c| schedule::session_detail(c, third))
        .unwrap()
        .plan;
    let mut g = c.benchmark_group("planning (300 groups, 3,600 sessions)");
    g.bench_function("groups screen: list with next sessions", |b| {
        b.iter(|| {
            session
                .read(Instant::now(), |c| cohort::groups::list(c, first))
                .unwrap()
        })
    });
    g.bench_function("program overview: one group", |b| {
        b.iter(|| {
            session
                .read(Instant::now(), |c| schedule::program(c, target))
                .unwrap()
        })
    });
    g.bench_function("session plan editor: load", |b| {
        b.iter(|| {
            session
                .read(Instant::now(), |c| schedule::session_detail(c, third))
                .unwrap()
        })
    });
    g.bench_function("save a session plan (one transaction)", |b| {
        let mut flip = false;
        b.iter(|| {
            flip = !flip;
            plan.homework = if flip {
                "Thought record daily."
            } else {
                "Thought record each day."
            }
            .into();
            session
                .act(Instant::now(), |tx| schedule::save_plan(tx, third, &plan, true))
                .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench_unlock, bench_screens, bench_planning);
criterion_main!(benches);
