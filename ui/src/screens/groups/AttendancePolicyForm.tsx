import { useEffect, useState } from "react";
import { Alert, Button, Checkbox, Group, NumberInput, Paper, Radio, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api, isCommandError, messageOf, type AttendancePolicy } from "../../api";
import { ABSENCE_LIMIT, ATTENDANCE_PRESETS } from "../../bindings/limits";
import { keys, useChange } from "../../queries";

const same = (a: AttendancePolicy, b: AttendancePolicy) =>
  a.in_a_row === b.in_a_row && a.in_total === b.in_total && a.excused_count === b.excused_count;

function limitError(v: number | null): string | null {
  if (v === null) return null;
  return Number.isInteger(v) && v >= ABSENCE_LIMIT.min && v <= ABSENCE_LIMIT.max
    ? null
    : `Between ${ABSENCE_LIMIT.min} and ${ABSENCE_LIMIT.max}.`;
}

/** The group's attendance policy: a preset or the clinician's own rule. Alerts follow at once. */
export function AttendancePolicyForm({ groupId }: { groupId: string }) {
  const current = useQuery({ queryKey: keys.policy(groupId), queryFn: () => api.attendancePolicy(groupId) });
  const [draft, setDraft] = useState<AttendancePolicy | null>(null);
  const [custom, setCustom] = useState(false);
  const [saved, setSaved] = useState(false);
  const save = useChange(["sessions", "planning"], (p: AttendancePolicy) => api.setAttendancePolicy(groupId, p));
  useEffect(() => {
    if (current.data) {
      setDraft(current.data);
      setCustom(!ATTENDANCE_PRESETS.some((p) => same(p.policy, current.data)));
    }
  }, [current.data]);
  if (!draft) return current.isError ? <Alert color="red">{messageOf(current.error)}</Alert> : null;
  const preset = custom ? "custom" : (ATTENDANCE_PRESETS.find((p) => same(p.policy, draft))?.name ?? "custom");
  const errors = { in_a_row: limitError(draft.in_a_row), in_total: limitError(draft.in_total) };
  const coreField = isCommandError(save.error) ? save.error.field : null;
  const change = (p: AttendancePolicy) => {
    setDraft(p);
    setSaved(false);
    save.reset();
  };
  const count = (label: string, key: "in_a_row" | "in_total") => (
    <Group gap="xs" align="flex-end">
      <Checkbox
        label={label}
        checked={draft[key] !== null}
        onChange={(e) => change({ ...draft, [key]: e.currentTarget.checked ? (key === "in_a_row" ? 2 : 3) : null })}
        mb={8}
      />
      {draft[key] !== null && (
        <NumberInput
          aria-label={`${label}: how many`}
          w={90}
          value={draft[key] ?? ""}
          onChange={(v) => change({ ...draft, [key]: v === "" ? 0 : Number(v) })}
          min={ABSENCE_LIMIT.min}
          max={ABSENCE_LIMIT.max}
          clampBehavior="none"
          allowDecimal={false}
          error={errors[key] ?? (coreField === key ? messageOf(save.error) : null)}
        />
      )}
    </Group>
  );
  return (
    <Paper withBorder p="md" maw={760}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!errors.in_a_row && !errors.in_total) save.mutate(draft, { onSuccess: () => setSaved(true) });
        }}
      >
        <Stack>
          <div>
            <Title order={2} size="h4">
              Attendance policy
            </Title>
            <Text size="sm" c="dimmed">
              When a member's absences reach the policy, an alert asks for a follow-up on Today, the roster and their
              profile.
            </Text>
          </div>
          <Radio.Group
            label="Alert after"
            value={preset}
            onChange={(v) => {
              const p = ATTENDANCE_PRESETS.find((x) => x.name === v);
              setCustom(!p);
              if (p) change(p.policy);
            }}
          >
            <Stack gap={6} mt={4}>
              {ATTENDANCE_PRESETS.map((p) => (
                <Radio key={p.name} value={p.name} label={p.label} />
              ))}
              <Radio value="custom" label="My own rule" />
            </Stack>
          </Radio.Group>
          {preset === "custom" && (
            <Stack gap="xs" pl="md">
              {count("Absences in a row", "in_a_row")}
              {count("Absences in total", "in_total")}
              {draft.in_a_row === null && draft.in_total === null && (
                <Text size="sm" c="orange.8">
                  With neither rule, this group raises no absence alerts.
                </Text>
              )}
            </Stack>
          )}
          <Checkbox
            label="Absences with notice count (uncheck to count only absences without notice)"
            checked={draft.excused_count}
            onChange={(e) => change({ ...draft, excused_count: e.currentTarget.checked })}
          />
          {save.isError && !coreField && (
            <Alert color="red" role="alert">
              {messageOf(save.error)}
            </Alert>
          )}
          {saved && (
            <Alert color="teal" variant="light" role="status">
              The attendance policy is saved; the alerts follow it now.
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={save.isPending} disabled={current.data !== undefined && same(current.data, draft)}>
              Save the policy
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
