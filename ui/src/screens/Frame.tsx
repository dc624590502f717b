import { useCallback, useEffect, useRef, useState } from "react";
import { AppShell, Button, Group, NavLink, Stack, Text, Title } from "@mantine/core";
import { listen } from "@tauri-apps/api/event";
import { api, isCommandError } from "../api";
import { SettingsPage } from "./Settings";
import { GroupsPage } from "./groups/GroupsPage";
import { TodayPage } from "./Today";

export type Page = "today" | "groups" | "members" | "reports" | "settings";

const PAGES: { id: Page; label: string }[] = [
  { id: "today", label: "Today" },
  { id: "groups", label: "Groups" },
  { id: "members", label: "Members" },
  { id: "reports", label: "Reports" },
  { id: "settings", label: "Settings" },
];

/** Tells the core about activity (at most every 20 s) so the inactivity lock waits. */
function useActivityHeartbeat(onLocked: () => void) {
  const last = useRef(0);
  useEffect(() => {
    const ping = () => {
      const now = Date.now();
      if (now - last.current < 20_000) return;
      last.current = now;
      api.touch().catch((e: unknown) => {
        if (isCommandError(e) && e.code === "locked") onLocked();
      });
    };
    const events = ["keydown", "mousedown", "mousemove", "wheel", "touchstart"] as const;
    events.forEach((ev) => window.addEventListener(ev, ping, { passive: true }));
    return () => events.forEach((ev) => window.removeEventListener(ev, ping));
  }, [onLocked]);

  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    listen("vault-locked", () => onLocked())
      .then((un) => {
        if (cancelled) un();
        else stop = un;
      })
      .catch(() => {});
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [onLocked]);
}

export function Frame({ onLocked }: { onLocked: () => void }) {
  const [page, setPage] = useState<Page>("today");
  const [locking, setLocking] = useState(false);
  const handleLocked = useCallback(() => onLocked(), [onLocked]);
  useActivityHeartbeat(handleLocked);
  const guard = useCallback(
    (e: unknown) => {
      if (isCommandError(e) && e.code === "locked") onLocked();
    },
    [onLocked],
  );

  const lock = async () => {
    setLocking(true);
    try {
      await api.lock();
    } finally {
      setLocking(false);
      onLocked();
    }
  };

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 0 }} padding="lg">
      <AppShell.Header px="lg">
        <Group h="100%" justify="space-between">
          <Text fw={700} size="lg" c="teal.8">
            Cohort
          </Text>
          <Button variant="default" onClick={lock} loading={locking}>
            Lock
          </Button>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        {PAGES.map((p) => (
          <NavLink
            key={p.id}
            component="button"
            label={p.label}
            active={page === p.id}
            aria-current={page === p.id ? "page" : undefined}
            onClick={() => setPage(p.id)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {page === "settings" ? (
          <SettingsPage onLocked={handleLocked} />
        ) : page === "groups" ? (
          <GroupsPage onError={guard} />
        ) : page === "today" ? (
          <TodayPage onError={guard} />
        ) : (
          <EmptyPage page={page} />
        )}
      </AppShell.Main>
    </AppShell>
  );
}

const EMPTY: Record<Exclude<Page, "settings" | "groups" | "today">, { title: string; text: string }> = {
  members: {
    title: "Members",
    text: "No members yet. The roster — referrals, screening, consent and enrolment — will live here.",
  },
  reports: {
    title: "Reports",
    text: "Attendance registers, progress summaries and exports will be here once there are groups to report on.",
  },
};

function EmptyPage({ page }: { page: Exclude<Page, "settings" | "groups" | "today"> }) {
  const { title, text } = EMPTY[page];
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        {title}
      </Title>
      <Text c="dimmed">{text}</Text>
    </Stack>
  );
}
