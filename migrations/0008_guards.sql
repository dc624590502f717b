-- 0008 — guards under one name, and the holes direct SQL found.
--
-- The triggers that keep records (an id for life, never replaced, never
-- deleted, final once signed, ended or used) were spelled many ways; every
-- one is now named `<table>_guard_<insert|update|delete>[_<what>]`, and
-- src/tables.rs lists each table with what "final" means for it
-- (tests/finality.rs walks that list against this schema).
--
-- Holes closed:
-- - INSERT OR REPLACE and UPDATE OR REPLACE delete the row holding a UNIQUE
--   key without firing any delete trigger: every UNIQUE key of a kept table
--   is guarded now, not only its id (places' open place and waitlist rank,
--   a session's number in its program, a measure's name).
-- - A built-in measure (PHQ-9, GAD-7) could be given a new item or band.
-- - A goal could be rated at a session before it was set or after it ended.
-- - Every timestamp accepted an hour of 24, and an addendum's time was
--   compared with its note's signature as text.

DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_guard_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_guard_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

DROP TRIGGER audit_log_only_appends;
CREATE TRIGGER audit_log_guard_insert BEFORE INSERT ON audit_log
WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_log)
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

DROP TRIGGER groups_keep_their_id;
CREATE TRIGGER groups_guard_update BEFORE UPDATE OF id ON groups
WHEN NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'a group keeps its id for life');
END;

