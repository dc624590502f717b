import { Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { api } from "../../api";
import { formatDate, formatTime } from "../../format";
import { ATTENDANCE_STATUS } from "../../labels";
import { keys } from "../../queries";
import { ReportFrame } from "./ReportFrame";

/** Lines shown on screen; the saved file holds them all. */
const SHOWN = 200;

/** The service log of a date range across groups, as it will be saved; saved as PDF or CSV. */
export function ServiceLogPage() {
  const [params] = useSearchParams();
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const log = useQuery({ queryKey: keys.serviceLog(from, to), queryFn: () => api.serviceLog(from, to) });
  const l = log.data;
  return (
    <ReportFrame
      title="Service log"
      subtitle={
        l && (
          <Text>
            {formatDate(l.from)} – {formatDate(l.to)}
          </Text>
        )
      }
      request={{ kind: "services", from, to }}
      loaded={!!l}
      loadError={log.isError ? log.error : null}
      width={1200}
    >
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
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{x.service_code}</Table.Td>
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
    </ReportFrame>
  );
}
