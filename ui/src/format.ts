// Dates and times as the clinician reads them: their own locale, local wall-clock time.

/** "Mon 11 Jan 2027" style, in the user's locale, from YYYY-MM-DD (no time-zone shift). */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  if (!y || !m || !d) return iso;
  return new Date(y, m - 1, d).toLocaleDateString(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
  });
}

/** "18:00" → "6:00 PM" or "18:00" as the locale writes it. */
export function formatTime(hhmm: string): string {
  const [h, m] = hhmm.split(":").map(Number);
  if (h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m)) return hhmm;
  return new Date(2000, 0, 1, h, m).toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" });
}

export const GROUP_TYPES: { value: string; label: string }[] = [
  { value: "cognitive_behavioural", label: "Cognitive-behavioural" },
  { value: "psychoeducational", label: "Psychoeducational" },
  { value: "process_oriented", label: "Process-oriented" },
  { value: "support", label: "Support" },
  { value: "other", label: "Other" },
];

export function typeLabel(type: string, other: string): string {
  if (type === "other") return other || "Other";
  return GROUP_TYPES.find((t) => t.value === type)?.label ?? type;
}

export const STATUS_LABEL: Record<string, string> = {
  planning: "Planning",
  active: "Active",
  completed: "Completed",
  cancelled: "Cancelled",
  scheduled: "Scheduled",
  held: "Held",
};

/** The Monday after today, as YYYY-MM-DD. */
export function nextMonday(from: Date = new Date()): string {
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate() + 1);
  while (d.getDay() !== 1) d.setDate(d.getDate() + 1);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
