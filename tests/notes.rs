//! Session notes: prefilled drafts that save as typed, every refused input
//! with its own message and nothing changed, the checks before signing
//! (other members named, near-duplicates), signed notes final in the core
//! and in the database, addenda, risk until answered, Today's unsigned
//! notes, search, a member's notes, psychotherapy notes kept apart, and the
//! audit trail of every view and change.

mod common;

use std::time::Instant;

use cohort::notes::formats::NoteFormat;
use cohort::notes::signing::RiskResponseInput;
use cohort::notes::{
    attention, drafts, mentions, private, read, search, signing, DraftInput, NoteId, Participation, Risk,
};
use cohort::settings::{self, ClinicianProfile};
use cohort::vault::audit;
use cohort::{ErrorCode, VaultAccess};
use common::roster::today;
use common::sessions::*;
use common::*;

const NINE: [&str; 9] = [
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

const PROGRESS: &str = "Practised paced breathing in the check-in and described using it twice at work \
    this week. Named the thought 'I will fail' and found one piece of evidence against it. \
    Agreed to keep the thought record on three days before the next session.";

fn setup() -> (TestVault, VaultAccess, Running) {
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
        )
    })
    .unwrap();
    (tv, s, r)
}

fn open(s: &mut VaultAccess, r: &Running, session: usize, who: Option<&str>) -> cohort::Result<NoteId> {
    let place = who.map(|w| r.place(w));
    s.act(Instant::now(), |tx| {
        drafts::open(tx, r.session(session), place, at("20:00:00"))
    })
}

fn progress(text: &str) -> DraftInput {
    let mut d = DraftInput {
        participation: Some(Participation::Active),
        risk: Some(Risk::None),
        ..Default::default()
    };
    d.fields.insert("progress".into(), text.into());
    d
}

fn save(s: &mut VaultAccess, id: NoteId, d: &DraftInput) -> cohort::Result<()> {
    s.act(Instant::now(), |tx| {
        drafts::save_draft(tx, id, d, at("20:01:00")).map(|_| ())
    })
}

fn sign(s: &mut VaultAccess, id: NoteId, despite_similar: bool) -> cohort::Result<()> {
    s.act(Instant::now(), |tx| {
        signing::sign(tx, id, despite_similar, at("20:30:00"))
    })
}

fn note(s: &mut VaultAccess, id: NoteId) -> read::Note {
    s.read(Instant::now(), |c| read::note(c, id)).unwrap()
}

fn sql(s: &mut VaultAccess, statement: &str) -> String {
    s.act(Instant::now(), |tx| Ok(tx.execute_batch(statement)))
        .unwrap()
        .unwrap_err()
        .to_string()
}

#[test]
fn the_group_note_is_prefilled_from_the_plan_in_the_groups_format() {
    let (_tv, mut s, r) = setup();
    let id = open(&mut s, &r, 1, None).unwrap();
    let n = note(&mut s, id);
    assert_eq!(n.format, NoteFormat::Soap);
    let keys: Vec<&str> = n.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "topic",
            "interventions",
            "subjective",
            "objective",
            "assessment",
            "plan"
        ]
    );
    assert!(!n.fields[0].text.is_empty(), "the topic comes from the plan");
    assert!(!n.fields[1].text.is_empty(), "the planned interventions too");
    assert_eq!(
        open(&mut s, &r, 1, None).unwrap(),
        id,
        "one group note per session"
    );

    s.act(Instant::now(), |tx| {
        drafts::set_group_note_format(tx, r.group, NoteFormat::Birp)
    })
    .unwrap();
    let second = open(&mut s, &r, 2, None).unwrap();
    let birp = note(&mut s, second);
    let keys: Vec<&str> = birp.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["topic", "behavior", "intervention", "response", "plan"]);
    assert!(
        !birp.fields[2].text.is_empty(),
        "planned interventions go to Intervention"
    );
    assert_eq!(
        note(&mut s, id).format,
        NoteFormat::Soap,
        "an existing note keeps its format"
    );
    let e = s
        .act(Instant::now(), |tx| {
            drafts::set_group_note_format(tx, r.group, NoteFormat::Progress)
        })
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Validation);
}

