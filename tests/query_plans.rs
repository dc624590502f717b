//! Every statement a screen or a save runs on the large practice uses an
//! index: the statements are captured as the core runs them (SQLite's
//! trace), then `EXPLAIN QUERY PLAN` must show no full scan of a table
//! except the few listed here with their reason.

mod common;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use chrono::{Days, NaiveDate};
use cohort::planning::program::SessionStatus;
use cohort::planning::{blackouts, ground_rules, new_group, reschedule, session_plans, templates, upcoming};
use cohort::roster::members::{self, MemberInput};
use cohort::roster::places::{self, ScreeningOutcome};
use cohort::roster::{agreements, directory, profile};
use cohort::values::Timestamp;
use cohort::vault::migrate;
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use rusqlite::Connection;

/// Full scans that are the point of the statement: (table or alias, a
/// fragment of the statement, why).
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "instruments",
        "FROM instruments ORDER BY builtin DESC",
        "the list of measures shows every one (two built in and the practice's own few)",
    ),
    (
        "instrument_bands",
        "FROM instrument_bands ORDER BY instrument_id",
        "every measure's bands, for that list, in its key's order",
    ),
    (
        "instrument_items",
        "FROM instrument_items ORDER BY instrument_id",
        "every measure's items, for that list, in its key's order",
    ),
    (
        "g",
        "FROM groups g LEFT JOIN s",
        "the groups list shows every group",
    ),
    (
        "s",
        "FROM groups g LEFT JOIN s",
        "its per-group summary, a CTE built from an index",
    ),
    (
        "sessions",
        "FROM sessions GROUP BY group_id",
        "its one grouped pass over the sessions, on a covering index",
    ),
    (
        "curriculum_templates",
        "FROM curriculum_templates",
        "the template list shows every saved template",
    ),
    (
        "audit_log",
        "ORDER BY seq DESC LIMIT 1",
        "the newest entry, read backwards by rowid",
    ),
    (
        "e",
        "FROM (SELECT DISTINCT group_id FROM places WHERE stage = 'enrolled') e",
        "Today: the groups with someone enrolled, a list built on places_by_stage",
    ),
    (
        "w",
        "FROM (SELECT DISTINCT group_id FROM places WHERE stage = 'waitlisted') w",
        "Today: the groups with someone waiting, a list built on places_by_stage",
    ),
    (
        "n",
        "FROM notes n JOIN places p ON p.id = n.place_id JOIN members m ON m.id = p.member_id",
        "Today's open risks: a pass over notes_with_risk, a partial index of the few notes with risk observed",
    ),
    (
        "d",
        "FROM notes_due d CROSS JOIN sessions s",
        "Today's unsigned notes: the held sessions whose notes are not all signed, kept by triggers",
    ),
    (
        "r",
        "WHERE r.raises_risk = 1 AND r.voided_at IS NULL",
        "risk raised by measures: a pass over measure_results_with_risk, a partial index of the few results raising risk",
    ),
    (
        "(subquery-3)",
        "ORDER BY s.date DESC LIMIT ?4)",
        "the check before signing: the member's last few notes, already limited",
    ),
    (
        "notes_search",
        "WHERE notes_search MATCH ?1",
        "search: the full-text index answers the MATCH (a virtual table's plan is always a SCAN)",
    ),
    (
        "hits",
        "WITH hits AS",
        "search: the few best hits, already limited",
    ),

];

