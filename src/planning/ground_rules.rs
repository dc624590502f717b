//! The group agreement. Every group starts with an editable default; each
//! edit saves a new dated version, and earlier versions are kept unchanged:
//! the database refuses UPDATE, DELETE and INSERT OR REPLACE on a saved
//! version for as long as its group exists.

use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::ids::GroupId;
use crate::planning::limits::GROUND_RULES_MAX;
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};

/// The default group agreement every new group starts from.
pub const DEFAULT_RULES: &[&str] = &[
    "Confidentiality: what members share here stays here. The facilitator must break confidentiality only where the law requires it — a risk of serious harm to yourself or others, or the abuse of a child or vulnerable adult — and will tell you first whenever possible.",
    "Attendance: come to every session and arrive on time. If you cannot come or will be late, tell the facilitator beforehand.",
    "No alcohol or drugs: do not come to a session under their influence.",
    "Respect: one person speaks at a time. Listen without judging, interrupting or giving advice no one asked for.",
    "No relationships or subgroups outside the group while it runs. If you meet another member by chance, bring it back to the group.",
    "Phones away: silence your phone and put it out of sight during the session.",
];

#[derive(Debug, Clone, Serialize, TS)]
pub struct GroundRulesVersion {
    pub version: u32,
    /// UTC, RFC 3339.
    pub created_at: String,
    pub rules: Vec<String>,
}

/// Every version of a group's agreement, newest first.
#[derive(Debug, Clone, Serialize, TS)]
pub struct GroundRules {
    pub current: GroundRulesVersion,
    pub history: Vec<GroundRulesVersion>,
}

fn clean(rules: &[String]) -> Result<Vec<String>> {
    let out: Vec<String> = rules
        .iter()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect();
    if out.is_empty() {
        return Err(Error::validation(
            "rules",
            "The agreement needs at least one rule.",
        ));
    }
    if out.len() > GROUND_RULES_MAX {
        return Err(Error::validation(
            "rules",
            format!("An agreement can have at most {GROUND_RULES_MAX} rules; keep it short and clear."),
        ));
    }
    if let Some((i, _)) = out.iter().enumerate().find(|(_, r)| r.chars().count() > 1000) {
        return Err(Error::validation(
            "rules",
            format!("Rule {} is longer than 1000 characters.", i + 1),
        ));
    }
    Ok(out)
}

fn insert_version(
    conn: &Connection,
    group: GroupId,
    version: u32,
    rules: &[String],
    now: Timestamp,
) -> Result<()> {
    conn.execute(
        "INSERT INTO ground_rule_versions (group_id, version, rule_count, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![group, version, rules.len() as i64, now],
    )?;
    let vid = conn.last_insert_rowid();
    let mut stmt =
        conn.prepare_cached("INSERT INTO ground_rules (version_id, position, text) VALUES (?1, ?2, ?3)")?;
    for (i, r) in rules.iter().enumerate() {
        stmt.execute(params![vid, i as i64, r])?;
    }
    Ok(())
}

/// Gives a new group the default agreement as version 1.
pub(crate) fn start(conn: &Connection, group: GroupId, now: Timestamp) -> Result<()> {
    let rules: Vec<String> = DEFAULT_RULES.iter().map(|s| s.to_string()).collect();
    insert_version(conn, group, 1, &rules, now)
}

/// Saves an edited agreement as a new version; saving the same rules again
/// changes nothing. Returns the current version number.
pub fn save(conn: &Connection, group: GroupId, rules: &[String], now: Timestamp) -> Result<u32> {
    let rules = clean(rules)?;
    let current = current(conn, group)?;
    if current.rules == rules {
        return Ok(current.version);
    }
    let next = current.version + 1;
    insert_version(conn, group, next, &rules, now)?;
    audit::append(
        conn,
        AuditEvent::GroundRulesChanged,
        &format!("{group} version {next}"),
    )?;
    Ok(next)
}

/// The group's current version alone: one query on the (group, version) index.
pub fn current(conn: &Connection, group: GroupId) -> Result<GroundRulesVersion> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.version, v.created_at, r.text
         FROM ground_rule_versions v JOIN ground_rules r ON r.version_id = v.id
         WHERE v.id = (SELECT id FROM ground_rule_versions WHERE group_id = ?1 ORDER BY version DESC LIMIT 1)
         ORDER BY r.position",
    )?;
    let mut current: Option<GroundRulesVersion> = None;
    for row in stmt.query_map([group], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (version, created_at, text) = row?;
        current
            .get_or_insert_with(|| GroundRulesVersion {
                version,
                created_at,
                rules: Vec::new(),
            })
            .rules
            .push(text);
    }
    match current {
        Some(c) => Ok(c),
        None => Err(Error::NotFound(
            if crate::planning::groups::exists(conn, group)? {
                "This group has no ground rules yet.".into()
            } else {
                "That group no longer exists.".into()
            },
        )),
    }
}

/// Every version of the group's agreement, newest first.
pub fn load(conn: &Connection, group: GroupId) -> Result<GroundRules> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.version, v.created_at, r.text
         FROM ground_rule_versions v JOIN ground_rules r ON r.version_id = v.id
         WHERE v.group_id = ?1 ORDER BY v.version DESC, r.position",
    )?;
    let mut versions: Vec<GroundRulesVersion> = Vec::new();
    let rows = stmt.query_map([group], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (version, created_at, text) = row?;
        match versions.last_mut() {
            Some(v) if v.version == version => v.rules.push(text),
            _ => versions.push(GroundRulesVersion {
                version,
                created_at,
                rules: vec![text],
            }),
        }
    }
    if versions.is_empty() {
        return Err(Error::NotFound(
            if crate::planning::groups::exists(conn, group)? {
                "This group has no ground rules yet.".into()
            } else {
                "That group no longer exists.".into()
            },
        ));
    }
    let current = versions.remove(0);
    Ok(GroundRules {
        current,
        history: versions,
    })
}

/// Deletes a group's agreement. The database allows it only once the group
/// itself is gone, in the same transaction (see `program::delete_group`).
pub(crate) fn delete_with_group(conn: &Connection, group: GroupId) -> Result<()> {
    conn.execute(
        "DELETE FROM ground_rules WHERE version_id IN (SELECT id FROM ground_rule_versions WHERE group_id = ?1)",
        [group],
    )?;
    conn.execute("DELETE FROM ground_rule_versions WHERE group_id = ?1", [group])?;
    Ok(())
}