#[test]
fn notes_are_written_for_held_sessions_and_members_who_attended() {
    let (_tv, mut s, r) = setup();
    let e = open(&mut s, &r, 3, None).unwrap_err();
    assert!(e.to_string().contains("once a session has been held"), "{e}");
    let e = open(&mut s, &r, 1, Some("Dev Shah")).unwrap_err();
    assert!(e.to_string().contains("Dev Shah was absent"), "{e}");
    assert!(open(&mut s, &r, 1, Some("Ana Ruiz")).is_ok());

    // The database refuses the same, whatever writes to it.
    let absent = r.place("Dev Shah");
    let msg = sql(
        &mut s,
        &format!(
            "INSERT INTO notes (session_id, place_id, format, created_at, updated_at)
             VALUES ('{}', '{absent}', 'progress', '2026-11-24T20:00:00.000Z', '2026-11-24T20:00:00.000Z')",
            r.session(1)
        ),
    );
    assert!(msg.contains("for a member who attended"), "{msg}");
    let msg = sql(
        &mut s,
        &format!(
            "INSERT INTO notes (session_id, format, created_at, updated_at)
             VALUES ('{}', 'soap', '2026-11-24T20:00:00.000Z', '2026-11-24T20:00:00.000Z')",
            r.session(3)
        ),
    );
    assert!(msg.contains("held"), "{msg}");
}

#[test]
fn a_draft_saves_as_typed_and_refuses_what_its_format_cannot_hold() {
    let (_tv, mut s, r) = setup();
    let id = open(&mut s, &r, 1, Some("Ana Ruiz")).unwrap();
    save(&mut s, id, &progress(PROGRESS)).unwrap();
    let before = note(&mut s, id);
    assert_eq!(before.fields[0].text, PROGRESS);

    let mut wrong = progress("changed");
    wrong.fields.insert("subjective".into(), "x".into());
    let e = save(&mut s, id, &wrong).unwrap_err();
    assert_eq!(e.field(), Some("subjective"));
    assert!(e.to_string().contains("no field called"), "{e}");

    let long = progress(&"a".repeat(20_001));
    let e = save(&mut s, id, &long).unwrap_err();
    assert!(e.to_string().contains("20001 characters long"), "{e}");

    let group = open(&mut s, &r, 1, None).unwrap();
    let mut with_participation = DraftInput {
        participation: Some(Participation::Active),
        ..Default::default()
    };
    with_participation.fields.insert("topic".into(), "x".into());
    let e = save(&mut s, group, &with_participation).unwrap_err();
    assert!(
        e.to_string().contains("belong in each member's progress note"),
        "{e}"
    );
    assert_eq!(
        note(&mut s, id).fields[0].text,
        before.fields[0].text,
        "nothing changed"
    );
}

