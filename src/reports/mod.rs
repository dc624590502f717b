//! Reports: what a clinician is asked for by an agency, a referrer or a
//! biller, computed from the records and saved as PDF or CSV.
//!
//! | file | what lives there |
//! | --- | --- |
//! | `register` | the attendance register of one program (members × sessions) |
//! | `register_files` | the register as a PDF page (landscape) and as CSV |
//! | `services` | the service log: one row per member per session attended, across groups, for a date range |
//! | `services_files` | the service log as a PDF table and as CSV |
//! | `program` | the program summary of one group (unnamed unless asked), with the GAS T-score |
//! | `program_files` | the program summary as a portrait PDF and as CSV |
//! | `summary` | the figures of a member's progress or discharge summary |
//! | `summaries` | the summaries themselves: drafted, checked for other members' names, signed, final |
//! | `summary_files` | a summary as a portrait PDF (a chart per measure) and as CSV |
//! | `pdf` | laying a report out on pages and writing it with krilla (fonts shipped and embedded); `pdf/chart` a small line chart |
//!
//! Every report is previewed in the app from the same data the files are
//! made from. Saving follows `exports`: the clinician is told once that
//! the file is not encrypted, chooses where it goes, and it is written
//! readable by its owner alone (0600), synced, and recorded in the audit
//! trail (which report, about which group; never its contents).

pub mod pdf;
pub mod program;
mod program_files;
pub mod register;
mod register_files;
pub mod services;
mod services_files;
pub mod summaries;
pub mod summary;
mod summary_files;

use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::exports;
use crate::ids::GroupId;
use crate::settings;
use crate::values::{text_enum, Timestamp};
use crate::vault::audit::{self, AuditEvent};

text_enum!(
    /// The kind of file a report is saved as.
    ReportFormat {
        /// For printing, sending and keeping.
        Pdf,
        /// For a spreadsheet: UTF-8 with a byte-order mark, formulas written as text.
        Csv,
    }
);

impl ReportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Pdf => "pdf",
            ReportFormat::Csv => "csv",
        }
    }
}

/// Which report, about what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReportRequest {
    /// The attendance register of a group's program.
    Register { group_id: GroupId },
    /// The service log from `from` to `to` (YYYY-MM-DD, both included), across groups.
    Services { from: String, to: String },
    /// The program summary of a group; members named only when `named`.
    Program { group_id: GroupId, named: bool },
    /// A progress or discharge summary (signed or a draft).
    Summary {
        #[ts(type = "number")]
        summary_id: summaries::SummaryId,
    },
}

impl ReportRequest {
    /// The report's name, as in a file name and the audit trail.
    pub fn title(&self, conn: &Connection) -> Result<&'static str> {
        Ok(match self {
            ReportRequest::Register { .. } => "Attendance register",
            ReportRequest::Services { .. } => "Service log",
            ReportRequest::Program { .. } => "Program summary",
            ReportRequest::Summary { summary_id } => summaries::kind(conn, *summary_id)?.title(),
        })
    }

    /// What the audit trail says the report was about.
    fn about(&self, conn: &Connection) -> Result<String> {
        Ok(match self {
            ReportRequest::Register { group_id } => format!("group {group_id}"),
            ReportRequest::Services { from, to } => format!("every group from {from} to {to}"),
            ReportRequest::Program { group_id, named } => {
                format!("group {group_id}{}", if *named { ", members named" } else { "" })
            }
            ReportRequest::Summary { summary_id } => format!(
                "summary {summary_id}, place {}",
                summaries::place_of(conn, *summary_id)?
            ),
        })
    }
}

