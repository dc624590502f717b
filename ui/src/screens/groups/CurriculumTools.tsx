import { useState } from "react";
import { Alert, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api, messageOf } from "../../api";
import { keys, useChange } from "../../queries";
import { useProgram } from "./programContext";

/** Apply a template to the sessions still to come, or save this group's curriculum as a template. */
export function CurriculumTools() {
  const { program, showNotes } = useProgram();
  const groupId = program.group.id;
  const templates = useQuery({ queryKey: keys.templates, queryFn: api.listTemplates });
  const [choice, setChoice] = useState("");
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const apply = useChange(["planning"], (id: string) => api.applyTemplate(groupId, id));
  const save = useChange(["planning"], (n: string) => api.saveAsTemplate(groupId, n, ""));
  const chosen = choice || templates.data?.[0]?.id || "";
  return (
    <Stack maw={640}>
      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h4">
            Apply a template
          </Title>
          <Text size="sm" c="dimmed">
            Replaces the plans of the sessions still to come. Sessions already held keep theirs.
          </Text>
          <NativeSelect
            label="Template"
            value={chosen}
            onChange={(e) => setChoice(e.currentTarget.value)}
            data={(templates.data ?? []).map((t) => ({ value: t.id, label: `${t.name} (${t.session_count} sessions)` }))}
          />
          {apply.isError && <Alert color="red">{messageOf(apply.error)}</Alert>}
          <Group>
            <Button
              disabled={!chosen}
              loading={apply.isPending}
              onClick={() => apply.mutate(chosen, { onSuccess: (out) => showNotes(["The template was applied.", ...out.notes]) })}
            >
              Apply template
            </Button>
          </Group>
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h4">
            Save as a template
          </Title>
          <TextInput
            label="Template name"
            value={name}
            error={nameError ?? (save.isError ? messageOf(save.error) : null)}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setNameError(null);
              save.reset();
            }}
          />
          <Group>
            <Button
              loading={save.isPending}
              onClick={() => {
                if (name.trim() === "") {
                  setNameError("Give the template a name.");
                  return;
                }
                save.mutate(name, {
                  onSuccess: (t) => {
                    setName("");
                    showNotes([`Saved the template “${t.name}” with ${t.session_count} sessions.`]);
                  },
                });
              }}
            >
              Save as template
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
