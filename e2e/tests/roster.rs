//! The roster journey, as a new user would take it: a group of capacity 10;
//! twelve people added, screened, consented and enrolled up to capacity; the
//! 11th and 12th refused a place and offered the waitlist; agreements to the
//! ground rules recorded; a dropout frees a place, the first waiting is
//! offered it and enrolled; the ground rules change and the roster shows who
//! must agree again; the groups list counts the places; the Members
//! directory finds people whatever their accents, apostrophes or script —
//! and no file under the test's home holds a name or a reason.

use cohort_e2e::*;

const PEOPLE: [&str; 12] = [
    "José Núñez",
    "Siobhán O'Neil",
    "Mary-Jane Okoro",
    "Алексей Смирнов",
    "Nguyễn Thị Lan",
    "Priya Raman",
    "Tomasz Wójcik",
    "Aroha Ngata",
    "Fatima Haddad",
    "Qzvxmarker Holloway",
    "Grace Liu",
    "Ahmed Karimi",
];
const REASON: &str = "Qzvx-reason-marker: moved interstate";
const RULE: &str = "Qzvx-rule-marker: phones stay in bags.";

/// Add a person to the open group's roster, then screen them and record consent.
async fn add_screen_consent(app: &App, name: &str) {
    app.click("Add a person").await;
    app.fill("Legal name", name).await;
    app.fill("Referred by", "GP").await;
    app.dialog_click("Add and refer").await;
    app.dialog_closed().await;
    press(
        &app.labelled(&format!("Record screening of {name}")).await,
        "Record screening",
    )
    .await;
    app.dialog_click("Save").await;
    app.dialog_closed().await;
    press(
        &app.labelled(&format!("Record consent of {name}")).await,
        "Record consent",
    )
    .await;
    app.dialog_click("Save").await;
    app.dialog_closed().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fill_a_group_to_capacity_waitlist_promote_after_a_dropout_and_flag_new_rules() {
    let home = tempfile::tempdir().unwrap();
    let vault = home.path().join("vault");
    let exports = home.path().join("exports");
    let logs = home.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    let shots = shots_dir("roster");
    let driver = Driver::start(home.path(), &vault, &logs, &exports);
    let mut app = App::launch(&driver, &shots, 0).await;
    create_vault(&mut app).await;

    // A group of capacity 10.
    app.click("Groups").await;
    app.click("New group").await;
    app.fill("Group name", "Monday CBT for depression").await;
    app.fill("Capacity (members)", "10").await;
    app.click("Create group").await;
    app.see("0 of 10 places filled").await;
    app.click("Roster").await;
    app.see("0 / 10 enrolled").await;
    app.see("No one is enrolled yet.").await;

    // Ten people through referral, screening and consent into the group.
    for (i, name) in PEOPLE[..10].iter().enumerate() {
        add_screen_consent(&app, name).await;
        press(&app.labelled(&format!("Enrol {name}")).await, "Enrol").await;
        app.dialog_click("Enrol").await;
        app.dialog_closed().await;
        app.see(&format!("{} / 10 enrolled", i + 1)).await;
    }

    // The 11th and the 12th: the group is full, the waitlist is offered.
    for (i, name) in PEOPLE[10..].iter().enumerate() {
        add_screen_consent(&app, name).await;
        press(&app.labelled(&format!("Enrol {name}")).await, "Enrol").await;
        app.dialog_click("Enrol").await;
        let refusal = app.alert_text().await;
        assert!(
            refusal.contains("The group is full: all 10 places are taken.")
                && refusal.contains(&format!("Add {name} to the waitlist instead?")),
            "{refusal}"
        );
        if i == 0 {
            app.shot("full-offers-waitlist").await;
        }
        app.dialog_click("Add to the waitlist").await;
        app.dialog_closed().await;
        app.see(&format!("10 / 10 enrolled · {} on the waitlist", i + 1))
            .await;
    }
    app.see("1.Grace Liu").await;
    app.see("2.Ahmed Karimi").await;

    // Two agree to the ground rules as they stand (version 1).
    for name in ["Priya Raman", "Tomasz Wójcik"] {
        press(
            &app.labelled(&format!("Record agreement of {name}")).await,
            "Record agreement",
        )
        .await;
        app.see("They agree to version 1 of the group agreement").await;
        app.dialog_click("Save").await;
        app.dialog_closed().await;
    }
    app.see("Not agreed yet").await;
    app.shot("roster-full").await;

    // José drops out: his place is offered to Grace, first on the waitlist.
    press(&app.labelled("José Núñez leaves").await, "Leaves…").await;
    app.fill("Reason", REASON).await;
    app.dialog_click("Save").await;
    app.dialog_closed().await;
    app.see("9 / 10 enrolled · 2 on the waitlist").await;
    app.see("A place is free").await;
    app.see("Grace Liu is first on the waitlist.").await;
    app.see(REASON).await;
    app.shot("place-offered").await;
    app.click("Enrol Grace Liu").await;
    app.dialog_click("Enrol").await;
    app.dialog_closed().await;
    app.see("10 / 10 enrolled · 1 on the waitlist").await;
    app.see("1.Ahmed Karimi").await;

    // New ground rules: the two who agreed to version 1 must agree again.
    app.click("Ground rules").await;
    app.click("Add a rule").await;
    app.fill("Rule 7", RULE).await;
    app.click("Save as new version").await;
    app.see("Saved as version 2.").await;
    app.click("Roster").await;
    app.see("have not agreed to the current ground rules (version 2)")
        .await;
    let flagged = app
        .wd
        .find_all(thirtyfour::By::XPath(
            "//p[normalize-space(.)='Agreed to version 1 only: must agree to version 2']",
        ))
        .await
        .unwrap();
    assert_eq!(flagged.len(), 2, "Priya and Tomasz must agree again");
    app.shot("must-agree-again").await;

    // The groups list counts places and the waitlist.
    app.click("Groups").await;
    app.see("10 of 10").await;
    app.see("1 waiting").await;

    // The directory finds people as typed, accents, apostrophes and scripts aside.
    app.click("Members").await;
    for (typed, found) in [
        ("jose nunez", "José Núñez"),
        ("o'neil", "Siobhán O'Neil"),
        ("алексей", "Алексей Смирнов"),
        ("nguyen", "Nguyễn Thị Lan"),
    ] {
        app.fill("Find a person", typed).await;
        app.button(found).await;
    }
    app.fill("Find a person", "jose nunez").await;
    app.button("José Núñez").await;
    app.shot("members-search").await;
    app.click("José Núñez").await;
    app.see("Dropped out — Qzvx-reason-marker").await;
    app.shot("member-profile").await;
    app.quit().await;
    drop(driver);

    // No name, reason or rule reached any file as plaintext.
    let mut markers: Vec<&str> = PEOPLE.to_vec();
    markers.extend([REASON, RULE]);
    assert_no_plaintext(home.path(), &vault, &markers);
}
