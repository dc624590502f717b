//! The formats of a note and their fields, in the order they are written.
//! A group chooses its group note's format; a member's note is always a
//! progress note.

use serde::Serialize;
use ts_rs::TS;

use crate::values::text_enum;

text_enum!(
    /// The shape of a note.
    NoteFormat {
        /// Subjective, Objective, Assessment, Plan.
        Soap,
        /// Data, Assessment, Plan.
        Dap,
        /// Behavior, Intervention, Response, Plan.
        Birp,
        /// Free text.
        Free,
        /// A member's progress note.
        Progress,
    }
);

/// The most a single field holds.
pub const FIELD_MAX_CHARS: usize = 20_000;

/// A field of a format: its key (as stored), its label and a hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct FieldDef {
    pub key: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
}

const fn f(key: &'static str, label: &'static str, hint: &'static str) -> FieldDef {
    FieldDef { key, label, hint }
}

const TOPIC: FieldDef = f("topic", "Topic", "What the session was about.");
const INTERVENTIONS: FieldDef = f(
    "interventions",
    "Interventions",
    "What was done: skills taught, exercises, techniques.",
);
const PLAN: FieldDef = f("plan", "Plan", "Next session, homework, anything to follow up.");

const SOAP: &[FieldDef] = &[
    TOPIC,
    INTERVENTIONS,
    f(
        "subjective",
        "Subjective",
        "What members reported, in their words.",
    ),
    f(
        "objective",
        "Objective",
        "What you observed: attendance, affect, participation.",
    ),
    f(
        "assessment",
        "Assessment",
        "Your reading of the group's process and progress.",
    ),
    PLAN,
];
const DAP: &[FieldDef] = &[
    TOPIC,
    INTERVENTIONS,
    f("data", "Data", "What was said and observed in the session."),
    f(
        "assessment",
        "Assessment",
        "Your reading of the group's process and progress.",
    ),
    PLAN,
];
const BIRP: &[FieldDef] = &[
    TOPIC,
    f(
        "behavior",
        "Behavior",
        "What members presented with and how the group behaved.",
    ),
    f(
        "intervention",
        "Intervention",
        "What you did: skills taught, exercises, techniques.",
    ),
    f(
        "response",
        "Response",
        "How the group responded to the interventions.",
    ),
    PLAN,
];
const FREE: &[FieldDef] = &[
    TOPIC,
    INTERVENTIONS,
    f("text", "Note", "Group process and dynamics, themes, plan."),
];
const PROGRESS: &[FieldDef] = &[
    f(
        "progress",
        "Progress toward goals",
        "What moved, what did not, in this member's own terms.",
    ),
    f(
        "text",
        "Notes",
        "Anything else about this member in this session.",
    ),
];

impl NoteFormat {
    /// The formats a group can choose for its group note.
    pub const FOR_GROUPS: [NoteFormat; 4] = [
        NoteFormat::Soap,
        NoteFormat::Dap,
        NoteFormat::Birp,
        NoteFormat::Free,
    ];

    pub fn fields(self) -> &'static [FieldDef] {
        match self {
            NoteFormat::Soap => SOAP,
            NoteFormat::Dap => DAP,
            NoteFormat::Birp => BIRP,
            NoteFormat::Free => FREE,
            NoteFormat::Progress => PROGRESS,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            NoteFormat::Soap => "SOAP",
            NoteFormat::Dap => "DAP",
            NoteFormat::Birp => "BIRP",
            NoteFormat::Free => "Free text",
            NoteFormat::Progress => "Progress note",
        }
    }

    pub fn field(self, key: &str) -> Option<&'static FieldDef> {
        self.fields().iter().find(|d| d.key == key)
    }

    /// Where the planned interventions are prefilled.
    pub fn interventions_key(self) -> Option<&'static str> {
        match self {
            NoteFormat::Birp => Some("intervention"),
            NoteFormat::Progress => None,
            _ => Some("interventions"),
        }
    }
}
