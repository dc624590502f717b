//! Cohort's core: the encrypted vault, the clinical domain and its services.
//! It knows nothing of Tauri; the desktop shell and the CLI call into it.

pub mod audit;
pub mod bindings;
pub mod curriculum;
pub mod db;
pub mod demo;
pub mod error;
pub mod ground_rules;
pub mod groups;
pub mod header;
pub mod ids;
pub mod keys;
pub mod schedule;
pub mod session;
pub mod settings;
pub mod templates;
pub mod vault;

pub use error::{CommandError, Error, ErrorCode, Result};
pub use keys::{Passphrase, PassphraseStrength};
pub use session::Session;
pub use vault::{Origin, Vault};
