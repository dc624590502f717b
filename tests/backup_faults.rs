//! Backups under the faults the world gives them: a writer committing all
//! through a backup, the backup killed at random moments, a disk that
//! fills, and a scan for any plaintext in what a backup writes.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cohort::values::Timestamp;
use cohort::vault::backup::{self, Secret, Snapshot, Target};
use cohort::vault::db::{self, OpenMode};
use cohort::vault::header::Header;
use cohort::{ErrorCode, Origin, Vault};
use common::backups::*;
use common::*;
use rand::{Rng, SeedableRng};

/// A backup taken while `v`'s connection commits in a loop (a blackout
/// date and its audit entry each time); how it was taken, and the labels
/// the restored vault holds, in order, with how many commits there were.
fn backup_during_writes(tv: &TestVault, pin_the_log: bool) -> (Snapshot, Vec<String>, i64, i64) {
    let mut v = unlock(&tv.dir, PASS);
    let folder = tv.tmp.path().join("backups");
    std::fs::create_dir_all(&folder).unwrap();
    let write = |v: &mut Vault, n: i64| {
        v.transact(|tx| {
            tx.execute(
                "INSERT INTO blackout_dates (group_id, date, label) VALUES (NULL, date('2030-01-01', ?1 || ' days'), 'writer ' || ?1)",
                [n],
            )?;
            cohort::vault::audit::append(
                tx,
                cohort::vault::audit::AuditEvent::BlackoutDatesChanged,
                &format!("writer {pin_the_log} {n}"),
            )
        })
        .unwrap();
    };
    let before: i64 = v
        .conn()
        .query_row("SELECT count(*) FROM blackout_dates", [], |r| r.get(0))
        .unwrap();
    let mut n = 0;
    for _ in 0..5 {
        n += 1;
        write(&mut v, n);
    }
    // Another reader inside the log keeps it from being emptied.
    let header = Header::read(&tv.dir).unwrap();
    let key = header
        .passphrase
        .open_with_passphrase(&the_pass(), &header.vault_id)
        .unwrap();
    let pin = pin_the_log.then(|| {
        let c = db::open_at_version(
            &tv.dir,
            &key,
            OpenMode::Existing,
            cohort::vault::migrate::latest_schema_version(),
        )
        .unwrap();
        c.execute_batch("BEGIN; SELECT count(*) FROM audit_log;").unwrap();
        c
    });
    let job = v.backup_job().unwrap();
    let dest = folder.join(format!("during {pin_the_log}.cohortbackup"));
    let d = dest.clone();
    let backing_up = std::thread::spawn(move || job.make(&d, Timestamp::now()));
    // A commit every 2 ms while the log is pinned; every 10 ms otherwise,
    // the pace of a very busy clinician, so that one of the backup's tries
    // finds the log empty even on a loaded machine (at 2 ms a loaded run
    // could land a commit between each try's checkpoint and its read).
    let pace = Duration::from_millis(if pin_the_log { 2 } else { 10 });
    while !backing_up.is_finished() {
        n += 1;
        write(&mut v, n);
        std::thread::sleep(pace);
    }
    for _ in 0..5 {
        n += 1;
        write(&mut v, n);
    }
    let made = backing_up.join().unwrap().unwrap();
    drop(pin);
    v.lock("test").unwrap();

    let target = tv.tmp.path().join(format!("restored {pin_the_log}"));
    let p = the_pass();
    backup::restore(
        &dest,
        &Secret::Passphrase(&p),
        None,
        &target,
        Target::NewFolder,
        Timestamp::now(),
    )
    .unwrap();
    let back = unlock(&target, PASS);
    let labels: Vec<String> = back
        .conn()
        .prepare("SELECT label FROM blackout_dates WHERE label LIKE 'writer %' ORDER BY date")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let total: i64 = back
        .conn()
        .query_row("SELECT count(*) FROM blackout_dates", [], |r| r.get(0))
        .unwrap();
    let audited: i64 = back
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE detail LIKE 'writer ' || ?1 || ' %'",
            [pin_the_log.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(total - before, labels.len() as i64);
    assert_eq!(
        audited,
        labels.len() as i64,
        "each commit's audit entry with it, and no other"
    );
    assert!(cohort::practice::check::check(&back).unwrap().is_ok());
    (made.snapshot, labels, n, before)
}

#[test]
fn a_backup_taken_while_a_writer_commits_restores_to_exactly_one_committed_state() {
    let tv = demo_vault();
    // The database file held still and copied; then, with another reader
    // keeping the log from emptying, a snapshot rebuilt.
    for (pin, how) in [(false, Snapshot::Copied), (true, Snapshot::Rebuilt)] {
        let (taken, labels, n, _) = backup_during_writes(&tv, pin);
        assert_eq!(taken, how);
        let k = labels.len() as i64;
        assert!(
            (5..n - 4).contains(&k),
            "{how:?}: the backup fell among the writes: {k} of {n}"
        );
        let expected: Vec<String> = (1..=k).map(|i| format!("writer {i}")).collect();
        assert_eq!(
            labels, expected,
            "{how:?}: exactly the first {k} commits, none half-made"
        );
        // The next round's writes start from this one's last.
        let v = unlock(&tv.dir, PASS);
        v.conn()
            .execute_batch("DELETE FROM blackout_dates WHERE label LIKE 'writer %'")
            .unwrap();
        v.lock("test").unwrap();
    }
}

/// Every file under the final name in `folder` (hidden partial files aside).
fn named_backups(folder: &Path) -> Vec<PathBuf> {
    file_names(folder)
        .into_iter()
        .filter(|n| !n.starts_with('.'))
        .map(|n| folder.join(n))
        .collect()
}

/// The CLI backing up `vault` to `dest`, killed `after` once it says it has
/// begun (None: left to finish). Whether it finished on its own.
fn backup_killed(vault: &Path, dest: &Path, after: Option<Duration>) -> (bool, Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cohort"))
        .arg("--vault")
        .arg(vault)
        .args(["backup", "--passphrase-stdin", "--out"])
        .arg(dest)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASS}\n").as_bytes())
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert!(line.starts_with("Backing up to"), "{line}");
    let began = Instant::now();
    if let Some(after) = after {
        std::thread::sleep(after);
        // Ends only the process this test started, by its pid.
        let _ = child.kill();
    }
    let status = child.wait().unwrap();
    (status.success(), began.elapsed())
}

