import { useEffect, useState } from "react";
import {
  ActionIcon,
  Alert,
  Button,
  Grid,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { useForm, type UseFormReturnType } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import {
  api,
  isCommandError,
  messageOf,
  type BlackoutDate,
  type GroupInput,
  type GroupSummary,
  type NewGroup,
  type SchedulePreview,
  type TemplateSummary,
} from "../../api";
import { formatDate, formatTime, GROUP_TYPES, nextMonday } from "../../format";

export type Values = Omit<GroupInput, "capacity" | "session_minutes" | "planned_sessions" | "closes_after_session"> & {
  capacity: number | string;
  session_minutes: number | string;
  planned_sessions: number | string;
  closes_after_session: number | string;
  blackout_dates: BlackoutDate[];
  curriculum: string;
};

export const FIELDS = new Set([
  "name",
  "type_label",
  "approach",
  "description",
  "capacity",
  "session_minutes",
  "planned_sessions",
  "closes_after_session",
  "first_date",
  "start_time",
  "location",
  "co_facilitators",
  "blackout_dates",
]);

function num(v: number | string): number {
  return typeof v === "number" ? v : Number.parseInt(v, 10);
}

function range(lo: number, hi: number, what: string, unit: string) {
  return (v: number | string) => {
    const n = num(v);
    return Number.isInteger(n) && n >= lo && n <= hi
      ? null
      : `${what} must be between ${lo} and ${hi}${unit ? ` ${unit}` : ""}.`;
  };
}

export function toNewGroup(v: Values): NewGroup {
  const [kind, id] = v.curriculum.split(":", 2) as [string, string | undefined];
  return {
    group: {
      name: v.name,
      group_type: v.group_type,
      type_label: v.type_label,
      approach: v.approach,
      description: v.description,
      membership: v.membership,
      closes_after_session: v.membership === "closed" ? num(v.closes_after_session) || 0 : null,
      capacity: num(v.capacity) || 0,
      session_minutes: num(v.session_minutes) || 0,
      cadence: v.cadence,
      planned_sessions: num(v.planned_sessions) || 0,
      first_date: v.first_date,
      start_time: v.start_time,
      location: v.location,
      co_facilitators: v.co_facilitators,
    },
    blackout_dates: v.blackout_dates.filter((b) => b.date.trim() !== ""),
    template_id: kind === "template" ? v.curriculum.slice("template:".length) : null,
    copy_from_group: kind === "group" && id ? id : null,
  };
}

/** The group form with the rules checked as you type (the core checks again). */
export function useGroupForm(initial: Values): FormApi {
  return useForm<Values>({
    mode: "controlled",
    initialValues: initial,
    validateInputOnChange: true,
    validate: {
      name: (v) => (v.trim() === "" ? "Give the group a name." : null),
      type_label: (v, values) =>
        values.group_type === "other" && v.trim() === "" ? "Say what kind of group this is." : null,
      capacity: range(6, 12, "Capacity", "members"),
      session_minutes: range(30, 180, "Session length", "minutes"),
      planned_sessions: range(1, 52, "The number of sessions", ""),
      closes_after_session: (v, values) =>
        values.membership === "closed" ? range(1, num(values.planned_sessions) || 52, "This", "")(v) : null,
      first_date: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? null : "Enter the date as year-month-day, like 2027-01-11."),
      start_time: (v) => (/^([01]?\d|2[0-3]):[0-5]\d$/.test(v.trim()) ? null : "Enter the time as hours and minutes, like 18:00."),
    },
  });
}

