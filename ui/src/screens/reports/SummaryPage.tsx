import { useState } from "react";
import { Alert, Button, Group, Modal, Paper, Stack, Table, Text, TextInput, Textarea, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams } from "react-router";
import { api, isCommandError, messageOf, type GoalFigures, type SummaryRecord, type SummaryFigures, type SummaryText } from "../../api";
import { useAutosave } from "../../drafts";
import { SaveStatus } from "../../components/SaveStatus";
import { formatDate, formatDateTime, formatRate } from "../../format";
import { keys, refresh } from "../../queries";
import { ReportFrame } from "./ReportFrame";
import { SUMMARY_TITLE } from "./SummariesSection";

const rating = (g: GoalFigures, v: number) => (g.measured_by === "gas" && v > 0 ? `+${v}` : String(v));
const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** A progress or discharge summary: its figures, the clinician's text (a draft saves itself), signing. */
export function SummaryPage() {
  const id = Number(useParams().summaryId);
  const summary = useQuery({ queryKey: keys.summary(id), queryFn: () => api.summary(id) });
  const s = summary.data;
  return (
    <ReportFrame
      title={s ? `${SUMMARY_TITLE[s.kind]}: ${s.figures.member.legal_name}` : "Summary"}
      subtitle={
        s && (
          <Text c="dimmed">
            {s.figures.group.name} ·{" "}
            {s.signature
              ? `signed by ${s.signature.signed_by}, ${s.signature.credentials} on ${formatDateTime(s.signature.signed_at)}`
              : "draft: the figures are as they stand today, and are kept as they are when you sign"}
          </Text>
        )
      }
      request={{ kind: "summary", summary_id: id }}
      loaded={!!s}
      loadError={summary.isError ? summary.error : null}
      width={1000}
      back={s ? { to: `/places/${s.place_id}/progress`, label: `${s.figures.member.legal_name}'s progress` } : undefined}
    >
      {s && <Figures f={s.figures} />}
      {s && (s.signature ? <SignedText s={s} /> : <DraftText key={s.id} s={s} />)}
    </ReportFrame>
  );
}

