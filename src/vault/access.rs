//! The app's hold on one vault folder: locked or unlocked, failed attempts
//! since the last unlock, and the inactivity lock. The desktop shell keeps
//! one `VaultAccess` and calls these methods; it holds no logic of its own.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;
use ts_rs::TS;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::settings::{self, AutoLockMinutes, ClinicianProfile, Settings};
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEntry};
use crate::vault::folder::{self, Presence};
use crate::vault::keys::Passphrase;
use crate::vault::unlocked::{Origin, Vault};

/// What the app shows first.
#[derive(Debug, Clone, Serialize, TS)]
pub struct VaultStatus {
    pub presence: Presence,
    pub unlocked: bool,
    /// The folder the vault lives in, shown on the first-run screen.
    pub vault_dir: String,
    /// Minutes of inactivity before the app locks itself (when unlocked).
    pub auto_lock_minutes: Option<u32>,
    /// A key rotation was finished at this unlock after an interruption and
    /// its recovery key was never shown: offer to rotate again.
    pub recovery_key_unseen: bool,
}

pub struct VaultAccess {
    pub(in crate::vault) dir: PathBuf,
    pub(in crate::vault) vault: Option<Vault>,
    failed_attempts: u32,
    last_activity: Instant,
    /// The same moment on a clock that keeps counting while the computer
    /// sleeps: `Instant` stops during suspend on Linux, so a lid closed at
    /// minute 2 of a 10-minute lock and opened an hour later would
    /// otherwise show the records.
    last_activity_boot: Duration,
    boot_clock: fn() -> Duration,
    auto_lock: Duration,
    /// Backups: one running beside the app, the file chosen to check or
    /// restore, who is told when one ends (`vault::keeping`).
    pub(in crate::vault) backups: super::backup::held::Held,
}

/// Time since boot, suspend included (`CLOCK_BOOTTIME` on Linux; elsewhere
/// the process's own monotonic time).
pub fn boot_time() -> Duration {
    #[cfg(target_os = "linux")]
    {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: writes the current time into a local timespec.
        if unsafe { libc::clock_gettime(libc::CLOCK_BOOTTIME, &mut ts) } == 0 {
            return Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32);
        }
    }
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

fn same(a: &Passphrase, b: &Passphrase, field: &str) -> Result<()> {
    if a.as_str() == b.as_str() {
        Ok(())
    } else {
        Err(Error::validation(field, "The two passphrases are not the same."))
    }
}

impl VaultAccess {
    pub fn new(dir: &Path) -> VaultAccess {
        VaultAccess::with_boot_clock(dir, boot_time)
    }

    /// With another clock for time asleep (tests simulate a suspend with it).
    pub fn with_boot_clock(dir: &Path, boot_clock: fn() -> Duration) -> VaultAccess {
        VaultAccess {
            dir: dir.to_path_buf(),
            vault: None,
            failed_attempts: 0,
            last_activity: Instant::now(),
            last_activity_boot: boot_clock(),
            boot_clock,
            auto_lock: Duration::from_secs(60 * AutoLockMinutes::DEFAULT.get() as u64),
            backups: super::backup::held::Held::default(),
        }
    }

    fn mark_activity(&mut self, now: Instant) {
        self.last_activity = now;
        self.last_activity_boot = (self.boot_clock)();
    }

    /// How long since the last activity: the longer of the two clocks, so
    /// time asleep counts.
    fn idle(&self, now: Instant) -> Duration {
        now.saturating_duration_since(self.last_activity)
            .max((self.boot_clock)().saturating_sub(self.last_activity_boot))
    }

    pub fn status(&self) -> VaultStatus {
        VaultStatus {
            presence: folder::presence(&self.dir),
            unlocked: self.vault.is_some(),
            vault_dir: self.dir.display().to_string(),
            auto_lock_minutes: self
                .vault
                .as_ref()
                .map(|_| (self.auto_lock.as_secs() / 60) as u32),
            recovery_key_unseen: self.vault.as_ref().is_some_and(|v| v.recovery_key_unseen()),
        }
    }

    /// In a folder holding a database without its header: keeps that
    /// database aside, in a folder beside it, so that a new vault can be
    /// created; returns that folder.
    pub fn start_again(&mut self) -> Result<String> {
        Ok(folder::set_aside(&self.dir, chrono::Utc::now())?
            .display()
            .to_string())
    }

    /// Creates the vault and leaves it unlocked; returns the recovery key,
    /// to be shown once.
    pub fn create(
        &mut self,
        pass: &Passphrase,
        confirmation: &Passphrase,
        now: Instant,
    ) -> Result<Zeroizing<String>> {
        same(pass, confirmation, "confirmation")?;
        let created = Vault::create(&self.dir, pass)?;
        self.opened(created.vault, now)?;
        Ok(created.recovery_key)
    }

    pub fn unlock(&mut self, pass: &Passphrase, now: Instant) -> Result<()> {
        if self.vault.is_some() {
            return Ok(());
        }
        match Vault::unlock(&self.dir, pass, Origin::App, self.failed_attempts) {
            Ok(v) => self.opened(v, now),
            Err(e) => Err(self.count_failure(e)),
        }
    }

    pub fn unlock_with_recovery_key(
        &mut self,
        recovery_key: &str,
        new_pass: &Passphrase,
        confirmation: &Passphrase,
        now: Instant,
    ) -> Result<()> {
        same(new_pass, confirmation, "confirmation")?;
        if self.vault.is_some() {
            return Err(Error::validation(
                "recovery_key",
                "The vault is already unlocked.",
            ));
        }
        match Vault::unlock_with_recovery_key(
            &self.dir,
            recovery_key,
            new_pass,
            Origin::App,
            self.failed_attempts,
        ) {
            Ok(v) => self.opened(v, now),
            Err(e) => Err(self.count_failure(e)),
        }
    }

