//! Cohort's core: the encrypted vault, the practice's records and the
//! services over them. It knows nothing of Tauri; the desktop shell and the
//! CLI call into it.
//!
//! - `vault/` keeps records safe: keys, header, database and migrations,
//!   audit trail, the app's hold on an open vault. It knows nothing of what
//!   the records say.
//! - The practice's records, grouped by what a clinician does: `planning/`
//!   `roster/`, `sessions/` and `notes/` now; `goals/` and `reports/` as
//!   they arrive. Each depends on the vault, never the other way round.
//! - `practice`: what draws on several areas, above all of them: the Today
//!   screen, the groups list, the roster page, deleting a group, someone
//!   leaving, and `cohort check` over every area.
//! - `backups`: when and where backups are made, how many are kept, and
//!   what Today and Settings say of them (a backup file itself is the
//!   vault's: `vault::backup`).
//! - `reports`: the attendance register and the other reports a clinician
//!   is asked for, as PDF and CSV, above every area.
//! - `full_export`: everything the clinician owns as JSON, CSV and FHIR R4,
//!   above every area (it reads them all).
//! - `tables`: every table of the database, the area that owns it and what
//!   keeping its rows means (the guards, backup, export and checks read it).
//! - Shared by all: `error`, `ids`, `values` (wall-clock time, bounded
//!   numbers, enums stored as text), `sentence` (dates and times marked inside sentences),
//!   `settings` (auto-lock and the clinician's profile), `demo`, `bindings`.

pub mod backups;
pub mod bindings;
pub mod demo;
pub mod error;
pub mod exports;
pub mod full_export;
pub mod goals;
pub mod ids;
pub mod measures;
pub mod notes;
pub mod planning;
pub mod practice;
pub mod process;
pub mod reports;
pub mod roster;
pub mod sentence;
pub mod sessions;
pub mod settings;
pub mod tables;
pub mod values;
pub mod vault;

pub use error::{CommandError, Error, ErrorCode, Result};
pub use vault::access::VaultAccess;
pub use vault::keys::{Passphrase, PassphraseStrength};
pub use vault::unlocked::{Origin, Vault};
