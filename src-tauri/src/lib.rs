//! The Tauri shell: the window, its security, the inactivity lock and the
//! commands (in `commands/`, one file per area). It holds no logic of its own.

mod commands;
mod desktop_lock;

use std::sync::Mutex;
use std::time::{Duration, Instant};

use cohort::VaultAccess;
use commands::AppState;
use tauri::{Emitter, Manager, RunEvent};

/// Only the app's own pages may load; every other address is refused.
fn is_own_page(url: &tauri::Url) -> bool {
    matches!(
        (url.scheme(), url.host_str()),
        ("tauri", Some("localhost")) | ("http", Some("tauri.localhost")) | ("https", Some("tauri.localhost"))
    )
}

/// Checks the inactivity lock every few seconds, and once a minute whether
/// the daily automatic backup is due; tells the UI when it locked.
fn spawn_auto_lock(app: tauri::AppHandle) {
    std::thread::spawn(move || {
        for tick in 1u64.. {
            std::thread::sleep(Duration::from_secs(5));
            let state = app.state::<AppState>();
            let locked = {
                let mut s = state.0.lock().unwrap_or_else(|p| p.into_inner());
                let was_open = s.status().unlocked;
                // Closed is closed, even when its audit entry could not be
                // written: the window is told either way.
                let _ = s.lock_if_idle(Instant::now());
                if tick % 12 == 0 {
                    let _ = s.backup_soon(cohort::backups::Reason::Daily);
                }
                was_open && !s.status().unlocked
            };
            if locked {
                let _ = app.emit("vault-locked", ());
            }
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
            // The window hears when a backup running beside it ends.
            let handle = app.handle().clone();
            app.state::<AppState>()
                .0
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .on_backup_ended(std::sync::Arc::new(move |_| {
                    let _ = handle.emit("backup-ended", ());
                }));
            open_main_window(app)?;
            spawn_auto_lock(app.handle().clone());
            desktop_lock::spawn(app.handle().clone());
            Ok(())
        })
        // Every command in src/commands/, listed by build.rs (declare.rs).
        .invoke_handler(include!(concat!(env!("OUT_DIR"), "/handlers.rs")))
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Cohort could not start: {e}");
            std::process::exit(1);
        });
    app.run(|handle, event| {
        if let RunEvent::Exit = event {
            let state = handle.state::<AppState>();
            let mut s = state.0.lock().unwrap_or_else(|p| p.into_inner());
            let _ = s.close();
        }
    });
}
