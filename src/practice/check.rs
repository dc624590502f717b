//! The practice's records as a whole, above every area: what `cohort check`
//! runs. The vault checks itself (cipher, integrity, foreign keys, schema,
//! audit chain); each area adds the checks of what it keeps.

use crate::error::Result;
use crate::notes::attention;
use crate::vault::check::CheckReport;
use crate::vault::unlocked::Vault;

/// Every check of an unlocked vault: the vault's own, then each area's.
pub fn check(vault: &Vault) -> Result<CheckReport> {
    let mut report = vault.check()?;
    match attention::list_matches_the_notes(vault.conn()) {
        None => report
            .passed
            .push("notes to finish: Today's list matches the notes".into()),
        Some(problem) => report.problems.push(problem),
    }
    Ok(report)
}
