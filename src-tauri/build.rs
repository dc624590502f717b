//! The build script: the commands declared in `src/commands/` become the
//! handler list, their permissions and the set the capability grants
//! (`declare.rs` derives each from the command functions themselves).

use std::path::Path;

// The client is written by `make bindings` (tests/shell_contract.rs), not here.
#[path = "declare.rs"]
#[allow(dead_code)]
mod declare;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&root);
    println!("cargo:rerun-if-changed=src/commands");
    println!("cargo:rerun-if-changed=declare.rs");
    let commands = declare::commands(&root.join("src/commands")).unwrap_or_else(|e| panic!("{e}"));

    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(
        Path::new(&out).join("handlers.rs"),
        declare::handler_list(&commands),
    )
    .expect("write the handler list");
    // Written only when it changes, so an unchanged build stays fresh.
    let set = root.join("permissions/commands.toml");
    let wanted = declare::permission_set(&commands);
    if std::fs::read_to_string(&set).ok().as_deref() != Some(wanted.as_str()) {
        std::fs::write(&set, wanted).expect("write permissions/commands.toml");
    }

    let names: Vec<&'static str> = commands
        .iter()
        .map(|c| &*Box::leak(c.name.clone().into_boxed_str()))
        .collect();
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(Box::leak(names.into_boxed_slice()))),
    )
    .expect("tauri build script");
}
