//! A damaged, cut short, foreign or unfinished vault: each gets its own
//! words, and nothing on disk changes (nothing is ever deleted).

mod common;

use cohort::{Error, ErrorCode, Origin, Vault};
use common::*;

#[test]
fn a_truncated_database_is_damaged_not_a_wrong_passphrase() {
    let tv = new_vault();
    let db = tv.dir.join("cohort.db");
    let len = std::fs::metadata(&db).unwrap().len();
    let f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
    f.set_len(len - 4096).unwrap();
    drop(f);
    assert_refused_untouched(&tv, ErrorCode::Damaged, "cut short");
    let f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
    f.set_len(1000).unwrap();
    drop(f);
    assert_refused_untouched(&tv, ErrorCode::Damaged, "damaged");
    std::fs::write(&db, b"").unwrap();
    assert_refused_untouched(&tv, ErrorCode::Damaged, "damaged");
}

#[test]
fn a_corrupted_or_foreign_database_is_damaged() {
    let tv = new_vault();
    let db = tv.dir.join("cohort.db");
    let mut bytes = std::fs::read(&db).unwrap();
    for b in &mut bytes[100..200] {
        *b ^= 0xff;
    }
    std::fs::write(&db, &bytes).unwrap();
    assert_refused_untouched(&tv, ErrorCode::Damaged, "first page");

    // A plain SQLite database in its place.
    std::fs::remove_file(&db).unwrap();
    let plain = rusqlite::Connection::open(&db).unwrap();
    plain
        .execute_batch("PRAGMA journal_mode=DELETE; CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(plain);
    assert_refused_untouched(&tv, ErrorCode::Damaged, "not a Cohort database");
}

#[test]
fn a_missing_database_is_reported_and_not_recreated() {
    let tv = new_vault();
    std::fs::remove_file(tv.dir.join("cohort.db")).unwrap();
    assert_refused_untouched(&tv, ErrorCode::Damaged, "database file is missing");
    assert!(!tv.dir.join("cohort.db").exists());
}

#[test]
fn a_damaged_or_missing_header_is_reported() {
    let tv = new_vault();
    let path = tv.dir.join("vault.json");
    let original = std::fs::read(&path).unwrap();
    std::fs::write(&path, &original[..original.len() / 2]).unwrap();
    assert_refused_untouched(&tv, ErrorCode::Damaged, "header file");
    std::fs::write(&path, b"{\"hello\": 1}").unwrap();
    assert_refused_untouched(&tv, ErrorCode::Damaged, "not a Cohort vault header");
}

#[test]
fn a_database_without_its_header_is_said_to_be_unfinished_and_set_aside_only_when_asked() {
    use cohort::vault::folder::{self, Presence};
    let tv = new_vault();
    std::fs::remove_file(tv.dir.join("vault.json")).unwrap();
    let db = std::fs::read(tv.dir.join("cohort.db")).unwrap();
    assert_eq!(folder::presence(&tv.dir), Presence::HalfMade);
    // Unlocking and creating both say what it is, and change nothing.
    assert_refused_untouched(
        &tv,
        ErrorCode::Damaged,
        "without its header file (vault.json), so it can never be opened",
    );
    let before = snapshot(&tv.dir);
    let e = Vault::create(&tv.dir, &pass(OTHER_PASS)).err().unwrap();
    assert!(matches!(e, Error::HalfMade(_)), "never created over it: {e}");
    assert!(e.to_string().contains("start again"), "{e}");
    assert_eq!(snapshot(&tv.dir), before);
    // Starting again keeps the database aside, byte for byte, and makes room.
    let aside = folder::set_aside(&tv.dir, chrono::Utc::now()).unwrap();
    assert!(
        aside
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("vault.set-aside-"),
        "{aside:?}"
    );
    assert_eq!(aside.parent(), tv.dir.parent());
    let aside = aside.join("cohort.db");
    assert_eq!(std::fs::read(&aside).unwrap(), db);
    assert_eq!(folder::presence(&tv.dir), Presence::Absent);
    Vault::create(&tv.dir, &pass(OTHER_PASS))
        .unwrap()
        .vault
        .lock("test")
        .unwrap();
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        db,
        "still there after the new vault"
    );
    // A whole vault is never set aside.
    let e = folder::set_aside(&tv.dir, chrono::Utc::now()).err().unwrap();
    assert_eq!(e.code(), ErrorCode::Conflict);
    unlock(&tv.dir, OTHER_PASS).lock("test").unwrap();
}

#[test]
fn another_vaults_header_is_told_apart_from_a_damaged_first_page() {
    // The same passphrase, so the header opens: only the database says no.
    let tv = new_vault();
    let other = new_vault();
    {
        // A few pages of records, so the file has more than one page.
        let mut v = unlock(&tv.dir, PASS);
        v.transact(|tx| cohort::demo::build(tx, chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()))
            .unwrap();
        v.lock("test").unwrap();
    }
    let own = std::fs::read(tv.dir.join("vault.json")).unwrap();
    std::fs::copy(other.dir.join("vault.json"), tv.dir.join("vault.json")).unwrap();
    assert_refused_untouched(&tv, ErrorCode::Damaged, "belong to two different vaults");
    std::fs::write(tv.dir.join("vault.json"), own).unwrap();
    // The first page damaged, the rest intact.
    let path = tv.dir.join("cohort.db");
    let mut bytes = std::fs::read(&path).unwrap();
    for b in &mut bytes[100..200] {
        *b ^= 0xff;
    }
    std::fs::write(&path, &bytes).unwrap();
    assert_refused_untouched(
        &tv,
        ErrorCode::Damaged,
        "The first page of the vault's database file",
    );
}

