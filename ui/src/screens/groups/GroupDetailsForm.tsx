import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { api, isCommandError, messageOf, type GroupInput } from "../../api";
import { useChange } from "../../queries";
import { GROUP_FIELDS, groupValues, toGroupInput, useGroupForm } from "./groupForm";
import { AttendancePolicyForm } from "./AttendancePolicyForm";
import { ServiceCodeForm } from "./ServiceCodeForm";
import { NoteFormatForm } from "./NoteFormatForm";
import { GroupSections } from "./GroupSections";
import { useProgram } from "./programContext";

/** Edits what a group is. Changing its dates lays them out again (until a session is held). */
export function GroupDetailsForm() {
  const { program, showNotes } = useProgram();
  const g = program.group;
  const form = useGroupForm(groupValues(g));
  const save = useChange(["planning"], (input: GroupInput) => api.updateGroup(g.id, input));
  const submit = form.onSubmit(async (values) => {
    try {
      const out = await save.mutateAsync(toGroupInput(values));
      form.resetDirty();
      showNotes(["The group's details are saved.", ...out.notes]);
    } catch (e) {
      if (isCommandError(e) && e.field && GROUP_FIELDS.has(e.field)) form.setFieldError(e.field, messageOf(e));
    }
  });
  const failed = save.isError && !(isCommandError(save.error) && save.error.field && GROUP_FIELDS.has(save.error.field));
  return (
    <Stack gap="xl">
      <form onSubmit={submit} noValidate>
        <Stack maw={760}>
          <Text size="sm" c="dimmed">
            Changing the first date, start time, cadence or number of sessions lays the dates out again, keeping every
            session and its plan in order — possible until the first session is held.
          </Text>
          <GroupSections form={form} withBlackouts={false} />
          {failed && (
            <Alert color="red" role="alert">
              {messageOf(save.error)}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
              Save details
            </Button>
          </Group>
        </Stack>
      </form>
      <AttendancePolicyForm groupId={g.id} />
      <NoteFormatForm groupId={g.id} />
      <ServiceCodeForm groupId={g.id} />
    </Stack>
  );
}
