//! Making a backup of an unlocked vault while it is in use.
//!
//! A `Job` is taken from the vault in a moment: a connection of its own to
//! the database and a copy of the key. The backup then runs beside the
//! app's own work: `VACUUM INTO` writes a consistent snapshot (one read
//! transaction: writers go on, and it holds exactly one committed state),
//! still encrypted under the data key, to a temporary file beside the
//! destination. The snapshot is checked (every page's MAC, the database's
//! integrity, the audit chain) and counted for the manifest; the backup file
//! is written beside it, synced, read back and checked against its hashes
//! and MAC, and only then renamed to its final name. A backup that exists
//! under its final name is complete; what a stopped backup leaves is a
//! hidden partial file, removed by the next backup into that folder.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::values::Timestamp;
use crate::vault::audit;
use crate::vault::backup::file::{self, BackupFile, DatabasePart, Envelope, Manifest, TableRows};
use crate::vault::db;
use crate::vault::header::{sync_dir, Header};
use crate::vault::keys::DataKey;
use crate::vault::migrate;
use crate::vault::unlocked::Vault;

/// Partial files a backup writes beside its destination begin so.
const PARTIAL_PREFIX: &str = ".cohort-partial-";
/// A partial file older than this belongs to no running backup.
const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// What a backup takes from the unlocked vault: a connection and a key of
/// its own, so that it runs while the app goes on. Dropping it closes the
/// connection and wipes the key.
pub struct Job {
    conn: Connection,
    key: DataKey,
    header: Header,
}

/// A backup made and checked.
#[derive(Debug, Clone)]
pub struct Made {
    pub path: PathBuf,
    pub bytes: u64,
    pub made_at: Timestamp,
    /// The last audit entry the backup holds.
    pub audit_seq: i64,
    pub manifest: Manifest,
}

impl Vault {
    /// A backup job over this vault (the app's lock waits for it to end).
    pub fn backup_job(&self) -> Result<Job> {
        Ok(Job {
            conn: db::open_second(self.dir(), self.key())?,
            key: self.key().duplicate(),
            header: self.header().clone(),
        })
    }
}

/// Why writing to `folder` failed, in words, for the error a clinician sees.
fn write_problem(folder: &Path, e: Error) -> Error {
    let why = match &e {
        Error::Io { source, .. } => io_problem(source),
        _ => None,
    };
    match why {
        Some(why) => Error::BackupNotWritten {
            folder: folder.display().to_string(),
            why: why.to_string(),
        },
        None => e,
    }
}

const FULL: &str = "the disk or drive is full. Free some space there, or choose another folder";
const NOT_ALLOWED: &str = "Cohort is not allowed to write there. Choose a folder of your own";

fn io_problem(e: &std::io::Error) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::StorageFull | K::QuotaExceeded | K::FileTooLarge => Some(FULL),
        K::PermissionDenied | K::ReadOnlyFilesystem => Some(NOT_ALLOWED),
        _ => None,
    }
}

/// The folder a backup goes to exists and is a folder.
pub fn check_folder(folder: &Path) -> Result<()> {
    match fs::metadata(folder) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(Error::BackupFolderMissing(folder.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(Error::BackupFolderMissing(folder.to_path_buf()))
        }
        Err(e) => Err(write_problem(
            folder,
            Error::io(format!("open {}", folder.display()), e),
        )),
    }
}

