import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Register } from "./api";
import { GROUP_ID, program, summary } from "./test/fixtures";
import { called, mockCommands, refuse } from "./test/ipc";
import { frame, renderApp } from "./test/render";

const counts = { present: 1, late: 1, left_early: 0, absent_excused: 0, absent_unexcused: 0, not_recorded: 0 };

function register(): Register {
  const p = program();
  const sessions = p.sessions.slice(0, 3).map((s, i) => ({
    id: s.id,
    number: s.number,
    date: s.date,
    status: i < 2 ? ("held" as const) : ("scheduled" as const),
    makeup_for: null,
    topic: s.topic,
    attended: i < 2 ? 1 : 0,
    expected: i < 2 ? 1 : 0,
  }));
  return {
    group: p.group,
    legend: "present · late N: arrived N minutes late",
    facilitators: ["Dana Reyes, LCSW"],
    practice_name: "Riverside Counselling",
    sessions,
    members: [
      {
        place_id: "p1",
        member_id: "m1",
        legal_name: "José Núñez",
        stage: "enrolled",
        enrolled_on: "2026-12-01",
        left_on: null,
        cells: [
          { cell: { kind: "marked", mark: { status: "present", minutes: null, corrected: false } }, short: "present", words: "present" },
          { cell: { kind: "marked", mark: { status: "late", minutes: 10, corrected: false } }, short: "late 10", words: "late 10 min" },
          { cell: { kind: "scheduled" }, short: "", words: "" },
        ],
        counts,
        attended: 2,
        marked: 2,
        rate: 1,
      },
    ],
    held: 2,
    cancelled: 0,
    group_rate: 1,
  };
}

describe("reports", () => {
  it("previews a group's register and saves it as PDF once told the file is not encrypted", async () => {
    const p = program();
    mockCommands({
      ...frame,
      list_groups: () => [summary(p, { enrolled: 8 })],
      get_register: () => register(),
      save_report: (a) =>
        a.acknowledged
          ? { path: "/home/dana/Documents/Attendance register.pdf", bytes: 26000 }
          : refuse("confirm", "Files you export are not encrypted: anyone who can open the folder you save to can read them."),
    });
    const user = userEvent.setup();
    const { router } = renderApp("/reports");
    await user.click((await screen.findAllByLabelText("Group"))[0]!);
    await user.click(await screen.findByRole("option", { name: /Monday CBT for depression/, hidden: true }));
    await user.click(screen.getByRole("button", { name: "Show the register" }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/reports/register/${GROUP_ID}`));
    const table = await screen.findByRole("table", { name: "Attendance register" });
    const row = within(table).getByRole("row", { name: /José Núñez/ });
    expect(row).toHaveTextContent("late 10");
    expect(row).toHaveTextContent("2 of 2");
    expect(row).toHaveTextContent("100%");
    expect(screen.getByText(/Facilitators: Dana Reyes, LCSW/)).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Save as PDF" }));
    const dialog = await screen.findByRole("dialog", { name: "This file will not be encrypted" });
    await user.click(within(dialog).getByRole("button", { name: "I understand: choose where to save" }));
    expect(await screen.findByText(/Saved: \/home\/dana\/Documents\/Attendance register.pdf/)).toBeInTheDocument();
    expect(called("save_report").map((c) => [c.args.format, c.args.acknowledged])).toEqual([
      ["pdf", false],
      ["pdf", true],
    ]);
    expect(called("save_report")[0]!.args.request).toEqual({ kind: "register", group_id: GROUP_ID });
  });
});

describe("the service log", () => {
  it("is asked for by dates, refuses a range that ends before it begins, and lists each service", async () => {
    mockCommands({
      ...frame,
      list_groups: () => [],
      get_service_log: (a) => ({
        from: a.from,
        to: a.to,
        facilitator: "Dana Reyes, LCSW",
        practice_name: "Riverside Counselling",
        lines: [
          {
            date: "2026-11-09",
            start: "18:00",
            end: "19:30",
            member_id: "m1",
            legal_name: "José Núñez",
            date_of_birth: null,
            group_id: GROUP_ID,
            group_name: "Monday CBT for depression",
            session_id: "s1",
            session_number: 1,
            status: "late",
            minutes: 80,
            service_code: "90853-95",
          },
        ],
        sessions: 1,
        members: 1,
        minutes: 80,
      }),
    });
    const user = userEvent.setup();
    const { router } = renderApp("/reports");
    const to = await screen.findByRole("textbox", { name: "To" });
    const from = screen.getByRole("textbox", { name: "From" });
    await user.clear(from);
    await user.type(from, "2026-11-01");
    await user.clear(to);
    await user.type(to, "2026-10-01");
    expect(await screen.findByText(/The range ends before it begins/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Show the service log" })).toBeDisabled();
    await user.clear(to);
    await user.type(to, "2026-11-30");
    await user.click(screen.getByRole("button", { name: "Show the service log" }));
    await waitFor(() => expect(router.state.location.search).toBe("?from=2026-11-01&to=2026-11-30"));
    const row = within(await screen.findByRole("table", { name: "Service log" })).getByRole("row", { name: /José Núñez/ });
    expect(row).toHaveTextContent("80");
    expect(row).toHaveTextContent("90853-95");
    expect(called("get_service_log")[0]!.args).toEqual({ from: "2026-11-01", to: "2026-11-30" });
  });
});
