//! The vault against real encrypted databases in temporary folders.

mod common;

use cohort::settings::{self, AutoLockMinutes, ClinicianProfile};
use cohort::values::Timestamp;
use cohort::vault::audit;
use cohort::{Error, ErrorCode, Origin, Vault};
use common::*;

#[test]
fn a_new_vault_opens_with_its_passphrase_and_records_the_unlock() {
    let tv = new_vault();
    let v = unlock(&tv.dir, PASS);
    let events: Vec<String> = audit::recent(v.conn(), 10)
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert_eq!(events, ["unlocked", "locked", "vault_created"]);
    assert_eq!(
        v.info().unwrap().schema_version,
        cohort::vault::migrate::latest_schema_version()
    );
}

#[test]
fn the_recovery_key_is_eight_groups_of_four() {
    let tv = new_vault();
    let groups: Vec<&str> = tv.recovery_key.split('-').collect();
    assert_eq!(groups.len(), 8);
    assert!(groups
        .iter()
        .all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_alphanumeric())));
}

#[test]
fn creating_refuses_short_weak_and_existing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let e = Vault::create(&dir, &pass("short")).err().unwrap();
    assert_eq!(e.code(), ErrorCode::Validation);
    assert!(e.to_string().contains("at least 12 characters"), "{e}");
    let e = Vault::create(&dir, &pass("password1234")).err().unwrap();
    assert!(e.to_string().contains("too weak"), "{e}");
    assert!(!dir.exists(), "a refused passphrase creates nothing");

    let tv = new_vault();
    let before = snapshot(&tv.dir);
    let e = Vault::create(&tv.dir, &pass(OTHER_PASS)).err().unwrap();
    assert!(matches!(e, Error::VaultExists(_)));
    assert_eq!(
        snapshot(&tv.dir),
        before,
        "an existing vault is never overwritten"
    );
}

#[test]
fn wrong_passphrase_says_so_and_changes_nothing() {
    let tv = new_vault();
    let before = snapshot(&tv.dir);
    let e = Vault::unlock(&tv.dir, &pass("not the right passphrase"), Origin::App, 0)
        .err()
        .unwrap();
    assert_eq!(e.code(), ErrorCode::WrongPassphrase);
    assert!(e.to_string().contains("passphrase is not right"));
    assert_eq!(snapshot(&tv.dir), before);
}

#[test]
fn failed_attempts_are_recorded_at_the_next_unlock() {
    let tv = new_vault();
    let v = Vault::unlock(&tv.dir, &pass(PASS), Origin::App, 3).unwrap();
    let recent = audit::recent(v.conn(), 2).unwrap();
    assert_eq!(recent[0].event, "unlocked");
    assert_eq!(recent[1].event, "unlock_failed");
    assert!(recent[1].detail.starts_with("3 failed"));
}

#[test]
fn changing_the_passphrase_keeps_the_records_and_retires_the_old_one() {
    let tv = new_vault();
    let mut v = unlock(&tv.dir, PASS);
    v.transact(|tx| {
        settings::save_profile(
            tx,
            &ClinicianProfile {
                full_name: "Dana Reyes".into(),
                ..Default::default()
            },
            Timestamp::now(),
        )
    })
    .unwrap();
    let e = v
        .change_passphrase(&pass("wrong current passphrase"), &pass(OTHER_PASS))
        .err()
        .unwrap();
    assert_eq!(e.code(), ErrorCode::WrongPassphrase);
    let e = v.change_passphrase(&pass(PASS), &pass("abc")).err().unwrap();
    assert_eq!(e.code(), ErrorCode::Validation);
    v.change_passphrase(&pass(PASS), &pass(OTHER_PASS)).unwrap();
    v.lock("test").unwrap();

    assert_eq!(
        Vault::unlock(&tv.dir, &pass(PASS), Origin::App, 0)
            .err()
            .unwrap()
            .code(),
        ErrorCode::WrongPassphrase
    );
    let v = unlock(&tv.dir, OTHER_PASS);
    assert_eq!(settings::load(v.conn()).unwrap().profile.full_name, "Dana Reyes");
    assert!(audit::recent(v.conn(), 20)
        .unwrap()
        .iter()
        .any(|e| e.event == "passphrase_changed"));
    assert!(!tv.dir.join("vault.json.tmp").exists());
}

