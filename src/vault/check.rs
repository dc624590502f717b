//! What `cohort info` and `cohort check` report about an unlocked vault.

use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::vault::audit;
use crate::vault::migrate;
use crate::vault::schema;
use crate::vault::unlocked::Vault;

impl Vault {
    /// What `cohort info` prints.
    pub fn info(&self) -> Result<VaultInfo> {
        let counts = record_counts(self.conn())?;
        Ok(VaultInfo {
            dir: self.dir().display().to_string(),
            vault_id: self.header().vault_id.clone(),
            created_at: self.header().created_at.clone(),
            format_version: self.header().format_version,
            schema_version: migrate::schema_version(self.conn())?,
            latest_schema_version: migrate::latest_schema_version(),
            kdf_memory_kib: self.header().passphrase.kdf.memory_kib,
            kdf_iterations: self.header().passphrase.kdf.iterations,
            kdf_parallelism: self.header().passphrase.kdf.parallelism,
            counts,
        })
    }

    /// Checkpoints the WAL, then runs SQLCipher's cipher integrity check,
    /// SQLite's integrity and foreign-key checks, compares the schema with
    /// the one this version of Cohort defines, and walks the audit chain.
    /// `cohort check` adds each area's own checks (`records::check`).
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let (busy, _, _): (i64, i64, i64) =
            self.conn()
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        if busy != 0 {
            report
                .problems
                .push("the write-ahead log could not be checkpointed".into());
        }
        report.passed.push("write-ahead log checkpointed".into());

        let cipher: Vec<String> = collect_strings(self.conn(), "PRAGMA cipher_integrity_check")?;
        if cipher.is_empty() {
            report
                .passed
                .push("cipher integrity: every page authenticates".into());
        } else {
            report
                .problems
                .extend(cipher.into_iter().map(|p| format!("cipher integrity: {p}")));
        }

        let integrity: Vec<String> = collect_strings(self.conn(), "PRAGMA integrity_check")?;
        if integrity == ["ok"] {
            report.passed.push("database integrity: ok".into());
        } else {
            report
                .problems
                .extend(integrity.into_iter().map(|p| format!("database integrity: {p}")));
        }

        let fk = migrate::foreign_key_problems(self.conn())?;
        if fk.is_empty() {
            report.passed.push("foreign keys: ok".into());
        } else {
            report
                .problems
                .extend(fk.into_iter().map(|p| format!("foreign keys: {p}")));
        }

        let schema = schema::differences(self.conn())?;
        if schema.is_empty() {
            report.passed.push(
                "schema: every table, index and trigger is as this version of Cohort defines it".into(),
            );
        } else {
            report
                .problems
                .extend(schema.into_iter().map(|p| format!("schema: {p}")));
        }

        match audit::verify_chain(self.conn()) {
            Ok((entries, audit_problems)) if audit_problems.is_empty() => report
                .passed
                .push(format!("audit trail: {entries} entries, chain intact")),
            Ok((_, audit_problems)) => report.problems.extend(audit_problems),
            Err(e) => report
                .problems
                .push(format!("audit trail: could not be read ({e})")),
        }
        Ok(report)
    }
}

fn collect_strings(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What `cohort info` counts: a label and the rows it counts.
/// Later capabilities add theirs here.
const RECORD_TABLES: &[(&str, &str)] = &[
    ("groups", "groups"),
    ("sessions", "sessions WHERE status <> 'removed'"),
    ("saved templates", "curriculum_templates"),
    ("members", "members"),
    ("enrolled now", "places WHERE stage = 'enrolled'"),
    ("attendance marks", "attendance"),
    ("notes", "notes"),
    ("goals", "goals"),
    ("goal ratings", "goal_ratings"),
    ("measure results", "measure_results"),
    ("audit entries", "audit_log"),
];

fn record_counts(conn: &Connection) -> Result<Vec<RecordCount>> {
    let sql = RECORD_TABLES
        .iter()
        .map(|(label, table)| format!("SELECT '{label}', count(*) FROM {table}"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| {
        Ok(RecordCount {
            label: r.get(0)?,
            count: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone, Serialize)]
pub struct RecordCount {
    pub label: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct VaultInfo {
    pub dir: String,
    pub vault_id: String,
    pub created_at: String,
    pub format_version: u32,
    pub schema_version: u32,
    pub latest_schema_version: u32,
    pub kdf_memory_kib: u32,
    pub kdf_iterations: u32,
    pub kdf_parallelism: u32,
    pub counts: Vec<RecordCount>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckReport {
    pub passed: Vec<String>,
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}
