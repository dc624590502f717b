//! Reports: previewed from the core's data, saved as PDF or CSV through the
//! save dialog this shell opens (the webview never names a path).

use cohort::notes::mentions::Mention;
use cohort::reports::summaries::{self, SummaryKind, SummaryListed, SummaryRecord, SummaryText};
use cohort::reports::{
    self, program::ProgramSummary, register::Register, services::ServiceLog, ReportFormat, ReportRequest,
    SavedReport,
};
use cohort::{
    ids::{GroupId, PlaceId},
    values::Timestamp,
};
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
    let title = with(&state, |s, now| {
        s.read(now, |c| {
            Ok(format!("Save the {}", request.title(c)?.to_lowercase()))
        })
    })?;
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

/// The program summary of a group, for the preview; members named only when `named`.
#[tauri::command(rename_all = "snake_case")]
pub async fn get_program_summary(
    state: State<'_, AppState>,
    group_id: GroupId,
    named: bool,
) -> CmdResult<ProgramSummary> {
    with(&state, |s, now| {
        s.read(now, |c| reports::program::program_summary(c, group_id, named))
    })
}

/// The summaries written about a member's place, newest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn list_summaries(state: State<'_, AppState>, place_id: PlaceId) -> CmdResult<Vec<SummaryListed>> {
    with(&state, |s, now| s.read(now, |c| summaries::of_place(c, place_id)))
}

/// Begins a progress or discharge summary about a place (or opens its draft).
#[tauri::command(rename_all = "snake_case")]
pub async fn begin_summary(
    state: State<'_, AppState>,
    place_id: PlaceId,
    kind: SummaryKind,
) -> CmdResult<i64> {
    with(&state, |s, now| {
        s.act(now, |tx| summaries::begin(tx, place_id, kind, Timestamp::now()))
    })
}

/// A summary with its figures (as signed, or as they stand today) and the
/// other members' names its draft mentions.
#[tauri::command(rename_all = "snake_case")]
pub async fn get_summary(state: State<'_, AppState>, summary_id: i64) -> CmdResult<SummaryRecord> {
    with(&state, |s, now| {
        s.read(now, |c| summaries::get(c, summary_id, local_date()))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_summary_draft(
    state: State<'_, AppState>,
    summary_id: i64,
    text: SummaryText,
) -> CmdResult<Timestamp> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            summaries::save_draft(tx, summary_id, &text, Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn confirm_summary_mention(
    state: State<'_, AppState>,
    summary_id: i64,
    key: String,
) -> CmdResult<Vec<Mention>> {
    with(&state, |s, now| {
        s.act(now, |tx| summaries::confirm_mention(tx, summary_id, &key))
    })
}

/// Signs a summary: final from then on, its figures kept as they stand today.
#[tauri::command(rename_all = "snake_case")]
pub async fn sign_summary(state: State<'_, AppState>, summary_id: i64) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            summaries::sign(tx, summary_id, local_date(), Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn discard_summary(state: State<'_, AppState>, summary_id: i64) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| summaries::discard(tx, summary_id))
    })
}
