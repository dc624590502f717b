import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { BackupStatus } from "./bindings/BackupStatus";
import type { VaultStatus } from "./bindings/VaultStatus";
import { backupStatus, emptyToday } from "./test/fixtures";
import { called, mockCommands, refuse } from "./test/ipc";
import { frame, renderApp } from "./test/render";

const notSetUp: BackupStatus = backupStatus({
  settings: { folder: null, keep: { daily: 7, weekly: 4, monthly: 12 } },
  last: null,
  warnings: ["Automatic backups are not set up. Choose a folder for them in Settings.", "No backup has been made yet."],
});

const summary = {
  file_name: "Cohort backup 2026-12-01 18.30.00.cohortbackup",
  made_at: "2026-12-01T18:30:00.000Z",
  app_version: "0.1.0",
  schema_version: 10,
  bytes: 660302,
  vault_id: "v1",
  vault_created_at: "2026-01-05T09:00:00.000Z",
};

describe("backups", () => {
  it("sets up automatic backups in Settings, keeps the keeping rule in range as typed, and backs up now", async () => {
    let status = notSetUp;
    mockCommands({
      ...frame,
      get_backup_status: () => status,
      get_settings: () => ({ auto_lock_minutes: 10, notes_overdue_days: 2, report_paper: "letter", profile: { full_name: "", credentials: "", license_number: "", practice_name: "" } }),
      recent_activity: () => [],
      get_practice_blackouts: () => [],
      choose_backup_folder: () => {
        status = backupStatus({ last: null, warnings: ["No backup has been made yet."] });
        return status;
      },
      set_backup_keeping: (a) => {
        status = backupStatus({ settings: { folder: "/media/usb/Cohort backups", keep: a.keep as BackupStatus["settings"]["keep"] } });
        return status;
      },
      back_up_now: () => {
        status = backupStatus({}, new Date().toISOString());
        return status;
      },
    });
    const user = userEvent.setup();
    renderApp("/settings");
    const section = await screen.findByRole("heading", { name: "Backups" });
    const backups = section.closest("[id='backups']") as HTMLElement;
    expect(await within(backups).findByText(/Automatic backups are not set up/)).toBeInTheDocument();
    await user.click(within(backups).getByRole("button", { name: "Choose a folder for automatic backups…" }));
    expect(await within(backups).findByText("/media/usb/Cohort backups")).toBeInTheDocument();
    expect(within(backups).getByText(/Cohort makes one when a session's notes are all signed/)).toBeInTheDocument();
    expect(within(backups).queryByText(/Automatic backups are not set up/)).not.toBeInTheDocument();

    const daily = within(backups).getByLabelText("Daily backups kept");
    await user.clear(daily);
    await user.type(daily, "0");
    expect(await within(backups).findByText("Daily backups kept: choose a whole number from 1 to 90.")).toBeInTheDocument();
    await user.click(within(backups).getByRole("button", { name: "Save keeping" }));
    expect(called("set_backup_keeping")).toHaveLength(0);
    await user.clear(daily);
    await user.type(daily, "14");
    await user.click(within(backups).getByRole("button", { name: "Save keeping" }));
    await waitFor(() => expect(called("set_backup_keeping")).toHaveLength(1));
    expect(called("set_backup_keeping")[0]?.args.keep).toEqual({ daily: 14, weekly: 4, monthly: 12 });

    await user.click(within(backups).getByRole("button", { name: "Back up now" }));
    expect(await within(backups).findByText(/Last backup: just now/)).toBeInTheDocument();
  });

  it("warns on Today, in words, when the backup folder is not there", async () => {
    mockCommands({
      ...frame,
      get_today: () => emptyToday(),
      get_backup_status: () =>
        backupStatus({
          folder_present: false,
          warnings: [
            "The backup folder /media/usb/Cohort backups is not there: is the drive unplugged or the share disconnected? Connect it, or choose another folder in Settings.",
          ],
        }),
    });
    renderApp("/today");
    expect(await screen.findByText(/is not there: is the drive unplugged/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Backups in Settings" })).toHaveAttribute("href", "/settings#backups");
  });

  it("restores on the unlock screen: the passphrase of the backup's time, another vault only once confirmed", async () => {
    let status: VaultStatus = { presence: "present", unlocked: false, vault_dir: "/tmp/v", auto_lock_minutes: null, recovery_key_unseen: false };
    let tries = 0;
    mockCommands({
      ...frame,
      vault_status: () => status,
      get_today: () => emptyToday(),
      choose_backup_file: () => summary,
      restore_backup: (a) => {
        tries += 1;
        const secret = a.secret as { with: string; passphrase?: string };
        if (secret.passphrase !== "maple kettle orbit lantern") {
          refuse("wrong_passphrase", "That passphrase does not open this backup. A backup opens with the passphrase you had when it was made.");
        }
        if (!a.other_vault_confirmed) {
          refuse("confirm", "This backup is of another vault than the one on this computer. Restoring it keeps the vault on this computer, unchanged, in a folder beside it.");
        }
        status = { ...status, unlocked: true, auto_lock_minutes: 10 };
        return { made_at: summary.made_at, schema_from: 10, schema_to: 10, set_aside: "/tmp/v.before-restore-20261207T150000Z" };
      },
    });
    const user = userEvent.setup();
    renderApp("/today");
    await user.click(await screen.findByRole("button", { name: "Restore from a backup" }));
    expect(screen.getByText(/The backup's records take the place of the vault on this computer/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Choose the backup file…" }));
    expect(await screen.findByText(summary.file_name)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Restore" }));
    expect(await screen.findByText("Enter the passphrase the backup was made with.")).toBeInTheDocument();
    expect(tries).toBe(0);
    await user.type(screen.getByLabelText("Passphrase the backup was made with"), "not the one");
    await user.click(screen.getByRole("button", { name: "Restore" }));
    expect(await screen.findByText(/does not open this backup/)).toBeInTheDocument();
    await user.clear(screen.getByLabelText("Passphrase the backup was made with"));
    await user.type(screen.getByLabelText("Passphrase the backup was made with"), "maple kettle orbit lantern");
    await user.click(screen.getByRole("button", { name: "Restore" }));
    expect(await screen.findByText(/This backup is of another vault than the one on this computer/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Restore it anyway" }));
    expect(await screen.findByRole("heading", { name: "Today" })).toBeInTheDocument();
    expect(called("restore_backup").map((c) => c.args.other_vault_confirmed)).toEqual([false, false, true]);
  });

  it("checks a backup with the key in memory, and asks for the passphrase of its time for one made before a rotation", async () => {
    let tries = 0;
    mockCommands({
      ...frame,
      get_settings: () => ({ auto_lock_minutes: 10, notes_overdue_days: 2, report_paper: "letter", profile: { full_name: "", credentials: "", license_number: "", practice_name: "" } }),
      recent_activity: () => [],
      get_practice_blackouts: () => [],
      choose_backup_file: () => summary,
      check_backup: (a) => {
        tries += 1;
        if (a.passphrase === null) {
          refuse("validation", "This backup was made before the keys were rotated: it opens only with the passphrase you had then. Type that passphrase to check it.", "passphrase");
        }
        return { summary, tables: [{ name: "members", rows: 13 }, { name: "notes", rows: 38 }], audit_entries: 236 };
      },
    });
    const user = userEvent.setup();
    renderApp("/settings");
    await user.click(await screen.findByRole("button", { name: "Check a backup…" }));
    const dialog = await screen.findByRole("dialog", { name: "Check a backup" });
    expect(await within(dialog).findByText(/made before the keys were rotated/)).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText("Passphrase the backup was made with"), "maple kettle orbit lantern");
    await user.click(within(dialog).getByRole("button", { name: "Check" }));
    expect(await within(dialog).findByText("The backup is sound")).toBeInTheDocument();
    expect(within(dialog).getByText("13 members")).toBeInTheDocument();
    expect(within(dialog).getByText("38 notes")).toBeInTheDocument();
    expect(called("check_backup").map((c) => c.args.passphrase)).toEqual([null, "maple kettle orbit lantern"]);
    expect(tries).toBe(2);
  });

  it("exports everything only once the clinician says they know it is not encrypted", async () => {
    mockCommands({
      ...frame,
      get_settings: () => ({ auto_lock_minutes: 10, notes_overdue_days: 2, report_paper: "letter", profile: { full_name: "", credentials: "", license_number: "", practice_name: "" } }),
      recent_activity: () => [],
      get_practice_blackouts: () => [],
      export_everything: (a) => {
        if (!a.acknowledged) refuse("confirm", "This export holds every record — names, contact details, notes, goals and measures — as plain files that are not encrypted.");
        return { path: "/home/dana/Cohort export 2026-12-07.zip", bytes: 81881, tables: 35, rows: 602, psychotherapy_notes: a.include_psychotherapy_notes };
      },
    });
    const user = userEvent.setup();
    renderApp("/settings");
    await user.click(await screen.findByLabelText("Include psychotherapy notes"));
    await user.click(screen.getByRole("button", { name: "Export everything…" }));
    const dialog = await screen.findByRole("dialog", { name: "This export is not encrypted" });
    expect(within(dialog).getByText(/as plain files that are not encrypted/)).toBeInTheDocument();
    expect(within(dialog).getByText("It includes your psychotherapy notes.")).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "I understand — choose where to save it" }));
    expect(await screen.findByText(/Exported 602 rows of 35 tables to \/home\/dana\/Cohort export 2026-12-07.zip/)).toBeInTheDocument();
    expect(called("export_everything").map((c) => [c.args.include_psychotherapy_notes, c.args.acknowledged])).toEqual([
      [true, false],
      [true, true],
    ]);
  });

  it("offers a fresh backup after the passphrase changes, when automatic backups are not set up", async () => {
    mockCommands({
      ...frame,
      get_backup_status: () => notSetUp,
      get_settings: () => ({ auto_lock_minutes: 10, notes_overdue_days: 2, report_paper: "letter", profile: { full_name: "", credentials: "", license_number: "", practice_name: "" } }),
      recent_activity: () => [],
      get_practice_blackouts: () => [],
      rate_passphrase: () => ({ score: 4, acceptable: true, problem: null, suggestions: [] }),
      change_passphrase: () => null,
      back_up_to_file: () => "/media/usb/fresh.cohortbackup",
    });
    const user = userEvent.setup();
    renderApp("/settings");
    await user.type(await screen.findByLabelText("Current passphrase"), "maple kettle orbit lantern");
    await user.type(screen.getByLabelText("New passphrase"), "violet harbour copper whistle");
    await user.type(screen.getByLabelText("Repeat new passphrase"), "violet harbour copper whistle");
    await user.click(screen.getByRole("button", { name: "Change passphrase" }));
    const title = await screen.findByText("Your earlier backups still need the old passphrase");
    const offer = title.closest("[role='status']") as HTMLElement;
    expect(within(offer).getByText(/Make a fresh backup now/)).toBeInTheDocument();
    await user.click(within(offer).getByRole("button", { name: "Back up to a file…" }));
    expect(await within(offer).findByText("Backed up to /media/usb/fresh.cohortbackup.")).toBeInTheDocument();
  });
});