/// The session screens and their saves, on an active group other than
/// `not`: its next session moved to today and run, attendance taken and
/// corrected, an alert followed up, the member's record and Today read.
fn run_a_session(
    conn: &mut Connection,
    list: &[cohort::practice::groups::GroupLine],
    not: cohort::ids::GroupId,
    day: NaiveDate,
) {
    use cohort::planning::groups::GroupStatus;
    use cohort::sessions::attendance::{self, MarkInput};
    use cohort::sessions::run::{self, TimerAction};
    use cohort::sessions::{agenda, alerts, member, missed, policy, view};

    let (group, p) = list
        .iter()
        .filter(|g| g.id != not && g.status == GroupStatus::Active && g.enrolled > 0)
        .map(|g| (g.id, cohort::practice::groups::program(conn, g.id).unwrap()))
        .find(|(_, p)| {
            p.sessions.iter().any(|s| s.status == SessionStatus::Held)
                && p.sessions.iter().any(|s| s.status == SessionStatus::Scheduled)
        })
        .expect("an active group with sessions held and to come");
    let held = p
        .sessions
        .iter()
        .rev()
        .find(|s| s.status == SessionStatus::Held)
        .unwrap()
        .id;
    let next = p
        .sessions
        .iter()
        .find(|s| s.status == SessionStatus::Scheduled)
        .unwrap()
        .id;
    let at = Timestamp::now();
    view::session_view(conn, held, at, day).unwrap();
    view::session_view(conn, next, at, day).unwrap();
    cohort::practice::today::today(conn, day).unwrap();
    let everyone = alerts::alerts(conn, alerts::Scope::Practice).unwrap();
    let someone = attendance::expected(conn, held).unwrap()[0].clone();
    member::of_member(conn, someone.member_id).unwrap();
    let tx = conn.transaction().unwrap();
    reschedule::reschedule(&tx, next, &day.to_string(), "18:00", false).unwrap();
    run::start(&tx, next, at, day, None).unwrap();
    run::timer(&tx, next, TimerAction::Next, at).unwrap();
    run::timer(&tx, next, TimerAction::Pause, at).unwrap();
    let item = agenda::add_item(&tx, next, "Breathing", 5).unwrap();
    agenda::update_item(&tx, next, item, "Breathing space", 6).unwrap();
    agenda::remove_item(&tx, next, item).unwrap();
    agenda::state(&tx, next, at).unwrap();
    let sheet = |status: &str| -> Vec<MarkInput> {
        attendance::expected(&tx, next)
            .unwrap()
            .iter()
            .map(|e| MarkInput {
                place_id: e.place_id,
                status: status.into(),
                minutes: None,
            })
            .collect()
    };
    attendance::save_sheet(&tx, next, &sheet("present"), at).unwrap();
    run::end(&tx, next, at).unwrap();
    write_notes(&tx, held, next, someone.member_id, at);
    attendance::save_sheet(&tx, next, &sheet("absent_excused"), at).unwrap();
    if let Some(a) = everyone.first() {
        alerts::record_follow_up(
            &tx,
            a.place_id,
            &alerts::FollowUpInput {
                session_id: a.last_missed,
                followed_up_on: day.to_string(),
                method: alerts::FollowUpMethod::Phone,
                outcome: "Reached.".into(),
            },
            day,
            Timestamp::now(),
        )
        .unwrap();
    }
    policy::set(&tx, group, &policy::AttendancePolicy::DBT).unwrap();
    missed::catch_up_sheet(&tx, someone.place_id).unwrap();
    tx.commit().unwrap();
}

/// The notes screens and saves: a held session's notes, a member's notes,
/// a search, the check before signing; the group note and a progress note
/// of the session just ended written, signed and given an addendum.
fn write_notes(
    tx: &rusqlite::Transaction<'_>,
    held: cohort::ids::SessionId,
    next: cohort::ids::SessionId,
    member: cohort::ids::MemberId,
    at: cohort::values::Timestamp,
) {
    use cohort::notes::{drafts, private, read, search, signing, DraftInput, Participation, Risk};
    use cohort::sessions::attendance;
    let notes = read::session_notes(tx, held).unwrap();
    read::member_notes(tx, member).unwrap();
    search::search(tx, "breathing exercise").unwrap();
    if let Some(n) = notes.members.iter().find_map(|m| m.note.as_ref()) {
        read::open_to_read(tx, n.note_id).unwrap();
        read::check(tx, n.note_id).unwrap();
    }
    let group = drafts::open(tx, next, None, at).unwrap();
    let mut d = DraftInput::default();
    for f in read::note(tx, group).unwrap().fields {
        d.fields
            .insert(f.key, format!("{} — written for the plan test.", f.text));
    }
    drafts::save_draft(tx, group, &d, at).unwrap();
    signing::sign(tx, group, true, at).unwrap();
    signing::add_addendum(tx, group, "A correction.", at).unwrap();
    let place = attendance::expected(tx, next).unwrap()[0].place_id;
    let own = drafts::open(tx, next, Some(place), at).unwrap();
    let mut d = DraftInput {
        participation: Some(Participation::Active),
        risk: Some(Risk::None),
        ..Default::default()
    };
    d.fields.insert(
        "progress".into(),
        "Practised the new skill with a partner.".into(),
    );
    drafts::save_draft(tx, own, &d, at).unwrap();
    read::check(tx, own).unwrap();
    signing::sign(tx, own, false, at).unwrap();
    private::save(tx, next, "My own process notes.", at).unwrap();
    private::open(tx, next).unwrap();
}

