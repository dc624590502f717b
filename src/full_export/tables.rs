//! Every table the clinician owns, as it is: one JSON array of rows per
//! table (each row an object by column name, one per line) and a CSV file
//! per table, each written as its rows are read, never held whole.
//! Which tables: every one `tables::TABLES` lists but those derived from
//! others (the search index, Today's list of notes to finish), and the
//! psychotherapy notes only when asked for. docs/export-format.md says what
//! every column holds; `tests/full_export.rs` holds the document to the schema.

use std::io::Write;

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde_json::Value;

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

fn value(table: &str, column: &str, v: ValueRef<'_>) -> Result<Value> {
    Ok(match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(v) => Value::from(v),
        ValueRef::Real(v) => serde_json::Number::from_f64(v)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(_) => {
            return Err(Error::Internal(format!(
                "{table}.{column} holds bytes, which the export format does not describe"
            )))
        }
    })
}

/// The columns of a table, in order.
pub fn columns(conn: &Connection, table: &Table) -> Result<Vec<String>> {
    let stmt = conn.prepare(&format!("SELECT * FROM \"{}\" LIMIT 0", table.name))?;
    Ok(stmt.column_names().map(|c| c.to_string()).collect())
}

/// Calls `f` with each row of the table as values, in the order written.
pub fn each_row(conn: &Connection, table: &Table, mut f: impl FnMut(&[Value]) -> Result<()>) -> Result<i64> {
    let mut stmt = conn.prepare(&format!("SELECT * FROM \"{}\" ORDER BY rowid", table.name))?;
    let cols: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
    let mut rows = stmt.query([])?;
    let mut row = Vec::with_capacity(cols.len());
    let mut n = 0;
    while let Some(r) = rows.next()? {
        row.clear();
        for (i, c) in cols.iter().enumerate() {
            row.push(value(table.name, c, r.get_ref(i)?)?);
        }
        f(&row)?;
        n += 1;
    }
    Ok(n)
}

fn io(e: std::io::Error) -> Error {
    Error::io("write the export", e)
}

/// Writes `"tables": {"name": [row, …], …}` (one row per line) and returns
/// how many tables and rows.
pub fn write_json(conn: &Connection, out: &mut dyn Write, psychotherapy_notes: bool) -> Result<(u32, i64)> {
    let (mut tables, mut rows) = (0, 0);
    out.write_all(b"\"tables\": {").map_err(io)?;
    for (i, t) in exported(psychotherapy_notes).enumerate() {
        // Each field's `"name": ` once, written before its value in every row.
        let keys: Vec<Vec<u8>> = columns(conn, t)?
            .iter()
            .enumerate()
            .map(|(j, c)| {
                format!("{}{}:", if j > 0 { "," } else { "" }, Value::from(c.as_str())).into_bytes()
            })
            .collect();
        write!(
            out,
            "{}\n{}: [",
            if i > 0 { "," } else { "" },
            Value::from(t.name)
        )
        .map_err(io)?;
        let mut first = true;
        rows += each_row(conn, t, |row| {
            out.write_all(if first { b"\n{" } else { b",\n{" }).map_err(io)?;
            first = false;
            for (k, v) in keys.iter().zip(row) {
                out.write_all(k).map_err(io)?;
                serde_json::to_writer(&mut *out, v)
                    .map_err(|e| Error::Internal(format!("export JSON: {e}")))?;
            }
            out.write_all(b"}").map_err(io)
        })?;
        out.write_all(if first { b"]" } else { b"\n]" }).map_err(io)?;
        tables += 1;
    }
    out.write_all(b"\n}").map_err(io)?;
    Ok((tables, rows))
}

/// A value as its CSV field: a text a spreadsheet would run as a formula
/// is written as text (`exports::spreadsheet_text`). The JSON holds every
/// value exactly.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => crate::exports::spreadsheet_text(s).into_owned(),
        other => other.to_string(),
    }
}

/// A table as CSV: UTF-8 with a byte-order mark (for spreadsheet
/// programs), a header row of column names, every field quoted as needed.
pub fn write_csv(conn: &Connection, table: &Table, out: &mut dyn Write) -> Result<()> {
    out.write_all(crate::exports::UTF8_BOM).map_err(io)?;
    let mut w = csv::WriterBuilder::new().from_writer(out);
    let failed = |e: csv::Error| Error::Internal(format!("CSV of {}: {e}", table.name));
    w.write_record(columns(conn, table)?).map_err(failed)?;
    each_row(conn, table, |row| {
        w.write_record(row.iter().map(cell)).map_err(failed)
    })?;
    w.flush().map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_a_spreadsheet_would_run_is_written_as_text() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE people (legal_name TEXT, n INTEGER);
             INSERT INTO people VALUES ('=HYPERLINK(\"x\")', -2), ('José Núñez, \"Pepe\"', NULL);",
        )
        .unwrap();
        let people = Table {
            name: "people",
            area: crate::tables::Area::Roster,
            keeping: Keeping::Free,
            identity: &[],
        };
        let mut out = Vec::new();
        write_csv(&conn, &people, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}legal_name,n\n\"'=HYPERLINK(\"\"x\"\")\",-2\n\"José Núñez, \"\"Pepe\"\"\",\n"
        );
    }
}
