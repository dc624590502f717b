import { useEffect, useMemo, useState } from "react";
import { Alert, Anchor, Button, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, messageOf, type MemberGoals, type RatingInput } from "../../api";
import type { RatedGoal } from "../../bindings/RatedGoal";
import { gasText } from "../../labels";
import { keys, useChange } from "../../queries";

/** What the clinician typed, as a whole number ("−1", "+2" and "3" all read), or why not. */
export function parseRating(text: string): number | "invalid" | null {
  const t = text.trim().replace(/^[−–]/, "-").replace(/^\+/, "");
  if (t === "") return null;
  return /^-?\d+$/.test(t) ? Number(t) : "invalid";
}

function shown(g: RatedGoal, v: number | null): string {
  if (v === null) return "";
  return g.measured_by === "gas" ? gasText(v) : String(v);
}

/** The level the clinician described for a GAS value, when it is one. */
function levelWords(g: RatedGoal, text: string): string | null {
  const v = parseRating(text);
  if (g.measured_by !== "gas" || typeof v !== "number" || v < -2 || v > 2) return null;
  return g.gas_levels[v + 2] ?? null;
}

/**
 * The goal ratings of a session: each attending member's active goals, a
 * value typed per goal (Tab moves on), saved together. With `placeId`, only
 * that member's (beside their progress note).
 */
export function GoalRatings({ sessionId, placeId, held }: { sessionId: string; placeId?: string; held: boolean }) {
  const goals = useQuery({ queryKey: keys.sessionGoals(sessionId), queryFn: () => api.sessionGoals(sessionId) });
  const members = useMemo(
    () => (goals.data ?? []).filter((m) => !placeId || m.place_id === placeId),
    [goals.data, placeId],
  );
  const stored = useMemo(() => {
    const out: Record<string, string> = {};
    for (const m of members) for (const g of m.goals) out[g.goal_id] = shown(g, g.value);
    return out;
  }, [members]);
  const [typed, setTyped] = useState<Record<string, string>>(stored);
  useEffect(() => setTyped(stored), [stored]);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useChange(["goals"], (ratings: RatingInput[]) => api.rateGoals(sessionId, ratings));

  const all = members.flatMap((m) => m.goals.map((g) => ({ m, g })));
  const changed = all.filter(({ g }) => (typed[g.goal_id] ?? "") !== (stored[g.goal_id] ?? ""));
  const unreadable = changed.find(({ g }) => parseRating(typed[g.goal_id] ?? "") === "invalid");
  const cleared = changed.find(({ g }) => parseRating(typed[g.goal_id] ?? "") === null && g.value !== null);
  const problem = unreadable
    ? `${unreadable.m.name}’s goal “${unreadable.g.statement}”: type a whole number.`
    : cleared
      ? `${cleared.m.name}’s goal “${cleared.g.statement}”: a rating given can be corrected but not removed.`
      : null;

  const submit = () => {
    if (problem) return;
    const ratings = changed
      .map(({ g }) => ({ goal_id: g.goal_id, value: parseRating(typed[g.goal_id] ?? "") }))
      .filter((r): r is RatingInput => typeof r.value === "number");
    setSaved(null);
    save.mutate(ratings, {
      onSuccess: (n) => setSaved(n === 0 ? "Nothing had changed." : `${n} ${n === 1 ? "rating" : "ratings"} saved.`),
    });
  };

  if (goals.isError) return <Alert color="red">{messageOf(goals.error)}</Alert>;
  if (!goals.data) return null;
  return (
    <Paper withBorder p="md" component="section" aria-label="Goal ratings">
      <Title order={2} size="h4" mb={4}>
        Goal ratings
      </Title>
      {members.length === 0 ? (
        <Text c="dimmed" size="sm">
          {!held
            ? "Goals are rated once attendance is taken: each member who attended, with the goals active that day."
            : placeId
              ? "No goal was active for this member on the day of the session. Set goals from their progress page."
              : "No one who attended has an active goal. Set goals from each member's progress page (Roster → Progress)."}
        </Text>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              GAS goals: −2 much less than expected, 0 as expected, +2 much more. Others: 0 to 10. Tab moves to the next goal.
            </Text>
            {members.map((m) => (
              <MemberRow key={m.place_id} m={m} typed={typed} setTyped={setTyped} showName={!placeId} />
            ))}
            {problem && (
              <Text c="red" size="sm" role="alert">
                {problem}
              </Text>
            )}
            {save.isError && (
              <Alert color="red" role="alert">
                {messageOf(save.error)}
              </Alert>
            )}
            <Group justify="space-between">
              <Text size="sm" c="dimmed" role="status">
                {saved ?? (changed.length > 0 ? `${changed.length} not saved yet` : "")}
              </Text>
              <Button type="submit" loading={save.isPending} disabled={changed.length === 0 || problem !== null}>
                Save ratings
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Paper>
  );
}

function MemberRow({
  m,
  typed,
  setTyped,
  showName,
}: {
  m: MemberGoals;
  typed: Record<string, string>;
  setTyped: (f: (t: Record<string, string>) => Record<string, string>) => void;
  showName: boolean;
}) {
  return (
    <div>
      {showName && (
        <Anchor component={Link} to={`/places/${m.place_id}/progress`} fw={600} size="sm">
          {m.name}
        </Anchor>
      )}
      <Stack gap={6} mt={4}>
        {m.goals.map((g) => {
          const text = typed[g.goal_id] ?? "";
          const words = levelWords(g, text);
          return (
            <Group key={g.goal_id} wrap="nowrap" align="flex-start" gap="sm">
              <TextInput
                w={70}
                aria-label={`${m.name}: ${g.statement}`}
                placeholder={g.measured_by === "gas" ? "−2…+2" : "0–10"}
                value={text}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setTyped((t) => ({ ...t, [g.goal_id]: v }));
                }}
                inputMode="numeric"
                style={{ flexShrink: 0 }}
                styles={{ input: { textAlign: "center" } }}
              />
              <div style={{ minWidth: 0 }}>
                <Text size="sm">{g.statement}</Text>
                <Text size="xs" c="dimmed">
                  {g.measured_by === "gas" ? (words ? `${text.trim()}: ${words}` : "GAS, −2 to +2") : "Rating, 0 to 10"}
                </Text>
              </div>
            </Group>
          );
        })}
      </Stack>
    </div>
  );
}
