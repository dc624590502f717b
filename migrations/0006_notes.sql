-- 0006 — session notes: the group note of a held session, a progress note
-- for each member who attended, addenda to signed notes, responses to risk
-- observed, the clinician's private psychotherapy notes, and the full-text
-- index that finds them.
--
-- A note is a draft until it is signed; signed, it is final: UPDATE, DELETE
-- and INSERT OR REPLACE are refused. Corrections are addenda, which are
-- signed when written and final at once. Drafts may be discarded.

-- The group note's format, per group.
ALTER TABLE groups ADD COLUMN note_format TEXT NOT NULL DEFAULT 'soap'
    CHECK (note_format IN ('soap', 'dap', 'birp', 'free'));

-- Days after a held session before its unsigned notes are listed on Today.
ALTER TABLE settings ADD COLUMN notes_overdue_days INTEGER NOT NULL DEFAULT 2
    CHECK (notes_overdue_days BETWEEN 1 AND 30);

-- A note of a held session: the group note (no place) or a member's
-- progress note (their place in the group). `fields` holds the note's text
-- by field name (topic, subjective, …, progress, text).
CREATE TABLE notes (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id            TEXT    NOT NULL REFERENCES sessions(id) ON DELETE RESTRICT,
    place_id              TEXT    REFERENCES places(id) ON DELETE RESTRICT,
    format                TEXT    NOT NULL CHECK (format IN ('soap', 'dap', 'birp', 'free', 'progress')),
    fields                TEXT    NOT NULL DEFAULT '{}'
                              CHECK (json_valid(fields) AND json_type(fields) = 'object' AND length(fields) <= 100000),
    participation         TEXT    CHECK (participation IS NULL OR participation IN
                              ('active', 'moderate', 'minimal', 'disruptive', 'own_words')),
    participation_words   TEXT    NOT NULL DEFAULT '' CHECK (length(participation_words) <= 200),
    risk                  TEXT    CHECK (risk IS NULL OR risk IN ('none', 'observed')),
    risk_description      TEXT    NOT NULL DEFAULT '' CHECK (length(risk_description) <= 4000),
    -- Mentions of other members the clinician confirmed do not identify them.
    confirmed_mentions    TEXT    NOT NULL DEFAULT '[]'
                              CHECK (json_valid(confirmed_mentions) AND json_type(confirmed_mentions) = 'array'),
    created_at            TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', created_at) IS created_at),
    updated_at            TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', updated_at) IS updated_at),
    -- When a change to the draft was last written to the audit trail.
    change_audited_at     TEXT    CHECK (change_audited_at IS NULL
                              OR strftime('%Y-%m-%dT%H:%M:%fZ', change_audited_at) IS change_audited_at),
    signed_at             TEXT    CHECK (signed_at IS NULL
                              OR strftime('%Y-%m-%dT%H:%M:%fZ', signed_at) IS signed_at),
    signed_by             TEXT    CHECK (signed_by IS NULL OR length(trim(signed_by)) BETWEEN 1 AND 120),
    signed_credentials    TEXT    CHECK (signed_credentials IS NULL OR length(trim(signed_credentials)) BETWEEN 1 AND 60),
    -- A group note has a group format; a progress note belongs to a member.
    CHECK ((place_id IS NULL) = (format <> 'progress')),
    -- A group note has no member's fields.
    CHECK (place_id IS NOT NULL OR (participation IS NULL AND risk IS NULL)),
    -- Signed means: by whom, with credentials, and complete.
    CHECK ((signed_at IS NULL) = (signed_by IS NULL) AND (signed_at IS NULL) = (signed_credentials IS NULL)),
    CHECK (signed_at IS NULL OR place_id IS NULL OR (
        participation IS NOT NULL AND risk IS NOT NULL
        AND (participation IS NOT 'own_words' OR length(trim(participation_words)) > 0)
        AND (risk IS NOT 'observed' OR length(trim(risk_description)) > 0)))
) STRICT;
-- One group note per session, one progress note per member per session.
CREATE UNIQUE INDEX notes_one_per_session_and_member ON notes (session_id, ifnull(place_id, ''));
-- A member's notes, newest first.
CREATE INDEX notes_by_place ON notes (place_id, session_id);
-- Unsigned notes, for Today.
CREATE INDEX notes_unsigned ON notes (session_id) WHERE signed_at IS NULL;
-- Risk observed, for Today and the member's record.
CREATE INDEX notes_with_risk ON notes (place_id) WHERE risk = 'observed';

