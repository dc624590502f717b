//! Migrations lose nothing. A vault is built at every earlier schema version
//! holding realistic data written with that version's own code
//! (`tests/fixtures/schema_N.sql`), upgraded, and checked row by row; its
//! schema — every table, index and trigger, CHECKs and trigger bodies
//! included, as `sqlite_master` holds them — must equal a new vault's.

mod common;

use std::collections::BTreeMap;

use cohort::vault::db::{self, OpenMode};
use cohort::vault::keys::DataKey;
use cohort::vault::migrate::{self, latest_schema_version, schema_version, Migration};
use cohort::vault::schema;
use cohort::ErrorCode;
use common::*;
use rusqlite::types::Value;
use rusqlite::Connection;

type Rows = BTreeMap<String, Vec<BTreeMap<String, Value>>>;

/// Every row of every table, by column name.
fn all_rows(conn: &Connection) -> Rows {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = Rows::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {t}")).unwrap();
        let cols: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
        let rows = stmt
            .query_map([], |r| {
                let mut m = BTreeMap::new();
                for (i, c) in cols.iter().enumerate() {
                    m.insert(c.clone(), r.get::<_, Value>(i)?);
                }
                Ok(m)
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        out.insert(t, rows);
    }
    out
}

fn fixture(version: u32) -> Option<String> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/schema_{version}.sql"));
    std::fs::read_to_string(path).ok()
}

/// What the upgrade may do to a column's value: the make-up reference was
/// the replaced session's number and is now its id.
fn translate(table: &str, col: &str, old_row: &BTreeMap<String, Value>, old: &Rows) -> Value {
    let v = old_row[col].clone();
    if table == "sessions" && col == "makeup_for" {
        if let Value::Integer(n) = v {
            let replaced = old["sessions"]
                .iter()
                .find(|s| s["group_id"] == old_row["group_id"] && s["number"] == Value::Integer(n))
                .expect("the replaced session");
            return replaced["id"].clone();
        }
    }
    v
}

/// Columns an upgrade moved out of a table into a table of their own area
/// (0009): (table, column, the table it is in now, its value when that
/// table has no row for the group).
const MOVED: &[(&str, &str, &str, Value)] = &[
    (
        "groups",
        "absences_in_a_row",
        "attendance_policies",
        Value::Integer(2),
    ),
    (
        "groups",
        "absences_in_total",
        "attendance_policies",
        Value::Integer(3),
    ),
    (
        "groups",
        "excused_absences_count",
        "attendance_policies",
        Value::Integer(1),
    ),
    (
        "groups",
        "note_format",
        "group_note_formats",
        Value::Text(String::new()),
    ),
];

fn moved(table: &str, col: &str) -> Option<&'static (&'static str, &'static str, &'static str, Value)> {
    MOVED.iter().find(|(t, c, _, _)| *t == table && *c == col)
}

/// A moved column's value as the new schema holds it.
fn moved_value(new: &Rows, to: &str, col: &str, group: &Value, default: &Value) -> Value {
    let row = new
        .get(to)
        .and_then(|rows| rows.iter().find(|r| r.get("group_id") == Some(group)));
    match (row, default) {
        (Some(r), _) => r[col].clone(),
        (None, Value::Text(_)) => Value::Text("soap".into()),
        (None, d) => d.clone(),
    }
}

