//! Cohort's commands, grouped by area. Each takes the vault access from
//! state, calls one core function and maps the error to `{ code, message, field }`.
//! A command is declared once, as its function here; the handler list, its
//! permission, the capability's set and the UI's typed client
//! (`ui/src/commands.ts`) are derived from it (`declare.rs`, `build.rs`);
//! `tests/shell_contract.rs` fails when the committed ones are stale.

pub mod backups;
pub mod notes;
pub mod planning;
pub mod progress;
pub mod reports;
pub mod roster;
pub mod sessions;
pub mod settings;
pub mod vault;

use std::sync::Mutex;
use std::time::Instant;

use cohort::{CommandError, VaultAccess};
use tauri::State;

pub struct AppState(pub Mutex<VaultAccess>);

pub type CmdResult<T> = Result<T, CommandError>;

/// Runs `f` on the vault access with the current time; core errors become `CommandError`.
pub fn with<T>(
    state: &State<'_, AppState>,
    f: impl FnOnce(&mut VaultAccess, Instant) -> cohort::Result<T>,
) -> CmdResult<T> {
    let mut access = state.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    f(&mut access, Instant::now()).map_err(|e| e.to_command_error())
}

/// The path a native dialog returned, which must be a file or folder on
/// this computer.
pub fn chosen_path(chosen: tauri_plugin_dialog::FilePath) -> CmdResult<std::path::PathBuf> {
    chosen.into_path().map_err(|_| {
        cohort::Error::validation("file", "Choose a file or folder on this computer.").to_command_error()
    })
}

/// The local calendar day.
pub fn local_date() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Asks where to save a file, in the native save dialog opened on the
/// Documents folder; the path chosen, or none if cancelled.
pub fn save_dialog(
    app: &tauri::AppHandle,
    title: &str,
    suggested: &str,
    kind: &str,
    extension: &str,
) -> CmdResult<Option<std::path::PathBuf>> {
    use tauri_plugin_dialog::DialogExt;
    let mut dialog = app
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(suggested)
        .add_filter(kind, &[extension]);
    if let Some(folder) = cohort::exports::save_dialog_folder() {
        dialog = dialog.set_directory(folder);
    }
    match dialog.blocking_save_file() {
        Some(chosen) => chosen_path(chosen).map(Some),
        None => Ok(None),
    }
}
