import { useState } from "react";
import { ActionIcon, Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { messageOf, type BlackoutDate, type BlackoutDateInput } from "../api";
import { formatDate, nextMonday, parseDate } from "../format";
import { useChange } from "../queries";
import { DateField } from "./DateField";

/** A list of blackout dates (date + reason), saved as a whole. */
export function BlackoutEditor({
  title,
  help,
  initial,
  save,
}: {
  title: string;
  help: string;
  initial: BlackoutDate[];
  save: (dates: BlackoutDateInput[]) => Promise<void>;
}) {
  const [rows, setRows] = useState<BlackoutDateInput[]>(initial);
  const [saved, setSaved] = useState(false);
  const change = useChange(["planning"], save);
  const bad = rows.map((r) =>
    r.date.trim() === "" || parseDate(r.date) ? null : `Enter a real date, such as ${formatDate(nextMonday())}.`,
  );
  const edit = (i: number, patch: Partial<BlackoutDateInput>) => {
    setSaved(false);
    change.reset();
    setRows((rs) => rs.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  };
  const submit = () => {
    setSaved(false);
    if (bad.some(Boolean)) return;
    const dates = rows
      .filter((r) => r.date.trim() !== "")
      .map((r) => ({ date: parseDate(r.date) ?? r.date, label: r.label }));
    change.mutate(dates, { onSuccess: () => setSaved(true) });
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
            <DateField label={`Date ${i + 1}`} value={r.date} error={bad[i]} onChange={(date) => edit(i, { date })} />
            <TextInput label={`Reason ${i + 1}`} value={r.label} onChange={(e) => edit(i, { label: e.currentTarget.value })} />
            <ActionIcon
              mt={28}
              variant="subtle"
              color="red"
              aria-label={`Remove date ${i + 1}`}
              onClick={() => {
                setSaved(false);
                setRows((rs) => rs.filter((_, j) => j !== i));
              }}
            >
              ✕
            </ActionIcon>
          </Group>
        ))}
        {change.isError && (
          <Alert color="red" role="alert">
            {messageOf(change.error)}
          </Alert>
        )}
        <Group>
          <Button variant="light" onClick={() => setRows((rs) => [...rs, { date: "", label: "" }])}>
            Add a date
          </Button>
          <Button onClick={submit} loading={change.isPending}>
            Save blackout dates
          </Button>
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
