import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { formatDate } from "./format";
import { GROUP_ID, program, session, summary } from "./test/fixtures";
import { called, mockCommands, refuse } from "./test/ipc";
import { frame, renderApp } from "./test/render";

describe("program page", () => {
  it("has its own address for each tab, and Back returns to the groups list", async () => {
    const p = program();
    mockCommands({
      ...frame,
      list_groups: () => [summary(p, { enrolled: 8, waitlisted: 2 })],
      get_program: () => p,
      get_ground_rules: () => ({
        current: { version: 1, created_at: "2026-11-22T10:00:00.000Z", rules: ["Confidentiality."] },
        history: [],
      }),
    });
    const user = userEvent.setup();
    const { router } = renderApp("/groups");
    const list = await screen.findByRole("table", { name: "Groups" });
    const members = within(list).getAllByRole("columnheader").findIndex((h) => h.textContent === "Members");
    const cells = within(within(list).getAllByRole("row")[1]!).getAllByRole("cell");
    expect(cells[members]).toHaveTextContent("8 of 10");
    expect(cells[members]).toHaveTextContent("2 waiting");
    await user.click(await screen.findByRole("link", { name: "Monday CBT for depression" }));
    expect(await screen.findByRole("table", { name: "Sessions" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe(`/groups/${GROUP_ID}`);
    await user.click(screen.getByRole("tab", { name: "Ground rules" }));
    expect(await screen.findByText("Group agreement — version 1")).toBeInTheDocument();
    expect(router.state.location.pathname).toBe(`/groups/${GROUP_ID}/rules`);
    await router.navigate(-1);
    expect(await screen.findByRole("table", { name: "Sessions" })).toBeInTheDocument();
    await router.navigate(-1);
    expect(await screen.findByRole("table", { name: "Groups" })).toBeInTheDocument();
  });

  it("writes the core's dates in the same format as the screen, and shows a change at once", async () => {
    let p = program();
    mockCommands({
      ...frame,
      get_program: () => p,
      reschedule_session: () =>
        refuse(
          "validation",
          "Session 5 would no longer come before session 6 (⟦date:2027-02-08⟧). Choose another date, or move the later sessions too.",
          "date",
        ),
      cancel_session: () => {
        const makeup = session(13, { id: "s13", date: "2027-04-05", makeup_for: 4 });
        p = program({ sessions: [...p.sessions.map((s) => (s.id === "s4" ? { ...s, status: "cancelled" as const } : s)), makeup] });
        p.group.end_date = "2027-04-05";
        return { notes: ["A make-up session (session 13) was added on ⟦date:2027-04-05⟧."], end_date: "2027-04-05" };
      },
    });
    const user = userEvent.setup();
    renderApp(`/groups/${GROUP_ID}`);
    await user.click(await screen.findByRole("button", { name: "More for session 5" }));
    await user.click(await screen.findByRole("menuitem", { name: "Reschedule…" }));
    await user.click(await screen.findByRole("button", { name: "Reschedule" }));
    const refusal = await screen.findByText(/would no longer come before session 6/);
    expect(refusal).toHaveTextContent(`(${formatDate("2027-02-08")})`);
    expect(refusal.textContent).not.toMatch(/⟦|2027-02-08/);
    await user.click(screen.getByRole("button", { name: "Keep as it is" }));

    await user.click(screen.getByRole("button", { name: "More for session 4" }));
    await user.click(await screen.findByRole("menuitem", { name: "Cancel session…" }));
    await user.click(await screen.findByRole("button", { name: "Cancel session" }));
    const note = await screen.findByRole("status");
    expect(note).toHaveTextContent(`A make-up session (session 13) was added on ${formatDate("2027-04-05")}.`);
    // The program was read again: the make-up and the new end date show without a reload.
    const table = screen.getByRole("table", { name: "Sessions" });
    expect(await within(table).findByText("Make-up for session 4")).toBeInTheDocument();
    expect(screen.getByTestId("program-summary")).toHaveTextContent(`ending ${formatDate("2027-04-05")}`);
    expect(called("get_program").length).toBeGreaterThanOrEqual(2);
  });

  it("offers the archive, not deletion, once something is recorded for the group", async () => {
    let p = program({
      delete_blocker:
        "Session 1 was held on ⟦date:2027-01-04⟧, so this group holds clinical records and cannot be deleted. Archive it instead: it leaves your lists and every record stays.",
    });
    mockCommands({
      ...frame,
      get_program: () => p,
      set_group_archived: () => {
        p = { ...p, group: { ...p.group, archived: true } };
        return null;
      },
    });
    const user = userEvent.setup();
    renderApp(`/groups/${GROUP_ID}`);
    await user.click(await screen.findByRole("button", { name: "Group status" }));
    await user.click(await screen.findByRole("menuitem", { name: "Delete group…" }));
    expect(await screen.findByText(`Session 1 was held on ${formatDate("2027-01-04")}`, { exact: false })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Delete group" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Archive instead" }));
    expect(await screen.findByText(/The group is archived/)).toBeInTheDocument();
    expect(await screen.findByText("Archived")).toBeInTheDocument();
  });

  it("says once that the calendar file is not encrypted before the save dialog opens", async () => {
    mockCommands({
      ...frame,
      get_program: () => program(),
      export_calendar: (a) =>
        a.acknowledged
          ? "/home/dana/Documents/CBT sessions.ics"
          : refuse("confirm", "Files you export are not encrypted: anyone who can open the folder you save to can read them."),
    });
    const user = userEvent.setup();
    renderApp(`/groups/${GROUP_ID}`);
    await user.click(await screen.findByRole("button", { name: "Export calendar (.ics)" }));
    const dialog = await screen.findByRole("dialog", { name: "This file will not be encrypted" });
    expect(dialog).toHaveTextContent("anyone who can open the folder you save to can read them");
    await user.click(within(dialog).getByRole("button", { name: "I understand: choose where to save" }));
    expect(await screen.findByText(/Calendar file saved: \/home\/dana\/Documents\/CBT sessions.ics/)).toBeInTheDocument();
    expect(called("export_calendar").map((c) => c.args.acknowledged)).toEqual([false, true]);
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  it("deletes a group that holds nothing, after asking, and returns to the list", async () => {
    mockCommands({ ...frame, get_program: () => program(), list_groups: () => [], delete_group: () => null });
    const user = userEvent.setup();
    const { router } = renderApp(`/groups/${GROUP_ID}`);
    await user.click(await screen.findByRole("button", { name: "Group status" }));
    await user.click(await screen.findByRole("menuitem", { name: "Delete group…" }));
    expect(await screen.findByText(/This cannot be undone/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Delete group" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/groups"));
    expect(await screen.findByText("“Monday CBT for depression” was deleted.")).toBeInTheDocument();
    expect(called("delete_group")).toHaveLength(1);
  });
});
