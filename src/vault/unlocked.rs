//! An unlocked vault: create, unlock (with the passphrase or the recovery
//! key), change the passphrase, lock, and one transaction per user action.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::{Connection, Transaction};
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::vault::audit::{self, AuditEvent};
use crate::vault::db::{self, OpenMode, DB_FILE};
use crate::vault::folder::{self, presence, FolderLock, Presence};
use crate::vault::header::Header;
use crate::vault::keys::{self, DataKey, Passphrase, RecoveryKey, WrappedKey};
use crate::vault::rotate::{self, Settled};

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

/// An unlocked vault. Dropping it closes the database and wipes the key.
pub struct Vault {
    dir: PathBuf,
    // Field order matters: the connection closes before the lock is released.
    conn: Connection,
    header: Header,
    key: DataKey,
    /// A key rotation was finished at this unlock after an interruption, so
    /// its recovery key was never shown: the clinician needs a new one.
    recovery_key_unseen: bool,
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
        Err(Error::NoVault(_)) if dir.join(DB_FILE).exists() => Err(Error::HalfMade(dir.to_path_buf())),
        other => other,
    }
}

impl Vault {
    /// Creates a vault in `dir` (made if needed) and leaves it unlocked.
    /// Refuses a folder that already holds any part of a vault.
    pub fn create(dir: &Path, pass: &Passphrase) -> Result<Created> {
        keys::check_new_passphrase(pass)?;
        match presence(dir) {
            Presence::Present => return Err(Error::VaultExists(dir.to_path_buf())),
            Presence::HalfMade => return Err(Error::HalfMade(dir.to_path_buf())),
            Presence::Absent => {}
        }
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
        // Made whole in a folder of its own beside `dir`, then put in place
        // by one rename: a create stopped at any moment leaves `dir` as it
        // was, and the next create clears what it left (folder::begin_staging).
        let staging = folder::begin_staging(dir)?;
        let made = (|| -> Result<()> {
            let _lock = FolderLock::acquire(&staging)?;
            let conn = db::open(&staging, &key, OpenMode::CreateNew)?;
            audit::append(&conn, AuditEvent::VaultCreated, "")?;
            // Closed before the move, so its log is folded in and no file of
            // the database is left open under the old name.
            conn.close().map_err(|(_, e)| Error::from(e))?;
            header.write_atomically(&staging)
        })();
        if let Err(e) = made.and_then(|()| folder::put_in_place(&staging, dir)) {
            // The half-made vault's key was never shown to anyone: nothing in
            // it can ever be opened, so it goes; `dir` is untouched.
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
        let lock = FolderLock::acquire(dir)?;
        let conn = db::open(dir, &key, OpenMode::Existing)?;
        folder::restrict(dir)?;
        Ok(Created {
            vault: Vault {
                dir: dir.to_path_buf(),
                conn,
                header,
                key,
                recovery_key_unseen: false,
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
        let settled = rotate::settle(dir)?;
        let header = require_header(dir)?;
        let key = match header.passphrase.open_with_passphrase(pass, &header.vault_id) {
            Ok(key) => key,
            Err(e) => {
                // The app counts its own; each command line run is a new process.
                if origin == Origin::Cli && matches!(e, Error::WrongPassphrase) {
                    folder::note_failed_attempt(dir);
                }
                return Err(e);
            }
        };
        header.verify_mac(&key)?;
        let strengthen = header.passphrase.kdf.below_policy();
        let mut vault = Vault::finish_open(dir, header, key, lock, settled)?;
        if strengthen {
            // Sealed under weaker settings (an earlier version, a debug
            // build): re-wrapped now under the policy, once.
            vault.replace_passphrase_wrap(pass)?;
            let kdf = &vault.header.passphrase.kdf;
            let detail = format!(
                "Argon2id, {} MiB, {} passes",
                kdf.memory_kib / 1024,
                kdf.iterations
            );
            vault.transact(|tx| audit::append(tx, AuditEvent::KeyDerivationStrengthened, &detail))?;
        }
        let failed_attempts = failed_attempts + folder::failed_attempts(dir);
        vault.transact(|tx| {
            record_failed_attempts(tx, failed_attempts)?;
            audit::append(
                tx,
                AuditEvent::Unlocked,
                &format!("passphrase, {}", origin.as_str()),
            )
        })?;
        folder::clear_failed_attempts(dir);
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
        let settled = rotate::settle(dir)?;
        let header = require_header(dir)?;
        let key = match header.recovery.open_with_recovery(&rk, &header.vault_id) {
            Ok(key) => key,
            Err(e) => {
                if origin == Origin::Cli && matches!(e, Error::WrongRecoveryKey) {
                    folder::note_failed_attempt(dir);
                }
                return Err(e);
            }
        };
        header.verify_mac(&key)?;
        let mut vault = Vault::finish_open(dir, header, key, lock, settled)?;
        vault.replace_passphrase_wrap(new_pass)?;
        let failed_attempts = failed_attempts + folder::failed_attempts(dir);
        vault.transact(|tx| {
            record_failed_attempts(tx, failed_attempts)?;
            audit::append(tx, AuditEvent::PassphraseResetWithRecoveryKey, origin.as_str())?;
            audit::append(
                tx,
                AuditEvent::Unlocked,
                &format!("recovery key, {}", origin.as_str()),
            )
        })?;
        folder::clear_failed_attempts(dir);
        Ok(vault)
    }

    fn finish_open(
        dir: &Path,
        header: Header,
        key: DataKey,
        lock: FolderLock,
        settled: Settled,
    ) -> Result<Vault> {
        let conn = db::open(dir, &key, OpenMode::Existing)?;
        // A folder made by an earlier version, or loosened since, is tightened.
        folder::restrict(dir)?;
        let mut vault = Vault {
            dir: dir.to_path_buf(),
            conn,
            header,
            key,
            recovery_key_unseen: settled == Settled::Finished,
            _lock: lock,
        };
        if settled == Settled::Finished {
            vault.transact(|tx| {
                audit::append(
                    tx,
                    AuditEvent::KeysRotated,
                    "finished at this unlock after an interruption; its recovery key was never shown",
                )
            })?;
        }
        Ok(vault)
    }

    /// Rotates the keys: the database re-encrypted under a new data key, the
    /// passphrase (proved first, against the key in memory) re-wrapping it,
    /// and a new recovery key, returned to be shown once. The old passphrase
    /// header and recovery key no longer open anything written from now on.
    /// Crash-safe at every step (see `rotate`).
    pub fn rotate_keys(&mut self, pass: &Passphrase) -> Result<Zeroizing<String>> {
        self.prove(pass)?;
        let staged = rotate::stage(&self.conn, &self.dir, &self.header, pass)?;
        // Close the connection (folding its log into the file) so that no
        // page of the old key's log is ever read against the new file.
        let old = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        if let Err((conn, e)) = old.close() {
            self.conn = conn;
            rotate::settle(&self.dir)?;
            return Err(Error::from(e));
        }
        let committed = rotate::commit(&self.dir);
        // Whatever happened, settle the folder and reopen with the key the
        // header on disk now wraps.
        let settled = rotate::settle(&self.dir);
        let on_disk = Header::read(&self.dir);
        let rotated = matches!(&on_disk, Ok(h) if h.verify_mac(&staged.key).is_ok());
        let key = if rotated { &staged.key } else { &self.key };
        self.conn = db::open(&self.dir, key, OpenMode::Existing)?;
        if rotated {
            // Done, even if a step after the commit reported an error: the
            // folder was settled onto the new key, and the vault holds it.
            self.header = staged.header;
            self.key = staged.key;
            self.recovery_key_unseen = false;
            folder::restrict(&self.dir)?;
            return Ok(staged.recovery_key.display());
        }
        committed?;
        settled?;
        Err(Error::Internal(
            "the keys were not rotated; nothing was changed".into(),
        ))
    }

    /// Whether a rotation finished at this unlock had a recovery key that was
    /// never shown (rotate again for one that is).
    pub fn recovery_key_unseen(&self) -> bool {
        self.recovery_key_unseen
    }

    /// Proves `pass` against the key in memory, through the header this vault
    /// was opened with — never against whatever header is on disk now (one
    /// planted in the folder while the vault is open would otherwise be
    /// accepted, and its passphrase would do).
    fn prove(&self, pass: &Passphrase) -> Result<()> {
        let proved = self
            .header
            .passphrase
            .open_with_passphrase(pass, &self.header.vault_id)?;
        if proved.same_as(&self.key) {
            Ok(())
        } else {
            Err(Error::WrongPassphrase)
        }
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
        self.prove(current)?;
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
        super::db::transact(&mut self.conn, f)
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

    /// The data key, for the vault's own modules (a backup's MAC, its copy).
    pub(crate) fn key(&self) -> &DataKey {
        &self.key
    }
}

/// Reads the header only: format and KDF parameters, without any passphrase.
pub fn read_header(dir: &Path) -> Result<Header> {
    require_header(dir)
}
