import { Alert, Box, Button, Grid, Group, NativeSelect, Paper, ScrollArea, Stack, Table, Text, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, isCommandError, messageOf, type NewGroup, type SchedulePreview } from "../../api";
import { coreText, formatDate, formatTime } from "../../format";
import { keys, useChange } from "../../queries";
import { blankGroup, GROUP_FIELDS, toNewGroup, useGroupForm } from "./groupForm";
import { GroupSections } from "./GroupSections";

const SCHEDULE_FIELDS = [
  "capacity",
  "session_minutes",
  "planned_sessions",
  "closes_after_session",
  "first_date",
  "start_time",
] as const;

/** Groups → New group: the form on the left, the dates it gives on the right, live. */
export function NewGroupPage() {
  const navigate = useNavigate();
  const templates = useQuery({ queryKey: keys.templates, queryFn: api.listTemplates });
  const previous = useQuery({ queryKey: keys.groups, queryFn: api.listGroups });
  const form = useGroupForm(blankGroup());
  const create = useChange(["planning", "measures"], (n: NewGroup) => api.createGroup(n));

  const [debounced] = useDebouncedValue(form.values, 250);
  // The dates depend on the schedule only: preview them as soon as it is valid, name or not.
  const ready =
    SCHEDULE_FIELDS.every((f) => form.isValid(f)) &&
    form.values.blackout_dates.every((_, i) => form.isValid(`blackout_dates.${i}.date`));
  const previewOf = toNewGroup({
    ...debounced,
    name: debounced.name.trim() || "New group",
    type_label: debounced.type_label.trim() || "Group",
  });
  const preview = useQuery({
    queryKey: ["preview", previewOf],
    queryFn: () => api.previewGroup(previewOf),
    enabled: ready,
  });

  const submit = form.onSubmit(async (values) => {
    try {
      const created = await create.mutateAsync(toNewGroup(values));
      navigate(`/groups/${created.id}`, { state: { notes: created.outcome.notes } });
    } catch (e) {
      if (isCommandError(e) && e.field && GROUP_FIELDS.has(e.field)) form.setFieldError(e.field, messageOf(e));
    }
  });
  const failed = create.isError && !(isCommandError(create.error) && create.error.field && GROUP_FIELDS.has(create.error.field));
  const v = form.values;

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={1200}>
        <Box className="sticky-title">
          <Group justify="space-between" py="xs">
            <Title order={1} size="h2">
              New group
            </Title>
            <Group>
              <Button variant="default" onClick={() => navigate("/groups")}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create group
              </Button>
            </Group>
          </Group>
        </Box>
        {failed && (
          <Alert color="red" role="alert" title="The group was not created">
            {messageOf(create.error)}
          </Alert>
        )}
        <Grid gap="lg">
          <Grid.Col span={7}>
            <Stack>
              <GroupSections form={form} withBlackouts />
              <Paper withBorder p="md">
                <Stack>
                  <Title order={2} size="h4">
                    Curriculum
                  </Title>
                  <NativeSelect
                    label="Session plans"
                    data={[
                      {
                        group: "Templates",
                        items: (templates.data ?? []).map((t) => ({ value: `template:${t.id}`, label: t.name })),
                      },
                      ...((previous.data ?? []).length > 0
                        ? [
                            {
                              group: "Start from a previous group",
                              items: (previous.data ?? []).map((g) => ({ value: `group:${g.id}`, label: g.name })),
                            },
                          ]
                        : []),
                      { group: "Other", items: [{ value: "blank", label: "Blank — I will write each plan" }] },
                    ]}
                    {...form.getInputProps("curriculum")}
                  />
                  <Text size="sm" c="dimmed">
                    {templates.data?.find((t) => `template:${t.id}` === v.curriculum)?.description ?? ""}
                  </Text>
                </Stack>
              </Paper>
            </Stack>
          </Grid.Col>
          <Grid.Col span={5}>
            <PreviewPanel
              preview={ready ? (preview.data ?? null) : null}
              error={!ready ? "Some schedule fields need attention; the dates appear once they are right." : preview.isError ? messageOf(preview.error) : null}
            />
          </Grid.Col>
        </Grid>
      </Stack>
    </form>
  );
}

function PreviewPanel({ preview, error }: { preview: SchedulePreview | null; error: string | null }) {
  return (
    <Paper withBorder p="md" pos="sticky" top={130}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          Preview
        </Title>
        {error && (
          <Alert color="orange" title="Not ready yet">
            {error}
          </Alert>
        )}
        {preview && !error && (
          <>
            <Text size="sm">
              {preview.sessions.length} sessions, ending <b>{formatDate(preview.end_date)}</b>.
            </Text>
            {preview.skipped.length > 0 && (
              <Text size="sm" c="dimmed">
                Skipped:{" "}
                {preview.skipped.map((b) => `${formatDate(b.date)}${b.label ? ` (${b.label})` : ""}`).join("; ")}
              </Text>
            )}
            {preview.template_note && (
              <Alert color="blue" variant="light">
                {coreText(preview.template_note)}
              </Alert>
            )}
            <ScrollArea.Autosize mah={480}>
              <Table aria-label="Schedule preview" verticalSpacing={6}>
                <Table.Tbody>
                  {preview.sessions.map((s) => (
                    <Table.Tr key={s.number}>
                      <Table.Td w={32} c="dimmed" style={{ verticalAlign: "top" }}>
                        {s.number}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {formatDate(s.date)}, {formatTime(s.start_time)}
                        </Text>
                        <Text size="sm" c={s.topic ? undefined : "dimmed"}>
                          {s.topic || "No plan yet"}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
          </>
        )}
      </Stack>
    </Paper>
  );
}
