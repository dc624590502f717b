-- 0001 — the foundation: the audit trail, app settings, the clinician's profile.

-- Append-only audit trail. Each row's hash covers the previous row's hash and
-- this row's fields, so `cohort check` can tell when rows were removed,
-- reordered or altered outside Cohort.
CREATE TABLE audit_log (
    seq     INTEGER PRIMARY KEY,
    at      TEXT    NOT NULL CHECK (length(at) >= 20),
    event   TEXT    NOT NULL CHECK (length(event) BETWEEN 1 AND 64),
    detail  TEXT    NOT NULL DEFAULT '',
    hash    TEXT    NOT NULL CHECK (length(hash) = 64)
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

-- One row: settings of this vault.
CREATE TABLE settings (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    auto_lock_minutes  INTEGER NOT NULL DEFAULT 10 CHECK (auto_lock_minutes BETWEEN 1 AND 60)
) STRICT;
INSERT INTO settings (id) VALUES (1);

-- One row: the clinician who owns the vault; signs notes later on.
CREATE TABLE clinician_profile (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    full_name       TEXT NOT NULL DEFAULT '' CHECK (length(full_name) <= 120),
    credentials     TEXT NOT NULL DEFAULT '' CHECK (length(credentials) <= 60),
    license_number  TEXT NOT NULL DEFAULT '' CHECK (length(license_number) <= 60),
    practice_name   TEXT NOT NULL DEFAULT '' CHECK (length(practice_name) <= 120),
    updated_at      TEXT
) STRICT;
INSERT INTO clinician_profile (id) VALUES (1);