export function NewGroupForm({
  onCancel,
  onCreated,
  onError,
}: {
  onCancel: () => void;
  onCreated: (id: string, notes: string[]) => void;
  onError: (e: unknown) => void;
}) {
  const [templates, setTemplates] = useState<TemplateSummary[]>([]);
  const [previous, setPrevious] = useState<GroupSummary[]>([]);
  const [preview, setPreview] = useState<SchedulePreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const form = useGroupForm({
        name: "",
        group_type: "cognitive_behavioural",
        type_label: "",
        approach: "",
        description: "",
        membership: "closed",
        closes_after_session: 2,
        capacity: 10,
        session_minutes: 90,
        cadence: "weekly",
        planned_sessions: 12,
        first_date: nextMonday(),
        start_time: "18:00",
        location: "",
        co_facilitators: [],
        blackout_dates: [],
        curriculum: "template:builtin:cbt-depression-12",
  });

  useEffect(() => {
    api.listTemplates().then(setTemplates).catch(onError);
    api.listGroups().then(setPrevious).catch(onError);
  }, [onError]);

  const [debounced] = useDebouncedValue(form.values, 250);
  useEffect(() => {
    let current = true;
    api
      .previewGroup(toNewGroup(debounced))
      .then((p) => {
        if (!current) return;
        setPreview(p);
        setPreviewError(null);
      })
      .catch((e: unknown) => {
        if (!current) return;
        setPreview(null);
        setPreviewError(messageOf(e));
      });
    return () => {
      current = false;
    };
  }, [debounced]);

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const created = await api.createGroup(toNewGroup(values));
      onCreated(created.id, created.outcome.notes);
    } catch (e) {
      onError(e);
      if (isCommandError(e) && e.field && FIELDS.has(e.field)) {
        form.setFieldError(e.field, e.message);
      } else {
        setError(messageOf(e));
      }
    } finally {
      setBusy(false);
    }
  });

  const v = form.values;

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={1200}>
        <Group justify="space-between">
          <Title order={1} size="h2">
            New group
          </Title>
          <Text c="dimmed" size="sm">
            The preview on the right updates as you type.
          </Text>
        </Group>
        {error && (
          <Alert color="red" role="alert" title="The group was not created">
            {error}
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
                      { group: "Templates", items: templates.map((t) => ({ value: `template:${t.id}`, label: `${t.name}` })) },
                      ...(previous.length > 0
                        ? [{ group: "Start from a previous group", items: previous.map((g) => ({ value: `group:${g.id}`, label: g.name })) }]
                        : []),
                      { group: "Other", items: [{ value: "blank", label: "Blank — I will write each plan" }] },
                    ]}
                    {...form.getInputProps("curriculum")}
                  />
                  <Text size="sm" c="dimmed">
                    {templates.find((t) => `template:${t.id}` === v.curriculum)?.description ?? ""}
                  </Text>
                </Stack>
              </Paper>
              <Group justify="flex-end">
                <Button variant="default" onClick={onCancel}>
                  Cancel
                </Button>
                <Button type="submit" loading={busy} size="md">
                  Create group
                </Button>
              </Group>
            </Stack>
          </Grid.Col>
          <Grid.Col span={5}>
            <PreviewPanel preview={preview} error={previewError} />
          </Grid.Col>
        </Grid>
      </Stack>
    </form>
  );
}

type FormApi = UseFormReturnType<Values>;