DROP TRIGGER groups_are_never_replaced;
CREATE TRIGGER groups_guard_insert BEFORE INSERT ON groups
WHEN EXISTS (SELECT 1 FROM groups WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a group is never replaced');
END;

DROP TRIGGER session_plans_keep_their_id;
CREATE TRIGGER session_plans_guard_update BEFORE UPDATE OF id, group_id ON session_plans
WHEN NEW.id IS NOT OLD.id OR NEW.group_id IS NOT OLD.group_id
BEGIN
    SELECT RAISE(ABORT, 'a session plan keeps its id and its group');
END;

DROP TRIGGER session_plans_are_never_replaced;
CREATE TRIGGER session_plans_guard_insert BEFORE INSERT ON session_plans
WHEN EXISTS (SELECT 1 FROM session_plans WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a session plan is never replaced');
END;

DROP TRIGGER sessions_keep_their_id;
CREATE TRIGGER sessions_guard_update_identity BEFORE UPDATE OF id, group_id ON sessions
WHEN NEW.id IS NOT OLD.id OR NEW.group_id IS NOT OLD.group_id
BEGIN
    SELECT RAISE(ABORT, 'a session keeps its id and its group for life');
END;

DROP TRIGGER sessions_are_never_replaced;
CREATE TRIGGER sessions_guard_insert BEFORE INSERT ON sessions
WHEN EXISTS (SELECT 1 FROM sessions WHERE id = NEW.id)
    OR (NEW.status <> 'removed' AND EXISTS (SELECT 1 FROM sessions
        WHERE group_id = NEW.group_id AND number = NEW.number AND status <> 'removed'))
BEGIN
    SELECT RAISE(ABORT, 'a session is never replaced; update it in place');
END;

DROP TRIGGER held_sessions_are_kept;
CREATE TRIGGER sessions_guard_delete BEFORE DELETE ON sessions
WHEN OLD.status = 'held'
BEGIN
    SELECT RAISE(ABORT, 'a held session is never deleted');
END;

DROP TRIGGER held_sessions_stay_as_held;
CREATE TRIGGER sessions_guard_update_held BEFORE UPDATE ON sessions
WHEN OLD.status = 'held' AND (NEW.status IS NOT 'held' OR NEW.number IS NOT OLD.number
    OR NEW.date IS NOT OLD.date OR NEW.start_time IS NOT OLD.start_time)
BEGIN
    SELECT RAISE(ABORT, 'a held session keeps its number, date and time');
END;

DROP TRIGGER ground_rule_versions_are_final;
CREATE TRIGGER ground_rule_versions_guard_update BEFORE UPDATE ON ground_rule_versions
BEGIN
    SELECT RAISE(ABORT, 'a ground-rules version is never changed; save a new version');
END;

DROP TRIGGER ground_rule_versions_are_kept;
CREATE TRIGGER ground_rule_versions_guard_delete BEFORE DELETE ON ground_rule_versions
WHEN EXISTS (SELECT 1 FROM groups WHERE id = OLD.group_id)
BEGIN
    SELECT RAISE(ABORT, 'a ground-rules version is kept for as long as its group');
END;

DROP TRIGGER ground_rule_versions_only_grow;
CREATE TRIGGER ground_rule_versions_guard_insert BEFORE INSERT ON ground_rule_versions
WHEN EXISTS (SELECT 1 FROM ground_rule_versions WHERE id = NEW.id)
    OR NEW.version IS NOT (SELECT coalesce(max(version), 0) + 1 FROM ground_rule_versions
                           WHERE group_id = NEW.group_id)
BEGIN
    SELECT RAISE(ABORT, 'a ground-rules version is never replaced; save the next version');
END;

DROP TRIGGER ground_rules_are_final;
CREATE TRIGGER ground_rules_guard_update BEFORE UPDATE ON ground_rules
BEGIN
    SELECT RAISE(ABORT, 'a ground-rules version is never changed; save a new version');
END;

DROP TRIGGER ground_rules_are_kept;
CREATE TRIGGER ground_rules_guard_delete BEFORE DELETE ON ground_rules
WHEN EXISTS (SELECT 1 FROM ground_rule_versions v JOIN groups g ON g.id = v.group_id
             WHERE v.id = OLD.version_id)
BEGIN
    SELECT RAISE(ABORT, 'a ground-rules version is kept for as long as its group');
END;

DROP TRIGGER ground_rules_are_written_once;
CREATE TRIGGER ground_rules_guard_insert BEFORE INSERT ON ground_rules
WHEN NEW.position IS NOT (SELECT count(*) FROM ground_rules WHERE version_id = NEW.version_id)
    OR NEW.position >= coalesce((SELECT rule_count FROM ground_rule_versions WHERE id = NEW.version_id), 0)
BEGIN
    SELECT RAISE(ABORT, 'a saved ground-rules version is never changed; save a new version');
END;

DROP TRIGGER members_keep_their_id;
CREATE TRIGGER members_guard_update BEFORE UPDATE OF id ON members
WHEN NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'a member keeps their id for life');
END;

DROP TRIGGER members_are_never_replaced;
CREATE TRIGGER members_guard_insert BEFORE INSERT ON members
WHEN EXISTS (SELECT 1 FROM members WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a member is never replaced');
END;

DROP TRIGGER places_keep_their_identity;
CREATE TRIGGER places_guard_update_identity BEFORE UPDATE OF id, member_id, group_id ON places
WHEN NEW.id IS NOT OLD.id OR NEW.member_id IS NOT OLD.member_id OR NEW.group_id IS NOT OLD.group_id
BEGIN
    SELECT RAISE(ABORT, 'a place keeps its id, its member and its group');
END;

DROP TRIGGER places_are_never_replaced;
CREATE TRIGGER places_guard_insert BEFORE INSERT ON places
WHEN EXISTS (SELECT 1 FROM places WHERE id = NEW.id)
    OR (NEW.stage NOT IN ('completed', 'dropped_out', 'transferred', 'not_suitable', 'withdrawn')
        AND EXISTS (SELECT 1 FROM places WHERE group_id = NEW.group_id AND member_id = NEW.member_id
            AND stage NOT IN ('completed', 'dropped_out', 'transferred', 'not_suitable', 'withdrawn')))
    OR (NEW.stage = 'waitlisted' AND EXISTS (SELECT 1 FROM places WHERE group_id = NEW.group_id
        AND waitlist_rank = NEW.waitlist_rank AND stage = 'waitlisted'))
BEGIN
    SELECT RAISE(ABORT, 'a place in a group is never replaced');
END;

DROP TRIGGER places_are_kept;
CREATE TRIGGER places_guard_delete BEFORE DELETE ON places
BEGIN
    SELECT RAISE(ABORT, 'a place in a group is a clinical record and is never deleted');
END;

DROP TRIGGER agreements_are_final_update;
CREATE TRIGGER agreements_guard_update BEFORE UPDATE ON agreements
BEGIN
    SELECT RAISE(ABORT, 'an agreement to the ground rules is never changed');
END;

DROP TRIGGER agreements_are_final_delete;
CREATE TRIGGER agreements_guard_delete BEFORE DELETE ON agreements
BEGIN
    SELECT RAISE(ABORT, 'an agreement to the ground rules is never deleted');
END;

DROP TRIGGER agreements_are_never_replaced;
CREATE TRIGGER agreements_guard_insert BEFORE INSERT ON agreements
WHEN EXISTS (SELECT 1 FROM agreements WHERE id = NEW.id
             OR (place_id = NEW.place_id AND version_id = NEW.version_id))
BEGIN
    SELECT RAISE(ABORT, 'an agreement to the ground rules is never changed');
END;

DROP TRIGGER runs_are_kept;
CREATE TRIGGER session_runs_guard_delete BEFORE DELETE ON session_runs
BEGIN
    SELECT RAISE(ABORT, 'a session that has started is a clinical record and is never deleted');
END;

DROP TRIGGER runs_keep_their_session;
CREATE TRIGGER session_runs_guard_update_identity BEFORE UPDATE OF session_id, started_at ON session_runs
WHEN NEW.session_id IS NOT OLD.session_id OR NEW.started_at IS NOT OLD.started_at
BEGIN
    SELECT RAISE(ABORT, 'a session keeps the time it started');
END;

DROP TRIGGER ended_runs_are_final;
CREATE TRIGGER session_runs_guard_update BEFORE UPDATE ON session_runs
WHEN OLD.ended_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a session that has ended is final');
END;

DROP TRIGGER session_agenda_final_insert;
CREATE TRIGGER session_agenda_items_guard_insert_ended BEFORE INSERT ON session_agenda_items
WHEN (SELECT ended_at FROM session_runs WHERE session_id = NEW.session_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the agenda of a session that has ended is final');
END;

DROP TRIGGER session_agenda_never_replaced;
CREATE TRIGGER session_agenda_items_guard_insert BEFORE INSERT ON session_agenda_items
WHEN EXISTS (SELECT 1 FROM session_agenda_items WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'an agenda item is never replaced');
END;

DROP TRIGGER session_agenda_final_update;
CREATE TRIGGER session_agenda_items_guard_update BEFORE UPDATE ON session_agenda_items
WHEN (SELECT ended_at FROM session_runs WHERE session_id = OLD.session_id) IS NOT NULL
    OR NEW.session_id IS NOT OLD.session_id OR NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'the agenda of a session that has ended is final');
END;

DROP TRIGGER session_agenda_final_delete;
CREATE TRIGGER session_agenda_items_guard_delete BEFORE DELETE ON session_agenda_items
WHEN (SELECT ended_at FROM session_runs WHERE session_id = OLD.session_id) IS NOT NULL
    OR OLD.elapsed_ms > 0 OR OLD.done = 1
BEGIN
    SELECT RAISE(ABORT, 'an agenda item that was run is kept');
END;

DROP TRIGGER attendance_is_never_replaced;
CREATE TRIGGER attendance_guard_insert BEFORE INSERT ON attendance
WHEN EXISTS (SELECT 1 FROM attendance WHERE session_id = NEW.session_id AND place_id = NEW.place_id)
BEGIN
    SELECT RAISE(ABORT, 'an attendance mark is never replaced; correct it');
END;

DROP TRIGGER attendance_keeps_its_member;
CREATE TRIGGER attendance_guard_update BEFORE UPDATE OF session_id, place_id, recorded_at ON attendance
WHEN NEW.session_id IS NOT OLD.session_id OR NEW.place_id IS NOT OLD.place_id
    OR NEW.recorded_at IS NOT OLD.recorded_at
BEGIN
    SELECT RAISE(ABORT, 'an attendance mark keeps its session and member');
END;

DROP TRIGGER attendance_is_kept;
CREATE TRIGGER attendance_guard_delete BEFORE DELETE ON attendance
BEGIN
    SELECT RAISE(ABORT, 'an attendance mark is a clinical record and is never deleted');
END;

DROP TRIGGER follow_ups_are_never_replaced;
CREATE TRIGGER follow_ups_guard_insert BEFORE INSERT ON follow_ups
WHEN EXISTS (SELECT 1 FROM follow_ups WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a follow-up is never changed');
END;

DROP TRIGGER follow_ups_are_final_update;
CREATE TRIGGER follow_ups_guard_update BEFORE UPDATE ON follow_ups
BEGIN
    SELECT RAISE(ABORT, 'a follow-up is never changed');
END;

DROP TRIGGER follow_ups_are_final_delete;
CREATE TRIGGER follow_ups_guard_delete BEFORE DELETE ON follow_ups
BEGIN
    SELECT RAISE(ABORT, 'a follow-up is never deleted');
END;

DROP TRIGGER notes_are_never_replaced;
CREATE TRIGGER notes_guard_insert BEFORE INSERT ON notes
WHEN EXISTS (SELECT 1 FROM notes WHERE id = NEW.id
                 OR (session_id = NEW.session_id AND place_id IS NEW.place_id))
BEGIN
    SELECT RAISE(ABORT, 'a note is never replaced');
END;

DROP TRIGGER signed_notes_are_final_update;
CREATE TRIGGER notes_guard_update BEFORE UPDATE ON notes
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed note is final; add an addendum');
END;

DROP TRIGGER notes_keep_their_session;
CREATE TRIGGER notes_guard_update_identity BEFORE UPDATE OF id, session_id, place_id, format, created_at ON notes
WHEN NEW.id IS NOT OLD.id OR NEW.session_id IS NOT OLD.session_id OR NEW.place_id IS NOT OLD.place_id
    OR NEW.format IS NOT OLD.format OR NEW.created_at IS NOT OLD.created_at
BEGIN
    SELECT RAISE(ABORT, 'a note keeps its session, member and format');
END;

DROP TRIGGER signed_notes_are_kept;
CREATE TRIGGER notes_guard_delete BEFORE DELETE ON notes
WHEN OLD.signed_at IS NOT NULL
    OR EXISTS (SELECT 1 FROM risk_responses WHERE note_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'a signed note is never deleted');
END;

DROP TRIGGER addenda_are_never_replaced;
CREATE TRIGGER note_addenda_guard_insert BEFORE INSERT ON note_addenda
WHEN EXISTS (SELECT 1 FROM note_addenda WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'an addendum is never replaced');
END;

DROP TRIGGER addenda_are_final_update;
CREATE TRIGGER note_addenda_guard_update BEFORE UPDATE ON note_addenda
BEGIN
    SELECT RAISE(ABORT, 'an addendum is final');
END;

DROP TRIGGER addenda_are_final_delete;
CREATE TRIGGER note_addenda_guard_delete BEFORE DELETE ON note_addenda
BEGIN
    SELECT RAISE(ABORT, 'an addendum is final');
END;

DROP TRIGGER risk_responses_are_never_replaced;
CREATE TRIGGER risk_responses_guard_insert BEFORE INSERT ON risk_responses
WHEN EXISTS (SELECT 1 FROM risk_responses WHERE note_id = NEW.note_id)
BEGIN
    SELECT RAISE(ABORT, 'a risk response is never replaced');
END;

DROP TRIGGER risk_responses_are_final_update;
CREATE TRIGGER risk_responses_guard_update BEFORE UPDATE ON risk_responses
BEGIN
    SELECT RAISE(ABORT, 'a risk response is final');
END;

DROP TRIGGER risk_responses_are_final_delete;
CREATE TRIGGER risk_responses_guard_delete BEFORE DELETE ON risk_responses
BEGIN
    SELECT RAISE(ABORT, 'a risk response is final');
END;

DROP TRIGGER psychotherapy_notes_are_kept;
CREATE TRIGGER psychotherapy_notes_guard_delete BEFORE DELETE ON psychotherapy_notes
BEGIN
    SELECT RAISE(ABORT, 'a psychotherapy note is never deleted');
END;

DROP TRIGGER psychotherapy_notes_are_never_replaced;
CREATE TRIGGER psychotherapy_notes_guard_insert BEFORE INSERT ON psychotherapy_notes
WHEN EXISTS (SELECT 1 FROM psychotherapy_notes WHERE session_id = NEW.session_id)
BEGIN
    SELECT RAISE(ABORT, 'a psychotherapy note is never replaced');
END;

DROP TRIGGER psychotherapy_notes_keep_their_session;
CREATE TRIGGER psychotherapy_notes_guard_update BEFORE UPDATE OF session_id, created_at ON psychotherapy_notes
WHEN NEW.session_id IS NOT OLD.session_id OR NEW.created_at IS NOT OLD.created_at
BEGIN
    SELECT RAISE(ABORT, 'a psychotherapy note keeps its session');
END;

DROP TRIGGER goals_are_never_replaced;
CREATE TRIGGER goals_guard_insert BEFORE INSERT ON goals
WHEN EXISTS (SELECT 1 FROM goals WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a goal is never replaced');
END;

DROP TRIGGER goals_keep_their_member;
CREATE TRIGGER goals_guard_update_identity BEFORE UPDATE OF id, place_id, measured_by, set_on, created_at ON goals
WHEN NEW.id IS NOT OLD.id OR NEW.place_id IS NOT OLD.place_id OR NEW.measured_by IS NOT OLD.measured_by
  OR NEW.set_on IS NOT OLD.set_on OR NEW.created_at IS NOT OLD.created_at
BEGIN
    SELECT RAISE(ABORT, 'a goal keeps its member, its measure and the day it was set');
END;

DROP TRIGGER ended_goals_are_final;
CREATE TRIGGER goals_guard_update BEFORE UPDATE ON goals
WHEN OLD.status <> 'active'
BEGIN
    SELECT RAISE(ABORT, 'an achieved or discontinued goal is final');
END;

DROP TRIGGER goals_are_kept;
CREATE TRIGGER goals_guard_delete BEFORE DELETE ON goals
BEGIN
    SELECT RAISE(ABORT, 'goals are kept: mark one achieved or discontinued');
END;

DROP TRIGGER goal_versions_in_order;
CREATE TRIGGER goal_versions_guard_insert BEFORE INSERT ON goal_versions
WHEN NEW.version IS NOT (SELECT ifnull(max(version), 0) + 1 FROM goal_versions WHERE goal_id = NEW.goal_id)
BEGIN
    SELECT RAISE(ABORT, 'a goal''s versions follow one another, none replaced');
END;

DROP TRIGGER goal_versions_are_final_update;
CREATE TRIGGER goal_versions_guard_update BEFORE UPDATE ON goal_versions
BEGIN
    SELECT RAISE(ABORT, 'a goal''s earlier wording is kept: revise it instead');
END;

DROP TRIGGER goal_versions_are_final_delete;
CREATE TRIGGER goal_versions_guard_delete BEFORE DELETE ON goal_versions
BEGIN
    SELECT RAISE(ABORT, 'a goal''s earlier wording is kept');
END;

DROP TRIGGER goal_ratings_are_never_replaced;
CREATE TRIGGER goal_ratings_guard_insert BEFORE INSERT ON goal_ratings
WHEN EXISTS (SELECT 1 FROM goal_ratings WHERE goal_id = NEW.goal_id AND session_id = NEW.session_id)
BEGIN
    SELECT RAISE(ABORT, 'a rating is corrected, never replaced');
END;

DROP TRIGGER goal_ratings_keep_their_session;
CREATE TRIGGER goal_ratings_guard_update BEFORE UPDATE OF goal_id, session_id, version, recorded_at ON goal_ratings
WHEN NEW.goal_id IS NOT OLD.goal_id OR NEW.session_id IS NOT OLD.session_id
  OR NEW.version IS NOT OLD.version OR NEW.recorded_at IS NOT OLD.recorded_at
BEGIN
    SELECT RAISE(ABORT, 'a rating keeps its goal and session');
END;

DROP TRIGGER goal_ratings_are_kept;
CREATE TRIGGER goal_ratings_guard_delete BEFORE DELETE ON goal_ratings
BEGIN
    SELECT RAISE(ABORT, 'ratings are kept: correct one instead');
END;

DROP TRIGGER instruments_are_never_replaced;
CREATE TRIGGER instruments_guard_insert BEFORE INSERT ON instruments
WHEN EXISTS (SELECT 1 FROM instruments WHERE id = NEW.id OR name = NEW.name)
BEGIN
    SELECT RAISE(ABORT, 'a measure is never replaced');
END;

DROP TRIGGER used_instruments_are_final_update;
CREATE TRIGGER instruments_guard_update BEFORE UPDATE ON instruments
WHEN OLD.builtin = 1 OR EXISTS (SELECT 1 FROM measure_results WHERE instrument_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'a built-in measure, or one with results, is final');
END;

DROP TRIGGER used_instruments_are_final_delete;
CREATE TRIGGER instruments_guard_delete BEFORE DELETE ON instruments
WHEN OLD.builtin = 1 OR EXISTS (SELECT 1 FROM measure_results WHERE instrument_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'a built-in measure, or one with results, is final');
END;

DROP TRIGGER used_instrument_items_are_final_insert;
CREATE TRIGGER instrument_items_guard_insert BEFORE INSERT ON instrument_items
WHEN EXISTS (SELECT 1 FROM instrument_items WHERE instrument_id = NEW.instrument_id AND position = NEW.position)
BEGIN
    SELECT RAISE(ABORT, 'an item of a measure is never replaced');
END;

CREATE TRIGGER instrument_items_guard_insert_final BEFORE INSERT ON instrument_items
WHEN ((SELECT builtin FROM instruments WHERE id = NEW.instrument_id) = 1
      OR EXISTS (SELECT 1 FROM measure_results WHERE instrument_id = NEW.instrument_id))
  AND NOT EXISTS (SELECT 1 FROM instrument_items WHERE instrument_id = NEW.instrument_id AND position = NEW.position)
BEGIN
    SELECT RAISE(ABORT, 'a built-in measure, or one with results, is final');
END;

DROP TRIGGER used_instrument_items_are_final_update;
CREATE TRIGGER instrument_items_guard_update BEFORE UPDATE ON instrument_items
WHEN (SELECT builtin FROM instruments WHERE id = OLD.instrument_id) = 1
  OR EXISTS (SELECT 1 FROM measure_results WHERE instrument_id = OLD.instrument_id)
BEGIN
    SELECT RAISE(ABORT, 'a built-in measure, or one with results, is final');
END;

DROP TRIGGER used_instrument_items_are_final_delete;
CREATE TRIGGER instrument_items_guard_delete BEFORE DELETE ON instrument_items
WHEN (SELECT builtin FROM instruments WHERE id = OLD.instrument_id) = 1
  OR EXISTS (SELECT 1 FROM measure_results WHERE instrument_id = OLD.instrument_id)
BEGIN
    SELECT RAISE(ABORT, 'a built-in measure, or one with results, is final');
END;

DROP TRIGGER used_instrument_bands_are_final_insert;
CREATE TRIGGER instrument_bands_guard_insert BEFORE INSERT ON instrument_bands
WHEN EXISTS (SELECT 1 FROM instrument_bands WHERE instrument_id = NEW.instrument_id AND low = NEW.low)
BEGIN
    SELECT RAISE(ABORT, 'a band of a measure is never replaced');
END;

CREATE TRIGGER instrument_bands_guard_insert_final BEFORE INSERT ON instrument_bands
WHEN ((SELECT builtin FROM instruments WHERE id = NEW.instrument_id) = 1
      OR EXISTS (SELECT 1 FROM measure_results WHERE instrument_id = NEW.instrument_id))
  AND NOT EXISTS (SELECT 1 FROM instrument_bands WHERE instrument_id = NEW.instrument_id AND low = NEW.low)
BEGIN
    SELECT RAISE(ABORT, 'a built-in measure, or one with results, is final');
END;

DROP TRIGGER used_instrument_bands_are_final_update;
CREATE TRIGGER instrument_bands_guard_update BEFORE UPDATE ON instrument_bands
WHEN (SELECT builtin FROM instruments WHERE id = OLD.instrument_id) = 1
  OR EXISTS (SELECT 1 FROM measure_results WHERE instrument_id = OLD.instrument_id)
BEGIN
    SELECT RAISE(ABORT, 'a built-in measure, or one with results, is final');
END;

DROP TRIGGER used_instrument_bands_are_final_delete;
CREATE TRIGGER instrument_bands_guard_delete BEFORE DELETE ON instrument_bands
WHEN (SELECT builtin FROM instruments WHERE id = OLD.instrument_id) = 1
  OR EXISTS (SELECT 1 FROM measure_results WHERE instrument_id = OLD.instrument_id)
BEGIN
    SELECT RAISE(ABORT, 'a built-in measure, or one with results, is final');
END;

DROP TRIGGER measure_results_are_never_replaced;
CREATE TRIGGER measure_results_guard_insert BEFORE INSERT ON measure_results
WHEN EXISTS (SELECT 1 FROM measure_results WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a measure''s result is never replaced: void it and enter it again');
END;

DROP TRIGGER measure_results_are_final;
CREATE TRIGGER measure_results_guard_update BEFORE UPDATE ON measure_results
WHEN OLD.voided_at IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.place_id IS NOT OLD.place_id OR NEW.instrument_id IS NOT OLD.instrument_id
  OR NEW.session_id IS NOT OLD.session_id OR NEW.taken_on IS NOT OLD.taken_on
  OR NEW.answers IS NOT OLD.answers OR NEW.total IS NOT OLD.total OR NEW.entered_at IS NOT OLD.entered_at
  OR NEW.raises_risk IS NOT OLD.raises_risk
BEGIN
    SELECT RAISE(ABORT, 'a measure''s result is final: void it, with a reason, and enter it again');
END;

DROP TRIGGER measure_results_are_kept;
CREATE TRIGGER measure_results_guard_delete BEFORE DELETE ON measure_results
BEGIN
    SELECT RAISE(ABORT, 'a measure''s result is kept: void it, with a reason');
END;

DROP TRIGGER measure_risk_responses_are_never_replaced;
CREATE TRIGGER measure_risk_responses_guard_insert BEFORE INSERT ON measure_risk_responses
WHEN EXISTS (SELECT 1 FROM measure_risk_responses WHERE result_id = NEW.result_id)
BEGIN
    SELECT RAISE(ABORT, 'a response to risk is final');
END;

DROP TRIGGER measure_risk_responses_are_final_update;
CREATE TRIGGER measure_risk_responses_guard_update BEFORE UPDATE ON measure_risk_responses
BEGIN
    SELECT RAISE(ABORT, 'a response to risk is final');
END;

DROP TRIGGER measure_risk_responses_are_final_delete;
CREATE TRIGGER measure_risk_responses_guard_delete BEFORE DELETE ON measure_risk_responses
BEGIN
    SELECT RAISE(ABORT, 'a response to risk is final');
END;

-- Every UNIQUE key, on UPDATE as well (UPDATE OR REPLACE) -------------------------------

CREATE TRIGGER sessions_guard_update_number BEFORE UPDATE OF number, status ON sessions
WHEN NEW.status <> 'removed' AND EXISTS (SELECT 1 FROM sessions
    WHERE group_id = NEW.group_id AND number = NEW.number AND status <> 'removed' AND id <> NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'two sessions of a program never share a number');
END;

CREATE TRIGGER places_guard_update_keys BEFORE UPDATE OF stage, waitlist_rank ON places
WHEN (NEW.stage = 'waitlisted' AND EXISTS (SELECT 1 FROM places WHERE group_id = NEW.group_id
        AND waitlist_rank = NEW.waitlist_rank AND stage = 'waitlisted' AND id <> NEW.id))
    OR (NEW.stage NOT IN ('completed', 'dropped_out', 'transferred', 'not_suitable', 'withdrawn')
        AND EXISTS (SELECT 1 FROM places WHERE group_id = NEW.group_id AND member_id = NEW.member_id
            AND stage NOT IN ('completed', 'dropped_out', 'transferred', 'not_suitable', 'withdrawn')
            AND id <> NEW.id))
BEGIN
    SELECT RAISE(ABORT, 'a place in a group is never replaced');
END;

CREATE TRIGGER instruments_guard_update_name BEFORE UPDATE OF name ON instruments
WHEN EXISTS (SELECT 1 FROM instruments WHERE name = NEW.name AND id <> NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a measure is never replaced');
END;

CREATE TRIGGER session_runs_guard_insert BEFORE INSERT ON session_runs
WHEN EXISTS (SELECT 1 FROM session_runs WHERE session_id = NEW.session_id)
BEGIN
    SELECT RAISE(ABORT, 'a session starts once; its record is never replaced');
END;

-- Ratings exist only while the goal is active --------------------------------------------

CREATE TRIGGER goal_ratings_while_the_goal_is_active BEFORE INSERT ON goal_ratings
WHEN EXISTS (SELECT 1 FROM goals g, sessions s WHERE g.id = NEW.goal_id AND s.id = NEW.session_id
    AND (s.date < g.set_on OR (g.ended_on IS NOT NULL AND s.date > g.ended_on)))
BEGIN
    SELECT RAISE(ABORT, 'a goal is rated at sessions from the day it was set until it ended');
END;

-- An addendum comes after the signature, as times rather than text -----------------------

DROP TRIGGER addenda_to_signed_notes;
CREATE TRIGGER addenda_to_signed_notes BEFORE INSERT ON note_addenda
WHEN (SELECT signed_at FROM notes WHERE id = NEW.note_id) IS NULL
    OR julianday(NEW.written_at) < julianday((SELECT signed_at FROM notes WHERE id = NEW.note_id))
BEGIN
    SELECT RAISE(ABORT, 'an addendum is added to a signed note, after its signature');
END;

-- Times of day run from 00:00 to 23:59 ---------------------------------------------------
-- SQLite's strftime reads and writes an hour of 24 ('…T24:30:00.000Z' is
-- the next day's 00:30), so every timestamp's CHECK let one in. A CHECK
-- cannot be changed without rebuilding its table; these triggers add the
-- rule to every timestamp column (tests/direct_sql.rs walks them all).

CREATE TRIGGER audit_log_times_insert BEFORE INSERT ON audit_log
WHEN substr(NEW.at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER groups_times_insert BEFORE INSERT ON groups
WHEN substr(NEW.created_at, 12, 2) > '23'
    OR substr(NEW.updated_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER groups_times_update BEFORE UPDATE OF created_at, updated_at ON groups
WHEN substr(NEW.created_at, 12, 2) > '23'
    OR substr(NEW.updated_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER ground_rule_versions_times_insert BEFORE INSERT ON ground_rule_versions
WHEN substr(NEW.created_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER members_times_insert BEFORE INSERT ON members
WHEN substr(NEW.created_at, 12, 2) > '23'
    OR substr(NEW.updated_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER members_times_update BEFORE UPDATE OF created_at, updated_at ON members
WHEN substr(NEW.created_at, 12, 2) > '23'
    OR substr(NEW.updated_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER places_times_insert BEFORE INSERT ON places
WHEN substr(NEW.created_at, 12, 2) > '23'
    OR substr(NEW.updated_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER places_times_update BEFORE UPDATE OF created_at, updated_at ON places
WHEN substr(NEW.created_at, 12, 2) > '23'
    OR substr(NEW.updated_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER agreements_times_insert BEFORE INSERT ON agreements
WHEN substr(NEW.recorded_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER session_runs_times_insert BEFORE INSERT ON session_runs
WHEN substr(NEW.started_at, 12, 2) > '23'
    OR substr(NEW.ended_at, 12, 2) > '23'
    OR substr(NEW.resumed_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER session_runs_times_update BEFORE UPDATE OF started_at, ended_at, resumed_at ON session_runs
WHEN substr(NEW.started_at, 12, 2) > '23'
    OR substr(NEW.ended_at, 12, 2) > '23'
    OR substr(NEW.resumed_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER attendance_times_insert BEFORE INSERT ON attendance
WHEN substr(NEW.recorded_at, 12, 2) > '23'
    OR substr(NEW.corrected_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER attendance_times_update BEFORE UPDATE OF recorded_at, corrected_at ON attendance
WHEN substr(NEW.recorded_at, 12, 2) > '23'
    OR substr(NEW.corrected_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER follow_ups_times_insert BEFORE INSERT ON follow_ups
WHEN substr(NEW.recorded_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER notes_times_insert BEFORE INSERT ON notes
WHEN substr(NEW.created_at, 12, 2) > '23'
    OR substr(NEW.updated_at, 12, 2) > '23'
    OR substr(NEW.change_audited_at, 12, 2) > '23'
    OR substr(NEW.signed_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER notes_times_update BEFORE UPDATE OF created_at, updated_at, change_audited_at, signed_at ON notes
WHEN substr(NEW.created_at, 12, 2) > '23'
    OR substr(NEW.updated_at, 12, 2) > '23'
    OR substr(NEW.change_audited_at, 12, 2) > '23'
    OR substr(NEW.signed_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER note_addenda_times_insert BEFORE INSERT ON note_addenda
WHEN substr(NEW.written_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER risk_responses_times_insert BEFORE INSERT ON risk_responses
WHEN substr(NEW.recorded_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER psychotherapy_notes_times_insert BEFORE INSERT ON psychotherapy_notes
WHEN substr(NEW.created_at, 12, 2) > '23'
    OR substr(NEW.updated_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER psychotherapy_notes_times_update BEFORE UPDATE OF created_at, updated_at ON psychotherapy_notes
WHEN substr(NEW.created_at, 12, 2) > '23'
    OR substr(NEW.updated_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER goals_times_insert BEFORE INSERT ON goals
WHEN substr(NEW.created_at, 12, 2) > '23'
    OR substr(NEW.updated_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER goals_times_update BEFORE UPDATE OF created_at, updated_at ON goals
WHEN substr(NEW.created_at, 12, 2) > '23'
    OR substr(NEW.updated_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER goal_versions_times_insert BEFORE INSERT ON goal_versions
WHEN substr(NEW.created_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER goal_ratings_times_insert BEFORE INSERT ON goal_ratings
WHEN substr(NEW.recorded_at, 12, 2) > '23'
    OR substr(NEW.corrected_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER goal_ratings_times_update BEFORE UPDATE OF recorded_at, corrected_at ON goal_ratings
WHEN substr(NEW.recorded_at, 12, 2) > '23'
    OR substr(NEW.corrected_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER instruments_times_insert BEFORE INSERT ON instruments
WHEN substr(NEW.created_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER instruments_times_update BEFORE UPDATE OF created_at ON instruments
WHEN substr(NEW.created_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER measure_results_times_insert BEFORE INSERT ON measure_results
WHEN substr(NEW.entered_at, 12, 2) > '23'
    OR substr(NEW.voided_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER measure_results_times_update BEFORE UPDATE OF entered_at, voided_at ON measure_results
WHEN substr(NEW.entered_at, 12, 2) > '23'
    OR substr(NEW.voided_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;

CREATE TRIGGER measure_risk_responses_times_insert BEFORE INSERT ON measure_risk_responses
WHEN substr(NEW.recorded_at, 12, 2) > '23'
BEGIN
    SELECT RAISE(ABORT, 'a time of day runs from 00:00 to 23:59');
END;
