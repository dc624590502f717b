//! The Members directory: anyone found by any part of any name as you type.

use chrono::NaiveDate;
use rusqlite::{params_from_iter, Connection};
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::ids::MemberId;
use crate::roster::names;
use crate::roster::places::Stage;

/// One line of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MemberSummary {
    pub id: MemberId,
    pub legal_name: String,
    pub preferred_name: String,
    pub pronouns: String,
    #[ts(type = "string | null")]
    pub date_of_birth: Option<NaiveDate>,
    pub archived: bool,
    /// Groups they are on their way into or in now.
    pub open_places: u32,
    /// The group of their newest referral, and where they stand in it.
    pub latest_group: Option<String>,
    pub latest_stage: Option<Stage>,
}

/// How many words of a search are used; more narrow nothing further in practice.
const MAX_WORDS: usize = 6;

/// The directory: members whose names hold every word of `query` (any part
/// of any name, case and accents aside), in name order, at most `limit`.
/// An empty query lists the directory from the top.
pub fn search(
    conn: &Connection,
    query: &str,
    include_archived: bool,
    limit: u32,
) -> Result<Vec<MemberSummary>> {
    let words: Vec<String> = names::query_words(query).into_iter().take(MAX_WORDS).collect();
    let mut sql = String::from(
        "SELECT m.id, m.legal_name, m.preferred_name, m.pronouns, m.date_of_birth, m.archived,
            (SELECT count(*) FROM places p WHERE p.member_id = m.id
             AND p.stage IN ('referred', 'screened', 'consented', 'waitlisted', 'enrolled')),
            g.name, lp.stage
         FROM members m
         LEFT JOIN places lp ON lp.id = (SELECT p.id FROM places p WHERE p.member_id = m.id
                                         ORDER BY p.referred_on DESC, p.rowid DESC LIMIT 1)
         LEFT JOIN groups g ON g.id = lp.group_id
         WHERE m.archived IN (0, ?1)",
    );
    for i in 0..words.len() {
        sql.push_str(&format!(" AND instr(m.search_key, ?{}) > 0", i + 3));
    }
    sql.push_str(" ORDER BY m.archived, m.sort_key LIMIT ?2");
    let mut args: Vec<rusqlite::types::Value> = vec![(include_archived as i64).into(), (limit as i64).into()];
    args.extend(words.into_iter().map(rusqlite::types::Value::from));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), |r| {
        Ok(MemberSummary {
            id: r.get(0)?,
            legal_name: r.get(1)?,
            preferred_name: r.get(2)?,
            pronouns: r.get(3)?,
            date_of_birth: r.get(4)?,
            archived: r.get::<_, i64>(5)? != 0,
            open_places: r.get(6)?,
            latest_group: r.get(7)?,
            latest_stage: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
