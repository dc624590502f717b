// Dates and times as the clinician reads them: one format everywhere, in
// their own locale, local wall-clock time. The core marks dates and times in
// its sentences (⟦date:2027-05-26⟧, ⟦time:18:00⟧, ⟦moment:2026-12-07T14:30:05.123Z⟧);
// `coreText` renders them with the same formatters the screens use.
import dayjs from "dayjs";
import customParseFormat from "dayjs/plugin/customParseFormat";

dayjs.extend(customParseFormat);

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(s: string): boolean {
  return ISO.test(s) && dayjs(s, "YYYY-MM-DD", true).isValid();
}

/** "Mon, Jan 11, 2027" (or "Mon 11 Jan 2027"…) in the user's locale, from YYYY-MM-DD, with no time-zone shift. */
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

/** "Jan 11" (or "11 Jan") in the user's locale, from YYYY-MM-DD: a column heading in a table of sessions. */
export function formatDayMonth(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  if (!y || !m || !d) return iso;
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { day: "numeric", month: "short" });
}

/** "18:00" → "6:00 PM" or "18:00", as the locale writes a time of day. */
export function formatTime(hhmm: string): string {
  const [h, m] = hhmm.split(":").map(Number);
  if (h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m)) return hhmm;
  return new Date(2000, 0, 1, h, m).toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" });
}

/** A sentence from the core with its marked dates and times written out. */
export function coreText(s: string): string {
  return s.replace(/⟦(date|time|moment):([^⟧]*)⟧/g, (whole, kind: string, value: string) => {
    if (kind === "date" && isIsoDate(value)) return formatDate(value);
    if (kind === "time" && /^\d{2}:\d{2}$/.test(value)) return formatTime(value);
    if (kind === "moment" && !Number.isNaN(new Date(value).getTime())) return formatDateTime(value);
    return whole;
  });
}

/** A moment (UTC, RFC 3339) as the local date and time: "Mon, Dec 7, 2026, 2:30 PM". */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
  });
}

/** How long ago a moment was, as a person says it: "just now", "5 minutes ago", "today at 2:30 PM", else its date and time. */
export function formatAgo(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const seconds = Math.round((now.getTime() - d.getTime()) / 1000);
  if (seconds < 60) return "just now";
  if (seconds < 3600) {
    const m = Math.floor(seconds / 60);
    return m === 1 ? "a minute ago" : `${m} minutes ago`;
  }
  if (d.toDateString() === now.toDateString()) return `today at ${formatMoment(iso)}`;
  return formatDateTime(iso);
}

/** The dayjs pattern of the locale's short numeric date, such as "M/D/YYYY" or "D.M.YYYY". */
function numericPattern(): string {
  const parts = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "numeric", day: "numeric" }).formatToParts(
    new Date(2027, 10, 22),
  );
  return parts
    .map((p) => (p.type === "day" ? "D" : p.type === "month" ? "M" : p.type === "year" ? "YYYY" : p.value))
    .join("");
}

/** A typed date — YYYY-MM-DD, the locale's numeric form, or the form the screens show — as YYYY-MM-DD, or null. */
export function parseDate(text: string): string | null {
  const t = text.trim();
  if (t === "") return null;
  if (ISO.test(t)) return isIsoDate(t) ? t : null;
  const formats = [
    numericPattern(),
    "MMM D, YYYY",
    "ddd, MMM D, YYYY",
    "D MMM YYYY",
    "ddd D MMM YYYY",
    "ddd, D MMM YYYY",
    "MMMM D, YYYY",
    "D MMMM YYYY",
  ];
  for (const f of formats) {
    const d = dayjs(t, f, true);
    if (d.isValid()) return d.format("YYYY-MM-DD");
  }
  return null;
}

/** A typed time — "18:00", "6:00 pm", "6pm" — as HH:MM, or null. */
export function parseTime(text: string): string | null {
  const t = text.trim().replace(/\s+/g, " ").toUpperCase().replace(/\./g, ":");
  if (t === "") return null;
  for (const f of ["H:mm", "HH:mm", "h:mm A", "h:mmA", "h A", "hA"]) {
    const d = dayjs(t, f, true);
    if (d.isValid()) return d.format("HH:mm");
  }
  return null;
}

/** Today, local, as YYYY-MM-DD. */
export function todayIso(d: Date = new Date()): string {
  return dayjs(d).format("YYYY-MM-DD");
}

/** The Monday after today, as YYYY-MM-DD. */
export function nextMonday(from: Date = new Date()): string {
  let d = dayjs(from).add(1, "day");
  while (d.day() !== 1) d = d.add(1, "day");
  return d.format("YYYY-MM-DD");
}

/** A moment (UTC, RFC 3339) as the local time of day: "6:02 PM". */
export function formatMoment(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" });
}

/** A span of milliseconds as a clock: "4:05", "1:02:03". */
export function formatClock(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

/** A rate (0–1) as a whole percentage, "83%", or a dash when there is none. */
export function formatRate(rate: number | null): string {
  return rate === null ? "–" : `${Math.round(rate * 100)}%`;
}
