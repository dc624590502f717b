//! The large practice (`cohort demo --large --seed N`) is what every screen
//! is measured against: it must hold what it promises, be the same for the
//! same seed, and be a sound vault.

mod common;

use std::collections::BTreeSet;
use std::time::Instant;

use chrono::NaiveDate;
use cohort::demo::large;
use cohort::planning::groups::GroupStatus;
use cohort::{Passphrase, Vault};
use rusqlite::types::Value;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

const TODAY: (i32, u32, u32) = (2026, 11, 24);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap()
}

/// A vault holding the practice built with `seed` (and `groups` groups).
fn practice(seed: u64, groups: Option<u32>) -> (tempfile::TempDir, Vault, large::Built) {
    let tmp = tempfile::tempdir().unwrap();
    let mut created = Vault::create(&tmp.path().join("v"), &Passphrase::from(common::PASS)).unwrap();
    let b = created
        .vault
        .transact(|tx| match groups {
            None => large::build(tx, seed, today()),
            Some(n) => large::build_sized(tx, seed, today(), n),
        })
        .unwrap();
    (tmp, created.vault, b)
}

/// Everything in the practice except when it was written (timestamps, and
/// the audit hashes that cover them): equal for equal practices.
fn content(conn: &Connection) -> String {
    let skip = [
        "created_at",
        "updated_at",
        "recorded_at",
        "at",
        "hash",
        "signed_at",
        "change_audited_at",
        "written_at",
        "entered_at",
        "corrected_at",
    ];
    let mut h = Sha256::new();
    let tables: Vec<String> = conn
        // The full-text index is derived from the notes (and its shadow tables have no rowid).
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'notes_search%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for t in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {t} ORDER BY rowid"))
            .unwrap();
        let cols: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for (i, c) in cols.iter().enumerate() {
                if !skip.contains(&c.as_str()) {
                    h.update(format!("{t}.{c}={:?};", r.get::<_, Value>(i).unwrap()));
                }
            }
        }
    }
    hex::encode(h.finalize())
}

#[test]
fn the_large_practice_holds_ten_years_of_groups_and_comes_back_whole_from_a_backup() {
    let started = Instant::now();
    let (_t, a, built) = practice(1, None);
    eprintln!("built in {:?}: {built:?}", started.elapsed());
    let c = a.conn();
    assert_eq!(built.groups, 400);
    assert_eq!(built.members, 4_000);
    let without_place: i64 = c
        .query_row("SELECT count(*) FROM members m WHERE NOT EXISTS (SELECT 1 FROM places p WHERE p.member_id = m.id)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(without_place, 0, "every member is on a group's roster");
    assert!(built.enrolments > 3_000, "{built:?}");
    assert!((400 * 12..=400 * 25).contains(&built.sessions), "{built:?}");
    assert!(
        built.held_sessions > built.sessions / 2,
        "ten years, mostly in the past"
    );
    assert!(built.agenda_items > built.plans * 4, "every plan is a full plan");
    assert!(built.ground_rule_versions >= 2 * built.groups);
    assert!(built.blackout_dates >= 60);
    assert!(
        (45_000..=60_000).contains(&built.notes),
        "about 50,000 notes: {built:?}"
    );
    assert!(
        built.signed_notes > built.notes * 9 / 10,
        "mostly signed: {built:?}"
    );
    assert!(
        built.goals > built.enrolments,
        "one to three goals each: {built:?}"
    );
    assert!(
        built.goal_ratings > built.attendance_marks,
        "rated at the sessions attended: {built:?}"
    );
    assert!(
        built.measure_results > built.enrolments * 4,
        "intake and planned measures: {built:?}"
    );

    let (first, last): (NaiveDate, NaiveDate) = c
        .query_row("SELECT min(first_date), max(first_date) FROM groups", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!((last - first).num_days() > 9 * 365, "{first} to {last}");
    let counts: Vec<(GroupStatus, i64)> = c
        .prepare("SELECT status, count(*) FROM groups GROUP BY status")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let statuses: BTreeSet<String> = counts.iter().map(|(s, _)| format!("{s:?}")).collect();
    for s in ["Planning", "Active", "Completed", "Cancelled"] {
        assert!(statuses.contains(s), "some groups are {s}: {counts:?}");
    }
    let (min, max): (i64, i64) = c
        .query_row(
            "SELECT min(n), max(n) FROM (SELECT count(*) n FROM sessions WHERE status <> 'removed' GROUP BY group_id)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        min >= 12 && max <= 25,
        "12 to 24 sessions each (a make-up may add one): {min}–{max}"
    );
    let blank: i64 = c
        .query_row("SELECT count(*) FROM session_plans WHERE topic = ''", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(blank, 0, "full plans");
    let report = a.check().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);

    // Backed up and restored (built once here: building it again would cost
    // the suite a minute): every row of every table as it was.
    let entries: i64 = c
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    let before = common::backups::table_digests(c, None);
    let made = a
        .backup_job()
        .unwrap()
        .make(
            &_t.path().join("large.cohortbackup"),
            cohort::values::Timestamp::now(),
        )
        .unwrap();
    drop(a);
    let target = _t.path().join("restored");
    let pass = Passphrase::from(common::PASS);
    cohort::vault::backup::restore(
        &made.path,
        &cohort::vault::backup::Secret::Passphrase(&pass),
        None,
        &target,
        cohort::vault::backup::Target::NewFolder,
        cohort::values::Timestamp::now(),
    )
    .unwrap();
    let back = Vault::unlock(&target, &pass, cohort::Origin::Cli, 0).unwrap();
    assert_eq!(
        common::backups::table_digests(back.conn(), Some(entries)),
        before,
        "every row of every table restored"
    );
    let report = cohort::practice::check::check(&back).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

/// The same code builds every size, so determinism is shown on a smaller
/// practice (building the full one twice would double the suite's time).
#[test]
fn the_same_seed_gives_the_same_practice_ids_included_and_another_seed_another() {
    let (_a, a, _) = practice(2, Some(30));
    let (_b, b, _) = practice(2, Some(30));
    let (_c, c, _) = practice(3, Some(30));
    assert_eq!(
        content(a.conn()),
        content(b.conn()),
        "the same seed, the same practice"
    );
    assert_ne!(
        content(a.conn()),
        content(c.conn()),
        "another seed, another practice"
    );
}
