//! Backups: made while the vault is open, checked whole, restored into a
//! new folder with every row of every table as it was, and refused — with
//! their own message, nothing created — when damaged, cut short, of
//! another vault or newer than this version.

mod common;

use cohort::values::Timestamp;
use cohort::vault::backup::{self, Secret, Target};
use cohort::Vault;
use cohort::{ErrorCode, Origin};
use common::backups::*;
use common::*;

#[test]
fn the_demo_backed_up_and_restored_holds_every_row_of_every_table() {
    let tv = demo_vault();
    let v = unlock(&tv.dir, PASS);
    let original = all_rows(v.conn());
    let folder = tv.tmp.path().join("backups");
    let made = backup_of(&v, &folder, "demo.cohortbackup");
    assert!(made.bytes > 100_000, "{} bytes", made.bytes);
    assert_eq!(
        file_names(&folder),
        ["demo.cohortbackup"],
        "only the backup is left"
    );
    let groups = made.manifest.tables.iter().find(|t| t.name == "groups").unwrap();
    assert_eq!(groups.rows, 1, "the manifest counts the demo's group");

    // Checked whole with the passphrase, and with the key in memory.
    let p = the_pass();
    let checked = backup::verify(&made.path, &Secret::Passphrase(&p)).unwrap();
    assert_eq!(checked.tables, made.manifest.tables);
    assert_eq!(v.verify_backup(&made.path).unwrap().tables, made.manifest.tables);
    v.lock("test").unwrap();

    let restored_dir = tv.tmp.path().join("restored");
    let r = backup::restore(
        &made.path,
        &Secret::Passphrase(&p),
        None,
        &restored_dir,
        Target::NewFolder,
        Timestamp::now(),
    )
    .unwrap();
    assert_eq!(r.schema_from, r.schema_to);
    assert!(r.set_aside.is_none());
    let back = Vault::unlock(&restored_dir, &p, Origin::Cli, 0).unwrap();
    assert_same_records(&original, &all_rows(back.conn()), 2);
    let report = cohort::practice::check::check(&back).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    let events: Vec<String> = back
        .conn()
        .prepare("SELECT event FROM audit_log ORDER BY seq DESC LIMIT 2")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        events,
        ["unlocked", "vault_restored"],
        "the restore is in the restored vault's history"
    );
    let leftovers: Vec<String> = file_names(tv.tmp.path())
        .into_iter()
        .filter(|n| n.contains("restoring"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Restoring `file` into a new folder is refused with `code`, a message
/// holding `words`, and nothing is created.
fn refused_to_restore(file: &std::path::Path, code: ErrorCode, words: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("restored");
    let p = the_pass();
    let e = backup::restore(
        file,
        &Secret::Passphrase(&p),
        None,
        &target,
        Target::NewFolder,
        Timestamp::now(),
    )
    .err()
    .unwrap_or_else(|| panic!("restoring must be refused ({words})"));
    assert_eq!(e.code(), code, "{e}");
    assert!(e.to_string().contains(words), "{e}");
    assert!(
        file_names(tmp.path()).is_empty(),
        "nothing was created: {:?}",
        file_names(tmp.path())
    );
    e.to_string()
}

/// A copy of `bytes` with the byte at `at` flipped.
fn flipped(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut b = bytes.to_vec();
    b[at] ^= 0x20;
    b
}

#[test]
fn a_damaged_cut_short_foreign_or_newer_backup_is_refused_with_its_own_message_and_nothing_is_created() {
    let tv = demo_vault();
    let v = unlock(&tv.dir, PASS);
    let folder = tv.tmp.path().join("backups");
    let made = backup_of(&v, &folder, "demo.cohortbackup");
    v.lock("test").unwrap();
    let bytes = std::fs::read(&made.path).unwrap();
    let probe = folder.join("probe.cohortbackup");
    let envelope_len = u64::from_le_bytes(bytes[20..28].try_into().unwrap()) as usize;
    let db_start = 100 + envelope_len + 32;

    // A flipped byte anywhere: in the opening bytes, the description, the
    // vault header it carries, its MAC, the first page, a later page, the last byte.
    let mut messages = std::collections::BTreeSet::new();
    let header_at = 100
        + String::from_utf8_lossy(&bytes[100..100 + envelope_len])
            .find("\"ciphertext\"")
            .unwrap();
    let mut places = vec![
        0,
        5,
        17,
        21,
        30,
        40,
        70,
        99,
        101,
        150,
        header_at + 20,
        100 + envelope_len + 3,
    ];
    places.extend([
        db_start,
        db_start + 17,
        db_start + 4096 + 100,
        bytes.len() / 2,
        bytes.len() - 1,
    ]);
    for at in places {
        std::fs::write(&probe, flipped(&bytes, at)).unwrap();
        let m = refused_to_restore(&probe, ErrorCode::Damaged, "damaged or changed since it was made");
        messages.insert(m.split('(').nth(1).unwrap_or("").to_string());
    }
    assert!(
        messages.len() >= 4,
        "each part names what is wrong: {messages:#?}"
    );
    // Every 4 KiB of the records, for good measure.
    for at in (db_start..bytes.len()).step_by(4096 * 7) {
        std::fs::write(&probe, flipped(&bytes, at)).unwrap();
        refused_to_restore(
            &probe,
            ErrorCode::Damaged,
            "its records are not as they were written",
        );
    }

    // Cut short: anywhere, the same words, and how much is there.
    for len in [
        0,
        50,
        100,
        200,
        db_start + 10,
        bytes.len() - 4096,
        bytes.len() - 1,
    ] {
        std::fs::write(&probe, &bytes[..len]).unwrap();
        let m = if len < 12 {
            refused_to_restore(&probe, ErrorCode::Damaged, "not a Cohort backup")
        } else {
            refused_to_restore(&probe, ErrorCode::Damaged, "has been cut short")
        };
        if len >= 100 {
            assert!(m.contains(&format!("{len} bytes of the {}", bytes.len())), "{m}");
        }
    }

    // Not a backup at all.
    std::fs::write(&probe, b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n").unwrap();
    refused_to_restore(&probe, ErrorCode::Damaged, "not a Cohort backup");

    // A deliberate change that recomputes every hash is found by the MAC.
    let mut forged = bytes.clone();
    forged[db_start + 4096 * 3] ^= 1;
    let db_hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&forged[db_start..]));
    let env = String::from_utf8(forged[100..100 + envelope_len].to_vec()).unwrap();
    let old_hash = made_sha(&env);
    let env = env.replace(&old_hash, &db_hash);
    let forged = reseal(&forged, env.as_bytes());
    std::fs::write(&probe, &forged).unwrap();
    refused_to_restore(&probe, ErrorCode::Damaged, "changed after it was made");

    // Newer: a schema this version does not know, refused before any passphrase.
    let env = String::from_utf8(bytes[100..100 + envelope_len].to_vec()).unwrap();
    let latest = cohort::vault::migrate::latest_schema_version();
    let newer = env.replace(
        &format!("\"schema_version\": {latest}"),
        &format!("\"schema_version\": {}", latest + 1),
    );
    assert_ne!(newer, env);
    std::fs::write(&probe, reseal(&bytes, newer.as_bytes())).unwrap();
    let m = refused_to_restore(
        &probe,
        ErrorCode::NewerVersion,
        "made by a newer version of Cohort",
    );
    assert!(m.contains(&format!("database schema {}", latest + 1)), "{m}");
    let mut newer_format = bytes.clone();
    newer_format[16] = 2;
    let own = <sha2::Sha256 as sha2::Digest>::digest(&newer_format[..68]);
    newer_format[68..100].copy_from_slice(&own);
    std::fs::write(&probe, &newer_format).unwrap();
    refused_to_restore(&probe, ErrorCode::NewerVersion, "backup format 2");

    // Another vault's backup: its parts spliced with this one's, or checked
    // in this vault.
    let other = demo_vault();
    let ov = unlock(&other.dir, PASS);
    let theirs = backup_of(&ov, &folder, "theirs.cohortbackup");
    ov.lock("test").unwrap();
    let their_bytes = std::fs::read(&theirs.path).unwrap();
    let their_env_len = u64::from_le_bytes(their_bytes[20..28].try_into().unwrap()) as usize;
    let spliced = [&bytes[..db_start], &their_bytes[100 + their_env_len + 32..]].concat();
    std::fs::write(&probe, &spliced).unwrap();
    refused_to_restore(&probe, ErrorCode::Damaged, "damaged or changed");
    let v = unlock(&tv.dir, PASS);
    let e = v.verify_backup(&theirs.path).err().unwrap();
    assert_eq!(e.code(), ErrorCode::Conflict);
    assert!(e.to_string().contains("This backup is of another vault"), "{e}");
    v.lock("test").unwrap();

    // The wrong passphrase: its own words, naming when the backup was made.
    let tmp = tempfile::tempdir().unwrap();
    let wrong = pass(OTHER_PASS);
    let e = backup::restore(
        &made.path,
        &Secret::Passphrase(&wrong),
        None,
        &tmp.path().join("r"),
        Target::NewFolder,
        Timestamp::now(),
    )
    .err()
    .unwrap();
    assert_eq!(e.code(), ErrorCode::WrongPassphrase);
    assert!(
        e.to_string().contains("passphrase you had when it was made"),
        "{e}"
    );
    assert!(file_names(tmp.path()).is_empty());
}

/// The database's SHA-256 the description records.
fn made_sha(envelope: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(envelope).unwrap();
    v["database"]["sha256"].as_str().unwrap().to_string()
}

/// `bytes` with its description replaced and its opening hashes recomputed
/// (what anyone can do without the key; the MAC stays the old one).
fn reseal(bytes: &[u8], envelope: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    let old_len = u64::from_le_bytes(bytes[20..28].try_into().unwrap()) as usize;
    let mut pro = bytes[..100].to_vec();
    pro[20..28].copy_from_slice(&(envelope.len() as u64).to_le_bytes());
    pro[36..68].copy_from_slice(&sha2::Sha256::digest(envelope));
    let own = sha2::Sha256::digest(&pro[..68]);
    pro[68..100].copy_from_slice(&own);
    [&pro[..], envelope, &bytes[100 + old_len..]].concat()
}
