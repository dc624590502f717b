import { useState } from "react";
import { Button, Checkbox, Group, Modal, Stack, Text } from "@mantine/core";
import { api, isCommandError, messageOf } from "../../api";
import type { ProgramSession } from "../../bindings/ProgramSession";
import { DateField } from "../../components/DateField";
import { TimeField } from "../../components/TimeField";
import { formatDate, formatTime, parseDate, parseTime } from "../../format";
import { useChange } from "../../queries";

type Reschedule = { date: string; time: string; shift: boolean };

export function RescheduleModal({
  session,
  onClose,
  onDone,
}: {
  session: ProgramSession;
  onClose: () => void;
  onDone: (notes: string[]) => void;
}) {
  const [date, setDate] = useState(session.date);
  const [time, setTime] = useState(formatTime(session.start_time));
  const [shift, setShift] = useState(true);
  const save = useChange(["planning"], (r: Reschedule) => api.reschedule(session.id, r.date, r.time, r.shift));
  const err = save.error;
  const dateError = !parseDate(date)
    ? "Enter a real date."
    : err && !(isCommandError(err) && err.field === "start_time")
      ? messageOf(err)
      : null;
  const timeError = !parseTime(time)
    ? `Enter a time of day, such as ${formatTime("18:00")}.`
    : err && isCommandError(err) && err.field === "start_time"
      ? messageOf(err)
      : null;
  const submit = () => {
    const d = parseDate(date);
    const t = parseTime(time);
    if (!d || !t) return;
    save.mutate({ date: d, time: t, shift }, { onSuccess: (out) => onDone(out.notes) });
  };
  return (
    <Modal opened onClose={onClose} title={`Reschedule session ${session.number}`}>
      <Stack>
        <Text size="sm" c="dimmed">
          Now on {formatDate(session.date)} at {formatTime(session.start_time)}.
        </Text>
        <DateField
          label="New date"
          value={date}
          onChange={(d) => {
            save.reset();
            setDate(d);
          }}
          error={dateError}
        />
        <TimeField
          label="New start time"
          value={time}
          onChange={(t) => {
            save.reset();
            setTime(t);
          }}
          error={timeError}
        />
        <Checkbox
          label="Move every later session by the same number of days"
          checked={shift}
          onChange={(e) => setShift(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep as it is
          </Button>
          <Button onClick={submit} loading={save.isPending}>
            Reschedule
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function CancelModal({
  session,
  onClose,
  onConfirm,
}: {
  session: ProgramSession;
  onClose: () => void;
  onConfirm: (makeup: boolean) => void;
}) {
  const [makeup, setMakeup] = useState(true);
  return (
    <Modal opened onClose={onClose} title={`Cancel session ${session.number}?`}>
      <Stack>
        <Text size="sm">
          {formatDate(session.date)}: {session.topic || "no plan yet"}. A cancelled session stays in the program, marked
          cancelled.
        </Text>
        <Checkbox
          label="Add a make-up session at the end with the same plan"
          checked={makeup}
          onChange={(e) => setMakeup(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep the session
          </Button>
          <Button color="red" onClick={() => onConfirm(makeup)}>
            Cancel session
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
