//! The app's hold on the vault (VaultAccess): counting failures, the inactivity lock, settings.

mod common;

use std::time::{Duration, Instant};

use cohort::vault::audit;
use cohort::{ErrorCode, Passphrase, VaultAccess};
use common::*;

#[test]
fn first_run_creates_then_later_runs_unlock() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut s = VaultAccess::new(&dir);
    let st = s.status();
    assert_eq!(st.presence, cohort::vault::folder::Presence::Absent);
    assert!(!st.unlocked);
    let now = Instant::now();
    let e = s.create(&pass(PASS), &pass(OTHER_PASS), now).err().unwrap();
    assert_eq!(e.field(), Some("confirmation"));
    let key = s.create(&pass(PASS), &pass(PASS), now).unwrap();
    assert_eq!(key.len(), 39);
    assert!(s.status().unlocked);
    s.lock("test").unwrap();
    assert_eq!(s.status().presence, cohort::vault::folder::Presence::Present);
    assert_eq!(s.settings(now).err().unwrap().code(), ErrorCode::Locked);
}

#[test]
fn failed_attempts_are_counted_and_recorded_at_the_next_unlock() {
    let tv = new_vault();
    let mut s = VaultAccess::new(&tv.dir);
    let now = Instant::now();
    for _ in 0..2 {
        assert_eq!(
            s.unlock(&Passphrase::from("nope nope nope nope"), now)
                .err()
                .unwrap()
                .code(),
            ErrorCode::WrongPassphrase
        );
    }
    s.unlock(&pass(PASS), now).unwrap();
    let recent = s.recent_activity(5, now).unwrap();
    assert_eq!(recent[0].event, "unlocked");
    assert_eq!(recent[1].event, "unlock_failed");
    assert!(recent[1].detail.starts_with("2 failed"));
    s.lock("test").unwrap();
    s.unlock(&pass(PASS), now).unwrap();
    let recent = s.recent_activity(3, now).unwrap();
    assert_ne!(
        recent[1].event, "unlock_failed",
        "the count restarts after an unlock"
    );
}

#[test]
fn the_vault_locks_itself_after_the_set_inactivity() {
    let tv = new_vault();
    let mut s = VaultAccess::new(&tv.dir);
    let t0 = Instant::now();
    s.unlock(&pass(PASS), t0).unwrap();
    assert_eq!(s.status().auto_lock_minutes, Some(10), "default 10 minutes");
    assert!(!s.lock_if_idle(t0 + Duration::from_secs(9 * 60)).unwrap());
    s.touch(t0 + Duration::from_secs(9 * 60)).unwrap();
    assert!(
        !s.lock_if_idle(t0 + Duration::from_secs(18 * 60)).unwrap(),
        "activity postpones the lock"
    );
    assert!(s.lock_if_idle(t0 + Duration::from_secs(19 * 60 + 1)).unwrap());
    assert!(!s.status().unlocked);

    s.unlock(&pass(PASS), t0).unwrap();
    assert_eq!(
        s.set_auto_lock(61, t0).err().unwrap().field(),
        Some("auto_lock_minutes")
    );
    s.set_auto_lock(1, t0).unwrap();
    assert!(s.lock_if_idle(t0 + Duration::from_secs(61)).unwrap());
    s.unlock(&pass(PASS), t0).unwrap();
    assert_eq!(
        s.status().auto_lock_minutes,
        Some(1),
        "the setting is kept in the vault"
    );
    let v = s.vault(t0).unwrap();
    let events: Vec<String> = audit::recent(v.conn(), 4)
        .unwrap()
        .into_iter()
        .map(|e| e.detail)
        .collect();
    assert!(
        events.iter().any(|d| d.contains("automatically after 1 minutes")),
        "{events:?}"
    );
}

#[test]
fn a_screen_refreshing_itself_does_not_postpone_the_lock() {
    let tv = new_vault();
    let mut s = VaultAccess::new(&tv.dir);
    let t0 = Instant::now();
    s.unlock(&pass(PASS), t0).unwrap();
    s.set_auto_lock(1, t0).unwrap();
    // The backup notice reads its status again each minute on its own.
    s.backup_status(t0 + Duration::from_secs(50)).unwrap();
    assert!(
        s.lock_if_idle(t0 + Duration::from_secs(61)).unwrap(),
        "a timer's read is not the clinician's activity"
    );
    // Once the lock is due, the timer's read locks first and reads nothing.
    s.unlock(&pass(PASS), t0).unwrap();
    let e = s.backup_status(t0 + Duration::from_secs(61)).err().unwrap();
    assert_eq!(e.code(), ErrorCode::Locked);
    assert!(!s.status().unlocked);
}

