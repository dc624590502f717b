import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MantineProvider } from "@mantine/core";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import type { CommandError } from "./bindings/CommandError";
import type { SessionDetail } from "./bindings/SessionDetail";
import type { SchedulePreview } from "./bindings/SchedulePreview";
import { SessionPlanEditor } from "./screens/groups/SessionPlanEditor";
import { NewGroupForm } from "./screens/groups/NewGroupForm";

const detail: SessionDetail = {
  session: {
    id: "s3",
    number: 3,
    date: "2027-01-25",
    start_time: "18:00",
    status: "scheduled",
    original_date: null,
    makeup_for: null,
    topic: "Thoughts 3",
    agenda_total: { total_minutes: 90, session_minutes: 90, over_by: 0 },
  },
  plan: {
    topic: "Thoughts 3",
    objectives: "",
    materials: "",
    homework: "",
    agenda: [
      { title: "Review", minutes: 30, notes: "" },
      { title: "New material", minutes: 60, notes: "" },
    ],
  },
  group_name: "Monday CBT",
  session_minutes: 90,
};

describe("session plan editor", () => {
  it("shows the agenda total live and saves an overrun only when confirmed, never truncated", async () => {
    const saves: { accept: boolean; minutes: number[] }[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "get_session") return detail;
      if (cmd === "save_session_plan") {
        const a = args as { accept_overrun: boolean; plan: { agenda: { minutes: number }[] } };
        saves.push({ accept: a.accept_overrun, minutes: a.plan.agenda.map((x) => x.minutes) });
        if (!a.accept_overrun) {
          const e: CommandError = {
            code: "validation",
            field: "agenda",
            message: "The agenda runs 100 minutes, 10 more than the 90-minute session.",
          };
          throw e;
        }
        return { total_minutes: 100, session_minutes: 90, over_by: 10 };
      }
      return null;
    });
    const user = userEvent.setup();
    render(
      <MantineProvider>
        <SessionPlanEditor sessionId="s3" onBack={() => {}} onError={() => {}} />
      </MantineProvider>,
    );
    expect(await screen.findByText("Agenda total: 90 of 90 minutes")).toBeInTheDocument();
    const minutes = screen.getByLabelText("Item 2 minutes");
    await user.clear(minutes);
    await user.type(minutes, "70");
    expect(await screen.findByText("Agenda total: 100 of 90 minutes")).toBeInTheDocument();
    expect(screen.getByText(/runs 10 minutes over the session/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Save plan" }));
    await user.click(await screen.findByRole("button", { name: "Save anyway" }));
    expect(await screen.findByText("Plan saved.")).toBeInTheDocument();
    expect(saves).toEqual([
      { accept: false, minutes: [30, 70] },
      { accept: true, minutes: [30, 70] },
    ]);
  });
});

describe("new group", () => {
  it("checks ranges as you type, previews the dates and shows the core's refusal beside the field", async () => {
    const preview: SchedulePreview = {
      sessions: [{ number: 1, date: "2027-01-04", start_time: "18:00", topic: "Thoughts 1: How thoughts affect mood" }],
      skipped: [{ date: "2027-01-18", label: "Public holiday" }],
      end_date: "2027-03-29",
      template_note: null,
    };
    mockIPC((cmd) => {
      if (cmd === "list_templates")
        return [{ id: "builtin:cbt-depression-12", name: "CBT for depression — 12 sessions", description: "", builtin: true, session_count: 12 }];
      if (cmd === "list_groups") return [];
      if (cmd === "preview_group") return preview;
      if (cmd === "create_group") {
        const e: CommandError = { code: "validation", field: "location", message: "The location can be at most 200 characters." };
        throw e;
      }
      return null;
    });
    const user = userEvent.setup();
    render(
      <MantineProvider>
        <NewGroupForm onCancel={() => {}} onCreated={() => {}} onError={() => {}} />
      </MantineProvider>,
    );
    expect(await screen.findByText("Thoughts 1: How thoughts affect mood")).toBeInTheDocument();
    expect(screen.getByText(/Public holiday/)).toBeInTheDocument();
    const capacity = screen.getByLabelText("Capacity (members)");
    await user.clear(capacity);
    await user.type(capacity, "13");
    expect(await screen.findByText("Capacity must be between 6 and 12 members.")).toBeInTheDocument();
    await user.clear(capacity);
    await user.type(capacity, "8");
    await user.type(screen.getByLabelText("Group name"), "Monday CBT");
    await user.click(screen.getByRole("button", { name: "Create group" }));
    await waitFor(() => expect(screen.getByText("The location can be at most 200 characters.")).toBeInTheDocument());
  });
});
