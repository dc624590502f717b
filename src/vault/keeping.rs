//! The app's hold on its backups (`VaultAccess`): an automatic backup runs
//! beside the app on a connection and key of its own, and the vault waits
//! for it before it locks, closes, changes its passphrase or rotates its
//! keys; a backup is made as the vault locks when anything was recorded
//! since the last; a backup file chosen in a dialog is kept here (the
//! window never names a path) to be checked, or restored — into the app's
//! folder, in place of the vault there, which is kept beside it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Deserialize;
use ts_rs::TS;

use crate::backups::{self, status::BackupStatus, Reason};
use crate::error::{Error, Result};
use crate::values::Timestamp;
use crate::vault::access::VaultAccess;
use crate::vault::audit::{self, AuditEvent};
use crate::vault::backup::held::Listener;
use crate::vault::backup::{self, BackupSummary, Made, Restored, Secret, Target, Verified};
use crate::vault::folder::{self, Presence};
use crate::vault::keys::Passphrase;

/// What opens a backup to be restored, as typed.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "with", rename_all = "snake_case")]
pub enum RestoreSecret {
    /// The passphrase current when the backup was made; the restored vault keeps it.
    Passphrase { passphrase: String },
    /// The recovery key current when it was made, and a new passphrase.
    RecoveryKey {
        recovery_key: String,
        new_passphrase: String,
        confirmation: String,
    },
}

impl VaultAccess {
    /// Who is told when a backup running beside the app ends.
    pub fn on_backup_ended(&mut self, listener: Listener) {
        self.backups.listener = Some(listener);
    }

    /// Waits for a backup running beside the app to end.
    pub(crate) fn finish_backup(&mut self) {
        if let Some(h) = self.backups.running.take() {
            let _ = h.join();
        }
    }

    /// Starts an automatic backup beside the app if one is due for
    /// `reason`; whether one started. Not activity: the daily check does
    /// not postpone the inactivity lock.
    pub fn backup_soon(&mut self, reason: Reason) -> Result<bool> {
        if self.backups.running.as_ref().is_some_and(|h| !h.is_finished()) {
            return Ok(false);
        }
        self.finish_backup();
        let Some(v) = self.vault.as_ref() else {
            return Ok(false);
        };
        if !backups::run::due(v.conn(), reason, Timestamp::now())? {
            return Ok(false);
        }
        let mut job = v.backup_job()?;
        let listener = self.backups.listener.clone();
        self.backups.running = Some(std::thread::spawn(move || {
            // Beside the app: the clinician's screens come first.
            crate::process::into_background();
            let made = backups::run::automatic(&mut job, reason, &Timestamp::now);
            // The backup's key is wiped before anyone is told.
            drop(job);
            if let Some(l) = listener {
                l(&made);
            }
        }));
        Ok(true)
    }

    /// Locks (or closes), making an automatic backup first when one is due.
    pub(crate) fn lock_keeping(&mut self, reason: &str, why: Reason) -> Result<()> {
        self.finish_backup();
        let Some(v) = self.vault.take() else {
            return Ok(());
        };
        if backups::run::due(v.conn(), why, Timestamp::now()).unwrap_or(false) {
            if let Ok(mut job) = v.backup_job() {
                // Made or failed, it is recorded; the lock goes ahead.
                let made = backups::run::automatic(&mut job, why, &Timestamp::now);
                drop(job);
                if let Some(l) = &self.backups.listener {
                    l(&made);
                }
            }
        }
        v.lock(reason)
    }

    pub fn backup_status(&mut self, now: Instant) -> Result<BackupStatus> {
        self.glance(now, |c| backups::status::status(c, Timestamp::now()))
    }

    /// Sends automatic backups to `folder` (or turns them off); the first
    /// one is made at once, beside the app.
    pub fn set_backup_folder(&mut self, folder: Option<&Path>, now: Instant) -> Result<BackupStatus> {
        self.act(now, |tx| backups::settings::set_folder(tx, folder))?;
        let _ = self.backup_soon(Reason::Daily);
        self.backup_status(now)
    }

