//! Goals and measures: goals set, revised (the earlier wording kept), rated
//! at sessions the member attended and ended; PHQ-9 entered item by item,
//! scored and banded; invalid scores (an item of 4, a missing item, a GAS
//! of +3) refused by the core and by the database with nothing half-saved;
//! results final; risk on item 9 answered.

mod common;

use std::time::Instant;

use cohort::goals::ratings::{self, RatingInput};
use cohort::goals::setting::{self, GoalWording, NewGoal};
use cohort::goals::{GoalMeasure, GoalStatus};
use cohort::measures::results::{self, ResultInput};
use cohort::measures::InstrumentId;
use cohort::ErrorCode;
use common::roster::today;
use common::sessions::*;
use common::*;

const FOUR: [&str; 4] = ["Ana Ruiz", "Ben Cole", "Cara Diaz", "Dev Shah"];

fn gas() -> NewGoal {
    NewGoal {
        measured_by: GoalMeasure::Gas,
        wording: GoalWording {
            statement: "Walk for 20 minutes on three days each week by the end of the group".into(),
            baseline: "Walks once a fortnight".into(),
            target: "Three walks a week".into(),
            how_measured: "Activity log, reviewed in the group".into(),
            gas_levels: [
                "No walks",
                "One walk a week",
                "Two walks a week",
                "Three walks a week",
                "Four or more",
            ]
            .map(String::from)
            .to_vec(),
        },
        set_on: "2026-10-27".into(),
    }
}

fn rating() -> NewGoal {
    NewGoal {
        measured_by: GoalMeasure::Rating,
        wording: GoalWording {
            statement: "Use the breathing exercise when anxious at work, three times a week".into(),
            ..Default::default()
        },
        set_on: "2026-10-27".into(),
    }
}

fn sql_error(s: &mut cohort::VaultAccess, statement: &str) -> String {
    s.act(Instant::now(), |tx| Ok(tx.execute_batch(statement)))
        .unwrap()
        .unwrap_err()
        .to_string()
}

