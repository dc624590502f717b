//! Members: what a member record holds and refuses, the directory's search
//! (any part of any name, case and accents aside, any script), an audit
//! trail that names changed fields but never their values, archive instead
//! of delete, and no name in plaintext in any file of the vault.

mod common;

use std::time::Instant;

use chrono::NaiveDate;
use cohort::planning::new_group;
use cohort::roster::members::{self, MemberInput};
use cohort::roster::{directory, places};
use cohort::values::Timestamp;
use cohort::{ErrorCode, VaultAccess};
use common::*;

fn today() -> NaiveDate {
    day("2026-11-24")
}

fn person(legal: &str, preferred: &str) -> MemberInput {
    MemberInput {
        legal_name: legal.into(),
        preferred_name: preferred.into(),
        ..MemberInput::default()
    }
}

fn add(s: &mut VaultAccess, legal: &str, preferred: &str) -> cohort::ids::MemberId {
    s.act(Instant::now(), |tx| {
        members::create(tx, &person(legal, preferred), today(), Timestamp::now())
    })
    .unwrap()
}

fn found(s: &mut VaultAccess, q: &str) -> Vec<String> {
    s.read(Instant::now(), |c| directory::search(c, q, false, 50))
        .unwrap()
        .into_iter()
        .map(|m| m.legal_name)
        .collect()
}

#[test]
fn the_directory_finds_any_part_of_any_name_case_accents_and_script_aside() {
    let tv = new_vault();
    let mut s = access(&tv);
    for (legal, preferred) in [
        ("José Núñez", ""),
        ("Siobhán O'Neil", ""),
        ("Mary-Jane Okoro", "MJ"),
        ("Алексей Смирнов", "Alexei"),
        ("Nguyễn Thị Lan", "Lan"),
        ("Ørjan Hæstad", ""),
        ("Joseph Brown", ""),
    ] {
        add(&mut s, legal, preferred);
    }
    assert_eq!(found(&mut s, "jose nunez"), ["José Núñez"]);
    assert_eq!(found(&mut s, "NÚÑEZ"), ["José Núñez"]);
    assert_eq!(found(&mut s, "o'neil"), ["Siobhán O'Neil"]);
    assert_eq!(found(&mut s, "oneil"), ["Siobhán O'Neil"]);
    assert_eq!(found(&mut s, "mary jane"), ["Mary-Jane Okoro"]);
    assert_eq!(found(&mut s, "mj"), ["Mary-Jane Okoro"]);
    assert_eq!(found(&mut s, "Алекс"), ["Алексей Смирнов"]);
    assert_eq!(found(&mut s, "alexei"), ["Алексей Смирнов"]);
    assert_eq!(found(&mut s, "nguyen lan"), ["Nguyễn Thị Lan"]);
    assert_eq!(found(&mut s, "orjan"), ["Ørjan Hæstad"]);
    assert_eq!(
        found(&mut s, "jos"),
        ["José Núñez", "Joseph Brown"],
        "in name order"
    );
    assert!(found(&mut s, "zzz").is_empty());
    assert_eq!(found(&mut s, "").len(), 7, "an empty search lists the directory");
    let limited = s
        .read(Instant::now(), |c| directory::search(c, "", false, 3))
        .unwrap();
    assert_eq!(limited.len(), 3);
}

#[test]
fn a_member_record_refuses_what_is_not_right_and_saves_nothing() {
    let tv = new_vault();
    let mut s = access(&tv);
    let now = Instant::now();
    let base = person("Ana Ruiz", "");
    type Edit = Box<dyn Fn(&mut MemberInput)>;
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "legal_name",
            Box::new(|m| m.legal_name = "  ".into()),
            "legal name is required",
        ),
        (
            "legal_name",
            Box::new(|m| m.legal_name = "x".repeat(121)),
            "at most 120",
        ),
        (
            "date_of_birth",
            Box::new(|m| m.date_of_birth = "1990-02-30".into()),
            "not a real date",
        ),
        (
            "date_of_birth",
            Box::new(|m| m.date_of_birth = "2030-01-01".into()),
            "cannot be in the future",
        ),
        (
            "date_of_birth",
            Box::new(|m| m.date_of_birth = "1850-01-01".into()),
            "before 1900",
        ),
        (
            "email",
            Box::new(|m| m.email = "ana at example".into()),
            "not an email address",
        ),
        (
            "phone",
            Box::new(|m| m.phone = "call me".into()),
            "digits, spaces",
        ),
        (
            "emergency_phone",
            Box::new(|m| m.emergency_phone = "555-CALL".into()),
            "digits, spaces",
        ),
        (
            "pronouns",
            Box::new(|m| m.pronouns = "she\nher".into()),
            "line breaks",
        ),
    ];
    for (field, edit, words) in cases {
        let mut m = base.clone();
        edit(&mut m);
        let e = s
            .act(now, |tx| members::create(tx, &m, today(), Timestamp::now()))
            .err()
            .unwrap();
        assert_eq!(e.code(), ErrorCode::Validation, "{field}");
        assert_eq!(e.field(), Some(field), "{e}");
        assert!(e.to_string().contains(words), "{field}: {e}");
    }
    assert!(found(&mut s, "").is_empty(), "nothing half-saved");
}