    pub fn set_backup_keep(&mut self, keep: backups::settings::Keep, now: Instant) -> Result<BackupStatus> {
        self.act(now, |tx| backups::settings::set_keep(tx, keep))?;
        self.backup_status(now)
    }

    /// Backs up now into the automatic backups' folder.
    pub fn back_up_now(&mut self, now: Instant) -> Result<Made> {
        self.finish_backup();
        let mut job = self.vault(now)?.backup_job()?;
        backups::run::automatic(&mut job, Reason::ByHand, &Timestamp::now)
    }

    /// Backs up to a file the clinician chose.
    pub fn back_up_to(&mut self, dest: &Path, now: Instant) -> Result<Made> {
        self.finish_backup();
        let mut job = self.vault(now)?.backup_job()?;
        backups::run::by_hand(&mut job, dest, &Timestamp::now)
    }

    /// Keeps the backup file the clinician chose in a dialog, to check or
    /// restore, and says what it is (read without any key).
    pub fn choose_backup(&mut self, path: PathBuf) -> Result<BackupSummary> {
        let summary = backup::summary(&path)?;
        self.backups.chosen = Some(path);
        Ok(summary)
    }

    fn chosen(&self) -> Result<PathBuf> {
        self.backups
            .chosen
            .clone()
            .ok_or_else(|| Error::validation("file", "Choose a backup file first."))
    }

    /// Checks the chosen backup whole: with the key in memory, or, for one
    /// made before the keys were rotated, with the passphrase of its time.
    /// The check is recorded.
    pub fn check_chosen_backup(&mut self, passphrase: Option<&Passphrase>, now: Instant) -> Result<Verified> {
        let path = self.chosen()?;
        let v = self.vault(now)?;
        let checked = match passphrase {
            None => v.verify_backup(&path)?,
            Some(p) => backup::verify(&path, &Secret::Passphrase(p))?,
        };
        let detail = format!(
            "{}: sound, made {} by Cohort {}",
            path.display(),
            checked.summary.made_at,
            checked.summary.app_version
        );
        v.transact(|tx| audit::append(tx, AuditEvent::BackupVerified, &detail))?;
        Ok(checked)
    }

    /// Restores the chosen backup into the app's vault folder — in place of
    /// the vault there (locked first, with a last backup if one is due),
    /// which is kept whole beside it — then unlocks it.
    pub fn restore_chosen_backup(
        &mut self,
        secret: &RestoreSecret,
        other_vault_confirmed: bool,
        now: Instant,
    ) -> Result<Restored> {
        let path = self.chosen()?;
        let (secret_for, new_pass) = match secret {
            RestoreSecret::Passphrase { passphrase } => (Passphrase::new(passphrase.clone()), None),
            RestoreSecret::RecoveryKey {
                new_passphrase,
                confirmation,
                ..
            } => {
                if new_passphrase != confirmation {
                    return Err(Error::validation(
                        "confirmation",
                        "The two passphrases are not the same.",
                    ));
                }
                (Passphrase::new(new_passphrase.clone()), Some(()))
            }
        };
        let key_text;
        let s = match secret {
            RestoreSecret::Passphrase { .. } => Secret::Passphrase(&secret_for),
            RestoreSecret::RecoveryKey { recovery_key, .. } => {
                key_text = recovery_key.clone();
                Secret::RecoveryKey(&key_text)
            }
        };
        self.lock("to restore a backup in its place")?;
        let target = match folder::presence(&self.dir) {
            Presence::Absent => Target::NewFolder,
            _ => Target::Replacing {
                other_vault_confirmed,
            },
        };
        let restored = backup::restore(
            &path,
            &s,
            new_pass.map(|()| &secret_for),
            &self.dir,
            target,
            Timestamp::now(),
        )?;
        self.backups.chosen = None;
        self.unlock(&secret_for, now)?;
        Ok(restored)
    }
}
