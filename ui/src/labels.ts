// The words for every enum the core sends, in one place. Each is a Record
// over the generated binding's union, so the type check fails when a
// variant is added, removed or renamed in Rust.
import type { Cadence } from "./bindings/Cadence";
import type { GroupStatus } from "./bindings/GroupStatus";
import type { GroupType } from "./bindings/GroupType";
import type { Membership } from "./bindings/Membership";
import type { SessionStatus } from "./bindings/SessionStatus";

export const GROUP_TYPE: Record<GroupType, string> = {
  cognitive_behavioural: "Cognitive-behavioural",
  psychoeducational: "Psychoeducational",
  process_oriented: "Process-oriented",
  support: "Support",
  other: "Other",
};

export const GROUP_STATUS: Record<GroupStatus, string> = {
  planning: "Planning",
  active: "Active",
  completed: "Completed",
  cancelled: "Cancelled",
};

export const SESSION_STATUS: Record<SessionStatus, string> = {
  scheduled: "Scheduled",
  held: "Held",
  cancelled: "Cancelled",
  removed: "Taken off the program",
};

export const CADENCE: Record<Cadence, string> = {
  weekly: "Every week",
  biweekly: "Every two weeks",
};

export const MEMBERSHIP: Record<Membership, string> = {
  closed: "Closed",
  open: "Open",
};

/** The choices of a select, in the order the labels are written. */
export function options<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}

export function typeLabel(type: GroupType, other: string): string {
  return type === "other" ? other || GROUP_TYPE.other : GROUP_TYPE[type];
}
