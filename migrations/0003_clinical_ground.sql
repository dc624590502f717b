-- 0003 — ready for clinical records.
--
-- Every planning table is rebuilt the SQLite way (create the new table, copy,
-- drop the old one, rename; the runner has foreign keys off and checks them
-- before it commits) so that:
--   * nothing cascades: every reference is ON DELETE RESTRICT (the ground
--     rules' references are deferred, so that a group deleted before anything
--     was recorded can take its agreement with it in the same transaction);
--   * the database refuses impossible dates and times, a closed group with no
--     closing session, a make-up that replaces no cancelled session, and a
--     session whose plan belongs to another group;
--   * ids never change, a held session is never deleted or moved, and a
--     session that leaves the program is marked 'removed', not deleted;
--   * what the app calls final — the audit trail, saved ground-rule versions —
--     refuses UPDATE, DELETE and INSERT OR REPLACE alike.

-- Groups ---------------------------------------------------------------------

CREATE TABLE groups_new (
    id                    TEXT    PRIMARY KEY CHECK (length(id) = 36),
    name                  TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 120),
    group_type            TEXT    NOT NULL CHECK (group_type IN
                              ('psychoeducational', 'process_oriented', 'support', 'cognitive_behavioural', 'other')),
    type_label            TEXT    NOT NULL DEFAULT '' CHECK (length(type_label) <= 60
                              AND (group_type <> 'other' OR length(trim(type_label)) > 0)),
    approach              TEXT    NOT NULL DEFAULT '' CHECK (length(approach) <= 120),
    description           TEXT    NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    membership            TEXT    NOT NULL CHECK (membership IN ('closed', 'open')),
    closes_after_session  INTEGER,
    capacity              INTEGER NOT NULL CHECK (capacity BETWEEN 6 AND 12),
    session_minutes       INTEGER NOT NULL CHECK (session_minutes BETWEEN 30 AND 180),
    cadence               TEXT    NOT NULL CHECK (cadence IN ('weekly', 'biweekly')),
    planned_sessions      INTEGER NOT NULL CHECK (planned_sessions BETWEEN 1 AND 52),
    first_date            TEXT    NOT NULL CHECK (date(first_date, '+0 days') IS first_date),
    start_time            TEXT    NOT NULL CHECK (strftime('%H:%M', start_time, '+0 seconds') IS start_time),
    location              TEXT    NOT NULL DEFAULT '' CHECK (length(location) <= 200),
    status                TEXT    NOT NULL DEFAULT 'planning'
                              CHECK (status IN ('planning', 'active', 'completed', 'cancelled')),
    archived              INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at            TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', created_at) IS created_at),
    updated_at            TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', updated_at) IS updated_at),
    CHECK ((membership = 'open' AND closes_after_session IS NULL)
        OR (membership = 'closed' AND closes_after_session IS NOT NULL
            AND closes_after_session BETWEEN 1 AND planned_sessions))
) STRICT;

INSERT INTO groups_new (id, name, group_type, type_label, approach, description, membership,
        closes_after_session, capacity, session_minutes, cadence, planned_sessions, first_date,
        start_time, location, status, archived, created_at, updated_at)
    SELECT id, name, group_type, type_label, approach, description, membership,
        closes_after_session, capacity, session_minutes, cadence, planned_sessions, first_date,
        start_time, location, status, archived, created_at, updated_at
    FROM groups;

-- Co-facilitators --------------------------------------------------------------

CREATE TABLE co_facilitators_new (
    group_id     TEXT    NOT NULL REFERENCES groups(id) ON DELETE RESTRICT,
    position     INTEGER NOT NULL CHECK (position BETWEEN 0 AND 5),
    name         TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 120),
    credentials  TEXT    NOT NULL DEFAULT '' CHECK (length(credentials) <= 60),
    PRIMARY KEY (group_id, position)
) STRICT;

INSERT INTO co_facilitators_new (group_id, position, name, credentials)
    SELECT group_id, position, name, credentials FROM co_facilitators;

-- Blackout dates (group_id NULL: the practice-wide list) ----------------------

