-- Member progress and discharge summaries (issue 21): the figures of one
-- member's place computed by the app, with the clinician's summary,
-- recommendations and aftercare, signed like a note. Once signed a summary
-- is final: it keeps the figures as they stood when it was signed
-- (`figures`, JSON), so what was sent is what is kept.
CREATE TABLE member_summaries (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    place_id            TEXT    NOT NULL REFERENCES places(id) ON DELETE RESTRICT,
    kind                TEXT    NOT NULL CHECK (kind IN ('progress', 'discharge')),
    -- Whom it is for: "Dr Amal Haddad, referring psychiatrist".
    recipient           TEXT    NOT NULL DEFAULT '' CHECK (length(recipient) <= 200),
    summary             TEXT    NOT NULL DEFAULT '' CHECK (length(summary) <= 20000),
    recommendations     TEXT    NOT NULL DEFAULT '' CHECK (length(recommendations) <= 20000),
    aftercare           TEXT    NOT NULL DEFAULT '' CHECK (length(aftercare) <= 20000),
    -- Mentions of other members the clinician confirmed do not identify them.
    confirmed_mentions  TEXT    NOT NULL DEFAULT '[]'
                            CHECK (json_valid(confirmed_mentions) AND json_type(confirmed_mentions) = 'array'),
    created_at          TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', created_at) IS created_at),
    updated_at          TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', updated_at) IS updated_at),
    signed_at           TEXT    CHECK (signed_at IS NULL
                            OR strftime('%Y-%m-%dT%H:%M:%fZ', signed_at) IS signed_at),
    signed_by           TEXT    CHECK (signed_by IS NULL OR length(trim(signed_by)) BETWEEN 1 AND 120),
    signed_credentials  TEXT    CHECK (signed_credentials IS NULL OR length(trim(signed_credentials)) BETWEEN 1 AND 60),
    figures             TEXT    CHECK (figures IS NULL OR (json_valid(figures) AND json_type(figures) = 'object')),
    -- Signed means: by whom, with credentials, the figures kept, and a summary written.
    CHECK ((signed_at IS NULL) = (signed_by IS NULL) AND (signed_at IS NULL) = (signed_credentials IS NULL)
        AND (signed_at IS NULL) = (figures IS NULL)),
    CHECK (signed_at IS NULL OR length(trim(summary)) > 0)
) STRICT;

-- One draft of each kind per place; any number signed.
CREATE UNIQUE INDEX member_summaries_one_draft ON member_summaries (place_id, kind) WHERE signed_at IS NULL;
CREATE INDEX member_summaries_by_place ON member_summaries (place_id, created_at);

CREATE TRIGGER member_summaries_guard_insert BEFORE INSERT ON member_summaries
WHEN EXISTS (SELECT 1 FROM member_summaries WHERE id = NEW.id
                 OR (place_id = NEW.place_id AND kind = NEW.kind AND signed_at IS NULL AND NEW.signed_at IS NULL))
BEGIN
    SELECT RAISE(ABORT, 'a summary is never replaced');
END;

CREATE TRIGGER member_summaries_guard_update BEFORE UPDATE ON member_summaries
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed summary is final');
END;

CREATE TRIGGER member_summaries_guard_update_identity BEFORE UPDATE OF id, place_id, kind, created_at ON member_summaries
WHEN NEW.id IS NOT OLD.id OR NEW.place_id IS NOT OLD.place_id OR NEW.kind IS NOT OLD.kind
    OR NEW.created_at IS NOT OLD.created_at
BEGIN
    SELECT RAISE(ABORT, 'a summary keeps its member, its kind and when it was begun');
END;

CREATE TRIGGER member_summaries_guard_delete BEFORE DELETE ON member_summaries
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed summary is never deleted');
END;

-- strftime reads '24:00' as the next day's midnight: an hour of 24 is refused.
CREATE TRIGGER member_summaries_times_insert BEFORE INSERT ON member_summaries
WHEN substr(NEW.created_at, 12, 2) > '23' OR substr(NEW.updated_at, 12, 2) > '23'
    OR substr(NEW.signed_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER member_summaries_times_update BEFORE UPDATE ON member_summaries
WHEN substr(NEW.created_at, 12, 2) > '23' OR substr(NEW.updated_at, 12, 2) > '23'
    OR substr(NEW.signed_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;
