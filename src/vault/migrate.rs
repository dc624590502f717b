//! Migrations: plain numbered `.sql` files in `migrations/`, embedded at
//! compile time, applied in order and tracked in `PRAGMA user_version`.
//!
//! The runner turns foreign keys off around the migrations (SQLite ignores
//! that pragma inside a transaction, so it is set before `BEGIN`), so that a
//! migration may rebuild a table the SQLite way — create the new table,
//! copy, drop the old one, rename — without anything cascading or being
//! refused halfway. Each migration must then pass `PRAGMA foreign_key_check`
//! before the next one runs; on any violation or error everything is rolled
//! back and the database is exactly as it was.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// One schema change.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every schema change, in order.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sql: include_str!("../../migrations/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "planning",
        sql: include_str!("../../migrations/0002_planning.sql"),
    },
    Migration {
        version: 3,
        name: "clinical ground",
        sql: include_str!("../../migrations/0003_clinical_ground.sql"),
    },
    Migration {
        version: 4,
        name: "roster",
        sql: include_str!("../../migrations/0004_roster.sql"),
    },
    Migration {
        version: 5,
        name: "sessions",
        sql: include_str!("../../migrations/0005_sessions.sql"),
    },
    Migration {
        version: 6,
        name: "notes",
        sql: include_str!("../../migrations/0006_notes.sql"),
    },
    Migration {
        version: 7,
        name: "goals_measures",
        sql: include_str!("../../migrations/0007_goals_measures.sql"),
    },
    Migration {
        version: 8,
        name: "guards",
        sql: include_str!("../../migrations/0008_guards.sql"),
    },
    Migration {
        version: 9,
        name: "areas",
        sql: include_str!("../../migrations/0009_areas.sql"),
    },
    Migration {
        version: 10,
        name: "backups",
        sql: include_str!("../../migrations/0010_backups.sql"),
    },
    Migration {
        version: 11,
        name: "reports",
        sql: include_str!("../../migrations/0011_reports.sql"),
    },
    Migration {
        version: 12,
        name: "summaries",
        sql: include_str!("../../migrations/0012_summaries.sql"),
    },
    Migration {
        version: 13,
        name: "attendance index",
        sql: include_str!("../../migrations/0013_attendance_index.sql"),
    },
];

/// The schema version this build writes.
pub fn latest_schema_version() -> u32 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}

pub fn schema_version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies Cohort's migrations above the current version, up to `target`.
pub fn migrate(conn: &Connection, target: u32) -> Result<()> {
    run(conn, MIGRATIONS, target)
}

/// Applies `migrations` above the current version up to `target`, all in
/// one IMMEDIATE transaction with foreign keys off, each checked with
/// `foreign_key_check` before the next. Must be called outside a transaction.
pub fn run(conn: &Connection, migrations: &[Migration], target: u32) -> Result<()> {
    let current = schema_version(conn)?;
    if current >= target {
        return Ok(());
    }
    if !conn.is_autocommit() {
        return Err(Error::Internal(
            "migrations must run outside any transaction".into(),
        ));
    }
    let foreign_keys_were_on = foreign_keys_on(conn)?;
    conn.execute_batch("PRAGMA foreign_keys = OFF; PRAGMA legacy_alter_table = OFF;")?;
    let result = if foreign_keys_on(conn)? {
        Err(Error::Internal(
            "foreign keys could not be turned off for the upgrade".into(),
        ))
    } else {
        apply(conn, migrations, current, target)
    };
    if foreign_keys_were_on {
        conn.execute_batch("PRAGMA foreign_keys = ON")?;
    }
    result
}

fn foreign_keys_on(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("PRAGMA foreign_keys", [], |r| r.get::<_, i64>(0))? != 0)
}

fn apply(conn: &Connection, migrations: &[Migration], current: u32, target: u32) -> Result<()> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let outcome = (|| -> Result<()> {
        for m in migrations
            .iter()
            .filter(|m| m.version > current && m.version <= target)
        {
            let failed = |reason: String| Error::UpgradeFailed {
                version: m.version,
                name: m.name,
                reason,
            };
            if let Err(e) = conn.execute_batch(m.sql) {
                // What SQLite says, without the migration's SQL it quotes.
                let reason = match e {
                    rusqlite::Error::SqlInputError { msg, .. } => msg,
                    other => other.to_string(),
                };
                // An object this step makes is already there: the file is
                // newer than the version it records (a downgraded number).
                if reason.contains("already exists") || reason.contains("duplicate column name") {
                    return Err(Error::SchemaMismatch {
                        version: current,
                        detail: reason,
                    });
                }
                return Err(failed(reason));
            }
            let dangling = foreign_key_problems(conn)?;
            if !dangling.is_empty() {
                return Err(failed(dangling.join("; ")));
            }
            conn.execute_batch(&format!("PRAGMA user_version = {}", m.version))?;
        }
        Ok(())
    })();
    match outcome {
        Ok(()) => {
            conn.execute_batch("COMMIT")?;
            Ok(())
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// Every row that points at a missing row, as "N rows of T point at a missing P".
pub fn foreign_key_problems(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let mut counts: std::collections::BTreeMap<(String, String), usize> = Default::default();
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(2)?)))?;
    for row in rows {
        *counts.entry(row?).or_default() += 1;
    }
    Ok(counts
        .into_iter()
        .map(|((table, parent), n)| {
            format!(
                "{n} row{} of {table} would point at a missing {parent}",
                if n == 1 { "" } else { "s" }
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_one_by_one_and_named_like_their_files() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version as usize, i + 1);
            assert!(!m.name.is_empty() && !m.sql.trim().is_empty());
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        assert_eq!(files.len(), MIGRATIONS.len(), "every migration file is embedded");
        for (f, m) in files.iter().zip(MIGRATIONS) {
            assert!(f.starts_with(&format!("{:04}_", m.version)), "{f}");
        }
    }
}
