//! The attendance register as files: a landscape PDF (twelve sessions
//! across a page; a longer program continues on the next page with the
//! heading repeated) and a CSV with one row per member.

use chrono::NaiveDateTime;

use super::day;
use super::pdf::{Align, Column, Doc, Row, BODY, SMALL};
use super::register::{percent, Register, RegisterMember, RegisterSession};
use crate::error::{Error, Result};
use crate::exports;
use crate::planning::calendar::Cadence;
use crate::planning::program::SessionStatus;
use crate::roster::places::Stage;
use crate::settings::Paper;

/// Sessions across one page.
const SESSIONS_PER_PAGE: usize = 12;

/// How a member's place stands: enrolled, or how it ended.
fn place_words(stage: Stage) -> &'static str {
    match stage {
        Stage::Completed => "completed",
        Stage::DroppedOut => "dropped out",
        Stage::Transferred => "transferred",
        _ => "enrolled",
    }
}

/// How a member's place ended, under their name.
fn leaving(m: &RegisterMember) -> Option<String> {
    m.left_on
        .map(|on| format!("{} {}", place_words(m.stage), day(on)))
}

fn joined_late(m: &RegisterMember, r: &Register) -> bool {
    r.sessions.first().is_some_and(|s| m.enrolled_on > s.date)
}

fn session_heading(s: &RegisterSession) -> String {
    let mut t = format!("{}\n{}", s.number, s.date.format("%-d %b"));
    if s.status == SessionStatus::Cancelled {
        t += "\ncancelled";
    } else if let Some(n) = s.makeup_for {
        t += &format!("\nmake-up for {n}");
    }
    t
}

fn schedule(r: &Register) -> String {
    let g = &r.group;
    let every = match g.cadence {
        Cadence::Weekly => "weekly",
        Cadence::Biweekly => "every two weeks",
    };
    format!(
        "{every}, {} at {}, {} minutes",
        g.first_date.format("%A"),
        g.start_time,
        g.session_minutes.get()
    )
}

fn dates(r: &Register) -> String {
    match (
        r.sessions.first(),
        r.sessions
            .iter()
            .rev()
            .find(|s| s.status != SessionStatus::Cancelled),
    ) {
        (Some(first), Some(last)) => format!("{} – {}", day(first.date), day(last.date)),
        _ => String::new(),
    }
}

pub(super) fn pdf(r: &Register, paper: Paper, made: NaiveDateTime) -> Result<Vec<u8>> {
    let mut doc = Doc::new(paper, true, "Attendance register", &r.group.name);
    doc.heading("Attendance register", 15.0);
    doc.paragraph(&r.group.name, 12.0, true);
    doc.gap(3.0);
    let scheduled = r
        .sessions
        .iter()
        .filter(|s| s.status == SessionStatus::Scheduled)
        .count();
    doc.facts(&[
        ("Practice", r.practice_name.clone()),
        ("Facilitators", r.facilitators.join("; ")),
    ]);
    doc.facts(&[
        ("Dates", dates(r)),
        ("Meets", schedule(r)),
        ("Room", r.group.location.clone()),
    ]);
    doc.facts(&[
        (
            "Sessions",
            format!(
                "{} held, {} cancelled, {} to come",
                r.held, r.cancelled, scheduled
            ),
        ),
        ("Members", r.members.len().to_string()),
        ("Group attendance rate", percent(r.group_rate)),
    ]);
    doc.gap(6.0);

    let chunks: Vec<&[RegisterSession]> = r.sessions.chunks(SESSIONS_PER_PAGE).collect();
    let total_width = doc.text_width();
    // The totals after the last session; their headings fit their widths.
    let totals = [
        ("Attended", 46.0),
        ("With notice", 40.0),
        ("Without notice", 40.0),
        ("Rate", 32.0),
    ];
    let totals_width: f32 = totals.iter().map(|(_, w)| w).sum();
    // The same widths on every page: as many session columns as the widest page holds.
    let across = r.sessions.len().clamp(1, SESSIONS_PER_PAGE) as f32;
    let session_col = ((total_width - 90.0 - totals_width) / across).min(46.0);
    let name_col = total_width - session_col * across - totals_width;
    for (c, chunk) in chunks.iter().enumerate() {
        let last = c + 1 == chunks.len();
        let first_index = c * SESSIONS_PER_PAGE;
        let mut columns = vec![Column {
            title: "Member".into(),
            width: name_col,
            align: Align::Left,
            shaded: false,
        }];
        columns.extend(chunk.iter().map(|s| Column {
            title: session_heading(s),
            width: session_col,
            align: Align::Centre,
            shaded: s.status == SessionStatus::Cancelled,
        }));
        if last {
            columns.extend(totals.iter().map(|(t, width)| Column {
                title: t.to_string(),
                width: *width,
                align: Align::Right,
                shaded: false,
            }));
        }
        let mut rows: Vec<Row> = r
            .members
            .iter()
            .map(|m| {
                let mut name = m.legal_name.clone();
                if joined_late(m, r) {
                    name += &format!("\njoined {}", day(m.enrolled_on));
                }
                if let Some(left) = leaving(m) {
                    name += &format!("\n{left}");
                }
                let mut cells = vec![name];
                cells.extend(
                    m.cells[first_index..first_index + chunk.len()]
                        .iter()
                        .map(|c| c.short.clone()),
                );
                if last {
                    cells.extend([
                        format!("{} of {}", m.counts.attended(), m.counts.marked()),
                        m.counts.absent_excused.to_string(),
                        m.counts.absent_unexcused.to_string(),
                        percent(m.rate),
                    ]);
                }
                Row { cells, bold: false }
            })
            .collect();
        let mut per_session = vec!["Attended".to_string()];
        per_session.extend(chunk.iter().map(|s| {
            if s.status == SessionStatus::Held {
                format!("{} of {}", s.attended, s.expected)
            } else {
                String::new()
            }
        }));
        if last {
            let attended: u32 = r.members.iter().map(|m| m.counts.attended()).sum();
            let marked: u32 = r.members.iter().map(|m| m.counts.marked()).sum();
            let excused: u32 = r.members.iter().map(|m| m.counts.absent_excused).sum();
            let unexcused: u32 = r.members.iter().map(|m| m.counts.absent_unexcused).sum();
            per_session.extend([
                format!("{attended} of {marked}"),
                excused.to_string(),
                unexcused.to_string(),
                percent(r.group_rate),
            ]);
        }
        rows.push(Row {
            cells: per_session,
            bold: true,
        });
        if c > 0 {
            doc.new_page();
        }
        doc.table(&columns, &rows, SMALL);
    }
    doc.note(&r.legend);
    doc.gap(BODY);
    doc.signature_lines(&["Facilitator's signature", "Name and credentials", "Date"]);
    doc.finish(
        &format!(
            "Cohort · Attendance register · {} · printed {}",
            r.group.name,
            day(made.date())
        ),
        made,
    )
}

