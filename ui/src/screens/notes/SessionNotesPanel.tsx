import { useCallback, useEffect, useState } from "react";
import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useLocation } from "react-router";
import { api, messageOf } from "../../api";
import { keys } from "../../queries";
import { nextTarget, noteTargets, useAltN, useOpenNote } from "./nextNote";

/** The session's notes, below attendance: the group note and one per member who attended, each one click (or Alt+N) away. */
export function SessionNotesPanel({ sessionId }: { sessionId: string }) {
  const notes = useQuery({ queryKey: keys.sessionNotes(sessionId), queryFn: () => api.sessionNotes(sessionId) });
  const openNote = useOpenNote(sessionId);
  const [error, setError] = useState<unknown>(null);
  const open = useCallback(
    (placeId: string | null) => {
      setError(null);
      openNote(placeId).catch(setError);
    },
    [openNote],
  );
  const next = notes.data?.held ? nextTarget(notes.data) : null;
  // Back from a note (or from Today's notes to finish): the notes in view.
  const { hash } = useLocation();
  const loaded = !!notes.data;
  useEffect(() => {
    if (loaded && hash === "#session-notes") document.getElementById("session-notes")?.scrollIntoView({ block: "start" });
  }, [loaded, hash]);
  useAltN(next ? () => open(next.placeId) : null);
  if (!notes.data) return null;
  const n = notes.data;
  return (
    <Paper withBorder p="md" id="session-notes" style={{ scrollMarginTop: 72 }}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          Notes
        </Title>
        {next && (
          <Button onClick={() => open(next.placeId)} title="Alt+N">
            Write the next note: {next.label} (Alt+N)
          </Button>
        )}
      </Group>
      {!n.held ? (
        <Text size="sm" c="dimmed">
          Notes are written once the session has been held: end the session (or record it as held) first.
        </Text>
      ) : (
        <Stack gap="xs">
          {error !== null && (
            <Alert color="red" role="alert">
              {messageOf(error)}
            </Alert>
          )}
          <Table>
            <Table.Tbody>
              {noteTargets(n).map((t) => {
                const member = n.members.find((m) => m.place_id === t.placeId);
                return (
                  <Table.Tr key={t.placeId ?? "group"}>
                    <Table.Td>{t.label}</Table.Td>
                    <Table.Td>
                      <Group gap={6}>
                        <Badge variant="light" color={t.signed ? "teal" : t.noteId ? "yellow" : "gray"}>
                          {t.signed ? "Signed" : t.noteId ? "Draft" : "Not started"}
                        </Badge>
                        {member?.risk_open && (
                          <Badge color="red" variant="filled">
                            Risk noted
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td align="right">
                      <Button
                        size="xs"
                        variant={t.signed ? "subtle" : "default"}
                        aria-label={`${t.signed ? "Open" : t.noteId ? "Continue" : "Write"} ${t.placeId ? `${t.label}'s progress note` : "the group note"}`}
                        onClick={() => open(t.placeId)}
                      >
                        {t.signed ? "Open" : t.noteId ? "Continue" : "Write"}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          {n.members.length === 0 && (
            <Text size="sm" c="dimmed">
              Take attendance to write each member's progress note.
            </Text>
          )}
          <Group justify="space-between" mt="xs">
            <Text size="sm" c="dimmed">
              Psychotherapy notes (your private process notes) are kept apart and out of reports.
            </Text>
            <Button component={Link} to={`/sessions/${sessionId}/psychotherapy-note`} variant="subtle" size="xs">
              Psychotherapy note{n.has_psychotherapy_note ? " (written)" : ""}
            </Button>
          </Group>
        </Stack>
      )}
    </Paper>
  );
}
