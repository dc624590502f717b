//! The calendar file (.ics, RFC 5545) of a group's sessions: dates, times,
//! topics and the location only — never anything about a member.
//!
//! Times are floating local times (no `Z`, no time zone), so a session at
//! 18:00 shows at 18:00 in any calendar, across daylight-saving changes.

use std::path::Path;

use rusqlite::Connection;

use crate::error::Result;
use crate::exports;
use crate::ids::GroupId;
use crate::planning::program::{self, SessionStatus};
use crate::vault::audit::{self, AuditEvent};

/// The group's sessions as an iCalendar file.
pub fn export_ics(conn: &Connection, group: GroupId) -> Result<String> {
    use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
    let g = &crate::planning::groups::get(conn, group)?;
    let sessions = program::sessions(conn, group)?;
    let mut cal = Calendar::new();
    cal.name(&g.name);
    for s in &sessions {
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

/// The name a save dialog suggests: the group's name, made safe for any
/// file system, then " sessions.ics".
pub fn file_name(conn: &Connection, group: GroupId) -> Result<String> {
    let name = crate::planning::groups::get(conn, group)?.name;
    Ok(format!("{} sessions.ics", exports::file_name_part(&name)))
}

/// Writes the calendar file to `path`, the place the clinician chose, once
/// told it is not encrypted (see `exports`); 0600, synced, audited.
pub fn save_ics(conn: &Connection, group: GroupId, path: &Path, acknowledged: bool) -> Result<()> {
    exports::record_told(conn, acknowledged)?;
    let text = export_ics(conn, group)?;
    exports::write_private(path, text.as_bytes())?;
    audit::append(conn, AuditEvent::CalendarExported, &path.display().to_string())?;
    Ok(())
}
