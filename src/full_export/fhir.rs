//! The records as FHIR R4 (4.0.1), the convention of health IT: one
//! collection Bundle with the clinician (Practitioner), each member
//! (Patient), each group (Group, actual, its members with the dates of their
//! places), an Encounter per member per session attended (CPT 90853, group
//! psychotherapy), each measure result as a QuestionnaireResponse with its
//! total as an Observation (PHQ-9 and GAD-7 by their LOINC codes), each goal
//! (Goal), and each signed note and addendum as a DocumentReference — the
//! psychotherapy notes only when asked for. Every reference inside the
//! Bundle is `urn:uuid:`; ids derived from Cohort's own are stable from one
//! export to the next. `scripts/check_fhir.py` validates it with the
//! `fhir.resources` R4 models in `make test`.

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate, TimeZone};
use rusqlite::Connection;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::notes::NoteFormat;
use crate::values::{Timestamp, WallTime};

const CPT: &str = "http://www.ama-assn.org/go/cpt";
const LOINC: &str = "http://loinc.org";

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

/// A stable UUID for a resource Cohort does not key by a UUID of its own.
fn derived(kind: &str, key: &str) -> String {
    let h = Sha256::digest(format!("cohort-fhir/{kind}/{key}").as_bytes());
    let bytes: [u8; 16] = h[..16].try_into().expect("16 bytes");
    uuid::Builder::from_custom_bytes(bytes).into_uuid().to_string()
}

fn urn(id: &str) -> String {
    format!("urn:uuid:{id}")
}

fn reference(id: &str) -> Value {
    json!({ "reference": urn(id) })
}

fn entry(id: &str, mut resource: Value) -> Value {
    resource["id"] = Value::from(id);
    json!({ "fullUrl": urn(id), "resource": resource })
}

/// A local date and wall-clock time as a FHIR dateTime with its offset.
fn local(date: NaiveDate, time: WallTime, plus_minutes: i64) -> String {
    let naive = date.and_time(time.time()) + Duration::minutes(plus_minutes);
    match chrono::Local.from_local_datetime(&naive).earliest() {
        Some(t) => t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        None => format!("{}Z", naive.format("%Y-%m-%dT%H:%M:%S")),
    }
}

fn rows<T>(
    conn: &Connection,
    sql: &str,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    Ok(conn
        .prepare(sql)?
        .query_map([], f)?
        .collect::<rusqlite::Result<_>>()?)
}

fn text_or_none(s: String) -> Option<String> {
    (!s.trim().is_empty()).then_some(s)
}

/// The Bundle, as JSON.
pub fn bundle(conn: &Connection, psychotherapy_notes: bool, now: Timestamp) -> Result<Value> {
    let mut entries = Vec::new();
    let practitioner = derived("practitioner", "the clinician");
    entries.push(entry(&practitioner, clinician(conn)?));
    entries.extend(patients(conn)?);
    entries.extend(groups(conn, &practitioner)?);
    let encounters = encounters(conn, &practitioner)?;
    let encounter_of: HashMap<Attended, String> = encounters
        .iter()
        .map(|(key, id, _)| (key.clone(), id.clone()))
        .collect();
    entries.extend(encounters.into_iter().map(|(_, id, e)| entry(&id, e)));
    entries.extend(results(conn, &practitioner, &encounter_of)?);
    entries.extend(goals(conn, &practitioner)?);
    entries.extend(notes(conn, &practitioner, &encounter_of)?);
    if psychotherapy_notes {
        entries.extend(private_notes(conn, &practitioner)?);
    }
    Ok(json!({
        "resourceType": "Bundle",
        "id": derived("bundle", &now.to_string()),
        "type": "collection",
        "timestamp": now.to_string(),
        "entry": entries,
    }))
}

