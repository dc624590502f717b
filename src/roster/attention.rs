//! What on the practice's rosters waits for the clinician (for Today):
//! a free place offered to the first on a waitlist, and enrolled members
//! who have not agreed to their group's current ground rules. Set-based
//! queries over the practice, never one per group.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::ids::{GroupId, PlaceId};
use crate::planning::groups::Membership;

/// A free place offered to someone waiting, awaiting the clinician's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PendingOffer {
    pub group_id: GroupId,
    pub group_name: String,
    pub place_id: PlaceId,
    pub legal_name: String,
    pub preferred_name: String,
}

/// A group some of whose enrolled members have not agreed to its current rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RulesToAgree {
    pub group_id: GroupId,
    pub group_name: String,
    pub rules_version: u32,
    pub members: u32,
}

/// Who a freed place is offered to: the first waiting (in order) not
/// skipped since the last place freed.
pub(crate) fn offered<'a>(
    waiting: impl IntoIterator<Item = (PlaceId, Option<NaiveDate>)> + 'a,
    last_freed: Option<NaiveDate>,
) -> Option<PlaceId> {
    waiting
        .into_iter()
        .find(|(_, skipped)| match (skipped, last_freed) {
            (None, _) => true,
            (Some(skipped), Some(freed)) => *skipped < freed,
            (Some(_), None) => false,
        })
        .map(|(p, _)| p)
}

const OFFERS_SQL: &str = "
WITH cand AS (
    SELECT g.id, g.name, g.membership, g.closes_after_session
    FROM (SELECT DISTINCT group_id FROM places WHERE stage = 'waitlisted') w JOIN groups g ON g.id = w.group_id
    WHERE g.archived = 0 AND g.status IN ('planning', 'active')
      AND (SELECT count(*) FROM places e WHERE e.group_id = g.id AND e.stage = 'enrolled') < g.capacity)
SELECT c.id, c.name, c.membership,
       -- A closed group's closing session: its n-th meeting (cancelled ones do not count).
       (SELECT s.date FROM sessions s
        WHERE c.membership = 'closed' AND s.group_id = c.id AND s.status IN ('scheduled', 'held')
          AND (SELECT count(*) FROM sessions s2 WHERE s2.group_id = c.id AND s2.status IN ('scheduled', 'held')
               AND s2.number <= s.number) = c.closes_after_session),
       (SELECT max(f.left_on) FROM places f WHERE f.group_id = c.id AND f.stage IN ('dropped_out', 'transferred')),
       p.id, p.offer_skipped_on, mb.legal_name, mb.preferred_name
FROM cand c JOIN places p ON p.group_id = c.id AND p.stage = 'waitlisted' JOIN members mb ON mb.id = p.member_id
ORDER BY c.name, c.id, p.waitlist_rank";

/// Every place offered now, across the practice: one query.
pub fn pending_offers(conn: &Connection, today: NaiveDate) -> Result<Vec<PendingOffer>> {
    struct Row {
        group: GroupId,
        name: String,
        closed: bool,
        closing: Option<NaiveDate>,
        freed: Option<NaiveDate>,
        place: PlaceId,
        skipped: Option<NaiveDate>,
        legal: String,
        preferred: String,
    }
    let mut stmt = conn.prepare_cached(OFFERS_SQL)?;
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok(Row {
                group: r.get(0)?,
                name: r.get(1)?,
                closed: r.get::<_, Membership>(2)? == Membership::Closed,
                closing: r.get(3)?,
                freed: r.get(4)?,
                place: r.get(5)?,
                skipped: r.get(6)?,
                legal: r.get(7)?,
                preferred: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut by_group: BTreeMap<(String, GroupId), Vec<&Row>> = BTreeMap::new();
    for r in &rows {
        by_group.entry((r.name.clone(), r.group)).or_default().push(r);
    }
    Ok(by_group
        .into_values()
        .filter_map(|waiting| {
            let first = waiting.first()?;
            // A closed group admits no one after its closing session.
            if first.closed && first.closing.is_some_and(|d| d < today) {
                return None;
            }
            let place = offered(waiting.iter().map(|r| (r.place, r.skipped)), first.freed)?;
            let r = waiting.iter().find(|r| r.place == place)?;
            Some(PendingOffer {
                group_id: r.group,
                group_name: r.name.clone(),
                place_id: r.place,
                legal_name: r.legal.clone(),
                preferred_name: r.preferred.clone(),
            })
        })
        .collect())
}

/// Groups (planned or running) with enrolled members who have not agreed
/// to the current ground rules: one query.
pub fn rules_to_agree(conn: &Connection) -> Result<Vec<RulesToAgree>> {
    let mut stmt = conn.prepare_cached(
        "WITH current AS (
             SELECT g.id, g.name, v.id AS version_id, v.version
             FROM (SELECT DISTINCT group_id FROM places WHERE stage = 'enrolled') e JOIN groups g ON g.id = e.group_id
             JOIN ground_rule_versions v ON v.group_id = g.id
                  AND v.version = (SELECT max(x.version) FROM ground_rule_versions x WHERE x.group_id = g.id)
             WHERE g.archived = 0 AND g.status IN ('planning', 'active'))
         SELECT c.id, c.name, c.version, count(*)
         FROM current c JOIN places p ON p.group_id = c.id AND p.stage = 'enrolled'
         -- Not agreed to the current version (no one can agree to a later one).
         WHERE NOT EXISTS (SELECT 1 FROM agreements a WHERE a.place_id = p.id AND a.version_id = c.version_id)
         GROUP BY c.id ORDER BY c.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(RulesToAgree {
            group_id: r.get(0)?,
            group_name: r.get(1)?,
            rules_version: r.get(2)?,
            members: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
