//! A group's roster as its page shows it: the roster, with each member's
//! active goals and any risk a measure raised that has no response yet.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::goals::setting as goals;
use crate::ids::{GroupId, PlaceId};
use crate::measures::results;
use crate::roster::group_roster::{self, Roster};

/// What the goals and measures add to a member's line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct GoalsAndRisk {
    /// Active goals in this group.
    pub active_goals: u32,
    /// A measure raised risk (the risk item above its lowest answer) with no
    /// response recorded yet.
    pub measure_risk: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct GroupRoster {
    #[serde(flatten)]
    pub roster: Roster,
    /// By place: those with an active goal or open risk (anyone else has neither).
    pub progress: HashMap<PlaceId, GoalsAndRisk>,
}

/// The roster of a group on `today`, with goals and risk: a handful of
/// queries, whatever its size.
pub fn roster(conn: &Connection, group: GroupId, today: NaiveDate) -> Result<GroupRoster> {
    let roster = group_roster::roster(conn, group, today)?;
    let mut progress: HashMap<PlaceId, GoalsAndRisk> = goals::active_by_place(conn, group)?
        .into_iter()
        .map(|(place, active_goals)| {
            (
                place,
                GoalsAndRisk {
                    active_goals,
                    measure_risk: false,
                },
            )
        })
        .collect();
    for place in results::unanswered_risk(conn, group)? {
        progress.entry(place).or_default().measure_risk = true;
    }
    Ok(GroupRoster { roster, progress })
}

impl std::ops::Deref for GroupRoster {
    type Target = Roster;
    fn deref(&self) -> &Roster {
        &self.roster
    }
}
