import { useState } from "react";
import { Alert, Button, Group, Modal, Stack, Textarea } from "@mantine/core";
import { api, isCommandError, messageOf } from "../../api";
import { DateField } from "../../components/DateField";
import { parseDate, todayIso } from "../../format";
import { useChange } from "../../queries";

/** Records what the clinician did about risk a note observed; the highlight clears once saved. */
export function RiskResponseDialog({
  noteId,
  onClose,
  onSaved,
}: {
  noteId: number;
  onClose: () => void;
  onSaved?: () => void;
}) {
  const [on, setOn] = useState(todayIso());
  const [response, setResponse] = useState("");
  const save = useChange(["notes"], (d: string) => api.recordRiskResponse(noteId, { responded_on: d, response }));
  const err = save.error;
  const field = isCommandError(err) ? err.field : null;
  const dateError = !parseDate(on) ? "Enter a real date." : field === "responded_on" ? messageOf(err) : null;
  return (
    <Modal opened onClose={onClose} title="Response to risk">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const d = parseDate(on);
          if (d && response.trim())
            save.mutate(d, {
              onSuccess: () => {
                onSaved?.();
                onClose();
              },
            });
        }}
      >
        <Stack>
          <DateField label="Date of the response" value={on} onChange={setOn} error={dateError} />
          <Textarea
            label="What you did"
            description="Safety plan reviewed, call made, referral, who was informed (required)."
            autosize
            minRows={3}
            value={response}
            onChange={(e) => setResponse(e.currentTarget.value)}
            error={field === "response" ? messageOf(err) : null}
          />
          {err && !dateError && field !== "response" && (
            <Alert color="red" role="alert">
              {messageOf(err)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!response.trim()}>
              Save response
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
