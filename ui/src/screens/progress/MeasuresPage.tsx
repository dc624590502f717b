import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, messageOf, type Instrument } from "../../api";
import { keys } from "../../queries";

function scaleText(i: Instrument): string {
  const total = i.scoring === "sum" ? `sum of ${i.items.length} items` : `mean of ${i.items.length} items`;
  return `${i.item_min}–${i.item_max} per item, ${total}`;
}

/** The measures: PHQ-9 and GAD-7 built in, the practice's own beside them. */
export function MeasuresPage() {
  const instruments = useQuery({ queryKey: keys.instruments, queryFn: api.instruments });
  return (
    <Stack maw={1000}>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Measures
        </Title>
        <Button component={Link} to="/measures/new">
          Define a measure
        </Button>
      </Group>
      <Text c="dimmed">
        Built-in and your own measures behave the same: entered item by item, scored by Cohort, charted, and planned per group.
      </Text>
      {instruments.isError && <Alert color="red">{messageOf(instruments.error)}</Alert>}
      {instruments.data && (
        <Table aria-label="Measures">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Measure</Table.Th>
              <Table.Th>Scale</Table.Th>
              <Table.Th>Bands</Table.Th>
              <Table.Th>Reliable change</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {instruments.data.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>
                  <Text fw={600}>
                    {i.short_name}{" "}
                    {i.builtin && (
                      <Badge size="xs" variant="light">
                        Built in
                      </Badge>
                    )}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {i.name}
                  </Text>
                </Table.Td>
                <Table.Td>{scaleText(i)}</Table.Td>
                <Table.Td>{i.bands.length === 0 ? "—" : i.bands.map((b) => `${b.low}–${b.high} ${b.label}`).join(", ")}</Table.Td>
                <Table.Td>
                  {i.reliable_change !== null
                    ? `${i.reliable_change} points`
                    : i.reliability !== null && i.sd !== null
                      ? `From reliability ${i.reliability} and SD ${i.sd}`
                      : "Not known"}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
