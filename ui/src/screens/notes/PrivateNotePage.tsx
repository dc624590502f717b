import { useState } from "react";
import { Alert, Anchor, Button, Group, Stack, Text, Textarea, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, messageOf, type PsychotherapyNote } from "../../api";
import { useAutosave } from "../../drafts";
import { formatMoment } from "../../format";

/** A session's psychotherapy note: shown only after the clinician chooses to open it. */
export function PrivateNotePage() {
  const { sessionId = "" } = useParams();
  const [opened, setOpened] = useState(false);
  const note = useQuery({
    queryKey: ["psychotherapy-note", sessionId],
    queryFn: () => api.openPsychotherapyNote(sessionId),
    enabled: opened,
    staleTime: Infinity,
    gcTime: 0,
  });
  return (
    <Stack maw={860}>
      <Anchor component={Link} to={`/sessions/${sessionId}#session-notes`} size="sm" w="fit-content">
        ← The session
      </Anchor>
      <Title order={1} size="h2">
        Psychotherapy note (private)
      </Title>
      <Alert color="grape" variant="light">
        Your private process notes about this session, kept apart from the progress notes: never searched, and left
        out of every report and export unless you include them yourself. Each opening is recorded in the activity log.
      </Alert>
      {!opened && (
        <Group>
          <Button color="grape" onClick={() => setOpened(true)}>
            Open the psychotherapy note
          </Button>
        </Group>
      )}
      {note.isError && <Alert color="red">{messageOf(note.error)}</Alert>}
      {note.data && <PrivateEditor note={note.data} />}
    </Stack>
  );
}

function PrivateEditor({ note }: { note: PsychotherapyNote }) {
  const [text, setText] = useState(note.text);
  const autosave = useAutosave((t: string) => api.savePsychotherapyNote(note.session_id, t), note.updated_at);
  const s = autosave.state;
  return (
    <Stack>
      <Textarea
        label="Process notes"
        autosize
        minRows={8}
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          autosave.change(e.currentTarget.value);
        }}
      />
      <Text size="sm" c={s.kind === "failed" ? "red" : "dimmed"} role="status" aria-label="Draft status">
        {s.kind === "saved"
          ? s.at
            ? `Saved in the vault at ${formatMoment(s.at)}`
            : "Nothing written yet"
          : s.kind === "failed"
            ? `Not saved: ${s.message}`
            : "Saving…"}
      </Text>
    </Stack>
  );
}
