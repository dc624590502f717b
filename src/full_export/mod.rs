//! Everything the clinician owns, for portability, in open formats a
//! program reads without Cohort — in one zip, built in memory and written
//! once where the clinician chose:
//!
//! ```text
//! cohort-export/README.txt           what this is, and that it is not encrypted
//! cohort-export/cohort-export.json   every table's rows (docs/export-format.md)
//! cohort-export/csv/<table>.csv      the same, a CSV per table
//! cohort-export/fhir-bundle.json     the records as a FHIR R4 Bundle
//! ```
//!
//! Psychotherapy notes are left out unless the clinician asks for them
//! (HIPAA 164.501 keeps them apart from the record). What leaves the vault
//! this way is plain text: the `exports` pattern (told once, a save
//! dialog, 0600, audited — which file and what it holds, never its contents).

pub mod fhir;
pub mod tables;

use std::io::Write;
use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;
use serde_json::{json, Map};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::exports;
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};
use crate::vault::migrate;

/// The export format's version (docs/export-format.md).
pub const FORMAT_VERSION: u32 = 1;
/// The folder everything is in, inside the zip.
pub const FOLDER: &str = "cohort-export";

const README: &str = "Cohort: everything exported

This folder holds every record of your Cohort vault as plain files, for you to
keep or to read with another program:

  cohort-export.json   every table, row by row (the format is in Cohort's
                       docs/export-format.md: every field, its type and meaning)
  csv/                 the same, one CSV file per table (UTF-8). A text that
                       begins with = + - @ is written with ' before it so that
                       spreadsheets show it as text; the JSON holds it exactly.
  fhir-bundle.json     the records as a FHIR R4 Bundle, the format of health IT

THESE FILES ARE NOT ENCRYPTED. Anyone who can open them can read every record.
Keep them only where you alone can reach them, and delete them when you no
longer need them.
";

/// Said before every full export, which holds every record.
pub const WARNING: &str = "This export holds every record — names, contact details, notes, goals and measures — as plain files that are not encrypted: anyone who can open the file can read all of it. Save it only where you alone can reach it, and delete it when you no longer need it.";

/// What an export held, said after it is saved.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Exported {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub tables: u32,
    #[ts(type = "number")]
    pub rows: i64,
    pub psychotherapy_notes: bool,
}

/// The whole export, as the bytes of a zip.
pub fn build(conn: &Connection, psychotherapy_notes: bool, now: Timestamp) -> Result<(Vec<u8>, u32, i64)> {
    let mut json_tables = Map::new();
    let mut csvs = Vec::new();
    let mut rows = 0i64;
    for t in tables::exported(psychotherapy_notes) {
        let d = tables::dump(conn, t)?;
        rows += d.rows.len() as i64;
        json_tables.insert(t.name.to_string(), tables::to_json(&d));
        csvs.push((t.name, tables::to_csv(&d)?));
    }
    let count = json_tables.len() as u32;
    let document = json!({
        "format": "cohort-export",
        "format_version": FORMAT_VERSION,
        "schema_version": migrate::schema_version(conn)?,
        "app_version": env!("CARGO_PKG_VERSION"),
        "exported_at": now.to_string(),
        "psychotherapy_notes_included": psychotherapy_notes,
        "tables": json_tables,
    });
    let bundle = fhir::bundle(conn, psychotherapy_notes, now)?;
    let failed = |e: zip::result::ZipError| Error::Internal(format!("the export's zip: {e}"));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let local = now.utc().with_timezone(&chrono::Local).naive_local();
    let when = {
        use chrono::{Datelike, Timelike};
        zip::DateTime::from_date_and_time(
            local.year().clamp(1980, 2107) as u16,
            local.month() as u8,
            local.day() as u8,
            local.hour() as u8,
            local.minute() as u8,
            local.second() as u8,
        )
        .unwrap_or_default()
    };
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(when)
        .unix_permissions(0o600);
    let json_text = |v: &serde_json::Value| {
        serde_json::to_vec_pretty(v).map_err(|e| Error::Internal(format!("export JSON: {e}")))
    };
    let mut put = |name: String, bytes: &[u8]| -> Result<()> {
        zip.start_file(name, options).map_err(failed)?;
        zip.write_all(bytes)
            .map_err(|e| Error::Internal(format!("the export's zip: {e}")))
    };
    put(format!("{FOLDER}/README.txt"), README.as_bytes())?;
    put(format!("{FOLDER}/cohort-export.json"), &json_text(&document)?)?;
    for (name, bytes) in &csvs {
        put(format!("{FOLDER}/csv/{name}.csv"), bytes)?;
    }
    put(format!("{FOLDER}/fhir-bundle.json"), &json_text(&bundle)?)?;
    let bytes = zip.finish().map_err(failed)?.into_inner();
    Ok((bytes, count, rows))
}

/// The name a save dialog suggests.
pub fn file_name(now: Timestamp) -> String {
    let local = now.utc().with_timezone(&chrono::Local);
    format!("Cohort export {}.zip", local.format("%Y-%m-%d"))
}

/// Refuses until the clinician has said, for this export, that they know
/// it is not encrypted (`Confirm`, with `WARNING`).
pub fn check_told(acknowledged: bool) -> Result<()> {
    if acknowledged {
        Ok(())
    } else {
        Err(Error::NeedsConfirmation(WARNING.into()))
    }
}

/// Writes the export to `path`, the place the clinician chose, once told
/// (each time) that it is not encrypted; 0600, synced, audited. Call inside
/// the action's transaction.
pub fn save(
    conn: &Connection,
    path: &Path,
    psychotherapy_notes: bool,
    acknowledged: bool,
    now: Timestamp,
) -> Result<Exported> {
    check_told(acknowledged)?;
    exports::record_told(conn, acknowledged)?;
    let (bytes, tables, rows) = build(conn, psychotherapy_notes, now)?;
    exports::write_private(path, &bytes)?;
    audit::append(
        conn,
        AuditEvent::DataExported,
        &format!(
            "{}: {tables} tables, {rows} rows, as JSON, CSV and FHIR R4{}",
            path.display(),
            if psychotherapy_notes {
                ", psychotherapy notes included"
            } else {
                ", psychotherapy notes left out"
            }
        ),
    )?;
    Ok(Exported {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
        tables,
        rows,
        psychotherapy_notes,
    })
}
