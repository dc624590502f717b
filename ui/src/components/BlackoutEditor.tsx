import { useState } from "react";
import { ActionIcon, Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { isCommandError, messageOf, type BlackoutDate } from "../api";
import { formatDate } from "../format";

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** A list of blackout dates (date + reason), saved as a whole. */
export function BlackoutEditor({
  title,
  help,
  initial,
  save,
  onSaved,
  onError,
}: {
  title: string;
  help: string;
  initial: BlackoutDate[];
  save: (dates: BlackoutDate[]) => Promise<void>;
  onSaved: () => void;
  onError: (e: unknown) => void;
}) {
  const [rows, setRows] = useState<BlackoutDate[]>(initial);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const bad = rows.map((r) => (r.date.trim() === "" || ISO.test(r.date.trim()) ? null : "Year-month-day, like 2027-01-18"));
  const submit = async () => {
    setError(null);
    setSaved(false);
    if (bad.some(Boolean)) return;
    try {
      await save(rows.filter((r) => r.date.trim() !== ""));
      setSaved(true);
      onSaved();
    } catch (e) {
      onError(e);
      setError(isCommandError(e) ? e.message : messageOf(e));
    }
  };
  return (
    <Paper withBorder p="md" maw={720}>
      <Stack>
        <div>
          <Title order={2} size="h4">
            {title}
          </Title>
          <Text size="sm" c="dimmed">
            {help}
          </Text>
        </div>
        {rows.length === 0 && <Text size="sm">No blackout dates.</Text>}
        {rows.map((r, i) => (
          <Group key={i} align="flex-start">
            <TextInput
              label={`Date ${i + 1}`}
              value={r.date}
              error={bad[i]}
              description={ISO.test(r.date) ? formatDate(r.date) : undefined}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setSaved(false);
                setRows((rs) => rs.map((x, j) => (j === i ? { ...x, date: v } : x)));
              }}
            />
            <TextInput
              label={`Reason ${i + 1}`}
              value={r.label}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setSaved(false);
                setRows((rs) => rs.map((x, j) => (j === i ? { ...x, label: v } : x)));
              }}
            />
            <ActionIcon mt={28} variant="subtle" color="red" aria-label={`Remove date ${i + 1}`} onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>
              ✕
            </ActionIcon>
          </Group>
        ))}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button variant="light" onClick={() => setRows((rs) => [...rs, { date: "", label: "" }])}>
            Add a date
          </Button>
          <Button onClick={submit}>Save blackout dates</Button>
          {saved && (
            <Text size="sm" c="teal.8" role="status">
              Saved.
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
