//! Criterion benchmarks of every screen's core read, and of the writes, on
//! the large practice (`cohort demo --large`, seed 1): 400 groups over ten
//! years, ~7,000 sessions with full plans, 4,000 members with their places,
//! ~50,000 attendance marks and their follow-ups.
//! Run: `make bench` (results in docs/performance.md). Targets: reads ≤ 5 ms,
//! member search ≤ 2 ms, saving an attendance sheet ≤ 5 ms.

use std::time::Instant;

use chrono::{Days, NaiveDate};
use cohort::ids::{GroupId, MemberId, SessionId};
use cohort::notes::{self, DraftInput, NoteId};
use cohort::planning::program::SessionStatus;
use cohort::planning::{ground_rules, new_group, reschedule, session_plans, templates, upcoming};
use cohort::roster::members::{self, MemberInput};
use cohort::roster::{directory, profile};
use cohort::sessions::alerts::{self, Scope};
use cohort::sessions::attendance::{self, MarkInput};
use cohort::sessions::view;
use cohort::values::Timestamp;
use cohort::{Origin, Passphrase, Vault, VaultAccess};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

const PASS: &str = "maple kettle orbit lantern";

struct Practice {
    _tmp: tempfile::TempDir,
    dir: std::path::PathBuf,
    access: VaultAccess,
    today: NaiveDate,
    /// The largest group still to run, and its next session still to come.
    group: GroupId,
    session: SessionId,
    /// Someone enrolled in that group.
    member: MemberId,
    /// A held session with the most members expected (12), and its sheet.
    held: SessionId,
    sheet: Vec<MarkInput>,
}

fn large_practice() -> Practice {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let mut created = Vault::create(&dir, &Passphrase::from(PASS)).unwrap();
    let built = created
        .vault
        .transact(|tx| cohort::demo::large::build(tx, 1, today))
        .unwrap();
    created.vault.lock("bench").unwrap();
    eprintln!("large practice: {built:?}");
    let mut access = VaultAccess::new(&dir);
    access.unlock(&Passphrase::from(PASS), Instant::now()).unwrap();
    let now = Instant::now();
    let list = access
        .read(now, |c| cohort::practice::groups::list(c, today))
        .unwrap();
    let (group, session) = list
        .iter()
        .filter(|g| g.next_session_date.is_some())
        .filter_map(|g| {
            let p = access
                .read(now, |c| cohort::practice::groups::program(c, g.id))
                .ok()?;
            let next = p
                .sessions
                .iter()
                .find(|s| s.status == SessionStatus::Scheduled && s.date > today)?;
            Some((p.sessions.len(), g.id, next.id))
        })
        .max_by_key(|x| x.0)
        .map(|(_, g, s)| (g, s))
        .expect("a group still running");
    let member = access
        .read(now, |c| cohort::practice::roster::roster(c, group, today))
        .unwrap()
        .entries[0]
        .place
        .member_id;
    let (held, sheet) = fullest_held_session(&mut access, &list, today);
    Practice {
        _tmp: tmp,
        dir,
        access,
        today,
        group,
        session,
        member,
        held,
        sheet,
    }
}

/// The held session of a running group with the most members expected (a
/// full group of 12), and its sheet as the screen would send it.
fn fullest_held_session(
    access: &mut VaultAccess,
    list: &[cohort::practice::groups::GroupLine],
    today: NaiveDate,
) -> (SessionId, Vec<MarkInput>) {
    let now = Instant::now();
    let held: Vec<SessionId> = list
        .iter()
        .filter(|g| g.next_session_date.is_some())
        .filter_map(|g| {
            access
                .read(now, |c| cohort::practice::groups::program(c, g.id))
                .ok()
        })
        .flat_map(|p| p.sessions)
        .filter(|s| s.status == SessionStatus::Held && s.date <= today)
        .map(|s| s.id)
        .collect();
    let (session, expected) = held
        .into_iter()
        .filter_map(|s| {
            let expected = access.read(now, |c| attendance::expected(c, s)).ok()?;
            Some((s, expected))
        })
        .max_by_key(|(_, e)| e.len())
        .expect("a held session");
    eprintln!("attendance sheet of {} members", expected.len());
    let sheet = expected
        .iter()
        .map(|e| MarkInput {
            place_id: e.place_id,
            status: "present".into(),
            minutes: None,
        })
        .collect();
    (session, sheet)
}

