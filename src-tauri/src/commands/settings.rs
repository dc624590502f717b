//! Settings: the clinician's profile, the automatic lock, practice-wide blackout dates.

use cohort::planning::blackouts::{self, BlackoutDate, BlackoutDateInput};
use cohort::settings::{ClinicianProfile, Settings};
use tauri::State;

use super::{with, AppState, CmdResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn get_settings(state: State<'_, AppState>) -> CmdResult<Settings> {
    with(&state, |s, now| s.settings(now))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_profile(
    state: State<'_, AppState>,
    profile: ClinicianProfile,
) -> CmdResult<ClinicianProfile> {
    with(&state, |s, now| s.save_profile(&profile, now))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_auto_lock(state: State<'_, AppState>, minutes: i64) -> CmdResult<Settings> {
    with(&state, |s, now| s.set_auto_lock(minutes, now))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_practice_blackouts(state: State<'_, AppState>) -> CmdResult<Vec<BlackoutDate>> {
    with(&state, |s, now| s.read(now, |c| blackouts::list(c, None)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_practice_blackouts(
    state: State<'_, AppState>,
    dates: Vec<BlackoutDateInput>,
) -> CmdResult<()> {
    with(&state, |s, now| s.act(now, |tx| blackouts::set(tx, None, &dates)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_notes_overdue_days(state: State<'_, AppState>, days: i64) -> CmdResult<Settings> {
    with(&state, |s, now| {
        s.act(now, |tx| cohort::settings::set_notes_overdue_days(tx, days))?;
        s.settings(now)
    })
}

/// The paper reports are laid out for: A4 or US Letter.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_report_paper(
    state: State<'_, AppState>,
    paper: cohort::settings::Paper,
) -> CmdResult<Settings> {
    with(&state, |s, now| {
        s.act(now, |tx| cohort::settings::set_report_paper(tx, paper))?;
        s.settings(now)
    })
}
