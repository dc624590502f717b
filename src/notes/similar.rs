//! Progress notes nearly identical to another — copied and barely edited,
//! a known reason records are rejected in audits — within the session or
//! against the same member's earlier notes.
//!
//! Two notes are compared word by word (case and accents aside) with a
//! diff (the `similar` crate, patience algorithm); they are flagged when
//! at least [`FLAG_AT_PERCENT`] of their words are the same in the same
//! order. The passages they share are shown.

use rusqlite::{params, Connection};
use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};
use ts_rs::TS;
use unicode_segmentation::UnicodeSegmentation;

use super::{NoteId, NoteRow};
use crate::error::Result;
use crate::roster::names;
use crate::sentence;

/// Notes sharing at least this share of their words, in order, are flagged.
pub const FLAG_AT_PERCENT: u32 = 80;
/// Notes shorter than this are not compared (a short "Attended, no concerns." is fine).
pub const MIN_WORDS: usize = 15;
/// A member's earlier notes compared against.
pub const EARLIER_NOTES: u32 = 5;
/// A shared passage shown has at least this many words.
const PASSAGE_WORDS: usize = 6;

/// Another note this one nearly repeats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Similarity {
    pub other: NoteId,
    /// "Tomás's note for this session", "this member's note of Session 3 (date)".
    pub other_label: String,
    /// How much of the two notes is the same, in per cent.
    pub percent: u32,
    /// The longest passages they share, as written in this note.
    pub passages: Vec<String>,
}

/// The text compared: what the clinician wrote about the member's session.
fn compared(draft: &super::DraftInput) -> String {
    draft
        .fields
        .values()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("\n")
}

struct Words<'a> {
    text: &'a str,
    spans: Vec<(usize, usize)>,
    /// Each word, folded (case and accents aside), as a number: the same
    /// word the same number across the texts compared.
    ids: Vec<u32>,
}

/// Numbers for folded words, shared by the texts compared, so the diff
/// compares numbers rather than strings.
#[derive(Default)]
struct Vocabulary(std::collections::HashMap<String, u32>);

impl Vocabulary {
    fn words<'a>(&mut self, text: &'a str) -> Words<'a> {
        let (spans, ids) = text
            .unicode_word_indices()
            .map(|(s, w)| {
                let next = self.0.len() as u32;
                ((s, s + w.len()), *self.0.entry(names::fold(w)).or_insert(next))
            })
            .unzip();
        Words { text, spans, ids }
    }
}

/// At most the share two texts can have: the words they have in common,
/// in any order. Cheap, so most notes never need the diff.
fn at_most(a: &Words<'_>, b: &Words<'_>) -> u32 {
    let total = a.ids.len() + b.ids.len();
    let shorter = a.ids.len().min(b.ids.len());
    if (200 * shorter).checked_div(total).unwrap_or(0) < FLAG_AT_PERCENT as usize {
        return 0;
    }
    let (mut x, mut y) = (a.ids.clone(), b.ids.clone());
    x.sort_unstable();
    y.sort_unstable();
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (200 * common).checked_div(total).unwrap_or(0) as u32
}

/// The share of words two texts have in common, in order, and the
/// passages (in `a`) they share.
fn compare(a: &Words<'_>, b: &Words<'_>) -> (u32, Vec<String>) {
    let ops = capture_diff_slices(Algorithm::Patience, &a.ids, &b.ids);
    let mut same = 0;
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for op in ops {
        if let DiffOp::Equal { old_index, len, .. } = op {
            same += len;
            if len >= PASSAGE_WORDS {
                runs.push((old_index, len));
            }
        }
    }
    let total = a.ids.len() + b.ids.len();
    let percent = (200 * same).checked_div(total).unwrap_or(0) as u32;
    // The three longest, shown in the order they are written.
    runs.sort_by_key(|r| std::cmp::Reverse(r.1));
    runs.truncate(3);
    runs.sort_by_key(|r| r.0);
    let passages = runs
        .into_iter()
        .map(|(i, len)| a.text[a.spans[i].0..a.spans[i + len - 1].1].to_string())
        .collect();
    (percent, passages)
}

