import { Alert, Anchor, Button, Divider, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useParams } from "react-router";
import { api, messageOf } from "../../api";
import { formatDate, todayIso } from "../../format";
import { keys } from "../../queries";

/**
 * One page for a member who missed sessions: what each covered, its key
 * points, materials and homework. It names no one but them. Printed from
 * the app (the print dialog can also save it as a PDF).
 */
export function CatchUpPage() {
  const { placeId = "" } = useParams();
  const navigate = useNavigate();
  const sheet = useQuery({
    queryKey: keys.catchUp(placeId),
    queryFn: () => api.catchUpSheet(placeId),
    staleTime: Infinity,
  });
  if (!sheet.data) {
    return sheet.isError ? <Alert color="red">{messageOf(sheet.error)}</Alert> : <Text c="dimmed">Preparing the sheet…</Text>;
  }
  const c = sheet.data;
  return (
    <Stack maw={760} className="print-sheet">
      <Group justify="space-between" className="no-print">
        <Anchor component="button" type="button" size="sm" onClick={() => navigate(-1)}>
          ← Back
        </Anchor>
        <Button onClick={() => window.print()}>Print…</Button>
      </Group>
      <div>
        <Title order={1} size="h2">
          Catching up: {c.group_name}
        </Title>
        <Text c="dimmed">
          For {c.member_name} · prepared {formatDate(todayIso())}
          {c.clinician ? ` by ${c.clinician}` : ""}
        </Text>
      </div>
      {c.sessions.length === 0 ? (
        <Text>Nothing was missed: {c.member_name} was at every session so far.</Text>
      ) : (
        <Text>
          Here is what the group covered at the {c.sessions.length === 1 ? "session" : `${c.sessions.length} sessions`} you
          missed. Bring your questions to the next session; the homework is an invitation, not a test.
        </Text>
      )}
      {c.sessions.map((m) => (
        <section key={m.session_id} aria-label={`Session ${m.number}`}>
          <Divider mb="sm" />
          <Title order={2} size="h4">
            Session {m.number}: {m.topic || "(no topic recorded)"}
          </Title>
          <Text size="sm" c="dimmed" mb={4}>
            {formatDate(m.date)}
          </Text>
          {m.key_points && (
            <>
              <Text fw={600} size="sm">
                Key points
              </Text>
              <Text size="sm" mb={4} style={{ whiteSpace: "pre-wrap" }}>
                {m.key_points}
              </Text>
            </>
          )}
          {m.materials && (
            <>
              <Text fw={600} size="sm">
                Materials
              </Text>
              <Text size="sm" mb={4} style={{ whiteSpace: "pre-wrap" }}>
                {m.materials}
              </Text>
            </>
          )}
          {m.homework && (
            <>
              <Text fw={600} size="sm">
                Homework
              </Text>
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                {m.homework}
              </Text>
            </>
          )}
        </section>
      ))}
    </Stack>
  );
}
