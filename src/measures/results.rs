//! Entering a measure's result item by item, voiding a mistaken one, and
//! responding to the risk a result raised (PHQ-9 item 9 above 0). A result
//! is final once entered; the database checks its answers and total again.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::instruments::{self, Instrument};
use super::scoring::{self, Band};
use super::InstrumentId;
use crate::error::{Error, Result};
use std::collections::HashSet;

use crate::ids::{GroupId, PlaceId, ResultId, SessionId};
use crate::planning::calendar::parse_date;
use crate::roster::places;
use crate::sentence;
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};

/// A result as the clinician enters it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ResultInput {
    pub instrument_id: InstrumentId,
    /// The session it was taken at, if any (an intake is at none).
    pub session_id: Option<SessionId>,
    /// `YYYY-MM-DD`.
    pub taken_on: String,
    /// One per item, in order; null for an item left blank.
    #[ts(type = "Array<number | null>")]
    pub answers: Vec<Option<i64>>,
}

/// A result, scored.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MeasureResult {
    pub id: ResultId,
    pub place_id: PlaceId,
    pub instrument_id: InstrumentId,
    pub session_id: Option<SessionId>,
    #[ts(type = "string")]
    pub taken_on: NaiveDate,
    #[ts(type = "Array<number | null>")]
    pub answers: Vec<Option<i64>>,
    pub total: f64,
    pub band: Option<Band>,
    /// Risk raised (an answer above the minimum on the instrument's risk item).
    pub risk: bool,
    /// The response recorded to that risk, if any.
    pub risk_answered: bool,
    pub voided: bool,
    pub void_reason: String,
}

fn raises_risk(i: &Instrument, answers: &[Option<i64>]) -> bool {
    i.risk_item
        .and_then(|n| answers.get(n as usize - 1).copied().flatten())
        .is_some_and(|v| v > i.item_min)
}

/// Enters a result for a member's place; refused whole when an answer is
/// out of range or too many are blank.
pub fn enter(
    conn: &Connection,
    place: PlaceId,
    input: &ResultInput,
    today: NaiveDate,
    now: Timestamp,
) -> Result<MeasureResult> {
    let p = places::get(conn, place)?;
    let i = instruments::get(conn, &input.instrument_id)?;
    let taken_on = parse_date("taken_on", "The date the measure was taken", &input.taken_on)?;
    if taken_on > today {
        return Err(Error::validation(
            "taken_on",
            "A measure is entered once it has been taken: the date cannot be in the future.",
        ));
    }
    if let Some(s) = input.session_id {
        let group: Option<crate::ids::GroupId> = conn
            .prepare_cached("SELECT group_id FROM sessions WHERE id = ?1")?
            .query_row([s], |r| r.get(0))
            .optional()?;
        if group != Some(p.group_id) {
            return Err(Error::validation(
                "session_id",
                "That session is not one of this member's group.",
            ));
        }
    }
    let total = scoring::total(&i.scale(), &input.answers).map_err(|e| {
        Error::validation(
            "answers",
            format!("{}: {}", i.short_name, e.message(i.item_min, i.item_max)),
        )
    })?;
    let id = ResultId::new();
    let answers = serde_json::to_string(&input.answers).map_err(|e| Error::Internal(e.to_string()))?;
    conn.prepare_cached(
        "INSERT INTO measure_results (id, place_id, instrument_id, session_id, taken_on, answers, total,
                                      raises_risk, entered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        id,
        place,
        i.id,
        input.session_id,
        taken_on,
        answers,
        total,
        raises_risk(&i, &input.answers),
        now
    ])?;
    audit::append(
        conn,
        AuditEvent::MeasureEntered,
        &format!("{} entered for place {place} (taken {taken_on})", i.short_name),
    )?;
    result(conn, id)
}

