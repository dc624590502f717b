//! Planning: groups, their dated sessions, session plans, templates,
//! ground rules, blackout dates, the calendar file and Today.

use cohort::ids::{GroupId, SessionId};
use cohort::planning::blackouts::{self, BlackoutDateInput};
use cohort::planning::curriculum::{AgendaTotal, SessionPlan, TemplateSummary};
use cohort::planning::ground_rules::{self, GroundRules};
use cohort::planning::groups::{GroupInput, GroupStatus};
use cohort::planning::new_group::{self, CreatedGroup, NewGroup, SchedulePreview};
use cohort::planning::program::{Outcome, Program};
use cohort::planning::session_plans::{self, SessionDetail};
use cohort::planning::{group_status, ics, reschedule, templates};
use cohort::practice::groups::{self, GroupLine};
use cohort::values::Timestamp;
use tauri::State;

use super::{local_date, with, AppState, CmdResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn list_groups(state: State<'_, AppState>) -> CmdResult<Vec<GroupLine>> {
    with(&state, |s, now| s.read(now, |c| groups::list(c, local_date())))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_templates(state: State<'_, AppState>) -> CmdResult<Vec<TemplateSummary>> {
    with(&state, |s, now| s.read(now, templates::list))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn preview_group(state: State<'_, AppState>, new: NewGroup) -> CmdResult<SchedulePreview> {
    with(&state, |s, now| s.read(now, |c| new_group::preview(c, &new)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn create_group(state: State<'_, AppState>, new: NewGroup) -> CmdResult<CreatedGroup> {
    with(&state, |s, now| {
        s.act(now, |tx| new_group::create_group(tx, &new, Timestamp::now()))
            .map(|(id, outcome)| CreatedGroup { id, outcome })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_program(state: State<'_, AppState>, group_id: GroupId) -> CmdResult<Program> {
    with(&state, |s, now| s.read(now, |c| groups::program(c, group_id)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn update_group(
    state: State<'_, AppState>,
    group_id: GroupId,
    input: GroupInput,
) -> CmdResult<Outcome> {
    with(&state, |s, now| {
        s.act(now, |tx| groups::update(tx, group_id, &input, Timestamp::now()))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_group_status(
    state: State<'_, AppState>,
    group_id: GroupId,
    status: GroupStatus,
    confirmed_enrolled: Option<u32>,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            groups::set_status(tx, group_id, status, confirmed_enrolled, Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_group_archived(
    state: State<'_, AppState>,
    group_id: GroupId,
    archived: bool,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            group_status::set_archived(tx, group_id, archived, Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_group(state: State<'_, AppState>, group_id: GroupId) -> CmdResult<()> {
    with(&state, |s, now| s.act(now, |tx| groups::delete(tx, group_id)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_session(state: State<'_, AppState>, session_id: SessionId) -> CmdResult<SessionDetail> {
    with(&state, |s, now| {
        s.read(now, |c| session_plans::session_detail(c, session_id))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_session_plan(
    state: State<'_, AppState>,
    session_id: SessionId,
    plan: SessionPlan,
    accept_overrun: bool,
) -> CmdResult<AgendaTotal> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            session_plans::save_plan(tx, session_id, &plan, accept_overrun)
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn reschedule_session(
    state: State<'_, AppState>,
    session_id: SessionId,
    date: String,
    start_time: String,
    shift_later: bool,
) -> CmdResult<Outcome> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            reschedule::reschedule(tx, session_id, &date, &start_time, shift_later)
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn cancel_session(
    state: State<'_, AppState>,
    session_id: SessionId,
    add_makeup: bool,
) -> CmdResult<Outcome> {
    with(&state, |s, now| {
        s.act(now, |tx| reschedule::cancel_session(tx, session_id, add_makeup))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn move_session_plan(
    state: State<'_, AppState>,
    session_id: SessionId,
    offset: i32,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| session_plans::move_plan(tx, session_id, offset))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn insert_session_plan(state: State<'_, AppState>, session_id: SessionId) -> CmdResult<Outcome> {
    with(&state, |s, now| {
        s.act(now, |tx| session_plans::insert_plan_before(tx, session_id))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn remove_session_plan(state: State<'_, AppState>, session_id: SessionId) -> CmdResult<Outcome> {
    with(&state, |s, now| {
        s.act(now, |tx| session_plans::remove_plan(tx, session_id))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn apply_template(
    state: State<'_, AppState>,
    group_id: GroupId,
    template_id: String,
) -> CmdResult<Outcome> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            session_plans::apply_template(tx, group_id, &template_id)
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_as_template(
    state: State<'_, AppState>,
    group_id: GroupId,
    name: String,
    description: String,
) -> CmdResult<TemplateSummary> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            session_plans::save_as_template(tx, group_id, &name, &description, Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_ground_rules(state: State<'_, AppState>, group_id: GroupId) -> CmdResult<GroundRules> {
    with(&state, |s, now| s.read(now, |c| ground_rules::load(c, group_id)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_ground_rules(
    state: State<'_, AppState>,
    group_id: GroupId,
    rules: Vec<String>,
) -> CmdResult<GroundRules> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            ground_rules::save(tx, group_id, &rules, Timestamp::now())?;
            ground_rules::load(tx, group_id)
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_group_blackouts(
    state: State<'_, AppState>,
    group_id: GroupId,
    dates: Vec<BlackoutDateInput>,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| blackouts::set(tx, Some(group_id), &dates))
    })
}

/// Saves the group's calendar file where the clinician chooses in the save
/// dialog, which this command opens itself: the webview never names a path.
/// Refused with `confirm` until the clinician has been told once that the
/// file is not encrypted (`acknowledged` says so). `None` when the dialog was
/// cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_calendar(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    group_id: GroupId,
    acknowledged: bool,
) -> CmdResult<Option<String>> {
    let suggested = with(&state, |s, now| {
        s.read(now, |c| {
            cohort::exports::check_told(c, acknowledged)?;
            ics::file_name(c, group_id)
        })
    })?;
    let Some(path) = super::save_dialog(&app, "Save the calendar file", &suggested, "Calendar file", "ics")?
    else {
        return Ok(None);
    };
    with(&state, |s, now| {
        s.act(now, |tx| ics::save_ics(tx, group_id, &path, acknowledged))
            .map(|()| Some(path.display().to_string()))
    })
}
