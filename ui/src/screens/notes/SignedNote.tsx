import { useState } from "react";
import { Alert, Badge, Button, Divider, Group, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { api, messageOf, type Note } from "../../api";
import type { Signature } from "../../bindings/Signature";
import { formatDate, formatMoment } from "../../format";
import { PARTICIPATION } from "../../labels";
import { keys } from "../../queries";
import { RiskResponseDialog } from "./RiskResponseDialog";

function signedLine(s: Signature): string {
  return `Signed by ${s.signed_by}, ${s.credentials} · ${formatMoment(s.signed_at)}`;
}

function Section({ label, text }: { label: string; text: string }) {
  return (
    <div>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Text style={{ whiteSpace: "pre-wrap" }}>{text.trim() || "—"}</Text>
    </div>
  );
}

/** A signed note: final, with its addenda beneath and a form for a new one. */
export function SignedNote({ note }: { note: Note }) {
  const client = useQueryClient();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [responding, setResponding] = useState(false);
  const sig = note.signature;
  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.addAddendum(note.id, text);
      setText("");
      await client.refetchQueries({ queryKey: keys.note(note.id) });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack>
      <Paper withBorder p="md">
        <Stack>
          {note.participation && (
            <Section
              label="Participation"
              text={note.participation === "own_words" ? note.participation_words : PARTICIPATION[note.participation]}
            />
          )}
          {note.fields.map((f) => (
            <Section key={f.key} label={f.label} text={f.text} />
          ))}
          {note.risk && (
            <Paper p="sm" bg={note.risk === "observed" && !note.risk_response ? "red.0" : undefined}>
              <Group justify="space-between">
                <Section
                  label="Risk observed"
                  text={note.risk === "observed" ? note.risk_description : "No risk observed."}
                />
                {note.risk === "observed" && !note.risk_response && (
                  <Button color="red" variant="light" onClick={() => setResponding(true)}>
                    Record response
                  </Button>
                )}
              </Group>
              {note.risk_response && (
                <Text size="sm" mt="xs">
                  Response ({formatDate(note.risk_response.responded_on)}): {note.risk_response.response}
                </Text>
              )}
            </Paper>
          )}
          {sig && (
            <Text size="sm" c="dimmed">
              {signedLine(sig)}
            </Text>
          )}
        </Stack>
      </Paper>
      {note.addenda.length > 0 && (
        <Stack gap="xs">
          <Title order={2} size="h4">
            Addenda
          </Title>
          {note.addenda.map((a) => (
            <Paper key={a.id} withBorder p="sm">
              <Badge variant="light" mb={4}>
                Addendum
              </Badge>
              <Text style={{ whiteSpace: "pre-wrap" }}>{a.text}</Text>
              <Text size="sm" c="dimmed">
                {signedLine(a.signature)}
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
      <Divider />
      <Textarea
        label="Add an addendum"
        description="A signed note is final. A correction or addition is dated and signed beneath it."
        autosize
        minRows={2}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button onClick={() => void add()} loading={busy} disabled={!text.trim()}>
          Sign and add the addendum
        </Button>
      </Group>
      {responding && (
        <RiskResponseDialog
          noteId={note.id}
          onClose={() => setResponding(false)}
          onSaved={() => void client.refetchQueries({ queryKey: keys.note(note.id) })}
        />
      )}
    </Stack>
  );
}
