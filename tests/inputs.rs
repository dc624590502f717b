//! Input: property tests over what the clinician types and what files
//! hand the core — any Unicode, control characters, SQL-looking text,
//! sizes at and past every limit, numbers at and past every range. For each
//! input the core either keeps it (read back exactly as documented: text
//! trimmed, SQL-looking text stored verbatim) or refuses it with a
//! validation message naming the field, leaving every table exactly as it
//! was; it never panics and never writes part of an action. The parsers of
//! what comes from files — a vault's header, a backup — are fed arbitrary
//! and mutated bytes and must refuse them in words, never panic, never
//! change the vault.
//!
//! `make test` runs 256 cases of each input property and 32 of each file
//! parser's; `make soak` runs every one with `PROPTEST_CASES=5000`.

mod common;

use std::time::Instant;

use cohort::roster::members::{self, MemberInput};
use cohort::sessions::attendance::{self, MarkInput};
use cohort::values::Timestamp;
use cohort::{ErrorCode, Origin, Vault, VaultAccess};
use common::backups::table_digests;
use common::notes::{progress, NINE};
use common::roster::today;
use common::sessions::{at, hold_with, running_group, Running};
use common::*;
use proptest::prelude::*;

/// Text a clinician, a paste or a file might give: anything at all,
/// printable text, text around the limits, control characters, SQL.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,40}",
        "[ \\t\\n\\r\\u{0}\\u{7}\\u{1b}\\u{200b}\\u{feff}a-zÅé—😀'\"%_;]{0,30}",
        Just("'); DROP TABLE members; --".to_string()),
        Just("Robert'); DELETE FROM notes WHERE ('1'='1".to_string()),
        Just("=HYPERLINK(\"http://x\")".to_string()),
        (110usize..130).prop_map(|n| "é".repeat(n)),
        (190usize..210).prop_map(|n| "x".repeat(n)),
        (3990usize..4010).prop_map(|n| "n".repeat(n)),
    ]
}

struct Fixture {
    _tv: TestVault,
    s: VaultAccess,
    r: Running,
    note: cohort::notes::NoteId,
}

