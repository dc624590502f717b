//! The notes journey, from the demo practice: today's session of nine is
//! run and ended; the group note is written and signed; a progress note for
//! each of the nine, reached one key (Alt+N) at a time — one names another
//! member (shown before signing, then fixed), one is copied from another
//! (flagged with the shared text, signed as it is); the app is killed
//! (SIGKILL) in the middle of the last note and the draft is found intact
//! after unlocking; an addendum beneath the signed group note; a note found
//! by a word in it — and no file under the test's home holds what was typed.

use std::time::Duration;

use cohort_e2e::*;
use thirtyfour::prelude::*;

/// The nine members of today's session, as the notes list them.
const NINE: [&str; 9] = [
    "Aisha Rahman",
    "José Núñez",
    "MJ",
    "Lan",
    "Ørjan Hæstad",
    "Siobhán O'Neil",
    "Tomás Ferreira",
    "Zoë Saint-Clair",
    "Alexei",
];

const COPIED: &str =
    "Practised paced breathing in the check-in and described using it twice at work this week. \
    Named the thought that she would fail and found one piece of evidence against it. \
    Agreed to keep the thought record on three days before the next session.";
const KILLED_MID_SENTENCE: &str = "Qzvk-kill-marker: described the bus journey and said that next time she";
const SEARCH_WORD: &str = "Qzvsearchword";

async fn unlock(app: &App) {
    app.fill("Passphrase", PASS).await;
    app.click("Unlock").await;
}

async fn value_of(app: &App, label: &str) -> String {
    app.field(label).await.value().await.unwrap().unwrap_or_default()
}

/// Chooses participation and risk, then writes the progress text.
async fn write_progress(app: &App, name: &str, text: &str) {
    app.see(&format!("Progress note: {name}")).await;
    press(&app.field("Active").await, "Active").await;
    press(&app.field("No risk observed").await, "No risk").await;
    app.fill("Progress toward goals", text).await;
    app.see("Saved in the vault at").await;
}

async fn check_and_sign(app: &App, button: &str) {
    app.click("Check and sign…").await;
    app.dialog_click(button).await;
    app.dialog_closed().await;
    app.see("Signed by Dana Reyes, LCSW").await;
}

