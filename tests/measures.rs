//! Measures: PHQ-9 entered item by item, scored and banded; an item of 4 or
//! a missing item refused by the core and by the database, nothing saved;
//! results final; risk on item 9 answered; progress across the program with
//! absences as gaps and reliable change; a group's averages and measurement
//! plan; a custom measure behaving like the built-in ones.

mod common;

use std::time::Instant;

use cohort::goals::ratings::{self, RatingInput};
use cohort::goals::setting;
use cohort::measures::results::{self, ResultInput};
use cohort::measures::InstrumentId;
use cohort::ErrorCode;
use common::goals::*;
use common::roster::today;
use common::sessions::*;
use common::*;

#[test]
fn a_phq9_is_scored_banded_refused_when_invalid_final_and_raises_risk_on_item_9() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &FOUR);
    let ana = r.place("Ana Ruiz");
    let intake = s
        .act(Instant::now(), |tx| {
            results::enter(
                tx,
                ana,
                &phq9([2, 2, 2, 3, 1, 2, 2, 1, 1].map(Some), "2026-10-20"),
                today(),
                at("09:00:00"),
            )
        })
        .unwrap();
    assert_eq!(intake.total, 16.0);
    assert_eq!(intake.band.as_ref().unwrap().label, "Moderately severe");
    assert!(intake.risk && !intake.risk_answered, "item 9 above 0 raises risk");

    // An item of 4, a missing item: refused, with the item named, nothing saved.
    let mut four = [Some(1); 9];
    four[2] = Some(4);
    let e = s
        .act(Instant::now(), |tx| {
            results::enter(tx, ana, &phq9(four, "2026-11-10"), today(), at("09:00:00"))
        })
        .unwrap_err();
    assert_eq!(e.field(), Some("answers"));
    assert!(
        e.to_string()
            .contains("Item 3 is answered 4; answers go from 0 to 3"),
        "{e}"
    );
    let mut blank = [Some(1); 9];
    blank[8] = None;
    let e = s
        .act(Instant::now(), |tx| {
            results::enter(tx, ana, &phq9(blank, "2026-11-10"), today(), at("09:00:00"))
        })
        .unwrap_err();
    assert!(e.to_string().contains("needs at least 9"), "{e}");
    let count = |s: &mut cohort::VaultAccess| -> i64 {
        s.read(Instant::now(), |c| {
            Ok(c.query_row("SELECT count(*) FROM measure_results", [], |r| r.get(0))?)
        })
        .unwrap()
    };
    assert_eq!(count(&mut s), 1);

    // The database refuses them too, and a total that is not the answers'.
    let insert = |answers: &str, total: f64, risk: u8| {
        format!(
            "INSERT INTO measure_results (id, place_id, instrument_id, taken_on, answers, total, raises_risk, entered_at)
             VALUES ('00000000-0000-4000-8000-000000000001', '{}', 'phq9', '2026-11-10', '{answers}', {total}, {risk},
                     '2026-11-24T09:00:00.000Z')",
            ana.0
        )
    };
    let refused = |s: &mut cohort::VaultAccess, answers: &str, total: f64, risk: u8, why: &str| {
        let e = sql_error(s, &insert(answers, total, risk));
        assert!(e.contains(why), "{answers}: {e}");
    };
    refused(&mut s, "[1,1,4,1,1,1,1,1,1]", 12.0, 1, "outside its item's range");
    refused(
        &mut s,
        "[1,1,1,1,1,1,1,1,null]",
        9.0,
        0,
        "too many items are unanswered",
    );
    refused(
        &mut s,
        "[1,1,1,1,1,1,1,1]",
        8.0,
        0,
        "one answer (or a blank) for each item",
    );
    refused(&mut s, "[1,1,1,1,1,1,1,1,1]", 10.0, 1, "total of its answers");
    refused(&mut s, "[1,1,1,1,1,1,1,1,1]", 9.0, 0, "raises risk exactly when");
    assert_eq!(count(&mut s), 1);

    // Final: only voided, with a reason; never changed or deleted.
    let id = intake.id.0;
    assert!(sql_error(
        &mut s,
        &format!("UPDATE measure_results SET total = 3 WHERE id = '{id}'")
    )
    .contains("final"));
    assert!(sql_error(&mut s, &format!("DELETE FROM measure_results WHERE id = '{id}'")).contains("kept"));
    assert!(sql_error(
        &mut s,
        "UPDATE instrument_items SET wording = 'x' WHERE instrument_id = 'phq9'"
    )
    .contains("final"));

    // The risk is on the open list until answered, once.
    let open = s.read(Instant::now(), |c| results::open_risks(c, None)).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].name, "Ana Ruiz");
    assert_eq!(open[0].answer, "1 (Several days)");
    assert!(open[0]
        .item
        .starts_with("Thoughts that you would be better off dead"));
    s.act(Instant::now(), |tx| {
        results::record_risk_response(
            tx,
            intake.id,
            "2026-10-20",
            "Safety plan reviewed the same day.",
            today(),
            at("09:30:00"),
        )
    })
    .unwrap();
    let again = s
        .act(Instant::now(), |tx| {
            results::record_risk_response(tx, intake.id, "2026-10-21", "Again.", today(), at("09:31:00"))
        })
        .unwrap_err();
    assert_eq!(again.code(), ErrorCode::Conflict);
    assert!(
        s.read(Instant::now(), |c| results::result(c, intake.id))
            .unwrap()
            .risk_answered
    );
    assert!(s
        .read(Instant::now(), |c| results::open_risks(c, None))
        .unwrap()
        .is_empty());
}