function Figures({ f }: { f: SummaryFigures }) {
  const a = f.attendance;
  return (
    <Paper withBorder p="md" component="section" aria-label="Figures">
      <Stack gap="xs">
        <Text size="sm">
          Referred {formatDate(f.place.referred_on)}
          {f.place.referral_source ? ` (${f.place.referral_source})` : ""}
          {f.place.enrolled_on ? ` · enrolled ${formatDate(f.place.enrolled_on)}` : ""}
          {f.place.left_on ? ` · left ${formatDate(f.place.left_on)}` : ""} ·{" "}
          {f.place.stage === "enrolled" ? "still in the group" : f.place.stage_words}
          {f.place.left_reason ? `: ${f.place.left_reason}` : ""}
        </Text>
        <Text size="sm">
          Attended <strong>{a.attended}</strong> of {a.expected} sessions they were expected at ({formatRate(a.rate)}):{" "}
          {a.counts.late} late, {a.counts.left_early} left early, {a.counts.absent_excused} absent with notice,{" "}
          {a.counts.absent_unexcused} without; {a.still_to_come} still to come.
        </Text>
        <Table withTableBorder fz="sm" aria-label="Goals">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Goal</Table.Th>
              <Table.Th>First rating</Table.Th>
              <Table.Th>Latest rating</Table.Th>
              <Table.Th>Outcome</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {f.goals.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>No goals were set.</Table.Td>
              </Table.Tr>
            )}
            {f.goals.map((g, i) => (
              <Table.Tr key={i}>
                <Table.Td>{g.statement}</Table.Td>
                <Table.Td>{g.first ? `${rating(g, g.first.value)} (session ${g.first.session_number})` : "–"}</Table.Td>
                <Table.Td>{g.latest ? `${rating(g, g.latest.value)} (session ${g.latest.session_number})` : "–"}</Table.Td>
                <Table.Td>{g.status === "active" ? "not yet achieved" : g.status}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Table withTableBorder fz="sm" aria-label="Measures">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Measure</Table.Th>
              <Table.Th>First</Table.Th>
              <Table.Th>Latest</Table.Th>
              <Table.Th>Change</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {f.measures.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>No measures were taken.</Table.Td>
              </Table.Tr>
            )}
            {f.measures.map((m) => {
              const first = m.totals[0];
              const latest = m.totals.length > 1 ? m.totals[m.totals.length - 1] : undefined;
              const total = (t: typeof first) => (t ? `${num(t.total)} ${t.band ?? ""} (${formatDate(t.taken_on)})` : "–");
              return (
                <Table.Tr key={m.short_name}>
                  <Table.Td>{m.short_name}</Table.Td>
                  <Table.Td>{total(first)}</Table.Td>
                  <Table.Td>{total(latest)}</Table.Td>
                  <Table.Td>{m.change_words}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed">
          The saved PDF draws each measure's totals as a chart.
        </Text>
      </Stack>
    </Paper>
  );
}

function SignedText({ s }: { s: SummaryRecord }) {
  return (
    <Paper withBorder p="md" component="section" aria-label="Summary">
      <Stack gap="sm">
        {s.text.recipient && <Text size="sm">For: {s.text.recipient}</Text>}
        {(
          [
            ["Summary", s.text.summary],
            ["Recommendations", s.text.recommendations],
            ["Aftercare", s.text.aftercare],
          ] as const
        )
          .filter(([, t]) => t.trim())
          .map(([label, t]) => (
            <div key={label}>
              <Title order={3} size="h5">
                {label}
              </Title>
              <Text style={{ whiteSpace: "pre-wrap" }}>{t}</Text>
            </div>
          ))}
        <Text size="sm" c="dimmed">
          Signed and final: it cannot be changed. Write a new summary if something has changed.
        </Text>
      </Stack>
    </Paper>
  );
}

function DraftText({ s }: { s: SummaryRecord }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [text, setText] = useState<SummaryText>(s.text);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const autosave = useAutosave(async (t: SummaryText) => {
    const at = await api.saveSummaryDraft(s.id, t);
    await refresh(client, ["reports"]);
    return at;
  }, s.updated_at);
  const update = (change: Partial<SummaryText>) => {
    const t = { ...text, ...change };
    setText(t);
    autosave.change(t);
  };
  const open = s.mentions.filter((m) => !m.confirmed);
  const confirm = async (key: string) => {
    try {
      await api.confirmSummaryMention(s.id, key);
      await refresh(client, ["reports"]);
    } catch (e) {
      setError(e);
    }
  };
  const sign = async () => {
    setBusy(true);
    setError(null);
    try {
      await autosave.flush();
      await api.signSummary(s.id);
      await refresh(client, ["reports"]);
    } catch (e) {
      setError(e);
      await refresh(client, ["reports"]);
    } finally {
      setBusy(false);
    }
  };
  const discard = async () => {
    try {
      await api.discardSummary(s.id);
      await refresh(client, ["reports"]);
      navigate(`/places/${s.place_id}/progress`);
    } catch (e) {
      setError(e);
    }
  };
  const discharge = s.kind === "discharge";
  return (
    <Paper withBorder p="md" component="section" aria-label="Your summary">
      <Stack>
        <Text size="sm" c="dimmed">
          Your draft saves itself to the encrypted vault as you type. It never names another member of the group;
          psychotherapy notes are never part of it. Signing makes it final.
        </Text>
        <TextInput
          label="For"
          description="Whom it is for, as it appears on the summary"
          placeholder="Dr. Patel, primary care"
          value={text.recipient}
          onChange={(e) => update({ recipient: e.currentTarget.value })}
        />
        <Textarea
          label="Summary"
          description="How they took part and what changed for them"
          autosize
          minRows={4}
          value={text.summary}
          onChange={(e) => update({ summary: e.currentTarget.value })}
        />
        <Textarea
          label="Recommendations"
          autosize
          minRows={2}
          value={text.recommendations}
          onChange={(e) => update({ recommendations: e.currentTarget.value })}
        />
        <Textarea
          label="Aftercare"
          description={discharge ? "Follow-up, referrals, what to do in a crisis (needed to sign)" : "Optional mid-program"}
          autosize
          minRows={2}
          value={text.aftercare}
          onChange={(e) => update({ aftercare: e.currentTarget.value })}
        />
        <SaveStatus state={autosave.state} />
        {open.length > 0 && (
          <Stack gap="xs" aria-label="Other members named">
            <Text size="sm" fw={600}>
              Other members may be named. A summary goes into one member's record and out to others: change the text,
              or confirm each one does not identify anyone.
            </Text>
            {open.map((m) => (
              <Alert key={m.key} color="orange" variant="light">
                <Group justify="space-between" wrap="nowrap">
                  <Text size="sm">
                    {m.field_label}: “…{m.before}
                    <mark>{m.written}</mark>
                    {m.after}…” may name {m.members.join(" or ")}
                  </Text>
                  <Button size="xs" variant="default" onClick={() => void confirm(m.key)}>
                    Does not identify them
                  </Button>
                </Group>
              </Alert>
            ))}
          </Stack>
        )}
        {error != null && (
          <Alert color={isCommandError(error) && error.code === "confirm" ? "orange" : "red"}>{messageOf(error)}</Alert>
        )}
        <Group justify="space-between">
          <Button variant="subtle" color="red" onClick={() => setDiscarding(true)}>
            Discard draft
          </Button>
          <Button loading={busy} onClick={() => void sign()}>
            Sign {discharge ? "discharge" : "progress"} summary
          </Button>
        </Group>
      </Stack>
      <Modal opened={discarding} onClose={() => setDiscarding(false)} title="Discard this draft?">
        <Stack>
          <Text>The draft's text is removed. Nothing signed is touched.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDiscarding(false)}>
              Keep it
            </Button>
            <Button color="red" onClick={() => void discard()}>
              Discard
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
