import { Anchor, ScrollArea, Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, type Register } from "../../api";
import { formatDate, formatDayMonth, formatRate } from "../../format";
import { STAGE } from "../../labels";
import { keys } from "../../queries";
import { ReportFrame } from "./ReportFrame";

/** The member column stays in view while the sessions scroll beside it. */
const sticky = { position: "sticky", left: 0, background: "var(--mantine-color-body)", zIndex: 1 } as const;


/** The attendance register of one program, as it will be saved; saved as PDF or CSV. */
export function RegisterPage() {
  const { groupId = "" } = useParams();
  const register = useQuery({ queryKey: keys.register(groupId), queryFn: () => api.register(groupId) });
  const r = register.data;
  return (
    <ReportFrame
      title="Attendance register"
      subtitle={
        r && (
          <Text>
            <Anchor component={Link} to={`/groups/${r.group.id}`}>
              {r.group.name}
            </Anchor>
          </Text>
        )
      }
      request={{ kind: "register", group_id: groupId }}
      loaded={!!r}
      loadError={register.isError ? register.error : null}
      width={1400}
    >
      {r && <RegisterView r={r} />}
    </ReportFrame>
  );
}

function RegisterView({ r }: { r: Register }) {
  const scheduled = r.sessions.filter((s) => s.status === "scheduled").length;
  return (
    <Stack gap="xs">
      <Text size="sm">
        {r.facilitators.length > 0 ? `Facilitators: ${r.facilitators.join("; ")}. ` : ""}
        {r.group.location ? `Room: ${r.group.location}. ` : ""}
        Sessions: {r.held} held, {r.cancelled} cancelled, {scheduled} to come. Group attendance rate:{" "}
        <strong>{formatRate(r.group_rate)}</strong>.
      </Text>
      {r.facilitators.length === 0 && (
        <Text size="sm" c="dimmed">
          Your name and credentials come from your profile in{" "}
          <Anchor component={Link} to="/settings">
            Settings
          </Anchor>
          .
        </Text>
      )}
      {r.members.length === 0 ? (
        <Text c="dimmed">No one has been enrolled in this group yet, so the register is empty.</Text>
      ) : (
        <ScrollArea>
          <Table
            withTableBorder
            withColumnBorders
            fz="xs"
            horizontalSpacing={6}
            verticalSpacing={4}
            aria-label="Attendance register"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th style={sticky} miw={150}>
                  Member
                </Table.Th>
                {r.sessions.map((s) => (
                  <Table.Th key={s.id} ta="center" bg={s.status === "cancelled" ? "gray.1" : undefined}>
                    {s.number}
                    <br />
                    <Text span size="xs" fw={400}>
                      {formatDayMonth(s.date)}
                      {s.status === "cancelled" && (
                        <>
                          <br />
                          cancelled
                        </>
                      )}
                      {s.makeup_for !== null && (
                        <>
                          <br />
                          make-up for {s.makeup_for}
                        </>
                      )}
                    </Text>
                  </Table.Th>
                ))}
                <Table.Th ta="right">Attended</Table.Th>
                <Table.Th ta="right">With notice</Table.Th>
                <Table.Th ta="right">Without notice</Table.Th>
                <Table.Th ta="right">Rate</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.members.map((m) => (
                <Table.Tr key={m.place_id}>
                  <Table.Td style={sticky}>
                    <Anchor component={Link} to={`/members/${m.member_id}`} size="xs">
                      {m.legal_name}
                    </Anchor>
                    {m.left_on && (
                      <Text size="xs" c="dimmed">
                        {STAGE[m.stage]} {formatDate(m.left_on)}
                      </Text>
                    )}
                  </Table.Td>
                  {m.cells.map((c, i) => (
                    <Table.Td
                      key={r.sessions[i]?.id ?? i}
                      ta="center"
                      bg={c.cell.kind === "cancelled" ? "gray.1" : undefined}
                    >
                      {c.short}
                    </Table.Td>
                  ))}
                  <Table.Td ta="right">
                    {m.attended} of {m.marked}
                  </Table.Td>
                  <Table.Td ta="right">{m.counts.absent_excused}</Table.Td>
                  <Table.Td ta="right">{m.counts.absent_unexcused}</Table.Td>
                  <Table.Td ta="right">{formatRate(m.rate)}</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr fw={700}>
                <Table.Td style={sticky}>Attended</Table.Td>
                {r.sessions.map((s) => (
                  <Table.Td key={s.id} ta="center">
                    {s.status === "held" ? `${s.attended} of ${s.expected}` : ""}
                  </Table.Td>
                ))}
                <Table.Td colSpan={3} />
                <Table.Td ta="right">{formatRate(r.group_rate)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      <Text size="xs" c="dimmed">
        {r.legend}
      </Text>
    </Stack>
  );
}