#[test]
fn progress_shows_ratings_with_absences_as_gaps_totals_change_and_the_groups_averages() {
    use cohort::measures::plan;
    use cohort::measures::progress;
    use cohort::measures::scoring::Change;
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &FOUR);
    let ana = r.place("Ana Ruiz");
    let ben = r.place("Ben Cole");
    hold_with(&mut s, &r, 1, &[]);
    hold_with(&mut s, &r, 2, &[("Ana Ruiz", "absent_excused", None)]);
    hold_with(&mut s, &r, 3, &[]);
    let walk = s
        .act(Instant::now(), |tx| {
            setting::set_goal(tx, ana, &gas(), today(), at("10:00:00"))
        })
        .unwrap();
    let bens = s
        .act(Instant::now(), |tx| {
            setting::set_goal(tx, ben, &gas(), today(), at("10:00:00"))
        })
        .unwrap();
    for (n, a, b) in [(1, -2, 0), (3, 1, 2)] {
        s.act(Instant::now(), |tx| {
            ratings::rate(
                tx,
                r.session(n),
                &[
                    RatingInput {
                        goal_id: walk,
                        value: a,
                    },
                    RatingInput {
                        goal_id: bens,
                        value: b,
                    },
                ],
                at("19:40:00"),
            )
        })
        .unwrap();
    }
    let e = s
        .act(Instant::now(), |tx| {
            ratings::rate(
                tx,
                r.session(2),
                &[RatingInput {
                    goal_id: walk,
                    value: 0,
                }],
                at("19:40:00"),
            )
        })
        .unwrap_err();
    assert!(e.to_string().contains("did not attend"), "{e}");

    // PHQ-9 at intake and at session 3.
    let intake = phq9([2, 2, 2, 2, 2, 2, 2, 2, 0].map(Some), "2026-10-20");
    s.act(Instant::now(), |tx| {
        results::enter(tx, ana, &intake, today(), at("09:00:00"))
    })
    .unwrap();
    let mut later = phq9([1, 1, 1, 1, 1, 1, 1, 1, 0].map(Some), "2026-11-10");
    later.session_id = Some(r.session(3));
    s.act(Instant::now(), |tx| {
        results::enter(tx, ana, &later, today(), at("09:00:00"))
    })
    .unwrap();

    let p = s
        .read(Instant::now(), |c| progress::member_progress(c, ana))
        .unwrap();
    assert_eq!(
        p.goals[0].values[..3],
        [Some(-2), None, Some(1)],
        "the absence is a gap, not a zero"
    );
    assert!(!p.sessions[1].attended && p.sessions[1].held);
    let phq = &p.measures[0];
    assert_eq!(phq.short_name, "PHQ-9");
    assert_eq!(
        phq.points.iter().map(|x| x.total).collect::<Vec<_>>(),
        [16.0, 8.0]
    );
    assert_eq!(phq.points[0].band.as_deref(), Some("Moderately severe"));
    assert_eq!(phq.points[1].session_number, Some(3));
    assert_eq!(
        phq.change,
        Change::ReliableImprovement,
        "16 to 8 is 8 points, 6 or more"
    );
    assert_eq!(phq.threshold, Some(6.0));
    assert_eq!(phq.max_total, 27.0);

    let o = s
        .read(Instant::now(), |c| progress::group_overview(c, r.group))
        .unwrap();
    assert_eq!(o[0].gas_average, Some(-1.0), "(−2 + 0) / 2");
    assert_eq!(o[1].gas_average, None);
    assert_eq!(o[2].gas_average, Some(1.5));
    assert_eq!(o[1].attended, 3);
    assert_eq!(o[2].measure_averages, [(InstrumentId("phq9".into()), 8.0)]);

    // The plan: first, middle and last by default; what is still due.
    let planned = s.read(Instant::now(), |c| plan::plan(c, r.group)).unwrap();
    let numbers: Vec<u32> = planned.iter().map(|p| p.session_number).collect();
    assert_eq!(numbers, [1, 1, 6, 6, 12, 12]);
    let due = s
        .read(Instant::now(), |c| {
            plan::due(c, today(), today() - chrono::Days::new(60))
        })
        .unwrap();
    let phq_1 = due
        .iter()
        .find(|d| d.session_number == 1 && d.measure == "PHQ-9")
        .unwrap();
    assert_eq!(phq_1.missing, 3, "Ana's intake counts; the three others are due");
    let e = s
        .act(Instant::now(), |tx| {
            plan::set_plan(
                tx,
                r.group,
                &[plan::PlannedMeasure {
                    instrument_id: InstrumentId("phq9".into()),
                    session_number: 13,
                }],
            )
        })
        .unwrap_err();
    assert!(e.to_string().contains("no session 13"), "{e}");
}

