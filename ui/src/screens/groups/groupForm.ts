// The group form's values, its rules checked as you type (from the limits
// the core exports), and the conversion to what the core takes.
import { useForm, type UseFormReturnType } from "@mantine/form";
import type { BlackoutDateInput, GroupInput, NewGroup } from "../../api";
import type { Group } from "../../bindings/Group";
import { CAPACITY, GROUP_DEFAULTS, SESSION_COUNT, SESSION_MINUTES } from "../../bindings/limits";
import { formatDate, formatTime, isIsoDate, nextMonday, parseDate, parseTime } from "../../format";

export type GroupFormValues = Omit<
  GroupInput,
  "capacity" | "session_minutes" | "planned_sessions" | "closes_after_session"
> & {
  capacity: number | string;
  session_minutes: number | string;
  planned_sessions: number | string;
  closes_after_session: number | string;
  blackout_dates: BlackoutDateInput[];
  curriculum: string;
};

export type GroupForm = UseFormReturnType<GroupFormValues>;

/** The core's field names that the group form shows beside a field. */
export const GROUP_FIELDS = new Set([
  "name",
  "type_label",
  "approach",
  "description",
  "capacity",
  "session_minutes",
  "planned_sessions",
  "closes_after_session",
  "first_date",
  "start_time",
  "location",
  "co_facilitators",
  "blackout_dates",
]);

/** A whole number as typed, or NaN. */
function whole(v: number | string): number {
  if (typeof v === "number") return Number.isInteger(v) ? v : Number.NaN;
  return /^\s*\d+\s*$/.test(v) ? Number.parseInt(v, 10) : Number.NaN;
}

function range(limits: { min: number; max: number }, what: string, unit: string) {
  return (v: number | string) => {
    const n = whole(v);
    return Number.isInteger(n) && n >= limits.min && n <= limits.max
      ? null
      : `${what} must be between ${limits.min} and ${limits.max}${unit ? ` ${unit}` : ""}.`;
  };
}

const dateRule = (what: string) => (v: string) =>
  v.trim() === "" ? `${what} is required.` : isIsoDate(v) || parseDate(v) ? null : `Enter a real date, such as ${formatDate(nextMonday())}.`;

/** A new group: the core's defaults (GROUP_DEFAULTS), starting next Monday, with the built-in CBT curriculum. */
export function blankGroup(): GroupFormValues {
  const d = GROUP_DEFAULTS;
  return {
    ...d,
    closes_after_session: d.closes_after_session ?? 2,
    first_date: nextMonday(),
    start_time: formatTime(d.start_time),
    co_facilitators: [],
    blackout_dates: [],
    curriculum: "template:builtin:cbt-depression-12",
  };
}

/** A saved group as the form holds it. */
export function groupValues(g: Group): GroupFormValues {
  return {
    name: g.name,
    group_type: g.group_type,
    type_label: g.type_label,
    approach: g.approach,
    description: g.description,
    membership: g.membership,
    closes_after_session: g.closes_after_session ?? 2,
    capacity: g.capacity,
    session_minutes: g.session_minutes,
    cadence: g.cadence,
    planned_sessions: g.planned_sessions,
    first_date: g.first_date,
    start_time: formatTime(g.start_time),
    location: g.location,
    co_facilitators: g.co_facilitators,
    blackout_dates: [],
    curriculum: "blank",
  };
}

/** What the core takes. Only called once the form's rules pass, so nothing is changed on the way. */
export function toGroupInput(v: GroupFormValues): GroupInput {
  return {
    name: v.name,
    group_type: v.group_type,
    type_label: v.type_label,
    approach: v.approach,
    description: v.description,
    membership: v.membership,
    closes_after_session: v.membership === "closed" ? whole(v.closes_after_session) : null,
    capacity: whole(v.capacity),
    session_minutes: whole(v.session_minutes),
    cadence: v.cadence,
    planned_sessions: whole(v.planned_sessions),
    first_date: parseDate(v.first_date) ?? v.first_date,
    start_time: parseTime(v.start_time) ?? v.start_time,
    location: v.location,
    co_facilitators: v.co_facilitators,
  };
}

export function toNewGroup(v: GroupFormValues): NewGroup {
  const [kind, id] = v.curriculum.split(":", 2) as [string, string | undefined];
  return {
    group: toGroupInput(v),
    blackout_dates: v.blackout_dates
      .filter((b) => b.date.trim() !== "")
      .map((b) => ({ date: parseDate(b.date) ?? b.date, label: b.label })),
    template_id: kind === "template" ? v.curriculum.slice("template:".length) : null,
    copy_from_group: kind === "group" && id ? id : null,
  };
}

/** The group form, its rules checked as you type (the core checks again). */
export function useGroupForm(initial: GroupFormValues): GroupForm {
  return useForm<GroupFormValues>({
    mode: "controlled",
    initialValues: initial,
    validateInputOnChange: true,
    validate: {
      name: (v) => (v.trim() === "" ? "Give the group a name." : null),
      type_label: (v, values) =>
        values.group_type === "other" && v.trim() === "" ? "Say what kind of group this is." : null,
      capacity: range(CAPACITY, "Capacity", "members"),
      session_minutes: range(SESSION_MINUTES, "Session length", "minutes"),
      planned_sessions: range(SESSION_COUNT, "The number of sessions", ""),
      closes_after_session: (v, values) =>
        values.membership === "closed"
          ? range({ min: 1, max: whole(values.planned_sessions) || SESSION_COUNT.max }, "The closing session", "")(v)
          : null,
      first_date: dateRule("The first session date"),
      start_time: (v) => (parseTime(v) ? null : `Enter a time of day, such as ${formatTime("18:00")}.`),
      blackout_dates: {
        date: (v: string) => (v.trim() === "" || parseDate(v) ? null : `Enter a real date, such as ${formatDate(nextMonday())}.`),
      },
    },
  });
}
