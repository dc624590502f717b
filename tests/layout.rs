//! Rules of the code's layout, checked on the sources themselves:
//! - no source file over about 600 lines;
//! - (the areas, their tiers and the tables each may name: tests/areas.rs);
//! - `clap` and `rpassword` belong to the CLI only, never to the library the app links;
//! - (each command is declared once: tests/shell_contract.rs).

use std::path::{Path, PathBuf};

const MAX_LINES: usize = 600;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())) {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if p.is_dir() {
            if !["node_modules", "bindings", "target", "dist", "gen"].contains(&name.as_str()) {
                files(&p, exts, out);
            }
        } else if exts.iter().any(|x| name.ends_with(x)) {
            out.push(p);
        }
    }
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

#[test]
fn no_source_file_is_over_about_600_lines() {
    let mut all = Vec::new();
    for d in ["src", "src-tauri/src", "tests", "benches", "e2e", "ui/src"] {
        files(&root().join(d), &[".rs", ".ts", ".tsx"], &mut all);
    }
    assert!(all.len() > 40, "the sources were found ({})", all.len());
    let long: Vec<String> = all
        .iter()
        .map(|p| (p, read(p).lines().count()))
        .filter(|(_, n)| *n > MAX_LINES)
        .map(|(p, n)| format!("{} ({n} lines)", p.strip_prefix(root()).unwrap().display()))
        .collect();
    assert!(long.is_empty(), "split these files: {long:?}");
}

#[test]
fn clap_and_rpassword_belong_to_the_cli_only() {
    let manifest = read(&root().join("Cargo.toml"));
    for dep in ["clap", "rpassword"] {
        let line = manifest
            .lines()
            .find(|l| l.starts_with(&format!("{dep} =")))
            .unwrap_or_else(|| panic!("{dep} is a dependency"));
        assert!(line.contains("optional = true"), "{dep} is optional: {line}");
    }
    assert!(manifest.contains(r#"cli = ["dep:clap", "dep:rpassword"]"#));
    assert!(manifest.contains(r#"required-features = ["cli"]"#));
    let app = read(&root().join("src-tauri/Cargo.toml"));
    let line = app.lines().find(|l| l.starts_with("cohort =")).unwrap();
    assert!(
        line.contains("default-features = false") && !line.contains("cli"),
        "{line}"
    );
    let mut lib = Vec::new();
    files(&root().join("src"), &[".rs"], &mut lib);
    for p in lib.iter().filter(|p| !p.starts_with(root().join("src/bin"))) {
        let t = read(p);
        assert!(
            !t.contains("clap::") && !t.contains("rpassword::"),
            "{} uses a CLI crate",
            p.display()
        );
    }
}

/// The commands answer in JSON, whose numbers the UI reads as `number`: a
/// binding typed `bigint` (ts-rs's default for i64) would lie to the UI.
#[test]
fn no_binding_types_a_number_as_bigint() {
    let mut bindings = Vec::new();
    files(&root().join("ui/src/bindings"), &["ts"], &mut bindings);
    assert!(!bindings.is_empty());
    let wrong: Vec<String> = bindings
        .iter()
        .filter(|p| read(p).contains("bigint"))
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        wrong.is_empty(),
        "typed bigint (add #[ts(type = \"number\")]): {wrong:?}"
    );
}
