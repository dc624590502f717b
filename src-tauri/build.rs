/// Cohort's own commands: the only ones the webview may call (see capabilities/).
const COMMANDS: &[&str] = &[
    "vault_status",
    "rate_passphrase",
    "create_vault",
    "unlock",
    "unlock_with_recovery_key",
    "lock",
    "touch",
    "get_settings",
    "save_profile",
    "set_auto_lock",
    "change_passphrase",
    "recent_activity",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script");
}
