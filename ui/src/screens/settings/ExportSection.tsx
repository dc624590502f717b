import { useState } from "react";
import { Alert, Button, Checkbox, Group, Modal, Paper, Stack, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { api, isCommandError, messageOf, type Exported } from "../../api";
import { refresh } from "../../queries";
import { formatSize } from "../RestoreBackup";

/** Settings' Export everything: every record as JSON, CSV and FHIR R4, in one zip, after saying it is not encrypted. */
export function ExportSection() {
  const client = useQueryClient();
  const [psychotherapy, setPsychotherapy] = useState(false);
  const [warning, setWarning] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Exported | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (acknowledged: boolean) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const exported = await api.exportEverything(psychotherapy, acknowledged);
      setWarning(null);
      if (exported) setDone(exported);
      void refresh(client, ["vault"]);
    } catch (e) {
      if (isCommandError(e) && e.code === "confirm") setWarning(messageOf(e));
      else setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="lg" id="export">
      <Stack>
        <div>
          <Title order={2} size="h4">
            Export everything
          </Title>
          <Text size="sm" c="dimmed">
            Every record you own as plain files any program can read — each table as JSON and as a CSV file, and the
            records as FHIR R4, the format of health IT — in one zip. Use it to take your records elsewhere or to
            archive them. Unlike a backup, it is not encrypted.
          </Text>
        </div>
        <Checkbox
          label="Include psychotherapy notes"
          description="Psychotherapy notes are kept apart from the rest of the record (HIPAA, 45 CFR 164.501) and are left out unless you tick this."
          checked={psychotherapy}
          onChange={(e) => setPsychotherapy(e.currentTarget.checked)}
        />
        <Group>
          <Button variant="default" loading={busy && warning === null} onClick={() => void run(false)}>
            Export everything…
          </Button>
        </Group>
        {done && (
          <Text size="sm" c="teal.8" role="status">
            Exported {done.rows} rows of {done.tables} tables to {done.path} ({formatSize(done.bytes)})
            {done.psychotherapy_notes ? ", psychotherapy notes included" : ", psychotherapy notes left out"}.
          </Text>
        )}
        {error && (
          <Alert color="red" role="alert" title="Nothing was exported">
            {error}
          </Alert>
        )}
      </Stack>
      <Modal opened={warning !== null} onClose={() => setWarning(null)} title="This export is not encrypted" size="lg">
        <Stack>
          <Text>{warning}</Text>
          {psychotherapy && (
            <Text size="sm" fw={600}>
              It includes your psychotherapy notes.
            </Text>
          )}
          <Group>
            <Button loading={busy} onClick={() => void run(true)}>
              I understand — choose where to save it
            </Button>
            <Button variant="default" disabled={busy} onClick={() => setWarning(null)}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
