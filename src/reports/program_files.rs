//! The program summary as files: a portrait PDF and a CSV of the same
//! figures, one line per fact, session or (named version) member.

use chrono::NaiveDateTime;

use super::day;
use super::pdf::{Align, Column, Doc, Row, BODY, SMALL};
use super::program::ProgramSummary;
use super::register::percent;
use super::summary::{number, stage_words};
use crate::error::{Error, Result};
use crate::exports;
use crate::planning::program::SessionStatus;
use crate::settings::Paper;

/// How the T-score is computed, as the report cites it.
pub const GAS_FORMULA: &str = "GAS T-score (Kiresuk & Sherman, 1968): T = 50 + 10·Σx / √((1 − ρ)·n + ρ·n²), \
    with x each goal's latest rating (−2 to +2), n the member's rated goals, equal weights and ρ = 0.3. \
    50 is the expected level; 10 points is one standard deviation.";

fn mean_words(x: Option<f64>) -> String {
    x.map_or_else(|| "–".into(), |x| format!("{x:.1}"))
}

fn program_dates(p: &ProgramSummary) -> String {
    match p.group.end_date {
        Some(end) => format!("{} – {}", day(p.group.first_date), day(end)),
        None => format!("from {}", day(p.group.first_date)),
    }
}

fn status_words(s: SessionStatus, makeup_for: Option<u32>) -> String {
    match (s, makeup_for) {
        (SessionStatus::Held, Some(n)) => format!("held (make-up for {n})"),
        (SessionStatus::Held, None) => "held".into(),
        (SessionStatus::Cancelled, _) => "cancelled".into(),
        (SessionStatus::Scheduled, _) => "to come".into(),
        (SessionStatus::Removed, _) => "removed".into(),
    }
}

/// The GAS sentence: "4 members with rated GAS goals: mean T-score 51.9; 3 at the expected level or better."
fn gas_words(p: &ProgramSummary) -> String {
    let g = &p.goals;
    if g.gas_members == 0 {
        return "No GAS goal was rated.".into();
    }
    format!(
        "{} members with rated GAS goals: mean T-score {}; {} at the expected level (50) or better.",
        g.gas_members,
        mean_words(g.gas_mean_t),
        g.gas_at_expected
    )
}

fn attendance_words(p: &ProgramSummary) -> String {
    let a = &p.attendance;
    format!(
        "Group attendance rate {} ({} attendances of {} expected); on average {} members attended each held session.",
        percent(a.rate),
        a.attended,
        a.expected,
        mean_words(a.mean_per_session)
    )
}

fn col(title: &str, width: f32, align: Align) -> Column {
    Column {
        title: title.into(),
        width,
        align,
        shaded: false,
    }
}

fn rows(cells: Vec<Vec<String>>) -> Vec<Row> {
    cells
        .into_iter()
        .map(|cells| Row { cells, bold: false })
        .collect()
}

