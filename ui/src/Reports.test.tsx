import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ProgramSummary, Register, SummaryRecord } from "./api";
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
    await user.click((await screen.findAllByRole("option", { name: /Monday CBT for depression/, hidden: true }))[0]!);
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

describe("a member's summary", () => {
  it("shows the figures, saves the draft as typed, asks about another member's name, and signs", async () => {
    let signed = false;
    let confirmed = false;
    const summaryOf = (): SummaryRecord => ({
      id: 7,
      place_id: "p1",
      kind: "discharge",
      text: { recipient: "Dr. Patel, primary care", summary: "She and José paired up.", recommendations: "", aftercare: "" },
      created_at: "2026-12-07T18:00:00.000Z",
      updated_at: "2026-12-07T18:00:00.000Z",
      signature: signed ? { signed_at: "2026-12-07T19:00:00.000Z", signed_by: "Dana Reyes", credentials: "LCSW" } : null,
      figures: {
        as_of: "2026-12-07",
        practice_name: "Riverside Counselling",
        member: { legal_name: "Ana Ruiz", preferred_name: "", pronouns: "she/her", date_of_birth: null },
        group: {
          name: "Monday CBT for depression",
          approach: "CBT",
          facilitators: ["Dana Reyes, LCSW"],
          first_date: "2026-10-27",
          end_date: null,
          planned_sessions: 12,
        },
        place: {
          stage: "dropped_out",
          stage_words: "dropped out",
          referred_on: "2026-10-01",
          referral_source: "Primary care",
          enrolled_on: "2026-10-10",
          left_on: "2026-12-02",
          left_reason: "Moved away",
          transferred_to: "",
        },
        attendance: { expected: 5, attended: 4, rate: 0.8, counts: { ...counts, present: 4, late: 0, absent_unexcused: 1 }, still_to_come: 0 },
        goals: [],
        measures: [
          {
            short_name: "PHQ-9",
            totals: [
              { taken_on: "2026-10-27", total: 18, band: "Moderately severe" },
              { taken_on: "2026-12-01", total: 9, band: "Mild" },
            ],
            change: "reliable_improvement",
            change_words: "reliable improvement (threshold 6 points)",
            threshold: 6,
            higher_is_worse: true,
            max_total: 27,
            bands: [],
          },
        ],
      },
      mentions:
        signed || confirmed
          ? []
          : [
              {
                key: "summary|jose|1",
                field: "summary",
                field_label: "Summary",
                written: "José",
                before: "She and ",
                after: " paired up.",
                members: ["José Núñez"],
                confirmed: false,
              },
            ],
    });
    mockCommands({
      ...frame,
      get_summary: () => summaryOf(),
      save_summary_draft: () => "2026-12-07T18:05:00.000Z",
      confirm_summary_mention: () => {
        confirmed = true;
        return [];
      },
      sign_summary: () => {
        signed = true;
      },
    });
    const user = userEvent.setup();
    renderApp("/summaries/7");
    expect(await screen.findByRole("heading", { name: "Discharge summary: Ana Ruiz" })).toBeInTheDocument();
    expect(screen.getByText(/of 5 sessions they were expected at \(80%\)/)).toBeInTheDocument();
    const measures = screen.getByRole("table", { name: "Measures" });
    expect(within(measures).getByRole("row", { name: /PHQ-9/ })).toHaveTextContent("reliable improvement (threshold 6 points)");

    await user.type(screen.getByRole("textbox", { name: /Aftercare/ }), "Crisis line given.");
    await waitFor(() => expect(called("save_summary_draft").length).toBeGreaterThan(0), { timeout: 3000 });
    expect(called("save_summary_draft").at(-1)!.args.text).toMatchObject({ aftercare: "Crisis line given." });

    await user.click(screen.getByRole("button", { name: "Does not identify them" }));
    expect(called("confirm_summary_mention")[0]!.args).toEqual({ summary_id: 7, key: "summary|jose|1" });
    await user.click(screen.getByRole("button", { name: "Sign discharge summary" }));
    expect(await screen.findByText(/Signed and final/)).toBeInTheDocument();
    expect(called("sign_summary")).toHaveLength(1);
  });
});

describe("the program summary", () => {
  it("names no one until asked, then asks the core for the named version", async () => {
    const p = program();
    const base = (named: boolean): ProgramSummary => ({
      practice_name: "Riverside Counselling",
      group: {
        name: p.group.name,
        approach: "CBT",
        facilitators: ["Dana Reyes, LCSW"],
        first_date: "2026-10-27",
        end_date: null,
        planned_sessions: 12,
      },
      location: "",
      named,
      sessions: { planned: 12, held: 8, cancelled: 1, made_up: 1, to_come: 4 },
      membership: {
        enrolled: 5,
        still_enrolled: 4,
        completed: 0,
        dropped_out: 1,
        transferred: 0,
        left: [{ stage: "dropped_out", reason: "Moved away", transferred_to: "", name: named ? "Ana Ruiz" : null }],
      },
      attendance: { rate: 29 / 34, mean_per_session: 3.625, attended: 29, expected: 35 },
      measures: [],
      goals: {
        goals: 4,
        achieved: 1,
        discontinued: 0,
        active: 3,
        gas_members: 2,
        gas_mean_t: 51.9,
        gas_at_expected: 1,
        rating_goals: 0,
        rating_first_mean: null,
        rating_latest_mean: null,
      },
      curriculum: [],
      members: named ? [{ name: "Ana Ruiz", stage: "dropped_out", attended: 4, expected: 5, t_score: 60, measures: [] }] : [],
    });
    mockCommands({ ...frame, get_program_summary: (a) => base(a.named as boolean) });
    const user = userEvent.setup();
    renderApp(`/reports/program/${GROUP_ID}`);
    expect(await screen.findByText(/mean T-score 51.9/)).toBeInTheDocument();
    expect(screen.getByText(/Left: dropped out \(Moved away\)/)).toBeInTheDocument();
    expect(screen.queryByText(/Ana Ruiz/)).not.toBeInTheDocument();
    await user.click(screen.getByRole("radio", { name: "Members named" }));
    expect(await screen.findByRole("table", { name: "Each member" })).toHaveTextContent("Ana Ruiz");
    expect(called("get_program_summary").map((c) => c.args.named)).toEqual([false, true]);
  });
});
