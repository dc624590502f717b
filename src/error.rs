//! The one error type of the core's public API.
//!
//! Every variant carries a message a clinician can read (`Display`) and maps
//! to a small closed set of codes (`Error::code`) that the UI acts on.

use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

use crate::sentence;
use crate::values::Timestamp;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("There is no Cohort vault in {0}. Create one first.")]
    NoVault(PathBuf),

    #[error("A Cohort vault already exists in {0}. Open it instead of creating a new one.")]
    VaultExists(PathBuf),

    #[error("{0}")]
    WeakPassphrase(String),

    #[error("That passphrase is not right for this vault. Check Caps Lock and try again.")]
    WrongPassphrase,

    #[error(
        "That recovery key is not right for this vault. Check each group of four characters and try again."
    )]
    WrongRecoveryKey,

    #[error("{0}")]
    MalformedRecoveryKey(String),

    #[error("The vault is already open in another Cohort window or program. Close it there first.")]
    AlreadyOpen,

    #[error("The vault is locked. Unlock it to continue.")]
    Locked,

    #[error("The vault's header file ({0}) is damaged or is not a Cohort vault header. Your records were not changed. Restore the folder from a backup.")]
    HeaderDamaged(String),

    #[error("The folder {0} holds a vault's database file (cohort.db) without its header file (vault.json), so it can never be opened: a vault's creation was stopped before it finished, or the header was removed. If you have a backup of this folder, put its vault.json back. Otherwise start again: Cohort moves the database to a folder of its own beside this one (nothing is deleted) and creates a new vault.")]
    HalfMade(PathBuf),

    #[error("The vault's header file (vault.json) and its database file (cohort.db) belong to two different vaults, or to one vault before and after its keys were rotated: one of them was copied in from elsewhere. Nothing was changed. Put back this folder's own vault.json (or its own cohort.db), or restore the folder from a backup.")]
    HeaderOfAnotherVault,

    #[error("The first page of the vault's database file (cohort.db), which the rest of the file depends on, is damaged. Nothing was changed. Restore the folder from a backup.")]
    FirstPageDamaged,

    #[error("The vault's database file (cohort.db) has been cut short: it holds {has} pages of the {expected} it should. The end of your records is missing. Nothing was changed. Restore the folder from a backup.")]
    CutShort { has: u64, expected: u64 },

    #[error("The vault's database file does not match the version it records (version {version}): it already holds parts of a later version ({detail}), so it was changed outside Cohort or put together from two copies. Nothing was changed. Restore the folder from a backup.")]
    SchemaMismatch { version: u32, detail: String },

    #[error("The log beside the vault's database (cohort.db-wal) does not belong to it: its pages do not open with this vault's key, while the database without it does. Nothing was changed. Close Cohort, move cohort.db-wal out of the folder (keep it), and open the vault again: it opens as it was when that log began. If the log was this vault's, the changes it held are lost; restore the folder from a backup to get them back.")]
    ForeignLog,

    #[error("The log beside the vault's database (cohort.db-wal), which holds the latest changes, is damaged part-way: {} saved after the damage cannot be read. Nothing was changed, and nothing was opened, so those changes are not lost yet. Close Cohort and keep this folder exactly as it is. Restore the folder from your latest backup; or, to open the vault as it was before the log began, move cohort.db-wal out of the folder (keep it) and open the vault again.", if *commits_beyond == 1 { "one change".to_string() } else { format!("{commits_beyond} changes") })]
    LogDamaged { commits_beyond: usize },

    #[error("The vault's database file (cohort.db) has been cut short or has lost pages: each of its {pages} pages is intact, but together they no longer make a whole database. Nothing was changed. Restore the folder from a backup.")]
    Incomplete { pages: u64 },

    #[error("The vault's header file has been changed outside Cohort and can no longer be trusted. Your records were not changed. Restore the folder from a backup.")]
    HeaderTampered,

    #[error("The vault's database file is missing. Nothing was changed. Restore the folder from a backup.")]
    DatabaseMissing,

    #[error("The vault's database file is damaged, cut short, or is not a Cohort database ({0}). Nothing was changed. Restore the folder from a backup.")]
    DatabaseDamaged(String),

    #[error("This vault was made by a newer version of Cohort ({what} {found}; this version reads up to {supported}). Update Cohort to open it. Nothing was changed.")]
    NewerVersion {
        what: &'static str,
        found: u32,
        supported: u32,
    },

    #[error(
        "This file is not a Cohort backup ({0}). A backup's name ends in .cohortbackup. Nothing was changed."
    )]
    NotABackup(String),

    #[error("This backup file has been cut short: it holds {}. A copy that stopped part-way (a drive that filled up or was unplugged) looks like this. It cannot be restored; use another backup. Nothing was changed.", cut_short(*has, *expected))]
    BackupCutShort { has: u64, expected: Option<u64> },

    #[error("This backup has been damaged or changed since it was made ({0}). It cannot be trusted, so it is not used; use another backup. Nothing was changed.")]
    BackupDamaged(String),

    #[error("This backup was made by a newer version of Cohort ({what} {found}; this version reads up to {supported}). Update Cohort to use it. Nothing was changed.")]
    BackupNewer {
        what: &'static str,
        found: u32,
        supported: u32,
    },

    #[error("That passphrase does not open this backup. A backup opens with the passphrase you had when it was made ({}): if you have changed your passphrase since, use the one from then, or the recovery key you had then.", sentence::moment(*made_at))]
    BackupWrongPassphrase { made_at: Timestamp },

    #[error("That recovery key does not open this backup. A backup opens with the recovery key you had when it was made ({}): if you have rotated your keys since, use the one from then.", sentence::moment(*made_at))]
    BackupWrongRecoveryKey { made_at: Timestamp },

    #[error("This backup is of another vault (one created {}), not of the vault open now, so this vault's key cannot check it. Nothing was changed.", moment_text(created))]
    BackupOfAnotherVault { created: String },

    #[error("This backup is of another vault (created {}) than the one on this computer (created {}). Restoring it keeps the vault on this computer, unchanged, in a folder beside it, and opens the backup's records instead.", moment_text(created), moment_text(here_created))]
    BackupOfAnotherVaultHere { created: String, here_created: String },

    #[error("This backup was made ({}) before the keys were rotated: it opens only with the passphrase you had then. Type that passphrase to check it.", sentence::moment(*made_at))]
    BackupUnderOldKey { made_at: Timestamp },

    #[error(
        "The backup was not made in {folder}: {why}. Your records and your earlier backups are untouched."
    )]
    BackupNotWritten { folder: String, why: String },

    #[error("The backup folder {0} is not there. If it is on a USB drive or a network share, connect it; or choose another folder in Settings. Your records are untouched.")]
    BackupFolderMissing(PathBuf),

    #[error("{message}")]
    Validation { field: String, message: String },

    /// The action would undo or lose something already recorded.
    #[error("{0}")]
    Conflict(String),

    /// Every place in the group is taken; the waitlist is the way in.
    #[error("{0}")]
    Full(String),

    /// The action is allowed, but only once the clinician confirms what the
    /// message says (such as starting a group with fewer than 6 members).
    #[error("{0}")]
    NeedsConfirmation(String),

    #[error("Cohort could not bring this vault up to date (step {version}, {name}: {reason}). Nothing was changed: your records are as they were. Keep the vault folder as it is and use the version of Cohort that last opened it.")]
    UpgradeFailed {
        version: u32,
        name: &'static str,
        reason: String,
    },

    #[error("{0}")]
    NotFound(String),

    #[error("Cohort could not {action}: {source}")]
    Io {
        action: String,
        #[source]
        source: std::io::Error,
    },

    /// The disk holding the vault (or the file being written) is full.
    #[error("Cohort could not save this: the disk or drive it is saved on is full. Nothing was lost: everything saved before is as it was, and what you were writing is still on the screen. Free some space on that disk (empty the bin, move large files elsewhere), then save again.")]
    DiskFull,

    #[error("Something went wrong inside Cohort ({0}). Nothing was saved.")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// "900 bytes of the 4,096 it should" (or "only 900 bytes").
