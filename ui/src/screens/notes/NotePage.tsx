import { useCallback, useState } from "react";
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  Radio,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import { api, messageOf, type DraftInput, type Note } from "../../api";
import type { Participation } from "../../bindings/Participation";
import type { Risk } from "../../bindings/Risk";
import { useAutosave } from "../../drafts";
import { SaveStatus } from "../../components/SaveStatus";
import { formatDate } from "../../format";
import { PARTICIPATION, options } from "../../labels";
import { keys, refresh } from "../../queries";
import { nextTarget, useAltN, useOpenNote } from "./nextNote";
import { SignDialog } from "./SignDialog";
import { SignedNote } from "./SignedNote";
import { GoalRatings } from "../progress/GoalRatings";

/** A note: the draft as it is written (saved as typed), or the signed note with its addenda. */
export function NotePage() {
  const noteId = Number(useParams().noteId);
  const note = useQuery({
    queryKey: keys.note(noteId),
    queryFn: () => api.readNote(noteId),
    // One reading per opening: each is written to the audit trail.
    staleTime: Infinity,
    gcTime: 0,
  });
  if (!note.data) {
    return note.isError ? (
      <Stack maw={720}>
        <Alert color="red">{messageOf(note.error)}</Alert>
        <Anchor component={Link} to="/today">
          ← Today
        </Anchor>
      </Stack>
    ) : (
      <Text c="dimmed">Opening the note…</Text>
    );
  }
  return <NoteView key={note.data.id} note={note.data} />;
}

function title(n: Note): string {
  return n.member ? `Progress note: ${n.member.name}` : "Group note";
}

function NoteView({ note }: { note: Note }) {
  const sessionNotes = useQuery({
    queryKey: keys.sessionNotes(note.session_id),
    queryFn: () => api.sessionNotes(note.session_id),
  });
  const openNote = useOpenNote(note.session_id);
  const next = sessionNotes.data ? nextTarget(sessionNotes.data, note.id) : null;
  const goNext = useCallback(() => {
    if (next) void openNote(next.placeId);
  }, [next, openNote]);
  useAltN(next ? goNext : null);

  return (
    <Stack maw={note.member ? 1200 : 860}>
      <Anchor component={Link} to={`/sessions/${note.session_id}#session-notes`} size="sm" w="fit-content">
        ← Session {note.session_number}, {note.group_name}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {title(note)}
          </Title>
          <Text c="dimmed">
            Session {note.session_number} · {formatDate(note.session_date)} · {note.group_name} · {note.format_label}
          </Text>
        </div>
        <Group>
          <Badge size="lg" variant="light" color={note.signature ? "teal" : "yellow"}>
            {note.signature ? "Signed" : "Draft"}
          </Badge>
          {note.member && (
            <Button component={Link} to={`/members/${note.member.member_id}`} variant="default">
              {note.member.name}'s record
            </Button>
          )}
          {next && (
            <Button variant="light" onClick={goNext} title="Alt+N">
              Next note: {next.label} (Alt+N)
            </Button>
          )}
        </Group>
      </Group>
      {note.member ? (
        <Grid gap="lg" align="flex-start">
          <Grid.Col span={{ base: 12, md: 8 }}>{note.signature ? <SignedNote note={note} /> : <DraftEditor note={note} />}</Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <GoalRatings sessionId={note.session_id} placeId={note.member.place_id} held />
          </Grid.Col>
        </Grid>
      ) : note.signature ? (
        <SignedNote note={note} />
      ) : (
        <DraftEditor note={note} />
      )}
    </Stack>
  );
}

function draftOf(n: Note): DraftInput {
  return {
    fields: Object.fromEntries(n.fields.map((f) => [f.key, f.text])),
    participation: n.participation,
    participation_words: n.participation_words,
    risk: n.risk,
    risk_description: n.risk_description,
  };
}

