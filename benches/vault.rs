//! Criterion benchmarks of the vault: unlocking (Argon2id included) and the
//! data the Settings screen reads, on a vault with a long audit trail.
//! Run: `make bench` (results in docs/performance.md).

use std::time::Instant;

use cohort::settings::ClinicianProfile;
use cohort::vault::audit;
use cohort::{Origin, Passphrase, Vault, VaultAccess};
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
    let kdf = cohort::vault::unlocked::read_header(&dir).unwrap().passphrase.kdf;
    eprintln!(
        "passphrase sealed under Argon2id {} MiB, {} passes (the tuned policy on this computer)",
        kdf.memory_kib / 1024,
        kdf.iterations
    );
    let mut g = c.benchmark_group("vault");
    g.sample_size(10);
    g.bench_function("unlock (Argon2id, tuned) and lock", |b| {
        b.iter(|| {
            let v = Vault::unlock(&dir, &Passphrase::from(PASS), Origin::Cli, 0).unwrap();
            v.lock("bench").unwrap();
        })
    });
    g.finish();
}

fn bench_settings(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    Vault::create(&dir, &Passphrase::from(PASS))
        .unwrap()
        .vault
        .lock("bench")
        .unwrap();
    let mut access = VaultAccess::new(&dir);
    access.unlock(&Passphrase::from(PASS), Instant::now()).unwrap();
    // A long-used vault: 20,000 audit entries.
    access
        .act(Instant::now(), |tx| {
            for _ in 0..20_000 {
                audit::append(tx, audit::AuditEvent::SettingsChanged, "bench")?;
            }
            Ok(())
        })
        .unwrap();
    let mut g = c.benchmark_group("settings screen");
    g.bench_function("settings + profile", |b| {
        b.iter(|| access.settings(Instant::now()).unwrap())
    });
    g.bench_function("newest 50 of 20k audit entries", |b| {
        b.iter(|| access.recent_activity(50, Instant::now()).unwrap())
    });
    g.bench_function("save profile (one transaction, audited)", |b| {
        let p = ClinicianProfile {
            full_name: "Dana Reyes".into(),
            credentials: "LCSW".into(),
            ..Default::default()
        };
        b.iter(|| access.save_profile(&p, Instant::now()).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench_unlock, bench_settings);
criterion_main!(benches);
