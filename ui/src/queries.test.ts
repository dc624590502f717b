// A change names the areas whose records it wrote; every query showing one
// of them is read again, and no other.
import { describe, expect, it } from "vitest";
import { QueryClient } from "@tanstack/react-query";
import { keys, refresh, shows } from "./queries";

describe("query invalidation by area", () => {
  it("reads again exactly the queries that show the changed records", async () => {
    const client = new QueryClient();
    const read = [
      keys.roster("g1"),
      keys.progress("p1"),
      keys.templates,
      keys.instruments,
      keys.today,
      keys.activity,
      keys.note(7),
      keys.status,
    ];
    for (const k of read) client.setQueryData(k, { read: true });
    await refresh(client, ["goals"]);
    const stale = read.filter((k) => client.getQueryState(k)?.isInvalidated).map((k) => k[0]);
    // A goal shows on the roster (its goal column), the progress page, Today and the activity log.
    expect(stale).toEqual(["roster", "progress", "today", "activity"]);
  });

  it("knows what each screen shows", () => {
    expect(shows("roster", ["measures"])).toBe(true);
    expect(shows("templates", ["measures"])).toBe(false);
    expect(shows("session-notes", ["sessions"])).toBe(true);
    expect(shows("status", ["vault", "planning"])).toBe(false);
    expect(shows("not-a-query", ["planning"])).toBe(false);
  });
});
