//! Session notes: a session's notes, opening and saving a draft, the checks
//! before signing, signing, addenda, responses to risk, search, a member's
//! notes, psychotherapy notes, the group's note format.

use cohort::ids::{GroupId, MemberId, PlaceId, SessionId};
use cohort::notes::mentions::{self, Mention};
use cohort::notes::private::{self, PsychotherapyNote};
use cohort::notes::read::{self, Note, NoteCheck, NoteSummary, SessionNotes};
use cohort::notes::search::{self, SearchHit};
use cohort::notes::signing::{self, Addendum, RiskResponse, RiskResponseInput};
use cohort::notes::{drafts, DraftInput, NoteFormat, NoteId};
use cohort::values::Timestamp;
use tauri::State;

use super::{local_date, with, AppState, CmdResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn get_session_notes(state: State<'_, AppState>, session_id: SessionId) -> CmdResult<SessionNotes> {
    with(&state, |s, now| {
        s.read(now, |c| read::session_notes(c, session_id))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn open_note(
    state: State<'_, AppState>,
    session_id: SessionId,
    place_id: Option<PlaceId>,
) -> CmdResult<NoteId> {
    with(&state, |s, now| {
        s.act(now, |tx| drafts::open(tx, session_id, place_id, Timestamp::now()))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn read_note(state: State<'_, AppState>, note_id: NoteId) -> CmdResult<Note> {
    with(&state, |s, now| s.act(now, |tx| read::open_to_read(tx, note_id)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_note_draft(
    state: State<'_, AppState>,
    note_id: NoteId,
    draft: DraftInput,
) -> CmdResult<Timestamp> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            drafts::save_draft(tx, note_id, &draft, Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn check_note(state: State<'_, AppState>, note_id: NoteId) -> CmdResult<NoteCheck> {
    with(&state, |s, now| s.read(now, |c| read::check(c, note_id)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn confirm_note_mention(
    state: State<'_, AppState>,
    note_id: NoteId,
    key: String,
) -> CmdResult<Vec<Mention>> {
    with(&state, |s, now| {
        s.act(now, |tx| mentions::confirm(tx, note_id, &key))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn sign_note(state: State<'_, AppState>, note_id: NoteId, despite_similar: bool) -> CmdResult<()> {
    with(&state, |s, now| {
        cohort::practice::signing::sign(s, note_id, despite_similar, now, Timestamp::now()).map(|_| ())
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn discard_note(state: State<'_, AppState>, note_id: NoteId) -> CmdResult<()> {
    with(&state, |s, now| s.act(now, |tx| drafts::discard(tx, note_id)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_note_addendum(
    state: State<'_, AppState>,
    note_id: NoteId,
    text: String,
) -> CmdResult<Addendum> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            signing::add_addendum(tx, note_id, &text, Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn record_risk_response(
    state: State<'_, AppState>,
    note_id: NoteId,
    response: RiskResponseInput,
) -> CmdResult<RiskResponse> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            signing::record_risk_response(tx, note_id, &response, local_date(), Timestamp::now())
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn search_notes(state: State<'_, AppState>, query: String) -> CmdResult<Vec<SearchHit>> {
    with(&state, |s, now| s.read(now, |c| search::search(c, &query)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_member_notes(
    state: State<'_, AppState>,
    member_id: MemberId,
) -> CmdResult<Vec<NoteSummary>> {
    with(&state, |s, now| s.read(now, |c| read::member_notes(c, member_id)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn open_psychotherapy_note(
    state: State<'_, AppState>,
    session_id: SessionId,
) -> CmdResult<PsychotherapyNote> {
    with(&state, |s, now| s.act(now, |tx| private::open(tx, session_id)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_psychotherapy_note(
    state: State<'_, AppState>,
    session_id: SessionId,
    text: String,
) -> CmdResult<Timestamp> {
    with(&state, |s, now| {
        s.act(now, |tx| private::save(tx, session_id, &text, Timestamp::now()))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_note_format(state: State<'_, AppState>, group_id: GroupId) -> CmdResult<NoteFormat> {
    with(&state, |s, now| {
        s.read(now, |c| drafts::group_note_format(c, group_id))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_note_format(
    state: State<'_, AppState>,
    group_id: GroupId,
    format: NoteFormat,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| drafts::set_group_note_format(tx, group_id, format))
    })
}
