//! The Tauri shell: the window, its security, the inactivity lock and the
//! commands (in `commands/`, one file per area). It holds no logic of its own.

mod commands;
mod desktop_lock;

use std::sync::Mutex;
use std::time::{Duration, Instant};

use cohort::VaultAccess;
use commands::{notes, planning, progress, roster, sessions, settings, vault, AppState};
use tauri::{Emitter, Manager, RunEvent};

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
            let was_open = s.status().unlocked;
            // Closed is closed, even when its audit entry could not be
            // written: the window is told either way.
            let _ = s.lock_if_idle(Instant::now());
            was_open && !s.status().unlocked
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
    cohort::process::harden();
    let dir = cohort::vault::folder::default_dir();
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
        // Save dialogs, opened from Rust only: no dialog permission is
        // granted to the webview.
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState(Mutex::new(VaultAccess::new(&dir))))
        .setup(|app| {
            open_main_window(app)?;
            spawn_auto_lock(app.handle().clone());
            desktop_lock::spawn(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            vault::vault_status,
            vault::rate_passphrase,
            vault::create_vault,
            vault::unlock,
            vault::unlock_with_recovery_key,
            vault::lock,
            vault::touch,
            vault::change_passphrase,
            vault::rotate_keys,
            vault::recent_activity,
            settings::get_settings,
            settings::save_profile,
            settings::set_auto_lock,
            settings::get_practice_blackouts,
            settings::set_practice_blackouts,
            planning::list_groups,
            planning::list_templates,
            planning::preview_group,
            planning::create_group,
            planning::get_program,
            planning::update_group,
            planning::set_group_status,
            planning::set_group_archived,
            planning::delete_group,
            planning::get_session,
            planning::save_session_plan,
            planning::reschedule_session,
            planning::cancel_session,
            planning::move_session_plan,
            planning::insert_session_plan,
            planning::remove_session_plan,
            planning::apply_template,
            planning::save_as_template,
            planning::get_ground_rules,
            planning::save_ground_rules,
            planning::set_group_blackouts,
            planning::export_calendar,
            roster::search_members,
            roster::get_member,
            roster::create_member,
            roster::update_member,
            roster::set_member_archived,
            roster::delete_member,
            roster::get_roster,
            roster::refer_member,
            roster::refer_new_member,
            roster::record_screening,
            roster::record_consent,
            roster::enrol_member,
            roster::waitlist_member,
            roster::record_leaving,
            roster::skip_waitlist_offer,
            roster::record_agreement,
            sessions::get_today,
            sessions::get_session_view,
            sessions::start_session,
            sessions::session_timer,
            sessions::set_agenda_item_done,
            sessions::update_session_agenda_item,
            sessions::add_session_agenda_item,
            sessions::remove_session_agenda_item,
            sessions::end_session,
            sessions::record_session_held,
            sessions::save_attendance,
            sessions::get_attendance_policy,
            sessions::set_attendance_policy,
            sessions::get_group_alerts,
            sessions::record_follow_up,
            sessions::get_member_attendance,
            sessions::get_catch_up_sheet,
            notes::get_session_notes,
            notes::open_note,
            notes::read_note,
            notes::save_note_draft,
            notes::check_note,
            notes::confirm_note_mention,
            notes::sign_note,
            notes::discard_note,
            notes::add_note_addendum,
            notes::record_risk_response,
            notes::search_notes,
            notes::get_member_notes,
            notes::open_psychotherapy_note,
            notes::save_psychotherapy_note,
            notes::get_note_format,
            notes::set_note_format,
            settings::set_notes_overdue_days,
            progress::get_progress_page,
            progress::goal_hints,
            progress::set_goal,
            progress::revise_goal,
            progress::end_goal,
            progress::get_session_goals,
            progress::rate_goals,
            progress::list_instruments,
            progress::define_instrument,
            progress::score_measure,
            progress::enter_measure,
            progress::void_measure,
            progress::respond_to_measure_risk,
            progress::get_measure_plan,
            progress::set_measure_plan,
            progress::get_session_measures,
            progress::get_group_overview,
            progress::get_member_measure_risks
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