CREATE TABLE blackout_dates_new (
    id        INTEGER PRIMARY KEY,
    group_id  TEXT    REFERENCES groups(id) ON DELETE RESTRICT,
    date      TEXT    NOT NULL CHECK (date(date, '+0 days') IS date),
    label     TEXT    NOT NULL DEFAULT '' CHECK (length(label) <= 120)
) STRICT;

INSERT INTO blackout_dates_new (id, group_id, date, label)
    SELECT id, group_id, date, label FROM blackout_dates;

-- Session plans and their agenda -----------------------------------------------

CREATE TABLE session_plans_new (
    id          TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36),
    group_id    TEXT NOT NULL REFERENCES groups(id) ON DELETE RESTRICT,
    topic       TEXT NOT NULL DEFAULT '' CHECK (length(topic) <= 200),
    objectives  TEXT NOT NULL DEFAULT '' CHECK (length(objectives) <= 4000),
    materials   TEXT NOT NULL DEFAULT '' CHECK (length(materials) <= 4000),
    homework    TEXT NOT NULL DEFAULT '' CHECK (length(homework) <= 4000),
    UNIQUE (group_id, id)
) STRICT;

INSERT INTO session_plans_new (id, group_id, topic, objectives, materials, homework)
    SELECT id, group_id, topic, objectives, materials, homework FROM session_plans;

CREATE TABLE agenda_items_new (
    plan_id   TEXT    NOT NULL REFERENCES session_plans(id) ON DELETE RESTRICT,
    position  INTEGER NOT NULL CHECK (position BETWEEN 0 AND 39),
    title     TEXT    NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
    minutes   INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 180),
    notes     TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    PRIMARY KEY (plan_id, position)
) STRICT;

INSERT INTO agenda_items_new (plan_id, position, title, minutes, notes)
    SELECT plan_id, position, title, minutes, notes FROM agenda_items;

-- Dated sessions -----------------------------------------------------------------
-- `number` orders the program (1, 2, …) among the sessions still part of it;
-- a session taken off the program is 'removed' and keeps its row and id.
-- `makeup_for` is the cancelled session a make-up replaces (was its number).

CREATE TABLE sessions_new (
    id             TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 36),
    group_id       TEXT    NOT NULL REFERENCES groups(id) ON DELETE RESTRICT,
    number         INTEGER NOT NULL CHECK (number BETWEEN 1 AND 1000),
    date           TEXT    NOT NULL CHECK (date(date, '+0 days') IS date),
    start_time     TEXT    NOT NULL CHECK (strftime('%H:%M', start_time, '+0 seconds') IS start_time),
    status         TEXT    NOT NULL DEFAULT 'scheduled'
                       CHECK (status IN ('scheduled', 'held', 'cancelled', 'removed')),
    original_date  TEXT    CHECK (original_date IS NULL OR date(original_date, '+0 days') IS original_date),
    makeup_for     TEXT    CHECK (makeup_for IS NOT id),
    plan_id        TEXT    NOT NULL,
    UNIQUE (group_id, id),
    FOREIGN KEY (group_id, plan_id) REFERENCES session_plans (group_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (group_id, makeup_for) REFERENCES sessions_new (group_id, id) ON DELETE RESTRICT
) STRICT;

INSERT INTO sessions_new (id, group_id, number, date, start_time, status, original_date, makeup_for, plan_id)
    SELECT s.id, s.group_id, s.number, s.date, s.start_time, s.status, s.original_date,
           (SELECT m.id FROM sessions m WHERE m.group_id = s.group_id AND m.number = s.makeup_for),
           s.plan_id
    FROM sessions s;

-- The group agreement ------------------------------------------------------------

CREATE TABLE ground_rule_versions_new (
    id          INTEGER PRIMARY KEY,
    group_id    TEXT    NOT NULL REFERENCES groups(id) DEFERRABLE INITIALLY DEFERRED,
    version     INTEGER NOT NULL CHECK (version >= 1),
    rule_count  INTEGER NOT NULL CHECK (rule_count BETWEEN 1 AND 30),
    created_at  TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', created_at) IS created_at),
    UNIQUE (group_id, version)
) STRICT;

