import { Alert, Anchor, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useLocation, useNavigate } from "react-router";
import { api, messageOf } from "../../api";
import { formatDate, formatTime } from "../../format";
import { GROUP_STATUS, typeLabel } from "../../labels";
import { keys } from "../../queries";

export function GroupList() {
  const navigate = useNavigate();
  const notes = (useLocation().state as { notes?: string[] } | null)?.notes ?? [];
  const list = useQuery({ queryKey: keys.groups, queryFn: api.listGroups });
  const groups = list.data;
  return (
    <Stack maw={1000}>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Groups
        </Title>
        <Button onClick={() => navigate("/groups/new")}>New group</Button>
      </Group>
      {notes.length > 0 && (
        <Alert color="blue" variant="light" role="status">
          {notes.join(" ")}
        </Alert>
      )}
      {list.isError && <Alert color="red">{messageOf(list.error)}</Alert>}
      {groups && groups.length === 0 && (
        <Text c="dimmed">
          You have no groups yet. Choose “New group” to plan one: its type, its dates and a curriculum for each
          session.
        </Text>
      )}
      {groups && groups.length > 0 && (
        <Table striped highlightOnHover aria-label="Groups">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Group</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Next session</Table.Th>
              <Table.Th>Members</Table.Th>
              <Table.Th>Ends</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {groups.map((g) => (
              <Table.Tr key={g.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/groups/${g.id}`} fw={600}>
                    {g.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{typeLabel(g.group_type, g.type_label)}</Table.Td>
                <Table.Td>
                  <Text size="sm" c={g.archived ? "dimmed" : g.status === "active" ? "teal.8" : undefined}>
                    {g.archived ? "Archived" : GROUP_STATUS[g.status]}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {g.next_session_date
                    ? `${formatDate(g.next_session_date)}, ${formatTime(g.next_session_time ?? "")}`
                    : "—"}
                </Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  {g.enrolled} of {g.capacity}
                  {g.waitlisted > 0 && (
                    <Text size="xs" c="dimmed">
                      {g.waitlisted} waiting
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{g.end_date ? formatDate(g.end_date) : "—"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
