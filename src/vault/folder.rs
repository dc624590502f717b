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
    /// A header is there: unlock it (or learn what is wrong).
    Present,
    /// A database without its header: it can never be opened (a create
    /// stopped by an older Cohort, or the header removed). Offer to start
    /// again, keeping the database aside (`set_aside`).
    HalfMade,
}

pub fn presence(dir: &Path) -> Presence {
    match (dir.join(HEADER_FILE).exists(), dir.join(DB_FILE).exists()) {
        (true, _) => Presence::Present,
        (false, true) => Presence::HalfMade,
        (false, false) => Presence::Absent,
    }
}

/// Starts again in a folder whose database has no header: the database,
/// any log beside it and its count of failed unlocks move, never deleted,
/// to a folder of their own beside it (`<name>.set-aside-<time>`), and the
/// folder can take a new vault. Refused for any other folder. Returns the
/// folder they are now in.
pub fn set_aside(dir: &Path, at: chrono::DateTime<chrono::Utc>) -> Result<PathBuf> {
    let _lock = FolderLock::acquire(dir)?;
    if presence(dir) != Presence::HalfMade {
        return Err(Error::Conflict(
            "Only a database left without its header is set aside; this folder holds a whole vault or none."
                .into(),
        ));
    }
    let (parent, _) =
        staging_name(dir).ok_or_else(|| Error::Internal(format!("{} names no folder", dir.display())))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let aside = parent.join(format!("{name}.set-aside-{}", at.format("%Y%m%dT%H%M%SZ")));
    fs::create_dir(&aside).map_err(|e| Error::io(format!("create the folder {}", aside.display()), e))?;
    restrict(&aside)?;
    let wal = format!("{DB_FILE}-wal");
    let shm = format!("{DB_FILE}-shm");
    // The database last: until it moves, the folder still says what it holds.
    for file in [FAILED_ATTEMPTS_FILE, &shm, &wal, DB_FILE] {
        let from = dir.join(file);
        if from.exists() {
            fs::rename(&from, aside.join(file))
                .map_err(|e| Error::io(format!("set aside {}", from.display()), e))?;
        }
    }
    super::header::sync_dir(&aside)?;
    super::header::sync_dir(dir)?;
    Ok(aside)
}

/// The folder a new vault for `dir` is made in: beside it, hidden, named
/// after it (`.vault.creating-<random>`).
fn staging_name(dir: &Path) -> Option<(PathBuf, String)> {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = dir.file_name()?.to_string_lossy().into_owned();
    Some((parent.to_path_buf(), format!(".{name}.creating-")))
}

/// A fresh, empty staging folder for a vault to be created at `dir`. Those
/// left by a create that was stopped (their vault's recovery key was never
/// shown, so nothing in them can be opened) are removed first.
pub(crate) fn begin_staging(dir: &Path) -> Result<PathBuf> {
    let (parent, prefix) =
        staging_name(dir).ok_or_else(|| Error::Internal(format!("{} names no folder", dir.display())))?;
    fs::create_dir_all(&parent)
        .map_err(|e| Error::io(format!("create the folder {}", parent.display()), e))?;
    if let Ok(entries) = fs::read_dir(&parent) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) && e.path().is_dir() {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
    let staging = parent.join(format!("{prefix}{}", uuid::Uuid::new_v4().simple()));
    fs::create_dir(&staging).map_err(|e| Error::io(format!("create the folder {}", staging.display()), e))?;
    restrict(&staging)?;
    Ok(staging)
}

