//! A group four sessions in, its fifth today, with members enrolled before
//! it began: what the session tests share.

use std::time::Instant;

use cohort::ids::{GroupId, PlaceId, SessionId};
use cohort::planning::groups::{GroupStatus, Membership};
use cohort::planning::new_group;
use cohort::roster::members::{self, MemberInput};
use cohort::roster::places::{self, ScreeningOutcome};
use cohort::sessions::attendance::{self, MarkInput};
use cohort::sessions::run;
use cohort::values::Timestamp;
use cohort::VaultAccess;

use super::roster::today;
use super::{cbt_group, day};

pub struct Running {
    pub group: GroupId,
    /// (legal name, place) in the order given.
    pub places: Vec<(String, PlaceId)>,
    /// Sessions 1 to 12; session 5 is today.
    pub sessions: Vec<SessionId>,
}

impl Running {
    pub fn place(&self, name: &str) -> PlaceId {
        self.places.iter().find(|(n, _)| n == name).unwrap().1
    }

    pub fn session(&self, number: usize) -> SessionId {
        self.sessions[number - 1]
    }
}

/// `2026-11-24T{hms}.000Z`: a moment on the test's today.
pub fn at(hms: &str) -> Timestamp {
    Timestamp::parse(&format!("2026-11-24T{hms}.000Z")).unwrap()
}

/// A new member referred to `g`, screened suitable and consented on the
/// three days given: ready to enrol or wait.
pub fn consented(
    tx: &rusqlite::Connection,
    g: GroupId,
    name: &str,
    [referred, screened, consent]: [&str; 3],
) -> cohort::Result<PlaceId> {
    let m = members::create(
        tx,
        &MemberInput {
            legal_name: name.into(),
            ..Default::default()
        },
        today(),
        Timestamp::now(),
    )?;
    let p = places::refer(tx, g, m, referred, "Primary care", today(), Timestamp::now())?;
    places::screen(
        tx,
        p,
        screened,
        ScreeningOutcome::Suitable,
        "",
        today(),
        Timestamp::now(),
    )?;
    places::consent(tx, p, consent, today(), Timestamp::now())?;
    Ok(p)
}

/// Enrolled on 2026-10-10: referred, screened suitable, consented first.
pub fn enrolled(s: &mut VaultAccess, g: GroupId, name: &str) -> PlaceId {
    s.act(Instant::now(), |tx| {
        let p = consented(tx, g, name, ["2026-10-01", "2026-10-05", "2026-10-06"])?;
        places::enrol(tx, p, "2026-10-10", today(), Timestamp::now())?;
        Ok(p)
    })
    .unwrap()
}

/// An open weekly group from Tuesday 2026-10-27 (session 5 is today, 2026-11-24),
/// active, with `names` enrolled.
pub fn running_group(s: &mut VaultAccess, names: &[&str]) -> Running {
    let now = Instant::now();
    let mut new = cbt_group(day("2026-10-27"));
    new.group.membership = Membership::Open;
    new.group.closes_after_session = None;
    let g = s
        .act(now, |tx| new_group::create_group(tx, &new, Timestamp::now()))
        .unwrap()
        .0;
    let places = names.iter().map(|n| (n.to_string(), enrolled(s, g, n))).collect();
    s.act(now, |tx| {
        cohort::practice::groups::set_status(
            tx,
            g,
            GroupStatus::Active,
            Some(names.len() as u32),
            Timestamp::now(),
        )
    })
    .unwrap();
    let sessions = s
        .read(now, |c| cohort::practice::groups::program(c, g))
        .unwrap()
        .sessions
        .iter()
        .map(|x| x.id)
        .collect();
    Running {
        group: g,
        places,
        sessions,
    }
}

/// Records sessions `numbers` (past) as held, everyone present but for `marks`.
pub fn hold_with(s: &mut VaultAccess, r: &Running, number: usize, marks: &[(&str, &str, Option<i64>)]) {
    let session = r.session(number);
    s.act(Instant::now(), |tx| {
        run::record_held(tx, session, today(), None, Timestamp::now())?;
        let sheet: Vec<MarkInput> = attendance::expected(tx, session)?
            .into_iter()
            .map(|e| {
                let m = marks.iter().find(|m| m.0 == e.legal_name);
                MarkInput {
                    place_id: e.place_id,
                    status: m.map(|m| m.1).unwrap_or("present").into(),
                    minutes: m.and_then(|m| m.2),
                }
            })
            .collect();
        attendance::save_sheet(tx, session, &sheet, at("19:30:00"))
    })
    .unwrap();
}
