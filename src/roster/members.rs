//! A member: who they are and how to reach them; the directory and its
//! search. A member is never deleted once anything is recorded for them —
//! archived instead.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::ids::MemberId;
use crate::planning::calendar::parse_date;
use crate::roster::names;
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};

/// A member as the form holds them: text as typed (the date of birth too).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MemberInput {
    pub legal_name: String,
    /// The name they go by in the group, if not their legal first name.
    pub preferred_name: String,
    pub pronouns: String,
    /// YYYY-MM-DD, or empty.
    pub date_of_birth: String,
    pub phone: String,
    pub email: String,
    pub emergency_name: String,
    pub emergency_relationship: String,
    pub emergency_phone: String,
    pub referral_source: String,
    pub notes: String,
}

/// A member as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Member {
    pub id: MemberId,
    pub legal_name: String,
    pub preferred_name: String,
    pub pronouns: String,
    #[ts(type = "string | null")]
    pub date_of_birth: Option<NaiveDate>,
    pub phone: String,
    pub email: String,
    pub emergency_name: String,
    pub emergency_relationship: String,
    pub emergency_phone: String,
    pub referral_source: String,
    pub notes: String,
    pub archived: bool,
}

impl From<&Member> for MemberInput {
    /// The form as it opens on a recorded member.
    fn from(m: &Member) -> Self {
        MemberInput {
            legal_name: m.legal_name.clone(),
            preferred_name: m.preferred_name.clone(),
            pronouns: m.pronouns.clone(),
            date_of_birth: m.date_of_birth.map(|d| d.to_string()).unwrap_or_default(),
            phone: m.phone.clone(),
            email: m.email.clone(),
            emergency_name: m.emergency_name.clone(),
            emergency_relationship: m.emergency_relationship.clone(),
            emergency_phone: m.emergency_phone.clone(),
            referral_source: m.referral_source.clone(),
            notes: m.notes.clone(),
        }
    }
}

/// A member that passed every rule.
struct Valid {
    legal_name: String,
    preferred_name: String,
    pronouns: String,
    date_of_birth: Option<NaiveDate>,
    phone: String,
    email: String,
    emergency_name: String,
    emergency_relationship: String,
    emergency_phone: String,
    referral_source: String,
    notes: String,
}

fn line(field: &str, label: &str, v: &str, max: usize) -> Result<String> {
    let t = v.trim();
    if t.chars().count() > max {
        return Err(Error::validation(
            field,
            format!("{label} can be at most {max} characters."),
        ));
    }
    if t.chars().any(char::is_control) {
        return Err(Error::validation(
            field,
            format!("{label} cannot contain line breaks or tabs."),
        ));
    }
    Ok(t.to_string())
}

fn phone(field: &str, label: &str, v: &str) -> Result<String> {
    let t = line(field, label, v, 40)?;
    if !t.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c))
        || (!t.is_empty() && !t.chars().any(|c| c.is_ascii_digit()))
    {
        return Err(Error::validation(
            field,
            format!("{label} can hold digits, spaces and + - ( ) . only, such as +1 (555) 010-2345."),
        ));
    }
    Ok(t)
}

impl MemberInput {
    fn validate(&self, today: NaiveDate) -> Result<Valid> {
        let legal_name = line("legal_name", "The legal name", &self.legal_name, 120)?;
        if legal_name.is_empty() {
            return Err(Error::validation("legal_name", "The legal name is required."));
        }
        let date_of_birth = match self.date_of_birth.trim() {
            "" => None,
            d => {
                let d = parse_date("date_of_birth", "The date of birth", d)?;
                if d > today {
                    return Err(Error::validation(
                        "date_of_birth",
                        "The date of birth cannot be in the future.",
                    ));
                }
                if d < NaiveDate::from_ymd_opt(1900, 1, 1).expect("a real date") {
                    return Err(Error::validation(
                        "date_of_birth",
                        "The date of birth is before 1900; check the year.",
                    ));
                }
                Some(d)
            }
        };
        let email = line("email", "The email address", &self.email, 200)?;
        if !email.is_empty() {
            let ok = email.split_once('@').is_some_and(|(local, host)| {
                !local.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
            }) && !email.contains(' ');
            if !ok {
                return Err(Error::validation(
                    "email",
                    "That is not an email address, such as name@example.org.",
                ));
            }
        }
        let notes = self.notes.trim();
        if notes.chars().count() > 4000 {
            return Err(Error::validation(
                "notes",
                "The notes can be at most 4000 characters.",
            ));
        }
        Ok(Valid {
            legal_name,
            preferred_name: line("preferred_name", "The preferred name", &self.preferred_name, 120)?,
            pronouns: line("pronouns", "The pronouns", &self.pronouns, 40)?,
            date_of_birth,
            phone: phone("phone", "The phone number", &self.phone)?,
            email,
            emergency_name: line(
                "emergency_name",
                "The emergency contact's name",
                &self.emergency_name,
                120,
            )?,
            emergency_relationship: line(
                "emergency_relationship",
                "The emergency contact's relationship",
                &self.emergency_relationship,
                60,
            )?,
            emergency_phone: phone(
                "emergency_phone",
                "The emergency contact's phone",
                &self.emergency_phone,
            )?,
            referral_source: line(
                "referral_source",
                "The referral source",
                &self.referral_source,
                200,
            )?,
            notes: notes.to_string(),
        })
    }
}

