//! The window holds (issue 22): what a clinician types, pastes or is sent
//! never runs as code — a member recorded with markup and script in their
//! name and notes is shown as text, and the content security policy stops
//! an inline script even when one is put into the page; the window never
//! leaves the app for another address; and a command the app does not
//! declare is refused by the core's permissions.

use cohort_e2e::*;
use thirtyfour::prelude::*;

const NAME: &str = "Ana <img src=x onerror=\"window.__cohortInjected=1\"> Ruiz";
const NOTES: &str = "<script>window.__cohortInjected=2</script>'); DROP TABLE members; --";

async fn script(app: &App, js: &str) -> serde_json::Value {
    app.wd
        .execute(js, vec![])
        .await
        .unwrap_or_else(|e| panic!("{js}: {e}"))
        .json()
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_markup_never_runs_the_window_stays_and_undeclared_commands_are_refused() {
    let home = tempfile::tempdir().unwrap();
    let vault = home.path().join("vault");
    let logs = home.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    demo_vault(&vault);
    let shots = shots_dir("window");
    let driver = Driver::start(home.path(), &vault, &logs, home.path());
    let mut app = App::launch(&driver, &shots, 0).await;
    app.fill("Passphrase", PASS).await;
    app.click("Unlock").await;
    app.button("Lock").await;

    // Markup and script typed into a member's record: kept and shown as text.
    app.click("Members").await;
    app.click("New member").await;
    app.fill("Legal name", NAME).await;
    app.fill("Notes", NOTES).await;
    app.click("Add member").await;
    app.see("DROP TABLE members").await;
    app.see("onerror=").await;
    app.shot("markup-shown-as-text").await;
    // Shown whole: the unbroken run wraps inside its card.
    let notes = app
        .wd
        .find(By::XPath(format!(
            "//*[contains(text(), {})]",
            xpath_text("DROP TABLE")
        )))
        .await
        .unwrap();
    let inside = app
        .wd
        .execute(
            "const e = arguments[0]; return e.scrollWidth <= e.clientWidth + 1 \
             && e.getBoundingClientRect().right <= e.closest('[class*=Card], [class*=Paper]').getBoundingClientRect().right + 1",
            vec![notes.to_json().unwrap()],
        )
        .await
        .unwrap();
    assert_eq!(
        inside.json(),
        &serde_json::json!(true),
        "the notes fit inside their card"
    );
    assert_eq!(
        script(&app, "return window.__cohortInjected === undefined").await,
        serde_json::json!(true),
        "nothing typed ran"
    );
    assert_eq!(
        script(
            &app,
            "return document.querySelectorAll('img[src=\"x\"], script:not([src])').length"
        )
        .await,
        serde_json::json!(0),
        "no element was made of what was typed"
    );

    // An inline script put into the page: the content security policy stops it.
    let ran = script(
        &app,
        "const s = document.createElement('script'); s.textContent = 'window.__cohortCsp = 1'; \
         document.body.appendChild(s); return window.__cohortCsp === undefined",
    )
    .await;
    assert_eq!(
        ran,
        serde_json::json!(true),
        "an inline script is refused by the CSP"
    );

    // Leaving for another address is refused: the app stays where it was.
    let before = app.wd.current_url().await.unwrap();
    let _ = app
        .wd
        .execute("window.location.href = 'https://example.org/'", vec![])
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let after = app.wd.current_url().await.unwrap();
    assert_eq!(after.host_str(), before.host_str(), "{after}");
    assert_ne!(after.host_str(), Some("example.org"));
    app.see("DROP TABLE members").await;

    // A command the app does not declare, or one of a plugin it does not
    // grant, is refused; a declared one still answers.
    for cmd in ["delete_vault", "plugin:fs|read_text_file", "plugin:shell|open"] {
        let answer = script(
            &app,
            &format!(
                "return window.__TAURI_INTERNALS__.invoke('{cmd}', {{ path: '/etc/passwd' }})\
                 .then(() => 'answered', (e) => 'refused: ' + String(e))"
            ),
        )
        .await;
        let answer = answer.as_str().unwrap_or_default().to_string();
        assert!(answer.starts_with("refused: "), "{cmd}: {answer}");
    }
    let status = script(
        &app,
        "return window.__TAURI_INTERNALS__.invoke('vault_status').then((s) => s.unlocked, (e) => 'refused: ' + String(e))",
    )
    .await;
    assert_eq!(status, serde_json::json!(true), "a declared command answers");
    app.shot("after-the-attempts").await;
    app.click("Lock").await;
    app.see("Unlock").await;
    app.quit().await;
    drop(driver);
    // What was typed is nowhere in the clear: not in the vault's files, the
    // webview's storage or any log under the test's home.
    assert_no_plaintext(home.path(), &vault, &["DROP TABLE members"]);
}
