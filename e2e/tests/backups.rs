//! The keeping journey, from the demo practice: automatic backups set up in
//! Settings (a folder chosen in the system's dialog; the first backup made at
//! once); a session's last two notes signed, and an automatic backup follows
//! ("Last backup: just now"); the backup folder unplugged, and Today warns in
//! words; everything exported through the save dialog, after the warning
//! (0600, a zip with the JSON, the CSVs and the FHIR Bundle); then a new
//! computer — a fresh home — restored from the backup on its first screen,
//! where the signed note is found by a word in it. No file under either home
//! holds what was typed, but the export the clinician asked for.

use std::path::Path;
use std::time::{Duration, Instant};

use cohort_e2e::*;
use thirtyfour::prelude::*;

const MARKER: &str = "Qzvkeep";
const SENTENCE: &str = "Qzvkeep-marker: the group named what helps on hard days and wrote it down.";

fn backups_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".cohortbackup") && !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Waits (up to 60 s) until the folder holds a backup not among `before`;
/// if none comes, says what Settings shows of backups and the activity log.
async fn wait_for_a_new_backup(app: &App, folder: &Path, before: &[String]) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let found = backups_in(folder);
        if found.iter().any(|f| !before.contains(f)) {
            return found;
        }
        if Instant::now() > deadline {
            app.click("Settings").await;
            app.see("Vault activity").await;
            let page = app.screen_text().await;
            panic!(
                "no new backup in {}: {found:?}; Settings shows:\n{page}",
                folder.display()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn sign(app: &App) {
    app.click("Check and sign…").await;
    // Once the check has listed what it found, each name is confirmed.
    app.see("Check and sign").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    while let Ok(b) = app
        .wd
        .find(By::XPath(
            "//*[@role='dialog']//button[normalize-space(.)='Does not identify them']",
        ))
        .await
    {
        press(&b, "Does not identify them").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    // "Sign as it is" when the note is nearly a copy of another.
    let b = app
        .wait(
            By::XPath("//*[@role='dialog']//button[normalize-space(.)='Sign note' or normalize-space(.)='Sign as it is']"),
            "the button that signs",
        )
        .await;
    press(&b, "sign").await;
    app.dialog_closed().await;
    app.see("Signed by Dana Reyes, LCSW").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_up_automatic_backups_sign_see_it_backed_up_unplug_export_and_restore_on_a_new_computer() {
    let home = tempfile::tempdir().unwrap();
    let vault = home.path().join("vault");
    let usb = home.path().join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    // What the clinician exports on purpose goes outside the home that is scanned.
    let exports = tempfile::tempdir().unwrap();
    let logs = home.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    demo_vault(&vault);
    let shots = shots_dir("backups");
    let driver = Driver::start(home.path(), &vault, &logs, exports.path());
    let mut app = App::launch(&driver, &shots, 0).await;
    app.fill("Passphrase", PASS).await;
    app.click("Unlock").await;
    app.see("Automatic backups are not set up").await;
    app.shot("today-no-backups").await;

    // Set up automatic backups: the first is made at once.
    app.click("Settings").await;
    app.click("Choose a folder for automatic backups…").await;
    choose_in_dialog("Choose the folder for automatic backups", &usb);
    app.see(&format!("Automatic backups go to {}.", usb.display()))
        .await;
    let first = wait_for_a_new_backup(&app, &usb, &[]).await;
    assert_eq!(first.len(), 1, "{first:?}");
    app.see("Last backup: just now").await;
    app.shot("settings-backups").await;

    // Sign the last two open notes of session 4: its notes are all signed.
    app.click("Today").await;
    app.click("Open the session").await;
    app.click_labelled("Continue the group note").await;
    app.see("Group note").await;
    app.fill("Assessment", SENTENCE).await;
    app.see("Saved in the vault at").await;
    sign(&app).await;
    app.back().await;
    app.click_labelled("Continue Aisha Rahman's progress note").await;
    sign(&app).await;
    let after = wait_for_a_new_backup(&app, &usb, &first).await;
    // The newest of the day is kept: the first, made this morning, goes.
    assert_eq!(
        after.len(),
        1,
        "the keeping rule keeps the day's newest: {first:?} → {after:?}"
    );
    assert_ne!(after, first);
    app.click("Today").await;
    app.see("Last backup: just now").await;
    app.shot("backed-up-after-signing").await;
    app.click("Settings").await;
    app.see("after a session's notes were signed, automatic").await;
    app.see("Older automatic backup removed").await;

    // The drive unplugged: Today says so in words.
    let unplugged = home.path().join("usb-in-a-drawer");
    std::fs::rename(&usb, &unplugged).unwrap();
    app.click("Groups").await;
    app.click("Today").await;
    app.see("is not there: is the drive unplugged").await;
    app.shot("backup-folder-missing").await;

    // Everything exported, after the warning, through the save dialog.
    app.click("Settings").await;
    app.click("Export everything…").await;
    app.see("This export is not encrypted").await;
    app.shot("export-warning").await;
    app.click("I understand — choose where to save it").await;
    let zip = exports.path().join("everything.zip");
    save_in_dialog("Export everything", &zip);
    app.see("psychotherapy notes left out").await;
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&zip).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the export is readable by its owner alone");
    }
    let listing = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
        ])
        .arg(&zip)
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&listing.stdout);
    for f in [
        "cohort-export/cohort-export.json",
        "cohort-export/fhir-bundle.json",
        "cohort-export/csv/notes.csv",
    ] {
        assert!(listing.contains(f), "{f} in the export: {listing}");
    }
    app.shot("exported").await;
    let step = app.step;
    app.quit().await;
    drop(driver);

    // A new computer: a fresh home, the first screen, restore from the backup.
    let new_home = tempfile::tempdir().unwrap();
    let new_vault = new_home.path().join("vault");
    let new_logs = new_home.path().join("logs");
    std::fs::create_dir_all(&new_logs).unwrap();
    let driver = Driver::start(new_home.path(), &new_vault, &new_logs, exports.path());
    let mut app = App::launch(&driver, &shots, step).await;
    app.see("Welcome to Cohort").await;
    app.click("Moving from another computer? Restore from a backup")
        .await;
    app.click("Choose the backup file…").await;
    let latest = unplugged.join(after.last().unwrap());
    choose_in_dialog("Choose a backup", &latest);
    app.see(after.last().unwrap()).await;
    app.fill("Passphrase the backup was made with", "not the passphrase at all")
        .await;
    app.click("Restore").await;
    app.see("does not open this backup").await;
    app.fill("Passphrase the backup was made with", PASS).await;
    app.shot("restore-on-a-new-computer").await;
    app.click("Restore").await;
    app.button("Lock").await;
    app.click("Notes").await;
    app.fill("Search all notes", MARKER).await;
    app.see("Qzvkeep-marker").await;
    app.shot("restored-note-found").await;
    app.quit().await;
    drop(driver);

    // Nothing typed is in any file of either home (backups included); the
    // export, asked for, is elsewhere.
    assert_no_plaintext(home.path(), &vault, &[SENTENCE, "Qzvkeep-marker"]);
    assert_no_plaintext(new_home.path(), &new_vault, &[SENTENCE, "Qzvkeep-marker"]);
}