#[test]
fn a_backup_killed_at_random_moments_never_leaves_a_bad_file_under_its_name_and_the_vault_always_opens() {
    let trials: u32 = std::env::var("COHORT_BACKUP_KILL_TRIALS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("COHORT_BACKUP_KILL_SEED")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(rand::random);
    println!("{trials} trials, seed {seed} (COHORT_BACKUP_KILL_SEED to repeat)");
    let tv = demo_vault();
    let folder = tv.tmp.path().join("backups");
    std::fs::create_dir_all(&folder).unwrap();
    // How long a whole backup takes from its first line, to spread the kills over.
    let (ok, whole) = backup_killed(&tv.dir, &folder.join("whole.cohortbackup"), None);
    assert!(ok);
    let window = whole.mul_f64(1.2);
    let header = Header::read(&tv.dir).unwrap();
    let key = header
        .passphrase
        .open_with_passphrase(&the_pass(), &header.vault_id)
        .unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let (mut finished, mut killed) = (0, 0);
    for i in 0..trials {
        let after = window.mul_f64(rng.gen_range(0.0..1.0));
        let (done, _) = backup_killed(
            &tv.dir,
            &folder.join(format!("trial {i}.cohortbackup")),
            Some(after),
        );
        if done {
            finished += 1;
        } else {
            killed += 1;
        }
        // The vault opens as an unlock opens it (its log checked and folded
        // in) and every page and the audit chain check, without the
        // passphrase's key derivation each time.
        let conn = db::open_at_version(
            &tv.dir,
            &key,
            OpenMode::Existing,
            cohort::vault::migrate::latest_schema_version(),
        )
        .unwrap_or_else(|e| panic!("trial {i}: {e}"));
        let bad: Vec<String> = conn
            .prepare("PRAGMA cipher_integrity_check")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(bad.is_empty(), "trial {i}: {bad:?}");
        let ok: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok", "trial {i}");
        assert!(
            cohort::vault::audit::verify_chain(&conn).unwrap().1.is_empty(),
            "trial {i}"
        );
    }
    println!("{killed} killed part-way, {finished} finished before the kill");
    assert!(
        killed >= trials as usize / 4,
        "most kills land inside the backup ({killed} of {trials})"
    );
    // Every file under its final name is a whole, sound backup.
    let v = Vault::unlock(&tv.dir, &the_pass(), Origin::Cli, 0).unwrap();
    let named = named_backups(&folder);
    assert!(named.len() > 1, "some finished: {named:?}");
    for b in &named {
        v.verify_backup(b)
            .unwrap_or_else(|e| panic!("{}: {e}", b.display()));
    }
    assert!(cohort::practice::check::check(&v).unwrap().is_ok());
    // What the stopped ones left is hidden, encrypted, and cleared by a later backup.
    for n in file_names(&folder).iter().filter(|n| n.starts_with('.')) {
        assert!(n.starts_with(".cohort-partial-"), "{n}");
    }
}

#[test]
fn a_disk_that_fills_during_a_backup_gives_a_clear_message_and_leaves_earlier_backups_and_the_vault_whole() {
    // Run inside a mount namespace of its own, where a small disk can be made.
    let marker = tempfile::tempdir().unwrap();
    let ran = marker.path().join("ran");
    let status = Command::new("unshare")
        .args(["--map-root-user", "--mount", "--"])
        .env("COHORT_INSIDE_MARKER", &ran)
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "inside_a_small_disk",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .status()
        .expect("run unshare (util-linux)");
    assert!(
        status.success(),
        "the backup onto a full disk (see the output above)"
    );
    assert_eq!(
        std::fs::read_to_string(&ran).unwrap_or_default(),
        "both disks filled",
        "the test inside the namespace ran to its end"
    );
}

#[test]
#[ignore = "run by the test above, in a mount namespace of its own"]
fn inside_a_small_disk() {
    let tv = demo_vault();
    let mut v = unlock(&tv.dir, PASS);
    let first = backup_of(&v, &tv.tmp.path().join("elsewhere"), "first.cohortbackup");
    let size = first.bytes;
    // Two disks, each with room for an earlier backup and only part of a
    // new one: the disk fills early in the new backup, and late.
    for (room, stage) in [(size / 3, "early"), (size * 9 / 10, "late")] {
        let disk = tempfile::tempdir().unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={}", size + room), "tmpfs"])
            .arg(disk.path())
            .status()
            .unwrap();
        assert!(mounted.success(), "mount a small disk");
        let earlier = disk.path().join("earlier.cohortbackup");
        std::fs::copy(&first.path, &earlier).unwrap();
        let earlier_bytes = std::fs::read(&earlier).unwrap();
        let mut job = v.backup_job().unwrap();
        let e =
            cohort::backups::run::by_hand(&mut job, &disk.path().join("new.cohortbackup"), &Timestamp::now)
                .err()
                .unwrap_or_else(|| panic!("{stage}: the disk is too small"));
        drop(job);
        let words = e.to_string();
        assert!(words.contains("the disk or drive is full"), "{stage}: {words}");
        assert!(
            words.contains("Your records and your earlier backups are untouched"),
            "{words}"
        );
        assert_eq!(
            file_names(disk.path()),
            ["earlier.cohortbackup"],
            "{stage}: nothing else is left"
        );
        assert_eq!(std::fs::read(&earlier).unwrap(), earlier_bytes, "{stage}");
        v.verify_backup(&earlier).unwrap();
        let recorded: String = v
            .conn()
            .query_row(
                "SELECT problem FROM backup_log ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(recorded.contains("the disk or drive is full"), "{recorded}");
        assert!(Command::new("umount")
            .arg(disk.path())
            .status()
            .unwrap()
            .success());
        v.transact(|_| Ok(())).unwrap();
    }
    assert!(cohort::practice::check::check(&v).unwrap().is_ok());
    if let Some(marker) = std::env::var_os("COHORT_INSIDE_MARKER") {
        std::fs::write(marker, "both disks filled").unwrap();
    }
}

#[test]
fn no_name_or_sentence_of_the_demo_is_in_a_backup_or_anything_it_leaves() {
    let tv = demo_vault();
    let v = unlock(&tv.dir, PASS);
    let folder = tv.tmp.path().join("backups");
    let made = backup_of(&v, &folder, "demo.cohortbackup");
    v.verify_backup(&made.path).unwrap();
    let (names, sentences): (Vec<String>, Vec<String>) = {
        let c = v.conn();
        let names = c
            .prepare("SELECT legal_name FROM members")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let sentences = c
            .prepare(
                "SELECT value FROM notes, json_each(notes.fields) WHERE type = 'text' AND length(value) > 30",
            )
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|s| s.unwrap().chars().take(40).collect())
            .collect();
        (names, sentences)
    };
    assert!(
        names.len() >= 10 && sentences.len() >= 10,
        "{} names, {} sentences",
        names.len(),
        sentences.len()
    );
    v.lock("test").unwrap();
    let p = the_pass();
    let restored = tv.tmp.path().join("restored");
    backup::restore(
        &made.path,
        &Secret::Passphrase(&p),
        None,
        &restored,
        Target::NewFolder,
        Timestamp::now(),
    )
    .unwrap();
    let texts: Vec<&str> = names.iter().chain(&sentences).map(String::as_str).collect();
    // The scan finds what is there (a control, in UTF-16 as WebKit would keep it).
    let control = tempfile::tempdir().unwrap();
    let utf16: Vec<u8> = sentences[3]
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    std::fs::write(
        control.path().join("kept.bin"),
        [b"x".as_slice(), &utf16].concat(),
    )
    .unwrap();
    assert_eq!(
        files_holding(control.path(), &texts).0.len(),
        1,
        "the scan finds a sentence"
    );
    // The backup folder, the vault, the restored vault and the temporary
    // folder the checks used.
    let (hits, read) = files_holding(tv.tmp.path(), &texts);
    assert!(read >= 5, "{read} files read");
    assert!(hits.is_empty(), "plaintext in {hits:?}");
    let leftovers: Vec<String> = file_names(&std::env::temp_dir())
        .into_iter()
        .filter(|n| n.starts_with("cohort-verify-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "the checks' temporary folders are gone: {leftovers:?}"
    );
}

#[test]
fn an_error_code_for_every_refusal_the_app_shows() {
    // The codes the UI tells apart (it asks again for the passphrase of a
    // backup made before a rotation; it confirms before replacing another vault).
    let e = cohort::Error::BackupUnderOldKey {
        made_at: Timestamp::now(),
    };
    assert_eq!((e.code(), e.field()), (ErrorCode::Validation, Some("passphrase")));
    let e = cohort::Error::BackupOfAnotherVaultHere {
        created: "2026-01-01T00:00:00.000Z".into(),
        here_created: "2026-02-01T00:00:00.000Z".into(),
    };
    assert_eq!(e.code(), ErrorCode::Confirm);
    assert!(e.to_string().contains("⟦moment:2026-01-01T00:00:00.000Z⟧"), "{e}");
}
