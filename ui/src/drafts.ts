// Drafts save themselves to the vault as the clinician types: a save starts
// at most SAVE_AFTER_MS after the last key, and never later than
// MAX_WAIT_MS after the first unsaved key, so at most about two seconds of
// typing is ever only in memory. Nothing is kept in the webview's storage.
// Locking (and leaving a note's page) saves first: every open draft
// registers its flush here.
import { useCallback, useEffect, useRef, useState } from "react";
import { messageOf } from "./api";

export const SAVE_AFTER_MS = 600;
export const MAX_WAIT_MS = 1500;

const flushers = new Set<() => Promise<void>>();

/** Saves every draft with unsaved typing; called before the vault locks. */
export async function flushDrafts(): Promise<void> {
  await Promise.allSettled([...flushers].map((f) => f()));
}

export type SaveState =
  | { kind: "saved"; at: string | null }
  | { kind: "unsaved" }
  | { kind: "saving" }
  | { kind: "failed"; message: string };

/**
 * Keeps `value` saved through `save`: call `change` on every edit. Saves run
 * one at a time; typing during a save is saved right after it.
 */
export function useAutosave<T>(save: (value: T) => Promise<string>, savedAt: string | null) {
  const [state, setState] = useState<SaveState>({ kind: "saved", at: savedAt });
  const pending = useRef<T | null>(null);
  const since = useRef<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const running = useRef<Promise<void> | null>(null);
  const saveRef = useRef(save);
  saveRef.current = save;

  const flush = useCallback(async (): Promise<void> => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    if (running.current) await running.current;
    const value = pending.current;
    if (value === null) return;
    pending.current = null;
    since.current = null;
    setState({ kind: "saving" });
    const run = saveRef
      .current(value)
      .then((at) => {
        if (pending.current === null) setState({ kind: "saved", at });
      })
      .catch((e: unknown) => {
        // Kept to try again with the next key or the next flush.
        if (pending.current === null) pending.current = value;
        setState({ kind: "failed", message: messageOf(e) });
      })
      .finally(() => {
        running.current = null;
      });
    running.current = run;
    await run;
  }, []);

  const change = useCallback(
    (value: T) => {
      pending.current = value;
      const now = Date.now();
      since.current ??= now;
      setState((s) => (s.kind === "saving" ? s : { kind: "unsaved" }));
      if (timer.current) clearTimeout(timer.current);
      const wait = Math.max(0, Math.min(SAVE_AFTER_MS, since.current + MAX_WAIT_MS - now));
      timer.current = setTimeout(() => void flush(), wait);
    },
    [flush],
  );

  useEffect(() => {
    flushers.add(flush);
    return () => {
      flushers.delete(flush);
      void flush();
    };
  }, [flush]);

  return { state, change, flush };
}
