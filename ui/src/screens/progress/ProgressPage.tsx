import { useState } from "react";
import { Alert, Anchor, Badge, Button, Group, Modal, Paper, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useLocation, useParams } from "react-router";
import { api, messageOf, type Goal, type MeasureResult, type ProgressPage as Page } from "../../api";
import { MAX_ACTIVE_GOALS } from "../../bindings/limits";
import { formatDate } from "../../format";
import { GOAL_STATUS, STAGE, gasText } from "../../labels";
import { keys, useChange } from "../../queries";
import { EndGoalDialog, GoalForm } from "./GoalForm";
import { MeasureRiskAlerts, MeasureRiskDialog } from "./MeasureRisk";
import { ProgressCharts } from "./ProgressCharts";
import { SummariesSection } from "../reports/SummariesSection";

/** A member's goals and measures in one group: set and rate goals, enter measures, see the charts. */
export function ProgressPage() {
  const { placeId = "" } = useParams();
  const page = useQuery({ queryKey: keys.progress(placeId), queryFn: () => api.progressPage(placeId) });
  if (!page.data) {
    return page.isError ? (
      <Stack maw={720}>
        <Alert color="red">{messageOf(page.error)}</Alert>
        <Anchor component={Link} to="/members">
          ← Members
        </Anchor>
      </Stack>
    ) : (
      <Text c="dimmed">Loading…</Text>
    );
  }
  return <ProgressView page={page.data} />;
}

function ProgressView({ page }: { page: Page }) {
  const [setting, setSetting] = useState(false);
  // Just entered a result that raised risk: the response is asked for at once.
  const respond = (useLocation().state as { respond?: string } | null)?.respond;
  const [asked, setAsked] = useState(false);
  const risk = !asked ? page.risks.find((r) => r.result_id === respond) : undefined;
  const p = page.place;
  const active = page.goals.filter((g) => g.status === "active");
  const enrolled = p.stage === "enrolled";
  return (
    <Stack maw={1000}>
      <Group gap="md">
        <Anchor component={Link} to={`/members/${p.member_id}`} size="sm">
          ← {page.name}'s record
        </Anchor>
        <Anchor component={Link} to={`/groups/${p.group_id}/progress`} size="sm">
          {page.group_name}: the group's progress
        </Anchor>
      </Group>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {page.name}: goals and measures
          </Title>
          <Text c="dimmed">
            {page.group_name} · {STAGE[p.stage]}
          </Text>
        </div>
        <Group>
          <Button variant="default" component={Link} to={`/places/${p.id}/measures/new`}>
            Enter a measure
          </Button>
          <Button onClick={() => setSetting(true)} disabled={!enrolled || active.length >= MAX_ACTIVE_GOALS}>
            Set a goal
          </Button>
        </Group>
      </Group>
      <MeasureRiskAlerts risks={page.risks} />
      <Paper withBorder p="md" component="section" aria-label="Goals">
        <Title order={2} size="h4" mb="xs">
          Goals
        </Title>
        {page.goals.length === 0 ? (
          <Text c="dimmed">
            {enrolled
              ? "No goal set yet. Set one to three goals the member can work toward in the group; they are rated at each session they attend."
              : "Goals are set for members enrolled in the group."}
          </Text>
        ) : (
          <Stack gap="md">
            {page.goals.map((g) => (
              <GoalCard key={g.id} goal={g} placeId={p.id} />
            ))}
            {active.length >= MAX_ACTIVE_GOALS && (
              <Text size="sm" c="dimmed">
                {MAX_ACTIVE_GOALS} goals are active, the most a member has at once: mark one achieved or discontinued to set another.
              </Text>
            )}
          </Stack>
        )}
      </Paper>
      <Title order={2} size="h4">
        Progress
      </Title>
      <ProgressCharts progress={page.progress} />
      <Results results={page.results} />
      {p.enrolled_on && (
        <SummariesSection placeId={p.id} ended={["completed", "dropped_out", "transferred"].includes(p.stage)} />
      )}
      {setting && <GoalForm placeId={p.id} onClose={() => setSetting(false)} />}
      {risk && <MeasureRiskDialog risk={risk} onClose={() => setAsked(true)} />}
    </Stack>
  );
}