#[test]
fn a_custom_measure_is_defined_checked_and_scored_like_the_built_in_ones() {
    use cohort::measures::instruments::{self, InstrumentInput, ItemInput};
    use cohort::measures::progress;
    use cohort::measures::scoring::{Band, Change, Scoring};
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &FOUR);
    let item = |w: &str, reverse: bool| ItemInput {
        wording: w.into(),
        reverse,
        subscale: if reverse {
            "Conflict".into()
        } else {
            "Engagement".into()
        },
    };
    let mut input = InstrumentInput {
        name: "Group climate (practice version)".into(),
        short_name: "Climate".into(),
        instructions: "How was the group today?".into(),
        item_min: 1,
        item_max: 5,
        answer_labels: vec![],
        scoring: Some(Scoring::Sum),
        min_answered: 3,
        higher_is_worse: false,
        reliability: Some(0.8),
        sd: Some(3.0),
        items: vec![
            item("Members felt close", false),
            item("There was friction", true),
            item("Members tried to understand", false),
            item("Members were distant", true),
        ],
        bands: vec![
            Band {
                low: 4.0,
                high: 11.0,
                label: "Low".into(),
            },
            Band {
                low: 12.0,
                high: 20.0,
                label: "High".into(),
            },
        ],
    };
    // Refused with the field named, nothing saved.
    let mut bad = input.clone();
    bad.bands[1].low = 10.0;
    let e = s
        .act(Instant::now(), |tx| instruments::define(tx, &bad, at("09:00:00")))
        .unwrap_err();
    assert!(e.to_string().contains("overlap"), "{e}");
    bad = input.clone();
    bad.min_answered = 5;
    let e = s
        .act(Instant::now(), |tx| instruments::define(tx, &bad, at("09:00:00")))
        .unwrap_err();
    assert_eq!(e.field(), Some("min_answered"));
    bad = input.clone();
    bad.sd = None;
    let e = s
        .act(Instant::now(), |tx| instruments::define(tx, &bad, at("09:00:00")))
        .unwrap_err();
    assert_eq!(e.field(), Some("reliability"));
    assert_eq!(
        s.read(Instant::now(), instruments::list).unwrap().len(),
        2,
        "only PHQ-9 and GAD-7"
    );

    input.answer_labels = ["Not at all", "A little", "Somewhat", "Quite a lot", "Very much"]
        .map(String::from)
        .to_vec();
    let id = s
        .act(Instant::now(), |tx| {
            instruments::define(tx, &input, at("09:00:00"))
        })
        .unwrap();
    let climate = s.read(Instant::now(), |c| instruments::get(c, &id)).unwrap();
    assert_eq!(climate.items.len(), 4);
    let threshold = climate.reliable_change_threshold().unwrap();
    assert!((threshold - 1.96 * 3.0 * 2f64.sqrt() * 0.2f64.sqrt()).abs() < 1e-9);

    let ana = r.place("Ana Ruiz");
    let take = |answers: Vec<Option<i64>>, on: &str| ResultInput {
        instrument_id: id.clone(),
        session_id: None,
        taken_on: on.into(),
        answers,
    };
    // 2 + (6−4) + 2 + (6−5) = 7, Low; then 5 + 5 + 4 + 5 = 19 from three answered → prorated.
    let first = s
        .act(Instant::now(), |tx| {
            results::enter(
                tx,
                ana,
                &take(vec![Some(2), Some(4), Some(2), Some(5)], "2026-10-27"),
                today(),
                at("09:00:00"),
            )
        })
        .unwrap();
    assert_eq!((first.total, first.band.unwrap().label.as_str()), (7.0, "Low"));
    let e = s
        .act(Instant::now(), |tx| {
            results::enter(
                tx,
                ana,
                &take(vec![Some(6), Some(1), Some(4), Some(1)], "2026-11-10"),
                today(),
                at("09:00:00"),
            )
        })
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("Climate: Item 1 is answered 6; answers go from 1 to 5"),
        "{e}"
    );
    let second = s
        .act(Instant::now(), |tx| {
            results::enter(
                tx,
                ana,
                &take(vec![Some(5), Some(1), None, Some(1)], "2026-11-10"),
                today(),
                at("09:00:00"),
            )
        })
        .unwrap();
    assert_eq!(second.total, 20.0, "5 + 5 + 5 from three of four items, × 4/3");
    let p = s
        .read(Instant::now(), |c| progress::member_progress(c, ana))
        .unwrap();
    let series = p.measures.iter().find(|m| m.instrument_id == id).unwrap();
    assert_eq!(
        series.change,
        Change::ReliableImprovement,
        "higher is better here"
    );

    // Final once used.
    let e = sql_error(
        &mut s,
        &format!("UPDATE instruments SET min_answered = 1 WHERE id = '{}'", id.0),
    );
    assert!(e.contains("final"), "{e}");
}

