//! Rotating the keys: the database re-encrypted under a new data key, the
//! old passphrase, header and recovery key left opening nothing, and a
//! rotation killed at any step leaving a vault that opens with the old key
//! or the new one, never neither.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use cohort::vault::audit;
use cohort::vault::header::HEADER_FILE;
use cohort::vault::rotate::{Step, NEXT_DB_FILE, NEXT_HEADER_FILE};
use cohort::{Error, Origin, Vault};
use common::{new_vault, pass, snapshot, unlock, OTHER_PASS, PASS};
use strum::VariantArray;

/// A vault holding the demo group (several hundred kilobytes: the copy
/// takes more than one step).
fn demo_vault() -> common::TestVault {
    let tv = new_vault();
    let mut v = unlock(&tv.dir, PASS);
    v.transact(|tx| cohort::demo::build(tx, common::day("2026-11-24")))
        .unwrap();
    v.lock("test").unwrap();
    tv
}

fn counts(dir: &Path) -> Vec<(String, i64)> {
    let v = unlock(dir, PASS);
    // Records only: each unlock and lock adds to the audit trail.
    let out = v
        .info()
        .unwrap()
        .counts
        .into_iter()
        .filter(|c| c.label != "audit entries")
        .map(|c| (c.label, c.count))
        .collect();
    v.lock("test").unwrap();
    out
}

fn events(v: &Vault) -> Vec<(String, String)> {
    audit::recent(v.conn(), 20)
        .unwrap()
        .into_iter()
        .map(|e| (e.event, e.detail))
        .collect()
}

#[test]
fn rotation_re_encrypts_the_database_and_the_old_keys_open_nothing_after_it() {
    let tv = demo_vault();
    let before = counts(&tv.dir);
    let old_header = std::fs::read(tv.dir.join(HEADER_FILE)).unwrap();
    let old_db = std::fs::read(tv.dir.join("cohort.db")).unwrap();

    let mut v = unlock(&tv.dir, PASS);
    let new_recovery = v.rotate_keys(&pass(PASS)).unwrap();
    assert_eq!(new_recovery.len(), 39);
    assert_ne!(new_recovery.as_str(), tv.recovery_key);
    // The vault stays open on the new key.
    assert!(v.check().unwrap().is_ok());
    v.lock("test").unwrap();

    let new_db = std::fs::read(tv.dir.join("cohort.db")).unwrap();
    assert_ne!(old_db[..4096], new_db[..4096], "every page is encrypted afresh");
    assert!(!tv.dir.join(NEXT_DB_FILE).exists() && !tv.dir.join(NEXT_HEADER_FILE).exists());
    assert_eq!(counts(&tv.dir), before, "every record came across");

    // Same passphrase, every check passes, and the audit trail says so.
    let v = unlock(&tv.dir, PASS);
    assert!(v.check().unwrap().is_ok(), "{:?}", v.check().unwrap().problems);
    assert!(events(&v).iter().any(|(e, _)| e == "keys_rotated"));
    v.lock("test").unwrap();

    // The old recovery key no longer opens the vault; the new one does.
    let e = Vault::unlock_with_recovery_key(&tv.dir, &tv.recovery_key, &pass(OTHER_PASS), Origin::Cli, 0)
        .err()
        .unwrap();
    assert!(matches!(e, Error::WrongRecoveryKey), "{e}");

    // Someone holding an old copy of the header and the old passphrase
    // cannot read the database written since.
    let new_header = std::fs::read(tv.dir.join(HEADER_FILE)).unwrap();
    std::fs::write(tv.dir.join(HEADER_FILE), &old_header).unwrap();
    let e = Vault::unlock(&tv.dir, &pass(PASS), Origin::Cli, 0).err().unwrap();
    assert!(matches!(e, Error::HeaderOfAnotherVault), "{e}");
    std::fs::write(tv.dir.join(HEADER_FILE), &new_header).unwrap();

    let v =
        Vault::unlock_with_recovery_key(&tv.dir, &new_recovery, &pass(OTHER_PASS), Origin::Cli, 0).unwrap();
    v.lock("test").unwrap();
    unlock(&tv.dir, OTHER_PASS).lock("test").unwrap();
}