INSERT INTO ground_rule_versions_new (id, group_id, version, rule_count, created_at)
    SELECT v.id, v.group_id, v.version,
           (SELECT count(*) FROM ground_rules r WHERE r.version_id = v.id), v.created_at
    FROM ground_rule_versions v;

CREATE TABLE ground_rules_new (
    version_id  INTEGER NOT NULL REFERENCES ground_rule_versions(id) DEFERRABLE INITIALLY DEFERRED,
    position    INTEGER NOT NULL CHECK (position BETWEEN 0 AND 29),
    text        TEXT    NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 1000),
    PRIMARY KEY (version_id, position)
) STRICT;

INSERT INTO ground_rules_new (version_id, position, text)
    SELECT version_id, position, text FROM ground_rules;

-- Swap the new tables in (children first, then parents) ---------------------------

DROP TABLE ground_rules;
DROP TABLE ground_rule_versions;
DROP TABLE sessions;
DROP TABLE agenda_items;
DROP TABLE session_plans;
DROP TABLE blackout_dates;
DROP TABLE co_facilitators;
DROP TABLE groups;

ALTER TABLE groups_new RENAME TO groups;
ALTER TABLE co_facilitators_new RENAME TO co_facilitators;
ALTER TABLE blackout_dates_new RENAME TO blackout_dates;
ALTER TABLE session_plans_new RENAME TO session_plans;
ALTER TABLE agenda_items_new RENAME TO agenda_items;
ALTER TABLE sessions_new RENAME TO sessions;
ALTER TABLE ground_rule_versions_new RENAME TO ground_rule_versions;
ALTER TABLE ground_rules_new RENAME TO ground_rules;

-- Indexes ---------------------------------------------------------------------------

CREATE UNIQUE INDEX blackout_dates_unique ON blackout_dates (ifnull(group_id, ''), date);
CREATE INDEX blackout_dates_group ON blackout_dates (group_id);
CREATE INDEX session_plans_group ON session_plans (group_id);
-- Two sessions still part of a program never share a number.
CREATE UNIQUE INDEX sessions_number ON sessions (group_id, number) WHERE status <> 'removed';
-- Today and the calendar: sessions by date.
CREATE INDEX sessions_by_date ON sessions (date, start_time);
-- The groups list: each group's next and last session in one grouped pass.
CREATE INDEX sessions_by_group ON sessions (group_id, status, date, start_time);
CREATE INDEX sessions_plan ON sessions (group_id, plan_id);
CREATE INDEX sessions_makeup ON sessions (group_id, makeup_for);

-- Ids never change ----------------------------------------------------------------

CREATE TRIGGER groups_keep_their_id BEFORE UPDATE OF id ON groups
WHEN NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'a group keeps its id for life');
END;

