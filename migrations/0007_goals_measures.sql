-- 0007 — goals and measures: each member's 1–3 goals per group, revised
-- with every earlier version kept and rated at the sessions they attend;
-- standardised measures (PHQ-9 and GAD-7 built in, the clinician's own
-- instruments beside them) entered item by item, scored, banded, compared
-- for reliable change; a measurement plan per group; a response recorded
-- to risk a measure raised.
--
-- The database refuses what cannot be a score: an answer outside an item's
-- range, too few items answered, a total that is not the answers' total, a
-- GAS rating outside −2…+2 or a rating outside 0–10. A measure's result is
-- final once entered (a mistake is voided, with a reason, and entered again);
-- an instrument is final once it has a result; goal versions are final.

-- A member's goal in a group (their place), measured by Goal Attainment
-- Scaling (−2 … +2) or a 0–10 rating. At most three active per place.
CREATE TABLE goals (
    id            TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 36),
    place_id      TEXT    NOT NULL REFERENCES places(id) ON DELETE RESTRICT,
    measured_by   TEXT    NOT NULL CHECK (measured_by IN ('gas', 'rating')),
    status        TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'achieved', 'discontinued')),
    set_on        TEXT    NOT NULL CHECK (date(set_on, '+0 days') IS set_on),
    ended_on      TEXT    CHECK (ended_on IS NULL OR date(ended_on, '+0 days') IS ended_on),
    end_note      TEXT    NOT NULL DEFAULT '' CHECK (length(end_note) <= 2000),
    created_at    TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', created_at) IS created_at),
    updated_at    TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', updated_at) IS updated_at),
    CHECK ((status = 'active') = (ended_on IS NULL)),
    CHECK (ended_on IS NULL OR ended_on >= set_on)
) STRICT;
CREATE INDEX goals_by_place ON goals (place_id, status);

-- Each version of a goal's wording; revising adds one. `gas_levels` holds
-- the clinician's description of each level, −2 to +2, for a GAS goal.
CREATE TABLE goal_versions (
    goal_id       TEXT    NOT NULL REFERENCES goals(id) ON DELETE RESTRICT,
    version       INTEGER NOT NULL CHECK (version >= 1),
    statement     TEXT    NOT NULL CHECK (length(trim(statement)) BETWEEN 1 AND 500),
    baseline      TEXT    NOT NULL DEFAULT '' CHECK (length(baseline) <= 500),
    target        TEXT    NOT NULL DEFAULT '' CHECK (length(target) <= 500),
    how_measured  TEXT    NOT NULL DEFAULT '' CHECK (length(how_measured) <= 500),
    gas_levels    TEXT    CHECK (gas_levels IS NULL OR (json_valid(gas_levels)
                              AND json_type(gas_levels) = 'array' AND json_array_length(gas_levels) = 5)),
    revised_on    TEXT    NOT NULL CHECK (date(revised_on, '+0 days') IS revised_on),
    reason        TEXT    NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
    created_at    TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', created_at) IS created_at),
    PRIMARY KEY (goal_id, version)
) STRICT;

-- A goal rated at a session the member attended: −2…+2 for GAS, 0–10 for a
-- rating, against the version of the goal current then.
CREATE TABLE goal_ratings (
    goal_id       TEXT    NOT NULL REFERENCES goals(id) ON DELETE RESTRICT,
    session_id    TEXT    NOT NULL REFERENCES sessions(id) ON DELETE RESTRICT,
    value         INTEGER NOT NULL CHECK (value BETWEEN -2 AND 10),
    version       INTEGER NOT NULL CHECK (version >= 1),
    recorded_at   TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', recorded_at) IS recorded_at),
    corrected_at  TEXT    CHECK (corrected_at IS NULL
                              OR strftime('%Y-%m-%dT%H:%M:%fZ', corrected_at) IS corrected_at),
    PRIMARY KEY (goal_id, session_id),
    FOREIGN KEY (goal_id, version) REFERENCES goal_versions (goal_id, version) ON DELETE RESTRICT
) STRICT;
CREATE INDEX goal_ratings_by_session ON goal_ratings (session_id);