/// A boot-time clock the test moves: the computer "sleeps" while `Instant` stands still.
static ASLEEP_SECS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1_000);

fn fake_boot_clock() -> Duration {
    Duration::from_secs(ASLEEP_SECS.load(std::sync::atomic::Ordering::SeqCst))
}

fn sleep_for(d: Duration) {
    ASLEEP_SECS.fetch_add(d.as_secs(), std::sync::atomic::Ordering::SeqCst);
}

#[test]
fn time_asleep_counts_toward_the_lock_and_the_first_request_after_waking_is_refused() {
    let tv = new_vault();
    let mut s = VaultAccess::with_boot_clock(&tv.dir, fake_boot_clock);
    let t0 = Instant::now();
    s.unlock(&pass(PASS), t0).unwrap();
    // Minute 2 of a 10-minute lock: the lid closes for an hour. The
    // monotonic clock stands still while asleep; the boot clock does not.
    let at_close = t0 + Duration::from_secs(2 * 60);
    s.touch(at_close).unwrap();
    sleep_for(Duration::from_secs(60 * 60));
    // Woken: whatever comes first — a read, a touch or the timer — finds it locked.
    let e = s.settings(at_close).err().unwrap();
    assert_eq!(e.code(), ErrorCode::Locked, "no record is read after waking");
    assert!(!s.status().unlocked);

    // Again, with the timer first.
    s.unlock(&pass(PASS), at_close).unwrap();
    sleep_for(Duration::from_secs(11 * 60));
    assert!(s.lock_if_idle(at_close).unwrap());

    // And with a touch first (the mouse moves on waking).
    s.unlock(&pass(PASS), at_close).unwrap();
    sleep_for(Duration::from_secs(10 * 60));
    assert_eq!(s.touch(at_close).err().unwrap().code(), ErrorCode::Locked);
    assert!(!s.status().unlocked);

    // A short sleep does not lock.
    s.unlock(&pass(PASS), at_close).unwrap();
    sleep_for(Duration::from_secs(3 * 60));
    s.touch(at_close).unwrap();
    assert!(s.status().unlocked);
    s.lock("test").unwrap();
}

#[test]
fn changing_the_passphrase_needs_the_current_one_and_a_matching_confirmation() {
    let tv = new_vault();
    let mut s = VaultAccess::new(&tv.dir);
    let now = Instant::now();
    s.unlock(&pass(PASS), now).unwrap();
    let e = s
        .change_passphrase(&pass(PASS), &pass(OTHER_PASS), &pass("different"), now)
        .err()
        .unwrap();
    assert_eq!(e.field(), Some("confirmation"));
    let e = s
        .change_passphrase(
            &pass("wrong wrong wrong"),
            &pass(OTHER_PASS),
            &pass(OTHER_PASS),
            now,
        )
        .err()
        .unwrap();
    assert_eq!(e.code(), ErrorCode::WrongPassphrase);
    s.change_passphrase(&pass(PASS), &pass(OTHER_PASS), &pass(OTHER_PASS), now)
        .unwrap();
    s.lock("test").unwrap();
    s.unlock(&pass(OTHER_PASS), now).unwrap();
}

#[test]
fn recovery_in_the_app_sets_a_new_passphrase() {
    let tv = new_vault();
    let mut s = VaultAccess::new(&tv.dir);
    let now = Instant::now();
    let e = s
        .unlock_with_recovery_key(&tv.recovery_key, &pass(OTHER_PASS), &pass(PASS), now)
        .err()
        .unwrap();
    assert_eq!(e.field(), Some("confirmation"));
    s.unlock_with_recovery_key(&tv.recovery_key, &pass(OTHER_PASS), &pass(OTHER_PASS), now)
        .unwrap();
    assert!(s.status().unlocked);
    s.lock("t").unwrap();
    s.unlock(&pass(OTHER_PASS), now).unwrap();
}