/// Alt+N: the next note still to write.
async fn next_note(app: &App) {
    app.wd
        .find(By::Tag("body"))
        .await
        .unwrap()
        .send_keys(Key::Alt + "n")
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_check_and_sign_a_sessions_notes_survive_a_kill_add_an_addendum_and_search() {
    let home = tempfile::tempdir().unwrap();
    let vault = home.path().join("vault");
    let exports = home.path().join("exports");
    let logs = home.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    demo_vault(&vault);
    let shots = shots_dir("notes");
    let driver = Driver::start(home.path(), &vault, &logs, &exports);
    let mut app = App::launch(&driver, &shots, 0).await;
    unlock(&app).await;

    // The demo's unsigned notes of session 4 are on Today.
    app.see("Notes to finish").await;
    app.shot("today").await;
    let group = format!("{} evening CBT for depression", chrono::Local::now().format("%A"));
    app.click_labelled(&format!("Open session 5 of {group}")).await;
    app.click("Start session").await;
    app.see("In progress").await;
    app.click("All present").await;
    app.click("Save attendance").await;
    app.see("Attendance saved: 9 marks.").await;
    app.click("End session").await;
    app.dialog_click("End session").await;
    app.see("Held").await;

    // The group note, prefilled from the plan.
    app.click("Write the next note: Group note (Alt+N)").await;
    app.see("Group note").await;
    let topic = value_of(&app, "Topic").await;
    assert!(
        topic.contains("Activities"),
        "the topic comes from the plan: {topic}"
    );
    app.fill(
        "Subjective",
        "Members described the week's activity log; most had filled in four days.",
    )
    .await;
    app.fill(
        "Assessment",
        &format!("Cohesive and warm. {SEARCH_WORD} came up as a theme for the group."),
    )
    .await;
    app.see("Saved in the vault at").await;
    app.shot("group-note").await;
    check_and_sign(&app, "Sign note").await;

    // The nine progress notes, one key to the next.
    for (i, name) in NINE.iter().enumerate() {
        next_note(&app).await;
        match i {
            0 => {
                write_progress(&app, name, COPIED).await;
                check_and_sign(&app, "Sign note").await;
            }
            1 => {
                // Names another member: shown before signing, then fixed.
                write_progress(
                    &app,
                    name,
                    "Spoke after Tomás about his sister and asked good questions.",
                )
                .await;
                app.click("Check and sign…").await;
                app.see("Other members named").await;
                app.see("May name Tomás Ferreira").await;
                app.shot("names-another-member").await;
                app.dialog_click("Back to the note").await;
                app.dialog_closed().await;
                app.fill(
                    "Progress toward goals",
                    "Spoke after another member about family and asked good questions.",
                )
                .await;
                app.see("Saved in the vault at").await;
                check_and_sign(&app, "Sign note").await;
            }
            2 => {
                // Copied from Aisha's note and barely changed: flagged with the shared text.
                write_progress(&app, name, &COPIED.replace("three days", "four days")).await;
                app.click("Check and sign…").await;
                app.see("Nearly the same as another note").await;
                app.see("the same as Aisha Rahman's note for this session").await;
                app.see("Named the thought that she would fail").await;
                app.shot("near-duplicate").await;
                app.dialog_click("Sign as it is").await;
                app.dialog_closed().await;
                app.see("Signed by Dana Reyes, LCSW").await;
            }
            8 => {
                // The app is killed in the middle of a sentence.
                // The first words are saved; the rest is typed and, two
                // seconds later with no save awaited, the app is killed.
                write_progress(&app, name, "Qzvk-kill-marker: described").await;
                app.field("Progress toward goals")
                    .await
                    .send_keys(&KILLED_MID_SENTENCE["Qzvk-kill-marker: described".len()..])
                    .await
                    .unwrap();
                tokio::time::sleep(Duration::from_millis(2000)).await;
                driver.kill_app();
                let _ = app.wd.clone().quit().await;
                app = App::launch(&driver, &shots, 20).await;
                unlock(&app).await;
                app.click_labelled(&format!("Open session 5 of {group}")).await;
                app.click_labelled("Continue Alexei's progress note").await;
                app.see("Progress note: Alexei").await;
                assert_eq!(
                    value_of(&app, "Progress toward goals").await,
                    KILLED_MID_SENTENCE,
                    "the draft survived"
                );
                app.shot("draft-after-kill").await;
                app.fill(
                    "Progress toward goals",
                    &format!("{KILLED_MID_SENTENCE} would try the early bus."),
                )
                .await;
                app.see("Saved in the vault at").await;
                check_and_sign(&app, "Sign note").await;
            }
            _ => {
                // Each member's own note: nothing here is flagged.
                let text = [
                    "Quiet at first; joined the pairs exercise and planned a short walk on two mornings.",
                    "Raised the worry about money again and used the thought record on it with the group's help.",
                    "Late by ten minutes. Said the cooking plan worked on Sunday and wants to repeat it.",
                    "Described sleeping better since the reading routine; offered encouragement to newer members.",
                    "Tearful when talking about the anniversary; stayed with it and accepted a phone call plan for Friday.",
                ][i % 5];
                write_progress(&app, name, text).await;
                check_and_sign(&app, "Sign note").await;
            }
        }
    }

    // Every note of the session is signed.
    app.click(&format!("← Session 5, {group}")).await;
    app.see("Notes").await;
    let unsigned = app
        .wd
        .find_all(By::XPath(
            "//*[normalize-space(.)='Draft' or normalize-space(.)='Not started']",
        ))
        .await
        .unwrap();
    assert!(unsigned.is_empty(), "all ten notes are signed");
    app.shot("session-notes-signed").await;

    // An addendum beneath the signed group note.
    app.click_labelled("Open the group note").await;
    app.fill(
        "Add an addendum",
        "Correction: five members had filled in four days, not most.",
    )
    .await;
    app.click("Sign and add the addendum").await;
    app.see("Correction: five members had filled in four days").await;
    app.shot("addendum").await;

    // Search finds the group note by a word in it, and opens it.
    app.click("Notes").await;
    app.fill("Search all notes", SEARCH_WORD).await;
    app.see("came up as a theme").await;
    app.shot("search").await;
    app.click(&format!("Group note · Session 5, {group}")).await;
    app.see("Signed by Dana Reyes, LCSW").await;
    app.quit().await;
    drop(driver);

    assert_no_plaintext(
        home.path(),
        &vault,
        &[KILLED_MID_SENTENCE, SEARCH_WORD, "paced breathing"],
    );
}
