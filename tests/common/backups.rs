//! Backups in tests: the demo vault, a backup of it, every row of every
//! table to compare a restore with, and a scan for plaintext.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use cohort::tables::{Keeping, TABLES};
use cohort::values::Timestamp;
use cohort::vault::backup::Made;
use cohort::Vault;
use rusqlite::types::Value;
use rusqlite::Connection;

use super::{pass, unlock, PASS};

/// The day the demo practice is built around in these tests.
pub fn demo_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
}

/// A vault holding the demo practice, locked again.
pub fn demo_vault() -> super::TestVault {
    let tv = super::new_vault();
    let mut v = unlock(&tv.dir, PASS);
    v.transact(|tx| cohort::demo::build(tx, demo_day())).unwrap();
    v.lock("test").unwrap();
    tv
}

/// A backup of the vault at `dir` in `folder`, named `name`.
pub fn backup_of(v: &Vault, folder: &Path, name: &str) -> Made {
    std::fs::create_dir_all(folder).unwrap();
    v.backup_job()
        .unwrap()
        .make(&folder.join(name), Timestamp::now())
        .unwrap()
}

pub type Rows = BTreeMap<String, Vec<Vec<Value>>>;

/// Every row of every table the list names (the derived ones aside: the
/// search index is rebuilt from the notes), in rowid order.
pub fn all_rows(conn: &Connection) -> Rows {
    let mut out = Rows::new();
    for t in TABLES.iter().filter(|t| t.keeping != Keeping::Derived) {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {} ORDER BY rowid", t.name))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
            .unwrap()
            .map(Result::unwrap)
            .collect();
        out.insert(t.name.to_string(), rows);
    }
    out
}

/// The rows of a restored vault equal the original's: every table the
/// same, and the audit trail the same up to the restore's own entries.
pub fn assert_same_records(original: &Rows, restored: &Rows, restore_entries: usize) {
    assert_eq!(original.len(), restored.len());
    for (table, rows) in original {
        let back = &restored[table];
        if table == "audit_log" {
            assert_eq!(
                back.len(),
                rows.len() + restore_entries,
                "audit_log: the restore's own entries"
            );
            assert_eq!(&back[..rows.len()], &rows[..], "audit_log: the history is kept");
        } else {
            assert_eq!(back, rows, "{table}: every row equal");
        }
    }
}

/// Every file under `root` holding any spelling of any of `texts` (UTF-8,
/// UTF-16 either way round); and how many files were read. The end-to-end
/// tests' scan: anything it cannot read fails the test.
pub fn files_holding(root: &Path, texts: &[&str]) -> (Vec<PathBuf>, usize) {
    let needles: Vec<Vec<u8>> = texts.iter().flat_map(|t| super::scan::spellings(t)).collect();
    super::scan::scan_for(root, &needles)
}

/// The passphrase the test vaults are made with.
pub fn the_pass() -> cohort::Passphrase {
    pass(PASS)
}

/// Each table's row count and the SHA-256 of its rows in rowid order (the
/// derived ones aside), for tables too large to hold twice; the audit trail
/// only up to entry `audit_upto` when given.
pub fn table_digests(conn: &Connection, audit_upto: Option<i64>) -> BTreeMap<String, (usize, String)> {
    use sha2::Digest;
    let mut out = BTreeMap::new();
    for t in TABLES.iter().filter(|t| t.keeping != Keeping::Derived) {
        let filter = match (t.name, audit_upto) {
            ("audit_log", Some(n)) => format!(" WHERE seq <= {n}"),
            _ => String::new(),
        };
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {}{filter} ORDER BY rowid", t.name))
            .unwrap();
        let n = stmt.column_count();
        let mut h = sha2::Sha256::new();
        let mut count = 0;
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            count += 1;
            for i in 0..n {
                h.update(format!("{:?}\u{1f}", r.get::<_, Value>(i).unwrap()).as_bytes());
            }
            h.update(b"\x1e");
        }
        out.insert(t.name.to_string(), (count, hex::encode(h.finalize())));
    }
    out
}
