//! Vault settings and the clinician's profile.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::values::{text_enum, Timestamp};
use crate::vault::audit::{self, AuditEvent};

/// Minutes of inactivity before the app locks itself: 1 to 60.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutoLockMinutes(u8);

impl AutoLockMinutes {
    pub const DEFAULT: AutoLockMinutes = AutoLockMinutes(10);
    pub const MIN: u32 = 1;
    pub const MAX: u32 = 60;

    pub fn new(minutes: i64) -> Result<Self> {
        if (Self::MIN as i64..=Self::MAX as i64).contains(&minutes) {
            Ok(AutoLockMinutes(minutes as u8))
        } else {
            Err(Error::validation(
                "auto_lock_minutes",
                format!(
                    "Automatic lock must be between {} and {} minutes (you entered {minutes}).",
                    Self::MIN,
                    Self::MAX
                ),
            ))
        }
    }

    pub fn get(self) -> u32 {
        self.0 as u32
    }
}

text_enum!(
    /// The paper reports are laid out for.
    Paper {
        /// 210 × 297 mm.
        A4,
        /// 8.5 × 11 in.
        Letter,
    }
);

/// Who the clinician is, as printed under signed notes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ClinicianProfile {
    pub full_name: String,
    /// Such as LCSW, PsyD, LPC.
    pub credentials: String,
    pub license_number: String,
    pub practice_name: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Settings {
    pub auto_lock_minutes: u32,
    /// Days after a held session before its unsigned notes are listed on Today.
    pub notes_overdue_days: u32,
    /// The paper reports are laid out for.
    pub report_paper: Paper,
    pub profile: ClinicianProfile,
}

fn clean(field: &str, label: &str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(Error::validation(
            field,
            format!("{label} can be at most {max} characters."),
        ));
    }
    if v.chars().any(char::is_control) {
        return Err(Error::validation(
            field,
            format!("{label} cannot contain line breaks or tabs."),
        ));
    }
    Ok(v.to_string())
}

impl ClinicianProfile {
    /// The name as it stands under what the clinician prepares or signs:
    /// "Dana Reyes, LCSW" (just the name without credentials; empty if unset).
    pub fn signed_as(&self) -> String {
        match (self.full_name.is_empty(), self.credentials.is_empty()) {
            (false, false) => format!("{}, {}", self.full_name, self.credentials),
            _ => self.full_name.clone(),
        }
    }

    /// Trims every field and refuses what does not fit.
    pub fn validated(&self) -> Result<ClinicianProfile> {
        Ok(ClinicianProfile {
            full_name: clean("full_name", "Full name", &self.full_name, 120)?,
            credentials: clean("credentials", "Credentials", &self.credentials, 60)?,
            license_number: clean("license_number", "Licence number", &self.license_number, 60)?,
            practice_name: clean("practice_name", "Practice name", &self.practice_name, 120)?,
        })
    }
}

pub fn load(conn: &Connection) -> Result<Settings> {
    let (auto_lock_minutes, notes_overdue_days, report_paper): (u32, u32, Paper) = conn.query_row(
        "SELECT auto_lock_minutes, notes_overdue_days, report_paper FROM settings WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(Settings {
        auto_lock_minutes,
        notes_overdue_days,
        report_paper,
        profile: profile(conn)?,
    })
}

/// The clinician's profile.
pub fn profile(conn: &Connection) -> Result<ClinicianProfile> {
    Ok(conn
        .prepare_cached(
            "SELECT full_name, credentials, license_number, practice_name FROM clinician_profile WHERE id = 1",
        )?
        .query_row([], |r| {
            Ok(ClinicianProfile {
                full_name: r.get(0)?,
                credentials: r.get(1)?,
                license_number: r.get(2)?,
                practice_name: r.get(3)?,
            })
        })?)
}

/// Saves the profile; call inside the action's transaction.
pub fn save_profile(
    conn: &Connection,
    profile: &ClinicianProfile,
    now: Timestamp,
) -> Result<ClinicianProfile> {
    let p = profile.validated()?;
    conn.execute(
        "UPDATE clinician_profile SET full_name = ?1, credentials = ?2, license_number = ?3,
                practice_name = ?4, updated_at = ?5 WHERE id = 1",
        params![p.full_name, p.credentials, p.license_number, p.practice_name, now],
    )?;
    audit::append(conn, AuditEvent::ProfileUpdated, "")?;
    Ok(p)
}

/// Sets the inactivity lock; call inside the action's transaction.
pub fn set_auto_lock(conn: &Connection, minutes: AutoLockMinutes) -> Result<()> {
    conn.execute(
        "UPDATE settings SET auto_lock_minutes = ?1 WHERE id = 1",
        [minutes.get()],
    )?;
    audit::append(
        conn,
        AuditEvent::SettingsChanged,
        &format!("automatic lock after {} minutes", minutes.get()),
    )?;
    Ok(())
}

/// The days after a held session before its unsigned notes are listed on
/// Today (the database holds the same range).
pub const NOTES_OVERDUE_DAYS: (u32, u32) = (1, 30);

/// Sets after how many days a held session's unsigned notes are listed on
/// Today; call inside the action's transaction.
pub fn set_notes_overdue_days(conn: &Connection, days: i64) -> Result<()> {
    let (min, max) = NOTES_OVERDUE_DAYS;
    if !(i64::from(min)..=i64::from(max)).contains(&days) {
        return Err(Error::validation(
            "notes_overdue_days",
            format!("Unsigned notes are listed after {min} to {max} days (you entered {days})."),
        ));
    }
    conn.execute("UPDATE settings SET notes_overdue_days = ?1 WHERE id = 1", [days])?;
    audit::append(
        conn,
        AuditEvent::SettingsChanged,
        &format!("unsigned notes listed on Today after {days} days"),
    )?;
    Ok(())
}

/// The paper reports are laid out for.
pub fn report_paper(conn: &Connection) -> Result<Paper> {
    Ok(conn
        .prepare_cached("SELECT report_paper FROM settings WHERE id = 1")?
        .query_row([], |r| r.get(0))?)
}

/// Sets the paper reports are laid out for; call inside the action's transaction.
pub fn set_report_paper(conn: &Connection, paper: Paper) -> Result<()> {
    conn.execute("UPDATE settings SET report_paper = ?1 WHERE id = 1", [paper])?;
    let words = match paper {
        Paper::A4 => "A4",
        Paper::Letter => "US Letter",
    };
    audit::append(
        conn,
        AuditEvent::SettingsChanged,
        &format!("reports on {words} paper"),
    )?;
    Ok(())
}
