//! The reports journey, from the demo practice: the Reports page, the
//! demo group's attendance register previewed (its four held sessions and
//! ten members, one who dropped out), saved as a PDF through the real save dialog after the
//! not-encrypted warning — 0600, its text read back with pdftotext, its
//! first page kept as a picture with the screenshots — then A4 chosen in
//! Settings and the register saved as CSV from the group's page, which
//! Python's csv module reads; José's progress summary for his doctor,
//! from his place in the roster (another member's name caught before
//! signing), signed and saved as PDF; the service log of the demo's
//! four sessions, saved as CSV; and the program summary, unnamed then
//! named, saved as PDF.

use cohort_e2e::*;

/// Members of the demo group, as the register lists them.
const MEMBERS: [&str; 3] = ["Aisha Rahman", "José Núñez", "Алексей Смирнов"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preview_the_demo_groups_register_save_it_as_pdf_and_csv_and_read_both_back() {
    let home = tempfile::tempdir().unwrap();
    let vault = home.path().join("vault");
    // What the clinician saves on purpose goes outside the home that is scanned.
    let exports = tempfile::tempdir().unwrap();
    let logs = home.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    demo_vault(&vault);
    let shots = shots_dir("reports");
    let driver = Driver::start(home.path(), &vault, &logs, exports.path());
    let mut app = App::launch(&driver, &shots, 0).await;
    app.fill("Passphrase", PASS).await;
    app.click("Unlock").await;
    app.button("Lock").await;

    // The Reports page: the register of the demo group.
    app.click("Reports").await;
    app.see("Attendance register").await;
    app.shot("reports").await;
    app.choose("Group", "evening CBT for depression").await;
    app.click("Show the register").await;
    app.see("4 held, 0 cancelled, 8 to come").await;
    for name in MEMBERS {
        app.see(name).await;
    }
    app.see("Facilitators: Dana Reyes").await;
    app.shot("register").await;

    // Saved as PDF: the warning first, then the save dialog.
    app.click("Save as PDF").await;
    app.see("This file will not be encrypted").await;
    app.shot("not-encrypted").await;
    app.dialog_click("I understand: choose where to save").await;
    let pdf = exports.path().join("register.pdf");
    save_in_dialog("Save the attendance register", &pdf);
    app.see("Saved:").await;
    app.shot("saved-pdf").await;
    assert_private(&pdf);
    let text = pdf_text(&pdf);
    for words in MEMBERS.iter().copied().chain([
        "Attendance register",
        "Riverside Counselling",
        "Facilitator's signature",
    ]) {
        assert!(text.contains(words), "{words:?} in the PDF:\n{text}");
    }
    // Its first page, as a picture beside the screenshots.
    first_page(&pdf, &shots, "register-page");

    // A4 in Settings; the CSV from the group's own page, warned no more.
    app.click("Settings").await;
    app.toggle("A4 (210 × 297 mm)").await;
    app.see("reports on A4 paper").await;
    app.shot("settings-paper").await;
    app.click("Groups").await;
    // The demo group is named for the weekday it meets on: today's.
    app.click(&format!(
        "{} evening CBT for depression",
        chrono::Local::now().format("%A")
    ))
    .await;
    app.shot("group-with-register-button").await;
    // Its billing code, in the group's details: a refused modifier is named.
    app.click("Details").await;
    app.fill("Modifiers", "95 HOX").await;
    app.click("Save billing code").await;
    app.see("Modifiers are up to four pairs of letters or digits")
        .await;
    app.fill("Modifiers", "95").await;
    app.click("Save billing code").await;
    app.see("Saved.").await;
    app.shot("group-billing").await;
    app.click("Attendance register").await;
    app.click("Save as CSV").await;
    let csv = exports.path().join("register.csv");
    save_in_dialog("Save the attendance register", &csv);
    app.see("Saved:").await;
    assert_private(&csv);
    let rows = run(
        "python3",
        &[
            "-c",
            "import csv, sys\nrows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8-sig')))\nprint(len(rows)); print('\\n'.join(r[0] for r in rows))",
            csv.to_str().unwrap(),
        ],
    );
    assert!(
        rows.starts_with("12\nMember\n"),
        "a heading, ten members (one who dropped out) and the totals:\n{rows}"
    );
    for name in MEMBERS {
        assert!(rows.contains(name), "{name} in the CSV:\n{rows}");
    }

    // José's progress summary for his doctor, from his place in the roster:
    // the name of a member who left is caught before signing; signed, saved.
    app.click(&format!(
        "{} evening CBT for depression",
        chrono::Local::now().format("%A")
    ))
    .await;
    app.click("Roster").await;
    app.click_labelled("Goals and measures of José Núñez").await;
    app.see("Summaries").await;
    app.shot("progress-summaries").await;
    app.click("Progress summary for Dr. Patel, primary care").await;
    app.see("Attended 4 of 4 sessions").await;
    app.fill(
        "Summary",
        "José attends every session and uses the thought record. He and Dan practised the exercise together.",
    )
    .await;
    app.see("Saved in the vault").await;
    app.see("may name Dan").await;
    app.shot("summary-draft").await;
    app.click("Does not identify them").await;
    app.click("Sign progress summary").await;
    app.see("Signed and final").await;
    app.shot("summary-signed").await;
    app.click("Save as PDF").await;
    let summary = exports.path().join("summary.pdf");
    save_in_dialog("Save the progress summary", &summary);
    app.see("Saved:").await;
    assert_private(&summary);
    let text = pdf_text(&summary);
    for words in [
        "Progress summary",
        "José Núñez",
        "Dr. Patel, primary care",
        "PHQ-9",
        "He and Dan practised",
        "Signed electronically by Dana Reyes, LCSW",
    ] {
        assert!(text.contains(words), "{words:?} in the summary:\n{text}");
    }
    first_page(&summary, &shots, "summary-page");

    // The service log of the demo's sessions (from its first to today), as CSV.
    app.click("Reports").await;
    let first = chrono::Local::now().date_naive() - chrono::Days::new(28);
    app.fill_date("From", &first.to_string()).await;
    app.fill_date("To", &chrono::Local::now().date_naive().to_string())
        .await;
    app.click("Show the service log").await;
    app.see("members at 4 sessions").await;
    app.see("90853-95").await;
    app.shot("service-log").await;
    app.click("Save as CSV").await;
    let services = exports.path().join("services.csv");
    save_in_dialog("Save the service log", &services);
    app.see("Saved:").await;
    assert_private(&services);
    let minutes = run(
        "python3",
        &[
            "-c",
            "import csv, sys\nrows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8-sig')))\nprint(len(rows), sum(int(r['Minutes attended']) for r in rows))",
            services.to_str().unwrap(),
        ],
    );
    assert!(
        minutes
            .trim()
            .split(' ')
            .all(|n| n.parse::<u32>().is_ok_and(|n| n > 0)),
        "{minutes}"
    );

    // The program summary: no one named, then named, saved as PDF.
    app.click("Reports").await;
    app.choose("Group of the summary", "evening CBT for depression")
        .await;
    app.click("Show the program summary").await;
    app.see("Curriculum as delivered").await;
    app.see("mean T-score").await;
    app.shot("program-summary").await;
    app.toggle("Members named").await;
    app.see("Measures, first → latest").await;
    app.see("Алексей Смирнов").await;
    app.click("Save as PDF").await;
    let program = exports.path().join("program.pdf");
    save_in_dialog("Save the program summary", &program);
    app.see("Saved:").await;
    assert_private(&program);
    let text = pdf_text(&program);
    for words in [
        "Program summary",
        "Named version",
        "Алексей Смирнов",
        "Kiresuk & Sherman",
    ] {
        assert!(text.contains(words), "{words:?} in the program summary:\n{text}");
    }
    app.quit().await;
    drop(driver);

    // Nothing saved the clinician did not ask for: the home holds no record.
    assert_no_plaintext(home.path(), &vault, &["Aisha Rahman", "Алексей Смирнов"]);
}

fn assert_private(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{} is readable by its owner alone", path.display());
}

/// A PDF's text, as pdftotext lays it out.
fn pdf_text(pdf: &std::path::Path) -> String {
    run(
        "pdftotext",
        &["-layout", "-enc", "UTF-8", pdf.to_str().unwrap(), "-"],
    )
}

/// A PDF's first page, kept as `<name>.png` beside the screenshots.
fn first_page(pdf: &std::path::Path, shots: &std::path::Path, name: &str) {
    let picture = shots.join(name);
    run(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf.to_str().unwrap(),
            picture.to_str().unwrap(),
        ],
    );
    assert!(shots.join(format!("{name}.png")).exists());
}

fn run(program: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