#[test]
fn signing_needs_a_complete_note_and_the_clinicians_name_and_credentials() {
    let (_tv, mut s, r) = setup();
    let id = open(&mut s, &r, 1, Some("Ana Ruiz")).unwrap();
    let mut d = progress(PROGRESS);
    d.participation = None;
    save(&mut s, id, &d).unwrap();
    assert_eq!(
        sign(&mut s, id, false).unwrap_err().field(),
        Some("participation")
    );
    d.participation = Some(Participation::OwnWords);
    save(&mut s, id, &d).unwrap();
    assert_eq!(
        sign(&mut s, id, false).unwrap_err().field(),
        Some("participation_words")
    );
    d.participation_words = "Quiet at first, then led the role-play".into();
    d.risk = Some(Risk::Observed);
    save(&mut s, id, &d).unwrap();
    assert_eq!(
        sign(&mut s, id, false).unwrap_err().field(),
        Some("risk_description")
    );
    d.risk = Some(Risk::None);
    save(&mut s, id, &d).unwrap();

    s.act(Instant::now(), |tx| {
        settings::save_profile(tx, &ClinicianProfile::default())
    })
    .unwrap();
    let e = sign(&mut s, id, false).unwrap_err();
    assert_eq!(e.field(), Some("profile"));
    assert!(note(&mut s, id).signature.is_none());
    s.act(Instant::now(), |tx| {
        settings::save_profile(
            tx,
            &ClinicianProfile {
                full_name: "Dana Reyes".into(),
                credentials: "LCSW".into(),
                ..Default::default()
            },
        )
    })
    .unwrap();
    sign(&mut s, id, false).unwrap();
    let sig = note(&mut s, id).signature.unwrap();
    assert_eq!(
        (sig.signed_by.as_str(), sig.credentials.as_str()),
        ("Dana Reyes", "LCSW")
    );
    assert_eq!(sig.signed_at, at("20:30:00"));

    let group = open(&mut s, &r, 1, None).unwrap();
    let e = sign(&mut s, group, false).unwrap_err();
    assert!(e.to_string().contains("only what was prefilled"), "{e}");
}

#[test]
fn a_signed_note_is_final_in_the_core_and_in_the_database() {
    let (_tv, mut s, r) = setup();
    let id = open(&mut s, &r, 1, Some("Ana Ruiz")).unwrap();
    save(&mut s, id, &progress(PROGRESS)).unwrap();
    sign(&mut s, id, false).unwrap();
    let signed = note(&mut s, id);

    let e = save(&mut s, id, &progress("rewritten")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict);
    assert!(e.to_string().contains("signed and final"), "{e}");
    let e = s.act(Instant::now(), |tx| drafts::discard(tx, id)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict);
    assert_eq!(sign(&mut s, id, false).unwrap_err().code(), ErrorCode::Conflict);

    for statement in [
        format!(
            "UPDATE notes SET fields = '{{\"progress\":\"rewritten\"}}' WHERE id = {}",
            id.0
        ),
        format!(
            "UPDATE notes SET signed_at = NULL, signed_by = NULL, signed_credentials = NULL WHERE id = {}",
            id.0
        ),
        format!("DELETE FROM notes WHERE id = {}", id.0),
        format!(
            "INSERT OR REPLACE INTO notes (id, session_id, place_id, format, created_at, updated_at)
             VALUES ({}, '{}', '{}', 'progress', '2026-11-24T21:00:00.000Z', '2026-11-24T21:00:00.000Z')",
            id.0,
            r.session(1),
            r.place("Ana Ruiz")
        ),
        format!(
            "INSERT OR REPLACE INTO notes (session_id, place_id, format, created_at, updated_at)
             VALUES ('{}', '{}', 'progress', '2026-11-24T21:00:00.000Z', '2026-11-24T21:00:00.000Z')",
            r.session(1),
            r.place("Ana Ruiz")
        ),
    ] {
        let msg = sql(&mut s, &statement);
        assert!(
            msg.contains("signed note") || msg.contains("never replaced"),
            "{statement}: {msg}"
        );
    }
    let after = note(&mut s, id);
    assert_eq!(after.fields[0].text, signed.fields[0].text);
    assert_eq!(after.signature, signed.signature);
}

