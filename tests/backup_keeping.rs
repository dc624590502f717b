//! Automatic backups through the app's own hold on the vault: made when
//! the folder is chosen, when a session's notes are all signed, as the
//! vault locks with anything new — and not when nothing is; the keeping
//! rule on the folder; what a passphrase change and a key rotation mean
//! for older backups; restoring in place of a vault, which is kept.

mod common;

use std::path::Path;
use std::time::Instant;

use cohort::backups::{self, settings::Keep, Reason};
use cohort::values::Timestamp;
use cohort::vault::backup::{self, Secret, Target};
use cohort::{ErrorCode, Origin, Vault, VaultAccess};
use common::backups::*;
use common::*;

fn backups_in(folder: &Path) -> Vec<String> {
    file_names(folder)
        .into_iter()
        .filter(|n| n.ends_with(".cohortbackup") && !n.starts_with('.'))
        .collect()
}

/// Waits for the backup running beside the app (as the app's lock does).
fn settle(a: &mut VaultAccess) {
    a.lock("test").unwrap();
    a.unlock(&the_pass(), Instant::now()).unwrap();
}

/// Each file's SHA-256, to compare folders without printing their bytes.
fn digest_of(
    files: &std::collections::BTreeMap<String, Vec<u8>>,
) -> std::collections::BTreeMap<String, String> {
    use sha2::Digest;
    files
        .iter()
        .map(|(n, b)| (n.clone(), hex::encode(sha2::Sha256::digest(b))))
        .collect()
}

fn digests(dir: &Path) -> std::collections::BTreeMap<String, String> {
    digest_of(&snapshot(dir))
}