fn bench_reads(c: &mut Criterion, p: &mut Practice) {
    let (g, s, today) = (p.group, p.session, p.today);
    let a = &mut p.access;
    let mut grp = c.benchmark_group("large practice: screens");
    grp.bench_function("groups list (400 groups)", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| cohort::practice::groups::list(c, today))
                .unwrap()
        })
    });
    grp.bench_function("program overview (largest running group)", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| cohort::practice::groups::program(c, g))
                .unwrap()
        })
    });
    grp.bench_function("session plan editor", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| session_plans::session_detail(c, s))
                .unwrap()
        })
    });
    grp.bench_function("today: the next two weeks across groups", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| upcoming::upcoming(c, today, 14))
                .unwrap()
        })
    });
    grp.bench_function("ground rules with every version", |b| {
        b.iter(|| a.read(Instant::now(), |c| ground_rules::load(c, g)).unwrap())
    });
    grp.bench_function("templates list", |b| {
        b.iter(|| a.read(Instant::now(), templates::list).unwrap())
    });
    grp.bench_function("roster (largest running group)", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| cohort::practice::roster::roster(c, g, today))
                .unwrap()
        })
    });
    let m = p.member;
    grp.bench_function("member profile", |b| {
        b.iter(|| a.read(Instant::now(), |c| profile::profile(c, m)).unwrap())
    });
    grp.bench_function("today: sessions, absences, agreements, offers", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| cohort::practice::today::today(c, today))
                .unwrap()
        })
    });
    let held = p.held;
    grp.bench_function("session view (12 expected)", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| {
                view::session_view(c, held, Timestamp::now(), today)
            })
            .unwrap()
        })
    });
    grp.bench_function("absence alerts of the whole practice", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| alerts::alerts(c, Scope::Practice))
                .unwrap()
        })
    });
    grp.finish();

    // The directory as the Members page asks it (at most 100 lines), as you type.
    let mut grp = c.benchmark_group("large practice: member search over 4,000");
    for (what, query) in [
        ("two words, a few found", "jose nunez"),
        ("one letter, many found", "a"),
        ("nothing found (every name read)", "qqqq"),
        ("empty: the directory from the top", ""),
    ] {
        grp.bench_function(what, |b| {
            b.iter(|| {
                a.read(Instant::now(), |c| directory::search(c, query, false, 100))
                    .unwrap()
            })
        });
    }
    grp.finish();
}

fn bench_writes(c: &mut Criterion, p: &mut Practice) {
    let (g, s) = (p.group, p.session);
    let a = &mut p.access;
    let now = Instant::now();
    let mut plan = a.read(now, |c| session_plans::session_detail(c, s)).unwrap();
    let mut grp = c.benchmark_group("large practice: saves (one transaction each, on disk)");
    grp.bench_function("save a session plan", |b| {
        let mut flip = false;
        b.iter(|| {
            flip = !flip;
            plan.plan.homework = if flip {
                "Thought record daily."
            } else {
                "Thought record each day."
            }
            .into();
            a.act(Instant::now(), |tx| {
                session_plans::save_plan(tx, s, &plan.plan, true)
            })
            .unwrap()
        })
    });
    let date = plan.session.date;
    grp.bench_function("reschedule a session and every later one", |b| {
        let mut there = false;
        b.iter(|| {
            there = !there;
            let d = if there { date + Days::new(1) } else { date };
            a.act(Instant::now(), |tx| {
                reschedule::reschedule(tx, s, &d.to_string(), "18:00", true)
            })
            .unwrap()
        })
    });
    let rules = a.read(now, |c| ground_rules::load(c, g)).unwrap().current.rules;
    grp.bench_function("save the ground rules as a new version", |b| {
        let mut n = 0u64;
        b.iter(|| {
            n += 1;
            let mut r = rules.clone();
            r.push(format!("Bench rule {n}."));
            a.act(Instant::now(), |tx| {
                ground_rules::save(tx, g, &r, Timestamp::now())
            })
            .unwrap()
        })
    });
    let m = p.member;
    let person = a.read(now, |c| members::get(c, m)).unwrap();
    grp.bench_function("save a member's details", |b| {
        let mut flip = false;
        b.iter(|| {
            flip = !flip;
            let input = MemberInput {
                phone: if flip { "0400 000 001" } else { "0400 000 002" }.into(),
                ..MemberInput::from(&person)
            };
            a.act(Instant::now(), |tx| {
                members::update(tx, m, &input, p.today, Timestamp::now())
            })
            .unwrap()
        })
    });
    let (held, sheet) = (p.held, p.sheet.clone());
    grp.bench_function("save an attendance sheet of 12 (corrections, audited)", |b| {
        let mut late = false;
        b.iter(|| {
            // Every save changes one mark, so every save writes and audits it.
            late = !late;
            let mut marks = sheet.clone();
            marks[0].status = if late { "late" } else { "present" }.into();
            marks[0].minutes = late.then_some(5);
            a.act(Instant::now(), |tx| {
                attendance::save_sheet(tx, held, &marks, Timestamp::now())
            })
            .unwrap()
        })
    });
    grp.bench_function(
        BenchmarkId::new("create a 12-session group", "CBT template"),
        |b| {
            let new = cohort::demo::large::sample_group(p.today);
            b.iter(|| {
                a.act(Instant::now(), |tx| {
                    new_group::create_group(tx, &new, Timestamp::now())
                })
                .unwrap()
            })
        },
    );
    grp.finish();
}

