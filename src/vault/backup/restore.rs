//! Restoring a backup into a vault folder — a new one, or in place of the
//! vault there, which is then kept whole beside it and never deleted.
//!
//! The backup is checked first (its hashes, its MAC under the key the
//! secret opens): a damaged, cut-short, foreign or newer one is refused
//! before anything is created. It is then unpacked into a hidden folder
//! beside the target, checked as a backup is made (every page's MAC,
//! integrity, foreign keys, the audit chain, the manifest), upgraded by the
//! same migrations an unlock runs, checked against this version's schema,
//! and the restore is recorded in its own audit trail. Its header is
//! written last, so an unpacking folder without one is unfinished. Then it
//! takes the target's place by one rename — or, replacing a vault, by one
//! exchange of the two folders (Linux's `renameat2`), after which the old
//! vault is renamed to `<name>.before-restore-<time>`.

use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};
use crate::vault::backup::file::BackupFile;
use crate::vault::backup::make::{check_snapshot, Thoroughness};
use crate::vault::backup::verify::{open_key, Secret};
use crate::vault::db::{self, OpenMode, DB_FILE};
use crate::vault::folder::{self, FolderLock, Presence};
use crate::vault::header::{sync_dir, Header, HEADER_FILE};
use crate::vault::keys::{self, DataKey, Passphrase, WrappedKey};
use crate::vault::migrate::{self, latest_schema_version};
use crate::vault::schema;

/// Where a backup is restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A folder holding no vault: the restore is made there.
    NewFolder,
    /// In place of the vault in the folder, which is kept beside it. A
    /// backup of another vault is refused unless `other_vault_confirmed`.
    Replacing { other_vault_confirmed: bool },
}

/// What a restore did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Restored {
    pub made_at: Timestamp,
    pub schema_from: u32,
    pub schema_to: u32,
    /// Where the vault it replaced is kept, if it replaced one.
    pub set_aside: Option<String>,
}

