-- 0004 — the roster: members, each person's place in a group from referral to
-- leaving, the waitlist, and agreements to the group's ground rules.
--
-- Members and places are clinical records: every reference to them is
-- ON DELETE RESTRICT, a place is never deleted, a member only while nothing is
-- recorded for them. Capacity is enforced here as well as in the core.

CREATE TABLE members (
    id                      TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 36),
    legal_name              TEXT    NOT NULL CHECK (length(trim(legal_name)) BETWEEN 1 AND 120),
    preferred_name          TEXT    NOT NULL DEFAULT '' CHECK (length(preferred_name) <= 120),
    pronouns                TEXT    NOT NULL DEFAULT '' CHECK (length(pronouns) <= 40),
    date_of_birth           TEXT    CHECK (date_of_birth IS NULL OR date(date_of_birth, '+0 days') IS date_of_birth),
    phone                   TEXT    NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
    email                   TEXT    NOT NULL DEFAULT '' CHECK (length(email) <= 200),
    emergency_name          TEXT    NOT NULL DEFAULT '' CHECK (length(emergency_name) <= 120),
    emergency_relationship  TEXT    NOT NULL DEFAULT '' CHECK (length(emergency_relationship) <= 60),
    emergency_phone         TEXT    NOT NULL DEFAULT '' CHECK (length(emergency_phone) <= 40),
    referral_source         TEXT    NOT NULL DEFAULT '' CHECK (length(referral_source) <= 200),
    notes                   TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
    -- Every name folded for searching: lower case, accents and apostrophes off.
    search_key              TEXT    NOT NULL,
    -- The legal name folded, for ordering the directory.
    sort_key                TEXT    NOT NULL,
    archived                INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at              TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', created_at) IS created_at),
    updated_at              TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', updated_at) IS updated_at)
) STRICT;

-- The directory: names in order, and the search reading only this index.
CREATE INDEX members_directory ON members (archived, sort_key, search_key);

-- A person's place in one group: referred → screened → consented → enrolled
-- (or waitlisted) → completed, dropped out or transferred. A screening that
-- is not "suitable" ends the path; so does withdrawing before enrolment.
CREATE TABLE places (
    id                 TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 36),
    member_id          TEXT    NOT NULL REFERENCES members(id) ON DELETE RESTRICT,
    group_id           TEXT    NOT NULL REFERENCES groups(id) ON DELETE RESTRICT,
    stage              TEXT    NOT NULL CHECK (stage IN ('referred', 'screened', 'consented', 'waitlisted',
                           'enrolled', 'completed', 'dropped_out', 'transferred', 'not_suitable', 'withdrawn')),
    referred_on        TEXT    NOT NULL CHECK (date(referred_on, '+0 days') IS referred_on),
    referral_source    TEXT    NOT NULL DEFAULT '' CHECK (length(referral_source) <= 200),
    screened_on        TEXT    CHECK (screened_on IS NULL OR date(screened_on, '+0 days') IS screened_on),
    screening_outcome  TEXT    CHECK (screening_outcome IS NULL
                           OR screening_outcome IN ('suitable', 'not_suitable', 'individual_first')),
    screening_notes    TEXT    NOT NULL DEFAULT '' CHECK (length(screening_notes) <= 4000),
    consented_on       TEXT    CHECK (consented_on IS NULL OR date(consented_on, '+0 days') IS consented_on),
    waitlisted_on      TEXT    CHECK (waitlisted_on IS NULL OR date(waitlisted_on, '+0 days') IS waitlisted_on),
    waitlist_rank      INTEGER CHECK (waitlist_rank IS NULL OR waitlist_rank >= 1),
    offer_skipped_on   TEXT    CHECK (offer_skipped_on IS NULL OR date(offer_skipped_on, '+0 days') IS offer_skipped_on),
    enrolled_on        TEXT    CHECK (enrolled_on IS NULL OR date(enrolled_on, '+0 days') IS enrolled_on),
    left_on            TEXT    CHECK (left_on IS NULL OR date(left_on, '+0 days') IS left_on),
    left_reason        TEXT    NOT NULL DEFAULT '' CHECK (length(left_reason) <= 2000),
    transferred_to     TEXT    NOT NULL DEFAULT '' CHECK (length(transferred_to) <= 200),
    created_at         TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', created_at) IS created_at),
    updated_at         TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', updated_at) IS updated_at),
    -- Each stage carries the dates and words it needs, in order.
    CHECK (stage IN ('referred', 'withdrawn') OR screened_on IS NOT NULL),
    CHECK (screened_on IS NULL OR (screened_on >= referred_on AND screening_outcome IS NOT NULL)),
    CHECK ((stage = 'not_suitable') = (screening_outcome IS NOT NULL AND screening_outcome <> 'suitable')),
    CHECK (stage IN ('referred', 'screened', 'not_suitable', 'withdrawn') OR consented_on IS NOT NULL),
    CHECK (consented_on IS NULL OR consented_on >= screened_on),
    CHECK ((stage = 'waitlisted') = (waitlist_rank IS NOT NULL)),
    CHECK (waitlisted_on IS NULL OR waitlisted_on >= consented_on),
    CHECK (stage NOT IN ('enrolled', 'completed', 'dropped_out', 'transferred') OR enrolled_on IS NOT NULL),
    CHECK (enrolled_on IS NULL OR enrolled_on >= consented_on),
    CHECK ((stage IN ('completed', 'dropped_out', 'transferred', 'withdrawn')) = (left_on IS NOT NULL)),
    CHECK (left_on IS NULL OR left_on >= coalesce(enrolled_on, waitlisted_on, consented_on)),
    CHECK (stage <> 'dropped_out' OR length(trim(left_reason)) > 0),
    CHECK (stage <> 'transferred' OR length(trim(transferred_to)) > 0)
) STRICT;

