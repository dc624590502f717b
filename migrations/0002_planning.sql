-- 0002 — planning a program: groups, their dated sessions and session plans,
-- blackout dates, curriculum templates and the versioned ground rules.

CREATE TABLE groups (
    id                    TEXT    PRIMARY KEY CHECK (length(id) = 36),
    name                  TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 120),
    group_type            TEXT    NOT NULL CHECK (group_type IN
                              ('psychoeducational', 'process_oriented', 'support', 'cognitive_behavioural', 'other')),
    type_label            TEXT    NOT NULL DEFAULT '' CHECK (group_type <> 'other' OR length(trim(type_label)) > 0),
    approach              TEXT    NOT NULL DEFAULT '',
    description           TEXT    NOT NULL DEFAULT '',
    membership            TEXT    NOT NULL CHECK (membership IN ('closed', 'open')),
    closes_after_session  INTEGER CHECK ((membership = 'open' AND closes_after_session IS NULL)
                              OR (membership = 'closed' AND closes_after_session BETWEEN 1 AND 52)),
    capacity              INTEGER NOT NULL CHECK (capacity BETWEEN 6 AND 12),
    session_minutes       INTEGER NOT NULL CHECK (session_minutes BETWEEN 30 AND 180),
    cadence               TEXT    NOT NULL CHECK (cadence IN ('weekly', 'biweekly')),
    planned_sessions      INTEGER NOT NULL CHECK (planned_sessions BETWEEN 1 AND 52),
    first_date            TEXT    NOT NULL CHECK (first_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    start_time            TEXT    NOT NULL CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    location              TEXT    NOT NULL DEFAULT '',
    status                TEXT    NOT NULL DEFAULT 'planning'
                              CHECK (status IN ('planning', 'active', 'completed', 'cancelled')),
    archived              INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at            TEXT    NOT NULL,
    updated_at            TEXT    NOT NULL
) STRICT;

CREATE TABLE co_facilitators (
    group_id     TEXT    NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 120),
    credentials  TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (group_id, position)
) STRICT;

-- group_id NULL: the practice-wide list, reusable by every group.
CREATE TABLE blackout_dates (
    id        INTEGER PRIMARY KEY,
    group_id  TEXT    REFERENCES groups(id) ON DELETE CASCADE,
    date      TEXT    NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    label     TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX blackout_dates_unique ON blackout_dates (ifnull(group_id, ''), date);

-- What a session teaches; moved between dated sessions when plans are reordered.
CREATE TABLE session_plans (
    id          TEXT PRIMARY KEY CHECK (length(id) = 36),
    group_id    TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    topic       TEXT NOT NULL DEFAULT '' CHECK (length(topic) <= 200),
    objectives  TEXT NOT NULL DEFAULT '',
    materials   TEXT NOT NULL DEFAULT '',
    homework    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX session_plans_group ON session_plans (group_id);

CREATE TABLE agenda_items (
    plan_id   TEXT    NOT NULL REFERENCES session_plans(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    title     TEXT    NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
    minutes   INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 180),
    notes     TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (plan_id, position)
) STRICT;

-- A dated meeting of the group. `number` orders the program (1, 2, …).
CREATE TABLE sessions (
    id             TEXT    PRIMARY KEY CHECK (length(id) = 36),
    group_id       TEXT    NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    number         INTEGER NOT NULL CHECK (number >= 1),
    date           TEXT    NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    start_time     TEXT    NOT NULL CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    status         TEXT    NOT NULL DEFAULT 'scheduled'
                       CHECK (status IN ('scheduled', 'held', 'cancelled')),
    original_date  TEXT,
    makeup_for     INTEGER,
    plan_id        TEXT    NOT NULL REFERENCES session_plans(id),
    UNIQUE (group_id, number)
) STRICT;
CREATE INDEX sessions_by_date ON sessions (date, start_time);
CREATE INDEX sessions_plan ON sessions (plan_id);

-- Curriculum templates the clinician saved (the built-in ones ship in the binary).
CREATE TABLE curriculum_templates (
    id           TEXT PRIMARY KEY CHECK (length(id) = 36),
    name         TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 120),
    description  TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL CHECK (json_valid(body)),
    created_at   TEXT NOT NULL
) STRICT;

-- The group agreement: every edit is a new, dated version; none is changed later.
CREATE TABLE ground_rule_versions (
    id          INTEGER PRIMARY KEY,
    group_id    TEXT    NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL CHECK (version >= 1),
    created_at  TEXT    NOT NULL,
    UNIQUE (group_id, version)
) STRICT;

CREATE TABLE ground_rules (
    version_id  INTEGER NOT NULL REFERENCES ground_rule_versions(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT    NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 1000),
    PRIMARY KEY (version_id, position)
) STRICT;

CREATE TRIGGER ground_rules_are_final BEFORE UPDATE ON ground_rules
BEGIN
    SELECT RAISE(ABORT, 'a ground-rules version is never changed; save a new version');
END;
