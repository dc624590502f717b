//! Newtype identifiers: a `GroupId` can never be passed where a `SessionId`
//! is expected. Stored as TEXT (hyphenated UUID), sent to the UI as strings.
//! An id, once anything can point at it, never changes (the database
//! refuses `UPDATE` of an id).

use std::cell::RefCell;

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

thread_local! {
    /// Set only while `with_seeded_ids` runs: ids drawn from a seeded
    /// generator, so that a demo practice is the same on every build.
    static SEEDED: RefCell<Option<ChaCha8Rng>> = const { RefCell::new(None) };
}

/// A random (version 4) UUID, or the next seeded one inside `with_seeded_ids`.
pub fn fresh_uuid() -> Uuid {
    SEEDED.with(|s| match s.borrow_mut().as_mut() {
        Some(rng) => {
            let mut bytes = [0u8; 16];
            rng.fill_bytes(&mut bytes);
            uuid::Builder::from_random_bytes(bytes).into_uuid()
        }
        None => Uuid::new_v4(),
    })
}

/// Runs `f` with every new id on this thread drawn from `seed`.
pub fn with_seeded_ids<T>(seed: u64, f: impl FnOnce() -> T) -> T {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            SEEDED.with(|s| *s.borrow_mut() = None);
        }
    }
    SEEDED.with(|s| *s.borrow_mut() = Some(ChaCha8Rng::seed_from_u64(seed)));
    let _reset = Reset;
    f()
}

macro_rules! id_type {
    ($name:ident) => {
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
        )]
        #[ts(type = "string")]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn new() -> Self {
                $name(fresh_uuid())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, uuid::Error> {
                Uuid::parse_str(s).map($name)
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0.hyphenated().to_string()))
            }
        }

        impl FromSql for $name {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                let s = v.as_str()?;
                Uuid::parse_str(s)
                    .map($name)
                    .map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

id_type!(GroupId);
id_type!(SessionId);
id_type!(PlanId);
id_type!(MemberId);
id_type!(PlaceId);
id_type!(GoalId);
id_type!(ResultId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_ids_repeat_for_a_seed_and_stop_after() {
        let a = with_seeded_ids(7, || (GroupId::new(), SessionId::new()));
        let b = with_seeded_ids(7, || (GroupId::new(), SessionId::new()));
        let c = with_seeded_ids(8, GroupId::new);
        assert_eq!(a, b);
        assert_ne!(a.0, c);
        assert_eq!(a.0 .0.get_version_num(), 4, "still version-4 UUIDs");
        assert_ne!(GroupId::new(), GroupId::new(), "random again outside");
    }
}
