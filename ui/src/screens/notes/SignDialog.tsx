import { useState } from "react";
import { Alert, Blockquote, Button, Group, Modal, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, isCommandError, messageOf, type Note } from "../../api";
import { keys } from "../../queries";

/**
 * Before signing: other members' names in a progress note (change the text
 * or confirm each one), notes it nearly repeats (with the shared text), and
 * the clinician's name and credentials if Settings lacks them.
 */
export function SignDialog({ note, onClose, onSigned }: { note: Note; onClose: () => void; onSigned: () => void }) {
  const client = useQueryClient();
  const check = useQuery({ queryKey: ["note-check", note.id], queryFn: () => api.checkNote(note.id), gcTime: 0 });
  const settings = useQuery({ queryKey: keys.settings, queryFn: api.settings });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState("");
  const [credentials, setCredentials] = useState("");
  const profile = settings.data?.profile;
  const needsProfile = !!profile && (!profile.full_name.trim() || !profile.credentials.trim());

  const confirm = async (key: string) => {
    try {
      await api.confirmMention(note.id, key);
      await check.refetch();
    } catch (e) {
      setError(e);
    }
  };

  const sign = async (despiteSimilar: boolean) => {
    setBusy(true);
    setError(null);
    try {
      if (needsProfile && profile) {
        await api.saveProfile({
          ...profile,
          full_name: profile.full_name.trim() || name,
          credentials: profile.credentials.trim() || credentials,
        });
        await client.invalidateQueries({ queryKey: keys.settings });
      }
      await api.signNote(note.id, despiteSimilar);
      onSigned();
    } catch (e) {
      setError(e);
      void check.refetch();
    } finally {
      setBusy(false);
    }
  };

  const c = check.data;
  const open = c?.mentions.filter((m) => !m.confirmed) ?? [];
  const similar = c?.similar ?? [];
  const signedAs = profile ? [profile.full_name.trim() || name, profile.credentials.trim() || credentials].filter(Boolean).join(", ") : "";

  return (
    <Modal opened onClose={onClose} title="Check and sign" size="lg">
      <Stack>
        {!c && !check.isError && <Text c="dimmed">Checking the note…</Text>}
        {check.isError && <Alert color="red">{messageOf(check.error)}</Alert>}
        {c && open.length > 0 && (
          <Stack gap="xs">
            <Title order={3} size="h5">
              Other members named
            </Title>
            <Text size="sm">
              A progress note goes into one member's record. Change the text (close this and edit the note), or
              confirm each occurrence does not identify another member.
            </Text>
            {open.map((m) => (
              <Alert key={m.key} color="orange" variant="light">
                <Text size="sm">
                  {m.field_label}: “…{m.before}
                  <mark>{m.written}</mark>
                  {m.after}…”
                </Text>
                <Group justify="space-between" mt={4}>
                  <Text size="sm" c="dimmed">
                    May name {m.members.join(" or ")}
                  </Text>
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={`Confirm “${m.written}” does not identify ${m.members.join(" or ")}`}
                    onClick={() => void confirm(m.key)}
                  >
                    Does not identify them
                  </Button>
                </Group>
              </Alert>
            ))}
          </Stack>
        )}
        {c && similar.length > 0 && (
          <Stack gap="xs">
            <Title order={3} size="h5">
              Nearly the same as another note
            </Title>
            {similar.map((s) => (
              <Alert key={s.other} color="yellow" variant="light" title={`${s.percent}% the same as ${s.other_label}`}>
                <Text size="sm">Shared text:</Text>
                {s.passages.map((p) => (
                  <Blockquote key={p} p="xs" mt={4} fz="sm">
                    {p}
                  </Blockquote>
                ))}
              </Alert>
            ))}
            <Text size="sm">
              Copied notes are a known reason records are rejected in audits. Make this note this member's own, or sign
              it as it is.
            </Text>
          </Stack>
        )}
        {c && open.length === 0 && similar.length === 0 && (
          <Text size="sm">No other member is named and the note is not a copy of another.</Text>
        )}
        {needsProfile && (
          <Stack gap="xs">
            <Text size="sm">Your signature needs your name and credentials (saved to your profile in Settings).</Text>
            {!profile?.full_name.trim() && (
              <TextInput label="Your full name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
            )}
            {!profile?.credentials.trim() && (
              <TextInput
                label="Credentials"
                description="Such as LCSW, PsyD, LPC."
                value={credentials}
                onChange={(e) => setCredentials(e.currentTarget.value)}
              />
            )}
          </Stack>
        )}
        {error !== null && !(isCommandError(error) && error.code === "confirm") && (
          <Alert color="red" role="alert">
            {messageOf(error)}
          </Alert>
        )}
        <Text size="sm" c="dimmed">
          Signing makes the note final: it can then only be corrected with a dated, signed addendum.
          {signedAs ? ` Signed as ${signedAs}.` : ""}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Back to the note
          </Button>
          <Button
            disabled={
              !c ||
              open.length > 0 ||
              (needsProfile && (!(profile?.full_name.trim() || name.trim()) || !(profile?.credentials.trim() || credentials.trim())))
            }
            loading={busy}
            onClick={() => void sign(similar.length > 0)}
          >
            {similar.length > 0 ? "Sign as it is" : "Sign note"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