CREATE TRIGGER groups_are_never_replaced BEFORE INSERT ON groups
WHEN EXISTS (SELECT 1 FROM groups WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a group is never replaced');
END;

CREATE TRIGGER session_plans_keep_their_id BEFORE UPDATE OF id, group_id ON session_plans
WHEN NEW.id IS NOT OLD.id OR NEW.group_id IS NOT OLD.group_id
BEGIN
    SELECT RAISE(ABORT, 'a session plan keeps its id and its group');
END;

CREATE TRIGGER session_plans_are_never_replaced BEFORE INSERT ON session_plans
WHEN EXISTS (SELECT 1 FROM session_plans WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a session plan is never replaced');
END;

CREATE TRIGGER sessions_keep_their_id BEFORE UPDATE OF id, group_id ON sessions
WHEN NEW.id IS NOT OLD.id OR NEW.group_id IS NOT OLD.group_id
BEGIN
    SELECT RAISE(ABORT, 'a session keeps its id and its group for life');
END;

CREATE TRIGGER sessions_are_never_replaced BEFORE INSERT ON sessions
WHEN EXISTS (SELECT 1 FROM sessions WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a session is never replaced; update it in place');
END;

-- A held session is a clinical record ------------------------------------------------

CREATE TRIGGER held_sessions_are_kept BEFORE DELETE ON sessions
WHEN OLD.status = 'held'
BEGIN
    SELECT RAISE(ABORT, 'a held session is never deleted');
END;

CREATE TRIGGER held_sessions_stay_as_held BEFORE UPDATE ON sessions
WHEN OLD.status = 'held' AND (NEW.status IS NOT 'held' OR NEW.number IS NOT OLD.number
    OR NEW.date IS NOT OLD.date OR NEW.start_time IS NOT OLD.start_time)
BEGIN
    SELECT RAISE(ABORT, 'a held session keeps its number, date and time');
END;

-- A make-up replaces a cancelled session of its own group ------------------------------

CREATE TRIGGER makeups_replace_a_cancelled_session BEFORE INSERT ON sessions
WHEN NEW.makeup_for IS NOT NULL
    AND (SELECT status FROM sessions WHERE id = NEW.makeup_for) IS NOT 'cancelled'
BEGIN
    SELECT RAISE(ABORT, 'a make-up session replaces a cancelled session');
END;

CREATE TRIGGER makeups_keep_replacing_a_cancelled_session BEFORE UPDATE OF makeup_for ON sessions
WHEN NEW.makeup_for IS NOT NULL
    AND (SELECT status FROM sessions WHERE id = NEW.makeup_for) IS NOT 'cancelled'
BEGIN
    SELECT RAISE(ABORT, 'a make-up session replaces a cancelled session');
END;

-- Saved ground-rule versions are final -------------------------------------------------
-- A version is never changed or replaced; it is deleted only together with
-- its group, which is possible only before anything is recorded for it.

CREATE TRIGGER ground_rule_versions_are_final BEFORE UPDATE ON ground_rule_versions
BEGIN
    SELECT RAISE(ABORT, 'a ground-rules version is never changed; save a new version');
END;

CREATE TRIGGER ground_rule_versions_are_kept BEFORE DELETE ON ground_rule_versions
WHEN EXISTS (SELECT 1 FROM groups WHERE id = OLD.group_id)
BEGIN
    SELECT RAISE(ABORT, 'a ground-rules version is kept for as long as its group');
END;

CREATE TRIGGER ground_rule_versions_only_grow BEFORE INSERT ON ground_rule_versions
WHEN EXISTS (SELECT 1 FROM ground_rule_versions WHERE id = NEW.id)
    OR NEW.version IS NOT (SELECT coalesce(max(version), 0) + 1 FROM ground_rule_versions
                           WHERE group_id = NEW.group_id)
BEGIN
    SELECT RAISE(ABORT, 'a ground-rules version is never replaced; save the next version');
END;

CREATE TRIGGER ground_rules_are_final BEFORE UPDATE ON ground_rules
BEGIN
    SELECT RAISE(ABORT, 'a ground-rules version is never changed; save a new version');
END;

CREATE TRIGGER ground_rules_are_kept BEFORE DELETE ON ground_rules
WHEN EXISTS (SELECT 1 FROM ground_rule_versions v JOIN groups g ON g.id = v.group_id
             WHERE v.id = OLD.version_id)
BEGIN
    SELECT RAISE(ABORT, 'a ground-rules version is kept for as long as its group');
END;

-- Rules are written once, in order, up to the version's count.
CREATE TRIGGER ground_rules_are_written_once BEFORE INSERT ON ground_rules
WHEN NEW.position IS NOT (SELECT count(*) FROM ground_rules WHERE version_id = NEW.version_id)
    OR NEW.position >= coalesce((SELECT rule_count FROM ground_rule_versions WHERE id = NEW.version_id), 0)
BEGIN
    SELECT RAISE(ABORT, 'a saved ground-rules version is never changed; save a new version');
END;

-- The audit trail: only ever the next entry --------------------------------------------

CREATE TRIGGER audit_log_only_appends BEFORE INSERT ON audit_log
WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_log)
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
