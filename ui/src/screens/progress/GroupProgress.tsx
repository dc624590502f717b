import { useEffect, useState } from "react";
import { BarChart, LineChart } from "@mantine/charts";
import { Alert, Anchor, Badge, Button, Checkbox, Group, Paper, ScrollArea, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, messageOf, type GroupSessionSummary, type Instrument, type PlannedMeasure } from "../../api";
import { formatDate } from "../../format";
import { gasText, personName } from "../../labels";
import { keys, useChange } from "../../queries";
import { useProgram } from "../groups/programContext";

function number(v: number | null): string {
  return v === null ? "" : Number.isInteger(v) ? String(v) : v.toFixed(1);
}

/** The group's progress: attendance and average ratings and totals per session, each member's page, and the measurement plan. */
export function GroupProgress() {
  const { program } = useProgram();
  const groupId = program.group.id;
  const overview = useQuery({ queryKey: keys.groupOverview(groupId), queryFn: () => api.groupOverview(groupId) });
  const instruments = useQuery({ queryKey: keys.instruments, queryFn: api.instruments });
  const roster = useQuery({ queryKey: keys.roster(groupId), queryFn: () => api.roster(groupId) });
  const error = overview.error ?? instruments.error ?? roster.error;
  if (error) return <Alert color="red">{messageOf(error)}</Alert>;
  if (!overview.data || !instruments.data || !roster.data) return <Text c="dimmed">Loading…</Text>;
  const rows = overview.data;
  const progress = roster.data.progress;
  const goalsOf = (e: { place: { id: string } }) => progress[e.place.id]?.active_goals ?? 0;
  const members = roster.data.entries.filter((e) => e.place.stage === "enrolled" || goalsOf(e) > 0 || progress[e.place.id]?.measure_risk);
  return (
    <Stack>
      <OverviewCharts rows={rows} instruments={instruments.data} />
      <Paper withBorder p="md" component="section" aria-label="Members' progress">
        <Title order={2} size="h4" mb="xs">
          Each member
        </Title>
        {members.length === 0 ? (
          <Text c="dimmed">No one is enrolled yet.</Text>
        ) : (
          <Table fz="sm" aria-label="Members' progress">
            <Table.Tbody>
              {members.map((e) => (
                <Table.Tr key={e.place.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/places/${e.place.id}/progress`}>
                      {personName(e.legal_name, e.preferred_name)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {goalsOf(e) === 0 ? "No active goal" : `${goalsOf(e)} active ${goalsOf(e) === 1 ? "goal" : "goals"}`}
                  </Table.Td>
                  <Table.Td>
                    {progress[e.place.id]?.measure_risk && (
                      <Badge color="red" variant="filled">
                        Risk to respond to
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <PlanEditor groupId={groupId} sessions={rows.length} instruments={instruments.data} />
    </Stack>
  );
}

function OverviewCharts({ rows, instruments }: { rows: GroupSessionSummary[]; instruments: Instrument[] }) {
  const held = rows.filter((r) => r.held);
  if (held.length === 0) {
    return (
      <Paper withBorder p="md">
        <Text c="dimmed">Once sessions are held, attendance and the group's average ratings and totals appear here, session by session.</Text>
      </Paper>
    );
  }
  const measured = instruments.filter((i) => rows.some((r) => r.measure_averages.some(([id]) => id === i.id)));
  const data = rows.map((r) => ({
    session: `S${r.number}`,
    attended: r.held ? r.attended : null,
    gas: r.gas_average,
    rating: r.rating_average,
    ...Object.fromEntries(r.measure_averages.map(([id, v]) => [id, v])),
  }));
  const hasGas = rows.some((r) => r.gas_average !== null);
  const hasRating = rows.some((r) => r.rating_average !== null);
  return (
    <Stack>
      <SimpleGrid cols={2}>
        <Paper withBorder p="md" component="section" aria-label="Attendance by session">
          <Title order={2} size="h5" mb="xs">
            Attendance
          </Title>
          <BarChart h={240} data={data} dataKey="session" series={[{ name: "attended", label: "Attended", color: "teal.5" }]} />
        </Paper>
        <Paper withBorder p="md" component="section" aria-label="Average goal ratings">
          <Title order={2} size="h5" mb="xs">
            Average goal rating
          </Title>
          {hasGas || hasRating ? (
            <LineChart
              h={240}
              data={data}
              dataKey="session"
              connectNulls={false}
              curveType="linear"
              withLegend
              legendProps={{ verticalAlign: "bottom" }}
              series={[
                ...(hasGas ? [{ name: "gas", label: "GAS average (left, −2 to +2)", color: "blue.6" }] : []),
                ...(hasRating
                  ? [{ name: "rating", label: hasGas ? "0–10 average (right)" : "0–10 average", color: "grape.6", yAxisId: hasGas ? "right" : "left" }]
                  : []),
              ]}
              yAxisProps={hasGas ? { domain: [-2, 2], ticks: [-2, -1, 0, 1, 2] } : { domain: [0, 10], ticks: [0, 5, 10] }}
              valueFormatter={(v) => (Number.isInteger(v) ? String(v) : v.toFixed(1))}
              withRightYAxis={hasGas && hasRating}
              rightYAxisProps={{ domain: [0, 10], ticks: [0, 5, 10] }}
            />
          ) : (
            <Text c="dimmed" size="sm">
              No goal rated yet.
            </Text>
          )}
        </Paper>
      </SimpleGrid>
      {measured.map((i) => (
        <Paper key={i.id} withBorder p="md" component="section" aria-label={`${i.short_name} average`}>
          <Title order={2} size="h5" mb="xs">
            {i.short_name}: the group's average total
          </Title>
          <LineChart
            h={200}
            data={data}
            dataKey="session"
            connectNulls
            curveType="linear"
            series={[{ name: i.id, label: `${i.short_name} average`, color: "indigo.6" }]}
            yAxisProps={{ domain: [0, i.scoring === "sum" ? i.item_max * i.items.length : i.item_max] }}
            referenceLines={i.bands
              .filter((b) => b.low > 0)
              .map((b) => ({ y: b.low, label: b.label, color: "gray.6", labelPosition: "insideTopRight" as const }))}
          />
        </Paper>
      ))}
      <Paper withBorder p="md">
        <ScrollArea>
          <Table aria-label="The group by session" fz="sm" style={{ whiteSpace: "nowrap" }}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Session</Table.Th>
                <Table.Th>Date</Table.Th>
                <Table.Th>Attended</Table.Th>
                {hasGas && <Table.Th>GAS average</Table.Th>}
                {hasRating && <Table.Th>0–10 average</Table.Th>}
                {measured.map((i) => (
                  <Table.Th key={i.id}>{i.short_name} average</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.session_id}>
                  <Table.Td>{r.number}</Table.Td>
                  <Table.Td>{formatDate(r.date)}</Table.Td>
                  <Table.Td>{r.held ? r.attended : ""}</Table.Td>
                  {hasGas && <Table.Td>{r.gas_average === null ? "" : gasText(Number(number(r.gas_average)))}</Table.Td>}
                  {hasRating && <Table.Td>{number(r.rating_average)}</Table.Td>}
                  {measured.map((i) => (
                    <Table.Td key={i.id}>{number(r.measure_averages.find(([id]) => id === i.id)?.[1] ?? null)}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Paper>
    </Stack>
  );
}

function key(p: PlannedMeasure): string {
  return `${p.instrument_id}@${p.session_number}`;
}

/** Which measures are taken at which sessions; Today reminds when one is due. */
function PlanEditor({ groupId, sessions, instruments }: { groupId: string; sessions: number; instruments: Instrument[] }) {
  const plan = useQuery({ queryKey: keys.measurePlan(groupId), queryFn: () => api.measurePlan(groupId) });
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [saved, setSaved] = useState(false);
  useEffect(() => setChosen(new Set((plan.data ?? []).map(key))), [plan.data]);
  const save = useChange(["measures"], (planned: PlannedMeasure[]) => api.setMeasurePlan(groupId, planned));
  const dirty = plan.data !== undefined && (chosen.size !== plan.data.length || plan.data.some((p) => !chosen.has(key(p))));
  const toggle = (k: string) =>
    setChosen((c) => {
      const n = new Set(c);
      if (n.has(k)) n.delete(k);
      else n.add(k);
      setSaved(false);
      return n;
    });
  return (
    <Paper withBorder p="md" component="section" aria-label="Measurement plan">
      <Group justify="space-between" mb={4}>
        <Title order={2} size="h4">
          Measurement plan
        </Title>
        <Anchor component={Link} to="/measures" size="sm">
          Measures, and defining your own
        </Anchor>
      </Group>
      <Text size="sm" c="dimmed" mb="xs">
        Tick the measures to take at each session. Today reminds you when one is due and who has not completed it.
      </Text>
      {plan.isError && <Alert color="red">{messageOf(plan.error)}</Alert>}
      <ScrollArea>
        <Table fz="sm" aria-label="Measures by session" withColumnBorders style={{ whiteSpace: "nowrap" }}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Measure</Table.Th>
              {Array.from({ length: sessions }, (_, n) => (
                <Table.Th key={n} ta="center">
                  S{n + 1}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {instruments.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>{i.short_name}</Table.Td>
                {Array.from({ length: sessions }, (_, n) => {
                  const k = key({ instrument_id: i.id, session_number: n + 1 });
                  return (
                    <Table.Td key={n} ta="center">
                      <Checkbox
                        aria-label={`${i.short_name} at session ${n + 1}`}
                        checked={chosen.has(k)}
                        onChange={() => toggle(k)}
                        style={{ display: "inline-block" }}
                      />
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {save.isError && (
        <Alert color="red" role="alert" mt="xs">
          {messageOf(save.error)}
        </Alert>
      )}
      <Group justify="flex-end" mt="xs">
        {saved && !dirty && (
          <Text size="sm" c="dimmed" role="status">
            Plan saved.
          </Text>
        )}
        <Button
          disabled={!dirty}
          loading={save.isPending}
          onClick={() =>
            save.mutate(
              [...chosen].map((k) => {
                const [instrument_id = "", n = "0"] = k.split("@");
                return { instrument_id, session_number: Number(n) };
              }),
              { onSuccess: () => setSaved(true) },
            )
          }
        >
          Save the plan
        </Button>
      </Group>
    </Paper>
  );
}
