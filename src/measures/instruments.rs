//! The measures a clinician can use, with their items and bands.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::scoring::{Band, Scale, Scoring};
use super::InstrumentId;
use crate::error::{Error, Result};

/// An item: its wording, and whether it is reverse-scored.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Item {
    pub position: u32,
    pub wording: String,
    pub reverse: bool,
    pub subscale: String,
}

/// A measure, ready to be entered and scored.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Instrument {
    pub id: InstrumentId,
    pub name: String,
    pub short_name: String,
    pub builtin: bool,
    pub instructions: String,
    #[ts(type = "number")]
    pub item_min: i64,
    #[ts(type = "number")]
    pub item_max: i64,
    /// What each answer means, item_min first (may be empty).
    pub answer_labels: Vec<String>,
    pub scoring: Scoring,
    pub min_answered: u32,
    pub higher_is_worse: bool,
    pub reliable_change: Option<f64>,
    pub reliability: Option<f64>,
    pub sd: Option<f64>,
    /// The item (1-based) whose answer above item_min raises risk.
    pub risk_item: Option<u32>,
    pub items: Vec<Item>,
    pub bands: Vec<Band>,
}

impl Instrument {
    pub fn scale(&self) -> Scale {
        Scale {
            item_min: self.item_min,
            item_max: self.item_max,
            scoring: self.scoring,
            min_answered: self.min_answered as usize,
            reverse: self.items.iter().map(|i| i.reverse).collect(),
        }
    }

    /// The threshold for a reliable change, if the instrument has one.
    pub fn reliable_change_threshold(&self) -> Option<f64> {
        super::scoring::reliable_change_threshold(self.reliable_change, self.reliability, self.sd)
    }
}

/// Every measure: built-in first, then the clinician's own by name. Three
/// queries, however many measures there are.
pub fn list(conn: &Connection) -> Result<Vec<Instrument>> {
    let mut items = by_instrument(
        conn,
        "SELECT position, wording, reverse, subscale, instrument_id FROM instrument_items ORDER BY instrument_id, position",
        4,
        item_row,
    )?;
    let mut bands = by_instrument(
        conn,
        "SELECT low, high, label, instrument_id FROM instrument_bands ORDER BY instrument_id, low",
        3,
        band_row,
    )?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {HEADER_COLUMNS} FROM instruments ORDER BY builtin DESC, name"
    ))?;
    let headers = stmt.query_map([], header_row)?;
    headers
        .map(|h| {
            let mut i = h?;
            i.items = items.remove(&i.id).unwrap_or_default();
            i.bands = bands.remove(&i.id).unwrap_or_default();
            Ok(i)
        })
        .collect()
}

pub fn get(conn: &Connection, id: &InstrumentId) -> Result<Instrument> {
    let mut i = header(conn, id)?;
    i.items = conn
        .prepare_cached(
            "SELECT position, wording, reverse, subscale FROM instrument_items WHERE instrument_id = ?1 ORDER BY position",
        )?
        .query_map([id], item_row)?
        .collect::<rusqlite::Result<_>>()?;
    i.bands = conn
        .prepare_cached(
            "SELECT low, high, label FROM instrument_bands WHERE instrument_id = ?1 ORDER BY low",
        )?
        .query_map([id], band_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(i)
}

fn item_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Item> {
    Ok(Item {
        position: r.get(0)?,
        wording: r.get(1)?,
        reverse: r.get(2)?,
        subscale: r.get(3)?,
    })
}

fn band_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Band> {
    Ok(Band {
        low: r.get(0)?,
        high: r.get(1)?,
        label: r.get(2)?,
    })
}

/// The rows of `sql` grouped by the instrument id in column `id_column`.
fn by_instrument<T>(
    conn: &Connection,
    sql: &str,
    id_column: usize,
    row: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<std::collections::HashMap<InstrumentId, Vec<T>>> {
    let mut out: std::collections::HashMap<InstrumentId, Vec<T>> = Default::default();
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(id_column)?).or_default().push(row(r)?);
    }
    Ok(out)
}

const HEADER_COLUMNS: &str =
    "id, name, short_name, builtin, instructions, item_min, item_max, answer_labels, scoring,
     min_answered, higher_is_worse, reliable_change, reliability, sd, risk_item";

fn header_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Instrument> {
    let labels: String = r.get(7)?;
    Ok(Instrument {
        id: r.get(0)?,
        name: r.get(1)?,
        short_name: r.get(2)?,
        builtin: r.get(3)?,
        instructions: r.get(4)?,
        item_min: r.get(5)?,
        item_max: r.get(6)?,
        answer_labels: serde_json::from_str(&labels).unwrap_or_default(),
        scoring: r.get(8)?,
        min_answered: r.get(9)?,
        higher_is_worse: r.get(10)?,
        reliable_change: r.get(11)?,
        reliability: r.get(12)?,
        sd: r.get(13)?,
        risk_item: r.get(14)?,
        items: Vec::new(),
        bands: Vec::new(),
    })
}

fn header(conn: &Connection, id: &InstrumentId) -> Result<Instrument> {
    conn.prepare_cached(&format!("SELECT {HEADER_COLUMNS} FROM instruments WHERE id = ?1"))?
        .query_row([id], header_row)
        .optional()?
        .ok_or_else(|| Error::NotFound("That measure no longer exists.".into()))
}

/// A measure the clinician defines (their practice's own, or a licensed
/// scale whose text Cohort does not ship).
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize, TS)]
pub struct InstrumentInput {
    pub name: String,
    pub short_name: String,
    pub instructions: String,
    #[ts(type = "number")]
    pub item_min: i64,
    #[ts(type = "number")]
    pub item_max: i64,
    pub answer_labels: Vec<String>,
    pub scoring: Option<Scoring>,
    pub min_answered: u32,
    pub higher_is_worse: bool,
    pub reliability: Option<f64>,
    pub sd: Option<f64>,
    pub items: Vec<ItemInput>,
    pub bands: Vec<Band>,
}

