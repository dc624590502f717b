import { useState } from "react";
import { Alert, Anchor, Badge, Button, Collapse, Group, List, Modal, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, isCommandError, messageOf, type SessionView } from "../../api";
import { coreText, formatDate, formatTime } from "../../format";
import { keys, useChange } from "../../queries";
import { AgendaPanel, NowBar } from "./AgendaPanel";
import { AttendanceSheet } from "./AttendanceSheet";
import { SessionNotesPanel } from "../notes/SessionNotesPanel";
import { GoalRatings } from "../progress/GoalRatings";
import { SessionMeasures } from "../progress/SessionMeasures";

/** The session view: where the clinician spends the hour. */
export function SessionPage() {
  const { sessionId = "" } = useParams();
  const view = useQuery({ queryKey: keys.sessionView(sessionId), queryFn: () => api.sessionView(sessionId) });
  if (!view.data) {
    return view.isError ? (
      <Stack maw={720}>
        <Alert color="red">{messageOf(view.error)}</Alert>
        <Anchor component={Link} to="/today">
          ← Today
        </Anchor>
      </Stack>
    ) : (
      <Text c="dimmed">Opening the session…</Text>
    );
  }
  return <Session view={view.data} readAt={view.dataUpdatedAt} />;
}

type Confirm = { kind: "start" | "held" | "end"; message: string };

function Session({ view, readAt }: { view: SessionView; readAt: number }) {
  const d = view.detail;
  const s = d.session;
  const run = view.run;
  const [rulesOpen, setRulesOpen] = useState(s.number === 1);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const act = useChange(["sessions", "planning"], (a: { kind: Confirm["kind"]; confirmed: boolean }) =>
    a.kind === "start"
      ? api.startSession(s.id, a.confirmed ? view.enrolled : null)
      : a.kind === "held"
        ? api.recordHeld(s.id, a.confirmed ? view.enrolled : null)
        : api.endSession(s.id),
  );
  const go = (kind: Confirm["kind"], confirmed = false) =>
    act.mutate(
      { kind, confirmed },
      {
        onSuccess: () => {
          setConfirm(null);
          // Ended: the notes come next, so they come into view.
          if (kind !== "start") {
            window.setTimeout(() => document.getElementById("session-notes")?.scrollIntoView({ block: "start" }), 0);
          }
        },
        onError: (e) => {
          if (isCommandError(e) && e.code === "confirm") setConfirm({ kind, message: messageOf(e) });
        },
      },
    );
  const failure = act.isError && !(isCommandError(act.error) && act.error.code === "confirm") ? act.error : null;
  const status = run && !run.ended_at ? "In progress" : s.status === "held" ? "Held" : s.status === "cancelled" ? "Cancelled" : "Scheduled";

  return (
    <Stack maw={1000}>
      <Anchor component={Link} to={`/groups/${d.group_id}`} size="sm" w="fit-content">
        ← {d.group_name}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            Session {s.number}
            {s.topic ? `: ${s.topic}` : ""}
          </Title>
          <Text c="dimmed">
            {formatDate(s.date)}, {formatTime(s.start_time)} · {view.detail.session_minutes} minutes
            {view.location ? ` · ${view.location}` : ""}
          </Text>
        </div>
        <Group>
          <Badge size="lg" variant="light" color={status === "In progress" ? "orange" : status === "Held" ? "teal" : "gray"}>
            {status}
          </Badge>
          {s.status === "held" && (
            <Button variant="default" component={Link} to={`/reports/register/${d.group_id}`}>
              Attendance register
            </Button>
          )}
          {!view.why_not_start && (
            <Button onClick={() => go("start")} loading={act.isPending && act.variables?.kind === "start"}>
              Start session
            </Button>
          )}
          {run && !run.ended_at && (
            <Button
              color="red"
              variant="light"
              onClick={() =>
                setConfirm({
                  kind: "end",
                  message:
                    view.expected.some((e) => !e.mark) && view.expected.length > 0
                      ? "Not everyone has an attendance mark yet; you can still take and correct attendance after the session. The agenda as run becomes final."
                      : "The agenda as run becomes final. Attendance can still be corrected afterwards.",
                })
              }
            >
              End session
            </Button>
          )}
          {view.can_record_held && view.why_not_start && (
            <Button variant="default" onClick={() => go("held")} loading={act.isPending && act.variables?.kind === "held"}>
              Record as held
            </Button>
          )}
        </Group>
      </Group>
      {run && !run.ended_at && <NowBar view={view} run={run} readAt={readAt} />}
      {view.why_not_start && !run && s.status === "scheduled" && (
        <Text size="sm" c="dimmed">
          {coreText(view.why_not_start)}
        </Text>
      )}
      {failure && (
        <Alert color="red" role="alert">
          {messageOf(failure)}
        </Alert>
      )}
      <Paper withBorder p="md">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Ground rules (version {view.rules.version})
          </Title>
          <Button variant="subtle" size="xs" onClick={() => setRulesOpen((o) => !o)} aria-expanded={rulesOpen}>
            {rulesOpen ? "Hide" : "Show"} the ground rules
          </Button>
        </Group>
        <Collapse expanded={rulesOpen}>
          <List type="ordered" mt="xs" spacing={4}>
            {view.rules.rules.map((r) => (
              <List.Item key={r}>{r}</List.Item>
            ))}
          </List>
        </Collapse>
      </Paper>
      <AttendanceSheet key={s.id} view={view} />
      <GoalRatings sessionId={s.id} held={s.status === "held" || run !== null || view.expected.some((e) => e.mark)} />
      <SessionMeasures sessionId={s.id} />
      <SessionNotesPanel sessionId={s.id} />
      <AgendaPanel view={view} readAt={readAt} />
      {confirm && (
        <Modal
          opened
          onClose={() => setConfirm(null)}
          title={confirm.kind === "end" ? `End session ${s.number}?` : "Start the group?"}
        >
          <Stack>
            <Text size="sm">{coreText(confirm.message)}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirm(null)}>
                {confirm.kind === "end" ? "Keep it running" : "Not yet"}
              </Button>
              <Button loading={act.isPending} onClick={() => go(confirm.kind, true)}>
                {confirm.kind === "end"
                  ? "End session"
                  : confirm.kind === "start"
                    ? "Start the group and this session"
                    : "Start the group and record the session"}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
