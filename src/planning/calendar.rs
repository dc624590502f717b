//! Dates of a program: laid out from the first date, the cadence and the
//! number of sessions, skipping blackout dates; and the dates and times a
//! clinician types, parsed once here.
//!
//! A session is a local calendar date plus a local wall-clock start time
//! (no time zone), so a 6 pm group stays at 6 pm across daylight-saving
//! changes and year ends; dates step by calendar days, never by hours.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};

use crate::error::{Error, Result};
use crate::values::{text_enum, WallTime};

text_enum!(
    /// How often the group meets.
    Cadence {
        Weekly,
        Biweekly,
    }
);

impl Cadence {
    pub fn days(self) -> u64 {
        match self {
            Cadence::Weekly => 7,
            Cadence::Biweekly => 14,
        }
    }
}

/// Upper bound on how far blackout dates may push a program.
const MAX_SKIPS: usize = 200;

/// The dates of `count` sessions from `first`, one every cadence step,
/// skipping any step that falls on a blackout date (the program extends).
pub fn generate(
    first: NaiveDate,
    cadence: Cadence,
    count: u32,
    blackouts: &BTreeSet<NaiveDate>,
) -> Result<Vec<NaiveDate>> {
    let mut out = Vec::with_capacity(count as usize);
    let mut d = first;
    let mut skipped = 0usize;
    while out.len() < count as usize {
        if blackouts.contains(&d) {
            skipped += 1;
            if skipped > MAX_SKIPS {
                return Err(Error::validation(
                    "blackout_dates",
                    "The blackout dates leave no room for the sessions. Remove some blackout dates.",
                ));
            }
        } else {
            out.push(d);
        }
        d = next_step(d, cadence)?;
    }
    Ok(out)
}

/// The next regular meeting date after `d`.
pub fn next_step(d: NaiveDate, cadence: Cadence) -> Result<NaiveDate> {
    d.checked_add_days(Days::new(cadence.days()))
        .ok_or_else(|| Error::validation("first_date", "That date is too far in the future."))
}

/// The first regular date after `last` that is not a blackout date.
pub fn next_free_after(
    last: NaiveDate,
    cadence: Cadence,
    blackouts: &BTreeSet<NaiveDate>,
) -> Result<NaiveDate> {
    let mut d = next_step(last, cadence)?;
    for _ in 0..MAX_SKIPS {
        if !blackouts.contains(&d) {
            return Ok(d);
        }
        d = next_step(d, cadence)?;
    }
    Err(Error::validation(
        "blackout_dates",
        "The blackout dates leave no free date for another session.",
    ))
}

/// Moves `d` by a signed number of days.
pub fn shift(d: NaiveDate, days: i64) -> Result<NaiveDate> {
    let r = if days >= 0 {
        d.checked_add_days(Days::new(days as u64))
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    r.ok_or_else(|| Error::validation("date", "That date is out of range."))
}

/// A date as typed (`YYYY-MM-DD`), refused with the field named.
pub fn parse_date(field: &str, label: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        Error::validation(
            field,
            if s.trim().is_empty() {
                format!("{label} is required.")
            } else {
                format!("{label} is not a real date.")
            },
        )
    })
}

