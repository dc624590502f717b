//! What "kept" and "final" mean, proved against the database itself, by
//! direct SQL, for every table in the one list (`cohort::tables::TABLES`):
//! - the list names every table of the schema, and the guard triggers follow
//!   one naming scheme (`<table>_guard_<insert|update|delete>[_<what>]`);
//! - on a kept or final row: INSERT OR REPLACE, UPSERT … DO UPDATE, a copy
//!   under a new id onto each UNIQUE key, UPDATE OR REPLACE onto each UNIQUE
//!   key, a change to an identity column, and (where never deletable) DELETE
//!   are refused, and the rows are exactly as they were;
//! - on a final row every UPDATE is refused; before it is final, the change
//!   the app makes is allowed.

mod common;

use std::collections::BTreeSet;

use chrono::{NaiveDate, TimeZone, Utc};
use cohort::goals::setting;
use cohort::goals::GoalStatus;
use cohort::measures::results;
use cohort::sessions::run;
use cohort::tables::{self, Keeping, Table, TABLES};
use cohort::values::Timestamp;
use cohort::vault::migrate;
use rusqlite::types::Value;
use rusqlite::{params, Connection};

/// The demo practice with today's session run and ended, a psychotherapy
/// note, a measure's risk answered, a result voided and a goal achieved,
/// all through the core, in a plain database of the latest schema (the
/// guards are the schema's; encryption is not what is tested here).
fn practice() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    migrate::migrate(&conn, migrate::latest_schema_version()).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    cohort::demo::build(&tx, day).unwrap();
    // Today's session run and ended: a final run and its final agenda.
    let today: cohort::ids::SessionId = tx
        .query_row(
            "SELECT id FROM sessions WHERE date = ?1 AND status = 'scheduled'",
            [day.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    let at = |h: u32| Timestamp::from_utc(Utc.with_ymd_and_hms(2026, 12, 3, h, 0, 0).unwrap());
    run::start(&tx, today, at(18), day, None).unwrap();
    run::end(&tx, today, at(19)).unwrap();
    cohort::notes::private::save(&tx, today, "The group felt flat tonight.", at(20)).unwrap();
    // The risk a measure raised answered; another result voided; a goal achieved.
    let risky: cohort::ids::ResultId = tx
        .query_row(
            "SELECT id FROM measure_results WHERE raises_risk = 1 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    results::record_risk_response(
        &tx,
        risky,
        "2026-12-03",
        "Safety plan reviewed by phone.",
        day,
        at(20),
    )
    .unwrap();
    let other: cohort::ids::ResultId = tx
        .query_row(
            "SELECT id FROM measure_results WHERE raises_risk = 0 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    results::void(&tx, other, "Entered for the wrong member.", at(20)).unwrap();
    let goal: cohort::ids::GoalId = tx
        .query_row("SELECT id FROM goals WHERE status = 'active' LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    setting::end_goal(&tx, goal, GoalStatus::Achieved, "2026-12-03", "Met.", day, at(20)).unwrap();
    // A backup attempt, as the backups area records one.
    cohort::backups::log::record_failed(
        &tx,
        at(21),
        at(21),
        cohort::backups::Reason::Daily,
        true,
        "the disk or drive is full",
    )
    .unwrap();
    tx.commit().unwrap();
    conn
}

fn names(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(sql).unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

fn row(conn: &Connection, t: &str, rowid: i64) -> Vec<Value> {
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM {t} WHERE rowid = ?1"))
        .unwrap();
    let n = stmt.column_count();
    stmt.query_row([rowid], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
        .unwrap_or_else(|e| panic!("{t} row {rowid} is still there: {e}"))
}

fn count(conn: &Connection, t: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
        .unwrap()
}

fn columns(conn: &Connection, t: &str) -> Vec<(String, String, i64)> {
    let mut stmt = conn
        .prepare("SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid")
        .unwrap();
    let rows = stmt
        .query_map([t], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    rows.map(Result::unwrap).collect()
}

/// The UNIQUE indexes of a table other than its primary key: their columns
/// (expression columns left out), their WHERE for a partial index, and
/// whether every column is a plain one.
fn unique_keys(conn: &Connection, t: &str) -> Vec<(Vec<String>, Option<String>, bool)> {
    let mut out = Vec::new();
    let mut stmt = conn
        .prepare("SELECT name, partial FROM pragma_index_list(?1) WHERE \"unique\" = 1 AND origin <> 'pk'")
        .unwrap();
    let indexes: Vec<(String, i64)> = stmt
        .query_map([t], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (index, partial) in indexes {
        let cols = names(
            conn,
            &format!("SELECT name FROM pragma_index_info('{index}') WHERE name IS NOT NULL ORDER BY seqno"),
        );
        let width: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM pragma_index_info('{index}')"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        let plain = width == cols.len() as i64;
        let filter = (partial == 1).then(|| {
            let sql: String = conn
                .query_row("SELECT sql FROM sqlite_master WHERE name = ?1", [&index], |r| {
                    r.get(0)
                })
                .unwrap();
            let at = sql.to_ascii_uppercase().rfind(" WHERE ").unwrap();
            sql[at + " WHERE ".len()..].to_string()
        });
        out.push((cols, filter, plain));
    }
    out
}

/// Runs `sql`, which must be refused, and proves the rows are untouched.
fn refused(conn: &Connection, t: &str, rows: &[i64], what: &str, sql: &str) {
    let before: Vec<Vec<Value>> = rows.iter().map(|r| row(conn, t, *r)).collect();
    let total = count(conn, t);
    let outcome = conn.execute_batch(sql);
    assert!(outcome.is_err(), "{t}: {what} was allowed: {sql}");
    let after: Vec<Vec<Value>> = rows.iter().map(|r| row(conn, t, *r)).collect();
    assert_eq!(before, after, "{t}: {what} changed a row");
    assert_eq!(total, count(conn, t), "{t}: {what} changed the number of rows");
}

/// A row of `t` for which `filter` holds, preferring those listed first.
fn a_row(conn: &Connection, t: &str, filter: &str) -> Option<i64> {
    conn.query_row(
        &format!("SELECT rowid FROM {t} WHERE {filter} ORDER BY rowid LIMIT 1"),
        [],
        |r| r.get(0),
    )
    .ok()
}

/// A fresh value for a table's single-column primary key.
fn fresh_key(ty: &str) -> &'static str {
    if ty == "INTEGER" {
        "NULL"
    } else {
        "lower(hex(randomblob(18)))"
    }
}

/// Proves every way of replacing or renaming the row is refused. Returns the
/// number of statements tried.
fn cannot_replace(conn: &Connection, t: &Table, rowid: i64) -> usize {
    let name = t.name;
    let cols = columns(conn, name);
    let all: Vec<&str> = cols.iter().map(|c| c.0.as_str()).collect();
    let list = all.join(", ");
    let mut tried = 0;
    refused(
        conn,
        name,
        &[rowid],
        "INSERT OR REPLACE of the same row",
        &format!("INSERT OR REPLACE INTO {name} ({list}) SELECT {list} FROM {name} WHERE rowid = {rowid}"),
    );
    let plain = cols.iter().find(|c| c.2 == 0).map(|c| c.0.clone()).unwrap();
    refused(
        conn,
        name,
        &[rowid],
        "UPSERT … DO UPDATE",
        &format!(
            "INSERT INTO {name} ({list}) SELECT {list} FROM {name} WHERE rowid = {rowid} \
             ON CONFLICT DO UPDATE SET {plain} = excluded.{plain}"
        ),
    );
    tried += 2;
    let pk: Vec<&(String, String, i64)> = cols.iter().filter(|c| c.2 > 0).collect();
    for (key, filter, plain) in unique_keys(conn, name) {
        let in_index = filter.clone().unwrap_or_else(|| "1".into());
        let holds: bool = conn
            .query_row(
                &format!("SELECT count(*) FROM {name} WHERE rowid = {rowid} AND ({in_index})"),
                [],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
            == 1;
        let a = if holds {
            rowid
        } else {
            match a_row(conn, name, &in_index) {
                Some(r) => r,
                None => continue,
            }
        };
        // A copy under a new id, onto the same UNIQUE key (unless the key
        // holds the id, which a new id cannot meet).
        if pk.len() == 1 && !key.contains(&pk[0].0) {
            let copy: Vec<String> = all
                .iter()
                .map(|c| {
                    if *c == pk[0].0 {
                        fresh_key(&pk[0].1).to_string()
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            refused(
                conn,
                name,
                &[a],
                &format!("INSERT OR REPLACE onto the key ({})", key.join(", ")),
                &format!(
                    "INSERT OR REPLACE INTO {name} ({list}) SELECT {} FROM {name} WHERE rowid = {a}",
                    copy.join(", ")
                ),
            );
            tried += 1;
        }
        // Another row moved onto the key: the one that differs from it least
        // (a key over an expression is reached by its identity columns, tried below).
        if !plain {
            continue;
        }
        let same = key
            .iter()
            .map(|c| format!("(b.{c} IS a.{c})"))
            .collect::<Vec<_>>()
            .join(" + ");
        let other: Option<i64> = conn
            .query_row(
                &format!(
                    "SELECT b.rid FROM (SELECT rowid AS rid, * FROM {name} WHERE {in_index}) b, {name} a \
                     WHERE a.rowid = {a} AND b.rid <> {a} ORDER BY {same} DESC LIMIT 1"
                ),
                [],
                |r| r.get(0),
            )
            .ok();
        if let Some(b) = other {
            let set = key
                .iter()
                .map(|c| format!("{c} = (SELECT {c} FROM {name} WHERE rowid = {a})"))
                .collect::<Vec<_>>()
                .join(", ");
            refused(
                conn,
                name,
                &[a, b],
                &format!("UPDATE OR REPLACE onto the key ({})", key.join(", ")),
                &format!("UPDATE OR REPLACE {name} SET {set} WHERE rowid = {b}"),
            );
            tried += 1;
        }
    }
    // Identity columns never change.
    for c in t.identity {
        let ty = &cols
            .iter()
            .find(|x| x.0 == *c)
            .unwrap_or_else(|| panic!("{name}.{c}"))
            .1;
        let changed = if ty == "INTEGER" {
            format!("coalesce({c}, 0) + 1000003")
        } else if ty == "REAL" {
            format!("coalesce({c}, 0) + 1.5")
        } else {
            format!("coalesce({c}, '') || 'x'")
        };
        refused(
            conn,
            name,
            &[rowid],
            &format!("a change to {c}"),
            &format!("UPDATE {name} SET {c} = {changed} WHERE rowid = {rowid}"),
        );
        tried += 1;
    }
    tried
}

fn no_change_at_all(conn: &Connection, t: &str, rowid: i64) -> usize {
    let cols = columns(conn, t);
    for (c, _, _) in &cols {
        refused(
            conn,
            t,
            &[rowid],
            &format!("an update of {c}"),
            &format!("UPDATE {t} SET {c} = {c} WHERE rowid = {rowid}"),
        );
    }
    cols.len()
}

fn no_delete(conn: &Connection, t: &str, rowid: i64) -> usize {
    refused(
        conn,
        t,
        &[rowid],
        "DELETE",
        &format!("DELETE FROM {t} WHERE rowid = {rowid}"),
    );
    1
}

#[test]
fn the_list_names_every_table_and_the_guards_follow_one_naming_scheme() {
    let conn = practice();
    let schema: BTreeSet<String> = names(
        &conn,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .into_iter()
    .collect();
    let listed: BTreeSet<String> = TABLES.iter().map(|t| t.name.to_string()).collect();
    assert_eq!(schema, listed, "cohort::tables::TABLES and the schema's tables");
    assert_eq!(listed.len(), TABLES.len(), "each table is listed once");

    let triggers = names(&conn, "SELECT name FROM sqlite_master WHERE type = 'trigger'");
    let old_spellings = [
        "_no_update",
        "_no_delete",
        "_are_final",
        "_is_final",
        "_final_insert",
        "_final_update",
        "_final_delete",
        "_never_replaced",
        "_only_grow",
        "_only_appends",
        "_written_once",
        "_are_kept",
        "_is_kept",
        "_keep_their",
        "_keeps_its",
    ];
    for name in &triggers {
        assert!(
            !old_spellings.iter().any(|s| name.contains(s)),
            "{name}: a guard is named <table>_guard_<insert|update|delete>[_<what>]"
        );
        if let Some((table, rest)) = name.split_once("_guard_") {
            assert!(tables::find(table).is_some(), "{name} guards a listed table");
            assert!(
                ["insert", "update", "delete"]
                    .iter()
                    .any(|op| rest == *op || rest.starts_with(&format!("{op}_"))),
                "{name}: the operation follows _guard_"
            );
        }
    }
    let has = |t: &str, op: &str| {
        triggers
            .iter()
            .any(|n| n == &format!("{t}_guard_{op}") || n.starts_with(&format!("{t}_guard_{op}_")))
    };
    for t in TABLES.iter().filter(|t| t.keeping.is_record()) {
        assert!(
            has(t.name, "insert"),
            "{}: a guard against replacing its rows",
            t.name
        );
        let never_changed = matches!(
            t.keeping,
            Keeping::WrittenOnce | Keeping::AppendOnly | Keeping::FinalOnce { .. }
        );
        if never_changed || !t.identity.is_empty() {
            assert!(has(t.name, "update"), "{}: a guard on update", t.name);
        }
        let never_deleted = matches!(
            t.keeping,
            Keeping::WrittenOnce
                | Keeping::AppendOnly
                | Keeping::Identity { deletable: false }
                | Keeping::FinalOnce { .. }
        );
        if never_deleted {
            assert!(has(t.name, "delete"), "{}: a guard on delete", t.name);
        }
    }
    for t in TABLES.iter().filter(|t| !t.keeping.is_record()) {
        assert!(
            !has(t.name, "insert") && !has(t.name, "update") && !has(t.name, "delete"),
            "{}: listed as not kept, yet guarded",
            t.name
        );
    }
}

#[test]
fn every_kept_or_final_row_refuses_every_way_of_changing_replacing_or_deleting_it() {
    let conn = practice();
    let mut tried = 0;
    for t in TABLES.iter().filter(|t| t.keeping.is_record()) {
        let name = t.name;
        match t.keeping {
            Keeping::FinalOnce {
                when,
                live_change,
                deletable_before,
            } => {
                let fin = a_row(&conn, name, when)
                    .unwrap_or_else(|| panic!("{name}: the practice holds a final row ({when})"));
                tried += cannot_replace(&conn, t, fin);
                tried += no_change_at_all(&conn, name, fin);
                tried += no_delete(&conn, name, fin);
                if let Some(live) = a_row(&conn, name, &format!("NOT ({when})")) {
                    tried += cannot_replace(&conn, t, live);
                    conn.execute(
                        &format!("UPDATE {name} SET {live_change} WHERE rowid = ?1"),
                        params![live],
                    )
                    .unwrap_or_else(|e| panic!("{name}: the app's change before it is final: {e}"));
                    if !deletable_before {
                        tried += no_delete(&conn, name, live);
                    }
                }
            }
            Keeping::WrittenOnce | Keeping::AppendOnly => {
                let r = a_row(&conn, name, "1").unwrap_or_else(|| panic!("{name}: the practice holds a row"));
                tried += cannot_replace(&conn, t, r);
                tried += no_change_at_all(&conn, name, r);
                tried += no_delete(&conn, name, r);
            }
            Keeping::Identity { deletable } => {
                let r = a_row(&conn, name, "1").unwrap_or_else(|| panic!("{name}: the practice holds a row"));
                tried += cannot_replace(&conn, t, r);
                if !deletable {
                    tried += no_delete(&conn, name, r);
                }
            }
            Keeping::Free | Keeping::Derived => unreachable!(),
        }
    }
    assert!(tried >= 270, "every table was tried ({tried} statements)");
}
