//! Progress and discharge summaries: the clinician's summary,
//! recommendations and aftercare beside the figures of a member's place
//! (`summary`), drafted, checked for other members' names, and signed like
//! a note. Signed, a summary is final (the database refuses any change,
//! migrations/0012) and keeps its figures as they stood.
//!
//! A progress summary is written for a referral source mid-program; a
//! discharge summary once the member completed, dropped out or
//! transferred. Each place has at most one draft of each kind; any number
//! may be signed. Psychotherapy notes are never read here.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::summary::{self, SummaryFigures};
use crate::error::{Error, Result};
use crate::ids::PlaceId;
use crate::notes::mentions::{self, Mention};
use crate::notes::signing::{self, Signature};
use crate::roster::places::Stage;
use crate::values::{text_enum, Timestamp};
use crate::vault::audit::{self, AuditEvent};

text_enum!(
    /// Which summary.
    SummaryKind {
        /// For a referral source, while the member is in the group.
        Progress,
        /// When the member's place ends: completed, dropped out or transferred.
        Discharge,
    }
);

impl SummaryKind {
    pub fn title(self) -> &'static str {
        match self {
            SummaryKind::Progress => "Progress summary",
            SummaryKind::Discharge => "Discharge summary",
        }
    }
}

/// A summary's number (stable: reports and the audit trail name it).
pub type SummaryId = i64;

/// What the clinician writes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SummaryText {
    /// Whom it is for: "Dr Amal Haddad, referring psychiatrist".
    pub recipient: String,
    pub summary: String,
    pub recommendations: String,
    /// Where the member goes from here: follow-up, referrals, crisis plan.
    pub aftercare: String,
}

/// A summary, as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SummaryRecord {
    #[ts(type = "number")]
    pub id: SummaryId,
    pub place_id: PlaceId,
    pub kind: SummaryKind,
    pub text: SummaryText,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Once signed: final.
    pub signature: Option<Signature>,
    /// As signed, or as they stand today for a draft.
    pub figures: SummaryFigures,
    /// Other members' names in the text (a draft's only).
    pub mentions: Vec<Mention>,
}

/// A summary in the member's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SummaryListed {
    #[ts(type = "number")]
    pub id: SummaryId,
    pub kind: SummaryKind,
    pub recipient: String,
    pub created_at: Timestamp,
    pub signed_at: Option<Timestamp>,
}

const LIMIT: usize = 20_000;

struct Row {
    place_id: PlaceId,
    kind: SummaryKind,
    text: SummaryText,
    confirmed: Vec<String>,
    created_at: Timestamp,
    updated_at: Timestamp,
    signature: Option<Signature>,
    figures: Option<String>,
}

fn row(conn: &Connection, id: SummaryId) -> Result<Row> {
    conn.prepare_cached(
        "SELECT place_id, kind, recipient, summary, recommendations, aftercare, confirmed_mentions,
                created_at, updated_at, signed_at, signed_by, signed_credentials, figures
         FROM member_summaries WHERE id = ?1",
    )?
    .query_row([id], |r| {
        let confirmed: String = r.get(6)?;
        let signed_at: Option<Timestamp> = r.get(9)?;
        Ok(Row {
            place_id: r.get(0)?,
            kind: r.get(1)?,
            text: SummaryText {
                recipient: r.get(2)?,
                summary: r.get(3)?,
                recommendations: r.get(4)?,
                aftercare: r.get(5)?,
            },
            confirmed: serde_json::from_str(&confirmed).unwrap_or_default(),
            created_at: r.get(7)?,
            updated_at: r.get(8)?,
            signature: match signed_at {
                Some(signed_at) => Some(Signature {
                    signed_at,
                    signed_by: r.get(10)?,
                    credentials: r.get(11)?,
                }),
                None => None,
            },
            figures: r.get(12)?,
        })
    })
    .optional()?
    .ok_or_else(|| Error::NotFound("That summary is not in this vault.".into()))
}

fn texts(t: &SummaryText) -> [(&'static str, &'static str, &str); 4] {
    [
        ("recipient", "For", &t.recipient),
        ("summary", "Summary", &t.summary),
        ("recommendations", "Recommendations", &t.recommendations),
        ("aftercare", "Aftercare", &t.aftercare),
    ]
}

fn mentions_of(conn: &Connection, r: &Row) -> Result<Vec<Mention>> {
    mentions::mentions_of_others(conn, r.place_id, &texts(&r.text), &r.confirmed)
}

