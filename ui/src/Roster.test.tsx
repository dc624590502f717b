import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { formatDate } from "./format";
import { GROUP_ID, entry, place, program, roster } from "./test/fixtures";
import { called, mockCommands, refuse } from "./test/ipc";
import { frame, renderApp } from "./test/render";

const enrolled = (n: number) =>
  Array.from({ length: n }, (_, i) => entry(`Member ${i + 1}`, place(`p${i + 1}`, "enrolled"), { agreed_version: 1, agreed_on: "2026-11-12" }));

describe("roster tab", () => {
  it("shows the places taken, and offers the waitlist when the core says the group is full", async () => {
    const eleventh = entry("Grace Liu", place("p11", "consented"));
    let r = roster([...enrolled(10), eleventh]);
    mockCommands({
      ...frame,
      get_program: () => program(),
      get_group_alerts: () => [],
      get_roster: () => r,
      enrol_member: () =>
        refuse("full", "All 10 places of this group are taken. Add Grace Liu to the waitlist, or raise the group's capacity (up to 12)."),
      waitlist_member: () => {
        r = roster([...enrolled(10), entry("Grace Liu", place("p11", "waitlisted"), { waitlist_position: 1 })]);
        return r.entries[10]!.place;
      },
    });
    const user = userEvent.setup();
    renderApp(`/groups/${GROUP_ID}/roster`);
    expect(await screen.findByRole("progressbar", { name: "10 of 10 places taken" })).toBeInTheDocument();
    expect(screen.getByLabelText("Places taken")).toHaveTextContent("10 / 10 enrolled");
    expect(within(screen.getByRole("table", { name: "Enrolled members" })).getAllByRole("row")).toHaveLength(11); // and the header

    await user.click(screen.getByRole("button", { name: "Enrol Grace Liu" }));
    const dialog = await screen.findByRole("dialog", { name: "Enrol Grace Liu" });
    await user.click(within(dialog).getByRole("button", { name: "Enrol" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("All 10 places of this group are taken");
    await user.click(within(dialog).getByRole("button", { name: "Add to the waitlist" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(called("waitlist_member")[0]?.args).toMatchObject({ place_id: "p11" });
    const waitlist = await screen.findByRole("table", { name: "Waitlist" });
    expect(waitlist).toHaveTextContent("1.Grace Liu");
    expect(screen.getByLabelText("Places taken")).toHaveTextContent("10 / 10 enrolled · 1 on the waitlist");
  });

  it("offers a freed place to the first on the waitlist, and the clinician confirms", async () => {
    const dan = entry("Dan Brooks", place("p3", "dropped_out", { left_on: "2026-11-20", left_reason: "Moved away" }));
    const grace = entry("Grace Liu", place("p11", "waitlisted"), { waitlist_position: 1 });
    let r = roster([...enrolled(9), grace, dan], { offer: "p11" });
    mockCommands({
      ...frame,
      get_program: () => program(),
      get_group_alerts: () => [],
      get_roster: () => r,
      enrol_member: () => {
        r = roster([...enrolled(9), entry("Grace Liu", place("p11", "enrolled")), dan]);
        return r.entries[9]!.place;
      },
    });
    const user = userEvent.setup();
    renderApp(`/groups/${GROUP_ID}/roster`);
    const offer = await screen.findByRole("status");
    expect(offer).toHaveTextContent("A place is free");
    expect(offer).toHaveTextContent("Grace Liu is first on the waitlist.");
    expect(screen.getByRole("table", { name: "Past members" })).toHaveTextContent("Dropped out");
    expect(screen.getByRole("table", { name: "Past members" })).toHaveTextContent("Moved away");
    await user.click(within(offer).getByRole("button", { name: "Enrol Grace Liu" }));
    await user.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Enrol" }));
    await waitFor(() => expect(screen.queryByRole("status")).toBeNull());
    expect(called("enrol_member")[0]?.args).toMatchObject({ place_id: "p11" });
    expect(within(screen.getByRole("table", { name: "Enrolled members" })).getByText("Grace Liu")).toBeInTheDocument();
  });

  it("flags who agreed only to an older version of the ground rules, and records a new agreement", async () => {
    const people = [
      entry("Ana Costa", place("p1", "enrolled"), { agreed_version: 2, agreed_on: "2026-11-20" }),
      entry("Ben Ode", place("p2", "enrolled"), { agreed_version: 1, agreed_on: "2026-11-12" }),
      entry("Cleo Park", place("p3", "enrolled")),
    ];
    let r = roster(people, { rules_version: 2, to_agree: 2 });
    mockCommands({
      ...frame,
      get_program: () => program(),
      get_group_alerts: () => [],
      get_roster: () => r,
      record_agreement: () => {
        r = roster([people[0]!, { ...people[1]!, agreed_version: 2, agreed_on: "2026-11-24" }, people[2]!], { rules_version: 2, to_agree: 1 });
        return { place_id: "p2", version: 2, agreed_on: "2026-11-24" };
      },
    });
    const user = userEvent.setup();
    renderApp(`/groups/${GROUP_ID}/roster`);
    expect(await screen.findByText("2 of 3 enrolled members have not agreed to the current ground rules (version 2).")).toBeInTheDocument();
    const rows = within(screen.getByRole("table", { name: "Enrolled members" })).getAllByRole("row").slice(1);
    expect(rows[0]).toHaveTextContent(`Agreed ${formatDate("2026-11-20")}`);
    expect(rows[1]).toHaveTextContent("Agreed to version 1 only: must agree to version 2");
    expect(rows[2]).toHaveTextContent("Not agreed yet");
    expect(within(rows[0]!).queryByRole("button", { name: /Record agreement/ })).toBeNull();
    await user.click(within(rows[1]!).getByRole("button", { name: "Record agreement of Ben Ode" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("version 2");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("1 of 3 enrolled members has not agreed to the current ground rules (version 2).")).toBeInTheDocument();
    expect(called("record_agreement")[0]?.args).toMatchObject({ place_id: "p2" });
  });

  it("asks for a reason before recording that someone is not suitable", async () => {
    mockCommands({
      ...frame,
      get_program: () => program(),
      get_group_alerts: () => [],
      get_roster: () => roster([entry("Robert Hale", place("p1", "referred"))]),
      record_screening: () => place("p1", "not_suitable"),
    });
    const user = userEvent.setup();
    renderApp(`/groups/${GROUP_ID}/roster`);
    await user.click(await screen.findByRole("button", { name: "Record screening of Robert Hale" }));
    const dialog = await screen.findByRole("dialog");
    await user.selectOptions(within(dialog).getByLabelText("Outcome"), "Needs individual therapy first");
    expect(within(dialog).getByText("Say why: the reason is kept with their record.")).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Save" })).toBeDisabled();
    await user.type(within(dialog).getByLabelText("Notes"), "Acute risk; individual work first.");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(called("record_screening")[0]?.args).toMatchObject({
      place_id: "p1",
      outcome: "individual_first",
      notes: "Acute risk; individual work first.",
    });
  });

  it("asks before starting a group with fewer than six members, naming the number", async () => {
    const p = program({ enrolled: 4 });
    mockCommands({
      ...frame,
      get_program: () => p,
      get_group_alerts: () => [],
      get_roster: () => roster(enrolled(4)),
      set_group_status: (a) =>
        a.confirmed_enrolled === 4
          ? null
          : refuse("confirm", "Only 4 members enrolled, fewer than the 6 a group needs. Start the group with 4 members?"),
    });
    const user = userEvent.setup();
    renderApp(`/groups/${GROUP_ID}/roster`);
    await user.click(await screen.findByRole("button", { name: "Group status" }));
    await user.click(await screen.findByRole("menuitem", { name: "Start the group (active)" }));
    const dialog = await screen.findByRole("dialog", { name: "Start the group?" });
    expect(dialog).toHaveTextContent("Only 4 members enrolled");
    expect(screen.queryByRole("alert")).toBeNull();
    await user.click(within(dialog).getByRole("button", { name: "Start with 4 members" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(called("set_group_status").map((c) => c.args.confirmed_enrolled)).toEqual([null, 4]);
  });

  it("adds someone new to the group, and records a dropout only with its reason", async () => {
    mockCommands({
      ...frame,
      get_program: () => program(),
      get_group_alerts: () => [],
      get_roster: () => roster([entry("Ana Costa", place("p1", "enrolled"))]),
      refer_new_member: () => "p2",
      record_leaving: () => place("p1", "dropped_out"),
    });
    const user = userEvent.setup();
    renderApp(`/groups/${GROUP_ID}/roster`);
    await user.click(await screen.findByRole("button", { name: "Add a person" }));
    let dialog = await screen.findByRole("dialog", { name: "Add a person to this group" });
    await user.type(within(dialog).getByLabelText("Legal name"), "Mary-Jane Okoro");
    await user.type(within(dialog).getByLabelText("Referred by"), "Dr Patel");
    await user.click(within(dialog).getByRole("button", { name: "Add and refer" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(called("refer_new_member")[0]?.args).toMatchObject({
      group_id: GROUP_ID,
      person: { legal_name: "Mary-Jane Okoro" },
      source: "Dr Patel",
    });

    await user.click(screen.getByRole("button", { name: "Ana Costa leaves" }));
    dialog = await screen.findByRole("dialog", { name: "Ana Costa leaves the group" });
    expect(within(dialog).getByLabelText("How")).toHaveValue("dropped_out");
    expect(within(dialog).getByRole("button", { name: "Save" })).toBeDisabled();
    await user.type(within(dialog).getByLabelText("Reason"), "Started a new job on Mondays");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(called("record_leaving")[0]?.args).toMatchObject({
      place_id: "p1",
      leaving: { kind: "dropped_out", reason: "Started a new job on Mondays" },
    });
  });
});