fn clinician(conn: &Connection) -> Result<Value> {
    let (name, credentials, licence): (String, String, String) = conn.query_row(
        "SELECT full_name, credentials, license_number FROM clinician_profile WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut p = json!({ "resourceType": "Practitioner", "active": true });
    if let Some(n) = text_or_none(name) {
        p["name"] = json!([{ "text": n }]);
    }
    if let Some(l) = text_or_none(licence) {
        p["identifier"] = json!([{ "type": { "text": "Licence number" }, "value": l }]);
    }
    if let Some(c) = text_or_none(credentials) {
        p["qualification"] = json!([{ "code": { "text": c } }]);
    }
    Ok(p)
}

fn patients(conn: &Connection) -> Result<Vec<Value>> {
    rows(
        conn,
        "SELECT id, legal_name, preferred_name, date_of_birth, phone, email, emergency_name,
                emergency_relationship, emergency_phone, archived
         FROM members ORDER BY rowid",
        |r| {
            let id: String = r.get(0)?;
            let mut p = json!({
                "resourceType": "Patient",
                "identifier": [{ "system": "urn:ietf:rfc:3986", "value": urn(&id) }],
                "active": !r.get::<_, bool>(9)?,
                "name": [{ "use": "official", "text": r.get::<_, String>(1)? }],
            });
            if let Some(pref) = text_or_none(r.get(2)?) {
                p["name"]
                    .as_array_mut()
                    .expect("an array")
                    .push(json!({ "use": "usual", "text": pref }));
            }
            if let Some(dob) = r.get::<_, Option<String>>(3)? {
                p["birthDate"] = Value::from(dob);
            }
            let mut telecom = Vec::new();
            if let Some(phone) = text_or_none(r.get(4)?) {
                telecom.push(json!({ "system": "phone", "value": phone }));
            }
            if let Some(email) = text_or_none(r.get(5)?) {
                telecom.push(json!({ "system": "email", "value": email }));
            }
            if !telecom.is_empty() {
                p["telecom"] = Value::Array(telecom);
            }
            if let Some(who) = text_or_none(r.get(6)?) {
                let mut c = json!({ "name": { "text": who } });
                if let Some(rel) = text_or_none(r.get(7)?) {
                    c["relationship"] = json!([{ "text": rel }]);
                }
                if let Some(phone) = text_or_none(r.get(8)?) {
                    c["telecom"] = json!([{ "system": "phone", "value": phone }]);
                }
                p["contact"] = json!([c]);
            }
            Ok(entry(&id, p))
        },
    )
}

fn groups(conn: &Connection, practitioner: &str) -> Result<Vec<Value>> {
    let mut members: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (group, member, enrolled, left) in rows(
        conn,
        "SELECT group_id, member_id, enrolled_on, left_on FROM places WHERE enrolled_on IS NOT NULL ORDER BY rowid",
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<String>>(3)?)),
    )? {
        let mut period = json!({ "start": enrolled });
        if let Some(l) = &left {
            period["end"] = Value::from(l.clone());
        }
        members.entry(group).or_default().push(json!({
            "entity": reference(&member),
            "period": period,
            "inactive": left.is_some(),
        }));
    }
    rows(
        conn,
        "SELECT id, name, approach FROM groups ORDER BY rowid",
        |r| {
            let id: String = r.get(0)?;
            let mut g = json!({
                "resourceType": "Group",
                "type": "person",
                "actual": true,
                "name": r.get::<_, String>(1)?,
                "managingEntity": reference(practitioner),
            });
            if let Some(approach) = text_or_none(r.get(2)?) {
                g["characteristic"] = json!([{
                    "code": { "text": "Theoretical approach" },
                    "valueCodeableConcept": { "text": approach },
                    "exclude": false,
                }]);
            }
            if let Some(m) = members.get(&id) {
                g["quantity"] = Value::from(m.iter().filter(|x| x["inactive"] == false).count());
                g["member"] = Value::Array(m.clone());
            }
            Ok(entry(&id, g))
        },
    )
}

/// A member's attendance at a session: (session id, member id).
type Attended = (String, String);

/// (attended, id, Encounter) for each member's attended session.
fn encounters(conn: &Connection, practitioner: &str) -> Result<Vec<(Attended, String, Value)>> {
    rows(
        conn,
        "SELECT a.session_id, p.member_id, s.date, s.start_time, g.session_minutes, a.status, a.minutes,
                s.number, g.name
         FROM attendance a JOIN sessions s ON s.id = a.session_id JOIN places p ON p.id = a.place_id
         JOIN groups g ON g.id = s.group_id
         WHERE a.status IN ('present', 'late', 'left_early') ORDER BY s.date, s.start_time, a.rowid",
        |r| {
            let (session, member): (String, String) = (r.get(0)?, r.get(1)?);
            let date: NaiveDate = r.get(2)?;
            let start: WallTime = r.get(3)?;
            let length: i64 = r.get(4)?;
            let status: String = r.get(5)?;
            let minutes: i64 = r.get::<_, Option<i64>>(6)?.unwrap_or(0);
            let (from, to) = match status.as_str() {
                "late" => (minutes, length),
                "left_early" => (0, length - minutes),
                _ => (0, length),
            };
            let id = derived("encounter", &format!("{session}/{member}"));
            let e = json!({
                "resourceType": "Encounter",
                "status": "finished",
                "class": { "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB", "display": "ambulatory" },
                "type": [{ "coding": [{ "system": CPT, "code": "90853", "display": "Group psychotherapy (other than of a multiple-family group)" }] }],
                "subject": reference(&member),
                "participant": [{ "individual": reference(practitioner) }],
                "period": { "start": local(date, start, from), "end": local(date, start, to) },
                "length": { "value": to - from, "unit": "min", "system": "http://unitsofmeasure.org", "code": "min" },
                "serviceType": { "text": format!("{}, session {}", r.get::<_, String>(8)?, r.get::<_, i64>(7)?) },
            });
            Ok(((session, member), id, e))
        },
    )
}

