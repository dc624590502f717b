import { useState } from "react";
import { Alert, Button, Group, Menu, Table, Text } from "@mantine/core";
import { useNavigate } from "react-router";
import { api, messageOf, type Outcome } from "../../api";
import type { ProgramSession } from "../../bindings/ProgramSession";
import { formatDate, formatTime } from "../../format";
import { SESSION_STATUS } from "../../labels";
import { useChange } from "../../queries";
import { useProgram } from "./programContext";
import { CancelModal, RescheduleModal } from "./SessionModals";

type Move = { session: string; run: () => Promise<Outcome | void> };

/** Every session of the program with its date, topic, agenda time and status, and what can be done to it. */
export function SessionsTab() {
  const { program, showNotes } = useProgram();
  const navigate = useNavigate();
  const [rescheduling, setRescheduling] = useState<ProgramSession | null>(null);
  const [cancelling, setCancelling] = useState<ProgramSession | null>(null);
  const move = useChange(["planning"], (m: Move) => m.run());
  const act = (session: string, run: () => Promise<Outcome | void>) =>
    move.mutate({ session, run }, { onSuccess: (out) => showNotes(out ? out.notes : []) });
  const g = program.group;
  const live = program.sessions.filter((s) => s.status !== "cancelled");
  return (
    <>
      <Text size="sm" c="dimmed" mb="xs" data-testid="program-summary">
        {live.length} sessions{g.end_date ? `, ending ${formatDate(g.end_date)}` : ""}.
      </Text>
      {move.isError && (
        <Alert color="red" role="alert" mb="xs">
          {messageOf(move.error)}
        </Alert>
      )}
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
                {s.topic || (
                  <Text c="dimmed" size="sm">
                    No plan yet
                  </Text>
                )}
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
                <Text
                  size="sm"
                  c={s.in_progress ? "orange.8" : s.status === "cancelled" ? "dimmed" : s.status === "held" ? "teal.8" : undefined}
                >
                  {s.in_progress ? "In progress" : SESSION_STATUS[s.status]}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  {s.status !== "cancelled" && (
                    <Button
                      size="xs"
                      variant={s.in_progress ? "filled" : "default"}
                      onClick={() => navigate(`/sessions/${s.id}`)}
                      aria-label={`Open session ${s.number}`}
                    >
                      Open
                    </Button>
                  )}
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() => navigate(`/groups/${g.id}/sessions/${s.id}`)}
                    aria-label={`Edit plan of session ${s.number}`}
                  >
                    Edit plan
                  </Button>
                  {s.status === "scheduled" && !s.in_progress && (
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
                        <Menu.Item disabled={i === 0} onClick={() => act(s.id, () => api.movePlan(s.id, -1))}>
                          Move plan one date earlier
                        </Menu.Item>
                        <Menu.Item onClick={() => act(s.id, () => api.movePlan(s.id, 1))}>Move plan one date later</Menu.Item>
                        <Menu.Item onClick={() => act(s.id, () => api.insertPlan(s.id))}>Insert an empty plan before</Menu.Item>
                        <Menu.Item color="red" onClick={() => act(s.id, () => api.removePlan(s.id))}>
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
      {rescheduling && (
        <RescheduleModal
          session={rescheduling}
          onClose={() => setRescheduling(null)}
          onDone={(n) => {
            setRescheduling(null);
            showNotes(n);
          }}
        />
      )}
      {cancelling && (
        <CancelModal
          session={cancelling}
          onClose={() => setCancelling(null)}
          onConfirm={(makeup) => {
            const s = cancelling;
            setCancelling(null);
            act(s.id, () => api.cancelSession(s.id, makeup));
          }}
        />
      )}
    </>
  );
}
