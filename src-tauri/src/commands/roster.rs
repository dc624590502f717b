//! The roster: members and the directory, a person's path into and out of
//! a group, the waitlist, agreements to the ground rules.

use cohort::ids::{GroupId, MemberId, PlaceId};
use cohort::practice::{self, roster::GroupRoster};
use cohort::roster::agreements::{self, Agreement};
use cohort::roster::directory::{self, MemberSummary};
use cohort::roster::members::{self, MemberInput};
use cohort::roster::places::{self, Leaving, Place, ScreeningOutcome};
use cohort::roster::profile::{self, MemberProfile};
use cohort::values::Timestamp;
use tauri::State;

use super::{local_date, with, AppState, CmdResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn search_members(
    state: State<'_, AppState>,
    query: String,
    include_archived: bool,
) -> CmdResult<Vec<MemberSummary>> {
    with(&state, |s, now| {
        s.read(now, |c| directory::search(c, &query, include_archived, 100))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_member(state: State<'_, AppState>, member_id: MemberId) -> CmdResult<MemberProfile> {
    with(&state, |s, now| s.read(now, |c| profile::profile(c, member_id)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn create_member(state: State<'_, AppState>, input: MemberInput) -> CmdResult<MemberId> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            members::create(tx, &input, local_date(), Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn update_member(
    state: State<'_, AppState>,
    member_id: MemberId,
    input: MemberInput,
) -> CmdResult<Vec<String>> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            members::update(tx, member_id, &input, local_date(), Timestamp::now())
        })
        .map(|changed| changed.into_iter().map(str::to_string).collect())
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_member_archived(
    state: State<'_, AppState>,
    member_id: MemberId,
    archived: bool,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            members::set_archived(tx, member_id, archived, Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_member(state: State<'_, AppState>, member_id: MemberId) -> CmdResult<()> {
    with(&state, |s, now| s.act(now, |tx| members::delete(tx, member_id)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_roster(state: State<'_, AppState>, group_id: GroupId) -> CmdResult<GroupRoster> {
    with(&state, |s, now| {
        s.read(now, |c| practice::roster::roster(c, group_id, local_date()))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn refer_member(
    state: State<'_, AppState>,
    group_id: GroupId,
    member_id: MemberId,
    referred_on: String,
    source: String,
) -> CmdResult<PlaceId> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            places::refer(
                tx,
                group_id,
                member_id,
                &referred_on,
                &source,
                local_date(),
                Timestamp::now(),
            )
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn refer_new_member(
    state: State<'_, AppState>,
    group_id: GroupId,
    person: MemberInput,
    referred_on: String,
    source: String,
) -> CmdResult<PlaceId> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            places::refer_new(
                tx,
                group_id,
                &person,
                &referred_on,
                &source,
                local_date(),
                Timestamp::now(),
            )
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn record_screening(
    state: State<'_, AppState>,
    place_id: PlaceId,
    screened_on: String,
    outcome: ScreeningOutcome,
    notes: String,
) -> CmdResult<Place> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            places::screen(
                tx,
                place_id,
                &screened_on,
                outcome,
                &notes,
                local_date(),
                Timestamp::now(),
            )
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn record_consent(
    state: State<'_, AppState>,
    place_id: PlaceId,
    consented_on: String,
) -> CmdResult<Place> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            places::consent(tx, place_id, &consented_on, local_date(), Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn enrol_member(
    state: State<'_, AppState>,
    place_id: PlaceId,
    enrolled_on: String,
) -> CmdResult<Place> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            places::enrol(tx, place_id, &enrolled_on, local_date(), Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn waitlist_member(
    state: State<'_, AppState>,
    place_id: PlaceId,
    waitlisted_on: String,
) -> CmdResult<Place> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            places::waitlist(tx, place_id, &waitlisted_on, local_date(), Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn record_leaving(
    state: State<'_, AppState>,
    place_id: PlaceId,
    leaving: Leaving,
) -> CmdResult<Place> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            cohort::practice::leaving::leave(tx, place_id, &leaving, local_date(), Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn skip_waitlist_offer(state: State<'_, AppState>, place_id: PlaceId) -> CmdResult<Place> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            places::skip_offer(tx, place_id, local_date(), Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn record_agreement(
    state: State<'_, AppState>,
    place_id: PlaceId,
    agreed_on: String,
) -> CmdResult<Agreement> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            agreements::record(tx, place_id, &agreed_on, local_date(), Timestamp::now())
        })
    })
}
