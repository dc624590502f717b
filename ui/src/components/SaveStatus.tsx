import { Text } from "@mantine/core";
import type { SaveState } from "../drafts";
import { formatMoment } from "../format";

/** Where a draft that saves itself stands: saved (and when), saving, or not saved and why. */
export function SaveStatus({ state }: { state: SaveState }) {
  const text =
    state.kind === "saved"
      ? state.at
        ? `Saved in the vault at ${formatMoment(state.at)}`
        : "Saved in the vault"
      : state.kind === "saving"
        ? "Saving…"
        : state.kind === "unsaved"
          ? "Saving shortly…"
          : `Not saved: ${state.message}`;
  return (
    <Text size="sm" c={state.kind === "failed" ? "red" : "dimmed"} role="status" aria-label="Draft status">
      {text}
    </Text>
  );
}
