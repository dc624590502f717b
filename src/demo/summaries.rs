//! The demo's summaries: Dan's discharge summary, signed after he dropped
//! out, and a progress summary for José's referring doctor, still a draft.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::error::Result;
use crate::ids::{GroupId, PlaceId};
use crate::reports::summaries::{self, SummaryKind, SummaryText};
use crate::values::Timestamp;

fn place_of(conn: &Connection, group: GroupId, legal_name: &str) -> Result<PlaceId> {
    Ok(conn.query_row(
        "SELECT p.id FROM places p JOIN members m ON m.id = p.member_id WHERE p.group_id = ?1 AND m.legal_name = ?2",
        rusqlite::params![group, legal_name],
        |r| r.get(0),
    )?)
}

pub(super) fn build(conn: &Connection, group: GroupId, today: NaiveDate) -> Result<()> {
    let now = Timestamp::now();
    let dan = place_of(conn, group, "Daniel Kowalczyk")?;
    let id = summaries::begin(conn, dan, SummaryKind::Discharge, now)?;
    summaries::save_draft(
        conn,
        id,
        &SummaryText {
            recipient: "Community mental health team".into(),
            summary: "Dan took part actively in the first two sessions and began the activity log. He then \
                      missed two sessions and left the group when he started a new job with evening shifts."
                .into(),
            recommendations: "An individual CBT course at a time that fits his shifts; he was interested in \
                              continuing the activity scheduling he began."
                .into(),
            aftercare:
                "Referred back to the community mental health team. He has the crisis line number and \
                        knows he may join a later group."
                    .into(),
        },
        now,
    )?;
    summaries::sign(conn, id, today, now)?;
    let jose = place_of(conn, group, "José Núñez")?;
    let id = summaries::begin(conn, jose, SummaryKind::Progress, now)?;
    summaries::save_draft(
        conn,
        id,
        &SummaryText {
            recipient: "Dr. Patel, primary care".into(),
            summary: "José has attended every session so far and uses the thought record between sessions."
                .into(),
            recommendations: String::new(),
            aftercare: String::new(),
        },
        now,
    )?;
    Ok(())
}
