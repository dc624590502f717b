//! Rotating the vault's keys: the database re-encrypted under a new data
//! key, a new header wrapping it, a new recovery key.
//!
//! Changing the passphrase only re-wraps the same data key, so whoever once
//! held an old passphrase and an old header (from a backup, a synced folder)
//! could read every later database. Rotation ends that: afterwards only the
//! current passphrase and the new recovery key open the vault.
//!
//! Crash safety rests on two renames, each atomic, and on which files exist:
//!
//! 1. the database is copied, page by page, into `cohort.db.next` under the
//!    new key (SQLite's backup API: the same pages, so the same schema,
//!    `user_version` and audit chain), synced, reopened and checked;
//! 2. the new header is written to `vault.json.next`, synced;
//! 3. the vault's connection is closed (the log folded into the file);
//! 4. `cohort.db.next` is renamed over `cohort.db` — **the commit**;
//! 5. `vault.json.next` is renamed over `vault.json`.
//!
//! [`settle`] runs at every unlock, before the header is read. While
//! `cohort.db.next` exists the commit has not happened: the staged files are
//! removed (header first) and the old key opens the vault. Once only
//! `vault.json.next` is left, the commit has happened: it becomes the header
//! and the new key opens the vault. Killed at any moment, the vault opens
//! with the old key or the new one, never neither; `tests/rotation.rs`
//! kills the command-line tool at every step to show it.

use std::fs;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use crate::vault::audit::{self, AuditEvent};
use crate::vault::db::{self, DB_FILE};
use crate::vault::header::{sync_dir, Header, HEADER_FILE, HEADER_TMP_FILE};
use crate::vault::keys::{DataKey, Passphrase, RecoveryKey, WrappedKey};

/// The database re-encrypted under the new key, until the commit.
pub const NEXT_DB_FILE: &str = "cohort.db.next";
/// The header for the new key, until it replaces `vault.json`.
pub const NEXT_HEADER_FILE: &str = "vault.json.next";

/// Pages copied per step of the backup (256 KiB at a time).
const PAGES_PER_STEP: std::ffi::c_int = 64;

/// The points a rotation passes, in order. A debug build aborts the process
/// at the one named by `COHORT_TEST_ABORT_AT`, which is how the tests kill
/// a rotation at every step; a release build ignores the variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "kebab-case")]
pub enum Step {
    /// Part of the database copied under the new key.
    CopyStarted,
    /// The whole copy written and synced.
    Copied,
    /// The copy reopened under the new key and checked.
    Verified,
    /// `vault.json.next` written and synced.
    HeaderStaged,
    /// The vault's connection closed, its log folded into the file.
    OldClosed,
    /// `cohort.db.next` renamed over `cohort.db`: the commit.
    DatabaseReplaced,
    /// `vault.json.next` renamed over `vault.json`.
    HeaderReplaced,
}

fn reached(step: Step) {
    #[cfg(debug_assertions)]
    {
        let name: &'static str = step.into();
        if std::env::var("COHORT_TEST_ABORT_AT").is_ok_and(|v| v == name) {
            std::process::abort();
        }
    }
    let _ = step;
}

/// What [`settle`] found in the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// No rotation was under way.
    Nothing,
    /// A rotation stopped before its commit: its staged files were removed
    /// and the vault is as it was before.
    RolledBack,
    /// A rotation stopped after its commit: its header was put in place.
    /// The new recovery key was probably never shown.
    Finished,
}

