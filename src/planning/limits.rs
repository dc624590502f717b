//! The ranges a clinician can enter while planning. The core enforces them
//! (and the database again, with CHECKs); the UI checks the same numbers as
//! you type, from `ui/src/bindings/limits.ts`, generated from this file.

use crate::values::bounded_number;

bounded_number!(
    /// Members a group can hold: 6 to 12.
    Capacity,
    6,
    12
);
bounded_number!(
    /// A session's length in minutes: 30 to 180.
    SessionMinutes,
    30,
    180
);
bounded_number!(
    /// Sessions in a program: 1 to 52.
    SessionCount,
    1,
    52
);

/// Minutes one agenda item can last.
pub const AGENDA_ITEM_MINUTES: (u32, u32) = (1, 180);
/// Items an agenda can hold.
pub const AGENDA_ITEMS_MAX: usize = 40;
/// Rules a group agreement can hold.
pub const GROUND_RULES_MAX: usize = 30;
/// Co-facilitators a group can have.
pub const CO_FACILITATORS_MAX: usize = 6;