-- A dated, signed correction beneath a signed note. Final when written.
CREATE TABLE note_addenda (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    note_id             INTEGER NOT NULL REFERENCES notes(id) ON DELETE RESTRICT,
    text                TEXT    NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 20000),
    written_at          TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', written_at) IS written_at),
    signed_by           TEXT    NOT NULL CHECK (length(trim(signed_by)) BETWEEN 1 AND 120),
    signed_credentials  TEXT    NOT NULL CHECK (length(trim(signed_credentials)) BETWEEN 1 AND 60)
) STRICT;
CREATE INDEX note_addenda_by_note ON note_addenda (note_id);

-- The clinician's response to risk observed in a note. Final when written.
CREATE TABLE risk_responses (
    note_id       INTEGER NOT NULL PRIMARY KEY REFERENCES notes(id) ON DELETE RESTRICT,
    responded_on  TEXT    NOT NULL CHECK (date(responded_on, '+0 days') IS responded_on),
    response      TEXT    NOT NULL CHECK (length(trim(response)) BETWEEN 1 AND 4000),
    recorded_at   TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', recorded_at) IS recorded_at)
) STRICT;

-- Psychotherapy notes: the clinician's private process notes about a
-- session, kept apart from the progress notes and out of search, reports
-- and exports.
CREATE TABLE psychotherapy_notes (
    session_id  TEXT NOT NULL PRIMARY KEY REFERENCES sessions(id) ON DELETE RESTRICT,
    text        TEXT NOT NULL DEFAULT '' CHECK (length(text) <= 100000),
    created_at  TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', created_at) IS created_at),
    updated_at  TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', updated_at) IS updated_at)
) STRICT;

-- Full-text search over the notes, inside the encrypted database. The index
-- keeps no copy of the text (contentless); the triggers keep it in step.
CREATE VIRTUAL TABLE notes_search USING fts5(
    text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2',
    -- Searches are typed a few letters at a time: the index also holds every
    -- word's first two and three letters, so a short start of a word is one
    -- lookup rather than a merge of every word it begins.
    prefix = '2 3'
);

CREATE TRIGGER notes_search_insert AFTER INSERT ON notes
BEGIN
    INSERT INTO notes_search (rowid, text)
    SELECT NEW.id, ifnull(group_concat(value, char(10)), '') || char(10) || NEW.participation_words
                   || char(10) || NEW.risk_description
    FROM json_each(NEW.fields);
END;

CREATE TRIGGER notes_search_update AFTER UPDATE OF fields, participation_words, risk_description ON notes
BEGIN
    DELETE FROM notes_search WHERE rowid = OLD.id;
    INSERT INTO notes_search (rowid, text)
    SELECT NEW.id, ifnull(group_concat(value, char(10)), '') || char(10) || NEW.participation_words
                   || char(10) || NEW.risk_description
    FROM json_each(NEW.fields);
END;

CREATE TRIGGER notes_search_delete AFTER DELETE ON notes
BEGIN
    DELETE FROM notes_search WHERE rowid = OLD.id;
END;

-- Notes are written for sessions that were held, progress notes for members who attended --

CREATE TRIGGER notes_of_a_held_session BEFORE INSERT ON notes
WHEN (SELECT status FROM sessions WHERE id = NEW.session_id) IS NOT 'held'
BEGIN
    SELECT RAISE(ABORT, 'notes are written for a session that was held');
END;

CREATE TRIGGER progress_notes_of_members_who_attended BEFORE INSERT ON notes
WHEN NEW.place_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM attendance WHERE session_id = NEW.session_id AND place_id = NEW.place_id
      AND status IN ('present', 'late', 'left_early'))
BEGIN
    SELECT RAISE(ABORT, 'a progress note is written for a member who attended the session');
END;

-- Signed notes are final ------------------------------------------------------------------

CREATE TRIGGER notes_are_never_replaced BEFORE INSERT ON notes
WHEN EXISTS (SELECT 1 FROM notes WHERE id = NEW.id
                 OR (session_id = NEW.session_id AND place_id IS NEW.place_id))
BEGIN
    SELECT RAISE(ABORT, 'a note is never replaced');
END;

CREATE TRIGGER notes_are_born_unsigned BEFORE INSERT ON notes
WHEN NEW.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a note is written as a draft and then signed');
END;