#[test]
fn editing_a_member_audits_which_fields_changed_never_their_values() {
    let tv = new_vault();
    let mut s = access(&tv);
    let now = Instant::now();
    let id = add(&mut s, "Ana Ruiz", "");
    let mut m = person("Ana Ruiz", "Annie");
    m.phone = "+1 555 0199".into();
    m.notes = "Prefers a seat near the door.".into();
    let changed = s
        .act(now, |tx| members::update(tx, id, &m, today(), Timestamp::now()))
        .unwrap();
    assert_eq!(changed, ["preferred name", "phone", "notes"]);
    let entry = &s.recent_activity(1, now).unwrap()[0];
    assert_eq!(entry.event, "member_updated");
    assert!(
        entry.detail.contains("preferred name, phone, notes"),
        "{}",
        entry.detail
    );
    for value in ["Annie", "0199", "door", "Ana"] {
        assert!(
            !entry.detail.contains(value),
            "the audit entry holds no value: {}",
            entry.detail
        );
    }
    let unchanged = s
        .act(now, |tx| members::update(tx, id, &m, today(), Timestamp::now()))
        .unwrap();
    assert!(unchanged.is_empty());
    let reopened = MemberInput::from(&s.read(now, |c| members::get(c, id)).unwrap());
    assert_eq!(reopened, m, "the form opens on what was saved");
    assert_eq!(
        s.recent_activity(1, now).unwrap()[0].seq,
        entry.seq,
        "no entry when nothing changed"
    );
    assert_eq!(
        found(&mut s, "annie"),
        ["Ana Ruiz"],
        "the search follows the new name"
    );
}

#[test]
fn a_member_with_a_place_is_archived_never_deleted() {
    let tv = new_vault();
    let mut s = access(&tv);
    let now = Instant::now();
    let typo = add(&mut s, "Ana Ruizz", "");
    s.act(now, |tx| members::delete(tx, typo)).unwrap();
    assert!(found(&mut s, "ruizz").is_empty(), "entered by mistake, deleted");

    let id = add(&mut s, "Ana Ruiz", "");
    let (g, _) = s
        .act(now, |tx| {
            new_group::create_group(tx, &cbt_group(day("2027-01-04")), Timestamp::now())
        })
        .unwrap();
    s.act(now, |tx| {
        places::refer(tx, g, id, "2026-11-20", "GP", today(), Timestamp::now())
    })
    .unwrap();
    let e = s.act(now, |tx| members::delete(tx, id)).err().unwrap();
    assert_eq!(e.code(), ErrorCode::Conflict);
    assert!(e.to_string().contains("Archive them instead"), "{e}");
    let raw = s.read(now, |c| {
        Ok(c.execute("DELETE FROM members WHERE id = ?1", [id]).is_err())
    });
    assert!(raw.unwrap(), "the database refuses it too");

    s.act(now, |tx| members::set_archived(tx, id, true, Timestamp::now()))
        .unwrap();
    assert!(
        found(&mut s, "ruiz").is_empty(),
        "archived members leave the directory"
    );
    let all = s.read(now, |c| directory::search(c, "ruiz", true, 50)).unwrap();
    assert_eq!(all.len(), 1);
    assert!(all[0].archived);
    assert_eq!(all[0].open_places, 1);
}

#[test]
fn member_names_reach_no_file_of_the_vault_in_plaintext() {
    let tv = new_vault();
    let mut s = access(&tv);
    let now = Instant::now();
    let marker = "Qzxv Núñez-O'Marker";
    let id = add(&mut s, marker, "Qzxv-preferred");
    let (g, _) = s
        .act(now, |tx| {
            new_group::create_group(tx, &cbt_group(day("2027-01-04")), Timestamp::now())
        })
        .unwrap();
    s.act(now, |tx| {
        places::refer(
            tx,
            g,
            id,
            "2026-11-20",
            "Qzxv-referrer",
            today(),
            Timestamp::now(),
        )
    })
    .unwrap();
    let scan = |dir: &std::path::Path| {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            for needle in ["Qzxv", "qzxv"] {
                assert!(
                    !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                    "{needle} in {} as plaintext",
                    p.display()
                );
            }
        }
    };
    scan(&tv.dir); // open: the database and its write-ahead log
    s.lock("test").unwrap();
    scan(&tv.dir);
    assert!(tv.dir.join("cohort.db").exists());
}

#[test]
fn an_action_is_recorded_at_the_moment_it_is_given() {
    // The time comes in from the caller (the shell, at the click), never
    // from a clock inside the area: the same moment for the whole action.
    let tv = new_vault();
    let mut s = VaultAccess::new(&tv.dir);
    s.unlock(&pass(PASS), Instant::now()).unwrap();
    let at = Timestamp::parse("2026-11-24T18:02:11.250Z").unwrap();
    let later = Timestamp::parse("2026-11-25T09:30:00.000Z").unwrap();
    let id = s
        .act(Instant::now(), |tx| {
            members::create(tx, &person("Ana Nuñez", ""), today(), at)
        })
        .unwrap();
    let g = s
        .act(Instant::now(), |tx| {
            new_group::create_group(tx, &cbt_group(day("2027-01-04")), at)
        })
        .unwrap()
        .0;
    let place = s
        .act(Instant::now(), |tx| {
            places::refer(tx, g, id, "2026-11-24", "GP", today(), later)
        })
        .unwrap();
    let times: (String, String, String, String, String) = s
        .read(Instant::now(), |c| {
            Ok(c.query_row(
                "SELECT m.created_at, m.updated_at, g.created_at, p.created_at, p.updated_at
                 FROM members m, groups g, places p WHERE m.id = ?1 AND g.id = ?2 AND p.id = ?3",
                rusqlite::params![id, g, place],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?)
        })
        .unwrap();
    let (a, l) = (at.to_string(), later.to_string());
    assert_eq!(times, (a.clone(), a.clone(), a, l.clone(), l));
}
