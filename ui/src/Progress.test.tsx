import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Instrument, MemberGoals, ProgressPage } from "./api";
import { place, sessionView } from "./test/fixtures";
import { called, mockCommands, refuse } from "./test/ipc";
import { frame, renderApp } from "./test/render";

const LABELS = ["Not at all", "Several days", "More than half the days", "Nearly every day"];

const phq9: Instrument = {
  id: "phq9",
  name: "Patient Health Questionnaire",
  short_name: "PHQ-9",
  builtin: true,
  instructions: "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
  item_min: 0,
  item_max: 3,
  answer_labels: LABELS,
  scoring: "sum",
  min_answered: 9,
  higher_is_worse: true,
  reliable_change: 6,
  reliability: null,
  sd: null,
  risk_item: 9,
  items: Array.from({ length: 9 }, (_, i) => ({
    position: i + 1,
    wording: i === 8 ? "Thoughts that you would be better off dead" : `Item wording ${i + 1}`,
    reverse: false,
    subscale: "",
  })),
  bands: [
    { low: 0, high: 4, label: "Minimal" },
    { low: 5, high: 9, label: "Mild" },
    { low: 10, high: 14, label: "Moderate" },
  ],
};

const goals: MemberGoals[] = [
  {
    place_id: "p-ana",
    member_id: "m-ana",
    name: "Ana Ruiz",
    goals: [
      {
        goal_id: "g-1",
        measured_by: "gas",
        statement: "Speak up once in each session",
        gas_levels: ["Silent", "Nods", "Once", "Twice", "Leads"],
        value: null,
      },
      { goal_id: "g-2", measured_by: "rating", statement: "Sleep by 11 on five nights a week", gas_levels: [], value: 4 },
    ],
  },
];

function page(over: Partial<ProgressPage> = {}): ProgressPage {
  return {
    place: place("p-ana", "enrolled", { member_id: "m-ana", group_id: "g" }),
    name: "Ana Ruiz",
    group_name: "Monday CBT",
    goals: [],
    progress: {
      place_id: "p-ana",
      sessions: [
        { session_id: "s-1", number: 1, date: "2026-11-02", held: true, attended: true },
        { session_id: "s-2", number: 2, date: "2026-11-09", held: true, attended: false },
        { session_id: "s-3", number: 3, date: "2026-11-16", held: true, attended: true },
      ],
      goals: [
        { goal_id: "g-1", statement: "Speak up once in each session", measured_by: "gas", status: "active", values: [-1, null, 1] },
      ],
      measures: [
        {
          instrument_id: "phq9",
          short_name: "PHQ-9",
          bands: phq9.bands,
          max_total: 27,
          higher_is_worse: true,
          points: [
            { result_id: "r-1", taken_on: "2026-10-30", session_number: null, total: 16, band: "Moderately severe" },
            { result_id: "r-2", taken_on: "2026-11-16", session_number: 3, total: 9, band: "Mild" },
          ],
          change: "reliable_improvement",
          threshold: 6,
        },
      ],
    },
    results: [],
    risks: [],
    ...over,
  };
}

