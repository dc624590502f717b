import { useState } from "react";
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { api, isCommandError, messageOf, type MeasureRisk } from "../../api";
import { DateField } from "../../components/DateField";
import { formatDate, parseDate, todayIso } from "../../format";
import { useChange } from "../../queries";

/** What the measure's answer said, in one line. */
export function riskText(r: MeasureRisk): string {
  return `${r.measure} taken ${formatDate(r.taken_on)}: “${r.item}” answered ${r.answer}.`;
}

/** Risk a measure raised with no response yet, prominent until the response is recorded. */
export function MeasureRiskAlerts({ risks }: { risks: MeasureRisk[] }) {
  const [responding, setResponding] = useState<MeasureRisk | null>(null);
  if (risks.length === 0) return null;
  return (
    <>
      {risks.map((r) => (
        <Alert key={r.result_id} color="red" variant="filled" title={`Risk: ${r.name}`} role="alert">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text size="sm">
              {riskText(r)} Record your response to clear this flag.
            </Text>
            <Button size="xs" color="red" variant="white" onClick={() => setResponding(r)} style={{ flexShrink: 0 }}>
              Record response
            </Button>
          </Group>
        </Alert>
      ))}
      {responding && <MeasureRiskDialog risk={responding} onClose={() => setResponding(null)} />}
    </>
  );
}

/** Records what the clinician did about the risk a measure raised; final once saved. */
export function MeasureRiskDialog({ risk, onClose }: { risk: MeasureRisk; onClose: () => void }) {
  const [on, setOn] = useState(todayIso());
  const [response, setResponse] = useState("");
  const save = useChange(["measures"], (d: string) => api.respondToMeasureRisk(risk.result_id, d, response));
  const err = save.error;
  const field = isCommandError(err) ? err.field : null;
  const dateError = !parseDate(on) ? "Enter a real date." : field === "responded_on" ? messageOf(err) : null;
  return (
    <Modal opened onClose={onClose} title={`Response to risk: ${risk.name}`} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const d = parseDate(on);
          if (d && response.trim()) save.mutate(d, { onSuccess: onClose });
        }}
      >
        <Stack>
          <Alert color="red" variant="light">
            {riskText(risk)}
          </Alert>
          <DateField label="Date of the response" value={on} onChange={setOn} error={dateError} />
          <Textarea
            label="What you did"
            description="Risk assessed, safety plan reviewed, who was informed, follow-up arranged (required). Final once saved."
            autosize
            minRows={3}
            value={response}
            onChange={(e) => setResponse(e.currentTarget.value)}
            error={field === "response" ? messageOf(err) : null}
            data-autofocus
          />
          {err && !dateError && field !== "response" && (
            <Alert color="red" role="alert">
              {messageOf(err)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Later
            </Button>
            <Button type="submit" color="red" loading={save.isPending} disabled={!response.trim()}>
              Save response
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
