//! Measure results as QuestionnaireResponses with their totals as Observations;
//! PHQ-9 and GAD-7 by their LOINC panel, item, answer and total codes.

use std::collections::HashMap;

use rusqlite::Connection;
use serde_json::{json, Value};

use super::{derived, each, entry, reference, rows, Attended, Emit, LOINC};
use crate::error::Result;

/// A built-in measure's LOINC codes: the panel, each item in order, the total.
struct Loinc {
    panel: &'static str,
    items: &'static [&'static str],
    total: &'static str,
    total_display: &'static str,
}

const PHQ9: Loinc = Loinc {
    panel: "44249-1",
    items: &[
        "44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8",
    ],
    total: "44261-6",
    total_display: "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
};

const GAD7: Loinc = Loinc {
    panel: "69737-5",
    items: &[
        "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7",
    ],
    total: "70274-6",
    total_display: "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
};

/// The LOINC answers to a PHQ-9 or GAD-7 item, by score.
const ANSWERS: [(&str, &str); 4] = [
    ("LA6568-5", "Not at all"),
    ("LA6569-3", "Several days"),
    ("LA6570-1", "More than half the days"),
    ("LA6571-9", "Nearly every day"),
];

fn loinc_of(instrument: &str) -> Option<&'static Loinc> {
    match instrument {
        "phq9" => Some(&PHQ9),
        "gad7" => Some(&GAD7),
        _ => None,
    }
}

pub(super) fn results(
    conn: &Connection,
    practitioner: &str,
    encounter_of: &HashMap<Attended, String>,
    emit: &mut Emit<'_>,
) -> Result<()> {
    let mut wording: HashMap<String, Vec<String>> = HashMap::new();
    for (instrument, text) in rows(
        conn,
        "SELECT instrument_id, wording FROM instrument_items ORDER BY instrument_id, position",
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
    )? {
        wording.entry(instrument).or_default().push(text);
    }
    let bands: Vec<(String, f64, f64, String)> = rows(
        conn,
        "SELECT instrument_id, low, high, label FROM instrument_bands",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    each(
        conn,
        "SELECT r.id, p.member_id, r.instrument_id, i.name, r.session_id, r.taken_on, r.answers, r.total,
                r.voided_at IS NOT NULL
         FROM measure_results r JOIN places p ON p.id = r.place_id JOIN instruments i ON i.id = r.instrument_id
         ORDER BY r.rowid",
        |r| {
            let (id, member, instrument, name, session, taken_on, answers, total, voided) = (
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, f64>(7)?,
                r.get::<_, bool>(8)?,
            );
        let answers: Vec<Option<i64>> = serde_json::from_str(&answers).unwrap_or_default();
        let code = loinc_of(&instrument);
        let words = wording.get(&instrument).cloned().unwrap_or_default();
        let mut items: Vec<Value> = answers
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let link = code
                    .map(|c| c.items[i].to_string())
                    .unwrap_or_else(|| (i + 1).to_string());
                let mut item = json!({ "linkId": link, "text": words.get(i).cloned().unwrap_or_default() });
                match (a, code) {
                    (Some(v), Some(_)) if (0..4).contains(v) => {
                        let (c, d) = ANSWERS[*v as usize];
                        item["answer"] =
                            json!([{ "valueCoding": { "system": LOINC, "code": c, "display": d } }]);
                    }
                    (Some(v), _) => item["answer"] = json!([{ "valueInteger": v }]),
                    (None, _) => {}
                }
                item
            })
            .collect();
        let total_value = if total.fract() == 0.0 {
            json!({ "valueInteger": total as i64 })
        } else {
            json!({ "valueDecimal": total })
        };
        let mut total_item =
            json!({ "linkId": code.map(|c| c.total).unwrap_or("total"), "text": "Total score" });
        total_item["answer"] = json!([total_value.clone()]);
        items.push(total_item);
        let status = if voided { "entered-in-error" } else { "completed" };
        let qr_id = derived("questionnaire-response", &id);
        let mut qr = json!({
            "resourceType": "QuestionnaireResponse",
            "status": status,
            "subject": reference(&member),
            "authored": taken_on,
            "author": reference(practitioner),
            "item": items,
        });
        if let Some(c) = code {
            qr["questionnaire"] = Value::from(format!("http://loinc.org/q/{}", c.panel));
        }
        let encounter = session.and_then(|s| encounter_of.get(&(s, member.clone())));
        if let Some(e) = encounter {
            qr["encounter"] = reference(e);
        }
        emit(entry(&qr_id, qr))?;
        let mut obs = json!({
            "resourceType": "Observation",
            "status": if voided { "entered-in-error" } else { "final" },
            "category": [{ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey", "display": "Survey" }] }],
            "code": match code {
                Some(c) => json!({ "coding": [{ "system": LOINC, "code": c.total, "display": c.total_display }], "text": format!("{name}, total") }),
                None => json!({ "text": format!("{name}, total") }),
            },
            "subject": reference(&member),
            "effectiveDateTime": taken_on,
            "performer": [reference(practitioner)],
            "derivedFrom": [reference(&qr_id)],
        });
        obs[if total.fract() == 0.0 {
            "valueInteger"
        } else {
            "valueQuantity"
        }] = if total.fract() == 0.0 {
            Value::from(total as i64)
        } else {
            json!({ "value": total, "unit": "score" })
        };
        if let Some((_, _, _, label)) = bands
            .iter()
            .find(|(i, lo, hi, _)| *i == instrument && total >= *lo && total <= *hi)
        {
            obs["interpretation"] = json!([{ "text": label }]);
        }
        if let Some(e) = encounter {
            obs["encounter"] = reference(e);
        }
        emit(entry(&id, obs))
        },
    )
}
