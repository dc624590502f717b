//! The vault: a folder holding the encrypted database, its plaintext header
//! and a lock file. Create, unlock, lock, change or reset the passphrase,
//! describe and check.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::{Connection, Transaction};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::audit::{self, AuditEvent};
use crate::db::{self, OpenMode, DB_FILE};
use crate::error::{Error, Result};
use crate::header::{self, Header, HEADER_FILE};
use crate::keys::{self, DataKey, Passphrase, RecoveryKey, WrappedKey};

pub const LOCK_FILE: &str = "cohort.lock";

/// Where the vault lives unless `COHORT_VAULT` or `--vault` says otherwise:
/// the platform's app-data folder (on Linux `~/.local/share/app.cohort.desktop/vault`).
pub fn default_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("COHORT_VAULT").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("app.cohort.desktop")
        .join("vault")
}

/// Who is opening the vault, for the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    App,
    Cli,
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Origin::App => "app",
            Origin::Cli => "command line",
        }
    }
}

/// What is in a folder, read without any passphrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Nothing of Cohort's: a vault can be created here.
    Absent,
    /// A header or a database is there: unlock it (or learn what is wrong).
    Present,
}

pub fn presence(dir: &Path) -> Presence {
    if dir.join(HEADER_FILE).exists() || dir.join(DB_FILE).exists() {
        Presence::Present
    } else {
        Presence::Absent
    }
}

