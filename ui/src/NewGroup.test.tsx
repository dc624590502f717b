import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { formatTime } from "./format";
import { GROUP_TYPE, CADENCE, SESSION_STATUS } from "./labels";
import { preview } from "./test/fixtures";
import { called, mockCommands, refuse } from "./test/ipc";
import { frame, renderApp } from "./test/render";

const templates = [
  { id: "builtin:cbt-depression-12", name: "CBT for depression — 12 sessions", description: "", builtin: true, session_count: 12 },
];

function newGroupCommands(extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  mockCommands({
    ...frame,
    list_templates: () => templates,
    list_groups: () => [],
    preview_group: () => preview,
    ...extra,
  });
}

describe("new group", () => {
  it("previews the dates and shows the core's refusal beside the field", async () => {
    newGroupCommands({
      create_group: () => refuse("validation", "The location can be at most 200 characters.", "location"),
    });
    const user = userEvent.setup();
    renderApp("/groups/new");
    expect(await screen.findByText("Thoughts 1: How thoughts affect mood")).toBeInTheDocument();
    expect(screen.getByText(/Public holiday/)).toBeInTheDocument();
    await user.type(screen.getByLabelText("Group name"), "Monday CBT");
    await user.click(screen.getByRole("button", { name: "Create group" }));
    expect(await screen.findByText("The location can be at most 200 characters.")).toBeInTheDocument();
    expect(screen.getByLabelText("Location")).toHaveAttribute("aria-invalid", "true");
  });

  it("keeps a refused number as typed, with its message, and does not save it", async () => {
    newGroupCommands();
    const user = userEvent.setup();
    renderApp("/groups/new");
    await user.type(await screen.findByLabelText("Group name"), "Monday CBT");
    for (const [label, typed, message] of [
      ["Capacity (members)", "13", "Capacity must be between 6 and 12 members."],
      ["Session length (minutes)", "500", "Session length must be between 30 and 180 minutes."],
      ["Number of sessions", "0", "The number of sessions must be between 1 and 52."],
    ] as const) {
      const field = screen.getByLabelText(label);
      await user.clear(field);
      await user.type(field, typed);
      await user.tab();
      expect(await screen.findByText(message)).toBeInTheDocument();
      await user.click(screen.getByRole("button", { name: "Create group" }));
      expect(field).toHaveValue(typed);
      expect(screen.getByText(message)).toBeInTheDocument();
    }
    expect(called("create_group")).toHaveLength(0);
    expect(screen.getByText(/Some schedule fields need attention/)).toBeInTheDocument();
  });

  it("keeps a date that is not real as typed and refuses it; offers every cadence in full", async () => {
    newGroupCommands();
    const user = userEvent.setup();
    renderApp("/groups/new");
    const first = await screen.findByLabelText("First session date");
    await user.clear(first);
    await user.type(first, "2027-02-30");
    await user.tab();
    expect(first).toHaveValue("2027-02-30");
    expect(await screen.findByText(/Enter a real date/)).toBeInTheDocument();
    expect(screen.getByRole("option", { name: "Every two weeks" })).toBeInTheDocument();
    expect(screen.getByText(`Local time, such as ${formatTime("18:00")}`)).toBeInTheDocument();
    expect(screen.queryByText(/24-hour/)).toBeNull();
  });

  it("has a word for every kind of group, cadence and session status", () => {
    for (const labels of [GROUP_TYPE, CADENCE, SESSION_STATUS]) {
      for (const word of Object.values(labels)) expect(word.trim()).not.toBe("");
    }
  });
});
