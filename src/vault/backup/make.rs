//! Making a backup of an unlocked vault while it is in use.
//!
//! A `Job` is taken from the vault in a moment: a connection of its own to
//! the database and a copy of the key. The backup then runs beside the
//! app's own work, from one of two sources, each exactly one committed
//! state, still encrypted under the data key:
//!
//! - **the database file itself, held still** (`Snapshot::Copied`): the log
//!   is emptied into the file (`wal_checkpoint(TRUNCATE)`), then a read
//!   transaction begins; if the log is still empty, that transaction reads
//!   the file alone, and while it lasts no checkpoint may write into the
//!   file (SQLite's WAL: a checkpoint needs a lock such a reader holds).
//!   Writers go on, into the log;
//! - **a snapshot rebuilt** beside the destination (`Snapshot::Rebuilt`),
//!   when writers kept the log from emptying: `VACUUM INTO`, one read
//!   transaction, SQLCipher writing under the same key.
//!
//! From that source, at once: its pages are copied as they are into the
//! backup file beside the destination (nothing decrypted, hashed on the
//! way), and it is checked on both cores — every page's MAC, the audit chain
//! and the counts for the manifest on one, SQLite's check of the b-trees on
//! the other. The envelope, which names the database's hash, goes in last at
//! the file's head; the file is synced, read back and checked against its
//! hashes and MAC, and only then renamed to its final name. A backup that
//! exists under its final name is complete; what a stopped backup leaves is
//! a hidden partial file, removed by the next backup into that folder.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::values::Timestamp;
use crate::vault::audit;
use crate::vault::backup::file::{self, BackupFile, DatabasePart, Envelope, Manifest, TableRows};
use crate::vault::db::{self, DB_FILE};
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
    dir: PathBuf,
}

/// How a backup's snapshot was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snapshot {
    /// The database file copied as it is, under a read transaction that
    /// holds it still.
    Copied,
    /// Rebuilt by `VACUUM INTO` (writers kept the log from emptying).
    Rebuilt,
}

/// How thoroughly SQLite checks a database's b-trees besides every page's
/// MAC, the audit chain and the counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Thoroughness {
    /// No b-tree check: the backup's bytes are proven by its SHA-256 and MAC
    /// to be those that passed `Quick` when it was made (checking a backup).
    Unchanged,
    /// `PRAGMA quick_check`: every page, record and constraint, in time
    /// proportional to the size (making a backup).
    Quick,
    /// `PRAGMA integrity_check`: also every index against its table
    /// (restoring, where the budget allows it).
    Full,
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
    pub snapshot: Snapshot,
}

impl Vault {
    /// A backup job over this vault (the app's lock waits for it to end).
    pub fn backup_job(&self) -> Result<Job> {
        Ok(Job {
            conn: db::open_second(self.dir(), self.key())?,
            key: self.key().duplicate(),
            header: self.header().clone(),
            dir: self.dir().to_path_buf(),
        })
    }
}

