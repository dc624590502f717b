import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { Alert, Badge, Button, Group, NumberInput, Paper, Table, Text, Title, Tooltip } from "@mantine/core";
import { api, messageOf, type SessionView } from "../../api";
import type { AttendanceStatus } from "../../bindings/AttendanceStatus";
import type { ExpectedMember } from "../../bindings/ExpectedMember";
import { coreText } from "../../format";
import { ATTENDANCE_KEY, ATTENDANCE_STATUS, personName } from "../../labels";
import { useChange } from "../../queries";

type Row = { status: AttendanceStatus | null; minutes: number | string };

const STATUSES = Object.keys(ATTENDANCE_STATUS) as AttendanceStatus[];
const SHORT: Record<AttendanceStatus, string> = {
  present: "Present",
  late: "Late",
  left_early: "Left early",
  absent_excused: "Absent, notice",
  absent_unexcused: "Absent, no notice",
};
const takesMinutes = (s: AttendanceStatus | null) => s === "late" || s === "left_early";

function rowsOf(expected: ExpectedMember[]): Record<string, Row> {
  return Object.fromEntries(
    expected.map((e) => [e.place_id, { status: e.mark?.status ?? null, minutes: e.mark?.minutes ?? "" }]),
  );
}

/**
 * Who is expected, and their attendance: a few keys per member (P, L, E, N, U;
 * minutes after L or E, then Enter), "All present" as a start, the whole
 * sheet saved at once.
 */
