//! TypeScript types generated from the Rust definitions the UI receives,
//! and the limits the UI checks as you type.
//!
//! `cargo run --bin export-bindings` writes them to `ui/src/bindings/`;
//! the test `bindings_are_current` fails when the committed files are stale.

use ts_rs::TS;

use crate::planning::limits::{
    Capacity, SessionCount, SessionMinutes, AGENDA_ITEMS_MAX, AGENDA_ITEM_MINUTES, CO_FACILITATORS_MAX,
    GROUND_RULES_MAX,
};
use crate::settings::AutoLockMinutes;

/// The module `limits.ts`: every range the UI checks as you type.
fn limits() -> String {
    let range = |name: &str, min: u32, max: u32| {
        format!("export const {name} = {{ min: {min}, max: {max} }} as const;\n")
    };
    let mut out = String::from(
        "// Generated from src/planning/limits.rs, src/settings.rs, src/sessions/policy.rs, src/goals/mod.rs, src/measures/instruments.rs, src/planning/groups.rs, src/practice/today.rs and src/backups/ by `cargo run --bin export-bindings`. Do not edit.\n\n",
    );
    out += &range("CAPACITY", Capacity::MIN, Capacity::MAX);
    out += &range("SESSION_MINUTES", SessionMinutes::MIN, SessionMinutes::MAX);
    out += &range("SESSION_COUNT", SessionCount::MIN, SessionCount::MAX);
    out += &range(
        "AGENDA_ITEM_MINUTES",
        AGENDA_ITEM_MINUTES.0,
        AGENDA_ITEM_MINUTES.1,
    );
    out += &range("AUTO_LOCK_MINUTES", AutoLockMinutes::MIN, AutoLockMinutes::MAX);
    let (min, max) = crate::settings::NOTES_OVERDUE_DAYS;
    out += &range("NOTES_OVERDUE_DAYS", min, max);
    out += &format!("export const AGENDA_ITEMS_MAX = {AGENDA_ITEMS_MAX};\n");
    out += &format!("export const GROUND_RULES_MAX = {GROUND_RULES_MAX};\n");
    out += &format!("export const CO_FACILITATORS_MAX = {CO_FACILITATORS_MAX};\n");
    out += &format!(
        "export const MAX_ACTIVE_GOALS = {};\n",
        crate::goals::MAX_ACTIVE_GOALS
    );
    out += &format!(
        "export const GAS_LEVELS = {} as const;\n",
        serde_json::to_string(&crate::goals::GAS_LEVELS).expect("plain strings")
    );
    out += &range("ABSENCE_LIMIT", 1, crate::sessions::policy::ABSENCE_LIMIT_MAX);
    {
        use crate::measures::instruments as m;
        out += &format!(
            "/** A measure the clinician defines (src/measures/instruments.rs). */\nexport const MEASURE_LIMITS = {{ name_max: {}, short_name_max: {}, answer_min: {}, answer_max: {}, items_max: {}, item_wording_max: {} }} as const;\n",
            m::NAME_MAX, m::SHORT_NAME_MAX, m::ANSWER_RANGE.0, m::ANSWER_RANGE.1, m::ITEMS_MAX, m::ITEM_WORDING_MAX
        );
    }
    let defaults = serde_json::to_string(&crate::planning::groups::GroupInput::default()).unwrap_or_default();
    out += &format!(
        "/** A new group's fields before the clinician changes any (GroupInput::default). */\nexport const GROUP_DEFAULTS: import(\"./GroupInput\").GroupInput = {defaults};\n"
    );
    out += &format!(
        "/** The days after today that Today lists (src/practice/today.rs looks {} days ahead, today included). */\nexport const DAYS_AFTER_TODAY = {};\n",
        crate::practice::today::DAYS_AHEAD,
        crate::practice::today::DAYS_AHEAD - 1
    );
    {
        use crate::backups::settings as b;
        out += &range("KEEP_DAILY", b::KEEP_DAILY.0, b::KEEP_DAILY.1);
        out += &range("KEEP_WEEKLY", b::KEEP_WEEKLY.0, b::KEEP_WEEKLY.1);
        out += &range("KEEP_MONTHLY", b::KEEP_MONTHLY.0, b::KEEP_MONTHLY.1);
        out += &format!(
            "/** Backups older than this many days are warned about (src/backups/status.rs). */\nexport const BACKUP_STALE_DAYS = {};\n",
            crate::backups::status::STALE_DAYS
        );
    }
    let presets =
        serde_json::to_string(&crate::sessions::policy::AttendancePolicy::presets()).unwrap_or_default();
    out += &format!(
        "export const ATTENDANCE_PRESETS: readonly import(\"./PolicyPreset\").PolicyPreset[] = {presets};\n"
    );
    out
}

