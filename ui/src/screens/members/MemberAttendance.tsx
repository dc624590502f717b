import { useState } from "react";
import { Alert, Anchor, Button, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, messageOf, type AbsenceAlert } from "../../api";
import { coreText, formatDate } from "../../format";
import { ATTENDANCE_STATUS, FOLLOW_UP_METHOD } from "../../labels";
import { keys } from "../../queries";
import { FollowUpDialog } from "../sessions/FollowUpDialog";

/** A member's attendance on their profile: counts per group, alerts and follow-ups, what they missed. */
export function MemberAttendanceSection({ memberId }: { memberId: string }) {
  const record = useQuery({ queryKey: keys.memberAttendance(memberId), queryFn: () => api.memberAttendance(memberId) });
  const [following, setFollowing] = useState<AbsenceAlert | null>(null);
  if (!record.data) return record.isError ? <Alert color="red">{messageOf(record.error)}</Alert> : null;
  const a = record.data;
  const missedGroups = [...new Map(a.missed.map((m) => [m.place_id, m.group_name])).entries()];
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        Attendance
      </Title>
      {a.counts.length === 0 ? (
        <Text c="dimmed">No attendance recorded yet.</Text>
      ) : (
        <Table aria-label="Attendance by group" mb="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Group</Table.Th>
              <Table.Th>Present</Table.Th>
              <Table.Th>Late</Table.Th>
              <Table.Th>Left early</Table.Th>
              <Table.Th>Absent with notice</Table.Th>
              <Table.Th>Absent without notice</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {a.counts.map((c) => (
              <Table.Tr key={c.place_id}>
                <Table.Td>{c.group_name}</Table.Td>
                <Table.Td>{c.present}</Table.Td>
                <Table.Td>{c.late}</Table.Td>
                <Table.Td>{c.left_early}</Table.Td>
                <Table.Td>{c.absent_excused}</Table.Td>
                <Table.Td>{c.absent_unexcused}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {a.alerts.map((al) => (
        <Alert key={al.place_id} color="red" variant="light" title={`Follow-up due: ${al.group_name}`} mb="sm" role="note">
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">{coreText(al.reason)}</Text>
            <Button size="xs" onClick={() => setFollowing(al)} style={{ flexShrink: 0 }}>
              Record follow-up
            </Button>
          </Group>
        </Alert>
      ))}
      {a.follow_ups.length > 0 && (
        <Stack gap={4} mb="sm">
          <Text fw={600} size="sm">
            Follow-ups
          </Text>
          {a.follow_ups.map((f) => (
            <Text key={f.id} size="sm">
              {formatDate(f.followed_up_on)} · {FOLLOW_UP_METHOD[f.method]} (after session {f.session_number}): {f.outcome}
            </Text>
          ))}
        </Stack>
      )}
      {a.missed.length > 0 && (
        <>
          <Group justify="space-between" mb={4}>
            <Text fw={600} size="sm">
              Sessions missed
            </Text>
            <Group gap="xs">
              {missedGroups.map(([place, group]) => (
                <Button key={place} size="xs" variant="default" component={Link} to={`/catch-up/${place}`}>
                  {missedGroups.length > 1 ? `Catch-up sheet: ${group}` : "Catch-up sheet"}
                </Button>
              ))}
            </Group>
          </Group>
          <Table aria-label="Sessions missed" verticalSpacing={4}>
            <Table.Tbody>
              {a.missed.map((m) => (
                <Table.Tr key={m.session_id}>
                  <Table.Td style={{ whiteSpace: "nowrap", verticalAlign: "top" }}>
                    {formatDate(m.date)}
                    <Text size="xs" c="dimmed">
                      {ATTENDANCE_STATUS[m.status]}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/sessions/${m.session_id}`} size="sm" fw={600}>
                      {m.group_name}, session {m.number}: {m.topic || "no topic"}
                    </Anchor>
                    {m.homework && (
                      <Text size="sm" c="dimmed">
                        Homework: {m.homework}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      {following && <FollowUpDialog alert={following} onClose={() => setFollowing(null)} />}
    </Paper>
  );
}
