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