/// One summary with its figures (as signed, or as they stand on `today`).
pub fn get(conn: &Connection, id: SummaryId, today: NaiveDate) -> Result<SummaryRecord> {
    let r = row(conn, id)?;
    let figures = match &r.figures {
        Some(json) => serde_json::from_str(json)
            .map_err(|e| Error::Internal(format!("summary {id}'s signed figures could not be read: {e}")))?,
        None => summary::figures(conn, r.place_id, today)?,
    };
    let mentions = if r.signature.is_some() {
        Vec::new()
    } else {
        mentions_of(conn, &r)?
    };
    Ok(SummaryRecord {
        id,
        place_id: r.place_id,
        kind: r.kind,
        text: r.text,
        created_at: r.created_at,
        updated_at: r.updated_at,
        signature: r.signature,
        figures,
        mentions,
    })
}

/// Every summary written about a place, newest first.
pub fn of_place(conn: &Connection, place: PlaceId) -> Result<Vec<SummaryListed>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, recipient, created_at, signed_at FROM member_summaries
         WHERE place_id = ?1 ORDER BY created_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([place], |r| {
        Ok(SummaryListed {
            id: r.get(0)?,
            kind: r.get(1)?,
            recipient: r.get(2)?,
            created_at: r.get(3)?,
            signed_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Begins a summary of `kind` about `place`, or returns its draft if one is begun.
pub fn begin(conn: &Connection, place: PlaceId, kind: SummaryKind, now: Timestamp) -> Result<SummaryId> {
    let draft: Option<SummaryId> = conn
        .prepare_cached(
            "SELECT id FROM member_summaries WHERE place_id = ?1 AND kind = ?2 AND signed_at IS NULL",
        )?
        .query_row(params![place, kind], |r| r.get(0))
        .optional()?;
    if let Some(id) = draft {
        return Ok(id);
    }
    // The figures must be there to be summarised (refused for someone never enrolled).
    summary::figures(conn, place, now.utc().date_naive())?;
    conn.prepare_cached(
        "INSERT INTO member_summaries (place_id, kind, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
    )?
    .execute(params![place, kind, now])?;
    let id = conn.last_insert_rowid();
    audit::append(
        conn,
        AuditEvent::SummaryStarted,
        &format!("{} {id} about place {place}", kind.title().to_lowercase()),
    )?;
    Ok(id)
}

/// Saves the draft's text (refused once signed). The audit trail records the
/// first change of each sitting (ten minutes apart), never the text.
pub fn save_draft(conn: &Connection, id: SummaryId, text: &SummaryText, now: Timestamp) -> Result<Timestamp> {
    let r = row(conn, id)?;
    if r.signature.is_some() {
        return Err(Error::Conflict(
            "This summary is signed and final. Write a new one if something has changed.".into(),
        ));
    }
    let text = SummaryText {
        recipient: text.recipient.trim().to_string(),
        summary: text.summary.clone(),
        recommendations: text.recommendations.clone(),
        aftercare: text.aftercare.clone(),
    };
    if text.recipient.chars().count() > 200 {
        return Err(Error::validation(
            "recipient",
            "Whom the summary is for fits in 200 characters.",
        ));
    }
    for (field, label, t) in texts(&text) {
        if t.chars().count() > LIMIT {
            return Err(Error::validation(
                field,
                format!("{label} is longer than 20,000 characters. Shorten it."),
            ));
        }
    }
    conn.prepare_cached(
        "UPDATE member_summaries SET recipient = ?2, summary = ?3, recommendations = ?4, aftercare = ?5,
            updated_at = ?6 WHERE id = ?1",
    )?
    .execute(params![
        id,
        text.recipient,
        text.summary,
        text.recommendations,
        text.aftercare,
        now
    ])?;
    if r.updated_at == r.created_at || now.millis_since(r.updated_at) > 10 * 60 * 1000 {
        audit::append(conn, AuditEvent::SummaryDraftChanged, &format!("summary {id}"))?;
    }
    Ok(now)
}

/// The clinician confirms an occurrence of another member's name does not identify them.
pub fn confirm_mention(conn: &Connection, id: SummaryId, key: &str) -> Result<Vec<Mention>> {
    let mut r = row(conn, id)?;
    if r.signature.is_some() {
        return Err(Error::Conflict("This summary is signed and final.".into()));
    }
    let found = mentions_of(conn, &r)?;
    if !found.iter().any(|m| m.key == key) {
        return Err(Error::Conflict(
            "That name is no longer in the summary (the text changed). Check the summary again.".into(),
        ));
    }
    if !r.confirmed.iter().any(|k| k == key) {
        r.confirmed.push(key.to_string());
    }
    r.confirmed.retain(|k| found.iter().any(|m| &m.key == k));
    conn.prepare_cached("UPDATE member_summaries SET confirmed_mentions = ?2 WHERE id = ?1")?
        .execute(params![
            id,
            serde_json::to_string(&r.confirmed).map_err(|e| Error::Internal(e.to_string()))?
        ])?;
    audit::append(
        conn,
        AuditEvent::SummaryMentionConfirmed,
        &format!("summary {id}: a name confirmed as not identifying another member"),
    )?;
    mentions_of(conn, &r)
}

/// Signs the summary: from now on final, with its figures kept as they
/// stand on `today`. Refused while it is incomplete or names another
/// member in an occurrence not confirmed.
pub fn sign(conn: &Connection, id: SummaryId, today: NaiveDate, now: Timestamp) -> Result<()> {
    let r = row(conn, id)?;
    if r.signature.is_some() {
        return Err(Error::Conflict("This summary is already signed.".into()));
    }
    if r.text.summary.trim().is_empty() {
        return Err(Error::validation(
            "summary",
            "Write the summary before signing: how the member took part and what changed for them.",
        ));
    }
    let figures = summary::figures(conn, r.place_id, today)?;
    if r.kind == SummaryKind::Discharge {
        if !matches!(
            figures.place.stage,
            Stage::Completed | Stage::DroppedOut | Stage::Transferred
        ) {
            return Err(Error::Conflict(format!(
                "{} is still {} in {}. A discharge summary is signed once their place has ended: record that they completed the program, dropped out or transferred (their place in the roster), then sign.",
                figures.member.legal_name, figures.place.stage_words, figures.group.name
            )));
        }
        if r.text.aftercare.trim().is_empty() {
            return Err(Error::validation(
                "aftercare",
                "Write the aftercare plan before signing a discharge summary: follow-up, referrals, what to do in a crisis.",
            ));
        }
    }
    mentions::refuse_unconfirmed(
        &mentions_of(conn, &r)?,
        "summary",
        "A summary goes into one member's record and out to others",
    )?;
    let p = signing::signer_of(conn, "summary")?;
    let kept = serde_json::to_string(&figures).map_err(|e| Error::Internal(e.to_string()))?;
    conn.prepare_cached(
        "UPDATE member_summaries SET signed_at = ?2, signed_by = ?3, signed_credentials = ?4, figures = ?5,
            updated_at = ?2 WHERE id = ?1",
    )?
    .execute(params![id, now, p.full_name, p.credentials, kept])?;
    audit::append(
        conn,
        AuditEvent::SummarySigned,
        &format!(
            "{} {id} signed by {}",
            r.kind.title().to_lowercase(),
            p.signed_as()
        ),
    )?;
    Ok(())
}

/// Discards a draft (a signed summary is kept for good).
pub fn discard(conn: &Connection, id: SummaryId) -> Result<()> {
    let r = row(conn, id)?;
    if r.signature.is_some() {
        return Err(Error::Conflict(
            "A signed summary is part of the member's record and is kept.".into(),
        ));
    }
    conn.prepare_cached("DELETE FROM member_summaries WHERE id = ?1")?
        .execute([id])?;
    audit::append(conn, AuditEvent::SummaryDiscarded, &format!("summary {id}"))?;
    Ok(())
}

/// Which kind a summary is.
pub fn kind(conn: &Connection, id: SummaryId) -> Result<SummaryKind> {
    Ok(row(conn, id)?.kind)
}

/// Whose place a summary is about.
pub fn place_of(conn: &Connection, id: SummaryId) -> Result<PlaceId> {
    Ok(row(conn, id)?.place_id)
}

/// The summary a script asks for: the newest signed one of `kind` about
/// `place`, else its draft.
pub fn latest(conn: &Connection, place: PlaceId, kind: SummaryKind) -> Result<Option<SummaryId>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM member_summaries WHERE place_id = ?1 AND kind = ?2
             ORDER BY signed_at IS NULL, signed_at DESC, id DESC LIMIT 1",
        )?
        .query_row(params![place, kind], |r| r.get(0))
        .optional()?)
}