-- A measure: built in (PHQ-9, GAD-7) or the clinician's own. Items are
-- answered from item_min to item_max; the total is the sum (prorated when
-- fewer than all items are answered) or the mean of the answered items,
-- reverse-scored items counted as item_min + item_max − answer.
CREATE TABLE instruments (
    id               TEXT    NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 36),
    name             TEXT    NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 120),
    short_name       TEXT    NOT NULL CHECK (length(trim(short_name)) BETWEEN 1 AND 20),
    builtin          INTEGER NOT NULL CHECK (builtin IN (0, 1)),
    instructions     TEXT    NOT NULL DEFAULT '' CHECK (length(instructions) <= 1000),
    item_min         INTEGER NOT NULL CHECK (item_min BETWEEN 0 AND 100),
    item_max         INTEGER NOT NULL CHECK (item_max BETWEEN 1 AND 100),
    -- What each answer means, item_min first (JSON array of strings, or empty).
    answer_labels    TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(answer_labels) AND json_type(answer_labels) = 'array'),
    scoring          TEXT    NOT NULL CHECK (scoring IN ('sum', 'mean')),
    min_answered     INTEGER NOT NULL CHECK (min_answered >= 1),
    higher_is_worse  INTEGER NOT NULL CHECK (higher_is_worse IN (0, 1)),
    -- Reliable change: a fixed threshold, or the reliability and standard
    -- deviation the Jacobson–Truax formula takes.
    reliable_change  REAL    CHECK (reliable_change IS NULL OR reliable_change > 0),
    reliability      REAL    CHECK (reliability IS NULL OR (reliability > 0 AND reliability < 1)),
    sd               REAL    CHECK (sd IS NULL OR sd > 0),
    -- An item whose answer above item_min raises a risk flag (PHQ-9 item 9).
    risk_item        INTEGER CHECK (risk_item IS NULL OR risk_item >= 1),
    created_at       TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', created_at) IS created_at),
    CHECK (item_max > item_min),
    CHECK ((reliability IS NULL) = (sd IS NULL))
) STRICT;

CREATE TABLE instrument_items (
    instrument_id  TEXT    NOT NULL REFERENCES instruments(id) ON DELETE RESTRICT,
    position       INTEGER NOT NULL CHECK (position BETWEEN 1 AND 200),
    wording        TEXT    NOT NULL CHECK (length(trim(wording)) BETWEEN 1 AND 500),
    reverse        INTEGER NOT NULL DEFAULT 0 CHECK (reverse IN (0, 1)),
    subscale       TEXT    NOT NULL DEFAULT '' CHECK (length(subscale) <= 60),
    PRIMARY KEY (instrument_id, position)
) STRICT;

-- Bands of the total, [low, high], each with its label.
CREATE TABLE instrument_bands (
    instrument_id  TEXT    NOT NULL REFERENCES instruments(id) ON DELETE RESTRICT,
    low            REAL    NOT NULL,
    high           REAL    NOT NULL,
    label          TEXT    NOT NULL CHECK (length(trim(label)) BETWEEN 1 AND 60),
    PRIMARY KEY (instrument_id, low),
    CHECK (high >= low)
) STRICT;

-- When each measure is due in a group: by session number.
CREATE TABLE measure_plans (
    group_id        TEXT    NOT NULL REFERENCES groups(id) ON DELETE RESTRICT,
    instrument_id   TEXT    NOT NULL REFERENCES instruments(id) ON DELETE RESTRICT,
    session_number  INTEGER NOT NULL CHECK (session_number >= 1),
    PRIMARY KEY (group_id, instrument_id, session_number)
) STRICT;

