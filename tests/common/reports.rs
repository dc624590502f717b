//! The program worked by hand that the report tests share, and the
//! independent readers of what they save (pdftotext, Python's csv).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use chrono::NaiveDate;
use cohort::planning::reschedule;
use cohort::reports::{self, ReportFormat, ReportRequest};
use cohort::roster::places::{self, LeavingKind};
use cohort::sessions::attendance::{self, MarkInput};
use cohort::sessions::run;
use cohort::values::Timestamp;
use cohort::VaultAccess;

use super::sessions::*;
use super::*;

pub const JOSE: &str = "José Núñez";
pub const ALEKSEI: &str = "Алексей Смирнов";
pub const MARY: &str = "Mary-Kate O'Neil";
pub const ANA: &str = "Ana Ruiz";
pub const BEN: &str = "Ben Cole";

/// Far enough on that every session of the program is in the past.
pub fn later() -> NaiveDate {
    day("2027-02-01")
}

/// Holds a session (recorded as held) with these marks; anyone expected and
/// not listed has no mark.
fn hold(s: &mut VaultAccess, session: cohort::ids::SessionId, marks: &[(PlaceIdOf, &str, Option<i64>)]) {
    s.act(Instant::now(), |tx| {
        run::record_held(tx, session, later(), None, Timestamp::now())?;
        let sheet: Vec<MarkInput> = marks
            .iter()
            .map(|(p, status, minutes)| MarkInput {
                place_id: *p,
                status: (*status).into(),
                minutes: *minutes,
            })
            .collect();
        attendance::save_sheet(tx, session, &sheet, Timestamp::now())
    })
    .unwrap();
}

pub type PlaceIdOf = cohort::ids::PlaceId;

pub struct Worked {
    pub tv: TestVault,
    pub s: VaultAccess,
    pub r: Running,
    pub ben: PlaceIdOf,
    pub makeup: cohort::ids::SessionId,
}

/// The program worked by hand (sessions weekly from Tuesday 27 Oct 2026):
///
/// | session | José | Алексей | Mary-Kate | Ana | Ben |
/// | 1 | late 10 | present | present | present | (not joined) |
/// | 2 | present | excused | present | present | (not joined) |
/// | 3 | present | present | left 15 | present | present |
/// | 4 | cancelled, made up as session 13 |
/// | 5 | present | present | present | absent | present |
/// | 6 | present | late 5 | present | present | present |
/// | 7 | present | present | absent | (had left) | present |
/// | 8 | present | present | present | (had left) | not recorded |
/// | 13 | excused | present | absent | (had left) | present |
pub fn worked() -> Worked {
    worked_with(|_, _| {})
}

