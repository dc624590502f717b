//! One declaration per command: the shell's command functions
//! (`src-tauri/src/commands/`) are the only place a command is declared.
//! The handler list and the permissions are derived by the shell's build
//! script; the UI's typed client (`ui/src/commands.ts`) and the permission
//! set are committed, and this test fails when either is not what the
//! command functions say (a renamed argument, a changed answer type, a new
//! or removed command). `make bindings` writes them again.

#[path = "../src-tauri/declare.rs"]
#[allow(dead_code)]
mod declare;

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn commands() -> Vec<declare::Command> {
    declare::commands(&root().join("src-tauri/src/commands")).unwrap_or_else(|e| panic!("{e}"))
}

/// Compares a committed file with what it must be; writes it instead when
/// COHORT_WRITE_BINDINGS is set (`make bindings`).
fn current(path: &Path, wanted: &str) {
    if std::env::var_os("COHORT_WRITE_BINDINGS").is_some() {
        std::fs::write(path, wanted).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == wanted,
        "{} is not what the command functions declare. Run `make bindings` and commit it.",
        path.display()
    );
}

#[test]
fn the_uis_client_is_derived_from_the_command_functions() {
    let cmds = commands();
    assert!(cmds.len() >= 100, "the commands were found ({})", cmds.len());
    current(
        &root().join("ui/src/commands.ts"),
        &declare::typescript_client(&cmds),
    );
}

#[test]
fn the_capability_grants_the_derived_set_of_every_command_and_nothing_else() {
    let cmds = commands();
    current(
        &root().join("src-tauri/permissions/commands.toml"),
        &declare::permission_set(&cmds),
    );
    let capability: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("src-tauri/capabilities/default.json")).unwrap(),
    )
    .unwrap();
    let granted: Vec<&str> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| !p.starts_with("core:"))
        .collect();
    assert_eq!(granted, ["commands"], "the capability grants the one derived set");
}

#[test]
fn the_handler_list_is_the_build_scripts_and_names_every_command() {
    let lib = std::fs::read_to_string(root().join("src-tauri/src/lib.rs")).unwrap();
    assert!(
        lib.contains(r#".invoke_handler(include!(concat!(env!("OUT_DIR"), "/handlers.rs")))"#),
        "lib.rs takes the handler list the build script derives"
    );
    assert!(!lib.contains("generate_handler!["), "no hand-kept handler list");
    let list = declare::handler_list(&commands());
    for c in commands() {
        assert!(
            list.contains(&format!("crate::commands::{}::{},", c.area, c.name))
                || list.contains(&format!("crate::commands::{}::{}\n", c.area, c.name))
        );
    }
}

#[test]
fn every_type_the_client_names_is_a_binding_and_every_command_is_called_by_the_ui() {
    let cmds = commands();
    let client = declare::typescript_client(&cmds);
    for line in client.lines().filter(|l| l.starts_with("import type")) {
        let name = line.split_whitespace().nth(3).unwrap();
        assert!(
            root().join(format!("ui/src/bindings/{name}.ts")).exists(),
            "{name} is a binding generated from the core (cargo run --bin export-bindings)"
        );
    }
    let api = std::fs::read_to_string(root().join("ui/src/api.ts")).unwrap();
    let unused: Vec<&str> = cmds
        .iter()
        .map(|c| c.name.as_str())
        .filter(|n| !api.contains(&format!("commands.{n}(")))
        .collect();
    assert!(unused.is_empty(), "commands the UI never calls: {unused:?}");
    assert!(
        !api.contains("invoke<") && !api.contains("invoke("),
        "the UI calls commands through the typed client only"
    );
}

#[test]
fn a_renamed_argument_or_answer_changes_the_client() {
    let cmds = commands();
    let progress = cmds.iter().find(|c| c.name == "get_progress_page").unwrap();
    assert_eq!(progress.args, [("place_id".to_string(), "PlaceId".to_string())]);
    assert_eq!(progress.answer, "ProgressPage");
    let mut renamed = cmds.clone();
    let p = renamed
        .iter_mut()
        .find(|c| c.name == "get_progress_page")
        .unwrap();
    p.args[0].0 = "placeId".into();
    assert_ne!(
        declare::typescript_client(&renamed),
        declare::typescript_client(&cmds)
    );
}