/// Notes this progress note nearly repeats: others of its session, and the
/// same member's last few notes before it.
pub(crate) fn similar_to(conn: &Connection, note: &NoteRow) -> Result<Vec<Similarity>> {
    if note.place_id.is_none() {
        return Ok(Vec::new());
    }
    let mine = compared(&note.draft);
    let mut vocabulary = Vocabulary::default();
    let a = vocabulary.words(&mine);
    if a.ids.len() < MIN_WORDS {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, n.fields, m.legal_name, m.preferred_name, 'session', 0, ''
         FROM notes n JOIN places p ON p.id = n.place_id JOIN members m ON m.id = p.member_id
         WHERE n.session_id = ?1 AND n.place_id IS NOT NULL AND n.id <> ?2
         UNION ALL
         SELECT * FROM (
           SELECT n.id, n.fields, '', '', 'earlier', s.number, s.date
           FROM places me JOIN places p ON p.member_id = me.member_id
           JOIN notes n ON n.place_id = p.id JOIN sessions s ON s.id = n.session_id
           WHERE me.id = ?3 AND n.id <> ?2
             AND s.date < (SELECT date FROM sessions WHERE id = ?1)
           ORDER BY s.date DESC LIMIT ?4)",
    )?;
    let others: Vec<(NoteId, String, String, String, String, u32, String)> = stmt
        .query_map(
            params![note.session_id, note.id, note.place_id, EARLIER_NOTES],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (id, fields, legal, preferred, kind, number, date) in others {
        let draft = super::DraftInput {
            fields: serde_json::from_str(&fields).unwrap_or_default(),
            ..Default::default()
        };
        let theirs = compared(&draft);
        let b = vocabulary.words(&theirs);
        if b.ids.len() < MIN_WORDS || at_most(&a, &b) < FLAG_AT_PERCENT {
            continue;
        }
        let (percent, passages) = compare(&a, &b);
        if percent >= FLAG_AT_PERCENT {
            let other_label = if kind == "session" {
                format!("{}'s note for this session", names::goes_by(&legal, &preferred))
            } else {
                let day = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                    .map(sentence::date)
                    .unwrap_or(date);
                format!("this member's note of Session {number} ({day})")
            };
            out.push(Similarity {
                other: id,
                other_label,
                percent,
                passages,
            });
        }
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.percent));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "Member arrived on time and engaged actively in the check-in. \
        Practised the breathing exercise and reported lower anxiety afterwards. \
        Plans to use it before work meetings this week.";

    #[test]
    fn a_copied_note_with_a_word_changed_is_flagged_with_the_shared_text() {
        let copy = NOTE.replace("work meetings", "family dinners");
        let mut v = Vocabulary::default();
        let (a, b) = (v.words(&copy), v.words(NOTE));
        assert!(at_most(&a, &b) >= FLAG_AT_PERCENT);
        let (percent, passages) = compare(&a, &b);
        assert!(percent >= FLAG_AT_PERCENT, "{percent}");
        assert!(passages[0].starts_with("Member arrived on time"), "{passages:?}");
    }

    #[test]
    fn notes_written_separately_are_not_flagged() {
        let other = "Quiet today; said the week had been hard after a row with her sister. \
            Did not try the breathing exercise in the group but agreed to practise once at home.";
        let mut v = Vocabulary::default();
        let (a, b) = (v.words(other), v.words(NOTE));
        let (percent, _) = compare(&a, &b);
        assert!(percent < FLAG_AT_PERCENT, "{percent}");
        assert!(at_most(&a, &b) >= percent, "the bound holds");
    }

    #[test]
    fn case_and_accents_do_not_hide_a_copy() {
        let upper = NOTE.to_uppercase();
        let mut v = Vocabulary::default();
        let (percent, _) = compare(&v.words(&upper), &v.words(NOTE));
        assert_eq!(percent, 100);
    }

    #[test]
    fn the_cheap_bound_skips_notes_of_very_different_length_or_words() {
        let mut v = Vocabulary::default();
        let long = format!("{NOTE} {NOTE} {NOTE}");
        assert!(at_most(&v.words(&long), &v.words(NOTE)) < FLAG_AT_PERCENT);
        let shuffled: Vec<&str> = NOTE.split(' ').rev().collect();
        let shuffled = shuffled.join(" ");
        let (a, b) = (v.words(&shuffled), v.words(NOTE));
        assert_eq!(at_most(&a, &b), 100, "the same words in any order");
        assert!(compare(&a, &b).0 < FLAG_AT_PERCENT, "but not in the same order");
    }
}
