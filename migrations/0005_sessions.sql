-- 0005 — running a session: its actual start and end, the agenda as it ran
-- (with the timer's state), attendance, the group's attendance policy, and
-- the follow-ups of absences.
--
-- Attendance and follow-ups are clinical records: never deleted, never
-- replaced, references ON DELETE RESTRICT. A session that has started keeps
-- its date, time and number; once ended, its run and agenda are final.

-- The attendance policy, per group: an alert after so many absences in a row
-- or in total (either rule may be off), absences with notice counting or not.
ALTER TABLE groups ADD COLUMN absences_in_a_row INTEGER DEFAULT 2
    CHECK (absences_in_a_row IS NULL OR absences_in_a_row BETWEEN 1 AND 52);
ALTER TABLE groups ADD COLUMN absences_in_total INTEGER DEFAULT 3
    CHECK (absences_in_total IS NULL OR absences_in_total BETWEEN 1 AND 52);
ALTER TABLE groups ADD COLUMN excused_absences_count INTEGER NOT NULL DEFAULT 1
    CHECK (excused_absences_count IN (0, 1));

-- A session being run or run: when it started and ended, and the timer.
-- The timer runs while `resumed_at` is set: the current item's time is its
-- stored elapsed time plus the time since then.
CREATE TABLE session_runs (
    session_id        TEXT    NOT NULL PRIMARY KEY REFERENCES sessions(id) ON DELETE RESTRICT,
    started_at        TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', started_at) IS started_at),
    ended_at          TEXT    CHECK (ended_at IS NULL
                          OR (strftime('%Y-%m-%dT%H:%M:%fZ', ended_at) IS ended_at AND ended_at >= started_at)),
    current_position  INTEGER NOT NULL DEFAULT 0 CHECK (current_position BETWEEN 0 AND 39),
    resumed_at        TEXT    CHECK (resumed_at IS NULL
                          OR (strftime('%Y-%m-%dT%H:%M:%fZ', resumed_at) IS resumed_at AND resumed_at >= started_at)),
    -- An ended session's timer is stopped.
    CHECK (ended_at IS NULL OR resumed_at IS NULL)
) STRICT;

-- The agenda as this session ran it: copied from the plan when the session
-- starts; changes made during the session belong to it, not to the plan.
CREATE TABLE session_agenda_items (
    id          INTEGER PRIMARY KEY,
    session_id  TEXT    NOT NULL REFERENCES session_runs(session_id) ON DELETE RESTRICT,
    position    INTEGER NOT NULL CHECK (position BETWEEN 0 AND 39),
    title       TEXT    NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
    minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 180),
    notes       TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    done        INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    elapsed_ms  INTEGER NOT NULL DEFAULT 0 CHECK (elapsed_ms BETWEEN 0 AND 86400000)
) STRICT;
CREATE INDEX session_agenda_in_order ON session_agenda_items (session_id, position);

-- Attendance: one mark per expected member per session.
CREATE TABLE attendance (
    session_id    TEXT    NOT NULL REFERENCES sessions(id) ON DELETE RESTRICT,
    place_id      TEXT    NOT NULL REFERENCES places(id) ON DELETE RESTRICT,
    status        TEXT    NOT NULL CHECK (status IN
                      ('present', 'late', 'left_early', 'absent_excused', 'absent_unexcused')),
    -- Minutes late, or minutes before the end when leaving early.
    minutes       INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 180),
    recorded_at   TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', recorded_at) IS recorded_at),
    -- Set when a mark is changed after the session ended.
    corrected_at  TEXT    CHECK (corrected_at IS NULL
                      OR strftime('%Y-%m-%dT%H:%M:%fZ', corrected_at) IS corrected_at),
    PRIMARY KEY (session_id, place_id),
    CHECK ((status IN ('late', 'left_early')) = (minutes IS NOT NULL))
) STRICT;
-- A member's marks (the absence alerts, the profile, what they missed).
CREATE INDEX attendance_by_place ON attendance (place_id, session_id);