fn log(v: &rusqlite::Connection) -> Vec<(String, String)> {
    v.prepare("SELECT reason, outcome FROM backup_log ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn automatic_backups_follow_the_folder_the_signatures_and_the_lock_and_never_repeat_for_nothing() {
    let tv = demo_vault();
    let folder = tv.tmp.path().join("usb");
    std::fs::create_dir_all(&folder).unwrap();
    let mut a = access(&tv);
    let now = Instant::now();
    let status = a.backup_status(now).unwrap();
    assert!(
        status.warnings[0].contains("Automatic backups are not set up"),
        "{:?}",
        status.warnings
    );
    assert!(
        !a.backup_soon(Reason::Daily).unwrap(),
        "nothing is made before a folder is chosen"
    );

    // Choosing the folder makes the first at once, beside the app at a
    // lower priority than the screens'.
    let niceness = std::sync::Arc::new(std::sync::Mutex::new(None));
    let seen = niceness.clone();
    a.on_backup_ended(std::sync::Arc::new(move |_| {
        *seen.lock().unwrap() = cohort::process::nice_of_this_thread();
    }));
    let ours = cohort::process::nice_of_this_thread();
    a.set_backup_folder(Some(&folder), now).unwrap();
    settle(&mut a);
    assert_eq!(backups_in(&folder).len(), 1, "{:?}", file_names(&folder));
    if cfg!(target_os = "linux") {
        let theirs = niceness.lock().unwrap().expect("the backup's thread ended");
        assert!(theirs >= cohort::process::BACKGROUND_NICE, "{theirs}");
        assert_eq!(
            cohort::process::nice_of_this_thread(),
            ours,
            "the app's own threads keep theirs"
        );
    }
    let status = a.backup_status(now).unwrap();
    assert!(status.warnings.is_empty(), "{:?}", status.warnings);
    assert!(status.last.as_ref().unwrap().automatic);

    // Locking with nothing recorded since: no backup.
    a.lock("test").unwrap();
    a.unlock(&the_pass(), now).unwrap();
    a.lock("test").unwrap();
    a.unlock(&the_pass(), now).unwrap();
    assert_eq!(backups_in(&folder).len(), 1, "no backup for nothing");
    assert!(
        !a.backup_soon(Reason::Daily).unwrap(),
        "the daily one was made today"
    );

    // Signing the last two open notes of session 4: the session's notes are done.
    let open: Vec<i64> = a
        .read(now, |c| {
            Ok(
                c.prepare("SELECT id FROM notes WHERE signed_at IS NULL ORDER BY place_id IS NULL")?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?,
            )
        })
        .unwrap();
    assert_eq!(open.len(), 2, "the demo's two drafts");
    a.act(now, |tx| {
        for key in cohort::notes::read::check(tx, cohort::notes::NoteId(open[0]))?
            .mentions
            .iter()
            .map(|m| m.key.clone())
        {
            cohort::notes::mentions::confirm(tx, cohort::notes::NoteId(open[0]), &key)?;
        }
        Ok(())
    })
    .unwrap();
    let first = cohort::practice::signing::sign(
        &mut a,
        cohort::notes::NoteId(open[0]),
        true,
        now,
        Timestamp::now(),
    )
    .unwrap();
    assert!(!first, "one note of the session is still open: no backup yet");
    let second = cohort::practice::signing::sign(
        &mut a,
        cohort::notes::NoteId(open[1]),
        true,
        now,
        Timestamp::now(),
    )
    .unwrap();
    assert!(second, "the session's notes are all signed: a backup starts");
    settle(&mut a);
    let reasons = a.read(now, |c| Ok(log(c))).unwrap();
    assert_eq!(
        reasons,
        [
            ("daily".to_string(), "made".to_string()),
            ("notes_signed".into(), "made".into())
        ]
    );

    // Locking with something new: a backup first.
    a.act(now, |tx| cohort::settings::set_notes_overdue_days(tx, 5))
        .unwrap();
    a.lock("by the clinician").unwrap();
    a.unlock(&the_pass(), now).unwrap();
    let reasons = a.read(now, |c| Ok(log(c))).unwrap();
    assert_eq!(
        reasons.last().unwrap(),
        &("locking".to_string(), "made".to_string())
    );

    // The folder unplugged: said in words, and the next attempt says why it failed.
    let unplugged = tv.tmp.path().join("usb-unplugged");
    std::fs::rename(&folder, &unplugged).unwrap();
    let status = a.backup_status(now).unwrap();
    assert!(!status.folder_present);
    assert!(
        status.warnings[0].contains("is not there: is the drive unplugged"),
        "{:?}",
        status.warnings
    );
    a.act(now, |tx| cohort::settings::set_notes_overdue_days(tx, 6))
        .unwrap();
    let e = a.back_up_now(now).err().unwrap();
    assert_eq!(e.code(), ErrorCode::NotFound, "{e}");
    let status = a.backup_status(now).unwrap();
    assert!(
        status
            .warnings
            .iter()
            .any(|w| w.starts_with("The last backup failed") && w.contains("is not there")),
        "{:?}",
        status.warnings
    );
    std::fs::rename(&unplugged, &folder).unwrap();
    a.back_up_now(now).unwrap();
    assert!(a.backup_status(now).unwrap().warnings.is_empty());
    a.lock("test").unwrap();
    // Every backup in the folder is whole.
    let v = unlock(&tv.dir, PASS);
    for b in backups_in(&folder) {
        v.verify_backup(&folder.join(b)).unwrap();
    }
}

#[test]
fn the_keeping_rule_removes_only_this_vaults_older_backups_and_never_the_new_one() {
    let tv = demo_vault();
    let mut v = unlock(&tv.dir, PASS);
    let folder = tv.tmp.path().join("usb");
    std::fs::create_dir_all(&folder).unwrap();
    v.transact(|tx| backups::settings::set_folder(tx, Some(&folder)))
        .unwrap();
    v.transact(|tx| {
        backups::settings::set_keep(
            tx,
            Keep {
                daily: 2,
                weekly: 0,
                monthly: 0,
            },
        )
    })
    .unwrap();
    // Three days of backups, two on the middle day (made with their own moments).
    let day = |d: i64, h: i64| Timestamp::now().plus_millis(-(d * 24 + h) * 3_600_000);
    let mut made = Vec::new();
    for (i, at) in [day(3, 0), day(2, 2), day(2, 1), day(1, 0)]
        .into_iter()
        .enumerate()
    {
        let m = v
            .backup_job()
            .unwrap()
            .make(&folder.join(format!("old {i}.cohortbackup")), at)
            .unwrap();
        made.push(m.path);
    }
    // Another vault's backup, a file that is not one, and a damaged one stay whatever their age.
    let other = demo_vault();
    let ov = unlock(&other.dir, PASS);
    ov.backup_job()
        .unwrap()
        .make(&folder.join("theirs.cohortbackup"), day(30, 0))
        .unwrap();
    ov.lock("test").unwrap();
    std::fs::write(folder.join("notes.txt"), "mine").unwrap();
    std::fs::write(
        folder.join("broken.cohortbackup"),
        b"CohortBackup\r\n\x1a\n and then nothing",
    )
    .unwrap();

    let mut job = v.backup_job().unwrap();
    let new = backups::run::automatic(&mut job, Reason::Daily, &Timestamp::now).unwrap();
    drop(job);
    let left = file_names(&folder);
    // Kept: today's new one and the newest of yesterday (day 1); the two
    // days before go, and so does the older one of their day.
    assert!(left.contains(&new.path.file_name().unwrap().to_string_lossy().into_owned()));
    assert!(left.contains(&"old 3.cohortbackup".to_string()), "{left:?}");
    for gone in ["old 0.cohortbackup", "old 1.cohortbackup", "old 2.cohortbackup"] {
        assert!(!left.contains(&gone.to_string()), "{gone} removed: {left:?}");
    }
    for stays in ["theirs.cohortbackup", "notes.txt", "broken.cohortbackup"] {
        assert!(left.contains(&stays.to_string()), "{stays} untouched: {left:?}");
    }
    let removed: String = v
        .conn()
        .query_row(
            "SELECT detail FROM audit_log WHERE event = 'backup_removed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        removed.contains("old 0.cohortbackup") && removed.contains("old 2.cohortbackup"),
        "{removed}"
    );
}

#[test]
fn a_backup_opens_with_the_passphrase_and_recovery_key_of_its_time() {
    let tv = demo_vault();
    let folder = tv.tmp.path().join("backups");
    let mut v = unlock(&tv.dir, PASS);
    let before = backup_of(&v, &folder, "before.cohortbackup");
    v.change_passphrase(&pass(PASS), &pass(OTHER_PASS)).unwrap();
    let after_change = backup_of(&v, &folder, "after change.cohortbackup");
    let new_key = v.rotate_keys(&pass(OTHER_PASS)).unwrap().to_string();
    let after_rotation = backup_of(&v, &folder, "after rotation.cohortbackup");

    // In the vault: a backup made before the rotation needs the passphrase of its time.
    let e = v.verify_backup(&before.path).err().unwrap();
    assert_eq!((e.code(), e.field()), (ErrorCode::Validation, Some("passphrase")));
    assert!(e.to_string().contains("before the keys were rotated"), "{e}");
    v.verify_backup(&after_rotation.path).unwrap();
    v.lock("test").unwrap();

    let opens = |f: &Path, s: &Secret<'_>| backup::verify(f, s).map(|_| ()).map_err(|e| e.code());
    let (old, new) = (pass(PASS), pass(OTHER_PASS));
    assert_eq!(opens(&before.path, &Secret::Passphrase(&old)), Ok(()));
    assert_eq!(
        opens(&before.path, &Secret::Passphrase(&new)),
        Err(ErrorCode::WrongPassphrase)
    );
    assert_eq!(opens(&after_change.path, &Secret::Passphrase(&new)), Ok(()));
    assert_eq!(
        opens(&after_change.path, &Secret::Passphrase(&old)),
        Err(ErrorCode::WrongPassphrase)
    );
    assert_eq!(
        opens(&after_change.path, &Secret::RecoveryKey(&tv.recovery_key)),
        Ok(())
    );
    assert_eq!(
        opens(&after_rotation.path, &Secret::RecoveryKey(&new_key)),
        Ok(())
    );
    assert_eq!(
        opens(&after_rotation.path, &Secret::RecoveryKey(&tv.recovery_key)),
        Err(ErrorCode::WrongRecoveryKey)
    );

    // Restored with the old recovery key, it takes a new passphrase.
    let target = tv.tmp.path().join("restored");
    let chosen = pass("quartz meadow violin anchor");
    backup::restore(
        &before.path,
        &Secret::RecoveryKey(&tv.recovery_key),
        Some(&chosen),
        &target,
        Target::NewFolder,
        Timestamp::now(),
    )
    .unwrap();
    let back = Vault::unlock(&target, &chosen, Origin::Cli, 0).unwrap();
    assert!(cohort::practice::check::check(&back).unwrap().is_ok());
    back.lock("test").unwrap();
    let e = Vault::unlock(&target, &old, Origin::Cli, 0).err().unwrap();
    assert_eq!(
        e.code(),
        ErrorCode::WrongPassphrase,
        "the passphrase of its time was replaced"
    );
}

#[test]
fn restoring_in_place_keeps_the_vault_it_replaces_whole_and_asks_before_another_vaults_backup() {
    let tv = demo_vault();
    let folder = tv.tmp.path().join("backups");
    let mut v = unlock(&tv.dir, PASS);
    let ours = backup_of(&v, &folder, "ours.cohortbackup");
    v.transact(|tx| cohort::settings::set_notes_overdue_days(tx, 9))
        .unwrap();
    v.lock("test").unwrap();
    let replaced = snapshot(&tv.dir);

    let p = the_pass();
    let r = backup::restore(
        &ours.path,
        &Secret::Passphrase(&p),
        None,
        &tv.dir,
        Target::Replacing {
            other_vault_confirmed: false,
        },
        Timestamp::now(),
    )
    .unwrap();
    let aside = Path::new(r.set_aside.as_deref().unwrap()).to_path_buf();
    assert!(aside
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("vault.before-restore-"));
    assert_eq!(
        digests(&aside),
        digest_of(&replaced),
        "the replaced vault is kept byte for byte"
    );
    let v = unlock(&tv.dir, PASS);
    let days: i64 = v
        .conn()
        .query_row("SELECT notes_overdue_days FROM settings", [], |r| r.get(0))
        .unwrap();
    assert_ne!(days, 9, "the backup's records, from before the change");
    v.lock("test").unwrap();
    let kept = Vault::unlock(&aside, &p, Origin::Cli, 0).unwrap();
    let days: i64 = kept
        .conn()
        .query_row("SELECT notes_overdue_days FROM settings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(days, 9, "the replaced vault opens with everything it held");
    kept.lock("test").unwrap();

    // Another vault's backup: asked first, then done, and the vault kept again.
    let other = demo_vault();
    let ov = unlock(&other.dir, PASS);
    let theirs = backup_of(&ov, &folder, "theirs.cohortbackup");
    ov.lock("test").unwrap();
    let before = digests(&tv.dir);
    let e = backup::restore(
        &theirs.path,
        &Secret::Passphrase(&p),
        None,
        &tv.dir,
        Target::Replacing {
            other_vault_confirmed: false,
        },
        Timestamp::now(),
    )
    .err()
    .unwrap();
    assert_eq!(e.code(), ErrorCode::Confirm, "{e}");
    assert_eq!(
        digests(&tv.dir),
        before,
        "nothing changed before it was confirmed"
    );
    let r = backup::restore(
        &theirs.path,
        &Secret::Passphrase(&p),
        None,
        &tv.dir,
        Target::Replacing {
            other_vault_confirmed: true,
        },
        Timestamp::now(),
    )
    .unwrap();
    assert!(Path::new(r.set_aside.as_deref().unwrap())
        .join("vault.json")
        .exists());
    let parent = tv.dir.parent().unwrap();
    let kept: Vec<String> = file_names(parent)
        .into_iter()
        .filter(|n| n.contains("before-restore"))
        .collect();
    assert_eq!(kept.len(), 2, "both replaced vaults kept: {kept:?}");
    // A restore stopped after the exchange leaves the old vault under the
    // unpacking folder's name; the next restore sets it aside, whole.
    let stopped = parent.join(".vault.restoring-stopped");
    let before_stop = digests(&aside);
    std::fs::rename(&aside, &stopped).unwrap();
    let elsewhere = tv.tmp.path().join("elsewhere");
    backup::restore(
        &ours.path,
        &Secret::Passphrase(&p),
        None,
        &elsewhere,
        Target::NewFolder,
        Timestamp::now(),
    )
    .unwrap();
    let _ = elsewhere;
    let target2 = parent.join("vault");
    backup::restore(
        &ours.path,
        &Secret::Passphrase(&p),
        None,
        &target2,
        Target::Replacing {
            other_vault_confirmed: true,
        },
        Timestamp::now(),
    )
    .unwrap();
    assert!(!stopped.exists());
    let set_aside: Vec<String> = file_names(parent)
        .into_iter()
        .filter(|n| n.starts_with("vault.set-aside-"))
        .collect();
    assert_eq!(set_aside.len(), 1, "{:?}", file_names(parent));
    assert_eq!(
        digests(&parent.join(&set_aside[0])),
        before_stop,
        "set aside whole, never removed"
    );
}
