import { Alert, Anchor, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, messageOf, type UpcomingSession } from "../api";
import { formatDate, formatTime, todayIso } from "../format";
import { keys } from "../queries";

/** Today's sessions and the next two weeks, across every group in progress. */
export function TodayPage() {
  const upcoming = useQuery({ queryKey: keys.upcoming, queryFn: api.upcoming });
  const sessions = upcoming.data;
  const today = todayIso();
  const now = sessions?.filter((s) => s.date === today) ?? [];
  const later = sessions?.filter((s) => s.date !== today) ?? [];
  return (
    <Stack maw={900}>
      <Title order={1} size="h2">
        Today
      </Title>
      <Text c="dimmed">{formatDate(today)}</Text>
      {upcoming.isError && <Alert color="red">{messageOf(upcoming.error)}</Alert>}
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
            <Table.Td fw={600}>
              <Anchor component={Link} to={`/groups/${s.group_id}`}>
                {s.group_name}
              </Anchor>
            </Table.Td>
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
