//! Keeping the records: backups (their status, the folder for automatic
//! ones and how many are kept, backing up now or to a file, checking one,
//! restoring one) and the full export. Every file is chosen in a dialog
//! Rust opens; the window never names a path.

use cohort::backups::settings::Keep;
use cohort::backups::status::BackupStatus;
use cohort::full_export::Exported;
use cohort::values::Timestamp;
use cohort::vault::backup::{BackupSummary, Restored, Verified};
use cohort::vault::keeping::RestoreSecret;
use cohort::Passphrase;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use super::{chosen_path, with, AppState, CmdResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn get_backup_status(state: State<'_, AppState>) -> CmdResult<BackupStatus> {
    with(&state, |s, now| s.backup_status(now))
}

/// Asks for the folder automatic backups go to; the first is made at once.
#[tauri::command(rename_all = "snake_case")]
pub async fn choose_backup_folder(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<BackupStatus>> {
    let current = with(&state, |s, now| s.backup_status(now))?.settings.folder;
    let mut dialog = app
        .dialog()
        .file()
        .set_title("Choose the folder for automatic backups");
    if let Some(folder) = current
        .map(std::path::PathBuf::from)
        .or_else(cohort::exports::save_dialog_folder)
    {
        dialog = dialog.set_directory(folder);
    }
    let Some(chosen) = dialog.blocking_pick_folder() else {
        return Ok(None);
    };
    let folder = chosen_path(chosen)?;
    with(&state, |s, now| s.set_backup_folder(Some(&folder), now)).map(Some)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn turn_off_automatic_backups(state: State<'_, AppState>) -> CmdResult<BackupStatus> {
    with(&state, |s, now| s.set_backup_folder(None, now))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_backup_keeping(state: State<'_, AppState>, keep: Keep) -> CmdResult<BackupStatus> {
    with(&state, |s, now| s.set_backup_keep(keep, now))
}

/// Backs up now into the automatic backups' folder.
#[tauri::command(rename_all = "snake_case")]
pub async fn back_up_now(state: State<'_, AppState>) -> CmdResult<BackupStatus> {
    with(&state, |s, now| {
        s.back_up_now(now)?;
        s.backup_status(now)
    })
}

/// Backs up to a file chosen in a save dialog; its path, or none if cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn back_up_to_file(app: tauri::AppHandle, state: State<'_, AppState>) -> CmdResult<Option<String>> {
    let suggested =
        cohort::backups::run::file_name(std::path::Path::new(""), cohort::values::Timestamp::now());
    let Some(path) = super::save_dialog(
        &app,
        "Save a backup",
        &suggested.display().to_string(),
        "Cohort backup",
        cohort::vault::backup::EXTENSION,
    )?
    else {
        return Ok(None);
    };
    with(&state, |s, now| s.back_up_to(&path, now)).map(|m| Some(m.path.display().to_string()))
}

/// Asks for a backup file (to check, or to restore: on the first-run and
/// unlock screens too) and says what it is.
#[tauri::command(rename_all = "snake_case")]
pub async fn choose_backup_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<BackupSummary>> {
    let mut dialog = app
        .dialog()
        .file()
        .set_title("Choose a backup")
        .add_filter("Cohort backup", &[cohort::vault::backup::EXTENSION]);
    if let Some(folder) = cohort::exports::save_dialog_folder() {
        dialog = dialog.set_directory(folder);
    }
    let Some(chosen) = dialog.blocking_pick_file() else {
        return Ok(None);
    };
    let path = chosen_path(chosen)?;
    with(&state, |s, _| s.choose_backup(path)).map(Some)
}

/// Checks the chosen backup whole (with the passphrase of its time when it
/// was made before the keys were rotated).
#[tauri::command(rename_all = "snake_case")]
pub async fn check_backup(state: State<'_, AppState>, passphrase: Option<String>) -> CmdResult<Verified> {
    with(&state, |s, now| {
        s.check_chosen_backup(passphrase.map(Passphrase::new).as_ref(), now)
    })
}

/// Restores the chosen backup in the app's vault folder and unlocks it.
#[tauri::command(rename_all = "snake_case")]
pub async fn restore_backup(
    state: State<'_, AppState>,
    secret: RestoreSecret,
    other_vault_confirmed: bool,
) -> CmdResult<Restored> {
    with(&state, |s, now| {
        s.restore_chosen_backup(&secret, other_vault_confirmed, now)
    })
}

/// Exports everything (JSON, a CSV per table, FHIR R4) into a zip chosen in
/// a save dialog, once the clinician has said it is not encrypted; what it
/// held, or none if cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_everything(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    include_psychotherapy_notes: bool,
    acknowledged: bool,
) -> CmdResult<Option<Exported>> {
    cohort::full_export::check_told(acknowledged).map_err(|e| e.to_command_error())?;
    let suggested = cohort::full_export::file_name(Timestamp::now());
    let Some(path) = super::save_dialog(&app, "Export everything", &suggested, "Zip archive", "zip")? else {
        return Ok(None);
    };
    with(&state, |s, now| {
        s.act(now, |tx| {
            cohort::full_export::save(
                tx,
                &path,
                include_psychotherapy_notes,
                acknowledged,
                Timestamp::now(),
            )
        })
        .map(Some)
    })
}
