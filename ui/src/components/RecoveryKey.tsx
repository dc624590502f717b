import { useState } from "react";
import { Button, Checkbox, Code, Stack, Text } from "@mantine/core";

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
