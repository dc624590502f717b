//! Signing a note, and keeping the records safe after it: when it was the
//! last of its session's notes to sign, an automatic backup follows,
//! beside the app (the backups area decides whether one is due).

use std::time::Instant;

use crate::backups::Reason;
use crate::error::Result;
use crate::notes::{attention, signing, NoteId};
use crate::values::Timestamp;
use crate::vault::access::VaultAccess;

/// Signs the note (one transaction); then, if its session's notes are all
/// signed, starts an automatic backup. Whether one started.
pub fn sign(
    access: &mut VaultAccess,
    note: NoteId,
    despite_similar: bool,
    now: Instant,
    at: Timestamp,
) -> Result<bool> {
    let session_done = access.act(now, |tx| {
        signing::sign(tx, note, despite_similar, at)?;
        attention::session_signed(tx, note)
    })?;
    // The note is signed whatever happens to the backup; a backup that
    // cannot start is recorded when the next one is tried.
    Ok(session_done && access.backup_soon(Reason::NotesSigned).unwrap_or(false))
}
