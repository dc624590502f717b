//! A person's place in one group, step by dated step: referred → screened
//! → consented → enrolled (or waitlisted, then enrolled) → completed,
//! dropped out or transferred. A screening that is not "suitable" ends the
//! path and keeps its reason; so does withdrawing before enrolment.
//!
//! Capacity is enforced here and by the database: enrolling beyond it is
//! refused with the waitlist offered. A closed group refuses enrolment
//! after its closing session. A place is never deleted.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::ids::{GroupId, MemberId, PlaceId};
use crate::planning::calendar::parse_date;
use crate::planning::groups::{GroupStatus, Membership};
use crate::sentence;
use crate::values::text_enum;
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};

text_enum!(
    /// Where a person is on their path into and out of a group.
    Stage {
        Referred,
        Screened,
        Consented,
        Waitlisted,
        Enrolled,
        Completed,
        DroppedOut,
        Transferred,
        /// The screening found the group not right for them (or not yet).
        NotSuitable,
        /// They withdrew before enrolling.
        Withdrawn,
    }
);

impl Stage {
    /// Still on the path: not completed, left, found not suitable or withdrawn.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Stage::Referred | Stage::Screened | Stage::Consented | Stage::Waitlisted | Stage::Enrolled
        )
    }
}

text_enum!(
    /// What the pre-group interview concluded.
    ScreeningOutcome {
        Suitable,
        NotSuitable,
        /// Needs individual therapy first.
        IndividualFirst,
    }
);

text_enum!(
    /// How a person leaves a group (or the path into it).
    LeavingKind {
        Completed,
        DroppedOut,
        Transferred,
        Withdrawn,
    }
);

/// How and when someone leaves, as typed.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Leaving {
    pub kind: LeavingKind,
    /// YYYY-MM-DD.
    pub on: String,
    /// Why they dropped out or withdrew (required for a dropout).
    pub reason: String,
    /// Where they were transferred or referred to (required for a transfer).
    pub transferred_to: String,
}

/// One place as recorded, with every step's date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Place {
    pub id: PlaceId,
    pub member_id: MemberId,
    pub group_id: GroupId,
    pub stage: Stage,
    #[ts(type = "string")]
    pub referred_on: NaiveDate,
    pub referral_source: String,
    #[ts(type = "string | null")]
    pub screened_on: Option<NaiveDate>,
    pub screening_outcome: Option<ScreeningOutcome>,
    pub screening_notes: String,
    #[ts(type = "string | null")]
    pub consented_on: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub waitlisted_on: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub offer_skipped_on: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub enrolled_on: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub left_on: Option<NaiveDate>,
    pub left_reason: String,
    pub transferred_to: String,
}

/// The columns `place_from_row` reads, in order (table alias `p`).
pub(crate) const PLACE_COLUMNS: &str = "p.id, p.member_id, p.group_id, p.stage, p.referred_on, p.referral_source,
    p.screened_on, p.screening_outcome, p.screening_notes, p.consented_on, p.waitlisted_on, p.offer_skipped_on,
    p.enrolled_on, p.left_on, p.left_reason, p.transferred_to";

pub(crate) fn place_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Place> {
    Ok(Place {
        id: r.get(0)?,
        member_id: r.get(1)?,
        group_id: r.get(2)?,
        stage: r.get(3)?,
        referred_on: r.get(4)?,
        referral_source: r.get(5)?,
        screened_on: r.get(6)?,
        screening_outcome: r.get(7)?,
        screening_notes: r.get(8)?,
        consented_on: r.get(9)?,
        waitlisted_on: r.get(10)?,
        offer_skipped_on: r.get(11)?,
        enrolled_on: r.get(12)?,
        left_on: r.get(13)?,
        left_reason: r.get(14)?,
        transferred_to: r.get(15)?,
    })
}

/// How many members are enrolled in the group now.
pub fn enrolled_count(conn: &Connection, group: GroupId) -> Result<u32> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM places WHERE group_id = ?1 AND stage = 'enrolled'")?
        .query_row([group], |r| r.get(0))?)
}

