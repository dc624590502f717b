// The query cache: every screen reads through it, and every change
// invalidates what it touches, so a change shows at once on every screen
// that displays it. On lock everything but the vault status is dropped, so
// no record stays in memory behind the unlock screen.
import { MutationCache, QueryCache, QueryClient, useMutation, useQueryClient } from "@tanstack/react-query";
import { isCommandError } from "./api";

export const keys = {
  status: ["status"] as const,
  groups: ["groups"] as const,
  program: (id: string) => ["program", id] as const,
  session: (id: string) => ["session", id] as const,
  groundRules: (id: string) => ["ground-rules", id] as const,
  templates: ["templates"] as const,
  today: ["today"] as const,
  sessionView: (id: string) => ["session-view", id] as const,
  groupAlerts: (groupId: string) => ["group-alerts", groupId] as const,
  policy: (groupId: string) => ["policy", groupId] as const,
  memberAttendance: (id: string) => ["member-attendance", id] as const,
  catchUp: (placeId: string) => ["catch-up", placeId] as const,
  sessionNotes: (sessionId: string) => ["session-notes", sessionId] as const,
  // A note is read once per opening (each reading is audited) and kept while its page is open.
  note: (noteId: number) => ["note", noteId] as const,
  memberNotes: (memberId: string) => ["member-notes", memberId] as const,
  noteSearch: (query: string) => ["note-search", query] as const,
  noteFormat: (groupId: string) => ["note-format", groupId] as const,
  settings: ["settings"] as const,
  activity: ["activity"] as const,
  practiceBlackouts: ["practice-blackouts"] as const,
  members: (query: string, archived: boolean) => ["members", query, archived] as const,
  member: (id: string) => ["member", id] as const,
  roster: (groupId: string) => ["roster", groupId] as const,
  progress: (placeId: string) => ["progress", placeId] as const,
  sessionGoals: (sessionId: string) => ["session-goals", sessionId] as const,
  sessionMeasures: (sessionId: string) => ["session-measures", sessionId] as const,
  instruments: ["instruments"] as const,
  measurePlan: (groupId: string) => ["measure-plan", groupId] as const,
  groupOverview: (groupId: string) => ["group-overview", groupId] as const,
  memberRisks: (memberId: string) => ["member-risks", memberId] as const,
};

/** Everything that shows a group, its program, its people or its sessions, or depends on them. */
const PLANNING = [
  "groups",
  "program",
  "session",
  "ground-rules",
  "templates",
  "today",
  "session-view",
  "group-alerts",
  "policy",
  "member-attendance",
  "practice-blackouts",
  "activity",
  "members",
  "member",
  "roster",
  "session-notes",
  "member-notes",
  "note-search",
  "note-format",
  "progress",
  "session-goals",
  "session-measures",
  "instruments",
  "measure-plan",
  "group-overview",
  "member-risks",
];

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

/** Re-reads everything planning and the roster show. */
export function refreshPlanning(client: QueryClient) {
  return client.invalidateQueries({ predicate: (q) => PLANNING.includes(String(q.queryKey[0])) });
}

/** A change to a group, its program or its people: on success, every screen showing them reads again. */
export function usePlanningChange<TArgs, TResult>(fn: (args: TArgs) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => refreshPlanning(client),
  });
}
