//! The harness of the end-to-end tests: tauri-driver and the real,
//! release-built app under Xvfb; finding elements by their visible labels,
//! links and button names as a person would; screenshots of each screen;
//! and the scan that proves nothing typed reached any file as plaintext.
//!
//! Needs COHORT_APP_BIN (the app built with `--features custom-protocol`),
//! COHORT_CLI (the release `cohort` CLI, for journeys from the demo)
//! and TAURI_DRIVER; `make e2e` sets all three.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use thirtyfour::prelude::*;

mod desktop;
mod scan;
mod vault_screens;
pub use desktop::{choose_in_dialog, save_in_dialog, SessionBus};
pub use scan::{assert_no_plaintext, scan_for};
pub use vault_screens::create_vault;

pub const PASS: &str = "maple kettle orbit lantern";

/// The demo vault, made by the CLI as `cohort demo` makes it for a new user.
pub fn demo_vault(vault: &std::path::Path) {
    use std::io::Write;
    let mut cli = std::process::Command::new(env_path("COHORT_CLI"))
        .args(["--vault", vault.to_str().unwrap(), "demo", "--passphrase-stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("run the cohort CLI");
    cli.stdin
        .take()
        .unwrap()
        .write_all(format!("{PASS}\n").as_bytes())
        .unwrap();
    assert!(cli.wait().unwrap().success(), "cohort demo failed");
}

pub fn env_path(name: &str) -> PathBuf {
    let p = PathBuf::from(
        std::env::var(name).unwrap_or_else(|_| panic!("{name} must be set (run through `make e2e`)")),
    );
    assert!(p.exists(), "{name}={} does not exist", p.display());
    p
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Clicks like a person: brings the element to the middle of the window
/// first (clear of the fixed header), and waits out an animation in the way.
pub async fn press(el: &WebElement, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let _ = el.scroll_into_view().await;
        let _ = el
            .handle
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![el.to_json().unwrap()],
            )
            .await;
        match el.click().await {
            Ok(()) => return,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("could not click {what}: {e}"),
        }
    }
}

/// tauri-driver in its own process group, stopped with all its children on drop.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    pub fn start(home: &Path, vault: &Path, logs: &Path, exports: &Path) -> Driver {
        Self::start_on_bus(home, vault, logs, exports, None)
    }

    /// `start`, with the app on the given D-Bus session bus (by default it
    /// has none).
    pub fn start_on_bus(
        home: &Path,
        vault: &Path,
        logs: &Path,
        exports: &Path,
        bus: Option<&SessionBus>,
    ) -> Driver {
        // Where a journey saves what it exports, through the save dialog.
        std::fs::create_dir_all(exports).unwrap();
        use std::os::unix::process::CommandExt;
        let port = free_port();
        let native = free_port();
        let log = std::fs::File::create(logs.join("tauri-driver.log")).unwrap();
        let child = Command::new(env_path("TAURI_DRIVER"))
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("COHORT_VAULT", vault)
            // Under Xvfb WebKitGTK composites with software GL and can leave
            // the window white for seconds after a large change although the
            // page is ready; without compositing each screenshot shows what
            // the page holds. Rendering only: the page and its scripts are the same.
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .envs(bus.map(|b| ("DBUS_SESSION_BUS_ADDRESS", b.address.clone())))
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .process_group(0)
            .spawn()
            .expect("start tauri-driver");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not listen on {port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { child, port }
    }
}