/// How many people were ever referred to the group, whatever became of them.
pub fn referred_count(conn: &Connection, group: GroupId) -> Result<u32> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM places WHERE group_id = ?1")?
        .query_row([group], |r| r.get(0))?)
}

/// Each group's enrolled and waiting, in one grouped pass (on `places_by_group`).
pub fn counts_by_group(conn: &Connection) -> Result<std::collections::HashMap<GroupId, (u32, u32)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT group_id, sum(stage = 'enrolled'), sum(stage = 'waitlisted')
         FROM places WHERE stage IN ('enrolled', 'waitlisted') GROUP BY group_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: PlaceId) -> Result<Place> {
    conn.prepare_cached(&format!("SELECT {PLACE_COLUMNS} FROM places p WHERE p.id = ?1"))?
        .query_row([id], place_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound("That place in the group no longer exists.".into()))
}

/// The person's name as the clinician uses it, for messages.
fn name_of(conn: &Connection, member: MemberId) -> Result<String> {
    let (legal, preferred): (String, String) = conn
        .prepare_cached("SELECT legal_name, preferred_name FROM members WHERE id = ?1")?
        .query_row([member], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::NotFound("That member no longer exists.".into()))?;
    Ok(crate::roster::names::goes_by(&legal, &preferred).to_string())
}

/// A typed date for a step: real, not before `earliest`, not after today.
fn step_date(
    field: &str,
    label: &str,
    typed: &str,
    earliest: Option<(NaiveDate, &str)>,
    today: NaiveDate,
) -> Result<NaiveDate> {
    let d = parse_date(field, label, typed)?;
    if d > today {
        return Err(Error::validation(
            field,
            format!("{label} cannot be in the future."),
        ));
    }
    if let Some((e, what)) = earliest {
        if d < e {
            return Err(Error::validation(
                field,
                format!("{label} cannot come before {what} ({}).", sentence::date(e)),
            ));
        }
    }
    Ok(d)
}

fn wrong_stage(p: &Place, name: &str, wanted: &str) -> Error {
    Error::validation(
        "stage",
        format!("{name} is {}, so {wanted}.", stage_words(p.stage)),
    )
}

/// How a stage reads in a sentence.
pub fn stage_words(s: Stage) -> &'static str {
    match s {
        Stage::Referred => "referred and not yet screened",
        Stage::Screened => "screened and has not consented yet",
        Stage::Consented => "ready to enrol",
        Stage::Waitlisted => "on the waitlist",
        Stage::Enrolled => "enrolled",
        Stage::Completed => "finished with the group",
        Stage::DroppedOut => "no longer in the group (dropped out)",
        Stage::Transferred => "no longer in the group (transferred)",
        Stage::NotSuitable => "not joining after the screening",
        Stage::Withdrawn => "no longer joining (withdrew)",
    }
}

/// Refers a member to a group: the first step of their place in it.
pub fn refer(
    conn: &Connection,
    group: GroupId,
    member: MemberId,
    on: &str,
    source: &str,
    today: NaiveDate,
    now: Timestamp,
) -> Result<PlaceId> {
    let (status, archived): (GroupStatus, bool) = conn
        .prepare_cached("SELECT status, archived FROM groups WHERE id = ?1")?
        .query_row([group], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0)))
        .optional()?
        .ok_or_else(|| Error::NotFound("That group no longer exists.".into()))?;
    if archived || matches!(status, GroupStatus::Completed | GroupStatus::Cancelled) {
        return Err(Error::validation(
            "group",
            "This group has ended; refer the person to another group.",
        ));
    }
    let name = name_of(conn, member)?;
    let open: Option<Place> = conn
        .prepare_cached(&format!(
            "SELECT {PLACE_COLUMNS} FROM places p WHERE p.group_id = ?1 AND p.member_id = ?2
             AND p.stage IN ('referred', 'screened', 'consented', 'waitlisted', 'enrolled')"
        ))?
        .query_row(params![group, member], place_from_row)
        .optional()?;
    if let Some(p) = open {
        return Err(Error::validation(
            "member",
            format!(
                "{name} already has a place in this group: {}.",
                stage_words(p.stage)
            ),
        ));
    }
    let source = source.trim();
    if source.chars().count() > 200 {
        return Err(Error::validation(
            "referral_source",
            "The referral source can be at most 200 characters.",
        ));
    }
    let on = step_date("referred_on", "The referral date", on, None, today)?;
    let id = PlaceId::new();
    let t = now;
    conn.prepare_cached(
        "INSERT INTO places (id, member_id, group_id, stage, referred_on, referral_source, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'referred', ?4, ?5, ?6, ?6)",
    )?
    .execute(params![id, member, group, on, source, t])?;
    audit::append(
        conn,
        AuditEvent::PersonReferred,
        &format!("{id} member {member} group {group}"),
    )?;
    Ok(id)
}

