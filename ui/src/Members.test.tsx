import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { MemberProfile } from "./api";
import { formatDate } from "./format";
import { GROUP_ID, member, noAttendance, place } from "./test/fixtures";
import { called, mockCommands } from "./test/ipc";
import { frame, renderApp } from "./test/render";

const jose = member("m1", "José Núñez", { preferred_name: "Pepe", pronouns: "he/him", phone: "0400 111 222" });

function profileOf(m = jose): MemberProfile {
  return {
    member: m,
    places: [{ place: place("p1", "enrolled", { member_id: m.id }), group_name: "Monday CBT for depression", group_status: "active", group_archived: false, rules_version: 2 }],
    agreements: [{ group_id: GROUP_ID, group_name: "Monday CBT for depression", version: 1, agreed_on: "2026-11-12", current: false }],
    delete_blocker: "José Núñez has a place in a group, so the record is kept. Archive it instead.",
  };
}

describe("members", () => {
  it("finds a person as you type, and opens their profile with their groups and agreements", async () => {
    mockCommands({
      ...frame,
      search_members: (a) =>
        String(a.query) === ""
          ? []
          : [{ id: "m1", legal_name: "José Núñez", preferred_name: "Pepe", pronouns: "he/him", date_of_birth: null, archived: false, open_places: 1, latest_group: "Monday CBT for depression", latest_stage: "enrolled" }],
      get_member: () => profileOf(),
      get_member_attendance: () => noAttendance,
      get_member_notes: () => [],
      get_member_measure_risks: () => [],
    });
    const user = userEvent.setup();
    const { router } = renderApp("/members");
    expect(await screen.findByText(/No members yet/)).toBeInTheDocument();
    await user.type(screen.getByLabelText("Find a person"), "jose nu");
    const table = await screen.findByRole("table", { name: "Members" });
    expect(called("search_members").at(-1)?.args).toEqual({ query: "jose nu", include_archived: false });
    expect(within(table).getAllByRole("row")[1]).toHaveTextContent("Monday CBT for depression · Enrolled");
    await user.click(within(table).getByRole("link", { name: "Pepe (José Núñez)" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/members/m1"));
    expect(await screen.findByRole("heading", { name: "Pepe" })).toBeInTheDocument();
    const groups = screen.getByRole("table", { name: "Groups of this member" });
    expect(groups).toHaveTextContent("Monday CBT for depression");
    expect(groups).toHaveTextContent("Enrolled");
    expect(screen.getByText(`Monday CBT for depression: version 1, agreed on ${formatDate("2026-11-12")} (an older version)`)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Delete…" }));
    expect(await screen.findByText(/so the record is kept/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Archive instead" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Delete" })).toBeNull();
  });

  it("checks the form as you type, and says which fields a save changed", async () => {
    let saved = jose;
    mockCommands({
      ...frame,
      get_member: () => profileOf(saved),
      get_member_attendance: () => noAttendance,
      get_member_notes: () => [],
      get_member_measure_risks: () => [],
      update_member: (a) => {
        saved = { ...saved, ...(a.input as object) };
        return ["phone", "email"]; // as the core names them
      },
    });
    const user = userEvent.setup();
    renderApp("/members/m1/edit");
    const email = await screen.findByLabelText("Email");
    await user.type(email, "pepe@example");
    expect(await screen.findByText("That is not an email address, such as name@example.org.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Save member" }));
    expect(called("update_member")).toHaveLength(0);
    await user.type(email, ".org");
    const phone = screen.getByLabelText("Phone");
    await user.clear(phone);
    await user.type(phone, "+61 400 999 000");
    await user.click(screen.getByRole("button", { name: "Save member" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Saved: the phone and email changed.");
    expect(called("update_member")[0]?.args).toMatchObject({
      member_id: "m1",
      input: { legal_name: "José Núñez", phone: "+61 400 999 000", email: "pepe@example.org" },
    });
  });

  it("refuses a new member with no legal name before asking the core", async () => {
    mockCommands({
      ...frame,
      create_member: () => "m2",
      get_member: () => profileOf(member("m2", "Siobhán O'Neil")),
      get_member_attendance: () => noAttendance,
      get_member_notes: () => [],
      get_member_measure_risks: () => [],
    });
    const user = userEvent.setup();
    const { router } = renderApp("/members/new");
    await user.click(await screen.findByRole("button", { name: "Add member" }));
    expect(await screen.findByText("The legal name is required.")).toBeInTheDocument();
    expect(called("create_member")).toHaveLength(0);
    await user.type(screen.getByLabelText("Legal name"), "Siobhán O'Neil");
    await user.click(screen.getByRole("button", { name: "Add member" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/members/m2"));
    expect(await screen.findByRole("status")).toHaveTextContent("Added.");
  });
});