CREATE TRIGGER signed_notes_are_final_update BEFORE UPDATE ON notes
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed note is final; add an addendum');
END;

CREATE TRIGGER notes_keep_their_session BEFORE UPDATE OF id, session_id, place_id, format, created_at ON notes
WHEN NEW.id IS NOT OLD.id OR NEW.session_id IS NOT OLD.session_id OR NEW.place_id IS NOT OLD.place_id
    OR NEW.format IS NOT OLD.format OR NEW.created_at IS NOT OLD.created_at
BEGIN
    SELECT RAISE(ABORT, 'a note keeps its session, member and format');
END;

CREATE TRIGGER signed_notes_are_kept BEFORE DELETE ON notes
WHEN OLD.signed_at IS NOT NULL
    OR EXISTS (SELECT 1 FROM risk_responses WHERE note_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'a signed note is never deleted');
END;

-- Addenda: to signed notes, final when written ----------------------------------------------

CREATE TRIGGER addenda_to_signed_notes BEFORE INSERT ON note_addenda
WHEN (SELECT signed_at FROM notes WHERE id = NEW.note_id) IS NULL
    OR NEW.written_at < (SELECT signed_at FROM notes WHERE id = NEW.note_id)
BEGIN
    SELECT RAISE(ABORT, 'an addendum is added to a signed note, after its signature');
END;

CREATE TRIGGER addenda_are_never_replaced BEFORE INSERT ON note_addenda
WHEN EXISTS (SELECT 1 FROM note_addenda WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'an addendum is never replaced');
END;

CREATE TRIGGER addenda_are_final_update BEFORE UPDATE ON note_addenda
BEGIN
    SELECT RAISE(ABORT, 'an addendum is final');
END;

CREATE TRIGGER addenda_are_final_delete BEFORE DELETE ON note_addenda
BEGIN
    SELECT RAISE(ABORT, 'an addendum is final');
END;

-- Risk responses: to a note that observed risk, final when written --------------------------

CREATE TRIGGER risk_responses_answer_risk BEFORE INSERT ON risk_responses
WHEN (SELECT risk FROM notes WHERE id = NEW.note_id) IS NOT 'observed'
BEGIN
    SELECT RAISE(ABORT, 'a risk response answers a note that observed risk');
END;

CREATE TRIGGER risk_responses_are_never_replaced BEFORE INSERT ON risk_responses
WHEN EXISTS (SELECT 1 FROM risk_responses WHERE note_id = NEW.note_id)
BEGIN
    SELECT RAISE(ABORT, 'a risk response is never replaced');
END;

CREATE TRIGGER risk_responses_are_final_update BEFORE UPDATE ON risk_responses
BEGIN
    SELECT RAISE(ABORT, 'a risk response is final');
END;

CREATE TRIGGER risk_responses_are_final_delete BEFORE DELETE ON risk_responses
BEGIN
    SELECT RAISE(ABORT, 'a risk response is final');
END;

-- A draft whose risk was answered keeps the risk it observed.
CREATE TRIGGER answered_risk_stays BEFORE UPDATE OF risk, risk_description ON notes
WHEN EXISTS (SELECT 1 FROM risk_responses WHERE note_id = OLD.id)
    AND (NEW.risk IS NOT OLD.risk OR NEW.risk_description IS NOT OLD.risk_description)
BEGIN
    SELECT RAISE(ABORT, 'the risk a response answered stays as it was observed');
END;