/// Restores the backup at `file` into `dir`. With the recovery key, the
/// restored vault takes `new_passphrase` (as a reset with the recovery key
/// does); with the passphrase, it keeps the one it had.
pub fn restore(
    file: &Path,
    secret: &Secret<'_>,
    new_passphrase: Option<&Passphrase>,
    dir: &Path,
    target: Target,
    now: Timestamp,
) -> Result<Restored> {
    if let (Secret::RecoveryKey(_), Some(p)) = (secret, new_passphrase) {
        keys::check_new_passphrase(p)?;
    } else if let Secret::RecoveryKey(_) = secret {
        return Err(Error::validation(
            "new_passphrase",
            "Choose a new passphrase for the restored vault.",
        ));
    }
    let present = folder::presence(dir);
    if target == Target::NewFolder {
        match present {
            Presence::Present => return Err(Error::VaultExists(dir.to_path_buf())),
            Presence::HalfMade => return Err(Error::HalfMade(dir.to_path_buf())),
            Presence::Absent => {}
        }
    }
    // Another program may not hold the vault being replaced.
    let _lock = match present {
        Presence::Absent => None,
        _ => Some(FolderLock::acquire(dir)?),
    };
    let backup = BackupFile::open(file)?;
    if let Target::Replacing {
        other_vault_confirmed: false,
    } = target
    {
        if let Ok(current) = Header::read(dir) {
            if current.vault_id != backup.envelope.vault_id {
                return Err(Error::BackupOfAnotherVaultHere {
                    created: backup.envelope.vault_header.created_at.clone(),
                    here_created: current.created_at,
                });
            }
        }
    }
    backup.check_database(file)?;
    let key = open_key(&backup, secret)?;
    backup.verify_mac(&key)?;
    let manifest = backup.manifest(&key)?;

    let staging = begin_staging(dir, now)?;
    // Until it is in place, the unpacked copy holds nothing the backup
    // does not: on any failure it goes, and the target is as it was.
    let unpacked =
        unpack(file, &backup, &key, &manifest, &staging, secret, new_passphrase).and_then(
            |()| match present {
                Presence::Absent => folder::put_in_place(&staging, dir),
                _ => Ok(()),
            },
        );
    if let Err(e) = unpacked {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let set_aside = match present {
        Presence::Absent => None,
        _ => Some(swap_in(&staging, dir, now)?),
    };
    Ok(Restored {
        made_at: backup.envelope.made_at,
        schema_from: backup.envelope.schema_version,
        schema_to: latest_schema_version(),
        set_aside: set_aside.map(|p| p.display().to_string()),
    })
}

fn unpack(
    file: &Path,
    backup: &BackupFile,
    key: &DataKey,
    manifest: &crate::vault::backup::file::Manifest,
    staging: &Path,
    secret: &Secret<'_>,
    new_passphrase: Option<&Passphrase>,
) -> Result<()> {
    let db_path = staging.join(DB_FILE);
    {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut out = options
            .open(&db_path)
            .map_err(|e| Error::io("unpack the backup", e))?;
        backup.copy_database(file, &mut out)?;
        out.sync_all().map_err(|e| Error::io("unpack the backup", e))?;
    }
    // As it was made: the same checks, and the manifest's counts.
    let (version, counted) = check_snapshot(&db_path, key, Thoroughness::Full)?;
    if version != backup.envelope.schema_version || &counted != manifest {
        return Err(Error::BackupDamaged(
            "its records do not match the list it carries of them".into(),
        ));
    }
    {
        let conn = db::open_at_version(staging, key, OpenMode::Existing, version)?;
        let fk = migrate::foreign_key_problems(&conn)?;
        if !fk.is_empty() {
            return Err(Error::BackupDamaged(format!(
                "its records point at missing ones ({})",
                fk[0]
            )));
        }
        conn.close().map_err(|(_, e)| Error::from(e))?;
    }
    // Upgraded as an unlock upgrades a vault, then held to this version's schema.
    let conn = db::open(staging, key, OpenMode::Existing)?;
    let differences = schema::differences(&conn)?;
    if !differences.is_empty() {
        return Err(Error::BackupDamaged(format!(
            "its schema is not the one its version defines ({})",
            differences[0]
        )));
    }
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let detail = format!(
        "from {name}, made {} by Cohort {} (schema {} → {})",
        backup.envelope.made_at,
        backup.envelope.app_version,
        version,
        latest_schema_version()
    );
    let tx = conn.unchecked_transaction()?;
    audit::append(&tx, AuditEvent::VaultRestored, &detail)?;
    if let Secret::RecoveryKey(_) = secret {
        audit::append(&tx, AuditEvent::PassphraseResetWithRecoveryKey, "at restore")?;
    }
    tx.commit()?;
    conn.close().map_err(|(_, e)| Error::from(e))?;
    let mut header = backup.envelope.vault_header.clone();
    if let (Secret::RecoveryKey(_), Some(p)) = (secret, new_passphrase) {
        header.passphrase = WrappedKey::seal_with_passphrase(key, p, &header.vault_id)?;
        header.seal(key);
    }
    // Last: an unpacking folder with a header is a whole vault.
    header.write_atomically(staging)?;
    folder::restrict(staging)?;
    Ok(())
}

/// The hidden folder a restore into `dir` is unpacked in. What earlier
/// restores left is settled first: an unfinished one (no header) is
/// removed; a whole vault is never removed, but set aside by name.
fn begin_staging(dir: &Path, now: Timestamp) -> Result<PathBuf> {
    let (parent, name) = parent_and_name(dir)?;
    fs::create_dir_all(&parent)
        .map_err(|e| Error::io(format!("create the folder {}", parent.display()), e))?;
    let prefix = format!(".{name}.restoring-");
    if let Ok(entries) = fs::read_dir(&parent) {
        for e in entries.flatten() {
            let p = e.path();
            if !e.file_name().to_string_lossy().starts_with(&prefix) || !p.is_dir() {
                continue;
            }
            if p.join(HEADER_FILE).exists() {
                let aside = free_name(&parent, &format!("{name}.set-aside"), now);
                let _ = fs::rename(&p, aside);
            } else {
                let _ = fs::remove_dir_all(&p);
            }
        }
    }
    let staging = parent.join(format!("{prefix}{}", uuid::Uuid::new_v4().simple()));
    fs::create_dir(&staging).map_err(|e| Error::io(format!("create the folder {}", staging.display()), e))?;
    folder::restrict(&staging)?;
    Ok(staging)
}

fn parent_and_name(dir: &Path) -> Result<(PathBuf, String)> {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = dir
        .file_name()
        .ok_or_else(|| Error::Internal(format!("{} names no folder", dir.display())))?
        .to_string_lossy()
        .into_owned();
    Ok((parent, name))
}

/// `<parent>/<stem>-<UTC time>`, with a number added if that is taken.
fn free_name(parent: &Path, stem: &str, now: Timestamp) -> PathBuf {
    let at = now.utc().format("%Y%m%dT%H%M%SZ");
    let mut p = parent.join(format!("{stem}-{at}"));
    let mut n = 2;
    while p.exists() {
        p = parent.join(format!("{stem}-{at}-{n}"));
        n += 1;
    }
    p
}

/// Puts the restored vault at `dir` in place of the one there, which is
/// kept, whole, as `<name>.before-restore-<time>` beside it; returns where.
/// Where the system can (Linux), the two folders are exchanged in one step
/// and the old one then renamed: a stop between the two leaves it, whole,
/// under the unpacking folder's name, and the next restore sets it aside by
/// name. Elsewhere, two renames (a stop between them leaves the target
/// missing and both folders whole under their names).
fn swap_in(staging: &Path, dir: &Path, now: Timestamp) -> Result<PathBuf> {
    let (parent, name) = parent_and_name(dir)?;
    let aside = free_name(&parent, &format!("{name}.before-restore"), now);
    let put = |e| Error::io("put the restored vault in place", e);
    match exchange(staging, dir) {
        Ok(true) => {
            fs::rename(staging, &aside).map_err(|e| Error::io("keep the replaced vault", e))?;
        }
        Ok(false) => {
            if let Err(e) = fs::rename(dir, &aside) {
                let _ = fs::remove_dir_all(staging);
                return Err(put(e));
            }
            if let Err(e) = fs::rename(staging, dir) {
                let _ = fs::rename(&aside, dir);
                let _ = fs::remove_dir_all(staging);
                return Err(put(e));
            }
        }
        Err(e) => {
            let _ = fs::remove_dir_all(staging);
            return Err(put(e));
        }
    }
    sync_dir(&parent)?;
    Ok(aside)
}

/// Exchanges two folders in one step; false where the system cannot.
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let nul = |_| std::io::Error::from(std::io::ErrorKind::InvalidInput);
        let ca = CString::new(a.as_os_str().as_bytes()).map_err(nul)?;
        let cb = CString::new(b.as_os_str().as_bytes()).map_err(nul)?;
        // SAFETY: two valid NUL-terminated paths, relative to the working folder.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if rc == 0 {
            return Ok(true);
        }
        let e = std::io::Error::last_os_error();
        return match e.raw_os_error() {
            Some(libc::EINVAL) | Some(libc::ENOSYS) => Ok(false),
            _ => Err(e),
        };
    }
    #[allow(unreachable_code)]
    {
        let _ = (a, b);
        Ok(false)
    }
}