pub(super) fn csv(r: &Register) -> Result<Vec<u8>> {
    let mut out = exports::UTF8_BOM.to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let failed = |e: csv::Error| Error::Internal(format!("the register's CSV: {e}"));
        let mut head: Vec<String> = ["Member", "Place", "Enrolled on", "Left on"]
            .map(String::from)
            .to_vec();
        head.extend(r.sessions.iter().map(|s| {
            let mut h = format!("Session {} ({})", s.number, s.date);
            if s.status == SessionStatus::Cancelled {
                h += " cancelled";
            } else if let Some(n) = s.makeup_for {
                h += &format!(" make-up for {n}");
            }
            h
        }));
        head.extend(
            [
                "Attended",
                "Late",
                "Left early",
                "Absent with notice",
                "Absent without notice",
                "Not recorded",
                "Rate (%)",
            ]
            .map(String::from),
        );
        w.write_record(&head).map_err(failed)?;
        for m in &r.members {
            let mut row = vec![
                exports::spreadsheet_text(&m.legal_name).into_owned(),
                place_words(m.stage).to_string(),
                m.enrolled_on.to_string(),
                m.left_on.map(|d| d.to_string()).unwrap_or_default(),
            ];
            row.extend(m.cells.iter().map(|c| c.words.clone()));
            let c = &m.counts;
            row.extend(
                [
                    c.attended(),
                    c.late,
                    c.left_early,
                    c.absent_excused,
                    c.absent_unexcused,
                    c.not_recorded,
                ]
                .map(|n| n.to_string()),
            );
            row.push(m.rate.map(|x| format!("{:.1}", x * 100.0)).unwrap_or_default());
            w.write_record(&row).map_err(failed)?;
        }
        let mut totals = vec![
            "All members".to_string(),
            String::new(),
            String::new(),
            String::new(),
        ];
        totals.extend(r.sessions.iter().map(|s| {
            if s.status == SessionStatus::Held {
                format!("{} of {} attended", s.attended, s.expected)
            } else {
                String::new()
            }
        }));
        let sum = |f: &dyn Fn(&RegisterMember) -> u32| r.members.iter().map(f).sum::<u32>().to_string();
        totals.extend([
            sum(&|m| m.counts.attended()),
            sum(&|m| m.counts.late),
            sum(&|m| m.counts.left_early),
            sum(&|m| m.counts.absent_excused),
            sum(&|m| m.counts.absent_unexcused),
            sum(&|m| m.counts.not_recorded),
            r.group_rate
                .map(|x| format!("{:.1}", x * 100.0))
                .unwrap_or_default(),
        ]);
        w.write_record(&totals).map_err(failed)?;
        w.flush().map_err(|e| Error::io("write the register's CSV", e))?;
    }
    Ok(out)
}