#[test]
fn a_draft_can_be_discarded_and_its_number_is_never_given_again() {
    let (_tv, mut s, r) = setup();
    let id = open(&mut s, &r, 1, Some("Ana Ruiz")).unwrap();
    s.act(Instant::now(), |tx| drafts::discard(tx, id)).unwrap();
    let e = s.read(Instant::now(), |c| read::note(c, id)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    let again = open(&mut s, &r, 1, Some("Ana Ruiz")).unwrap();
    assert!(again.0 > id.0, "{again:?} after {id:?}");
}

#[test]
fn another_members_name_is_shown_and_must_be_changed_or_confirmed_before_signing() {
    let (_tv, mut s, r) = setup();
    let id = open(&mut s, &r, 1, Some("Ana Ruiz")).unwrap();
    let text = "Ana said she will hope for the best. Sat next to BEN and agreed with anne marie; \
                Ørjan's story moved her. Later Will asked her a question.";
    save(&mut s, id, &progress(text)).unwrap();
    let check = s.read(Instant::now(), |c| read::check(c, id)).unwrap();
    let written: Vec<&str> = check.mentions.iter().map(|m| m.written.as_str()).collect();
    assert_eq!(
        written,
        ["BEN", "anne marie", "Ørjan", "Will"],
        "own name, 'will' and 'hope' are not flagged"
    );
    assert_eq!(check.mentions[0].members, ["Ben Cole"]);
    assert!(
        check.mentions[0].before.ends_with("Sat next to "),
        "{:?}",
        check.mentions[0]
    );

    let e = sign(&mut s, id, false).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Confirm);
    assert!(e.to_string().contains("\"BEN\" (Progress toward goals)"), "{e}");
    assert!(note(&mut s, id).signature.is_none());

    // Changing the text clears three; confirming the fourth lets it be signed.
    save(
        &mut s,
        id,
        &progress("Ana said she will hope for the best. Later Will asked her a question."),
    )
    .unwrap();
    let left = s
        .act(Instant::now(), |tx| {
            let key = read::check(tx, id)?.mentions[0].key.clone();
            mentions::confirm(tx, id, &key)
        })
        .unwrap();
    assert!(left.iter().all(|m| m.confirmed));
    sign(&mut s, id, false).unwrap();
}

#[test]
fn a_copied_note_is_flagged_with_the_overlapping_text_and_signed_only_when_the_clinician_says_so() {
    let (_tv, mut s, r) = setup();
    let ana = open(&mut s, &r, 2, Some("Ana Ruiz")).unwrap();
    save(&mut s, ana, &progress(PROGRESS)).unwrap();
    let cara = open(&mut s, &r, 2, Some("Cara Diaz")).unwrap();
    save(
        &mut s,
        cara,
        &progress(&PROGRESS.replace("twice at work", "once at home")),
    )
    .unwrap();
    let check = s.read(Instant::now(), |c| read::check(c, cara)).unwrap();
    assert_eq!(check.similar.len(), 1);
    assert_eq!(check.similar[0].other, ana);
    assert!(check.similar[0].other_label.contains("Ana Ruiz"));
    assert!(
        check.similar[0].passages[0].contains("Named the thought"),
        "{:?}",
        check.similar[0]
    );
    let e = sign(&mut s, cara, false).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Confirm);
    assert!(e.to_string().contains("% the same as Ana Ruiz's note"), "{e}");
    sign(&mut s, cara, true).unwrap();

    // Against the member's own earlier notes too.
    let ben1 = open(&mut s, &r, 1, Some("Ben Cole")).unwrap();
    save(&mut s, ben1, &progress(PROGRESS)).unwrap();
    sign(&mut s, ben1, false).unwrap();
    let ben2 = open(&mut s, &r, 2, Some("Ben Cole")).unwrap();
    save(
        &mut s,
        ben2,
        &progress(&PROGRESS.replace("three days", "four days")),
    )
    .unwrap();
    let check = s.read(Instant::now(), |c| read::check(c, ben2)).unwrap();
    assert!(
        check
            .similar
            .iter()
            .any(|x| x.other == ben1 && x.other_label.contains("Session 1")),
        "{check:?}"
    );

    // Notes written separately are not flagged.
    let gus = open(&mut s, &r, 2, Some("Gus Park")).unwrap();
    save(&mut s, gus, &progress("Quiet today; said the week had been hard after a row with his brother. Did not try the breathing exercise in the group but agreed to practise once at home.")).unwrap();
    assert!(s
        .read(Instant::now(), |c| read::check(c, gus))
        .unwrap()
        .similar
        .is_empty());
}

