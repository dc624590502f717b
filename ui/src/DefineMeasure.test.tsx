// Define a measure: checked as you type against the core's limits, and the
// core's own refusal shown beside the field it names.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { MEASURE_LIMITS } from "./bindings/limits";
import { called, mockCommands, refuse } from "./test/ipc";
import { frame, renderApp } from "./test/render";

describe("Define a measure", () => {
  it("says what is wrong as it is typed, and saves nothing until it is right", async () => {
    mockCommands({ ...frame, list_instruments: () => [], define_instrument: () => "m-1" });
    renderApp("/measures/new");
    const highest = await screen.findByLabelText("Highest answer");
    fireEvent.change(highest, { target: { value: String(MEASURE_LIMITS.answer_max + 1) } });
    expect(await screen.findByText(`The highest answer is above the lowest, from 0 to ${MEASURE_LIMITS.answer_max}.`)).toBeTruthy();
    fireEvent.change(highest, { target: { value: "3" } });
    await waitFor(() => expect(screen.queryByText(/The highest answer is above the lowest/)).toBeNull());
    fireEvent.change(screen.getByLabelText(/What each answer means/), { target: { value: "Never\nSometimes" } });
    expect(await screen.findByText("Label every answer from 0 to 3 (4 labels), or none.")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Save the measure" }));
    expect(called("define_instrument")).toHaveLength(0);
    expect(screen.getByText("Name the measure (up to 120 characters).")).toBeTruthy();
  });

  it("shows the core's refusal beside the field, and sends what was typed", async () => {
    mockCommands({
      ...frame,
      list_instruments: () => [],
      define_instrument: () => refuse("validation", "A measure with that name exists already.", "name"),
    });
    renderApp("/measures/new");
    fireEvent.change(await screen.findByLabelText("Name"), { target: { value: "Group Cohesion Scale" } });
    fireEvent.change(screen.getByLabelText("Short name"), { target: { value: "GCS" } });
    fireEvent.change(screen.getByLabelText("Item 1"), { target: { value: "I feel I belong in this group" } });
    await userEvent.click(screen.getByRole("button", { name: "Save the measure" }));
    await waitFor(() => expect(called("define_instrument")).toHaveLength(1));
    const sent = called("define_instrument")[0]?.args.input as Record<string, unknown>;
    expect(sent).toMatchObject({
      name: "Group Cohesion Scale",
      short_name: "GCS",
      item_min: 0,
      item_max: 4,
      answer_labels: [],
      scoring: "sum",
      min_answered: 1,
      reliability: null,
      sd: null,
    });
    expect(await screen.findAllByText(/A measure with that name exists already/)).toHaveLength(2);
  });
});