#[test]
fn every_earlier_schema_holding_data_upgrades_losing_nothing_to_the_new_schema() {
    let latest = latest_schema_version();
    let fresh = new_vault();
    let fresh_schema = schema::read(unlock(&fresh.dir, PASS).conn()).unwrap();
    let mut upgraded_with_data = 0;
    for start in 0..latest {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("v");
        std::fs::create_dir_all(&dir).unwrap();
        let key = DataKey::generate();
        let conn = db::open_at_version(&dir, &key, OpenMode::CreateNew, start).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), start);
        if let Some(sql) = fixture(start) {
            conn.execute_batch(&sql).unwrap();
            upgraded_with_data += 1;
        } else {
            assert_eq!(
                start, 0,
                "every schema from 1 on has a fixture: tests/fixtures/schema_{start}.sql"
            );
        }
        // A group with settings of its own, so that moving them is seen
        // (0009 moved these columns out of groups).
        if (5..9).contains(&start) {
            conn.execute_batch(
                "UPDATE groups SET absences_in_a_row = NULL, absences_in_total = 5, excused_absences_count = 0
                 WHERE rowid = (SELECT min(rowid) FROM groups)",
            )
            .unwrap();
        }
        if (6..9).contains(&start) {
            conn.execute_batch(
                "UPDATE groups SET note_format = 'birp' WHERE rowid = (SELECT max(rowid) FROM groups)",
            )
            .unwrap();
        }
        let old = all_rows(&conn);
        let conn = if start == 0 {
            // An empty database is not a vault yet: it is upgraded as a new vault is made.
            migrate::migrate(&conn, latest).unwrap();
            conn
        } else {
            // Closed, then opened by this version of Cohort: the upgrade happens on unlock.
            drop(conn);
            db::open_at_version(&dir, &key, OpenMode::Existing, latest)
                .unwrap_or_else(|e| panic!("upgrade from schema {start}: {e}"))
        };
        assert_eq!(schema_version(&conn).unwrap(), latest);
        let new = all_rows(&conn);
        for (table, rows) in &old {
            let now = new
                .get(table)
                .unwrap_or_else(|| panic!("table {table} vanished (from schema {start})"));
            assert_eq!(
                now.len(),
                rows.len(),
                "{table}: every row survives (from schema {start})"
            );
            for row in rows {
                let found = now.iter().any(|n| {
                    row.keys()
                        .filter(|col| moved(table, col).is_none())
                        .all(|col| n.get(col) == Some(&translate(table, col, row, &old)))
                });
                for col in row.keys() {
                    if let Some((_, _, to, default)) = moved(table, col) {
                        assert_eq!(
                            moved_value(&new, to, col, &row["id"], default),
                            row[col],
                            "{table}.{col} moved to {to} (from schema {start})"
                        );
                    }
                }
                assert!(
                    found,
                    "{table}: a row did not survive the upgrade from schema {start}: {row:?}"
                );
            }
        }
        assert_eq!(
            schema::read(&conn).unwrap(),
            fresh_schema,
            "the upgraded schema (from {start}) is a new vault's"
        );
        assert!(migrate::foreign_key_problems(&conn).unwrap().is_empty());
        assert_eq!(
            cohort::vault::audit::verify_chain(&conn).unwrap().1,
            Vec::<String>::new()
        );
    }
    assert_eq!(
        upgraded_with_data,
        latest - 1,
        "schemas 1..latest-1 were upgraded holding data"
    );
}

#[test]
fn the_upgrade_keeps_every_schema_2_plan_session_and_rule_of_the_demo() {
    // The numbers a clinician would notice, checked directly.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    std::fs::create_dir_all(&dir).unwrap();
    let key = DataKey::generate();
    let counts = |c: &Connection| -> Vec<i64> {
        [
            "SELECT count(*) FROM groups",
            "SELECT count(*) FROM sessions",
            "SELECT count(*) FROM session_plans",
            "SELECT count(*) FROM agenda_items",
            "SELECT count(*) FROM ground_rules",
            "SELECT count(*) FROM sessions WHERE makeup_for IS NOT NULL",
            "SELECT count(*) FROM sessions WHERE status = 'held'",
        ]
        .iter()
        .map(|q| c.query_row(q, [], |r| r.get(0)).unwrap())
        .collect()
    };
    let before = {
        let conn = db::open_at_version(&dir, &key, OpenMode::CreateNew, 2).unwrap();
        conn.execute_batch(&fixture(2).unwrap()).unwrap();
        counts(&conn)
    };
    assert!(
        before.iter().all(|n| *n > 0),
        "the fixture holds all of it: {before:?}"
    );
    let conn = db::open_at_version(&dir, &key, OpenMode::Existing, latest_schema_version()).unwrap();
    assert_eq!(counts(&conn), before);
    let dangling: i64 = conn
        .query_row(
            "SELECT count(*) FROM sessions s WHERE makeup_for IS NOT NULL
             AND (SELECT status FROM sessions m WHERE m.id = s.makeup_for) IS NOT 'cancelled'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        dangling, 0,
        "every make-up points at the cancelled session it replaces"
    );
}