function DraftEditor({ note }: { note: Note }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<DraftInput>(() => draftOf(note));
  const [signing, setSigning] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const [discardError, setDiscardError] = useState<string | null>(null);
  const autosave = useAutosave((d: DraftInput) => api.saveNoteDraft(note.id, d), note.updated_at);
  const update = (change: Partial<DraftInput>) => {
    const d = { ...draft, ...change };
    setDraft(d);
    autosave.change(d);
  };
  const setField = (key: string, text: string) => update({ fields: { ...draft.fields, [key]: text } });

  const discard = async () => {
    try {
      await api.discardNote(note.id);
      await refresh(client, ["notes"]);
      navigate(`/sessions/${note.session_id}`);
    } catch (e) {
      setDiscardError(messageOf(e));
    }
  };

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Your draft saves itself to the encrypted vault as you type. Signing makes it final.
      </Text>
      {note.member && (
        <Paper withBorder p="md">
          <Stack>
            <Radio.Group
              label="Participation"
              value={draft.participation ?? ""}
              onChange={(v) => update({ participation: v as Participation })}
            >
              <Group mt="xs">
                {options(PARTICIPATION).map((o) => (
                  <Radio key={o.value} value={o.value} label={o.label} />
                ))}
              </Group>
            </Radio.Group>
            {draft.participation === "own_words" && (
              <TextInput
                label="Participation, in your words"
                value={draft.participation_words}
                onChange={(e) => update({ participation_words: e.currentTarget.value })}
              />
            )}
          </Stack>
        </Paper>
      )}
      {note.fields.map((f) => (
        <Textarea
          key={f.key}
          label={f.label}
          description={f.hint}
          autosize
          minRows={f.key === "topic" ? 1 : 3}
          value={draft.fields[f.key] ?? ""}
          onChange={(e) => setField(f.key, e.currentTarget.value)}
        />
      ))}
      {note.member && (
        <Paper withBorder p="md" bg={draft.risk === "observed" ? "red.0" : undefined}>
          <Stack>
            <Radio.Group
              label="Risk observed"
              value={draft.risk ?? ""}
              onChange={(v) => update({ risk: v as Risk })}
            >
              <Group mt="xs">
                <Radio value="none" label="No risk observed" />
                <Radio value="observed" label="Yes, risk observed" />
              </Group>
            </Radio.Group>
            {draft.risk === "observed" && (
              <Textarea
                label="Describe the risk"
                description="It stays highlighted in the member's record and on Today until you record your response."
                autosize
                minRows={2}
                value={draft.risk_description}
                onChange={(e) => update({ risk_description: e.currentTarget.value })}
              />
            )}
            {note.risk_response && (
              <Text size="sm">
                Response recorded {formatDate(note.risk_response.responded_on)}: {note.risk_response.response}
              </Text>
            )}
          </Stack>
        </Paper>
      )}
      <Group justify="space-between">
        <SaveStatus state={autosave.state} />
        <Group>
          <Button variant="subtle" color="red" onClick={() => setDiscarding(true)}>
            Discard draft
          </Button>
          <Button
            onClick={() => {
              void autosave.flush().then(() => setSigning(true));
            }}
          >
            Check and sign…
          </Button>
        </Group>
      </Group>
      {signing && (
        <SignDialog
          note={note}
          onClose={() => setSigning(false)}
          onSigned={() => {
            setSigning(false);
            void refresh(client, ["notes"]);
            void client.refetchQueries({ queryKey: keys.note(note.id) });
          }}
        />
      )}
      {discarding && (
        <Modal opened onClose={() => setDiscarding(false)} title="Discard this draft?">
          <Stack>
            <Text size="sm">
              The draft is deleted from the vault. You can start the note again from the session.
            </Text>
            {discardError && (
              <Alert color="red" role="alert">
                {discardError}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDiscarding(false)}>
                Keep it
              </Button>
              <Button color="red" onClick={() => void discard()}>
                Discard draft
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
