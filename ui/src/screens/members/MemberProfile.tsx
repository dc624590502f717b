import { useState } from "react";
import { Alert, Anchor, Badge, Button, Group, Modal, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { api, messageOf, type MemberProfile as Profile } from "../../api";
import { coreText, formatDate } from "../../format";
import { SCREENING_OUTCOME, STAGE } from "../../labels";
import { keys, useChange } from "../../queries";
import { MemberAttendanceSection } from "./MemberAttendance";
import { MemberNotesSection } from "./MemberNotes";
import { ReferToGroup } from "./ReferToGroup";
import { MeasureRiskAlerts } from "../progress/MeasureRisk";

function Field({ label, value }: { label: string; value: string | null }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {/* A long unbroken run (a web address, pasted markup) wraps inside its card. */}
      <Text style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}>{value || "—"}</Text>
    </div>
  );
}

/** A member: who they are, every group with its status, their agreements. */
export function MemberProfilePage() {
  const { memberId = "" } = useParams();
  const profile = useQuery({ queryKey: keys.member(memberId), queryFn: () => api.member(memberId) });
  if (!profile.data) {
    return profile.isError ? (
      <Stack maw={720}>
        <Alert color="red">{messageOf(profile.error)}</Alert>
        <Anchor component={Link} to="/members">
          ← All members
        </Anchor>
      </Stack>
    ) : (
      <Text c="dimmed">Loading…</Text>
    );
  }
  return <ProfileView profile={profile.data} />;
}

function ProfileView({ profile }: { profile: Profile }) {
  const navigate = useNavigate();
  const notes = (useLocation().state as { notes?: string[] } | null)?.notes ?? [];
  const m = profile.member;
  const [deleting, setDeleting] = useState(false);
  const [referring, setReferring] = useState(false);
  const archive = useChange(["roster"], (a: boolean) => api.setMemberArchived(m.id, a));
  const remove = useChange(["roster"], () => api.deleteMember(m.id));
  const risks = useQuery({ queryKey: keys.memberRisks(m.id), queryFn: () => api.memberMeasureRisks(m.id) });
  return (
    <Stack maw={1000}>
      <Anchor component={Link} to="/members" size="sm" w="fit-content">
        ← All members
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {m.preferred_name || m.legal_name}
          </Title>
          <Text c="dimmed">
            {m.preferred_name ? `${m.legal_name} · ` : ""}
            {m.pronouns || "pronouns not recorded"}
            {m.date_of_birth ? ` · born ${formatDate(m.date_of_birth)}` : ""}
          </Text>
        </div>
        <Group>
          {m.archived && (
            <Badge size="lg" color="gray" variant="light">
              Archived
            </Badge>
          )}
          <Button variant="default" onClick={() => setReferring(true)} disabled={m.archived}>
            Refer to a group
          </Button>
          <Button variant="default" component={Link} to={`/members/${m.id}/edit`}>
            Edit
          </Button>
          <Button variant="default" onClick={() => archive.mutate(!m.archived)} loading={archive.isPending}>
            {m.archived ? "Bring back from the archive" : "Archive"}
          </Button>
          <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
            Delete…
          </Button>
        </Group>
      </Group>
      {notes.length > 0 && (
        <Alert color="blue" variant="light" role="status">
          {notes.join(" ")}
        </Alert>
      )}
      {archive.isError && <Alert color="red">{messageOf(archive.error)}</Alert>}
      <MeasureRiskAlerts risks={risks.data ?? []} />
      <SimpleGrid cols={3}>
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Title order={2} size="h5">
              Contact
            </Title>
            <Field label="Phone" value={m.phone} />
            <Field label="Email" value={m.email} />
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Title order={2} size="h5">
              Emergency contact
            </Title>
            <Field label="Name" value={m.emergency_name} />
            <Field label="Relationship" value={m.emergency_relationship} />
            <Field label="Phone" value={m.emergency_phone} />
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Title order={2} size="h5">
              Referral and notes
            </Title>
            <Field label="Referral source" value={m.referral_source} />
            <Field label="Notes" value={m.notes} />
          </Stack>
        </Paper>
      </SimpleGrid>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Groups
        </Title>
        {profile.places.length === 0 ? (
          <Text c="dimmed">Not referred to any group yet.</Text>
        ) : (
          <Table aria-label="Groups of this member">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Group</Table.Th>
                <Table.Th>Where they are</Table.Th>
                <Table.Th>Referred</Table.Th>
                <Table.Th>Last step</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {profile.places.map((p) => {
                const pl = p.place;
                const since = pl.left_on ?? pl.enrolled_on ?? pl.waitlisted_on ?? pl.consented_on ?? pl.screened_on ?? pl.referred_on;
                return (
                  <Table.Tr key={pl.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/groups/${pl.group_id}/roster`}>
                        {p.group_name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {pl.stage === "not_suitable" && pl.screening_outcome ? SCREENING_OUTCOME[pl.screening_outcome] : STAGE[pl.stage]}
                      {pl.stage === "not_suitable" && pl.screening_notes ? ` — ${pl.screening_notes}` : ""}
                      {pl.left_reason ? ` — ${pl.left_reason}` : ""}
                      {pl.transferred_to ? ` — to ${pl.transferred_to}` : ""}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(pl.referred_on)}</Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(since)}</Table.Td>
                    <Table.Td ta="right">
                      {(pl.stage === "enrolled" || pl.enrolled_on) && (
                        <Button size="xs" variant="default" component={Link} to={`/places/${pl.id}/progress`}>
                          Goals and measures
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <MemberNotesSection memberId={m.id} />
      <MemberAttendanceSection memberId={m.id} />
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Agreements to ground rules
        </Title>
        {profile.agreements.length === 0 ? (
          <Text c="dimmed">No agreement recorded yet.</Text>
        ) : (
          <Stack gap={4}>
            {profile.agreements.map((a) => (
              <Text key={`${a.group_id}-${a.version}`}>
                {a.group_name}: version {a.version}, agreed on {formatDate(a.agreed_on)}
                {a.current ? "" : " (an older version)"}
              </Text>
            ))}
          </Stack>
        )}
      </Paper>
      {referring && <ReferToGroup memberId={m.id} onClose={() => setReferring(false)} />}
      {deleting && (
        <Modal opened onClose={() => setDeleting(false)} title={profile.delete_blocker ? "This record is kept" : `Delete ${m.legal_name}?`}>
          <Stack>
            <Text size="sm">
              {profile.delete_blocker
                ? coreText(profile.delete_blocker)
                : "Nothing is recorded for this person, so the entry can be deleted (for a person added by mistake). This cannot be undone."}
            </Text>
            {remove.isError && <Alert color="red">{messageOf(remove.error)}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeleting(false)}>
                {profile.delete_blocker ? "Close" : "Keep"}
              </Button>
              {profile.delete_blocker ? (
                !m.archived && (
                  <Button onClick={() => archive.mutate(true, { onSuccess: () => setDeleting(false) })}>Archive instead</Button>
                )
              ) : (
                <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(undefined, { onSuccess: () => navigate("/members") })}>
                  Delete
                </Button>
              )}
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
