//! Signed notes and their addenda, and psychotherapy notes when asked
//! for, as DocumentReferences holding the note's words.

use std::collections::{BTreeMap, HashMap};

use rusqlite::Connection;
use serde_json::{json, Value};

use super::{derived, each, entry, reference, Attended, Emit, LOINC};
use crate::error::Result;
use crate::notes::NoteFormat;

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

pub(super) fn signed(
    conn: &Connection,
    practitioner: &str,
    encounter_of: &HashMap<Attended, String>,
    emit: &mut Emit<'_>,
) -> Result<()> {
    // Each signed note's document and subject, for its addenda.
    let mut doc_of: HashMap<i64, (String, String)> = HashMap::new();
    each(
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
            let id: i64 = r.get(0)?;
            let session: String = r.get(1)?;
            let member: Option<String> = r.get(2)?;
            let group: String = r.get(3)?;
            let extra = [
                (
                    "Participation",
                    r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                ),
                (
                    "Risk observed",
                    r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                ),
            ];
            let signed_at: String = r.get(8)?;
            let doc_id = derived("note", &id.to_string());
            let text = note_text(&r.get::<_, String>(4)?, &r.get::<_, String>(5)?, &extra, &signed);
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
            doc_of.insert(id, (doc_id.clone(), subject.to_string()));
            emit(entry(&doc_id, d))
        },
    )?;
    each(
        conn,
        "SELECT id, note_id, text, written_at, signed_by FROM note_addenda ORDER BY id",
        |r| {
            let Some((target, subject)) = doc_of.get(&r.get::<_, i64>(1)?) else {
                return Ok(());
            };
            let doc_id = derived("addendum", &r.get::<_, i64>(0)?.to_string());
            let written_at: String = r.get(3)?;
            let body = format!(
                "{}\n\nSigned by {} on {written_at}\n",
                r.get::<_, String>(2)?,
                r.get::<_, String>(4)?
            );
            let mut d = document(
                "Addendum",
                subject,
                &written_at,
                practitioner,
                &body,
                "Addendum".into(),
            );
            d["relatesTo"] = json!([{ "code": "appends", "target": reference(target) }]);
            emit(entry(&doc_id, d))
        },
    )
}

pub(super) fn private(conn: &Connection, practitioner: &str, emit: &mut Emit<'_>) -> Result<()> {
    each(
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
            emit(entry(&id, d))
        },
    )
}