#[test]
fn the_recovery_key_resets_a_forgotten_passphrase() {
    let tv = new_vault();
    let typed = tv.recovery_key.to_lowercase().replace('-', " ");
    let v = Vault::unlock_with_recovery_key(&tv.dir, &typed, &pass(OTHER_PASS), Origin::App, 0).unwrap();
    assert!(audit::recent(v.conn(), 5)
        .unwrap()
        .iter()
        .any(|e| e.event == "passphrase_reset_with_recovery_key"));
    v.lock("test").unwrap();
    unlock(&tv.dir, OTHER_PASS).lock("test").unwrap();
    // The recovery key keeps working.
    let v = Vault::unlock_with_recovery_key(&tv.dir, &tv.recovery_key, &pass(PASS), Origin::App, 0).unwrap();
    v.lock("test").unwrap();
}

#[test]
fn a_wrong_or_mistyped_recovery_key_is_refused_and_changes_nothing() {
    let tv = new_vault();
    let before = snapshot(&tv.dir);
    let other = new_vault();
    let e = Vault::unlock_with_recovery_key(&tv.dir, &other.recovery_key, &pass(OTHER_PASS), Origin::App, 0)
        .err()
        .unwrap();
    assert_eq!(e.code(), ErrorCode::WrongRecoveryKey);
    let e = Vault::unlock_with_recovery_key(&tv.dir, "ABCD-1234", &pass(OTHER_PASS), Origin::App, 0)
        .err()
        .unwrap();
    assert_eq!(e.code(), ErrorCode::Validation);
    assert!(e.to_string().contains("eight groups of four"));
    let e = Vault::unlock_with_recovery_key(&tv.dir, &tv.recovery_key, &pass("weak"), Origin::App, 0)
        .err()
        .unwrap();
    assert_eq!(e.code(), ErrorCode::Validation);
    assert_eq!(snapshot(&tv.dir), before);
}

#[test]
fn a_second_opener_is_told_the_vault_is_already_open() {
    let tv = new_vault();
    let v = unlock(&tv.dir, PASS);
    let e = Vault::unlock(&tv.dir, &pass(PASS), Origin::Cli, 0).err().unwrap();
    assert_eq!(e.code(), ErrorCode::AlreadyOpen);
    assert!(e.to_string().contains("already open"));
    v.lock("test").unwrap();
    unlock(&tv.dir, PASS).lock("test").unwrap();
}

#[test]
fn an_empty_folder_has_no_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let e = Vault::unlock(tmp.path(), &pass(PASS), Origin::App, 0)
        .err()
        .unwrap();
    assert_eq!(e.code(), ErrorCode::NoVault);
}

fn edit_header(tv: &TestVault, f: impl FnOnce(&mut serde_json::Value)) {
    let path = tv.dir.join("vault.json");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
}

#[test]
fn a_hand_edited_header_is_tampered() {
    let tv = new_vault();
    edit_header(&tv, |v| v["created_at"] = "2020-01-01T00:00:00.000Z".into());
    assert_refused_untouched(&tv, ErrorCode::Damaged, "changed outside Cohort");
}

#[test]
fn a_header_edited_with_a_recomputed_checksum_is_still_caught_by_its_mac() {
    let tv = new_vault();
    let path = tv.dir.join("vault.json");
    let mut h = cohort::vault::header::Header::parse(&std::fs::read(&path).unwrap()).unwrap();
    h.created_at = "2020-01-01T00:00:00.000Z".into();
    let canon = h.canonical();
    use sha2::Digest;
    h.checksum = hex::encode(sha2::Sha256::digest(canon.as_bytes()));
    std::fs::write(&path, serde_json::to_vec_pretty(&h).unwrap()).unwrap();
    assert_refused_untouched(&tv, ErrorCode::Damaged, "changed outside Cohort");
}

