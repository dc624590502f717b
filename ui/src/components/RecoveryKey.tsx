import { useState, type ReactNode } from "react";
import { Button, Checkbox, Code, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import type { GetInputPropsReturnType } from "@mantine/form";
import type { PassphraseStrength } from "../api";
import { StrengthMeter, weakness } from "./StrengthMeter";

/**
 * A recovery key shown once: the key, how to type it back, and a button
 * that stays disabled until the clinician says it is written down.
 */
export function RecoveryKeyCard({
  recoveryKey,
  intro,
  continueLabel,
  onDone,
}: {
  recoveryKey: string;
  intro: string;
  continueLabel: string;
  onDone: () => void;
}) {
  const [writtenDown, setWrittenDown] = useState(false);
  return (
    <Stack>
      <Text>{intro}</Text>
      <Code
        block
        aria-label="Recovery key"
        data-testid="recovery-key"
        fz={20}
        ta="center"
        py="md"
        style={{ letterSpacing: "0.05em", userSelect: "all", whiteSpace: "normal", overflowWrap: "anywhere" }}
      >
        {recoveryKey}
      </Code>
      <Text size="sm" c="dimmed">
        Letters and digits in eight groups of four. Capitals or small letters, dashes or spaces: either works when
        you type it back.
      </Text>
      <Checkbox
        label="I have written down my recovery key"
        checked={writtenDown}
        onChange={(e) => setWrittenDown(e.currentTarget.checked)}
      />
      <Button size="md" disabled={!writtenDown} onClick={onDone}>
        {continueLabel}
      </Button>
    </Stack>
  );
}

type RecoveryField = "recovery_key" | "new_passphrase" | "confirmation";

/**
 * The recovery key and the new passphrase it sets, twice, with the
 * passphrase's strength: unlocking with the key and restoring a backup with
 * it ask the same.
 */
export function RecoveryKeyFields({
  form,
  strength,
  description,
  autoFocus,
}: {
  form: {
    getInputProps: (path: RecoveryField) => GetInputPropsReturnType;
    errors: Partial<Record<string, ReactNode>>;
  };
  strength: PassphraseStrength | null;
  description?: string;
  autoFocus?: boolean;
}) {
  return (
    <>
      <TextInput
        label="Recovery key"
        description={description}
        autoFocus={autoFocus}
        autoComplete="off"
        spellCheck={false}
        placeholder="XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"
        {...form.getInputProps("recovery_key")}
      />
      <PasswordInput
        label="New passphrase"
        autoComplete="new-password"
        {...form.getInputProps("new_passphrase")}
        error={form.errors.new_passphrase ?? weakness(strength)}
      />
      <StrengthMeter strength={strength} />
      <PasswordInput label="Repeat new passphrase" autoComplete="new-password" {...form.getInputProps("confirmation")} />
    </>
  );
}
