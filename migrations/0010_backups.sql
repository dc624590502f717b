-- 0010 — keeping the records: automatic backups.
--
-- Where automatic backups go and how many are kept (one row), and every
-- backup made or attempted, written once. The backups themselves are files
-- outside the vault (src/vault/backup); these say when, where and why.

-- No folder: automatic backups are not set up. The keeping rule: the
-- newest backup of each of the last `keep_daily` days, `keep_weekly` weeks
-- and `keep_monthly` months stays; older ones in the folder go.
CREATE TABLE backup_settings (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    folder        TEXT    CHECK (folder IS NULL OR length(folder) BETWEEN 1 AND 4096),
    keep_daily    INTEGER NOT NULL DEFAULT 7  CHECK (keep_daily BETWEEN 1 AND 90),
    keep_weekly   INTEGER NOT NULL DEFAULT 4  CHECK (keep_weekly BETWEEN 0 AND 104),
    keep_monthly  INTEGER NOT NULL DEFAULT 12 CHECK (keep_monthly BETWEEN 0 AND 120)
) STRICT;
INSERT INTO backup_settings (id) VALUES (1);

-- Every backup made or attempted. `audit_seq` is the last entry of the
-- audit trail the backup holds: what was recorded after it is not in it.
CREATE TABLE backup_log (
    id           INTEGER PRIMARY KEY,
    started_at   TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', started_at) IS started_at),
    finished_at  TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', finished_at) IS finished_at),
    reason       TEXT    NOT NULL CHECK (reason IN ('by_hand', 'notes_signed', 'daily', 'locking', 'closing', 'keys_changed')),
    automatic    INTEGER NOT NULL CHECK (automatic IN (0, 1)),
    outcome      TEXT    NOT NULL CHECK (outcome IN ('made', 'failed')),
    file         TEXT    CHECK (file IS NULL OR length(file) BETWEEN 1 AND 4096),
    bytes        INTEGER CHECK (bytes IS NULL OR bytes > 0),
    audit_seq    INTEGER CHECK (audit_seq IS NULL OR audit_seq >= 1),
    problem      TEXT    CHECK (problem IS NULL OR length(problem) BETWEEN 1 AND 2000),
    CHECK (julianday(finished_at) >= julianday(started_at)),
    CHECK ((outcome = 'made') = (file IS NOT NULL AND bytes IS NOT NULL AND audit_seq IS NOT NULL)),
    CHECK ((outcome = 'failed') = (problem IS NOT NULL))
) STRICT;

-- The last backup made (of either kind), and the last automatic one.
CREATE INDEX backup_log_by_outcome ON backup_log (outcome, automatic, id);

CREATE TRIGGER backup_log_guard_insert BEFORE INSERT ON backup_log
WHEN EXISTS (SELECT 1 FROM backup_log WHERE id = NEW.id)
    OR NEW.id <= (SELECT coalesce(max(id), 0) FROM backup_log)
BEGIN
    SELECT RAISE(ABORT, 'the backup log is written once, in order');
END;

CREATE TRIGGER backup_log_guard_update BEFORE UPDATE ON backup_log
BEGIN
    SELECT RAISE(ABORT, 'the backup log is written once, in order');
END;

CREATE TRIGGER backup_log_guard_delete BEFORE DELETE ON backup_log
BEGIN
    SELECT RAISE(ABORT, 'the backup log is written once, in order');
END;

CREATE TRIGGER backup_log_times_insert BEFORE INSERT ON backup_log
WHEN substr(NEW.started_at, 12, 2) > '23'
    OR substr(NEW.finished_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;
