//! The vault folder: where it is, whether it holds a vault, and the OS lock
//! that keeps a second program out while the vault is open.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::vault::db::DB_FILE;
use crate::vault::header::HEADER_FILE;

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
pub(crate) struct FolderLock(#[allow(dead_code)] File);

impl FolderLock {
    pub(crate) fn acquire(dir: &Path) -> Result<FolderLock> {
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
