//! The `cohort` command line, run as a user would, with answers on stdin.

mod common;

use std::process::{Command, Output};

use common::cli::{cohort, text};

const PASS: &str = "maple kettle orbit lantern";
const NEW_PASS: &str = "violet harbour copper whistle";

fn recovery_key_of(init: &Output) -> String {
    let out = String::from_utf8_lossy(&init.stdout);
    out.lines()
        .map(str::trim)
        .find(|l| l.len() == 39 && l.matches('-').count() == 7)
        .expect("init prints the recovery key")
        .to_string()
}

#[test]
fn init_info_check_and_passwd_with_documented_exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");

    let o = cohort(&dir, &["init"], "weak\n");
    assert_eq!(o.status.code(), Some(6), "{}", text(&o));
    assert!(text(&o).contains("at least 12 characters"));

    let init = cohort(&dir, &["init"], &format!("{PASS}\n"));
    assert_eq!(init.status.code(), Some(0), "{}", text(&init));
    let key = recovery_key_of(&init);

    let o = cohort(&dir, &["init"], &format!("{PASS}\n"));
    assert_eq!(o.status.code(), Some(4), "a second init is refused: {}", text(&o));

    let o = cohort(&dir, &["info"], &format!("{PASS}\n"));
    assert_eq!(o.status.code(), Some(0));
    let t = text(&o);
    assert!(t.contains("Header format:     1"), "{t}");
    assert!(t.contains("Argon2id, 64 MiB, 3 passes"), "{t}");
    assert!(t.contains("audit entries"), "{t}");

    let o = cohort(&dir, &["check"], "wrong wrong wrong\n");
    assert_eq!(o.status.code(), Some(3));
    assert!(text(&o).contains("passphrase is not right"));

    let o = cohort(&dir, &["check"], &format!("{PASS}\n"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("cipher integrity"));
    assert!(text(&o).contains("The vault is sound."));

    let o = cohort(&dir, &["passwd"], &format!("{PASS}\n{NEW_PASS}\n"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        cohort(&dir, &["info"], &format!("{PASS}\n")).status.code(),
        Some(3)
    );
    assert_eq!(
        cohort(&dir, &["info"], &format!("{NEW_PASS}\n")).status.code(),
        Some(0)
    );

    let o = cohort(
        &dir,
        &["passwd", "--recovery-key"],
        &format!("{}\n{PASS}\n", key.to_lowercase()),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        cohort(&dir, &["info"], &format!("{PASS}\n")).status.code(),
        Some(0)
    );

    let o = cohort(&dir, &["passwd", "--recovery-key"], &format!("AAAA\n{PASS}\n"));
    assert_eq!(o.status.code(), Some(6));
}

#[test]
fn check_exits_non_zero_when_the_audit_trail_was_tampered_with() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    assert!(cohort(&dir, &["init"], &format!("{PASS}\n")).status.success());
    {
        let v = cohort::Vault::unlock(&dir, &cohort::Passphrase::from(PASS), cohort::Origin::Cli, 0).unwrap();
        v.conn()
            .execute_batch(
                "DROP TRIGGER audit_log_guard_update; UPDATE audit_log SET detail = 'edited' WHERE seq = 1;",
            )
            .unwrap();
        v.lock("test").unwrap();
    }
    let o = cohort(&dir, &["check"], &format!("{PASS}\n"));
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("PROBLEM  audit trail: entry 1"), "{}", text(&o));
}

#[test]
fn a_vault_open_elsewhere_is_reported_with_its_own_exit_code() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    assert!(cohort(&dir, &["init"], &format!("{PASS}\n")).status.success());
    let held = cohort::Vault::unlock(&dir, &cohort::Passphrase::from(PASS), cohort::Origin::App, 0).unwrap();
    let o = cohort(&dir, &["info"], &format!("{PASS}\n"));
    assert_eq!(o.status.code(), Some(5));
    assert!(text(&o).contains("already open"));
    held.lock("test").unwrap();
}

#[test]
fn help_documents_the_exit_codes() {
    let o = Command::new(env!("CARGO_BIN_EXE_cohort"))
        .arg("--help")
        .output()
        .unwrap();
    let t = String::from_utf8_lossy(&o.stdout);
    for needle in [
        "Exit codes:",
        "3  wrong passphrase",
        "5  the vault is open",
        "--passphrase-stdin",
    ] {
        assert!(t.contains(needle), "missing {needle:?} in help:\n{t}");
    }
}

