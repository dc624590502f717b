//! Other members' names in a progress note. A progress note goes into one
//! member's record, so it must not identify anyone else in the group.
//!
//! A name is found as whole words, case and accents aside, in any script
//! (words as Unicode defines them, UAX #29): "Ørjan's" and "ORJAN" find
//! Ørjan, "Anne Marie" finds Anne-Marie, "OBrien" finds O'Brien. Each part
//! of a legal or preferred name is looked for on its own (a first name
//! alone identifies). A name that is also a common word (Will, Hope, June)
//! is only found when written with a capital letter, so "I will" and
//! "hope" do not raise it. A part the note's own member shares is not
//! looked for. Each occurrence is changed or confirmed by the clinician
//! before the note is signed; a confirmation names the field, the name and
//! which occurrence of it, so editing elsewhere keeps it.

use std::collections::BTreeMap;

use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;
use unicode_segmentation::UnicodeSegmentation;

use super::{draft_row, NoteRow};
use crate::error::{Error, Result};
use crate::ids::PlaceId;
use crate::roster::names;
use crate::vault::audit::{self, AuditEvent};

/// Names that are also ordinary words: found only when capitalised.
const COMMON_WORDS: &[&str] = &[
    "will", "hope", "june", "may", "april", "august", "grace", "joy", "faith", "rose", "mark", "bill",
    "frank", "sue", "pat", "art", "dawn", "ray", "rob", "jack", "sky", "summer", "autumn", "guy", "gene",
    "earl", "don", "max", "ruby", "amber", "iris", "ivy", "lily", "daisy", "jade", "crystal", "violet",
    "holly", "heather", "robin", "jay", "wren", "sunny", "chase", "hunter", "miles", "page", "penny", "rich",
    "sage", "storm", "sandy", "drew", "dean", "bob", "carol", "chuck", "win", "pearl", "opal", "rusty",
    "buck", "cliff", "dale", "glen", "glenn", "heath", "lane", "lee", "moss", "reed", "rock", "stone",
    "wade", "ward", "young", "brown", "white", "green", "black", "long", "short", "small", "little", "king",
    "bishop", "baker", "cook", "smith", "miller", "hill", "wood", "field", "bell", "fox", "price", "hart",
    "hope", "love", "patience", "prudence", "honor", "honour", "justice", "liberty", "destiny", "harmony",
    "melody", "trinity", "serenity", "star", "river", "rain", "ash", "bay", "brook", "cash", "clay", "colt",
    "dash", "echo", "fern", "flora", "gay", "hazel", "honey", "jewel", "march", "mercy", "misty", "nova",
    "olive", "poppy", "raven", "reese", "rowan", "scout", "skye", "sol", "sonny", "spring", "tag", "true",
    "una", "vera", "wolf", "major", "marshal", "sterling", "an", "ma", "mo", "so", "ha", "ho", "li", "le",
    "la", "de", "el", "al", "ali", "bo", "do",
];

/// Particles that are part of a name but identify no one alone.
const PARTICLES: &[&str] = &[
    "de", "del", "della", "der", "den", "di", "da", "du", "van", "von", "la", "le", "el", "al", "bin",
    "bint", "ibn", "st", "ter", "ten", "dos", "das", "mac", "mc",
];

/// An occurrence of another member's name in a progress note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Mention {
    /// Names this occurrence for confirming it.
    pub key: String,
    /// The field it is in (its key), and that field's label.
    pub field: String,
    pub field_label: String,
    /// The name as written in the note, and a little of the text around it.
    pub written: String,
    pub before: String,
    pub after: String,
    /// Whom it may name (as they go by).
    pub members: Vec<String>,
    /// The clinician confirmed it does not identify them.
    pub confirmed: bool,
}

/// A word of the text: where it is, and its folded form.
struct Word {
    start: usize,
    end: usize,
    folded: String,
    capitalised: bool,
}

fn words(text: &str) -> Vec<Word> {
    text.unicode_word_indices()
        .filter_map(|(start, w)| {
            let mut core = w;
            for suffix in ["'s", "’s", "'S", "’S", "'", "’"] {
                if let Some(stripped) = core.strip_suffix(suffix) {
                    core = stripped;
                    break;
                }
            }
            let folded = names::fold(core);
            (!folded.is_empty()).then(|| Word {
                start,
                end: start + core.len(),
                capitalised: core.chars().next().is_some_and(char::is_uppercase),
                folded,
            })
        })
        .collect()
}

