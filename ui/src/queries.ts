// The query cache: every screen reads through it, and every change
// invalidates what it touches, so a change shows at once on every screen
// that displays it. On lock everything but the vault status is dropped, so
// no record stays in memory behind the unlock screen.
import { MutationCache, QueryCache, QueryClient, useMutation, useQueryClient } from "@tanstack/react-query";
import { isCommandError } from "./api";
import type { Area } from "./bindings/Area";

/**
 * Each query's name and the areas whose records it shows (what its core
 * function reads). A change names the areas it wrote (`useChange`); every
 * query showing one of them is read again. A query not listed here cannot
 * be made (`key` takes only these names).
 */
const SHOWS = {
  status: [],
  groups: ["planning", "roster", "sessions"],
  program: ["planning", "roster", "sessions"],
  session: ["planning", "sessions"],
  "ground-rules": ["planning", "roster"],
  templates: ["planning"],
  today: ["settings", "planning", "roster", "sessions", "notes", "goals", "measures"],
  "session-view": ["planning", "roster", "sessions", "notes", "goals", "measures"],
  "group-alerts": ["planning", "roster", "sessions"],
  policy: ["sessions"],
  "member-attendance": ["planning", "roster", "sessions"],
  "catch-up": ["planning", "roster", "sessions"],
  "session-notes": ["planning", "roster", "sessions", "notes"],
  // A note is read once per opening (each reading is audited) and kept while its page is open.
  note: [],
  "member-notes": ["planning", "roster", "sessions", "notes"],
  "note-search": ["notes"],
  "note-format": ["planning", "notes"],
  settings: ["settings"],
  // Every change is written to the audit trail.
  activity: ["vault", "settings", "planning", "roster", "sessions", "notes", "goals", "measures", "backups", "reports"],
  // Also read again when a backup running beside the app ends, and each minute (the folder may be unplugged).
  "backup-status": ["backups"],
  "practice-blackouts": ["planning"],
  members: ["planning", "roster"],
  member: ["planning", "roster", "sessions", "notes", "goals", "measures"],
  roster: ["planning", "roster", "sessions", "goals", "measures"],
  progress: ["planning", "roster", "sessions", "goals", "measures"],
  "session-goals": ["roster", "sessions", "goals"],
  "session-measures": ["planning", "roster", "sessions", "measures"],
  instruments: ["measures"],
  "measure-plan": ["planning", "measures"],
  "group-overview": ["planning", "roster", "sessions", "goals", "measures"],
  "member-risks": ["notes", "measures"],
  // The profile names the facilitator; the marks, the roster and the program make the rest.
  register: ["settings", "planning", "roster", "sessions"],
  "service-log": ["settings", "planning", "roster", "sessions"],
  "service-code": ["sessions"],
  summaries: ["reports"],
  "program-summary": ["settings", "planning", "roster", "sessions", "goals", "measures"],
  // A draft's figures are read across the areas; the text is its own.
  summary: ["settings", "planning", "roster", "sessions", "goals", "measures", "reports"],
} as const satisfies Record<string, readonly Area[]>;

type QueryName = keyof typeof SHOWS;

const key = <N extends QueryName, P extends readonly (string | number | boolean)[]>(name: N, ...rest: P) =>
  [name, ...rest] as const;

export const keys = {
  status: key("status"),
  groups: key("groups"),
  program: (id: string) => key("program", id),
  session: (id: string) => key("session", id),
  groundRules: (id: string) => key("ground-rules", id),
  templates: key("templates"),
  today: key("today"),
  sessionView: (id: string) => key("session-view", id),
  groupAlerts: (groupId: string) => key("group-alerts", groupId),
  policy: (groupId: string) => key("policy", groupId),
  memberAttendance: (id: string) => key("member-attendance", id),
  catchUp: (placeId: string) => key("catch-up", placeId),
  sessionNotes: (sessionId: string) => key("session-notes", sessionId),
  note: (noteId: number) => key("note", noteId),
  memberNotes: (memberId: string) => key("member-notes", memberId),
  noteSearch: (query: string) => key("note-search", query),
  noteFormat: (groupId: string) => key("note-format", groupId),
  settings: key("settings"),
  activity: key("activity"),
  practiceBlackouts: key("practice-blackouts"),
  members: (query: string, archived: boolean) => key("members", query, archived),
  member: (id: string) => key("member", id),
  roster: (groupId: string) => key("roster", groupId),
  progress: (placeId: string) => key("progress", placeId),
  sessionGoals: (sessionId: string) => key("session-goals", sessionId),
  sessionMeasures: (sessionId: string) => key("session-measures", sessionId),
  instruments: key("instruments"),
  measurePlan: (groupId: string) => key("measure-plan", groupId),
  groupOverview: (groupId: string) => key("group-overview", groupId),
  memberRisks: (memberId: string) => key("member-risks", memberId),
  backupStatus: key("backup-status"),
  register: (groupId: string) => key("register", groupId),
  serviceLog: (from: string, to: string) => key("service-log", from, to),
  serviceCode: (groupId: string) => key("service-code", groupId),
  summaries: (placeId: string) => key("summaries", placeId),
  programSummary: (groupId: string, named: boolean) => key("program-summary", groupId, named),
  summary: (id: number) => key("summary", id),
};

/** Whether the query named `name` shows records of any of `changed`. */
export function shows(name: unknown, changed: readonly Area[]): boolean {
  const areas: readonly Area[] = (SHOWS as Record<string, readonly Area[]>)[String(name)] ?? [];
  return areas.some((a) => changed.includes(a));
}

const lockListeners = new Set<() => void>();

/** Called when the core says the vault is locked (it locked itself, or was locked elsewhere). */
export function onVaultLocked(listener: () => void): () => void {
  lockListeners.add(listener);
  return () => lockListeners.delete(listener);
}

function watchForLock(e: unknown) {
  if (isCommandError(e) && e.code === "locked") lockListeners.forEach((l) => l());
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: watchForLock }),
    mutationCache: new MutationCache({ onError: watchForLock }),
    defaultOptions: {
      // The core is local and answers in milliseconds; a refusal is final.
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 0 },
      mutations: { retry: false },
    },
  });
}

/** Drops every record from memory; only the vault's status is read again. */
export function forgetRecords(client: QueryClient) {
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.status[0] });
  void client.invalidateQueries({ queryKey: keys.status });
}

/** Re-reads every query that shows records of the areas `changed`. */
export function refresh(client: QueryClient, changed: readonly Area[]) {
  return client.invalidateQueries({ predicate: (q) => shows(q.queryKey[0], changed) });
}

/**
 * A change to the records of `changed` (the areas whose records the command
 * writes): on success, every screen showing them reads again.
 */
export function useChange<TArgs, TResult>(changed: readonly Area[], fn: (args: TArgs) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => refresh(client, changed),
  });
}
