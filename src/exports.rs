//! What leaves the vault as a plaintext file at the clinician's request: the
//! calendar file, reports and the full export.
//!
//! The pattern: the clinician is told once, in plain words, that the file
//! is not encrypted, and says so (recorded in the audit trail); the file goes
//! only where the clinician chose in a save dialog; it is written readable by
//! the owner alone (0600) and synced.

use std::borrow::Cow;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::vault::audit::{self, AuditEvent};

/// Said once, before the first plaintext file is written.
pub const PLAINTEXT_WARNING: &str = "Files you export are not encrypted: anyone who can open the folder you save to can read them. A calendar file holds the group's name, its session dates and topics and the room, never anything about a member; a report holds what it shows, members' names and their attendance or progress among it. Keep exports in a folder only you can reach, and delete them when you no longer need them.";

/// Whether the clinician has already been told.
pub fn warned(conn: &Connection) -> Result<bool> {
    let told: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM audit_log WHERE event = ?1)")?
        .query_row([<&str>::from(AuditEvent::PlaintextExportAcknowledged)], |r| {
            r.get(0)
        })?;
    Ok(told)
}

/// Refuses until the clinician has been told once (`Confirm`, with the
/// warning as its message); `acknowledged` says the clinician read it.
pub fn check_told(conn: &Connection, acknowledged: bool) -> Result<()> {
    if acknowledged || warned(conn)? {
        Ok(())
    } else {
        Err(Error::NeedsConfirmation(PLAINTEXT_WARNING.into()))
    }
}

/// `check_told`, and the acknowledgement recorded the first time; call
/// inside the export's transaction.
pub fn record_told(conn: &Connection, acknowledged: bool) -> Result<()> {
    if warned(conn)? {
        return Ok(());
    }
    check_told(conn, acknowledged)?;
    audit::append(
        conn,
        AuditEvent::PlaintextExportAcknowledged,
        "told that exported files are not encrypted",
    )
}

/// The folder a save dialog opens in: Documents, else the home folder.
pub fn save_dialog_folder() -> Option<PathBuf> {
    dirs::document_dir().or_else(dirs::home_dir)
}

/// Opens exactly `path` to be written (replacing a file the clinician chose
/// to replace), readable by the owner alone.
pub fn create_private(path: &Path) -> Result<std::fs::File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let f = options
        .open(path)
        .map_err(|e| Error::io(format!("write {}", path.display()), e))?;
    // A file that existed keeps its old mode through `open`: tighten it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| Error::io(format!("restrict {}", path.display()), e))?;
    }
    Ok(f)
}

/// Writes `bytes` to exactly `path` (replacing a file the clinician chose to
/// replace), readable by the owner alone, and synced to disk. Written beside
/// it first and renamed over it, so a write that fails (a full disk) leaves
/// no part-written file and any file it was to replace as it was.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let part = path.with_file_name(format!(".{name}.part"));
    let written = create_private(&part).and_then(|mut f| {
        f.write_all(bytes)
            .and_then(|_| f.sync_all())
            .and_then(|_| std::fs::rename(&part, path))
            .map_err(|e| Error::io(format!("write {}", path.display()), e))
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    written
}

/// Begins every CSV file: spreadsheet programs then read it as UTF-8.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A text that a spreadsheet would take for a formula (it begins with
/// `=`, `+`, `-`, `@`, a tab or a carriage return) with an apostrophe
/// before it, so the spreadsheet shows it as text.
pub fn spreadsheet_text(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// A name as part of a file name: letters, digits, spaces and hyphens kept,
/// anything else (a slash, a colon) made an underscore.
pub fn file_name_part(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect::<String>()
        .trim()
        .to_string()
}
