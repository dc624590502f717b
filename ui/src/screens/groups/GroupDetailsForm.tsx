import { useState } from "react";
import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { api, isCommandError, messageOf, type Program } from "../../api";
import { FIELDS, GroupSections, toNewGroup, useGroupForm } from "./NewGroupForm";

/** Edits what a group is. Changing its dates lays them out again (until a session is held). */
export function GroupDetailsForm({
  program,
  onSaved,
  onError,
}: {
  program: Program;
  onSaved: (notes: string[]) => void;
  onError: (e: unknown) => void;
}) {
  const g = program.group;
  const form = useGroupForm({
    ...g,
    closes_after_session: g.closes_after_session ?? 2,
    blackout_dates: [],
    curriculum: "blank",
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const out = await api.updateGroup(g.id, toNewGroup(values).group);
      form.resetDirty();
      onSaved(["The group's details are saved.", ...out.notes]);
    } catch (e) {
      onError(e);
      if (isCommandError(e) && e.field && FIELDS.has(e.field)) form.setFieldError(e.field, e.message);
      else setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={760}>
        <Text size="sm" c="dimmed">
          Changing the first date, start time, cadence or number of sessions lays the dates out again, keeping every plan
          in its order — possible until the first session is held.
        </Text>
        <GroupSections form={form} withBlackouts={false} />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy} disabled={!form.isDirty()}>
            Save details
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
