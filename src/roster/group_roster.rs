//! A group's roster: the capacity and who fills it, the waitlist in order
//! and the place it is offered when one frees, those on their way in
//! (referred, screened, consented), those who left with their reason, and
//! who has agreed only to an older version of the ground rules. (The
//! roster page adds each member's goals and risk: `practice::roster`.)

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::ids::{GroupId, PlaceId};
use crate::planning::groups::GroupStatus;
use crate::roster::places::{self, place_from_row, Place, Stage, PLACE_COLUMNS};
use crate::roster::{agreements, attention};

/// One person on the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RosterEntry {
    pub place: Place,
    pub legal_name: String,
    pub preferred_name: String,
    pub pronouns: String,
    /// Their place in the waitlist's order (1 = next), while they wait.
    pub waitlist_position: Option<u32>,
    /// The newest version of the ground rules they agreed to, and when.
    pub agreed_version: Option<u32>,
    #[ts(type = "string | null")]
    pub agreed_on: Option<NaiveDate>,
}

/// The session after which a closed group admits no one, now past.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ClosedAfter {
    pub session: u32,
    #[ts(type = "string")]
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Roster {
    pub group_id: GroupId,
    pub capacity: u32,
    pub enrolled: u32,
    pub waitlisted: u32,
    /// The group's current ground-rules version.
    pub rules_version: u32,
    /// Whether the group still takes people in (planning or active, not archived).
    pub admitting: bool,
    pub closed_after: Option<ClosedAfter>,
    /// When a place is free and someone waits: the person it is offered to.
    pub offer: Option<PlaceId>,
    /// Enrolled members who have not agreed to the current rules (those on
    /// their way in agree when they join; their line shows where they stand).
    pub to_agree: u32,
    /// Enrolled by name, then the waitlist in order, those on their way in
    /// by referral, and those who left, most recent first.
    pub entries: Vec<RosterEntry>,
}

fn order(e: &RosterEntry) -> (u8, u32, String, i64) {
    let name = crate::roster::names::fold(crate::roster::names::goes_by(&e.legal_name, &e.preferred_name));
    let days = |d: Option<NaiveDate>| d.map(|d| d.num_days_from_ce() as i64).unwrap_or(0);
    use chrono::Datelike;
    match e.place.stage {
        Stage::Enrolled => (0, 0, name, 0),
        Stage::Waitlisted => (1, e.waitlist_position.unwrap_or(0), String::new(), 0),
        Stage::Referred | Stage::Screened | Stage::Consented => {
            (2, 0, String::new(), days(Some(e.place.referred_on)))
        }
        _ => (
            3,
            0,
            String::new(),
            -days(e.place.left_on.or(e.place.screened_on)),
        ),
    }
}

/// The roster of a group on `today`: a handful of queries, whatever its size.
pub fn roster(conn: &Connection, group: GroupId, today: NaiveDate) -> Result<Roster> {
    let (capacity, status, archived): (u32, GroupStatus, bool) = conn
        .prepare_cached("SELECT capacity, status, archived FROM groups WHERE id = ?1")?
        .query_row([group], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? != 0)))
        .optional()?
        .ok_or_else(|| Error::NotFound("That group no longer exists.".into()))?;
    let rules_version: u32 = conn
        .prepare_cached("SELECT coalesce(max(version), 0) FROM ground_rule_versions WHERE group_id = ?1")?
        .query_row([group], |r| r.get(0))?;
    let mut latest: HashMap<PlaceId, (u32, NaiveDate)> = HashMap::new();
    for a in agreements::of_group(conn, group)? {
        latest.entry(a.place_id).or_insert((a.version, a.agreed_on));
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PLACE_COLUMNS}, m.legal_name, m.preferred_name, m.pronouns, p.waitlist_rank
         FROM places p JOIN members m ON m.id = p.member_id WHERE p.group_id = ?1"
    ))?;
    let mut rows: Vec<(RosterEntry, Option<u32>)> = stmt
        .query_map([group], |r| {
            let place = place_from_row(r)?;
            let agreed = latest.get(&place.id).copied();
            Ok((
                RosterEntry {
                    place,
                    legal_name: r.get(16)?,
                    preferred_name: r.get(17)?,
                    pronouns: r.get(18)?,
                    waitlist_position: None,
                    agreed_version: agreed.map(|a| a.0),
                    agreed_on: agreed.map(|a| a.1),
                },
                r.get::<_, Option<u32>>(19)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Waitlist positions 1, 2, … in rank order.
    let mut ranks: Vec<(u32, usize)> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, (_, rank))| rank.map(|r| (r, i)))
        .collect();
    ranks.sort();
    for (pos, (_, i)) in ranks.iter().enumerate() {
        rows[*i].0.waitlist_position = Some(pos as u32 + 1);
    }
    let mut entries: Vec<RosterEntry> = rows.into_iter().map(|(e, _)| e).collect();
    entries.sort_by_key(order);

    let enrolled = entries
        .iter()
        .filter(|e| e.place.stage == Stage::Enrolled)
        .count() as u32;
    let waitlisted = entries
        .iter()
        .filter(|e| e.place.stage == Stage::Waitlisted)
        .count() as u32;
    let closed_after =
        places::closed_after(conn, group, today)?.map(|(session, date)| ClosedAfter { session, date });
    let admitting = !archived && matches!(status, GroupStatus::Planning | GroupStatus::Active);
    let last_freed = entries
        .iter()
        .filter(|e| matches!(e.place.stage, Stage::DroppedOut | Stage::Transferred))
        .filter_map(|e| e.place.left_on)
        .max();
    let offer = if admitting && closed_after.is_none() && enrolled < capacity {
        // Entries list the waitlist in its order.
        attention::offered(
            entries
                .iter()
                .filter(|e| e.place.stage == Stage::Waitlisted)
                .map(|e| (e.place.id, e.place.offer_skipped_on)),
            last_freed,
        )
    } else {
        None
    };
    let to_agree = entries
        .iter()
        .filter(|e| e.place.stage == Stage::Enrolled)
        .filter(|e| e.agreed_version.is_none_or(|v| v < rules_version))
        .count() as u32;
    Ok(Roster {
        group_id: group,
        capacity,
        enrolled,
        waitlisted,
        rules_version,
        admitting,
        closed_after,
        offer,
        to_agree,
        entries,
    })
}