fn results(
    conn: &Connection,
    practitioner: &str,
    encounter_of: &HashMap<Attended, String>,
) -> Result<Vec<Value>> {
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
    let found = rows(
        conn,
        "SELECT r.id, p.member_id, r.instrument_id, i.name, r.session_id, r.taken_on, r.answers, r.total,
                r.voided_at IS NOT NULL
         FROM measure_results r JOIN places p ON p.id = r.place_id JOIN instruments i ON i.id = r.instrument_id
         ORDER BY r.rowid",
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, f64>(7)?,
                r.get::<_, bool>(8)?,
            ))
        },
    )?;
    let mut out = Vec::new();
    for (id, member, instrument, name, session, taken_on, answers, total, voided) in found {
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
        out.push(entry(&qr_id, qr));
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
        out.push(entry(&id, obs));
    }
    Ok(out)
}

fn goals(conn: &Connection, practitioner: &str) -> Result<Vec<Value>> {
    rows(
        conn,
        "SELECT g.id, p.member_id, g.measured_by, g.status, g.set_on, g.ended_on, g.end_note, v.statement, v.target
         FROM goals g JOIN places p ON p.id = g.place_id
         JOIN goal_versions v ON v.goal_id = g.id
              AND v.version = (SELECT max(version) FROM goal_versions WHERE goal_id = g.id)
         ORDER BY g.rowid",
        |r| {
            let id: String = r.get(0)?;
            let status: String = r.get(3)?;
            let (lifecycle, achievement) = match status.as_str() {
                "achieved" => ("completed", Some(("achieved", "Achieved"))),
                "discontinued" => ("cancelled", Some(("not-achieved", "Not Achieved"))),
                _ => ("active", None),
            };
            let measure = if r.get::<_, String>(2)? == "gas" {
                "Goal Attainment Scaling (−2 to +2)"
            } else {
                "Rating from 0 to 10"
            };
            let mut g = json!({
                "resourceType": "Goal",
                "lifecycleStatus": lifecycle,
                "description": { "text": r.get::<_, String>(7)? },
                "subject": reference(&r.get::<_, String>(1)?),
                "startDate": r.get::<_, String>(4)?,
                "expressedBy": reference(practitioner),
                "target": [{ "measure": { "text": measure } }],
            });
            if let Some(target) = text_or_none(r.get(8)?) {
                g["target"][0]["detailString"] = Value::from(target);
            }
            if let Some((code, display)) = achievement {
                g["achievementStatus"] = json!({ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/goal-achievement", "code": code, "display": display }] });
            }
            if let Some(ended) = r.get::<_, Option<String>>(5)? {
                g["statusDate"] = Value::from(ended);
            }
            if let Some(note) = text_or_none(r.get::<_, Option<String>>(6)?.unwrap_or_default()) {
                g["note"] = json!([{ "text": note }]);
            }
            Ok(entry(&id, g))
        },
    )
}

/// A signed note's words: each field under its label, then participation,
/// risk and the signature.
fn note_text(format: &str, fields: &str, extra: &[(&str, String)], signed: &str) -> String {
    let fields: BTreeMap<String, String> = serde_json::from_str(fields).unwrap_or_default();
    let mut out = String::new();
    let defs = format.parse::<NoteFormat>().map(|f| f.fields()).unwrap_or(&[]);
    for d in defs {
        if let Some(t) = fields.get(d.key).filter(|t| !t.trim().is_empty()) {
            out += &format!("{}:\n{}\n\n", d.label, t.trim());
        }
    }
    for (label, t) in extra.iter().filter(|(_, t)| !t.trim().is_empty()) {
        out += &format!("{label}: {}\n", t.trim());
    }
    out += &format!("\n{signed}\n");
    out
}

fn document(kind: &str, subject: &str, date: &str, practitioner: &str, text: &str, title: String) -> Value {
    json!({
        "resourceType": "DocumentReference",
        "status": "current",
        "docStatus": "final",
        "type": { "coding": [{ "system": LOINC, "code": "11506-3", "display": "Progress note" }], "text": kind },
        "subject": reference(subject),
        "date": date,
        "author": [reference(practitioner)],
        "authenticator": reference(practitioner),
        "description": title.clone(),
        "content": [{ "attachment": {
            "contentType": "text/plain; charset=utf-8",
            "data": data_encoding::BASE64.encode(text.as_bytes()),
            "title": title,
            "creation": date,
        } }],
    })
}

fn notes(
    conn: &Connection,
    practitioner: &str,
    encounter_of: &HashMap<Attended, String>,
) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    let mut doc_of: HashMap<i64, String> = HashMap::new();
    for (id, session, member, group, format, fields, extra, signed_at, signed, title) in rows(
        conn,
        "SELECT n.id, n.session_id, p.member_id, s.group_id, n.format, n.fields, n.participation_words,
                n.risk_description, n.signed_at, n.signed_by, n.signed_credentials, g.name, s.number, s.date
         FROM notes n JOIN sessions s ON s.id = n.session_id JOIN groups g ON g.id = s.group_id
         LEFT JOIN places p ON p.id = n.place_id
         WHERE n.signed_at IS NOT NULL ORDER BY n.id",
        |r| {
            let signed = format!(
                "Signed by {}{} on {}",
                r.get::<_, String>(9)?,
                r.get::<_, Option<String>>(10)?
                    .filter(|c| !c.is_empty())
                    .map(|c| format!(", {c}"))
                    .unwrap_or_default(),
                r.get::<_, String>(8)?
            );
            let title = format!(
                "{}, session {} ({})",
                r.get::<_, String>(11)?,
                r.get::<_, i64>(12)?,
                r.get::<_, String>(13)?
            );
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                vec![
                    (
                        "Participation",
                        r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                    ),
                    (
                        "Risk observed",
                        r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                    ),
                ],
                r.get::<_, String>(8)?,
                signed,
                title,
            ))
        },
    )? {
        let doc_id = derived("note", &id.to_string());
        let text = note_text(&format, &fields, &extra, &signed);
        let (kind, subject) = match &member {
            Some(m) => ("Individual progress note", m.as_str()),
            None => ("Group note", group.as_str()),
        };
        let mut d = document(kind, subject, &signed_at, practitioner, &text, title);
        if let Some(e) = member
            .as_ref()
            .and_then(|m| encounter_of.get(&(session.clone(), m.clone())))
        {
            d["context"] = json!({ "encounter": [reference(e)] });
        }
        doc_of.insert(id, doc_id.clone());
        out.push(entry(&doc_id, d));
    }
    for (id, note, text, written_at, by) in rows(
        conn,
        "SELECT id, note_id, text, written_at, signed_by FROM note_addenda ORDER BY id",
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        },
    )? {
        let Some(target) = doc_of.get(&note) else { continue };
        let doc_id = derived("addendum", &id.to_string());
        let subject = out
            .iter()
            .find(|e| e["fullUrl"] == urn(target))
            .and_then(|e| e["resource"]["subject"]["reference"].as_str())
            .and_then(|r| r.strip_prefix("urn:uuid:"))
            .unwrap_or_default()
            .to_string();
        let body = format!("{text}\n\nSigned by {by} on {written_at}\n");
        let mut d = document(
            "Addendum",
            &subject,
            &written_at,
            practitioner,
            &body,
            "Addendum".into(),
        );
        d["relatesTo"] = json!([{ "code": "appends", "target": reference(target) }]);
        out.push(entry(&doc_id, d));
    }
    Ok(out)
}

fn private_notes(conn: &Connection, practitioner: &str) -> Result<Vec<Value>> {
    rows(
        conn,
        "SELECT n.session_id, s.group_id, n.text, n.updated_at, g.name, s.number
         FROM psychotherapy_notes n JOIN sessions s ON s.id = n.session_id JOIN groups g ON g.id = s.group_id
         ORDER BY n.rowid",
        |r| {
            let id = derived("psychotherapy-note", &r.get::<_, String>(0)?);
            let title = format!("{}, session {}", r.get::<_, String>(4)?, r.get::<_, i64>(5)?);
            let mut d = document(
                "Psychotherapy note",
                &r.get::<_, String>(1)?,
                &r.get::<_, String>(3)?,
                practitioner,
                &r.get::<_, String>(2)?,
                title,
            );
            d["docStatus"] = Value::from("preliminary");
            Ok(entry(&id, d))
        },
    )
}