/// An item of a measure being defined.
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize, TS)]
pub struct ItemInput {
    pub wording: String,
    pub reverse: bool,
    pub subscale: String,
}

/// The limits of a measure the clinician defines (exported to the UI, which
/// checks them as they are typed; the core checks them again here).
pub const NAME_MAX: usize = 120;
pub const SHORT_NAME_MAX: usize = 20;
/// The lowest and highest an item's answers may run between.
pub const ANSWER_RANGE: (i64, i64) = (0, 100);
pub const ITEMS_MAX: usize = 200;
pub const ITEM_WORDING_MAX: usize = 500;

fn invalid(field: &str, message: impl Into<String>) -> Error {
    Error::validation(field, message)
}

/// Defines a measure; every rule is checked first, nothing half-saved.
pub fn define(
    conn: &Connection,
    input: &InstrumentInput,
    now: crate::values::Timestamp,
) -> Result<InstrumentId> {
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > NAME_MAX {
        return Err(invalid(
            "name",
            format!("Name the measure (up to {NAME_MAX} characters)."),
        ));
    }
    let short = input.short_name.trim();
    if short.is_empty() || short.chars().count() > SHORT_NAME_MAX {
        return Err(invalid(
            "short_name",
            format!("Give it a short name for charts (up to {SHORT_NAME_MAX} characters)."),
        ));
    }
    let taken: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM instruments WHERE name = ?1)")?
        .query_row([name], |r| r.get(0))?;
    if taken {
        return Err(invalid("name", "A measure with that name exists already."));
    }
    let (lowest, highest) = ANSWER_RANGE;
    if input.item_min < lowest || input.item_max > highest || input.item_max <= input.item_min {
        return Err(invalid(
            "item_max",
            format!("Items are answered on a range such as 0 to 3 or 1 to 5: the highest above the lowest, from {lowest} to {highest}."),
        ));
    }
    let span = (input.item_max - input.item_min + 1) as usize;
    if !input.answer_labels.is_empty() && input.answer_labels.len() != span {
        return Err(invalid(
            "answer_labels",
            format!(
                "Label every answer from {} to {} ({span} labels), or none.",
                input.item_min, input.item_max
            ),
        ));
    }
    let Some(scoring) = input.scoring else {
        return Err(invalid(
            "scoring",
            "Choose whether the total is the sum or the mean of the items.",
        ));
    };
    if input.items.is_empty() || input.items.len() > ITEMS_MAX {
        return Err(invalid("items", format!("A measure has 1 to {ITEMS_MAX} items.")));
    }
    if let Some(n) = input.items.iter().position(|i| {
        let w = i.wording.trim();
        w.is_empty() || w.chars().count() > ITEM_WORDING_MAX
    }) {
        return Err(invalid(
            "items",
            format!("Write item {} (up to {ITEM_WORDING_MAX} characters).", n + 1),
        ));
    }
    if input.min_answered < 1 || input.min_answered as usize > input.items.len() {
        return Err(invalid(
            "min_answered",
            format!(
                "At least 1 and at most all {} items must be answered for a score.",
                input.items.len()
            ),
        ));
    }
    match (input.reliability, input.sd) {
        (None, None) => {}
        (Some(r), Some(sd)) if r > 0.0 && r < 1.0 && sd > 0.0 => {}
        _ => {
            return Err(invalid(
                "reliability",
                "For reliable change give both the reliability (between 0 and 1) and the standard deviation (above 0), or neither.",
            ))
        }
    }
    let mut bands = input.bands.clone();
    bands.sort_by(|a, b| a.low.total_cmp(&b.low));
    for (i, b) in bands.iter().enumerate() {
        if b.label.trim().is_empty() || b.high < b.low {
            return Err(invalid(
                "bands",
                "Each band has a label and runs from its lowest total to its highest.",
            ));
        }
        if i > 0 && b.low <= bands[i - 1].high {
            return Err(invalid(
                "bands",
                format!("The bands “{}” and “{}” overlap.", bands[i - 1].label, b.label),
            ));
        }
    }
    let id = InstrumentId(crate::ids::fresh_uuid().to_string());
    conn.prepare_cached(
        "INSERT INTO instruments (id, name, short_name, builtin, instructions, item_min, item_max, answer_labels,
                                  scoring, min_answered, higher_is_worse, reliability, sd, created_at)
         VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(rusqlite::params![
        id,
        name,
        short,
        input.instructions.trim(),
        input.item_min,
        input.item_max,
        serde_json::to_string(&input.answer_labels).map_err(|e| Error::Internal(e.to_string()))?,
        scoring,
        input.min_answered,
        input.higher_is_worse,
        input.reliability,
        input.sd,
        now
    ])?;
    for (n, item) in input.items.iter().enumerate() {
        conn.prepare_cached(
            "INSERT INTO instrument_items (instrument_id, position, wording, reverse, subscale) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(rusqlite::params![id, n as u32 + 1, item.wording.trim(), item.reverse, item.subscale.trim()])?;
    }
    for b in &bands {
        conn.prepare_cached(
            "INSERT INTO instrument_bands (instrument_id, low, high, label) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(rusqlite::params![id, b.low, b.high, b.label.trim()])?;
    }
    crate::vault::audit::append(
        conn,
        crate::vault::audit::AuditEvent::MeasureDefined,
        &format!("measure {id} “{short}”"),
    )?;
    Ok(id)
}