/// The worked program, with `before_ana_leaves` run after session 6 is held
/// and before Ana drops out.
pub fn worked_with(before_ana_leaves: impl FnOnce(&mut VaultAccess, &Running)) -> Worked {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &[JOSE, ALEKSEI, MARY, ANA]);
    let now = Instant::now();
    // Ben joins the day before session 3.
    let ben = s
        .act(now, |tx| {
            let p = consented(tx, r.group, BEN, ["2026-11-01", "2026-11-02", "2026-11-03"])?;
            places::enrol(tx, p, "2026-11-09", super::roster::today(), Timestamp::now())?;
            Ok(p)
        })
        .unwrap();
    let outcome = s
        .act(now, |tx| reschedule::cancel_session(tx, r.session(4), true))
        .unwrap();
    assert!(!outcome.notes.is_empty(), "a make-up was added");
    let makeup = s
        .read(now, |c| cohort::planning::program::sessions(c, r.group))
        .unwrap()
        .into_iter()
        .find(|x| x.makeup_for == Some(4))
        .expect("the make-up session")
        .id;
    let (jose, aleksei, mary, ana) = (r.place(JOSE), r.place(ALEKSEI), r.place(MARY), r.place(ANA));
    let p = "present";
    hold(
        &mut s,
        r.session(1),
        &[
            (jose, "late", Some(10)),
            (aleksei, p, None),
            (mary, p, None),
            (ana, p, None),
        ],
    );
    hold(
        &mut s,
        r.session(2),
        &[
            (jose, p, None),
            (aleksei, "absent_excused", None),
            (mary, p, None),
            (ana, p, None),
        ],
    );
    hold(
        &mut s,
        r.session(3),
        &[
            (jose, p, None),
            (aleksei, p, None),
            (mary, "left_early", Some(15)),
            (ana, p, None),
            (ben, p, None),
        ],
    );
    hold(
        &mut s,
        r.session(5),
        &[
            (jose, p, None),
            (aleksei, p, None),
            (mary, p, None),
            (ana, "absent_unexcused", None),
            (ben, p, None),
        ],
    );
    hold(
        &mut s,
        r.session(6),
        &[
            (jose, p, None),
            (aleksei, "late", Some(5)),
            (mary, p, None),
            (ana, p, None),
            (ben, p, None),
        ],
    );
    before_ana_leaves(&mut s, &r);
    // Ana drops out the day after session 6.
    s.act(now, |tx| {
        cohort::practice::leaving::leave(
            tx,
            ana,
            &places::Leaving {
                kind: LeavingKind::DroppedOut,
                on: "2026-12-02".into(),
                reason: "Moved away".into(),
                transferred_to: String::new(),
            },
            later(),
            Timestamp::now(),
        )
    })
    .unwrap();
    hold(
        &mut s,
        r.session(7),
        &[
            (jose, p, None),
            (aleksei, p, None),
            (mary, "absent_unexcused", None),
            (ben, p, None),
        ],
    );
    hold(
        &mut s,
        r.session(8),
        &[(jose, p, None), (aleksei, p, None), (mary, p, None)],
    );
    hold(
        &mut s,
        makeup,
        &[
            (jose, "absent_excused", None),
            (aleksei, p, None),
            (mary, "absent_unexcused", None),
            (ben, p, None),
        ],
    );
    Worked {
        tv,
        s,
        r,
        ben,
        makeup,
    }
}

pub fn save(s: &mut VaultAccess, request: &ReportRequest, format: ReportFormat, path: &Path) {
    s.act(Instant::now(), |tx| {
        reports::save(tx, request, format, path, true, Timestamp::now())
    })
    .unwrap();
}

pub fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by make test");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Rows of a CSV file as Python's csv module reads them.
pub fn python_csv(path: &Path) -> Vec<Vec<String>> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import csv, json, sys\nwith open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n    print(json.dumps(list(csv.reader(f))))",
        ])
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A goal set on the program's first day, with its ratings at sessions.
fn goal(
    tx: &rusqlite::Connection,
    place: PlaceIdOf,
    measured_by: cohort::goals::GoalMeasure,
    statement: &str,
    ratings: &[(cohort::ids::SessionId, i64)],
) -> cohort::Result<cohort::ids::GoalId> {
    use cohort::goals::ratings::{self, RatingInput};
    use cohort::goals::setting::{self, GoalWording, NewGoal};
    let gas = measured_by == cohort::goals::GoalMeasure::Gas;
    let id = setting::set_goal(
        tx,
        place,
        &NewGoal {
            measured_by,
            wording: GoalWording {
                statement: statement.into(),
                gas_levels: if gas {
                    ["Never", "Once", "Twice", "Three times", "Four times"]
                        .map(String::from)
                        .to_vec()
                } else {
                    Vec::new()
                },
                ..Default::default()
            },
            set_on: "2026-10-27".into(),
        },
        later(),
        Timestamp::now(),
    )?;
    for (session, value) in ratings {
        ratings::rate(
            tx,
            *session,
            &[RatingInput {
                goal_id: id,
                value: *value,
            }],
            Timestamp::now(),
        )?;
    }
    Ok(id)
}

