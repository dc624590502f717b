//! Dates and times inside sentences written for the clinician.
//!
//! The core marks them — `⟦date:2027-05-26⟧`, `⟦time:18:00⟧` — and each
//! front end renders the marks in the one format it uses everywhere: the
//! app in the user's locale, exactly as it shows dates on screen
//! (`ui/src/format.ts`); the command line as `Wed 26 May 2027` (`plain`).
//! A moment (`⟦moment:2026-12-07T14:30:05.123Z⟧`) is written out as the
//! local date and time of day.

use chrono::NaiveDate;

use crate::values::{Timestamp, WallTime};

const OPEN: char = '⟦';
const CLOSE: char = '⟧';

/// A date inside a sentence.
pub fn date(d: NaiveDate) -> String {
    format!("{OPEN}date:{}{CLOSE}", d.format("%Y-%m-%d"))
}

/// A wall-clock time inside a sentence.
pub fn time(t: WallTime) -> String {
    format!("{OPEN}time:{t}{CLOSE}")
}

/// A moment inside a sentence (shown in local time).
pub fn moment(t: Timestamp) -> String {
    format!("{OPEN}moment:{t}{CLOSE}")
}

/// The sentence with its marks written out for a terminal.
pub fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find(OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + OPEN.len_utf8()..];
        let Some(end) = after.find(CLOSE) else {
            out.push_str(&rest[start..]);
            return out;
        };
        let mark = &after[..end];
        let rendered = match mark.split_once(':') {
            Some(("date", d)) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map(|d| d.format("%a %-d %b %Y").to_string())
                .ok(),
            Some(("time", t)) => WallTime::parse(t).map(|t| t.to_string()),
            Some(("moment", m)) => Timestamp::parse(m).map(|m| {
                m.utc()
                    .with_timezone(&chrono::Local)
                    .format("%a %-d %b %Y at %H:%M")
                    .to_string()
            }),
            _ => None,
        };
        match rendered {
            Some(r) => out.push_str(&r),
            None => out.push_str(&rest[start..start + OPEN.len_utf8() + end + CLOSE.len_utf8()]),
        }
        rest = &after[end + CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_render_plainly_for_the_terminal() {
        let d = NaiveDate::from_ymd_opt(2027, 5, 26).unwrap();
        let t = WallTime::parse("18:30").unwrap();
        let s = format!("Session 3 was added on {} at {}.", date(d), time(t));
        assert_eq!(s, "Session 3 was added on ⟦date:2027-05-26⟧ at ⟦time:18:30⟧.");
        assert_eq!(plain(&s), "Session 3 was added on Wed 26 May 2027 at 18:30.");
        assert_eq!(plain("no marks ⟦ here"), "no marks ⟦ here");
        assert_eq!(plain("⟦odd:x⟧ kept"), "⟦odd:x⟧ kept");
        let m = Timestamp::parse("2026-12-07T14:30:05.123Z").unwrap();
        let local = m.utc().with_timezone(&chrono::Local);
        assert_eq!(
            plain(&format!("made {}", moment(m))),
            format!("made {}", local.format("%a %-d %b %Y at %H:%M"))
        );
    }
}
