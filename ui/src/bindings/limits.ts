// Generated from src/planning/limits.rs and src/settings.rs by `cargo run --bin export-bindings`. Do not edit.

export const CAPACITY = { min: 6, max: 12 } as const;
export const SESSION_MINUTES = { min: 30, max: 180 } as const;
export const SESSION_COUNT = { min: 1, max: 52 } as const;
export const AGENDA_ITEM_MINUTES = { min: 1, max: 180 } as const;
export const AUTO_LOCK_MINUTES = { min: 1, max: 60 } as const;
export const AGENDA_ITEMS_MAX = 40;
export const GROUND_RULES_MAX = 30;
export const CO_FACILITATORS_MAX = 6;
