//! Everything the clinician owns, for portability, in open formats a
//! program reads without Cohort — in one zip, written where the clinician
//! chose as each part is read (a large practice's export is several times
//! its vault; it is never held whole in memory):
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

use std::io::{Seek, Write};
use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;
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

/// Writes the whole export as a zip into `out`, each part as it is read
/// (never the whole in memory); how many tables and rows it holds.
pub fn write<W: Write + Seek>(
    conn: &Connection,
    out: W,
    psychotherapy_notes: bool,
    now: Timestamp,
) -> Result<(W, u32, i64)> {
    let failed = |e: zip::result::ZipError| match e {
        zip::result::ZipError::Io(e) => Error::io("write the export", e),
        e => Error::Internal(format!("the export's zip: {e}")),
    };
    let io = |e| Error::io("write the export", e);
    let mut zip = zip::ZipWriter::new(out);
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
    // The fastest deflate: the export is several times larger than the
    // vault, and level 1 keeps most of the gain at a fraction of the time.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true)
        .last_modified_time(when)
        .unix_permissions(0o600);
    zip.start_file(format!("{FOLDER}/README.txt"), options)
        .map_err(failed)?;
    zip.write_all(README.as_bytes()).map_err(io)?;

    zip.start_file(format!("{FOLDER}/cohort-export.json"), options)
        .map_err(failed)?;
    writeln!(
        zip,
        "{{\"format\": \"cohort-export\", \"format_version\": {FORMAT_VERSION}, \"schema_version\": {}, \"app_version\": {}, \"exported_at\": {}, \"psychotherapy_notes_included\": {psychotherapy_notes},",
        migrate::schema_version(conn)?,
        serde_json::Value::from(env!("CARGO_PKG_VERSION")),
        serde_json::Value::from(now.to_string()),
    )
    .map_err(io)?;
    let (tables, rows) = tables::write_json(conn, &mut zip, psychotherapy_notes)?;
    zip.write_all(b"}\n").map_err(io)?;

    for t in tables::exported(psychotherapy_notes) {
        zip.start_file(format!("{FOLDER}/csv/{}.csv", t.name), options)
            .map_err(failed)?;
        tables::write_csv(conn, t, &mut zip)?;
    }
    zip.start_file(format!("{FOLDER}/fhir-bundle.json"), options)
        .map_err(failed)?;
    fhir::write_bundle(conn, &mut zip, psychotherapy_notes, now)?;
    let out = zip.finish().map_err(failed)?;
    Ok((out, tables, rows))
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
    // Written where the clinician chose, as it is made; removed if anything fails.
    let file = exports::create_private(path)?;
    let written = write(
        conn,
        std::io::BufWriter::with_capacity(1 << 20, file),
        psychotherapy_notes,
        now,
    )
    .and_then(|(out, tables, rows)| {
        let file = out
            .into_inner()
            .map_err(|e| Error::io("write the export", e.into_error()))?;
        file.sync_all().map_err(|e| Error::io("write the export", e))?;
        Ok((file.metadata().map(|m| m.len()).unwrap_or(0), tables, rows))
    });
    let (bytes, tables, rows) = match written {
        Ok(w) => w,
        Err(e) => {
            let _ = std::fs::remove_file(path);
            return Err(e);
        }
    };
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
        bytes,
        tables,
        rows,
        psychotherapy_notes,
    })
}
