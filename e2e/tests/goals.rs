//! The goals-and-measures journey, from the demo practice, for the member
//! whose intake is still on paper (Aisha Rahman): two goals set (the
//! wording hints shown for a vague one first), a PHQ-9 at intake with item
//! 9 above 0 (the response asked for at once), the group's plan changed so
//! PHQ-9 is due at today's session, the two goals rated at four sessions (a
//! GAS of +3 refused first) — three from the session view, the fourth
//! beside her progress note — the mid-point PHQ-9 entered from the session,
//! and her chart with the band and a reliable improvement. No file under
//! the test's home holds a goal's words.

use chrono::{Days, Local};
use cohort_e2e::*;
use thirtyfour::prelude::*;

const MEMBER: &str = "Aisha Rahman";
const GAS_GOAL: &str = "Qzvgoal: speak up at least once in each session by session 6";
const RATED_GOAL: &str = "Get to sleep by 11 pm on five nights a week by session 8";

async fn unlock(app: &App) {
    app.fill("Passphrase", PASS).await;
    app.click("Unlock").await;
}

/// Answers item `n` of the measure on screen with the answer labelled `answer`.
async fn answer(app: &App, n: usize, answer: &str) {
    let xpath = format!(
        "//*[@role='radiogroup' and @aria-labelledby = //*[starts-with(normalize-space(.), '{n}. ')]/@id]//label[normalize-space(.)={}]",
        xpath_text(answer)
    );
    let label = app.wait(By::XPath(xpath), &format!("item {n}, '{answer}'")).await;
    press(&label, answer).await;
}

