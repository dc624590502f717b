//! Running a session and following up: Today, the session view, the timer
//! and the agenda as run, attendance, the attendance policy and absence
//! follow-ups, a member's attendance and their catch-up sheet.

use cohort::ids::{GroupId, MemberId, PlaceId, SessionId};
use cohort::practice::today::{self, Today};
use cohort::sessions::agenda;
use cohort::sessions::alerts::{self, AbsenceAlert, FollowUp, FollowUpInput, Scope};
use cohort::sessions::attendance::{self, MarkInput, SheetSaved};
use cohort::sessions::billing::{self, ServiceCode};
use cohort::sessions::member::{self, MemberAttendance};
use cohort::sessions::missed::{self, CatchUpSheet};
use cohort::sessions::policy::{self, AttendancePolicy};
use cohort::sessions::run::{self, TimerAction};
use cohort::sessions::view::{self, SessionView};
use cohort::values::Timestamp;
use tauri::State;

use super::{local_date, with, AppState, CmdResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn get_today(state: State<'_, AppState>) -> CmdResult<Today> {
    with(&state, |s, now| s.read(now, |c| today::today(c, local_date())))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_session_view(state: State<'_, AppState>, session_id: SessionId) -> CmdResult<SessionView> {
    with(&state, |s, now| {
        s.read(now, |c| {
            view::session_view(c, session_id, Timestamp::now(), local_date())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn start_session(
    state: State<'_, AppState>,
    session_id: SessionId,
    confirmed_enrolled: Option<u32>,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            run::start(tx, session_id, Timestamp::now(), local_date(), confirmed_enrolled)
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn session_timer(
    state: State<'_, AppState>,
    session_id: SessionId,
    action: TimerAction,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| run::timer(tx, session_id, action, Timestamp::now()))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_agenda_item_done(
    state: State<'_, AppState>,
    session_id: SessionId,
    item_id: i64,
    done: bool,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| run::set_done(tx, session_id, item_id, done))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn update_session_agenda_item(
    state: State<'_, AppState>,
    session_id: SessionId,
    item_id: i64,
    title: String,
    minutes: u32,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            agenda::update_item(tx, session_id, item_id, &title, minutes)
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_session_agenda_item(
    state: State<'_, AppState>,
    session_id: SessionId,
    title: String,
    minutes: u32,
) -> CmdResult<i64> {
    with(&state, |s, now| {
        s.act(now, |tx| agenda::add_item(tx, session_id, &title, minutes))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn remove_session_agenda_item(
    state: State<'_, AppState>,
    session_id: SessionId,
    item_id: i64,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| agenda::remove_item(tx, session_id, item_id))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn end_session(state: State<'_, AppState>, session_id: SessionId) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| run::end(tx, session_id, Timestamp::now()))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn record_session_held(
    state: State<'_, AppState>,
    session_id: SessionId,
    confirmed_enrolled: Option<u32>,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            run::record_held(tx, session_id, local_date(), confirmed_enrolled, Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_attendance(
    state: State<'_, AppState>,
    session_id: SessionId,
    marks: Vec<MarkInput>,
) -> CmdResult<SheetSaved> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            attendance::save_sheet(tx, session_id, &marks, Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_attendance_policy(
    state: State<'_, AppState>,
    group_id: GroupId,
) -> CmdResult<AttendancePolicy> {
    with(&state, |s, now| s.read(now, |c| policy::get(c, group_id)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_attendance_policy(
    state: State<'_, AppState>,
    group_id: GroupId,
    policy: AttendancePolicy,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| policy::set(tx, group_id, &policy))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_group_alerts(state: State<'_, AppState>, group_id: GroupId) -> CmdResult<Vec<AbsenceAlert>> {
    with(&state, |s, now| {
        s.read(now, |c| alerts::alerts(c, Scope::Group(group_id)))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn record_follow_up(
    state: State<'_, AppState>,
    place_id: PlaceId,
    follow_up: FollowUpInput,
) -> CmdResult<FollowUp> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            alerts::record_follow_up(tx, place_id, &follow_up, local_date(), Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_member_attendance(
    state: State<'_, AppState>,
    member_id: MemberId,
) -> CmdResult<MemberAttendance> {
    with(&state, |s, now| s.read(now, |c| member::of_member(c, member_id)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_catch_up_sheet(state: State<'_, AppState>, place_id: PlaceId) -> CmdResult<CatchUpSheet> {
    with(&state, |s, now| {
        s.act(now, |tx| missed::catch_up_sheet(tx, place_id))
    })
}

/// The service code the group's sessions are billed under (CPT 90853 unless set).
#[tauri::command(rename_all = "snake_case")]
pub async fn get_service_code(state: State<'_, AppState>, group_id: GroupId) -> CmdResult<ServiceCode> {
    with(&state, |s, now| s.read(now, |c| billing::get(c, group_id)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_service_code(
    state: State<'_, AppState>,
    group_id: GroupId,
    code: ServiceCode,
) -> CmdResult<ServiceCode> {
    with(&state, |s, now| {
        s.act(now, |tx| billing::set(tx, group_id, &code))
    })
}
