// Defining a measure: the practice's own scale, or a licensed one whose text
// Cohort does not ship. One form (@mantine/form) checked as you type against
// the core's limits (MEASURE_LIMITS); the core checks again on saving and its
// refusal is shown beside the field it names.
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { Link, useNavigate } from "react-router";
import { api, isCommandError, messageOf, type Band, type InstrumentInput, type ItemInput } from "../../api";
import { MEASURE_LIMITS as L } from "../../bindings/limits";
import { useChange } from "../../queries";

const NEW_ITEM: ItemInput = { wording: "", reverse: false, subscale: "" };

type Values = Omit<InstrumentInput, "answer_labels" | "reliability" | "sd" | "scoring" | "item_min" | "item_max" | "min_answered"> & {
  item_min: number | string;
  item_max: number | string;
  min_answered: number | string;
  scoring: "sum" | "mean";
  /** One label per line. */
  answer_labels: string;
  reliability: number | string;
  sd: number | string;
};

const labelsOf = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

const whole = (v: number | string) => (typeof v === "number" ? v : v.trim() === "" ? NaN : Number(v));

/** What is wrong with the form as it stands, by field (the core's rules, as typed). */
export function checkMeasure(v: Values): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {};
  const name = v.name.trim();
  if (name === "" || name.length > L.name_max) out.name = `Name the measure (up to ${L.name_max} characters).`;
  const short = v.short_name.trim();
  if (short === "" || short.length > L.short_name_max) out.short_name = `Give it a short name for charts (up to ${L.short_name_max} characters).`;
  const min = whole(v.item_min);
  const max = whole(v.item_max);
  const range = `from ${L.answer_min} to ${L.answer_max}`;
  if (!Number.isInteger(min) || min < L.answer_min || min > L.answer_max) out.item_min = `The lowest answer is a whole number ${range}.`;
  if (!Number.isInteger(max) || max > L.answer_max || !(max > min)) out.item_max = `The highest answer is above the lowest, ${range}.`;
  const labels = labelsOf(v.answer_labels);
  if (!out.item_min && !out.item_max && labels.length > 0 && labels.length !== max - min + 1) {
    out.answer_labels = `Label every answer from ${min} to ${max} (${max - min + 1} labels), or none.`;
  }
  if (v.items.length > L.items_max) out.items = `A measure has 1 to ${L.items_max} items.`;
  v.items.forEach((item, n) => {
    const w = item.wording.trim();
    if (w === "" || w.length > L.item_wording_max) out[`items.${n}.wording`] = `Write item ${n + 1} (up to ${L.item_wording_max} characters).`;
  });
  const answered = whole(v.min_answered);
  if (!Number.isInteger(answered) || answered < 1 || answered > v.items.length) {
    out.min_answered = `At least 1 and at most all ${v.items.length} items.`;
  }
  const r = whole(v.reliability);
  const sd = whole(v.sd);
  const rGiven = !Number.isNaN(r);
  const sdGiven = !Number.isNaN(sd);
  if (rGiven !== sdGiven || (rGiven && !(r > 0 && r < 1)) || (sdGiven && !(sd > 0))) {
    out.reliability = "Give both the reliability (between 0 and 1) and the standard deviation (above 0), or neither.";
  }
  const bands = [...v.bands].sort((a, b) => a.low - b.low);
  bands.forEach((b, i) => {
    const before = i > 0 ? bands[i - 1] : undefined;
    if (b.label.trim() === "" || b.high < b.low) out.bands = "Each band has a label and runs from its lowest total to its highest.";
    else if (before && b.low <= before.high) out.bands = `The bands “${before.label}” and “${b.label}” overlap.`;
  });
  return out;
}

function toInput(v: Values): InstrumentInput {
  const r = whole(v.reliability);
  const sd = whole(v.sd);
  return {
    name: v.name,
    short_name: v.short_name,
    instructions: v.instructions,
    item_min: whole(v.item_min),
    item_max: whole(v.item_max),
    answer_labels: labelsOf(v.answer_labels),
    scoring: v.scoring,
    min_answered: whole(v.min_answered),
    higher_is_worse: v.higher_is_worse,
    reliability: Number.isNaN(r) ? null : r,
    sd: Number.isNaN(sd) ? null : sd,
    items: v.items,
    bands: v.bands,
  };
}

