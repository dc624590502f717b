//! Rules of the code's layout, checked on the sources themselves:
//! - no source file over about 600 lines;
//! - no two modules of the core import each other (no cycle at all), and
//!   each layer imports only those below it (vault ← planning ← roster ←
//!   sessions ← today);
//! - `clap` and `rpassword` belong to the CLI only, never to the library the app links;
//! - (each command is declared once: tests/shell_contract.rs).

use std::collections::{BTreeMap, BTreeSet};
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

/// The core's modules (`vault::audit`, `planning::groups`, …) and, for each,
/// the modules it names through `crate::…` paths.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("src");
    let mut paths = Vec::new();
    files(&src, &[".rs"], &mut paths);
    let module_of = |p: &Path| -> String {
        let rel = p.strip_prefix(&src).unwrap().with_extension("");
        let parts: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
        let parts: Vec<String> = parts.into_iter().filter(|s| s != "mod" && s != "lib").collect();
        parts.join("::")
    };
    let modules: BTreeSet<String> = paths
        .iter()
        .filter(|p| !p.starts_with(src.join("bin")))
        .map(|p| module_of(p))
        .collect();
    let mut graph = BTreeMap::new();
    for p in paths.iter().filter(|p| !p.starts_with(src.join("bin"))) {
        let me = module_of(p);
        let text = read(p);
        let mut deps = BTreeSet::new();
        // Every `crate::a::b::c` (including `use crate::a::{b, c}` groups).
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + "crate::".len()..];
            let path: String = rest
                .chars()
                .take_while(|c| {
                    c.is_alphanumeric() || *c == '_' || *c == ':' || *c == '{' || *c == ',' || *c == ' '
                })
                .collect();
            let (head, group) = match path.split_once('{') {
                Some((h, g)) => (h.trim_end_matches("::").to_string(), Some(g.to_string())),
                None => (path.trim_end_matches(':').to_string(), None),
            };
            let mut candidates = vec![head.clone()];
            if let Some(g) = group {
                for item in g.split(',') {
                    let item = item.trim().split("::").next().unwrap_or("").trim();
                    if !item.is_empty() && item != "self" {
                        candidates.push(format!("{head}::{item}"));
                    }
                }
            }
            for c in candidates {
                // The longest prefix that is a module.
                let segs: Vec<&str> = c.split("::").filter(|s| !s.is_empty()).collect();
                let found = (1..=segs.len())
                    .rev()
                    .map(|n| segs[..n].join("::"))
                    .find(|m| modules.contains(m));
                if let Some(m) = found {
                    if m != me {
                        deps.insert(m);
                    }
                }
            }
        }
        graph.insert(me, deps);
    }
    graph
}

#[test]
fn no_two_modules_import_each_other_and_each_layer_knows_only_those_below() {
    let graph = module_graph();
    assert!(graph.contains_key("planning::program") && graph.contains_key("vault::unlocked"));
    assert!(
        graph["planning::program"].contains("planning::groups"),
        "the graph was read: {graph:?}"
    );
    // Any cycle, found by depth-first search.
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| s == n) {
            let mut cycle = stack[i..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        stack.push(n.to_string());
        for d in graph.get(n).into_iter().flatten() {
            if let Some(c) = visit(d, graph, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for n in graph.keys() {
        if let Some(cycle) = visit(n, &graph, &mut Vec::new(), &mut done) {
            panic!("these modules import each other: {}", cycle.join(" → "));
        }
    }
    // Each layer knows only those below it: vault ← planning ← roster ← sessions ← today.
    assert!(graph.contains_key("roster::places") && graph.contains_key("sessions::run"));
    const LAYERS: &[&str] = &["vault", "planning", "roster", "sessions", "today"];
    for (m, deps) in &graph {
        let above: &[&str] = match LAYERS
            .iter()
            .position(|l| m == l || m.starts_with(&format!("{l}::")))
        {
            Some(i) => &LAYERS[i + 1..],
            None => &[],
        };
        let wrong: Vec<&String> = deps
            .iter()
            .filter(|d| above.iter().any(|a| d.starts_with(a)))
            .collect();
        assert!(wrong.is_empty(), "{m} imports a layer above it: {wrong:?}");
    }
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
