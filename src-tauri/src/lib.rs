//! The Tauri shell: each command takes the session from state, calls one
//! core function and maps the error to `{ code, message, field }`.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use cohort::audit::AuditEntry;
use cohort::curriculum::{AgendaTotal, SessionPlan, TemplateSummary};
use cohort::ground_rules::{self, GroundRules};
use cohort::groups::{self, GroupInput, GroupStatus, GroupSummary};
use cohort::ids::{GroupId, SessionId};
use cohort::schedule::{
    self, BlackoutDate, CreatedGroup, NewGroup, Outcome, Program, SchedulePreview, SessionDetail,
    UpcomingSession,
};
use cohort::session::VaultStatus;
use cohort::settings::{ClinicianProfile, Settings};
use cohort::{CommandError, Passphrase, PassphraseStrength, Session};
use tauri::{Emitter, Manager, RunEvent, State};

struct AppState(Mutex<Session>);

type CmdResult<T> = Result<T, CommandError>;

/// Runs `f` on the session with the current time; core errors become `CommandError`.
fn with<T>(
    state: &State<'_, AppState>,
    f: impl FnOnce(&mut Session, Instant) -> cohort::Result<T>,
) -> CmdResult<T> {
    let mut session = state.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    f(&mut session, Instant::now()).map_err(|e| e.to_command_error())
}

#[tauri::command(rename_all = "snake_case")]
async fn vault_status(state: State<'_, AppState>) -> CmdResult<VaultStatus> {
    with(&state, |s, _| Ok(s.status()))
}

#[tauri::command(rename_all = "snake_case")]
fn rate_passphrase(passphrase: String) -> PassphraseStrength {
    cohort::keys::rate_passphrase(&passphrase)
}

#[tauri::command(rename_all = "snake_case")]
async fn create_vault(
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
async fn unlock(state: State<'_, AppState>, passphrase: String) -> CmdResult<()> {
    with(&state, |s, now| s.unlock(&Passphrase::new(passphrase), now))
}

#[tauri::command(rename_all = "snake_case")]
async fn unlock_with_recovery_key(
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
async fn lock(state: State<'_, AppState>) -> CmdResult<()> {
    with(&state, |s, _| s.lock("by the clinician"))
}

#[tauri::command(rename_all = "snake_case")]
async fn touch(state: State<'_, AppState>) -> CmdResult<()> {
    with(&state, |s, now| {
        s.touch(now);
        Ok(())
    })
}

#[tauri::command(rename_all = "snake_case")]
async fn get_settings(state: State<'_, AppState>) -> CmdResult<Settings> {
    with(&state, |s, now| s.settings(now))
}

#[tauri::command(rename_all = "snake_case")]
async fn save_profile(state: State<'_, AppState>, profile: ClinicianProfile) -> CmdResult<ClinicianProfile> {
    with(&state, |s, now| s.save_profile(&profile, now))
}

#[tauri::command(rename_all = "snake_case")]
async fn set_auto_lock(state: State<'_, AppState>, minutes: i64) -> CmdResult<Settings> {
    with(&state, |s, now| s.set_auto_lock(minutes, now))
}

#[tauri::command(rename_all = "snake_case")]
async fn change_passphrase(
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
async fn recent_activity(state: State<'_, AppState>, limit: u32) -> CmdResult<Vec<AuditEntry>> {
    with(&state, |s, now| s.recent_activity(limit, now))
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[tauri::command(rename_all = "snake_case")]
async fn list_groups(state: State<'_, AppState>) -> CmdResult<Vec<GroupSummary>> {
    with(&state, |s, now| s.read(now, |c| groups::list(c, today())))
}

#[tauri::command(rename_all = "snake_case")]
async fn list_templates(state: State<'_, AppState>) -> CmdResult<Vec<TemplateSummary>> {
    with(&state, |s, now| s.read(now, cohort::curriculum::list_templates))
}

#[tauri::command(rename_all = "snake_case")]
async fn preview_group(state: State<'_, AppState>, new: NewGroup) -> CmdResult<SchedulePreview> {
    with(&state, |s, now| s.read(now, |c| schedule::preview(c, &new)))
}

#[tauri::command(rename_all = "snake_case")]
async fn create_group(state: State<'_, AppState>, new: NewGroup) -> CmdResult<CreatedGroup> {
    with(&state, |s, now| {
        s.act(now, |tx| schedule::create_group(tx, &new))
            .map(|(id, outcome)| CreatedGroup { id, outcome })
    })
}

#[tauri::command(rename_all = "snake_case")]
async fn get_program(state: State<'_, AppState>, group_id: GroupId) -> CmdResult<Program> {
    with(&state, |s, now| s.read(now, |c| schedule::program(c, group_id)))
}

#[tauri::command(rename_all = "snake_case")]
async fn update_group(
    state: State<'_, AppState>,
    group_id: GroupId,
    input: GroupInput,
) -> CmdResult<Outcome> {
    with(&state, |s, now| {
        s.act(now, |tx| schedule::update_group(tx, group_id, &input))
    })
}

#[tauri::command(rename_all = "snake_case")]
async fn set_group_status(
    state: State<'_, AppState>,
    group_id: GroupId,
    status: GroupStatus,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| groups::set_status(tx, group_id, status))
    })
}

#[tauri::command(rename_all = "snake_case")]
async fn set_group_archived(state: State<'_, AppState>, group_id: GroupId, archived: bool) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| groups::set_archived(tx, group_id, archived))
    })
}

