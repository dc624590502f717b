//! Steps of the roster the roster tests share: a group, and people at each stage.

use std::time::Instant;

use chrono::NaiveDate;
use cohort::ids::{GroupId, PlaceId};
use cohort::planning::new_group;
use cohort::roster::members::{self, MemberInput};
use cohort::roster::places::{self, Leaving, LeavingKind, ScreeningOutcome, Stage};
use cohort::values::Timestamp;
use cohort::VaultAccess;

use super::{cbt_group, day};

pub const TODAY: &str = "2026-11-24";

pub fn today() -> NaiveDate {
    day(TODAY)
}

/// A planned group of capacity 10 starting after today.
pub fn group(s: &mut VaultAccess) -> GroupId {
    s.act(Instant::now(), |tx| {
        new_group::create_group(tx, &cbt_group(day("2027-01-04")), Timestamp::now())
    })
    .unwrap()
    .0
}

/// Someone referred to `g` on 2026-11-01.
pub fn referred(s: &mut VaultAccess, g: GroupId, name: &str) -> PlaceId {
    let now = Instant::now();
    let m = s
        .act(now, |tx| {
            members::create(
                tx,
                &MemberInput {
                    legal_name: name.into(),
                    ..Default::default()
                },
                today(),
                Timestamp::now(),
            )
        })
        .unwrap();
    s.act(now, |tx| {
        places::refer(tx, g, m, "2026-11-01", "Primary care", today(), Timestamp::now())
    })
    .unwrap()
}

/// Referred, screened suitable, consented: ready to enrol.
pub fn ready(s: &mut VaultAccess, g: GroupId, name: &str) -> PlaceId {
    let p = referred(s, g, name);
    let now = Instant::now();
    s.act(now, |tx| {
        places::screen(
            tx,
            p,
            "2026-11-05",
            ScreeningOutcome::Suitable,
            "",
            today(),
            Timestamp::now(),
        )
    })
    .unwrap();
    s.act(now, |tx| {
        places::consent(tx, p, "2026-11-10", today(), Timestamp::now())
    })
    .unwrap();
    p
}

pub fn enrol(s: &mut VaultAccess, p: PlaceId) -> cohort::Result<places::Place> {
    s.act(Instant::now(), |tx| {
        places::enrol(tx, p, "2026-11-12", today(), Timestamp::now())
    })
}

pub fn stage(s: &mut VaultAccess, p: PlaceId) -> Stage {
    s.read(Instant::now(), |c| places::get(c, p)).unwrap().stage
}

pub fn leave(kind: LeavingKind, reason: &str, to: &str) -> Leaving {
    Leaving {
        kind,
        on: "2026-11-20".into(),
        reason: reason.into(),
        transferred_to: to.into(),
    }
}
