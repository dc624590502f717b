//! Creating, unlocking and locking the vault, the passphrase, the activity log.

use cohort::vault::access::VaultStatus;
use cohort::vault::audit::AuditEntry;
use cohort::{Passphrase, PassphraseStrength};
use tauri::State;

use super::{with, AppState, CmdResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn vault_status(state: State<'_, AppState>) -> CmdResult<VaultStatus> {
    with(&state, |s, _| Ok(s.status()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn rate_passphrase(passphrase: String) -> PassphraseStrength {
    cohort::vault::keys::rate_passphrase(&passphrase)
}

/// Keeps a database left without its header aside, so that a new vault can
/// be created in the folder; returns the name it was given.
#[tauri::command(rename_all = "snake_case")]
pub async fn start_again(state: State<'_, AppState>) -> CmdResult<String> {
    with(&state, |s, _| s.start_again())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn create_vault(
    state: State<'_, AppState>,
    passphrase: String,
    confirmation: String,
) -> CmdResult<String> {
    with(&state, |s, now| {
        s.create(&Passphrase::new(passphrase), &Passphrase::new(confirmation), now)
            .map(|key| key.to_string())
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn unlock(state: State<'_, AppState>, passphrase: String) -> CmdResult<()> {
    with(&state, |s, now| s.unlock(&Passphrase::new(passphrase), now))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn unlock_with_recovery_key(
    state: State<'_, AppState>,
    recovery_key: String,
    new_passphrase: String,
    confirmation: String,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.unlock_with_recovery_key(
            &recovery_key,
            &Passphrase::new(new_passphrase),
            &Passphrase::new(confirmation),
            now,
        )
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn lock(state: State<'_, AppState>) -> CmdResult<()> {
    with(&state, |s, _| s.lock("by the clinician"))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn touch(state: State<'_, AppState>) -> CmdResult<()> {
    with(&state, |s, now| s.touch(now))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn change_passphrase(
    state: State<'_, AppState>,
    current: String,
    new_passphrase: String,
    confirmation: String,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.change_passphrase(
            &Passphrase::new(current),
            &Passphrase::new(new_passphrase),
            &Passphrase::new(confirmation),
            now,
        )
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn rotate_keys(state: State<'_, AppState>, passphrase: String) -> CmdResult<String> {
    with(&state, |s, now| {
        s.rotate_keys(&Passphrase::new(passphrase), now)
            .map(|key| key.to_string())
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn recent_activity(state: State<'_, AppState>, limit: u32) -> CmdResult<Vec<AuditEntry>> {
    with(&state, |s, now| s.recent_activity(limit, now))
}
