import { useState } from "react";
import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { api, messageOf, type SummaryKind } from "../../api";
import { formatDateTime } from "../../format";
import { keys, refresh } from "../../queries";

export const SUMMARY_TITLE: Record<SummaryKind, string> = {
  progress: "Progress summary",
  discharge: "Discharge summary",
};

/**
 * On a member's Progress page: the progress and discharge summaries written
 * about their place, and the way to write one (a draft opens if one is begun).
 */
export function SummariesSection({ placeId, ended }: { placeId: string; ended: boolean }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const list = useQuery({ queryKey: keys.summaries(placeId), queryFn: () => api.summaries(placeId) });
  const [error, setError] = useState<unknown>(null);
  const begin = async (kind: SummaryKind) => {
    try {
      const id = await api.beginSummary(placeId, kind);
      await refresh(client, ["reports"]);
      navigate(`/summaries/${id}`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Paper withBorder p="md" component="section" aria-label="Summaries">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          Summaries
        </Title>
        <Group gap="xs">
          <Button variant={ended ? "default" : "filled"} onClick={() => void begin("progress")}>
            Write a progress summary
          </Button>
          <Button variant={ended ? "filled" : "default"} onClick={() => void begin("discharge")}>
            Write a discharge summary
          </Button>
        </Group>
      </Group>
      {error != null && <Alert color="red">{messageOf(error)}</Alert>}
      {list.data?.length === 0 && (
        <Text c="dimmed" size="sm">
          None yet. A progress summary goes to a referral source while the member is in the group; a discharge
          summary is written when they complete the program, drop out or transfer. Each brings in their attendance,
          goals and measures; you write the summary and sign it.
        </Text>
      )}
      <Stack gap={4}>
        {list.data?.map((s) => (
          <Group key={s.id} gap="xs">
            <Anchor component={Link} to={`/summaries/${s.id}`}>
              {SUMMARY_TITLE[s.kind]}
              {s.recipient ? ` for ${s.recipient}` : ""}
            </Anchor>
            {s.signed_at ? (
              <Text size="sm" c="dimmed">
                signed {formatDateTime(s.signed_at)}
              </Text>
            ) : (
              <Badge color="yellow" variant="light">
                draft
              </Badge>
            )}
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
