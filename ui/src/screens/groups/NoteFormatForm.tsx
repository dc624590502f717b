import { Alert, NativeSelect, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api, messageOf, type NoteFormat } from "../../api";
import { NOTE_FORMAT, options } from "../../labels";
import { keys, useChange } from "../../queries";

/** The format of the group's group notes (SOAP, DAP, BIRP or free text). */
export function NoteFormatForm({ groupId }: { groupId: string }) {
  const format = useQuery({ queryKey: keys.noteFormat(groupId), queryFn: () => api.noteFormat(groupId) });
  const save = useChange(["notes", "planning"], (f: NoteFormat) => api.setNoteFormat(groupId, f));
  if (!format.data) return null;
  return (
    <Paper withBorder p="lg">
      <Stack>
        <div>
          <Title order={2} size="h4">
            Group notes
          </Title>
          <Text size="sm" c="dimmed">
            The format of the group note written after each session. Notes already started keep their format.
          </Text>
        </div>
        <NativeSelect
          label="Group note format"
          maw={420}
          value={format.data}
          onChange={(e) => save.mutate(e.currentTarget.value as NoteFormat)}
          data={options(NOTE_FORMAT).filter((o) => o.value !== "progress")}
        />
        {save.isError && (
          <Alert color="red" role="alert">
            {messageOf(save.error)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
