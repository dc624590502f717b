//! The practice as a whole: what a screen or an action draws from several
//! areas, above all of them. The areas below never query each other's
//! tables upward (tests/areas.rs); where a rule or a page needs what a
//! higher area keeps, it lives here and asks each area through its
//! functions.
//!
//! - `today`: the Today screen.
//! - `groups`: the groups list with who is in each; starting a group, a
//!   group's capacity, and deleting a group, which need the roster's count
//!   and clear the other areas' settings.
//! - `roster`: a group's roster with each member's goals and risk.
//! - `leaving`: someone leaving, never before a session they attended.
//! - `check`: `cohort check` over every area.
//! - `signing`: signing a note, then a backup once its session's notes are all signed.

pub mod check;
pub mod groups;
pub mod leaving;
pub mod roster;
pub mod signing;
pub mod today;
