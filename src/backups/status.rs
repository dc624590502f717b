//! What Today and Settings say about backups: when the last good one was
//! made, and a warning in words when they are not set up, when the folder
//! is not there (the drive is unplugged), when the last attempt failed and
//! why, or when the last backup is more than a week old.

use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::log::{self, Failure, LastBackup};
use super::settings::{self, BackupSettings};
use crate::error::Result;
use crate::sentence;
use crate::values::Timestamp;

/// A backup older than this is warned about.
pub const STALE_DAYS: i64 = 7;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupStatus {
    pub settings: BackupSettings,
    /// Whether the automatic backups' folder is there now.
    pub folder_present: bool,
    /// The last backup made, of any kind.
    pub last: Option<LastBackup>,
    /// The last attempt, if it failed after the last one made.
    pub failure: Option<Failure>,
    /// What needs doing, in words (dates marked), most pressing first.
    pub warnings: Vec<String>,
}

pub fn status(conn: &Connection, now: Timestamp) -> Result<BackupStatus> {
    let settings = settings::load(conn)?;
    let last = log::last_made(conn, false)?.map(|(l, _)| l);
    let failure = log::failure_since_last_made(conn)?;
    let folder_present = settings.folder.as_deref().is_some_and(|f| Path::new(f).is_dir());
    let mut warnings = Vec::new();
    match &settings.folder {
        None => warnings.push(
            "Automatic backups are not set up. Choose a folder for them in Settings — a USB drive, a second disk or a network share — and Cohort keeps them from then on."
                .to_string(),
        ),
        Some(f) if !folder_present => warnings.push(format!(
            "The backup folder {f} is not there: is the drive unplugged or the share disconnected? Connect it, or choose another folder in Settings."
        )),
        Some(_) => {}
    }
    if let Some(fail) = &failure {
        warnings.push(format!(
            "The last backup failed ({}): {}",
            sentence::moment(fail.at),
            fail.problem
        ));
    }
    match &last {
        // Not set up says as much already.
        None if settings.folder.is_none() => {}
        None => warnings.push("No backup has been made yet.".to_string()),
        Some(l) if now.millis_since(l.at) > STALE_DAYS * 24 * 60 * 60 * 1000 => warnings.push(format!(
            "The last backup was made {}, more than a week ago.",
            sentence::moment(l.at)
        )),
        Some(_) => {}
    }
    Ok(BackupStatus {
        settings,
        folder_present,
        last,
        failure,
        warnings,
    })
}
