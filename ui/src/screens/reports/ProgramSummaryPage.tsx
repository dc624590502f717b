import { Anchor, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams, useSearchParams } from "react-router";
import { api, type ProgramSummary } from "../../api";
import { formatDate, formatRate } from "../../format";
import { SESSION_STATUS, STAGE } from "../../labels";
import { keys } from "../../queries";
import { ReportFrame } from "./ReportFrame";

const one = (x: number | null) => (x === null ? "–" : x.toFixed(1));

/** A group's program summary, unnamed unless asked, as it will be saved. */
export function ProgramSummaryPage() {
  const { groupId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const named = params.get("named") === "1";
  const summary = useQuery({
    queryKey: keys.programSummary(groupId, named),
    queryFn: () => api.programSummary(groupId, named),
  });
  const p = summary.data;
  return (
    <ReportFrame
      title="Program summary"
      subtitle={
        p && (
          <Group gap="md">
            <Anchor component={Link} to={`/groups/${groupId}`}>
              {p.group.name}
            </Anchor>
            <SegmentedControl
              size="xs"
              aria-label="Members"
              value={named ? "named" : "unnamed"}
              onChange={(v) => setParams(v === "named" ? { named: "1" } : {})}
              data={[
                { value: "unnamed", label: "No one named" },
                { value: "named", label: "Members named" },
              ]}
            />
          </Group>
        )
      }
      request={{ kind: "program", group_id: groupId, named }}
      loaded={!!p}
      loadError={summary.isError ? summary.error : null}
      width={1000}
    >
      {p && <SummaryView p={p} />}
    </ReportFrame>
  );
}

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </div>
  );
}

function SummaryView({ p }: { p: ProgramSummary }) {
  const s = p.sessions;
  const m = p.membership;
  const g = p.goals;
  return (
    <Stack>
      <Paper withBorder p="md">
        <SimpleGrid cols={5}>
          <Figure label="Sessions held" value={`${s.held} of ${s.planned}`} />
          <Figure label="Cancelled / made up" value={`${s.cancelled} / ${s.made_up}`} />
          <Figure label="Enrolled" value={m.enrolled} />
          <Figure label="Completed / dropped out / transferred" value={`${m.completed} / ${m.dropped_out} / ${m.transferred}`} />
          <Figure label="Attendance rate" value={formatRate(p.attendance.rate)} />
        </SimpleGrid>
        {m.left.length > 0 && (
          <Text size="sm" mt="sm">
            Left:{" "}
            {m.left
              .map((e) => `${e.name ? `${e.name}, ` : ""}${STAGE[e.stage].toLowerCase()}${e.reason ? ` (${e.reason})` : ""}`)
              .join("; ")}
          </Text>
        )}
        <Text size="sm" mt="xs">
          On average {one(p.attendance.mean_per_session)} members attended each held session.{" "}
          {g.gas_members > 0
            ? `${g.gas_members} members with rated GAS goals: mean T-score ${one(g.gas_mean_t)} (50 is the expected level); ${g.gas_at_expected} at it or better.`
            : "No GAS goal was rated."}{" "}
          Goals: {g.goals} set, {g.achieved} achieved, {g.discontinued} discontinued.
        </Text>
      </Paper>
      <Table withTableBorder fz="sm" aria-label="Measures">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Measure</Table.Th>
            <Table.Th ta="right">Compared</Table.Th>
            <Table.Th ta="right">Mean, first</Table.Th>
            <Table.Th ta="right">Mean, latest</Table.Th>
            <Table.Th ta="right">Improved</Table.Th>
            <Table.Th ta="right">No reliable change</Table.Th>
            <Table.Th ta="right">Worsened</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {p.measures.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={7}>No measures were taken in this group.</Table.Td>
            </Table.Tr>
          )}
          {p.measures.map((o) => (
            <Table.Tr key={o.short_name}>
              <Table.Td>{o.short_name}</Table.Td>
              <Table.Td ta="right">{o.members}</Table.Td>
              <Table.Td ta="right">{one(o.first_mean)}</Table.Td>
              <Table.Td ta="right">{one(o.latest_mean)}</Table.Td>
              <Table.Td ta="right">{o.improved}</Table.Td>
              <Table.Td ta="right">{o.no_change}</Table.Td>
              <Table.Td ta="right">{o.worsened}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={2} size="h4">
        Curriculum as delivered
      </Title>
      <Table withTableBorder fz="sm" aria-label="Curriculum as delivered">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Session</Table.Th>
            <Table.Th>Date</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Topic</Table.Th>
            <Table.Th ta="right">Attended</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {p.curriculum.map((c) => (
            <Table.Tr key={`${c.number}-${c.date}`}>
              <Table.Td>{c.number}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(c.date)}</Table.Td>
              <Table.Td>
                {SESSION_STATUS[c.status]}
                {c.makeup_for !== null ? ` (make-up for ${c.makeup_for})` : ""}
              </Table.Td>
              <Table.Td>{c.topic}</Table.Td>
              <Table.Td ta="right">{c.status === "held" ? `${c.attended} of ${c.expected}` : ""}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {p.named && (
        <Table withTableBorder fz="sm" aria-label="Each member">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Member</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">Attended</Table.Th>
              <Table.Th ta="right">GAS T</Table.Th>
              <Table.Th>Measures, first → latest</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.members.map((x, i) => (
              <Table.Tr key={i}>
                <Table.Td>{x.name}</Table.Td>
                <Table.Td>{STAGE[x.stage]}</Table.Td>
                <Table.Td ta="right">
                  {x.attended} of {x.expected}
                </Table.Td>
                <Table.Td ta="right">{one(x.t_score)}</Table.Td>
                <Table.Td>{x.measures.join("; ")}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