/// Adds a new person and refers them to the group, in one go.
pub fn refer_new(
    conn: &Connection,
    group: GroupId,
    person: &crate::roster::members::MemberInput,
    on: &str,
    source: &str,
    today: NaiveDate,
    now: Timestamp,
) -> Result<PlaceId> {
    let member = crate::roster::members::create(conn, person, today, now)?;
    refer(conn, group, member, on, source, today, now)
}

/// Records the pre-group interview. Anything but "suitable" ends the path.
pub fn screen(
    conn: &Connection,
    place: PlaceId,
    on: &str,
    outcome: ScreeningOutcome,
    notes: &str,
    today: NaiveDate,
    now: Timestamp,
) -> Result<Place> {
    let p = get(conn, place)?;
    let name = name_of(conn, p.member_id)?;
    if p.stage != Stage::Referred {
        return Err(wrong_stage(&p, &name, "their screening is already recorded"));
    }
    let on = step_date(
        "screened_on",
        "The interview date",
        on,
        Some((p.referred_on, "the referral")),
        today,
    )?;
    let notes = notes.trim();
    if notes.chars().count() > 4000 {
        return Err(Error::validation(
            "screening_notes",
            "The notes can be at most 4000 characters.",
        ));
    }
    if outcome != ScreeningOutcome::Suitable && notes.is_empty() {
        return Err(Error::validation(
            "screening_notes",
            "Say why the group is not right for them now: the reason is kept with their record.",
        ));
    }
    let stage = if outcome == ScreeningOutcome::Suitable {
        Stage::Screened
    } else {
        Stage::NotSuitable
    };
    conn.prepare_cached(
        "UPDATE places SET stage = ?2, screened_on = ?3, screening_outcome = ?4, screening_notes = ?5, updated_at = ?6
         WHERE id = ?1",
    )?
    .execute(params![place, stage, on, outcome, notes, now])?;
    audit::append(
        conn,
        AuditEvent::ScreeningRecorded,
        &format!("{place} {}", <&str>::from(outcome)),
    )?;
    get(conn, place)
}

/// Records informed consent, after a suitable screening.
pub fn consent(
    conn: &Connection,
    place: PlaceId,
    on: &str,
    today: NaiveDate,
    now: Timestamp,
) -> Result<Place> {
    let p = get(conn, place)?;
    let name = name_of(conn, p.member_id)?;
    if p.stage != Stage::Screened {
        return Err(wrong_stage(&p, &name, "consent cannot be recorded now"));
    }
    let earliest = p.screened_on.map(|d| (d, "the screening"));
    let on = step_date("consented_on", "The consent date", on, earliest, today)?;
    conn.prepare_cached(
        "UPDATE places SET stage = 'consented', consented_on = ?2, updated_at = ?3 WHERE id = ?1",
    )?
    .execute(params![place, on, now])?;
    audit::append(conn, AuditEvent::ConsentRecorded, &place.to_string())?;
    get(conn, place)
}