#[test]
fn goals_are_set_revised_with_the_earlier_version_kept_rated_and_ended() {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &FOUR);
    hold_with(&mut s, &r, 1, &[("Dev Shah", "absent_excused", None)]);
    let ana = r.place("Ana Ruiz");
    let walk = s
        .act(Instant::now(), |tx| {
            setting::set_goal(tx, ana, &gas(), today(), at("10:00:00"))
        })
        .unwrap();
    let breathe = s
        .act(Instant::now(), |tx| {
            setting::set_goal(tx, ana, &rating(), today(), at("10:00:00"))
        })
        .unwrap();

    // A GAS goal needs its five levels; a third goal is fine, a fourth is not.
    let mut bad = gas();
    bad.wording.gas_levels.pop();
    let e = s
        .act(Instant::now(), |tx| {
            setting::set_goal(tx, ana, &bad, today(), at("10:00:00"))
        })
        .unwrap_err();
    assert_eq!(e.field(), Some("gas_levels"));
    s.act(Instant::now(), |tx| {
        setting::set_goal(tx, ana, &rating(), today(), at("10:00:00"))
    })
    .unwrap();
    let e = s
        .act(Instant::now(), |tx| {
            setting::set_goal(tx, ana, &rating(), today(), at("10:00:00"))
        })
        .unwrap_err();
    assert!(e.to_string().contains("already has 3 active goals"), "{e}");

    // Rated at session 1 in a few keys: a GAS of +3 is refused, nothing saved.
    let refused = s
        .act(Instant::now(), |tx| {
            ratings::rate(
                tx,
                r.session(1),
                &[
                    RatingInput {
                        goal_id: breathe,
                        value: 6,
                    },
                    RatingInput {
                        goal_id: walk,
                        value: 3,
                    },
                ],
                at("19:40:00"),
            )
        })
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Validation);
    assert!(
        refused
            .to_string()
            .contains("a GAS rating is from −2 to +2 (+3 was entered)"),
        "{refused}"
    );
    let sheet = s
        .read(Instant::now(), |c| ratings::session_goals(c, r.session(1)))
        .unwrap();
    assert!(
        sheet.iter().flat_map(|m| &m.goals).all(|g| g.value.is_none()),
        "nothing half-saved"
    );
    assert!(
        sheet.iter().all(|m| m.name != "Dev Shah"),
        "only those who attended"
    );
    s.act(Instant::now(), |tx| {
        ratings::rate(
            tx,
            r.session(1),
            &[
                RatingInput {
                    goal_id: breathe,
                    value: 6,
                },
                RatingInput {
                    goal_id: walk,
                    value: -1,
                },
            ],
            at("19:40:00"),
        )
    })
    .unwrap();

    // The database refuses a GAS of +3, a rating of 11, and a rating for someone absent.
    assert!(sql_error(
        &mut s,
        &format!("UPDATE goal_ratings SET value = 3 WHERE goal_id = '{}'", walk.0)
    )
    .contains("a GAS rating is from -2 to +2"));
    let dev = r.place("Dev Shah");
    let devs = s
        .act(Instant::now(), |tx| {
            setting::set_goal(tx, dev, &rating(), today(), at("10:00:00"))
        })
        .unwrap();
    assert!(sql_error(
        &mut s,
        &format!(
            "INSERT INTO goal_ratings (goal_id, session_id, value, version, recorded_at)
         VALUES ('{}', '{}', 5, 1, '2026-11-24T10:00:00.000Z')",
            devs.0,
            r.session(1).0
        )
    )
    .contains("sessions the member attended"));

    // Revised: the earlier wording is kept and the rating stays with it.
    let mut w = gas().wording;
    w.statement = "Walk for 30 minutes on three days each week by the end of the group".into();
    s.act(Instant::now(), |tx| {
        setting::revise(
            tx,
            walk,
            &w,
            "Twenty minutes came easily.",
            "2026-11-10",
            today(),
            at("10:05:00"),
        )
    })
    .unwrap();
    let g = s.read(Instant::now(), |c| setting::goal(c, walk)).unwrap();
    assert_eq!(g.versions.len(), 2);
    assert!(g.current().statement.contains("30 minutes"));
    assert!(g.versions[1].statement.contains("20 minutes"));
    let sheet = s
        .read(Instant::now(), |c| ratings::session_goals(c, r.session(1)))
        .unwrap();
    let rated = sheet
        .iter()
        .flat_map(|m| &m.goals)
        .find(|x| x.goal_id == walk)
        .unwrap();
    assert!(
        rated.statement.contains("20 minutes"),
        "rated against the wording of the day"
    );
    assert_eq!(rated.value, Some(-1));
    assert!(sql_error(
        &mut s,
        &format!("DELETE FROM goal_versions WHERE goal_id = '{}'", walk.0)
    )
    .contains("earlier wording is kept"));

    // Achieved, with a date: final.
    s.act(Instant::now(), |tx| {
        setting::end_goal(
            tx,
            walk,
            GoalStatus::Achieved,
            "2026-11-20",
            "Walks four times a week.",
            today(),
            at("10:10:00"),
        )
    })
    .unwrap();
    let e = s
        .act(Instant::now(), |tx| {
            setting::revise(tx, walk, &w, "", "2026-11-21", today(), at("10:11:00"))
        })
        .unwrap_err();
    assert!(e.to_string().contains("achieved"), "{e}");
    assert!(sql_error(
        &mut s,
        &format!(
            "UPDATE goals SET status = 'active', ended_on = NULL WHERE id = '{}'",
            walk.0
        )
    )
    .contains("final"));
    assert!(
        sql_error(&mut s, &format!("DELETE FROM goals WHERE id = '{}'", walk.0)).contains("goals are kept")
    );
    let goals = s
        .read(Instant::now(), |c| setting::goals_of_place(c, ana))
        .unwrap();
    assert_eq!(goals.len(), 3);
    assert_eq!(
        goals.last().unwrap().status,
        GoalStatus::Achieved,
        "ended goals after the active ones"
    );
}

fn phq9(answers: [Option<i64>; 9], on: &str) -> ResultInput {
    ResultInput {
        instrument_id: InstrumentId("phq9".into()),
        session_id: None,
        taken_on: on.into(),
        answers: answers.to_vec(),
    }
}

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
