//! A member's progress in one group, as its page shows it: who and where,
//! their goals with every version, the charts' data, every result entered
//! (voided ones marked) and any risk still to respond to. One read.

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::progress::{self, MemberProgress};
use super::results::{self, MeasureResult, MeasureRisk};
use crate::error::Result;
use crate::goals::setting::{self, Goal};
use crate::ids::PlaceId;
use crate::roster::places::{self, Place};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProgressPage {
    pub place: Place,
    pub name: String,
    pub group_name: String,
    pub goals: Vec<Goal>,
    pub progress: MemberProgress,
    pub results: Vec<MeasureResult>,
    pub risks: Vec<MeasureRisk>,
}

pub fn progress_page(conn: &Connection, place: PlaceId) -> Result<ProgressPage> {
    let p = places::get(conn, place)?;
    let (legal, preferred, group_name): (String, String, String) = conn
        .prepare_cached(
            "SELECT m.legal_name, m.preferred_name, g.name FROM members m, groups g WHERE m.id = ?1 AND g.id = ?2",
        )?
        .query_row(rusqlite::params![p.member_id, p.group_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let risks = results::open_risks(conn, Some(p.member_id))?
        .into_iter()
        .filter(|r| r.place_id == place)
        .collect();
    Ok(ProgressPage {
        name: crate::roster::names::goes_by(&legal, &preferred).to_string(),
        group_name,
        goals: setting::goals_of_place(conn, place)?,
        progress: progress::member_progress(conn, place)?,
        results: results::of_place(conn, place)?,
        risks,
        place: p,
    })
}
