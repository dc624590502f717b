//! A group's attendance policy: after how many absences in a row, or in
//! total, a member's attendance needs a follow-up; and whether absences
//! with notice count.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::ids::GroupId;
use crate::planning::groups;
use crate::vault::audit::{self, AuditEvent};

/// The most absences a rule can name.
pub const ABSENCE_LIMIT_MAX: u32 = 52;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttendancePolicy {
    /// An alert after this many absences in a row (none: no such rule).
    pub in_a_row: Option<u32>,
    /// An alert after this many absences in all (none: no such rule).
    pub in_total: Option<u32>,
    /// Whether an absence with notice counts (otherwise only absences
    /// without notice do).
    pub excused_count: bool,
}

/// A named policy the clinician can start from.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PolicyPreset {
    pub name: &'static str,
    pub label: &'static str,
    pub policy: AttendancePolicy,
}

impl AttendancePolicy {
    /// Cohort's default: 2 absences in a row or 3 in total.
    pub const STANDARD: AttendancePolicy = AttendancePolicy {
        in_a_row: Some(2),
        in_total: Some(3),
        excused_count: true,
    };
    /// DBT's rule: 4 missed sessions in a row ends participation.
    pub const DBT: AttendancePolicy = AttendancePolicy {
        in_a_row: Some(4),
        in_total: None,
        excused_count: true,
    };

    pub fn presets() -> Vec<PolicyPreset> {
        vec![
            PolicyPreset {
                name: "standard",
                label: "2 absences in a row or 3 in total",
                policy: Self::STANDARD,
            },
            PolicyPreset {
                name: "dbt",
                label: "DBT: 4 missed sessions in a row ends participation",
                policy: Self::DBT,
            },
        ]
    }

    fn check(&self) -> Result<()> {
        for (field, v, what) in [
            ("in_a_row", self.in_a_row, "in a row"),
            ("in_total", self.in_total, "in total"),
        ] {
            if let Some(n) = v {
                if !(1..=ABSENCE_LIMIT_MAX).contains(&n) {
                    return Err(Error::validation(
                        field,
                        format!("The number of absences {what} must be between 1 and {ABSENCE_LIMIT_MAX} (you entered {n})."),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The policy in a sentence.
    pub fn describe(&self) -> String {
        let rule = match (self.in_a_row, self.in_total) {
            (Some(r), Some(t)) => format!("{} in a row or {t} in total", absences(r)),
            (Some(r), None) => format!("{} in a row", absences(r)),
            (None, Some(t)) => format!("{} in total", absences(t)),
            (None, None) => return "No absence alerts.".into(),
        };
        let which = if self.excused_count {
            "absences with or without notice count"
        } else {
            "only absences without notice count"
        };
        format!("An alert after {rule}; {which}.")
    }
}

fn absences(n: u32) -> String {
    if n == 1 {
        "1 absence".into()
    } else {
        format!("{n} absences")
    }
}

/// A group without a policy of its own follows the default.
pub fn get(conn: &Connection, group: GroupId) -> Result<AttendancePolicy> {
    if !groups::exists(conn, group)? {
        return Err(Error::NotFound("That group no longer exists.".into()));
    }
    Ok(conn
        .prepare_cached(
            "SELECT absences_in_a_row, absences_in_total, excused_absences_count
             FROM attendance_policies WHERE group_id = ?1",
        )?
        .query_row([group], |r| {
            Ok(AttendancePolicy {
                in_a_row: r.get(0)?,
                in_total: r.get(1)?,
                excused_count: r.get::<_, i64>(2)? != 0,
            })
        })
        .optional()?
        .unwrap_or(AttendancePolicy::STANDARD))
}

/// The SQL that reads a group's policy beside other columns, for a query
/// that joins `attendance_policies ap` with LEFT JOIN (no row: the default).
pub(crate) const POLICY_COLUMNS: &str = "CASE WHEN ap.group_id IS NULL THEN 2 ELSE ap.absences_in_a_row END,
     CASE WHEN ap.group_id IS NULL THEN 3 ELSE ap.absences_in_total END,
     coalesce(ap.excused_absences_count, 1)";

/// Forgets a deleted group's policy (a setting, not a record).
pub(crate) fn delete_with_group(conn: &Connection, group: GroupId) -> Result<()> {
    conn.prepare_cached("DELETE FROM attendance_policies WHERE group_id = ?1")?
        .execute([group])?;
    Ok(())
}

/// Sets the group's policy; the alerts follow at once (they are computed
/// from the attendance, never stored).
pub fn set(conn: &Connection, group: GroupId, policy: &AttendancePolicy) -> Result<()> {
    policy.check()?;
    if !groups::exists(conn, group)? {
        return Err(Error::NotFound("That group no longer exists.".into()));
    }
    conn.prepare_cached(
        "INSERT INTO attendance_policies (group_id, absences_in_a_row, absences_in_total, excused_absences_count)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (group_id) DO UPDATE SET absences_in_a_row = excluded.absences_in_a_row,
             absences_in_total = excluded.absences_in_total, excused_absences_count = excluded.excused_absences_count",
    )?
    .execute(params![
        group,
        policy.in_a_row,
        policy.in_total,
        policy.excused_count as i64
    ])?;
    audit::append(
        conn,
        AuditEvent::AttendancePolicyChanged,
        &format!(
            "{group} in_a_row={:?} in_total={:?} excused_count={}",
            policy.in_a_row, policy.in_total, policy.excused_count
        ),
    )
}