/// Moves a whole new vault from `staging` to `dir` by one rename. `dir` may
/// be missing or an empty folder (a lock file of Cohort's aside); anything
/// else in it is refused and left as it is.
pub(crate) fn put_in_place(staging: &Path, dir: &Path) -> Result<()> {
    if dir.exists() {
        let others: Vec<String> = fs::read_dir(dir)
            .map_err(|e| Error::io(format!("read the folder {}", dir.display()), e))?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != LOCK_FILE)
            .collect();
        if !others.is_empty() {
            return Err(Error::Conflict(format!(
                "The folder {} already holds other files ({}). Choose an empty folder for the new vault; nothing was changed.",
                dir.display(),
                others.join(", ")
            )));
        }
        let _ = fs::remove_file(dir.join(LOCK_FILE));
        fs::remove_dir(dir)
            .map_err(|e| Error::io(format!("replace the empty folder {}", dir.display()), e))?;
    }
    fs::rename(staging, dir).map_err(|e| Error::io(format!("put the new vault in {}", dir.display()), e))?;
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        crate::vault::header::sync_dir(parent)?;
    }
    Ok(())
}

/// Makes the vault folder the owner's alone: the folder 0700, every file
/// of the vault (database, its log, header, lock) 0600. Run when a vault is
/// created and each time one is opened, so a folder made by an earlier
/// version, or loosened since, is tightened again. Another account on the
/// computer then cannot even read the encrypted files.
pub(crate) fn restrict(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(|e| Error::io(format!("restrict the folder {}", dir.display()), e))?;
        let entries =
            fs::read_dir(dir).map_err(|e| Error::io(format!("read the folder {}", dir.display()), e))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() {
                fs::set_permissions(&path, fs::Permissions::from_mode(0o600))
                    .map_err(|e| Error::io(format!("restrict {}", path.display()), e))?;
            }
        }
    }
    let _ = dir;
    Ok(())
}

/// Failed unlock attempts from the command line, each of which is its own
/// process: counted in this file (a number, nothing else) until the next
/// unlock records them in the audit trail, as the app's are.
pub const FAILED_ATTEMPTS_FILE: &str = "failed-unlocks";

/// Counts one failed attempt (best effort: a folder that cannot be written
/// leaves the count as it was, and the refusal stands either way).
pub(crate) fn note_failed_attempt(dir: &Path) {
    let n = failed_attempts(dir).saturating_add(1);
    let tmp = dir.join(format!("{FAILED_ATTEMPTS_FILE}.tmp"));
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&tmp).and_then(|mut f| {
        std::io::Write::write_all(&mut f, n.to_string().as_bytes()).and_then(|_| f.sync_all())
    });
    if written.is_ok() {
        let _ = fs::rename(&tmp, dir.join(FAILED_ATTEMPTS_FILE));
    }
}

/// The failed attempts counted since the last unlock.
pub(crate) fn failed_attempts(dir: &Path) -> u32 {
    fs::read_to_string(dir.join(FAILED_ATTEMPTS_FILE))
        .ok()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0)
}

/// Forgets the count once an unlock has recorded it.
pub(crate) fn clear_failed_attempts(dir: &Path) {
    let _ = fs::remove_file(dir.join(FAILED_ATTEMPTS_FILE));
}

/// An OS advisory lock on `cohort.lock`, held while the vault is open.
/// The file itself stays; only the lock on it matters.
pub(crate) struct FolderLock(#[allow(dead_code)] File);

impl FolderLock {
    pub(crate) fn acquire(dir: &Path) -> Result<FolderLock> {
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let f = options
            .open(dir.join(LOCK_FILE))
            .map_err(|e| Error::io(format!("open the lock file in {}", dir.display()), e))?;
        // A lock just let go can look held for a moment: a process being
        // started at that instant (a save dialog, another thread's child)
        // holds a copy of the lock file's descriptor until its program
        // begins. So a held lock is tried again for a fifth of a second
        // before the vault is said to be open elsewhere.
        for attempt in 0..5 {
            match f.try_lock() {
                Ok(()) => return Ok(FolderLock(f)),
                Err(fs::TryLockError::WouldBlock) if attempt < 4 => {
                    std::thread::sleep(std::time::Duration::from_millis(40))
                }
                Err(fs::TryLockError::WouldBlock) => return Err(Error::AlreadyOpen),
                Err(fs::TryLockError::Error(e)) => return Err(Error::io("lock the vault folder", e)),
            }
        }
        Err(Error::AlreadyOpen)
    }
}