#[test]
fn addenda_are_dated_signed_and_final() {
    let (_tv, mut s, r) = setup();
    let id = open(&mut s, &r, 1, Some("Ana Ruiz")).unwrap();
    save(&mut s, id, &progress(PROGRESS)).unwrap();
    let e = s
        .act(Instant::now(), |tx| {
            signing::add_addendum(tx, id, "x", at("21:00:00"))
        })
        .unwrap_err();
    assert!(e.to_string().contains("still a draft"), "{e}");
    sign(&mut s, id, false).unwrap();
    let e = s
        .act(Instant::now(), |tx| {
            signing::add_addendum(tx, id, "  ", at("21:00:00"))
        })
        .unwrap_err();
    assert_eq!(e.field(), Some("addendum"));
    let a = s
        .act(Instant::now(), |tx| {
            signing::add_addendum(
                tx,
                id,
                "Correction: the thought record was agreed for two days.",
                at("21:00:00"),
            )
        })
        .unwrap();
    assert_eq!(a.signature.signed_by, "Dana Reyes");
    assert_eq!(note(&mut s, id).addenda, vec![a.clone()]);
    for statement in [
        format!("UPDATE note_addenda SET text = 'x' WHERE id = {}", a.id),
        format!("DELETE FROM note_addenda WHERE id = {}", a.id),
        format!(
            "INSERT OR REPLACE INTO note_addenda (id, note_id, text, written_at, signed_by, signed_credentials)
             VALUES ({}, {}, 'x', '2026-11-24T22:00:00.000Z', 'X', 'Y')",
            a.id, id.0
        ),
    ] {
        let msg = sql(&mut s, &statement);
        assert!(msg.contains("addendum"), "{statement}: {msg}");
    }
    assert_eq!(note(&mut s, id).addenda, vec![a]);
}

#[test]
fn risk_observed_is_on_today_and_the_record_until_a_response_is_recorded() {
    let (_tv, mut s, r) = setup();
    let id = open(&mut s, &r, 2, Some("Gus Park")).unwrap();
    let mut d = progress(PROGRESS);
    d.risk = Some(Risk::Observed);
    d.risk_description = "Spoke of feeling hopeless; denied a plan.".into();
    save(&mut s, id, &d).unwrap();
    let risks = s.read(Instant::now(), attention::open_risks).unwrap();
    assert_eq!(risks.len(), 1);
    assert_eq!(risks[0].name, "Gus Park");
    let member = risks[0].member_id;
    let listed = s.read(Instant::now(), |c| read::member_notes(c, member)).unwrap();
    assert!(listed[0].risk_open);

    let input = |on: &str, response: &str| RiskResponseInput {
        responded_on: on.into(),
        response: response.into(),
    };
    let e = s
        .act(Instant::now(), |tx| {
            signing::record_risk_response(tx, id, &input("2026-12-01", "Called"), today(), at("21:00:00"))
        })
        .unwrap_err();
    assert!(e.to_string().contains("cannot be in the future"), "{e}");
    let e = s
        .act(Instant::now(), |tx| {
            signing::record_risk_response(tx, id, &input("2026-11-24", " "), today(), at("21:00:00"))
        })
        .unwrap_err();
    assert_eq!(e.field(), Some("response"));
    s.act(Instant::now(), |tx| {
        signing::record_risk_response(
            tx,
            id,
            &input("2026-11-24", "Safety plan reviewed by phone; GP informed."),
            today(),
            at("21:00:00"),
        )
    })
    .unwrap();
    assert!(s.read(Instant::now(), attention::open_risks).unwrap().is_empty());
    assert!(!s.read(Instant::now(), |c| read::member_notes(c, member)).unwrap()[0].risk_open);
    // The risk that was answered stays as observed, even in the draft.
    d.risk = Some(Risk::None);
    assert_eq!(save(&mut s, id, &d).unwrap_err().code(), ErrorCode::Conflict);
    let msg = sql(
        &mut s,
        &format!("UPDATE notes SET risk = 'none' WHERE id = {}", id.0),
    );
    assert!(msg.contains("stays as it was observed"), "{msg}");
    let msg = sql(
        &mut s,
        &format!("DELETE FROM risk_responses WHERE note_id = {}", id.0),
    );
    assert!(msg.contains("final"), "{msg}");
    let msg = sql(&mut s, &format!("DELETE FROM notes WHERE id = {}", id.0));
    assert!(msg.contains("never deleted"), "{msg}");
}