describe("goals and measures", () => {
  it("rates goals in a few keys, shows the core's refusal of a GAS of +3, and saves the corrected values", async () => {
    mockCommands({
      ...frame,
      get_session_view: () => sessionView([]),
      get_session_notes: () => ({ session_id: "s5", held: true, group_note: null, members: [], has_psychotherapy_note: false }),
      get_session_measures: () => [],
      get_session_goals: () => goals,
      rate_goals: (a) => {
        const ratings = a.ratings as { goal_id: string; value: number }[];
        const bad = ratings.find((r) => r.value > 2 && r.goal_id === "g-1");
        if (bad) refuse("validation", "Ana Ruiz’s goal “Speak up once in each session”: a GAS rating is from −2 to +2 (+3 was entered).", "value");
        return ratings.length;
      },
    });
    renderApp("/sessions/s5");
    const gas = await screen.findByLabelText("Ana Ruiz: Speak up once in each session");
    await userEvent.type(gas, "+3");
    await userEvent.click(screen.getByRole("button", { name: "Save ratings" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("a GAS rating is from −2 to +2 (+3 was entered)");

    await userEvent.clear(gas);
    await userEvent.type(gas, "+1");
    expect(screen.getByText("+1: Twice")).toBeTruthy();
    const rating = screen.getByLabelText("Ana Ruiz: Sleep by 11 on five nights a week");
    await userEvent.clear(rating);
    await userEvent.type(rating, "6");
    await userEvent.click(screen.getByRole("button", { name: "Save ratings" }));
    await waitFor(() => expect(screen.getByText("2 ratings saved.")).toBeTruthy());
    const last = called("rate_goals").at(-1)?.args as { ratings: unknown };
    expect(last.ratings).toEqual([
      { goal_id: "g-1", value: 1 },
      { goal_id: "g-2", value: 6 },
    ]);
  });

  it("enters a PHQ-9 item by item with the core's total, and asks for a response when item 9 is above 0", async () => {
    const risk = {
      result_id: "r-9",
      place_id: "p-ana",
      member_id: "m-ana",
      name: "Ana Ruiz",
      group_name: "Monday CBT",
      measure: "PHQ-9",
      taken_on: "2026-11-24",
      item: "Thoughts that you would be better off dead",
      answer: "1 (Several days)",
    };
    let entered = false;
    mockCommands({
      ...frame,
      get_progress_page: () => page(entered ? { risks: [risk] } : {}),
      list_summaries: () => [],
      list_instruments: () => [phq9],
      score_measure: (a) => {
        const answers = a.answers as (number | null)[];
        const n = answers.filter((x) => x !== null).length;
        if (n < 9) refuse("validation", `PHQ-9: Only ${n} items are answered; this measure needs at least 9 to be scored.`, "answers");
        return { total: 10, band: phq9.bands[2], risk: true };
      },
      enter_measure: (a) => {
        const input = a.input as { answers: (number | null)[] };
        if (input.answers.some((x) => x === null)) refuse("validation", "PHQ-9: Only 8 items are answered; this measure needs at least 9 to be scored.", "answers");
        entered = true;
        return { id: "r-9", risk: true };
      },
      respond_to_measure_risk: () => null,
    });
    renderApp("/places/p-ana/measures/new?instrument=phq9");
    expect(await screen.findByText(phq9.instructions)).toBeTruthy();
    for (let i = 1; i <= 8; i++) {
      const group = screen.getByRole("radiogroup", { name: `${i}. Item wording ${i}` });
      await userEvent.click(within(group).getByLabelText(i === 1 ? "2 More than half the days" : "1 Several days"));
    }
    expect(await screen.findByText(/Only 8 items are answered/)).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Save the result" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Only 8 items are answered");

    const nine = screen.getByRole("radiogroup", { name: "9. Thoughts that you would be better off dead" });
    await userEvent.click(within(nine).getByLabelText("1 Several days"));
    expect(await screen.findByText("Total 10")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Save the result" }));
    const dialog = await screen.findByRole("dialog", { name: "Response to risk: Ana Ruiz" });
    fireEvent.change(within(dialog).getByLabelText(/What you did/), { target: { value: "Risk assessed; safety plan reviewed." } });
    await userEvent.click(within(dialog).getByRole("button", { name: "Save response" }));
    await waitFor(() => expect(called("respond_to_measure_risk")).toHaveLength(1));
  });

  it("shows each measure's band and whether the change is reliable, and absences as gaps", async () => {
    mockCommands({ ...frame, get_progress_page: () => page(), list_instruments: () => [phq9], list_summaries: () => [] });
    renderApp("/places/p-ana/progress");
    expect(await screen.findByLabelText("PHQ-9 change")).toHaveTextContent("Reliable improvement");
    expect(screen.getByLabelText("PHQ-9 band")).toHaveTextContent("Mild");
    expect(screen.getByLabelText("PHQ-9 summary")).toHaveTextContent(
      "First 16 (Moderately severe) on Fri, Oct 30, 2026 → latest 9 (Mild) on Mon, Nov 16, 2026: −7 points. Reliable improvement (a change of 6 points or more is reliable).",
    );
    const table = screen.getByRole("table", { name: "Progress by session" });
    const rows = within(table).getAllByRole("row");
    expect(rows[1]).toHaveTextContent("AttendedYesAbsentYes");
    expect(rows[2]).toHaveTextContent("Speak up once in each session−1+1");
  });
});