/// Voids a result entered by mistake; it stays in the record, marked, and
/// leaves the charts. Enter the right one again.
pub fn void(conn: &Connection, id: ResultId, reason: &str, now: Timestamp) -> Result<()> {
    let r = result(conn, id)?;
    if r.voided {
        return Err(Error::Conflict("This result was already voided.".into()));
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(Error::validation(
            "void_reason",
            "Say why the result is voided (up to 2,000 characters).",
        ));
    }
    conn.prepare_cached("UPDATE measure_results SET voided_at = ?2, void_reason = ?3 WHERE id = ?1")?
        .execute(params![id, now, reason])?;
    audit::append(conn, AuditEvent::MeasureVoided, &format!("result {id} voided"))?;
    Ok(())
}

/// Records the clinician's response to the risk a result raised; final.
pub fn record_risk_response(
    conn: &Connection,
    id: ResultId,
    responded_on: &str,
    response: &str,
    today: NaiveDate,
    now: Timestamp,
) -> Result<()> {
    let r = result(conn, id)?;
    if !r.risk {
        return Err(Error::Conflict(
            "This result raised no risk to respond to.".into(),
        ));
    }
    if r.risk_answered {
        return Err(Error::Conflict(
            "A response to this risk is already recorded; it is final.".into(),
        ));
    }
    let on = parse_date("responded_on", "The date of the response", responded_on)?;
    if on > today || on < r.taken_on {
        return Err(Error::validation(
            "responded_on",
            format!(
                "The response is dated between the day of the measure ({}) and today.",
                sentence::date(r.taken_on)
            ),
        ));
    }
    let response = response.trim();
    if response.is_empty() || response.chars().count() > 4000 {
        return Err(Error::validation(
            "response",
            "Write what you did in response (up to 4,000 characters).",
        ));
    }
    conn.prepare_cached(
        "INSERT INTO measure_risk_responses (result_id, responded_on, response, recorded_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, on, response, now])?;
    audit::append(
        conn,
        AuditEvent::MeasureRiskResponseRecorded,
        &format!("result {id}: response to risk recorded"),
    )?;
    Ok(())
}

const RESULT_COLUMNS: &str =
    "r.instrument_id, r.id, r.place_id, r.session_id, r.taken_on, r.answers, r.total,
     r.voided_at IS NOT NULL, r.void_reason,
     EXISTS (SELECT 1 FROM measure_risk_responses x WHERE x.result_id = r.id)";

/// A result as stored; its band and risk are filled in by `scored`.
fn result_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MeasureResult> {
    let answers: String = r.get(5)?;
    Ok(MeasureResult {
        id: r.get(1)?,
        place_id: r.get(2)?,
        instrument_id: r.get(0)?,
        session_id: r.get(3)?,
        taken_on: r.get(4)?,
        answers: serde_json::from_str(&answers).unwrap_or_default(),
        total: r.get(6)?,
        band: None,
        risk: false,
        risk_answered: r.get(9)?,
        voided: r.get(7)?,
        void_reason: r.get(8)?,
    })
}

/// The result with the band its total falls in and the risk its answers raise.
fn scored(row: MeasureResult, i: &Instrument) -> MeasureResult {
    MeasureResult {
        band: scoring::band(&i.bands, row.total).cloned(),
        risk: raises_risk(i, &row.answers),
        ..row
    }
}

pub fn result(conn: &Connection, id: ResultId) -> Result<MeasureResult> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {RESULT_COLUMNS} FROM measure_results r WHERE r.id = ?1"
        ))?
        .query_row([id], result_row)
        .optional()?
        .ok_or_else(|| Error::NotFound("That result no longer exists.".into()))?;
    let i = instruments::get(conn, &row.instrument_id)?;
    Ok(scored(row, &i))
}

/// Risk a measure raised with no response yet, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MeasureRisk {
    pub result_id: ResultId,
    pub place_id: PlaceId,
    pub member_id: crate::ids::MemberId,
    pub name: String,
    pub group_name: String,
    pub measure: String,
    #[ts(type = "string")]
    pub taken_on: NaiveDate,
    /// The wording of the item answered.
    pub item: String,
    /// The answer, in the measure's words ("Several days").
    pub answer: String,
}

