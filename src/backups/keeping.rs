//! Which automatic backups stay: the newest of each of the last N days,
//! weeks and months that have one (the clinician sets N for each), and
//! always the newest of all. Only this vault's backups in the folder are
//! ever considered, and only once a new one has been made and checked: a
//! file that is not a whole backup of this vault is never touched, and the
//! backup just made is never removed, so the folder is never left without
//! a good copy.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, TimeZone};

use super::settings::Keep;
use crate::error::Result;
use crate::vault::backup::file::BackupFile;
use crate::vault::backup::EXTENSION;

/// The period a moment falls in (a day, an ISO week, a month), as two numbers.
type PeriodOf<Tz> = dyn Fn(&DateTime<Tz>) -> (i32, u32);

/// The indexes of `made` (moments, any order) the rule keeps, with days,
/// weeks (ISO) and months read in the time zone of `made`.
pub fn kept<Tz: TimeZone>(made: &[DateTime<Tz>], keep: Keep) -> BTreeSet<usize> {
    let mut order: Vec<usize> = (0..made.len()).collect();
    // Newest first; equal moments by position, so the rule is a function.
    order.sort_by(|a, b| made[*b].cmp(&made[*a]).then(a.cmp(b)));
    let mut out = BTreeSet::new();
    if let Some(newest) = order.first() {
        out.insert(*newest);
    }
    let periods: [(u32, &PeriodOf<Tz>); 3] = [
        (keep.daily, &|d| (d.year(), d.ordinal())),
        (keep.weekly, &|d| (d.iso_week().year(), d.iso_week().week())),
        (keep.monthly, &|d| (d.year(), d.month())),
    ];
    for (n, period) in periods {
        let mut seen = BTreeSet::new();
        for &i in &order {
            if seen.len() as u32 >= n {
                break;
            }
            // The first (newest) backup of each period, for the newest n periods.
            if seen.insert(period(&made[i])) {
                out.insert(i);
            }
        }
    }
    out
}

/// This vault's backups in `folder`, with when each was made. Anything
/// that does not read as one (another vault's, another file, a damaged
/// one) is left out, and so never removed.
pub fn of_this_vault(folder: &Path, vault_id: &str) -> Vec<(PathBuf, DateTime<chrono::Utc>)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == EXTENSION)
                && p.file_name()
                    .is_some_and(|n| !n.to_string_lossy().starts_with('.'))
                && p.is_file()
        })
        .filter_map(|p| {
            let f = BackupFile::open(&p).ok()?;
            (f.envelope.vault_id == vault_id).then(|| (p, f.envelope.made_at.utc()))
        })
        .collect()
}

/// Removes this vault's backups in `folder` that the rule no longer keeps,
/// never `just_made`; returns those removed.
pub fn prune(folder: &Path, vault_id: &str, keep: Keep, just_made: &Path) -> Result<Vec<PathBuf>> {
    let found = of_this_vault(folder, vault_id);
    if !found.iter().any(|(p, _)| p == just_made) {
        // The new backup is not among them: decide nothing.
        return Ok(Vec::new());
    }
    let local: Vec<DateTime<chrono::Local>> = found
        .iter()
        .map(|(_, t)| t.with_timezone(&chrono::Local))
        .collect();
    let keep_these = kept(&local, keep);
    let mut removed = Vec::new();
    for (i, (path, _)) in found.iter().enumerate() {
        if keep_these.contains(&i) || path == just_made {
            continue;
        }
        if std::fs::remove_file(path).is_ok() {
            removed.push(path.clone());
        }
    }
    if !removed.is_empty() {
        crate::vault::header::sync_dir(folder)?;
    }
    removed.sort();
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, FixedOffset, TimeZone};
    use proptest::prelude::*;

    fn at(days_ago: i64, hour: u32) -> DateTime<FixedOffset> {
        let tz = FixedOffset::east_opt(-5 * 3600).unwrap();
        tz.with_ymd_and_hms(2026, 12, 7, hour, 0, 0).unwrap() - Duration::days(days_ago)
    }

    #[test]
    fn a_year_of_daily_backups_keeps_seven_days_four_weeks_and_twelve_months() {
        // Monday 7 December 2026 back to 8 December 2025, one each evening.
        let made: Vec<_> = (0..365).map(|d| at(d, 18)).collect();
        let k = kept(&made, Keep::DEFAULT);
        // 7 days (7 Dec back to 1 Dec); the newest of 4 ISO weeks adds
        // Sunday 29 Nov and Sunday 22 Nov (this week's and last week's are
        // kept already); the newest of 12 months adds the last day of
        // November back to January (December's is today's).
        let expected: BTreeSet<usize> = (0..7)
            .chain([8, 15])
            .chain([7, 37, 68, 98, 129, 160, 190, 221, 251, 282, 310])
            .collect();
        assert_eq!(k, expected);
        assert_eq!(made[282].date_naive().to_string(), "2026-02-28");
        assert_eq!(made[310].date_naive().to_string(), "2026-01-31");
    }

    #[test]
    fn several_a_day_keep_the_newest_of_each_day() {
        let made = vec![at(0, 9), at(0, 18), at(0, 12), at(1, 9), at(1, 20)];
        let k = kept(
            &made,
            Keep {
                daily: 7,
                weekly: 0,
                monthly: 0,
            },
        );
        assert_eq!(k, BTreeSet::from([1, 4]));
    }

    proptest! {
        #[test]
        fn the_rule_keeps_the_newest_and_keeps_what_it_kept(
            days in proptest::collection::vec((0i64..800, 0u32..24), 1..60),
            daily in 1u32..10, weekly in 0u32..6, monthly in 0u32..14,
        ) {
            let made: Vec<_> = days.iter().map(|(d, h)| at(*d, *h)).collect();
            let keep = Keep { daily, weekly, monthly };
            let k = kept(&made, keep);
            let newest = (0..made.len()).max_by(|a, b| made[*a].cmp(&made[*b]).then(b.cmp(a))).unwrap();
            prop_assert!(k.contains(&newest), "the newest is always kept");
            prop_assert!(k.len() as u32 <= 1 + daily + weekly + monthly);
            // Pruning twice removes nothing more: what it kept, it keeps.
            let again: Vec<_> = k.iter().map(|i| made[*i]).collect();
            prop_assert_eq!(kept(&again, keep).len(), again.len());
            // Every one of the last `daily` days that has a backup keeps one.
            let mut days_with: Vec<_> = made.iter().map(|m| m.date_naive()).collect();
            days_with.sort();
            days_with.dedup();
            for d in days_with.iter().rev().take(daily as usize) {
                prop_assert!(k.iter().any(|i| made[*i].date_naive() == *d), "{} keeps one", d);
            }
        }
    }
}
