import { useState } from "react";
import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api";
import { formatDate } from "../../format";
import { keys } from "../../queries";
import { RiskResponseDialog } from "../notes/RiskResponseDialog";

/** A member's progress notes across their groups, newest first; risk not yet answered stands out. */
export function MemberNotesSection({ memberId }: { memberId: string }) {
  const notes = useQuery({ queryKey: keys.memberNotes(memberId), queryFn: () => api.memberNotes(memberId) });
  const [responding, setResponding] = useState<number | null>(null);
  if (!notes.data) return null;
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        Notes
      </Title>
      {notes.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No progress notes yet.
        </Text>
      ) : (
        <Table>
          <Table.Tbody>
            {notes.data.map((n) => (
              <Table.Tr key={n.note_id} bg={n.risk_open ? "red.0" : undefined}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  <Anchor component={Link} to={`/notes/${n.note_id}`}>
                    {formatDate(n.session_date)}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    Session {n.session_number}, {n.group_name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={2}>
                    {n.excerpt || "—"}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={4} align="flex-end">
                    <Group gap={4}>
                      <Badge variant="light" color={n.signed_at ? "teal" : "yellow"}>
                        {n.signed_at ? "Signed" : "Draft"}
                      </Badge>
                      {n.addenda > 0 && <Badge variant="light">Addendum</Badge>}
                    </Group>
                    {n.risk_open && (
                      <Button size="xs" color="red" onClick={() => setResponding(n.note_id)}>
                        Risk noted: record response
                      </Button>
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {responding !== null && <RiskResponseDialog noteId={responding} onClose={() => setResponding(null)} />}
    </Paper>
  );
}
