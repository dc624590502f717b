//! The Tauri shell: each command takes the session from state, calls one
//! core function and maps the error to `{ code, message, field }`.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use cohort::audit::AuditEntry;
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
            recent_activity
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
