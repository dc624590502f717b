//! Groups, where planning needs the roster's count or the other areas keep
//! something of the group: the groups list, starting a group, its details
//! (the capacity never below those enrolled), and deleting it.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::ids::GroupId;
use crate::planning::group_status;
use crate::planning::groups::{self, GroupInput, GroupStatus, GroupSummary};
use crate::planning::program::{self, Outcome, Program};
use crate::roster::places;
use crate::values::Timestamp;
use crate::{measures, notes, sessions};

/// One line of the groups list: the group and who is in it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct GroupLine {
    #[serde(flatten)]
    pub group: GroupSummary,
    /// Members enrolled now.
    pub enrolled: u32,
    /// People waiting for a place.
    pub waitlisted: u32,
}

/// Every group with its next session, end date and who is in it: two
/// queries, whatever the number of groups.
pub fn list(conn: &Connection, today: NaiveDate) -> Result<Vec<GroupLine>> {
    let counts = places::counts_by_group(conn)?;
    Ok(groups::list(conn, today)?
        .into_iter()
        .map(|group| {
            let (enrolled, waitlisted) = counts.get(&group.id).copied().unwrap_or((0, 0));
            GroupLine {
                group,
                enrolled,
                waitlisted,
            }
        })
        .collect())
}

/// A group's whole program, with the roster's counts it needs: how many
/// are enrolled (to start the group) and whether anyone was referred (then
/// it cannot be deleted).
pub fn program(conn: &Connection, group: GroupId) -> Result<Program> {
    let enrolled = places::enrolled_count(conn, group)?;
    let referred = places::referred_count(conn, group)?;
    program::program(conn, group, enrolled, referred)
}

/// Moves a group along its life; starting it with fewer than 6 enrolled
/// needs the clinician's confirmation of that number.
pub fn set_status(
    conn: &Connection,
    id: GroupId,
    next: GroupStatus,
    confirmed_enrolled: Option<u32>,
    now: Timestamp,
) -> Result<()> {
    let enrolled = places::enrolled_count(conn, id)?;
    group_status::set_status(conn, id, next, enrolled, confirmed_enrolled, now)
}

/// Changes what a group is and, when its dates change, lays its program
/// out again; the capacity never goes below those enrolled.
pub fn update(conn: &Connection, id: GroupId, input: &GroupInput, now: Timestamp) -> Result<Outcome> {
    let enrolled = places::enrolled_count(conn, id)?;
    program::update_group(conn, id, input, enrolled, now)
}

/// Deletes a group that nothing has been recorded for (no one referred, no
/// held session), with every area's settings of it — its measurement
/// plan, attendance policy and note format — in the caller's transaction.
/// Anything recorded refuses it, here and in the database.
pub fn delete(conn: &Connection, group: GroupId) -> Result<()> {
    let referred = places::referred_count(conn, group)?;
    if let Some(reason) = program::deletion_blocker(conn, group, referred)? {
        return Err(Error::Conflict(reason));
    }
    measures::plan::delete_with_group(conn, group)?;
    sessions::policy::delete_with_group(conn, group)?;
    sessions::billing::delete_with_group(conn, group)?;
    notes::drafts::delete_with_group(conn, group)?;
    program::delete_group(conn, group, referred)
}

impl std::ops::Deref for GroupLine {
    type Target = GroupSummary;
    fn deref(&self) -> &GroupSummary {
        &self.group
    }
}