fn bench_unlock_large(c: &mut Criterion, p: &Practice) {
    let mut grp = c.benchmark_group("large practice: unlock");
    grp.sample_size(10);
    let dir = p.dir.clone();
    let tmp = tempfile::tempdir().unwrap();
    // A copy, since the benchmark's own vault is open.
    let copy = tmp.path().join("vault");
    std::fs::create_dir_all(&copy).unwrap();
    for f in ["vault.json", "cohort.db", "cohort.db-wal"] {
        if dir.join(f).exists() {
            std::fs::copy(dir.join(f), copy.join(f)).unwrap();
        }
    }
    grp.bench_function("unlock (Argon2id included) and lock", |b| {
        b.iter(|| {
            Vault::unlock(&copy, &Passphrase::from(PASS), Origin::Cli, 0)
                .unwrap()
                .lock("bench")
                .unwrap()
        })
    });
    // As after a crash: the open vault's files, its log among them, which
    // is read through whole before anything could fold it in.
    assert!(dir.join("cohort.db-wal").exists(), "the open vault has a log");
    grp.bench_function(
        "unlock after a crash (the log left beside it checked) and lock",
        |b| {
            b.iter_batched(
                || {
                    let t = tempfile::tempdir().unwrap();
                    let v = t.path().join("vault");
                    std::fs::create_dir_all(&v).unwrap();
                    for f in ["vault.json", "cohort.db", "cohort.db-wal"] {
                        std::fs::copy(dir.join(f), v.join(f)).unwrap();
                    }
                    (t, v)
                },
                |(_t, v)| {
                    Vault::unlock(&v, &Passphrase::from(PASS), Origin::Cli, 0)
                        .unwrap()
                        .lock("bench")
                        .unwrap()
                },
                criterion::BatchSize::PerIteration,
            )
        },
    );
    grp.finish();
}

fn bench_notes(c: &mut Criterion, p: &mut Practice) {
    let a = &mut p.access;
    let now = Instant::now();
    let (draft, busiest): (i64, cohort::ids::MemberId) = a
        .read(now, |c| {
            Ok((
                c.query_row(
                    "SELECT id FROM notes WHERE signed_at IS NULL AND place_id IS NOT NULL ORDER BY id LIMIT 1",
                    [],
                    |r| r.get(0),
                )?,
                c.query_row(
                    "SELECT p.member_id FROM notes n JOIN places p ON p.id = n.place_id
                     GROUP BY p.member_id ORDER BY count(*) DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )?,
            ))
        })
        .unwrap();
    let draft = NoteId(draft);
    let mut input = a.read(now, |c| notes::read::note(c, draft)).unwrap();
    let base = input.fields[0].text.clone();
    let mut grp = c.benchmark_group("large practice: notes");
    grp.bench_function("autosave a progress note draft (on disk)", |b| {
        let mut n = 0u64;
        b.iter(|| {
            n += 1;
            input.fields[0].text = format!("{base} {n}");
            let d = DraftInput {
                fields: input
                    .fields
                    .iter()
                    .map(|f| (f.key.clone(), f.text.clone()))
                    .collect(),
                participation: input.participation,
                participation_words: input.participation_words.clone(),
                risk: input.risk,
                risk_description: input.risk_description.clone(),
            };
            a.act(Instant::now(), |tx| {
                notes::drafts::save_draft(tx, draft, &d, Timestamp::now())
            })
            .unwrap()
        })
    });
    let listed = a
        .read(now, |c| notes::read::member_notes(c, busiest))
        .unwrap()
        .len();
    grp.bench_function(BenchmarkId::new("a member's notes", listed), |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| notes::read::member_notes(c, busiest))
                .unwrap()
        })
    });
    for q in ["grounding commute", "hopelessness", "breathing", "b", "th"] {
        grp.bench_function(BenchmarkId::new("search all notes", q), |b| {
            b.iter(|| a.read(Instant::now(), |c| notes::search::search(c, q)).unwrap())
        });
    }
    let held = p.held;
    grp.bench_function("a session's notes (session view)", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| notes::read::session_notes(c, held))
                .unwrap()
        })
    });
    let day = p.today;
    grp.bench_function("today: held sessions with notes to finish", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| notes::attention::unsigned(c, day))
                .unwrap()
        })
    });
    grp.bench_function("today: risks not yet answered", |b| {
        b.iter(|| a.read(Instant::now(), notes::attention::open_risks).unwrap())
    });
    grp.bench_function("check a note before signing (names, near-duplicates)", |b| {
        b.iter(|| a.read(Instant::now(), |c| notes::read::check(c, draft)).unwrap())
    });
    grp.finish();
}

