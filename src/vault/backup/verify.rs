//! Checking a backup: everything a restore checks, without restoring —
//! the file's own hashes, its MAC under the key, then the database itself
//! (every page's MAC, its integrity, the audit chain) against the manifest.

use std::fs::OpenOptions;
use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::values::Timestamp;
use crate::vault::backup::file::{BackupFile, TableRows};
use crate::vault::backup::make::{check_snapshot, Thoroughness};
use crate::vault::db::DB_FILE;
use crate::vault::keys::{DataKey, Passphrase, RecoveryKey};
use crate::vault::unlocked::Vault;

/// What opens a backup: the passphrase, or the recovery key, current when
/// it was made.
pub enum Secret<'a> {
    Passphrase(&'a Passphrase),
    RecoveryKey(&'a str),
}

/// What a backup file says of itself, read without any key.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupSummary {
    pub file_name: String,
    pub made_at: Timestamp,
    pub app_version: String,
    pub schema_version: u32,
    #[ts(type = "number")]
    pub bytes: u64,
    /// The vault it is of, and when that was created (UTC, RFC 3339).
    pub vault_id: String,
    pub vault_created_at: String,
}

/// A backup checked whole, and what it holds.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Verified {
    pub summary: BackupSummary,
    pub tables: Vec<TableRows>,
    #[ts(type = "number")]
    pub audit_entries: i64,
}

/// Reads what a backup says of itself (no key; its own hashes checked).
pub fn summary(path: &Path) -> Result<BackupSummary> {
    let file = BackupFile::open(path)?;
    Ok(summary_of(path, &file))
}

pub(crate) fn summary_of(path: &Path, file: &BackupFile) -> BackupSummary {
    let e = &file.envelope;
    BackupSummary {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        made_at: e.made_at,
        app_version: e.app_version.clone(),
        schema_version: e.schema_version,
        bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        vault_id: e.vault_id.clone(),
        vault_created_at: e.vault_header.created_at.clone(),
    }
}

/// The data key the secret opens from the header the backup carries.
pub(crate) fn open_key(file: &BackupFile, secret: &Secret<'_>) -> Result<DataKey> {
    let h = &file.envelope.vault_header;
    let made_at = file.envelope.made_at;
    match secret {
        Secret::Passphrase(p) => h
            .passphrase
            .open_with_passphrase(p, &h.vault_id)
            .map_err(|e| match e {
                Error::WrongPassphrase => Error::BackupWrongPassphrase { made_at },
                other => other,
            }),
        Secret::RecoveryKey(text) => {
            let rk = RecoveryKey::parse(text)?;
            h.recovery
                .open_with_recovery(&rk, &h.vault_id)
                .map_err(|e| match e {
                    Error::WrongRecoveryKey => Error::BackupWrongRecoveryKey { made_at },
                    other => other,
                })
        }
    }
}

/// Checks the backup at `path` whole with the secret that was current when
/// it was made. Nothing is written but a temporary copy of its (encrypted)
/// database, in a private folder removed before returning.
pub fn verify(path: &Path, secret: &Secret<'_>) -> Result<Verified> {
    let file = BackupFile::open(path)?;
    let key = open_key(&file, secret)?;
    verify_with(path, &file, &key)
}

impl Vault {
    /// Checks one of this vault's backups with the key in memory. A backup
    /// of another vault, or made before the keys were rotated, is refused
    /// with its own message (the latter is checked with the passphrase of
    /// its time, `verify`).
    pub fn verify_backup(&self, path: &Path) -> Result<Verified> {
        let file = BackupFile::open(path)?;
        if file.envelope.vault_id != self.header().vault_id {
            return Err(Error::BackupOfAnotherVault {
                created: file.envelope.vault_header.created_at.clone(),
            });
        }
        if !file.made_under(self.key()) {
            return Err(Error::BackupUnderOldKey {
                made_at: file.envelope.made_at,
            });
        }
        verify_with(path, &file, self.key())
    }
}

/// The MAC, then the database copied out (its SHA-256 checked on the way),
/// every page's MAC, the audit chain and every table's rows against the
/// manifest. SQLite's b-tree check is not run again: the hashes and the MAC
/// prove these are the bytes that passed it when the backup was made (a
/// restore runs the full `integrity_check`).
fn verify_with(path: &Path, file: &BackupFile, key: &DataKey) -> Result<Verified> {
    file.verify_mac(key)?;
    let manifest = file.manifest(key)?;
    let tmp = tempfile::Builder::new()
        .prefix("cohort-verify-")
        .tempdir()
        .map_err(|e| Error::io("make a private temporary folder", e))?;
    let db = tmp.path().join(DB_FILE);
    {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut out = options
            .open(&db)
            .map_err(|e| Error::io("copy the backup's database", e))?;
        file.copy_database(path, &mut out)?;
    }
    let (version, counted) = check_snapshot(&db, key, Thoroughness::Unchanged)?;
    if version != file.envelope.schema_version || counted != manifest {
        return Err(Error::BackupDamaged(
            "its records do not match the list it carries of them".into(),
        ));
    }
    Ok(Verified {
        summary: summary_of(path, file),
        tables: manifest.tables,
        audit_entries: manifest.audit_entries,
    })
}
