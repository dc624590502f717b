//! A progress or discharge summary as files: a portrait PDF (the figures,
//! a chart per measure, the clinician's text, the signature) and a CSV of
//! the same, one line per fact.

use chrono::{NaiveDate, NaiveDateTime};

use super::day;
use super::pdf::{self, Align, Column, Doc, Row, BODY, SMALL};
use super::register::percent;
use super::summaries::{SummaryKind, SummaryRecord};
use super::summary::{number, GoalFigures, MeasureFigures, RatingAt, SummaryFigures, TotalOn};
use crate::error::{Error, Result};
use crate::exports;
use crate::goals::{GoalMeasure, GoalStatus};
use crate::settings::Paper;

/// How summaries explain their counting, under the figures.
const HOW_TO_READ: &str = "Attended counts sessions present, late or left early, of the held sessions the member \
    was expected at (enrolled on the day); the rate leaves out sessions with no mark taken. Goals are rated with \
    Goal Attainment Scaling (−2 much less than expected, 0 the expected level, +2 much more than expected) or \
    from 0 to 10. A change in a measure is reliable when the difference between the first and the latest total \
    is at least the measure's threshold (the reliable change index of Jacobson & Truax, 1991). Psychotherapy \
    notes are never part of a report.";

/// A date as a spreadsheet reads it.
fn iso(d: NaiveDate) -> String {
    d.to_string()
}

fn rating(g: &GoalFigures, r: &Option<RatingAt>) -> String {
    r.as_ref().map_or_else(String::new, |r| {
        let v = match g.measured_by {
            GoalMeasure::Gas if r.value > 0 => format!("+{}", r.value),
            _ => r.value.to_string(),
        };
        format!("{v} (session {}, {})", r.session_number, day(r.date))
    })
}

fn outcome(g: &GoalFigures) -> &'static str {
    match g.status {
        GoalStatus::Achieved => "achieved",
        GoalStatus::Discontinued => "discontinued",
        GoalStatus::Active => "not yet achieved",
    }
}

fn total(t: Option<&TotalOn>) -> String {
    t.map_or_else(String::new, |t| match &t.band {
        Some(b) => format!("{} {} ({})", number(t.total), b.to_lowercase(), day(t.taken_on)),
        None => format!("{} ({})", number(t.total), day(t.taken_on)),
    })
}

fn measured_by(g: &GoalFigures) -> &'static str {
    match g.measured_by {
        GoalMeasure::Gas => "GAS, −2 to +2",
        GoalMeasure::Rating => "rating, 0 to 10",
    }
}

/// "6 of 8 sessions (75%)".
pub(crate) fn attended_words(f: &SummaryFigures) -> String {
    let a = &f.attendance;
    format!(
        "{} of {} sessions they were expected at ({})",
        a.attended,
        a.expected,
        percent(a.rate)
    )
}

fn place_facts(f: &SummaryFigures, day: fn(NaiveDate) -> String) -> Vec<(&'static str, String)> {
    let p = &f.place;
    let referred = if p.referral_source.is_empty() {
        day(p.referred_on)
    } else {
        format!("{} ({})", day(p.referred_on), p.referral_source)
    };
    let mut ended = p.stage_words.clone();
    if !p.transferred_to.is_empty() {
        ended.push_str(&format!(" to {}", p.transferred_to));
    }
    if !p.left_reason.is_empty() {
        ended.push_str(&format!(": {}", p.left_reason));
    }
    vec![
        ("Referred", referred),
        ("Enrolled", p.enrolled_on.map(day).unwrap_or_default()),
        ("Left", p.left_on.map(day).unwrap_or_default()),
        ("Status", ended),
    ]
}

fn identity_facts(f: &SummaryFigures, day: fn(NaiveDate) -> String) -> Vec<(&'static str, String)> {
    let m = &f.member;
    vec![
        ("Name", m.legal_name.clone()),
        ("Goes by", m.preferred_name.clone()),
        ("Pronouns", m.pronouns.clone()),
        ("Date of birth", m.date_of_birth.map(day).unwrap_or_default()),
    ]
}

fn program_dates(f: &SummaryFigures) -> String {
    match f.group.end_date {
        Some(end) => format!("{} – {}", day(f.group.first_date), day(end)),
        None => format!("from {}", day(f.group.first_date)),
    }
}

