import { useState } from "react";
import { DAYS_AFTER_TODAY } from "../bindings/limits";
import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, messageOf, type AbsenceAlert } from "../api";
import type { TodaySession } from "../bindings/TodaySession";
import { coreText, formatDate, formatTime } from "../format";
import { personName } from "../labels";
import { keys } from "../queries";
import { FollowUpDialog } from "./sessions/FollowUpDialog";
import { RiskResponseDialog } from "./notes/RiskResponseDialog";
import { MeasureRiskDialog, riskText } from "./progress/MeasureRisk";
import type { MeasureRisk } from "../bindings/MeasureRisk";
import { BackupNotice, useBackupStatus } from "../components/BackupNotice";

/** Today's sessions and those of the next days across the groups in progress, and what needs attention. */
export function TodayPage() {
  const today = useQuery({ queryKey: keys.today, queryFn: api.today });
  const backups = useBackupStatus();
  const [following, setFollowing] = useState<AbsenceAlert | null>(null);
  const [responding, setResponding] = useState<number | null>(null);
  const [answering, setAnswering] = useState<MeasureRisk | null>(null);
  const t = today.data;
  const now = t?.sessions.filter((s) => s.session.date === t.date) ?? [];
  const later = t?.sessions.filter((s) => s.session.date !== t.date) ?? [];
  const attention = t ? t.absences.length + t.rules_to_agree.length + t.offers.length + t.unsigned_notes.length + t.open_risks.length + t.measure_risks.length + t.measures_due.length : 0;
  return (
    <Stack maw={960}>
      <Title order={1} size="h2">
        Today
      </Title>
      {t && <Text c="dimmed">{formatDate(t.date)}</Text>}
      {today.isError && <Alert color="red">{messageOf(today.error)}</Alert>}
      {t && (
        <>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">
              Today's sessions
            </Title>
            {now.length === 0 ? (
              <Text c="dimmed">No session today.</Text>
            ) : (
              <SessionTable rows={now} label="Today's sessions" open />
            )}
          </Paper>
          {attention > 0 && (
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                Needs attention
              </Title>
              <Stack gap="sm">
                {t.measure_risks.map((r) => (
                  <Group key={r.result_id} justify="space-between" wrap="nowrap" align="flex-start">
                    <div>
                      <Text fw={600} c="red.8">
                        Risk on a measure: {r.name}{" "}
                        <Text span c="dimmed" fw={400}>
                          · {r.group_name}
                        </Text>
                      </Text>
                      <Text size="sm">{riskText(r)}</Text>
                    </div>
                    <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
                      <Button size="xs" color="red" onClick={() => setAnswering(r)} aria-label={`Record response to the measure for ${r.name}`}>
                        Record response
                      </Button>
                      <Button size="xs" variant="default" component={Link} to={`/places/${r.place_id}/progress`}>
                        Progress
                      </Button>
                    </Group>
                  </Group>
                ))}
                {t.open_risks.map((r) => (
                  <Group key={r.note_id} justify="space-between" wrap="nowrap" align="flex-start">
                    <div>
                      <Text fw={600} c="red.8">
                        Risk noted: {r.name}{" "}
                        <Text span c="dimmed" fw={400}>
                          · {r.group_name}, session {r.session_number} ({formatDate(r.session_date)})
                        </Text>
                      </Text>
                      <Text size="sm">{r.description}</Text>
                    </div>
                    <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
                      <Button size="xs" color="red" onClick={() => setResponding(r.note_id)} aria-label={`Record response to risk for ${r.name}`}>
                        Record response
                      </Button>
                      <Button size="xs" variant="default" component={Link} to={`/notes/${r.note_id}`}>
                        Note
                      </Button>
                    </Group>
                  </Group>
                ))}
                {t.unsigned_notes.map((u) => (
                  <Group key={u.session_id} justify="space-between" wrap="nowrap">
                    <Text>
                      <Text span fw={600}>
                        Notes to finish: {u.group_name}, session {u.session_number}
                      </Text>{" "}
                      ({formatDate(u.session_date)}) —{" "}
                      {[
                        u.not_started > 0 ? `${u.not_started} not started` : null,
                        u.drafts > 0 ? `${u.drafts} ${u.drafts === 1 ? "draft" : "drafts"} not signed` : null,
                      ]
                        .filter(Boolean)
                        .join(", ")}
                      .
                    </Text>
                    <Button size="xs" variant="default" component={Link} to={`/sessions/${u.session_id}#session-notes`} style={{ flexShrink: 0 }}>
                      Open the session
                    </Button>
                  </Group>
                ))}
                {t.measures_due.map((d) => (
                  <Group key={`${d.session_id}-${d.instrument_id}`} justify="space-between" wrap="nowrap">
                    <Text>
                      <Text span fw={600}>
                        {d.measure} due: {d.group_name}, session {d.session_number}
                      </Text>{" "}
                      ({formatDate(d.session_date)}) — {d.missing === 1 ? "1 member" : `${d.missing} members`} still to complete it.
                    </Text>
                    <Button size="xs" variant="default" component={Link} to={`/sessions/${d.session_id}`} style={{ flexShrink: 0 }}>
                      Open the session
                    </Button>
                  </Group>
                ))}
                {t.absences.map((a) => (
                  <Group key={a.place_id} justify="space-between" wrap="nowrap" align="flex-start">
                    <div>
                      <Text fw={600}>
                        Absences: {personName(a.legal_name, a.preferred_name)}{" "}
                        <Text span c="dimmed" fw={400}>
                          · {a.group_name}
                        </Text>
                      </Text>
                      <Text size="sm">{coreText(a.reason)}</Text>
                    </div>
                    <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
                      <Button size="xs" onClick={() => setFollowing(a)} aria-label={`Record follow-up for ${personName(a.legal_name, a.preferred_name)}`}>
                        Record follow-up
                      </Button>
                      <Button size="xs" variant="default" component={Link} to={`/members/${a.member_id}`}>
                        Profile
                      </Button>
                    </Group>
                  </Group>
                ))}
                {t.rules_to_agree.map((r) => (
                  <Group key={r.group_id} justify="space-between" wrap="nowrap">
                    <Text>
                      <Text span fw={600}>
                        Ground rules: {r.group_name}
                      </Text>{" "}
                      — {r.members === 1 ? "1 member has" : `${r.members} members have`} not agreed to version{" "}
                      {r.rules_version}.
                    </Text>
                    <Button size="xs" variant="default" component={Link} to={`/groups/${r.group_id}/roster`} style={{ flexShrink: 0 }}>
                      Open the roster
                    </Button>
                  </Group>
                ))}
                {t.offers.map((o) => (
                  <Group key={o.place_id} justify="space-between" wrap="nowrap">
                    <Text>
                      <Text span fw={600}>
                        A place is free: {o.group_name}
                      </Text>{" "}
                      — offer it to {personName(o.legal_name, o.preferred_name)}, first on the waitlist, or skip.
                    </Text>
                    <Button size="xs" variant="default" component={Link} to={`/groups/${o.group_id}/roster`} style={{ flexShrink: 0 }}>
                      Open the roster
                    </Button>
                  </Group>
                ))}
              </Stack>
            </Paper>
          )}
          {backups.data && <BackupNotice status={backups.data} onToday />}
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">
              Next {DAYS_AFTER_TODAY} days
            </Title>
            {later.length === 0 ? (
              <Text c="dimmed">
                {t.sessions.length === 0
                  ? `No sessions in the next ${DAYS_AFTER_TODAY} days. Plan a group under Groups and its sessions appear here.`
                  : "Nothing else this week."}
              </Text>
            ) : (
              <SessionTable rows={later} label={`Next ${DAYS_AFTER_TODAY} days`} />
            )}
          </Paper>
        </>
      )}
      {following && <FollowUpDialog alert={following} onClose={() => setFollowing(null)} />}
      {responding !== null && <RiskResponseDialog noteId={responding} onClose={() => setResponding(null)} />}
      {answering && <MeasureRiskDialog risk={answering} onClose={() => setAnswering(null)} />}
    </Stack>
  );
}