/// An OS advisory lock on `cohort.lock`, held while the vault is open.
/// The file itself stays; only the lock on it matters.
struct FolderLock(#[allow(dead_code)] File);

impl FolderLock {
    fn acquire(dir: &Path) -> Result<FolderLock> {
        let f = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(dir.join(LOCK_FILE))
            .map_err(|e| Error::io(format!("open the lock file in {}", dir.display()), e))?;
        match f.try_lock() {
            Ok(()) => Ok(FolderLock(f)),
            Err(fs::TryLockError::WouldBlock) => Err(Error::AlreadyOpen),
            Err(fs::TryLockError::Error(e)) => Err(Error::io("lock the vault folder", e)),
        }
    }
}

/// An unlocked vault. Dropping it closes the database and wipes the key.
pub struct Vault {
    dir: PathBuf,
    // Field order matters: the connection closes before the lock is released.
    conn: Connection,
    header: Header,
    key: DataKey,
    _lock: FolderLock,
}

/// A new vault and its recovery key, which is shown once and never stored.
pub struct Created {
    pub vault: Vault,
    pub recovery_key: Zeroizing<String>,
}

/// The failed attempts the caller counted since the last unlock, if any.
fn record_failed_attempts(conn: &Connection, failed_attempts: u32) -> Result<()> {
    if failed_attempts > 0 {
        audit::append(
            conn,
            AuditEvent::UnlockFailed,
            &format!("{failed_attempts} failed attempt(s) before this unlock"),
        )?;
    }
    Ok(())
}

fn require_header(dir: &Path) -> Result<Header> {
    match Header::read(dir) {
        Err(Error::NoVault(_)) if dir.join(DB_FILE).exists() => {
            Err(Error::HeaderDamaged(format!("{HEADER_FILE} is missing")))
        }
        other => other,
    }
}

impl Vault {
    /// Creates a vault in `dir` (made if needed) and leaves it unlocked.
    /// Refuses a folder that already holds any part of a vault.
    pub fn create(dir: &Path, pass: &Passphrase) -> Result<Created> {
        keys::check_new_passphrase(pass)?;
        if presence(dir) == Presence::Present {
            return Err(Error::VaultExists(dir.to_path_buf()));
        }
        fs::create_dir_all(dir).map_err(|e| Error::io(format!("create the folder {}", dir.display()), e))?;
        let lock = FolderLock::acquire(dir)?;
        let key = DataKey::generate();
        let recovery = RecoveryKey::generate();
        let vault_id = Uuid::new_v4().to_string();
        let created_at = audit::timestamp(Utc::now());
        let header = Header::new(
            vault_id.clone(),
            created_at,
            WrappedKey::seal_with_passphrase(&key, pass, &vault_id)?,
            WrappedKey::seal_with_recovery(&key, &recovery, &vault_id)?,
            &key,
        );
        // The database first, the header last: a folder is a vault only once
        // its header is written.
        let conn = db::open(dir, &key, OpenMode::CreateNew)?;
        audit::append(&conn, AuditEvent::VaultCreated, "")?;
        header.write_atomically(dir)?;
        Ok(Created {
            vault: Vault {
                dir: dir.to_path_buf(),
                conn,
                header,
                key,
                _lock: lock,
            },
            recovery_key: recovery.display(),
        })
    }

    /// Opens the vault with its passphrase. A wrong passphrase changes
    /// nothing on disk. `failed_attempts` (counted by the caller since the
    /// last unlock) is recorded in the audit trail with the unlock.
    pub fn unlock(dir: &Path, pass: &Passphrase, origin: Origin, failed_attempts: u32) -> Result<Vault> {
        let lock = FolderLock::acquire(dir)?;
        let header = require_header(dir)?;
        let key = header.passphrase.open_with_passphrase(pass, &header.vault_id)?;
        header.verify_mac(&key)?;
        let mut vault = Vault::finish_open(dir, header, key, lock)?;
        vault.transact(|tx| {
            record_failed_attempts(tx, failed_attempts)?;
            audit::append(
                tx,
                AuditEvent::Unlocked,
                &format!("passphrase, {}", origin.as_str()),
            )
        })?;
        Ok(vault)
    }

    /// Opens the vault with the recovery key and sets a new passphrase.
    pub fn unlock_with_recovery_key(
        dir: &Path,
        recovery_key: &str,
        new_pass: &Passphrase,
        origin: Origin,
        failed_attempts: u32,
    ) -> Result<Vault> {
        let rk = RecoveryKey::parse(recovery_key)?;
        keys::check_new_passphrase(new_pass)?;
        let lock = FolderLock::acquire(dir)?;
        let header = require_header(dir)?;
        let key = header.recovery.open_with_recovery(&rk, &header.vault_id)?;
        header.verify_mac(&key)?;
        let mut vault = Vault::finish_open(dir, header, key, lock)?;
        vault.replace_passphrase_wrap(new_pass)?;
        vault.transact(|tx| {
            record_failed_attempts(tx, failed_attempts)?;
            audit::append(tx, AuditEvent::PassphraseResetWithRecoveryKey, origin.as_str())?;
            audit::append(
                tx,
                AuditEvent::Unlocked,
                &format!("recovery key, {}", origin.as_str()),
            )
        })?;
        Ok(vault)
    }

    fn finish_open(dir: &Path, header: Header, key: DataKey, lock: FolderLock) -> Result<Vault> {
        let conn = db::open(dir, &key, OpenMode::Existing)?;
        Ok(Vault {
            dir: dir.to_path_buf(),
            conn,
            header,
            key,
            _lock: lock,
        })
    }

    /// Writes a new header whose passphrase slot opens with `new_pass`.
    /// The database key does not change, so nothing is re-encrypted.
    fn replace_passphrase_wrap(&mut self, new_pass: &Passphrase) -> Result<()> {
        let mut next = self.header.clone();
        next.passphrase = WrappedKey::seal_with_passphrase(&self.key, new_pass, &next.vault_id)?;
        next.seal(&self.key);
        next.write_atomically(&self.dir)?;
        self.header = next;
        Ok(())
    }

    /// Changes the passphrase after proving the current one.
    pub fn change_passphrase(&mut self, current: &Passphrase, new_pass: &Passphrase) -> Result<()> {
        // Prove the current passphrase against the header on disk.
        let on_disk = require_header(&self.dir)?;
        drop(
            on_disk
                .passphrase
                .open_with_passphrase(current, &on_disk.vault_id)?,
        );
        keys::check_new_passphrase(new_pass)?;
        if current.as_str() == new_pass.as_str() {
            return Err(Error::validation(
                "new_passphrase",
                "The new passphrase is the same as the current one.",
            ));
        }
        self.replace_passphrase_wrap(new_pass)?;
        self.transact(|tx| audit::append(tx, AuditEvent::PassphraseChanged, ""))
    }

    /// Records the lock and closes the database; the key is wiped as the
    /// vault is dropped.
    pub fn lock(self, reason: &str) -> Result<()> {
        let result = audit::append(&self.conn, AuditEvent::Locked, reason);
        drop(self);
        result
    }

    /// Runs one user action in one transaction, committed as its last step.
    pub fn transact<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Read-only access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    /// What `cohort info` prints.
    pub fn info(&self) -> Result<VaultInfo> {
        let counts = record_counts(&self.conn)?;
        Ok(VaultInfo {
            dir: self.dir.display().to_string(),
            vault_id: self.header.vault_id.clone(),
            created_at: self.header.created_at.clone(),
            format_version: self.header.format_version,
            schema_version: db::schema_version(&self.conn)?,
            latest_schema_version: db::latest_schema_version(),
            kdf_memory_kib: self.header.passphrase.kdf.memory_kib,
            kdf_iterations: self.header.passphrase.kdf.iterations,
            kdf_parallelism: self.header.passphrase.kdf.parallelism,
            counts,
        })
    }

    /// Checkpoints the WAL, then runs SQLCipher's cipher integrity check,
    /// SQLite's integrity and foreign-key checks and the audit chain check.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let (busy, _, _): (i64, i64, i64) =
            self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        if busy != 0 {
            report
                .problems
                .push("the write-ahead log could not be checkpointed".into());
        }
        report.passed.push("write-ahead log checkpointed".into());

        let cipher: Vec<String> = collect_strings(&self.conn, "PRAGMA cipher_integrity_check")?;
        if cipher.is_empty() {
            report
                .passed
                .push("cipher integrity: every page authenticates".into());
        } else {
            report
                .problems
                .extend(cipher.into_iter().map(|p| format!("cipher integrity: {p}")));
        }

        let integrity: Vec<String> = collect_strings(&self.conn, "PRAGMA integrity_check")?;
        if integrity == ["ok"] {
            report.passed.push("database integrity: ok".into());
        } else {
            report
                .problems
                .extend(integrity.into_iter().map(|p| format!("database integrity: {p}")));
        }

        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let fk: Vec<String> = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{} row {} refers to a missing {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        if fk.is_empty() {
            report.passed.push("foreign keys: ok".into());
        } else {
            report
                .problems
                .extend(fk.into_iter().map(|p| format!("foreign keys: {p}")));
        }

        let (entries, audit_problems) = audit::verify_chain(&self.conn)?;
        if audit_problems.is_empty() {
            report
                .passed
                .push(format!("audit trail: {entries} entries, chain intact"));
        } else {
            report.problems.extend(audit_problems);
        }
        Ok(report)
    }
}

fn collect_strings(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The tables whose rows `cohort info` counts, with their labels.
/// Later capabilities add theirs here.
const RECORD_TABLES: &[(&str, &str)] = &[
    ("groups", "groups"),
    ("sessions", "sessions"),
    ("saved templates", "curriculum_templates"),
    ("audit entries", "audit_log"),
];

fn record_counts(conn: &Connection) -> Result<Vec<RecordCount>> {
    let sql = RECORD_TABLES
        .iter()
        .map(|(label, table)| format!("SELECT '{label}', count(*) FROM {table}"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| {
        Ok(RecordCount {
            label: r.get(0)?,
            count: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone, Serialize)]
pub struct RecordCount {
    pub label: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct VaultInfo {
    pub dir: String,
    pub vault_id: String,
    pub created_at: String,
    pub format_version: u32,
    pub schema_version: u32,
    pub latest_schema_version: u32,
    pub kdf_memory_kib: u32,
    pub kdf_iterations: u32,
    pub kdf_parallelism: u32,
    pub counts: Vec<RecordCount>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckReport {
    pub passed: Vec<String>,
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Reads the header only: format and KDF parameters, without any passphrase.
pub fn read_header(dir: &Path) -> Result<Header> {
    require_header(dir)
}

/// Re-export for callers that only need the file names.
pub use header::HEADER_FILE as HEADER;
