//! Session notes after signing: dated, signed addenda; risk on Today and
//! the record until answered; Today's unsigned notes; search and a member's
//! notes; psychotherapy notes kept apart; the audit trail of every view and
//! change. (Writing, checking and signing are in notes.rs.)

mod common;

use std::time::Instant;

use cohort::notes::signing::RiskResponseInput;
use cohort::notes::{attention, private, read, search, signing, DraftInput, NoteId, Risk};
use cohort::sessions::attendance::{self, MarkInput};
use cohort::settings;
use cohort::vault::audit;
use cohort::ErrorCode;
use common::notes::*;
use common::roster::today;
use common::sessions::*;

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

/// What the triggers keep in `notes_due` is what the view says is unfinished.
fn due_matches_the_view(s: &mut cohort::VaultAccess) {
    let (kept, derived): (String, String) = s
        .read(Instant::now(), |c| {
            Ok(c.query_row(
                "SELECT (SELECT group_concat(session_id) FROM (SELECT session_id FROM notes_due ORDER BY 1)),
                        (SELECT group_concat(session_id) FROM (SELECT session_id FROM sessions_with_notes_to_finish ORDER BY 1))",
                [],
                |r| Ok((r.get::<_, Option<String>>(0)?.unwrap_or_default(), r.get::<_, Option<String>>(1)?.unwrap_or_default())),
            )?)
        })
        .unwrap();
    assert_eq!(kept, derived, "notes_due is kept in step");
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
    due_matches_the_view(&mut s);

    // The last one signed: session 1 is finished and leaves the list…
    let last = open(&mut s, &r, 1, Some(NINE[8])).unwrap();
    sign(&mut s, last, false).unwrap();
    let listed = s
        .read(Instant::now(), |c| attention::unsigned(c, today()))
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].session_number, 2);
    due_matches_the_view(&mut s);
    // …until attendance is corrected: Dev Shah was there after all, and his note is due.
    s.act(Instant::now(), |tx| {
        let sheet: Vec<MarkInput> = attendance::expected(tx, r.session(1))?
            .into_iter()
            .map(|e| MarkInput {
                place_id: e.place_id,
                status: "present".into(),
                minutes: None,
            })
            .collect();
        attendance::save_sheet(tx, r.session(1), &sheet, at("21:00:00"))
    })
    .unwrap();
    let listed = s
        .read(Instant::now(), |c| attention::unsigned(c, today()))
        .unwrap();
    assert_eq!(
        (listed[0].session_number, listed[0].not_started, listed[0].drafts),
        (1, 1, 0)
    );
    due_matches_the_view(&mut s);
    let report = cohort::practice::check::check(s.vault(Instant::now()).unwrap()).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    // `cohort check` notices a list that has drifted from the notes.
    s.act(Instant::now(), |tx| Ok(tx.execute("DELETE FROM notes_due", [])?))
        .unwrap();
    let report = cohort::practice::check::check(s.vault(Instant::now()).unwrap()).unwrap();
    assert!(
        report.problems.iter().any(|p| p.contains("notes to finish")),
        "{:?}",
        report.problems
    );
    s.act(Instant::now(), |tx| {
        Ok(tx.execute(
            "INSERT INTO notes_due SELECT session_id FROM sessions_with_notes_to_finish",
            [],
        )?)
    })
    .unwrap();

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
    let both: Vec<NoteId> = s
        .read(Instant::now(), |c| search::search(c, "the"))
        .unwrap()
        .iter()
        .map(|h| h.note_id)
        .collect();
    assert_eq!(both, [two, one], "the newest session first");
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