thread_local! {
    /// One vault for every case of a property on this thread (a new vault
    /// per case would spend most of the run deriving keys).
    static FIXTURE: std::cell::RefCell<Option<Fixture>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` on this thread's fixture, made on first use.
fn with_fixture<T>(f: impl FnOnce(&mut Fixture) -> T) -> T {
    FIXTURE.with(|cell| f(cell.borrow_mut().get_or_insert_with(fixture)))
}

fn fixture() -> Fixture {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &NINE[..3]);
    hold_with(&mut s, &r, 1, &[]);
    let note = s
        .act(Instant::now(), |tx| {
            cohort::notes::drafts::open(tx, r.session(1), Some(r.place(NINE[0])), at("20:00:00"))
        })
        .unwrap();
    Fixture { _tv: tv, s, r, note }
}

/// Every table, to prove a refusal changed nothing.
fn digests(s: &mut VaultAccess) -> std::collections::BTreeMap<String, (usize, String)> {
    s.read(Instant::now(), |c| Ok(table_digests(c, None))).unwrap()
}

/// A refusal: a validation message (a sentence, naming its field), nothing changed.
fn refused_cleanly(e: &cohort::Error, fields: &[&str]) -> Result<(), TestCaseError> {
    prop_assert_eq!(e.code(), ErrorCode::Validation, "{}", e);
    let field = e.field().unwrap_or_default();
    prop_assert!(fields.contains(&field), "the field named: {field:?} ({e})");
    let words = e.to_string();
    prop_assert!(words.ends_with('.') && words.len() > 10, "a sentence: {words}");
    prop_assert!(
        !words.contains("database:") && !words.contains("SQL"),
        "no internals: {words}"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    /// A new member: every field kept trimmed, or refused by name.
    #[test]
    fn a_member_is_kept_as_typed_or_refused_by_name(
        legal in text(), preferred in text(), pronouns in text(), referral in text(), notes in text(),
        phone in prop_oneof![Just(String::new()), "[0-9 +()-.]{0,45}", text()],
        email in prop_oneof![Just(String::new()), "[a-z]{1,8}@[a-z]{1,8}\\.org", text()],
        born in prop_oneof![Just(String::new()), "(18|19|20|21)[0-9]{2}-[01][0-9]-[0-3][0-9]", text()],
    ) {
        with_fixture(|f| {
        let input = MemberInput {
            legal_name: legal,
            preferred_name: preferred,
            pronouns,
            date_of_birth: born,
            phone,
            email,
            referral_source: referral,
            notes,
            ..Default::default()
        };
        let before = digests(&mut f.s);
        match f.s.act(Instant::now(), |tx| members::create(tx, &input, today(), Timestamp::now())) {
            Ok(id) => {
                let m = f.s.read(Instant::now(), |c| members::get(c, id)).unwrap();
                prop_assert_eq!(&m.legal_name, input.legal_name.trim());
                prop_assert_eq!(&m.preferred_name, input.preferred_name.trim());
                prop_assert_eq!(&m.pronouns, input.pronouns.trim());
                prop_assert_eq!(&m.referral_source, input.referral_source.trim());
                prop_assert_eq!(&m.notes, input.notes.trim());
                prop_assert_eq!(&m.email, input.email.trim());
            }
            Err(e) => {
                refused_cleanly(&e, &[
                    "legal_name", "preferred_name", "pronouns", "date_of_birth", "phone",
                    "email", "referral_source", "notes",
                ])?;
                prop_assert_eq!(digests(&mut f.s), before);
            }
        }
        Ok(())
        })?;
    }

    /// A note's draft: whatever is typed is kept exactly, or refused whole.
    #[test]
    fn a_draft_keeps_whatever_is_typed_or_is_refused_whole(body in prop_oneof![
        text(),
        (99_990usize..100_010).prop_map(|n| "z".repeat(n)),
    ]) {
        with_fixture(|f| {
        let before = digests(&mut f.s);
        let id = f.note;
        match f.s.act(Instant::now(), |tx| cohort::notes::drafts::save_draft(tx, id, &progress(&body), Timestamp::now())) {
            Ok(_) => {
                let n = f.s.read(Instant::now(), |c| cohort::notes::read::note(c, id)).unwrap();
                let kept = n.fields.iter().find(|x| x.key == "progress").map(|x| x.text.clone());
                prop_assert_eq!(kept.as_deref(), Some(body.as_str()));
            }
            Err(e) => {
                refused_cleanly(&e, &["progress", "fields"])?;
                prop_assert_eq!(digests(&mut f.s), before);
            }
        }
        Ok(())
        })?;
    }

    /// Minutes late at and past every limit: kept when the session holds
    /// them, refused by name otherwise, and the sheet saved whole or not at all.
    #[test]
    fn minutes_late_are_kept_within_the_session_or_refused_by_name(
        minutes in prop_oneof![-5i64..=0, 1i64..=90, 88i64..=200, any::<i64>()],
        status in prop_oneof![Just("late"), Just("left_early"), Just("present"), Just("absent_excused"), Just("nonsense")],
    ) {
        with_fixture(|f| {
        let session = f.r.session(1);
        let before = digests(&mut f.s);
        let saved = f.s.act(Instant::now(), |tx| {
            let sheet: Vec<MarkInput> = attendance::expected(tx, session)?
                .into_iter()
                .enumerate()
                .map(|(i, e)| MarkInput {
                    place_id: e.place_id,
                    status: if i == 0 { status.into() } else { "absent_unexcused".into() },
                    minutes: if i == 0 { Some(minutes) } else { None },
                })
                .collect();
            attendance::save_sheet(tx, session, &sheet, Timestamp::now())
        });
        match saved {
            Ok(_) => {
                prop_assert!(matches!(status, "late" | "left_early"), "{status} kept with minutes");
                prop_assert!((1..=90).contains(&minutes), "{minutes} minutes kept in a 90-minute session");
            }
            Err(e) => {
                prop_assert_eq!(e.code(), ErrorCode::Validation, "{}", e);
                prop_assert!(!e.to_string().contains("database:"), "{}", e);
                prop_assert_eq!(digests(&mut f.s), before);
            }
        }
        Ok(())
        })?;
    }

    /// A PHQ-9's answers at and past the range of every item and of the
    /// count left blank: scored exactly, or refused by name.
    #[test]
    fn measure_answers_are_scored_exactly_or_refused_by_name(
        answers in proptest::collection::vec(prop_oneof![
            3 => (0i64..=3).prop_map(Some),
            1 => Just(None),
            1 => prop_oneof![-3i64..0, 4i64..10, any::<i64>()].prop_map(Some),
        ], 0..12),
    ) {
        with_fixture(|f| {
        let place = f.r.place(NINE[0]);
        let before = digests(&mut f.s);
        let input = cohort::measures::results::ResultInput {
            instrument_id: cohort::measures::InstrumentId("phq9".into()),
            session_id: None,
            taken_on: "2026-11-17".into(),
            answers: answers.clone(),
        };
        match f.s.act(Instant::now(), |tx| cohort::measures::results::enter(tx, place, &input, today(), Timestamp::now())) {
            Ok(r) => {
                prop_assert_eq!(answers.len(), 9);
                prop_assert!(answers.iter().flatten().all(|a| (0..=3).contains(a)));
                let answered = answers.iter().flatten().count();
                prop_assert!(answered >= 7, "{answered} answered");
                let sum: i64 = answers.iter().flatten().sum();
                // Blanks are prorated: sum × items / answered, to 3 decimals.
                let expected = (sum as f64 * 9.0 / answered as f64 * 1000.0).round() / 1000.0;
                prop_assert_eq!(r.total, expected);
            }
            Err(e) => {
                prop_assert_eq!(e.code(), ErrorCode::Validation, "{}", e);
                prop_assert!(!e.to_string().contains("database:"), "{}", e);
                prop_assert_eq!(digests(&mut f.s), before);
            }
        }
        Ok(())
        })?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    /// A new group: its text kept trimmed (one-line fields without control
    /// characters), its numbers within their ranges, or refused by name.
    #[test]
    fn a_group_is_kept_as_typed_or_refused_by_name(
        name in text(), approach in text(), description in text(), location in text(),
        capacity in prop_oneof![0u32..=14, any::<u32>()],
        minutes in prop_oneof![0u32..=300, any::<u32>()],
        sessions in prop_oneof![0u32..=60, any::<u32>()],
        closes in proptest::option::of(prop_oneof![0u32..=30, any::<u32>()]),
        closed in any::<bool>(),
        first in prop_oneof![Just("2026-12-07".to_string()), "20[0-9]{2}-[01][0-9]-[0-3][0-9]", text()],
        start in prop_oneof![Just("18:00".to_string()), "[0-2][0-9]:[0-6][0-9]", text()],
    ) {
        with_fixture(|f| {
            let mut new = cbt_group(day("2026-12-07"));
            new.template_id = None;
            new.group = cohort::planning::groups::GroupInput {
                name: name.clone(),
                approach: approach.clone(),
                description: description.clone(),
                location: location.clone(),
                capacity,
                session_minutes: minutes,
                planned_sessions: sessions,
                closes_after_session: closes,
                membership: if closed {
                    cohort::planning::groups::Membership::Closed
                } else {
                    cohort::planning::groups::Membership::Open
                },
                first_date: first,
                start_time: start,
                ..new.group
            };
            let before = digests(&mut f.s);
            match f.s.act(Instant::now(), |tx| cohort::planning::new_group::create_group(tx, &new, Timestamp::now())) {
                Ok((id, _)) => {
                    let g = f.s.read(Instant::now(), |c| cohort::planning::groups::get(c, id)).unwrap();
                    prop_assert_eq!(&g.name, name.trim());
                    prop_assert_eq!(&g.approach, approach.trim());
                    prop_assert_eq!(&g.description, description.trim());
                    prop_assert_eq!(&g.location, location.trim());
                    for one_line in [&g.name, &g.approach, &g.location] {
                        prop_assert!(!one_line.chars().any(char::is_control), "{one_line:?}");
                    }
                }
                Err(e) => {
                    refused_cleanly(&e, &[
                        "name", "approach", "description", "location", "capacity", "session_minutes",
                        "planned_sessions", "closes_after_session", "first_date", "start_time",
                    ])?;
                    prop_assert_eq!(digests(&mut f.s), before);
                }
            }
            Ok(())
        })?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(32), ..ProptestConfig::default() })]

    /// The vault's header (vault.json) replaced by arbitrary or mutated
    /// bytes: refused in words as damaged, the database never touched.
    #[test]
    fn any_header_bytes_are_refused_in_words_and_the_database_left_alone(
        mutation in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..600).prop_map(Mutation::Replace),
            (0usize..2000, any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
            (0usize..2000).prop_map(Mutation::Cut),
        ],
    ) {
        let tv = template_vault();
        let header = tv.dir.join("vault.json");
        let original = std::fs::read(&header).unwrap();
        let changed = mutation.apply(&original);
        prop_assume!(changed != original);
        std::fs::write(&header, &changed).unwrap();
        let db = std::fs::read(tv.dir.join("cohort.db")).unwrap();
        match Vault::unlock(&tv.dir, &pass(PASS), Origin::App, 0) {
            // A change the header's format ignores (spacing) still opens.
            Ok(v) => { v.lock("test").unwrap(); }
            Err(e) => {
                prop_assert!(
                    matches!(e.code(), ErrorCode::Damaged | ErrorCode::NewerVersion | ErrorCode::WrongPassphrase),
                    "{:?}: {}", e.code(), e
                );
                prop_assert!(!e.to_string().contains("panicked"));
                prop_assert_eq!(std::fs::read(tv.dir.join("cohort.db")).unwrap(), db);
            }
        }
    }

    /// A backup file of arbitrary or mutated bytes: checking and restoring
    /// it refuse in words; nothing is created.
    #[test]
    fn any_backup_bytes_are_refused_in_words(
        mutation in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..5000).prop_map(Mutation::Replace),
            (0usize..200_000, any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
            (0usize..200_000).prop_map(Mutation::Cut),
        ],
    ) {
        let (tv, backup) = template_backup();
        let original = std::fs::read(&backup).unwrap();
        let changed = mutation.apply(&original);
        prop_assume!(changed != original);
        let path = tv.tmp.path().join("mutated.cohortbackup");
        std::fs::write(&path, &changed).unwrap();
        let secret = cohort::vault::backup::Secret::Passphrase(&pass(PASS));
        match cohort::vault::backup::verify(&path, &secret) {
            Ok(_) => prop_assert!(false, "a changed backup verified"),
            Err(e) => {
                prop_assert!(
                    matches!(e.code(), ErrorCode::Damaged | ErrorCode::NewerVersion | ErrorCode::WrongPassphrase),
                    "{:?}: {}", e.code(), e
                );
            }
        }
        let into = tv.tmp.path().join("restored");
        let restored = cohort::vault::backup::restore(
            &path,
            &secret,
            None,
            &into,
            cohort::vault::backup::Target::NewFolder,
            Timestamp::now(),
        );
        prop_assert!(restored.is_err(), "a changed backup restored");
        prop_assert!(!into.exists(), "nothing is created");
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace(Vec<u8>),
    Flip(usize, u8),
    Cut(usize),
}

impl Mutation {
    fn apply(&self, original: &[u8]) -> Vec<u8> {
        let mut b = original.to_vec();
        match self {
            Mutation::Replace(v) => v.clone(),
            Mutation::Flip(at, x) => {
                if !b.is_empty() {
                    let i = at % b.len();
                    b[i] ^= x | 1;
                }
                b
            }
            Mutation::Cut(at) => {
                b.truncate(at % (b.len() + 1));
                b
            }
        }
    }
}

/// A fresh copy of one small vault (made once per test binary).
fn template_vault() -> TestVault {
    use std::sync::OnceLock;
    static TEMPLATE: OnceLock<TestVault> = OnceLock::new();
    let t = TEMPLATE.get_or_init(new_vault);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    std::fs::create_dir(&dir).unwrap();
    for f in ["vault.json", "cohort.db"] {
        std::fs::copy(t.dir.join(f), dir.join(f)).unwrap();
    }
    TestVault {
        tmp,
        dir,
        recovery_key: t.recovery_key.clone(),
    }
}

/// A vault and a backup of it (made once per test binary).
fn template_backup() -> (&'static TestVault, std::path::PathBuf) {
    use std::sync::OnceLock;
    static MADE: OnceLock<(TestVault, std::path::PathBuf)> = OnceLock::new();
    let (tv, path) = MADE.get_or_init(|| {
        let tv = new_vault();
        let v = unlock(&tv.dir, PASS);
        let made = common::backups::backup_of(&v, &tv.tmp.path().join("backups"), "b.cohortbackup");
        v.lock("test").unwrap();
        (tv, made.path)
    });
    (tv, path.clone())
}

/// The cases for a property: `PROPTEST_CASES` when set (make soak), else `n`.
fn cases(n: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(n)
}