export function DefineMeasurePage() {
  const navigate = useNavigate();
  const form = useForm<Values>({
    mode: "controlled",
    validateInputOnChange: true,
    initialValues: {
      name: "",
      short_name: "",
      instructions: "",
      item_min: 0,
      item_max: 4,
      answer_labels: "",
      scoring: "sum",
      items: [{ ...NEW_ITEM }],
      min_answered: 1,
      higher_is_worse: true,
      reliability: "",
      sd: "",
      bands: [],
    },
    validate: (v) => checkMeasure(v),
  });
  const save = useChange(["measures"], (v: Values) => api.defineInstrument(toInput(v)));
  const err = save.error;
  const field = isCommandError(err) ? err.field : null;
  // The core's refusal beside its field, until that field is changed.
  const at = (f: string) => form.errors[f] ?? (field === f && !form.isDirty(f) ? messageOf(err) : null);
  const shown = ["name", "short_name", "item_max", "answer_labels", "items", "min_answered", "reliability", "bands"];
  const { item_min: min, item_max: max } = form.getValues();

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
        onSubmit={form.onSubmit((v) => {
          form.resetDirty();
          save.mutate(v, { onSuccess: () => navigate("/measures") });
        })}
      >
        <Stack>
          <Paper withBorder p="md">
            <Stack>
              <Group grow align="flex-start">
                <TextInput label="Name" {...form.getInputProps("name")} error={at("name")} />
                <TextInput label="Short name" description="Shown on charts, e.g. “GQ-12”." {...form.getInputProps("short_name")} error={at("short_name")} />
              </Group>
              <Textarea
                label="Instructions"
                description="Read to the member or printed above the items."
                autosize
                minRows={2}
                {...form.getInputProps("instructions")}
              />
              <Group grow align="flex-start">
                <NumberInput label="Lowest answer" allowDecimal={false} {...form.getInputProps("item_min")} error={at("item_min")} />
                <NumberInput label="Highest answer" allowDecimal={false} {...form.getInputProps("item_max")} error={at("item_max")} />
                <div>
                  <Text size="sm" fw={500} mb={4}>
                    Total
                  </Text>
                  <SegmentedControl
                    aria-label="Total"
                    {...form.getInputProps("scoring")}
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
                {...form.getInputProps("answer_labels")}
                error={at("answer_labels")}
              />
            </Stack>
          </Paper>
          <Paper withBorder p="md" component="section" aria-label="Items">
            <Title order={2} size="h5" mb="xs">
              Items
            </Title>
            <Stack gap="xs">
              {form.getValues().items.map((_, n) => (
                <Group key={n} align="flex-end" wrap="nowrap">
                  <TextInput style={{ flex: 1 }} label={`Item ${n + 1}`} {...form.getInputProps(`items.${n}.wording`)} />
                  <TextInput w={140} label="Subscale" {...form.getInputProps(`items.${n}.subscale`)} />
                  <Checkbox mb={8} label="Reverse-scored" {...form.getInputProps(`items.${n}.reverse`, { type: "checkbox" })} />
                  <Button
                    variant="subtle"
                    color="gray"
                    disabled={form.getValues().items.length === 1}
                    onClick={() => form.removeListItem("items", n)}
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
                <Button variant="default" onClick={() => form.insertListItem("items", { ...NEW_ITEM })}>
                  Add an item
                </Button>
              </Group>
              <NumberInput
                w={320}
                label="Items that must be answered for a score"
                description="When fewer are blank, the total is prorated."
                allowDecimal={false}
                {...form.getInputProps("min_answered")}
                error={at("min_answered")}
              />
            </Stack>
          </Paper>
          <Paper withBorder p="md" component="section" aria-label="Bands and change">
            <Title order={2} size="h5" mb="xs">
              Bands and change
            </Title>
            <Stack gap="xs">
              <Checkbox label="A higher total is worse (as on PHQ-9 and GAD-7)" {...form.getInputProps("higher_is_worse", { type: "checkbox" })} />
              {form.getValues().bands.map((_: Band, n) => (
                <Group key={n} align="flex-end" wrap="nowrap">
                  <NumberInput w={110} label="From" {...form.getInputProps(`bands.${n}.low`)} />
                  <NumberInput w={110} label="To" {...form.getInputProps(`bands.${n}.high`)} />
                  <TextInput style={{ flex: 1 }} label="Band" {...form.getInputProps(`bands.${n}.label`)} />
                  <Button variant="subtle" color="gray" onClick={() => form.removeListItem("bands", n)} aria-label={`Remove band ${n + 1}`}>
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
                <Button variant="default" onClick={() => form.insertListItem("bands", { low: 0, high: 0, label: "" })}>
                  Add a band
                </Button>
              </Group>
              <Text size="sm" c="dimmed">
                For reliable change (Jacobson–Truax), give the measure's reliability and standard deviation from its manual; leave both empty
                otherwise.
              </Text>
              <Group align="flex-start">
                <NumberInput w={200} label="Reliability (0 to 1)" decimalScale={3} {...form.getInputProps("reliability")} error={at("reliability")} />
                <NumberInput w={200} label="Standard deviation" decimalScale={3} {...form.getInputProps("sd")} />
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
