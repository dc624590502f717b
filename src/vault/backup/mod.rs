//! Backups of the vault: one file each, encrypted, carrying what opening
//! it needs (`file`); made while the vault is in use, checked, then named
//! (`make`); checked whole without restoring (`verify`); restored into a
//! new folder, or in place of a vault that is then kept beside it
//! (`restore`); what the app's hold keeps of them (`held`). Nothing here knows what the records say: a backup holds the
//! database's pages as they are, still encrypted under the vault's key.
//! When and where backups are made is `crate::backups`.

pub mod file;
pub mod held;
pub mod make;
pub mod restore;
pub mod verify;

pub use file::{TableRows, EXTENSION};
pub use make::{Job, Made, Snapshot};
pub use restore::{restore, Restored, Target};
pub use verify::{summary, verify, BackupSummary, Secret, Verified};
