//! Session notes: the group note of a held session and a progress note for
//! every member who attended, written as drafts that save themselves,
//! checked before signing (other members named, near-duplicates), signed
//! and then final, corrected only by addenda. Psychotherapy notes kept
//! apart. Full-text search inside the encrypted database.
//!
//! | file | what lives there |
//! | --- | --- |
//! | `formats` | the formats (SOAP, DAP, BIRP, free text, progress note) and their fields |
//! | `drafts` | opening a note (prefilled), saving a draft as it is typed, discarding it |
//! | `mentions` | other members' names found in a progress note, and confirming one |
//! | `similar` | progress notes nearly identical to another, with the overlapping text |
//! | `signing` | signing, addenda, responses to risk observed |
//! | `read` | a note as shown, a session's notes, a member's notes |
//! | `attention` | what Today lists: notes unsigned after the threshold, risk not yet answered |
//! | `search` | full-text search over all notes |
//! | `private` | psychotherapy notes |

pub mod attention;
pub mod drafts;
pub mod formats;
pub mod mentions;
pub mod private;
pub mod read;
pub mod search;
pub mod signing;
pub mod similar;

use std::collections::BTreeMap;

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::ids::{PlaceId, SessionId};
use crate::values::text_enum;

pub use formats::NoteFormat;

/// A note's number: stable for life, never reused (a discarded draft's
/// number is not given to another note).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(type = "number")]
pub struct NoteId(pub i64);

impl ToSql for NoteId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0))
    }
}

impl FromSql for NoteId {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        v.as_i64().map(NoteId)
    }
}

text_enum!(
    /// How a member took part in the session.
    Participation {
        Active,
        Moderate,
        Minimal,
        Disruptive,
        /// The clinician's own words (in `participation_words`).
        OwnWords,
    }
);

text_enum!(
    /// Risk observed during the session.
    Risk {
        None,
        /// Described in `risk_description`; highlighted until answered.
        Observed,
    }
);

/// A note's text by field name, as stored.
pub type Fields = BTreeMap<String, String>;

/// What a draft holds, as the clinician typed it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DraftInput {
    /// Text by field key (the keys of the note's format).
    pub fields: Fields,
    pub participation: Option<Participation>,
    pub participation_words: String,
    pub risk: Option<Risk>,
    pub risk_description: String,
}

/// The stored facts of a note the rules look at.
#[derive(Debug, Clone)]
pub(crate) struct NoteRow {
    pub id: NoteId,
    pub session_id: SessionId,
    pub place_id: Option<PlaceId>,
    pub format: NoteFormat,
    pub draft: DraftInput,
    pub confirmed: Vec<String>,
    pub signed: bool,
}

pub(crate) fn note_row(conn: &Connection, id: NoteId) -> Result<NoteRow> {
    conn.prepare_cached(
        "SELECT id, session_id, place_id, format, fields, participation, participation_words, risk,
                risk_description, confirmed_mentions, signed_at IS NOT NULL
         FROM notes WHERE id = ?1",
    )?
    .query_row([id], |r| {
        let fields: String = r.get(4)?;
        let confirmed: String = r.get(9)?;
        Ok(NoteRow {
            id: r.get(0)?,
            session_id: r.get(1)?,
            place_id: r.get(2)?,
            format: r.get(3)?,
            draft: DraftInput {
                fields: serde_json::from_str(&fields).unwrap_or_default(),
                participation: r.get(5)?,
                participation_words: r.get(6)?,
                risk: r.get(7)?,
                risk_description: r.get(8)?,
            },
            confirmed: serde_json::from_str(&confirmed).unwrap_or_default(),
            signed: r.get(10)?,
        })
    })
    .optional()?
    .ok_or_else(|| Error::NotFound("That note no longer exists (a discarded draft?).".into()))
}

/// A draft, or `Conflict` naming why a signed note cannot change.
pub(crate) fn draft_row(conn: &Connection, id: NoteId) -> Result<NoteRow> {
    let row = note_row(conn, id)?;
    if row.signed {
        return Err(Error::Conflict(
            "This note is signed and final. Add an addendum to correct or add to it.".into(),
        ));
    }
    Ok(row)
}

/// The note's text as one piece (what search and the checks read).
pub(crate) fn body(draft: &DraftInput) -> String {
    let mut out = String::new();
    for t in draft
        .fields
        .values()
        .chain([&draft.participation_words, &draft.risk_description])
    {
        if !t.trim().is_empty() {
            out.push_str(t);
            out.push('\n');
        }
    }
    out
}
