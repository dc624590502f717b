//! Corruption: the set of damage a disk, a copy or a hand can do to a
//! vault's files — a flipped byte in page 1, in a later page, in the
//! write-ahead log, a truncated file, a foreign header — each met with its
//! own words, and every file left byte for byte as it was (nothing is ever
//! deleted, repaired in place or overwritten). Page 1, truncation and the
//! foreign files each have their own test in `tests/damaged_vault.rs`; this
//! one holds the whole set to byte-identical files, the log included.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use cohort::{ErrorCode, Origin, Vault};
use common::*;

/// Every file of the folder, byte for byte: the header, the database and
/// its log (the shared-memory index and the lock that keeps a second
/// opener out aside: they hold no record, and SQLite rebuilds the index).
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot(dir)
        .into_iter()
        .filter(|(n, _)| n != "cohort.db-shm" && n != "cohort.lock")
        .collect()
}

/// The demo's vault as a crash leaves it: the database and its own log,
/// with commits still in the log.
fn crashed_demo() -> (TestVault, std::path::PathBuf) {
    let tv = new_vault();
    let mut v = unlock(&tv.dir, PASS);
    v.conn().execute_batch("PRAGMA wal_autocheckpoint = 0").unwrap();
    v.transact(|tx| cohort::demo::build(tx, chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()))
        .unwrap();
    let crashed = tv.tmp.path().join("crashed");
    std::fs::create_dir_all(&crashed).unwrap();
    for f in ["vault.json", "cohort.db", "cohort.db-wal"] {
        std::fs::copy(tv.dir.join(f), crashed.join(f)).unwrap();
    }
    v.lock("test").unwrap();
    (tv, crashed)
}

/// Every file byte for byte as it was, the log included (named if not).
fn same_files(dir: &Path, before: &BTreeMap<String, Vec<u8>>) {
    let after = files(dir);
    let changed: Vec<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|n| before.get(*n) != after.get(*n))
        .collect();
    assert!(changed.is_empty(), "changed: {changed:?}");
}

fn flip(path: &Path, at: u64) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[at as usize] ^= 0x5a;
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_log_damaged_part_way_is_named_and_kept_and_a_log_cut_short_by_a_crash_is_not() {
    let (_tv, dir) = crashed_demo();
    let log = dir.join("cohort.db-wal");
    let len = std::fs::metadata(&log).unwrap().len();
    flip(&log, len / 2);
    let before = files(&dir);
    let e = Vault::unlock(&dir, &pass(PASS), Origin::App, 0)
        .err()
        .expect("refused");
    assert_eq!(e.code(), ErrorCode::Damaged, "{e}");
    let words = e.to_string();
    assert!(
        words.contains("(cohort.db-wal), which holds the latest changes, is damaged part-way"),
        "{words}"
    );
    assert!(words.contains("Nothing was changed"), "{words}");
    same_files(&dir, &before);
    // Its header damaged instead (the page size; the checkpoint count,
    // which only the header's checksum covers): the same words, the same files.
    for at in [9, 13] {
        let (_tv, dir) = crashed_demo();
        flip(&dir.join("cohort.db-wal"), at);
        let before = files(&dir);
        let e = Vault::unlock(&dir, &pass(PASS), Origin::App, 0)
            .err()
            .unwrap_or_else(|| panic!("a log with byte {at} of its header damaged is refused"));
        assert!(e.to_string().contains("is damaged part-way"), "{e}");
        same_files(&dir, &before);
    }
    // A log whose last frames a crash left unfinished is not damage: the
    // vault opens with the commits before them.
    let (_tv, dir) = crashed_demo();
    let log = dir.join("cohort.db-wal");
    let f = std::fs::OpenOptions::new().write(true).open(&log).unwrap();
    f.set_len(len - 100).unwrap();
    drop(f);
    unlock(&dir, PASS).lock("test").unwrap();
}

#[test]
fn a_flipped_byte_in_a_later_page_is_named_when_read_or_checked_and_the_page_is_left_as_it_was() {
    let tv = new_vault();
    let mut v = unlock(&tv.dir, PASS);
    v.transact(|tx| cohort::demo::build(tx, chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()))
        .unwrap();
    v.lock("test").unwrap();
    let db = tv.dir.join("cohort.db");
    let len = std::fs::metadata(&db).unwrap().len();
    let page = (len / 4096 - 3) * 4096;
    flip(&db, page + 500);
    let damaged = std::fs::read(&db).unwrap()[page as usize..(page + 4096) as usize].to_vec();
    // Page 1 is whole, so the vault opens; the damage is met where it is read.
    let v = Vault::unlock(&tv.dir, &pass(PASS), Origin::App, 0).expect("page 1 is whole");
    for (what, e) in [("the check", v.check().err()), ("the records", v.info().err())] {
        let e = e.unwrap_or_else(|| panic!("{what}: the damage goes unseen"));
        assert_eq!(e.code(), ErrorCode::Damaged, "{what}: {e}");
        assert!(
            e.to_string().contains("The vault's database file is damaged"),
            "{what}: {e}"
        );
        assert!(
            e.to_string().contains("Restore the folder from a backup"),
            "{what}: {e}"
        );
    }
    // Once damage is met nothing more is written (locking records no entry).
    drop(v);
    let after = std::fs::read(&db).unwrap();
    assert_eq!(
        after[page as usize..(page + 4096) as usize],
        damaged[..],
        "the damaged page is left as it was, for a backup to be compared with"
    );
}
