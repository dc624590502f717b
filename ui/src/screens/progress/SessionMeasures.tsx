import { Alert, Anchor, Button, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, messageOf } from "../../api";
import { keys } from "../../queries";

/** The measures planned at this session, and who still has one to enter. Shown only when some are planned. */
export function SessionMeasures({ sessionId }: { sessionId: string }) {
  const measures = useQuery({ queryKey: keys.sessionMeasures(sessionId), queryFn: () => api.sessionMeasures(sessionId) });
  if (measures.isError) return <Alert color="red">{messageOf(measures.error)}</Alert>;
  if (!measures.data || measures.data.length === 0) return null;
  return (
    <Paper withBorder p="md" component="section" aria-label="Measures at this session">
      <Title order={2} size="h4" mb={4}>
        Measures at this session
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        Planned for this session in the group's measurement plan. A result taken within a week of the session counts.
      </Text>
      <Stack gap="md">
        {measures.data.map((m) => (
          <div key={m.instrument_id}>
            <Text fw={600}>
              {m.measure}: {m.members.filter((x) => x.result_id).length} of {m.members.length} entered
            </Text>
            {m.members.length === 0 ? (
              <Text size="sm" c="dimmed">
                For the members who attend, once attendance is taken.
              </Text>
            ) : (
              <Table fz="sm" aria-label={`${m.measure} at this session`}>
                <Table.Tbody>
                  {m.members.map((x) => (
                    <Table.Tr key={x.place_id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/places/${x.place_id}/progress`}>
                          {x.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{x.total === null ? "Not entered" : `Total ${x.total}`}</Table.Td>
                      <Table.Td ta="right">
                        {x.result_id === null && (
                          <Group justify="flex-end">
                            <Button
                              size="xs"
                              variant="default"
                              component={Link}
                              to={`/places/${x.place_id}/measures/new?instrument=${m.instrument_id}&session=${sessionId}`}
                              aria-label={`Enter ${m.measure} for ${x.name}`}
                            >
                              Enter {m.measure}
                            </Button>
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </div>
        ))}
      </Stack>
    </Paper>
  );
}
