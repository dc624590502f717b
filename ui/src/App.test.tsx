import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MantineProvider } from "@mantine/core";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import { App } from "./App";
import type { CommandError } from "./bindings/CommandError";
import type { VaultStatus } from "./bindings/VaultStatus";

function renderApp() {
  return render(
    <MantineProvider>
      <App />
    </MantineProvider>,
  );
}

const strong = { score: 4, acceptable: true, problem: null, suggestions: [] };
const weak = { score: 1, acceptable: false, problem: "This passphrase is too weak. This is a top-100 common password.", suggestions: ["Add another word or two."] };

function status(over: Partial<VaultStatus>): VaultStatus {
  return { presence: "absent", unlocked: false, vault_dir: "/tmp/v", auto_lock_minutes: null, ...over };
}

describe("first run", () => {
  it("refuses mismatched passphrases as you type, then shows the recovery key once", async () => {
    const calls: string[] = [];
    let unlocked = false;
    mockIPC((cmd, args) => {
      calls.push(cmd);
      if (cmd === "vault_status") return status({ unlocked, presence: unlocked ? "present" : "absent", auto_lock_minutes: unlocked ? 10 : null });
      if (cmd === "rate_passphrase") return (args as { passphrase: string }).passphrase.length > 12 ? strong : weak;
      if (cmd === "upcoming_sessions") return [];
      if (cmd === "create_vault") {
        unlocked = true;
        return "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789";
      }
      return null;
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
      expect(screen.getByRole("button", { name })).toBeInTheDocument();
    }
    expect(calls).toContain("create_vault");
  });

  it("shows why a weak passphrase is refused before anything is created", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "vault_status") return status({});
      if (cmd === "rate_passphrase") return weak;
      return null;
    });
    const user = userEvent.setup();
    renderApp();
    await user.type(await screen.findByLabelText("Passphrase"), "password");
    await user.type(screen.getByLabelText("Repeat passphrase"), "password");
    await waitFor(() => expect(screen.getByText("Strength: Weak")).toBeInTheDocument());
    await user.click(screen.getByRole("button", { name: "Create vault" }));
    expect((await screen.findAllByText(/too weak/)).length).toBeGreaterThan(0);
    expect(calls).not.toContain("create_vault");
  });
});

describe("unlock", () => {
  it("shows the core's wrong-passphrase message and stays locked", async () => {
    mockIPC((cmd) => {
      if (cmd === "vault_status") return status({ presence: "present" });
      if (cmd === "unlock") {
        const e: CommandError = { code: "wrong_passphrase", message: "That passphrase is not right for this vault.", field: null };
        throw e;
      }
      return null;
    });
    const user = userEvent.setup();
    renderApp();
    await user.type(await screen.findByLabelText("Passphrase"), "nope nope nope");
    await user.click(screen.getByRole("button", { name: "Unlock" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That passphrase is not right for this vault.");
    expect(screen.getByLabelText("Passphrase")).toHaveValue("");
  });

  it("offers the recovery key path and checks the key's shape as typed", async () => {
    mockIPC((cmd) => {
      if (cmd === "vault_status") return status({ presence: "present" });
      if (cmd === "rate_passphrase") return strong;
      return null;
    });
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByRole("button", { name: /Use your recovery key/ }));
    await user.type(screen.getByLabelText("Recovery key"), "ABCD-EFGH");
    await user.click(screen.getByRole("button", { name: "Unlock and set new passphrase" }));
    expect(await screen.findByText(/32 letters and digits/)).toBeInTheDocument();
  });
});

describe("settings", () => {
  it("keeps auto-lock within 1–60 and shows a core refusal beside its field", async () => {
    mockIPC((cmd) => {
      if (cmd === "vault_status") return status({ presence: "present", unlocked: true, auto_lock_minutes: 10 });
      if (cmd === "get_settings")
        return { auto_lock_minutes: 10, profile: { full_name: "", credentials: "", license_number: "", practice_name: "" } };
      if (cmd === "recent_activity") return [{ seq: 1, at: "2026-11-22T10:00:00.000Z", event: "unlocked", label: "Unlocked", detail: "passphrase, app" }];
      if (cmd === "save_profile") {
        const e: CommandError = { code: "validation", message: "Full name cannot contain line breaks or tabs.", field: "full_name" };
        throw e;
      }
      return null;
    });
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByRole("button", { name: "Settings" }));
    const minutes = await screen.findByLabelText("Lock after (minutes without activity)");
    await user.clear(minutes);
    await user.type(minutes, "0");
    expect(await screen.findByText("Choose a whole number of minutes from 1 to 60.")).toBeInTheDocument();
    await user.type(screen.getByLabelText("Full name"), "Dana");
    await user.click(screen.getByRole("button", { name: "Save profile" }));
    expect(await screen.findByText("Full name cannot contain line breaks or tabs.")).toBeInTheDocument();
    expect(screen.getByRole("table", { name: "Vault activity" })).toHaveTextContent("Unlocked");
  });
});
