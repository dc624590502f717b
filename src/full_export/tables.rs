//! Every table the clinician owns, as it is: one JSON array of rows per
//! table (each row an object by column name) and a CSV file per table.
//! Which tables: every one `tables::TABLES` lists but those derived from
//! others (the search index, Today's list of notes to finish), and the
//! psychotherapy notes only when asked for. docs/export-format.md says what
//! every column holds; `tests/full_export.rs` holds the document to the schema.

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::tables::{Keeping, Table, TABLES};

/// Psychotherapy notes (HIPAA 164.501): exported only when asked for.
pub const PSYCHOTHERAPY_NOTES: &str = "psychotherapy_notes";

/// The tables an export holds.
pub fn exported(psychotherapy_notes: bool) -> impl Iterator<Item = &'static Table> {
    TABLES
        .iter()
        .filter(|t| t.keeping != Keeping::Derived)
        .filter(move |t| psychotherapy_notes || t.name != PSYCHOTHERAPY_NOTES)
}

/// One table's columns and rows, in the order they were written.
pub struct Dump {
    pub name: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// Reads one table whole.
pub fn dump(conn: &Connection, table: &'static Table) -> Result<Dump> {
    let mut stmt = conn.prepare(&format!("SELECT * FROM \"{}\" ORDER BY rowid", table.name))?;
    let columns: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
    let n = columns.len();
    let mut rows = Vec::new();
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        let mut row = Vec::with_capacity(n);
        for (i, column) in columns.iter().enumerate() {
            row.push(match r.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(v) => Value::from(v),
                ValueRef::Real(v) => serde_json::Number::from_f64(v)
                    .map(Value::Number)
                    .unwrap_or(Value::Null),
                ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(_) => {
                    return Err(Error::Internal(format!(
                        "{}.{column} holds bytes, which the export format does not describe",
                        table.name
                    )))
                }
            });
        }
        rows.push(row);
    }
    Ok(Dump {
        name: table.name,
        columns,
        rows,
    })
}

/// The rows of a table as JSON objects by column name.
pub fn to_json(d: &Dump) -> Value {
    Value::Array(
        d.rows
            .iter()
            .map(|row| {
                let mut m = Map::new();
                for (c, v) in d.columns.iter().zip(row) {
                    m.insert(c.clone(), v.clone());
                }
                Value::Object(m)
            })
            .collect(),
    )
}

/// A text that a spreadsheet would take for a formula (it begins with
/// `=`, `+`, `-`, `@`, a tab or a carriage return) is written with an
/// apostrophe before it, so the spreadsheet shows it as text. The JSON
/// holds every value exactly.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) if s.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{s}"),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A table as CSV: UTF-8 with a byte-order mark (for spreadsheet
/// programs), a header row of column names, every field quoted as needed.
pub fn to_csv(d: &Dump) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::from(*b"\xEF\xBB\xBF"));
    let failed = |e: csv::Error| Error::Internal(format!("CSV of {}: {e}", d.name));
    w.write_record(&d.columns).map_err(failed)?;
    for row in &d.rows {
        w.write_record(row.iter().map(cell)).map_err(failed)?;
    }
    w.into_inner()
        .map_err(|e| Error::Internal(format!("CSV of {}: {e}", d.name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_a_spreadsheet_would_run_is_written_as_text() {
        let d = Dump {
            name: "members",
            columns: vec!["legal_name".into(), "n".into()],
            rows: vec![
                vec![Value::from("=HYPERLINK(\"x\")"), Value::from(-2)],
                vec![Value::from("José Núñez, \"Pepe\""), Value::Null],
            ],
        };
        let text = String::from_utf8(to_csv(&d).unwrap()).unwrap();
        assert_eq!(
            text,
            "\u{feff}legal_name,n\n\"'=HYPERLINK(\"\"x\"\")\",-2\n\"José Núñez, \"\"Pepe\"\"\",\n"
        );
    }
}
