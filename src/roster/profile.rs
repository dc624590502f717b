//! A member's profile: who they are, every group they were referred to
//! with its status, and their agreements to each group's ground rules.
//! (Attendance, goals and notes join it as they arrive.)

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::ids::{GroupId, MemberId};
use crate::planning::groups::GroupStatus;
use crate::roster::members::{self, Member};
use crate::roster::places::{place_from_row, Place, PLACE_COLUMNS};

/// One of the member's places, with its group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MemberPlace {
    pub place: Place,
    pub group_name: String,
    pub group_status: GroupStatus,
    pub group_archived: bool,
    /// The group's current ground-rules version.
    pub rules_version: u32,
}

/// An agreement the member gave, to which group's rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MemberAgreement {
    pub group_id: GroupId,
    pub group_name: String,
    pub version: u32,
    #[ts(type = "string")]
    pub agreed_on: NaiveDate,
    /// Whether it is the group's current version.
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MemberProfile {
    pub member: Member,
    /// Newest referral first.
    pub places: Vec<MemberPlace>,
    /// Newest first.
    pub agreements: Vec<MemberAgreement>,
    /// Why the record cannot be deleted (something is recorded), if so.
    pub delete_blocker: Option<String>,
}

/// A member's profile: four queries, whatever their history.
pub fn profile(conn: &Connection, id: MemberId) -> Result<MemberProfile> {
    let member = members::get(conn, id)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PLACE_COLUMNS}, g.name, g.status, g.archived,
            (SELECT coalesce(max(version), 0) FROM ground_rule_versions v WHERE v.group_id = g.id)
         FROM places p JOIN groups g ON g.id = p.group_id
         WHERE p.member_id = ?1 ORDER BY p.referred_on DESC, p.created_at DESC"
    ))?;
    let places = stmt
        .query_map([id], |r| {
            Ok(MemberPlace {
                place: place_from_row(r)?,
                group_name: r.get(16)?,
                group_status: r.get(17)?,
                group_archived: r.get::<_, i64>(18)? != 0,
                rules_version: r.get(19)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.name, v.version, a.agreed_on,
            v.version = (SELECT max(version) FROM ground_rule_versions w WHERE w.group_id = g.id)
         FROM agreements a JOIN places p ON p.id = a.place_id
         JOIN ground_rule_versions v ON v.id = a.version_id JOIN groups g ON g.id = v.group_id
         WHERE p.member_id = ?1 ORDER BY a.agreed_on DESC, v.version DESC",
    )?;
    let agreements = stmt
        .query_map([id], |r| {
            Ok(MemberAgreement {
                group_id: r.get(0)?,
                group_name: r.get(1)?,
                version: r.get(2)?,
                agreed_on: r.get(3)?,
                current: r.get::<_, i64>(4)? != 0,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(MemberProfile {
        delete_blocker: members::deletion_blocker(conn, id)?,
        member,
        places,
        agreements,
    })
}
