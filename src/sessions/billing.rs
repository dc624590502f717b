//! The service code a group's sessions are billed under: CPT 90853 (group
//! psychotherapy) unless the clinician sets another, with its modifiers.
//! A setting of the group (`service_codes`), read by the service log.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::ids::GroupId;
use crate::planning::groups;
use crate::vault::audit::{self, AuditEvent};

/// Group psychotherapy (other than of a multiple-family group).
pub const DEFAULT_CODE: &str = "90853";

/// A service code and its modifiers, as billed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ServiceCode {
    /// "90853", or an agency's own code: letters and digits.
    pub code: String,
    /// Up to four two-character modifiers, space-separated ("95 HO").
    pub modifiers: String,
}

impl ServiceCode {
    pub fn standard() -> ServiceCode {
        ServiceCode {
            code: DEFAULT_CODE.into(),
            modifiers: String::new(),
        }
    }

    /// "90853" or "90853-95-HO".
    pub fn billed(&self) -> String {
        std::iter::once(self.code.as_str())
            .chain(self.modifiers.split_whitespace())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// Upper-cased and checked; each refusal names its field.
    fn cleaned(&self) -> Result<ServiceCode> {
        let code = self.code.trim().to_uppercase();
        if code.is_empty() || code.len() > 12 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Error::validation(
                "code",
                "A service code is 1 to 12 letters and digits, such as 90853.",
            ));
        }
        let modifiers: Vec<String> = self
            .modifiers
            .split([' ', ',', '-'])
            .filter(|m| !m.is_empty())
            .map(str::to_uppercase)
            .collect();
        if modifiers.len() > 4
            || modifiers
                .iter()
                .any(|m| m.len() != 2 || !m.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            return Err(Error::validation(
                "modifiers",
                "Modifiers are up to four pairs of letters or digits, separated by spaces, such as 95 HO.",
            ));
        }
        Ok(ServiceCode {
            code,
            modifiers: modifiers.join(" "),
        })
    }
}

/// The group's service code; 90853 unless set.
pub fn get(conn: &Connection, group: GroupId) -> Result<ServiceCode> {
    if !groups::exists(conn, group)? {
        return Err(Error::NotFound("That group no longer exists.".into()));
    }
    Ok(conn
        .prepare_cached("SELECT code, modifiers FROM service_codes WHERE group_id = ?1")?
        .query_row([group], |r| {
            Ok(ServiceCode {
                code: r.get(0)?,
                modifiers: r.get(1)?,
            })
        })
        .optional()?
        .unwrap_or_else(ServiceCode::standard))
}

/// Sets the group's service code; call inside the action's transaction.
pub fn set(conn: &Connection, group: GroupId, code: &ServiceCode) -> Result<ServiceCode> {
    let code = code.cleaned()?;
    if !groups::exists(conn, group)? {
        return Err(Error::NotFound("That group no longer exists.".into()));
    }
    conn.prepare_cached(
        "INSERT INTO service_codes (group_id, code, modifiers) VALUES (?1, ?2, ?3)
         ON CONFLICT (group_id) DO UPDATE SET code = excluded.code, modifiers = excluded.modifiers",
    )?
    .execute(params![group, code.code, code.modifiers])?;
    audit::append(
        conn,
        AuditEvent::SettingsChanged,
        &format!("{group} service code {}", code.billed()),
    )?;
    Ok(code)
}

/// Forgets a deleted group's service code (a setting, not a record).
pub(crate) fn delete_with_group(conn: &Connection, group: GroupId) -> Result<()> {
    conn.prepare_cached("DELETE FROM service_codes WHERE group_id = ?1")?
        .execute([group])?;
    Ok(())
}
