//! The database itself enforces what must never break, whatever the code
//! above it does: real dates and times, no loophole in the membership rule,
//! make-ups that replace a cancelled session, no cascade anywhere, ids that
//! never change, and final rows that refuse UPDATE, DELETE and INSERT OR
//! REPLACE alike. `cohort check` reports a schema that was tampered with.

mod common;

use chrono::NaiveDate;
use cohort::planning::calendar::Cadence;
use cohort::planning::groups::{GroupStatus, GroupType, Membership};
use cohort::planning::program::SessionStatus;
use cohort::planning::{ground_rules, new_group};
use cohort::values::Timestamp;
use cohort::vault::audit;
use cohort::vault::schema;
use common::*;
use rusqlite::Connection;
use strum::VariantArray;

/// A vault holding one planned group; returns the vault, the group id and its first session's id.
fn one_group(tv: &TestVault) -> (cohort::Vault, String, String) {
    let mut v = unlock(&tv.dir, PASS);
    let (id, _) = v
        .transact(|tx| {
            new_group::create_group(
                tx,
                &cbt_group(NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()),
                Timestamp::now(),
            )
        })
        .unwrap();
    let first: String = v
        .conn()
        .query_row(
            "SELECT id FROM sessions WHERE group_id = ?1 AND number = 1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    (v, id.to_string(), first)
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn impossible_dates_and_times_and_the_closed_group_loophole_are_refused() {
    let tv = new_vault();
    let (v, g, s1) = one_group(&tv);
    let c = v.conn();
    for (col, bad) in [
        ("first_date", "'2027-02-30'"),
        ("first_date", "'2027-99-99'"),
        ("first_date", "'27-01-04'"),
        ("start_time", "'24:00'"),
        ("start_time", "'29:59'"),
        ("start_time", "'6:00'"),
        ("created_at", "'yesterday'"),
    ] {
        refused(
            c,
            &format!("UPDATE groups SET {col} = {bad} WHERE id = '{g}'"),
            "CHECK constraint failed",
        );
    }
    for (col, bad) in [
        ("date", "'2027-02-29'"),
        ("start_time", "'18:60'"),
        ("original_date", "'2027-13-01'"),
    ] {
        refused(
            c,
            &format!("UPDATE sessions SET {col} = {bad} WHERE id = '{s1}'"),
            "CHECK constraint failed",
        );
    }
    // A closed group must say after which session it closes; a NULL used to pass.
    refused(
        c,
        &format!("UPDATE groups SET closes_after_session = NULL WHERE id = '{g}'"),
        "CHECK constraint failed",
    );
    refused(
        c,
        &format!("UPDATE groups SET closes_after_session = 13 WHERE id = '{g}'"),
        "CHECK constraint failed",
    );
    refused(
        c,
        &format!("UPDATE groups SET membership = 'open' WHERE id = '{g}'"),
        "CHECK constraint failed",
    );
    c.execute_batch(&format!(
        "UPDATE groups SET membership = 'open', closes_after_session = NULL WHERE id = '{g}'"
    ))
    .expect("an open group has no closing session");
}

#[test]
fn a_makeup_must_replace_a_cancelled_session_of_its_own_group() {
    let tv = new_vault();
    let (v, g, s1) = one_group(&tv);
    let c = v.conn();
    let plan: String = c
        .query_row("SELECT plan_id FROM sessions WHERE id = ?1", [&s1], |r| r.get(0))
        .unwrap();
    let insert = |makeup_for: &str| {
        format!(
            "INSERT INTO sessions (id, group_id, number, date, start_time, status, makeup_for, plan_id)
             VALUES ('00000000-0000-4000-8000-000000000001', '{g}', 40, '2027-09-06', '18:00', 'scheduled', {makeup_for}, '{plan}')"
        )
    };
    refused(
        c,
        &insert("'00000000-0000-4000-8000-00000000ffff'"),
        "replaces a cancelled session",
    );
    refused(c, &insert(&format!("'{s1}'")), "replaces a cancelled session");
    c.execute_batch(&format!(
        "UPDATE sessions SET status = 'cancelled' WHERE id = '{s1}'"
    ))
    .unwrap();
    c.execute_batch(&insert(&format!("'{s1}'")))
        .expect("a make-up for a cancelled session");
    // …and the make-up cannot be left pointing at nothing.
    refused(
        c,
        &format!("DELETE FROM sessions WHERE id = '{s1}'"),
        "FOREIGN KEY constraint failed",
    );
}

#[test]
fn a_session_cannot_use_another_groups_plan() {
    let tv = new_vault();
    let (mut v, g, s1) = one_group(&tv);
    let (g2, _) = v
        .transact(|tx| {
            new_group::create_group(
                tx,
                &cbt_group(NaiveDate::from_ymd_opt(2027, 2, 1).unwrap()),
                Timestamp::now(),
            )
        })
        .unwrap();
    let c = v.conn();
    let foreign_plan: String = c
        .query_row(
            "SELECT id FROM session_plans WHERE group_id = ?1 LIMIT 1",
            [g2],
            |r| r.get(0),
        )
        .unwrap();
    assert_ne!(g2.to_string(), g);
    refused(
        c,
        &format!("UPDATE sessions SET plan_id = '{foreign_plan}' WHERE id = '{s1}'"),
        "FOREIGN KEY constraint failed",
    );
}

#[test]
fn nothing_cascades_and_a_group_with_sessions_cannot_be_deleted_behind_the_core() {
    let tv = new_vault();
    let (v, g, _) = one_group(&tv);
    let c = v.conn();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut references = 0;
    for t in &tables {
        let mut stmt = c.prepare(&format!("PRAGMA foreign_key_list({t})")).unwrap();
        let fks: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get::<_, String>(2)?, r.get::<_, String>(6)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (parent, on_delete) in fks {
            references += 1;
            assert!(
                on_delete == "RESTRICT" || (on_delete == "NO ACTION" && t.starts_with("ground_rule")),
                "{t} → {parent} is ON DELETE {on_delete}"
            );
        }
    }
    assert!(references >= 9, "every reference was looked at ({references})");
    let before = count(c, "SELECT count(*) FROM sessions");
    refused(
        c,
        &format!("DELETE FROM groups WHERE id = '{g}'"),
        "FOREIGN KEY constraint failed",
    );
    refused(
        c,
        &format!("DELETE FROM session_plans WHERE group_id = '{g}'"),
        "FOREIGN KEY constraint failed",
    );
    assert_eq!(count(c, "SELECT count(*) FROM sessions"), before, "nothing went");
}

#[test]
fn ids_never_change_and_rows_are_never_replaced() {
    let tv = new_vault();
    let (v, g, s1) = one_group(&tv);
    let c = v.conn();
    let new_id = "00000000-0000-4000-8000-0000000000aa";
    refused(
        c,
        &format!("UPDATE groups SET id = '{new_id}' WHERE id = '{g}'"),
        "keeps its id",
    );
    refused(
        c,
        &format!("UPDATE sessions SET id = '{new_id}' WHERE id = '{s1}'"),
        "keeps its id",
    );
    refused(
        c,
        &format!(
            "INSERT OR REPLACE INTO sessions (id, group_id, number, date, start_time, status, plan_id)
             SELECT id, group_id, number, '2027-01-05', start_time, status, plan_id FROM sessions WHERE id = '{s1}'"
        ),
        "never replaced",
    );
    refused(
        c,
        &format!("INSERT OR REPLACE INTO groups SELECT * FROM groups WHERE id = '{g}'"),
        "never replaced",
    );
    c.execute_batch(&format!("UPDATE sessions SET status = 'held' WHERE id = '{s1}'"))
        .unwrap();
    refused(
        c,
        &format!("DELETE FROM sessions WHERE id = '{s1}'"),
        "held session is never deleted",
    );
    refused(
        c,
        &format!("UPDATE sessions SET date = '2027-01-05' WHERE id = '{s1}'"),
        "held session keeps",
    );
    refused(
        c,
        &format!("UPDATE sessions SET status = 'removed' WHERE id = '{s1}'"),
        "held session keeps",
    );
}

#[test]
fn the_audit_trail_refuses_update_delete_replace_and_out_of_turn_entries() {
    let tv = new_vault();
    let v = unlock(&tv.dir, PASS);
    let c = v.conn();
    let n = count(c, "SELECT count(*) FROM audit_log");
    assert!(n >= 2);
    refused(
        c,
        "UPDATE audit_log SET detail = 'x' WHERE seq = 1",
        "append-only",
    );
    refused(c, "DELETE FROM audit_log WHERE seq = 1", "append-only");
    refused(
        c,
        "INSERT OR REPLACE INTO audit_log SELECT seq, at, event, 'rewritten', hash FROM audit_log WHERE seq = 1",
        "append-only",
    );
    refused(
        c,
        "REPLACE INTO audit_log SELECT seq, at, event, 'rewritten', hash FROM audit_log WHERE seq = 1",
        "append-only",
    );
    refused(
        c,
        &format!(
            "INSERT INTO audit_log (seq, at, event, detail, hash) SELECT seq + 5, at, event, detail, hash FROM audit_log WHERE seq = {n}"
        ),
        "append-only",
    );
    assert_eq!(count(c, "SELECT count(*) FROM audit_log"), n);
    let detail: String = c
        .query_row("SELECT detail FROM audit_log WHERE seq = 1", [], |r| r.get(0))
        .unwrap();
    assert_ne!(detail, "rewritten");
    audit::append(c, audit::AuditEvent::SettingsChanged, "still appends").unwrap();
    assert_eq!(audit::verify_chain(c).unwrap().1, Vec::<String>::new());
}

#[test]
fn saved_ground_rules_refuse_update_delete_replace_and_extra_rules() {
    let tv = new_vault();
    let (mut v, g, _) = one_group(&tv);
    let gid = cohort::ids::GroupId(g.parse().unwrap());
    v.transact(|tx| {
        ground_rules::save(tx, gid, &["Only this rule.".to_string()], Timestamp::now()).map(|_| ())
    })
    .unwrap();
    let c = v.conn();
    let before = ground_rules::load(c, gid).unwrap();
    refused(c, "UPDATE ground_rules SET text = 'changed'", "never changed");
    refused(
        c,
        "UPDATE ground_rule_versions SET created_at = created_at",
        "never changed",
    );
    refused(c, "DELETE FROM ground_rules", "kept for as long as its group");
    refused(
        c,
        "DELETE FROM ground_rule_versions",
        "kept for as long as its group",
    );
    refused(
        c,
        "INSERT OR REPLACE INTO ground_rules SELECT version_id, position, 'replaced' FROM ground_rules LIMIT 1",
        "never changed",
    );
    refused(
        c,
        "INSERT INTO ground_rules (version_id, position, text) SELECT id, rule_count, 'one more' FROM ground_rule_versions LIMIT 1",
        "never changed",
    );
    refused(
        c,
        "INSERT OR REPLACE INTO ground_rule_versions SELECT * FROM ground_rule_versions LIMIT 1",
        "never replaced",
    );
    let after = ground_rules::load(c, gid).unwrap();
    assert_eq!(after.current.rules, before.current.rules);
    assert_eq!(after.history[0].rules, before.history[0].rules);
    assert_eq!(after.current.version, 2);
}

#[test]
fn every_enum_is_stored_by_its_one_name_and_an_unknown_name_is_an_error() {
    fn same_names<T>(all: &[T])
    where
        T: Copy + serde::Serialize + Into<&'static str> + std::str::FromStr + std::fmt::Debug + PartialEq,
    {
        for v in all {
            let stored: &'static str = (*v).into();
            assert_eq!(
                serde_json::to_string(v).unwrap(),
                format!("\"{stored}\""),
                "the UI and the database agree"
            );
            assert_eq!(stored.parse::<T>().ok(), Some(*v));
        }
    }
    same_names(GroupType::VARIANTS);
    same_names(GroupStatus::VARIANTS);
    same_names(Membership::VARIANTS);
    same_names(Cadence::VARIANTS);
    same_names(SessionStatus::VARIANTS);

    let conn = Connection::open_in_memory().unwrap();
    let read = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, GroupType>(0));
    assert_eq!(
        read("SELECT 'process_oriented'").unwrap(),
        GroupType::ProcessOriented
    );
    assert!(read("SELECT 'psychodynamic'").is_err(), "never a silent default");
    assert!(conn
        .query_row("SELECT 'tentative'", [], |r| r.get::<_, SessionStatus>(0))
        .is_err());

    // Each CHECK list in the database holds exactly the enum's names.
    let tv = new_vault();
    let (v, g, s1) = one_group(&tv);
    let c = v.conn();
    for t in GroupType::VARIANTS {
        let name: &'static str = (*t).into();
        c.execute_batch(&format!(
            "UPDATE groups SET group_type = '{name}', type_label = 'x' WHERE id = '{g}'"
        ))
        .unwrap();
    }
    refused(
        c,
        &format!("UPDATE groups SET group_type = 'psychodynamic' WHERE id = '{g}'"),
        "CHECK",
    );
    refused(
        c,
        &format!("UPDATE sessions SET status = 'tentative' WHERE id = '{s1}'"),
        "CHECK",
    );
    for s in SessionStatus::VARIANTS {
        let name: &'static str = (*s).into();
        c.execute_batch(&format!(
            "UPDATE sessions SET status = '{name}' WHERE id = '{s1}' AND status <> 'held'"
        ))
        .unwrap();
    }
    let held: String = c
        .query_row("SELECT status FROM sessions WHERE id = ?1", [&s1], |r| r.get(0))
        .unwrap();
    assert_eq!(held, "held", "every status was stored, held last of all");
}

#[test]
fn check_reports_a_dropped_trigger_view_a_changed_table_an_extra_index_and_an_unknown_event() {
    let tv = new_vault();
    {
        let v = unlock(&tv.dir, PASS);
        let report = v.check().unwrap();
        assert!(report.is_ok(), "{:?}", report.problems);
        assert!(report.passed.iter().any(|p| p.starts_with("schema:")));
        v.conn()
            .execute_batch(
                "DROP TRIGGER audit_log_guard_delete;
                 DROP TRIGGER ground_rules_guard_update;
                 CREATE INDEX sneaky ON groups (name);
                 ALTER TABLE settings ADD COLUMN extra INTEGER;
                 DROP VIEW sessions_with_notes_to_finish;",
            )
            .unwrap();
        v.lock("test").unwrap();
    }
    let v = unlock(&tv.dir, PASS);
    // An entry Cohort never writes, chained as if it had.
    let (seq, prev): (i64, String) = v
        .conn()
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let at = "2026-12-03T10:00:00.000Z";
    let event = "records_exported_to_a_stranger";
    v.conn()
        .execute(
            "INSERT INTO audit_log (seq, at, event, detail, hash) VALUES (?1, ?2, ?3, '', ?4)",
            rusqlite::params![
                seq + 1,
                at,
                event,
                audit::chain_hash(&prev, seq + 1, at, event, "")
            ],
        )
        .unwrap();
    let report =
        cohort::practice::check::check(&v).expect("a damaged schema is reported, not an internal error");
    let problems = report.problems.join("\n");
    assert!(
        problems.contains("notes to finish: could not be compared"),
        "{problems}"
    );
    assert!(
        problems.contains("the view sessions_with_notes_to_finish is missing"),
        "{problems}"
    );
    assert!(
        problems.contains("“records_exported_to_a_stranger”, which is not something Cohort records"),
        "{problems}"
    );
    assert!(
        problems.contains("the trigger audit_log_guard_delete is missing"),
        "{problems}"
    );
    assert!(
        problems.contains("the trigger ground_rules_guard_update is missing"),
        "{problems}"
    );
    assert!(
        problems.contains("the index sneaky is not part of Cohort's schema"),
        "{problems}"
    );
    assert!(
        problems.contains("the table settings is not as this version of Cohort defines it"),
        "{problems}"
    );
    assert!(!report.is_ok());
    assert_eq!(schema::differences(v.conn()).unwrap().len(), 5);
}

#[test]
fn the_expected_schema_is_the_one_a_new_vault_has() {
    let tv = new_vault();
    let v = unlock(&tv.dir, PASS);
    assert_eq!(schema::read(v.conn()).unwrap(), schema::expected().unwrap());
    assert!(schema::expected()
        .unwrap()
        .iter()
        .any(|o| o.kind == "trigger" && o.name == "audit_log_guard_insert"));
}
