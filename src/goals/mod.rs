//! Goals: each enrolled member's 1–3 active goals in a group, each measured
//! by Goal Attainment Scaling (−2 much less than expected … 0 expected … +2
//! much more than expected, with the clinician's own description of each
//! level) or a 0–10 rating; revised with every earlier version kept;
//! achieved or discontinued with a date; rated at the sessions the member
//! attends.
//!
//! - `setting`: set, revise, end a goal; a member's goals.
//! - `ratings`: the ratings of a session, in a few keys per member.
//! - `wording`: what nudges a statement toward specific, measurable,
//!   time-bound wording.

pub mod ratings;
pub mod setting;
pub mod wording;

use crate::values::text_enum;

text_enum!(
    /// How a goal is measured.
    GoalMeasure { Gas, Rating }
);

text_enum!(
    /// Where a goal stands.
    GoalStatus { Active, Achieved, Discontinued }
);

/// The most active goals a member has in a group.
pub const MAX_ACTIVE_GOALS: usize = 3;

impl GoalMeasure {
    /// The values a rating may take.
    pub fn range(self) -> std::ops::RangeInclusive<i64> {
        match self {
            GoalMeasure::Gas => -2..=2,
            GoalMeasure::Rating => 0..=10,
        }
    }

    /// How the range reads to the clinician.
    pub fn range_words(self) -> &'static str {
        match self {
            GoalMeasure::Gas => "a GAS rating is from −2 to +2",
            GoalMeasure::Rating => "a rating is from 0 to 10",
        }
    }
}

/// The standard names of the five GAS levels, −2 first.
pub const GAS_LEVELS: [&str; 5] = [
    "Much less than expected",
    "Somewhat less than expected",
    "Expected level",
    "Somewhat more than expected",
    "Much more than expected",
];