#[test]
fn today_lists_held_sessions_whose_notes_are_not_all_signed_after_the_threshold() {
    let (_tv, mut s, r) = setup();
    // Sessions 1 (Oct 27) and 2 (Nov 3) were held weeks ago, nothing written.
    let listed = s
        .read(Instant::now(), |c| attention::unsigned(c, today()))
        .unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].session_number, 1);
    assert_eq!(
        listed[0].not_started,
        1 + 8,
        "the group note and the eight who attended"
    );
    assert_eq!(listed[1].not_started, 1 + 9);

    // Write and sign every note of session 1: it leaves the list.
    let n = NINE.iter().filter(|n| **n != "Dev Shah").count();
    let group = open(&mut s, &r, 1, None).unwrap();
    let mut g = DraftInput::default();
    g.fields.insert(
        "assessment".into(),
        "Cohesive; members linked each other's examples.".into(),
    );
    save(&mut s, group, &g).unwrap();
    sign(&mut s, group, false).unwrap();
    for (i, who) in NINE.iter().filter(|n| **n != "Dev Shah").enumerate() {
        let id = open(&mut s, &r, 1, Some(who)).unwrap();
        save(
            &mut s,
            id,
            &progress(&format!(
                "Session one, member {i}: engaged with the exercise in their own way."
            )),
        )
        .unwrap();
        if i + 1 < n {
            sign(&mut s, id, false).unwrap();
        }
    }
    let listed = s
        .read(Instant::now(), |c| attention::unsigned(c, today()))
        .unwrap();
    assert_eq!(
        (listed[0].session_number, listed[0].not_started, listed[0].drafts),
        (1, 0, 1)
    );

    // A held session within the threshold is not listed yet.
    let later = today() + chrono::Days::new(0);
    s.act(Instant::now(), |tx| settings::set_notes_overdue_days(tx, 30))
        .unwrap();
    assert!(s
        .read(Instant::now(), |c| attention::unsigned(c, later))
        .unwrap()
        .iter()
        .all(|u| u.session_number == 1));
    let e = s
        .act(Instant::now(), |tx| settings::set_notes_overdue_days(tx, 0))
        .unwrap_err();
    assert_eq!(e.field(), Some("notes_overdue_days"));
    assert_eq!(s.settings(Instant::now()).unwrap().notes_overdue_days, 30);
}

