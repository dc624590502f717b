//! Goals and measures: setting, revising and ending goals, rating them at a
//! session, entering and voiding measures, responding to the risk a measure
//! raised, the measures themselves and each group's plan, and the progress
//! a member's page and a group's overview show.

use cohort::goals::ratings::{self, MemberGoals, RatingInput};
use cohort::goals::setting::{self, GoalWording, NewGoal};
use cohort::goals::{wording, GoalStatus};
use cohort::ids::{GoalId, GroupId, PlaceId, ResultId, SessionId};
use cohort::measures::instruments::{self, Instrument, InstrumentInput};
use cohort::measures::page::{self, ProgressPage};
use cohort::measures::plan::{self, PlannedMeasure, SessionMeasure};
use cohort::measures::progress::{self, GroupSessionSummary};
use cohort::measures::results::{self, MeasureResult, ResultInput, Score};
use cohort::measures::InstrumentId;
use cohort::values::Timestamp;
use tauri::State;

use super::{local_date, with, AppState, CmdResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn get_progress_page(state: State<'_, AppState>, place_id: PlaceId) -> CmdResult<ProgressPage> {
    with(&state, |s, now| s.read(now, |c| page::progress_page(c, place_id)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn goal_hints(statement: String) -> CmdResult<Vec<String>> {
    Ok(wording::hints(&statement).into_iter().map(String::from).collect())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_goal(state: State<'_, AppState>, place_id: PlaceId, goal: NewGoal) -> CmdResult<GoalId> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            setting::set_goal(tx, place_id, &goal, local_date(), Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn revise_goal(
    state: State<'_, AppState>,
    goal_id: GoalId,
    wording: GoalWording,
    reason: String,
    revised_on: String,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            setting::revise(
                tx,
                goal_id,
                &wording,
                &reason,
                &revised_on,
                local_date(),
                Timestamp::now(),
            )
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn end_goal(
    state: State<'_, AppState>,
    goal_id: GoalId,
    status: GoalStatus,
    ended_on: String,
    note: String,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            setting::end_goal(
                tx,
                goal_id,
                status,
                &ended_on,
                &note,
                local_date(),
                Timestamp::now(),
            )
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_session_goals(
    state: State<'_, AppState>,
    session_id: SessionId,
) -> CmdResult<Vec<MemberGoals>> {
    with(&state, |s, now| {
        s.read(now, |c| ratings::session_goals(c, session_id))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn rate_goals(
    state: State<'_, AppState>,
    session_id: SessionId,
    ratings: Vec<RatingInput>,
) -> CmdResult<u32> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            ratings::rate(tx, session_id, &ratings, Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_instruments(state: State<'_, AppState>) -> CmdResult<Vec<Instrument>> {
    with(&state, |s, now| s.read(now, instruments::list))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn define_instrument(
    state: State<'_, AppState>,
    input: InstrumentInput,
) -> CmdResult<InstrumentId> {
    with(&state, |s, now| {
        s.act(now, |tx| instruments::define(tx, &input, Timestamp::now()))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn score_measure(
    state: State<'_, AppState>,
    instrument_id: InstrumentId,
    answers: Vec<Option<i64>>,
) -> CmdResult<Score> {
    with(&state, |s, now| {
        s.read(now, |c| results::score(c, &instrument_id, &answers))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn enter_measure(
    state: State<'_, AppState>,
    place_id: PlaceId,
    input: ResultInput,
) -> CmdResult<MeasureResult> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            results::enter(tx, place_id, &input, local_date(), Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn void_measure(state: State<'_, AppState>, result_id: ResultId, reason: String) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| results::void(tx, result_id, &reason, Timestamp::now()))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn respond_to_measure_risk(
    state: State<'_, AppState>,
    result_id: ResultId,
    responded_on: String,
    response: String,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            results::record_risk_response(
                tx,
                result_id,
                &responded_on,
                &response,
                local_date(),
                Timestamp::now(),
            )
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_measure_plan(
    state: State<'_, AppState>,
    group_id: GroupId,
) -> CmdResult<Vec<PlannedMeasure>> {
    with(&state, |s, now| s.read(now, |c| plan::plan(c, group_id)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_measure_plan(
    state: State<'_, AppState>,
    group_id: GroupId,
    planned: Vec<PlannedMeasure>,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| plan::set_plan(tx, group_id, &planned))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_session_measures(
    state: State<'_, AppState>,
    session_id: SessionId,
) -> CmdResult<Vec<SessionMeasure>> {
    with(&state, |s, now| s.read(now, |c| plan::at_session(c, session_id)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_group_overview(
    state: State<'_, AppState>,
    group_id: GroupId,
) -> CmdResult<Vec<GroupSessionSummary>> {
    with(&state, |s, now| {
        s.read(now, |c| progress::group_overview(c, group_id))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_member_measure_risks(
    state: State<'_, AppState>,
    member_id: cohort::ids::MemberId,
) -> CmdResult<Vec<results::MeasureRisk>> {
    with(&state, |s, now| {
        s.read(now, |c| results::open_risks(c, Some(member_id)))
    })
}
