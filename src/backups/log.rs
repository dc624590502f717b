//! Every backup made or attempted, written once, each with its audit entry.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::Reason;
use crate::error::Result;
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};
use crate::vault::backup::Made;

/// A backup that was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LastBackup {
    pub at: Timestamp,
    /// Where it was written.
    pub file: String,
    pub automatic: bool,
    #[ts(type = "number")]
    pub bytes: i64,
}

/// A backup that could not be made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Failure {
    pub at: Timestamp,
    /// Why, in words.
    pub problem: String,
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1u64 << 20) as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Records a backup made; call inside a transaction.
pub fn record_made(
    conn: &Connection,
    started: Timestamp,
    finished: Timestamp,
    reason: Reason,
    automatic: bool,
    made: &Made,
) -> Result<()> {
    conn.execute(
        "INSERT INTO backup_log (id, started_at, finished_at, reason, automatic, outcome, file, bytes, audit_seq)
         VALUES ((SELECT coalesce(max(id), 0) + 1 FROM backup_log), ?1, ?2, ?3, ?4, 'made', ?5, ?6, ?7)",
        params![
            started,
            finished,
            reason,
            automatic,
            made.path.display().to_string(),
            made.bytes as i64,
            made.audit_seq
        ],
    )?;
    audit::append(
        conn,
        AuditEvent::BackupMade,
        &format!(
            "{} ({}), {}{}",
            made.path.display(),
            size(made.bytes),
            reason.words(),
            if automatic { ", automatic" } else { "" }
        ),
    )
}

/// Records a backup that could not be made, and why; call inside a transaction.
pub fn record_failed(
    conn: &Connection,
    started: Timestamp,
    finished: Timestamp,
    reason: Reason,
    automatic: bool,
    problem: &str,
) -> Result<()> {
    let problem: String = crate::sentence::plain(problem).chars().take(2000).collect();
    conn.execute(
        "INSERT INTO backup_log (id, started_at, finished_at, reason, automatic, outcome, problem)
         VALUES ((SELECT coalesce(max(id), 0) + 1 FROM backup_log), ?1, ?2, ?3, ?4, 'failed', ?5)",
        params![started, finished, reason, automatic, problem],
    )?;
    audit::append(
        conn,
        AuditEvent::BackupFailed,
        &format!("{}: {problem}", reason.words()),
    )
}

/// The last backup made, of any kind, or only automatic ones.
pub fn last_made(conn: &Connection, automatic_only: bool) -> Result<Option<(LastBackup, i64)>> {
    let sql = if automatic_only {
        "SELECT finished_at, file, automatic, bytes, audit_seq FROM backup_log
         WHERE outcome = 'made' AND automatic = 1 ORDER BY id DESC LIMIT 1"
    } else {
        "SELECT finished_at, file, automatic, bytes, audit_seq FROM backup_log
         WHERE outcome = 'made' ORDER BY id DESC LIMIT 1"
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([], |r| {
            Ok((
                LastBackup {
                    at: r.get(0)?,
                    file: r.get(1)?,
                    automatic: r.get(2)?,
                    bytes: r.get(3)?,
                },
                r.get(4)?,
            ))
        })
        .optional()?)
}

/// The last attempt that failed, if none was made since.
pub fn failure_since_last_made(conn: &Connection) -> Result<Option<Failure>> {
    Ok(conn
        .prepare_cached(
            "SELECT finished_at, problem FROM backup_log WHERE outcome = 'failed'
             AND id > (SELECT coalesce(max(id), 0) FROM backup_log WHERE outcome = 'made')
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([], |r| {
            Ok(Failure {
                at: r.get(0)?,
                problem: r.get(1)?,
            })
        })
        .optional()?)
}

/// When the last automatic attempt, made or failed, finished.
pub fn last_automatic_attempt(conn: &Connection) -> Result<Option<Timestamp>> {
    Ok(conn
        .prepare_cached("SELECT finished_at FROM backup_log WHERE automatic = 1 ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?)
}

/// What the audit trail records that is not itself opening, closing or
/// backing up the vault.
const NOT_A_CHANGE: &[AuditEvent] = &[
    AuditEvent::Unlocked,
    AuditEvent::Locked,
    AuditEvent::UnlockFailed,
    AuditEvent::BackupMade,
    AuditEvent::BackupFailed,
    AuditEvent::BackupVerified,
    AuditEvent::BackupRemoved,
];

/// Whether anything was recorded after audit entry `seq` (what a backup
/// holding entries up to `seq` lacks), besides unlocks, locks and backups.
pub fn recorded_after(conn: &Connection, seq: i64) -> Result<bool> {
    let skip = NOT_A_CHANGE
        .iter()
        .map(|e| format!("'{}'", e.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(conn
        .prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 FROM audit_log WHERE seq > ?1 AND event NOT IN ({skip}))"
        ))?
        .query_row([seq], |r| r.get(0))?)
}
