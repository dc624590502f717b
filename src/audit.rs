//! The append-only audit trail: who opened the vault, when, and what changed.
//!
//! Rows are chained by SHA-256 so that removing, reordering or altering one
//! outside Cohort is found by `cohort check`. The database's triggers refuse
//! UPDATE and DELETE.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::Result;

/// What happened. Stored by its `as_str` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditEvent {
    VaultCreated,
    Unlocked,
    /// Failed unlock attempts since the last unlock, recorded at the next one.
    UnlockFailed,
    Locked,
    PassphraseChanged,
    PassphraseResetWithRecoveryKey,
    ProfileUpdated,
    SettingsChanged,
    GroupCreated,
    GroupUpdated,
    GroupStatusChanged,
    BlackoutDatesChanged,
    SessionPlanSaved,
    SessionRescheduled,
    SessionCancelled,
    GroundRulesChanged,
    TemplateSaved,
    CalendarExported,
}

impl AuditEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditEvent::VaultCreated => "vault_created",
            AuditEvent::Unlocked => "unlocked",
            AuditEvent::UnlockFailed => "unlock_failed",
            AuditEvent::Locked => "locked",
            AuditEvent::PassphraseChanged => "passphrase_changed",
            AuditEvent::PassphraseResetWithRecoveryKey => "passphrase_reset_with_recovery_key",
            AuditEvent::ProfileUpdated => "profile_updated",
            AuditEvent::SettingsChanged => "settings_changed",
            AuditEvent::GroupCreated => "group_created",
            AuditEvent::GroupUpdated => "group_updated",
            AuditEvent::GroupStatusChanged => "group_status_changed",
            AuditEvent::BlackoutDatesChanged => "blackout_dates_changed",
            AuditEvent::SessionPlanSaved => "session_plan_saved",
            AuditEvent::SessionRescheduled => "session_rescheduled",
            AuditEvent::SessionCancelled => "session_cancelled",
            AuditEvent::GroundRulesChanged => "ground_rules_changed",
            AuditEvent::TemplateSaved => "template_saved",
            AuditEvent::CalendarExported => "calendar_exported",
        }
    }

    /// How the event reads in the app's activity list.
    pub fn describe(name: &str) -> &'static str {
        match name {
            "vault_created" => "Vault created",
            "unlocked" => "Unlocked",
            "unlock_failed" => "Failed unlock attempts",
            "locked" => "Locked",
            "passphrase_changed" => "Passphrase changed",
            "passphrase_reset_with_recovery_key" => "Passphrase reset with the recovery key",
            "profile_updated" => "Profile updated",
            "settings_changed" => "Settings changed",
            "group_created" => "Group created",
            "group_updated" => "Group details changed",
            "group_status_changed" => "Group status changed",
            "blackout_dates_changed" => "Blackout dates changed",
            "session_plan_saved" => "Session plan changed",
            "session_rescheduled" => "Session rescheduled",
            "session_cancelled" => "Session cancelled",
            "ground_rules_changed" => "Ground rules changed",
            "template_saved" => "Curriculum template saved",
            "calendar_exported" => "Calendar file exported",
            _ => "Other",
        }
    }
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn chain_hash(prev: &str, seq: i64, at: &str, event: &str, detail: &str) -> String {
    let mut h = Sha256::new();
    for part in [prev, &seq.to_string(), at, event, detail] {
        h.update(part.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Appends one event. Call inside the transaction of the action it records.
pub fn append(conn: &Connection, event: AuditEvent, detail: &str) -> Result<()> {
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_string()),
    };
    let at = timestamp(Utc::now());
    let hash = chain_hash(&prev, seq, &at, event.as_str(), detail);
    conn.execute(
        "INSERT INTO audit_log (seq, at, event, detail, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![seq, at, event.as_str(), detail, hash],
    )?;
    Ok(())
}

/// One row of the trail as the app shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub seq: i64,
    /// UTC, RFC 3339.
    pub at: String,
    pub event: String,
    /// Plain-words label of the event.
    pub label: String,
    pub detail: String,
}

/// The newest `limit` entries, newest first.
pub fn recent(conn: &Connection, limit: u32) -> Result<Vec<AuditEntry>> {
    let mut stmt =
        conn.prepare_cached("SELECT seq, at, event, detail FROM audit_log ORDER BY seq DESC LIMIT ?1")?;
    let rows = stmt.query_map([limit], |r| {
        let event: String = r.get(2)?;
        Ok(AuditEntry {
            seq: r.get(0)?,
            at: r.get(1)?,
            label: AuditEvent::describe(&event).to_string(),
            event,
            detail: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Walks the whole chain once; returns the problems found (none when sound).
pub fn verify_chain(conn: &Connection) -> Result<(u64, Vec<String>)> {
    let mut stmt = conn.prepare("SELECT seq, at, event, detail, hash FROM audit_log ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    let mut expected_seq = 1i64;
    let mut count = 0u64;
    let mut problems = Vec::new();
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let at: String = r.get(1)?;
        let event: String = r.get(2)?;
        let detail: String = r.get(3)?;
        let hash: String = r.get(4)?;
        count += 1;
        if seq != expected_seq {
            problems.push(format!(
                "audit trail: entry {expected_seq} is missing (next is {seq})"
            ));
        }
        if chain_hash(&prev, seq, &at, &event, &detail) != hash {
            problems.push(format!(
                "audit trail: entry {seq} ({event} at {at}) does not match the chain"
            ));
        }
        prev = hash;
        expected_seq = seq + 1;
    }
    Ok((count, problems))
}