#[test]
fn weakened_kdf_parameters_are_refused() {
    let tv = new_vault();
    let path = tv.dir.join("vault.json");
    let mut h = cohort::vault::header::Header::parse(&std::fs::read(&path).unwrap()).unwrap();
    h.passphrase.kdf.memory_kib = 1024;
    use sha2::Digest;
    h.checksum = hex::encode(sha2::Sha256::digest(h.canonical().as_bytes()));
    std::fs::write(&path, serde_json::to_vec_pretty(&h).unwrap()).unwrap();
    assert_refused_untouched(&tv, ErrorCode::Damaged, "out of range");
}

#[test]
fn a_vault_from_a_newer_cohort_is_refused_untouched() {
    let tv = new_vault();
    edit_header(&tv, |v| v["format_version"] = 99.into());
    assert_refused_untouched(&tv, ErrorCode::NewerVersion, "newer version of Cohort");

    let tv = new_vault();
    {
        let v = unlock(&tv.dir, PASS);
        v.conn().execute_batch("PRAGMA user_version = 999").unwrap();
        v.lock("test").unwrap();
    }
    assert_refused_untouched(&tv, ErrorCode::NewerVersion, "database schema 999");
}

#[test]
fn settings_refuse_out_of_range_values_with_the_field_named() {
    let tv = new_vault();
    let mut v = unlock(&tv.dir, PASS);
    for bad in [0, 61, -5] {
        let e = AutoLockMinutes::new(bad).err().unwrap();
        assert_eq!(e.field(), Some("auto_lock_minutes"));
        assert!(e.to_string().contains("between 1 and 60"));
    }
    v.transact(|tx| settings::set_auto_lock(tx, AutoLockMinutes::new(25)?))
        .unwrap();
    assert_eq!(settings::load(v.conn()).unwrap().auto_lock_minutes, 25);
    assert_eq!(AutoLockMinutes::DEFAULT.get(), 10);

    let long = "x".repeat(121);
    let e = v
        .transact(|tx| {
            settings::save_profile(
                tx,
                &ClinicianProfile {
                    full_name: long.clone(),
                    ..Default::default()
                },
                Timestamp::now(),
            )
        })
        .err()
        .unwrap();
    assert_eq!(e.field(), Some("full_name"));
    assert_eq!(
        settings::load(v.conn()).unwrap().profile.full_name,
        "",
        "nothing half-saved"
    );
    let audit_len = audit::recent(v.conn(), 100).unwrap().len();
    assert!(
        v.conn()
            .execute("UPDATE settings SET auto_lock_minutes = 0", [])
            .is_err(),
        "the database refuses it too"
    );
    assert_eq!(audit::recent(v.conn(), 100).unwrap().len(), audit_len);
}

#[test]
fn the_audit_trail_refuses_update_and_delete_and_check_finds_tampering() {
    let tv = new_vault();
    let v = unlock(&tv.dir, PASS);
    let e = v
        .conn()
        .execute("UPDATE audit_log SET detail = 'x'", [])
        .unwrap_err();
    assert!(e.to_string().contains("append-only"));
    let e = v.conn().execute("DELETE FROM audit_log", []).unwrap_err();
    assert!(e.to_string().contains("append-only"));
    assert!(v.check().unwrap().is_ok(), "{:?}", v.check().unwrap());
    // Someone bypasses the triggers: the chain check notices.
    v.conn()
        .execute_batch("DROP TRIGGER audit_log_guard_delete; DELETE FROM audit_log WHERE seq = 2;")
        .unwrap();
    let report = v.check().unwrap();
    assert!(!report.is_ok());
    assert!(
        report.problems.iter().any(|p| p.contains("entry 2 is missing")),
        "{report:?}"
    );
}