#[test]
fn a_file_cut_short_by_whole_pages_says_so() {
    let tv = new_vault();
    {
        let mut v = unlock(&tv.dir, PASS);
        v.transact(|tx| cohort::demo::build(tx, chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()))
            .unwrap();
        v.lock("test").unwrap();
    }
    let db = tv.dir.join("cohort.db");
    let pages = std::fs::metadata(&db).unwrap().len() / 4096;
    assert!(pages > 20, "{pages} pages");
    for keep in [pages - 1, pages / 2, 3] {
        let f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
        f.set_len(keep * 4096).unwrap();
        drop(f);
        let e = Vault::unlock(&tv.dir, &pass(PASS), Origin::App, 0).err().unwrap();
        let words = e.to_string();
        assert!(
            words.contains(&format!("cut short: it holds {keep} pages of the {pages}"))
                || words.contains(&format!(
                    "cut short or has lost pages: each of its {keep} pages is intact"
                )),
            "{keep} pages kept: {words}"
        );
        assert!(!words.contains("malformed"), "{words}");
    }
}

#[test]
fn a_downgraded_schema_number_is_said_in_one_sentence() {
    let tv = new_vault();
    {
        let v = unlock(&tv.dir, PASS);
        v.conn().execute_batch("PRAGMA user_version = 5").unwrap();
        v.lock("test").unwrap();
    }
    let before = snapshot(&tv.dir);
    let e = Vault::unlock(&tv.dir, &pass(PASS), Origin::App, 0).err().unwrap();
    let words = e.to_string();
    assert_eq!(e.code(), ErrorCode::Damaged, "{words}");
    assert!(
        words.contains("does not match the version it records (version 5)"),
        "{words}"
    );
    for sql in ["CREATE", "ALTER", "BEGIN", "--"] {
        assert!(!words.contains(sql), "no SQL in the message: {words}");
    }
    let after = snapshot(&tv.dir);
    assert_eq!(
        after.get("cohort.db"),
        before.get("cohort.db"),
        "the file is as it was"
    );
}

#[test]
fn a_log_from_another_vault_is_named_and_the_database_left_as_it_was() {
    let tv = new_vault();
    let other = new_vault();
    // The other vault's log while it is open (its unlock wrote to it).
    let v = unlock(&other.dir, PASS);
    let log = std::fs::read(other.dir.join("cohort.db-wal")).unwrap();
    assert!(!log.is_empty());
    v.lock("test").unwrap();
    std::fs::write(tv.dir.join("cohort.db-wal"), &log).unwrap();
    assert_refused_untouched(&tv, ErrorCode::Damaged, "(cohort.db-wal) does not belong to it");
    assert_eq!(
        std::fs::read(tv.dir.join("cohort.db-wal")).unwrap(),
        log,
        "the log is kept"
    );
    // Moved out, the vault opens as it was.
    std::fs::remove_file(tv.dir.join("cohort.db-wal")).unwrap();
    unlock(&tv.dir, PASS).lock("test").unwrap();
}

#[test]
fn a_vaults_own_log_left_by_a_crash_verifies_and_keeps_its_commits() {
    use cohort::vault::header::Header;
    use cohort::vault::wal::{self, Log};
    let tv = new_vault();
    let mut v = unlock(&tv.dir, PASS);
    v.transact(|tx| cohort::demo::build(tx, chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()))
        .unwrap();
    // The folder as a crash leaves it: copied while the vault is open.
    let crashed = tv.tmp.path().join("crashed");
    std::fs::create_dir_all(&crashed).unwrap();
    for f in ["vault.json", "cohort.db", "cohort.db-wal"] {
        std::fs::copy(tv.dir.join(f), crashed.join(f)).unwrap();
    }
    v.lock("test").unwrap();
    let header = Header::read(&crashed).unwrap();
    let key = header
        .passphrase
        .open_with_passphrase(&pass(PASS), &header.vault_id)
        .unwrap();
    match wal::check(&crashed.join("cohort.db"), &key) {
        Log::Own { frames } => assert!(frames > 10, "{frames} frames"),
        other => panic!("the vault's own log: {other:?}"),
    }
    // Another vault's key verifies none of it.
    let other = new_vault();
    let oh = Header::read(&other.dir).unwrap();
    let other_key = oh
        .passphrase
        .open_with_passphrase(&pass(PASS), &oh.vault_id)
        .unwrap();
    assert!(matches!(
        wal::check(&crashed.join("cohort.db"), &other_key),
        Log::NotOwn { .. }
    ));
    // Unlocked, the commits in the log are there.
    let v = unlock(&crashed, PASS);
    let groups: i64 = v
        .conn()
        .query_row("SELECT count(*) FROM groups", [], |r| r.get(0))
        .unwrap();
    assert!(groups > 0, "the demo's groups came back from the log");
    v.lock("test").unwrap();
}
