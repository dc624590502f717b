//! A member's attendance across their groups, for their profile: how many
//! sessions they attended or missed in each group, their open absence
//! alerts, the follow-ups recorded, and what they missed.

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::alerts::{self, AbsenceAlert, FollowUp, Scope};
use super::missed::{self, MissedSession};
use crate::error::Result;
use crate::ids::{GroupId, MemberId, PlaceId};

/// A member's marks in one group, counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AttendanceCount {
    pub place_id: PlaceId,
    pub group_id: GroupId,
    pub group_name: String,
    pub present: u32,
    pub late: u32,
    pub left_early: u32,
    pub absent_excused: u32,
    pub absent_unexcused: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MemberAttendance {
    pub counts: Vec<AttendanceCount>,
    pub alerts: Vec<AbsenceAlert>,
    pub follow_ups: Vec<FollowUp>,
    /// Newest first.
    pub missed: Vec<MissedSession>,
}

pub fn of_member(conn: &Connection, member: MemberId) -> Result<MemberAttendance> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, g.id, g.name,
                count(*) FILTER (WHERE a.status = 'present'),
                count(*) FILTER (WHERE a.status = 'late'),
                count(*) FILTER (WHERE a.status = 'left_early'),
                count(*) FILTER (WHERE a.status = 'absent_excused'),
                count(*) FILTER (WHERE a.status = 'absent_unexcused')
         FROM places p JOIN groups g ON g.id = p.group_id JOIN attendance a ON a.place_id = p.id
         WHERE p.member_id = ?1
         GROUP BY p.id ORDER BY min(p.referred_on) DESC",
    )?;
    let counts = stmt
        .query_map([member], |r| {
            Ok(AttendanceCount {
                place_id: r.get(0)?,
                group_id: r.get(1)?,
                group_name: r.get(2)?,
                present: r.get(3)?,
                late: r.get(4)?,
                left_early: r.get(5)?,
                absent_excused: r.get(6)?,
                absent_unexcused: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(MemberAttendance {
        counts,
        alerts: alerts::alerts(conn, Scope::Member(member))?,
        follow_ups: alerts::follow_ups_of_member(conn, member)?,
        missed: missed::of_member(conn, member)?,
    })
}