#[test]
fn no_plaintext_reaches_any_file_in_the_vault_folder() {
    let tv = new_vault();
    let marker = "ZQXJ-PLAINTEXT-MARKER-7731";
    let mut v = unlock(&tv.dir, PASS);
    let save = |tx: &rusqlite::Connection, i: String| {
        settings::save_profile(
            tx,
            &ClinicianProfile {
                full_name: format!("{marker} {i}"),
                practice_name: marker.into(),
                ..Default::default()
            },
            Timestamp::now(),
        )
    };
    for i in 0..50 {
        v.transact(|tx| save(tx, i.to_string())).unwrap();
    }
    let scan = |when: &str| {
        for e in walk(&tv.tmp.path().to_path_buf()) {
            let bytes = std::fs::read(&e).unwrap();
            assert!(
                !bytes.windows(marker.len()).any(|w| w == marker.as_bytes()),
                "plaintext found in {} ({when})",
                e.display()
            );
        }
    };
    assert!(
        tv.dir.join("cohort.db-wal").exists(),
        "the WAL is in use and must be scanned too"
    );
    scan("while open");
    // With a write transaction open over the marker (its pages dirty in
    // memory, the log and its shared-memory index in use).
    v.transact(|tx| {
        for i in 0..200 {
            save(tx, format!("open {i}"))?;
        }
        assert!(
            tv.dir.join("cohort.db-shm").exists(),
            "the shared-memory file is scanned too"
        );
        scan("with a transaction open");
        Ok(())
    })
    .unwrap();
    v.lock("test").unwrap();
    scan("after lock");
}

fn walk(dir: &std::path::PathBuf) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn connection_settings_are_the_documented_ones() {
    let tv = new_vault();
    let v = unlock(&tv.dir, PASS);
    let get = |p: &str| -> String {
        v.conn()
            .query_row(&format!("PRAGMA {p}"), [], |r| {
                r.get::<_, rusqlite::types::Value>(0)
            })
            .map(|v| format!("{v:?}"))
            .unwrap()
    };
    assert_eq!(get("foreign_keys"), "Integer(1)");
    assert_eq!(get("journal_mode"), "Text(\"wal\")");
    assert_eq!(get("synchronous"), "Integer(2)");
    assert_eq!(get("temp_store"), "Integer(2)");
    assert_eq!(get("secure_delete"), "Integer(1)");
    let cipher: String = v
        .conn()
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .unwrap();
    assert!(cipher.starts_with('4'), "SQLCipher 4, got {cipher}");
}

#[test]
fn a_half_written_new_header_left_by_a_crash_does_not_stop_the_old_passphrase() {
    let tv = new_vault();
    // Killed while writing the new header: the temporary file is partial,
    // the rename never happened.
    std::fs::write(tv.dir.join("vault.json.tmp"), b"{\"format\": \"cohort-va").unwrap();
    let mut v = unlock(&tv.dir, PASS);
    // The next change replaces the leftover and completes.
    v.change_passphrase(&pass(PASS), &pass(OTHER_PASS)).unwrap();
    v.lock("test").unwrap();
    assert!(!tv.dir.join("vault.json.tmp").exists());
    unlock(&tv.dir, OTHER_PASS).lock("test").unwrap();
}

#[test]
fn a_new_header_renamed_in_before_the_crash_opens_with_the_new_passphrase() {
    let tv = new_vault();
    let mut v = unlock(&tv.dir, PASS);
    let old_header = std::fs::read(tv.dir.join("vault.json")).unwrap();
    v.change_passphrase(&pass(PASS), &pass(OTHER_PASS)).unwrap();
    drop(v); // killed: no lock event, the WAL may hold the last commit
    unlock(&tv.dir, OTHER_PASS).lock("test").unwrap();
    // And had the crash come before the rename, the old header opens with the old one.
    std::fs::write(tv.dir.join("vault.json"), old_header).unwrap();
    unlock(&tv.dir, PASS).lock("test").unwrap();
}
