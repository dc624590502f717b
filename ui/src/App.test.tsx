import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { VaultStatus } from "./bindings/VaultStatus";
import { backupStatus, emptyToday } from "./test/fixtures";
import { called, mockCommands, refuse } from "./test/ipc";
import { frame, renderApp } from "./test/render";

const strong = { score: 4, acceptable: true, problem: null, suggestions: [] };
const weak = {
  score: 1,
  acceptable: false,
  problem: "This passphrase is too weak. This is a top-100 common password.",
  suggestions: ["Add another word or two."],
};

function status(over: Partial<VaultStatus>): VaultStatus {
  return {
    presence: "absent",
    unlocked: false,
    vault_dir: "/tmp/v",
    auto_lock_minutes: null,
    recovery_key_unseen: false,
    ...over,
  };
}

describe("first run", () => {
  it("says a database without its header can never be opened, and starts again only when asked", async () => {
    let presence: VaultStatus["presence"] = "half_made";
    mockCommands({
      vault_status: () => status({ presence }),
      rate_passphrase: () => strong,
      start_again: () => {
        presence = "absent";
        return "/tmp/v.set-aside-20261204T190000Z";
      },
    });
    const user = userEvent.setup();
    renderApp();
    expect(await screen.findByRole("heading", { name: "This vault was never finished" })).toBeInTheDocument();
    expect(screen.getByText(/Without it the database can never be opened/)).toBeInTheDocument();
    expect(called("start_again")).toHaveLength(0);
    await user.click(screen.getByRole("button", { name: "Start again with a new vault" }));
    expect(await screen.findByText("/tmp/v.set-aside-20261204T190000Z")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Ready for a new vault" })).toBeInTheDocument();
    expect(called("start_again")).toHaveLength(1);
    await user.click(screen.getByRole("button", { name: "Create a new vault" }));
    expect(await screen.findByLabelText("Passphrase")).toBeInTheDocument();
  });


  it("refuses mismatched passphrases as you type, then shows the recovery key once", async () => {
    let isUnlocked = false;
    mockCommands({
      vault_status: () =>
        status({ unlocked: isUnlocked, presence: isUnlocked ? "present" : "absent", auto_lock_minutes: isUnlocked ? 10 : null }),
      rate_passphrase: (a) => ((a.passphrase as string).length > 12 ? strong : weak),
      get_today: () => emptyToday(),
      touch: () => null,
      get_backup_status: () => backupStatus(),
      create_vault: () => {
        isUnlocked = true;
        return "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789";
      },
    });
    const user = userEvent.setup();
    renderApp();
    await user.type(await screen.findByLabelText("Passphrase"), "maple kettle orbit lantern");
    await user.type(screen.getByLabelText("Repeat passphrase"), "maple kettle");
    expect(await screen.findByText("The two passphrases are not the same.")).toBeInTheDocument();
    await user.type(screen.getByLabelText("Repeat passphrase"), " orbit lantern");
    await waitFor(() => expect(screen.queryByText("The two passphrases are not the same.")).toBeNull());
    await waitFor(() => expect(screen.getByText("Strength: Very strong")).toBeInTheDocument());
    await user.click(screen.getByRole("button", { name: "Create vault" }));
    expect(await screen.findByText("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789")).toBeInTheDocument();
    const cont = screen.getByRole("button", { name: "Continue to Cohort" });
    expect(cont).toBeDisabled();
    await user.click(screen.getByLabelText("I have written down my recovery key"));
    await user.click(cont);
    expect(await screen.findByRole("button", { name: "Lock" })).toBeInTheDocument();
    for (const name of ["Today", "Groups", "Members", "Reports", "Settings"]) {
      expect(screen.getByRole("link", { name })).toBeInTheDocument();
    }
    expect(called("create_vault")).toHaveLength(1);
  });

  it("says once why a weak passphrase is refused, and creates nothing", async () => {
    mockCommands({ vault_status: () => status({}), rate_passphrase: () => weak });
    const user = userEvent.setup();
    renderApp();
    await user.type(await screen.findByLabelText("Passphrase"), "password");
    await user.type(screen.getByLabelText("Repeat passphrase"), "password");
    await waitFor(() => expect(screen.getByText("Strength: Weak")).toBeInTheDocument());
    await user.click(screen.getByRole("button", { name: "Create vault" }));
    await waitFor(() => expect(screen.getByLabelText("Passphrase")).toHaveFocus());
    expect(screen.getAllByText(/too weak/)).toHaveLength(1);
    expect(screen.getByLabelText("Passphrase")).toHaveAccessibleDescription(/too weak/);
    expect(called("create_vault")).toHaveLength(0);
  });
});

describe("unlock", () => {
  it("shows the core's wrong-passphrase message and stays locked", async () => {
    mockCommands({
      vault_status: () => status({ presence: "present" }),
      unlock: () => refuse("wrong_passphrase", "That passphrase is not right for this vault."),
    });
    const user = userEvent.setup();
    renderApp();
    await user.type(await screen.findByLabelText("Passphrase"), "nope nope nope");
    await user.click(screen.getByRole("button", { name: "Unlock" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That passphrase is not right for this vault.");
    expect(screen.getByLabelText("Passphrase")).toHaveValue("");
  });

  it("offers the recovery key path and checks the key's shape as typed", async () => {
    mockCommands({ vault_status: () => status({ presence: "present" }), rate_passphrase: () => strong });
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByRole("button", { name: /Use your recovery key/ }));
    await user.type(screen.getByLabelText("Recovery key"), "ABCD-EFGH");
    await user.click(screen.getByRole("button", { name: "Unlock and set new passphrase" }));
    expect(await screen.findByText(/32 letters and digits/)).toBeInTheDocument();
    expect(called("unlock_with_recovery_key")).toHaveLength(0);
  });

  it("offers to rotate the keys after a reset with the recovery key, and shows the new key once", async () => {
    let isUnlocked = false;
    mockCommands({
      vault_status: () => status({ presence: "present", unlocked: isUnlocked, auto_lock_minutes: isUnlocked ? 10 : null }),
      rate_passphrase: () => strong,
      unlock_with_recovery_key: () => {
        isUnlocked = true;
        return null;
      },
      rotate_keys: () => "NEWK-EYAB-CDEF-GHJK-MNPQ-RSTV-WXYZ-0123",
      get_today: () => emptyToday(),
      touch: () => null,
      get_backup_status: () => backupStatus(),
    });
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByRole("button", { name: /Use your recovery key/ }));
    await user.type(screen.getByLabelText("Recovery key"), "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789");
    await user.type(screen.getByLabelText("New passphrase"), "violet harbour copper whistle");
    await user.type(screen.getByLabelText("Repeat new passphrase"), "violet harbour copper whistle");
    await user.click(screen.getByRole("button", { name: "Unlock and set new passphrase" }));
    await user.click(await screen.findByRole("button", { name: "Rotate keys now" }));
    // The passphrase just chosen proves it is the clinician; nothing is asked twice.
    expect(called("rotate_keys").map((c) => c.args)).toEqual([{ passphrase: "violet harbour copper whistle" }]);
    expect(await screen.findByTestId("recovery-key")).toHaveTextContent("NEWK-EYAB-CDEF-GHJK-MNPQ-RSTV-WXYZ-0123");
    const go = screen.getByRole("button", { name: "Continue to Cohort" });
    expect(go).toBeDisabled();
    await user.click(screen.getByLabelText("I have written down my recovery key"));
    await user.click(go);
    expect(await screen.findByRole("heading", { name: "Today" })).toBeInTheDocument();
  });

  it("drops every record and shows the unlock screen when the core says it locked itself", async () => {
    let isUnlocked = true;
    mockCommands({
      vault_status: () => status({ presence: "present", unlocked: isUnlocked }),
      touch: () => null,
      get_backup_status: () => backupStatus(),
      get_today: () => emptyToday(),
      list_groups: () => {
        isUnlocked = false;
        return refuse("locked", "The vault is locked. Unlock it to continue.");
      },
    });
    const user = userEvent.setup();
    renderApp("/today");
    await user.click(await screen.findByRole("link", { name: "Groups" }));
    expect(await screen.findByText("Unlock Cohort")).toBeInTheDocument();
  });
});

describe("settings", () => {
  it("keeps auto-lock within its range without changing what was typed, and shows a core refusal beside its field", async () => {
    mockCommands({
      ...frame,
      get_settings: () => ({
        auto_lock_minutes: 10,
        notes_overdue_days: 2, report_paper: "letter",
        profile: { full_name: "", credentials: "", license_number: "", practice_name: "" },
      }),
      recent_activity: () => [
        { seq: 1, at: "2026-11-22T10:00:00.000Z", event: "unlocked", label: "Unlocked", detail: "passphrase, app" },
      ],
      get_practice_blackouts: () => [],
      save_profile: () => refuse("validation", "Full name cannot contain line breaks or tabs.", "full_name"),
    });
    const user = userEvent.setup();
    renderApp("/settings");
    const minutes = await screen.findByLabelText("Lock after (minutes without activity)");
    await user.clear(minutes);
    await user.type(minutes, "75");
    await user.tab();
    expect(await screen.findByText("Choose a whole number of minutes from 1 to 60.")).toBeInTheDocument();
    expect(minutes).toHaveValue("75");
    await user.click(screen.getByRole("button", { name: "Save automatic lock" }));
    expect(called("set_auto_lock")).toHaveLength(0);
    await user.type(screen.getByLabelText("Full name"), "Dana");
    await user.click(screen.getByRole("button", { name: "Save profile" }));
    expect(await screen.findByText("Full name cannot contain line breaks or tabs.")).toBeInTheDocument();
    expect(screen.getByRole("table", { name: "Vault activity" })).toHaveTextContent("Unlocked");
  });

  it("rotates the keys from Settings: a wrong passphrase is named at its field, then the new recovery key is shown once", async () => {
    let attempts = 0;
    mockCommands({
      ...frame,
      get_settings: () => ({
        auto_lock_minutes: 10,
        notes_overdue_days: 2, report_paper: "letter",
        profile: { full_name: "", credentials: "", license_number: "", practice_name: "" },
      }),
      recent_activity: () => [],
      get_practice_blackouts: () => [],
      rotate_keys: () => {
        attempts += 1;
        return attempts === 1
          ? refuse("wrong_passphrase", "That passphrase is not right for this vault. Check Caps Lock and try again.")
          : "NEWK-EYAB-CDEF-GHJK-MNPQ-RSTV-WXYZ-0123";
      },
    });
    const user = userEvent.setup();
    renderApp("/settings");
    await user.click(await screen.findByRole("button", { name: "Rotate keys" }));
    expect(await screen.findByText("Enter your passphrase.")).toBeInTheDocument();
    expect(called("rotate_keys")).toHaveLength(0);
    const field = screen.getByLabelText("Passphrase");
    await user.type(field, "not it at all");
    await user.click(screen.getByRole("button", { name: "Rotate keys" }));
    expect(await screen.findByText(/not right for this vault/)).toBeInTheDocument();
    await user.type(field, "maple kettle orbit lantern");
    await user.click(screen.getByRole("button", { name: "Rotate keys" }));
    const dialog = await screen.findByRole("dialog", { name: "Write down your new recovery key" });
    expect(dialog).toHaveTextContent("NEWK-EYAB-CDEF-GHJK-MNPQ-RSTV-WXYZ-0123");
    expect(screen.getByRole("button", { name: "Done" })).toBeDisabled();
    await user.click(screen.getByLabelText("I have written down my recovery key"));
    await user.click(screen.getByRole("button", { name: "Done" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });
});
