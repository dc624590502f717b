// The words for every enum the core sends, in one place. Each is a Record
// over the generated binding's union, so the type check fails when a
// variant is added, removed or renamed in Rust.
import type { Cadence } from "./bindings/Cadence";
import type { GroupStatus } from "./bindings/GroupStatus";
import type { GroupType } from "./bindings/GroupType";
import type { Membership } from "./bindings/Membership";
import type { LeavingKind } from "./bindings/LeavingKind";
import type { ScreeningOutcome } from "./bindings/ScreeningOutcome";
import type { SessionStatus } from "./bindings/SessionStatus";
import type { Stage } from "./bindings/Stage";
import type { AttendanceStatus } from "./bindings/AttendanceStatus";
import type { FollowUpMethod } from "./bindings/FollowUpMethod";
import type { NoteFormat } from "./bindings/NoteFormat";
import type { Participation } from "./bindings/Participation";
import type { GoalMeasure } from "./bindings/GoalMeasure";
import type { GoalStatus } from "./bindings/GoalStatus";
import type { Change } from "./bindings/Change";
import type { Paper } from "./bindings/Paper";

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

/** Where a person is on their path into and out of a group. */
export const STAGE: Record<Stage, string> = {
  referred: "Referred",
  screened: "Screened",
  consented: "Consented",
  waitlisted: "On the waitlist",
  enrolled: "Enrolled",
  completed: "Completed",
  dropped_out: "Dropped out",
  transferred: "Transferred",
  not_suitable: "Not joining after screening",
  withdrawn: "Withdrew",
};

export const SCREENING_OUTCOME: Record<ScreeningOutcome, string> = {
  suitable: "Suitable for the group",
  not_suitable: "Not suitable for this group",
  individual_first: "Needs individual therapy first",
};

export const LEAVING_KIND: Record<LeavingKind, string> = {
  completed: "Completed the group",
  dropped_out: "Dropped out",
  transferred: "Transferred or referred elsewhere",
  withdrawn: "Withdrew before joining",
};

/** The name a clinician uses for someone: their preferred name, with the legal one when it differs. */
export function personName(legal: string, preferred: string): string {
  return preferred && preferred !== legal ? `${preferred} (${legal})` : legal;
}

/** The choices of a select, in the order the labels are written. */
export function options<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}

export function typeLabel(type: GroupType, other: string): string {
  return type === "other" ? other || GROUP_TYPE.other : GROUP_TYPE[type];
}

export const ATTENDANCE_STATUS: Record<AttendanceStatus, string> = {
  present: "Present",
  late: "Late",
  left_early: "Left early",
  absent_excused: "Absent with notice",
  absent_unexcused: "Absent without notice",
};

/** The key that marks each status on the attendance sheet. */
export const ATTENDANCE_KEY: Record<AttendanceStatus, string> = {
  present: "P",
  late: "L",
  left_early: "E",
  absent_excused: "N",
  absent_unexcused: "U",
};

export const FOLLOW_UP_METHOD: Record<FollowUpMethod, string> = {
  phone: "Phone call",
  text_message: "Text message",
  email: "Email",
  in_person: "In person",
  letter: "Letter",
  other: "Other",
};

/** How a member took part, as the progress note offers it. */
export const PARTICIPATION: Record<Participation, string> = {
  active: "Active",
  moderate: "Moderate",
  minimal: "Minimal",
  disruptive: "Disruptive",
  own_words: "In my words",
};

/** The formats a group's group note can take (a member's note is always a progress note). */
export const NOTE_FORMAT: Record<NoteFormat, string> = {
  soap: "SOAP (Subjective, Objective, Assessment, Plan)",
  dap: "DAP (Data, Assessment, Plan)",
  birp: "BIRP (Behavior, Intervention, Response, Plan)",
  free: "Free text",
  progress: "Progress note",
};

export const GOAL_MEASURE: Record<GoalMeasure, string> = {
  gas: "Goal Attainment Scaling (−2 to +2)",
  rating: "A rating from 0 to 10",
};

export const GOAL_STATUS: Record<GoalStatus, string> = {
  active: "Active",
  achieved: "Achieved",
  discontinued: "Discontinued",
};

/** Whether a change is reliable, as the progress page says it. */
export const CHANGE: Record<Change, string> = {
  reliable_improvement: "Reliable improvement",
  reliable_deterioration: "Reliable deterioration",
  no_reliable_change: "No reliable change",
  unknown: "Reliable change not known",
};

/** A GAS value as clinicians write it: −2, −1, 0, +1, +2. */
export function gasText(v: number): string {
  return v > 0 ? `+${v}` : v < 0 ? `−${-v}` : "0";
}

export const PAPER: Record<Paper, string> = {
  letter: "US Letter (8.5 × 11 in)",
  a4: "A4 (210 × 297 mm)",
};