fn cut_short(has: u64, expected: Option<u64>) -> String {
    match expected {
        Some(e) => format!("{has} bytes of the {e} it should"),
        None => format!("only {has} bytes"),
    }
}

/// A stored moment as a sentence mark, or as it is if it is not one.
fn moment_text(s: &str) -> String {
    Timestamp::parse(s)
        .map(sentence::moment)
        .unwrap_or_else(|| s.to_string())
}

/// What the UI receives when a command fails.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CommandError {
    /// One of a small closed set the UI acts on.
    pub code: ErrorCode,
    /// A sentence a clinician can read.
    pub message: String,
    /// The form field the problem is about, when there is one.
    pub field: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NoVault,
    VaultExists,
    WrongPassphrase,
    WrongRecoveryKey,
    AlreadyOpen,
    Locked,
    Damaged,
    NewerVersion,
    Validation,
    Conflict,
    /// The group is full: offer the waitlist.
    Full,
    /// Ask the clinician to confirm, then send the action again confirmed.
    Confirm,
    NotFound,
    /// The disk is full: nothing was saved, nothing was lost.
    DiskFull,
    Internal,
}

impl Error {
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Error::Validation {
            field: field.to_string(),
            message: message.into(),
        }
    }

    pub fn io(action: impl Into<String>, source: std::io::Error) -> Self {
        use std::io::ErrorKind as K;
        match source.kind() {
            K::StorageFull | K::QuotaExceeded | K::FileTooLarge => Error::DiskFull,
            _ => Error::Io {
                action: action.into(),
                source,
            },
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::NoVault(_) => ErrorCode::NoVault,
            Error::VaultExists(_) => ErrorCode::VaultExists,
            Error::WeakPassphrase(_) | Error::MalformedRecoveryKey(_) | Error::Validation { .. } => {
                ErrorCode::Validation
            }
            Error::WrongPassphrase => ErrorCode::WrongPassphrase,
            Error::WrongRecoveryKey => ErrorCode::WrongRecoveryKey,
            Error::AlreadyOpen => ErrorCode::AlreadyOpen,
            Error::Locked => ErrorCode::Locked,
            Error::HeaderDamaged(_)
            | Error::HeaderTampered
            | Error::DatabaseMissing
            | Error::DatabaseDamaged(_)
            | Error::HalfMade(_)
            | Error::HeaderOfAnotherVault
            | Error::FirstPageDamaged
            | Error::CutShort { .. }
            | Error::SchemaMismatch { .. }
            | Error::Incomplete { .. }
            | Error::ForeignLog
            | Error::LogDamaged { .. }
            | Error::NotABackup(_)
            | Error::BackupCutShort { .. }
            | Error::BackupDamaged(_) => ErrorCode::Damaged,
            Error::BackupNewer { .. } => ErrorCode::NewerVersion,
            Error::BackupWrongPassphrase { .. } => ErrorCode::WrongPassphrase,
            Error::BackupWrongRecoveryKey { .. } => ErrorCode::WrongRecoveryKey,
            Error::BackupOfAnotherVault { .. } => ErrorCode::Conflict,
            Error::BackupOfAnotherVaultHere { .. } => ErrorCode::Confirm,
            Error::BackupUnderOldKey { .. } => ErrorCode::Validation,
            Error::BackupFolderMissing(_) => ErrorCode::NotFound,
            Error::BackupNotWritten { .. } => ErrorCode::Internal,
            Error::NewerVersion { .. } => ErrorCode::NewerVersion,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::Full(_) => ErrorCode::Full,
            Error::NeedsConfirmation(_) => ErrorCode::Confirm,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::DiskFull => ErrorCode::DiskFull,
            Error::Io { .. } | Error::Internal(_) | Error::UpgradeFailed { .. } => ErrorCode::Internal,
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Validation { field, .. } => Some(field),
            Error::WeakPassphrase(_) => Some("passphrase"),
            Error::MalformedRecoveryKey(_) => Some("recovery_key"),
            Error::BackupUnderOldKey { .. } => Some("passphrase"),
            _ => None,
        }
    }

    pub fn to_command_error(&self) -> CommandError {
        CommandError {
            code: self.code(),
            message: self.to_string(),
            field: self.field().map(str::to_string),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::NotADatabase) | Some(C::DatabaseCorrupt) => Error::DatabaseDamaged(e.to_string()),
            Some(C::DiskFull) => Error::DiskFull,
            _ => Error::Internal(format!("database: {e}")),
        }
    }
}
