import { useState } from "react";
import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, Textarea } from "@mantine/core";
import { api, isCommandError, messageOf, type AbsenceAlert } from "../../api";
import type { FollowUpMethod } from "../../bindings/FollowUpMethod";
import { DateField } from "../../components/DateField";
import { coreText, parseDate, todayIso } from "../../format";
import { FOLLOW_UP_METHOD, options, personName } from "../../labels";
import { useChange } from "../../queries";

/** Records how a member's absences were followed up; the alert clears once saved. */
export function FollowUpDialog({ alert, onClose }: { alert: AbsenceAlert; onClose: () => void }) {
  const [on, setOn] = useState(todayIso());
  const [method, setMethod] = useState<FollowUpMethod>("phone");
  const [outcome, setOutcome] = useState("");
  const save = useChange(["sessions"], (d: string) =>
    api.recordFollowUp(alert.place_id, { session_id: alert.last_missed, followed_up_on: d, method, outcome }),
  );
  const err = save.error;
  const field = isCommandError(err) ? err.field : null;
  const dateError = !parseDate(on) ? "Enter a real date." : field === "followed_up_on" ? messageOf(err) : null;
  const outcomeMissing = outcome.trim() === "";
  const name = personName(alert.legal_name, alert.preferred_name);
  return (
    <Modal opened onClose={onClose} title={`Follow-up: ${name}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const d = parseDate(on);
          if (d && !outcomeMissing) save.mutate(d, { onSuccess: onClose });
        }}
      >
        <Stack>
          <Text size="sm">{coreText(alert.reason)}</Text>
          <DateField label="Date of the follow-up" value={on} onChange={setOn} error={dateError} />
          <NativeSelect
            label="How"
            value={method}
            onChange={(e) => setMethod(e.currentTarget.value as FollowUpMethod)}
            data={options(FOLLOW_UP_METHOD)}
          />
          <Textarea
            label="Outcome"
            description="What you learned and what was agreed (required)."
            autosize
            minRows={3}
            value={outcome}
            onChange={(e) => setOutcome(e.currentTarget.value)}
            error={field === "outcome" ? messageOf(err) : null}
          />
          {err && !dateError && field !== "outcome" && (
            <Alert color="red" role="alert">
              {messageOf(err)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={outcomeMissing}>
              Save follow-up
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
