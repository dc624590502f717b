//! Drives the real, release-built Cohort app through tauri-driver and
//! WebKitWebDriver (run under Xvfb by `make test`), finding elements by
//! their visible labels and button names as a person would, and keeps a
//! screenshot of every screen it passes.
//!
//! Needs COHORT_APP_BIN (the app built with `--features custom-protocol`)
//! and TAURI_DRIVER; `make e2e` sets both.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use thirtyfour::prelude::*;

const PASS: &str = "maple kettle orbit lantern";
const NEW_PASS: &str = "violet harbour copper whistle";
const MARKER: &str = "Dana Zqxj-Marker Reyes";

fn env_path(name: &str) -> PathBuf {
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
async fn press(el: &WebElement, what: &str) {
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
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(home: &Path, vault: &Path, logs: &Path, exports: &Path) -> Driver {
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
            .env("COHORT_EXPORT_DIR", exports)
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
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

struct App {
    wd: WebDriver,
    shots: PathBuf,
    step: u32,
}

impl App {
    async fn launch(driver: &Driver, shots: &Path, step: u32) -> App {
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
    fn failure_shot(&self) {
        let _ = Command::new("import")
            .args(["-window", "root"])
            .arg(self.shots.join("failure.png"))
            .status();
    }

    /// Captures the X display the app runs on (Xvfb), as a person sees it.
    async fn shot(&mut self, name: &str) {
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
    async fn wait(&self, by: By, what: &str) -> WebElement {
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
                let body = self
                    .wd
                    .find(By::Tag("body"))
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap_or_default();
                panic!("{what} did not appear; the screen shows:\n{body}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The input whose <label> reads exactly `label`.
    async fn field(&self, label: &str) -> WebElement {
        let lab = self
            .wait(
                By::XPath(format!("//label[normalize-space(.)='{label}']")),
                &format!("the field '{label}'"),
            )
            .await;
        let id = lab.attr("for").await.unwrap().expect("label points at its input");
        self.wd.find(By::Id(id)).await.unwrap()
    }

    async fn fill(&self, label: &str, text: &str) {
        let f = self.field(label).await;
        // Select all and type over it, as a person would; React sees every key.
        f.send_keys(Key::Control + "a").await.unwrap();
        f.send_keys(Key::Backspace).await.unwrap();
        f.send_keys(text).await.unwrap();
    }

    /// An element named by its aria-label (inputs in tables, icon buttons).
    async fn labelled(&self, label: &str) -> WebElement {
        self.wait(
            By::XPath(format!("//*[@aria-label='{label}']")),
            &format!("'{label}'"),
        )
        .await
    }

    async fn type_into(&self, el: &WebElement, text: &str) {
        el.send_keys(Key::Control + "a").await.unwrap();
        el.send_keys(Key::Backspace).await.unwrap();
        el.send_keys(text).await.unwrap();
    }

    async fn button(&self, name: &str) -> WebElement {
        self.wait(
            By::XPath(format!("//button[normalize-space(.)='{name}']")),
            &format!("the button '{name}'"),
        )
        .await
    }

    async fn click(&self, name: &str) {
        let b = self.button(name).await;
        press(&b, name).await;
    }

    /// Waits for `text` to be in the page. (WebKitWebDriver reports some
    /// visible Mantine elements, such as alerts, as not displayed, so the
    /// screenshots are the visual check.)
    async fn see(&self, text: &str) {
        let xpath = format!(
            "//body//*[contains(normalize-space(.), \"{text}\") and not(*[contains(normalize-space(.), \"{text}\")])]"
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
    async fn alert_text(&self) -> String {
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

    async fn quit(self) {
        self.wd.quit().await.expect("end the WebDriver session");
    }
}

fn shots_dir(journey: &str) -> PathBuf {
    let dir = std::env::var_os("COHORT_E2E_SHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("cohort-e2e-screenshots"))
        .join(journey);
    std::fs::create_dir_all(&dir).unwrap();
    println!("screenshots: {}", dir.display());
    dir
}

fn files_containing(root: &Path, needle: &[u8]) -> Vec<PathBuf> {
    let mut hits = Vec::new();
    let Ok(rd) = std::fs::read_dir(root) else {
        return hits;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            hits.extend(files_containing(&p, needle));
        } else if p.extension().is_none_or(|x| x != "log") {
            if let Ok(bytes) = std::fs::read(&p) {
                if bytes.windows(needle.len()).any(|w| w == needle) {
                    hits.push(p);
                }
            }
        }
    }
    hits
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_create_lock_wrong_passphrase_unlock_and_recover() {
    let home = tempfile::tempdir().unwrap();
    let vault = home.path().join("vault");
    let shots = shots_dir("vault");
    let driver = Driver::start(home.path(), &vault, &shots, home.path());

    // First launch: create the vault.
    let mut app = App::launch(&driver, &shots, 0).await;
    app.see("Welcome to Cohort").await;
    app.shot("create-vault").await;
    app.fill("Passphrase", "password1234").await;
    app.see("too weak").await;
    app.shot("weak-passphrase").await;
    app.fill("Passphrase", PASS).await;
    app.fill("Repeat passphrase", "maple kettle").await;
    app.see("The two passphrases are not the same.").await;
    app.fill("Repeat passphrase", PASS).await;
    app.see("Strength: Very strong").await;
    app.click("Create vault").await;

    // The recovery key, once.
    let key_el = app
        .wait(By::XPath("//*[@aria-label='Recovery key']"), "the recovery key")
        .await;
    let recovery_key = key_el
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<String>();
    let groups: Vec<&str> = recovery_key.split('-').collect();
    assert_eq!(groups.len(), 8, "eight groups: {recovery_key}");
    assert!(groups.iter().all(|g| g.len() == 4));
    app.shot("recovery-key").await;
    assert!(!app.button("Continue to Cohort").await.is_enabled().await.unwrap());
    app.field("I have written down my recovery key")
        .await
        .click()
        .await
        .unwrap();
    app.click("Continue to Cohort").await;

    // The app frame.
    app.button("Lock").await;
    for page in ["Today", "Groups", "Members", "Reports", "Settings"] {
        app.button(page).await;
    }
    app.see("No sessions in the next two weeks").await;
    app.shot("app-frame").await;

    // Settings: the profile and the auto-lock.
    app.click("Settings").await;
    app.fill("Full name", MARKER).await;
    app.fill("Credentials", "LCSW").await;
    app.click("Save profile").await;
    app.see("Profile saved.").await;
    app.fill("Lock after (minutes without activity)", "75").await;
    app.see("from 1 to 60").await;
    app.fill("Lock after (minutes without activity)", "15").await;
    app.click("Save automatic lock").await;
    app.see("Saved.").await;
    app.shot("settings").await;

    // Lock, a wrong passphrase, then the right one.
    app.click("Lock").await;
    app.see("Unlock Cohort").await;
    app.shot("unlock").await;
    app.fill("Passphrase", "not my passphrase at all").await;
    app.click("Unlock").await;
    let msg = app.alert_text().await;
    assert!(msg.contains("passphrase is not right"), "{msg}");
    app.shot("wrong-passphrase").await;
    app.fill("Passphrase", PASS).await;
    app.click("Unlock").await;
    app.button("Lock").await;
    app.click("Settings").await;
    let name = app
        .field("Full name")
        .await
        .value()
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(name, MARKER, "the profile survived lock and unlock");
    app.see("Failed unlock attempts").await;
    app.shot("settings-after-unlock").await;
    let step = app.step;
    app.quit().await;

    // A later launch opens on the unlock screen; the recovery key path.
    let mut app = App::launch(&driver, &shots, step).await;
    app.see("Unlock Cohort").await;
    app.click("Forgot your passphrase? Use your recovery key").await;
    app.fill("Recovery key", "AAAA-BBBB").await;
    app.fill("New passphrase", NEW_PASS).await;
    app.fill("Repeat new passphrase", NEW_PASS).await;
    app.click("Unlock and set new passphrase").await;
    app.see("32 letters and digits").await;
    app.fill("Recovery key", &recovery_key.to_lowercase()).await;
    app.shot("recovery").await;
    app.click("Unlock and set new passphrase").await;
    app.button("Lock").await;
    app.click("Lock").await;
    app.fill("Passphrase", NEW_PASS).await;
    app.click("Unlock").await;
    app.button("Lock").await;
    app.shot("unlocked-with-new-passphrase").await;
    app.quit().await;
    drop(driver);

    // Nothing typed into the app reached any file as plaintext: not the
    // vault folder, not the webview's storage under the test's HOME.
    let hits = files_containing(home.path(), MARKER.as_bytes());
    assert!(hits.is_empty(), "plaintext found in {hits:?}");
    assert!(vault.join("cohort.db").exists() && vault.join("vault.json").exists());
}

/// Creates a vault through the first-run screens and lands on the app frame.
async fn create_vault(app: &mut App) {
    app.see("Welcome to Cohort").await;
    app.fill("Passphrase", PASS).await;
    app.fill("Repeat passphrase", PASS).await;
    app.see("Strength: Very strong").await;
    app.click("Create vault").await;
    app.labelled("Recovery key").await;
    app.field("I have written down my recovery key")
        .await
        .click()
        .await
        .unwrap();
    app.click("Continue to Cohort").await;
    app.button("Lock").await;
}

fn next_monday() -> chrono::NaiveDate {
    use chrono::Datelike;
    let mut d = chrono::Local::now().date_naive().succ_opt().unwrap();
    while d.weekday() != chrono::Weekday::Mon {
        d = d.succ_opt().unwrap();
    }
    d
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_a_twelve_week_cbt_group_reschedule_edit_export_and_find_it_after_unlock() {
    let home = tempfile::tempdir().unwrap();
    let vault = home.path().join("vault");
    let exports = home.path().join("exports");
    let shots = shots_dir("planning");
    let driver = Driver::start(home.path(), &vault, &shots, &exports);
    let mut app = App::launch(&driver, &shots, 0).await;
    create_vault(&mut app).await;

    let first = next_monday();
    let holiday = first + chrono::Days::new(14);
    let week5 = first + chrono::Days::new(35);
    let week5_new = week5 + chrono::Days::new(2);

    // A new 12-week CBT group from the template, skipping a public holiday.
    app.click("Groups").await;
    app.see("You have no groups yet").await;
    app.click("New group").await;
    app.fill("Group name", "Monday CBT for depression").await;
    app.fill("Capacity (members)", "13").await;
    app.see("Capacity must be between 6 and 12 members.").await;
    app.fill("Capacity (members)", "8").await;
    app.fill("Location", "Room 2").await;
    assert_eq!(
        app.field("First session date")
            .await
            .value()
            .await
            .unwrap()
            .unwrap_or_default(),
        first.to_string()
    );
    app.click("Add blackout date").await;
    app.fill("Blackout date 1", &holiday.to_string()).await;
    app.fill("Reason 1", "Public holiday").await;
    app.see("(Public holiday)").await;
    app.see("Thoughts 1: How thoughts affect mood").await;
    app.shot("new-group-preview").await;
    app.click("Create group").await;

    // The program overview.
    app.button("Export calendar (.ics)").await;
    app.see("12 sessions, ending").await;
    app.see("People 4: Looking ahead and ending the group").await;
    app.shot("program-overview").await;

    // Reschedule week 5; the later weeks move with it.
    press(&app.labelled("More for session 5").await, "More for session 5").await;
    app.click("Reschedule…").await;
    app.fill("New date", &week5_new.to_string()).await;
    app.shot("reschedule").await;
    app.click("Reschedule").await;
    app.see("moved from").await;

    // Week 3's agenda: lengthen an item past the session, accept the warning.
    press(&app.labelled("Edit plan of session 3").await, "Edit plan").await;
    app.see("Agenda total: 90 of 90 minutes").await;
    let minutes = app.labelled("Item 4 minutes").await;
    app.type_into(&minutes, "45").await;
    app.see("Agenda total: 100 of 90 minutes").await;
    app.see("runs 10 minutes over the session").await;
    app.click("Save plan").await;
    app.see("The agenda is longer than the session").await;
    app.shot("agenda-over").await;
    app.click("Save anyway").await;
    app.see("Plan saved.").await;
    app.click("Back to the program").await;
    app.see("100 of 90 min").await;

    // Ground rules: a new version.
    app.click("Ground rules").await;
    app.see("Group agreement — version 1").await;
    app.click("Add a rule").await;
    app.fill("Rule 7", "We start and end on time.").await;
    app.click("Save as new version").await;
    app.see("Saved as version 2.").await;
    app.shot("ground-rules").await;

    // Details: a new room.
    app.click("Details").await;
    app.fill("Location", "Room 3").await;
    app.click("Save details").await;
    app.see("The group's details are saved.").await;
    app.see("up to 8 members · Room 3").await;

    // The calendar file.
    app.click("Sessions").await;
    app.click("Export calendar (.ics)").await;
    app.see("Calendar file saved").await;
    let ics_path = std::fs::read_dir(&exports)
        .unwrap()
        .next()
        .expect("a calendar file")
        .unwrap()
        .path();
    let ics = std::fs::read_to_string(&ics_path).unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 12);
    assert!(ics.contains(&format!("DTSTART:{}T180000", first.format("%Y%m%d"))));
    assert!(ics.contains(&format!("DTSTART:{}T180000", week5_new.format("%Y%m%d"))));
    assert!(
        !ics.contains(&format!("DTSTART:{}", holiday.format("%Y%m%d"))),
        "the holiday is skipped"
    );

    // Today lists the coming sessions.
    app.click("Today").await;
    app.see("Coming up (next two weeks)").await;
    app.see("Session 1: Thoughts 1: How thoughts affect mood").await;
    app.shot("today").await;

    // Lock, unlock: everything as it was left.
    app.click("Lock").await;
    app.fill("Passphrase", PASS).await;
    app.click("Unlock").await;
    app.click("Groups").await;
    app.click("Monday CBT for depression").await;
    app.see("moved from").await;
    app.see("100 of 90 min").await;
    app.click("Ground rules").await;
    app.see("Group agreement — version 2").await;
    app.click("Sessions").await;
    app.shot("after-unlock").await;
    app.quit().await;
}