function GoalCard({ goal, placeId }: { goal: Goal; placeId: string }) {
  const [revising, setRevising] = useState(false);
  const [ending, setEnding] = useState(false);
  const [history, setHistory] = useState(false);
  const v = goal.versions[0];
  if (!v) return null;
  return (
    <Paper withBorder p="sm" bg={goal.status === "active" ? undefined : "gray.0"}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div style={{ minWidth: 0 }}>
          <Text fw={600}>{v.statement}</Text>
          <Text size="sm" c="dimmed">
            {goal.measured_by === "gas" ? "Goal Attainment Scaling" : "Rated 0 to 10"} · set {formatDate(goal.set_on)}
            {v.version > 1 ? ` · version ${v.version}, revised ${formatDate(v.revised_on)}` : ""}
          </Text>
          {(v.baseline || v.target) && (
            <Text size="sm">
              {v.baseline && `Baseline: ${v.baseline}. `}
              {v.target && `Target: ${v.target}.`}
            </Text>
          )}
          {v.how_measured && <Text size="sm">Measured by: {v.how_measured}</Text>}
          {v.gas_levels.length === 5 && (
            <Text size="xs" c="dimmed" mt={4}>
              {v.gas_levels.map((l, i) => `${gasText(i - 2)} ${l}`).join(" · ")}
            </Text>
          )}
          {goal.status !== "active" && (
            <Text size="sm" mt={4}>
              {GOAL_STATUS[goal.status]} on {goal.ended_on ? formatDate(goal.ended_on) : "—"}
              {goal.end_note ? `: ${goal.end_note}` : ""}
            </Text>
          )}
        </div>
        <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
          <Badge variant="light" color={goal.status === "active" ? "blue" : goal.status === "achieved" ? "teal" : "gray"}>
            {GOAL_STATUS[goal.status]}
          </Badge>
          {goal.versions.length > 1 && (
            <Button size="xs" variant="subtle" onClick={() => setHistory(true)}>
              Earlier versions
            </Button>
          )}
          {goal.status === "active" && (
            <>
              <Button size="xs" variant="default" onClick={() => setRevising(true)}>
                Revise
              </Button>
              <Button size="xs" variant="default" onClick={() => setEnding(true)}>
                End…
              </Button>
            </>
          )}
        </Group>
      </Group>
      {revising && <GoalForm placeId={placeId} goal={goal} onClose={() => setRevising(false)} />}
      {ending && <EndGoalDialog goal={goal} onClose={() => setEnding(false)} />}
      {history && (
        <Modal opened onClose={() => setHistory(false)} title="Every version of the goal" size="lg">
          <Stack>
            {goal.versions.map((x) => (
              <div key={x.version}>
                <Text fw={600}>
                  Version {x.version}, {formatDate(x.revised_on)}
                </Text>
                <Text size="sm">{x.statement}</Text>
                {x.reason && (
                  <Text size="sm" c="dimmed">
                    Why revised: {x.reason}
                  </Text>
                )}
              </div>
            ))}
          </Stack>
        </Modal>
      )}
    </Paper>
  );
}

function Results({ results }: { results: MeasureResult[] }) {
  const instruments = useQuery({ queryKey: keys.instruments, queryFn: api.instruments });
  const [voiding, setVoiding] = useState<MeasureResult | null>(null);
  const name = (id: string) => instruments.data?.find((i) => i.id === id)?.short_name ?? "";
  return (
    <Paper withBorder p="md" component="section" aria-label="Measures entered">
      <Title order={3} size="h5" mb="xs">
        Measures entered
      </Title>
      {results.length === 0 ? (
        <Text c="dimmed">No measure entered yet. PHQ-9 and GAD-7 are planned at the first, middle and last sessions.</Text>
      ) : (
        <Table aria-label="Measures entered" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Taken</Table.Th>
              <Table.Th>Measure</Table.Th>
              <Table.Th>Total</Table.Th>
              <Table.Th>Band</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {results.map((r) => (
              <Table.Tr key={r.id} c={r.voided ? "dimmed" : undefined}>
                <Table.Td>{formatDate(r.taken_on)}</Table.Td>
                <Table.Td>{name(r.instrument_id)}</Table.Td>
                <Table.Td td={r.voided ? "line-through" : undefined}>{r.total}</Table.Td>
                <Table.Td>
                  {r.voided ? `Voided: ${r.void_reason}` : (r.band?.label ?? "—")}
                  {r.risk && !r.voided && (
                    <Badge ml="xs" color="red" variant={r.risk_answered ? "light" : "filled"}>
                      {r.risk_answered ? "Risk answered" : "Risk"}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  {!r.voided && (
                    <Button size="xs" variant="subtle" color="gray" onClick={() => setVoiding(r)}>
                      Void…
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {voiding && <VoidDialog result={voiding} onClose={() => setVoiding(null)} />}
    </Paper>
  );
}

function VoidDialog({ result, onClose }: { result: MeasureResult; onClose: () => void }) {
  const [reason, setReason] = useState("");
  const save = useChange(["measures"], () => api.voidMeasure(result.id, reason));
  return (
    <Modal opened onClose={onClose} title="Void this result?">
      <Stack>
        <Text size="sm">
          A result is never changed or deleted. Voiding keeps it in the record, marked with your reason, and takes it off the
          charts; then enter the right one.
        </Text>
        <Textarea label="Why it is voided" autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        {save.isError && (
          <Alert color="red" role="alert">
            {messageOf(save.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep it
          </Button>
          <Button color="red" disabled={!reason.trim()} loading={save.isPending} onClick={() => save.mutate(undefined, { onSuccess: onClose })}>
            Void the result
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