#[test]
fn search_finds_a_note_by_a_word_in_it_and_a_members_notes_come_newest_first() {
    let (_tv, mut s, r) = setup();
    let one = open(&mut s, &r, 1, Some("Ana Ruiz")).unwrap();
    save(
        &mut s,
        one,
        &progress("Talked about the café where the panic started; practised grounding."),
    )
    .unwrap();
    sign(&mut s, one, false).unwrap();
    let two = open(&mut s, &r, 2, Some("Ana Ruiz")).unwrap();
    save(
        &mut s,
        two,
        &progress("Drafted a thought record about the bus journey."),
    )
    .unwrap();

    let hits = s.read(Instant::now(), |c| search::search(c, "cafe")).unwrap();
    assert_eq!(hits.len(), 1, "accents aside");
    assert_eq!(hits[0].note_id, one);
    assert_eq!(hits[0].found, "café");
    assert_eq!(hits[0].member_name.as_deref(), Some("Ana Ruiz"));
    assert!(hits[0].after.starts_with(" where the panic"), "{:?}", hits[0]);
    assert_eq!(
        s.read(Instant::now(), |c| search::search(c, "thought rec"))
            .unwrap()[0]
            .note_id,
        two
    );
    assert!(s
        .read(Instant::now(), |c| search::search(c, "\"); DROP TABLE notes; --"))
        .unwrap()
        .is_empty());
    assert!(s
        .read(Instant::now(), |c| search::search(c, "   "))
        .unwrap()
        .is_empty());
    // A draft changed is found by its new words only.
    save(&mut s, two, &progress("Drafted a plan for the train.")).unwrap();
    assert!(s
        .read(Instant::now(), |c| search::search(c, "bus"))
        .unwrap()
        .is_empty());
    assert_eq!(
        s.read(Instant::now(), |c| search::search(c, "train")).unwrap()[0].note_id,
        two
    );

    let member = note(&mut s, one).member.unwrap().member_id;
    let listed: Vec<NoteId> = s
        .read(Instant::now(), |c| read::member_notes(c, member))
        .unwrap()
        .iter()
        .map(|n| n.note_id)
        .collect();
    assert_eq!(listed, [two, one]);
}

#[test]
fn psychotherapy_notes_are_kept_apart_and_only_shown_when_opened() {
    let (_tv, mut s, r) = setup();
    let session = r.session(1);
    s.act(Instant::now(), |tx| {
        private::save(
            tx,
            session,
            "My own countertransference: impatience with silence.",
            at("21:00:00"),
        )
    })
    .unwrap();
    assert!(s
        .read(Instant::now(), |c| search::search(c, "countertransference"))
        .unwrap()
        .is_empty());
    let notes = s
        .read(Instant::now(), |c| read::session_notes(c, session))
        .unwrap();
    assert!(notes.has_psychotherapy_note);
    assert!(notes.group_note.is_none());
    let opened = s.act(Instant::now(), |tx| private::open(tx, session)).unwrap();
    assert!(opened.text.contains("impatience"));
    let e = s
        .act(Instant::now(), |tx| {
            private::save(tx, r.session(3), "x", at("21:00:00"))
        })
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict);
    let msg = sql(
        &mut s,
        &format!("DELETE FROM psychotherapy_notes WHERE session_id = '{session}'"),
    );
    assert!(msg.contains("never deleted"), "{msg}");
}

#[test]
fn every_view_change_signing_and_addendum_is_written_to_the_audit_trail() {
    let (_tv, mut s, r) = setup();
    let id = open(&mut s, &r, 1, Some("Ana Ruiz")).unwrap();
    for _ in 0..3 {
        save(&mut s, id, &progress(PROGRESS)).unwrap(); // the same minute: one entry
    }
    s.act(Instant::now(), |tx| read::open_to_read(tx, id)).unwrap();
    sign(&mut s, id, false).unwrap();
    s.act(Instant::now(), |tx| {
        signing::add_addendum(tx, id, "Added later.", at("21:00:00"))
    })
    .unwrap();
    s.act(Instant::now(), |tx| private::open(tx, r.session(1)))
        .unwrap();
    let events: Vec<String> = s
        .read(Instant::now(), |c| audit::recent(c, 7))
        .unwrap()
        .into_iter()
        .rev()
        .map(|e| e.label)
        .collect();
    assert_eq!(
        events,
        [
            "Profile updated",
            "Note started",
            "Note draft changed",
            "Note opened",
            "Note signed",
            "Addendum added to a signed note",
            "Psychotherapy note opened"
        ]
    );
}