fn signed_words(s: &SummaryRecord) -> Option<String> {
    s.signature.as_ref().map(|sig| {
        let at = sig.signed_at.utc().with_timezone(&chrono::Local);
        format!(
            "Signed electronically by {}, {} on {} at {}",
            sig.signed_by,
            sig.credentials,
            day(at.date_naive()),
            at.format("%H:%M")
        )
    })
}

fn chart(doc: &mut Doc, m: &MeasureFigures) {
    let direction = if m.higher_is_worse {
        "lower is better"
    } else {
        "higher is better"
    };
    doc.paragraph(&format!("{} ({direction})", m.short_name), BODY, true);
    let points: Vec<pdf::chart::Point> = m
        .totals
        .iter()
        .map(|t| pdf::chart::Point {
            label: t.taken_on.format("%-d %b").to_string(),
            value: t.total,
        })
        .collect();
    let bands: Vec<(f64, f64, String)> = m.bands.iter().map(|b| (b.low, b.high, b.label.clone())).collect();
    doc.chart(&pdf::chart::Chart {
        points: &points,
        max: m.max_total,
        bands: &bands,
        format: &number,
    });
}

pub(super) fn pdf(s: &SummaryRecord, paper: Paper, made: NaiveDateTime) -> Result<Vec<u8>> {
    let f = &s.figures;
    let title = s.kind.title();
    let mut doc = Doc::new(paper, false, title, &f.member.legal_name);
    doc.heading(title, 15.0);
    doc.paragraph(&f.member.legal_name, 12.0, true);
    doc.gap(3.0);
    if s.signature.is_none() {
        doc.paragraph(
            &format!(
                "DRAFT — not signed. The figures stand at {}; they are kept as they are on the day it is signed.",
                day(f.as_of)
            ),
            BODY,
            true,
        );
    }
    doc.facts(&identity_facts(f, day));
    doc.facts(&[
        ("For", s.text.recipient.clone()),
        ("From", f.practice_name.clone()),
        ("Figures as of", day(f.as_of)),
    ]);
    doc.heading("The group", 11.0);
    doc.facts(&[
        ("Group", f.group.name.clone()),
        ("Approach", f.group.approach.clone()),
        ("Program", program_dates(f)),
        ("Sessions planned", f.group.planned_sessions.to_string()),
    ]);
    doc.facts(&[("Facilitators", f.group.facilitators.join("; "))]);
    doc.facts(&place_facts(f, day));
    doc.heading("Attendance", 11.0);
    doc.paragraph(&format!("Attended {}.", attended_words(f)), BODY, false);
    let c = &f.attendance.counts;
    doc.facts(&[
        ("Present", c.present.to_string()),
        ("Late", c.late.to_string()),
        ("Left early", c.left_early.to_string()),
        ("Absent with notice", c.absent_excused.to_string()),
        ("Absent without notice", c.absent_unexcused.to_string()),
        ("No mark taken", c.not_recorded.to_string()),
        ("Sessions still to come", f.attendance.still_to_come.to_string()),
    ]);
    let width = doc.text_width();
    let col = |title: &str, width: f32| Column {
        title: title.into(),
        width,
        align: Align::Left,
        shaded: false,
    };
    doc.heading("Goals", 11.0);
    if f.goals.is_empty() {
        doc.paragraph("No goals were set in this group.", BODY, false);
    } else {
        let fixed = [62.0, 116.0, 116.0, 76.0];
        let columns = [
            col("Goal", width - fixed.iter().sum::<f32>()),
            col("Measured by", fixed[0]),
            col("First rating", fixed[1]),
            col("Latest rating", fixed[2]),
            col("Outcome", fixed[3]),
        ];
        let rows: Vec<Row> = f
            .goals
            .iter()
            .map(|g| Row {
                cells: vec![
                    g.statement.clone(),
                    measured_by(g).into(),
                    rating(g, &g.first),
                    rating(g, &g.latest),
                    outcome(g).into(),
                ],
                bold: false,
            })
            .collect();
        doc.table(&columns, &rows, SMALL + 0.5);
    }
    doc.heading("Measures", 11.0);
    if f.measures.is_empty() {
        doc.paragraph("No measures were taken in this group.", BODY, false);
    } else {
        let fixed = [50.0, 150.0, 150.0];
        let columns = [
            col("Measure", fixed[0]),
            col("First", fixed[1]),
            col("Latest", fixed[2]),
            col("Change", width - fixed.iter().sum::<f32>()),
        ];
        let rows: Vec<Row> = f
            .measures
            .iter()
            .map(|m| Row {
                cells: vec![
                    m.short_name.clone(),
                    total(m.first()),
                    total(m.latest()),
                    m.change_words.clone(),
                ],
                bold: false,
            })
            .collect();
        doc.table(&columns, &rows, SMALL + 0.5);
        doc.gap(6.0);
        for m in &f.measures {
            chart(&mut doc, m);
        }
    }
    for (heading, text) in [
        ("Summary", &s.text.summary),
        ("Recommendations", &s.text.recommendations),
        ("Aftercare", &s.text.aftercare),
    ] {
        if heading == "Summary" || !text.trim().is_empty() {
            doc.heading(heading, 11.0);
            doc.paragraph(text.trim(), BODY + 0.5, false);
        }
    }
    doc.gap(6.0);
    doc.note(HOW_TO_READ);
    match signed_words(s) {
        Some(words) => {
            doc.gap(10.0);
            doc.paragraph(&words, BODY, true);
        }
        None => {
            doc.gap(10.0);
            doc.paragraph(
                "Not signed: a draft is signed in Cohort, and is final from then on.",
                BODY,
                true,
            );
        }
    }
    doc.finish(
        &format!(
            "Cohort · {title} · {} · printed {} · confidential health information",
            f.member.legal_name,
            day(made.date())
        ),
        made,
    )
}