/// A part of a name as words to find in a row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct NamePart {
    words: Vec<String>,
    needs_capital: bool,
}

/// The parts of a name to look for: each word between spaces ("Mary-Kate",
/// "O'Neil"), and each piece of it between hyphens and apostrophes ("Mary",
/// "Kate", "Neil"), since a note may name someone by either.
fn name_parts(name: &str) -> Vec<NamePart> {
    let mut parts: Vec<NamePart> = name
        .split_whitespace()
        .flat_map(|whole| {
            let pieces: Vec<&str> = whole
                .split(|c: char| "-‐‑–'’".contains(c))
                .filter(|p| !p.is_empty())
                .collect();
            let mut all = vec![whole];
            if pieces.len() > 1 {
                all.extend(pieces);
            }
            all
        })
        .filter_map(|part| {
            let ws: Vec<String> = words(part)
                .into_iter()
                .map(|w| w.folded.replace(' ', ""))
                .collect();
            if ws.is_empty()
                || (ws.len() == 1 && (ws[0].chars().count() < 2 || PARTICLES.contains(&ws[0].as_str())))
            {
                return None;
            }
            let needs_capital = ws.len() == 1 && COMMON_WORDS.contains(&ws[0].as_str());
            Some(NamePart {
                words: ws,
                needs_capital,
            })
        })
        .collect();
    parts.sort();
    parts.dedup();
    parts
}

/// Finds each part in `text`: (start, end) of each occurrence.
fn find(text: &str, found: &[Word], part: &NamePart) -> Vec<(usize, usize)> {
    let k = part.words.len();
    let mut out = Vec::new();
    if found.len() < k {
        return out;
    }
    'at: for i in 0..=found.len() - k {
        for (j, w) in part.words.iter().enumerate() {
            if found[i + j].folded.replace(' ', "") != *w {
                continue 'at;
            }
            // The words of a part are next to each other: a space or a hyphen between.
            if j > 0 {
                let gap = &text[found[i + j - 1].end..found[i + j].start];
                if gap.chars().count() > 2 || !gap.chars().all(|c| c.is_whitespace() || "-‐‑–".contains(c))
                {
                    continue 'at;
                }
            }
        }
        if part.needs_capital && !found[i].capitalised {
            continue;
        }
        out.push((found[i].start, found[i + k - 1].end));
    }
    out
}

fn around(text: &str, start: usize, end: usize) -> (String, String) {
    let before: String = text[..start]
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[end..].chars().take(40).collect();
    (before, after)
}

/// The other members of `place`'s group, by each part of their names.
fn others(conn: &Connection, place: PlaceId) -> Result<BTreeMap<NamePart, Vec<String>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, m.legal_name, m.preferred_name FROM places me
         JOIN places p ON p.group_id = me.group_id JOIN members m ON m.id = p.member_id
         WHERE me.id = ?1",
    )?;
    let rows: Vec<(PlaceId, String, String)> = stmt
        .query_map(params![place], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let own: Vec<NamePart> = rows
        .iter()
        .filter(|(p, _, _)| *p == place)
        .flat_map(|(_, l, pr)| name_parts(l).into_iter().chain(name_parts(pr)))
        .collect();
    let own_member: Option<String> = rows
        .iter()
        .find(|(p, _, _)| *p == place)
        .map(|(_, l, _)| l.clone());
    let mut by_part: BTreeMap<NamePart, Vec<String>> = BTreeMap::new();
    for (other, legal, preferred) in &rows {
        // The same person may hold more than one place (left and came back).
        if *other == place || own_member.as_deref() == Some(legal.as_str()) {
            continue;
        }
        let who = names::goes_by(legal, preferred).to_string();
        for part in name_parts(legal).into_iter().chain(name_parts(preferred)) {
            if own.iter().any(|o| o.words == part.words) {
                continue;
            }
            let list = by_part.entry(part).or_default();
            if !list.contains(&who) {
                list.push(who.clone());
            }
        }
    }
    Ok(by_part)
}

