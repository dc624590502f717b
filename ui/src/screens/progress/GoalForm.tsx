import { useState } from "react";
import { Alert, Button, Group, List, Modal, SegmentedControl, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { api, isCommandError, messageOf, type Goal, type GoalMeasure, type GoalWording } from "../../api";
import { DateField } from "../../components/DateField";
import { parseDate, todayIso } from "../../format";
import { GAS_LEVELS } from "../../bindings/limits";
import { gasText } from "../../labels";
import { useChange } from "../../queries";


const EMPTY: GoalWording = { statement: "", baseline: "", target: "", how_measured: "", gas_levels: ["", "", "", "", ""] };

/**
 * Sets a new goal, or revises one (the earlier wording is kept). The
 * wording is nudged toward specific, measurable, time-bound; the core
 * decides what is saved.
 */
export function GoalForm({ placeId, goal, onClose }: { placeId: string; goal?: Goal; onClose: () => void }) {
  const current = goal?.versions[0];
  const [measure, setMeasure] = useState<GoalMeasure>(goal?.measured_by ?? "gas");
  const [w, setW] = useState<GoalWording>(
    current
      ? {
          statement: current.statement,
          baseline: current.baseline,
          target: current.target,
          how_measured: current.how_measured,
          gas_levels: current.gas_levels.length === 5 ? current.gas_levels : EMPTY.gas_levels,
        }
      : EMPTY,
  );
  const [on, setOn] = useState(todayIso());
  const [reason, setReason] = useState("");
  const [debounced] = useDebouncedValue(w.statement, 300);
  const hints = useQuery({
    queryKey: ["goal-hints", debounced],
    queryFn: () => api.goalHints(debounced),
    enabled: debounced.trim().length > 0,
  });
  const save = useChange(["goals"], (date: string) => {
    const wording = { ...w, gas_levels: measure === "gas" ? w.gas_levels : [] };
    return goal
      ? api.reviseGoal(goal.id, wording, reason, date)
      : api.setGoal(placeId, { measured_by: measure, wording, set_on: date }).then(() => undefined);
  });
  const err = save.error;
  const field = isCommandError(err) ? err.field : null;
  const at = (f: string) => (field === f ? messageOf(err) : null);
  const dateField = goal ? "revised_on" : "set_on";
  const dateError = !parseDate(on) ? "Enter a real date." : at(dateField);
  const shownFields = ["statement", "baseline", "target", "how_measured", "gas_levels", dateField, "reason"];
  const set = (change: Partial<GoalWording>) => setW((x) => ({ ...x, ...change }));

  return (
    <Modal opened onClose={onClose} title={goal ? "Revise the goal" : "Set a goal"} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const d = parseDate(on);
          if (d) save.mutate(d, { onSuccess: onClose });
        }}
      >
        <Stack>
          {goal ? (
            <Text size="sm" c="dimmed">
              The earlier wording is kept, and ratings already given stay with the version they rated.
            </Text>
          ) : (
            <SegmentedControl
              aria-label="How the goal is rated"
              value={measure}
              onChange={(v) => setMeasure(v as GoalMeasure)}
              data={[
                { value: "gas", label: "Goal Attainment Scaling (−2 to +2)" },
                { value: "rating", label: "A rating from 0 to 10" },
              ]}
            />
          )}
          <Textarea
            label="Goal"
            description="What the member will do, how often or how much, by when."
            placeholder="Speak up at least once in each session by session 6"
            autosize
            minRows={2}
            value={w.statement}
            onChange={(e) => set({ statement: e.currentTarget.value })}
            error={at("statement")}
            data-autofocus
          />
          {(hints.data?.length ?? 0) > 0 && w.statement.trim() && (
            <Alert color="blue" variant="light" title="To make it easier to rate" aria-label="Wording hints">
              <List size="sm" spacing={2}>
                {hints.data?.map((h) => (
                  <List.Item key={h}>{h}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Group grow align="flex-start">
            <TextInput
              label="Baseline"
              description="Where the member is now."
              value={w.baseline}
              onChange={(e) => set({ baseline: e.currentTarget.value })}
              error={at("baseline")}
            />
            <TextInput
              label="Target"
              description="Where they aim to be."
              value={w.target}
              onChange={(e) => set({ target: e.currentTarget.value })}
              error={at("target")}
            />
          </Group>
          <TextInput
            label="How it is measured"
            description="What you or the member will look at to rate it."
            value={w.how_measured}
            onChange={(e) => set({ how_measured: e.currentTarget.value })}
            error={at("how_measured")}
          />
          {measure === "gas" && (
            <Stack gap={6}>
              <Text size="sm" fw={500}>
                What each level looks like for this member
              </Text>
              {GAS_LEVELS.map((name, i) => (
                <TextInput
                  key={name}
                  label={`${gasText(i - 2)} ${name}`}
                  value={w.gas_levels[i] ?? ""}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setW((x) => ({ ...x, gas_levels: x.gas_levels.map((l, j) => (j === i ? v : l)) }));
                  }}
                />
              ))}
              {at("gas_levels") && (
                <Text c="red" size="sm" role="alert">
                  {at("gas_levels")}
                </Text>
              )}
            </Stack>
          )}
          {goal && (
            <Textarea
              label="Reason for the revision"
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={at("reason")}
            />
          )}
          <DateField label={goal ? "Date of the revision" : "Date set"} value={on} onChange={setOn} error={dateError} />
          {err && !shownFields.includes(field ?? "") && (
            <Alert color="red" role="alert">
              {messageOf(err)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {goal ? "Save the revision" : "Set the goal"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Marks a goal achieved or discontinued, with the date; it is kept as it was after. */
export function EndGoalDialog({ goal, onClose }: { goal: Goal; onClose: () => void }) {
  const [status, setStatus] = useState<"achieved" | "discontinued">("achieved");
  const [on, setOn] = useState(todayIso());
  const [note, setNote] = useState("");
  const save = useChange(["goals"], (d: string) => api.endGoal(goal.id, status, d, note));
  const err = save.error;
  const field = isCommandError(err) ? err.field : null;
  const dateError = !parseDate(on) ? "Enter a real date." : field === "ended_on" ? messageOf(err) : null;
  return (
    <Modal opened onClose={onClose} title="End the goal">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const d = parseDate(on);
          if (d) save.mutate(d, { onSuccess: onClose });
        }}
      >
        <Stack>
          <Text size="sm">“{goal.versions[0]?.statement}”</Text>
          <SegmentedControl
            aria-label="How the goal ended"
            value={status}
            onChange={(v) => setStatus(v as "achieved" | "discontinued")}
            data={[
              { value: "achieved", label: "Achieved" },
              { value: "discontinued", label: "Discontinued" },
            ]}
          />
          <DateField label="Date" value={on} onChange={setOn} error={dateError} />
          <Textarea label="Note (optional)" autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          {err && !dateError && (
            <Alert color="red" role="alert">
              {messageOf(err)}
            </Alert>
          )}
          <Text size="xs" c="dimmed">
            The goal and its ratings are kept; it can no longer be rated or revised.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {status === "achieved" ? "Mark achieved" : "Mark discontinued"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
