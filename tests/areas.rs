//! Areas enforced, on the sources themselves (parsed with `syn`, so every
//! `use` and every path counts: `crate::`, `super::` and `self::` alike,
//! inline test modules included):
//! - no two modules of the core import each other (no cycle at all);
//! - every module is in a tier, and imports only its own tier and those
//!   below (`TIERS`); the shared leaves import only each other;
//! - the SQL a module names reads only the tables of its own tier and those
//!   below, and writes only its own area's tables (`cohort::tables`), with
//!   no exception: what needs a higher area lives in `practice`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// The core's tiers, lowest first. A module of a tier imports, and its SQL
/// reads, only its own tier and those below.
const TIERS: &[&[&str]] = &[
    // The vault and what every area shares: settings, backups, what leaves the vault.
    &["vault", "settings", "backups", "exports"],
    &["planning"],
    &["roster"],
    &["sessions"],
    &["notes"],
    &["goals"],
    &["measures"],
    // What draws on several areas: Today, the groups list, the roster page,
    // deleting a group, someone leaving, `cohort check`.
    &["practice"],
    // The reports a clinician is asked for, read across the areas.
    &["reports"],
    // Everything the clinician owns, exported.
    &["full_export"],
    // Tools over everything: the demo practices, the TypeScript bindings.
    &["demo", "bindings"],
];

/// Leaves every module may use; they import only each other.
const SHARED: &[&str] = &["error", "ids", "values", "sentence", "tables", "process"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `src/notes/mod.rs` → `notes`; `src/notes/mentions.rs` → `notes::mentions`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    rel.iter()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| s != "mod" && s != "lib")
        .collect()
}

/// What one file names: paths (with the module they were written in) and SQL.
#[derive(Default)]
struct Seen {
    paths: Vec<(Vec<String>, Vec<String>)>,
    strings: Vec<String>,
    stack: Vec<String>,
}

impl Seen {
    fn path(&mut self, segs: Vec<String>) {
        if matches!(segs.first().map(String::as_str), Some("crate" | "super" | "self")) {
            self.paths.push((self.stack.clone(), segs));
        }
    }

    fn use_tree(&mut self, prefix: Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                let mut next = prefix;
                next.push(p.ident.to_string());
                self.use_tree(next, &p.tree);
            }
            syn::UseTree::Name(n) => {
                let mut full = prefix;
                if n.ident != "self" {
                    full.push(n.ident.to_string());
                }
                self.path(full);
            }
            syn::UseTree::Rename(r) => {
                let mut full = prefix;
                full.push(r.ident.to_string());
                self.path(full);
            }
            syn::UseTree::Glob(_) => self.path(prefix),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix.clone(), t);
                }
            }
        }
    }

    /// String literals inside a macro's tokens (SQL in `format!`, `params!`…).
    fn tokens(&mut self, tokens: proc_macro2::TokenStream) {
        for t in tokens {
            match t {
                proc_macro2::TokenTree::Group(g) => self.tokens(g.stream()),
                proc_macro2::TokenTree::Literal(l) => {
                    if let Ok(s) = syn::parse_str::<syn::LitStr>(&l.to_string()) {
                        self.strings.push(s.value());
                    }
                }
                _ => {}
            }
        }
    }
}

impl<'a> Visit<'a> for Seen {
    fn visit_item_use(&mut self, u: &'a syn::ItemUse) {
        self.use_tree(Vec::new(), &u.tree);
    }
    fn visit_path(&mut self, p: &'a syn::Path) {
        self.path(p.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, p);
    }
    fn visit_item_mod(&mut self, m: &'a syn::ItemMod) {
        self.stack.push(m.ident.to_string());
        syn::visit::visit_item_mod(self, m);
        self.stack.pop();
    }
    fn visit_lit_str(&mut self, s: &'a syn::LitStr) {
        self.strings.push(s.value());
    }
    fn visit_macro(&mut self, m: &'a syn::Macro) {
        self.tokens(m.tokens.clone());
        syn::visit::visit_macro(self, m);
    }
}