/// Every occurrence of another member's name in a progress note (none for a
/// group note), in the order of the note's fields.
pub(crate) fn mentions_in(conn: &Connection, note: &NoteRow) -> Result<Vec<Mention>> {
    let Some(place) = note.place_id else {
        return Ok(Vec::new());
    };
    let d = &note.draft;
    let mut texts: Vec<(&str, &str, &str)> = note
        .format
        .fields()
        .iter()
        .filter_map(|f| d.fields.get(f.key).map(|t| (f.key, f.label, t.as_str())))
        .collect();
    texts.push(("participation_words", "Participation", &d.participation_words));
    texts.push(("risk_description", "Risk observed", &d.risk_description));
    mentions_of_others(conn, place, &texts, &note.confirmed)
}

/// Every occurrence, in `texts` (key, label, text) written about `place`'s
/// member, of the name of anyone else who held a place in the same group;
/// `confirmed` holds the keys of those the clinician confirmed. The check a
/// progress note and a member's summary share.
pub fn mentions_of_others(
    conn: &Connection,
    place: PlaceId,
    texts: &[(&str, &str, &str)],
    confirmed: &[String],
) -> Result<Vec<Mention>> {
    let parts = others(conn, place)?;
    let mut out = Vec::new();
    for &(field, label, text) in texts {
        let found = words(text);
        let mut hits: Vec<(usize, usize, &NamePart, &Vec<String>)> = Vec::new();
        for (part, members) in &parts {
            for (s, e) in find(text, &found, part) {
                hits.push((s, e, part, members));
            }
        }
        hits.sort_by_key(|h| (h.0, std::cmp::Reverse(h.1)));
        // A longer part covering a shorter one ("Anne-Marie" over "Marie") is one mention.
        let mut last_end = 0;
        let mut nth: BTreeMap<String, usize> = BTreeMap::new();
        for (s, e, part, members) in hits {
            if s < last_end {
                continue;
            }
            last_end = e;
            let name = part.words.join(" ");
            let n = nth.entry(name.clone()).or_default();
            *n += 1;
            let key = format!("{field}|{name}|{n}");
            let (before, after) = around(text, s, e);
            out.push(Mention {
                confirmed: confirmed.contains(&key),
                key,
                field: field.to_string(),
                field_label: label.to_string(),
                written: text[s..e].to_string(),
                before,
                after,
                members: members.clone(),
            });
        }
    }
    Ok(out)
}

/// Refuses signing while any mention is unconfirmed, naming each one;
/// `what` says what is being signed and where it goes ("A progress note
/// goes into one member's record").
pub fn refuse_unconfirmed(found: &[Mention], this: &str, what: &str) -> Result<()> {
    let open: Vec<String> = found
        .iter()
        .filter(|m| !m.confirmed)
        .map(|m| format!("\"{}\" ({})", m.written, m.field_label))
        .collect();
    if open.is_empty() {
        return Ok(());
    }
    Err(Error::NeedsConfirmation(format!(
        "This {this} may name other members of the group: {}. {what}: change the text, or confirm each one does not identify anyone.",
        open.join(", ")
    )))
}

