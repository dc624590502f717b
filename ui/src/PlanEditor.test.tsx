import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { detail } from "./test/fixtures";
import { called, mockCommands, refuse } from "./test/ipc";
import { frame, renderApp } from "./test/render";

describe("session plan editor", () => {
  it("shows the agenda total live and saves an overrun only when confirmed, never truncated", async () => {
    mockCommands({
      ...frame,
      get_session: () => detail,
      save_session_plan: (a) => {
        if (!a.accept_overrun) {
          refuse("validation", "The agenda runs 100 minutes, 10 more than the 90-minute session.", "agenda");
        }
        return { total_minutes: 100, session_minutes: 90, over_by: 10 };
      },
    });
    const user = userEvent.setup();
    renderApp(`/groups/${detail.group_id}/sessions/s3`);
    expect(await screen.findByText("Agenda total: 90 of 90 minutes")).toBeInTheDocument();
    const minutes = screen.getByLabelText("Item 2 minutes");
    await user.clear(minutes);
    await user.type(minutes, "70");
    expect(await screen.findByText("Agenda total: 100 of 90 minutes")).toBeInTheDocument();
    expect(screen.getByText(/runs 10 minutes over the session/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Save plan" }));
    await user.click(await screen.findByRole("button", { name: "Save anyway" }));
    expect(await screen.findByText("Plan saved.")).toBeInTheDocument();
    const saves = called("save_session_plan").map((c) => ({
      accept: c.args.accept_overrun,
      minutes: (c.args.plan as { agenda: { minutes: number }[] }).agenda.map((x) => x.minutes),
    }));
    expect(saves).toEqual([
      { accept: false, minutes: [30, 70] },
      { accept: true, minutes: [30, 70] },
    ]);
  });
});
