//! The desktop around the app, played by a journey: a D-Bus session bus on
//! which it sends what a desktop would, and the native save dialog answered
//! at the keyboard.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A private D-Bus session bus for one journey, stopped when dropped.
pub struct SessionBus {
    pub address: String,
    child: Child,
    // The socket's folder, apart from the home the journey scans.
    _dir: tempfile::TempDir,
}

impl SessionBus {
    pub fn start() -> SessionBus {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("session-bus");
        let address = format!("unix:path={}", socket.display());
        let child = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", "--address", &address])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-daemon");
        let deadline = Instant::now() + Duration::from_secs(10);
        while !socket.exists() {
            assert!(Instant::now() < deadline, "the session bus did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        SessionBus {
            address,
            child,
            _dir: dir,
        }
    }

    /// Sends a signal on the bus as a desktop would, e.g. the screensaver's.
    pub fn signal(&self, path: &str, member: &str, arg: &str) {
        let ok = Command::new("dbus-send")
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .args(["--session", "--type=signal", path, member, arg])
            .status()
            .expect("run dbus-send")
            .success();
        assert!(ok, "dbus-send {member}");
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Answers the app's native save dialog (GTK, not the webview, so WebDriver
/// cannot reach it) as a person would at the keyboard: waits for the window
/// titled `title`, types the whole path into its name field and presses
/// Enter. Needs xdotool (installed by the Makefile).
pub fn save_in_dialog(title: &str, path: &Path) {
    answer_dialog(title, path, false);
}

/// Answers the app's native dialog that opens a file or chooses a folder:
/// Ctrl+L for the location field, the whole path, Enter.
pub fn choose_in_dialog(title: &str, path: &Path) {
    answer_dialog(title, path, true);
}

fn answer_dialog(title: &str, path: &Path, location: bool) {
    let run = |args: &[&str]| {
        Command::new("timeout")
            .arg("30")
            .arg("xdotool")
            .args(args)
            .stderr(Stdio::null())
            .status()
            .expect("run xdotool")
            .success()
    };
    let xdotool = |args: &[&str]| assert!(run(args), "xdotool {args:?}");
    // No window manager runs under Xvfb: focus the window directly, once it
    // is shown (X refuses the focus to a window not yet mapped, so retry).
    let deadline = Instant::now() + Duration::from_secs(30);
    while !run(&[
        "search",
        "--onlyvisible",
        "--name",
        title,
        "windowfocus",
        "--sync",
    ]) {
        assert!(
            Instant::now() < deadline,
            "no window titled {title:?} took the focus"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    // The name field has the focus, its suggested name selected (or, to
    // open, the location field once asked for).
    std::thread::sleep(Duration::from_millis(700));
    if location {
        xdotool(&["key", "--clearmodifiers", "ctrl+l"]);
        std::thread::sleep(Duration::from_millis(300));
    }
    xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
    xdotool(&["type", "--delay", "15", &path.display().to_string()]);
    std::thread::sleep(Duration::from_millis(300));
    xdotool(&["key", "Return"]);
}