impl Driver {
    /// The pid of the app this driver started: the process running
    /// COHORT_APP_BIN among the driver's own descendants (never one found
    /// by name elsewhere on the machine).
    pub fn app_pid(&self) -> u32 {
        let app = std::fs::canonicalize(env_path("COHORT_APP_BIN")).unwrap();
        let parent_of = |pid: u32| -> Option<u32> {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // pid (comm) state ppid …: comm may hold spaces, so read after its ')'.
            stat[stat.rfind(')')? + 1..]
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()
        };
        let mine = |mut pid: u32| -> bool {
            while let Some(parent) = parent_of(pid) {
                if parent == self.child.id() {
                    return true;
                }
                if parent <= 1 {
                    return false;
                }
                pid = parent;
            }
            false
        };
        let found: Vec<u32> = std::fs::read_dir("/proc")
            .unwrap()
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
            .filter(|pid| {
                std::fs::read_link(format!("/proc/{pid}/exe")).ok().as_deref() == Some(app.as_path())
            })
            .filter(|pid| mine(*pid))
            .collect();
        assert_eq!(found.len(), 1, "one app started by this driver: {found:?}");
        found[0]
    }

    /// Kills the app this driver started, as a crash or a power cut would.
    pub fn kill_app(&self) {
        let pid = self.app_pid();
        let status = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "the app (pid {pid}) was killed");
        let deadline = Instant::now() + Duration::from_secs(10);
        // Gone once it is no longer a live process (a zombie until reaped counts as gone).
        while std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
            s.rsplit(')')
                .next()
                .is_some_and(|r| !r.trim_start().starts_with('Z'))
        }) {
            assert!(Instant::now() < deadline, "the app (pid {pid}) did not stop");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let pgid = self.child.id();
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{pgid}")])
            .status();
        std::thread::sleep(Duration::from_millis(300));
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .status();
        let _ = self.child.wait();
    }
}

pub struct App {
    pub wd: WebDriver,
    shots: PathBuf,
    pub step: u32,
}

