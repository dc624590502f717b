//! The calendar file (.ics, RFC 5545) of a group's sessions: dates, times,
//! topics and the location only — never anything about a member.
//!
//! Times are floating local times (no `Z`, no time zone), so a session at
//! 18:00 shows at 18:00 in any calendar, across daylight-saving changes.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::ids::GroupId;
use crate::planning::program::{self, SessionStatus};
use crate::vault::audit::{self, AuditEvent};

/// The group's sessions as an iCalendar file.
pub fn export_ics(conn: &Connection, group: GroupId) -> Result<String> {
    use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
    let p = program::program(conn, group)?;
    let g = &p.group;
    let mut cal = Calendar::new();
    cal.name(&g.name);
    for s in &p.sessions {
        let start = s.date.and_time(s.start_time.time());
        let end = start + chrono::Duration::minutes(g.session_minutes.get() as i64);
        let summary = if s.topic.is_empty() {
            format!("{} — session {}", g.name, s.number)
        } else {
            format!("{} — session {}: {}", g.name, s.number, s.topic)
        };
        let mut e = Event::new();
        e.uid(&format!("{}@cohort.local", s.id))
            .summary(&summary)
            .starts(start)
            .ends(end)
            .status(match s.status {
                SessionStatus::Cancelled => EventStatus::Cancelled,
                _ => EventStatus::Confirmed,
            });
        if !g.location.is_empty() {
            e.location(&g.location);
        }
        cal.push(e.done());
    }
    Ok(cal.done().to_string())
}

/// Writes the calendar file into `dir` (made if needed) under the group's
/// name, never overwriting an existing file; returns its path.
pub fn write_ics(conn: &Connection, group: GroupId, dir: &Path) -> Result<PathBuf> {
    let text = export_ics(conn, group)?;
    let name: String = crate::planning::groups::get(conn, group)?
        .name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = name.trim().to_string();
    std::fs::create_dir_all(dir).map_err(|e| Error::io(format!("create the folder {}", dir.display()), e))?;
    for n in 1..1000 {
        let file = if n == 1 {
            format!("{name} sessions.ics")
        } else {
            format!("{name} sessions ({n}).ics")
        };
        let path = dir.join(file);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                use std::io::Write;
                f.write_all(text.as_bytes())
                    .and_then(|_| f.sync_all())
                    .map_err(|e| Error::io(format!("write {}", path.display()), e))?;
                audit::append(conn, AuditEvent::CalendarExported, &path.display().to_string())?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(format!("write {}", path.display()), e)),
        }
    }
    Err(Error::validation(
        "export",
        "Too many calendar files with this name already exist in that folder.",
    ))
}

/// Where exported files go: $COHORT_EXPORT_DIR, else the Documents folder.
pub fn export_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("COHORT_EXPORT_DIR").filter(|p| !p.is_empty()) {
        return p.into();
    }
    dirs::document_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| ".".into())
        .join("Cohort")
}
