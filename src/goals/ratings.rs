//! Rating goals at a session: each attending member's active goals, rated
//! in a few keys per member from the session view or the progress note.
//! A rating can be corrected (audited); it is never removed.

use std::collections::HashMap;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::GoalMeasure;
use crate::error::{Error, Result};
use crate::ids::{GoalId, MemberId, PlaceId, SessionId};
use crate::roster::names;
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};

/// A goal as rated at a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RatedGoal {
    pub goal_id: GoalId,
    pub measured_by: GoalMeasure,
    pub statement: String,
    /// The clinician's description of each GAS level, −2 first (empty for a rating).
    pub gas_levels: Vec<String>,
    #[ts(type = "number | null")]
    pub value: Option<i64>,
}

/// A member who attended, with their goals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MemberGoals {
    pub place_id: PlaceId,
    pub member_id: MemberId,
    pub name: String,
    pub goals: Vec<RatedGoal>,
}

/// A rating as the clinician enters it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RatingInput {
    pub goal_id: GoalId,
    #[ts(type = "number")]
    pub value: i64,
}

/// The goals of everyone who attended `session` and had them active that
/// day, with the ratings given; members in name order.
pub fn session_goals(conn: &Connection, session: SessionId) -> Result<Vec<MemberGoals>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.place_id, m.id, m.legal_name, m.preferred_name, g.id, g.measured_by, v.statement, v.gas_levels, r.value
         FROM attendance a JOIN sessions s ON s.id = a.session_id
         JOIN places p ON p.id = a.place_id JOIN members m ON m.id = p.member_id
         JOIN goals g ON g.place_id = a.place_id
              AND g.set_on <= s.date AND (g.ended_on IS NULL OR g.ended_on >= s.date)
         JOIN goal_versions v ON v.goal_id = g.id
              AND v.version = ifnull((SELECT version FROM goal_ratings WHERE goal_id = g.id AND session_id = s.id),
                                     (SELECT max(version) FROM goal_versions WHERE goal_id = g.id))
         LEFT JOIN goal_ratings r ON r.goal_id = g.id AND r.session_id = s.id
         WHERE a.session_id = ?1 AND a.status IN ('present', 'late', 'left_early')
         ORDER BY m.sort_key, m.id, g.set_on, g.rowid",
    )?;
    let mut rows = stmt.query([session])?;
    let mut out: Vec<MemberGoals> = Vec::new();
    while let Some(r) = rows.next()? {
        let place: PlaceId = r.get(0)?;
        let levels: Option<String> = r.get(7)?;
        let goal = RatedGoal {
            goal_id: r.get(4)?,
            measured_by: r.get(5)?,
            statement: r.get(6)?,
            gas_levels: levels
                .map(|l| serde_json::from_str(&l).unwrap_or_default())
                .unwrap_or_default(),
            value: r.get(8)?,
        };
        match out.last_mut() {
            Some(m) if m.place_id == place => m.goals.push(goal),
            _ => {
                let (legal, preferred): (String, String) = (r.get(2)?, r.get(3)?);
                out.push(MemberGoals {
                    place_id: place,
                    member_id: r.get(1)?,
                    name: names::goes_by(&legal, &preferred).to_string(),
                    goals: vec![goal],
                });
            }
        }
    }
    Ok(out)
}

/// Saves the ratings of a session (new ones and corrections) in one go;
/// nothing is saved when one is refused. Returns how many changed.
pub fn rate(conn: &Connection, session: SessionId, ratings: &[RatingInput], now: Timestamp) -> Result<u32> {
    let members = session_goals(conn, session)?;
    let rateable: HashMap<GoalId, (&MemberGoals, &RatedGoal)> = members
        .iter()
        .flat_map(|m| m.goals.iter().map(move |g| (g.goal_id, (m, g))))
        .collect();
    let (mut added, mut corrected) = (0u32, 0u32);
    for input in ratings {
        let Some((member, goal)) = rateable.get(&input.goal_id) else {
            return Err(Error::validation(
                "goal_id",
                "That goal is not rated at this session: its member did not attend, or it was not active then.",
            ));
        };
        if !goal.measured_by.range().contains(&input.value) {
            let shown = if goal.measured_by == GoalMeasure::Gas && input.value > 0 {
                format!("+{}", input.value)
            } else {
                input.value.to_string()
            };
            return Err(Error::validation(
                "value",
                format!(
                    "{}’s goal “{}”: {} ({shown} was entered).",
                    member.name,
                    goal.statement,
                    goal.measured_by.range_words()
                ),
            ));
        }
        match goal.value {
            Some(v) if v == input.value => {}
            Some(_) => {
                conn.prepare_cached(
                    "UPDATE goal_ratings SET value = ?3, corrected_at = ?4 WHERE goal_id = ?1 AND session_id = ?2",
                )?
                .execute(params![input.goal_id, session, input.value, now])?;
                corrected += 1;
            }
            None => {
                conn.prepare_cached(
                    "INSERT INTO goal_ratings (goal_id, session_id, value, version, recorded_at)
                     VALUES (?1, ?2, ?3, (SELECT max(version) FROM goal_versions WHERE goal_id = ?1), ?4)",
                )?
                .execute(params![input.goal_id, session, input.value, now])?;
                added += 1;
            }
        }
    }
    if added > 0 {
        audit::append(
            conn,
            AuditEvent::GoalsRated,
            &format!("session {session}: {added} goal ratings"),
        )?;
    }
    if corrected > 0 {
        audit::append(
            conn,
            AuditEvent::GoalRatingCorrected,
            &format!("session {session}: {corrected} goal ratings corrected"),
        )?;
    }
    Ok(added + corrected)
}