fn scans(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let unbound = std::iter::repeat_n(rusqlite::types::Value::Null, stmt.parameter_count());
    let details: Vec<String> = stmt
        .query_map(rusqlite::params_from_iter(unbound), |r| r.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    details
        .into_iter()
        // A SCAN reads a whole table or a whole index; only a SEARCH uses one to find rows.
        .filter(|d| d.starts_with("SCAN ") && d != "SCAN CONSTANT ROW")
        .filter(|d| {
            let table = d["SCAN ".len()..].split_whitespace().next().unwrap_or("");
            !ALLOWED
                .iter()
                .any(|(t, fragment, _)| *t == table && sql.contains(fragment))
        })
        .collect()
}

#[test]
fn the_screens_and_saves_on_the_large_practice_read_through_indexes() {
    let tmp = tempfile::tempdir().unwrap();
    let mut conn = Connection::open(tmp.path().join("plain.db")).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    migrate::migrate(&conn, migrate::latest_schema_version()).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    {
        let tx = conn.transaction().unwrap();
        cohort::demo::large::build(&tx, 1, day).unwrap();
        tx.commit().unwrap();
    }
    let seen: Arc<Mutex<BTreeSet<String>>> = Arc::default();
    let sink = seen.clone();
    conn.trace_v2(
        TraceEventCodes::SQLITE_TRACE_STMT,
        Some(move |e: TraceEvent<'_>| {
            if let TraceEvent::Stmt(stmt, _) = e {
                let sql = stmt.sql().trim().to_string();
                if !sql.starts_with("--") && !sql.is_empty() {
                    sink.lock().unwrap().insert(sql);
                }
            }
        }),
    )
    .unwrap();

    // Every screen's read…
    let list = cohort::practice::groups::list(&conn, day).unwrap();
    let (running, p) = list
        .iter()
        .filter(|g| g.next_session_date.is_some())
        .map(|g| (g.id, cohort::practice::groups::program(&conn, g.id).unwrap()))
        .find(|(_, p)| {
            p.sessions
                .iter()
                .filter(|s| s.status == SessionStatus::Scheduled)
                .count()
                >= 3
        })
        .expect("a group with sessions to come");
    let next = p
        .sessions
        .iter()
        .find(|s| s.status == SessionStatus::Scheduled)
        .unwrap();
    let detail = session_plans::session_detail(&conn, next.id).unwrap();
    upcoming::upcoming(&conn, day, 14).unwrap();
    ground_rules::load(&conn, running).unwrap();
    templates::list(&conn).unwrap();
    blackouts::list(&conn, None).unwrap();
    blackouts::list(&conn, Some(running)).unwrap();
    let roster = cohort::practice::roster::roster(&conn, running, day).unwrap();
    let someone = roster.entries[0].place.member_id;
    profile::profile(&conn, someone).unwrap();
    // Goals and measures: a member's progress page, the group's overview,
    // a held session's ratings and planned measures.
    let enrolled = roster
        .entries
        .iter()
        .find(|e| e.place.stage == cohort::roster::places::Stage::Enrolled)
        .expect("someone enrolled")
        .place
        .id;
    cohort::measures::page::progress_page(&conn, enrolled).unwrap();
    cohort::measures::progress::group_overview(&conn, running).unwrap();
    cohort::measures::instruments::list(&conn).unwrap();
    cohort::measures::plan::plan(&conn, running).unwrap();
    for s in p.sessions.iter().filter(|s| s.status == SessionStatus::Held) {
        cohort::goals::ratings::session_goals(&conn, s.id).unwrap();
        cohort::measures::plan::at_session(&conn, s.id).unwrap();
    }
    // Reports: the attendance register.
    cohort::reports::register::register(&conn, running).unwrap();
    cohort::reports::services::service_log(&conn, day - Days::new(365), day).unwrap();
    cohort::sessions::billing::get(&conn, running).unwrap();
    // Reports: a member's summary and the program summary, named.
    cohort::reports::summary::figures(&conn, enrolled, day).unwrap();
    cohort::reports::summaries::of_place(&conn, enrolled).unwrap();
    cohort::reports::summaries::latest(&conn, enrolled, cohort::reports::summaries::SummaryKind::Progress)
        .unwrap();
    cohort::reports::program::program_summary(&conn, running, true).unwrap();
    directory::search(&conn, "", false, 50).unwrap();
    directory::search(&conn, "ana nu", false, 50).unwrap();
    directory::search(&conn, "o'ne", true, 50).unwrap();
    run_a_session(&mut conn, &list, running, day);
    // …and the saves.
    let tx = conn.transaction().unwrap();
    session_plans::save_plan(&tx, next.id, &detail.plan, true).unwrap();
    let later = next.date + Days::new(1);
    reschedule::reschedule(&tx, next.id, &later.to_string(), "18:00", true).unwrap();
    session_plans::move_plan(&tx, next.id, 1).unwrap();
    let rules = ground_rules::load(&tx, running).unwrap().current.rules;
    ground_rules::save(
        &tx,
        running,
        &[rules, vec!["One more.".into()]].concat(),
        Timestamp::now(),
    )
    .unwrap();
    new_group::create_group(&tx, &cohort::demo::large::sample_group(day), Timestamp::now()).unwrap();
    reschedule::cancel_session(&tx, next.id, true).unwrap();
    cohort::sessions::billing::set(
        &tx,
        running,
        &cohort::sessions::billing::ServiceCode {
            code: "90853".into(),
            modifiers: "95".into(),
        },
    )
    .unwrap();
    let (planned, _) =
        new_group::create_group(&tx, &cohort::demo::large::sample_group(day), Timestamp::now()).unwrap();
    let member = members::create(
        &tx,
        &MemberInput {
            legal_name: "Ana Núñez".into(),
            ..Default::default()
        },
        day,
        Timestamp::now(),
    )
    .unwrap();
    let place = places::refer(&tx, planned, member, &day.to_string(), "", day, Timestamp::now()).unwrap();
    places::screen(
        &tx,
        place,
        &day.to_string(),
        ScreeningOutcome::Suitable,
        "",
        day,
        Timestamp::now(),
    )
    .unwrap();
    places::consent(&tx, place, &day.to_string(), day, Timestamp::now()).unwrap();
    places::enrol(&tx, place, &day.to_string(), day, Timestamp::now()).unwrap();
    agreements::record(&tx, place, &day.to_string(), day, Timestamp::now()).unwrap();
    let mut edited = members::get(&tx, member).unwrap();
    edited.phone = "+1 555 0100".into();
    members::update(
        &tx,
        member,
        &MemberInput {
            legal_name: edited.legal_name,
            phone: edited.phone,
            ..Default::default()
        },
        day,
        Timestamp::now(),
    )
    .unwrap();
    tx.commit().unwrap();
    conn.trace_v2(TraceEventCodes::empty(), None::<fn(TraceEvent<'_>)>)
        .unwrap();

    let statements = seen.lock().unwrap().clone();
    assert!(
        statements.len() > 25,
        "the statements were captured: {}",
        statements.len()
    );
    let mut bad = Vec::new();
    for sql in &statements {
        let s = scans(&conn, sql);
        if !s.is_empty() {
            bad.push(format!("{sql}\n    {}", s.join("\n    ")));
        }
    }
    assert!(bad.is_empty(), "full scans:\n{}", bad.join("\n\n"));
}
