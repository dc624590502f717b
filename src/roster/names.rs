//! Names folded for finding and ordering people: "jose nunez" finds
//! "José Núñez", "o'neil" and "oneil" find "O'Neil", "mary jane" finds
//! "Mary-Jane", and names in any script work ("алекс" finds "Алексей").

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The name a person goes by: their preferred name if they gave one.
pub fn goes_by<'a>(legal: &'a str, preferred: &'a str) -> &'a str {
    if preferred.is_empty() {
        legal
    } else {
        preferred
    }
}

/// Lower case, accents and other combining marks off (compatibility
/// decomposition), apostrophes gone, hyphens and dashes as spaces, single spaces.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.nfkd().filter(|c| !is_combining_mark(*c)) {
        match c {
            '\'' | '’' | 'ʼ' | '‘' | '`' | '´' => {}
            '-' | '‐' | '‑' | '‒' | '–' | '—' | '_' | '.' | ',' => {
                if !space {
                    out.push(' ');
                    space = true;
                }
            }
            c if c.is_whitespace() => {
                if !space {
                    out.push(' ');
                    space = true;
                }
            }
            c => {
                for l in c.to_lowercase() {
                    match plain_letter(l) {
                        Some(p) => out.push_str(p),
                        None => out.push(l),
                    }
                }
                space = false;
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Latin letters that are not a base letter with a mark, written as one
/// would type them on an English keyboard.
fn plain_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ø' => "o",
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        'đ' | 'ð' => "d",
        'ł' => "l",
        'ı' => "i",
        'þ' => "th",
        _ => return None,
    })
}

/// What a person's names are searched in: both names folded, with the parts
/// of hyphenated and apostrophe names joined too ("mary-jane" → "mary jane maryjane").
pub fn search_key(legal: &str, preferred: &str) -> String {
    let mut key = String::new();
    for name in [legal, preferred] {
        let f = fold(name);
        if f.is_empty() {
            continue;
        }
        if !key.is_empty() {
            key.push_str(" | ");
        }
        key.push_str(&f);
        let joined: String = f.split(' ').collect();
        if joined != f {
            key.push_str(" | ");
            key.push_str(&joined);
        }
    }
    key
}

/// The words of a search, folded; each must be found in a person's names.
pub fn query_words(q: &str) -> Vec<String> {
    fold(q)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(query: &str, legal: &str, preferred: &str) -> bool {
        let key = search_key(legal, preferred);
        query_words(query).iter().all(|w| key.contains(w.as_str()))
    }

    #[test]
    fn any_part_of_any_name_case_and_accents_aside() {
        assert!(finds("jose nunez", "José Núñez", ""));
        assert!(finds("NÚÑ", "José Núñez", ""));
        assert!(finds("o'neil", "Siobhán O'Neil", ""));
        assert!(finds("oneil", "Siobhán O’Neil", ""));
        assert!(finds("siobhan", "Siobhán O'Neil", ""));
        assert!(finds("mary jane", "Mary-Jane Okoro", ""));
        assert!(finds("maryjane", "Mary-Jane Okoro", ""));
        assert!(finds("алекс", "Алексей Смирнов", ""));
        assert!(finds("АЛЕКСЕЙ", "Алексей Смирнов", ""));
        assert!(finds("李", "李伟", ""));
        assert!(finds("dana", "Danielle Reyes", "Dana"));
        assert!(finds("strauss", "Strauß", ""));
        assert!(finds("orjan", "Ørjan Hæstad", "") && finds("haestad", "Ørjan Hæstad", ""));
        assert!(finds("lukasz", "Łukasz Wójcik", "") && finds("wojcik", "Łukasz Wójcik", ""));
        assert!(!finds("jose maria", "José Núñez", ""));
        assert!(query_words("  ").is_empty());
    }

    #[test]
    fn folding_is_stable_and_tidy() {
        assert_eq!(fold("  Zoë  Saint-Clair "), "zoe saint clair");
        assert_eq!(fold("Ørjan"), "orjan");
        assert_eq!(fold(&fold("José Núñez")), fold("José Núñez"));
    }
}