/// Why writing to `folder` failed, in words, for the error a clinician sees.
fn write_problem(folder: &Path, e: Error) -> Error {
    let why = match &e {
        Error::Io { source, .. } => io_problem(source),
        Error::DiskFull => Some(FULL),
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

/// Checks a database snapshot at `path` under `key`, on two cores at once:
/// every page's MAC (`cipher_integrity_check`) on one; SQLite's check of the
/// b-trees (if any) on the other; the audit chain and the row counts for the
/// manifest on whichever has less to do. Returns the schema version and
/// what it holds.
pub(crate) fn check_snapshot(path: &Path, key: &DataKey, how: Thoroughness) -> Result<(u32, Manifest)> {
    let failed = |what: String| Error::BackupDamaged(what);
    let counts_beside_pages = how != Thoroughness::Unchanged;
    let (pages, (structure, counted)) = std::thread::scope(|s| {
        let other = s.spawn(|| -> (Result<Vec<String>>, Option<Result<Counted>>) {
            let counted = (!counts_beside_pages).then(|| counted(path, key));
            (structure(path, key, how), counted)
        });
        let pages = (|| -> Result<(Vec<String>, Option<Result<Counted>>)> {
            let conn = db::open_read_only_file(path, key)?;
            let cipher: Vec<String> = conn
                .prepare("PRAGMA cipher_integrity_check")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok((cipher, counts_beside_pages.then(|| counted(path, key))))
        })();
        let other = other
            .join()
            .unwrap_or_else(|_| (Err(Error::Internal("the database check stopped".into())), None));
        (pages, other)
    });
    let (cipher, counted_here) = pages?;
    if !cipher.is_empty() {
        return Err(failed(format!("{} of its pages do not verify", cipher.len())));
    }
    let structure = structure?;
    if structure != ["ok"] {
        return Err(failed(format!(
            "its database is not sound ({})",
            structure.first().cloned().unwrap_or_default()
        )));
    }
    let (version, manifest, chain) = counted_here
        .or(counted)
        .unwrap_or_else(|| Err(Error::Internal("the database was not counted".into())))?;
    if !chain.is_empty() {
        return Err(failed(format!("its activity log is broken ({})", chain[0])));
    }
    Ok((version, manifest))
}

/// The schema version, what a database holds, and what is wrong with its
/// audit chain (nothing when sound).
type Counted = (u32, Manifest, Vec<String>);

fn counted(path: &Path, key: &DataKey) -> Result<Counted> {
    let conn = db::open_read_only_file(path, key)?;
    let (entries, problems) = audit::verify_chain(&conn)?;
    let last_hash: String = conn.query_row(
        "SELECT ifnull((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '')",
        [],
        |r| r.get(0),
    )?;
    let manifest = Manifest {
        tables: count_tables(&conn)?,
        audit_entries: entries as i64,
        audit_last_hash: last_hash,
    };
    Ok((migrate::schema_version(&conn)?, manifest, problems))
}

/// SQLite's own check of the b-trees, as thorough as asked.
fn structure(path: &Path, key: &DataKey, how: Thoroughness) -> Result<Vec<String>> {
    let sql = match how {
        Thoroughness::Unchanged => return Ok(vec!["ok".to_string()]),
        Thoroughness::Quick => "PRAGMA quick_check",
        Thoroughness::Full => "PRAGMA integrity_check",
    };
    let conn = db::open_read_only_file(path, key)?;
    // A cache as large as the file (up to 512 MiB, for the seconds the
    // check lasts): pages visited out of file order are then decrypted once,
    // not again each time they fall out of it.
    let kib = fs::metadata(path)
        .map(|m| m.len() / 1024)
        .unwrap_or(0)
        .min(512 * 1024);
    conn.execute_batch(&format!("PRAGMA cache_size = -{kib};"))?;
    let found = conn
        .prepare(sql)?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(found)
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
        let rebuilt = folder.join(format!("{stem}.db"));
        let partial = folder.join(format!("{stem}.{}", file::EXTENSION));
        let made = self.make_via(&rebuilt, &partial, dest, now);
        let _ = fs::remove_file(&rebuilt);
        if made.is_err() {
            let _ = fs::remove_file(&partial);
        }
        made.map_err(|e| write_problem(&folder, e))
    }

    fn make_via(&self, rebuilt: &Path, partial: &Path, dest: &Path, now: Timestamp) -> Result<Made> {
        // The source: the vault's file held still, or a snapshot rebuilt.
        let held = self.hold_still()?;
        let (source, taken) = match &held {
            Some(_) => (self.dir.join(DB_FILE), Snapshot::Copied),
            None => {
                self.rebuild(rebuilt)?;
                (rebuilt.to_path_buf(), Snapshot::Rebuilt)
            }
        };
        refuse_plaintext(&source)?;
        let mut out = new_private_file(partial).map_err(|e| Error::io("write the backup", e))?;
        // Copied into the backup and checked, at once.
        let key = &self.key;
        let (checked, written) = std::thread::scope(|s| {
            let checks = s.spawn(|| check_snapshot(&source, key, Thoroughness::Quick));
            let written = file::write_database(&mut out, &source);
            let checked = checks
                .join()
                .unwrap_or_else(|_| Err(Error::Internal("the backup's check stopped".into())));
            (checked, written)
        });
        drop(held);
        let (schema_version, manifest) = checked?;
        let (bytes, sha256) = written?;
        let audit_seq = manifest.audit_entries;
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
        file::write_head(&mut out, &self.key, &envelope)?;
        out.sync_all().map_err(|e| Error::io("write the backup", e))?;
        drop(out);
        // Read back as a restore would read it: its hashes, its MAC, and a
        // database part byte for byte the one that was checked.
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
            snapshot: taken,
        })
    }

    /// A read transaction that holds the database file still: the log
    /// emptied first, and empty still when the transaction began (so it
    /// reads the file alone, and no checkpoint may write into the file while
    /// it lasts). None when writers kept the log from emptying.
    fn hold_still(&self) -> Result<Option<rusqlite::Transaction<'_>>> {
        let log = self.dir.join(format!("{DB_FILE}-wal"));
        for attempt in 0..5 {
            if attempt > 0 {
                std::thread::sleep(Duration::from_millis(20));
            }
            // A TRUNCATE checkpoint holds the writers' lock while it waits
            // for readers: it must not wait, or the app's saves would.
            self.conn.busy_timeout(Duration::ZERO)?;
            let busy = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0));
            self.conn.busy_timeout(db::BUSY_TIMEOUT)?;
            let busy = match busy {
                Ok(b) => b,
                Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => 1,
                Err(e) => return Err(e.into()),
            };
            let tx = self.conn.unchecked_transaction()?;
            // The first read begins the transaction.
            tx.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
            let empty = fs::metadata(&log).map(|m| m.len() == 0).unwrap_or(true);
            if busy == 0 && empty {
                return Ok(Some(tx));
            }
        }
        Ok(None)
    }

    /// Rebuilds the snapshot by `VACUUM INTO`: one read transaction, under
    /// the same key (SQLCipher's VACUUM INTO keeps the source's key).
    fn rebuild(&self, snapshot: &Path) -> Result<()> {
        let _ = fs::remove_file(snapshot);
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
        Ok(())
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
        crate::vault::db::transact(&mut self.conn, f)
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