-- One open place per person per group: the same person is never enrolled twice.
CREATE UNIQUE INDEX places_one_open_per_member ON places (group_id, member_id)
    WHERE stage NOT IN ('completed', 'dropped_out', 'transferred', 'not_suitable', 'withdrawn');
-- The waitlist is an order: no two share a rank.
CREATE UNIQUE INDEX places_waitlist_order ON places (group_id, waitlist_rank) WHERE stage = 'waitlisted';
CREATE INDEX places_by_group ON places (group_id, stage);
-- The groups list's counts of the enrolled and the waiting, read by stage.
CREATE INDEX places_by_stage ON places (stage, group_id);
-- A member's places, newest referral first (the profile, the directory's latest group).
CREATE INDEX places_by_member ON places (member_id, referred_on);

-- A member's agreement to a version of the group's ground rules: final once recorded.
CREATE TABLE agreements (
    id           INTEGER PRIMARY KEY,
    place_id     TEXT    NOT NULL REFERENCES places(id) ON DELETE RESTRICT,
    version_id   INTEGER NOT NULL REFERENCES ground_rule_versions(id) ON DELETE RESTRICT,
    agreed_on    TEXT    NOT NULL CHECK (date(agreed_on, '+0 days') IS agreed_on),
    recorded_at  TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', recorded_at) IS recorded_at),
    UNIQUE (place_id, version_id)
) STRICT;
CREATE INDEX agreements_by_version ON agreements (version_id);

-- Records keep their identity and never vanish ---------------------------------------

CREATE TRIGGER members_keep_their_id BEFORE UPDATE OF id ON members
WHEN NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'a member keeps their id for life');
END;

CREATE TRIGGER members_are_never_replaced BEFORE INSERT ON members
WHEN EXISTS (SELECT 1 FROM members WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a member is never replaced');
END;

CREATE TRIGGER places_keep_their_identity BEFORE UPDATE OF id, member_id, group_id ON places
WHEN NEW.id IS NOT OLD.id OR NEW.member_id IS NOT OLD.member_id OR NEW.group_id IS NOT OLD.group_id
BEGIN
    SELECT RAISE(ABORT, 'a place keeps its id, its member and its group');
END;

CREATE TRIGGER places_are_never_replaced BEFORE INSERT ON places
WHEN EXISTS (SELECT 1 FROM places WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a place in a group is never replaced');
END;

CREATE TRIGGER places_are_kept BEFORE DELETE ON places
BEGIN
    SELECT RAISE(ABORT, 'a place in a group is a clinical record and is never deleted');
END;

-- A place only moves forward along its path.
CREATE TRIGGER places_move_forward BEFORE UPDATE OF stage ON places
WHEN NEW.stage IS NOT OLD.stage AND NOT (
       (OLD.stage = 'referred' AND NEW.stage IN ('screened', 'not_suitable', 'withdrawn'))
    OR (OLD.stage = 'screened' AND NEW.stage IN ('consented', 'withdrawn'))
    OR (OLD.stage = 'consented' AND NEW.stage IN ('enrolled', 'waitlisted', 'withdrawn'))
    OR (OLD.stage = 'waitlisted' AND NEW.stage IN ('enrolled', 'withdrawn'))
    OR (OLD.stage = 'enrolled' AND NEW.stage IN ('completed', 'dropped_out', 'transferred')))
BEGIN
    SELECT RAISE(ABORT, 'a place only moves forward along its path');
END;

CREATE TRIGGER places_start_referred BEFORE INSERT ON places
WHEN NEW.stage <> 'referred'
BEGIN
    SELECT RAISE(ABORT, 'a place starts with a referral');
END;

-- Capacity: never more enrolled than the group has places ---------------------------

CREATE TRIGGER places_within_capacity BEFORE UPDATE OF stage ON places
WHEN NEW.stage = 'enrolled' AND OLD.stage <> 'enrolled'
    AND (SELECT count(*) FROM places WHERE group_id = NEW.group_id AND stage = 'enrolled')
        >= (SELECT capacity FROM groups WHERE id = NEW.group_id)
BEGIN
    SELECT RAISE(ABORT, 'the group is full');
END;

CREATE TRIGGER groups_capacity_holds_the_enrolled BEFORE UPDATE OF capacity ON groups
WHEN NEW.capacity < (SELECT count(*) FROM places WHERE group_id = NEW.id AND stage = 'enrolled')
BEGIN
    SELECT RAISE(ABORT, 'more members are enrolled than that capacity');
END;

-- Agreements are final, and to the member's own group's rules -------------------------

CREATE TRIGGER agreements_are_final_update BEFORE UPDATE ON agreements
BEGIN
    SELECT RAISE(ABORT, 'an agreement to the ground rules is never changed');
END;

CREATE TRIGGER agreements_are_final_delete BEFORE DELETE ON agreements
BEGIN
    SELECT RAISE(ABORT, 'an agreement to the ground rules is never deleted');
END;

CREATE TRIGGER agreements_are_never_replaced BEFORE INSERT ON agreements
WHEN EXISTS (SELECT 1 FROM agreements WHERE id = NEW.id
             OR (place_id = NEW.place_id AND version_id = NEW.version_id))
BEGIN
    SELECT RAISE(ABORT, 'an agreement to the ground rules is never changed');
END;

CREATE TRIGGER agreements_to_the_groups_own_rules BEFORE INSERT ON agreements
WHEN (SELECT group_id FROM places WHERE id = NEW.place_id)
     IS NOT (SELECT group_id FROM ground_rule_versions WHERE id = NEW.version_id)
BEGIN
    SELECT RAISE(ABORT, 'a member agrees to the ground rules of their own group');
END;
