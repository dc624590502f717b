//! The installed package (`make package-test`, which installs the .deb with
//! dpkg first and removes it after): what dpkg installed — the app, the
//! cohort CLI, the desktop entry and its icons — then a vault made by the
//! installed CLI, opened in the installed app under Xvfb, its Today shown,
//! and locked again.

use std::process::Command;

use cohort_e2e::*;

fn output(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "run by `make package-test`, which installs the .deb first"]
async fn the_installed_package_opens_a_vault_its_cli_made() {
    let status = output(
        "dpkg-query",
        &["-W", "-f=${Status} ${Version} ${Depends}", "cohort"],
    );
    assert!(status.starts_with("install ok installed 0.1.0"), "{status}");
    assert!(
        status.contains("libwebkit2gtk-4.1-0") && status.contains("libssl3"),
        "{status}"
    );
    let files = output("dpkg", &["-L", "cohort"]);
    for f in [
        "/usr/bin/cohort-app",
        "/usr/bin/cohort",
        "/usr/share/applications/Cohort.desktop",
        "/usr/share/icons/hicolor/128x128/apps/cohort-app.png",
    ] {
        assert!(files.lines().any(|l| l == f), "{f} is installed:\n{files}");
    }
    let entry = std::fs::read_to_string("/usr/share/applications/Cohort.desktop").unwrap();
    for line in [
        "Name=Cohort",
        "Exec=cohort-app",
        "Icon=cohort-app",
        "Categories=Science;MedicalSoftware;",
    ] {
        assert!(
            entry.lines().any(|l| l == line),
            "{line} in the desktop entry:\n{entry}"
        );
    }
    // The test drives the installed binaries, not the ones built in the tree.
    assert_eq!(
        env_path("COHORT_APP_BIN"),
        std::path::Path::new("/usr/bin/cohort-app")
    );
    assert_eq!(env_path("COHORT_CLI"), std::path::Path::new("/usr/bin/cohort"));

    let home = tempfile::tempdir().unwrap();
    let vault = home.path().join("vault");
    let logs = home.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    demo_vault(&vault);
    let shots = shots_dir("package");
    let driver = Driver::start(home.path(), &vault, &logs, home.path());
    let mut app = App::launch(&driver, &shots, 0).await;
    app.see("Unlock").await;
    app.shot("installed-unlock").await;
    app.fill("Passphrase", PASS).await;
    app.click("Unlock").await;
    app.button("Lock").await;
    app.see("evening CBT for depression").await;
    app.shot("installed-today").await;
    app.click("Lock").await;
    app.see("Unlock").await;
    app.quit().await;
}