#[test]
fn a_failing_migration_leaves_the_database_as_it_was() {
    // A step that fails on its own: said in one sentence, with no SQL.
    let tmp = tempfile::tempdir().unwrap();
    let conn = Connection::open(tmp.path().join("x.db")).unwrap();
    let broken = Migration {
        version: 1,
        name: "broken",
        sql: "CREATE TABLE audit_log (x TEXT NOT NULL); INSERT INTO audit_log VALUES (NULL);",
    };
    let e = migrate::run(&conn, &[broken], 1).err().unwrap();
    let words = e.to_string();
    assert!(
        words.contains("could not bring this vault up to date (step 1, broken: NOT NULL constraint failed"),
        "{words}"
    );
    assert!(
        !words.contains("CREATE") && !words.contains("INSERT"),
        "no SQL: {words}"
    );
    assert!(words.contains("Nothing was changed"));
    assert_eq!(e.code(), ErrorCode::Internal);
    assert_eq!(schema_version(&conn).unwrap(), 0);
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'audit_log'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0, "nothing of the failed migration remains");

    // A table a step makes is already there: the file is newer than the
    // version it records.
    let tmp = tempfile::tempdir().unwrap();
    let conn = Connection::open(tmp.path().join("x.db")).unwrap();
    conn.execute_batch("CREATE TABLE settings (x)").unwrap(); // collides with 0001
    let e = migrate::migrate(&conn, latest_schema_version()).err().unwrap();
    assert!(
        e.to_string()
            .contains("does not match the version it records (version 0): it already holds parts of a later version (table settings already exists)"),
        "{e}"
    );
    assert_eq!(e.code(), ErrorCode::Damaged);
    assert_eq!(schema_version(&conn).unwrap(), 0);
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'audit_log'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0, "nothing of the failed migration remains");
}

const PARENT_AND_CHILD: Migration = Migration {
    version: 1,
    name: "parent and child",
    sql: "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
          CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE);
          INSERT INTO parent VALUES (1, 'a'), (2, 'b');
          INSERT INTO child VALUES (10, 1), (11, 1), (12, 2);",
};

fn runner_db() -> (tempfile::TempDir, Connection) {
    let tmp = tempfile::tempdir().unwrap();
    let conn = Connection::open(tmp.path().join("x.db")).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    migrate::run(&conn, &[PARENT_AND_CHILD], 1).unwrap();
    (tmp, conn)
}

#[test]
fn rebuilding_a_parent_table_the_sqlite_way_cascades_nothing() {
    let (_tmp, conn) = runner_db();
    let rebuild = Migration {
        version: 2,
        name: "rebuild parent",
        sql: "CREATE TABLE parent_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL CHECK (length(name) > 0));
              INSERT INTO parent_new SELECT id, name FROM parent;
              DROP TABLE parent;
              ALTER TABLE parent_new RENAME TO parent;",
    };
    migrate::run(&conn, &[PARENT_AND_CHILD, rebuild], 2).unwrap();
    let children: i64 = conn
        .query_row("SELECT count(*) FROM child", [], |r| r.get(0))
        .unwrap();
    assert_eq!(children, 3, "dropping the old parent table deleted no child");
    let on: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(on, 1, "foreign keys are on again after the upgrade");
}

#[test]
fn a_migration_that_would_leave_a_dangling_reference_is_refused_whole() {
    let (_tmp, conn) = runner_db();
    let lose_parent = Migration {
        version: 2,
        name: "lose a parent",
        sql: "CREATE TABLE parent_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
              INSERT INTO parent_new SELECT id, name FROM parent WHERE id = 2;
              DROP TABLE parent;
              ALTER TABLE parent_new RENAME TO parent;",
    };
    let e = migrate::run(&conn, &[PARENT_AND_CHILD, lose_parent], 2)
        .err()
        .unwrap();
    assert!(
        e.to_string()
            .contains("2 rows of child would point at a missing parent"),
        "{e}"
    );
    assert_eq!(schema_version(&conn).unwrap(), 1);
    let parents: i64 = conn
        .query_row("SELECT count(*) FROM parent", [], |r| r.get(0))
        .unwrap();
    assert_eq!(parents, 2, "rolled back: the parent table is as it was");
}
