// The next note of a session still to write or sign — the group note first,
// then each member who attended, in roster order — one key away (Alt+N).
import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, type SessionNotes } from "../../api";
import { flushDrafts } from "../../drafts";
import { keys } from "../../queries";

export type NoteTarget = { placeId: string | null; label: string; noteId: number | null };

/** Every note the session needs, in order, with whether it is signed. */
export function noteTargets(notes: SessionNotes): (NoteTarget & { signed: boolean })[] {
  return [
    {
      placeId: null,
      label: "Group note",
      noteId: notes.group_note?.note_id ?? null,
      signed: notes.group_note?.signed ?? false,
    },
    ...notes.members.map((m) => ({
      placeId: m.place_id,
      label: m.name,
      noteId: m.note?.note_id ?? null,
      signed: m.note?.signed ?? false,
    })),
  ];
}

/** The first note not yet signed, after `currentNoteId` when given (wrapping round). */
export function nextTarget(notes: SessionNotes, currentNoteId: number | null = null): NoteTarget | null {
  const all = noteTargets(notes);
  const at = currentNoteId === null ? -1 : all.findIndex((t) => t.noteId === currentNoteId);
  const ordered = [...all.slice(at + 1), ...all.slice(0, Math.max(at, 0))];
  return ordered.find((t) => !t.signed && (currentNoteId === null || t.noteId !== currentNoteId)) ?? null;
}

/** Opens a note (made as a draft the first time) and goes to it. */
export function useOpenNote(sessionId: string) {
  const navigate = useNavigate();
  const client = useQueryClient();
  return async (placeId: string | null) => {
    await flushDrafts();
    const id = await api.openNote(sessionId, placeId);
    void client.invalidateQueries({ queryKey: keys.sessionNotes(sessionId) });
    navigate(`/notes/${id}`);
  };
}

/** Alt+N runs `go` wherever focus is on the page. */
export function useAltN(go: (() => void) | null) {
  useEffect(() => {
    if (!go) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && (e.code === "KeyN" || e.key.toLowerCase() === "n")) {
        e.preventDefault();
        go();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [go]);
}
