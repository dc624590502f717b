//! Encryption's cost: the same screens read from the same large practice
//! (seed 1), once in the encrypted vault and once in a plain SQLite
//! database of the same schema, opened with the same settings (WAL,
//! synchronous FULL, secure_delete, a 64 MiB page cache, 256 prepared
//! statements). The plain database exists only here, in a temporary
//! folder, for this comparison: Cohort never writes one.
//!
//! Warm: each screen read again and again (the page cache full). Cold: the
//! first read of Today after the database is opened (after unlock, for the
//! vault), its page cache empty.
//!
//! `cargo bench -p cohort --bench encryption`; the ratios are in
//! docs/performance.md.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cohort::ids::{GroupId, MemberId, PlaceId, SessionId};
use cohort::planning::program::SessionStatus;
use cohort::sessions::attendance::{self, MarkInput};
use cohort::values::Timestamp;
use cohort::vault::migrate;
use cohort::{Origin, Passphrase, Vault};
use criterion::{criterion_group, criterion_main, Criterion};
use rusqlite::Connection;

const PASS: &str = "correct horse battery staple 42";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// The settings the vault opens its connection with (src/vault/db.rs), less the key.
fn configure_plain(conn: &Connection) {
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;
         PRAGMA temp_store = MEMORY;
         PRAGMA secure_delete = ON;
         PRAGMA cache_size = -65536;
         PRAGMA journal_mode = WAL;",
    )
    .unwrap();
    conn.set_prepared_statement_cache_capacity(256);
}

fn open_plain(path: &std::path::Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    configure_plain(&conn);
    conn
}

struct Subjects {
    group: GroupId,
    member: MemberId,
    place: PlaceId,
    held: SessionId,
    sheet: Vec<MarkInput>,
}

/// The running group with the longest program, a member of it, and its
/// fullest held session with a sheet marking everyone present.
fn subjects(c: &Connection) -> Subjects {
    let day = today();
    let list = cohort::practice::groups::list(c, day).unwrap();
    let (group, program) = list
        .iter()
        .filter(|g| g.next_session_date.is_some())
        .map(|g| (g.id, cohort::practice::groups::program(c, g.id).unwrap()))
        .max_by_key(|(_, p)| p.sessions.len())
        .expect("a running group");
    let roster = cohort::practice::roster::roster(c, group, day).unwrap();
    let entry = &roster.entries[0];
    let (held, expected) = program
        .sessions
        .iter()
        .filter(|s| s.status == SessionStatus::Held)
        .map(|s| (s.id, attendance::expected(c, s.id).unwrap()))
        .max_by_key(|(_, e)| e.len())
        .expect("a held session");
    Subjects {
        group,
        member: entry.place.member_id,
        place: entry.place.id,
        held,
        sheet: expected
            .iter()
            .map(|e| MarkInput {
                place_id: e.place_id,
                status: "present".into(),
                minutes: None,
            })
            .collect(),
    }
}

/// Each screen's read, by name, over any connection.
fn screens(c: &Connection, s: &Subjects, name: &str) {
    let day = today();
    match name {
        "today" => drop(cohort::practice::today::today(c, day).unwrap()),
        "groups list" => drop(cohort::practice::groups::list(c, day).unwrap()),
        "program" => drop(cohort::practice::groups::program(c, s.group).unwrap()),
        "roster" => drop(cohort::practice::roster::roster(c, s.group, day).unwrap()),
        "member search" => drop(cohort::roster::directory::search(c, "ana", false, 50).unwrap()),
        "member profile" => drop(cohort::roster::profile::profile(c, s.member).unwrap()),
        "progress page" => drop(cohort::measures::page::progress_page(c, s.place).unwrap()),
        "notes search" => drop(cohort::notes::search::search(c, "thought record").unwrap()),
        "attendance register" => drop(cohort::reports::register::register(c, s.group).unwrap()),
        other => panic!("no screen {other}"),
    }
}

const SCREENS: &[&str] = &[
    "today",
    "groups list",
    "program",
    "roster",
    "member search",
    "member profile",
    "progress page",
    "notes search",
    "attendance register",
];

fn save_sheet(c: &mut Connection, s: &Subjects) {
    let tx = c.transaction().unwrap();
    attendance::save_sheet(&tx, s.held, &s.sheet, Timestamp::now()).unwrap();
    tx.commit().unwrap();
}

fn benches(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let day = today();
    // The vault.
    let dir = tmp.path().join("vault");
    let mut created = Vault::create(&dir, &Passphrase::from(PASS)).unwrap();
    created
        .vault
        .transact(|tx| cohort::demo::large::build(tx, 1, day))
        .unwrap();
    created.vault.lock("bench").unwrap();
    // The same practice in a plain database of the same schema.
    let plain_path = tmp.path().join("plain.db");
    {
        let mut conn = open_plain(&plain_path);
        migrate::migrate(&conn, migrate::latest_schema_version()).unwrap();
        let tx = conn.transaction().unwrap();
        cohort::demo::large::build(&tx, 1, day).unwrap();
        tx.commit().unwrap();
    }

    let mut vault = Vault::unlock(&dir, &Passphrase::from(PASS), Origin::Cli, 0).unwrap();
    let mut plain = open_plain(&plain_path);
    let s = subjects(vault.conn());
    let p = subjects(&plain);
    assert_eq!(
        (s.group, s.member, s.held),
        (p.group, p.member, p.held),
        "both databases hold the same practice"
    );

    let mut grp = c.benchmark_group("encryption's cost (warm)");
    for name in SCREENS {
        grp.bench_function(format!("{name} / encrypted"), |b| {
            b.iter(|| screens(vault.conn(), &s, name))
        });
        grp.bench_function(format!("{name} / plain"), |b| {
            b.iter(|| screens(&plain, &p, name))
        });
    }
    grp.bench_function("attendance sheet saved, synced / encrypted", |b| {
        b.iter(|| {
            vault
                .transact(|tx| attendance::save_sheet(tx, s.held, &s.sheet, Timestamp::now()))
                .unwrap()
        })
    });
    grp.bench_function("attendance sheet saved, synced / plain", |b| {
        b.iter(|| save_sheet(&mut plain, &p))
    });
    grp.finish();
    vault.lock("bench").unwrap();
    drop(plain);

    // Cold: the first read of Today after opening, the page cache empty.
    let mut grp = c.benchmark_group("encryption's cost (cold: Today, first read after opening)");
    grp.sample_size(10);
    grp.bench_function("today / encrypted, first read after unlock", |b| {
        b.iter_custom(|n| {
            let mut spent = Duration::ZERO;
            for _ in 0..n {
                let v = Vault::unlock(&dir, &Passphrase::from(PASS), Origin::Cli, 0).unwrap();
                let at = Instant::now();
                screens(v.conn(), &s, "today");
                spent += at.elapsed();
                v.lock("bench").unwrap();
            }
            spent
        })
    });
    grp.bench_function("today / plain, first read after opening", |b| {
        b.iter_custom(|n| {
            let mut spent = Duration::ZERO;
            for _ in 0..n {
                let conn = open_plain(&plain_path);
                let at = Instant::now();
                screens(&conn, &p, "today");
                spent += at.elapsed();
            }
            spent
        })
    });
    grp.finish();
}

criterion_group!(encryption, benches);
criterion_main!(encryption);