export function AttendanceSheet({ view }: { view: SessionView }) {
  const sessionId = view.detail.session.id;
  const [rows, setRows] = useState<Record<string, Row>>(() => rowsOf(view.expected));
  const [dirty, setDirty] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const table = useRef<HTMLTableSectionElement>(null);
  const save = useChange(["sessions"], () =>
    api.saveAttendance(
      sessionId,
      view.expected
        .filter((e) => rows[e.place_id]?.status)
        .map((e) => {
          const r = rows[e.place_id]!;
          return {
            place_id: e.place_id,
            status: r.status ?? "",
            minutes: takesMinutes(r.status) && r.minutes !== "" ? Number(r.minutes) : null,
          };
        }),
    ),
  );
  // A fresh reading of the sheet from the core replaces it, unless edits are waiting.
  useEffect(() => {
    if (!dirty) setRows(rowsOf(view.expected));
  }, [view.expected]); // eslint-disable-line react-hooks/exhaustive-deps

  const set = (place: string, patch: Partial<Row>) => {
    setRows((r) => ({ ...r, [place]: { ...(r[place] ?? { status: null, minutes: "" }), ...patch } }));
    setDirty(true);
    setSaved(null);
  };
  const focusRow = (i: number) => {
    const radios = table.current?.querySelectorAll<HTMLElement>(`[data-row="${i}"] [role="radio"][tabindex="0"]`);
    radios?.[0]?.focus();
  };
  const focusMinutes = (i: number) => table.current?.querySelector<HTMLInputElement>(`[data-row="${i}"] input`)?.focus();
  const submit = () =>
    save.mutate(undefined, {
      onSuccess: (r) => {
        setDirty(false);
        setSaved(
          `Attendance saved: ${r.marked === 1 ? "1 mark" : `${r.marked} marks`}.` +
            (r.corrected > 0 ? ` ${r.corrected === 1 ? "1 correction" : `${r.corrected} corrections`} recorded.` : ""),
        );
      },
    });
  const onRowKey = (i: number, place: string) => (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      e.preventDefault();
      submit();
      return;
    }
    const status = STATUSES.find((s) => ATTENDANCE_KEY[s].toLowerCase() === e.key.toLowerCase());
    if (status && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      set(place, { status });
      if (takesMinutes(status)) setTimeout(() => focusMinutes(i), 0);
      else setTimeout(() => focusRow(i + 1), 0);
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      focusRow(i + 1);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      focusRow(i - 1);
    }
  };
  const marked = view.expected.filter((e) => rows[e.place_id]?.status).length;
  const alertOf = new Map(view.alerts.map((a) => [a.place_id, a]));

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          Who is expected ({view.expected.length})
        </Title>
        {!view.why_no_attendance && view.expected.length > 0 && (
          <Button
            size="xs"
            variant="default"
            onClick={() => {
              // Everyone not marked yet becomes present; marks already given stay.
              setRows((r) => {
                const next = { ...r };
                for (const e of view.expected) {
                  if (!next[e.place_id]?.status) next[e.place_id] = { status: "present", minutes: "" };
                }
                return next;
              });
              setDirty(true);
              setSaved(null);
              setTimeout(() => focusRow(0), 0);
            }}
          >
            All present
          </Button>
        )}
      </Group>
      {view.expected.length === 0 && <Text c="dimmed">No one is enrolled for this session.</Text>}
      {view.why_no_attendance && view.expected.length > 0 && (
        <Text size="sm" c="dimmed" mb="xs">
          {coreText(view.why_no_attendance)}
        </Text>
      )}
      {view.expected.length > 0 && (
        <Table aria-label="Attendance" verticalSpacing={6}>
          <Table.Tbody ref={table}>
            {view.expected.map((e, i) => {
              const row = rows[e.place_id] ?? { status: null, minutes: "" };
              const name = personName(e.legal_name, e.preferred_name);
              const alert = alertOf.get(e.place_id);
              return (
                <Table.Tr key={e.place_id} data-row={i}>
                  <Table.Td>
                    <Text fw={600} size="sm">
                      {name}
                      {e.pronouns && (
                        <Text span c="dimmed" fw={400}>
                          {" "}
                          · {e.pronouns}
                        </Text>
                      )}
                    </Text>
                    <Group gap={4}>
                      {(e.agreed_version ?? 0) < view.rules.version && (
                        <Badge size="xs" color="orange" variant="light">
                          Not agreed to the current rules
                        </Badge>
                      )}
                      {alert && (
                        <Tooltip label={coreText(alert.reason)} multiline w={280}>
                          <Badge size="xs" color="red" variant="light">
                            Absence follow-up due
                          </Badge>
                        </Tooltip>
                      )}
                      {e.mark?.corrected && (
                        <Badge size="xs" color="gray" variant="light">
                          Corrected
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {!view.why_no_attendance && (
                      <Group gap={6} wrap="nowrap" onKeyDown={onRowKey(i, e.place_id)}>
                        <MarkPicker name={name} value={row.status} onChange={(status) => set(e.place_id, { status })} />
                        {takesMinutes(row.status) && (
                          <NumberInput
                            size="xs"
                            w={86}
                            min={1}
                            max={view.detail.session_minutes}
                            clampBehavior="none"
                            allowDecimal={false}
                            suffix=" min"
                            aria-label={`Minutes ${row.status === "late" ? "late" : "left early"} for ${name}`}
                            value={row.minutes}
                            onChange={(v) => set(e.place_id, { minutes: v })}
                            onKeyDown={(k) => {
                              if (k.key === "Enter" && !k.ctrlKey) {
                                k.preventDefault();
                                k.stopPropagation();
                                focusRow(i + 1);
                              }
                            }}
                          />
                        )}
                      </Group>
                    )}
                    {view.why_no_attendance && e.mark && <Text size="sm">{ATTENDANCE_STATUS[e.mark.status]}</Text>}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {!view.why_no_attendance && view.expected.length > 0 && (
        <>
          <Text size="xs" c="dimmed" mt="xs">
            Keys on a row: P present · L late · E left early · N absent with notice · U absent without notice · ↑↓ move ·
            Ctrl+Enter saves.
          </Text>
          {save.isError && (
            <Alert color="red" role="alert" mt="xs">
              {messageOf(save.error)}
            </Alert>
          )}
          {saved && (
            <Alert color="teal" variant="light" role="status" mt="xs">
              {saved}
            </Alert>
          )}
          <Group mt="sm">
            <Button onClick={submit} loading={save.isPending} disabled={!dirty}>
              Save attendance
            </Button>
            <Text size="sm" c="dimmed">
              {marked} of {view.expected.length} marked{dirty ? " · not saved yet" : ""}
            </Text>
          </Group>
        </>
      )}
    </Paper>
  );
}

/** The five marks as one radio group: arrows move between them, a letter picks one. */
function MarkPicker({
  name,
  value,
  onChange,
}: {
  name: string;
  value: AttendanceStatus | null;
  onChange: (s: AttendanceStatus) => void;
}) {
  const focusable = value ?? "present";
  return (
    <Group gap={2} role="radiogroup" aria-label={`Attendance of ${name}`} wrap="nowrap">
      {STATUSES.map((s) => (
        <Button
          key={s}
          role="radio"
          aria-checked={value === s}
          aria-label={`${ATTENDANCE_STATUS[s]} (${ATTENDANCE_KEY[s]})`}
          tabIndex={s === focusable ? 0 : -1}
          size="compact-xs"
          variant={value === s ? "filled" : "default"}
          color={s.startsWith("absent") ? "red.7" : s === "present" ? "teal.8" : "orange.8"}
          onClick={() => onChange(s)}
          onKeyDown={(e) => {
            const i = STATUSES.indexOf(s);
            const to = e.key === "ArrowRight" ? STATUSES[i + 1] : e.key === "ArrowLeft" ? STATUSES[i - 1] : undefined;
            if (to) {
              e.preventDefault();
              e.stopPropagation();
              onChange(to);
              const next = e.currentTarget.parentElement?.children[i + (e.key === "ArrowRight" ? 1 : -1)];
              (next as HTMLElement | undefined)?.focus();
            }
          }}
        >
          {SHORT[s]}
        </Button>
      ))}
    </Group>
  );
}
