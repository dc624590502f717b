//! Every earlier schema upgrades to the same database a fresh vault gets.

mod common;

use cohort::db;
use common::*;
use rusqlite::Connection;

/// Tables with their columns, foreign keys and indexes, and every trigger.
fn describe(conn: &Connection) -> Vec<String> {
    let mut out = Vec::new();
    let mut stmt = conn
        .prepare("SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
        .unwrap();
    let objects: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (kind, name, table) in objects {
        out.push(format!("{kind} {name} on {table}"));
        if kind == "table" {
            let mut cols = conn.prepare(&format!("PRAGMA table_xinfo({name})")).unwrap();
            let c: Vec<String> = cols
                .query_map([], |r| {
                    Ok(format!(
                        "  col {} {} notnull={} default={:?} pk={}",
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, i64>(5)?
                    ))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            out.extend(c);
            let mut fks = conn.prepare(&format!("PRAGMA foreign_key_list({name})")).unwrap();
            let f: Vec<String> = fks
                .query_map([], |r| {
                    Ok(format!(
                        "  fk {}.{} -> {}",
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(4)?
                    ))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            out.extend(f);
        }
    }
    out
}

#[test]
fn every_earlier_schema_upgrades_to_the_fresh_one() {
    let latest = db::latest_schema_version();
    let fresh = new_vault();
    let fresh_desc = {
        let v = unlock(&fresh.dir, PASS);
        describe(v.conn())
    };
    // A plain database migrated step by step from every earlier version.
    for start in 0..latest {
        let tmp = tempfile::tempdir().unwrap();
        let conn = Connection::open(tmp.path().join("x.db")).unwrap();
        db::migrate(&conn, start).unwrap();
        assert_eq!(db::schema_version(&conn).unwrap(), start);
        db::migrate(&conn, latest).unwrap();
        assert_eq!(describe(&conn), fresh_desc, "upgrade from schema {start}");
    }
}

#[test]
fn a_failing_migration_leaves_the_database_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let conn = Connection::open(tmp.path().join("x.db")).unwrap();
    conn.execute_batch("CREATE TABLE settings (x)").unwrap(); // collides with 0001
    assert!(db::migrate(&conn, db::latest_schema_version()).is_err());
    assert_eq!(db::schema_version(&conn).unwrap(), 0);
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'audit_log'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0, "nothing of the failed migration remains");
}