/// Runs `sql` on a member: ?1 the id, ?2–?12 the fields in form order,
/// ?13 and ?14 the folded search and sort keys, ?15 the time.
fn write(conn: &Connection, sql: &str, id: MemberId, m: &Valid, at: Timestamp) -> Result<()> {
    conn.prepare_cached(sql)?.execute(params![
        id,
        m.legal_name,
        m.preferred_name,
        m.pronouns,
        m.date_of_birth,
        m.phone,
        m.email,
        m.emergency_name,
        m.emergency_relationship,
        m.emergency_phone,
        m.referral_source,
        m.notes,
        names::search_key(&m.legal_name, &m.preferred_name),
        names::fold(&m.legal_name),
        at
    ])?;
    Ok(())
}

/// Adds a member; returns their id.
pub fn create(conn: &Connection, input: &MemberInput, today: NaiveDate, now: Timestamp) -> Result<MemberId> {
    let m = input.validate(today)?;
    let id = MemberId::new();
    let t = now;
    write(
        conn,
        "INSERT INTO members (id, legal_name, preferred_name, pronouns, date_of_birth, phone, email,
            emergency_name, emergency_relationship, emergency_phone, referral_source, notes,
            search_key, sort_key, archived, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 0, ?15, ?15)",
        id,
        &m,
        t,
    )?;
    audit::append(conn, AuditEvent::MemberAdded, &id.to_string())?;
    Ok(id)
}

/// Saves a member's details. The audit entry names the fields that changed,
/// never their values. Returns the labels of the changed fields.
pub fn update(
    conn: &Connection,
    id: MemberId,
    input: &MemberInput,
    today: NaiveDate,
    now: Timestamp,
) -> Result<Vec<&'static str>> {
    let m = input.validate(today)?;
    let old = get(conn, id)?;
    let changed: Vec<&'static str> = [
        ("legal name", old.legal_name != m.legal_name),
        ("preferred name", old.preferred_name != m.preferred_name),
        ("pronouns", old.pronouns != m.pronouns),
        ("date of birth", old.date_of_birth != m.date_of_birth),
        ("phone", old.phone != m.phone),
        ("email", old.email != m.email),
        ("emergency contact name", old.emergency_name != m.emergency_name),
        (
            "emergency contact relationship",
            old.emergency_relationship != m.emergency_relationship,
        ),
        (
            "emergency contact phone",
            old.emergency_phone != m.emergency_phone,
        ),
        ("referral source", old.referral_source != m.referral_source),
        ("notes", old.notes != m.notes),
    ]
    .into_iter()
    .filter(|(_, c)| *c)
    .map(|(f, _)| f)
    .collect();
    if changed.is_empty() {
        return Ok(changed);
    }
    write(
        conn,
        "UPDATE members SET legal_name = ?2, preferred_name = ?3, pronouns = ?4, date_of_birth = ?5,
            phone = ?6, email = ?7, emergency_name = ?8, emergency_relationship = ?9, emergency_phone = ?10,
            referral_source = ?11, notes = ?12, search_key = ?13, sort_key = ?14, updated_at = ?15
         WHERE id = ?1",
        id,
        &m,
        now,
    )?;
    audit::append(
        conn,
        AuditEvent::MemberUpdated,
        &format!("{id}: {}", changed.join(", ")),
    )?;
    Ok(changed)
}

pub fn get(conn: &Connection, id: MemberId) -> Result<Member> {
    conn.prepare_cached(
        "SELECT id, legal_name, preferred_name, pronouns, date_of_birth, phone, email, emergency_name,
            emergency_relationship, emergency_phone, referral_source, notes, archived
         FROM members WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok(Member {
            id: r.get(0)?,
            legal_name: r.get(1)?,
            preferred_name: r.get(2)?,
            pronouns: r.get(3)?,
            date_of_birth: r.get(4)?,
            phone: r.get(5)?,
            email: r.get(6)?,
            emergency_name: r.get(7)?,
            emergency_relationship: r.get(8)?,
            emergency_phone: r.get(9)?,
            referral_source: r.get(10)?,
            notes: r.get(11)?,
            archived: r.get::<_, i64>(12)? != 0,
        })
    })
    .optional()?
    .ok_or_else(|| Error::NotFound("That member no longer exists.".into()))
}

pub fn set_archived(conn: &Connection, id: MemberId, archived: bool, now: Timestamp) -> Result<()> {
    let n = conn.execute(
        "UPDATE members SET archived = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, archived as i64, now],
    )?;
    if n == 0 {
        return Err(Error::NotFound("That member no longer exists.".into()));
    }
    audit::append(
        conn,
        AuditEvent::MemberArchived,
        &format!("{id} archived={archived}"),
    )
}

/// Why the member's record must be kept, or `None` when nothing is recorded for them.
pub fn deletion_blocker(conn: &Connection, id: MemberId) -> Result<Option<String>> {
    let places: i64 = conn
        .prepare_cached("SELECT count(*) FROM places WHERE member_id = ?1")?
        .query_row([id], |r| r.get(0))?;
    Ok((places > 0).then(|| {
        format!(
            "This member has {} in a group, so their record is kept. Archive them instead: they leave the directory and every record stays.",
            if places == 1 { "a place".to_string() } else { format!("{places} places") }
        )
    }))
}

/// Deletes a member nothing has been recorded for (entered by mistake).
pub fn delete(conn: &Connection, id: MemberId) -> Result<()> {
    get(conn, id)?;
    if let Some(why) = deletion_blocker(conn, id)? {
        return Err(Error::Conflict(why));
    }
    conn.execute("DELETE FROM members WHERE id = ?1", [id])?;
    audit::append(conn, AuditEvent::MemberDeleted, &id.to_string())
}
