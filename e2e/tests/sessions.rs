//! The session journey, from the demo practice a new user starts with: the
//! session of today opened from Today; the agenda timer run through two
//! items, still running after a lock and unlock and after a restart of the
//! app; attendance for the nine expected members taken with the keyboard in
//! under a minute; the absence alert raised by that sheet for the member who
//! crossed the group's policy, followed up from Today and cleared; that
//! member's catch-up sheet opened from their profile, naming no one else,
//! and printed — and no file under the test's home holds what was typed.

use std::time::{Duration, Instant};

use cohort_e2e::*;
use thirtyfour::prelude::*;

const OUTCOME: &str = "Qzvx-outcome-marker: back next week, shift work sorted";
/// The demo's nine expected members, as the sheet lists them.
const EXPECTED: [&str; 9] = [
    "Aisha Rahman",
    "José Núñez",
    "MJ (Mary-Jane Okoro)",
    "Lan (Nguyễn Thị Lan)",
    "Ørjan Hæstad",
    "Siobhán O'Neil",
    "Tomás Ferreira",
    "Zoë Saint-Clair",
    "Alexei (Алексей Смирнов)",
];

async fn text_of(app: &App, label: &str) -> String {
    app.labelled(label).await.text().await.unwrap()
}

/// Seconds left on the current item, from "4:58 left" or "1:02 over".
fn seconds_of(shown: &str) -> i64 {
    let clock = shown.split_whitespace().next().unwrap_or_default();
    let (m, s) = clock.split_once(':').unwrap_or(("0", "0"));
    let secs = m.trim_start_matches('+').parse::<i64>().unwrap_or(0) * 60 + s.parse::<i64>().unwrap_or(0);
    if shown.contains("over") {
        -secs
    } else {
        secs
    }
}

/// The timer is running on item 3: its time left goes down.
async fn timer_runs_on_item_three(app: &App) {
    app.see("Item 3 of 7").await;
    app.see("Practice review").await;
    let before = seconds_of(&text_of(app, "Time left on this item").await);
    tokio::time::sleep(Duration::from_millis(2200)).await;
    let after = seconds_of(&text_of(app, "Time left on this item").await);
    assert!(
        after < before && before <= 20 * 60,
        "the timer runs: {before}s then {after}s left"
    );
    for done in [
        "Done: Agenda and announcements",
        "Done: Review of the last session",
    ] {
        let checked = app.labelled(done).await.is_selected().await.unwrap();
        assert!(checked, "{done} is ticked");
    }
}

