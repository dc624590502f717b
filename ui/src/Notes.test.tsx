import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { progressDraft } from "./test/fixtures";
import { called, mockCommands, refuse } from "./test/ipc";
import { frame, renderApp } from "./test/render";

const sessionNotes = {
  session_id: "s-4",
  held: true,
  group_note: { note_id: 6, signed: true },
  members: [
    { place_id: "p-ana", member_id: "m-ana", name: "Ana Ruiz", note: { note_id: 7, signed: false }, risk_open: false },
    { place_id: "p-ben", member_id: "m-ben", name: "Ben Cole", note: null, risk_open: false },
  ],
  has_psychotherapy_note: false,
};

afterEach(() => vi.useRealTimers());

describe("a note's draft", () => {
  it("saves itself within two seconds of typing, and Lock saves it before locking", async () => {
    const saves: string[] = [];
    let locked = false;
    mockCommands({
      ...frame,
      read_note: () => progressDraft(),
      get_session_notes: () => sessionNotes,
      get_session_goals: () => [],
      save_note_draft: (a) => {
        expect(locked, "saved before the lock").toBe(false);
        const draft = a.draft as { fields: Record<string, string> };
        saves.push(draft.fields.progress ?? "");
        return "2026-11-24T18:01:00.000Z";
      },
      lock: () => {
        locked = true;
        return null;
      },
    });
    renderApp("/notes/7");
    const progress = await screen.findByLabelText("Progress toward goals");
    fireEvent.change(progress, { target: { value: "Practised the breathing" } });
    await waitFor(() => expect(saves).toEqual(["Practised the breathing"]), { timeout: 2000 });
    expect(await screen.findByText(/Saved in the vault at/)).toBeTruthy();

    // Typed and locked at once: the lock waits for the save.
    fireEvent.change(progress, { target: { value: "Practised the breathing twice" } });
    await userEvent.click(screen.getByRole("button", { name: "Lock" }));
    await waitFor(() => expect(locked).toBe(true));
    expect(saves.at(-1)).toBe("Practised the breathing twice");
  });

  it("keeps the text on screen when the disk is full, says so, and saves it once there is room", async () => {
    let full = true;
    const saves: string[] = [];
    mockCommands({
      ...frame,
      read_note: () => progressDraft(),
      get_session_notes: () => sessionNotes,
      get_session_goals: () => [],
      save_note_draft: (a) => {
        const draft = a.draft as { fields: Record<string, string> };
        saves.push(draft.fields.progress ?? "");
        if (full)
          refuse(
            "disk_full",
            "Cohort could not save this: the disk or drive it is saved on is full. Nothing was lost: everything saved before is as it was, and what you were writing is still on the screen. Free some space on that disk (empty the bin, move large files elsewhere), then save again.",
          );
        return "2026-11-24T18:02:00.000Z";
      },
    });
    renderApp("/notes/7");
    const progress = await screen.findByLabelText("Progress toward goals");
    fireEvent.change(progress, { target: { value: "Named one thought and one piece of evidence" } });
    expect(await screen.findByText(/Not saved: Cohort could not save this: the disk or drive it is saved on is full/, {}, { timeout: 2000 })).toBeTruthy();
    expect((progress as HTMLTextAreaElement).value).toBe("Named one thought and one piece of evidence");
    // Room made: the next key saves the whole text, the refused part included.
    full = false;
    fireEvent.change(progress, { target: { value: "Named one thought and one piece of evidence." } });
    await waitFor(() => expect(saves.at(-1)).toBe("Named one thought and one piece of evidence."), { timeout: 2000 });
    expect(await screen.findByText(/Saved in the vault at/)).toBeTruthy();
  });

  it("shows where another member is named before signing, and confirms one occurrence", async () => {
    let confirmed = false;
    mockCommands({
      ...frame,
      read_note: () => progressDraft(),
      get_session_notes: () => sessionNotes,
      get_session_goals: () => [],
      get_settings: () => ({
        auto_lock_minutes: 10,
        notes_overdue_days: 2, report_paper: "letter",
        profile: { full_name: "Dana Reyes", credentials: "LCSW", license_number: "", practice_name: "" },
      }),
      check_note: () => ({
        mentions: confirmed
          ? []
          : [
              {
                key: "progress|ben|1",
                field: "progress",
                field_label: "Progress toward goals",
                written: "Ben",
                before: "Sat next to ",
                after: " today.",
                members: ["Ben Cole"],
                confirmed: false,
              },
            ],
        similar: [],
      }),
      confirm_note_mention: () => {
        confirmed = true;
        return [];
      },
      sign_note: () => null,
    });
    renderApp("/notes/7");
    await userEvent.click(await screen.findByRole("button", { name: "Check and sign…" }));
    expect(await screen.findByText("Other members named")).toBeTruthy();
    expect(screen.getByText("May name Ben Cole")).toBeTruthy();
    const sign = screen.getByRole("button", { name: "Sign note" });
    expect((sign as HTMLButtonElement).disabled, "not signed while a name is open").toBe(true);
    await userEvent.click(screen.getByRole("button", { name: "Confirm “Ben” does not identify Ben Cole" }));
    await waitFor(() => expect((screen.getByRole("button", { name: "Sign note" }) as HTMLButtonElement).disabled).toBe(false));
    await act(async () => {
      await userEvent.click(screen.getByRole("button", { name: "Sign note" }));
    });
    expect(called("sign_note").map((c) => c.args)).toEqual([{ note_id: 7, despite_similar: false }]);
  });
});