#[test]
fn demo_creates_a_vault_with_a_planned_twelve_week_group() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let o = cohort(&dir, &["demo"], &format!("{PASS}\n"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("four sessions held, with attendance, signed notes"));
    assert!(text(&o).contains("goals rated at each session and PHQ-9 and GAD-7 results"));
    let o = cohort(&dir, &["info"], &format!("{PASS}\n"));
    let t = text(&o);
    assert!(t.contains("groups               1"), "{t}");
    assert!(t.contains("sessions             12"), "{t}");
    assert!(t.contains("members              13"), "{t}");
    assert!(t.contains("enrolled now         9"), "{t}");
    assert!(t.contains("goals                "), "{t}");
    assert!(t.contains("measure results      "), "{t}");
    assert_eq!(
        cohort(&dir, &["check"], &format!("{PASS}\n")).status.code(),
        Some(0)
    );
    assert_eq!(
        cohort(&dir, &["demo"], &format!("{PASS}\n")).status.code(),
        Some(4),
        "never over an existing vault"
    );
}

#[test]
fn demo_large_builds_a_sound_practice_for_a_seed() {
    let tmp = tempfile::tempdir().unwrap();
    // That a seed always gives the same practice is shown in large_practice.rs.
    let args = ["demo", "--large", "--seed", "3", "--today", "2026-11-24"];
    let a = tmp.path().join("a");
    let o = cohort(&a, &args, &format!("{PASS}\n"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("large demo practice (seed 3)") && t.contains("It holds 400 groups"),
        "{t}"
    );
    assert!(t.contains("notes ("), "the notes are counted: {t}");
    let o = cohort(&a, &["info"], &format!("{PASS}\n"));
    assert!(text(&o).contains("groups               400"), "{}", text(&o));
    let o = cohort(&a, &["check"], &format!("{PASS}\n"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("ok       schema:"), "{}", text(&o));
    let o = cohort(
        &tmp.path().join("c"),
        &["demo", "--seed", "3"],
        &format!("{PASS}\n"),
    );
    assert_eq!(o.status.code(), Some(2), "a seed needs --large: {}", text(&o));
}

#[test]
fn failed_unlocks_from_the_command_line_are_recorded_at_the_next_unlock() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let o = cohort(&dir, &["init"], &format!("{PASS}\n"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    for _ in 0..2 {
        let o = cohort(&dir, &["info"], "not the passphrase at all\n");
        assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    }
    let o = cohort(&dir, &["info"], &format!("{PASS}\n"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        !dir.join(cohort::vault::folder::FAILED_ATTEMPTS_FILE).exists(),
        "the count is cleared once recorded"
    );
    let v = cohort::vault::unlocked::Vault::unlock(
        &dir,
        &cohort::Passphrase::from(PASS),
        cohort::vault::unlocked::Origin::Cli,
        0,
    )
    .unwrap();
    let recent = cohort::vault::audit::recent(v.conn(), 5).unwrap();
    assert!(
        recent
            .iter()
            .any(|e| e.event == "unlock_failed" && e.detail.starts_with("2 failed")),
        "{recent:?}"
    );
    v.lock("test").unwrap();
}

#[test]
fn an_unfinished_vault_is_named_and_init_starts_again_only_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let init = cohort(&dir, &["init"], &format!("{PASS}\n"));
    assert_eq!(init.status.code(), Some(0), "{}", text(&init));
    std::fs::remove_file(dir.join("vault.json")).unwrap();
    let db = std::fs::read(dir.join("cohort.db")).unwrap();

    for args in [&["check"][..], &["init"][..]] {
        let o = cohort(&dir, args, &format!("{PASS}\n"));
        assert_eq!(o.status.code(), Some(4), "{args:?}: {}", text(&o));
        assert!(
            text(&o).contains("without its header file (vault.json)"),
            "{}",
            text(&o)
        );
        assert!(
            text(&o).contains("cohort init --start-again --vault"),
            "{}",
            text(&o)
        );
        assert_eq!(
            std::fs::read(dir.join("cohort.db")).unwrap(),
            db,
            "nothing changed"
        );
    }

    let o = cohort(&dir, &["init", "--start-again"], &format!("{NEW_PASS}\n"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("Moved the database without its header to"),
        "{}",
        text(&o)
    );
    let aside: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("v.set-aside-")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        std::fs::read(aside[0].join("cohort.db")).unwrap(),
        db,
        "kept byte for byte"
    );
    let o = cohort(&dir, &["check"], &format!("{NEW_PASS}\n"));
    assert_eq!(o.status.code(), Some(0), "the new vault: {}", text(&o));
}
