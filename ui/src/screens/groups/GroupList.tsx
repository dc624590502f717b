import { useEffect, useState } from "react";
import { Alert, Anchor, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { api, messageOf, type GroupSummary } from "../../api";
import { formatDate, formatTime, STATUS_LABEL, typeLabel } from "../../format";

export function GroupList({
  onNew,
  onOpen,
  onError,
}: {
  onNew: () => void;
  onOpen: (id: string) => void;
  onError: (e: unknown) => void;
}) {
  const [groups, setGroups] = useState<GroupSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .listGroups()
      .then(setGroups)
      .catch((e: unknown) => {
        onError(e);
        setError(messageOf(e));
      });
  }, [onError]);

  return (
    <Stack maw={1000}>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Groups
        </Title>
        <Button onClick={onNew}>New group</Button>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
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
                  <Anchor component="button" type="button" fw={600} ta="left" onClick={() => onOpen(g.id)}>
                    {g.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{typeLabel(g.group_type, g.type_label)}</Table.Td>
                <Table.Td>
                  <Text size="sm" c={g.archived ? "dimmed" : g.status === "active" ? "teal.8" : undefined}>
                    {g.archived ? "Archived" : STATUS_LABEL[g.status]}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {g.next_session_date
                    ? `${formatDate(g.next_session_date)}, ${formatTime(g.next_session_time ?? "")}`
                    : "—"}
                </Table.Td>
                <Table.Td>
                  {g.enrolled} of {g.capacity}
                </Table.Td>
                <Table.Td>{g.end_date ? formatDate(g.end_date) : "—"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