/// (file name, contents) of every generated file.
pub fn render() -> Vec<(String, String)> {
    fn one<T: TS + 'static>() -> (String, String) {
        let name = T::output_path()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| format!("{}.ts", T::name()));
        let text = T::export_to_string().expect("binding renders");
        (name, text)
    }
    use crate::planning::{
        blackouts, calendar, curriculum, ground_rules, groups, new_group, program, session_plans, upcoming,
    };
    use crate::roster::{agreements, attention, directory, group_roster, members, places, profile};
    use crate::sessions::{agenda, alerts, attendance, member, missed, policy, run, view};
    use crate::vault::{access, audit, folder, keys};
    vec![
        one::<crate::tables::Area>(),
        one::<crate::error::CommandError>(),
        one::<crate::error::ErrorCode>(),
        one::<keys::PassphraseStrength>(),
        one::<crate::settings::ClinicianProfile>(),
        one::<crate::settings::Settings>(),
        one::<crate::settings::Paper>(),
        one::<crate::reports::ReportFormat>(),
        one::<crate::reports::ReportRequest>(),
        one::<crate::reports::SavedReport>(),
        one::<crate::reports::register::Cell>(),
        one::<crate::reports::register::RegisterCell>(),
        one::<crate::reports::register::RegisterSession>(),
        one::<crate::reports::register::MarkCounts>(),
        one::<crate::reports::register::RegisterMember>(),
        one::<crate::reports::register::Register>(),
        one::<crate::reports::services::ServiceLine>(),
        one::<crate::reports::services::ServiceLog>(),
        one::<crate::reports::program::SessionCounts>(),
        one::<crate::reports::program::Ending>(),
        one::<crate::reports::program::MembershipCounts>(),
        one::<crate::reports::program::AttendanceSummary>(),
        one::<crate::reports::program::MeasureOutcome>(),
        one::<crate::reports::program::GoalOutcome>(),
        one::<crate::reports::program::DeliveredSession>(),
        one::<crate::reports::program::MemberOutcome>(),
        one::<crate::reports::program::ProgramSummary>(),
        one::<crate::reports::summary::MemberDetails>(),
        one::<crate::reports::summary::GroupDetails>(),
        one::<crate::reports::summary::PlaceDetails>(),
        one::<crate::reports::summary::AttendanceFigures>(),
        one::<crate::reports::summary::RatingAt>(),
        one::<crate::reports::summary::GoalFigures>(),
        one::<crate::reports::summary::TotalOn>(),
        one::<crate::reports::summary::MeasureFigures>(),
        one::<crate::reports::summary::SummaryFigures>(),
        one::<crate::reports::summaries::SummaryKind>(),
        one::<crate::reports::summaries::SummaryText>(),
        one::<crate::reports::summaries::SummaryRecord>(),
        one::<crate::reports::summaries::SummaryListed>(),
        one::<crate::sessions::billing::ServiceCode>(),
        one::<audit::AuditEntry>(),
        one::<folder::Presence>(),
        one::<access::VaultStatus>(),
        one::<crate::ids::GroupId>(),
        one::<crate::ids::SessionId>(),
        one::<crate::ids::PlanId>(),
        one::<crate::ids::MemberId>(),
        one::<crate::ids::PlaceId>(),
        one::<crate::values::WallTime>(),
        one::<crate::planning::limits::Capacity>(),
        one::<crate::planning::limits::SessionMinutes>(),
        one::<crate::planning::limits::SessionCount>(),
        one::<groups::GroupType>(),
        one::<groups::Membership>(),
        one::<groups::GroupStatus>(),
        one::<groups::CoFacilitator>(),
        one::<groups::GroupInput>(),
        one::<groups::Group>(),
        one::<groups::GroupSummary>(),
        one::<calendar::Cadence>(),
        one::<blackouts::BlackoutDate>(),
        one::<blackouts::BlackoutDateInput>(),
        one::<program::SessionStatus>(),
        one::<program::ProgramSession>(),
        one::<program::Program>(),
        one::<program::Outcome>(),
        one::<session_plans::SessionDetail>(),
        one::<new_group::SchedulePreview>(),
        one::<new_group::PreviewSession>(),
        one::<new_group::NewGroup>(),
        one::<new_group::CreatedGroup>(),
        one::<upcoming::UpcomingSession>(),
        one::<curriculum::AgendaItem>(),
        one::<curriculum::SessionPlan>(),
        one::<curriculum::AgendaTotal>(),
        one::<curriculum::TemplateSummary>(),
        one::<ground_rules::GroundRulesVersion>(),
        one::<ground_rules::GroundRules>(),
        one::<members::MemberInput>(),
        one::<members::Member>(),
        one::<directory::MemberSummary>(),
        one::<places::Stage>(),
        one::<places::ScreeningOutcome>(),
        one::<places::LeavingKind>(),
        one::<places::Leaving>(),
        one::<places::Place>(),
        one::<agreements::Agreement>(),
        one::<group_roster::RosterEntry>(),
        one::<group_roster::ClosedAfter>(),
        one::<group_roster::Roster>(),
        one::<profile::MemberPlace>(),
        one::<profile::MemberAgreement>(),
        one::<profile::MemberProfile>(),
        one::<attention::PendingOffer>(),
        one::<attention::RulesToAgree>(),
        one::<crate::values::Timestamp>(),
        one::<agenda::RunItem>(),
        one::<agenda::RunState>(),
        one::<run::TimerAction>(),
        one::<attendance::AttendanceStatus>(),
        one::<attendance::Mark>(),
        one::<attendance::MarkInput>(),
        one::<attendance::ExpectedMember>(),
        one::<attendance::SheetSaved>(),
        one::<policy::AttendancePolicy>(),
        one::<policy::PolicyPreset>(),
        one::<alerts::AbsenceAlert>(),
        one::<alerts::FollowUpMethod>(),
        one::<alerts::FollowUpInput>(),
        one::<alerts::FollowUp>(),
        one::<missed::MissedSession>(),
        one::<missed::CatchUpSheet>(),
        one::<member::AttendanceCount>(),
        one::<member::MemberAttendance>(),
        one::<view::SessionView>(),
        one::<crate::notes::NoteId>(),
        one::<crate::notes::Participation>(),
        one::<crate::notes::Risk>(),
        one::<crate::notes::DraftInput>(),
        one::<crate::notes::formats::NoteFormat>(),
        one::<crate::notes::mentions::Mention>(),
        one::<crate::notes::similar::Similarity>(),
        one::<crate::notes::signing::Signature>(),
        one::<crate::notes::signing::Addendum>(),
        one::<crate::notes::signing::RiskResponse>(),
        one::<crate::notes::signing::RiskResponseInput>(),
        one::<crate::notes::read::NoteField>(),
        one::<crate::notes::read::NoteMember>(),
        one::<crate::notes::read::Note>(),
        one::<crate::notes::read::NoteCheck>(),
        one::<crate::notes::read::NoteState>(),
        one::<crate::notes::read::MemberNote>(),
        one::<crate::notes::read::SessionNotes>(),
        one::<crate::notes::read::NoteSummary>(),
        one::<crate::notes::attention::UnsignedNotes>(),
        one::<crate::notes::attention::OpenRisk>(),
        one::<crate::notes::search::SearchHit>(),
        one::<crate::notes::private::PsychotherapyNote>(),
        one::<crate::ids::GoalId>(),
        one::<crate::ids::ResultId>(),
        one::<crate::goals::GoalMeasure>(),
        one::<crate::goals::GoalStatus>(),
        one::<crate::goals::setting::GoalWording>(),
        one::<crate::goals::setting::NewGoal>(),
        one::<crate::goals::setting::GoalVersion>(),
        one::<crate::goals::setting::Goal>(),
        one::<crate::goals::ratings::RatedGoal>(),
        one::<crate::goals::ratings::MemberGoals>(),
        one::<crate::goals::ratings::RatingInput>(),
        one::<crate::measures::InstrumentId>(),
        one::<crate::measures::scoring::Scoring>(),
        one::<crate::measures::scoring::Band>(),
        one::<crate::measures::scoring::Change>(),
        one::<crate::measures::instruments::Item>(),
        one::<crate::measures::instruments::Instrument>(),
        one::<crate::measures::instruments::ItemInput>(),
        one::<crate::measures::instruments::InstrumentInput>(),
        one::<crate::measures::results::ResultInput>(),
        one::<crate::measures::results::MeasureResult>(),
        one::<crate::measures::results::MeasureRisk>(),
        one::<crate::measures::plan::PlannedMeasure>(),
        one::<crate::measures::plan::MeasuresDue>(),
        one::<crate::measures::progress::SessionPoint>(),
        one::<crate::measures::progress::GoalSeries>(),
        one::<crate::measures::progress::MeasurePoint>(),
        one::<crate::measures::progress::MeasureSeries>(),
        one::<crate::measures::progress::MemberProgress>(),
        one::<crate::measures::progress::GroupSessionSummary>(),
        one::<crate::measures::results::Score>(),
        one::<crate::measures::plan::DueMember>(),
        one::<crate::measures::plan::SessionMeasure>(),
        one::<crate::measures::page::ProgressPage>(),
        one::<crate::practice::today::TodaySession>(),
        one::<crate::practice::today::Today>(),
        one::<crate::practice::groups::GroupLine>(),
        one::<crate::practice::roster::GroupRoster>(),
        one::<crate::practice::roster::GoalsAndRisk>(),
        one::<crate::backups::settings::Keep>(),
        one::<crate::backups::settings::BackupSettings>(),
        one::<crate::backups::log::LastBackup>(),
        one::<crate::backups::log::Failure>(),
        one::<crate::backups::status::BackupStatus>(),
        one::<crate::vault::backup::TableRows>(),
        one::<crate::vault::backup::BackupSummary>(),
        one::<crate::vault::backup::Verified>(),
        one::<crate::vault::backup::Restored>(),
        one::<crate::vault::keeping::RestoreSecret>(),
        one::<crate::full_export::Exported>(),
        ("limits.ts".to_string(), limits()),
    ]
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    #[test]
    fn bindings_are_current() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings");
        let mut stale = Vec::new();
        let rendered = super::render();
        for (name, text) in &rendered {
            let on_disk = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
            if &on_disk != text {
                stale.push(name.clone());
            }
        }
        let expected: BTreeSet<String> = rendered.iter().map(|(n, _)| n.clone()).collect();
        // Two Rust types of one name would write one file, the second over the first.
        assert_eq!(
            expected.len(),
            rendered.len(),
            "two types render to one file name: give one of them another name"
        );
        let extra: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !expected.contains(n))
            .collect();
        assert!(
            stale.is_empty() && extra.is_empty(),
            "TypeScript bindings are stale: {stale:?}, left over: {extra:?}. Run `cargo run --bin export-bindings` and commit ui/src/bindings."
        );
    }
}