#[test]
fn the_demo_has_goals_ratings_and_measures_with_one_risk_to_answer() {
    let tv = new_vault();
    let mut s = access(&tv);
    s.act(Instant::now(), |tx| cohort::demo::build(tx, today()))
        .unwrap();
    let (enrolled, without_goal, ratings, intakes, later, risks): (i64, i64, i64, i64, i64, usize) = s
        .read(Instant::now(), |c| {
            let q = |sql: &str| -> rusqlite::Result<i64> { c.query_row(sql, [], |r| r.get(0)) };
            Ok((
                q("SELECT count(*) FROM places WHERE stage = 'enrolled'")?,
                q("SELECT count(*) FROM places p WHERE stage = 'enrolled'
                   AND NOT EXISTS (SELECT 1 FROM goals g WHERE g.place_id = p.id AND g.status = 'active')")?,
                q("SELECT count(*) FROM goal_ratings")?,
                q("SELECT count(*) FROM measure_results WHERE session_id IS NULL")?,
                q("SELECT count(*) FROM measure_results WHERE session_id IS NOT NULL")?,
                results::open_risks(c, None)?.len(),
            ))
        })
        .unwrap();
    assert!(enrolled >= 8);
    assert_eq!(
        without_goal, 1,
        "every enrolled member has a goal but the last to enrol, left for a new user"
    );
    assert!(ratings > enrolled * 3, "rated at the held sessions: {ratings}");
    assert_eq!(
        intakes,
        (enrolled - 1) * 2,
        "PHQ-9 and GAD-7 at intake for all but the last to enrol"
    );
    assert!(
        later > 0 && later < enrolled,
        "a mid-point PHQ-9 for some: {later}"
    );
    assert_eq!(risks, 1, "one PHQ-9 with item 9 above 0, not yet answered");
    let report = s.vault(Instant::now()).unwrap().check().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}
