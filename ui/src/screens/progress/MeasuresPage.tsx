import { useState } from "react";
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { api, isCommandError, messageOf, type Band, type Instrument, type ItemInput } from "../../api";
import { keys, useChange } from "../../queries";

function scaleText(i: Instrument): string {
  const total = i.scoring === "sum" ? `sum of ${i.items.length} items` : `mean of ${i.items.length} items`;
  return `${i.item_min}–${i.item_max} per item, ${total}`;
}

/** The measures: PHQ-9 and GAD-7 built in, the practice's own beside them. */
export function MeasuresPage() {
  const instruments = useQuery({ queryKey: keys.instruments, queryFn: api.instruments });
  return (
    <Stack maw={1000}>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Measures
        </Title>
        <Button component={Link} to="/measures/new">
          Define a measure
        </Button>
      </Group>
      <Text c="dimmed">
        Built-in and your own measures behave the same: entered item by item, scored by Cohort, charted, and planned per group.
      </Text>
      {instruments.isError && <Alert color="red">{messageOf(instruments.error)}</Alert>}
      {instruments.data && (
        <Table aria-label="Measures">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Measure</Table.Th>
              <Table.Th>Scale</Table.Th>
              <Table.Th>Bands</Table.Th>
              <Table.Th>Reliable change</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {instruments.data.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>
                  <Text fw={600}>
                    {i.short_name}{" "}
                    {i.builtin && (
                      <Badge size="xs" variant="light">
                        Built in
                      </Badge>
                    )}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {i.name}
                  </Text>
                </Table.Td>
                <Table.Td>{scaleText(i)}</Table.Td>
                <Table.Td>{i.bands.length === 0 ? "—" : i.bands.map((b) => `${b.low}–${b.high} ${b.label}`).join(", ")}</Table.Td>
                <Table.Td>
                  {i.reliable_change !== null
                    ? `${i.reliable_change} points`
                    : i.reliability !== null && i.sd !== null
                      ? `From reliability ${i.reliability} and SD ${i.sd}`
                      : "Not known"}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

const NEW_ITEM: ItemInput = { wording: "", reverse: false, subscale: "" };

/** Defining a measure: the practice's own scale, or a licensed one whose text Cohort does not ship. */
export function DefineMeasurePage() {
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [shortName, setShortName] = useState("");
  const [instructions, setInstructions] = useState("");
  const [min, setMin] = useState<number>(0);
  const [max, setMax] = useState<number>(4);
  const [labels, setLabels] = useState("");
  const [scoring, setScoring] = useState<"sum" | "mean">("sum");
  const [items, setItems] = useState<ItemInput[]>([{ ...NEW_ITEM }]);
  const [minAnswered, setMinAnswered] = useState<number>(1);
  const [higherIsWorse, setHigherIsWorse] = useState(true);
  const [reliability, setReliability] = useState<number | "">("");
  const [sd, setSd] = useState<number | "">("");
  const [bands, setBands] = useState<Band[]>([]);
  const save = useChange(["measures"], () =>
    api.defineInstrument({
      name,
      short_name: shortName,
      instructions,
      item_min: min,
      item_max: max,
      answer_labels: labels
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean),
      scoring,
      min_answered: minAnswered,
      higher_is_worse: higherIsWorse,
      reliability: reliability === "" ? null : reliability,
      sd: sd === "" ? null : sd,
      items,
      bands,
    }),
  );
  const err = save.error;
  const field = isCommandError(err) ? err.field : null;
  const at = (f: string) => (field === f ? messageOf(err) : null);
  const shown = ["name", "short_name", "item_max", "answer_labels", "items", "min_answered", "reliability", "bands"];
  const setItem = (n: number, change: Partial<ItemInput>) => setItems((xs) => xs.map((x, i) => (i === n ? { ...x, ...change } : x)));
  const setBand = (n: number, change: Partial<Band>) => setBands((xs) => xs.map((x, i) => (i === n ? { ...x, ...change } : x)));

  return (
    <Stack maw={900}>
      <Anchor component={Link} to="/measures" size="sm" w="fit-content">
        ← Measures
      </Anchor>
      <Title order={1} size="h2">
        Define a measure
      </Title>
      <Text c="dimmed" size="sm">
        Once a result is entered with it, a measure is final: its items and scoring cannot change, so every result keeps its meaning.
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(undefined, { onSuccess: () => navigate("/measures") });
        }}
      >
        <Stack>
          <Paper withBorder p="md">
            <Stack>
              <Group grow align="flex-start">
                <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={at("name")} />
                <TextInput
                  label="Short name"
                  description="Shown on charts, e.g. “GQ-12”."
                  value={shortName}
                  onChange={(e) => setShortName(e.currentTarget.value)}
                  error={at("short_name")}
                />
              </Group>
              <Textarea
                label="Instructions"
                description="Read to the member or printed above the items."
                autosize
                minRows={2}
                value={instructions}
                onChange={(e) => setInstructions(e.currentTarget.value)}
              />
              <Group grow align="flex-start">
                <NumberInput label="Lowest answer" value={min} onChange={(v) => setMin(Number(v) || 0)} min={0} max={100} allowDecimal={false} />
                <NumberInput
                  label="Highest answer"
                  value={max}
                  onChange={(v) => setMax(Number(v) || 0)}
                  min={0}
                  max={100}
                  allowDecimal={false}
                  error={at("item_max")}
                />
                <div>
                  <Text size="sm" fw={500} mb={4}>
                    Total
                  </Text>
                  <SegmentedControl
                    aria-label="Total"
                    value={scoring}
                    onChange={(v) => setScoring(v as "sum" | "mean")}
                    data={[
                      { value: "sum", label: "Sum of items" },
                      { value: "mean", label: "Mean of items" },
                    ]}
                  />
                </div>
              </Group>
              <Textarea
                label="What each answer means (optional)"
                description={`One per line, from ${min} to ${max}.`}
                autosize
                minRows={2}
                value={labels}
                onChange={(e) => setLabels(e.currentTarget.value)}
                error={at("answer_labels")}
              />
            </Stack>
          </Paper>
          <Paper withBorder p="md" component="section" aria-label="Items">
            <Title order={2} size="h5" mb="xs">
              Items
            </Title>
            <Stack gap="xs">
              {items.map((item, n) => (
                <Group key={n} align="flex-end" wrap="nowrap">
                  <TextInput
                    style={{ flex: 1 }}
                    label={`Item ${n + 1}`}
                    value={item.wording}
                    onChange={(e) => setItem(n, { wording: e.currentTarget.value })}
                  />
                  <TextInput w={140} label="Subscale" value={item.subscale} onChange={(e) => setItem(n, { subscale: e.currentTarget.value })} />
                  <Checkbox
                    mb={8}
                    label="Reverse-scored"
                    checked={item.reverse}
                    onChange={(e) => setItem(n, { reverse: e.currentTarget.checked })}
                  />
                  <Button
                    variant="subtle"
                    color="gray"
                    disabled={items.length === 1}
                    onClick={() => setItems((xs) => xs.filter((_, i) => i !== n))}
                    aria-label={`Remove item ${n + 1}`}
                  >
                    Remove
                  </Button>
                </Group>
              ))}
              {at("items") && (
                <Text c="red" size="sm" role="alert">
                  {at("items")}
                </Text>
              )}
              <Group>
                <Button variant="default" onClick={() => setItems((xs) => [...xs, { ...NEW_ITEM }])}>
                  Add an item
                </Button>
              </Group>
              <NumberInput
                w={320}
                label="Items that must be answered for a score"
                description="When fewer are blank, the total is prorated."
                value={minAnswered}
                onChange={(v) => setMinAnswered(Number(v) || 0)}
                min={1}
                max={items.length}
                allowDecimal={false}
                error={at("min_answered")}
              />
            </Stack>
          </Paper>
          <Paper withBorder p="md" component="section" aria-label="Bands and change">
            <Title order={2} size="h5" mb="xs">
              Bands and change
            </Title>
            <Stack gap="xs">
              <Checkbox
                label="A higher total is worse (as on PHQ-9 and GAD-7)"
                checked={higherIsWorse}
                onChange={(e) => setHigherIsWorse(e.currentTarget.checked)}
              />
              {bands.map((b, n) => (
                <Group key={n} align="flex-end" wrap="nowrap">
                  <NumberInput w={110} label="From" value={b.low} onChange={(v) => setBand(n, { low: Number(v) || 0 })} />
                  <NumberInput w={110} label="To" value={b.high} onChange={(v) => setBand(n, { high: Number(v) || 0 })} />
                  <TextInput style={{ flex: 1 }} label="Band" value={b.label} onChange={(e) => setBand(n, { label: e.currentTarget.value })} />
                  <Button variant="subtle" color="gray" onClick={() => setBands((xs) => xs.filter((_, i) => i !== n))} aria-label={`Remove band ${n + 1}`}>
                    Remove
                  </Button>
                </Group>
              ))}
              {at("bands") && (
                <Text c="red" size="sm" role="alert">
                  {at("bands")}
                </Text>
              )}
              <Group>
                <Button variant="default" onClick={() => setBands((xs) => [...xs, { low: 0, high: 0, label: "" }])}>
                  Add a band
                </Button>
              </Group>
              <Text size="sm" c="dimmed">
                For reliable change (Jacobson–Truax), give the measure's reliability and standard deviation from its manual; leave both empty
                otherwise.
              </Text>
              <Group align="flex-start">
                <NumberInput
                  w={200}
                  label="Reliability (0 to 1)"
                  value={reliability}
                  onChange={(v) => setReliability(v === "" ? "" : Number(v))}
                  decimalScale={3}
                  error={at("reliability")}
                />
                <NumberInput w={200} label="Standard deviation" value={sd} onChange={(v) => setSd(v === "" ? "" : Number(v))} decimalScale={3} />
              </Group>
            </Stack>
          </Paper>
          {err && !shown.includes(field ?? "") && (
            <Alert color="red" role="alert">
              {messageOf(err)}
            </Alert>
          )}
          {err && shown.includes(field ?? "") && (
            <Text c="red" size="sm" role="alert">
              Not saved: {messageOf(err)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/measures">
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save the measure
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
