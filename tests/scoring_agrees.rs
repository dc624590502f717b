//! Scoring is written twice: in Rust (`measures::scoring`, what the app
//! shows and stores) and in the database's check of every result
//! (`measure_results_total_is_the_answers`). Over random measures — sums and
//! means, reverse-scored items, answer ranges, blanks up to the minimum
//! answered — the total the core computes is the one the database accepts,
//! and a total off by a little is refused.

use std::sync::Mutex;

use chrono::NaiveDate;
use cohort::measures::instruments::{self, InstrumentInput, ItemInput};
use cohort::measures::results;
use cohort::measures::scoring::Scoring;
use cohort::vault::migrate;
use proptest::prelude::*;
use rusqlite::{params, Connection};

/// The demo practice (for a member's place), built once.
fn practice() -> &'static Mutex<(Connection, String)> {
    static P: std::sync::OnceLock<Mutex<(Connection, String)>> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        migrate::migrate(&conn, migrate::latest_schema_version()).unwrap();
        let tx = conn.unchecked_transaction().unwrap();
        cohort::demo::build(&tx, NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()).unwrap();
        tx.commit().unwrap();
        let place: String = conn
            .query_row("SELECT id FROM places LIMIT 1", [], |r| r.get(0))
            .unwrap();
        Mutex::new((conn, place))
    })
}

fn measure() -> impl Strategy<Value = (i64, i64, bool, Vec<bool>, Vec<Option<i64>>, u32)> {
    (0i64..=3, 1i64..=6, any::<bool>(), 1usize..=12).prop_flat_map(|(min, span, mean, n)| {
        let max = min + span;
        (
            Just(min),
            Just(max),
            Just(mean),
            proptest::collection::vec(any::<bool>(), n),
            proptest::collection::vec(proptest::option::weighted(0.8, min..=max), n),
            1u32..=n as u32,
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]
    #[test]
    fn the_database_accepts_exactly_the_total_the_core_computes(
        (min, max, mean, reverse, answers, min_answered) in measure()
    ) {
        let answered = answers.iter().filter(|a| a.is_some()).count() as u32;
        prop_assume!(answered >= min_answered);
        let guard = practice().lock().unwrap();
        let (conn, place) = &*guard;
        let tx = conn.unchecked_transaction().unwrap();
        let id = instruments::define(
            &tx,
            &InstrumentInput {
                name: format!("Scale {}", uuid::Uuid::new_v4()),
                short_name: "S".into(),
                instructions: String::new(),
                item_min: min,
                item_max: max,
                answer_labels: Vec::new(),
                scoring: Some(if mean { Scoring::Mean } else { Scoring::Sum }),
                min_answered,
                higher_is_worse: true,
                reliability: None,
                sd: None,
                items: reverse
                    .iter()
                    .enumerate()
                    .map(|(i, r)| ItemInput { wording: format!("Item {i}"), reverse: *r, subscale: String::new() })
                    .collect(),
                bands: Vec::new(),
            },
            cohort::values::Timestamp::now(),
        )
        .unwrap();
        let total = results::score(&tx, &id, &answers).unwrap().total;
        let insert = |total: f64| {
            tx.execute(
                "INSERT INTO measure_results (id, place_id, instrument_id, taken_on, answers, total, raises_risk, entered_at)
                 VALUES (?1, ?2, ?3, '2026-12-03', ?4, ?5, 0, '2026-12-03T10:00:00.000Z')",
                params![uuid::Uuid::new_v4().to_string(), place, id, serde_json::to_string(&answers).unwrap(), total],
            )
        };
        prop_assert!(insert(total + 0.01).is_err(), "a total off by 0.01 is refused");
        let accepted = insert(total);
        prop_assert!(accepted.is_ok(), "the core's total {} is the database's: {:?}", total, accepted);
        drop(tx);
    }
}
