import { useState } from "react";
import { Alert, Button, Card, Group, Select, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, messageOf } from "../../api";
import { GROUP_STATUS } from "../../labels";
import { keys } from "../../queries";

/** The Reports page: which report, about which group. */
export function ReportsPage() {
  const navigate = useNavigate();
  const list = useQuery({ queryKey: keys.groups, queryFn: api.listGroups });
  const [groupId, setGroupId] = useState<string | null>(null);
  const groups = (list.data ?? []).filter((g) => g.status !== "planning" || g.enrolled > 0);
  return (
    <Stack maw={800}>
      <Title order={1} size="h2">
        Reports
      </Title>
      <Text c="dimmed">
        Reports are made from your records as they stand. You can look at each one here, then save it as a PDF to
        print or send, or as a CSV for a spreadsheet. Saved files are not encrypted.
      </Text>
      {list.isError && <Alert color="red">{messageOf(list.error)}</Alert>}
      <Card withBorder padding="lg">
        <Stack>
          <div>
            <Title order={2} size="h4">
              Attendance register
            </Title>
            <Text size="sm" c="dimmed">
              Every member of a program against every session: each mark, who had not joined yet or had left, the
              cancelled sessions, and each member's attendance rate and the group's. Twelve sessions fit one
              landscape page, with a line to sign.
            </Text>
          </div>
          {list.data && groups.length === 0 ? (
            <Text size="sm">No group has members yet: a register is made once a group has someone enrolled.</Text>
          ) : (
            <Group align="flex-end">
              <Select
                label="Group"
                placeholder="Choose a group"
                searchable
                data={groups.map((g) => ({
                  value: g.id,
                  label: `${g.name} (${g.archived ? "archived" : GROUP_STATUS[g.status].toLowerCase()})`,
                }))}
                value={groupId}
                onChange={setGroupId}
                w={420}
                nothingFoundMessage="No group by that name"
              />
              <Button disabled={!groupId} onClick={() => groupId && navigate(`/reports/register/${groupId}`)}>
                Show the register
              </Button>
            </Group>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}
