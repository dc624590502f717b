import { LineChart } from "@mantine/charts";
import { Badge, Group, Paper, ScrollArea, Stack, Table, Text, Title } from "@mantine/core";
import type { MeasureSeries, MemberProgress } from "../../api";
import type { SessionPoint } from "../../bindings/SessionPoint";
import { formatDate } from "../../format";
import { CHANGE, gasText } from "../../labels";

const COLORS = ["blue.6", "grape.6", "teal.6"];

function slot(s: SessionPoint): string {
  return `S${s.number}`;
}

/** Where a result sits on the program's axis: at its session, or by date ("Intake" before the first). */
export function measureSlot(sessions: SessionPoint[], p: { session_number: number | null; taken_on: string }): string {
  if (p.session_number !== null) return `S${p.session_number}`;
  const before = sessions.filter((s) => s.date <= p.taken_on);
  const last = before[before.length - 1];
  return last ? slot(last) : "Intake";
}

function number(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

/**
 * A member's progress across the program: goal ratings (absences are gaps,
 * never zeros) and each measure's totals with its bands drawn, and
 * attendance beneath, session by session. A table gives the same figures.
 */
export function ProgressCharts({ progress }: { progress: MemberProgress }) {
  const sessions = progress.sessions;
  const gas = progress.goals.filter((g) => g.measured_by === "gas");
  const rated = progress.goals.filter((g) => g.measured_by === "rating");
  const goalData = (goals: typeof gas) =>
    sessions.map((s, i) => ({
      session: slot(s),
      ...Object.fromEntries(goals.map((g, j) => [`g${j}`, s.attended ? (g.values[i] ?? null) : null])),
    }));
  const goalSeries = (goals: typeof gas) =>
    goals.map((g, j) => ({ name: `g${j}`, label: g.statement, color: COLORS[j % COLORS.length] ?? "blue.6" }));
  return (
    <Stack>
      {gas.length > 0 && (
        <ChartPaper title="Goal Attainment Scaling">
          <LineChart
            h={220}
            data={goalData(gas)}
            dataKey="session"
            series={goalSeries(gas)}
            connectNulls={false}
            curveType="linear"
            withLegend
            legendProps={{ verticalAlign: "bottom" }}
            yAxisProps={{ domain: [-2, 2], ticks: [-2, -1, 0, 1, 2] }}
            valueFormatter={gasText}
            referenceLines={[{ y: 0, label: "Expected", color: "gray.5" }]}
          />
        </ChartPaper>
      )}
      {rated.length > 0 && (
        <ChartPaper title="Goals rated 0 to 10">
          <LineChart
            h={220}
            data={goalData(rated)}
            dataKey="session"
            series={goalSeries(rated)}
            connectNulls={false}
            curveType="linear"
            withLegend
            legendProps={{ verticalAlign: "bottom" }}
            yAxisProps={{ domain: [0, 10], ticks: [0, 2, 4, 6, 8, 10] }}
          />
        </ChartPaper>
      )}
      {progress.measures.map((m) => (
        <MeasureChart key={m.instrument_id} m={m} sessions={sessions} />
      ))}
      <Paper withBorder p="md">
        <Title order={3} size="h5" mb="xs">
          Session by session
        </Title>
        <ScrollArea>
          <Table aria-label="Progress by session" withColumnBorders fz="sm" style={{ whiteSpace: "nowrap" }}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                {sessions.map((s) => (
                  <Table.Th key={s.session_id} ta="center" title={formatDate(s.date)}>
                    {slot(s)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th>Attended</Table.Th>
                {sessions.map((s) => (
                  <Table.Td key={s.session_id} ta="center" c={s.held && !s.attended ? "red.7" : undefined}>
                    {!s.held ? "" : s.attended ? "Yes" : "Absent"}
                  </Table.Td>
                ))}
              </Table.Tr>
              {progress.goals.map((g) => (
                <Table.Tr key={g.goal_id}>
                  <Table.Th maw={260} style={{ whiteSpace: "normal" }}>
                    {g.statement}
                  </Table.Th>
                  {g.values.map((v, i) => (
                    <Table.Td key={sessions[i]?.session_id ?? i} ta="center">
                      {v === null ? "" : g.measured_by === "gas" ? gasText(v) : v}
                    </Table.Td>
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

function ChartPaper({ title, children, aside }: { title: string; children: React.ReactNode; aside?: React.ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Group justify="space-between" mb="xs" align="flex-start">
        <Title order={3} size="h5">
          {title}
        </Title>
        {aside}
      </Group>
      {children}
    </Paper>
  );
}

const CHANGE_COLOR = {
  reliable_improvement: "teal",
  reliable_deterioration: "red",
  no_reliable_change: "gray",
  unknown: "gray",
} as const;

/** A measure's totals on the program's axis, the bands drawn, and its change from first to latest. */
function MeasureChart({ m, sessions }: { m: MeasureSeries; sessions: SessionPoint[] }) {
  const slots = ["Intake", ...sessions.map(slot)];
  const at = new Map(m.points.map((p) => [measureSlot(sessions, p), p.total]));
  const data = slots.map((s) => ({ session: s, total: at.get(s) ?? null }));
  const first = m.points[0];
  const latest = m.points[m.points.length - 1];
  return (
    <ChartPaper
      title={m.short_name}
      aside={
        latest && (
          <Group gap="xs">
            {latest.band && (
              <Badge variant="light" color="blue" aria-label={`${m.short_name} band`}>
                {latest.band}
              </Badge>
            )}
            <Badge variant="light" color={CHANGE_COLOR[m.change]} aria-label={`${m.short_name} change`}>
              {m.points.length < 2 ? "One result so far" : CHANGE[m.change]}
            </Badge>
          </Group>
        )
      }
    >
      <LineChart
        h={220}
        data={data}
        dataKey="session"
        series={[{ name: "total", label: `${m.short_name} total`, color: "indigo.6" }]}
        connectNulls
        curveType="linear"
        yAxisProps={{ domain: [0, m.max_total] }}
        valueFormatter={number}
        referenceLines={m.bands
          .filter((b) => b.low > 0)
          .map((b) => ({ y: b.low, label: b.label, color: "gray.6", labelPosition: "insideTopRight" as const }))}
      />
      {first && latest && (
        <Text size="sm" mt="xs" aria-label={`${m.short_name} summary`}>
          First {number(first.total)}
          {first.band ? ` (${first.band})` : ""} on {formatDate(first.taken_on)}
          {m.points.length > 1 && (
            <>
              {" "}
              → latest {number(latest.total)}
              {latest.band ? ` (${latest.band})` : ""} on {formatDate(latest.taken_on)}:{" "}
              {latest.total - first.total > 0 ? "+" : latest.total === first.total ? "±" : "−"}
              {number(Math.abs(latest.total - first.total))} points.{" "}
              {m.threshold !== null
                ? `${CHANGE[m.change]} (a change of ${number(m.threshold)} points or more is reliable).`
                : "No reliability and standard deviation were given for this measure, so whether the change is reliable is not known."}
            </>
          )}
        </Text>
      )}
    </ChartPaper>
  );
}
