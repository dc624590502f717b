import { useState } from "react";
import { Accordion, ActionIcon, Alert, Button, Group, List, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api, messageOf, type GroundRules } from "../../api";
import { GROUND_RULES_MAX } from "../../bindings/limits";
import { keys, useChange } from "../../queries";
import { useProgram } from "./programContext";

/** The group agreement: edit the current version; saving makes a new dated version. */
export function GroundRulesEditor() {
  const { program } = useProgram();
  const groupId = program.group.id;
  const rules = useQuery({ queryKey: keys.groundRules(groupId), queryFn: () => api.groundRules(groupId) });
  if (!rules.data) return rules.isError ? <Alert color="red">{messageOf(rules.error)}</Alert> : <Text c="dimmed">Loading…</Text>;
  return <Agreement key={groupId} groupId={groupId} rules={rules.data} />;
}

function Agreement({ groupId, rules }: { groupId: string; rules: GroundRules }) {
  const [draft, setDraft] = useState<string[]>(rules.current.rules);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const saving = useChange(["planning"], (r: string[]) => api.saveGroundRules(groupId, r));
  const changed = JSON.stringify(draft.map((r) => r.trim()).filter(Boolean)) !== JSON.stringify(rules.current.rules);

  const save = async () => {
    setError(null);
    setSaved(null);
    if (draft.every((r) => r.trim() === "")) {
      setError("The agreement needs at least one rule.");
      return;
    }
    try {
      const r = await saving.mutateAsync(draft);
      setDraft(r.current.rules);
      setSaved(`Saved as version ${r.current.version}.`);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <Stack maw={820}>
      <Paper withBorder p="md">
        <Stack>
          <div>
            <Title order={2} size="h4">
              Group agreement — version {rules.current.version}
            </Title>
            <Text size="sm" c="dimmed">
              Since {new Date(rules.current.created_at).toLocaleString()}. Saving changes creates a new version; members
              who agreed earlier are shown as agreeing to the older one.
            </Text>
          </div>
          {draft.map((r, i) => (
            <Group key={i} align="flex-start" wrap="nowrap">
              <Textarea
                label={`Rule ${i + 1}`}
                autosize
                minRows={1}
                style={{ flex: 1 }}
                value={r}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setDraft((d) => d.map((x, j) => (j === i ? v : x)));
                }}
              />
              <ActionIcon
                mt={28}
                variant="subtle"
                color="red"
                aria-label={`Remove rule ${i + 1}`}
                onClick={() => setDraft((d) => d.filter((_, j) => j !== i))}
              >
                ✕
              </ActionIcon>
            </Group>
          ))}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group>
            <Button variant="light" disabled={draft.length >= GROUND_RULES_MAX} onClick={() => setDraft((d) => [...d, ""])}>
              Add a rule
            </Button>
            <Button onClick={save} disabled={!changed}>
              Save as new version
            </Button>
            {saved && !changed && (
              <Text size="sm" c="teal.8" role="status">
                {saved}
              </Text>
            )}
          </Group>
        </Stack>
      </Paper>
      {rules.history.length > 0 && (
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Earlier versions
          </Title>
          <Accordion>
            {rules.history.map((v) => (
              <Accordion.Item key={v.version} value={String(v.version)}>
                <Accordion.Control>
                  Version {v.version} — {new Date(v.created_at).toLocaleString()}
                </Accordion.Control>
                <Accordion.Panel>
                  <List type="ordered" spacing={4}>
                    {v.rules.map((r) => (
                      <List.Item key={r}>{r}</List.Item>
                    ))}
                  </List>
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        </Paper>
      )}
    </Stack>
  );
}
