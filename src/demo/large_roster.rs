//! The large practice's people: 4,000 members with names from many places,
//! each group filled up to its capacity (or part of it while still
//! planned), waitlists for full groups, someone found not suitable now and
//! then, dropouts, completions at the end of past groups, and agreements to
//! the ground rules. Former members join later groups once 4,000 people
//! exist.

use chrono::{Days, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

use crate::error::Result;
use crate::ids::{GroupId, MemberId, PlaceId};
use crate::practice::leaving;
use crate::roster::agreements;
use crate::roster::members::{self, MemberInput};
use crate::roster::places::{self, Leaving, LeavingKind, ScreeningOutcome};
use crate::values::Timestamp;

/// The members the large practice holds.
pub const MEMBERS: usize = 4_000;

const FIRST: &[&str] = &[
    "José",
    "Siobhán",
    "Mary-Jane",
    "Алексей",
    "Lan",
    "Zoë",
    "Tomás",
    "Aisha",
    "Ørjan",
    "Daniel",
    "Grace",
    "Ahmed",
    "Chloé",
    "Søren",
    "Łukasz",
    "Renée",
    "Mateo",
    "Priya",
    "Kwame",
    "Yuki",
    "Fatima",
    "Björn",
    "Élodie",
    "Dmitri",
    "Amara",
    "Seán",
    "Noémie",
    "Ngozi",
    "Ines",
    "Hamid",
    "Olga",
    "Rafael",
    "Ana",
    "Marco",
    "Leila",
    "Kofi",
    "Hana",
    "Ewa",
    "Jonas",
    "Thandiwe",
    "Luca",
    "Maya",
    "Omar",
    "Sofía",
    "Wei",
    "Анна",
    "Tariq",
    "Ingrid",
    "Émile",
    "Nadia",
];
const LAST: &[&str] = &[
    "Núñez",
    "O'Neil",
    "Okoro",
    "Смирнов",
    "Nguyễn",
    "Saint-Clair",
    "Ferreira",
    "Rahman",
    "Hæstad",
    "Kowalczyk",
    "Liu",
    "Haddad",
    "Dubois",
    "Jørgensen",
    "Wójcik",
    "Lefèvre",
    "García",
    "Sharma",
    "Mensah",
    "Tanaka",
    "Al-Sayed",
    "Lindqvist",
    "Moreau",
    "Иванова",
    "Obi",
    "D'Arcy",
    "Müller",
    "Adeyemi",
    "Costa",
    "Karimi",
    "Petrova",
    "Silva",
    "Rossi",
    "Benali",
    "Owusu",
    "Kim",
    "Nowak",
    "Berg",
    "Ndlovu",
    "Romano",
    "Patel",
    "Farouk",
    "López",
    "Zhang",
    "MacLeod",
    "Hansen",
    "Fontaine",
    "Rizzo",
    "Aydın",
    "Schäfer",
];

/// Who the practice's groups are filled from.
pub(super) struct People {
    created: Vec<MemberId>,
    /// Members whose last place ended with the group: they may join another.
    alumni: Vec<MemberId>,
}

impl People {
    pub(super) fn new() -> People {
        People {
            created: Vec::with_capacity(MEMBERS),
            alumni: Vec::new(),
        }
    }

    pub(super) fn count(&self) -> usize {
        self.created.len()
    }

    fn next(&mut self, conn: &Connection, rng: &mut ChaCha8Rng, today: NaiveDate) -> Result<MemberId> {
        // Now and then a former member joins a later group; once all 4,000
        // exist, later groups are filled from former members only.
        let returning = !self.alumni.is_empty() && (self.created.len() >= MEMBERS || rng.gen_bool(0.08));
        if returning {
            let i = rng.gen_range(0..self.alumni.len());
            return Ok(self.alumni.swap_remove(i));
        }
        let first = FIRST[rng.gen_range(0..FIRST.len())];
        let last = LAST[rng.gen_range(0..LAST.len())];
        let year = rng.gen_range(1950..2004);
        let id = members::create(
            conn,
            &MemberInput {
                legal_name: format!("{first} {last}"),
                pronouns: ["she/her", "he/him", "they/them", ""][rng.gen_range(0..4)].into(),
                date_of_birth: NaiveDate::from_yo_opt(year, rng.gen_range(1..=365))
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                phone: format!("+1 555 {:04}", self.created.len()),
                referral_source: [
                    "Primary care",
                    "Self-referred",
                    "Community mental health team",
                    "Psychiatry",
                ][rng.gen_range(0..4)]
                .into(),
                ..MemberInput::default()
            },
            today,
            Timestamp::now(),
        )?;
        self.created.push(id);
        Ok(id)
    }
}

/// A group's life as the roster sees it.
pub(super) struct GroupLife {
    pub group: GroupId,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub capacity: u32,
    /// Its first session is on or before today.
    pub started: bool,
    /// Its last session is before today.
    pub ended: bool,
}

fn d(x: NaiveDate) -> String {
    x.to_string()
}

/// Refers, screens, consents: one person ready to enrol in `g`.
fn ready(
    conn: &Connection,
    people: &mut People,
    rng: &mut ChaCha8Rng,
    g: &GroupLife,
    today: NaiveDate,
) -> Result<(MemberId, PlaceId, NaiveDate)> {
    let member = people.next(conn, rng, today)?;
    let referred = (g.first - Days::new(rng.gen_range(28..45))).min(today - Days::new(6));
    let place = places::refer(
        conn,
        g.group,
        member,
        &d(referred),
        "Primary care",
        today,
        Timestamp::now(),
    )?;
    let screened = referred + Days::new(rng.gen_range(1..4));
    places::screen(
        conn,
        place,
        &d(screened),
        ScreeningOutcome::Suitable,
        "",
        today,
        Timestamp::now(),
    )?;
    let consented = screened + Days::new(1);
    places::consent(conn, place, &d(consented), today, Timestamp::now())?;
    Ok((member, place, consented + Days::new(1)))
}

/// Fills a group's roster and records the agreements to its first rules.
pub(super) fn fill(
    conn: &Connection,
    people: &mut People,
    rng: &mut ChaCha8Rng,
    goals_rng: &mut ChaCha8Rng,
    g: &GroupLife,
    today: NaiveDate,
) -> Result<Vec<PlaceId>> {
    let target = if g.started {
        g.capacity
    } else {
        rng.gen_range(g.capacity / 2..=g.capacity)
    };
    let mut enrolled = Vec::new();
    for _ in 0..target {
        let (member, place, on) = ready(conn, people, rng, g, today)?;
        places::enrol(conn, place, &d(on), today, Timestamp::now())?;
        agreements::record(conn, place, &d(on), today, Timestamp::now())?;
        super::large_goals::set_goals(conn, goals_rng, &[place], today)?;
        enrolled.push((member, place, on));
    }
    if target == g.capacity && !g.ended {
        for _ in 0..rng.gen_range(0..=2) {
            let (_, place, on) = ready(conn, people, rng, g, today)?;
            places::waitlist(conn, place, &d(on), today, Timestamp::now())?;
        }
    }
    if rng.gen_bool(0.35) {
        let member = people.next(conn, rng, today)?;
        let referred = (g.first - Days::new(40)).min(today - Days::new(6));
        let place = places::refer(
            conn,
            g.group,
            member,
            &d(referred),
            "Emergency department",
            today,
            Timestamp::now(),
        )?;
        places::screen(
            conn,
            place,
            &d(referred + Days::new(3)),
            ScreeningOutcome::NotSuitable,
            "The group is not the right setting now; individual work offered.",
            today,
            Timestamp::now(),
        )?;
    }
    // A dropout a few weeks in, now and then; completions when the group ended.
    let dropout = (g.started && rng.gen_bool(0.3)).then(|| rng.gen_range(0..enrolled.len().max(1)));
    for (i, (member, place, on)) in enrolled.iter().enumerate() {
        if Some(i) == dropout {
            let left = (g.first + Days::new(21)).min(today).max(*on);
            leaving::leave(
                conn,
                *place,
                &Leaving {
                    kind: LeavingKind::DroppedOut,
                    on: d(left),
                    reason: "Could no longer attend at this time.".into(),
                    transferred_to: String::new(),
                },
                today,
                Timestamp::now(),
            )?;
        } else if g.ended {
            leaving::leave(
                conn,
                *place,
                &Leaving {
                    kind: LeavingKind::Completed,
                    on: d(g.last),
                    reason: String::new(),
                    transferred_to: String::new(),
                },
                today,
                Timestamp::now(),
            )?;
            people.alumni.push(*member);
        }
    }
    Ok(enrolled.into_iter().map(|(_, p, _)| p).collect())
}

/// After the rules change: members of past groups agreed again; in running
/// groups most did, and the rest are flagged on the roster.
pub(super) fn agree_again(
    conn: &Connection,
    rng: &mut ChaCha8Rng,
    g: &GroupLife,
    places_in: &[PlaceId],
    today: NaiveDate,
) -> Result<()> {
    for place in places_in {
        let p = places::get(conn, *place)?;
        let open = matches!(p.stage, places::Stage::Enrolled);
        if open && (g.ended || rng.gen_bool(0.7)) {
            let on = p.enrolled_on.unwrap_or(today).max(today - Days::new(3));
            agreements::record(conn, *place, &d(on.min(today)), today, Timestamp::now())?;
        }
    }
    Ok(())
}

/// Refers the members still to be created to groups that take people in,
/// so that the practice holds exactly 4,000 members.
pub(super) fn top_up(
    conn: &Connection,
    people: &mut People,
    rng: &mut ChaCha8Rng,
    open_groups: &[GroupId],
    today: NaiveDate,
) -> Result<()> {
    let mut i = 0;
    while people.count() < MEMBERS && !open_groups.is_empty() {
        let member = people.next(conn, rng, today)?;
        let group = open_groups[i % open_groups.len()];
        places::refer(
            conn,
            group,
            member,
            &d(today - Days::new(rng.gen_range(1..20))),
            "Self-referred",
            today,
            Timestamp::now(),
        )?;
        i += 1;
    }
    Ok(())
}