    fn count_failure(&mut self, e: Error) -> Error {
        if matches!(e, Error::WrongPassphrase | Error::WrongRecoveryKey) {
            self.failed_attempts += 1;
        }
        e
    }

    fn opened(&mut self, v: Vault, now: Instant) -> Result<()> {
        let minutes = settings::load(v.conn())?.auto_lock_minutes;
        self.auto_lock = Duration::from_secs(60 * minutes as u64);
        self.vault = Some(v);
        self.failed_attempts = 0;
        self.mark_activity(now);
        Ok(())
    }

    /// Locks now: a backup running beside the app ends first, an automatic
    /// one is made if anything was recorded since the last (`keeping`), the
    /// audit trail records the lock, the database closes and every key is
    /// wiped. Locking a locked session does nothing.
    pub fn lock(&mut self, reason: &str) -> Result<()> {
        self.lock_keeping(reason, crate::backups::Reason::Locking)
    }

    /// Closes the app's hold: as `lock`, with a backup for closing.
    pub fn close(&mut self) -> Result<()> {
        self.lock_keeping("the app was closed", crate::backups::Reason::Closing)
    }

    /// The clinician did something: postpone the inactivity lock — unless
    /// it is already due (back from sleep): then it locks, and says so.
    pub fn touch(&mut self, now: Instant) -> Result<()> {
        if self.lock_if_idle(now)? {
            return Err(Error::Locked);
        }
        self.mark_activity(now);
        Ok(())
    }

    /// Locks when idle longer than the auto-lock setting (time asleep
    /// included); true if it did.
    pub fn lock_if_idle(&mut self, now: Instant) -> Result<bool> {
        if self.vault.is_some() && self.idle(now) >= self.auto_lock {
            let minutes = self.auto_lock.as_secs() / 60;
            self.lock(&format!("automatically after {minutes} minutes without activity"))?;
            return Ok(true);
        }
        Ok(false)
    }

    /// The unlocked vault, or `Locked`. Counts as activity — unless the
    /// lock was already due (the first request after waking from sleep):
    /// then it locks first, and nothing is read.
    pub fn vault(&mut self, now: Instant) -> Result<&mut Vault> {
        if self.lock_if_idle(now)? {
            return Err(Error::Locked);
        }
        self.mark_activity(now);
        self.vault.as_mut().ok_or(Error::Locked)
    }

    pub fn settings(&mut self, now: Instant) -> Result<Settings> {
        settings::load(self.vault(now)?.conn())
    }

    pub fn save_profile(&mut self, profile: &ClinicianProfile, now: Instant) -> Result<ClinicianProfile> {
        self.vault(now)?
            .transact(|tx| settings::save_profile(tx, profile, Timestamp::now()))
    }

    pub fn set_auto_lock(&mut self, minutes: i64, now: Instant) -> Result<Settings> {
        let m = AutoLockMinutes::new(minutes)?;
        let v = self.vault(now)?;
        v.transact(|tx| settings::set_auto_lock(tx, m))?;
        let s = settings::load(v.conn())?;
        self.auto_lock = Duration::from_secs(60 * m.get() as u64);
        Ok(s)
    }

    /// Changes the passphrase; earlier backups open only with the old one,
    /// so a fresh automatic backup follows at once.
    pub fn change_passphrase(
        &mut self,
        current: &Passphrase,
        new_pass: &Passphrase,
        confirmation: &Passphrase,
        now: Instant,
    ) -> Result<()> {
        same(new_pass, confirmation, "confirmation")?;
        self.finish_backup();
        self.vault(now)?.change_passphrase(current, new_pass)?;
        let _ = self.backup_soon(crate::backups::Reason::KeysChanged);
        Ok(())
    }

    /// Rotates the keys after proving the passphrase; returns the new
    /// recovery key, to be shown once. Earlier backups open only with the
    /// old keys, so a fresh automatic backup follows at once.
    pub fn rotate_keys(&mut self, pass: &Passphrase, now: Instant) -> Result<Zeroizing<String>> {
        self.finish_backup();
        let key = self.vault(now)?.rotate_keys(pass)?;
        let _ = self.backup_soon(crate::backups::Reason::KeysChanged);
        Ok(key)
    }

    /// Runs one user action in one transaction on the unlocked vault.
    pub fn act<T>(
        &mut self,
        now: Instant,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        self.vault(now)?.transact(f)
    }

    /// Reads from the unlocked vault.
    pub fn read<T>(&mut self, now: Instant, f: impl FnOnce(&rusqlite::Connection) -> Result<T>) -> Result<T> {
        f(self.vault(now)?.conn())
    }

    /// Reads from the unlocked vault for a screen refreshing itself on a
    /// timer: not activity, so a screen left open still locks when due
    /// (and locks first when the lock is already due).
    pub fn glance<T>(
        &mut self,
        now: Instant,
        f: impl FnOnce(&rusqlite::Connection) -> Result<T>,
    ) -> Result<T> {
        if self.lock_if_idle(now)? {
            return Err(Error::Locked);
        }
        f(self.vault.as_ref().ok_or(Error::Locked)?.conn())
    }

    pub fn recent_activity(&mut self, limit: u32, now: Instant) -> Result<Vec<AuditEntry>> {
        audit::recent(self.vault(now)?.conn(), limit.min(500))
    }
}