function SessionTable({ rows, label, open = false }: { rows: TodaySession[]; label: string; open?: boolean }) {
  return (
    <Table aria-label={label} verticalSpacing="xs">
      <Table.Tbody>
        {rows.map(({ session: s, started_at, ended_at }) => (
          <Table.Tr key={s.session_id}>
            <Table.Td style={{ whiteSpace: "nowrap" }}>
              {formatDate(s.date)}, {formatTime(s.start_time)}
            </Table.Td>
            <Table.Td fw={600}>
              <Anchor component={Link} to={`/groups/${s.group_id}`}>
                {s.group_name}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <Anchor component={Link} to={`/sessions/${s.session_id}`}>
                Session {s.number}
                {s.topic ? `: ${s.topic}` : ""}
              </Anchor>
            </Table.Td>
            <Table.Td style={{ whiteSpace: "nowrap" }}>
              {started_at && !ended_at && (
                <Badge color="orange" variant="light" style={{ minWidth: "max-content" }}>
                  In progress
                </Badge>
              )}
              {(ended_at || s.status === "held") && (
                <Badge color="teal" variant="light" style={{ minWidth: "max-content" }}>
                  Held
                </Badge>
              )}
            </Table.Td>
            {open && (
              <Table.Td ta="right">
                <Button size="xs" component={Link} to={`/sessions/${s.session_id}`} aria-label={`Open session ${s.number} of ${s.group_name}`}>
                  Open
                </Button>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