/// The clinician confirms an occurrence does not identify another member.
pub fn confirm(conn: &Connection, id: super::NoteId, key: &str) -> Result<Vec<Mention>> {
    let mut note = draft_row(conn, id)?;
    let found = mentions_in(conn, &note)?;
    let Some(m) = found.iter().find(|m| m.key == key) else {
        return Err(Error::Conflict(
            "That name is no longer in the note (the text changed). Check the note again.".into(),
        ));
    };
    if !m.confirmed {
        note.confirmed.push(key.to_string());
        // Confirmations of text no longer there are dropped.
        note.confirmed.retain(|k| found.iter().any(|m| &m.key == k));
        conn.prepare_cached("UPDATE notes SET confirmed_mentions = ?2 WHERE id = ?1")?
            .execute(params![
                id,
                serde_json::to_string(&note.confirmed).map_err(|e| Error::Internal(e.to_string()))?
            ])?;
        audit::append(
            conn,
            AuditEvent::NoteMentionConfirmed,
            &format!(
                "note {}: \"{}\" in {} does not identify another member",
                id.0, m.written, m.field_label
            ),
        )?;
    }
    mentions_in(conn, &super::note_row(conn, id)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the check reports: each occurrence once, a longer part over the shorter ones it covers.
    fn finds(text: &str, name: &str) -> Vec<String> {
        let found = words(text);
        let mut hits: Vec<(usize, usize)> = name_parts(name)
            .iter()
            .flat_map(|p| find(text, &found, p))
            .collect();
        hits.sort_by_key(|h| (h.0, std::cmp::Reverse(h.1)));
        let mut last_end = 0;
        let mut out = Vec::new();
        for (s, e) in hits {
            if s >= last_end {
                out.push(text[s..e].to_string());
                last_end = e;
            }
        }
        out
    }

    #[test]
    fn names_are_found_as_whole_words_case_and_accents_aside() {
        assert_eq!(finds("Spoke with ørjan after group.", "Ørjan Lie"), ["ørjan"]);
        assert_eq!(finds("ORJAN's turn came.", "Ørjan Lie"), ["ORJAN"]);
        assert_eq!(finds("Jose disagreed.", "José Núñez"), ["Jose"]);
        assert!(
            finds("Josephine disagreed.", "José Núñez").is_empty(),
            "whole words only"
        );
        assert!(finds("The lien was paid.", "Ørjan Lie").is_empty());
    }

    #[test]
    fn hyphens_and_apostrophes_are_handled() {
        assert_eq!(finds("Anne Marie said", "Anne-Marie Okoro"), ["Anne Marie"]);
        assert_eq!(finds("anne-marie said", "Anne-Marie Okoro"), ["anne-marie"]);
        assert_eq!(finds("as OBrien noted", "Siobhán O'Brien"), ["OBrien"]);
        assert_eq!(finds("as O’Brien’s note said", "Siobhán O'Brien"), ["O’Brien"]);
        assert_eq!(
            finds("Anne. Marie", "Anne-Marie Okoro"),
            ["Anne", "Marie"],
            "a sentence between is not the whole name, but each part alone is found"
        );
    }

    #[test]
    fn each_part_of_a_hyphenated_or_apostrophed_name_is_found_alone() {
        assert_eq!(finds("Mary spoke first.", "Mary-Kate O'Neil"), ["Mary"]);
        assert_eq!(finds("then Kate", "Mary-Kate O'Neil"), ["Kate"]);
        assert_eq!(finds("Neil agreed", "Mary-Kate O'Neil"), ["Neil"]);
        assert_eq!(finds("O'Neil agreed", "Mary-Kate O'Neil"), ["O'Neil"]);
        assert_eq!(finds("Rashid was late", "Mohammed Al-Rashid"), ["Rashid"]);
        assert_eq!(finds("Al-Rashid was late", "Mohammed Al-Rashid"), ["Al-Rashid"]);
        assert_eq!(finds("Bronte laughed", "Zoë Brontë-Smith"), ["Bronte"]);
        assert_eq!(
            finds("Mary-Kate and Kate", "Mary-Kate O'Neil"),
            ["Mary-Kate", "Kate"]
        );
        assert!(
            finds("the al fresco lunch", "Mohammed Al-Rashid").is_empty(),
            "a particle alone is not a name"
        );
    }

    #[test]
    fn names_in_any_script() {
        assert_eq!(
            finds("Говорил с Алексеем? Нет, с Алексей.", "Алексей Смирнов"),
            ["Алексей"]
        );
        assert_eq!(finds("今天王伟没有说话", "王伟"), ["王伟"]);
        assert_eq!(finds("Ο Γιώργος μίλησε", "Γιώργος Παπαδόπουλος"), ["Γιώργος"]);
    }

    #[test]
    fn names_that_are_common_words_need_a_capital() {
        assert!(finds("She said she will hope for june.", "Will Hope").is_empty());
        assert!(finds("We may meet in june.", "June May").is_empty());
        assert_eq!(finds("Will spoke; Hope listened.", "Will Hope"), ["Will", "Hope"]);
        assert_eq!(finds("Talked with June.", "June Park"), ["June"]);
        assert_eq!(
            finds("Park agreed.", "June Park"),
            ["Park"],
            "a surname that is not on the list is found"
        );
    }

    #[test]
    fn particles_and_initials_alone_are_not_names() {
        assert!(finds("the van was late, as was J.", "Joost van Dijk")
            .iter()
            .all(|w| w != "van"));
    }
}
