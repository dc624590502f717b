//! `cohort backup`, `verify-backup`, `restore` and `export`, run as a user
//! would, with the exit codes `cohort --help` documents.

mod common;

use common::cli::{cohort, text};
use common::{OTHER_PASS, PASS};

#[test]
fn back_up_check_and_restore_from_the_command_line_with_documented_exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let init = cohort(&dir, &["demo"], &format!("{PASS}\n"));
    assert!(init.status.success(), "{}", text(&init));
    let key = String::from_utf8_lossy(&init.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Recovery key: ").map(str::to_string))
        .unwrap();
    let file = tmp.path().join("demo.cohortbackup");
    let f = file.to_str().unwrap();

    let o = cohort(&dir, &["backup", "--out", f], &format!("{PASS}\n"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("It opens with this vault's passphrase as it is now"),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("members"), "what it holds: {}", text(&o));
    let o = cohort(&dir, &["backup", "--out", f], &format!("{PASS}\n"));
    assert_eq!(o.status.code(), Some(6), "never over a file: {}", text(&o));
    assert!(text(&o).contains("already there"));

    let o = cohort(&dir, &["verify-backup", f], &format!("{PASS}\n"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("The backup is sound"));
    let o = cohort(&dir, &["verify-backup", f, "--recovery-key"], &format!("{key}\n"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = cohort(&dir, &["verify-backup", f], &format!("{OTHER_PASS}\n"));
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(text(&o).contains("passphrase you had when it was made"));
    let audited = cohort(&dir, &["info"], &format!("{PASS}\n"));
    assert!(audited.status.success());
    let v = cohort::Vault::unlock(&dir, &cohort::Passphrase::from(PASS), cohort::Origin::Cli, 0).unwrap();
    let checks: i64 = v
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE event = 'backup_verified'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        checks, 1,
        "a check with the vault's own passphrase is recorded in it"
    );
    v.lock("test").unwrap();

    // Cut short: refused, exit 4, and nothing created.
    let bytes = std::fs::read(&file).unwrap();
    let cut = tmp.path().join("cut.cohortbackup");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let target = tmp.path().join("restored");
    let o = cohort(&target, &["restore", cut.to_str().unwrap()], &format!("{PASS}\n"));
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    assert!(text(&o).contains("cut short"), "{}", text(&o));
    assert!(!target.exists());

    // Into a folder that holds a vault: refused.
    let o = cohort(&dir, &["restore", f], &format!("{PASS}\n"));
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    assert!(text(&o).contains("already exists"));

    // Into a new folder: restored, and it opens and checks.
    let o = cohort(&target, &["restore", f], &format!("{PASS}\n"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("Restored the backup made"));
    let o = cohort(&target, &["check"], &format!("{PASS}\n"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // With the recovery key of its time, and a new passphrase.
    let second = tmp.path().join("restored-with-the-key");
    let o = cohort(
        &second,
        &["restore", f, "--recovery-key"],
        &format!("{key}\n{OTHER_PASS}\n"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = cohort(&second, &["info"], &format!("{OTHER_PASS}\n"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn export_says_it_is_not_encrypted_and_writes_a_private_zip() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    assert!(cohort(&dir, &["demo"], &format!("{PASS}\n")).status.success());
    let out = tmp.path().join("everything.zip");
    let o = cohort(
        &dir,
        &["export", "--out", out.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not encrypted"));
    assert!(text(&o).contains("psychotherapy notes left out"));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let o = cohort(
        &dir,
        &["export", "--out", out.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(o.status.code(), Some(6), "never over a file: {}", text(&o));
}
