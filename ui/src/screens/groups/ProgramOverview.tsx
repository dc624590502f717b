import { useCallback, useEffect, useState } from "react";
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Menu,
  Modal,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { api, isCommandError, messageOf, type Program, type TemplateSummary } from "../../api";
import type { ProgramSession } from "../../bindings/ProgramSession";
import { formatDate, formatTime, STATUS_LABEL, typeLabel } from "../../format";
import { GroundRulesEditor } from "./GroundRulesEditor";
import { GroupDetailsForm } from "./GroupDetailsForm";
import { BlackoutEditor } from "../../components/BlackoutEditor";

type Props = {
  groupId: string;
  initialNotes: string[];
  onBack: () => void;
  onEditSession: (sessionId: string) => void;
  onError: (e: unknown) => void;
};

export function ProgramOverview({ groupId, initialNotes, onBack, onEditSession, onError }: Props) {
  const [program, setProgram] = useState<Program | null>(null);
  const [notes, setNotes] = useState<string[]>(initialNotes);
  const [error, setError] = useState<string | null>(null);
  const [rescheduling, setRescheduling] = useState<ProgramSession | null>(null);
  const [cancelling, setCancelling] = useState<ProgramSession | null>(null);

  const load = useCallback(() => {
    api
      .program(groupId)
      .then(setProgram)
      .catch((e: unknown) => {
        onError(e);
        setError(messageOf(e));
      });
  }, [groupId, onError]);
  useEffect(load, [load]);

  /** Runs an action, shows what the core says about it, and reloads. */
  const run = async (action: () => Promise<{ notes: string[] } | void>) => {
    setError(null);
    try {
      const out = await action();
      setNotes(out ? out.notes : []);
      load();
    } catch (e) {
      onError(e);
      setError(messageOf(e));
    }
  };

  if (!program) {
    return error ? <Alert color="red">{error}</Alert> : <Text c="dimmed">Loading the program…</Text>;
  }
  const g = program.group;
  const next = { planning: "active", active: "completed" } as const;
  const nextStatus = g.status === "planning" || g.status === "active" ? next[g.status] : null;

  return (
    <Stack maw={1100}>
      <Anchor component="button" type="button" onClick={onBack} size="sm" w="fit-content">
        ← All groups
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {g.name}
          </Title>
          <Text c="dimmed">
            {typeLabel(g.group_type, g.type_label)}
            {g.approach ? ` · ${g.approach}` : ""} · {g.cadence === "weekly" ? "weekly" : "every two weeks"},{" "}
            {g.session_minutes} minutes · {g.membership === "closed" ? `closed after session ${g.closes_after_session}` : "open"} ·
            up to {g.capacity} members{g.location ? ` · ${g.location}` : ""}
          </Text>
          {g.co_facilitators.length > 0 && (
            <Text size="sm" c="dimmed">
              With {g.co_facilitators.map((c) => `${c.name}${c.credentials ? `, ${c.credentials}` : ""}`).join("; ")}
            </Text>
          )}
        </div>
        <Group>
          <Badge size="lg" variant="light" color={g.archived ? "gray" : "teal"}>
            {g.archived ? "Archived" : STATUS_LABEL[g.status]}
          </Badge>
          <Button
            variant="default"
            onClick={() =>
              run(async () => {
                const path = await api.exportCalendar(groupId);
                return { notes: [`Calendar file saved: ${path}`] };
              })
            }
          >
            Export calendar (.ics)
          </Button>
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="default">Group status</Button>
            </Menu.Target>
            <Menu.Dropdown>
              {nextStatus && (
                <Menu.Item onClick={() => run(() => api.setGroupStatus(groupId, nextStatus))}>
                  {nextStatus === "active" ? "Start the group (active)" : "Mark as completed"}
                </Menu.Item>
              )}
              {(g.status === "planning" || g.status === "active") && (
                <Menu.Item color="red" onClick={() => run(() => api.setGroupStatus(groupId, "cancelled"))}>
                  Cancel the group
                </Menu.Item>
              )}
              <Menu.Item onClick={() => run(() => api.setGroupArchived(groupId, !g.archived))}>
                {g.archived ? "Bring back from the archive" : "Archive"}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      {notes.length > 0 && (
        <Alert color="blue" variant="light" role="status" withCloseButton onClose={() => setNotes([])}>
          {notes.map((n) => (
            <div key={n}>{n}</div>
          ))}
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      <Tabs defaultValue="sessions" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="sessions">Sessions</Tabs.Tab>
          <Tabs.Tab value="rules">Ground rules</Tabs.Tab>
          <Tabs.Tab value="curriculum">Curriculum</Tabs.Tab>
          <Tabs.Tab value="blackouts">Blackout dates</Tabs.Tab>
          <Tabs.Tab value="details">Details</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="sessions" pt="md">
          <Text size="sm" c="dimmed" mb="xs">
            {program.sessions.filter((s) => s.status !== "cancelled").length} sessions
            {g.end_date ? `, ending ${formatDate(g.end_date)}` : ""}.
          </Text>
          <Table aria-label="Sessions" verticalSpacing="xs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>Date</Table.Th>
                <Table.Th>Topic</Table.Th>
                <Table.Th>Agenda</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {program.sessions.map((s, i) => (
                <Table.Tr key={s.id} style={s.status === "cancelled" ? { opacity: 0.6 } : undefined}>
                  <Table.Td>{s.number}</Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    {formatDate(s.date)}, {formatTime(s.start_time)}
                    {s.original_date && (
                      <Text size="xs" c="dimmed">
                        moved from {formatDate(s.original_date)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {s.topic || <Text c="dimmed" size="sm">No plan yet</Text>}
                    {s.makeup_for && (
                      <Text size="xs" c="dimmed">
                        Make-up for session {s.makeup_for}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    <Text size="sm" c={s.agenda_total.over_by > 0 ? "orange.8" : undefined}>
                      {s.agenda_total.total_minutes} of {s.agenda_total.session_minutes} min
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={s.status === "cancelled" ? "dimmed" : s.status === "held" ? "teal.8" : undefined}>
                      {STATUS_LABEL[s.status]}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="xs" variant="light" onClick={() => onEditSession(s.id)} aria-label={`Edit plan of session ${s.number}`}>
                        Edit plan
                      </Button>
                      {s.status === "scheduled" && (
                        <Menu position="bottom-end">
                          <Menu.Target>
                            <Button size="xs" variant="default" aria-label={`More for session ${s.number}`}>
                              More
                            </Button>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item onClick={() => setRescheduling(s)}>Reschedule…</Menu.Item>
                            <Menu.Item onClick={() => setCancelling(s)}>Cancel session…</Menu.Item>
                            <Menu.Divider />
                            <Menu.Item disabled={i === 0} onClick={() => run(() => api.movePlan(s.id, -1))}>
                              Move plan one date earlier
                            </Menu.Item>
                            <Menu.Item onClick={() => run(() => api.movePlan(s.id, 1))}>Move plan one date later</Menu.Item>
                            <Menu.Item onClick={() => run(() => api.insertPlan(s.id))}>Insert an empty plan before</Menu.Item>
                            <Menu.Item color="red" onClick={() => run(() => api.removePlan(s.id))}>
                              Remove this plan
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Tabs.Panel>
        <Tabs.Panel value="rules" pt="md">
          <GroundRulesEditor groupId={groupId} onError={onError} />
        </Tabs.Panel>
        <Tabs.Panel value="curriculum" pt="md">
          <CurriculumTools groupId={groupId} run={run} />
        </Tabs.Panel>
        <Tabs.Panel value="blackouts" pt="md">
          <BlackoutEditor
            title="This group's blackout dates"
            help="Dates this group does not meet (leave, local holidays). They apply when dates are laid out again and to make-up sessions; sessions already dated are not moved."
            initial={program.blackout_dates}
            save={(dates) => api.setGroupBlackouts(groupId, dates)}
            onSaved={load}
            onError={onError}
          />
          <Text size="sm" c="dimmed" mt="sm">
            Practice-wide blackout dates (in Settings) apply too:{" "}
            {program.practice_blackout_dates.length === 0
              ? "none yet."
              : program.practice_blackout_dates.map((b) => formatDate(b.date)).join(", ")}
          </Text>
        </Tabs.Panel>
        <Tabs.Panel value="details" pt="md">
          <GroupDetailsForm
            program={program}
            onSaved={(n) => {
              setNotes(n);
              load();
            }}
            onError={onError}
          />
        </Tabs.Panel>
      </Tabs>
      {rescheduling && (
        <RescheduleModal
          session={rescheduling}
          onClose={() => setRescheduling(null)}
          onDone={(n) => {
            setRescheduling(null);
            setNotes(n);
            load();
          }}
          onError={onError}
        />
      )}
      {cancelling && (
        <CancelModal
          session={cancelling}
          onClose={() => setCancelling(null)}
          onConfirm={(makeup) => {
            const s = cancelling;
            setCancelling(null);
            void run(() => api.cancelSession(s.id, makeup));
          }}
        />
      )}
    </Stack>
  );
}

function RescheduleModal({
  session,
  onClose,
  onDone,
  onError,
}: {
  session: ProgramSession;
  onClose: () => void;
  onDone: (notes: string[]) => void;
  onError: (e: unknown) => void;
}) {
  const [date, setDate] = useState(session.date);
  const [time, setTime] = useState(session.start_time);
  const [shift, setShift] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [timeError, setTimeError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    setTimeError(null);
    try {
      const out = await api.reschedule(session.id, date, time, shift);
      onDone(out.notes);
    } catch (e) {
      onError(e);
      if (isCommandError(e) && e.field === "start_time") setTimeError(e.message);
      else setError(messageOf(e));
    }
  };
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date);
  return (
    <Modal opened onClose={onClose} title={`Reschedule session ${session.number}`}>
      <Stack>
        <Text size="sm" c="dimmed">
          Now on {formatDate(session.date)} at {formatTime(session.start_time)}.
        </Text>
        <TextInput
          label="New date"
          description={valid ? formatDate(date) : "Year-month-day, like 2027-02-10"}
          value={date}
          onChange={(e) => setDate(e.currentTarget.value)}
          error={error}
          data-autofocus
        />
        <TextInput label="New start time" value={time} onChange={(e) => setTime(e.currentTarget.value)} error={timeError} />
        <Checkbox
          label="Move every later session by the same number of days"
          checked={shift}
          onChange={(e) => setShift(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep as it is
          </Button>
          <Button onClick={save}>Reschedule</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function CancelModal({
  session,
  onClose,
  onConfirm,
}: {
  session: ProgramSession;
  onClose: () => void;
  onConfirm: (makeup: boolean) => void;
}) {
  const [makeup, setMakeup] = useState(true);
  return (
    <Modal opened onClose={onClose} title={`Cancel session ${session.number}?`}>
      <Stack>
        <Text size="sm">
          {formatDate(session.date)}: {session.topic || "no plan yet"}. A cancelled session stays in the program, marked
          cancelled.
        </Text>
        <Checkbox
          label="Add a make-up session at the end with the same plan"
          checked={makeup}
          onChange={(e) => setMakeup(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep the session
          </Button>
          <Button color="red" onClick={() => onConfirm(makeup)}>
            Cancel session
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function CurriculumTools({
  groupId,
  run,
}: {
  groupId: string;
  run: (action: () => Promise<{ notes: string[] } | void>) => Promise<void>;
}) {
  const [templates, setTemplates] = useState<TemplateSummary[]>([]);
  const [choice, setChoice] = useState("");
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  useEffect(() => {
    api
      .listTemplates()
      .then((t) => {
        setTemplates(t);
        setChoice(t[0]?.id ?? "");
      })
      .catch(() => {});
  }, []);
  return (
    <Stack maw={640}>
      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h4">
            Apply a template
          </Title>
          <Text size="sm" c="dimmed">
            Replaces the plans of the sessions still to come. Sessions already held keep theirs.
          </Text>
          <NativeSelect
            label="Template"
            value={choice}
            onChange={(e) => setChoice(e.currentTarget.value)}
            data={templates.map((t) => ({ value: t.id, label: `${t.name} (${t.session_count} sessions)` }))}
          />
          <Group>
            <Button onClick={() => run(() => api.applyTemplate(groupId, choice))} disabled={!choice}>
              Apply template
            </Button>
          </Group>
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h4">
            Save as a template
          </Title>
          <TextInput
            label="Template name"
            value={name}
            error={nameError}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setNameError(null);
            }}
          />
          <Group>
            <Button
              onClick={() => {
                if (name.trim() === "") {
                  setNameError("Give the template a name.");
                  return;
                }
                void run(async () => {
                  const t = await api.saveAsTemplate(groupId, name, "");
                  setName("");
                  return { notes: [`Saved the template “${t.name}” with ${t.session_count} sessions.`] };
                });
              }}
            >
              Save as template
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
