//! Writes `tests/fixtures/schema_N.sql` for schema N (the latest, or
//! `COHORT_FIXTURE_VERSION`): the demo
//! practice as Cohort writes it, every statement that changed a row, with
//! its values. Run by hand before a migration is added, so that the upgrade
//! test (`tests/migrations.rs`) has a database holding data at every schema:
//!
//! ```sh
//! COHORT_WRITE_FIXTURE=1 [COHORT_FIXTURE_VERSION=N] cargo test -p cohort --test fixture_writer
//! ```

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use cohort::vault::migrate;
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use rusqlite::Connection;

/// Runs in every `cargo test` (the trace of the demo must keep working);
/// writes the file only when COHORT_WRITE_FIXTURE is set.
#[test]
fn write_the_fixture_of_the_latest_schema() {
    let version = std::env::var("COHORT_FIXTURE_VERSION")
        .map(|v| v.parse().expect("a schema version"))
        .unwrap_or_else(|_| migrate::latest_schema_version());
    let mut conn = Connection::open_in_memory().unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    migrate::migrate(&conn, version).unwrap();
    let written: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = written.clone();
    conn.trace_v2(
        TraceEventCodes::SQLITE_TRACE_STMT,
        Some(move |e: TraceEvent<'_>| {
            if let TraceEvent::Stmt(stmt, sql) = e {
                let head = sql.trim_start().to_ascii_uppercase();
                if ["INSERT", "UPDATE", "DELETE"].iter().any(|w| head.starts_with(w)) {
                    let expanded = stmt.expanded_sql().expect("the statement with its values");
                    sink.lock().unwrap().push(format!("{};", expanded.trim()));
                }
            }
        }),
    )
    .unwrap();
    let tx = conn.transaction().unwrap();
    cohort::demo::build(&tx, NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()).unwrap();
    tx.commit().unwrap();
    let statements = written.lock().unwrap().clone();
    assert!(
        statements.len() > 100,
        "the demo was traced ({})",
        statements.len()
    );
    let text = format!(
        "-- Schema {version}, written by Cohort at schema {version} (tests/fixture_writer.rs): the demo practice.\n{}\n",
        statements.join("\n")
    );
    if std::env::var_os("COHORT_WRITE_FIXTURE").is_some() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/fixtures/schema_{version}.sql"));
        std::fs::write(&path, text).unwrap();
        println!("wrote {}", path.display());
    }
}