/// The text of the element named `label` (badges and sections, which
/// WebKitWebDriver can report as not displayed).
async fn text_of(app: &App, label: &str) -> String {
    let xpath = format!("//*[@aria-label={}]", xpath_text(label));
    for _ in 0..200 {
        if let Ok(e) = app.wd.find(By::XPath(xpath.clone())).await {
            return e.prop("textContent").await.unwrap().unwrap_or_default();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("'{label}' did not appear");
}

/// Types the two goals' ratings and saves them.
async fn rate(app: &App, gas: &str, rating: &str) {
    let g = app.labelled(&format!("{MEMBER}: {GAS_GOAL}")).await;
    app.type_into(&g, gas).await;
    let r = app.labelled(&format!("{MEMBER}: {RATED_GOAL}")).await;
    app.type_into(&r, rating).await;
    app.click("Save ratings").await;
    app.see("2 ratings saved.").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_two_goals_rate_them_over_four_sessions_enter_phq9_at_intake_and_mid_point_and_see_the_change() {
    let home = tempfile::tempdir().unwrap();
    let vault = home.path().join("vault");
    let exports = home.path().join("exports");
    let logs = home.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    demo_vault(&vault);
    let shots = shots_dir("goals");
    let driver = Driver::start(home.path(), &vault, &logs, &exports);
    let mut app = App::launch(&driver, &shots, 0).await;
    unlock(&app).await;
    let today = Local::now().date_naive();
    let first_session = today - Days::new(28);
    let group = format!("{} evening CBT for depression", Local::now().format("%A"));

    // The demo's PHQ-9 with item 9 above 0 is flagged on Today.
    app.see("Risk on a measure").await;
    app.shot("today").await;

    // Aisha, from the roster.
    app.click(&group).await;
    app.click("Roster").await;
    app.click_labelled(&format!("Goals and measures of {MEMBER}"))
        .await;
    app.see(&format!("{MEMBER}: goals and measures")).await;
    app.see("No goal set yet.").await;

    // A GAS goal: a vague wording gets hints, the specific one is set.
    app.click("Set a goal").await;
    app.fill("Goal", "Feel better").await;
    app.see("Make it measurable: how often, how many, how much.")
        .await;
    app.shot("goal-hints").await;
    app.fill("Goal", GAS_GOAL).await;
    app.fill("Baseline", "Silent in most sessions").await;
    app.fill("Target", "Speaks once in each session").await;
    app.fill("How it is measured", "Observed by the facilitator")
        .await;
    for (label, text) in [
        ("−2 Much less than expected", "Silent throughout"),
        ("−1 Somewhat less than expected", "Speaks only when asked"),
        ("0 Expected level", "Speaks once unprompted"),
        ("+1 Somewhat more than expected", "Speaks twice"),
        ("+2 Much more than expected", "Starts a discussion"),
    ] {
        app.fill(label, text).await;
    }
    app.fill_date("Date set", &first_session.to_string()).await;
    app.dialog_click("Set the goal").await;
    app.dialog_closed().await;
    app.see(GAS_GOAL).await;

    // A goal rated 0 to 10.
    app.click("Set a goal").await;
    app.toggle("A rating from 0 to 10").await;
    app.fill("Goal", RATED_GOAL).await;
    app.fill("How it is measured", "Her sleep diary").await;
    app.fill_date("Date set", &first_session.to_string()).await;
    app.dialog_click("Set the goal").await;
    app.dialog_closed().await;
    app.see(RATED_GOAL).await;

    // PHQ-9 at intake, item by item; item 9 above 0 asks for a response at once.
    app.click("Enter a measure").await;
    app.choose("Measure", "PHQ-9").await;
    app.see("Over the last 2 weeks").await;
    app.fill_date("Date taken", &(first_session - Days::new(3)).to_string())
        .await;
    for n in 1..=8 {
        answer(&app, n, "2 More than half the days").await;
    }
    answer(&app, 9, "1 Several days").await;
    app.see("Total 17").await;
    app.see("Moderately severe").await;
    app.shot("phq9-intake").await;
    app.click("Save the result").await;
    app.see(&format!("Response to risk: {MEMBER}")).await;
    app.fill(
        "What you did",
        "Risk assessed at intake: passive thoughts, no plan or intent. Safety plan agreed; GP informed.",
    )
    .await;
    app.dialog_click("Save response").await;
    app.dialog_closed().await;

    // The group's plan: PHQ-9 at today's session too.
    app.click(&format!("{group}: the group's progress")).await;
    app.click_labelled("PHQ-9 at session 5").await;
    app.click("Save the plan").await;
    app.see("Plan saved.").await;

    // Sessions 2 to 4, from the session view; a GAS of +3 is refused first.
    app.click("Sessions").await;
    for (n, gas, rating) in [(2, "-1", "3"), (3, "0", "5"), (4, "0", "6")] {
        app.click_labelled(&format!("Open session {n}")).await;
        app.see(&format!("Session {n}")).await;
        if n == 2 {
            let g = app.labelled(&format!("{MEMBER}: {GAS_GOAL}")).await;
            app.type_into(&g, "+3").await;
            app.click("Save ratings").await;
            let refusal = app.alert_text().await;
            assert!(
                refusal.contains("a GAS rating is from −2 to +2 (+3 was entered)"),
                "{refusal}"
            );
            app.shot("gas-refused").await;
        }
        rate(&app, gas, rating).await;
        app.click(&format!("← {group}")).await;
    }

    // Session 5, today: run, then the mid-point PHQ-9 from the session.
    app.click_labelled("Open session 5").await;
    app.click("Start session").await;
    app.see("In progress").await;
    app.click("All present").await;
    app.click("Save attendance").await;
    app.see("Attendance saved: 9 marks.").await;
    app.click("End session").await;
    app.dialog_click("End session").await;
    app.see("Measures at this session").await;
    app.click_labelled(&format!("Enter PHQ-9 for {MEMBER}")).await;
    app.see("Over the last 2 weeks").await;
    for n in 1..=8 {
        answer(&app, n, "1 Several days").await;
    }
    answer(&app, 9, "0 Not at all").await;
    app.see("Total 8").await;
    app.click("Save the result").await;
    app.see(&format!("{MEMBER}: goals and measures")).await;

    // The fourth rating, beside her progress note.
    app.click("Today").await;
    app.click_labelled(&format!("Open session 5 of {group}")).await;
    app.click_labelled(&format!("Write {MEMBER}'s progress note"))
        .await;
    app.see(&format!("Progress note: {MEMBER}")).await;
    rate(&app, "+1", "7").await;
    app.shot("note-with-ratings").await;

    // Her chart: the band, the change, the ratings session by session.
    app.click(&format!("{MEMBER}'s record")).await;
    app.click("Goals and measures").await;
    app.see("latest 8 (Mild)").await;
    app.shot("progress").await;
    assert_eq!(text_of(&app, "PHQ-9 change").await, "Reliable improvement");
    assert_eq!(text_of(&app, "PHQ-9 band").await, "Mild");
    app.see("First 17 (Moderately severe)").await;
    app.see("latest 8 (Mild)").await;
    app.see("(a change of 6 points or more is reliable)").await;
    let table = app.labelled("Progress by session").await;
    let rows = table.find_all(By::Tag("tr")).await.unwrap();
    let mut cells = Vec::new();
    for r in &rows {
        cells.push(r.prop("textContent").await.unwrap().unwrap_or_default());
    }
    assert!(
        cells.iter().any(|c| c == &format!("{GAS_GOAL}−100+1")),
        "{cells:?}"
    );
    assert!(
        cells.iter().any(|c| c == &format!("{RATED_GOAL}3567")),
        "{cells:?}"
    );
    app.wd
        .execute(
            "document.querySelector('[aria-label=\"PHQ-9\"]').scrollIntoView({block: 'center'})",
            vec![],
        )
        .await
        .unwrap();
    app.shot("progress-phq9").await;

    // The group's overview: attendance and averages per session.
    app.click(&format!("{group}: the group's progress")).await;
    text_of(&app, "Attendance by session").await;
    app.see("PHQ-9: the group's average total").await;
    app.shot("group-progress").await;
    app.quit().await;
    drop(driver);

    assert_no_plaintext(home.path(), &vault, &["Qzvgoal", "Speaks only when asked"]);
}