/// Brings a folder left by an interrupted rotation to one whole state.
/// Needs no key: which files exist says on which side of the commit the
/// rotation stopped. Call with the folder lock held.
pub(crate) fn settle(dir: &Path) -> Result<Settled> {
    let next_db = dir.join(NEXT_DB_FILE);
    let next_header = dir.join(NEXT_HEADER_FILE);
    if next_header.exists() && !next_db.exists() {
        // After the commit. Only a whole header for this same vault is
        // put in place (the unlock then checks its MAC under the key).
        let staged = fs::read(&next_header)
            .map_err(|e| Error::io("read the staged vault header", e))
            .and_then(|bytes| Header::parse(&bytes))?;
        if let Ok(current) = Header::read(dir) {
            if current.vault_id != staged.vault_id {
                return Err(Error::HeaderDamaged(format!(
                    "{NEXT_HEADER_FILE} belongs to another vault"
                )));
            }
        }
        fs::rename(&next_header, dir.join(HEADER_FILE))
            .map_err(|e| Error::io("put the rotated vault header in place", e))?;
        sync_dir(dir)?;
        remove_leftovers(dir)?;
        return Ok(Settled::Finished);
    }
    if !next_header.exists() && !next_db.exists() {
        remove_leftovers(dir)?;
        return Ok(Settled::Nothing);
    }
    roll_back(dir)?;
    Ok(Settled::RolledBack)
}

/// What a finished or rolled-back step leaves that nothing will read: the
/// logs of a re-encrypted copy no longer there (SQLite looks for a
/// database's log under the database's own name), and a header replacement
/// that never reached its rename while the header itself is whole.
fn remove_leftovers(dir: &Path) -> Result<()> {
    let mut removed = false;
    if !dir.join(NEXT_DB_FILE).exists() {
        for suffix in ["-journal", "-wal", "-shm"] {
            removed |= remove_if_present(&dir.join(format!("{NEXT_DB_FILE}{suffix}")))?;
        }
    }
    if Header::read(dir).is_ok() {
        removed |= remove_if_present(&dir.join(HEADER_TMP_FILE))?;
    }
    if removed {
        sync_dir(dir)?;
    }
    Ok(())
}

/// Removes what a rotation staged before its commit. The header goes first,
/// so that a stop between the two removals can never leave a staged header
/// on its own (which `settle` would take for a committed rotation).
fn roll_back(dir: &Path) -> Result<()> {
    remove_if_present(&dir.join(NEXT_HEADER_FILE))?;
    sync_dir(dir)?;
    for suffix in ["", "-journal", "-wal", "-shm"] {
        remove_if_present(&dir.join(format!("{NEXT_DB_FILE}{suffix}")))?;
    }
    sync_dir(dir)
}

/// Removes `path` if it is there; whether it was.
fn remove_if_present(path: &Path) -> Result<bool> {
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io(format!("remove {}", path.display()), e)),
    }
}

/// What a rotation produced, before its commit.
pub(crate) struct Staged {
    pub key: DataKey,
    pub header: Header,
    pub recovery_key: RecoveryKey,
}

/// Steps 1 and 2: the database copied under a new key and checked, the new
/// header staged. `conn` is the vault's open connection; `old_header` the
/// header it was opened with. On an error the staged files are removed and
/// the vault is untouched.
pub(crate) fn stage(conn: &Connection, dir: &Path, old_header: &Header, pass: &Passphrase) -> Result<Staged> {
    // The vault is open on its current database, so anything staged in the
    // folder is a leftover (or this attempt's, on an error): never committed.
    roll_back(dir)?;
    let result = stage_inner(conn, dir, old_header, pass);
    if result.is_err() {
        let _ = roll_back(dir);
    }
    result
}

fn stage_inner(conn: &Connection, dir: &Path, old_header: &Header, pass: &Passphrase) -> Result<Staged> {
    let key = DataKey::generate();
    let recovery_key = RecoveryKey::generate();
    let vault_id = old_header.vault_id.clone();
    let header = Header::new(
        vault_id.clone(),
        old_header.created_at.clone(),
        WrappedKey::seal_with_passphrase(&key, pass, &vault_id)?,
        WrappedKey::seal_with_recovery(&key, &recovery_key, &vault_id)?,
        &key,
    );
    let entries_before = audit_entries(conn)?;
    copy_under(conn, dir, &key)?;
    reached(Step::Copied);
    verify(dir, &key, entries_before + 1)?;
    reached(Step::Verified);
    let staged_header = dir.join(NEXT_HEADER_FILE);
    header.write_atomically_to(dir, &staged_header)?;
    reached(Step::HeaderStaged);
    Ok(Staged {
        key,
        header,
        recovery_key,
    })
}

fn audit_entries(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?)
}