#[tauri::command(rename_all = "snake_case")]
async fn get_session(state: State<'_, AppState>, session_id: SessionId) -> CmdResult<SessionDetail> {
    with(&state, |s, now| {
        s.read(now, |c| schedule::session_detail(c, session_id))
    })
}

#[tauri::command(rename_all = "snake_case")]
async fn save_session_plan(
    state: State<'_, AppState>,
    session_id: SessionId,
    plan: SessionPlan,
    accept_overrun: bool,
) -> CmdResult<AgendaTotal> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            schedule::save_plan(tx, session_id, &plan, accept_overrun)
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
async fn reschedule_session(
    state: State<'_, AppState>,
    session_id: SessionId,
    date: String,
    start_time: String,
    shift_later: bool,
) -> CmdResult<Outcome> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            schedule::reschedule(tx, session_id, &date, &start_time, shift_later)
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
async fn cancel_session(
    state: State<'_, AppState>,
    session_id: SessionId,
    add_makeup: bool,
) -> CmdResult<Outcome> {
    with(&state, |s, now| {
        s.act(now, |tx| schedule::cancel_session(tx, session_id, add_makeup))
    })
}

#[tauri::command(rename_all = "snake_case")]
async fn move_session_plan(state: State<'_, AppState>, session_id: SessionId, offset: i32) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| schedule::move_plan(tx, session_id, offset))
    })
}

#[tauri::command(rename_all = "snake_case")]
async fn insert_session_plan(state: State<'_, AppState>, session_id: SessionId) -> CmdResult<Outcome> {
    with(&state, |s, now| {
        s.act(now, |tx| schedule::insert_plan_before(tx, session_id))
    })
}

#[tauri::command(rename_all = "snake_case")]
async fn remove_session_plan(state: State<'_, AppState>, session_id: SessionId) -> CmdResult<Outcome> {
    with(&state, |s, now| {
        s.act(now, |tx| schedule::remove_plan(tx, session_id))
    })
}

#[tauri::command(rename_all = "snake_case")]
async fn apply_template(
    state: State<'_, AppState>,
    group_id: GroupId,
    template_id: String,
) -> CmdResult<Outcome> {
    with(&state, |s, now| {
        s.act(now, |tx| schedule::apply_template(tx, group_id, &template_id))
    })
}

#[tauri::command(rename_all = "snake_case")]
async fn save_as_template(
    state: State<'_, AppState>,
    group_id: GroupId,
    name: String,
    description: String,
) -> CmdResult<TemplateSummary> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            schedule::save_as_template(tx, group_id, &name, &description)
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
async fn get_ground_rules(state: State<'_, AppState>, group_id: GroupId) -> CmdResult<GroundRules> {
    with(&state, |s, now| s.read(now, |c| ground_rules::load(c, group_id)))
}

#[tauri::command(rename_all = "snake_case")]
async fn save_ground_rules(
    state: State<'_, AppState>,
    group_id: GroupId,
    rules: Vec<String>,
) -> CmdResult<GroundRules> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            ground_rules::save(tx, group_id, &rules)?;
            ground_rules::load(tx, group_id)
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
async fn get_practice_blackouts(state: State<'_, AppState>) -> CmdResult<Vec<BlackoutDate>> {
    with(&state, |s, now| s.read(now, |c| schedule::blackout_list(c, None)))
}

