//! Full-text search over every group and progress note (drafts included),
//! with SQLite's FTS5 inside the encrypted database. The index keeps no
//! copy of the text; the passage shown with each result is cut from the
//! note itself. Psychotherapy notes are not searched.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;
use unicode_segmentation::UnicodeSegmentation;

use super::{body, DraftInput, NoteId};
use crate::error::Result;
use crate::ids::{MemberId, SessionId};
use crate::roster::names;

/// The most results a search returns, the most recently written first.
pub const MAX_RESULTS: u32 = 50;

/// A note found, with the passage where the words are.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SearchHit {
    pub note_id: NoteId,
    pub session_id: SessionId,
    pub group_name: String,
    pub session_number: u32,
    #[ts(type = "string")]
    pub session_date: NaiveDate,
    /// The member of a progress note; None for a group note.
    pub member_id: Option<MemberId>,
    pub member_name: Option<String>,
    pub signed: bool,
    /// The passage: text before the word found, the word, text after.
    pub before: String,
    pub found: String,
    pub after: String,
}

/// The words of a search, each matched as the start of a word (a single
/// letter as a whole word: the start of too many), all required.
fn fts_query(q: &str) -> Option<(String, Vec<String>)> {
    let pieces: Vec<&str> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect();
    if pieces.is_empty() {
        return None;
    }
    let query = pieces
        .iter()
        .map(|p| {
            if p.chars().count() == 1 {
                format!("\"{p}\"")
            } else {
                format!("\"{p}\"*")
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    Some((query, pieces.iter().map(|p| names::fold(p)).collect()))
}

/// Where a search word first appears in `text`, with some text around it.
fn passage(text: &str, words: &[String]) -> (String, String, String) {
    let at = text
        .unicode_word_indices()
        .find(|(_, w)| {
            let f = names::fold(w);
            words.iter().any(|q| {
                if q.chars().count() == 1 {
                    f == *q
                } else {
                    f.starts_with(q.as_str())
                }
            })
        })
        .map(|(s, w)| (s, s + w.len()));
    let (s, e) = at.unwrap_or((0, 0));
    let before: Vec<char> = text[..s].chars().rev().take(80).collect();
    let before: String = before.into_iter().rev().collect();
    let after: String = text[e..].chars().take(160).collect();
    // Line breaks and runs of spaces as one space, the edges kept.
    let flat = |t: &str| {
        let mut out = String::with_capacity(t.len());
        for c in t.chars() {
            if c.is_whitespace() {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            } else {
                out.push(c);
            }
        }
        out
    };
    (
        format!("{}{}", if s > before.len() { "…" } else { "" }, flat(&before)),
        text[s..e].to_string(),
        flat(&after),
    )
}

pub fn search(conn: &Connection, q: &str) -> Result<Vec<SearchHit>> {
    let Some((query, words)) = fts_query(q) else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(
        // Newest first (a note's number grows as notes are written): FTS5
        // walks its index backwards and stops at the limit, where ranking
        // would score every note with a common word.
        "WITH hits AS (SELECT rowid AS id FROM notes_search WHERE notes_search MATCH ?1 ORDER BY rowid DESC LIMIT ?2)
         SELECT n.id, n.session_id, g.name, s.number, s.date, p.member_id, m.legal_name, m.preferred_name,
                n.signed_at IS NOT NULL, n.fields, n.participation_words, n.risk_description
         FROM hits JOIN notes n ON n.id = hits.id JOIN sessions s ON s.id = n.session_id
         JOIN groups g ON g.id = s.group_id
         LEFT JOIN places p ON p.id = n.place_id LEFT JOIN members m ON m.id = p.member_id
         ORDER BY s.date DESC, n.id DESC",
    )?;
    let rows = stmt.query_map(params![query, MAX_RESULTS], |r| {
        let legal: Option<String> = r.get(6)?;
        let preferred: Option<String> = r.get(7)?;
        let fields: String = r.get(9)?;
        let draft = DraftInput {
            fields: serde_json::from_str(&fields).unwrap_or_default(),
            participation_words: r.get(10)?,
            risk_description: r.get(11)?,
            ..Default::default()
        };
        let (before, found, after) = passage(&body(&draft), &words);
        Ok(SearchHit {
            note_id: r.get(0)?,
            session_id: r.get(1)?,
            group_name: r.get(2)?,
            session_number: r.get(3)?,
            session_date: r.get(4)?,
            member_id: r.get(5)?,
            member_name: legal.map(|l| names::goes_by(&l, preferred.as_deref().unwrap_or("")).to_string()),
            signed: r.get(8)?,
            before,
            found,
            after,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
