import { useEffect, useState } from "react";
import { Alert, Anchor, Badge, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { api, messageOf } from "../../api";
import { formatDate } from "../../format";
import { keys } from "../../queries";

/** Search every group and progress note by the words in it; each result opens the note. */
export function NoteSearchPage() {
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get("q") ?? "");
  const query = params.get("q") ?? "";
  useEffect(() => {
    const t = setTimeout(() => setParams(text.trim() ? { q: text } : {}, { replace: true }), 250);
    return () => clearTimeout(t);
  }, [text, setParams]);
  const hits = useQuery({
    queryKey: keys.noteSearch(query),
    queryFn: () => api.searchNotes(query),
    enabled: query.trim() !== "",
  });
  return (
    <Stack maw={860}>
      <Title order={1} size="h2">
        Notes
      </Title>
      <TextInput
        label="Search all notes"
        description="Words in any group or progress note, drafts included (psychotherapy notes are not searched)."
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        autoFocus
      />
      {hits.isError && <Alert color="red">{messageOf(hits.error)}</Alert>}
      {hits.data && hits.data.length === 0 && <Text c="dimmed">No note has those words.</Text>}
      {hits.data?.map((h) => (
        <Paper key={h.note_id} withBorder p="sm">
          <Group justify="space-between">
            <Anchor component={Link} to={`/notes/${h.note_id}`} fw={600}>
              {h.member_name ? `${h.member_name}: progress note` : "Group note"} · Session {h.session_number},{" "}
              {h.group_name}
            </Anchor>
            <Group gap={6}>
              <Text size="sm" c="dimmed">
                {formatDate(h.session_date)}
              </Text>
              <Badge variant="light" color={h.signed ? "teal" : "yellow"}>
                {h.signed ? "Signed" : "Draft"}
              </Badge>
            </Group>
          </Group>
          <Text size="sm" mt={4}>
            {h.before}
            <mark>{h.found}</mark>
            {h.after}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