/** The fields of a group, shared by "New group" and the group's Details tab. */
export function GroupSections({ form, withBlackouts }: { form: FormApi; withBlackouts: boolean }) {
  const v = form.values;
  const dateHint = /^\d{4}-\d{2}-\d{2}$/.test(v.first_date) ? formatDate(v.first_date) : "Year-month-day";
  return (
    <>
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h4">
          The group
        </Title>
        <TextInput label="Group name" placeholder="e.g. Monday CBT for depression" {...form.getInputProps("name")} />
        <SimpleGrid cols={2}>
          <NativeSelect label="Type" data={GROUP_TYPES} {...form.getInputProps("group_type")} />
          {v.group_type === "other" ? (
            <TextInput label="Type label" {...form.getInputProps("type_label")} />
          ) : (
            <TextInput label="Theoretical approach" placeholder="CBT, DBT, ACT…" {...form.getInputProps("approach")} />
          )}
        </SimpleGrid>
        {v.group_type === "other" && (
          <TextInput label="Theoretical approach" {...form.getInputProps("approach")} />
        )}
        <Textarea label="Description" autosize minRows={2} {...form.getInputProps("description")} />
      </Stack>
    </Paper>
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h4">
          Membership
        </Title>
        <SimpleGrid cols={3}>
          <NativeSelect
            label="Membership"
            data={[
              { value: "closed", label: "Closed" },
              { value: "open", label: "Open" },
            ]}
            {...form.getInputProps("membership")}
          />
          {v.membership === "closed" && (
            <NumberInput
              label="No one joins after session"
              min={1}
              max={52}
              allowDecimal={false}
              {...form.getInputProps("closes_after_session")}
            />
          )}
          <NumberInput label="Capacity (members)" min={6} max={12} allowDecimal={false} {...form.getInputProps("capacity")} />
        </SimpleGrid>
      </Stack>
    </Paper>
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h4">
          Schedule
        </Title>
        <SimpleGrid cols={3}>
          <TextInput label="First session date" description={dateHint} {...form.getInputProps("first_date")} />
          <TextInput label="Start time" description="Local time, 24-hour" {...form.getInputProps("start_time")} />
          <NumberInput
            label="Session length (minutes)"
            description="30 to 180"
            min={30}
            max={180}
            step={15}
            allowDecimal={false}
            {...form.getInputProps("session_minutes")}
          />
          <NativeSelect
            label="Meets"
            data={[
              { value: "weekly", label: "Every week" },
              { value: "biweekly", label: "Every two weeks" },
            ]}
            {...form.getInputProps("cadence")}
          />
          <NumberInput label="Number of sessions" min={1} max={52} allowDecimal={false} {...form.getInputProps("planned_sessions")} />
          <TextInput label="Location" {...form.getInputProps("location")} />
        </SimpleGrid>
        {withBlackouts && <BlackoutRows form={form} />}
      </Stack>
    </Paper>
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h4">
          Co-facilitators
        </Title>
        {v.co_facilitators.map((_, i) => (
          <Group key={i} align="flex-end">
            <TextInput label={`Co-facilitator ${i + 1} name`} {...form.getInputProps(`co_facilitators.${i}.name`)} />
            <TextInput label={`Co-facilitator ${i + 1} credentials`} {...form.getInputProps(`co_facilitators.${i}.credentials`)} />
            <Button variant="subtle" color="red" onClick={() => form.removeListItem("co_facilitators", i)}>
              Remove
            </Button>
          </Group>
        ))}
        {form.errors.co_facilitators && <Text c="red.8" size="sm">{form.errors.co_facilitators}</Text>}
        <Group>
          <Button variant="light" onClick={() => form.insertListItem("co_facilitators", { name: "", credentials: "" })}>
            Add co-facilitator
          </Button>
        </Group>
      </Stack>
    </Paper>
    </>
  );
}


function BlackoutRows({ form }: { form: FormApi }) {
  const rows = form.values.blackout_dates;
  return (
    <Stack gap="xs">
      <Text fw={500} size="sm">
        Blackout dates (holidays, leave): no session is planned on them and the program extends
      </Text>
      {rows.map((_, i) => (
        <Group key={i} align="flex-end">
          <TextInput label={`Blackout date ${i + 1}`} placeholder="2027-01-18" {...form.getInputProps(`blackout_dates.${i}.date`)} />
          <TextInput label={`Reason ${i + 1}`} placeholder="Public holiday" {...form.getInputProps(`blackout_dates.${i}.label`)} />
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove blackout date ${i + 1}`}
            onClick={() => form.removeListItem("blackout_dates", i)}
            mb={4}
          >
            ✕
          </ActionIcon>
        </Group>
      ))}
      {form.errors.blackout_dates && <Text c="red.8" size="sm">{form.errors.blackout_dates}</Text>}
      <Group>
        <Button variant="light" size="xs" onClick={() => form.insertListItem("blackout_dates", { date: "", label: "" })}>
          Add blackout date
        </Button>
      </Group>
    </Stack>
  );
}

function PreviewPanel({ preview, error }: { preview: SchedulePreview | null; error: string | null }) {
  return (
    <Paper withBorder p="md" pos="sticky" top={72}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          Preview
        </Title>
        {error && (
          <Alert color="orange" title="Not ready yet">
            {error}
          </Alert>
        )}
        {preview && (
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
                {preview.template_note}
              </Alert>
            )}
            <ScrollArea.Autosize mah={520}>
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
