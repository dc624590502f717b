import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatDate } from "./format";
import { GROUP_ID, alertFor, emptyToday, expected, noNotes, program, runState, sessionView } from "./test/fixtures";
import { called, mockCommands, refuse } from "./test/ipc";
import { frame, renderApp } from "./test/render";

const NINE = ["Ana Ruiz", "Ben Cole", "Cara Diaz", "Dev Shah", "Eva Lind", "Femi Ade", "Gus Park", "Hana Mori", "Ivo Petrov"];
const people = NINE.map((n, i) => expected(n, `p${i + 1}`));

afterEach(() => {
  vi.useRealTimers();
});

describe("today", () => {
  it("lists today's session with a way into it, and what needs attention with a way to deal with it", async () => {
    const today = emptyToday("2027-02-01");
    today.sessions = [
      {
        session: {
          group_id: GROUP_ID,
          group_name: "Monday CBT for depression",
          session_id: "s5",
          number: 5,
          date: "2027-02-01",
          start_time: "18:00",
          topic: "Thoughts 5",
          status: "scheduled",
        },
        started_at: null,
        ended_at: null,
      },
    ];
    today.absences = [alertFor("Tomás Ferreira", "p7")];
    today.rules_to_agree = [{ group_id: GROUP_ID, group_name: "Monday CBT for depression", rules_version: 2, members: 3 }];
    today.offers = [
      { group_id: GROUP_ID, group_name: "Monday CBT for depression", place_id: "p11", legal_name: "Grace Liu", preferred_name: "" },
    ];
    mockCommands({ ...frame, get_today: () => today, record_follow_up: () => ({}) });
    const user = userEvent.setup();
    renderApp("/today");
    const sessions = await screen.findByRole("table", { name: "Today's sessions" });
    expect(within(sessions).getByRole("link", { name: "Session 5: Thoughts 5" })).toHaveAttribute("href", "/sessions/s5");
    expect(screen.getByText(/Missed 2 sessions in a row/)).toHaveTextContent(formatDate("2027-01-25"));
    expect(screen.getByText(/3 members have not agreed to version 2/)).toBeInTheDocument();
    expect(screen.getByText(/offer it to Grace Liu, first on the waitlist/)).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Record follow-up for Tomás Ferreira" }));
    const dialog = await screen.findByRole("dialog", { name: "Follow-up: Tomás Ferreira" });
    expect(within(dialog).getByRole("button", { name: "Save follow-up" })).toBeDisabled();
    await user.selectOptions(within(dialog).getByLabelText("How"), "Text message");
    await user.type(within(dialog).getByLabelText(/Outcome/), "Unwell; back next week.");
    await user.click(within(dialog).getByRole("button", { name: "Save follow-up" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(called("record_follow_up")[0]?.args).toMatchObject({
      place_id: "p7",
      follow_up: { session_id: "s4", method: "text_message", outcome: "Unwell; back next week." },
    });
  });
});

describe("session view", () => {
  it("starts the group with its first session only once the clinician confirms the number", async () => {
    let v = sessionView(people.slice(0, 4), { group_status: "planning" });
    mockCommands({
      ...frame,
      get_session_view: () => v,
      get_session_notes: () => noNotes, get_session_goals: () => [], get_session_measures: () => [],
      start_session: (a) => {
        if (a.confirmed_enrolled !== 4) {
          refuse("confirm", "“Monday CBT for depression” is still being planned. This session starts the group, with 4 members enrolled. Start the group?");
        }
        v = { ...v, run: runState([0, 0, 0], 0), why_not_start: "Session 5 has already started.", why_no_attendance: null };
        return null;
      },
    });
    const user = userEvent.setup();
    renderApp("/sessions/s5");
    expect(await screen.findByRole("heading", { name: /Session 5/ })).toBeInTheDocument();
    expect(screen.getByText(/has not started. Start it, or record it as held/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Start session" }));
    const dialog = await screen.findByRole("dialog", { name: "Start the group?" });
    expect(dialog).toHaveTextContent("with 4 members enrolled");
    await user.click(within(dialog).getByRole("button", { name: "Start the group and this session" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(called("start_session").map((c) => c.args.confirmed_enrolled)).toEqual([null, 4]);
    expect(await screen.findByRole("button", { name: "End session" })).toBeInTheDocument();
    expect(screen.getByText(/^Item 1 of 3 · session/)).toBeInTheDocument();
  });

  it("takes attendance for nine with the keyboard and saves the sheet at once", async () => {
    const v = sessionView(people, { run: runState([60_000, 0, 0], 0), why_not_start: "Session 5 has already started.", why_no_attendance: null });
    mockCommands({ ...frame, get_session_view: () => v,
      get_session_notes: () => noNotes, get_session_goals: () => [], get_session_measures: () => [], save_attendance: () => ({ marked: 9, corrected: 0 }) });
    const user = userEvent.setup();
    renderApp("/sessions/s5");
    const first = await screen.findByRole("radiogroup", { name: "Attendance of Ana Ruiz" });
    within(first).getByRole("radio", { name: "Present (P)" }).focus();
    // Ana present, Ben late 10 minutes, Cara absent with notice, Dev left early 15, the rest present but Ivo absent without notice.
    await user.keyboard("p");
    await user.keyboard("l");
    expect(screen.getByRole("textbox", { name: "Minutes late for Ben Cole" })).toHaveFocus();
    await user.keyboard("10{Enter}");
    await user.keyboard("n");
    await user.keyboard("e");
    await user.keyboard("15{Enter}");
    await user.keyboard("ppppu");
    expect(screen.getByText("9 of 9 marked · not saved yet")).toBeInTheDocument();
    await user.keyboard("{Control>}{Enter}{/Control}");
    expect(await screen.findByRole("status")).toHaveTextContent("Attendance saved: 9 marks.");
    const marks = called("save_attendance")[0]?.args.marks as { place_id: string; status: string; minutes: number | null }[];
    expect(marks.map((m) => [m.status, m.minutes])).toEqual([
      ["present", null],
      ["late", 10],
      ["absent_excused", null],
      ["left_early", 15],
      ["present", null],
      ["present", null],
      ["present", null],
      ["present", null],
      ["absent_unexcused", null],
    ]);
  });

  it("shows the core's refusal of a sheet, keeping what was typed", async () => {
    const v = sessionView(people.slice(0, 2), { run: runState([0, 0, 0], 0), why_no_attendance: null, why_not_start: "started" });
    mockCommands({
      ...frame,
      get_session_view: () => v,
      get_session_notes: () => noNotes, get_session_goals: () => [], get_session_measures: () => [],
      save_attendance: () => refuse("validation", "Ben Cole was marked late by 95 minutes; it must be 1 to 90 minutes (the session's length).", "minutes"),
    });
    const user = userEvent.setup();
    renderApp("/sessions/s5");
    await user.click(await screen.findByRole("button", { name: "All present" }));
    const ben = screen.getByRole("radiogroup", { name: "Attendance of Ben Cole" });
    await user.click(within(ben).getByRole("radio", { name: "Late (L)" }));
    await user.type(screen.getByRole("textbox", { name: "Minutes late for Ben Cole" }), "95");
    await user.click(screen.getByRole("button", { name: "Save attendance" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("must be 1 to 90 minutes");
    expect(screen.getByRole("textbox", { name: "Minutes late for Ben Cole" })).toHaveValue("95 min");
  });

  it("counts the current item down from the core's reading, shows an overrun plainly, and moves on", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    // 9 minutes 50 seconds into a 10-minute check-in.
    const v = sessionView(people.slice(0, 1), { run: runState([590_000, 0, 0], 0), why_not_start: "started", why_no_attendance: null });
    mockCommands({ ...frame, get_session_view: () => v,
      get_session_notes: () => noNotes, get_session_goals: () => [], get_session_measures: () => [], session_timer: () => null });
    renderApp("/sessions/s5");
    const clock = await screen.findByLabelText("Time left on this item");
    expect(clock).toHaveTextContent(/0:(10|09) left/);
    await act(async () => {
      vi.advanceTimersByTime(15_000);
    });
    expect(clock.textContent).toMatch(/0:0[45] over/);
    fireEvent.click(screen.getByRole("button", { name: "Next item" }));
    await waitFor(() => expect(called("session_timer")[0]?.args).toEqual({ session_id: "s5", action: "next" }));
  });
});

describe("catch-up sheet", () => {
  it("shows what was missed for one member and prints", async () => {
    const print = vi.fn();
    window.print = print;
    mockCommands({
      ...frame,
      get_catch_up_sheet: () => ({
        member_name: "Ben",
        group_name: "Monday CBT for depression",
        clinician: "Dana Reyes, LCSW",
        sessions: [
          {
            place_id: "p2",
            session_id: "s3",
            group_id: GROUP_ID,
            group_name: "Monday CBT for depression",
            number: 3,
            date: "2027-01-18",
            status: "absent_unexcused",
            topic: "Thoughts 3: Talking back to harmful thoughts",
            key_points: "Question a harmful thought.",
            materials: "Thought record",
            homework: "One thought record a day.",
          },
        ],
      }),
    });
    const user = userEvent.setup();
    renderApp("/catch-up/p2");
    expect(await screen.findByRole("heading", { name: "Catching up: Monday CBT for depression" })).toBeInTheDocument();
    const s3 = screen.getByRole("region", { name: "Session 3" });
    expect(s3).toHaveTextContent("Question a harmful thought.");
    expect(s3).toHaveTextContent("One thought record a day.");
    expect(screen.getByText(/For Ben · prepared/)).toHaveTextContent("Dana Reyes, LCSW");
    await user.click(screen.getByRole("button", { name: "Print…" }));
    expect(print).toHaveBeenCalledOnce();
  });
});

describe("attendance policy", () => {
  it("takes a preset or the clinician's own rule, refusing a number out of range before asking the core", async () => {
    let policy = { in_a_row: 2, in_total: 3, excused_count: true };
    mockCommands({
      ...frame,
      get_program: () => program(),
      get_attendance_policy: () => policy,
      get_note_format: () => "soap",
      get_service_code: () => ({ code: "90853", modifiers: "" }),
      set_attendance_policy: (a) => {
        policy = a.policy as typeof policy;
        return null;
      },
    });
    const user = userEvent.setup();
    renderApp(`/groups/${GROUP_ID}/details`);
    expect(await screen.findByRole("radio", { name: "2 absences in a row or 3 in total" })).toBeChecked();
    await user.click(screen.getByRole("radio", { name: "DBT: 4 missed sessions in a row ends participation" }));
    await user.click(screen.getByRole("button", { name: "Save the policy" }));
    expect(await screen.findByText(/The attendance policy is saved/)).toBeInTheDocument();
    expect(called("set_attendance_policy")[0]?.args.policy).toEqual({ in_a_row: 4, in_total: null, excused_count: true });

    await user.click(screen.getByRole("radio", { name: "My own rule" }));
    await user.click(screen.getByRole("checkbox", { name: "Absences in total" }));
    const total = screen.getByRole("textbox", { name: "Absences in total: how many" });
    await user.clear(total);
    await user.type(total, "60");
    expect(await screen.findByText("Between 1 and 52.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Save the policy" }));
    expect(called("set_attendance_policy")).toHaveLength(1);
    await user.clear(total);
    await user.type(total, "5");
    await user.click(screen.getByRole("checkbox", { name: /Absences with notice count/ }));
    await user.click(screen.getByRole("button", { name: "Save the policy" }));
    await waitFor(() => expect(called("set_attendance_policy")).toHaveLength(2));
    expect(called("set_attendance_policy")[1]?.args.policy).toEqual({ in_a_row: 4, in_total: 5, excused_count: false });
  });
});
