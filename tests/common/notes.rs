//! Helpers for the notes tests: a group of nine with two sessions held and
//! the clinician's profile saved, and short ways to open, save and sign.

use std::time::Instant;

use cohort::notes::{drafts, read, signing, DraftInput, NoteId, Participation, Risk};
use cohort::settings::{self, ClinicianProfile};
use cohort::values::Timestamp;
use cohort::VaultAccess;

use super::sessions::*;
use super::*;

pub const NINE: [&str; 9] = [
    "Ana Ruiz",
    "Ben Cole",
    "Cara Diaz",
    "Dev Shah",
    "Will Hope",
    "Femi Ade",
    "Gus Park",
    "Anne-Marie O'Brien",
    "Ørjan Lie",
];

pub const PROGRESS: &str = "Practised paced breathing in the check-in and described using it twice at work \
    this week. Named the thought 'I will fail' and found one piece of evidence against it. \
    Agreed to keep the thought record on three days before the next session.";

pub fn setup() -> (TestVault, VaultAccess, Running) {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &NINE);
    hold_with(&mut s, &r, 1, &[("Dev Shah", "absent_excused", None)]);
    hold_with(&mut s, &r, 2, &[]);
    s.act(Instant::now(), |tx| {
        settings::save_profile(
            tx,
            &ClinicianProfile {
                full_name: "Dana Reyes".into(),
                credentials: "LCSW".into(),
                ..Default::default()
            },
            Timestamp::now(),
        )
    })
    .unwrap();
    (tv, s, r)
}

pub fn open(s: &mut VaultAccess, r: &Running, session: usize, who: Option<&str>) -> cohort::Result<NoteId> {
    let place = who.map(|w| r.place(w));
    s.act(Instant::now(), |tx| {
        drafts::open(tx, r.session(session), place, at("20:00:00"))
    })
}

pub fn progress(text: &str) -> DraftInput {
    let mut d = DraftInput {
        participation: Some(Participation::Active),
        risk: Some(Risk::None),
        ..Default::default()
    };
    d.fields.insert("progress".into(), text.into());
    d
}

pub fn save(s: &mut VaultAccess, id: NoteId, d: &DraftInput) -> cohort::Result<()> {
    s.act(Instant::now(), |tx| {
        drafts::save_draft(tx, id, d, at("20:01:00")).map(|_| ())
    })
}

pub fn sign(s: &mut VaultAccess, id: NoteId, despite_similar: bool) -> cohort::Result<()> {
    s.act(Instant::now(), |tx| {
        signing::sign(tx, id, despite_similar, at("20:30:00"))
    })
}

pub fn note(s: &mut VaultAccess, id: NoteId) -> read::Note {
    s.read(Instant::now(), |c| read::note(c, id)).unwrap()
}

pub fn sql(s: &mut VaultAccess, statement: &str) -> String {
    s.act(Instant::now(), |tx| Ok(tx.execute_batch(statement)))
        .unwrap()
        .unwrap_err()
        .to_string()
}
