//! One declaration per command: a command is its `#[tauri::command]`
//! function in `src/commands/<area>.rs`, and everything else is derived
//! from it here:
//! - the handler list (`$OUT_DIR/handlers.rs`, included by `lib.rs`),
//! - the permission of each command and the set the capability grants
//!   (`permissions/commands.toml`),
//! - the typed TypeScript client (`ui/src/commands.ts`), whose argument
//!   names and types and whose result type come from the Rust signature.
//!
//! `build.rs` writes the first two on every build; `tests/shell_contract.rs`
//! (in the core) fails when the committed client or permission set is not
//! what this module derives, and `make bindings` writes them.
//!
//! Only `syn` and std are used, so the build script and the test can both
//! include this file.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

/// A command as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The file under `src/commands/` it is declared in (`notes`, `vault`, …).
    pub area: String,
    pub name: String,
    /// The arguments the UI sends, by name, with their TypeScript types.
    pub args: Vec<(String, String)>,
    /// The TypeScript type of what it answers.
    pub answer: String,
}

/// Arguments Tauri fills in itself; the UI never sends them.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

/// Every command declared under `commands_dir`, in file then source order.
pub fn commands(commands_dir: &Path) -> Result<Vec<Command>, String> {
    let mut files: Vec<_> = std::fs::read_dir(commands_dir)
        .map_err(|e| format!("{}: {e}", commands_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let area = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let file = syn::parse_file(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        for item in file.items {
            let syn::Item::Fn(f) = item else { continue };
            let Some(attr) = f.attrs.iter().find(|a| is_command_attr(a)) else {
                continue;
            };
            let name = f.sig.ident.to_string();
            let attr_text = quote_attr(attr);
            if !attr_text.contains("rename_all = \"snake_case\"") {
                return Err(format!(
                    "{area}::{name}: declare it as #[tauri::command(rename_all = \"snake_case\")], \
                     so the UI sends its arguments by their Rust names"
                ));
            }
            if !matches!(f.vis, syn::Visibility::Public(_)) {
                return Err(format!("{area}::{name}: a command is `pub`"));
            }
            let mut args = Vec::new();
            for input in &f.sig.inputs {
                let syn::FnArg::Typed(arg) = input else {
                    return Err(format!("{area}::{name}: a command takes no `self`"));
                };
                let syn::Pat::Ident(id) = &*arg.pat else {
                    return Err(format!("{area}::{name}: name each argument plainly"));
                };
                if last_segment(&arg.ty).is_some_and(|s| INJECTED.contains(&s.as_str())) {
                    continue;
                }
                let ts = ts_type(&arg.ty).map_err(|e| format!("{area}::{name}({}): {e}", id.ident))?;
                args.push((id.ident.to_string(), ts));
            }
            let answer = match &f.sig.output {
                syn::ReturnType::Default => "null".to_string(),
                syn::ReturnType::Type(_, ty) => {
                    let ty = result_inner(ty).unwrap_or(ty);
                    ts_type(ty).map_err(|e| format!("{area}::{name} -> {e}"))?
                }
            };
            out.push(Command {
                area: area.clone(),
                name,
                args,
                answer,
            });
        }
    }
    let mut seen = BTreeSet::new();
    for c in &out {
        if !seen.insert(c.name.clone()) {
            return Err(format!("two commands are named {}", c.name));
        }
    }
    Ok(out)
}

fn is_command_attr(a: &syn::Attribute) -> bool {
    let segs: Vec<String> = a.path().segments.iter().map(|s| s.ident.to_string()).collect();
    segs == ["tauri", "command"]
}

fn quote_attr(a: &syn::Attribute) -> String {
    match &a.meta {
        syn::Meta::List(l) => l.tokens.to_string(),
        _ => String::new(),
    }
}

fn last_segment(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        syn::Type::Reference(r) => last_segment(&r.elem),
        _ => None,
    }
}

fn generic_args(ty: &syn::Type) -> Vec<&syn::Type> {
    let syn::Type::Path(p) = ty else { return Vec::new() };
    let Some(last) = p.path.segments.last() else {
        return Vec::new();
    };
    let syn::PathArguments::AngleBracketed(a) = &last.arguments else {
        return Vec::new();
    };
    a.args
        .iter()
        .filter_map(|g| match g {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// `T` of `CmdResult<T>` or `Result<T, E>`.
fn result_inner(ty: &syn::Type) -> Option<&syn::Type> {
    match last_segment(ty)?.as_str() {
        "CmdResult" | "Result" => generic_args(ty).into_iter().next(),
        _ => None,
    }
}

/// The TypeScript type the JSON of a Rust type has. Named types are the
/// bindings ts-rs generates from the core (`ui/src/bindings/<Name>.ts`).
pub fn ts_type(ty: &syn::Type) -> Result<String, String> {
    match ty {
        syn::Type::Tuple(t) if t.elems.is_empty() => Ok("null".into()),
        syn::Type::Reference(r) => ts_type(&r.elem),
        syn::Type::Path(_) => {
            let name = last_segment(ty).ok_or("an unnamed type")?;
            let args = generic_args(ty);
            Ok(match name.as_str() {
                "String" | "str" => "string".into(),
                "bool" => "boolean".into(),
                "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" | "f32"
                | "f64" => "number".into(),
                "Option" => format!("{} | null", ts_type(args.first().ok_or("Option of what?")?)?),
                "Vec" => {
                    let inner = ts_type(args.first().ok_or("Vec of what?")?)?;
                    if inner.contains(' ') {
                        format!("({inner})[]")
                    } else {
                        format!("{inner}[]")
                    }
                }
                other if other.chars().next().is_some_and(char::is_uppercase) && args.is_empty() => {
                    other.to_string()
                }
                other => return Err(format!("no TypeScript type for {other}")),
            })
        }
        _ => Err("a type the client cannot name".into()),
    }
}

/// The binding types a client needs, sorted.
fn named_types(commands: &[Command]) -> BTreeSet<String> {
    let builtin = ["string", "boolean", "number", "null"];
    commands
        .iter()
        .flat_map(|c| c.args.iter().map(|a| a.1.clone()).chain([c.answer.clone()]))
        .flat_map(|t| {
            t.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty() && !builtin.contains(w))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `ui/src/commands.ts`: one typed function per command.
pub fn typescript_client(commands: &[Command]) -> String {
    let mut s = String::new();
    s.push_str(
        "// Generated from the command functions in src-tauri/src/commands/ by\n\
         // src-tauri/declare.rs (`make bindings`); tests/shell_contract.rs fails\n\
         // when it is stale. Do not edit: change the Rust signature instead.\n\
         import { invoke } from \"@tauri-apps/api/core\";\n",
    );
    for t in named_types(commands) {
        let _ = writeln!(s, "import type {{ {t} }} from \"./bindings/{t}\";");
    }
    s.push_str("\n/** Every command the shell declares, with its arguments and answer. */\nexport const commands = {\n");
    for c in commands {
        let answer = if c.answer == "null" {
            "void".to_string()
        } else {
            c.answer.clone()
        };
        if c.args.is_empty() {
            let _ = writeln!(s, "  {}: () => invoke<{answer}>(\"{}\"),", c.name, c.name);
        } else {
            let fields: Vec<String> = c.args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
            let _ = writeln!(
                s,
                "  {}: (args: {{ {} }}) => invoke<{answer}>(\"{}\", args),",
                c.name,
                fields.join("; "),
                c.name
            );
        }
    }
    s.push_str("} as const;\n\nexport type CommandName = keyof typeof commands;\n");
    s
}

/// `permissions/commands.toml`: the set of every command's permission, which
/// the capability grants by its one name.
pub fn permission_set(commands: &[Command]) -> String {
    let mut s = String::from(
        "# Generated by build.rs (src-tauri/declare.rs) from the command functions\n\
         # in src/commands/: do not edit. The capability grants this one set.\n\n\
         [[set]]\n\
         identifier = \"commands\"\n\
         description = \"Every command Cohort's own window calls, and no other.\"\n\
         permissions = [\n",
    );
    for c in commands {
        let _ = writeln!(s, "  \"allow-{}\",", c.name.replace('_', "-"));
    }
    s.push_str("]\n");
    s
}

/// `$OUT_DIR/handlers.rs`: the handler list, by each command's path.
pub fn handler_list(commands: &[Command]) -> String {
    let paths: Vec<String> = commands
        .iter()
        .map(|c| format!("    crate::commands::{}::{}", c.area, c.name))
        .collect();
    format!("tauri::generate_handler![\n{}\n]\n", paths.join(",\n"))
}
