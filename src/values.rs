//! Value types every area shares: a meeting's local wall-clock time, whole
//! numbers that cannot leave their range, and the one mapping of an enum to
//! and from its stored text.

use std::fmt;

use chrono::{DateTime, NaiveTime, Timelike, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A local wall-clock time to the minute, with no time zone: a group that
/// meets at 18:00 meets at 18:00 whatever the daylight-saving rules.
/// Stored and sent as `HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ts_rs::TS)]
#[ts(type = "string")]
pub struct WallTime(NaiveTime);

impl WallTime {
    /// `HH:MM` (or `H:MM`), 00:00 to 23:59.
    pub fn parse(s: &str) -> Option<WallTime> {
        let (h, m) = s.trim().split_once(':')?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return None;
        }
        if !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        WallTime::from_hm(h.parse().ok()?, m.parse().ok()?)
    }

    pub fn from_hm(hour: u32, minute: u32) -> Option<WallTime> {
        NaiveTime::from_hms_opt(hour, minute, 0).map(WallTime)
    }

    pub fn time(self) -> NaiveTime {
        self.0
    }

    pub fn hour(self) -> u32 {
        self.0.hour()
    }

    pub fn minute(self) -> u32 {
        self.0.minute()
    }
}

impl fmt::Display for WallTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

impl Serialize for WallTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for WallTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        WallTime::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("{s:?} is not a time like 18:00")))
    }
}

impl ToSql for WallTime {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_string()))
    }
}

impl FromSql for WallTime {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = v.as_str()?;
        match WallTime::parse(s) {
            Some(t) if s.len() == 5 => Ok(t),
            _ => Err(FromSqlError::Other(
                format!("{s:?} is not a stored time (HH:MM)").into(),
            )),
        }
    }
}

/// A moment in UTC, to the millisecond: when something happened. Stored
/// and sent as `2026-11-24T18:02:11.250Z`; screens show it in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ts_rs::TS)]
#[ts(type = "string")]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    pub fn now() -> Timestamp {
        Timestamp::from_utc(Utc::now())
    }

    /// `at`, to the millisecond.
    pub fn from_utc(at: DateTime<Utc>) -> Timestamp {
        let ms = at.timestamp_millis();
        Timestamp(DateTime::from_timestamp_millis(ms).unwrap_or(at))
    }

    pub fn utc(self) -> DateTime<Utc> {
        self.0
    }

    /// Milliseconds from `earlier` to this moment (0 if it is later).
    pub fn millis_since(self, earlier: Timestamp) -> i64 {
        (self.0 - earlier.0).num_milliseconds().max(0)
    }

    /// This moment plus `ms` milliseconds.
    pub fn plus_millis(self, ms: i64) -> Timestamp {
        Timestamp(self.0 + chrono::Duration::milliseconds(ms))
    }

    pub fn parse(s: &str) -> Option<Timestamp> {
        let t = DateTime::parse_from_rfc3339(s).ok()?.with_timezone(&Utc);
        let back = Timestamp::from_utc(t);
        (back.to_string() == s).then_some(back)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M:%S%.3fZ"))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Timestamp::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("{s:?} is not a moment like 2026-11-24T18:02:11.250Z"))
        })
    }
}

impl ToSql for Timestamp {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_string()))
    }
}

impl FromSql for Timestamp {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = v.as_str()?;
        Timestamp::parse(s).ok_or_else(|| FromSqlError::Other(format!("{s:?} is not a stored moment").into()))
    }
}

/// A whole number that cannot leave `MIN..=MAX`: built with `new`, read
/// from the database only when in range, sent to the UI as a number.
macro_rules! bounded_number {
    ($(#[$doc:meta])* $name:ident, $min:expr, $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ts_rs::TS)]
        #[ts(type = "number")]
        pub struct $name(u32);

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u32(self.0)
            }
        }

        impl $name {
            pub const MIN: u32 = $min;
            pub const MAX: u32 = $max;

            pub fn new(v: u32) -> Option<Self> {
                (Self::MIN..=Self::MAX).contains(&v).then_some(Self(v))
            }

            pub fn get(self) -> u32 {
                self.0
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.0))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let n = v.as_i64()?;
                u32::try_from(n)
                    .ok()
                    .and_then(Self::new)
                    .ok_or(rusqlite::types::FromSqlError::OutOfRange(n))
            }
        }
    };
}
pub(crate) use bounded_number;

/// Stores a strum-derived enum as its snake_case name: `ToSql` writes the
/// name, `FromSql` reads it back and refuses any text it does not know.
macro_rules! stored_as_text {
    ($($t:ty),+ $(,)?) => {$(
        impl rusqlite::types::ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                let name: &'static str = self.into();
                Ok(rusqlite::types::ToSqlOutput::from(name))
            }
        }

        impl rusqlite::types::FromSql for $t {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = v.as_str()?;
                s.parse().map_err(|_| {
                    rusqlite::types::FromSqlError::Other(
                        format!("{s:?} is not a known {}", stringify!($t)).into(),
                    )
                })
            }
        }
    )+};
}
pub(crate) use stored_as_text;

/// An enum the UI receives and the database stores, by one snake_case name
/// each: serde for the UI, strum for the database (`stored_as_text`), the
/// same names (checked by tests/database_rules.rs).
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS,
            strum::EnumString, strum::IntoStaticStr, strum::VariantArray,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),+ }
        $crate::values::stored_as_text!($name);
    };
}
pub(crate) use text_enum;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_written_to_the_millisecond_in_utc_and_read_back() {
        let t = Timestamp::parse("2026-11-24T18:02:11.250Z").unwrap();
        assert_eq!(t.to_string(), "2026-11-24T18:02:11.250Z");
        assert_eq!(t.plus_millis(750).to_string(), "2026-11-24T18:02:12.000Z");
        assert_eq!(t.plus_millis(750).millis_since(t), 750);
        assert_eq!(t.millis_since(t.plus_millis(1)), 0);
        for bad in [
            "2026-11-24T18:02:11Z",
            "2026-11-24 18:02:11.250",
            "2026-02-30T00:00:00.000Z",
            "",
        ] {
            assert!(Timestamp::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn wall_times_parse_only_real_clock_times() {
        assert_eq!(WallTime::parse("18:00").unwrap().to_string(), "18:00");
        assert_eq!(WallTime::parse(" 6:05 ").unwrap().to_string(), "06:05");
        for bad in [
            "24:00", "29:59", "18:60", "18", "18:0", "1800", "-1:00", "18:00:00", "", "ab:cd",
        ] {
            assert!(WallTime::parse(bad).is_none(), "{bad}");
        }
    }
}
