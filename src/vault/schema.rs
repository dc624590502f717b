//! The schema this version of Cohort expects — every table, index and
//! trigger, CHECKs and trigger bodies included, exactly as `sqlite_master`
//! holds them — and how a live database differs from it (`cohort check`).
//!
//! The expected schema is what the embedded migrations build in an empty
//! in-memory database, so it can never drift from the migrations.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rusqlite::Connection;

use crate::error::Result;
use crate::vault::migrate::{self, latest_schema_version};

/// One row of `sqlite_master`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SchemaObject {
    /// table, index, trigger or view.
    pub kind: String,
    pub name: String,
    pub table: String,
    /// The SQL SQLite keeps (none for the indexes it makes for UNIQUE constraints).
    pub sql: Option<String>,
}

/// Every object of the database's schema, in a stable order. SQLite's own
/// bookkeeping tables (`sqlite_sequence`, `sqlite_stat*`) are left out.
pub fn read(conn: &Connection) -> Result<Vec<SchemaObject>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_master
         WHERE name NOT IN ('sqlite_sequence') AND name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\'
         ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(SchemaObject {
            kind: r.get(0)?,
            name: r.get(1)?,
            table: r.get(2)?,
            sql: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The schema a vault of the latest version holds.
pub fn expected() -> Result<&'static [SchemaObject]> {
    static EXPECTED: OnceLock<Vec<SchemaObject>> = OnceLock::new();
    if let Some(s) = EXPECTED.get() {
        return Ok(s);
    }
    let conn = Connection::open_in_memory()?;
    migrate::migrate(&conn, latest_schema_version())?;
    let objects = read(&conn)?;
    Ok(EXPECTED.get_or_init(|| objects))
}

/// What differs between the live schema and the expected one, in words:
/// each object missing, changed or extra. Empty when they are the same.
pub fn differences(conn: &Connection) -> Result<Vec<String>> {
    let key = |o: &SchemaObject| (o.kind.clone(), o.name.clone());
    let live: BTreeMap<_, _> = read(conn)?.into_iter().map(|o| (key(&o), o)).collect();
    let want: BTreeMap<_, _> = expected()?.iter().map(|o| (key(o), o.clone())).collect();
    let mut out = Vec::new();
    for (k, w) in &want {
        match live.get(k) {
            None => out.push(format!("the {} {} is missing", w.kind, w.name)),
            Some(l) if l != w => out.push(format!(
                "the {} {} is not as this version of Cohort defines it",
                w.kind, w.name
            )),
            Some(_) => {}
        }
    }
    for (k, l) in &live {
        if !want.contains_key(k) {
            out.push(format!(
                "the {} {} is not part of Cohort's schema",
                l.kind, l.name
            ));
        }
    }
    Ok(out)
}
