//! Helpers for the goals and measures tests.

use std::time::Instant;

use cohort::goals::setting::{GoalWording, NewGoal};
use cohort::goals::GoalMeasure;
use cohort::measures::results::ResultInput;
use cohort::measures::InstrumentId;

/// A group of four.
pub const FOUR: [&str; 4] = ["Ana Ruiz", "Ben Cole", "Cara Diaz", "Dev Shah"];

pub fn gas() -> NewGoal {
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

pub fn rating() -> NewGoal {
    NewGoal {
        measured_by: GoalMeasure::Rating,
        wording: GoalWording {
            statement: "Use the breathing exercise when anxious at work, three times a week".into(),
            ..Default::default()
        },
        set_on: "2026-10-27".into(),
    }
}

pub fn sql_error(s: &mut cohort::VaultAccess, statement: &str) -> String {
    s.act(Instant::now(), |tx| Ok(tx.execute_batch(statement)))
        .unwrap()
        .unwrap_err()
        .to_string()
}

pub fn phq9(answers: [Option<i64>; 9], on: &str) -> ResultInput {
    ResultInput {
        instrument_id: InstrumentId("phq9".into()),
        session_id: None,
        taken_on: on.into(),
        answers: answers.to_vec(),
    }
}
