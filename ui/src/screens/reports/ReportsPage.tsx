import { useState } from "react";
import { Alert, Anchor, Button, Card, Checkbox, Group, Select, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, Link } from "react-router";
import { api, messageOf } from "../../api";
import { DateField } from "../../components/DateField";
import { isIsoDate, todayIso } from "../../format";
import { GROUP_STATUS } from "../../labels";
import { keys } from "../../queries";

/** The Reports page: which report, about which group. */
export function ReportsPage() {
  const navigate = useNavigate();
  const list = useQuery({ queryKey: keys.groups, queryFn: api.listGroups });
  const [groupId, setGroupId] = useState<string | null>(null);
  const [summaryGroup, setSummaryGroup] = useState<string | null>(null);
  const [named, setNamed] = useState(false);
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
        <Title order={2} size="h4">
          Progress and discharge summaries
        </Title>
        <Text size="sm" c="dimmed">
          Written about one member, from their Goals and measures page (a group's Roster → Progress, or the
          member's record): their attendance, goals and measures are filled in; you write the summary,
          recommendations and aftercare, and sign it.{" "}
          <Anchor component={Link} to="/members">
            Find a member
          </Anchor>
        </Text>
      </Card>
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
      <Card withBorder padding="lg">
        <Stack>
          <div>
            <Title order={2} size="h4">
              Program summary
            </Title>
            <Text size="sm" c="dimmed">
              For an agency or a service review: sessions held, cancelled and made up; who completed, dropped out
              (and why) or transferred; attendance; each measure's group mean at the start and the end with how
              many changed reliably; goal attainment (the GAS T-score); the curriculum as delivered. No member is
              named unless you ask.
            </Text>
          </div>
          <Group align="flex-end">
            <Select
              label="Group of the summary"
              placeholder="Choose a group"
              searchable
              data={groups.map((g) => ({ value: g.id, label: g.name }))}
              value={summaryGroup}
              onChange={setSummaryGroup}
              w={420}
              nothingFoundMessage="No group by that name"
            />
            <Button
              disabled={!summaryGroup}
              onClick={() => summaryGroup && navigate(`/reports/program/${summaryGroup}${named ? "?named=1" : ""}`)}
            >
              Show the program summary
            </Button>
          </Group>
          <Checkbox
            label="Name each member (a line per member, and who left)"
            checked={named}
            onChange={(e) => setNamed(e.currentTarget.checked)}
          />
        </Stack>
      </Card>
      <ServiceLogCard />
    </Stack>
  );
}

/** The first and last day of last month, as YYYY-MM-DD. */
function lastMonth(): [string, string] {
  const now = new Date();
  const first = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const last = new Date(now.getFullYear(), now.getMonth(), 0);
  return [todayIso(first), todayIso(last)];
}

function ServiceLogCard() {
  const navigate = useNavigate();
  const [initialFrom, initialTo] = lastMonth();
  const [from, setFrom] = useState(initialFrom);
  const [to, setTo] = useState(initialTo);
  const fromError = isIsoDate(from) ? null : "Enter the first day, for example " + initialFrom + ".";
  const toError = !isIsoDate(to)
    ? "Enter the last day, for example " + initialTo + "."
    : isIsoDate(from) && to < from
      ? "The range ends before it begins: choose a later date."
      : null;
  return (
    <Card withBorder padding="lg">
      <Stack>
        <div>
          <Title order={2} size="h4">
            Service log
          </Title>
          <Text size="sm" c="dimmed">
            For billing and agency returns: one line for each member at each session they attended, across all your
            groups — the date and time, the minutes attended (late arrivals and early leaving taken off) and the
            group's service code (CPT 90853 unless set in the group's details).
          </Text>
        </div>
        <Group align="flex-start">
          <DateField label="From" value={from} onChange={setFrom} error={fromError} />
          <DateField label="To" value={to} onChange={setTo} error={toError} />
          <Button
            mt={25}
            disabled={fromError !== null || toError !== null}
            onClick={() => navigate(`/reports/services?from=${from}&to=${to}`)}
          >
            Show the service log
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
