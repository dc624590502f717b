import { useEffect, useState } from "react";
import { Alert, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { api, messageOf, type UpcomingSession } from "../api";
import { formatDate, formatTime } from "../format";

function todayIso(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Today's sessions and the next two weeks, across every group in progress. */
export function TodayPage({ onError }: { onError: (e: unknown) => void }) {
  const [sessions, setSessions] = useState<UpcomingSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .upcoming()
      .then(setSessions)
      .catch((e: unknown) => {
        onError(e);
        setError(messageOf(e));
      });
  }, [onError]);
  const today = todayIso();
  const now = sessions?.filter((s) => s.date === today) ?? [];
  const later = sessions?.filter((s) => s.date !== today) ?? [];
  return (
    <Stack maw={900}>
      <Title order={1} size="h2">
        Today
      </Title>
      <Text c="dimmed">{formatDate(today)}</Text>
      {error && <Alert color="red">{error}</Alert>}
      {sessions && sessions.length === 0 && (
        <Text c="dimmed">
          No sessions in the next two weeks. Plan a group under Groups and its sessions appear here.
        </Text>
      )}
      {sessions && sessions.length > 0 && (
        <>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">
              Today's sessions
            </Title>
            {now.length === 0 ? <Text c="dimmed">No session today.</Text> : <SessionTable rows={now} label="Today's sessions" />}
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">
              Coming up (next two weeks)
            </Title>
            {later.length === 0 ? <Text c="dimmed">Nothing else planned.</Text> : <SessionTable rows={later} label="Coming up" />}
          </Paper>
        </>
      )}
    </Stack>
  );
}

function SessionTable({ rows, label }: { rows: UpcomingSession[]; label: string }) {
  return (
    <Table aria-label={label} verticalSpacing="xs">
      <Table.Tbody>
        {rows.map((s) => (
          <Table.Tr key={s.session_id}>
            <Table.Td style={{ whiteSpace: "nowrap" }}>
              {formatDate(s.date)}, {formatTime(s.start_time)}
            </Table.Td>
            <Table.Td fw={600}>{s.group_name}</Table.Td>
            <Table.Td>
              Session {s.number}
              {s.topic ? `: ${s.topic}` : ""}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