-- A follow-up of a member's absences, answering the last session they missed.
CREATE TABLE follow_ups (
    id              INTEGER PRIMARY KEY,
    place_id        TEXT    NOT NULL REFERENCES places(id) ON DELETE RESTRICT,
    session_id      TEXT    NOT NULL REFERENCES sessions(id) ON DELETE RESTRICT,
    followed_up_on  TEXT    NOT NULL CHECK (date(followed_up_on, '+0 days') IS followed_up_on),
    method          TEXT    NOT NULL CHECK (method IN
                        ('phone', 'text_message', 'email', 'in_person', 'letter', 'other')),
    outcome         TEXT    NOT NULL CHECK (length(trim(outcome)) BETWEEN 1 AND 2000),
    recorded_at     TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', recorded_at) IS recorded_at)
) STRICT;
CREATE INDEX follow_ups_by_place ON follow_ups (place_id, session_id);
-- For the foreign key: a session's follow-ups.
CREATE INDEX follow_ups_by_session ON follow_ups (session_id);

-- A session that has started keeps its place in the program ---------------------------

CREATE TRIGGER runs_start_from_a_scheduled_session BEFORE INSERT ON session_runs
WHEN (SELECT status FROM sessions WHERE id = NEW.session_id) IS NOT 'scheduled'
    OR EXISTS (SELECT 1 FROM session_runs WHERE session_id = NEW.session_id)
BEGIN
    SELECT RAISE(ABORT, 'only a scheduled session starts, once');
END;

CREATE TRIGGER runs_are_kept BEFORE DELETE ON session_runs
BEGIN
    SELECT RAISE(ABORT, 'a session that has started is a clinical record and is never deleted');
END;

CREATE TRIGGER runs_keep_their_session BEFORE UPDATE OF session_id, started_at ON session_runs
WHEN NEW.session_id IS NOT OLD.session_id OR NEW.started_at IS NOT OLD.started_at
BEGIN
    SELECT RAISE(ABORT, 'a session keeps the time it started');
END;

CREATE TRIGGER ended_runs_are_final BEFORE UPDATE ON session_runs
WHEN OLD.ended_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a session that has ended is final');
END;

CREATE TRIGGER ending_a_run_holds_the_session AFTER UPDATE OF ended_at ON session_runs
WHEN NEW.ended_at IS NOT NULL
BEGIN
    UPDATE sessions SET status = 'held' WHERE id = NEW.session_id;
END;

CREATE TRIGGER started_sessions_stay_in_place BEFORE UPDATE ON sessions
WHEN EXISTS (SELECT 1 FROM session_runs WHERE session_id = OLD.id)
    AND (NEW.date IS NOT OLD.date OR NEW.start_time IS NOT OLD.start_time OR NEW.number IS NOT OLD.number
         OR (NEW.status IS NOT OLD.status AND NEW.status IS NOT 'held'))
BEGIN
    SELECT RAISE(ABORT, 'a session that has started keeps its date, time and number');
END;

CREATE TRIGGER sessions_with_attendance_are_not_cancelled BEFORE UPDATE OF status ON sessions
WHEN NEW.status IN ('cancelled', 'removed', 'scheduled') AND NEW.status IS NOT OLD.status
    AND EXISTS (SELECT 1 FROM attendance WHERE session_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'a session with attendance took place');
END;

-- The agenda as run: final once the session has ended ------------------------------------

CREATE TRIGGER session_agenda_final_insert BEFORE INSERT ON session_agenda_items
WHEN (SELECT ended_at FROM session_runs WHERE session_id = NEW.session_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the agenda of a session that has ended is final');
END;

CREATE TRIGGER session_agenda_final_update BEFORE UPDATE ON session_agenda_items
WHEN (SELECT ended_at FROM session_runs WHERE session_id = OLD.session_id) IS NOT NULL
    OR NEW.session_id IS NOT OLD.session_id OR NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'the agenda of a session that has ended is final');
END;

CREATE TRIGGER session_agenda_final_delete BEFORE DELETE ON session_agenda_items
WHEN (SELECT ended_at FROM session_runs WHERE session_id = OLD.session_id) IS NOT NULL
    OR OLD.elapsed_ms > 0 OR OLD.done = 1
BEGIN
    SELECT RAISE(ABORT, 'an agenda item that was run is kept');
END;

CREATE TRIGGER session_agenda_never_replaced BEFORE INSERT ON session_agenda_items
WHEN EXISTS (SELECT 1 FROM session_agenda_items WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'an agenda item is never replaced');
END;

-- Attendance: taken at a session that took place, for its expected members -----------------

