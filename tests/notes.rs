//! Session notes: prefilled drafts that save as typed, every refused input
//! with its own message and nothing changed, the checks before signing
//! (other members named, near-duplicates), signed notes final in the core
//! and in the database, addenda, risk until answered, Today's unsigned
//! notes, search, a member's notes, psychotherapy notes kept apart, and the
//! audit trail of every view and change.

mod common;

use std::time::Instant;

use cohort::notes::formats::NoteFormat;
use cohort::notes::{drafts, mentions, read, DraftInput, Participation, Risk};
use cohort::settings::{self, ClinicianProfile};
use cohort::values::Timestamp;
use cohort::ErrorCode;
use common::notes::*;
use common::sessions::*;

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
        settings::save_profile(tx, &ClinicianProfile::default(), Timestamp::now())
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
            Timestamp::now(),
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
    let passages = &check.similar[0].passages;
    assert!(
        passages[0].starts_with("Practised paced breathing") && passages[1].contains("Named the thought"),
        "the shared passages, in the order they are written: {:?}",
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