/// Every result that raised risk and has no response yet (optionally one member's).
pub fn open_risks(conn: &Connection, member: Option<crate::ids::MemberId>) -> Result<Vec<MeasureRisk>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.place_id, m.id, m.legal_name, m.preferred_name, g.name, i.short_name, r.taken_on,
                it.wording, json_extract(r.answers, '$[' || (i.risk_item - 1) || ']') - i.item_min, i.answer_labels,
                json_extract(r.answers, '$[' || (i.risk_item - 1) || ']')
         FROM measure_results r JOIN places p ON p.id = r.place_id JOIN members m ON m.id = p.member_id
         JOIN groups g ON g.id = p.group_id JOIN instruments i ON i.id = r.instrument_id
         JOIN instrument_items it ON it.instrument_id = i.id AND it.position = i.risk_item
         WHERE r.raises_risk = 1 AND r.voided_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM measure_risk_responses x WHERE x.result_id = r.id)
           AND (?1 IS NULL OR m.id = ?1)
         ORDER BY r.taken_on, m.sort_key",
    )?;
    let rows = stmt.query_map([member], |r| {
        let (legal, preferred): (String, String) = (r.get(3)?, r.get(4)?);
        let offset: i64 = r.get(9)?;
        let labels: String = r.get(10)?;
        let labels: Vec<String> = serde_json::from_str(&labels).unwrap_or_default();
        let value: i64 = r.get(11)?;
        Ok(MeasureRisk {
            result_id: r.get(0)?,
            place_id: r.get(1)?,
            member_id: r.get(2)?,
            name: crate::roster::names::goes_by(&legal, &preferred).to_string(),
            group_name: r.get(5)?,
            measure: r.get(6)?,
            taken_on: r.get(7)?,
            item: r.get(8)?,
            answer: labels
                .get(offset as usize)
                .map(|l| format!("{value} ({l})"))
                .unwrap_or_else(|| value.to_string()),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A total as the answers so far give it, before anything is saved.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Score {
    pub total: f64,
    pub band: Option<Band>,
    /// The answers raise risk (an answer above the minimum on the risk item).
    pub risk: bool,
}

/// Scores answers without saving them, so the entry form shows the total
/// and band the core will store; the same rules as `enter`.
pub fn score(conn: &Connection, instrument: &InstrumentId, answers: &[Option<i64>]) -> Result<Score> {
    let i = instruments::get(conn, instrument)?;
    let total = scoring::total(&i.scale(), answers).map_err(|e| {
        Error::validation(
            "answers",
            format!("{}: {}", i.short_name, e.message(i.item_min, i.item_max)),
        )
    })?;
    Ok(Score {
        total,
        band: scoring::band(&i.bands, total).cloned(),
        risk: raises_risk(&i, answers),
    })
}

/// Every result of a member's place, voided ones included, newest first.
/// The places in the group with a result that raised risk and has no
/// response recorded yet (on `measure_results_with_risk`).
pub fn unanswered_risk(conn: &Connection, group: GroupId) -> Result<HashSet<PlaceId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT r.place_id FROM places p
         JOIN measure_results r ON r.place_id = p.id AND r.raises_risk = 1 AND r.voided_at IS NULL
         WHERE p.group_id = ?1
           AND NOT EXISTS (SELECT 1 FROM measure_risk_responses x WHERE x.result_id = r.id)",
    )?;
    let rows = stmt.query_map([group], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn of_place(conn: &Connection, place: PlaceId) -> Result<Vec<MeasureResult>> {
    let all = instruments::list(conn)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {RESULT_COLUMNS} FROM measure_results r WHERE r.place_id = ?1
         ORDER BY r.taken_on DESC, r.rowid DESC"
    ))?;
    let rows = stmt.query_map([place], result_row)?;
    rows.map(|row| {
        let row = row?;
        Ok(match all.iter().find(|i| i.id == row.instrument_id) {
            Some(i) => scored(row, i),
            None => row,
        })
    })
    .collect()
}
