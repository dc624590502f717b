import { useMemo, useState } from "react";
import { Alert, Anchor, Button, Group, Paper, Radio, Select, Stack, Text, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { api, isCommandError, messageOf, type Instrument, type ProgressPage } from "../../api";
import { DateField } from "../../components/DateField";
import { formatDate, parseDate, todayIso } from "../../format";
import { keys, useChange } from "../../queries";

/** Entering a measure item by item, with its standard wording; the core scores it. */
export function MeasureEntryPage() {
  const { placeId = "" } = useParams();
  const page = useQuery({ queryKey: keys.progress(placeId), queryFn: () => api.progressPage(placeId) });
  const instruments = useQuery({ queryKey: keys.instruments, queryFn: api.instruments });
  const error = page.error ?? instruments.error;
  if (error) return <Alert color="red">{messageOf(error)}</Alert>;
  if (!page.data || !instruments.data) return <Text c="dimmed">Loading…</Text>;
  return <EntryForm page={page.data} instruments={instruments.data} />;
}

function EntryForm({ page, instruments }: { page: ProgressPage; instruments: Instrument[] }) {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const today = todayIso();
  const sessions = page.progress.sessions;
  const [instrumentId, setInstrumentId] = useState(params.get("instrument") ?? instruments[0]?.id ?? "");
  const [sessionId, setSessionId] = useState<string>(params.get("session") ?? "");
  const sessionDate = sessions.find((s) => s.session_id === sessionId)?.date;
  const [on, setOn] = useState(sessionDate && sessionDate < today ? sessionDate : today);
  const instrument = instruments.find((i) => i.id === instrumentId);
  const [answers, setAnswers] = useState<(number | null)[]>(() => new Array(instrument?.items.length ?? 0).fill(null));
  const answered = answers.filter((a) => a !== null).length;
  const score = useQuery({
    queryKey: ["score", instrumentId, answers],
    queryFn: () => api.scoreMeasure(instrumentId, answers),
    enabled: instrument !== undefined && answered > 0,
    placeholderData: keepPreviousData,
  });
  const save = useChange(["measures"], (taken_on: string) =>
    api.enterMeasure(page.place.id, { instrument_id: instrumentId, session_id: sessionId || null, taken_on, answers }),
  );
  const err = save.error;
  const dateError = !parseDate(on) ? "Enter a real date." : isCommandError(err) && err.field === "taken_on" ? messageOf(err) : null;
  const choices = useMemo(
    () => [
      { value: "", label: "No session: intake, or between sessions" },
      ...sessions.map((s) => ({ value: s.session_id, label: `Session ${s.number}, ${formatDate(s.date)}` })),
    ],
    [sessions],
  );
  const back = `/places/${page.place.id}/progress`;

  return (
    <Stack maw={860}>
      <Anchor component={Link} to={back} size="sm" w="fit-content">
        ← {page.name}: goals and measures
      </Anchor>
      <Title order={1} size="h2">
        Enter a measure: {page.name}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const d = parseDate(on);
          if (d)
            save.mutate(d, {
              onSuccess: (r) => navigate(back, { state: r.risk ? { respond: r.id } : null }),
            });
        }}
      >
        <Stack>
          <Group grow align="flex-start">
            <Select
              label="Measure"
              data={instruments.map((i) => ({ value: i.id, label: `${i.short_name} — ${i.name}` }))}
              value={instrumentId}
              onChange={(v) => {
                const next = instruments.find((i) => i.id === v);
                if (!next) return;
                setInstrumentId(next.id);
                setAnswers(new Array(next.items.length).fill(null));
              }}
              allowDeselect={false}
            />
            <Select
              label="Taken at"
              data={choices}
              value={sessionId}
              onChange={(v) => {
                setSessionId(v ?? "");
                const d = sessions.find((s) => s.session_id === v)?.date;
                if (d && d <= today) setOn(d);
              }}
              allowDeselect={false}
            />
            <DateField label="Date taken" value={on} onChange={setOn} error={dateError} />
          </Group>
          {instrument && (
            <Paper withBorder p="md">
              <Text fw={600} mb="xs">
                {instrument.instructions}
              </Text>
              <Stack gap="md">
                {instrument.items.map((item, i) => (
                  <Radio.Group
                    key={item.position}
                    label={`${item.position}. ${item.wording}`}
                    value={answers[i] === null || answers[i] === undefined ? "" : String(answers[i])}
                    onChange={(v) => setAnswers((a) => a.map((x, j) => (j === i ? Number(v) : x)))}
                    styles={instrument.risk_item === item.position ? { label: { fontWeight: 600 } } : undefined}
                  >
                    <Group mt={4} gap="lg">
                      {range(instrument.item_min, instrument.item_max).map((v) => (
                        <Radio
                          key={v}
                          value={String(v)}
                          label={instrument.answer_labels[v - instrument.item_min] ? `${v} ${instrument.answer_labels[v - instrument.item_min]}` : String(v)}
                        />
                      ))}
                    </Group>
                  </Radio.Group>
                ))}
              </Stack>
            </Paper>
          )}
          <Paper withBorder p="sm" role="status" aria-label="Score">
            {answered === 0 ? (
              <Text c="dimmed">Answer the items; the total and band appear here.</Text>
            ) : score.isError ? (
              <Text c="orange.8">{messageOf(score.error)}</Text>
            ) : score.data ? (
              <Text>
                <Text span fw={700}>
                  Total {score.data.total}
                </Text>
                {score.data.band ? ` · ${score.data.band.label}` : ""}
                {answered < answers.length ? ` · ${answers.length - answered} not answered` : ""}
                {score.data.risk && (
                  <Text span c="red.8" fw={700}>
                    {" "}
                    · Risk item answered above “{instrument?.answer_labels[0] ?? instrument?.item_min}”: you will be
                    asked to record your response.
                  </Text>
                )}
              </Text>
            ) : null}
          </Paper>
          {err && !dateError && (
            <Alert color="red" role="alert">
              {messageOf(err)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" component={Link} to={back}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save the result
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            A result is final once saved; one entered by mistake is voided with a reason, never changed.
          </Text>
        </Stack>
      </form>
    </Stack>
  );
}

function range(min: number, max: number): number[] {
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}
