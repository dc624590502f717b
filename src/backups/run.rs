//! Making a backup and recording it: automatic ones into the chosen
//! folder (then the keeping rule), others where the clinician says. Each
//! is recorded in the vault — made or failed, and why — in one
//! transaction on the backup's own connection, so the app goes on while it
//! runs.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{keeping, log, settings, Reason};
use crate::error::{Error, Result};
use crate::values::Timestamp;
use crate::vault::audit::{self, AuditEvent};
use crate::vault::backup::{Job, Made, EXTENSION};

/// A day without an automatic backup while the app is in use is too long.
const DAILY_MILLIS: i64 = 24 * 60 * 60 * 1000;
/// After an automatic attempt fails, the daily one is tried again after this.
const RETRY_MILLIS: i64 = 60 * 60 * 1000;

/// Whether an automatic backup is due for `reason` at `now`: set up, and
/// for a day, none made in the last one (nor tried in the last hour); for
/// any other reason, something recorded since the last one.
pub fn due(conn: &Connection, reason: Reason, now: Timestamp) -> Result<bool> {
    if settings::load(conn)?.folder.is_none() {
        return Ok(false);
    }
    let last = log::last_made(conn, true)?;
    match reason {
        Reason::Daily => {
            let stale = last.is_none_or(|(l, _)| now.millis_since(l.at) >= DAILY_MILLIS);
            let resting =
                log::last_automatic_attempt(conn)?.is_some_and(|t| now.millis_since(t) < RETRY_MILLIS);
            Ok(stale && !resting)
        }
        Reason::ByHand => Ok(true),
        _ => match last {
            None => Ok(true),
            Some((_, seq)) => log::recorded_after(conn, seq),
        },
    }
}

/// The name an automatic backup made at `now` takes, in local time:
/// `Cohort backup 2026-12-07 14.30.05.cohortbackup` (a number is added if
/// that is taken).
pub fn file_name(folder: &Path, now: Timestamp) -> PathBuf {
    let local = now.utc().with_timezone(&chrono::Local);
    let stem = format!("Cohort backup {}", local.format("%Y-%m-%d %H.%M.%S"));
    let mut p = folder.join(format!("{stem}.{EXTENSION}"));
    let mut n = 2;
    while p.exists() {
        p = folder.join(format!("{stem} ({n}).{EXTENSION}"));
        n += 1;
    }
    p
}

/// Makes an automatic backup into the folder the settings name, records
/// it (or why it failed), then removes what the keeping rule no longer
/// keeps. `clock` says when each step happens.
pub fn automatic(job: &mut Job, reason: Reason, clock: &dyn Fn() -> Timestamp) -> Result<Made> {
    let started = clock();
    let chosen = settings::load(job.conn())?;
    let Some(folder) = chosen.folder.map(PathBuf::from) else {
        return Err(Error::Conflict(
            "Automatic backups are not set up: choose a folder for them in Settings.".into(),
        ));
    };
    let made = job.make(&file_name(&folder, started), started);
    let made = record(job, started, clock(), reason, true, made)?;
    let vault_id = job.vault_id().to_string();
    // Pruning never fails the backup: what could not be removed stays.
    if let Ok(removed) = keeping::prune(&folder, &vault_id, chosen.keep, &made.path) {
        if !removed.is_empty() {
            let names: Vec<String> = removed
                .iter()
                .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect();
            job.transact(|tx| {
                audit::append(
                    tx,
                    AuditEvent::BackupRemoved,
                    &format!("no longer kept by the keeping rule: {}", names.join(", ")),
                )
            })?;
        }
    }
    Ok(made)
}

/// Makes a backup at `dest`, chosen by the clinician, and records it.
pub fn by_hand(job: &mut Job, dest: &Path, clock: &dyn Fn() -> Timestamp) -> Result<Made> {
    let started = clock();
    let in_folder = settings::load(job.conn())?
        .folder
        .is_some_and(|f| dest.parent() == Some(Path::new(&f)));
    let made = job.make(dest, started);
    record(job, started, clock(), Reason::ByHand, in_folder, made)
}

/// Records what happened; a failure stays a failure, recorded.
fn record(
    job: &mut Job,
    started: Timestamp,
    finished: Timestamp,
    reason: Reason,
    automatic: bool,
    made: Result<Made>,
) -> Result<Made> {
    match made {
        Ok(m) => {
            job.transact(|tx| log::record_made(tx, started, finished, reason, automatic, &m))?;
            Ok(m)
        }
        Err(e) => {
            let problem = e.to_string();
            job.transact(|tx| log::record_failed(tx, started, finished, reason, automatic, &problem))?;
            Err(e)
        }
    }
}
