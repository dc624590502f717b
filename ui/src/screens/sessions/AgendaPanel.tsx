import { useEffect, useState } from "react";
import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Menu,
  NumberInput,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { Link } from "react-router";
import { api, messageOf, type SessionView, type TimerAction } from "../../api";
import type { RunItem } from "../../bindings/RunItem";
import type { RunState } from "../../bindings/RunState";
import { AGENDA_ITEM_MINUTES } from "../../bindings/limits";
import { formatClock, formatMoment } from "../../format";
import { useChange } from "../../queries";

/** The time now, every second while `on`. */
function useNow(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [on]);
  return now;
}

/**
 * The run as the screen shows it now: the core's times as of `as_of`, and
 * the time since then on the current item while the clock runs. The
 * clock's state is the core's; the screen only counts on between readings.
 */
function live(run: RunState, readAt: number, now: number): { items: RunItem[]; elapsed: number } {
  const since = run.running ? Math.max(0, now - readAt) : 0;
  const items = run.items.map((it, i) => (i === run.current ? { ...it, elapsed_ms: it.elapsed_ms + since } : it));
  return { items, elapsed: run.elapsed_ms + since };
}

/** The agenda: the plan before the session starts, then a timer over the agenda as run. */
export function AgendaPanel({ view, readAt }: { view: SessionView; readAt: number }) {
  const run = view.run;
  if (!run) {
    const s = view.detail.session;
    const agenda = view.detail.plan.agenda;
    return (
      <Paper withBorder p="md">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4">
            Agenda
          </Title>
          {s.status === "scheduled" && (
            <Anchor component={Link} to={`/groups/${view.detail.group_id}/sessions/${s.id}`} size="sm">
              Edit the plan
            </Anchor>
          )}
        </Group>
        {agenda.length === 0 ? (
          <Text c="dimmed">This session's plan has no agenda.</Text>
        ) : (
          <Table aria-label="Agenda" verticalSpacing={4}>
            <Table.Tbody>
              {agenda.map((it, i) => (
                <Table.Tr key={i}>
                  <Table.Td w={30}>{i + 1}.</Table.Td>
                  <Table.Td>{it.title}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                    {it.minutes} min
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Text size="sm" c="dimmed" mt="xs">
          {s.agenda_total.total_minutes} of {view.detail.session_minutes} minutes planned. The timer starts with the session.
        </Text>
      </Paper>
    );
  }
  return <RunningAgenda view={view} run={run} readAt={readAt} />;
}

function RunningAgenda({ view, run, readAt }: { view: SessionView; run: RunState; readAt: number }) {
  const sessionId = view.detail.session.id;
  const now = useNow(run.running);
  const { items, elapsed } = live(run, readAt, now);
  const ended = run.ended_at !== null;
  const done = useChange(["sessions"], (a: { id: number; done: boolean }) => api.setItemDone(sessionId, a.id, a.done));
  const remove = useChange(["sessions"], (id: number) => api.removeRunItem(sessionId, id));
  const [editing, setEditing] = useState<RunItem | "new" | null>(null);
  const failure = [done, remove].find((m) => m.isError)?.error;
  const sessionMs = view.detail.session_minutes * 60_000;

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          Agenda
        </Title>
        <Text size="sm" c="dimmed">
          Started {formatMoment(run.started_at)}
          {run.ended_at ? ` · ended ${formatMoment(run.ended_at)}` : ""}
        </Text>
      </Group>
      <Group gap="xs" mb={4}>
        <Text size="sm" fw={600}>
          Session: {formatClock(elapsed)} of {view.detail.session_minutes}:00
        </Text>
        <Text size="sm" c="dimmed">
          ({run.planned_minutes} minutes planned)
        </Text>
      </Group>
      <Progress
        value={Math.min(100, (elapsed / sessionMs) * 100)}
        color={elapsed > sessionMs ? "orange" : "teal"}
        aria-label="Time used of the session"
        mb="sm"
      />
      {failure && (
        <Alert color="red" role="alert" mb="xs">
          {messageOf(failure)}
        </Alert>
      )}
      <Table aria-label="Agenda" verticalSpacing={4}>
        <Table.Tbody>
          {items.map((it, i) => {
            const over = it.elapsed_ms > it.minutes * 60_000;
            const untouched = it.elapsed_ms === 0 && !it.done && i !== run.current;
            return (
              <Table.Tr key={it.id} bg={i === run.current && !ended ? "teal.0" : undefined}>
                <Table.Td w={30}>
                  <Checkbox
                    aria-label={`Done: ${it.title}`}
                    checked={it.done}
                    disabled={ended}
                    onChange={(e) => done.mutate({ id: it.id, done: e.currentTarget.checked })}
                  />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" td={it.done ? "line-through" : undefined} c={it.done ? "dimmed" : undefined}>
                    {it.title}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                  <Text size="sm" c={over ? "orange.8" : "dimmed"} style={{ fontVariantNumeric: "tabular-nums" }}>
                    {it.elapsed_ms > 0 ? `${formatClock(it.elapsed_ms)} of ` : ""}
                    {it.minutes} min
                  </Text>
                </Table.Td>
                <Table.Td w={40}>
                  {!ended && (
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" aria-label={`Change ${it.title}`}>
                          …
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => setEditing(it)}>Rename or change minutes…</Menu.Item>
                        <Menu.Item color="red" disabled={!untouched} onClick={() => remove.mutate(it.id)}>
                          Take off this session's agenda
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {!ended && (
        <Stack gap={4} mt="xs">
          {editing ? (
            <ItemForm sessionId={sessionId} item={editing === "new" ? null : editing} onClose={() => setEditing(null)} />
          ) : (
            <Button variant="subtle" size="xs" w="fit-content" onClick={() => setEditing("new")}>
              Add an item
            </Button>
          )}
          <Text size="xs" c="dimmed">
            Changes here are for this session only; the group's plan stays as it is.
          </Text>
        </Stack>
      )}
    </Paper>
  );
}

/**
 * The item the timer is on, its time left (an overrun shown plainly, never
 * cut) and the timer's controls: kept in view while the page scrolls.
 */
export function NowBar({ view, run, readAt }: { view: SessionView; run: RunState; readAt: number }) {
  const sessionId = view.detail.session.id;
  const now = useNow(run.running);
  const { items, elapsed } = live(run, readAt, now);
  const current = items[run.current];
  const timer = useChange(["sessions"], (a: TimerAction) => api.timer(sessionId, a));
  if (!current) {
    return (
      <Paper withBorder p="sm" className="sticky-title">
        <Text size="sm" c="dimmed">
          The agenda is empty: add an item below to time it.
        </Text>
      </Paper>
    );
  }
  const left = current.minutes * 60_000 - current.elapsed_ms;
  const last = run.current >= items.length - 1;
  const allDone = last && current.done;
  return (
    <Paper withBorder p="sm" className="sticky-title" aria-label="Current item" bg="gray.0">
      <Group justify="space-between" align="center" wrap="nowrap">
        <div>
          <Text size="sm" c="dimmed">
            Item {run.current + 1} of {items.length}
            {run.running ? "" : " · paused"} · session {formatClock(elapsed)} of {view.detail.session_minutes}:00
          </Text>
          <Text fw={700} size="lg">
            {current.title}
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap">
          <Text
            fw={700}
            size="xl"
            c={left < 0 ? "orange.8" : undefined}
            aria-label="Time left on this item"
            style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}
            mr="sm"
          >
            {allDone ? "Agenda done" : left < 0 ? `${formatClock(-left)} over` : `${formatClock(left)} left`}
          </Text>
          <Button variant="default" onClick={() => timer.mutate("back")} disabled={run.current === 0}>
            Back
          </Button>
          {run.running ? (
            <Button variant="default" onClick={() => timer.mutate("pause")}>
              Pause
            </Button>
          ) : (
            <Button variant="default" onClick={() => timer.mutate("resume")} disabled={allDone}>
              {current.elapsed_ms === 0 && !current.done ? "Start the timer" : "Resume"}
            </Button>
          )}
          <Button onClick={() => timer.mutate("next")} disabled={allDone}>
            {last ? "Finish the last item" : "Next item"}
          </Button>
        </Group>
      </Group>
      {timer.isError && (
        <Alert color="red" role="alert" mt="xs">
          {messageOf(timer.error)}
        </Alert>
      )}
    </Paper>
  );
}

function ItemForm({ sessionId, item, onClose }: { sessionId: string; item: RunItem | null; onClose: () => void }) {
  const [title, setTitle] = useState(item?.title ?? "");
  const [minutes, setMinutes] = useState<number | string>(item?.minutes ?? 10);
  const save = useChange(["sessions"], () => {
    const m = Number(minutes);
    return item ? api.updateRunItem(sessionId, item.id, title, m) : api.addRunItem(sessionId, title, m).then(() => undefined);
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(undefined, { onSuccess: onClose });
      }}
    >
      <Group align="flex-end" gap="xs">
        <TextInput label={item ? "Item" : "New item"} value={title} onChange={(e) => setTitle(e.currentTarget.value)} data-autofocus w={260} />
        <NumberInput
          label="Minutes"
          value={minutes}
          onChange={setMinutes}
          min={AGENDA_ITEM_MINUTES.min}
          max={AGENDA_ITEM_MINUTES.max}
          clampBehavior="none"
          allowDecimal={false}
          w={90}
        />
        <Button type="submit" loading={save.isPending}>
          {item ? "Save" : "Add"}
        </Button>
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
      </Group>
      {save.isError && (
        <Alert color="red" role="alert" mt="xs">
          {messageOf(save.error)}
        </Alert>
      )}
    </form>
  );
}
