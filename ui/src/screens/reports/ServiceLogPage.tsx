import { useState } from "react";
import { Alert, Anchor, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { api, messageOf, type ReportFormat, type SavedReport } from "../../api";
import { useSaveOnceTold } from "../../components/SaveFile";
import { formatDate, formatTime } from "../../format";
import { ATTENDANCE_STATUS } from "../../labels";
import { keys } from "../../queries";

/** Lines shown on screen; the saved file holds them all. */
const SHOWN = 200;

/** The service log of a date range across groups, as it will be saved; saved as PDF or CSV. */
export function ServiceLogPage() {
  const [params] = useSearchParams();
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const log = useQuery({ queryKey: keys.serviceLog(from, to), queryFn: () => api.serviceLog(from, to) });
  const [saved, setSaved] = useState<SavedReport | null>(null);
  const save = useSaveOnceTold(
    (format: ReportFormat, acknowledged: boolean) => api.saveReport({ kind: "services", from, to }, format, acknowledged),
    setSaved,
  );
  const l = log.data;
  return (
    <Stack maw={1200}>
      <Anchor component={Link} to="/reports" size="sm">
        ← Reports
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            Service log
          </Title>
          {l && (
            <Text>
              {formatDate(l.from)} – {formatDate(l.to)}
            </Text>
          )}
        </div>
        <Group>
          <Button loading={save.pending} disabled={!l} onClick={() => save.start("pdf")}>
            Save as PDF
          </Button>
          <Button variant="default" loading={save.pending} disabled={!l} onClick={() => save.start("csv")}>
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
      {log.isError && <Alert color="red">{messageOf(log.error)}</Alert>}
      {l && (
        <>
          <Text size="sm">
            {l.lines.length} {l.lines.length === 1 ? "service" : "services"}: {l.members} members at {l.sessions}{" "}
            sessions, {l.minutes} minutes attended. {l.facilitator ? `Facilitator: ${l.facilitator}.` : ""}
          </Text>
          {l.lines.length === 0 ? (
            <Text c="dimmed">No one attended a held session in these dates.</Text>
          ) : (
            <Table striped fz="sm" aria-label="Service log">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Date</Table.Th>
                  <Table.Th>Time</Table.Th>
                  <Table.Th>Member</Table.Th>
                  <Table.Th>Group</Table.Th>
                  <Table.Th ta="right">Session</Table.Th>
                  <Table.Th ta="right">Minutes</Table.Th>
                  <Table.Th>Attendance</Table.Th>
                  <Table.Th>Code</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {l.lines.slice(0, SHOWN).map((x) => (
                  <Table.Tr key={`${x.session_id}-${x.member_id}`}>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(x.date)}</Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      {formatTime(x.start)}–{formatTime(x.end)}
                    </Table.Td>
                    <Table.Td>{x.legal_name}</Table.Td>
                    <Table.Td>{x.group_name}</Table.Td>
                    <Table.Td ta="right">{x.session_number}</Table.Td>
                    <Table.Td ta="right">{x.minutes}</Table.Td>
                    <Table.Td>{ATTENDANCE_STATUS[x.status]}</Table.Td>
                    <Table.Td>{x.service_code}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {l.lines.length > SHOWN && (
            <Text size="sm" c="dimmed">
              The first {SHOWN} of {l.lines.length} lines are shown here; the saved file holds them all.
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
