//! Curriculum templates: the built-in ones (in `builtin_templates`) and the
//! ones a clinician saved from a group.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::ids::fresh_uuid;
use crate::planning::builtin_templates;
use crate::planning::curriculum::{SessionPlan, Template, TemplateSummary};
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};

pub fn list(conn: &Connection) -> Result<Vec<TemplateSummary>> {
    let mut out: Vec<TemplateSummary> = builtin_templates::all().iter().map(Template::summary).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, description, json_array_length(body, '$.sessions') FROM curriculum_templates ORDER BY name COLLATE NOCASE",
    )?;
    for row in stmt.query_map([], |r| {
        Ok(TemplateSummary {
            id: r.get(0)?,
            name: r.get(1)?,
            description: r.get(2)?,
            builtin: false,
            session_count: r.get::<_, Option<u32>>(3)?.unwrap_or(0),
        })
    })? {
        out.push(row?);
    }
    Ok(out)
}

pub fn get(conn: &Connection, id: &str) -> Result<Template> {
    if let Some(t) = builtin_templates::all().into_iter().find(|t| t.id == id) {
        return Ok(t);
    }
    let row: Option<(String, String, String)> = conn
        .query_row(
            "SELECT name, description, body FROM curriculum_templates WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (name, description, body) =
        row.ok_or_else(|| Error::NotFound("That template no longer exists.".into()))?;
    #[derive(Deserialize)]
    struct Body {
        sessions: Vec<SessionPlan>,
    }
    let b: Body = serde_json::from_str(&body).map_err(|e| Error::Internal(format!("template body: {e}")))?;
    Ok(Template {
        id: id.to_string(),
        name,
        description,
        builtin: false,
        sessions: b.sessions,
    })
}

/// Saves the given plans as a reusable template.
pub(crate) fn save(
    conn: &Connection,
    name: &str,
    description: &str,
    plans: &[SessionPlan],
    now: Timestamp,
) -> Result<TemplateSummary> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(Error::validation(
            "name",
            "Give the template a name of at most 120 characters.",
        ));
    }
    let id = fresh_uuid().to_string();
    let body = serde_json::json!({ "sessions": plans }).to_string();
    conn.execute(
        "INSERT INTO curriculum_templates (id, name, description, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, name, description.trim(), body, now],
    )?;
    audit::append(conn, AuditEvent::TemplateSaved, name)?;
    Ok(TemplateSummary {
        id,
        name: name.to_string(),
        description: description.trim().to_string(),
        builtin: false,
        session_count: plans.len() as u32,
    })
}
