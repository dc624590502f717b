//! Criterion benchmarks of keeping the records, on the large practice
//! (`cohort demo --large`, seed 1): a backup made, checked and restored, the
//! full export, and the screens read while an automatic backup runs beside
//! them. Run: `make bench` (results in docs/performance.md). Targets: a
//! backup ≤ 5 s, checking one ≤ 3 s, restoring one ≤ 10 s, every screen read
//! ≤ 5 ms while a backup runs.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cohort::values::Timestamp;
use cohort::vault::backup::{self, Secret, Target};
use cohort::{Passphrase, Vault, VaultAccess};
use criterion::{criterion_group, criterion_main, Criterion};

const PASS: &str = "maple kettle orbit lantern";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// The large practice, locked, in a folder of its own.
fn large_practice(tmp: &tempfile::TempDir) -> std::path::PathBuf {
    let dir = tmp.path().join("vault");
    let mut created = Vault::create(&dir, &Passphrase::from(PASS)).unwrap();
    let built = created
        .vault
        .transact(|tx| cohort::demo::large::build(tx, 1, today()))
        .unwrap();
    created.vault.lock("bench").unwrap();
    eprintln!("large practice: {built:?}");
    dir
}

fn keeping(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = large_practice(&tmp);
    let out = tmp.path().join("backups");
    std::fs::create_dir_all(&out).unwrap();
    let mut access = VaultAccess::new(&dir);
    access.unlock(&Passphrase::from(PASS), Instant::now()).unwrap();
    let vault = access.vault(Instant::now()).unwrap();
    let db_bytes = std::fs::metadata(dir.join("cohort.db")).unwrap().len();
    eprintln!("the large practice's database: {} MB", db_bytes >> 20);

    let mut g = c.benchmark_group("keeping");
    g.sample_size(10).measurement_time(Duration::from_secs(40));
    let mut n = 0;
    g.bench_function("backup of the large practice (made, checked, named)", |b| {
        b.iter(|| {
            n += 1;
            let dest = out.join(format!("b{n}.cohortbackup"));
            let made = vault.backup_job().unwrap().make(&dest, Timestamp::now()).unwrap();
            std::fs::remove_file(&made.path).unwrap();
        })
    });
    let kept = vault
        .backup_job()
        .unwrap()
        .make(&out.join("kept.cohortbackup"), Timestamp::now())
        .unwrap();
    eprintln!("a backup of the large practice: {} MB", kept.bytes >> 20);
    g.bench_function("check a backup, key in memory", |b| {
        b.iter(|| vault.verify_backup(&kept.path).unwrap())
    });
    let pass = Passphrase::from(PASS);
    g.bench_function("check a backup, with the passphrase (Argon2id included)", |b| {
        b.iter(|| backup::verify(&kept.path, &Secret::Passphrase(&pass)).unwrap())
    });
    let mut r = 0;
    g.bench_function("restore a backup into a new folder", |b| {
        b.iter(|| {
            r += 1;
            let target = tmp.path().join(format!("restored-{r}"));
            backup::restore(
                &kept.path,
                &Secret::Passphrase(&pass),
                None,
                &target,
                Target::NewFolder,
                Timestamp::now(),
            )
            .unwrap();
            std::fs::remove_dir_all(&target).unwrap();
        })
    });
    g.bench_function("full export of the large practice (written to a file)", |b| {
        b.iter(|| {
            let f = std::fs::File::create(tmp.path().join("export.zip")).unwrap();
            cohort::full_export::write(vault.conn(), std::io::BufWriter::new(f), false, Timestamp::now())
                .unwrap()
        })
    });
    g.finish();

    // The screens while an automatic backup runs beside them, on its own
    // connection (backups made one after another for the whole measurement).
    let job_dir = dir.clone();
    let running = Arc::new(AtomicBool::new(true));
    let made = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let jobs = (0..40).map(|_| vault.backup_job().unwrap()).collect::<Vec<_>>();
    let (flag, count, folder) = (running.clone(), made.clone(), out.clone());
    let beside = std::thread::spawn(move || {
        // As the app runs an automatic backup: beside it, at a lower priority.
        cohort::process::into_background();
        for (i, job) in jobs.into_iter().enumerate() {
            if !flag.load(Ordering::Relaxed) {
                break;
            }
            let dest = folder.join(format!("beside-{i}.cohortbackup"));
            job.make(&dest, Timestamp::now()).unwrap();
            let _ = std::fs::remove_file(dest);
            count.fetch_add(1, Ordering::Relaxed);
        }
        let _ = job_dir;
    });
    let mut g = c.benchmark_group("during a backup");
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("Today", |b| {
        b.iter(|| cohort::practice::today::today(vault.conn(), today()).unwrap())
    });
    g.bench_function("groups list", |b| {
        b.iter(|| cohort::practice::groups::list(vault.conn(), today()).unwrap())
    });
    g.bench_function("member search 'ana'", |b| {
        b.iter(|| cohort::roster::directory::search(vault.conn(), "ana", false, 50).unwrap())
    });
    g.finish();
    running.store(false, Ordering::Relaxed);
    beside.join().unwrap();
    eprintln!(
        "backups made beside the screens while they were measured: {}",
        made.load(Ordering::Relaxed)
    );
}

criterion_group!(benches, keeping);
criterion_main!(benches);