fn bench_goals(c: &mut Criterion, p: &mut Practice) {
    let a = &mut p.access;
    let now = Instant::now();
    // The place with the most ratings and results: the fullest chart.
    let place: cohort::ids::PlaceId = a
        .read(now, |c| {
            Ok(c.query_row(
                "SELECT g.place_id FROM goals g JOIN goal_ratings r ON r.goal_id = g.id
                 GROUP BY g.place_id ORDER BY count(*) DESC LIMIT 1",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    let (group, held) = (p.group, p.held);
    let mut grp = c.benchmark_group("large practice: goals and measures");
    grp.bench_function(
        "a member's progress page (goals, chart data, results, risks)",
        |b| {
            b.iter(|| {
                a.read(Instant::now(), |c| {
                    cohort::measures::page::progress_page(c, place)
                })
                .unwrap()
            })
        },
    );
    grp.bench_function("a group's overview with averages (largest running group)", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| {
                cohort::measures::progress::group_overview(c, group)
            })
            .unwrap()
        })
    });
    grp.bench_function("a session's goal ratings (fullest held session)", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| cohort::goals::ratings::session_goals(c, held))
                .unwrap()
        })
    });
    // A held session where measures were planned, with the most attending.
    let planned: cohort::ids::SessionId = a
        .read(now, |c| {
            Ok(c.query_row(
                "SELECT s.id FROM sessions s
                 JOIN measure_plans mp ON mp.group_id = s.group_id AND mp.session_number = s.number
                 WHERE s.status = 'held'
                 ORDER BY (SELECT count(*) FROM attendance a WHERE a.session_id = s.id) DESC LIMIT 1",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    grp.bench_function("measures planned at a session, who has them entered", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| cohort::measures::plan::at_session(c, planned))
                .unwrap()
        })
    });
    let day = p.today;
    let since = day - chrono::Days::new(14);
    let (due, risks) = a
        .read(now, |c| {
            Ok((
                cohort::measures::plan::due(c, day, since)?.len(),
                cohort::measures::results::open_risks(c, None)?.len(),
            ))
        })
        .unwrap();
    eprintln!("today: {due} measures due, {risks} measure risks open");
    grp.bench_function("today: measures due", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| cohort::measures::plan::due(c, day, since))
                .unwrap()
        })
    });
    grp.bench_function("today: measure risks", |b| {
        b.iter(|| {
            a.read(Instant::now(), |c| cohort::measures::results::open_risks(c, None))
                .unwrap()
        })
    });
    grp.finish();
}

/// Today under load: run last, it adds groups to the practice.
#[path = "practice/busy_day.rs"]
mod busy_day;

/// The reports on the same practice.
#[path = "practice/reports.rs"]
mod reports;

fn benches(c: &mut Criterion) {
    let mut p = large_practice();
    reports::bench_reports(c, &mut p.access, p.group, p.today);
    bench_reads(c, &mut p);
    bench_writes(c, &mut p);
    bench_notes(c, &mut p);
    bench_goals(c, &mut p);
    bench_unlock_large(c, &p);
    busy_day::bench_busy_day(c, &mut p.access, p.today);
}

criterion_group!(practice, benches);
criterion_main!(practice);
