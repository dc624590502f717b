//! A member's agreement to their group's ground rules, recorded with the
//! date and the version agreed to. Final once recorded. When the rules
//! change, earlier agreements are shown as agreements to an older version.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::ids::{GroupId, PlaceId};
use crate::planning::calendar::parse_date;
use crate::roster::places::{self, Stage};
use crate::sentence;
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};

/// A recorded agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Agreement {
    pub place_id: PlaceId,
    pub version: u32,
    #[ts(type = "string")]
    pub agreed_on: NaiveDate,
}

/// The group's current ground-rules version: its row id and number.
fn current_version(conn: &Connection, group: GroupId) -> Result<(i64, u32)> {
    conn.prepare_cached(
        "SELECT id, version FROM ground_rule_versions WHERE group_id = ?1 ORDER BY version DESC LIMIT 1",
    )?
    .query_row([group], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()?
    .ok_or_else(|| Error::NotFound("This group has no ground rules yet.".into()))
}

/// Records that the person agreed, on `on`, to the group's current rules.
pub fn record(
    conn: &Connection,
    place: PlaceId,
    on: &str,
    today: NaiveDate,
    now: Timestamp,
) -> Result<Agreement> {
    let p = places::get(conn, place)?;
    if !matches!(p.stage, Stage::Consented | Stage::Waitlisted | Stage::Enrolled) {
        return Err(Error::validation(
            "stage",
            format!(
                "An agreement is recorded once someone has consented to join; this person is {}.",
                places::stage_words(p.stage)
            ),
        ));
    }
    let (version_id, version) = current_version(conn, p.group_id)?;
    let already: Option<NaiveDate> = conn
        .prepare_cached("SELECT agreed_on FROM agreements WHERE place_id = ?1 AND version_id = ?2")?
        .query_row(params![place, version_id], |r| r.get(0))
        .optional()?;
    if let Some(d) = already {
        return Err(Error::validation(
            "agreed_on",
            format!(
                "Their agreement to version {version} was recorded on {}.",
                sentence::date(d)
            ),
        ));
    }
    let d = parse_date("agreed_on", "The date of the agreement", on)?;
    if d > today {
        return Err(Error::validation(
            "agreed_on",
            "The date of the agreement cannot be in the future.",
        ));
    }
    if d < p.referred_on {
        return Err(Error::validation(
            "agreed_on",
            format!(
                "The date of the agreement cannot come before the referral ({}).",
                sentence::date(p.referred_on)
            ),
        ));
    }
    conn.prepare_cached(
        "INSERT INTO agreements (place_id, version_id, agreed_on, recorded_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![place, version_id, d, now])?;
    audit::append(
        conn,
        AuditEvent::AgreementRecorded,
        &format!("{place} version {version}"),
    )?;
    Ok(Agreement {
        place_id: place,
        version,
        agreed_on: d,
    })
}

/// Every agreement recorded in the group, newest version first per place:
/// one query.
pub fn of_group(conn: &Connection, group: GroupId) -> Result<Vec<Agreement>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.place_id, v.version, a.agreed_on FROM agreements a
         JOIN ground_rule_versions v ON v.id = a.version_id
         WHERE v.group_id = ?1 ORDER BY a.place_id, v.version DESC",
    )?;
    let rows = stmt.query_map([group], |r| {
        Ok(Agreement {
            place_id: r.get(0)?,
            version: r.get(1)?,
            agreed_on: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
