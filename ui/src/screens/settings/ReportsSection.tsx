import { Alert, Paper, Radio, Stack, Text, Title } from "@mantine/core";
import { api, messageOf, type Paper as PaperSize } from "../../api";
import { options, PAPER } from "../../labels";
import { useChange } from "../../queries";

/** Settings' Reports: the paper every report is laid out for. */
export function ReportsSection({ paper }: { paper: PaperSize }) {
  const change = useChange(["settings"], (p: PaperSize) => api.setReportPaper(p));
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">
            Reports
          </Title>
          <Text size="sm" c="dimmed">
            The paper size of every report saved as a PDF.
          </Text>
        </div>
        <Radio.Group label="Paper size" value={paper} onChange={(v) => change.mutate(v as PaperSize)}>
          <Stack gap="xs" mt="xs">
            {options(PAPER).map((o) => (
              <Radio key={o.value} value={o.value} label={o.label} disabled={change.isPending} />
            ))}
          </Stack>
        </Radio.Group>
        {change.isError && <Alert color="red">{messageOf(change.error)}</Alert>}
      </Stack>
    </Paper>
  );
}
