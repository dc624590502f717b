import { useState } from "react";
import { Alert, Anchor, Badge, Button, Checkbox, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { api, messageOf } from "../../api";
import { formatDate } from "../../format";
import { personName, STAGE } from "../../labels";
import { keys } from "../../queries";

/** The directory: find anyone by any part of any name, as you type. */
export function MembersPage() {
  const navigate = useNavigate();
  const [query, setQuery] = useState("");
  const [archived, setArchived] = useState(false);
  const [debounced] = useDebouncedValue(query, 120);
  const found = useQuery({
    queryKey: keys.members(debounced, archived),
    queryFn: () => api.searchMembers(debounced, archived),
    placeholderData: keepPreviousData,
  });
  const rows = found.data ?? [];
  return (
    <Stack maw={1000}>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Members
        </Title>
        <Button onClick={() => navigate("/members/new")}>New member</Button>
      </Group>
      <Group align="flex-end">
        <TextInput
          label="Find a person"
          placeholder="Any part of any name"
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          autoFocus
          w={420}
        />
        <Checkbox label="Include archived members" checked={archived} onChange={(e) => setArchived(e.currentTarget.checked)} mb={8} />
      </Group>
      {found.isError && <Alert color="red">{messageOf(found.error)}</Alert>}
      {found.data && rows.length === 0 && (
        <Text c="dimmed">
          {debounced.trim()
            ? `No one's name holds “${debounced.trim()}”.`
            : "No members yet. Add people with New member, or from a group's Roster tab."}
        </Text>
      )}
      {rows.length > 0 && (
        <Table striped highlightOnHover aria-label="Members">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Pronouns</Table.Th>
              <Table.Th>Date of birth</Table.Th>
              <Table.Th>Latest group</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/members/${m.id}`} fw={600}>
                    {personName(m.legal_name, m.preferred_name)}
                  </Anchor>
                  {m.archived && (
                    <Badge ml="xs" color="gray" variant="light">
                      Archived
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{m.pronouns || "—"}</Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{m.date_of_birth ? formatDate(m.date_of_birth) : "—"}</Table.Td>
                <Table.Td>
                  {m.latest_group && m.latest_stage ? (
                    <>
                      {m.latest_group}
                      <Text span size="sm" c="dimmed">
                        {" "}
                        · {STAGE[m.latest_stage]}
                        {m.open_places > 1 ? ` · in ${m.open_places} groups` : ""}
                      </Text>
                    </>
                  ) : (
                    "—"
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {rows.length === 100 && (
        <Text size="sm" c="dimmed">
          Showing the first 100 in name order; type more of a name to narrow the list.
        </Text>
      )}
    </Stack>
  );
}
