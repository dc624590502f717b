// Generated from src/planning/limits.rs, src/settings.rs, src/sessions/policy.rs, src/goals/mod.rs, src/measures/instruments.rs, src/planning/groups.rs, src/practice/today.rs and src/backups/ by `cargo run --bin export-bindings`. Do not edit.

export const CAPACITY = { min: 6, max: 12 } as const;
export const SESSION_MINUTES = { min: 30, max: 180 } as const;
export const SESSION_COUNT = { min: 1, max: 52 } as const;
export const AGENDA_ITEM_MINUTES = { min: 1, max: 180 } as const;
export const AUTO_LOCK_MINUTES = { min: 1, max: 60 } as const;
export const NOTES_OVERDUE_DAYS = { min: 1, max: 30 } as const;
export const AGENDA_ITEMS_MAX = 40;
export const GROUND_RULES_MAX = 30;
export const CO_FACILITATORS_MAX = 6;
export const MAX_ACTIVE_GOALS = 3;
export const GAS_LEVELS = ["Much less than expected","Somewhat less than expected","Expected level","Somewhat more than expected","Much more than expected"] as const;
export const ABSENCE_LIMIT = { min: 1, max: 52 } as const;
/** A measure the clinician defines (src/measures/instruments.rs). */
export const MEASURE_LIMITS = { name_max: 120, short_name_max: 20, answer_min: 0, answer_max: 100, items_max: 200, item_wording_max: 500 } as const;
/** A new group's fields before the clinician changes any (GroupInput::default). */
export const GROUP_DEFAULTS: import("./GroupInput").GroupInput = {"name":"","group_type":"cognitive_behavioural","type_label":"","approach":"","description":"","membership":"closed","closes_after_session":2,"capacity":10,"session_minutes":90,"cadence":"weekly","planned_sessions":12,"first_date":"","start_time":"18:00","location":"","co_facilitators":[]};
/** The days after today that Today lists (src/practice/today.rs looks 8 days ahead, today included). */
export const DAYS_AFTER_TODAY = 7;
export const KEEP_DAILY = { min: 1, max: 90 } as const;
export const KEEP_WEEKLY = { min: 0, max: 104 } as const;
export const KEEP_MONTHLY = { min: 0, max: 120 } as const;
/** Backups older than this many days are warned about (src/backups/status.rs). */
export const BACKUP_STALE_DAYS = 7;
export const ATTENDANCE_PRESETS: readonly import("./PolicyPreset").PolicyPreset[] = [{"name":"standard","label":"2 absences in a row or 3 in total","policy":{"in_a_row":2,"in_total":3,"excused_count":true}},{"name":"dbt","label":"DBT: 4 missed sessions in a row ends participation","policy":{"in_a_row":4,"in_total":null,"excused_count":true}}];
