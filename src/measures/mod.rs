//! Standardised measures: PHQ-9 and GAD-7 built in, the clinician's own
//! instruments beside them, behaving the same everywhere. Entered item by
//! item; totals, bands and reliable change computed here (`scoring`), and
//! checked again by the database.
//!
//! - `instruments`: the measures, their items and bands; defining one.
//! - `results`: entering a result, voiding one, responding to risk.
//! - `plan`: when each measure is due in a group; what is still to enter.
//! - `progress`: a member's goal ratings and measure totals across the
//!   program, first and latest with reliable change; a group's averages.
//! - `scoring`: totals, bands, subscales, reliable change.

pub mod instruments;
pub mod page;
pub mod plan;
pub mod progress;
pub mod results;
pub mod scoring;

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A measure's id: `phq9` and `gad7` for the built-in ones, a UUID for the
/// clinician's own.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(type = "string")]
pub struct InstrumentId(pub String);

impl InstrumentId {
    pub const PHQ9: &'static str = "phq9";
    pub const GAD7: &'static str = "gad7";
}

impl ToSql for InstrumentId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl FromSql for InstrumentId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        String::column_result(value).map(InstrumentId)
    }
}

impl std::fmt::Display for InstrumentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