pub(super) fn csv(s: &SummaryRecord) -> Result<Vec<u8>> {
    let f = &s.figures;
    let mut out = exports::UTF8_BOM.to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let failed = |e: csv::Error| Error::Internal(format!("the summary's CSV: {e}"));
        let text = |s: &str| exports::spreadsheet_text(s).into_owned();
        w.write_record(["Section", "Item", "Value", "First", "Latest", "Outcome"])
            .map_err(failed)?;
        let mut fact = |section: &str, item: &str, value: String| {
            w.write_record([section, item, &text(&value), "", "", ""])
        };
        fact("Report", "Kind", s.kind.title().into()).map_err(failed)?;
        fact("Report", "Figures as of", f.as_of.to_string()).map_err(failed)?;
        fact("Report", "For", s.text.recipient.clone()).map_err(failed)?;
        for (k, v) in identity_facts(f, iso) {
            fact("Member", k, v).map_err(failed)?;
        }
        fact("Group", "Group", f.group.name.clone()).map_err(failed)?;
        fact("Group", "Program", program_dates(f)).map_err(failed)?;
        fact("Group", "Facilitators", f.group.facilitators.join("; ")).map_err(failed)?;
        for (k, v) in place_facts(f, iso) {
            fact("Place", k, v).map_err(failed)?;
        }
        let a = &f.attendance;
        for (k, v) in [
            ("Expected", a.expected),
            ("Attended", a.attended),
            ("Present", a.counts.present),
            ("Late", a.counts.late),
            ("Left early", a.counts.left_early),
            ("Absent with notice", a.counts.absent_excused),
            ("Absent without notice", a.counts.absent_unexcused),
            ("No mark taken", a.counts.not_recorded),
        ] {
            fact("Attendance", k, v.to_string()).map_err(failed)?;
        }
        fact("Attendance", "Rate", percent(a.rate)).map_err(failed)?;
        for g in &f.goals {
            w.write_record([
                "Goal",
                &text(&g.statement),
                measured_by(g),
                &rating(g, &g.first),
                &rating(g, &g.latest),
                outcome(g),
            ])
            .map_err(failed)?;
        }
        for m in &f.measures {
            w.write_record([
                "Measure",
                &m.short_name,
                &format!("{} results", m.totals.len()),
                &total(m.first()),
                &total(m.latest()),
                &m.change_words,
            ])
            .map_err(failed)?;
        }
        let mut fact = |section: &str, item: &str, value: String| {
            w.write_record([section, item, &text(&value), "", "", ""])
        };
        fact("Text", "Summary", s.text.summary.clone()).map_err(failed)?;
        fact("Text", "Recommendations", s.text.recommendations.clone()).map_err(failed)?;
        if s.kind == SummaryKind::Discharge || !s.text.aftercare.is_empty() {
            fact("Text", "Aftercare", s.text.aftercare.clone()).map_err(failed)?;
        }
        fact(
            "Signature",
            "Signed",
            signed_words(s).unwrap_or_else(|| "Draft, not signed".into()),
        )
        .map_err(failed)?;
        w.flush().map_err(|e| Error::io("write the summary's CSV", e))?;
    }
    Ok(out)
}
