//! The crash suite's prepared vault and what its checks compare with.

use super::*;

/// The session whose sheet the attendance writer saves again and again.
pub(super) const SHEET_SESSION: usize = 4;
/// Sessions whose notes the signing writer signs, in order.
pub(super) const SIGNED_SESSIONS: [usize; 3] = [1, 2, 3];
/// Groups in planning the enrolment writer fills, twelve places each.
pub(super) const PLANNED_GROUPS: usize = 10;
/// The most writes a writer makes (the measure dates stay in the past).
pub(super) const MOST_WRITES: u32 = 250;
/// Key rotations a writer makes (each re-encrypts the whole vault).
pub(super) const ROTATIONS: u32 = 4;

/// Write `k` of the attendance writer: everyone present but one member,
/// late by a number of minutes that names the write.
pub(super) fn sheet(k: u32) -> Vec<(usize, &'static str, Option<i64>)> {
    (0..NINE.len())
        .map(|i| {
            if i == k as usize % NINE.len() {
                (i, "late", Some(1 + (k as i64 % 60)))
            } else {
                (i, "present", None)
            }
        })
        .collect()
}

pub(super) fn autosave_text(k: u32) -> String {
    format!("Autosave {k}. {PROGRESS}")
}

/// The prepared vault every trial starts from: the notes tests' group of
/// nine, sessions 1 to 4 held, a draft for every member at sessions 1 to 3
/// and for the first at session 4, ten groups in planning.
pub(super) fn prepared(root: &Path) -> PathBuf {
    let tv = new_vault();
    let mut s = access(&tv);
    let r = running_group(&mut s, &NINE);
    for n in 1..=SHEET_SESSION {
        hold_with(&mut s, &r, n, &[]);
    }
    let now = Instant::now();
    s.act(now, |tx| {
        cohort::settings::save_profile(
            tx,
            &cohort::settings::ClinicianProfile {
                full_name: "Dana Reyes".into(),
                credentials: "LCSW".into(),
                ..Default::default()
            },
            Timestamp::now(),
        )
    })
    .unwrap();
    for n in SIGNED_SESSIONS.iter().copied().chain([SHEET_SESSION]) {
        for (name, place) in &r.places {
            if n == SHEET_SESSION && name != NINE[0] {
                continue;
            }
            s.act(now, |tx| {
                let id = cohort::notes::drafts::open(tx, r.session(n), Some(*place), at("20:00:00"))?;
                cohort::notes::drafts::save_draft(tx, id, &progress(PROGRESS), at("20:01:00"))?;
                Ok(())
            })
            .unwrap();
        }
    }
    for g in 0..PLANNED_GROUPS {
        let mut new = cbt_group(next_monday(today()));
        new.group.name = format!("Planned group {g}");
        new.group.capacity = 12;
        s.act(now, |tx| new_group::create_group(tx, &new, Timestamp::now()))
            .unwrap();
    }
    s.lock("test").unwrap();
    let dir = root.join("prepared");
    copy_dir(&tv.dir, &dir);
    dir
}

pub(super) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

pub(super) fn attendance_of(c: &rusqlite::Connection, session: usize) -> Vec<(String, String, Option<i64>)> {
    c.prepare(
        "SELECT m.legal_name, a.status, a.minutes FROM attendance a
         JOIN sessions s ON s.id = a.session_id JOIN places p ON p.id = a.place_id
         JOIN members m ON m.id = p.member_id
         WHERE s.number = ?1 ORDER BY m.legal_name",
    )
    .unwrap()
    .query_map([session as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .unwrap()
    .map(|x| x.unwrap())
    .collect()
}

/// The sheet after write `k`, as `attendance_of` reads it.
pub(super) fn expected_sheet(k: u32) -> Vec<(String, String, Option<i64>)> {
    let mut names: Vec<&str> = NINE.to_vec();
    names.sort();
    sheet(k)
        .into_iter()
        .map(|(i, status, minutes)| (names[i].to_string(), status.to_string(), minutes))
        .collect()
}

/// What the checks compare with, read once from the prepared vault.
pub(super) struct Snapshot {
    pub(super) sheet: Vec<(String, String, Option<i64>)>,
    pub(super) unsigned: Vec<String>,
    pub(super) notes: usize,
}