#[test]
fn rotation_with_a_wrong_passphrase_changes_nothing() {
    let tv = demo_vault();
    let mut v = unlock(&tv.dir, PASS);
    let before = snapshot(&tv.dir);
    let e = v.rotate_keys(&pass(OTHER_PASS)).err().unwrap();
    assert!(matches!(e, Error::WrongPassphrase), "{e}");
    assert_eq!(snapshot(&tv.dir), before);
    v.lock("test").unwrap();
}

/// Runs `cohort rotate-keys`, aborted (as by a kill) at `step`.
fn rotate_killed_at(dir: &Path, step: Step) {
    let name: &'static str = step.into();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cohort"))
        .arg("--vault")
        .arg(dir)
        .args(["rotate-keys", "--passphrase-stdin"])
        .env("COHORT_TEST_ABORT_AT", name)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), format!("{PASS}\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        !out.status.success() && out.status.code().is_none(),
        "the rotation was to be killed at {name}: {:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_rotation_killed_at_any_step_leaves_a_vault_that_opens_with_the_old_key_or_the_new() {
    for &step in Step::VARIANTS {
        let tv = demo_vault();
        let before = counts(&tv.dir);
        rotate_killed_at(&tv.dir, step);

        // The passphrase opens it, whole, every time.
        let v = unlock(&tv.dir, PASS);
        let report = v.check().unwrap();
        assert!(report.is_ok(), "killed at {step:?}: {:?}", report.problems);
        let committed = step >= Step::DatabaseReplaced;
        assert_eq!(
            v.recovery_key_unseen(),
            step == Step::DatabaseReplaced,
            "killed at {step:?}"
        );
        let rotated = events(&v).iter().any(|(e, _)| e == "keys_rotated");
        assert_eq!(rotated, committed, "killed at {step:?}");
        v.lock("test").unwrap();
        assert!(
            !tv.dir.join(NEXT_DB_FILE).exists() && !tv.dir.join(NEXT_HEADER_FILE).exists(),
            "killed at {step:?}: nothing staged is left"
        );
        assert_eq!(counts(&tv.dir), before, "killed at {step:?}");

        // Before the commit the old key is still the key; after it, the new.
        let old_recovery =
            Vault::unlock_with_recovery_key(&tv.dir, &tv.recovery_key, &pass(OTHER_PASS), Origin::Cli, 0);
        match old_recovery {
            Ok(v) => {
                assert!(!committed, "killed at {step:?}: the old key still opened it");
                v.lock("test").unwrap();
            }
            Err(e) => {
                assert!(committed, "killed at {step:?}: {e}");
                assert!(matches!(e, Error::WrongRecoveryKey), "{e}");
            }
        }
    }
}

#[test]
fn after_a_rotation_and_at_every_unlock_the_folder_holds_only_its_own_files() {
    let tv = demo_vault();
    let mut v = unlock(&tv.dir, PASS);
    v.rotate_keys(&pass(PASS)).unwrap();
    v.lock("test").unwrap();
    // What a rotation's copy and a killed header replacement leave behind.
    for left in [
        "cohort.db.next-wal",
        "cohort.db.next-shm",
        "cohort.db.next-journal",
        "vault.json.tmp",
    ] {
        std::fs::write(tv.dir.join(left), b"left behind").unwrap();
    }
    unlock(&tv.dir, PASS).lock("test").unwrap();
    // docs/vault-format.md lists every file a vault folder may hold.
    assert_eq!(
        common::file_names(&tv.dir),
        ["cohort.db", "cohort.lock", "vault.json"]
    );
}
