/// Cohort's own commands: the only ones the webview may call (see capabilities/).
/// `tests/shell_contract.rs` checks this list against the command functions,
/// the handler list, the capability and the UI's calls.
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
    "list_groups",
    "list_templates",
    "preview_group",
    "create_group",
    "get_program",
    "update_group",
    "set_group_status",
    "set_group_archived",
    "delete_group",
    "get_session",
    "save_session_plan",
    "reschedule_session",
    "cancel_session",
    "move_session_plan",
    "insert_session_plan",
    "remove_session_plan",
    "apply_template",
    "save_as_template",
    "get_ground_rules",
    "save_ground_rules",
    "get_practice_blackouts",
    "set_practice_blackouts",
    "set_group_blackouts",
    "export_calendar",
    "upcoming_sessions",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script");
}