fn open_next(dir: &Path, key: &DataKey, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(dir.join(NEXT_DB_FILE), flags)?;
    db::apply_key(&conn, key)?;
    Ok(conn)
}

/// The same pages, read through the old key and written under the new one;
/// the rotation's own audit entry goes into the copy, so it is there exactly
/// when the rotation is.
fn copy_under(conn: &Connection, dir: &Path, key: &DataKey) -> Result<()> {
    let path = dir.join(NEXT_DB_FILE);
    if path.exists() {
        return Err(Error::Internal(format!("{NEXT_DB_FILE} is in the way")));
    }
    let mut copy = open_next(
        dir,
        key,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    copy.execute_batch("PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY;")?;
    {
        let backup = rusqlite::backup::Backup::new(conn, &mut copy)?;
        let mut first = true;
        loop {
            match backup.step(PAGES_PER_STEP)? {
                rusqlite::backup::StepResult::Done => break,
                rusqlite::backup::StepResult::More => {
                    if first {
                        reached(Step::CopyStarted);
                        first = false;
                    }
                }
                rusqlite::backup::StepResult::Busy | rusqlite::backup::StepResult::Locked => {
                    return Err(Error::Internal(
                        "the database was busy while it was copied".into(),
                    ))
                }
                _ => return Err(Error::Internal("the database copy stopped".into())),
            }
        }
    }
    copy.execute_batch("BEGIN IMMEDIATE")?;
    audit::append(
        &copy,
        AuditEvent::KeysRotated,
        "a new data key and recovery key; the old passphrase, header and recovery key no longer open the vault",
    )?;
    copy.execute_batch("COMMIT")?;
    // Fold any log into the file, so the file alone is the copy.
    copy.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    copy.close().map_err(|(_, e)| Error::from(e))?;
    fs::File::open(&path)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io("sync the re-encrypted database", e))?;
    sync_dir(dir)
}

/// Opens the copy afresh under the new key and checks it whole: every page
/// authenticates, the structure is sound, and it holds the rotation's entry.
fn verify(dir: &Path, key: &DataKey, audit_entries_expected: i64) -> Result<()> {
    let copy = open_next(
        dir,
        key,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let failed = |what: &str| {
        Error::Internal(format!(
            "the re-encrypted copy failed its check ({what}); nothing was changed"
        ))
    };
    let cipher_problems: Vec<String> = copy
        .prepare("PRAGMA cipher_integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !cipher_problems.is_empty() {
        return Err(failed("encryption"));
    }
    let integrity: String = copy.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if integrity != "ok" {
        return Err(failed("integrity"));
    }
    if audit_entries(&copy)? != audit_entries_expected {
        return Err(failed("audit trail"));
    }
    copy.close().map_err(|(_, e)| Error::from(e))?;
    Ok(())
}

/// Step 3 to 5, once the vault's connection is closed: the commit, then the
/// header. After an error here the folder is still whole on one side or the
/// other; [`settle`] finishes it at the next unlock.
pub(crate) fn commit(dir: &Path) -> Result<()> {
    for suffix in ["-wal", "-journal"] {
        let log = dir.join(format!("{DB_FILE}{suffix}"));
        if fs::metadata(&log).map(|m| m.len() > 0).unwrap_or(false) {
            // The old key's log must never be read against the new database.
            return Err(Error::Internal(format!(
                "the database's log ({}) was still in use",
                log.display()
            )));
        }
    }
    // No connection is open: a shared-memory index left behind describes
    // the old file's log, and goes.
    remove_if_present(&dir.join(format!("{DB_FILE}-shm")))?;
    reached(Step::OldClosed);
    fs::rename(dir.join(NEXT_DB_FILE), dir.join(DB_FILE))
        .map_err(|e| Error::io("put the re-encrypted database in place", e))?;
    sync_dir(dir)?;
    reached(Step::DatabaseReplaced);
    fs::rename(dir.join(NEXT_HEADER_FILE), dir.join(HEADER_FILE))
        .map_err(|e| Error::io("put the new vault header in place", e))?;
    sync_dir(dir)?;
    reached(Step::HeaderReplaced);
    Ok(())
}