-- A measure taken by a member: every item's answer (JSON array, null for an
-- item not answered) and the total. Final once entered.
CREATE TABLE measure_results (
    id             TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 36),
    place_id       TEXT    NOT NULL REFERENCES places(id) ON DELETE RESTRICT,
    instrument_id  TEXT    NOT NULL REFERENCES instruments(id) ON DELETE RESTRICT,
    session_id     TEXT    REFERENCES sessions(id) ON DELETE RESTRICT,
    taken_on       TEXT    NOT NULL CHECK (date(taken_on, '+0 days') IS taken_on),
    answers        TEXT    NOT NULL CHECK (json_valid(answers) AND json_type(answers) = 'array'),
    total          REAL    NOT NULL,
    -- The answer to the instrument's risk item is above its minimum.
    raises_risk    INTEGER NOT NULL CHECK (raises_risk IN (0, 1)),
    entered_at     TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', entered_at) IS entered_at),
    voided_at      TEXT    CHECK (voided_at IS NULL OR strftime('%Y-%m-%dT%H:%M:%fZ', voided_at) IS voided_at),
    void_reason    TEXT    NOT NULL DEFAULT '' CHECK (length(void_reason) <= 2000),
    CHECK ((voided_at IS NULL) = (length(trim(void_reason)) = 0))
) STRICT;
CREATE INDEX measure_results_by_place ON measure_results (place_id, instrument_id, taken_on);
CREATE INDEX measure_results_by_session ON measure_results (session_id) WHERE session_id IS NOT NULL;
-- Risk raised, for Today, the roster and the member's record.
CREATE INDEX measure_results_with_risk ON measure_results (place_id) WHERE raises_risk = 1;

-- The clinician's response to risk a measure raised. Final when written.
CREATE TABLE measure_risk_responses (
    result_id     TEXT    NOT NULL PRIMARY KEY REFERENCES measure_results(id) ON DELETE RESTRICT,
    responded_on  TEXT    NOT NULL CHECK (date(responded_on, '+0 days') IS responded_on),
    response      TEXT    NOT NULL CHECK (length(trim(response)) BETWEEN 1 AND 4000),
    recorded_at   TEXT    NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%fZ', recorded_at) IS recorded_at)
) STRICT;

-- Goals ----------------------------------------------------------------------

CREATE TRIGGER goals_at_most_three_active BEFORE INSERT ON goals
WHEN NEW.status = 'active'
 AND (SELECT count(*) FROM goals WHERE place_id = NEW.place_id AND status = 'active') >= 3
BEGIN
    SELECT RAISE(ABORT, 'a member has at most three active goals in a group');
END;

