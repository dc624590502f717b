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
use std::io::Write;

use chrono::{Duration, NaiveDate, TimeZone};
use rusqlite::Connection;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::values::{Timestamp, WallTime};

const CPT: &str = "http://www.ama-assn.org/go/cpt";
const LOINC: &str = "http://loinc.org";

mod measures;
mod notes;

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

/// Where each resource goes as it is made (the Bundle's writer).
type Emit<'a> = dyn FnMut(Value) -> Result<()> + 'a;

/// Calls `f` with each row of `sql`, as they are read.
fn each(conn: &Connection, sql: &str, mut f: impl FnMut(&rusqlite::Row<'_>) -> Result<()>) -> Result<()> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        f(r)?;
    }
    Ok(())
}

fn text_or_none(s: String) -> Option<String> {
    (!s.trim().is_empty()).then_some(s)
}

/// Writes the Bundle as JSON, one entry per line, each resource made and
/// written in turn (never the whole Bundle in memory).
pub fn write_bundle(
    conn: &Connection,
    out: &mut dyn Write,
    psychotherapy_notes: bool,
    now: Timestamp,
) -> Result<()> {
    let io = |e| Error::io("write the export", e);
    write!(
        out,
        "{{\"resourceType\": \"Bundle\", \"id\": {}, \"type\": \"collection\", \"timestamp\": {}, \"entry\": [",
        Value::from(derived("bundle", &now.to_string())),
        Value::from(now.to_string())
    )
    .map_err(io)?;
    let mut first = true;
    let mut emit = |v: Value| -> Result<()> {
        out.write_all(if first { b"\n" } else { b",\n" }).map_err(io)?;
        first = false;
        serde_json::to_writer(&mut *out, &v).map_err(|e| Error::Internal(format!("FHIR JSON: {e}")))
    };
    let practitioner = derived("practitioner", "the clinician");
    emit(entry(&practitioner, clinician(conn)?))?;
    patients(conn, &mut emit)?;
    groups(conn, &practitioner, &mut emit)?;
    let encounter_of = encounters(conn, &practitioner, &mut emit)?;
    measures::results(conn, &practitioner, &encounter_of, &mut emit)?;
    goals(conn, &practitioner, &mut emit)?;
    notes::signed(conn, &practitioner, &encounter_of, &mut emit)?;
    if psychotherapy_notes {
        notes::private(conn, &practitioner, &mut emit)?;
    }
    out.write_all(b"\n]}").map_err(io)
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

fn patients(conn: &Connection, emit: &mut Emit<'_>) -> Result<()> {
    each(
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
            emit(entry(&id, p))
        },
    )
}

fn groups(conn: &Connection, practitioner: &str, emit: &mut Emit<'_>) -> Result<()> {
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
    each(
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
            emit(entry(&id, g))
        },
    )
}

/// A member's attendance at a session: (session id, member id).
type Attended = (String, String);

/// An Encounter for each member's attended session; each one's id by
/// whose attendance it is.
fn encounters(
    conn: &Connection,
    practitioner: &str,
    emit: &mut Emit<'_>,
) -> Result<HashMap<Attended, String>> {
    let mut ids = HashMap::new();
    each(
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
            ids.insert((session, member), id.clone());
            emit(entry(&id, e))
        },
    )?;
    Ok(ids)
}

fn goals(conn: &Connection, practitioner: &str, emit: &mut Emit<'_>) -> Result<()> {
    each(
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
            emit(entry(&id, g))
        },
    )
}
