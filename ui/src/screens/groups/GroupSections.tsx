import { ActionIcon, Button, Group, NativeSelect, NumberInput, Paper, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { DateField } from "../../components/DateField";
import { TimeField } from "../../components/TimeField";
import { formatDate, parseDate } from "../../format";
import { CADENCE, GROUP_TYPE, MEMBERSHIP, options } from "../../labels";
import type { GroupForm } from "./groupForm";

/** A number field that never changes what was typed: a value out of range stays, with its message. */
function Whole({ form, field, label, description }: { form: GroupForm; field: "capacity" | "session_minutes" | "planned_sessions" | "closes_after_session"; label: string; description?: string }) {
  return (
    <NumberInput
      label={label}
      description={description}
      allowDecimal={false}
      allowNegative={false}
      clampBehavior="none"
      {...form.getInputProps(field)}
    />
  );
}

/** The fields of a group, shared by "New group" and the group's Details tab. */
export function GroupSections({ form, withBlackouts }: { form: GroupForm; withBlackouts: boolean }) {
  const v = form.values;
  const first = parseDate(v.first_date);
  return (
    <>
      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h4">
            The group
          </Title>
          <TextInput label="Group name" placeholder="e.g. Monday CBT for depression" {...form.getInputProps("name")} />
          <SimpleGrid cols={2}>
            <NativeSelect label="Type" data={options(GROUP_TYPE)} {...form.getInputProps("group_type")} />
            {v.group_type === "other" ? (
              <TextInput label="Type label" {...form.getInputProps("type_label")} />
            ) : (
              <TextInput label="Theoretical approach" placeholder="CBT, DBT, ACT…" {...form.getInputProps("approach")} />
            )}
          </SimpleGrid>
          {v.group_type === "other" && <TextInput label="Theoretical approach" {...form.getInputProps("approach")} />}
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps("description")} />
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h4">
            Membership
          </Title>
          <SimpleGrid cols={3}>
            <NativeSelect label="Membership" data={options(MEMBERSHIP)} {...form.getInputProps("membership")} />
            {v.membership === "closed" && <Whole form={form} field="closes_after_session" label="No one joins after session" />}
            <Whole form={form} field="capacity" label="Capacity (members)" description="6 to 12" />
          </SimpleGrid>
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h4">
            Schedule
          </Title>
          <SimpleGrid cols={2}>
            <DateField
              label="First session date"
              value={v.first_date}
              onChange={(d) => form.setFieldValue("first_date", d)}
              error={form.errors.first_date}
            />
            <TimeField
              label="Start time"
              value={v.start_time}
              onChange={(t) => form.setFieldValue("start_time", t)}
              error={form.errors.start_time}
            />
            <NativeSelect label="Meets" data={options(CADENCE)} {...form.getInputProps("cadence")} />
            <Whole form={form} field="session_minutes" label="Session length (minutes)" description="30 to 180" />
            <Whole form={form} field="planned_sessions" label="Number of sessions" description="1 to 52" />
            <TextInput label="Location" {...form.getInputProps("location")} />
          </SimpleGrid>
          {first && (
            <Text size="sm" c="dimmed">
              The first session is on {formatDate(first)}.
            </Text>
          )}
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
          {form.errors.co_facilitators && (
            <Text c="red.8" size="sm">
              {form.errors.co_facilitators}
            </Text>
          )}
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

function BlackoutRows({ form }: { form: GroupForm }) {
  const rows = form.values.blackout_dates;
  return (
    <Stack gap="xs">
      <Text fw={500} size="sm">
        Blackout dates (holidays, leave): no session is planned on them and the program extends
      </Text>
      {rows.map((b, i) => (
        <Group key={i} align="flex-start">
          <DateField
            label={`Blackout date ${i + 1}`}
            value={b.date}
            onChange={(d) => form.setFieldValue(`blackout_dates.${i}.date`, d)}
            error={form.errors[`blackout_dates.${i}.date`]}
          />
          <TextInput label={`Reason ${i + 1}`} placeholder="Public holiday" {...form.getInputProps(`blackout_dates.${i}.label`)} />
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove blackout date ${i + 1}`}
            onClick={() => form.removeListItem("blackout_dates", i)}
            mt={28}
          >
            ✕
          </ActionIcon>
        </Group>
      ))}
      {form.errors.blackout_dates && (
        <Text c="red.8" size="sm">
          {form.errors.blackout_dates}
        </Text>
      )}
      <Group>
        <Button variant="light" size="xs" onClick={() => form.insertListItem("blackout_dates", { date: "", label: "" })}>
          Add blackout date
        </Button>
      </Group>
    </Stack>
  );
}
