//! The large practice's summaries: a signed discharge summary for everyone
//! who dropped out, and for the first member (by name) to complete each
//! finished group, as a clinician keeps them over the years.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::error::Result;
use crate::ids::PlaceId;
use crate::reports::summaries::{self, SummaryKind, SummaryText};
use crate::values::Timestamp;

pub(super) fn build(conn: &Connection, today: NaiveDate) -> Result<()> {
    let places: Vec<(PlaceId, bool)> = conn
        .prepare(
            "SELECT p.id, p.stage = 'dropped_out' FROM places p JOIN members m ON m.id = p.member_id
             WHERE p.stage = 'dropped_out'
                OR (p.stage = 'completed' AND m.sort_key = (
                    SELECT min(m2.sort_key) FROM places p2 JOIN members m2 ON m2.id = p2.member_id
                    WHERE p2.group_id = p.group_id AND p2.stage = 'completed'))
             ORDER BY p.left_on, p.id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let now = Timestamp::now();
    for (place, dropped) in places {
        let id = summaries::begin(conn, place, SummaryKind::Discharge, now)?;
        let text = if dropped {
            SummaryText {
                recipient: "Referring clinician".into(),
                summary: "Attended the first sessions and took part in the exercises, then could no longer attend at \
                          this time of day."
                    .into(),
                recommendations: "Offer a place in a later group at another time, or individual sessions.".into(),
                aftercare: "Referred back to the referring clinician; crisis line number given.".into(),
            }
        } else {
            SummaryText {
                recipient: "Referring clinician".into(),
                summary: "Completed the program, used the skills between sessions and rated their goals at or above \
                          the expected level by the end."
                    .into(),
                recommendations: "Keep practising the skills; a booster session in three months.".into(),
                aftercare: "Follow-up with the referring clinician; the practice's alumni group is open to them.".into(),
            }
        };
        summaries::save_draft(conn, id, &text, now)?;
        summaries::sign(conn, id, today, now)?;
    }
    Ok(())
}
