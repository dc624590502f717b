import { useState } from "react";
import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Group,
  NumberInput,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, isCommandError, messageOf, type SessionDetail, type SessionPlan } from "../../api";
import type { AgendaItem } from "../../bindings/AgendaItem";
import { AGENDA_ITEM_MINUTES, AGENDA_ITEMS_MAX } from "../../bindings/limits";
import { formatDate, formatTime } from "../../format";
import { keys, useChange } from "../../queries";

type DraftItem = Omit<AgendaItem, "minutes"> & { minutes: number | string };

function minutesOf(v: number | string): number {
  const n = typeof v === "number" ? v : Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : 0;
}

/** One session's plan, with the agenda's total shown live against the session length. */
export function SessionPlanEditor() {
  const { groupId = "", sessionId = "" } = useParams();
  const detail = useQuery({ queryKey: keys.session(sessionId), queryFn: () => api.session(sessionId) });
  if (!detail.data) {
    return detail.isError ? (
      <Stack maw={720}>
        <Alert color="red">{messageOf(detail.error)}</Alert>
        <Anchor component={Link} to={`/groups/${groupId}`}>
          ← Back to the program
        </Anchor>
      </Stack>
    ) : (
      <Text c="dimmed">Loading the plan…</Text>
    );
  }
  return <PlanForm key={sessionId} detail={detail.data} />;
}

