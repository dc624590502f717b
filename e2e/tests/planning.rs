//! The planning journey: a 12-week CBT group from next Monday skipping a
//! holiday — a refused capacity kept as typed, every cadence shown in full,
//! the title in view while the form scrolls — then a refused reschedule
//! written with a readable date, week 5 rescheduled, week 11 cancelled with
//! a make-up and the new end date in view, week 3's agenda over time and accepted, Back, a second version of
//! the ground rules, a new room, the calendar file, Today, lock and unlock
//! back to the same page — and no file under the test's home holds what was
//! typed.

use cohort_e2e::*;
use thirtyfour::prelude::*;

const DESCRIPTION: &str = "Qzvx-description-marker for an adult group";
const OBJECTIVE: &str = "Qzvx-objective-marker: notice one thought a day";
const RULE: &str = "Qzvx-rule-marker: we bring our workbooks.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_a_twelve_week_cbt_group_reschedule_edit_export_and_find_it_after_unlock() {
    let home = tempfile::tempdir().unwrap();
    let vault = home.path().join("vault");
    let exports = home.path().join("exports");
    let logs = home.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    let shots = shots_dir("planning");
    let driver = Driver::start(home.path(), &vault, &logs, &exports);
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

    // A refused number stays as typed, keeps its message and blocks saving.
    app.fill("Capacity (members)", "13").await;
    app.see("Capacity must be between 6 and 12 members.").await;
    app.click("Create group").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let capacity = app
        .field("Capacity (members)")
        .await
        .value()
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(capacity, "13", "never clamped behind the clinician's back");
    app.see("Capacity must be between 6 and 12 members.").await;
    app.shot("refused-capacity").await;
    app.fill("Capacity (members)", "8").await;
    app.fill("Description", DESCRIPTION).await;
    app.fill("Location", "Room 2").await;

    // Dates and times in the locale's one format; every cadence in full.
    let shown = app
        .field("First session date")
        .await
        .value()
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(
        shown.contains(&first.format("%Y").to_string()) && shown != first.to_string(),
        "the first date reads as the screens write dates: {shown}"
    );
    app.see("Local time, such as").await;
    let meets = app.field("Meets").await;
    press(
        &meets
            .find(By::XPath("./option[normalize-space(.)='Every two weeks']"))
            .await
            .unwrap(),
        "Every two weeks",
    )
    .await;
    let (fits, text) = app.text_fits(&meets).await;
    assert!(
        fits && text == "Every two weeks",
        "the cadence reads in full: {text:?}"
    );
    press(
        &meets
            .find(By::XPath("./option[normalize-space(.)='Every week']"))
            .await
            .unwrap(),
        "Every week",
    )
    .await;
    for label in [
        "Type",
        "Membership",
        "First session date",
        "Start time",
        "Session plans",
    ] {
        let (fits, text) = app.text_fits(&app.field(label).await).await;
        assert!(fits, "{label} shows {text:?} in full");
    }

    app.click("Add blackout date").await;
    app.fill_date("Blackout date 1", &holiday.to_string()).await;
    app.fill("Reason 1", "Public holiday").await;
    app.see("(Public holiday)").await;
    app.see("Thoughts 1: How thoughts affect mood").await;

    // Scrolled to the bottom, the form's title and its buttons stay in view.
    app.wd
        .execute("window.scrollTo(0, document.body.scrollHeight)", vec![])
        .await
        .unwrap();
    let title = app
        .wait(By::XPath("//h1[normalize-space(.)='New group']"), "the title")
        .await;
    assert!(
        app.in_view(&title).await,
        "the title is not hidden under the header"
    );
    app.shot("new-group-preview").await;
    app.click("Create group").await;

    // The program overview.
    app.button("Export calendar (.ics)").await;
    app.see("12 sessions, ending").await;
    app.see("People 4: Looking ahead and ending the group").await;
    app.shot("program-overview").await;

    // A reschedule that would reorder the program is refused, with a readable date.
    press(&app.labelled("More for session 5").await, "More for session 5").await;
    app.click("Reschedule…").await;
    app.toggle("Move every later session by the same number of days")
        .await;
    app.fill_date("New date", &(week5 + chrono::Days::new(7)).to_string())
        .await;
    app.click("Reschedule").await;
    app.see("would no longer come before session 6").await;
    let refusal = app
        .wait(
            By::XPath("//*[contains(text(), 'would no longer come before session 6')]"),
            "the refusal",
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !refusal.contains('⟦') && !refusal.contains(&(week5 + chrono::Days::new(7)).to_string()),
        "{refusal}"
    );
    app.shot("reschedule-refused").await;

    // Week 5 two days later, the later weeks with it.
    app.toggle("Move every later session by the same number of days")
        .await;
    app.fill_date("New date", &week5_new.to_string()).await;
    app.click("Reschedule").await;
    app.see("moved from").await;
    app.see("Session 5 is now on").await;
    app.shot("rescheduled").await;

    // Session 11, far down the page, cancelled with a make-up: afterwards the
    // outcome and the new end date are in view, not scrolled away.
    press(&app.labelled("More for session 11").await, "More for session 11").await;
    app.click("Cancel session…").await;
    app.click("Cancel session").await;
    app.see("A make-up session (session 13) was added on").await;
    let summary = app
        .wait(By::Css("[data-testid='program-summary']"), "the program summary")
        .await;
    assert!(
        app.in_view(&summary).await,
        "after the action the end date is in view"
    );
    let note = app
        .wait(
            By::XPath("//*[contains(text(), 'make-up session (session 13)')]"),
            "the note",
        )
        .await;
    assert!(app.in_view(&note).await, "and what the action did");
    app.shot("cancelled-with-makeup").await;

    // Week 3's agenda: lengthen an item past the session, accept the warning.
    press(&app.labelled("Edit plan of session 3").await, "Edit plan").await;
    app.see("Agenda total: 90 of 90 minutes").await;
    app.fill("Objectives", OBJECTIVE).await;
    let minutes = app.labelled("Item 4 minutes").await;
    app.type_into(&minutes, "45").await;
    app.see("Agenda total: 100 of 90 minutes").await;
    app.see("runs 10 minutes over the session").await;
    app.click("Save plan").await;
    app.see("The agenda is longer than the session").await;
    app.shot("agenda-over").await;
    app.click("Save anyway").await;
    app.see("Plan saved.").await;

    // Back returns to the program, which already shows the change.
    app.back().await;
    app.see("100 of 90 min").await;

    // Ground rules: a new version.
    app.click("Ground rules").await;
    app.see("Group agreement — version 1").await;
    app.click("Add a rule").await;
    app.fill("Rule 7", RULE).await;
    app.click("Save as new version").await;
    app.see("Saved as version 2.").await;
    app.shot("ground-rules").await;

    // Details: a new room.
    app.click("Details").await;
    app.fill("Location", "Room 3").await;
    app.click("Save details").await;
    app.see("The group's details are saved.").await;
    app.see("0 of 8 places filled · Room 3").await;

    // Deleting is offered while nothing is recorded; kept here.
    app.click("Group status").await;
    app.click("Delete group…").await;
    app.see("Nothing has been recorded for this group yet").await;
    app.shot("delete-group").await;
    app.click("Keep the group").await;

    // The calendar file.
    app.click("Sessions").await;
    app.click("Export calendar (.ics)").await;
    // Told once that the file is not encrypted, then the save dialog.
    app.see("This file will not be encrypted").await;
    app.see("anyone who can open the folder you save to can read them")
        .await;
    app.shot("export-warning").await;
    app.click("I understand: choose where to save").await;
    let ics_path = exports.join("monday-group.ics");
    save_in_dialog("Save the calendar file", &ics_path);
    app.see("Calendar file saved").await;
    app.see("It is not encrypted.").await;
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&ics_path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the exported file is the owner's alone");
    }
    assert_eq!(
        std::fs::read_dir(&exports).unwrap().count(),
        1,
        "the file went where it was told, and nothing else"
    );
    let ics = std::fs::read_to_string(&ics_path).unwrap();
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        13,
        "12 sessions and the make-up"
    );
    assert_eq!(
        ics.matches("STATUS:CANCELLED").count(),
        1,
        "session 11 is shown cancelled"
    );
    assert!(ics.contains(&format!("DTSTART:{}T180000", first.format("%Y%m%d"))));
    assert!(ics.contains(&format!("DTSTART:{}T180000", week5_new.format("%Y%m%d"))));
    assert!(
        !ics.contains(&format!("DTSTART:{}", holiday.format("%Y%m%d"))),
        "the holiday is skipped"
    );

    // Today lists the coming sessions.
    app.click("Today").await;
    app.see("Next 7 days").await;
    app.see("Session 1: Thoughts 1: How thoughts affect mood").await;
    app.shot("today").await;

    // Lock on the program's Ground rules tab; unlocking returns there, everything kept.
    app.click("Monday CBT for depression").await;
    app.click("Ground rules").await;
    app.see("Group agreement — version 2").await;
    app.click("Lock").await;
    app.fill("Passphrase", PASS).await;
    app.click("Unlock").await;
    app.see("Group agreement — version 2").await;
    app.click("Sessions").await;
    app.see("moved from").await;
    app.see("100 of 90 min").await;
    app.see("Make-up for session 11").await;
    app.shot("after-unlock").await;
    app.quit().await;
    drop(driver);

    // Nothing typed reached any file as plaintext: vault, webview data, logs, exports.
    assert_no_plaintext(home.path(), &vault, &[DESCRIPTION, OBJECTIVE, RULE]);
}