/// A start time as sent by the UI (`HH:MM`), refused with the field named.
pub fn parse_time(field: &str, s: &str) -> Result<WallTime> {
    WallTime::parse(s).ok_or_else(|| Error::validation(field, "Enter a start time of day, such as 6:00 pm."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn twelve_weekly_sessions_skip_a_holiday_and_extend() {
        let blackouts = BTreeSet::from([d("2027-01-18")]);
        let dates = generate(d("2027-01-04"), Cadence::Weekly, 12, &blackouts).unwrap();
        assert_eq!(dates.len(), 12);
        assert_eq!(dates[0], d("2027-01-04"));
        assert_eq!(dates[1], d("2027-01-11"));
        assert_eq!(dates[2], d("2027-01-25"), "the holiday is skipped");
        assert_eq!(dates[11], d("2027-03-29"), "the program ends a week later");
    }

    #[test]
    fn weekly_dates_keep_their_weekday_through_both_daylight_saving_changes() {
        // Europe and North America change clocks on 2027-03-14/28 and
        // 2027-10-31/11-07; a program laid out by adding 168 hours to an
        // instant would slip to 17:00 or 19:00 on one side of each change.
        let dates = generate(d("2027-03-01"), Cadence::Weekly, 40, &BTreeSet::new()).unwrap();
        assert!(dates.contains(&d("2027-03-15")) && dates.contains(&d("2027-03-29")));
        assert!(dates.contains(&d("2027-11-01")) && dates.contains(&d("2027-11-08")));
        assert!(dates.iter().all(|x| x.weekday() == chrono::Weekday::Mon));
    }

    #[test]
    fn biweekly_spans_the_year_end_and_a_leap_day() {
        let dates = generate(d("2026-12-14"), Cadence::Biweekly, 3, &BTreeSet::new()).unwrap();
        assert_eq!(dates, vec![d("2026-12-14"), d("2026-12-28"), d("2027-01-11")]);
        let dates = generate(d("2028-02-15"), Cadence::Biweekly, 2, &BTreeSet::new()).unwrap();
        assert_eq!(dates[1], d("2028-02-29"));
    }

    #[test]
    fn blackouts_everywhere_are_refused() {
        let first = d("2027-01-04");
        let all: BTreeSet<NaiveDate> = (0..400).map(|i| first + Days::new(7 * i)).collect();
        assert!(generate(first, Cadence::Weekly, 2, &all).is_err());
    }

    #[test]
    fn typed_dates_and_times_are_refused_with_the_field_named() {
        for bad in ["2027-02-30", "2027-99-99", "next monday", "11/01/2027"] {
            let e = parse_date("first_date", "The first session date", bad)
                .err()
                .unwrap();
            assert_eq!(e.field(), Some("first_date"), "{bad}");
            assert!(e.to_string().contains("not a real date"), "{e}");
        }
        assert!(parse_date("first_date", "The first session date", " ")
            .err()
            .unwrap()
            .to_string()
            .contains("is required"));
        for bad in ["24:00", "29:59", "6pm"] {
            assert_eq!(
                parse_time("start_time", bad).err().unwrap().field(),
                Some("start_time")
            );
        }
        assert_eq!(parse_time("start_time", "18:00").unwrap().to_string(), "18:00");
    }

    proptest! {
        /// Across ten years — every daylight-saving change and year end in
        /// them, leap days included — the dates keep their count, their
        /// weekday and calendar-day cadence, and never fall on a blackout.
        #[test]
        fn schedules_keep_count_weekday_order_and_avoid_blackouts(
            start in 0i64..3650,
            count in 1u32..=52,
            biweekly in any::<bool>(),
            skips in proptest::collection::vec(0u64..60, 0..10),
        ) {
            let first = d("2024-01-01") + Days::new(start as u64);
            let cadence = if biweekly { Cadence::Biweekly } else { Cadence::Weekly };
            let blackouts: BTreeSet<NaiveDate> = skips.iter().map(|k| first + Days::new(k * cadence.days())).collect();
            let dates = generate(first, cadence, count, &blackouts).unwrap();
            prop_assert_eq!(dates.len(), count as usize);
            for w in dates.windows(2) {
                prop_assert!(w[0] < w[1]);
                prop_assert_eq!((w[1] - w[0]).num_days() % cadence.days() as i64, 0);
            }
            for x in &dates {
                prop_assert!(!blackouts.contains(x));
                prop_assert_eq!(x.weekday(), first.weekday());
            }
            let last = *dates.last().unwrap();
            let span = (last - first).num_days() as u64 / cadence.days();
            prop_assert_eq!(span + 1, count as u64 + blackouts.iter().filter(|b| **b <= last).count() as u64);
        }

        #[test]
        fn shifting_by_n_and_back_is_identity(start in 0i64..3650, n in -400i64..400) {
            let x = d("2024-01-01") + Days::new(start as u64);
            prop_assert_eq!(shift(shift(x, n).unwrap(), -n).unwrap(), x);
        }
    }
}
