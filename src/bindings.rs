//! TypeScript types generated from the Rust definitions the UI receives.
//!
//! `cargo run --bin export-bindings` writes them to `ui/src/bindings/`;
//! the test `bindings_are_current` fails when the committed files are stale.

use ts_rs::TS;

/// (file name, contents) of every generated binding.
pub fn render() -> Vec<(String, String)> {
    fn one<T: TS + 'static>() -> (String, String) {
        let name = T::output_path()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| format!("{}.ts", T::name()));
        let text = T::export_to_string().expect("binding renders");
        (name, text)
    }
    vec![
        one::<crate::error::CommandError>(),
        one::<crate::error::ErrorCode>(),
        one::<crate::keys::PassphraseStrength>(),
        one::<crate::settings::ClinicianProfile>(),
        one::<crate::settings::Settings>(),
        one::<crate::audit::AuditEntry>(),
        one::<crate::vault::Presence>(),
        one::<crate::session::VaultStatus>(),
        one::<crate::ids::GroupId>(),
        one::<crate::ids::SessionId>(),
        one::<crate::ids::PlanId>(),
        one::<crate::groups::GroupType>(),
        one::<crate::groups::Membership>(),
        one::<crate::groups::GroupStatus>(),
        one::<crate::groups::CoFacilitator>(),
        one::<crate::groups::GroupInput>(),
        one::<crate::groups::Group>(),
        one::<crate::groups::GroupSummary>(),
        one::<crate::schedule::Cadence>(),
        one::<crate::schedule::SessionStatus>(),
        one::<crate::schedule::BlackoutDate>(),
        one::<crate::schedule::ProgramSession>(),
        one::<crate::schedule::Program>(),
        one::<crate::schedule::SessionDetail>(),
        one::<crate::schedule::SchedulePreview>(),
        one::<crate::schedule::PreviewSession>(),
        one::<crate::schedule::NewGroup>(),
        one::<crate::schedule::Outcome>(),
        one::<crate::schedule::CreatedGroup>(),
        one::<crate::schedule::UpcomingSession>(),
        one::<crate::curriculum::AgendaItem>(),
        one::<crate::curriculum::SessionPlan>(),
        one::<crate::curriculum::AgendaTotal>(),
        one::<crate::curriculum::TemplateSummary>(),
        one::<crate::ground_rules::GroundRulesVersion>(),
        one::<crate::ground_rules::GroundRules>(),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn bindings_are_current() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings");
        let mut stale = Vec::new();
        for (name, text) in super::render() {
            let on_disk = std::fs::read_to_string(dir.join(&name)).unwrap_or_default();
            if on_disk != text {
                stale.push(name);
            }
        }
        assert!(
            stale.is_empty(),
            "TypeScript bindings are stale: {stale:?}. Run `cargo run --bin export-bindings` and commit ui/src/bindings."
        );
    }
}
