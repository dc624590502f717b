//! Goals: set for enrolled members (at most three active), revised with the
//! earlier wording kept, rated at sessions the member attended in a few keys
//! (a GAS of +3 refused by the core and the database, nothing half-saved),
//! achieved or discontinued and final after.

mod common;

use std::time::Instant;

use cohort::goals::ratings::{self, RatingInput};
use cohort::goals::setting;
use cohort::goals::GoalStatus;
use cohort::ErrorCode;
use common::goals::*;
use common::roster::today;
use common::sessions::*;
use common::*;

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