async fn unlock(app: &App) {
    app.fill("Passphrase", PASS).await;
    app.click("Unlock").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_todays_session_take_attendance_by_keyboard_follow_up_and_print_a_catch_up() {
    let home = tempfile::tempdir().unwrap();
    let vault = home.path().join("vault");
    let exports = home.path().join("exports");
    let logs = home.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    demo_vault(&vault);
    let shots = shots_dir("sessions");
    let driver = Driver::start(home.path(), &vault, &logs, &exports);
    let mut app = App::launch(&driver, &shots, 0).await;
    unlock(&app).await;

    // Today: today's session, one click away.
    let group = format!("{} evening CBT for depression", chrono::Local::now().format("%A"));
    app.see("Today's sessions").await;
    app.see("Absences: Tomás Ferreira").await;
    app.shot("today").await;
    app.click_labelled(&format!("Open session 5 of {group}")).await;
    app.see("Who is expected (9)").await;
    app.see("Ground rules (version 1)").await;

    // Start, and run the agenda through two items.
    app.click("Start session").await;
    app.see("In progress").await;
    app.see("Item 1 of 7").await;
    app.click("Next item").await;
    app.see("Item 2 of 7").await;
    app.click("Next item").await;
    timer_runs_on_item_three(&app).await;
    app.shot("timer-item-3").await;

    // Locked and unlocked: the same page, the timer still running.
    app.click("Lock").await;
    unlock(&app).await;
    timer_runs_on_item_three(&app).await;

    // Attendance for nine members with the keyboard alone.
    let started = Instant::now();
    press(
        &app.labelled("Attendance of Aisha Rahman")
            .await
            .find(By::Css("[role='radio'][tabindex='0']"))
            .await
            .unwrap(),
        "Aisha's marks",
    )
    .await;
    // Aisha present; José 5 min late; MJ present; Lan left 15 min early;
    // Ørjan absent without notice; Siobhán absent with notice; the rest present.
    for keys in ["p", "l", "5\n", "p", "e", "15\n", "u", "n", "p", "p", "p"] {
        let typed = keys.replace('\n', "\u{E007}");
        app.wd
            .active_element()
            .await
            .unwrap()
            .send_keys(typed)
            .await
            .unwrap();
    }
    app.see("9 of 9 marked · not saved yet").await;
    app.wd
        .active_element()
        .await
        .unwrap()
        .send_keys(Key::Control + Key::Enter)
        .await
        .unwrap();
    app.see("Attendance saved: 9 marks.").await;
    let took = started.elapsed();
    assert!(took < Duration::from_secs(60), "attendance took {took:?}");
    for (name, mark) in [
        ("José Núñez", "Late (L)"),
        ("Lan (Nguyễn Thị Lan)", "Left early (E)"),
        ("Ørjan Hæstad", "Absent without notice (U)"),
        ("Siobhán O'Neil", "Absent with notice (N)"),
        ("Zoë Saint-Clair", "Present (P)"),
    ] {
        let chosen = app
            .labelled(&format!("Attendance of {name}"))
            .await
            .find(By::Css("[role='radio'][aria-checked='true']"))
            .await
            .unwrap()
            .attr("aria-label")
            .await
            .unwrap();
        assert_eq!(chosen.as_deref(), Some(mark), "{name}");
    }
    let late = app
        .labelled("Minutes late for José Núñez")
        .await
        .value()
        .await
        .unwrap();
    assert_eq!(late.as_deref(), Some("5 min"));
    app.shot("attendance-saved").await;

    // Ørjan's third absence crosses "3 in total" although his first two were followed up.
    app.see("Absence follow-up due").await;
    app.click("Today").await;
    app.see("Absences: Ørjan Hæstad").await;
    app.see("Missed 3 sessions in total").await;
    // Today knows the session is under way, and says so in full.
    let badge = app
        .wd
        .execute(
            "const l = document.querySelector(\"table[aria-label=\\\"Today's sessions\\\"] .mantine-Badge-label\");
             return l ? [l.textContent, l.scrollWidth <= l.clientWidth] : null;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        badge.json(),
        &serde_json::json!(["In progress", true]),
        "an In progress badge, not cut off"
    );
    app.shot("alert-raised").await;

    // The app restarts: the session is still running on item 3.
    app.quit().await;
    let mut app = App::launch(&driver, &shots, 10).await;
    unlock(&app).await;
    app.see("Today's sessions").await;
    app.click_labelled(&format!("Open session 5 of {group}")).await;
    timer_runs_on_item_three(&app).await;

    // The follow-up, recorded from Today, clears the alert.
    app.click("Today").await;
    app.click_labelled("Record follow-up for Ørjan Hæstad").await;
    app.fill("Outcome", OUTCOME).await;
    app.shot("follow-up").await;
    app.dialog_click("Save follow-up").await;
    app.dialog_closed().await;
    app.see("Absences: Tomás Ferreira").await;
    let left = app
        .wd
        .find_all(By::XPath(
            "//*[contains(normalize-space(.), 'Absences: Ørjan Hæstad')]",
        ))
        .await
        .unwrap();
    assert!(left.is_empty(), "Ørjan's alert cleared");

    // His profile lists what he missed; the catch-up sheet names no one else.
    app.click("Members").await;
    app.click("Ørjan Hæstad").await;
    app.see("Sessions missed").await;
    app.click("Catch-up sheet").await;
    app.see("Catching up").await;
    app.see("For Ørjan Hæstad").await;
    app.see("the 3 sessions you missed").await;
    app.see("Session 5: Activities 1: How activities affect mood")
        .await;
    let sheet = app.wd.find(By::Tag("main")).await.unwrap().text().await.unwrap();
    for other in EXPECTED.iter().filter(|n| !n.starts_with("Ørjan")) {
        let first = other.split([' ', '(']).next().unwrap();
        assert!(!sheet.contains(first), "the sheet names {other}:\n{sheet}");
    }
    app.shot("catch-up").await;

    // Print: the platform's print of this page (its dialog is the system's,
    // out of WebDriver's reach, so the test counts the request it makes).
    app.wd
        .execute(
            "window.__prints = 0; const print = window.print.bind(window);
             window.print = () => { window.__prints += 1; print(); };",
            vec![],
        )
        .await
        .unwrap();
    app.click("Print…").await;
    let prints = app.wd.execute("return window.__prints;", vec![]).await.unwrap();
    assert_eq!(prints.json().as_i64(), Some(1), "Print… asks the system to print");
    app.quit().await;
    drop(driver);

    assert_no_plaintext(home.path(), &vault, &[OUTCOME, "Ørjan Hæstad", "Tomás Ferreira"]);
}
