import { useEffect, useRef, useState } from "react";
import { Alert, Anchor, Badge, Button, Group, Menu, Modal, Stack, Tabs, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, Outlet, useLocation, useNavigate, useParams } from "react-router";
import { api, isCommandError, messageOf, type GroupStatus } from "../../api";
import { coreText } from "../../format";
import { GROUP_STATUS, typeLabel } from "../../labels";
import { keys, useChange } from "../../queries";
import { useSaveOnceTold } from "../../components/SaveFile";
import { DeleteGroupModal } from "./DeleteGroupModal";
import type { ProgramContext } from "./programContext";

const TABS = [
  { path: "sessions", label: "Sessions" },
  { path: "roster", label: "Roster" },
  { path: "progress", label: "Progress" },
  { path: "rules", label: "Ground rules" },
  { path: "curriculum", label: "Curriculum" },
  { path: "blackouts", label: "Blackout dates" },
  { path: "details", label: "Details" },
];

/** A group's program: its header and actions, what the last action did, and a tab per area. */
export function ProgramPage() {
  const { groupId = "" } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const program = useQuery({ queryKey: keys.program(groupId), queryFn: () => api.program(groupId) });
  const arrived = (location.state as { notes?: string[] } | null)?.notes ?? [];
  const [notes, setNotes] = useState<string[]>(arrived);
  const [deleting, setDeleting] = useState(false);
  const top = useRef<HTMLDivElement>(null);
  const status = useChange(["planning"], (a: { to: GroupStatus; confirmed?: number }) =>
    api.setGroupStatus(groupId, a.to, a.confirmed ?? null),
  );
  const [confirming, setConfirming] = useState<string | null>(null);
  const archive = useChange(["planning"], (a: boolean) => api.setGroupArchived(groupId, a));
  const calendar = useSaveOnceTold(
    (_: null, acknowledged: boolean) => api.exportCalendar(groupId, acknowledged),
    (path) => showNotes([`Calendar file saved: ${path}. It is not encrypted.`]),
  );
  const failure =
    [status, archive].find((m) => m.isError && !(isCommandError(m.error) && m.error.code === "confirm"))?.error ??
    calendar.error;
  const changeStatus = (to: GroupStatus, confirmed?: number) =>
    status.mutate(
      { to, confirmed },
      {
        onSuccess: () => {
          setConfirming(null);
          showNotes([]);
        },
        onError: (e) => {
          if (isCommandError(e) && e.code === "confirm") setConfirming(messageOf(e));
        },
      },
    );

  useEffect(() => setNotes(arrived), [groupId]); // eslint-disable-line react-hooks/exhaustive-deps

  const showNotes = (n: string[]) => {
    setNotes(n);
    // After an action the outcome and the new end date are in view, not scrolled away.
    top.current?.scrollIntoView({ block: "start" });
    window.scrollTo({ top: 0 });
  };

  if (!program.data) {
    return program.isError ? (
      <Stack maw={720}>
        <Alert color="red">{messageOf(program.error)}</Alert>
        <Anchor component={Link} to="/groups">
          ← All groups
        </Anchor>
      </Stack>
    ) : (
      <Text c="dimmed">Loading the program…</Text>
    );
  }
  const p = program.data;
  const g = p.group;
  const enrolledNow = p.enrolled;
  const next: GroupStatus | null = g.status === "planning" ? "active" : g.status === "active" ? "completed" : null;
  const tabPath = location.pathname.split("/")[3] || "sessions";
  const context: ProgramContext = { program: p, showNotes };

  return (
    <Stack maw={1100} ref={top} className="scroll-target">
      <Anchor component={Link} to="/groups" size="sm" w="fit-content">
        ← All groups
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {g.name}
          </Title>
          <Text c="dimmed">
            {typeLabel(g.group_type, g.type_label)}
            {g.approach ? ` · ${g.approach}` : ""} · {g.cadence === "weekly" ? "weekly" : "every two weeks"},{" "}
            {g.session_minutes} minutes ·{" "}
            {g.membership === "closed" ? `closed after session ${g.closes_after_session}` : "open"} · {p.enrolled} of{" "}
            {g.capacity} places filled{g.location ? ` · ${g.location}` : ""}
          </Text>
          {g.co_facilitators.length > 0 && (
            <Text size="sm" c="dimmed">
              With {g.co_facilitators.map((c) => `${c.name}${c.credentials ? `, ${c.credentials}` : ""}`).join("; ")}
            </Text>
          )}
        </div>
        <Group>
          <Badge size="lg" variant="light" color={g.archived ? "gray" : "teal"}>
            {g.archived ? "Archived" : GROUP_STATUS[g.status]}
          </Badge>
          <Button variant="default" loading={calendar.pending} onClick={() => calendar.start(null)}>
            Export calendar (.ics)
          </Button>
          <Button variant="default" component={Link} to={`/reports/register/${groupId}`}>
            Attendance register
          </Button>
          <Button variant="default" component={Link} to={`/reports/program/${groupId}`}>
            Program summary
          </Button>
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="default">Group status</Button>
            </Menu.Target>
            <Menu.Dropdown>
              {next && (
                <Menu.Item onClick={() => changeStatus(next)}>
                  {next === "active" ? "Start the group (active)" : "Mark as completed"}
                </Menu.Item>
              )}
              {(g.status === "planning" || g.status === "active") && (
                <Menu.Item color="red" onClick={() => changeStatus("cancelled")}>
                  Cancel the group
                </Menu.Item>
              )}
              <Menu.Item onClick={() => archive.mutate(!g.archived, { onSuccess: () => showNotes([]) })}>
                {g.archived ? "Bring back from the archive" : "Archive"}
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item color="red" onClick={() => setDeleting(true)}>
                Delete group…
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      {notes.length > 0 && (
        <Alert color="blue" variant="light" role="status" withCloseButton onClose={() => setNotes([])}>
          {notes.map((n) => (
            <div key={n}>{coreText(n)}</div>
          ))}
        </Alert>
      )}
      {failure != null && (
        <Alert color="red" role="alert">
          {messageOf(failure)}
        </Alert>
      )}
      <Tabs
        value={tabPath}
        onChange={(t) => navigate(`/groups/${groupId}${t && t !== "sessions" ? `/${t}` : ""}`)}
        keepMounted={false}
      >
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab key={t.path} value={t.path}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Outlet context={context} />
      {confirming && (
        <Modal opened onClose={() => setConfirming(null)} title="Start the group?">
          <Stack>
            <Text size="sm">{confirming}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(null)}>
                Not yet
              </Button>
              <Button loading={status.isPending} onClick={() => changeStatus("active", enrolledNow)}>
                Start with {enrolledNow} {enrolledNow === 1 ? "member" : "members"}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
      {calendar.modal}
      {deleting && (
        <DeleteGroupModal
          program={p}
          onClose={() => setDeleting(false)}
          onArchived={() => {
            setDeleting(false);
            showNotes(["The group is archived: it has left your lists, and every record is kept."]);
          }}
        />
      )}
    </Stack>
  );
}
