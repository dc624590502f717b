import { useEffect, useState } from "react";
import { Box, List, Progress, Text } from "@mantine/core";
import { api, type PassphraseStrength } from "../api";

const LABELS = ["Very weak", "Weak", "Fair", "Strong", "Very strong"];
const COLORS = ["red", "red", "orange", "teal", "teal"];

/** Rates the passphrase as it is typed, with the core's own estimator. */
export function useStrength(passphrase: string): PassphraseStrength | null {
  const [strength, setStrength] = useState<PassphraseStrength | null>(null);
  useEffect(() => {
    if (!passphrase) {
      setStrength(null);
      return;
    }
    let current = true;
    const t = setTimeout(() => {
      api
        .ratePassphrase(passphrase)
        .then((s) => current && setStrength(s))
        .catch(() => current && setStrength(null));
    }, 120);
    return () => {
      current = false;
      clearTimeout(t);
    };
  }, [passphrase]);
  return strength;
}

/** Why a passphrase is refused, shown once: as the passphrase field's own error. */
export function weakness(strength: PassphraseStrength | null): string | null {
  return strength && !strength.acceptable ? strength.problem : null;
}

/** The strength bar, its word and the suggestions (the reason it is refused is the field's error). */
export function StrengthMeter({ strength }: { strength: PassphraseStrength | null }) {
  if (!strength) {
    return (
      <Text size="sm" c="dimmed">
        At least 12 characters. A few unrelated words are strong and easy to remember.
      </Text>
    );
  }
  const label = LABELS[strength.score] ?? "";
  return (
    <Box aria-live="polite">
      <Progress
        value={(strength.score + 1) * 20}
        color={COLORS[strength.score] ?? "gray"}
        aria-label={`Passphrase strength: ${label}`}
        size="sm"
      />
      <Text size="sm" mt={4} fw={500}>
        Strength: {label}
      </Text>
      {!strength.acceptable && strength.suggestions.length > 0 && (
        <List size="sm" c="dimmed">
          {strength.suggestions.map((s) => (
            <List.Item key={s}>{s}</List.Item>
          ))}
        </List>
      )}
    </Box>
  );
}
