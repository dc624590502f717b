//! The service log as files: a landscape PDF table (its heading repeated on
//! every page) and a CSV with one row per member per session attended.

use chrono::NaiveDateTime;

use super::day;
use super::pdf::{Align, Column, Doc, Row, SMALL};
use super::services::ServiceLog;
use crate::error::{Error, Result};
use crate::exports;
use crate::settings::Paper;

pub(super) fn pdf(log: &ServiceLog, paper: Paper, made: NaiveDateTime) -> Result<Vec<u8>> {
    let period = format!("{} – {}", day(log.from), day(log.to));
    let mut doc = Doc::new(paper, true, "Service log", &period);
    doc.heading("Service log", 15.0);
    doc.paragraph(&period, 12.0, true);
    doc.gap(3.0);
    doc.facts(&[
        ("Practice", log.practice_name.clone()),
        ("Facilitator", log.facilitator.clone()),
    ]);
    doc.facts(&[
        ("Services", log.lines.len().to_string()),
        ("Members", log.members.to_string()),
        ("Sessions", log.sessions.to_string()),
        ("Minutes attended", log.minutes.to_string()),
    ]);
    doc.gap(6.0);
    if log.lines.is_empty() {
        doc.paragraph("No one attended a held session in these dates.", 10.0, false);
    } else {
        let width = doc.text_width();
        let fixed = [58.0, 62.0, 58.0, 40.0, 44.0, 62.0, 58.0];
        let flexible = (width - fixed.iter().sum::<f32>()) / 2.0;
        let col = |title: &str, width: f32, align: Align| Column {
            title: title.into(),
            width,
            align,
            shaded: false,
        };
        let columns = [
            col("Date", fixed[0], Align::Left),
            col("Time", fixed[1], Align::Left),
            col("Member", flexible, Align::Left),
            col("Date of birth", fixed[2], Align::Left),
            col("Group", flexible, Align::Left),
            col("Session", fixed[3], Align::Right),
            col("Minutes", fixed[4], Align::Right),
            col("Attendance", fixed[5], Align::Left),
            col("Code", fixed[6], Align::Left),
        ];
        let mut rows: Vec<Row> = log
            .lines
            .iter()
            .map(|l| Row {
                cells: vec![
                    day(l.date),
                    format!("{}–{}", l.start, l.end),
                    l.legal_name.clone(),
                    l.date_of_birth.map(day).unwrap_or_default(),
                    l.group_name.clone(),
                    l.session_number.to_string(),
                    l.minutes.to_string(),
                    l.status.words().to_string(),
                    l.service_code.clone(),
                ],
                bold: false,
            })
            .collect();
        rows.push(Row {
            cells: vec![
                "Total".into(),
                String::new(),
                format!("{} members", log.members),
                String::new(),
                format!("{} sessions", log.sessions),
                String::new(),
                log.minutes.to_string(),
                format!("{} services", log.lines.len()),
                String::new(),
            ],
            bold: true,
        });
        doc.table(&columns, &rows, SMALL);
    }
    doc.note(
        "One line per member per held session attended (present, late or left early). Minutes are the session's \
         length less minutes late or left early. The code is the group's service code with its modifiers \
         (CPT 90853, group psychotherapy, unless set in the group's details).",
    );
    doc.signature_lines(&["Facilitator's signature", "Name and credentials", "Date"]);
    doc.finish(
        &format!("Cohort · Service log · {period} · printed {}", day(made.date())),
        made,
    )
}

pub(super) fn csv(log: &ServiceLog) -> Result<Vec<u8>> {
    let mut out = exports::UTF8_BOM.to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let failed = |e: csv::Error| Error::Internal(format!("the service log's CSV: {e}"));
        w.write_record([
            "Date",
            "Start",
            "End",
            "Minutes attended",
            "Member",
            "Date of birth",
            "Group",
            "Session",
            "Attendance",
            "Service code",
            "Facilitator",
        ])
        .map_err(failed)?;
        let text = |s: &str| exports::spreadsheet_text(s).into_owned();
        for l in &log.lines {
            w.write_record([
                l.date.to_string(),
                l.start.to_string(),
                l.end.to_string(),
                l.minutes.to_string(),
                text(&l.legal_name),
                l.date_of_birth.map(|d| d.to_string()).unwrap_or_default(),
                text(&l.group_name),
                l.session_number.to_string(),
                l.status.words().to_string(),
                l.service_code.clone(),
                text(&log.facilitator),
            ])
            .map_err(failed)?;
        }
        w.flush()
            .map_err(|e| Error::io("write the service log's CSV", e))?;
    }
    Ok(out)
}
