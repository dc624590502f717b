//! Reports: previewed from the core's data, saved as PDF or CSV through the
//! save dialog this shell opens (the webview never names a path).

use cohort::reports::{
    self, register::Register, services::ServiceLog, ReportFormat, ReportRequest, SavedReport,
};
use cohort::{ids::GroupId, values::Timestamp};
use tauri::State;

use super::{local_date, save_dialog, with, AppState, CmdResult};

/// The attendance register of a group's program, for the preview.
#[tauri::command(rename_all = "snake_case")]
pub async fn get_register(state: State<'_, AppState>, group_id: GroupId) -> CmdResult<Register> {
    with(&state, |s, now| {
        s.read(now, |c| reports::register::register(c, group_id))
    })
}

/// Saves a report as PDF or CSV where the clinician chooses in a save
/// dialog. Refused with `confirm` until the clinician has been told once
/// that the file is not encrypted (`acknowledged` says so). `None` when the
/// dialog was cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_report(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: ReportRequest,
    format: ReportFormat,
    acknowledged: bool,
) -> CmdResult<Option<SavedReport>> {
    let suggested = with(&state, |s, now| {
        s.read(now, |c| {
            cohort::exports::check_told(c, acknowledged)?;
            reports::file_name(c, &request, format, local_date())
        })
    })?;
    let (kind, ext) = match format {
        ReportFormat::Pdf => ("PDF document", "pdf"),
        ReportFormat::Csv => ("Spreadsheet (CSV)", "csv"),
    };
    let title = format!("Save the {}", request.title().to_lowercase());
    let Some(path) = save_dialog(&app, &title, &suggested, kind, ext)? else {
        return Ok(None);
    };
    with(&state, |s, now| {
        s.act(now, |tx| {
            reports::save(tx, &request, format, &path, acknowledged, Timestamp::now())
        })
        .map(Some)
    })
}

/// The service log from `from` to `to` (YYYY-MM-DD, both included), across groups, for the preview.
#[tauri::command(rename_all = "snake_case")]
pub async fn get_service_log(state: State<'_, AppState>, from: String, to: String) -> CmdResult<ServiceLog> {
    with(&state, |s, now| {
        s.read(now, |c| {
            let (from, to) = reports::services::range(&from, &to)?;
            reports::services::service_log(c, from, to)
        })
    })
}