#[tauri::command(rename_all = "snake_case")]
async fn set_practice_blackouts(state: State<'_, AppState>, dates: Vec<BlackoutDate>) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| schedule::set_blackouts(tx, None, &dates))
    })
}

#[tauri::command(rename_all = "snake_case")]
async fn set_group_blackouts(
    state: State<'_, AppState>,
    group_id: GroupId,
    dates: Vec<BlackoutDate>,
) -> CmdResult<()> {
    with(&state, |s, now| {
        s.act(now, |tx| schedule::set_blackouts(tx, Some(group_id), &dates))
    })
}

#[tauri::command(rename_all = "snake_case")]
async fn export_calendar(state: State<'_, AppState>, group_id: GroupId) -> CmdResult<String> {
    with(&state, |s, now| {
        s.act(now, |tx| {
            schedule::write_ics(tx, group_id, &schedule::export_dir())
        })
        .map(|p| p.display().to_string())
    })
}

#[tauri::command(rename_all = "snake_case")]
async fn upcoming_sessions(state: State<'_, AppState>) -> CmdResult<Vec<UpcomingSession>> {
    with(&state, |s, now| {
        s.read(now, |c| schedule::upcoming(c, today(), 14))
    })
}

/// Only the app's own pages may load; every other address is refused.
fn is_own_page(url: &tauri::Url) -> bool {
    matches!(
        (url.scheme(), url.host_str()),
        ("tauri", Some("localhost")) | ("http", Some("tauri.localhost")) | ("https", Some("tauri.localhost"))
    )
}

/// Checks the inactivity lock every few seconds; tells the UI when it locked.
fn spawn_auto_lock(app: tauri::AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(5));
        let state = app.state::<AppState>();
        let locked = {
            let mut s = state.0.lock().unwrap_or_else(|p| p.into_inner());
            s.lock_if_idle(Instant::now()).unwrap_or(false)
        };
        if locked {
            let _ = app.emit("vault-locked", ());
        }
    });
}

/// The main window, incognito so that WebKit keeps no storage, cache or
/// history on disk. WebKit cannot put an ephemeral context under WebDriver
/// control, so only when tauri-driver asks for automation
/// (TAURI_WEBVIEW_AUTOMATION=true) is the window a normal one; the
/// end-to-end test then proves the UI itself writes nothing to disk.
fn open_main_window(app: &mut tauri::App) -> tauri::Result<()> {
    let automation = std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true");
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == "main")
        .cloned()
        .ok_or_else(|| tauri::Error::WindowNotFound)?;
    tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?
        .incognito(!automation)
        .build()?;
    Ok(())
}

pub fn run() {
    let dir = cohort::vault::default_dir();
    let navigation_guard = tauri::plugin::Builder::<tauri::Wry>::new("navigation-guard")
        .on_navigation(|_, url| is_own_page(url))
        .build();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(navigation_guard)
        .manage(AppState(Mutex::new(Session::new(&dir))))
        .setup(|app| {
            open_main_window(app)?;
            spawn_auto_lock(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            vault_status,
            rate_passphrase,
            create_vault,
            unlock,
            unlock_with_recovery_key,
            lock,
            touch,
            get_settings,
            save_profile,
            set_auto_lock,
            change_passphrase,
            recent_activity,
            list_groups,
            list_templates,
            preview_group,
            create_group,
            get_program,
            update_group,
            set_group_status,
            set_group_archived,
            get_session,
            save_session_plan,
            reschedule_session,
            cancel_session,
            move_session_plan,
            insert_session_plan,
            remove_session_plan,
            apply_template,
            save_as_template,
            get_ground_rules,
            save_ground_rules,
            get_practice_blackouts,
            set_practice_blackouts,
            set_group_blackouts,
            export_calendar,
            upcoming_sessions
        ])
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Cohort could not start: {e}");
            std::process::exit(1);
        });
    app.run(|handle, event| {
        if let RunEvent::Exit = event {
            let state = handle.state::<AppState>();
            let mut s = state.0.lock().unwrap_or_else(|p| p.into_inner());
            let _ = s.lock("the app was closed");
        }
    });
}
