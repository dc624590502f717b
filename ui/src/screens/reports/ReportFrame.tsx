import { useState, type ReactNode } from "react";
import { Alert, Anchor, Button, Group, Stack, Title } from "@mantine/core";
import { Link } from "react-router";
import { api, messageOf, type ReportFormat, type ReportRequest, type SavedReport } from "../../api";
import { useSaveOnceTold } from "../../components/SaveFile";

/**
 * A report's page: the way back to Reports, its title, Save as PDF and
 * Save as CSV (after the not-encrypted warning, the first time), what was
 * saved, and the report as it will be saved.
 */
export function ReportFrame({
  title,
  subtitle,
  request,
  loaded,
  loadError,
  width,
  back = { to: "/reports", label: "Reports" },
  children,
}: {
  title: string;
  subtitle: ReactNode;
  request: ReportRequest;
  loaded: boolean;
  loadError: unknown;
  width: number;
  /** Where the way back leads (Reports, unless the report belongs to a member's page). */
  back?: { to: string; label: string };
  children: ReactNode;
}) {
  const [saved, setSaved] = useState<SavedReport | null>(null);
  const save = useSaveOnceTold(
    (format: ReportFormat, acknowledged: boolean) => api.saveReport(request, format, acknowledged),
    setSaved,
  );
  return (
    <Stack maw={width}>
      <Anchor component={Link} to={back.to} size="sm">
        ← {back.label}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {title}
          </Title>
          {subtitle}
        </div>
        <Group>
          <Button loading={save.pending} disabled={!loaded} onClick={() => save.start("pdf")}>
            Save as PDF
          </Button>
          <Button variant="default" loading={save.pending} disabled={!loaded} onClick={() => save.start("csv")}>
            Save as CSV
          </Button>
        </Group>
      </Group>
      {saved && (
        <Alert color="teal" variant="light" role="status" withCloseButton onClose={() => setSaved(null)}>
          Saved: {saved.path}. It is not encrypted: keep it where only you can reach it.
        </Alert>
      )}
      {save.error != null && <Alert color="red">{messageOf(save.error)}</Alert>}
      {loadError != null && <Alert color="red">{messageOf(loadError)}</Alert>}
      {children}
      {save.modal}
    </Stack>
  );
}
