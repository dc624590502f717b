//! Opening the encrypted database: the connection set-up, in one place.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use crate::vault::keys::DataKey;
use crate::vault::migrate::{self, latest_schema_version, schema_version};
use crate::vault::wal::{self, Log};

pub const DB_FILE: &str = "cohort.db";
/// SQLCipher 4's page size; the database file is always a whole number of pages.
pub const PAGE_SIZE: u64 = 4096;

/// Whether `open` may create a new database file or must find one.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    CreateNew,
    Existing,
}

/// Opens the database with the data key, in this order: key, a read that
/// proves the key, the version check, then the connection settings, then
/// pending migrations. A database that fails any check is left untouched.
pub(crate) fn open(dir: &Path, key: &DataKey, mode: OpenMode) -> Result<Connection> {
    open_at_version(dir, key, mode, latest_schema_version())
}

/// `open`, migrating only up to `target` (tests build vaults at every
/// earlier schema version this way).
#[doc(hidden)]
pub fn open_at_version(dir: &Path, key: &DataKey, mode: OpenMode, target: u32) -> Result<Connection> {
    if mode == OpenMode::Existing && has_log(dir) {
        check_the_log(dir, key)?;
    }
    open_checked(dir, key, mode, target)
}

/// After a crash a log is left beside the database for SQLite to replay.
/// Before a connection that could fold it into the file is opened, each of
/// its committed frames is checked against the vault's key, from the bytes
/// of the log alone (`wal::check`): a log that is not this database's
/// (another vault's, another copy's, or damaged) is named, and both files
/// are left exactly as they were.
fn check_the_log(dir: &Path, key: &DataKey) -> Result<()> {
    match wal::check(&dir.join(DB_FILE), key) {
        Log::NotOwn { .. } if opens_without_the_log(dir, key) => Err(Error::ForeignLog),
        Log::Damaged { commits_beyond, .. } => Err(Error::LogDamaged { commits_beyond }),
        // Damaged with or without its log, or nothing to check: the open
        // itself tells what is wrong.
        _ => Ok(()),
    }
}

fn has_log(dir: &Path) -> bool {
    std::fs::metadata(dir.join(format!("{DB_FILE}-wal"))).is_ok_and(|m| m.len() > 0)
}

fn open_checked(dir: &Path, key: &DataKey, mode: OpenMode, target: u32) -> Result<Connection> {
    let path = dir.join(DB_FILE);
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    match mode {
        OpenMode::CreateNew => {
            if path.exists() {
                return Err(Error::VaultExists(dir.to_path_buf()));
            }
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        OpenMode::Existing => {
            let meta = std::fs::metadata(&path).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => Error::DatabaseMissing,
                _ => Error::io(format!("read {}", path.display()), e),
            })?;
            // An empty file would read as an empty database and be filled
            // with a fresh schema: refuse it, and any partial page.
            if meta.len() == 0 || meta.len() % PAGE_SIZE != 0 {
                return Err(Error::DatabaseDamaged(format!(
                    "its size, {} bytes, is not a whole number of pages",
                    meta.len()
                )));
            }
        }
    }
    let conn = Connection::open_with_flags(&path, flags).map_err(|e| match mode {
        OpenMode::Existing => Error::DatabaseDamaged(e.to_string()),
        OpenMode::CreateNew => Error::from(e),
    })?;
    apply_key(&conn, key)?;
    // The data key was authenticated when it was unwrapped, so a database it
    // cannot read is damaged or foreign, never "wrong passphrase".
    if let Err(e) = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        return Err(unreadable(&conn, dir, e));
    }

    let version = schema_version(&conn)?;
    if version > latest_schema_version() {
        return Err(Error::NewerVersion {
            what: "database schema",
            found: version,
            supported: latest_schema_version(),
        });
    }
    if mode == OpenMode::Existing {
        check_not_truncated(&conn, dir)?;
        if version == 0 {
            return Err(Error::DatabaseDamaged("it holds no Cohort schema".into()));
        }
    }
    configure(&conn)?;
    migrate::migrate(&conn, target)?;
    Ok(conn)
}

