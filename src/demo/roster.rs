//! The demo group's roster: nine enrolled with names from many places (an
//! accent, an apostrophe, a hyphen, Cyrillic, Vietnamese), a tenth who
//! dropped out after missing two sessions, two waiting (the first is offered
//! the free place), one not suitable after screening, and agreements
//! recorded for some.

use chrono::{Days, NaiveDate};
use rusqlite::Connection;

use crate::error::Result;
use crate::ids::{GroupId, PlaceId};
use crate::practice::leaving;
use crate::roster::agreements;
use crate::roster::members::{self, MemberInput};
use crate::roster::places::{self, Leaving, LeavingKind, ScreeningOutcome};
use crate::values::Timestamp;

/// (legal name, preferred name, pronouns, date of birth, phone, referral source)
type Person = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const ENROLLED: [Person; 10] = [
    (
        "José Núñez",
        "",
        "he/him",
        "1984-03-12",
        "+1 555 0101",
        "Dr. Patel, primary care",
    ),
    (
        "Siobhán O'Neil",
        "",
        "she/her",
        "1990-07-28",
        "+1 555 0102",
        "Self-referred",
    ),
    (
        "Mary-Jane Okoro",
        "MJ",
        "she/her",
        "1977-11-02",
        "+1 555 0103",
        "Community mental health team",
    ),
    (
        "Алексей Смирнов",
        "Alexei",
        "he/him",
        "1969-01-19",
        "+1 555 0104",
        "Dr. Patel, primary care",
    ),
    (
        "Nguyễn Thị Lan",
        "Lan",
        "she/her",
        "1995-05-05",
        "+1 555 0105",
        "University counselling service",
    ),
    (
        "Zoë Saint-Clair",
        "",
        "they/them",
        "1999-09-30",
        "+1 555 0106",
        "Self-referred",
    ),
    (
        "Tomás Ferreira",
        "",
        "he/him",
        "1981-02-14",
        "+1 555 0107",
        "Employee assistance program",
    ),
    (
        "Aisha Rahman",
        "",
        "she/her",
        "1988-12-08",
        "+1 555 0108",
        "Dr. Okafor, psychiatry",
    ),
    (
        "Ørjan Hæstad",
        "",
        "he/him",
        "1973-06-21",
        "+1 555 0109",
        "Community mental health team",
    ),
    (
        "Daniel Kowalczyk",
        "Dan",
        "he/him",
        "1986-10-03",
        "+1 555 0110",
        "Self-referred",
    ),
];

const WAITING: [Person; 2] = [
    (
        "Grace Liu",
        "",
        "she/her",
        "1992-04-17",
        "+1 555 0111",
        "Dr. Patel, primary care",
    ),
    (
        "Ahmed Haddad",
        "",
        "he/him",
        "1979-08-25",
        "+1 555 0112",
        "Employee assistance program",
    ),
];

const NOT_SUITABLE: Person = (
    "Robert Lang",
    "Bob",
    "he/him",
    "1965-03-03",
    "+1 555 0113",
    "Emergency department",
);

fn add(conn: &Connection, p: &Person, today: NaiveDate) -> Result<crate::ids::MemberId> {
    members::create(
        conn,
        &MemberInput {
            legal_name: p.0.into(),
            preferred_name: p.1.into(),
            pronouns: p.2.into(),
            date_of_birth: p.3.into(),
            phone: p.4.into(),
            referral_source: p.5.into(),
            emergency_name: "On file at intake".into(),
            ..MemberInput::default()
        },
        today,
        Timestamp::now(),
    )
}

/// `p` added, referred, screened suitable and consented on the three `days`.
fn consented(
    conn: &Connection,
    group: GroupId,
    p: &Person,
    days: [String; 3],
    note: &str,
    today: NaiveDate,
) -> Result<PlaceId> {
    let m = add(conn, p, today)?;
    let place = places::refer(conn, group, m, &days[0], p.5, today, Timestamp::now())?;
    places::screen(
        conn,
        place,
        &days[1],
        ScreeningOutcome::Suitable,
        note,
        today,
        Timestamp::now(),
    )?;
    places::consent(conn, place, &days[2], today, Timestamp::now())?;
    Ok(place)
}

/// The roster of the group whose first session is on `first`: everyone
/// enrolled in the weeks before it, the waitlist formed since.
pub(super) fn build(conn: &Connection, group: GroupId, first: NaiveDate, today: NaiveDate) -> Result<()> {
    let before = |days: u64| (first - Days::new(days)).to_string();
    let day = |ago: u64| (today - Days::new(ago)).to_string();
    let mut enrolled = Vec::new();
    for (i, p) in ENROLLED.iter().enumerate() {
        let days = [42, 35, 28].map(|d| before(d - i as u64));
        let place = consented(conn, group, p, days, "Good fit; motivated.", today)?;
        places::enrol(conn, place, &before(21 - i as u64), today, Timestamp::now())?;
        enrolled.push(place);
    }
    for (i, p) in WAITING.iter().enumerate() {
        let days = [20, 14, 10].map(|d| day(d - i as u64));
        let place = consented(conn, group, p, days, "", today)?;
        places::waitlist(conn, place, &day(9 - i as u64), today, Timestamp::now())?;
    }
    let m = add(conn, &NOT_SUITABLE, today)?;
    let place = places::refer(
        conn,
        group,
        m,
        &before(30),
        NOT_SUITABLE.5,
        today,
        Timestamp::now(),
    )?;
    places::screen(
        conn,
        place,
        &before(25),
        ScreeningOutcome::IndividualFirst,
        "Active alcohol use; referred to the addictions service, to be screened again after.",
        today,
        Timestamp::now(),
    )?;
    // Six agreed to the group agreement at intake.
    for place in &enrolled[..6] {
        agreements::record(conn, *place, &before(20), today, Timestamp::now())?;
    }
    Ok(())
}

/// Dan drops out two days ago (after missing sessions 3 and 4): a place
/// frees, and Grace, first on the waitlist, is offered it.
pub(super) fn dan_drops_out(conn: &Connection, dan: PlaceId, today: NaiveDate) -> Result<()> {
    let day = |ago: u64| (today - Days::new(ago)).to_string();
    leaving::leave(
        conn,
        dan,
        &Leaving {
            kind: LeavingKind::DroppedOut,
            on: day(2),
            reason: "Started a new job with evening shifts.".into(),
            transferred_to: String::new(),
        },
        today,
        Timestamp::now(),
    )?;
    Ok(())
}