/// Removes partial files stopped backups left in `folder` (never one a
/// running backup may still be writing).
fn clear_stale_partials(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else { return };
    for e in entries.flatten() {
        let stale = e
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if stale && e.file_name().to_string_lossy().starts_with(PARTIAL_PREFIX) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Checks a database snapshot at `path` under `key`: every page's MAC, the
/// database's integrity, the audit chain; returns what it holds.
pub(crate) fn check_snapshot(path: &Path, key: &DataKey) -> Result<(u32, Manifest)> {
    let conn = db::open_read_only_file(path, key)?;
    let failed = |what: String| Error::BackupDamaged(what);
    let cipher: Vec<String> = conn
        .prepare("PRAGMA cipher_integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !cipher.is_empty() {
        return Err(failed(format!("{} of its pages do not verify", cipher.len())));
    }
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if integrity != ["ok"] {
        return Err(failed(format!(
            "its database is not sound ({})",
            integrity.first().cloned().unwrap_or_default()
        )));
    }
    let (entries, problems) = audit::verify_chain(&conn)?;
    if !problems.is_empty() {
        return Err(failed(format!("its activity log is broken ({})", problems[0])));
    }
    let last_hash: String = conn.query_row(
        "SELECT ifnull((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '')",
        [],
        |r| r.get(0),
    )?;
    let version = migrate::schema_version(&conn)?;
    let tables = count_tables(&conn)?;
    Ok((
        version,
        Manifest {
            tables,
            audit_entries: entries as i64,
            audit_last_hash: last_hash,
        },
    ))
}

/// The rows of every ordinary table of a database, by name.
pub(crate) fn count_tables(conn: &Connection) -> Result<Vec<TableRows>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let sql = names
        .iter()
        .map(|n| format!("SELECT '{n}', count(*) FROM \"{n}\""))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let rows = conn
        .prepare(&sql)?
        .query_map([], |r| {
            Ok(TableRows {
                name: r.get(0)?,
                rows: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn new_private_file(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

impl Job {
    /// Makes a backup at exactly `dest`, which must not exist yet; `now`
    /// is when it is made. On any failure nothing is left under `dest`, and
    /// the vault and every other file are as they were.
    pub fn make(&self, dest: &Path, now: Timestamp) -> Result<Made> {
        let folder = dest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        check_folder(&folder)?;
        if dest.exists() {
            return Err(Error::Conflict(format!(
                "A file named {} is already there. Choose another name; nothing was written.",
                dest.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
            )));
        }
        clear_stale_partials(&folder);
        let stem = format!("{PARTIAL_PREFIX}{}", uuid::Uuid::new_v4().simple());
        let snapshot = folder.join(format!("{stem}.db"));
        let partial = folder.join(format!("{stem}.{}", file::EXTENSION));
        let made = self.make_via(&snapshot, &partial, dest, now);
        let _ = fs::remove_file(&snapshot);
        if made.is_err() {
            let _ = fs::remove_file(&partial);
        }
        made.map_err(|e| write_problem(&folder, e))
    }

    fn make_via(&self, snapshot: &Path, partial: &Path, dest: &Path, now: Timestamp) -> Result<Made> {
        // One statement, one read transaction: a consistent snapshot, under
        // the same key (SQLCipher's VACUUM INTO keeps the source's key).
        self.conn
            .execute("VACUUM INTO ?1", [snapshot.to_string_lossy()])
            .map_err(|e| {
                use rusqlite::ErrorCode as C;
                let kind = match e.sqlite_error_code() {
                    Some(C::DiskFull) => std::io::ErrorKind::StorageFull,
                    Some(C::CannotOpen | C::ReadOnly | C::PermissionDenied) => {
                        std::io::ErrorKind::PermissionDenied
                    }
                    _ => return Error::from(e),
                };
                Error::io("write the database snapshot", std::io::Error::from(kind))
            })?;
        refuse_plaintext(snapshot)?;
        let (schema_version, manifest) = check_snapshot(snapshot, &self.key)?;
        let audit_seq = manifest.audit_entries;
        let (bytes, sha256) = file::hash_file(snapshot)?;
        let vault_id = self.header.vault_id.clone();
        let envelope = Envelope {
            format: file::FORMAT_NAME.into(),
            key_id: file::key_id(&self.key, &vault_id),
            made_at: now,
            app_version: env!("CARGO_PKG_VERSION").into(),
            schema_version,
            vault_header: self.header.clone(),
            database: DatabasePart { bytes, sha256 },
            manifest: file::seal_manifest(&self.key, &vault_id, now, &manifest)?,
            vault_id,
        };
        {
            let mut out = new_private_file(partial).map_err(|e| Error::io("write the backup", e))?;
            file::write(&mut out, &self.key, &envelope, snapshot)?;
            out.sync_all().map_err(|e| Error::io("write the backup", e))?;
        }
        // Read back as a restore would read it.
        let back = BackupFile::open(partial)?;
        back.verify_mac(&self.key)?;
        back.check_database(partial)?;
        if back.envelope != envelope {
            return Err(Error::Internal(
                "the backup read back differs from what was written".into(),
            ));
        }
        fs::rename(partial, dest).map_err(|e| Error::io("name the backup", e))?;
        if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            sync_dir(parent)?;
        }
        let total = fs::metadata(dest).map(|m| m.len()).unwrap_or(bytes);
        Ok(Made {
            path: dest.to_path_buf(),
            bytes: total,
            made_at: now,
            audit_seq,
            manifest,
        })
    }

    /// The job's own connection (to record what it did, in a transaction).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn vault_id(&self) -> &str {
        &self.header.vault_id
    }

    /// Runs `f` in one immediate transaction on the job's connection.
    pub fn transact<T>(&mut self, f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// A snapshot must be encrypted: a plain SQLite file is never kept.
fn refuse_plaintext(path: &Path) -> Result<()> {
    let mut start = [0u8; 16];
    let read = File::open(path).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut start));
    read.map_err(|e| Error::io("read the database snapshot", e))?;
    if &start == b"SQLite format 3\0" {
        return Err(Error::Internal("the snapshot was not encrypted".into()));
    }
    Ok(())
}
