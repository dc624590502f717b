//! The vault and the process hardened (issue 11). The app and the command
//! line harden their process before anything else:
//! no core dump can write keys or records to disk, and what they write is
//! the owner's alone. The vault folder is 0700 and its files 0600, also for
//! a vault made looser by an earlier version.

#![cfg(target_os = "linux")]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use cohort::vault::keys::Passphrase;
use cohort::vault::unlocked::{Origin, Vault};

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn hardening_turns_off_core_dumps_and_keeps_new_files_to_the_owner() {
    cohort::process::harden();
    let mut limit = libc::rlimit {
        rlim_cur: 1,
        rlim_max: 1,
    };
    // SAFETY: reads this process's own limits into a local struct.
    let (got, dumpable) = unsafe {
        (
            libc::getrlimit(libc::RLIMIT_CORE, &mut limit),
            libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0),
        )
    };
    assert_eq!(got, 0);
    assert_eq!(
        (limit.rlim_cur, limit.rlim_max),
        (0, 0),
        "no core file, and it cannot be raised"
    );
    assert_eq!(dumpable, 0, "not dumpable, not attachable");
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("export.ics");
    std::fs::write(&f, "x").unwrap();
    assert_eq!(
        mode(&f),
        0o600,
        "a file written after hardening is the owner's alone"
    );
}

#[test]
fn the_vault_folder_is_the_owners_alone_and_is_tightened_when_opened() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let pass = Passphrase::from(common::PASS);
    let created = Vault::create(&dir, &pass).unwrap();
    created.vault.lock("test").unwrap();
    assert_eq!(mode(&dir), 0o700);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
    // Loosened (an earlier version, a copy): opening tightens it again.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    for name in ["cohort.db", "vault.json"] {
        std::fs::set_permissions(dir.join(name), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let v = Vault::unlock(&dir, &pass, Origin::Cli, 0).unwrap();
    assert_eq!(mode(&dir), 0o700);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
    v.lock("test").unwrap();
}

#[test]
fn changing_the_passphrase_proves_the_current_one_against_the_key_in_memory_not_a_planted_header() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let elsewhere = tmp.path().join("other");
    let pass = Passphrase::from(common::PASS);
    let planted_pass = Passphrase::from("copper violet harbour whistle");
    let mut v = Vault::create(&dir, &pass).unwrap().vault;
    let other = Vault::create(&elsewhere, &planted_pass).unwrap().vault;
    other.lock("test").unwrap();
    // While the vault is open, someone replaces its header with one they made.
    std::fs::copy(elsewhere.join("vault.json"), dir.join("vault.json")).unwrap();
    let e = v
        .change_passphrase(
            &planted_pass,
            &Passphrase::from("a brand new long passphrase here"),
        )
        .expect_err("the planted header's passphrase proves nothing");
    assert_eq!(e.code(), cohort::ErrorCode::WrongPassphrase);
    // The real current passphrase still works, and writes a header of this vault.
    v.change_passphrase(&pass, &Passphrase::from("a brand new long passphrase here"))
        .unwrap();
    v.lock("test").unwrap();
    Vault::unlock(
        &dir,
        &Passphrase::from("a brand new long passphrase here"),
        Origin::Cli,
        0,
    )
    .unwrap()
    .lock("test")
    .unwrap();
}
