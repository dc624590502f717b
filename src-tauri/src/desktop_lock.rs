//! Locking the vault when the desktop says the computer is going to sleep or
//! the screen has locked: logind's `PrepareForSleep` on the system bus, and
//! the screensaver's `ActiveChanged` (the freedesktop and GNOME names) on
//! the session bus. Where a bus or a service is missing, nothing is watched
//! and the inactivity lock — which counts time asleep — still holds.

use tauri::{Emitter, Manager};
use zbus::blocking::{Connection, MessageIterator};
use zbus::MatchRule;

use crate::commands::AppState;

#[derive(Clone, Copy)]
enum Bus {
    System,
    Session,
}

/// The signals watched: bus, interface, member, and the reason recorded in
/// the audit trail. Each carries one boolean, true when it starts.
const SIGNALS: [(Bus, &str, &str, &str); 3] = [
    (
        Bus::System,
        "org.freedesktop.login1.Manager",
        "PrepareForSleep",
        "when the computer went to sleep",
    ),
    (
        Bus::Session,
        "org.freedesktop.ScreenSaver",
        "ActiveChanged",
        "when the screen locked",
    ),
    (
        Bus::Session,
        "org.gnome.ScreenSaver",
        "ActiveChanged",
        "when the screen locked",
    ),
];

/// Starts one watcher thread per signal.
pub fn spawn(app: tauri::AppHandle) {
    for (bus, interface, member, reason) in SIGNALS {
        let app = app.clone();
        std::thread::spawn(move || {
            // No bus, no service, or a refused rule: the clock covers it.
            let _ = watch(&app, bus, interface, member, reason);
        });
    }
}

fn watch(app: &tauri::AppHandle, bus: Bus, interface: &str, member: &str, reason: &str) -> zbus::Result<()> {
    let conn = match bus {
        Bus::System => Connection::system()?,
        Bus::Session => Connection::session()?,
    };
    let rule = MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface(interface)?
        .member(member)?
        .build();
    for message in MessageIterator::for_match_rule(rule, &conn, Some(16))? {
        let Ok(message) = message else { continue };
        if message.body().deserialize::<bool>().unwrap_or(false) {
            lock_now(app, reason);
        }
    }
    Ok(())
}

/// Locks at once and tells the window, as the inactivity lock does.
fn lock_now(app: &tauri::AppHandle, reason: &str) {
    let state = app.state::<AppState>();
    let locked = {
        let mut s = state.0.lock().unwrap_or_else(|p| p.into_inner());
        let was_open = s.status().unlocked;
        // Closed is closed, even when its audit entry could not be written.
        let _ = s.lock(&format!("automatically {reason}"));
        was_open && !s.status().unlocked
    };
    if locked {
        let _ = app.emit("vault-locked", ());
    }
}