CREATE TRIGGER goals_are_never_replaced BEFORE INSERT ON goals
WHEN EXISTS (SELECT 1 FROM goals WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a goal is never replaced');
END;

CREATE TRIGGER goals_keep_their_member BEFORE UPDATE OF id, place_id, measured_by, set_on, created_at ON goals
WHEN NEW.id IS NOT OLD.id OR NEW.place_id IS NOT OLD.place_id OR NEW.measured_by IS NOT OLD.measured_by
  OR NEW.set_on IS NOT OLD.set_on OR NEW.created_at IS NOT OLD.created_at
BEGIN
    SELECT RAISE(ABORT, 'a goal keeps its member, its measure and the day it was set');
END;

CREATE TRIGGER ended_goals_are_final BEFORE UPDATE ON goals
WHEN OLD.status <> 'active'
BEGIN
    SELECT RAISE(ABORT, 'an achieved or discontinued goal is final');
END;

CREATE TRIGGER goals_are_kept BEFORE DELETE ON goals
BEGIN
    SELECT RAISE(ABORT, 'goals are kept: mark one achieved or discontinued');
END;

CREATE TRIGGER goal_versions_fit_the_goal BEFORE INSERT ON goal_versions
WHEN (SELECT measured_by FROM goals WHERE id = NEW.goal_id) IS NOT
     (CASE WHEN NEW.gas_levels IS NULL THEN 'rating' ELSE 'gas' END)
BEGIN
    SELECT RAISE(ABORT, 'a GAS goal describes its five levels; a rated goal has none');
END;

CREATE TRIGGER goal_versions_in_order BEFORE INSERT ON goal_versions
WHEN NEW.version IS NOT (SELECT ifnull(max(version), 0) + 1 FROM goal_versions WHERE goal_id = NEW.goal_id)
BEGIN
    SELECT RAISE(ABORT, 'a goal''s versions follow one another, none replaced');
END;

CREATE TRIGGER goal_versions_are_final_update BEFORE UPDATE ON goal_versions
BEGIN
    SELECT RAISE(ABORT, 'a goal''s earlier wording is kept: revise it instead');
END;

CREATE TRIGGER goal_versions_are_final_delete BEFORE DELETE ON goal_versions
BEGIN
    SELECT RAISE(ABORT, 'a goal''s earlier wording is kept');
END;

CREATE TRIGGER goal_ratings_in_range BEFORE INSERT ON goal_ratings
WHEN NOT (CASE (SELECT measured_by FROM goals WHERE id = NEW.goal_id)
              WHEN 'gas' THEN NEW.value BETWEEN -2 AND 2
              ELSE NEW.value BETWEEN 0 AND 10 END)
BEGIN
    SELECT RAISE(ABORT, 'a GAS rating is from -2 to +2, a rating from 0 to 10');
END;

CREATE TRIGGER goal_ratings_in_range_update BEFORE UPDATE OF value ON goal_ratings
WHEN NOT (CASE (SELECT measured_by FROM goals WHERE id = NEW.goal_id)
              WHEN 'gas' THEN NEW.value BETWEEN -2 AND 2
              ELSE NEW.value BETWEEN 0 AND 10 END)
BEGIN
    SELECT RAISE(ABORT, 'a GAS rating is from -2 to +2, a rating from 0 to 10');
END;

CREATE TRIGGER goal_ratings_of_members_who_attended BEFORE INSERT ON goal_ratings
WHEN NOT EXISTS (
    SELECT 1 FROM goals g JOIN attendance a ON a.place_id = g.place_id
    WHERE g.id = NEW.goal_id AND a.session_id = NEW.session_id
      AND a.status IN ('present', 'late', 'left_early'))
BEGIN
    SELECT RAISE(ABORT, 'goals are rated at sessions the member attended');
END;

CREATE TRIGGER goal_ratings_are_never_replaced BEFORE INSERT ON goal_ratings
WHEN EXISTS (SELECT 1 FROM goal_ratings WHERE goal_id = NEW.goal_id AND session_id = NEW.session_id)
BEGIN
    SELECT RAISE(ABORT, 'a rating is corrected, never replaced');
END;

CREATE TRIGGER goal_ratings_keep_their_session BEFORE UPDATE OF goal_id, session_id, version, recorded_at ON goal_ratings
WHEN NEW.goal_id IS NOT OLD.goal_id OR NEW.session_id IS NOT OLD.session_id
  OR NEW.version IS NOT OLD.version OR NEW.recorded_at IS NOT OLD.recorded_at
BEGIN
    SELECT RAISE(ABORT, 'a rating keeps its goal and session');
END;

CREATE TRIGGER goal_ratings_are_kept BEFORE DELETE ON goal_ratings
BEGIN
    SELECT RAISE(ABORT, 'ratings are kept: correct one instead');
END;

-- Instruments ------------------------------------------------------------------

CREATE TRIGGER instruments_are_never_replaced BEFORE INSERT ON instruments
WHEN EXISTS (SELECT 1 FROM instruments WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a measure is never replaced');
END;

CREATE TRIGGER used_instruments_are_final_update BEFORE UPDATE ON instruments
WHEN OLD.builtin = 1 OR EXISTS (SELECT 1 FROM measure_results WHERE instrument_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'a built-in measure, or one with results, is final');
END;

CREATE TRIGGER used_instruments_are_final_delete BEFORE DELETE ON instruments
WHEN OLD.builtin = 1 OR EXISTS (SELECT 1 FROM measure_results WHERE instrument_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'a built-in measure, or one with results, is final');
END;

CREATE TRIGGER used_instrument_items_are_final_insert BEFORE INSERT ON instrument_items
WHEN EXISTS (SELECT 1 FROM measure_results WHERE instrument_id = NEW.instrument_id)
  OR EXISTS (SELECT 1 FROM instrument_items WHERE instrument_id = NEW.instrument_id AND position = NEW.position)
BEGIN
    SELECT RAISE(ABORT, 'a built-in measure, or one with results, is final');
END;

CREATE TRIGGER used_instrument_items_are_final_update BEFORE UPDATE ON instrument_items
WHEN (SELECT builtin FROM instruments WHERE id = OLD.instrument_id) = 1
  OR EXISTS (SELECT 1 FROM measure_results WHERE instrument_id = OLD.instrument_id)
BEGIN
    SELECT RAISE(ABORT, 'a built-in measure, or one with results, is final');
END;

CREATE TRIGGER used_instrument_items_are_final_delete BEFORE DELETE ON instrument_items
WHEN (SELECT builtin FROM instruments WHERE id = OLD.instrument_id) = 1
  OR EXISTS (SELECT 1 FROM measure_results WHERE instrument_id = OLD.instrument_id)
BEGIN
    SELECT RAISE(ABORT, 'a built-in measure, or one with results, is final');
END;

CREATE TRIGGER used_instrument_bands_are_final_insert BEFORE INSERT ON instrument_bands
WHEN EXISTS (SELECT 1 FROM measure_results WHERE instrument_id = NEW.instrument_id)
  OR EXISTS (SELECT 1 FROM instrument_bands WHERE instrument_id = NEW.instrument_id AND low = NEW.low)
BEGIN
    SELECT RAISE(ABORT, 'a built-in measure, or one with results, is final');
END;

CREATE TRIGGER used_instrument_bands_are_final_update BEFORE UPDATE ON instrument_bands
WHEN (SELECT builtin FROM instruments WHERE id = OLD.instrument_id) = 1
  OR EXISTS (SELECT 1 FROM measure_results WHERE instrument_id = OLD.instrument_id)
BEGIN
    SELECT RAISE(ABORT, 'a built-in measure, or one with results, is final');
END;

CREATE TRIGGER used_instrument_bands_are_final_delete BEFORE DELETE ON instrument_bands
WHEN (SELECT builtin FROM instruments WHERE id = OLD.instrument_id) = 1
  OR EXISTS (SELECT 1 FROM measure_results WHERE instrument_id = OLD.instrument_id)
BEGIN
    SELECT RAISE(ABORT, 'a built-in measure, or one with results, is final');
END;

-- Results ----------------------------------------------------------------------

CREATE TRIGGER measure_results_are_never_replaced BEFORE INSERT ON measure_results
WHEN EXISTS (SELECT 1 FROM measure_results WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a measure''s result is never replaced: void it and enter it again');
END;

CREATE TRIGGER measure_results_answer_every_item BEFORE INSERT ON measure_results
WHEN json_array_length(NEW.answers)
     IS NOT (SELECT count(*) FROM instrument_items WHERE instrument_id = NEW.instrument_id)
BEGIN
    SELECT RAISE(ABORT, 'a result has one answer (or a blank) for each item of its measure');
END;

-- Each check below assumes those above it hold, so the first problem is the one named.
CREATE TRIGGER measure_results_answers_in_range BEFORE INSERT ON measure_results
WHEN json_array_length(NEW.answers) IS (SELECT count(*) FROM instrument_items WHERE instrument_id = NEW.instrument_id) AND EXISTS (
    SELECT 1 FROM json_each(NEW.answers) j, instruments i
    WHERE i.id = NEW.instrument_id
      AND NOT (j.type = 'null' OR (j.type = 'integer' AND j.value BETWEEN i.item_min AND i.item_max)))
BEGIN
    SELECT RAISE(ABORT, 'an answer is outside its item''s range');
END;

CREATE TRIGGER measure_results_enough_answered BEFORE INSERT ON measure_results
WHEN json_array_length(NEW.answers) IS (SELECT count(*) FROM instrument_items WHERE instrument_id = NEW.instrument_id) AND NOT EXISTS (
    SELECT 1 FROM json_each(NEW.answers) j, instruments i
    WHERE i.id = NEW.instrument_id
      AND NOT (j.type = 'null' OR (j.type = 'integer' AND j.value BETWEEN i.item_min AND i.item_max)))
 AND (SELECT count(*) FROM json_each(NEW.answers) WHERE type = 'integer')
     < (SELECT min_answered FROM instruments WHERE id = NEW.instrument_id)
BEGIN
    SELECT RAISE(ABORT, 'too many items are unanswered for this measure to be scored');
END;

-- The total is the answers' total: reverse-scored items turned round; the
-- sum prorated to every item when some are blank; or the mean.
CREATE TRIGGER measure_results_total_is_the_answers BEFORE INSERT ON measure_results
WHEN json_array_length(NEW.answers) IS (SELECT count(*) FROM instrument_items WHERE instrument_id = NEW.instrument_id) AND NOT EXISTS (
    SELECT 1 FROM json_each(NEW.answers) j, instruments i
    WHERE i.id = NEW.instrument_id
      AND NOT (j.type = 'null' OR (j.type = 'integer' AND j.value BETWEEN i.item_min AND i.item_max)))
 AND (SELECT count(*) FROM json_each(NEW.answers) WHERE type = 'integer')
     >= (SELECT min_answered FROM instruments WHERE id = NEW.instrument_id)
 AND abs(NEW.total - (
    SELECT CASE i.scoring
             WHEN 'sum' THEN sum(CASE WHEN it.reverse = 1 THEN i.item_min + i.item_max - j.value ELSE j.value END)
                             * 1.0 * count(it.position) / count(j.value)
             ELSE sum(CASE WHEN it.reverse = 1 THEN i.item_min + i.item_max - j.value ELSE j.value END)
                  * 1.0 / count(j.value) END
    FROM instruments i
    JOIN instrument_items it ON it.instrument_id = i.id
    JOIN json_each(NEW.answers) j ON j.key = it.position - 1
    WHERE i.id = NEW.instrument_id)) > 0.005
BEGIN
    SELECT RAISE(ABORT, 'a result''s total must be the total of its answers');
END;

CREATE TRIGGER measure_results_risk_is_the_answers BEFORE INSERT ON measure_results
WHEN NEW.raises_risk IS NOT ifnull((
    SELECT json_extract(NEW.answers, '$[' || (i.risk_item - 1) || ']') > i.item_min
    FROM instruments i WHERE i.id = NEW.instrument_id AND i.risk_item IS NOT NULL), 0)
BEGIN
    SELECT RAISE(ABORT, 'a result raises risk exactly when its risk item is answered above the minimum');
END;

CREATE TRIGGER measure_results_of_the_groups_sessions BEFORE INSERT ON measure_results
WHEN NEW.session_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM sessions s JOIN places p ON p.group_id = s.group_id
    WHERE s.id = NEW.session_id AND p.id = NEW.place_id)
BEGIN
    SELECT RAISE(ABORT, 'a result taken at a session is of a session of the member''s group');
END;

-- Final: only voiding, once, with a reason.
CREATE TRIGGER measure_results_are_final BEFORE UPDATE ON measure_results
WHEN OLD.voided_at IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.place_id IS NOT OLD.place_id OR NEW.instrument_id IS NOT OLD.instrument_id
  OR NEW.session_id IS NOT OLD.session_id OR NEW.taken_on IS NOT OLD.taken_on
  OR NEW.answers IS NOT OLD.answers OR NEW.total IS NOT OLD.total OR NEW.entered_at IS NOT OLD.entered_at
  OR NEW.raises_risk IS NOT OLD.raises_risk
BEGIN
    SELECT RAISE(ABORT, 'a measure''s result is final: void it, with a reason, and enter it again');
END;

CREATE TRIGGER measure_results_are_kept BEFORE DELETE ON measure_results
BEGIN
    SELECT RAISE(ABORT, 'a measure''s result is kept: void it, with a reason');
END;

CREATE TRIGGER measure_risk_responses_answer_risk BEFORE INSERT ON measure_risk_responses
WHEN NOT EXISTS (
    SELECT 1 FROM measure_results r JOIN instruments i ON i.id = r.instrument_id
    WHERE r.id = NEW.result_id AND i.risk_item IS NOT NULL
      AND json_extract(r.answers, '$[' || (i.risk_item - 1) || ']') > i.item_min)
BEGIN
    SELECT RAISE(ABORT, 'a response is recorded to a result that raised risk');
END;

CREATE TRIGGER measure_risk_responses_are_never_replaced BEFORE INSERT ON measure_risk_responses
WHEN EXISTS (SELECT 1 FROM measure_risk_responses WHERE result_id = NEW.result_id)
BEGIN
    SELECT RAISE(ABORT, 'a response to risk is final');
END;

CREATE TRIGGER measure_risk_responses_are_final_update BEFORE UPDATE ON measure_risk_responses
BEGIN
    SELECT RAISE(ABORT, 'a response to risk is final');
END;

CREATE TRIGGER measure_risk_responses_are_final_delete BEFORE DELETE ON measure_risk_responses
BEGIN
    SELECT RAISE(ABORT, 'a response to risk is final');
END;

-- The built-in measures -------------------------------------------------------
-- PHQ-9 and GAD-7 (Spitzer, Kroenke, Williams and colleagues; free to use,
-- no permission needed). Reliable change: 6 points (PHQ-9) and 4 (GAD-7),
-- the thresholds of the NHS Talking Therapies programme.

INSERT INTO instruments (id, name, short_name, builtin, instructions, item_min, item_max, answer_labels,
                         scoring, min_answered, higher_is_worse, reliable_change, risk_item, created_at)
VALUES
 ('phq9', 'Patient Health Questionnaire (PHQ-9)', 'PHQ-9', 1,
  'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  0, 3, '["Not at all","Several days","More than half the days","Nearly every day"]',
  'sum', 9, 1, 6, 9, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
 ('gad7', 'Generalized Anxiety Disorder scale (GAD-7)', 'GAD-7', 1,
  'Over the last 2 weeks, how often have you been bothered by the following problems?',
  0, 3, '["Not at all","Several days","More than half the days","Nearly every day"]',
  'sum', 7, 1, 4, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

INSERT INTO instrument_items (instrument_id, position, wording) VALUES
 ('phq9', 1, 'Little interest or pleasure in doing things'),
 ('phq9', 2, 'Feeling down, depressed, or hopeless'),
 ('phq9', 3, 'Trouble falling or staying asleep, or sleeping too much'),
 ('phq9', 4, 'Feeling tired or having little energy'),
 ('phq9', 5, 'Poor appetite or overeating'),
 ('phq9', 6, 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down'),
 ('phq9', 7, 'Trouble concentrating on things, such as reading the newspaper or watching television'),
 ('phq9', 8, 'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual'),
 ('phq9', 9, 'Thoughts that you would be better off dead or of hurting yourself in some way'),
 ('gad7', 1, 'Feeling nervous, anxious or on edge'),
 ('gad7', 2, 'Not being able to stop or control worrying'),
 ('gad7', 3, 'Worrying too much about different things'),
 ('gad7', 4, 'Trouble relaxing'),
 ('gad7', 5, 'Being so restless that it is hard to sit still'),
 ('gad7', 6, 'Becoming easily annoyed or irritable'),
 ('gad7', 7, 'Feeling afraid as if something awful might happen');

INSERT INTO instrument_bands (instrument_id, low, high, label) VALUES
 ('phq9', 0, 4, 'Minimal'),
 ('phq9', 5, 9, 'Mild'),
 ('phq9', 10, 14, 'Moderate'),
 ('phq9', 15, 19, 'Moderately severe'),
 ('phq9', 20, 27, 'Severe'),
 ('gad7', 0, 4, 'Minimal'),
 ('gad7', 5, 9, 'Mild'),
 ('gad7', 10, 14, 'Moderate'),
 ('gad7', 15, 21, 'Severe');

-- Every group's measurement plan starts as PHQ-9 and GAD-7 at the first
-- session, the middle one and the last.
INSERT INTO measure_plans (group_id, instrument_id, session_number)
SELECT g.group_id, i.id, n.number
FROM (SELECT group_id, max(number) AS last FROM sessions WHERE status <> 'removed' GROUP BY group_id) g
CROSS JOIN (SELECT 'phq9' AS id UNION ALL SELECT 'gad7') i
JOIN (SELECT group_id, 1 AS number FROM sessions WHERE status <> 'removed' GROUP BY group_id
      UNION SELECT group_id, (max(number) + 1) / 2 FROM sessions WHERE status <> 'removed' GROUP BY group_id
      UNION SELECT group_id, max(number) FROM sessions WHERE status <> 'removed' GROUP BY group_id) n ON n.group_id = g.group_id;

-- A new group's plan starts the same way, from its planned number of sessions.
CREATE TRIGGER measure_plans_for_a_new_group AFTER INSERT ON groups
BEGIN
    INSERT OR IGNORE INTO measure_plans (group_id, instrument_id, session_number)
    SELECT NEW.id, i.id, n.number
    FROM (SELECT 'phq9' AS id UNION ALL SELECT 'gad7') i
    CROSS JOIN (SELECT 1 AS number UNION SELECT (NEW.planned_sessions + 1) / 2
                UNION SELECT NEW.planned_sessions) n;
END;