impl App {
    /// The text the window shows now, for a failure's message.
    pub async fn screen_text(&self) -> String {
        match self.wd.find(By::Tag("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(e) => format!("(the page cannot be read: {e})"),
        }
    }

    pub async fn launch(driver: &Driver, shots: &Path, step: u32) -> App {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": env_path("COHORT_APP_BIN") }),
        );
        // WebKitWebDriver may still be starting behind tauri-driver: retry a few times.
        let mut tries = 0;
        let wd = loop {
            match WebDriver::new(format!("http://127.0.0.1:{}", driver.port), caps.clone()).await {
                Ok(wd) => break wd,
                Err(e) if tries < 10 => {
                    tries += 1;
                    eprintln!("WebDriver session not ready yet ({e}); retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Err(e) => panic!("WebDriver session with the app: {e}"),
            }
        };
        App {
            wd,
            shots: shots.to_path_buf(),
            step,
        }
    }

    /// What the screen showed when a step failed.
    pub fn failure_shot(&self) {
        let _ = Command::new("import")
            .args(["-window", "root"])
            .arg(self.shots.join("failure.png"))
            .status();
    }

    /// Captures the X display the app runs on (Xvfb), as a person sees it.
    pub async fn shot(&mut self, name: &str) {
        self.step += 1;
        let path = self.shots.join(format!("{:02}-{name}.png", self.step));
        tokio::time::sleep(Duration::from_millis(1000)).await; // let the last change paint
        let ok = Command::new("import")
            .args(["-window", "root"])
            .arg(&path)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(ok, "screenshot {} (imagemagick's import) failed", path.display());
    }

    /// Waits (up to 20 s) for an element.
    pub async fn wait(&self, by: By, what: &str) -> WebElement {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(els) = self.wd.find_all(by.clone()).await {
                for e in els {
                    if e.is_displayed().await.unwrap_or(false) {
                        return e;
                    }
                }
            }
            if Instant::now() > deadline {
                panic!(
                    "{what} did not appear; the screen shows:\n{}",
                    self.screen_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The input whose <label> reads exactly `label`.
    pub async fn field(&self, label: &str) -> WebElement {
        let lab = self
            .wait(
                By::XPath(format!("//label[normalize-space(.)={}]", xpath_text(label))),
                &format!("the field '{label}'"),
            )
            .await;
        let id = lab.attr("for").await.unwrap().expect("label points at its input");
        self.wd.find(By::Id(id)).await.unwrap()
    }

    pub async fn fill(&self, label: &str, text: &str) {
        let f = self.field(label).await;
        // Select all and type over it, as a person would; React sees every key.
        f.send_keys(Key::Control + "a").await.unwrap();
        f.send_keys(Key::Backspace).await.unwrap();
        f.send_keys(text).await.unwrap();
    }

    /// An element named by its aria-label (inputs in tables, icon buttons).
    pub async fn labelled(&self, label: &str) -> WebElement {
        self.wait(
            By::XPath(format!("//*[@aria-label={}]", xpath_text(label))),
            &format!("'{label}'"),
        )
        .await
    }

    /// Clicks the element named by its aria-label (a button whose text is short).
    pub async fn click_labelled(&self, label: &str) {
        press(&self.labelled(label).await, label).await;
    }

    pub async fn type_into(&self, el: &WebElement, text: &str) {
        el.send_keys(Key::Control + "a").await.unwrap();
        el.send_keys(Key::Backspace).await.unwrap();
        el.send_keys(text).await.unwrap();
    }

    /// A button, link or tab by its visible name.
    pub async fn button(&self, name: &str) -> WebElement {
        self.wait(
            By::XPath(format!(
                "//*[(self::button or self::a or @role='tab') and normalize-space(.)={}]",
                xpath_text(name)
            )),
            &format!("the button or link '{name}'"),
        )
        .await
    }

    /// Types a date into a date field, then closes its calendar.
    pub async fn fill_date(&self, label: &str, text: &str) {
        self.fill(label, text).await;
        self.field(label).await.send_keys(Key::Escape).await.unwrap();
    }

    /// Whether the element is inside the window, below the fixed header.
    pub async fn in_view(&self, el: &WebElement) -> bool {
        let r = self
            .wd
            .execute(
                "const r = arguments[0].getBoundingClientRect();
                 const header = document.querySelector('header');
                 const top = header ? header.getBoundingClientRect().bottom : 0;
                 return r.top >= top - 1 && r.bottom <= window.innerHeight + 1;",
                vec![el.to_json().unwrap()],
            )
            .await
            .unwrap();
        r.json().as_bool().unwrap_or(false)
    }

    /// Whether the text a control shows fits inside it (a select's chosen
    /// option, an input's value, a button's label), measured in its own font.
    pub async fn text_fits(&self, el: &WebElement) -> (bool, String) {
        let r = self
            .wd
            .execute(
                "const e = arguments[0];
                 const s = getComputedStyle(e);
                 const text = e.tagName === 'SELECT' ? e.options[e.selectedIndex].text
                            : e.tagName === 'INPUT' ? e.value : e.innerText;
                 const c = document.createElement('canvas').getContext('2d');
                 c.font = s.font;
                 const room = e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
                 return [c.measureText(text).width <= room + 0.5, text];",
                vec![el.to_json().unwrap()],
            )
            .await
            .unwrap();
        let v = r.json().as_array().cloned().unwrap_or_default();
        (
            v.first().and_then(|b| b.as_bool()).unwrap_or(false),
            v.get(1).and_then(|t| t.as_str()).unwrap_or("").to_string(),
        )
    }

    /// Ticks or unticks a checkbox by clicking its label, as a person would.
    pub async fn toggle(&self, label: &str) {
        let l = self
            .wait(
                By::XPath(format!("//label[normalize-space(.)={}]", xpath_text(label))),
                &format!("the checkbox '{label}'"),
            )
            .await;
        press(&l, label).await;
    }

    /// Picks `option` in the select labelled `label`, as a person would.
    pub async fn choose(&self, label: &str, option: &str) {
        press(&self.field(label).await, label).await;
        let o = self
            .wait(
                By::XPath(format!(
                    "//*[@role='option' and contains(normalize-space(.), {})]",
                    xpath_text(option)
                )),
                &format!("the option '{option}'"),
            )
            .await;
        press(&o, option).await;
    }

    /// Clicks a button by its visible name inside the open dialog.
    pub async fn dialog_click(&self, name: &str) {
        let b = self
            .wait(
                By::XPath(format!(
                    "//*[@role='dialog']//button[normalize-space(.)={}]",
                    xpath_text(name)
                )),
                &format!("the button '{name}' in the dialog"),
            )
            .await;
        press(&b, name).await;
    }

    /// Waits (up to 20 s) until no dialog is open.
    pub async fn dialog_closed(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self
            .wd
            .find_all(By::XPath("//*[@role='dialog']"))
            .await
            .unwrap_or_default()
            .is_empty()
        {
            if Instant::now() > deadline {
                self.failure_shot();
                panic!("the dialog stayed open: {}", self.alert_text().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The browser's Back.
    pub async fn back(&self) {
        self.wd.back().await.expect("go back");
    }

    /// Clicks a button, link or tab by its visible name.
    pub async fn click(&self, name: &str) {
        let b = self.button(name).await;
        press(&b, name).await;
    }

    /// Waits for `text` to be in the page. (WebKitWebDriver reports some
    /// visible Mantine elements, such as alerts, as not displayed, so the
    /// screenshots are the visual check.)
    pub async fn see(&self, text: &str) {
        let t = xpath_text(text);
        let xpath = format!(
            "//body//*[contains(normalize-space(.), {t}) and not(*[contains(normalize-space(.), {t})])]"
        );
        let deadline = Instant::now() + Duration::from_secs(20);
        while self
            .wd
            .find_all(By::XPath(xpath.clone()))
            .await
            .map(|v| v.is_empty())
            .unwrap_or(true)
        {
            if Instant::now() > deadline {
                self.failure_shot();
                let body = self
                    .wd
                    .find(By::Tag("body"))
                    .await
                    .unwrap()
                    .prop("textContent")
                    .await
                    .ok()
                    .flatten();
                panic!(
                    "the text '{text}' did not appear; the page holds:\n{}",
                    body.unwrap_or_default()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The text of the error message on screen (role "alert"), once it has some.
    pub async fn alert_text(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            for e in self
                .wd
                .find_all(By::XPath("//*[@role='alert']"))
                .await
                .unwrap_or_default()
            {
                // textContent: WebKitWebDriver's rendered text can come back empty.
                let t = e.prop("textContent").await.ok().flatten().unwrap_or_default();
                if !t.trim().is_empty() {
                    return t;
                }
            }
            if Instant::now() > deadline {
                self.failure_shot();
                panic!("no error message appeared");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn quit(self) {
        self.wd.quit().await.expect("end the WebDriver session");
    }
}

pub fn shots_dir(journey: &str) -> PathBuf {
    let dir = std::env::var_os("COHORT_E2E_SHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("cohort-e2e-screenshots"))
        .join(journey);
    std::fs::create_dir_all(&dir).unwrap();
    // Only this run's screens: last run's are removed.
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "png") {
            std::fs::remove_file(e.path()).unwrap();
        }
    }
    println!("screenshots: {}", dir.display());
    dir
}

/// `s` as an XPath string literal, whatever quotes it holds ("O'Neil").
pub fn xpath_text(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else if !s.contains('"') {
        format!("\"{s}\"")
    } else {
        let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

pub fn next_monday() -> chrono::NaiveDate {
    use chrono::Datelike;
    let mut d = chrono::Local::now().date_naive().succ_opt().unwrap();
    while d.weekday() != chrono::Weekday::Mon {
        d = d.succ_opt().unwrap();
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_text_becomes_an_xpath_literal() {
        assert_eq!(xpath_text("Enrol Ana"), "'Enrol Ana'");
        assert_eq!(xpath_text("Siobhán O'Neil"), "\"Siobhán O'Neil\"");
        assert_eq!(xpath_text("say \"O'Neil\""), "concat('say \"O', \"'\", 'Neil\"')");
    }
}
