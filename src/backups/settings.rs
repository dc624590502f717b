//! Where automatic backups go, and how many are kept.

use std::path::Path;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::vault::audit::{self, AuditEvent};

/// How many backups the keeping rule leaves: the newest of each of the last
/// `daily` days, `weekly` weeks and `monthly` months that have one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Keep {
    pub daily: u32,
    pub weekly: u32,
    pub monthly: u32,
}

/// The ranges each number may take (the database holds the same).
pub const KEEP_DAILY: (u32, u32) = (1, 90);
pub const KEEP_WEEKLY: (u32, u32) = (0, 104);
pub const KEEP_MONTHLY: (u32, u32) = (0, 120);

impl Keep {
    pub const DEFAULT: Keep = Keep {
        daily: 7,
        weekly: 4,
        monthly: 12,
    };

    /// Refuses a number out of its range, naming it.
    pub fn validated(self) -> Result<Keep> {
        for (field, label, v, (min, max)) in [
            ("daily", "Daily backups kept", self.daily, KEEP_DAILY),
            ("weekly", "Weekly backups kept", self.weekly, KEEP_WEEKLY),
            ("monthly", "Monthly backups kept", self.monthly, KEEP_MONTHLY),
        ] {
            if !(min..=max).contains(&v) {
                return Err(Error::validation(
                    field,
                    format!("{label}: choose a whole number from {min} to {max} (you entered {v})."),
                ));
            }
        }
        Ok(self)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupSettings {
    /// The folder automatic backups go to; none when they are not set up.
    pub folder: Option<String>,
    pub keep: Keep,
}

pub fn load(conn: &Connection) -> Result<BackupSettings> {
    Ok(conn
        .prepare_cached(
            "SELECT folder, keep_daily, keep_weekly, keep_monthly FROM backup_settings WHERE id = 1",
        )?
        .query_row([], |r| {
            Ok(BackupSettings {
                folder: r.get(0)?,
                keep: Keep {
                    daily: r.get(1)?,
                    weekly: r.get(2)?,
                    monthly: r.get(3)?,
                },
            })
        })?)
}

/// Sends automatic backups to `folder` (which must be there), or turns
/// them off; call inside the action's transaction.
pub fn set_folder(conn: &Connection, folder: Option<&Path>) -> Result<BackupSettings> {
    let text = match folder {
        Some(f) => {
            if !f.is_absolute() {
                return Err(Error::validation("folder", "Choose a folder by its full path."));
            }
            if !f.is_dir() {
                return Err(Error::BackupFolderMissing(f.to_path_buf()));
            }
            let t = f.to_string_lossy().into_owned();
            if t.chars().count() > 4096 || t.chars().any(char::is_control) {
                return Err(Error::validation(
                    "folder",
                    "That folder's name cannot be kept; choose another folder.",
                ));
            }
            Some(t)
        }
        None => None,
    };
    conn.execute(
        "UPDATE backup_settings SET folder = ?1 WHERE id = 1",
        params![text],
    )?;
    let detail = match &text {
        Some(t) => format!("automatic backups go to {t}"),
        None => "automatic backups turned off".to_string(),
    };
    audit::append(conn, AuditEvent::BackupSettingsChanged, &detail)?;
    load(conn)
}

/// Sets how many backups are kept; call inside the action's transaction.
pub fn set_keep(conn: &Connection, keep: Keep) -> Result<BackupSettings> {
    let k = keep.validated()?;
    conn.execute(
        "UPDATE backup_settings SET keep_daily = ?1, keep_weekly = ?2, keep_monthly = ?3 WHERE id = 1",
        params![k.daily, k.weekly, k.monthly],
    )?;
    audit::append(
        conn,
        AuditEvent::BackupSettingsChanged,
        &format!(
            "keeping {} daily, {} weekly and {} monthly backups",
            k.daily, k.weekly, k.monthly
        ),
    )?;
    load(conn)
}
