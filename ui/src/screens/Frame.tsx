import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import { AppShell, Button, Group, NavLink, Text } from "@mantine/core";
import { listen } from "@tauri-apps/api/event";
import { NavLink as RouterLink, Outlet, useLocation } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, isCommandError } from "../api";
import { flushDrafts } from "../drafts";
import { refresh } from "../queries";

/** What to do once the vault is locked: forget every record and show the unlock screen. */
export const LockContext = createContext<() => void>(() => {});

export function useOnLocked(): () => void {
  return useContext(LockContext);
}

const PAGES: { to: string; label: string }[] = [
  { to: "/today", label: "Today" },
  { to: "/groups", label: "Groups" },
  { to: "/members", label: "Members" },
  { to: "/notes", label: "Notes" },
  { to: "/measures", label: "Measures" },
  { to: "/reports", label: "Reports" },
  { to: "/settings", label: "Settings" },
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

  useTauriEvent("vault-locked", onLocked);
}

/** Runs `handler` each time the core sends `event`, for as long as the caller is shown. */
function useTauriEvent(event: string, handler: () => void) {
  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    listen(event, () => handler())
      .then((un) => {
        if (cancelled) un();
        else stop = un;
      })
      .catch(() => {});
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [event, handler]);
}

/** When a backup running beside the app ends, every screen showing backups reads again. */
function useBackupEnded() {
  const client = useQueryClient();
  const reread = useCallback(() => void refresh(client, ["backups"]), [client]);
  useTauriEvent("backup-ended", reread);
}

/** The app frame: the header with Lock, the navigation, and the page. */
export function Frame() {
  const onLocked = useOnLocked();
  const [locking, setLocking] = useState(false);
  const location = useLocation();
  useActivityHeartbeat(onLocked);
  useBackupEnded();

  const lock = async () => {
    setLocking(true);
    try {
      // Locking saves first: every draft with unsaved typing goes to the vault.
      await flushDrafts();
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
        {PAGES.map((p) => {
          const active = location.pathname === p.to || location.pathname.startsWith(`${p.to}/`);
          return (
            <NavLink
              key={p.to}
              component={RouterLink}
              to={p.to}
              label={p.label}
              active={active}
              aria-current={active ? "page" : undefined}
            />
          );
        })}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
