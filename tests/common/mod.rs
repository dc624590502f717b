#![allow(dead_code)]
pub mod backups;
pub mod cli;
pub mod goals;
pub mod notes;
pub mod reports;
pub mod roster;
/// The plaintext scan, shared with the end-to-end tests.
#[path = "../../e2e/scan.rs"]
pub mod scan;
pub mod sessions;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use cohort::planning::groups::GroupInput;
use cohort::planning::new_group::NewGroup;
use cohort::{Origin, Passphrase, Vault, VaultAccess};

pub const PASS: &str = "maple kettle orbit lantern";
pub const OTHER_PASS: &str = "violet harbour copper whistle";

pub fn pass(s: &str) -> Passphrase {
    Passphrase::from(s)
}

pub struct TestVault {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
    pub recovery_key: String,
}

/// A fresh vault, created and locked again.
pub fn new_vault() -> TestVault {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let created = Vault::create(&dir, &pass(PASS)).unwrap();
    let recovery_key = created.recovery_key.to_string();
    created.vault.lock("test").unwrap();
    TestVault {
        tmp,
        dir,
        recovery_key,
    }
}

pub fn unlock(dir: &Path, p: &str) -> Vault {
    Vault::unlock(dir, &pass(p), Origin::Cli, 0).unwrap()
}

/// The names of the files in a folder, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// Runs `sql` directly and expects the database to refuse it, naming `why`.
pub fn refused(conn: &rusqlite::Connection, sql: &str, why: &str) {
    match conn.execute_batch(sql) {
        Ok(()) => panic!("the database accepted: {sql}"),
        Err(e) => assert!(
            e.to_string().contains(why),
            "{sql}\nrefused with {e}, expected {why:?}"
        ),
    }
}

/// Every file in the folder with its bytes, to prove nothing changed.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            out.insert(
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            );
        }
    }
    out
}

/// The app's hold on a fresh test vault, unlocked.
pub fn access(tv: &TestVault) -> VaultAccess {
    let mut s = VaultAccess::new(&tv.dir);
    s.unlock(&pass(PASS), std::time::Instant::now()).unwrap();
    s
}

pub fn next_monday(from: NaiveDate) -> NaiveDate {
    let mut d = from.succ_opt().unwrap();
    while d.weekday() != chrono::Weekday::Mon {
        d = d.succ_opt().unwrap();
    }
    d
}

/// A 12-week CBT group from the built-in template, first meeting on `first` at 18:00.
pub fn cbt_group(first: NaiveDate) -> NewGroup {
    NewGroup {
        group: GroupInput {
            name: "Monday CBT for depression".into(),
            approach: "CBT".into(),
            first_date: first.format("%Y-%m-%d").to_string(),
            start_time: "18:00".into(),
            location: "Room 2".into(),
            ..GroupInput::default()
        },
        blackout_dates: vec![],
        template_id: Some("builtin:cbt-depression-12".into()),
        copy_from_group: None,
    }
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Unlocking is refused with `code` and a message holding `words`, and no
/// file of the vault changes.
pub fn assert_refused_untouched(tv: &TestVault, code: cohort::ErrorCode, words: &str) {
    let before = snapshot(&tv.dir);
    let e = cohort::Vault::unlock(&tv.dir, &pass(PASS), cohort::Origin::App, 0)
        .err()
        .expect("must be refused");
    assert_eq!(e.code(), code, "{e}");
    assert!(e.to_string().contains(words), "{e}");
    let after = snapshot(&tv.dir);
    for (name, bytes) in &before {
        if name.starts_with("cohort.db-") {
            continue; // SQLite's own WAL/SHM side files
        }
        assert_eq!(after.get(name), Some(bytes), "{name} changed");
    }
    assert!(tv.dir.join("vault.json").exists() || !before.contains_key("vault.json"));
}
