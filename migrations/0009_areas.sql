-- 0009 — each area keeps its own tables.
--
-- Sessions and notes had added columns to planning's `groups` (the
-- attendance policy, the group note's format); they move to tables of their
-- own, keyed by the group, holding a row only for a group whose setting
-- differs from the default (a group without one follows the default). And
-- a session's having started is recorded on the session itself, so that
-- planning never reads the sessions area's timer (`session_runs`).

-- The attendance policy of a group (sessions): absences in a row and in
-- total before an alert (NULL: no alert of that kind), and whether an
-- absence with notice counts. No row: 2 in a row, 3 in total, counted.
CREATE TABLE attendance_policies (
    group_id                TEXT    NOT NULL PRIMARY KEY REFERENCES groups(id) ON DELETE RESTRICT,
    absences_in_a_row       INTEGER CHECK (absences_in_a_row IS NULL OR absences_in_a_row BETWEEN 1 AND 52),
    absences_in_total       INTEGER CHECK (absences_in_total IS NULL OR absences_in_total BETWEEN 1 AND 52),
    excused_absences_count  INTEGER NOT NULL CHECK (excused_absences_count IN (0, 1))
) STRICT;

INSERT INTO attendance_policies (group_id, absences_in_a_row, absences_in_total, excused_absences_count)
SELECT id, absences_in_a_row, absences_in_total, excused_absences_count FROM groups
WHERE absences_in_a_row IS NOT 2 OR absences_in_total IS NOT 3 OR excused_absences_count IS NOT 1;

-- The format of a group's group notes from now on (notes). No row: SOAP.
CREATE TABLE group_note_formats (
    group_id     TEXT NOT NULL PRIMARY KEY REFERENCES groups(id) ON DELETE RESTRICT,
    note_format  TEXT NOT NULL CHECK (note_format IN ('soap', 'dap', 'birp', 'free'))
) STRICT;

INSERT INTO group_note_formats (group_id, note_format)
SELECT id, note_format FROM groups WHERE note_format <> 'soap';

ALTER TABLE groups DROP COLUMN absences_in_a_row;
ALTER TABLE groups DROP COLUMN absences_in_total;
ALTER TABLE groups DROP COLUMN excused_absences_count;
ALTER TABLE groups DROP COLUMN note_format;

-- A session that has started (its timer was run) stays in its place in the
-- program: planning reads this; the database sets it as the run begins (as
-- it marks the session held as the run ends).
ALTER TABLE sessions ADD COLUMN started INTEGER NOT NULL DEFAULT 0 CHECK (started IN (0, 1));
UPDATE sessions SET started = 1 WHERE id IN (SELECT session_id FROM session_runs);

CREATE TRIGGER starting_a_run_starts_the_session AFTER INSERT ON session_runs
BEGIN
    UPDATE sessions SET started = 1 WHERE id = NEW.session_id;
END;

CREATE TRIGGER sessions_guard_insert_started BEFORE INSERT ON sessions
WHEN NEW.started IS NOT 0
BEGIN
    SELECT RAISE(ABORT, 'a session is started by running it');
END;

CREATE TRIGGER sessions_guard_update_started BEFORE UPDATE OF started ON sessions
WHEN OLD.started = 1 AND NEW.started IS NOT 1
BEGIN
    SELECT RAISE(ABORT, 'a started session stays started');
END;

-- A session is started as its run begins, never without one.
CREATE TRIGGER sessions_guard_update_started_with_a_run BEFORE UPDATE OF started ON sessions
WHEN NEW.started = 1 AND OLD.started = 0
    AND NOT EXISTS (SELECT 1 FROM session_runs WHERE session_id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a session is started by running it');
END;