CREATE TRIGGER attendance_at_a_session_that_took_place BEFORE INSERT ON attendance
WHEN (SELECT status FROM sessions WHERE id = NEW.session_id) IS NOT 'held'
    AND NOT EXISTS (SELECT 1 FROM session_runs WHERE session_id = NEW.session_id)
BEGIN
    SELECT RAISE(ABORT, 'attendance is taken at a session that has started or was held');
END;

CREATE TRIGGER attendance_of_an_expected_member BEFORE INSERT ON attendance
WHEN NOT EXISTS (
    SELECT 1 FROM places p JOIN sessions s ON s.id = NEW.session_id
    WHERE p.id = NEW.place_id AND p.group_id = s.group_id
      AND p.enrolled_on IS NOT NULL AND p.enrolled_on <= s.date
      AND (p.left_on IS NULL OR p.left_on >= s.date))
BEGIN
    SELECT RAISE(ABORT, 'attendance is taken for members of the group enrolled at that session');
END;

CREATE TRIGGER attendance_minutes_within_the_session_insert BEFORE INSERT ON attendance
WHEN NEW.minutes > (SELECT g.session_minutes FROM sessions s JOIN groups g ON g.id = s.group_id
                    WHERE s.id = NEW.session_id)
BEGIN
    SELECT RAISE(ABORT, 'minutes late or early cannot exceed the session');
END;

CREATE TRIGGER attendance_minutes_within_the_session_update BEFORE UPDATE OF minutes ON attendance
WHEN NEW.minutes > (SELECT g.session_minutes FROM sessions s JOIN groups g ON g.id = s.group_id
                    WHERE s.id = NEW.session_id)
BEGIN
    SELECT RAISE(ABORT, 'minutes late or early cannot exceed the session');
END;

CREATE TRIGGER attendance_is_never_replaced BEFORE INSERT ON attendance
WHEN EXISTS (SELECT 1 FROM attendance WHERE session_id = NEW.session_id AND place_id = NEW.place_id)
BEGIN
    SELECT RAISE(ABORT, 'an attendance mark is never replaced; correct it');
END;

CREATE TRIGGER attendance_keeps_its_member BEFORE UPDATE OF session_id, place_id, recorded_at ON attendance
WHEN NEW.session_id IS NOT OLD.session_id OR NEW.place_id IS NOT OLD.place_id
    OR NEW.recorded_at IS NOT OLD.recorded_at
BEGIN
    SELECT RAISE(ABORT, 'an attendance mark keeps its session and member');
END;

CREATE TRIGGER attendance_is_kept BEFORE DELETE ON attendance
BEGIN
    SELECT RAISE(ABORT, 'an attendance mark is a clinical record and is never deleted');
END;

-- A member who attended a session did not leave before it.
CREATE TRIGGER places_leave_after_what_they_attended BEFORE UPDATE OF left_on ON places
WHEN NEW.left_on IS NOT NULL AND EXISTS (
    SELECT 1 FROM attendance a JOIN sessions s ON s.id = a.session_id
    WHERE a.place_id = NEW.id AND s.date > NEW.left_on)
BEGIN
    SELECT RAISE(ABORT, 'a member has attendance after that date');
END;

-- Follow-ups are final, and answer a session the member missed -----------------------------

CREATE TRIGGER follow_ups_answer_a_missed_session BEFORE INSERT ON follow_ups
WHEN NOT EXISTS (
    SELECT 1 FROM attendance a JOIN sessions s ON s.id = a.session_id
    WHERE a.session_id = NEW.session_id AND a.place_id = NEW.place_id
      AND a.status IN ('absent_excused', 'absent_unexcused') AND s.date <= NEW.followed_up_on)
BEGIN
    SELECT RAISE(ABORT, 'a follow-up answers a session the member missed, on or after its date');
END;

CREATE TRIGGER follow_ups_are_never_replaced BEFORE INSERT ON follow_ups
WHEN EXISTS (SELECT 1 FROM follow_ups WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a follow-up is never changed');
END;

CREATE TRIGGER follow_ups_are_final_update BEFORE UPDATE ON follow_ups
BEGIN
    SELECT RAISE(ABORT, 'a follow-up is never changed');
END;

CREATE TRIGGER follow_ups_are_final_delete BEFORE DELETE ON follow_ups
BEGIN
    SELECT RAISE(ABORT, 'a follow-up is never deleted');
END;
