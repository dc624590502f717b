//! Someone leaving a group: the roster records it, never dated before a
//! session they have attendance at (the sessions area keeps that).

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::error::Result;
use crate::ids::PlaceId;
use crate::roster::places::{self, Leaving, Place};
use crate::sessions::attendance;
use crate::values::Timestamp;

/// Records someone leaving (completed, dropped out, transferred or withdrew).
pub fn leave(
    conn: &Connection,
    place: PlaceId,
    how: &Leaving,
    today: NaiveDate,
    now: Timestamp,
) -> Result<Place> {
    let last_marked = attendance::last_marked(conn, place)?;
    places::leave(conn, place, how, today, last_marked, now)
}
