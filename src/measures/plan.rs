//! When each measure is due in a group, by session number (PHQ-9 and GAD-7
//! at the first session, the middle one and the last unless changed), and
//! which members still have one to take.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::InstrumentId;
use crate::error::{Error, Result};
use crate::ids::{GroupId, SessionId};
use crate::vault::audit::{self, AuditEvent};

/// A measure planned at a session (by its number in the program).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlannedMeasure {
    pub instrument_id: InstrumentId,
    pub session_number: u32,
}

/// The group's plan, by session number then measure.
pub fn plan(conn: &Connection, group: GroupId) -> Result<Vec<PlannedMeasure>> {
    Ok(conn
        .prepare_cached(
            "SELECT instrument_id, session_number FROM measure_plans WHERE group_id = ?1
             ORDER BY session_number, instrument_id",
        )?
        .query_map([group], |r| {
            Ok(PlannedMeasure {
                instrument_id: r.get(0)?,
                session_number: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Replaces the group's plan (a plan, not a record: nothing clinical changes).
pub fn set_plan(conn: &Connection, group: GroupId, planned: &[PlannedMeasure]) -> Result<()> {
    let sessions: u32 = conn
        .prepare_cached("SELECT count(*) FROM sessions WHERE group_id = ?1 AND status <> 'removed'")?
        .query_row([group], |r| r.get(0))?;
    for p in planned {
        if p.session_number < 1 || p.session_number > sessions {
            return Err(Error::validation(
                "session_number",
                format!(
                    "The group has sessions 1 to {sessions}; there is no session {}.",
                    p.session_number
                ),
            ));
        }
        let known: bool = conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM instruments WHERE id = ?1)")?
            .query_row([&p.instrument_id], |r| r.get(0))?;
        if !known {
            return Err(Error::validation("instrument_id", "That measure does not exist."));
        }
    }
    conn.prepare_cached("DELETE FROM measure_plans WHERE group_id = ?1")?
        .execute([group])?;
    for p in planned {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO measure_plans (group_id, instrument_id, session_number) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![group, p.instrument_id, p.session_number])?;
    }
    audit::append(conn, AuditEvent::MeasurePlanChanged, &format!("group {group}"))?;
    Ok(())
}

/// Forgets a deleted group's measurement plan: a plan, not a record.
pub(crate) fn delete_with_group(conn: &Connection, group: GroupId) -> Result<()> {
    conn.prepare_cached("DELETE FROM measure_plans WHERE group_id = ?1")?
        .execute([group])?;
    Ok(())
}

/// A session where planned measures are still to be entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MeasuresDue {
    pub session_id: SessionId,
    pub group_id: GroupId,
    pub group_name: String,
    pub session_number: u32,
    #[ts(type = "string")]
    pub session_date: NaiveDate,
    /// The measure's short name, e.g. "PHQ-9".
    pub measure: String,
    pub instrument_id: InstrumentId,
    /// Members who attended (or are enrolled, for today's) without a result.
    pub missing: u32,
}

/// Planned measures of sessions from `since` to `today` (held ones, and
/// today's) still missing for members who attended; oldest first.
pub fn due(conn: &Connection, today: NaiveDate, since: NaiveDate) -> Result<Vec<MeasuresDue>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, g.id, g.name, s.number, s.date, i.short_name, i.id,
                -- Held: who attended (the session's own marks); to come: who is enrolled.
                CASE WHEN s.status = 'held'
                     THEN (SELECT count(*) FROM attendance a
                           WHERE a.session_id = s.id AND a.status IN ('present', 'late', 'left_early')
                             AND NOT EXISTS (SELECT 1 FROM measure_results r
                                             WHERE r.place_id = a.place_id AND r.instrument_id = mp.instrument_id
                                               AND r.voided_at IS NULL
                                               AND r.taken_on BETWEEN date(s.date, '-7 days') AND date(s.date, '+7 days')))
                     ELSE (SELECT count(*) FROM places p
                           WHERE p.group_id = g.id AND p.stage = 'enrolled'
                             AND NOT EXISTS (SELECT 1 FROM measure_results r
                                             WHERE r.place_id = p.id AND r.instrument_id = mp.instrument_id
                                               AND r.voided_at IS NULL
                                               AND r.taken_on BETWEEN date(s.date, '-7 days') AND date(s.date, '+7 days')))
                END
                 AS missing
         FROM sessions s JOIN groups g ON g.id = s.group_id
         JOIN measure_plans mp ON mp.group_id = s.group_id AND mp.session_number = s.number
         JOIN instruments i ON i.id = mp.instrument_id
         WHERE s.date BETWEEN ?2 AND ?1 AND (s.status = 'held' OR (s.status = 'scheduled' AND s.date = ?1))
         ORDER BY s.date, g.name, i.short_name",
    )?;
    let rows = stmt.query_map(params![today, since], |r| {
        Ok(MeasuresDue {
            session_id: r.get(0)?,
            group_id: r.get(1)?,
            group_name: r.get(2)?,
            session_number: r.get(3)?,
            session_date: r.get(4)?,
            measure: r.get(5)?,
            instrument_id: r.get(6)?,
            missing: r.get(7)?,
        })
    })?;
    Ok(rows
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|d| d.missing > 0)
        .collect())
}

/// A member's entry for a measure planned at a session.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DueMember {
    pub place_id: crate::ids::PlaceId,
    pub member_id: crate::ids::MemberId,
    pub name: String,
    /// The result that counts for this session (taken within a week of it), if entered.
    pub result_id: Option<crate::ids::ResultId>,
    pub total: Option<f64>,
}

