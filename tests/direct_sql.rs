//! Holes found by trying the database directly, as someone with the key and
//! an SQL shell would, each closed by the schema itself (migrations/0008):
//! a built-in measure given a new item, another person's waitlisted place
//! deleted by a REPLACE, a goal rated outside the time it was active, a
//! timestamp at hour 24, and an addendum dated before the signature it
//! amends.

mod common;

use chrono::NaiveDate;
use cohort::Vault;
use common::*;
use rusqlite::Connection;

/// An encrypted vault holding the demo practice, unlocked.
fn demo() -> (TestVault, Vault) {
    let tv = new_vault();
    let mut v = unlock(&tv.dir, PASS);
    v.transact(|tx| cohort::demo::build(tx, NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()))
        .unwrap();
    (tv, v)
}

fn one<T: rusqlite::types::FromSql>(conn: &Connection, sql: &str) -> T {
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[test]
fn a_built_in_measure_takes_no_new_item_or_band_even_before_it_has_results() {
    let tv = new_vault();
    let v = unlock(&tv.dir, PASS);
    let c = v.conn();
    assert_eq!(
        one::<i64>(c, "SELECT count(*) FROM measure_results"),
        0,
        "no results yet"
    );
    refused(
        c,
        "INSERT INTO instrument_items (instrument_id, position, wording) VALUES ('phq9', 10, 'An extra question')",
        "a built-in measure, or one with results, is final",
    );
    refused(
        c,
        "INSERT INTO instrument_bands (instrument_id, low, high, label) VALUES ('gad7', 22, 30, 'Extreme')",
        "a built-in measure, or one with results, is final",
    );
    assert_eq!(
        one::<i64>(
            c,
            "SELECT count(*) FROM instrument_items WHERE instrument_id = 'phq9'"
        ),
        9
    );
    assert_eq!(
        one::<i64>(
            c,
            "SELECT count(*) FROM instrument_bands WHERE instrument_id = 'gad7'"
        ),
        4
    );
    // Replacing an item of any measure says so, not that the measure is final.
    refused(
        c,
        "INSERT OR REPLACE INTO instrument_items (instrument_id, position, wording) VALUES ('phq9', 1, 'Changed')",
        "an item of a measure is never replaced",
    );
}

#[test]
fn a_replace_never_deletes_another_persons_place_in_the_group() {
    let (_tv, v) = demo();
    let c = v.conn();
    let group: String = one(
        c,
        "SELECT group_id FROM places WHERE stage = 'waitlisted' LIMIT 1",
    );
    let waiting: i64 = one(
        c,
        &format!("SELECT count(*) FROM places WHERE group_id = '{group}' AND stage = 'waitlisted'"),
    );
    assert!(waiting >= 2, "two people are waiting ({waiting})");
    let places_before: i64 = one(c, "SELECT count(*) FROM places");
    // The same member and group under a new id: would delete their open place.
    refused(
        c,
        &format!(
            "INSERT OR REPLACE INTO places (id, member_id, group_id, stage, referred_on, created_at, updated_at)
             SELECT lower(hex(randomblob(18))), member_id, group_id, 'referred', referred_on, created_at, updated_at
             FROM places WHERE group_id = '{group}' AND stage = 'waitlisted' AND waitlist_rank = 2"
        ),
        "a place in a group is never replaced",
    );
    // The second in line moved onto the first's rank: would delete the first.
    refused(
        c,
        &format!(
            "UPDATE OR REPLACE places SET waitlist_rank = 1
             WHERE group_id = '{group}' AND stage = 'waitlisted' AND waitlist_rank = 2"
        ),
        "a place in a group is never replaced",
    );
    assert_eq!(one::<i64>(c, "SELECT count(*) FROM places"), places_before);
    assert_eq!(
        one::<i64>(
            c,
            &format!("SELECT count(*) FROM places WHERE group_id = '{group}' AND stage = 'waitlisted'")
        ),
        waiting
    );
}

#[test]
fn a_goal_is_rated_only_from_the_day_it_was_set_until_it_ended() {
    let (_tv, v) = demo();
    let c = v.conn();
    // A new goal of a member who attended a held session, not yet rated.
    let (place, session, date): (String, String, String) = c
        .query_row(
            "SELECT a.place_id, s.id, s.date FROM attendance a JOIN sessions s ON s.id = a.session_id
             WHERE a.status = 'present'
               AND (SELECT count(*) FROM goals g WHERE g.place_id = a.place_id AND g.status = 'active') < 3
             ORDER BY s.date LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let goal = "00000000-0000-4000-8000-00000000goal";
    c.execute_batch(&format!(
        "INSERT INTO goals (id, place_id, measured_by, set_on, created_at, updated_at)
         VALUES ('{goal}', '{place}', 'rating', '{date}', '2026-12-03T10:00:00.000Z', '2026-12-03T10:00:00.000Z');
         INSERT INTO goal_versions (goal_id, version, statement, revised_on, created_at)
         VALUES ('{goal}', 1, 'Speak once each session', '{date}', '2026-12-03T10:00:00.000Z');"
    ))
    .unwrap();
    let rate = format!(
        "INSERT INTO goal_ratings (goal_id, session_id, value, version, recorded_at)
         VALUES ('{goal}', '{session}', 1, 1, '2026-12-03T10:00:00.000Z')"
    );
    // Set after the session: the rating is refused.
    c.execute_batch(&format!(
        "DROP TRIGGER goals_guard_update_identity;
         UPDATE goals SET set_on = date('{date}', '+1 day') WHERE id = '{goal}';"
    ))
    .unwrap();
    refused(
        c,
        &rate,
        "a goal is rated at sessions from the day it was set until it ended",
    );
    // Set before it, achieved before it: refused too.
    c.execute_batch(&format!(
        "UPDATE goals SET set_on = date('{date}', '-30 days'), status = 'achieved',
             ended_on = date('{date}', '-1 day') WHERE id = '{goal}';"
    ))
    .unwrap();
    refused(
        c,
        &rate,
        "a goal is rated at sessions from the day it was set until it ended",
    );
    // Achieved on the day of the session: its last rating is allowed.
    c.execute_batch(&format!(
        "DROP TRIGGER goals_guard_update;
         UPDATE goals SET ended_on = '{date}' WHERE id = '{goal}';"
    ))
    .unwrap();
    c.execute_batch(&rate).unwrap();
}

#[test]
fn an_addendum_comes_after_the_signature_in_time_not_only_as_text() {
    let (_tv, v) = demo();
    let c = v.conn();
    let note: i64 = one(c, "SELECT id FROM notes WHERE signed_at IS NOT NULL LIMIT 1");
    let signed: String = one(c, &format!("SELECT signed_at FROM notes WHERE id = {note}"));
    // Compared as times (julianday), so no spelling of a moment can sort
    // it after the signature.
    let a_minute_before: String = one(
        c,
        &format!("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', '{signed}', '-1 minute')"),
    );
    let insert = |at: &str| {
        format!(
            "INSERT INTO note_addenda (note_id, text, written_at, signed_by, signed_credentials)
             VALUES ({note}, 'A correction', '{at}', 'Dana Reyes', 'LCSW')"
        )
    };
    refused(c, &insert(&a_minute_before), "after its signature");
    let a_minute_after: String = one(
        c,
        &format!("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', '{signed}', '+1 minute')"),
    );
    c.execute_batch(&insert(&a_minute_after)).unwrap();
}

/// Every column whose CHECK reads it as a timestamp, by table.
fn timestamp_columns(conn: &Connection) -> Vec<(String, String)> {
    const MARK: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', ";
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%strftime%'")
        .unwrap();
    let tables: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = Vec::new();
    for (t, sql) in tables {
        for (i, _) in sql.match_indices(MARK) {
            let col: String = sql[i + MARK.len()..].chars().take_while(|c| *c != ')').collect();
            if !out.contains(&(t.clone(), col.clone())) {
                out.push((t.clone(), col));
            }
        }
    }
    out
}

#[test]
fn no_timestamp_anywhere_takes_an_hour_of_24() {
    let (_tv, v) = demo();
    let c = v.conn();
    let columns = timestamp_columns(c);
    assert!(
        columns.len() >= 30,
        "the timestamp columns were found: {columns:?}"
    );
    for (t, col) in &columns {
        let rule = format!("substr(NEW.{col}, 12, 2) > '23'");
        let insert: String = c
            .query_row(
                "SELECT ifnull((SELECT sql FROM sqlite_master WHERE name = ?1), '')",
                [format!("{t}_times_insert")],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            insert.contains(&rule),
            "{t}.{col}: an hour of 24 is refused on insert"
        );
        let update: Option<String> = c
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = ?1",
                [format!("{t}_times_update")],
                |r| r.get(0),
            )
            .ok();
        let kept = cohort::tables::find(t).expect("a listed table").keeping;
        match update {
            Some(sql) => assert!(
                sql.contains(&rule),
                "{t}.{col}: an hour of 24 is refused on update"
            ),
            None => assert!(
                matches!(
                    kept,
                    cohort::tables::Keeping::WrittenOnce | cohort::tables::Keeping::AppendOnly
                ),
                "{t}.{col}: rows that can be updated refuse an hour of 24 on update too"
            ),
        }
    }
    // As a clinician's record would meet it: a draft's time, an attendance correction.
    refused(
        c,
        "UPDATE notes SET updated_at = '2026-12-03T24:30:00.000Z' WHERE signed_at IS NULL",
        "a time of day runs from 00:00 to 23:59",
    );
    refused(
        c,
        "UPDATE attendance SET corrected_at = '2026-12-03T24:00:00.000Z'",
        "a time of day runs from 00:00 to 23:59",
    );
    c.execute_batch("UPDATE attendance SET corrected_at = '2026-12-03T23:59:59.999Z'")
        .unwrap();
}
