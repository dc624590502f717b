//! The first-run and lock journey: create a vault (a weak passphrase
//! refused, said once), the recovery key, the frame, Settings, lock, a
//! wrong passphrase, unlock, a later launch, the recovery key path and the
//! key rotation it offers — then no
//! file under the test's home holds what was typed.

use cohort_e2e::*;
use thirtyfour::prelude::*;

const NEW_PASS: &str = "violet harbour copper whistle";
const MARKER: &str = "Dana Zqxj-Marker Reyes";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_create_lock_wrong_passphrase_unlock_and_recover() {
    let home = tempfile::tempdir().unwrap();
    let vault = home.path().join("vault");
    let shots = shots_dir("vault");
    let logs = home.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    // A session bus of its own, on which the journey plays the desktop.
    let bus = SessionBus::start();
    let driver = Driver::start_on_bus(home.path(), &vault, &logs, home.path(), Some(&bus));

    // First launch: create the vault.
    let mut app = App::launch(&driver, &shots, 0).await;
    app.see("Welcome to Cohort").await;
    app.shot("create-vault").await;
    app.fill("Passphrase", "password1234").await;
    app.fill("Repeat passphrase", "password1234").await;
    app.see("too weak").await;
    app.click("Create vault").await;
    app.shot("weak-passphrase").await;
    let said = app
        .wd
        .find_all(By::XPath("//*[contains(text(), 'too weak')]"))
        .await
        .unwrap()
        .len();
    assert_eq!(said, 1, "the reason a passphrase is refused is said once");
    app.fill("Passphrase", PASS).await;
    app.fill("Repeat passphrase", "maple kettle").await;
    app.see("The two passphrases are not the same.").await;
    app.fill("Repeat passphrase", PASS).await;
    app.see("Strength: Very strong").await;
    app.click("Create vault").await;

    // The recovery key, once.
    let recovery_key = app.shown_recovery_key().await;
    let groups: Vec<&str> = recovery_key.split('-').collect();
    assert_eq!(groups.len(), 8, "eight groups: {recovery_key}");
    assert!(groups.iter().all(|g| g.len() == 4));
    app.shot("recovery-key").await;
    assert!(!app.button("Continue to Cohort").await.is_enabled().await.unwrap());
    app.recovery_key_written("Continue to Cohort").await;

    // The app frame.
    app.button("Lock").await;
    for page in ["Today", "Groups", "Members", "Reports", "Settings"] {
        app.button(page).await;
    }
    app.see("No sessions in the next 7 days").await;
    app.shot("app-frame").await;

    // Settings: the profile and the auto-lock.
    app.click("Settings").await;
    app.fill("Full name", MARKER).await;
    app.fill("Credentials", "LCSW").await;
    app.click("Save profile").await;
    app.see("Profile saved.").await;
    app.fill("Lock after (minutes without activity)", "75").await;
    app.see("from 1 to 60").await;
    app.fill("Lock after (minutes without activity)", "15").await;
    app.click("Save automatic lock").await;
    app.see("Saved.").await;
    app.shot("settings").await;

    // Lock, a wrong passphrase, then the right one.
    app.click("Lock").await;
    app.see("Unlock Cohort").await;
    app.shot("unlock").await;
    app.fill("Passphrase", "not my passphrase at all").await;
    app.click("Unlock").await;
    let msg = app.alert_text().await;
    assert!(msg.contains("passphrase is not right"), "{msg}");
    app.shot("wrong-passphrase").await;
    app.fill("Passphrase", PASS).await;
    app.click("Unlock").await;
    app.button("Lock").await;
    app.click("Settings").await;
    let name = app
        .field("Full name")
        .await
        .value()
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(name, MARKER, "the profile survived lock and unlock");
    app.see("Failed unlock attempts").await;
    app.shot("settings-after-unlock").await;
    let step = app.step;
    app.quit().await;

    // A later launch opens on the unlock screen; the recovery key path.
    let mut app = App::launch(&driver, &shots, step).await;
    app.see("Unlock Cohort").await;
    app.click("Forgot your passphrase? Use your recovery key").await;
    app.fill("Recovery key", "AAAA-BBBB").await;
    app.fill("New passphrase", NEW_PASS).await;
    app.fill("Repeat new passphrase", NEW_PASS).await;
    app.click("Unlock and set new passphrase").await;
    app.see("32 letters and digits").await;
    app.fill("Recovery key", &recovery_key.to_lowercase()).await;
    app.shot("recovery").await;
    app.click("Unlock and set new passphrase").await;

    // Rotating the keys is offered at once: the records are re-encrypted
    // under a new key and a new recovery key replaces the one just used.
    app.see("Your passphrase is reset").await;
    app.shot("rotation-offered").await;
    app.click("Rotate keys now").await;
    app.see("Write down your new recovery key").await;
    let new_key = app.shown_recovery_key().await;
    assert_eq!(new_key.split('-').count(), 8, "{new_key}");
    assert_ne!(new_key, recovery_key, "a new recovery key");
    app.shot("rotated-recovery-key").await;
    app.recovery_key_written("Continue to Cohort").await;
    app.button("Lock").await;
    app.click("Lock").await;

    // The recovery key used before the rotation opens nothing now.
    app.click("Forgot your passphrase? Use your recovery key").await;
    app.fill("Recovery key", &recovery_key).await;
    app.fill("New passphrase", PASS).await;
    app.fill("Repeat new passphrase", PASS).await;
    app.click("Unlock and set new passphrase").await;
    let msg = app.alert_text().await;
    assert!(msg.contains("recovery key is not right"), "{msg}");
    app.click("Back to passphrase").await;
    app.fill("Passphrase", NEW_PASS).await;
    app.click("Unlock").await;
    app.button("Lock").await;
    app.shot("unlocked-with-new-passphrase").await;
    app.click("Settings").await;
    app.see("Keys rotated").await;
    app.see("Rotate keys").await;

    // The screen locks (the desktop's screensaver says so on the session
    // bus): the vault locks with it, and the window shows the unlock screen.
    std::thread::sleep(std::time::Duration::from_secs(1));
    bus.signal(
        "/org/freedesktop/ScreenSaver",
        "org.freedesktop.ScreenSaver.ActiveChanged",
        "boolean:true",
    );
    app.see("Unlock Cohort").await;
    app.shot("locked-with-the-screen").await;
    app.fill("Passphrase", NEW_PASS).await;
    app.click("Unlock").await;
    app.button("Lock").await;
    app.click("Settings").await;
    app.see("automatically when the screen locked").await;

    // The inactivity lock, for real: one minute without activity brings back
    // the unlock screen (the records are dropped, not hidden).
    app.fill("Lock after (minutes without activity)", "1").await;
    app.click("Save automatic lock").await;
    app.see("Saved.").await;
    tokio::time::sleep(std::time::Duration::from_secs(70)).await;
    app.see("Unlock Cohort").await;
    app.shot("locked-after-a-minute").await;
    app.quit().await;
    drop(driver);

    // The folder the app made is its owner's alone.
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&vault), 0o700, "the vault folder");
        for entry in std::fs::read_dir(&vault).unwrap() {
            let p = entry.unwrap().path();
            assert_eq!(mode(&p), 0o600, "{}", p.display());
        }
    }

    // Nothing typed into the app reached any file as plaintext: not the
    // vault folder, not the webview's storage, not the logs.
    assert_no_plaintext(home.path(), &vault, &[MARKER]);
}