/// A measure planned at a session, with each member it is for.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SessionMeasure {
    pub instrument_id: InstrumentId,
    pub measure: String,
    pub members: Vec<DueMember>,
}

/// The measures planned at `session`: for a held session, the members who
/// attended; before, everyone enrolled. Two queries, whatever the group's size.
pub fn at_session(conn: &Connection, session: SessionId) -> Result<Vec<SessionMeasure>> {
    let mut out: Vec<SessionMeasure> = conn
        .prepare_cached(
            "SELECT i.id, i.short_name FROM sessions s
             JOIN measure_plans mp ON mp.group_id = s.group_id AND mp.session_number = s.number
             JOIN instruments i ON i.id = mp.instrument_id
             WHERE s.id = ?1 ORDER BY i.builtin DESC, i.short_name",
        )?
        .query_map([session], |r| {
            Ok(SessionMeasure {
                instrument_id: r.get(0)?,
                measure: r.get(1)?,
                members: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if out.is_empty() {
        return Ok(out);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT mp.instrument_id, p.id, m.id, m.legal_name, m.preferred_name, r.id, r.total
         FROM sessions s
         JOIN measure_plans mp ON mp.group_id = s.group_id AND mp.session_number = s.number
         JOIN places p ON p.group_id = s.group_id
         JOIN members m ON m.id = p.member_id
         LEFT JOIN measure_results r ON r.id =
                (SELECT x.id FROM measure_results x
                 WHERE x.place_id = p.id AND x.instrument_id = mp.instrument_id AND x.voided_at IS NULL
                   AND x.taken_on BETWEEN date(s.date, '-7 days') AND date(s.date, '+7 days')
                 ORDER BY x.session_id IS s.id DESC, x.taken_on DESC LIMIT 1)
         WHERE s.id = ?1
           AND (CASE WHEN s.status = 'held' OR EXISTS (SELECT 1 FROM attendance a0 WHERE a0.session_id = s.id)
                     THEN EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id AND a.place_id = p.id
                                  AND a.status IN ('present', 'late', 'left_early'))
                     ELSE p.stage = 'enrolled' END)
         ORDER BY m.sort_key, m.id",
    )?;
    let mut rows = stmt.query([session])?;
    while let Some(r) = rows.next()? {
        let id: InstrumentId = r.get(0)?;
        let (legal, preferred): (String, String) = (r.get(3)?, r.get(4)?);
        if let Some(m) = out.iter_mut().find(|m| m.instrument_id == id) {
            m.members.push(DueMember {
                place_id: r.get(1)?,
                member_id: r.get(2)?,
                name: crate::roster::names::goes_by(&legal, &preferred).to_string(),
                result_id: r.get(5)?,
                total: r.get(6)?,
            });
        }
    }
    Ok(out)
}
