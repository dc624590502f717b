import { render } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import { QueryClientProvider } from "@tanstack/react-query";
import { App } from "../App";
import { createQueryClient } from "../queries";
import { testRouter, type AppRouter } from "../router";
import { backupStatus } from "./fixtures";

/** The whole app — vault gate, router at `path`, query cache — as the window shows it. */
export function renderApp(path = "/today"): { router: AppRouter } {
  const router = testRouter(path);
  render(
    <MantineProvider>
      <DatesProvider settings={{ firstDayOfWeek: 1 }}>
        <QueryClientProvider client={createQueryClient()}>
          <App router={router} />
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>,
  );
  return { router };
}

export const unlocked = {
  presence: "present",
  unlocked: true,
  vault_dir: "/tmp/v",
  auto_lock_minutes: 10,
  recovery_key_unseen: false,
};

/** What the app frame itself asks while unlocked (the vault's status, the activity heartbeat) and the backup status Today and Settings show. */
export const frame = { vault_status: () => unlocked, touch: () => null, get_backup_status: () => backupStatus() };