/// The session after which a closed group admits no one, if it is already
/// past on `as_of`: its number and date. A step dated on or before that
/// session's day is still allowed (an enrolment recorded late).
pub fn closed_after(conn: &Connection, group: GroupId, as_of: NaiveDate) -> Result<Option<(u32, NaiveDate)>> {
    let row: Option<(Membership, Option<u32>)> = conn
        .prepare_cached("SELECT membership, closes_after_session FROM groups WHERE id = ?1")?
        .query_row([group], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((Membership::Closed, Some(n))) = row else {
        return Ok(None);
    };
    // The group's n-th meeting: its n-th session not cancelled.
    let closing: Option<(u32, NaiveDate)> = conn
        .prepare_cached(
            "SELECT number, date FROM sessions WHERE group_id = ?1 AND status IN ('scheduled', 'held')
             ORDER BY number LIMIT 1 OFFSET ?2",
        )?
        .query_row(params![group, n.saturating_sub(1)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    Ok(closing.filter(|(_, date)| *date < as_of))
}

fn closed_refusal(n: u32, d: NaiveDate, name: &str) -> Error {
    Error::validation(
        "enrolled_on",
        format!(
            "This closed group admits no one after session {n} ({}), so {name} cannot join it now. Refer them to another group.",
            sentence::date(d)
        ),
    )
}

/// How many are enrolled, and the capacity.
pub(crate) fn occupancy(conn: &Connection, group: GroupId) -> Result<(u32, u32)> {
    Ok(conn
        .prepare_cached(
            "SELECT (SELECT count(*) FROM places WHERE group_id = ?1 AND stage = 'enrolled'), capacity
             FROM groups WHERE id = ?1",
        )?
        .query_row([group], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Enrols someone who consented, or the person offered a place from the
/// waitlist. Refused beyond capacity (offering the waitlist) and after a
/// closed group's closing session (naming it).
pub fn enrol(conn: &Connection, place: PlaceId, on: &str, today: NaiveDate, now: Timestamp) -> Result<Place> {
    let p = get(conn, place)?;
    let name = name_of(conn, p.member_id)?;
    if !matches!(p.stage, Stage::Consented | Stage::Waitlisted) {
        return Err(wrong_stage(&p, &name, "they cannot be enrolled now"));
    }
    let earliest = p.consented_on.map(|d| (d, "their consent"));
    let on = step_date("enrolled_on", "The enrolment date", on, earliest, today)?;
    if let Some((n, d)) = closed_after(conn, p.group_id, on)? {
        return Err(closed_refusal(n, d, &name));
    }
    let (enrolled, capacity) = occupancy(conn, p.group_id)?;
    if enrolled >= capacity {
        return Err(Error::Full(if p.stage == Stage::Waitlisted {
            format!("All {capacity} places are taken, so {name} stays on the waitlist until one frees.")
        } else {
            format!("The group is full: all {capacity} places are taken. Add {name} to the waitlist instead?")
        }));
    }
    conn.prepare_cached(
        "UPDATE places SET stage = 'enrolled', enrolled_on = ?2, waitlist_rank = NULL, updated_at = ?3 WHERE id = ?1",
    )?
    .execute(params![place, on, now])?;
    audit::append(conn, AuditEvent::MemberEnrolled, &place.to_string())?;
    get(conn, place)
}

/// Puts someone who consented at the end of the waitlist of a full group.
pub fn waitlist(
    conn: &Connection,
    place: PlaceId,
    on: &str,
    today: NaiveDate,
    now: Timestamp,
) -> Result<Place> {
    let p = get(conn, place)?;
    let name = name_of(conn, p.member_id)?;
    if p.stage != Stage::Consented {
        return Err(wrong_stage(&p, &name, "they cannot be added to the waitlist now"));
    }
    let earliest = p.consented_on.map(|d| (d, "their consent"));
    let on = step_date("waitlisted_on", "The date", on, earliest, today)?;
    if let Some((n, d)) = closed_after(conn, p.group_id, on)? {
        return Err(closed_refusal(n, d, &name));
    }
    let (enrolled, capacity) = occupancy(conn, p.group_id)?;
    if enrolled < capacity {
        return Err(Error::validation(
            "stage",
            format!("{enrolled} of {capacity} places are taken, so {name} can be enrolled now."),
        ));
    }
    conn.prepare_cached(
        "UPDATE places SET stage = 'waitlisted', waitlisted_on = ?2, updated_at = ?3,
            waitlist_rank = (SELECT coalesce(max(waitlist_rank), 0) + 1 FROM places
                             WHERE group_id = ?4 AND stage = 'waitlisted')
         WHERE id = ?1",
    )?
    .execute(params![place, on, now, p.group_id])?;
    audit::append(conn, AuditEvent::MemberWaitlisted, &place.to_string())?;
    get(conn, place)
}

/// Records someone leaving: an enrolled member completes, drops out (with a
/// reason) or is transferred (saying where); anyone not yet enrolled withdraws.
/// `last_marked` is the latest session they have attendance at, which they
/// cannot have left before (the sessions area's: see `practice::leaving`).
pub(crate) fn leave(
    conn: &Connection,
    place: PlaceId,
    how: &Leaving,
    today: NaiveDate,
    last_marked: Option<(u32, NaiveDate)>,
    now: Timestamp,
) -> Result<Place> {
    let p = get(conn, place)?;
    let name = name_of(conn, p.member_id)?;
    let enrolled = p.stage == Stage::Enrolled;
    let stage = match (how.kind, enrolled) {
        (LeavingKind::Completed, true) => Stage::Completed,
        (LeavingKind::DroppedOut, true) => Stage::DroppedOut,
        (LeavingKind::Transferred, true) => Stage::Transferred,
        (LeavingKind::Withdrawn, false) if p.stage.is_open() => Stage::Withdrawn,
        (_, false) if p.stage.is_open() => {
            return Err(Error::validation(
                "kind",
                format!("{name} is not enrolled yet: record that they withdrew."),
            ));
        }
        (LeavingKind::Withdrawn, true) => {
            return Err(Error::validation(
                "kind",
                format!("{name} is enrolled: record that they dropped out instead."),
            ));
        }
        _ => return Err(wrong_stage(&p, &name, "their place has already ended")),
    };
    let reason = how.reason.trim();
    let to = how.transferred_to.trim();
    if stage == Stage::DroppedOut && reason.is_empty() {
        return Err(Error::validation(
            "reason",
            "Say why they dropped out: the reason is kept with their record.",
        ));
    }
    if stage == Stage::Transferred && to.is_empty() {
        return Err(Error::validation(
            "transferred_to",
            "Say where they were transferred or referred to.",
        ));
    }
    if reason.chars().count() > 2000 || to.chars().count() > 200 {
        return Err(Error::validation(
            "reason",
            "That is too long to keep with the record (2000 characters at most).",
        ));
    }
    let since = p
        .enrolled_on
        .or(p.waitlisted_on)
        .or(p.consented_on)
        .or(p.screened_on)
        .unwrap_or(p.referred_on);
    let on = step_date(
        "left_on",
        "The date they left",
        &how.on,
        Some((since, "their last step")),
        today,
    )?;
    // Their attendance is kept: they cannot have left before a session they were marked at.
    if let Some((n, d)) = last_marked.filter(|(_, d)| *d > on) {
        return Err(Error::validation(
            "left_on",
            format!(
                "{name} has attendance at session {n} ({}), so they left on that day or later.",
                sentence::date(d)
            ),
        ));
    }
    conn.prepare_cached(
        "UPDATE places SET stage = ?2, left_on = ?3, left_reason = ?4, transferred_to = ?5, waitlist_rank = NULL,
            updated_at = ?6 WHERE id = ?1",
    )?
    .execute(params![place, stage, on, reason, to, now])?;
    audit::append(
        conn,
        AuditEvent::MemberLeft,
        &format!("{place} {}", <&str>::from(stage)),
    )?;
    get(conn, place)
}

/// The clinician passes over the person offered a free place; the offer
/// goes to the next on the waitlist. They keep their place in the order and
/// are offered the next place that frees.
pub fn skip_offer(conn: &Connection, place: PlaceId, today: NaiveDate, now: Timestamp) -> Result<Place> {
    let p = get(conn, place)?;
    let name = name_of(conn, p.member_id)?;
    if p.stage != Stage::Waitlisted {
        return Err(wrong_stage(&p, &name, "no place is being offered to them"));
    }
    conn.prepare_cached("UPDATE places SET offer_skipped_on = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![place, today, now])?;
    audit::append(conn, AuditEvent::WaitlistOfferSkipped, &place.to_string())?;
    get(conn, place)
}
