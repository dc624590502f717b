//! Every table of a vault's database: the area that owns it and what
//! keeping it means. This is the one list: the guard tests
//! (`tests/finality.rs`) walk it against the schema, the layout test
//! (`tests/layout.rs`) checks that each area's SQL names only its own
//! tables, and backup, export and `cohort check` read it.
//!
//! The database enforces each table's keeping with triggers named
//! `<table>_guard_<insert|update|delete>[_<what>]` (migrations/0008).

use serde::Serialize;

/// Who owns a table: the only module tree whose SQL writes it; areas above
/// may read it (tests/areas.rs). The UI names the records a change touched
/// by these names, and each screen the areas it shows (`ui/src/queries.ts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// The vault itself: the audit trail.
    Vault,
    /// The clinician's settings and profile.
    Settings,
    Planning,
    Roster,
    Sessions,
    Notes,
    Goals,
    Measures,
    /// Where automatic backups go, and every backup made or attempted.
    Backups,
    /// The progress and discharge summaries written about a member.
    Reports,
}

impl Area {
    /// The module tree under `src/` that owns the area's tables.
    pub fn module(self) -> &'static str {
        match self {
            Area::Vault => "vault",
            Area::Settings => "settings",
            Area::Planning => "planning",
            Area::Roster => "roster",
            Area::Sessions => "sessions",
            Area::Notes => "notes",
            Area::Goals => "goals",
            Area::Measures => "measures",
            Area::Backups => "backups",
            Area::Reports => "reports",
        }
    }
}

/// What keeping a table's rows means; the database refuses everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Keeping {
    /// Settings and working copies, changed and removed freely.
    Free,
    /// Kept by triggers from other tables (a search index, a to-do list).
    Derived,
    /// A record others point at: its `identity` columns never change and it is
    /// never replaced (INSERT OR REPLACE, UPSERT, UPDATE OR REPLACE onto any
    /// of its UNIQUE keys); other columns are updated in place. Deleted only
    /// while nothing points at it, when `deletable`.
    Identity { deletable: bool },
    /// Never changed, replaced or deleted once written.
    WrittenOnce,
    /// Only ever the next row; never changed or deleted (the audit trail).
    AppendOnly,
    /// Like `Identity`, and final once `when` (an SQL condition on the row)
    /// holds: from then on never changed, replaced or deleted. Before that,
    /// `live_change` is an update the app makes.
    FinalOnce {
        when: &'static str,
        live_change: &'static str,
        deletable_before: bool,
    },
}

impl Keeping {
    /// Whether the database must refuse to replace a row (every kind of record).
    pub fn is_record(self) -> bool {
        !matches!(self, Keeping::Free | Keeping::Derived)
    }
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Table {
    pub name: &'static str,
    pub area: Area,
    pub keeping: Keeping,
    /// Columns that never change once the row exists.
    pub identity: &'static [&'static str],
}

