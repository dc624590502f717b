//! The demo group's first four sessions, held: attendance with some late
//! and one leaving early; Ørjan missed two in a row and was followed up
//! (his alert is cleared); Tomás missed sessions 3 and 4 and is waiting
//! for a follow-up (an open alert); Dan missed them too, then dropped out.

use chrono::{Days, NaiveDate};
use rusqlite::Connection;

use super::roster::dan_drops_out;
use crate::error::{Error, Result};
use crate::ids::{GroupId, PlaceId};
use crate::planning::groups::GroupStatus;
use crate::planning::program;
use crate::practice;
use crate::roster::group_roster;
use crate::roster::places;
use crate::sessions::alerts::{self, FollowUpInput, FollowUpMethod};
use crate::sessions::attendance::{self, MarkInput};
use crate::sessions::run;
use crate::values::Timestamp;

/// (session number, legal name, mark, minutes) — everyone else was present.
const MARKS: &[(u32, &str, &str, Option<i64>)] = &[
    (2, "Mary-Jane Okoro", "late", Some(10)),
    (2, "Ørjan Hæstad", "absent_excused", None),
    (3, "Aisha Rahman", "left_early", Some(20)),
    (3, "Ørjan Hæstad", "absent_unexcused", None),
    (3, "Tomás Ferreira", "absent_unexcused", None),
    (3, "Daniel Kowalczyk", "absent_unexcused", None),
    (4, "José Núñez", "late", Some(5)),
    (4, "Tomás Ferreira", "absent_unexcused", None),
    (4, "Daniel Kowalczyk", "absent_unexcused", None),
];

pub(super) fn build(conn: &Connection, group: GroupId, today: NaiveDate) -> Result<()> {
    practice::groups::set_status(
        conn,
        group,
        GroupStatus::Active,
        Some(places::enrolled_count(conn, group)?),
        Timestamp::now(),
    )?;
    let roster = group_roster::roster(conn, group, today)?;
    let place = |name: &str| -> Result<PlaceId> {
        roster
            .entries
            .iter()
            .find(|e| e.legal_name == name)
            .map(|e| e.place.id)
            .ok_or_else(|| Error::Internal(format!("the demo roster has no {name}")))
    };
    let held: Vec<_> = program::sessions(conn, group)?
        .into_iter()
        .filter(|s| s.date < today)
        .collect();
    for s in &held {
        run::record_held(conn, s.id, today, None, Timestamp::now())?;
        let marks: Vec<MarkInput> = attendance::expected(conn, s.id)?
            .into_iter()
            .map(|e| {
                let (status, minutes) = MARKS
                    .iter()
                    .find(|m| m.0 == s.number && m.1 == e.legal_name)
                    .map(|m| (m.2, m.3))
                    .unwrap_or(("present", None));
                MarkInput {
                    place_id: e.place_id,
                    status: status.into(),
                    minutes,
                }
            })
            .collect();
        attendance::save_sheet(conn, s.id, &marks, Timestamp::now())?;
    }
    // Ørjan was phoned two days after missing session 3.
    if let Some(third) = held.iter().find(|s| s.number == 3) {
        alerts::record_follow_up(
            conn,
            place("Ørjan Hæstad")?,
            &FollowUpInput {
                session_id: third.id,
                followed_up_on: (third.date + Days::new(2)).to_string(),
                method: FollowUpMethod::Phone,
                outcome:
                    "Work travel that week. Plans to attend every session from now on; asked for the handout."
                        .into(),
            },
            today,
            Timestamp::now(),
        )?;
    }
    dan_drops_out(conn, place("Daniel Kowalczyk")?, today)
}