pub(super) fn pdf(p: &ProgramSummary, paper: Paper, made: NaiveDateTime) -> Result<Vec<u8>> {
    let mut doc = Doc::new(paper, false, "Program summary", &p.group.name);
    let width = doc.text_width();
    doc.heading("Program summary", 15.0);
    doc.paragraph(&p.group.name, 12.0, true);
    doc.gap(3.0);
    doc.paragraph(
        if p.named {
            "Named version: members are named. Share it only with those entitled to see each member's record."
        } else {
            "No member is named in this summary."
        },
        BODY,
        true,
    );
    doc.facts(&[
        ("Practice", p.practice_name.clone()),
        ("Approach", p.group.approach.clone()),
        ("Program", program_dates(p)),
        ("Room", p.location.clone()),
    ]);
    doc.facts(&[("Facilitators", p.group.facilitators.join("; "))]);

    doc.heading("Sessions", 11.0);
    let s = &p.sessions;
    doc.facts(&[
        ("Planned", s.planned.to_string()),
        ("Held", s.held.to_string()),
        ("Cancelled", s.cancelled.to_string()),
        ("Made up", s.made_up.to_string()),
        ("Still to come", s.to_come.to_string()),
    ]);

    doc.heading("Members", 11.0);
    let m = &p.membership;
    doc.facts(&[
        ("Enrolled", m.enrolled.to_string()),
        ("Completed", m.completed.to_string()),
        ("Dropped out", m.dropped_out.to_string()),
        ("Transferred", m.transferred.to_string()),
        ("Still enrolled", m.still_enrolled.to_string()),
    ]);
    if !m.left.is_empty() {
        let mut columns = vec![col("How they left", 90.0, Align::Left)];
        if p.named {
            columns.insert(0, col("Member", 130.0, Align::Left));
        }
        let used: f32 = columns.iter().map(|c| c.width).sum();
        columns.push(col("Reason given", width - used, Align::Left));
        let cells = m
            .left
            .iter()
            .map(|e| {
                let mut how = stage_words(e.stage).to_string();
                if !e.transferred_to.is_empty() {
                    how.push_str(&format!(" to {}", e.transferred_to));
                }
                let mut row = vec![how, e.reason.clone()];
                if let Some(name) = &e.name {
                    row.insert(0, name.clone());
                }
                row
            })
            .collect();
        doc.table(&columns, &rows(cells), SMALL + 0.5);
    }

    doc.heading("Attendance", 11.0);
    doc.paragraph(&attendance_words(p), BODY, false);

    doc.heading("Measures", 11.0);
    if p.measures.is_empty() {
        doc.paragraph("No measures were taken in this group.", BODY, false);
    } else {
        let fixed = [56.0, 62.0, 62.0, 62.0, 62.0, 62.0];
        let columns = [
            col("Measure", width - fixed.iter().sum::<f32>(), Align::Left),
            col("Members compared", fixed[0], Align::Right),
            col("Mean, first", fixed[1], Align::Right),
            col("Mean, latest", fixed[2], Align::Right),
            col("Improved reliably", fixed[3], Align::Right),
            col("No reliable change", fixed[4], Align::Right),
            col("Worsened reliably", fixed[5], Align::Right),
        ];
        let cells = p
            .measures
            .iter()
            .map(|o| {
                let threshold = o
                    .threshold
                    .map_or_else(String::new, |t| format!(", threshold {}", number(t)));
                let direction = if o.higher_is_worse {
                    "lower is better"
                } else {
                    "higher is better"
                };
                let single = if o.single > 0 {
                    format!("; {} with one result only", o.single)
                } else {
                    String::new()
                };
                vec![
                    format!("{} ({direction}{threshold}){single}", o.short_name),
                    o.members.to_string(),
                    mean_words(o.first_mean),
                    mean_words(o.latest_mean),
                    o.improved.to_string(),
                    o.no_change.to_string(),
                    o.worsened.to_string(),
                ]
            })
            .collect();
        doc.table(&columns, &rows(cells), SMALL + 0.5);
        doc.note(
            "Members with two results or more are compared, from their first result to their latest; a change is \
             reliable when it is at least the measure's threshold (Jacobson & Truax, 1991).",
        );
    }

    doc.heading("Goals", 11.0);
    let g = &p.goals;
    doc.facts(&[
        ("Goals set", g.goals.to_string()),
        ("Achieved", g.achieved.to_string()),
        ("Discontinued", g.discontinued.to_string()),
        ("Still active", g.active.to_string()),
    ]);
    doc.paragraph(&gas_words(p), BODY, false);
    if g.rating_goals > 0 {
        doc.paragraph(
            &format!(
                "{} goals rated 0 to 10 twice or more: mean first rating {}, latest {}.",
                g.rating_goals,
                mean_words(g.rating_first_mean),
                mean_words(g.rating_latest_mean)
            ),
            BODY,
            false,
        );
    }
    doc.note(GAS_FORMULA);

    doc.heading("Curriculum as delivered", 11.0);
    let fixed = [44.0, 70.0, 100.0, 56.0];
    let columns = [
        col("Session", fixed[0], Align::Right),
        col("Date", fixed[1], Align::Left),
        col("Status", fixed[2], Align::Left),
        col("Topic", width - fixed.iter().sum::<f32>(), Align::Left),
        col("Attended", fixed[3], Align::Right),
    ];
    let cells = p
        .curriculum
        .iter()
        .map(|s| {
            vec![
                s.number.to_string(),
                day(s.date),
                status_words(s.status, s.makeup_for),
                s.topic.clone(),
                if s.status == SessionStatus::Held {
                    format!("{} of {}", s.attended, s.expected)
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    doc.table(&columns, &rows(cells), SMALL + 0.5);

    if p.named {
        doc.heading("Each member", 11.0);
        let fixed = [120.0, 80.0, 56.0, 48.0];
        let columns = [
            col("Member", fixed[0], Align::Left),
            col("Status", fixed[1], Align::Left),
            col("Attended", fixed[2], Align::Right),
            col("GAS T", fixed[3], Align::Right),
            col(
                "Measures, first → latest",
                width - fixed.iter().sum::<f32>(),
                Align::Left,
            ),
        ];
        let cells = p
            .members
            .iter()
            .map(|m| {
                vec![
                    m.name.clone(),
                    stage_words(m.stage).into(),
                    format!("{} of {}", m.attended, m.expected),
                    m.t_score.map_or_else(String::new, |t| format!("{t:.1}")),
                    m.measures.join("\n"),
                ]
            })
            .collect();
        doc.table(&columns, &rows(cells), SMALL + 0.5);
    }
    doc.signature_lines(&["Facilitator's signature", "Name and credentials", "Date"]);
    doc.finish(
        &format!(
            "Cohort · Program summary · {} · printed {}",
            p.group.name,
            day(made.date())
        ),
        made,
    )
}

pub(super) fn csv(p: &ProgramSummary) -> Result<Vec<u8>> {
    let mut out = exports::UTF8_BOM.to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let failed = |e: csv::Error| Error::Internal(format!("the program summary's CSV: {e}"));
        let text = |s: &str| exports::spreadsheet_text(s).into_owned();
        w.write_record(["Section", "Item", "Value", "Detail"])
            .map_err(failed)?;
        let mut put = |section: &str, item: &str, value: String, detail: String| {
            w.write_record([section, &text(item), &text(&value), &text(&detail)])
                .map_err(failed)
        };
        put("Group", "Group", p.group.name.clone(), String::new())?;
        put("Group", "Program", program_dates(p), String::new())?;
        put(
            "Group",
            "Facilitators",
            p.group.facilitators.join("; "),
            String::new(),
        )?;
        let s = &p.sessions;
        for (k, v) in [
            ("Planned", s.planned),
            ("Held", s.held),
            ("Cancelled", s.cancelled),
            ("Made up", s.made_up),
            ("Still to come", s.to_come),
        ] {
            put("Sessions", k, v.to_string(), String::new())?;
        }
        let m = &p.membership;
        for (k, v) in [
            ("Enrolled", m.enrolled),
            ("Completed", m.completed),
            ("Dropped out", m.dropped_out),
            ("Transferred", m.transferred),
            ("Still enrolled", m.still_enrolled),
        ] {
            put("Members", k, v.to_string(), String::new())?;
        }
        for e in &m.left {
            let how = stage_words(e.stage);
            let who = e.name.clone().unwrap_or_default();
            let detail = [e.transferred_to.as_str(), e.reason.as_str()]
                .into_iter()
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
            put("Left", how, who, detail)?;
        }
        let a = &p.attendance;
        put("Attendance", "Rate", percent(a.rate), String::new())?;
        put("Attendance", "Attended", a.attended.to_string(), String::new())?;
        put("Attendance", "Expected", a.expected.to_string(), String::new())?;
        put(
            "Attendance",
            "Mean per held session",
            mean_words(a.mean_per_session),
            String::new(),
        )?;
        for o in &p.measures {
            for (k, v) in [
                ("Members compared", o.members.to_string()),
                ("Members with one result only", o.single.to_string()),
                ("Mean, first", mean_words(o.first_mean)),
                ("Mean, latest", mean_words(o.latest_mean)),
                ("Improved reliably", o.improved.to_string()),
                ("No reliable change", o.no_change.to_string()),
                ("Worsened reliably", o.worsened.to_string()),
            ] {
                put("Measure", &o.short_name, v, k.into())?;
            }
        }
        let g = &p.goals;
        for (k, v) in [
            ("Goals set", g.goals.to_string()),
            ("Achieved", g.achieved.to_string()),
            ("Discontinued", g.discontinued.to_string()),
            ("Still active", g.active.to_string()),
            ("Members with rated GAS goals", g.gas_members.to_string()),
            ("Mean GAS T-score", mean_words(g.gas_mean_t)),
            ("At the expected level or better", g.gas_at_expected.to_string()),
        ] {
            put("Goals", k, v, String::new())?;
        }
        for c in &p.curriculum {
            put(
                "Session",
                &c.number.to_string(),
                c.topic.clone(),
                if c.status == SessionStatus::Held {
                    format!(
                        "{}; {}; attended {} of {}",
                        c.date,
                        status_words(c.status, c.makeup_for),
                        c.attended,
                        c.expected
                    )
                } else {
                    format!("{}; {}", c.date, status_words(c.status, c.makeup_for))
                },
            )?;
        }
        for m in &p.members {
            put(
                "Member",
                &m.name,
                format!("attended {} of {}", m.attended, m.expected),
                [
                    stage_words(m.stage).to_string(),
                    m.t_score.map_or_else(String::new, |t| format!("GAS T {t:.1}")),
                    m.measures.join("; "),
                ]
                .into_iter()
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("; "),
            )?;
        }
        w.flush()
            .map_err(|e| Error::io("write the program summary's CSV", e))?;
    }
    Ok(out)
}