/// The module a path written in `here` names: the longest prefix that is a module.
fn resolve(here: &[String], path: &[String], modules: &BTreeSet<String>) -> Option<String> {
    let mut base: Vec<String> = Vec::new();
    let mut rest = path;
    match path.first()?.as_str() {
        "crate" => rest = &path[1..],
        "self" | "super" => {
            base = here.to_vec();
            while let Some(first) = rest.first() {
                match first.as_str() {
                    "self" => rest = &rest[1..],
                    "super" => {
                        base.pop()?;
                        rest = &rest[1..];
                    }
                    _ => break,
                }
            }
        }
        _ => return None,
    }
    let full: Vec<String> = base.into_iter().chain(rest.iter().cloned()).collect();
    (1..=full.len())
        .rev()
        .map(|n| full[..n].join("::"))
        .find(|m| modules.contains(m))
}

struct Core {
    /// Each module and the modules it names.
    graph: BTreeMap<String, BTreeSet<String>>,
    /// Each module's string literals.
    strings: BTreeMap<String, Vec<String>>,
}

/// Reads `files` (module path → source) as the core's modules.
fn read_core(files: &[(Vec<String>, String)]) -> Core {
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.join("::")).collect();
    let mut graph = BTreeMap::new();
    let mut strings = BTreeMap::new();
    for (module, text) in files {
        let me = module.join("::");
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{me}: {e}"));
        let mut seen = Seen {
            stack: module.clone(),
            ..Seen::default()
        };
        seen.visit_file(&file);
        let deps: BTreeSet<String> = seen
            .paths
            .iter()
            .filter_map(|(here, p)| resolve(here, p, &modules))
            .filter(|d| *d != me && !me.starts_with(&format!("{d}::")))
            .collect();
        graph.insert(me.clone(), deps);
        strings.insert(me, seen.strings);
    }
    Core { graph, strings }
}

fn the_core() -> Core {
    let src = root().join("src");
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    let files: Vec<(Vec<String>, String)> = paths
        .iter()
        // The CLI's binaries are above the core; lib.rs only declares its modules.
        .filter(|p| !p.starts_with(src.join("bin")) && *p != &src.join("lib.rs"))
        .map(|p| (module_of(&src, p), std::fs::read_to_string(p).unwrap()))
        .collect();
    read_core(&files)
}

fn top(m: &str) -> &str {
    m.split("::").next().unwrap()
}

/// The tier of a module, or None for a shared leaf.
fn tier(m: &str) -> Option<usize> {
    let t = top(m);
    if SHARED.contains(&t) {
        return None;
    }
    Some(
        TIERS
            .iter()
            .position(|tier| tier.contains(&t))
            .unwrap_or_else(|| {
                panic!("{m}: every module of the core is in a tier or shared (tests/areas.rs)")
            }),
    )
}

/// What is wrong with each module's imports.
fn import_problems(core: &Core) -> Vec<String> {
    let mut out = Vec::new();
    for (m, deps) in &core.graph {
        for d in deps {
            let wrong = match (tier(m), tier(d)) {
                (None, Some(_)) => true,
                (Some(mine), Some(theirs)) => theirs > mine,
                _ => false,
            };
            if wrong {
                out.push(format!("{m} imports {d}, of a tier above it"));
            }
        }
    }
    out
}

fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| s == n) {
            let mut c = stack[i..].to_vec();
            c.push(n.to_string());
            return Some(c);
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
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_two_modules_import_each_other_and_each_tier_imports_only_those_below() {
    let core = the_core();
    assert!(
        core.graph.len() > 80,
        "the modules were read ({})",
        core.graph.len()
    );
    // `super::` is followed: measures::page names measures::progress only through it.
    assert!(
        core.graph["measures::page"].contains("measures::progress"),
        "super:: paths are followed: {:?}",
        core.graph["measures::page"]
    );
    if let Some(c) = cycle(&core.graph) {
        panic!("these modules import each other: {}", c.join(" → "));
    }
    let problems = import_problems(&core);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn an_import_up_a_tier_is_found_however_it_is_written() {
    let file = |m: &str, text: &str| {
        (
            m.split("::").map(String::from).collect::<Vec<_>>(),
            text.to_string(),
        )
    };
    for written in [
        "use crate::measures::plan;",
        "use super::super::measures::plan;",
        "use crate::{measures::{plan}, vault};",
        "fn f() { crate::measures::plan::due(); }",
        "mod tests { use super::super::super::measures::plan::*; }",
    ] {
        let core = read_core(&[
            file("planning::program", written),
            file("planning", ""),
            file("measures", ""),
            file("measures::plan", ""),
            file("vault", ""),
        ]);
        assert!(
            core.graph["planning::program"].contains("measures::plan"),
            "{written}: {:?}",
            core.graph["planning::program"]
        );
        assert_eq!(
            import_problems(&core),
            ["planning::program imports measures::plan, of a tier above it"],
            "{written}"
        );
    }
}

/// The tables a statement reads and writes: each name after FROM, JOIN,
/// INTO, UPDATE or a comma in a FROM list.
fn tables_named(sql: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let words: Vec<String> = sql
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ','))
        .flat_map(|w| {
            let mut parts = Vec::new();
            for (i, p) in w.split(',').enumerate() {
                if i > 0 {
                    parts.push(",".to_string());
                }
                if !p.is_empty() {
                    parts.push(p.to_string());
                }
            }
            parts
        })
        .collect();
    let (mut reads, mut writes) = (BTreeSet::new(), BTreeSet::new());
    let mut in_from = false;
    for (i, w) in words.iter().enumerate() {
        let upper = w.to_ascii_uppercase();
        let next = words.get(i + 1).map(String::as_str);
        let name = |n: Option<&str>| n.filter(|n| tables::find(n).is_some()).map(String::from);
        match upper.as_str() {
            "FROM" | "JOIN" => {
                if let Some(t) = name(next) {
                    let deleting = i > 0 && words[i - 1].eq_ignore_ascii_case("DELETE");
                    if deleting {
                        writes.insert(t)
                    } else {
                        reads.insert(t)
                    };
                }
                in_from = true;
            }
            "INTO" | "UPDATE" => {
                if let Some(t) = name(next) {
                    writes.insert(t);
                }
                in_from = false;
            }
            "," if in_from => {
                if let Some(t) = name(next) {
                    reads.insert(t);
                }
            }
            "WHERE" | "GROUP" | "ORDER" | "LIMIT" | "SET" | "VALUES" | "SELECT" => in_from = false,
            _ => {}
        }
    }
    (reads, writes)
}

use cohort::tables;

fn area_tier(area: tables::Area) -> usize {
    tier(area.module()).unwrap()
}

#[test]
fn each_modules_sql_reads_its_tier_and_below_and_writes_only_its_own_area() {
    let core = the_core();
    let mut problems = Vec::new();
    let mut statements = 0;
    for (m, strings) in &core.strings {
        let Some(my_tier) = tier(m) else { continue };
        for sql in strings {
            let (reads, writes) = tables_named(sql);
            if reads.is_empty() && writes.is_empty() {
                continue;
            }
            statements += 1;
            for t in &reads {
                let area = tables::find(t).unwrap().area;
                if area_tier(area) > my_tier {
                    problems.push(format!("{m} reads {t}, a table of {area:?} above it"));
                }
            }
            for t in &writes {
                let area = tables::find(t).unwrap().area;
                let own = TIERS[my_tier].contains(&area.module()) && top(m) == area.module();
                // Read models and tools write through the areas' functions, never by SQL.
                if !(own || top(m) == "demo" || top(m) == "bindings") {
                    problems.push(format!("{m} writes {t}, a table of {area:?}"));
                }
            }
        }
    }
    assert!(statements > 200, "the SQL was read ({statements} statements)");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_tables_a_statement_names_are_read_as_sql_reads_them() {
    let (r, w) = tables_named(
        "SELECT p.id FROM places p JOIN members m ON m.id = p.member_id, groups g WHERE g.id = ?1",
    );
    assert_eq!(r, ["groups", "members", "places"].map(String::from).into());
    assert!(w.is_empty());
    let (r, w) = tables_named("DELETE FROM measure_plans WHERE group_id = ?1");
    assert!(r.is_empty());
    assert_eq!(w, ["measure_plans".to_string()].into());
    let (r, w) = tables_named("UPDATE notes SET fields = ?2 WHERE id = (SELECT id FROM notes WHERE x)");
    assert_eq!(
        (r, w),
        (["notes".to_string()].into(), ["notes".to_string()].into())
    );
    let (r, _) = tables_named("SELECT title, notes FROM agenda_items");
    assert_eq!(
        r,
        ["agenda_items".to_string()].into(),
        "a column named like a table is not a table"
    );
}