/// A PHQ-9 with these answers (item 9 left at 0: no risk raised).
fn phq9(
    tx: &rusqlite::Connection,
    place: PlaceIdOf,
    session: cohort::ids::SessionId,
    taken_on: &str,
    answers: [i64; 9],
) -> cohort::Result<()> {
    use cohort::measures::results::{self, ResultInput};
    use cohort::measures::InstrumentId;
    results::enter(
        tx,
        place,
        &ResultInput {
            instrument_id: InstrumentId(InstrumentId::PHQ9.into()),
            session_id: Some(session),
            taken_on: taken_on.into(),
            answers: answers.iter().map(|a| Some(*a)).collect(),
        },
        later(),
        Timestamp::now(),
    )?;
    Ok(())
}

/// The worked program signed by Dana Reyes, with goals and PHQ-9s entered
/// before Ana leaves:
///
/// | member | goals (ratings at sessions 1, 3, 6) | PHQ-9 at 1 → 6 |
/// | Ana | GAS −1, 0, +1, then achieved | 18 → 9 (reliable improvement) |
/// | José | GAS −2 → 0 and GAS −2 → −1 | 10 → 12 (no reliable change) |
/// | Mary-Kate | 0–10 rating 3 → 5 | – |
/// | Алексей | – | 14 at session 1 only |
///
/// GAS T-scores (ρ = 0.3): Ana 50 + 10·1/√1 = 60; José 50 + 10·(−1)/√2.6
/// = 43.80; their mean 51.90.
pub fn progressed() -> (Worked, PlaceIdOf) {
    use cohort::goals::{setting, GoalMeasure, GoalStatus};
    let w = worked_with(|s, r| {
        let (ana, jose, mary, aleksei) = (r.place(ANA), r.place(JOSE), r.place(MARY), r.place(ALEKSEI));
        let (s1, s3, s6) = (r.session(1), r.session(3), r.session(6));
        s.act(Instant::now(), |tx| {
            cohort::settings::save_profile(
                tx,
                &cohort::settings::ClinicianProfile {
                    full_name: "Dana Reyes".into(),
                    credentials: "LCSW".into(),
                    ..Default::default()
                },
                Timestamp::now(),
            )?;
            let walk = goal(
                tx,
                ana,
                GoalMeasure::Gas,
                "Walk for 20 minutes on three days each week",
                &[(s1, -1), (s3, 0), (s6, 1)],
            )?;
            setting::end_goal(
                tx,
                walk,
                GoalStatus::Achieved,
                "2026-12-01",
                "Walking most days.",
                later(),
                Timestamp::now(),
            )?;
            goal(
                tx,
                jose,
                GoalMeasure::Gas,
                "Speak up once in each session",
                &[(s1, -2), (s6, 0)],
            )?;
            goal(
                tx,
                jose,
                GoalMeasure::Gas,
                "Use the thought record twice a week",
                &[(s1, -2), (s6, -1)],
            )?;
            goal(
                tx,
                mary,
                GoalMeasure::Rating,
                "Rate my mood each evening",
                &[(s1, 3), (s6, 5)],
            )?;
            phq9(tx, ana, s1, "2026-10-27", [2, 2, 2, 2, 2, 2, 3, 3, 0])?;
            phq9(tx, ana, s6, "2026-12-01", [1, 1, 1, 1, 1, 1, 1, 2, 0])?;
            phq9(tx, jose, s1, "2026-10-27", [1, 1, 1, 1, 1, 1, 2, 2, 0])?;
            phq9(tx, jose, s6, "2026-12-01", [2, 2, 1, 1, 1, 1, 2, 2, 0])?;
            phq9(tx, aleksei, s1, "2026-10-27", [2, 2, 2, 2, 2, 2, 1, 1, 0])?;
            Ok(())
        })
        .unwrap();
    });
    let ana = w.r.place(ANA);
    (w, ana)
}