/// The pages whose HMAC does not verify (`cipher_integrity_check`, which
/// reads every page through the log, and needs none of them readable).
fn failed_pages(conn: &Connection) -> Vec<u64> {
    conn.prepare("PRAGMA cipher_integrity_check")
        .and_then(|mut stmt| {
            stmt.query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .unwrap_or_default()
        .iter()
        .filter_map(|line| {
            line.strip_prefix("HMAC verification failed for page ")
                .and_then(|n| n.split_whitespace().next())
                .and_then(|n| n.parse().ok())
        })
        .collect()
}

/// Whether the database file opens with the key when its log is left out.
fn opens_without_the_log(dir: &Path, key: &DataKey) -> bool {
    open_read_only_file(&dir.join(DB_FILE), key).is_ok()
}

/// A database file opened to be read only, as it is (`immutable=1`: no
/// log, no locks, nothing written beside it), under `key`, with the key
/// proved by a read.
pub(crate) fn open_read_only_file(path: &Path, key: &DataKey) -> Result<Connection> {
    let path = path
        .to_string_lossy()
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23");
    let flags =
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(format!("file:{path}?immutable=1"), flags)
        .map_err(|e| Error::DatabaseDamaged(e.to_string()))?;
    apply_key(&conn, key)?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
        .map_err(|e| Error::DatabaseDamaged(e.to_string()))?;
    conn.execute_batch("PRAGMA temp_store = MEMORY;")?;
    Ok(conn)
}

/// A second connection to the database of a vault whose own connection
/// has opened, checked and migrated it: a backup runs on one, beside the
/// app's work. The journal mode (WAL) is the file's own.
pub(crate) fn open_second(dir: &Path, key: &DataKey) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        dir.join(DB_FILE),
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    apply_key(&conn, key)?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;
         PRAGMA temp_store = MEMORY;
         PRAGMA secure_delete = ON;",
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

/// Hands the data key to SQLCipher for `conn`, from a buffer wiped at once,
/// never as SQL text. Must come before anything reads the database.
pub(crate) fn apply_key(conn: &Connection, key: &DataKey) -> Result<()> {
    let raw = key.sqlcipher_raw_key();
    // SAFETY: `conn` is open and owned by the caller; SQLCipher copies the
    // key bytes, which stay valid for the call (the buffer is wiped when
    // `raw` drops).
    let rc = unsafe {
        rusqlite::ffi::sqlite3_key(conn.handle(), raw.as_ptr().cast(), raw.len() as std::ffi::c_int)
    };
    drop(raw);
    if rc != rusqlite::ffi::SQLITE_OK {
        return Err(Error::Internal(format!("SQLCipher refused the key (code {rc})")));
    }
    Ok(())
}

/// A cleanly closed database has no WAL and its header's page count must fit
/// in the file; a file cut short fails this before anything reads past its end.
fn check_not_truncated(conn: &Connection, dir: &Path) -> Result<()> {
    let wal = dir.join(format!("{DB_FILE}-wal"));
    if wal.exists() && std::fs::metadata(&wal).map(|m| m.len() > 0).unwrap_or(false) {
        return Ok(()); // after a crash: SQLite replays the WAL; `cohort check` verifies.
    }
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let pages = pages.max(0) as u64;
    let len = std::fs::metadata(dir.join(DB_FILE))
        .map_err(|e| Error::io("read the database file", e))?
        .len();
    if pages * PAGE_SIZE > len {
        return Err(Error::CutShort {
            has: len / PAGE_SIZE,
            expected: pages,
        });
    }
    Ok(())
}

/// Why a database the (authenticated) data key cannot read is unreadable.
/// Every page is checked on its own (`cipher_integrity_check`, which needs
/// no page to be readable): if none verifies, the key is not this file's —
/// the header came from another vault (or the file is not one of Cohort's);
/// if only the first fails, that page is damaged; if all verify but SQLite
/// finds the database malformed, pages are missing; otherwise what SQLite says.
fn unreadable(conn: &Connection, dir: &Path, e: rusqlite::Error) -> Error {
    let pages = std::fs::metadata(dir.join(DB_FILE))
        .map(|m| m.len() / PAGE_SIZE)
        .unwrap_or(0);
    let failed = failed_pages(conn);
    let mut start = [0u8; 16];
    let plain = std::fs::File::open(dir.join(DB_FILE))
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut start))
        .map(|()| &start == b"SQLite format 3\0")
        .unwrap_or(false);
    if plain {
        Error::DatabaseDamaged("it is a plain SQLite file, not a Cohort database".into())
    } else if pages > 1 && failed.len() as u64 >= pages {
        Error::HeaderOfAnotherVault
    } else if failed.first() == Some(&1) {
        Error::FirstPageDamaged
    } else if failed.is_empty() && e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) {
        // Every page verifies, yet SQLite finds no whole database: pages are
        // missing (its first page names more than the file holds).
        Error::Incomplete { pages }
    } else {
        Error::DatabaseDamaged(e.to_string())
    }
}

fn configure(conn: &Connection) -> Result<()> {
    // cache_size: up to 64 MiB of decrypted pages, in this process's memory
    // only, freed when the vault locks. With SQLite's default of 2 MiB a
    // large practice no longer fits, and Today (which reads attendance,
    // places and agreements in turn) re-decrypted pages on every read:
    // 5.9 ms, against 3.4 ms with the pages kept.
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;
         PRAGMA temp_store = MEMORY;
         PRAGMA secure_delete = ON;
         PRAGMA cache_size = -65536;",
    )?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Internal(format!("journal mode is {mode}, not WAL")));
    }
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Every screen's statements stay prepared: the screens together run far
    // more than rusqlite's default of 16, which would parse them again.
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(())
}

/// How long a connection waits for another's write to end.
pub(crate) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Statements kept prepared per connection (each a few kilobytes).
const STATEMENT_CACHE: usize = 256;

/// Runs `f` in one immediate transaction on `conn`, committed as its last
/// step: one user action, whole or not at all.
pub(crate) fn transact<T>(
    conn: &mut Connection,
    f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
) -> Result<T> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let out = f(&tx)?;
    tx.commit()?;
    Ok(out)
}
