import { useState, type ReactNode } from "react";
import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { isCommandError } from "../api";
import { useChange } from "../queries";
import type { Area } from "../bindings/Area";

/**
 * Saving a plain file (a calendar, a report): the first time, the core
 * refuses with `confirm` and the words of the not-encrypted warning; the
 * modal shows them, and "I understand" tries again, acknowledged. The
 * shell then opens the save dialog.
 */
export function useSaveOnceTold<A, R>(
  save: (args: A, acknowledged: boolean) => Promise<R | null>,
  onSaved: (saved: R) => void,
): { start: (args: A) => void; pending: boolean; error: unknown; modal: ReactNode } {
  // A saved file is written to the audit trail (and the warning's acknowledgement with it).
  const changed: readonly Area[] = ["vault", "settings"];
  const mutation = useChange(changed, (a: { args: A; acknowledged: boolean }) => save(a.args, a.acknowledged));
  const [warning, setWarning] = useState<{ text: string; args: A } | null>(null);
  const run = (args: A, acknowledged: boolean) =>
    mutation.mutate(
      { args, acknowledged },
      {
        onSuccess: (saved) => {
          setWarning(null);
          if (saved) onSaved(saved);
        },
        onError: (e) => {
          if (isCommandError(e) && e.code === "confirm") setWarning({ text: e.message, args });
        },
      },
    );
  const error = mutation.isError && !(isCommandError(mutation.error) && mutation.error.code === "confirm") ? mutation.error : null;
  const modal = warning && (
    <Modal opened onClose={() => setWarning(null)} title="This file will not be encrypted" size="lg">
      <Stack>
        <Text size="sm">{warning.text}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setWarning(null)}>
            Cancel
          </Button>
          <Button loading={mutation.isPending} onClick={() => run(warning.args, true)}>
            I understand: choose where to save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
  return { start: (args) => run(args, false), pending: mutation.isPending, error, modal };
}