const fn table(name: &'static str, area: Area, keeping: Keeping, identity: &'static [&'static str]) -> Table {
    Table {
        name,
        area,
        keeping,
        identity,
    }
}

use Area::*;
use Keeping::*;

/// An item or band of a measure is final once the measure is built in or used.
const ITEM_USED: &str = "(SELECT builtin FROM instruments i WHERE i.id = instrument_items.instrument_id) = 1
    OR EXISTS (SELECT 1 FROM measure_results r WHERE r.instrument_id = instrument_items.instrument_id)";
const BAND_USED: &str = "(SELECT builtin FROM instruments i WHERE i.id = instrument_bands.instrument_id) = 1
    OR EXISTS (SELECT 1 FROM measure_results r WHERE r.instrument_id = instrument_bands.instrument_id)";

/// Every table, in the order the migrations create them.
pub const TABLES: &[Table] = &[
    table("audit_log", Vault, AppendOnly, &["seq"]),
    table("settings", Settings, Free, &[]),
    table("clinician_profile", Settings, Free, &[]),
    // Planning.
    table("groups", Planning, Identity { deletable: true }, &["id"]),
    table("co_facilitators", Planning, Free, &[]),
    table("blackout_dates", Planning, Free, &[]),
    table("session_plans", Planning, Identity { deletable: true }, &["id", "group_id"]),
    table("agenda_items", Planning, Free, &[]),
    // A held session also keeps its number, date and time (sessions_guard_update_held),
    // and a started one stays started (sessions_guard_update_started).
    table("sessions", Planning, Identity { deletable: true }, &["id", "group_id"]),
    table("curriculum_templates", Planning, Free, &[]),
    table("ground_rule_versions", Planning, WrittenOnce, &[]),
    table("ground_rules", Planning, WrittenOnce, &[]),
    // Roster.
    table("members", Roster, Identity { deletable: true }, &["id"]),
    table("places", Roster, Identity { deletable: false }, &["id", "member_id", "group_id"]),
    table("agreements", Roster, WrittenOnce, &[]),
    // Sessions.
    table("attendance_policies", Sessions, Free, &[]),
    table(
        "session_runs",
        Sessions,
        FinalOnce {
            when: "ended_at IS NOT NULL",
            live_change: "current_position = current_position",
            deletable_before: false,
        },
        &["session_id", "started_at"],
    ),
    table(
        "session_agenda_items",
        Sessions,
        FinalOnce {
            when: "(SELECT ended_at FROM session_runs r WHERE r.session_id = session_agenda_items.session_id) IS NOT NULL",
            live_change: "title = title",
            deletable_before: true,
        },
        &["id", "session_id"],
    ),
    table(
        "attendance",
        Sessions,
        Identity { deletable: false },
        &["session_id", "place_id", "recorded_at"],
    ),
    table("follow_ups", Sessions, WrittenOnce, &[]),
    // Notes.
    table("group_note_formats", Notes, Free, &[]),
    table(
        "notes",
        Notes,
        FinalOnce {
            when: "signed_at IS NOT NULL",
            live_change: "fields = fields",
            deletable_before: true,
        },
        &["id", "session_id", "place_id", "format", "created_at"],
    ),
    table("note_addenda", Notes, WrittenOnce, &[]),
    table("risk_responses", Notes, WrittenOnce, &[]),
    table(
        "psychotherapy_notes",
        Notes,
        Identity { deletable: false },
        &["session_id", "created_at"],
    ),
    table("notes_search", Notes, Derived, &[]),
    table("notes_search_data", Notes, Derived, &[]),
    table("notes_search_idx", Notes, Derived, &[]),
    table("notes_search_docsize", Notes, Derived, &[]),
    table("notes_search_config", Notes, Derived, &[]),
    table("notes_due", Notes, Derived, &[]),
    // Goals.
    table(
        "goals",
        Goals,
        FinalOnce {
            when: "status <> 'active'",
            live_change: "end_note = end_note",
            deletable_before: false,
        },
        &["id", "place_id", "measured_by", "set_on", "created_at"],
    ),
    table("goal_versions", Goals, WrittenOnce, &[]),
    table(
        "goal_ratings",
        Goals,
        Identity { deletable: false },
        &["goal_id", "session_id", "version", "recorded_at"],
    ),
    // Measures.
    table(
        "instruments",
        Measures,
        FinalOnce {
            when: "builtin = 1 OR EXISTS (SELECT 1 FROM measure_results r WHERE r.instrument_id = instruments.id)",
            live_change: "instructions = instructions",
            deletable_before: true,
        },
        &["id"],
    ),
    table(
        "instrument_items",
        Measures,
        FinalOnce {
            when: ITEM_USED,
            live_change: "wording = wording",
            deletable_before: true,
        },
        &[],
    ),
    table(
        "instrument_bands",
        Measures,
        FinalOnce {
            when: BAND_USED,
            live_change: "label = label",
            deletable_before: true,
        },
        &[],
    ),
    table("measure_plans", Measures, Free, &[]),
    table(
        "measure_results",
        Measures,
        FinalOnce {
            when: "voided_at IS NOT NULL",
            live_change: "void_reason = void_reason",
            deletable_before: false,
        },
        &["id", "place_id", "instrument_id", "session_id", "taken_on", "answers", "total", "entered_at"],
    ),
    table("measure_risk_responses", Measures, WrittenOnce, &[]),
    // Backups.
    table("backup_settings", Backups, Free, &[]),
    table("backup_log", Backups, WrittenOnce, &[]),
    // Sessions again (schema 11): the code a group's sessions are billed under.
    table("service_codes", Sessions, Free, &[]),
    // Reports (schema 12): progress and discharge summaries, final once signed.
    table(
        "member_summaries",
        Reports,
        FinalOnce {
            when: "signed_at IS NOT NULL",
            live_change: "summary = summary",
            deletable_before: true,
        },
        &["id", "place_id", "kind", "created_at"],
    ),
];

/// The table of that name.
pub fn find(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

/// The tables an area owns.
pub fn of_area(area: Area) -> impl Iterator<Item = &'static Table> {
    TABLES.iter().filter(move |t| t.area == area)
}