-- Psychotherapy notes: kept (the clinician's own record), never replaced -----------------------

CREATE TRIGGER psychotherapy_notes_are_kept BEFORE DELETE ON psychotherapy_notes
BEGIN
    SELECT RAISE(ABORT, 'a psychotherapy note is never deleted');
END;

CREATE TRIGGER psychotherapy_notes_are_never_replaced BEFORE INSERT ON psychotherapy_notes
WHEN EXISTS (SELECT 1 FROM psychotherapy_notes WHERE session_id = NEW.session_id)
BEGIN
    SELECT RAISE(ABORT, 'a psychotherapy note is never replaced');
END;

CREATE TRIGGER psychotherapy_notes_keep_their_session BEFORE UPDATE OF session_id, created_at ON psychotherapy_notes
WHEN NEW.session_id IS NOT OLD.session_id OR NEW.created_at IS NOT OLD.created_at
BEGIN
    SELECT RAISE(ABORT, 'a psychotherapy note keeps its session');
END;

-- A session with notes took place.
CREATE TRIGGER sessions_with_notes_stay_held BEFORE UPDATE OF status ON sessions
WHEN NEW.status IS NOT 'held' AND EXISTS (SELECT 1 FROM notes WHERE session_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'a session with notes was held');
END;

-- Held sessions whose notes are not all written and signed: the group note
-- and a progress note for every member who attended. What Today lists, kept
-- by the triggers below as sessions, attendance and notes change, so Today
-- reads the few unfinished sessions instead of working it out for every
-- held session of the practice. Derived: the view says what belongs here.
CREATE VIEW sessions_with_notes_to_finish AS
SELECT s.id AS session_id FROM sessions s
WHERE s.status = 'held' AND (
    NOT EXISTS (SELECT 1 FROM notes n
                WHERE n.session_id = s.id AND n.place_id IS NULL AND n.signed_at IS NOT NULL)
    OR EXISTS (SELECT 1 FROM attendance a
               WHERE a.session_id = s.id AND a.status IN ('present', 'late', 'left_early')
                 AND NOT EXISTS (SELECT 1 FROM notes n
                                 WHERE n.place_id = a.place_id AND n.session_id = s.id
                                   AND n.signed_at IS NOT NULL)));

CREATE TABLE notes_due (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE RESTRICT
) STRICT;

-- Sessions held before notes were kept in Cohort: the last 30 days' are due.
INSERT INTO notes_due (session_id)
SELECT f.session_id FROM sessions_with_notes_to_finish f JOIN sessions s ON s.id = f.session_id
WHERE s.date >= date('now', '-30 days');

CREATE TRIGGER notes_due_session_insert AFTER INSERT ON sessions
BEGIN
    INSERT OR IGNORE INTO notes_due (session_id)
    SELECT session_id FROM sessions_with_notes_to_finish WHERE session_id = NEW.id;
END;

CREATE TRIGGER notes_due_session_status AFTER UPDATE OF status ON sessions
BEGIN
    DELETE FROM notes_due WHERE session_id = NEW.id
      AND NOT EXISTS (SELECT 1 FROM sessions_with_notes_to_finish WHERE session_id = NEW.id);
    INSERT OR IGNORE INTO notes_due (session_id)
    SELECT session_id FROM sessions_with_notes_to_finish WHERE session_id = NEW.id;
END;

CREATE TRIGGER notes_due_attendance_insert AFTER INSERT ON attendance
BEGIN
    INSERT OR IGNORE INTO notes_due (session_id)
    SELECT session_id FROM sessions_with_notes_to_finish WHERE session_id = NEW.session_id;
END;

CREATE TRIGGER notes_due_attendance_update AFTER UPDATE OF status ON attendance
BEGIN
    DELETE FROM notes_due WHERE session_id = NEW.session_id
      AND NOT EXISTS (SELECT 1 FROM sessions_with_notes_to_finish WHERE session_id = NEW.session_id);
    INSERT OR IGNORE INTO notes_due (session_id)
    SELECT session_id FROM sessions_with_notes_to_finish WHERE session_id = NEW.session_id;
END;

CREATE TRIGGER notes_due_attendance_delete AFTER DELETE ON attendance
BEGIN
    DELETE FROM notes_due WHERE session_id = OLD.session_id
      AND NOT EXISTS (SELECT 1 FROM sessions_with_notes_to_finish WHERE session_id = OLD.session_id);
END;

CREATE TRIGGER notes_due_note_insert AFTER INSERT ON notes
BEGIN
    INSERT OR IGNORE INTO notes_due (session_id)
    SELECT session_id FROM sessions_with_notes_to_finish WHERE session_id = NEW.session_id;
END;

CREATE TRIGGER notes_due_note_signed AFTER UPDATE OF signed_at ON notes
BEGIN
    DELETE FROM notes_due WHERE session_id = NEW.session_id
      AND NOT EXISTS (SELECT 1 FROM sessions_with_notes_to_finish WHERE session_id = NEW.session_id);
END;

CREATE TRIGGER notes_due_note_delete AFTER DELETE ON notes
BEGIN
    INSERT OR IGNORE INTO notes_due (session_id)
    SELECT session_id FROM sessions_with_notes_to_finish WHERE session_id = OLD.session_id;
END;
