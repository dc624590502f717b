import { useState } from "react";
import { Alert, Anchor, Button, Group, Menu, Paper, Progress, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, messageOf, type AbsenceAlert, type GroupRoster } from "../../api";
import type { RosterEntry } from "../../bindings/RosterEntry";
import { formatDate } from "../../format";
import { SCREENING_OUTCOME } from "../../labels";
import { keys, useChange } from "../../queries";
import { FollowUpDialog } from "../sessions/FollowUpDialog";
import { useProgram } from "./programContext";
import {
  AddPersonDialog,
  AgreementDialog,
  ConsentDialog,
  EnrolDialog,
  LeaveDialog,
  nameOf,
  PlaceTimeline,
  ScreenDialog,
} from "./RosterDialogs";

type Dialog = { kind: "add" } | { kind: "screen" | "consent" | "enrol" | "leave" | "agree" | "timeline"; entry: RosterEntry };

/** The group's roster: who fills its places, who waits, who is on the way in, who left. */
export function RosterTab() {
  const { program } = useProgram();
  const groupId = program.group.id;
  const roster = useQuery({ queryKey: keys.roster(groupId), queryFn: () => api.roster(groupId) });
  const alerts = useQuery({ queryKey: keys.groupAlerts(groupId), queryFn: () => api.groupAlerts(groupId) });
  const [following, setFollowing] = useState<AbsenceAlert | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const skip = useChange(["roster"], (place: string) => api.skipOffer(place));
  if (!roster.data) return roster.isError ? <Alert color="red">{messageOf(roster.error)}</Alert> : <Text c="dimmed">Loading the roster…</Text>;
  const r = roster.data;
  const alertOf = new Map((alerts.data ?? []).map((a) => [a.place_id, a]));
  const of = (...stages: string[]) => r.entries.filter((e) => stages.includes(e.place.stage));
  const offered = r.entries.find((e) => e.place.id === r.offer);
  const open = (kind: Exclude<Dialog["kind"], "add">) => (entry: RosterEntry) => setDialog({ kind, entry });
  const name = (e: RosterEntry) => (
    <Anchor component="button" type="button" onClick={() => open("timeline")(e)} fw={600} ta="left">
      {nameOf(e)}
    </Anchor>
  );

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div style={{ flex: 1, maxWidth: 420 }}>
          <Text fw={600} aria-label="Places taken">
            {r.enrolled} / {r.capacity} enrolled{r.waitlisted > 0 ? ` · ${r.waitlisted} on the waitlist` : ""}
          </Text>
          <Progress
            value={(r.enrolled / r.capacity) * 100}
            color={r.enrolled >= r.capacity ? "orange" : "teal"}
            aria-label={`${r.enrolled} of ${r.capacity} places taken`}
            mt={4}
          />
        </div>
        <Button onClick={() => setDialog({ kind: "add" })} disabled={!r.admitting}>
          Add a person
        </Button>
      </Group>
      {!r.admitting && <Text c="dimmed">This group no longer takes anyone in.</Text>}
      {r.closed_after && (
        <Alert color="gray" variant="light" role="note">
          This closed group admits no one after session {r.closed_after.session} ({formatDate(r.closed_after.date)}).
        </Alert>
      )}
      {offered && (
        <Alert color="blue" variant="light" role="status" title="A place is free">
          <Group justify="space-between">
            <Text size="sm">
              {nameOf(offered)} is {offered.waitlist_position === 1 ? "first" : `number ${offered.waitlist_position}`} on the waitlist.
            </Text>
            <Group gap="xs">
              <Button size="xs" onClick={() => open("enrol")(offered)}>
                Enrol {nameOf(offered)}
              </Button>
              <Button size="xs" variant="default" loading={skip.isPending} onClick={() => skip.mutate(offered.place.id)}>
                Skip
              </Button>
            </Group>
          </Group>
        </Alert>
      )}
      {r.to_agree > 0 && (
        <Alert color="orange" variant="light" role="note">
          {r.to_agree} of {r.enrolled} enrolled {r.enrolled === 1 ? "member" : "members"} {r.to_agree === 1 ? "has" : "have"} not agreed to the current
          ground rules (version {r.rules_version}).
        </Alert>
      )}
      <Section title={`Enrolled (${r.enrolled})`} empty="No one is enrolled yet.">
        {of("enrolled").length > 0 && (
          <Table aria-label="Enrolled members" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Enrolled</Table.Th>
                <Table.Th>Ground rules</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {of("enrolled").map((e) => (
                <Table.Tr key={e.place.id}>
                  <Table.Td>
                    {name(e)}
                    {e.pronouns && (
                      <Text span size="sm" c="dimmed">
                        {" "}
                        · {e.pronouns}
                      </Text>
                    )}
                    {r.progress[e.place.id]?.measure_risk && (
                      <div>
                        <Anchor component={Link} to={`/places/${e.place.id}/progress`} size="sm" c="red.8" fw={700}>
                          Risk on a measure: record your response
                        </Anchor>
                      </div>
                    )}
                    {alertOf.has(e.place.id) && (
                      <div>
                        <Anchor
                          component="button"
                          type="button"
                          size="sm"
                          c="red.8"
                          onClick={() => setFollowing(alertOf.get(e.place.id) ?? null)}
                          aria-label={`Record follow-up for ${nameOf(e)}`}
                        >
                          Missed {alertOf.get(e.place.id)?.missed.length} sessions: follow up
                        </Anchor>
                      </div>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{e.place.enrolled_on ? formatDate(e.place.enrolled_on) : ""}</Table.Td>
                  <Table.Td>
                    <Agreement entry={e} version={r.rules_version} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      {(e.agreed_version ?? 0) < r.rules_version && (
                        <Button size="xs" variant="light" onClick={() => open("agree")(e)} aria-label={`Record agreement of ${nameOf(e)}`}>
                          Record agreement
                        </Button>
                      )}
                      <Button
                        size="xs"
                        variant="default"
                        component={Link}
                        to={`/places/${e.place.id}/progress`}
                        aria-label={`Goals and measures of ${nameOf(e)}`}
                      >
                        {(r.progress[e.place.id]?.active_goals ?? 0) === 0 ? "Set goals" : "Progress"}
                      </Button>
                      <Button size="xs" variant="default" onClick={() => open("leave")(e)} aria-label={`${nameOf(e)} leaves`}>
                        Leaves…
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
      <Section title={`Waitlist (${r.waitlisted})`} empty="No one is waiting.">
        {of("waitlisted").length > 0 && (
          <Table aria-label="Waitlist">
            <Table.Tbody>
              {of("waitlisted").map((e) => (
                <Table.Tr key={e.place.id}>
                  <Table.Td w={40}>{e.waitlist_position}.</Table.Td>
                  <Table.Td>{name(e)}</Table.Td>
                  <Table.Td>Waiting since {e.place.waitlisted_on ? formatDate(e.place.waitlisted_on) : ""}</Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end">
                      <Button size="xs" variant="default" onClick={() => open("leave")(e)} aria-label={`${nameOf(e)} withdraws`}>
                        Withdraws…
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
      <Section title="On their way in" empty="No one is being screened or waiting to consent.">
        {of("referred", "screened", "consented").length > 0 && (
          <Table aria-label="On their way in">
            <Table.Tbody>
              {of("referred", "screened", "consented").map((e) => (
                <Table.Tr key={e.place.id}>
                  <Table.Td>{name(e)}</Table.Td>
                  <Table.Td>
                    {e.place.stage === "referred" &&
                      `Referred ${formatDate(e.place.referred_on)}${e.place.referral_source ? ` by ${e.place.referral_source}` : ""}`}
                    {e.place.stage === "screened" && `Screened ${e.place.screened_on ? formatDate(e.place.screened_on) : ""}: suitable`}
                    {e.place.stage === "consented" && `Consented ${e.place.consented_on ? formatDate(e.place.consented_on) : ""}`}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      {e.place.stage === "referred" && (
                        <Button size="xs" onClick={() => open("screen")(e)} aria-label={`Record screening of ${nameOf(e)}`}>
                          Record screening
                        </Button>
                      )}
                      {e.place.stage === "screened" && (
                        <Button size="xs" onClick={() => open("consent")(e)} aria-label={`Record consent of ${nameOf(e)}`}>
                          Record consent
                        </Button>
                      )}
                      {e.place.stage === "consented" && (
                        <Button size="xs" onClick={() => open("enrol")(e)} aria-label={`Enrol ${nameOf(e)}`}>
                          Enrol
                        </Button>
                      )}
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <Button size="xs" variant="default" aria-label={`More for ${nameOf(e)}`}>
                            More
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item onClick={() => open("leave")(e)}>Withdraws…</Menu.Item>
                          <Menu.Item onClick={() => open("timeline")(e)}>Their steps so far</Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
      <Past roster={r} name={name} />
      {dialog?.kind === "add" && <AddPersonDialog groupId={groupId} onClose={() => setDialog(null)} />}
      {dialog?.kind === "screen" && <ScreenDialog entry={dialog.entry} onClose={() => setDialog(null)} />}
      {dialog?.kind === "consent" && <ConsentDialog entry={dialog.entry} onClose={() => setDialog(null)} />}
      {dialog?.kind === "enrol" && <EnrolDialog entry={dialog.entry} onClose={() => setDialog(null)} />}
      {dialog?.kind === "leave" && <LeaveDialog entry={dialog.entry} onClose={() => setDialog(null)} />}
      {dialog?.kind === "agree" && <AgreementDialog entry={dialog.entry} version={r.rules_version} onClose={() => setDialog(null)} />}
      {dialog?.kind === "timeline" && <PlaceTimeline entry={dialog.entry} onClose={() => setDialog(null)} />}
      {following && <FollowUpDialog alert={following} onClose={() => setFollowing(null)} />}
    </Stack>
  );
}

function Section({ title, empty, children }: { title: string; empty: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      {children || (
        <Text c="dimmed" size="sm">
          {empty}
        </Text>
      )}
    </Paper>
  );
}

function Agreement({ entry, version }: { entry: RosterEntry; version: number }) {
  if (entry.agreed_version === version) {
    return (
      <Text size="sm" c="teal.8" style={{ whiteSpace: "nowrap" }}>
        Agreed {entry.agreed_on ? formatDate(entry.agreed_on) : ""}
      </Text>
    );
  }
  return (
    <Text size="sm" c="orange.8" fw={600}>
      {entry.agreed_version ? `Agreed to version ${entry.agreed_version} only: must agree to version ${version}` : "Not agreed yet"}
    </Text>
  );
}

function Past({ roster, name }: { roster: GroupRoster; name: (e: RosterEntry) => React.ReactNode }) {
  const past = roster.entries.filter((e) => ["completed", "dropped_out", "transferred", "not_suitable", "withdrawn"].includes(e.place.stage));
  if (past.length === 0) return null;
  const what = (e: RosterEntry) => {
    const p = e.place;
    const on = p.left_on ? formatDate(p.left_on) : "";
    switch (p.stage) {
      case "completed":
        return `Completed the group ${on}`;
      case "dropped_out":
        return `Dropped out ${on}: ${p.left_reason}`;
      case "transferred":
        return `Transferred ${on} to ${p.transferred_to}${p.left_reason ? `: ${p.left_reason}` : ""}`;
      case "not_suitable":
        return `${p.screening_outcome ? SCREENING_OUTCOME[p.screening_outcome] : "Not suitable"} (screened ${p.screened_on ? formatDate(p.screened_on) : ""}): ${p.screening_notes}`;
      default:
        return `Withdrew ${on}${p.left_reason ? `: ${p.left_reason}` : ""}`;
    }
  };
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        Past members and referrals ({past.length})
      </Title>
      <Table aria-label="Past members">
        <Table.Tbody>
          {past.map((e) => (
            <Table.Tr key={e.place.id}>
              <Table.Td>{name(e)}</Table.Td>
              <Table.Td>{what(e)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