/// The file name a save dialog suggests: "Attendance register - CBT for
/// Depression - 2026-12-07.pdf".
pub fn file_name(
    conn: &Connection,
    request: &ReportRequest,
    format: ReportFormat,
    today: chrono::NaiveDate,
) -> Result<String> {
    let subject = match request {
        ReportRequest::Register { group_id } | ReportRequest::Program { group_id, .. } => {
            crate::planning::groups::get(conn, *group_id)?.name
        }
        ReportRequest::Services { from, to } => {
            let (from, to) = services::range(from, to)?;
            format!("{from} to {to}")
        }
        ReportRequest::Summary { summary_id } => {
            let place = summaries::place_of(conn, *summary_id)?;
            let member = crate::roster::places::get(conn, place)?.member_id;
            crate::roster::members::get(conn, member)?.legal_name
        }
    };
    Ok(format!(
        "{} - {} - {today}.{}",
        request.title(conn)?,
        exports::file_name_part(&subject),
        format.extension()
    ))
}

/// The report's file, as bytes; `made` (local time) is printed on it.
pub fn render(
    conn: &Connection,
    request: &ReportRequest,
    format: ReportFormat,
    made: NaiveDateTime,
) -> Result<Vec<u8>> {
    let paper = settings::report_paper(conn)?;
    match request {
        ReportRequest::Register { group_id } => {
            let register = register::register(conn, *group_id)?;
            match format {
                ReportFormat::Pdf => register_files::pdf(&register, paper, made),
                ReportFormat::Csv => register_files::csv(&register),
            }
        }
        ReportRequest::Services { from, to } => {
            let (from, to) = services::range(from, to)?;
            let log = services::service_log(conn, from, to)?;
            match format {
                ReportFormat::Pdf => services_files::pdf(&log, paper, made),
                ReportFormat::Csv => services_files::csv(&log),
            }
        }
        ReportRequest::Program { group_id, named } => {
            let summary = program::program_summary(conn, *group_id, *named)?;
            match format {
                ReportFormat::Pdf => program_files::pdf(&summary, paper, made),
                ReportFormat::Csv => program_files::csv(&summary),
            }
        }
        ReportRequest::Summary { summary_id } => {
            let summary = summaries::get(conn, *summary_id, made.date())?;
            match format {
                ReportFormat::Pdf => summary_files::pdf(&summary, paper, made),
                ReportFormat::Csv => summary_files::csv(&summary),
            }
        }
    }
}

/// What saving a report did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SavedReport {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// Saves a report where the clinician chose, once told it is not encrypted
/// (`exports`): 0600, synced, audited. Call inside the action's transaction.
pub fn save(
    conn: &Connection,
    request: &ReportRequest,
    format: ReportFormat,
    path: &Path,
    acknowledged: bool,
    now: Timestamp,
) -> Result<SavedReport> {
    exports::record_told(conn, acknowledged)?;
    let made = now.utc().with_timezone(&chrono::Local).naive_local();
    let bytes = render(conn, request, format, made)?;
    exports::write_private(path, &bytes)?;
    audit::append(
        conn,
        AuditEvent::ReportSaved,
        &format!(
            "{} of {} as {} to {}",
            request.title(conn)?.to_lowercase(),
            request.about(conn)?,
            format.extension().to_uppercase(),
            path.display()
        ),
    )?;
    Ok(SavedReport {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
    })
}

/// A date as reports print it: "7 Dec 2026".
pub(crate) fn day(d: chrono::NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// The group named `name_or_id` (its name as the app shows it, in any
/// case, or its id); refused when none or several match.
pub fn find_group(conn: &Connection, name_or_id: &str) -> Result<GroupId> {
    let wanted = name_or_id.trim();
    let mut stmt = conn.prepare_cached(
        "SELECT id, name FROM groups WHERE id = ?1 OR lower(trim(name)) = lower(?1) ORDER BY created_at",
    )?;
    let found: Vec<(GroupId, String)> = stmt
        .query_map([wanted], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    match found.as_slice() {
        [(id, _)] => Ok(*id),
        [] => Err(crate::Error::NotFound(format!("No group is named \"{wanted}\"."))),
        several => Err(crate::Error::validation(
            "group",
            format!(
                "{} groups are named \"{wanted}\"; give the id of the one you mean: {}.",
                several.len(),
                several
                    .iter()
                    .map(|(id, _)| id.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}
