//! Backups a clinician never has to think about: where automatic backups
//! go and how many are kept (`settings`), every backup made or attempted
//! (`log`), which older ones go (`keeping`), making one and recording it
//! (`run`), and what Today and Settings say about them (`status`).
//!
//! A backup file itself — its format, making, checking and restoring it —
//! is the vault's business (`crate::vault::backup`); this area decides
//! when and where, and keeps the record.

pub mod keeping;
pub mod log;
pub mod run;
pub mod settings;
pub mod status;

/// Why a backup was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum Reason {
    /// The clinician asked for one.
    ByHand,
    /// A session's notes were all signed.
    NotesSigned,
    /// None was made in the last day while the app was in use.
    Daily,
    /// The vault was locked with something recorded since the last one.
    Locking,
    /// The app was closed with something recorded since the last one.
    Closing,
    /// The passphrase was changed or the keys rotated: earlier backups open
    /// only with the old ones.
    KeysChanged,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// How the reason reads in the activity log.
    pub fn words(self) -> &'static str {
        match self {
            Reason::ByHand => "made by hand",
            Reason::NotesSigned => "after a session's notes were signed",
            Reason::Daily => "daily",
            Reason::Locking => "as the vault locked",
            Reason::Closing => "as Cohort closed",
            Reason::KeysChanged => "after the passphrase or keys changed",
        }
    }
}

impl rusqlite::ToSql for Reason {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
    }
}
