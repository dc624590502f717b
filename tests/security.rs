//! The vault and the process hardened (issue 11). The app and the command
//! line harden their process before anything else:
//! no core dump can write keys or records to disk, and what they write is
//! the owner's alone. The vault folder is 0700 and its files 0600, also for
//! a vault made looser by an earlier version.

#![cfg(target_os = "linux")]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use cohort::values::Timestamp;
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

#[test]
fn an_export_is_refused_until_the_clinician_is_told_it_is_not_encrypted_then_written_0600_where_chosen() {
    use cohort::planning::{ics, new_group};
    use std::time::Instant;
    let tv = common::new_vault();
    let mut s = common::access(&tv);
    let now = Instant::now();
    let (id, _) = s
        .act(now, |tx| {
            new_group::create_group(
                tx,
                &common::cbt_group(common::day("2027-01-04")),
                Timestamp::now(),
            )
        })
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let chosen = out.path().join("my calendar.ics");

    // Not told yet: refused with the warning, nothing written.
    let e = s
        .act(now, |tx| ics::save_ics(tx, id, &chosen, false))
        .err()
        .unwrap();
    assert_eq!(e.code(), cohort::ErrorCode::Confirm);
    assert!(e.to_string().contains("not encrypted"), "{e}");
    assert!(!chosen.exists());

    // A file the clinician chose to replace, readable by others before.
    std::fs::write(&chosen, "old").unwrap();
    std::fs::set_permissions(&chosen, std::fs::Permissions::from_mode(0o644)).unwrap();
    s.act(now, |tx| ics::save_ics(tx, id, &chosen, true)).unwrap();
    assert_eq!(mode(&chosen), 0o600);
    let text = std::fs::read_to_string(&chosen).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR") && text.contains("Room 2"));
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        1,
        "only the file chosen"
    );

    // Told once: the next export needs no acknowledgement, and the audit
    // trail records the telling once and each file.
    let second = out.path().join("again.ics");
    s.act(now, |tx| ics::save_ics(tx, id, &second, false)).unwrap();
    assert_eq!(mode(&second), 0o600);
    let events: Vec<String> = s
        .read(now, |c| cohort::vault::audit::recent(c, 10))
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert_eq!(
        events
            .iter()
            .filter(|e| *e == "plaintext_export_acknowledged")
            .count(),
        1
    );
    assert_eq!(events.iter().filter(|e| *e == "calendar_exported").count(), 2);
}