function PlanForm({ detail }: { detail: SessionDetail }) {
  const sessionId = detail.session.id;
  const back = `/groups/${detail.group_id}`;
  const { agenda: items, ...rest } = detail.plan;
  const [plan, setPlan] = useState<Omit<SessionPlan, "agenda">>(rest);
  const [agenda, setAgenda] = useState<DraftItem[]>(items);
  const [error, setError] = useState<string | null>(null);
  const [overrun, setOverrun] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const saving = useChange(["planning"], (a: { plan: SessionPlan; accept: boolean }) =>
    api.saveSessionPlan(sessionId, a.plan, a.accept),
  );

  const total = agenda.reduce((t, a) => t + minutesOf(a.minutes), 0);
  const length = detail.session_minutes;
  const over = total - length;
  const itemErrors = agenda.map((a) => {
    const m = minutesOf(a.minutes);
    if (a.title.trim() === "") return "Give this item a title.";
    if (!Number.isInteger(m) || m < AGENDA_ITEM_MINUTES.min || m > AGENDA_ITEM_MINUTES.max)
      return `Between ${AGENDA_ITEM_MINUTES.min} and ${AGENDA_ITEM_MINUTES.max} minutes.`;
    return null;
  });

  const edit = (i: number, patch: Partial<DraftItem>) => {
    setSaved(false);
    setOverrun(null);
    setAgenda((items) => items.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  };
  const move = (i: number, by: number) =>
    setAgenda((items) => {
      const next = [...items];
      const [it] = next.splice(i, 1);
      if (it) next.splice(i + by, 0, it);
      return next;
    });

  const save = async (acceptOverrun: boolean) => {
    setError(null);
    setSaved(false);
    if (itemErrors.some(Boolean)) {
      setError("Some agenda items need attention (see below).");
      return;
    }
    const full: SessionPlan = { ...plan, agenda: agenda.map((a) => ({ ...a, minutes: minutesOf(a.minutes) })) };
    try {
      await saving.mutateAsync({ plan: full, accept: acceptOverrun });
      setOverrun(null);
      setSaved(true);
    } catch (e) {
      if (isCommandError(e) && e.field === "agenda" && over > 0 && !acceptOverrun) setOverrun(messageOf(e));
      else setError(messageOf(e));
    }
  };

  const s = detail.session;
  return (
    <Stack maw={1000}>
      <Anchor component={Link} to={back} size="sm" w="fit-content">
        ← {detail.group_name}
      </Anchor>
      <div>
        <Title order={1} size="h2">
          Session {s.number} plan
        </Title>
        <Text c="dimmed">
          {formatDate(s.date)}, {formatTime(s.start_time)} · {length} minutes
        </Text>
      </div>
      <Paper withBorder p="md">
        <Stack>
          <TextInput label="Topic" value={plan.topic} onChange={(e) => { const v = e.currentTarget.value; setSaved(false); setPlan((p) => ({ ...p, topic: v })); }} />
          <Textarea label="Objectives" autosize minRows={2} value={plan.objectives} onChange={(e) => { const v = e.currentTarget.value; setSaved(false); setPlan((p) => ({ ...p, objectives: v })); }} />
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Stack>
          <Group justify="space-between">
            <Title order={2} size="h4">
              Agenda
            </Title>
            <Text fw={600} c={over > 0 ? "orange.8" : "teal.8"} aria-live="polite" data-testid="agenda-total">
              {`Agenda total: ${total} of ${length} minutes`}
            </Text>
          </Group>
          <Progress value={Math.min(100, (total / length) * 100)} color={over > 0 ? "orange" : "teal"} aria-label="Agenda time used" />
          {over > 0 && (
            <Alert color="orange" variant="light">
              {`The agenda runs ${over} ${over === 1 ? "minute" : "minutes"} over the session. Shorten an item, or keep it and confirm when you save.`}
            </Alert>
          )}
          <Table aria-label="Agenda items" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Item</Table.Th>
                <Table.Th w={130}>Minutes</Table.Th>
                <Table.Th>Notes</Table.Th>
                <Table.Th w={120} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agenda.map((a, i) => (
                <Table.Tr key={i}>
                  <Table.Td>
                    <TextInput
                      aria-label={`Item ${i + 1} title`}
                      value={a.title}
                      error={a.title.trim() === "" ? itemErrors[i] : null}
                      onChange={(e) => edit(i, { title: e.currentTarget.value })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`Item ${i + 1} minutes`}
                      allowDecimal={false}
                      allowNegative={false}
                      clampBehavior="none"
                      value={a.minutes}
                      error={a.title.trim() !== "" ? itemErrors[i] : null}
                      onChange={(v) => edit(i, { minutes: v })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput aria-label={`Item ${i + 1} notes`} value={a.notes} onChange={(e) => edit(i, { notes: e.currentTarget.value })} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={2} wrap="nowrap">
                      <ActionIcon variant="subtle" aria-label={`Move item ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                        ↑
                      </ActionIcon>
                      <ActionIcon variant="subtle" aria-label={`Move item ${i + 1} down`} disabled={i === agenda.length - 1} onClick={() => move(i, 1)}>
                        ↓
                      </ActionIcon>
                      <ActionIcon variant="subtle" color="red" aria-label={`Remove item ${i + 1}`} onClick={() => setAgenda((items) => items.filter((_, j) => j !== i))}>
                        ✕
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group>
            <Button
              variant="light"
              disabled={agenda.length >= AGENDA_ITEMS_MAX}
              onClick={() => setAgenda((items) => [...items, { title: "", minutes: 10, notes: "" }])}
            >
              Add agenda item
            </Button>
          </Group>
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Stack>
          <Textarea label="Materials" autosize minRows={2} value={plan.materials} onChange={(e) => { const v = e.currentTarget.value; setSaved(false); setPlan((p) => ({ ...p, materials: v })); }} />
          <Textarea label="Homework" autosize minRows={2} value={plan.homework} onChange={(e) => { const v = e.currentTarget.value; setSaved(false); setPlan((p) => ({ ...p, homework: v })); }} />
        </Stack>
      </Paper>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {overrun && (
        <Alert color="orange" role="alert" title="The agenda is longer than the session">
          <Stack gap="xs">
            <Text size="sm">{overrun}</Text>
            <Group>
              <Button color="orange" onClick={() => save(true)}>
                Save anyway
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <Group>
        <Button onClick={() => save(false)} loading={saving.isPending}>
          Save plan
        </Button>
        <Button variant="default" component={Link} to={back}>
          Back to the program
        </Button>
        {saved && (
          <Text size="sm" c="teal.8" role="status">
            Plan saved.
          </Text>
        )}
      </Group>
    </Stack>
  );
}
