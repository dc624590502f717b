import { useState } from "react";
import { Alert, Anchor, Button, Center, Group, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { api, messageOf } from "../api";
import { RecoveryKeyCard, RecoveryKeyFields } from "../components/RecoveryKey";
import { useStrength } from "../components/StrengthMeter";
import { applyCoreError } from "../formErrors";
import { RestoreBackup } from "./RestoreBackup";

export function Unlock({ onUnlocked }: { onUnlocked: () => void }) {
  const [showing, setShowing] = useState<"passphrase" | "recovery" | "restore">("passphrase");
  return (
    <Center mih="100vh" p="xl" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" maw={560} w="100%">
        {showing === "recovery" ? (
          <RecoveryForm onUnlocked={onUnlocked} onBack={() => setShowing("passphrase")} />
        ) : showing === "restore" ? (
          <RestoreBackup replacing onRestored={onUnlocked} onCancel={() => setShowing("passphrase")} />
        ) : (
          <PassphraseForm
            onUnlocked={onUnlocked}
            onForgot={() => setShowing("recovery")}
            onRestore={() => setShowing("restore")}
          />
        )}
      </Paper>
    </Center>
  );
}

function PassphraseForm({
  onUnlocked,
  onForgot,
  onRestore,
}: {
  onUnlocked: () => void;
  onForgot: () => void;
  onRestore: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: { passphrase: "" },
    validate: { passphrase: (v) => (v.length === 0 ? "Enter your passphrase." : null) },
  });
  const submit = form.onSubmit(async ({ passphrase }) => {
    setBusy(true);
    setError(null);
    try {
      await api.unlock(passphrase);
      onUnlocked();
    } catch (e) {
      setError(applyCoreError(e, form.setFieldError, {}));
      form.setFieldValue("passphrase", "");
    } finally {
      setBusy(false);
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={1} size="h2">
          Unlock Cohort
        </Title>
        <Text c="dimmed">Your records are locked. Enter your passphrase to open them.</Text>
        <PasswordInput label="Passphrase" autoFocus autoComplete="current-password" {...form.getInputProps("passphrase")} />
        {error && (
          <Alert color="red" role="alert" title="Not unlocked">
            {error}
          </Alert>
        )}
        <Button type="submit" loading={busy} size="md">
          Unlock
        </Button>
        <Anchor component="button" type="button" size="sm" onClick={onForgot}>
          Forgot your passphrase? Use your recovery key
        </Anchor>
        <Anchor component="button" type="button" size="sm" onClick={onRestore}>
          Restore from a backup
        </Anchor>
      </Stack>
    </form>
  );
}

function RecoveryForm({ onUnlocked, onBack }: { onUnlocked: () => void; onBack: () => void }) {
  const [reset, setReset] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: { recovery_key: "", new_passphrase: "", confirmation: "" },
    validateInputOnChange: ["confirmation"],
    validate: {
      recovery_key: (v) =>
        v.replace(/[\s-]/g, "").length !== 32 ? "A recovery key has 32 letters and digits in eight groups of four." : null,
      confirmation: (v, values) => (v !== values.new_passphrase ? "The two passphrases are not the same." : null),
    },
  });
  const strength = useStrength(form.values.new_passphrase);
  const submit = form.onSubmit(async (v) => {
    if (strength && !strength.acceptable) {
      form.getInputNode("new_passphrase")?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.unlockWithRecoveryKey(v.recovery_key, v.new_passphrase, v.confirmation);
      setReset(true);
    } catch (e) {
      setError(
        applyCoreError(e, form.setFieldError, {
          recovery_key: "recovery_key",
          passphrase: "new_passphrase",
          confirmation: "confirmation",
        }),
      );
    } finally {
      setBusy(false);
    }
  });
  if (reset) {
    return <OfferRotation passphrase={form.values.new_passphrase} onDone={onUnlocked} />;
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={1} size="h2">
          Use your recovery key
        </Title>
        <Text c="dimmed">
          Type the recovery key you wrote down when you created the vault, then choose a new passphrase.
        </Text>
        <RecoveryKeyFields form={form} strength={strength} autoFocus />
        {error && (
          <Alert color="red" role="alert" title="Not unlocked">
            {error}
          </Alert>
        )}
        <Button type="submit" loading={busy} size="md">
          Unlock and set new passphrase
        </Button>
        <Anchor component="button" type="button" size="sm" onClick={onBack}>
          Back to passphrase
        </Anchor>
      </Stack>
    </form>
  );
}

/**
 * After a reset with the recovery key: the old key still opens the vault, and
 * so would the old passphrase with an old copy of the header. Rotating now
 * ends both and gives a new recovery key.
 */
function OfferRotation({ passphrase, onDone }: { passphrase: string; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  if (recoveryKey) {
    return (
      <Stack>
        <Title order={1} size="h2">
          Write down your new recovery key
        </Title>
        <RecoveryKeyCard
          recoveryKey={recoveryKey}
          intro="Your records are now encrypted under a new key. The recovery key you just used no longer works: this one replaces it. Write it on paper and keep it somewhere safe. It is shown only this once."
          continueLabel="Continue to Cohort"
          onDone={onDone}
        />
      </Stack>
    );
  }
  const rotate = async () => {
    setBusy(true);
    setError(null);
    try {
      setRecoveryKey(await api.rotateKeys(passphrase));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack>
      <Title order={1} size="h2">
        Your passphrase is reset
      </Title>
      <Text>
        Your records are open with your new passphrase. The recovery key you used still works, and anyone who had
        your old passphrase and an old copy of the vault folder could still read what you record from now on.
      </Text>
      <Text>
        Rotating the keys re-encrypts your records under a new key and gives you a new recovery key. It takes a
        few seconds. We recommend it.
      </Text>
      {error && (
        <Alert color="red" role="alert" title="The keys were not rotated">
          {error}
        </Alert>
      )}
      <Group>
        <Button size="md" loading={busy} onClick={() => void rotate()}>
          Rotate keys now
        </Button>
        <Button size="md" variant="default" disabled={busy} onClick={onDone}>
          Not now
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        You can rotate the keys later in Settings.
      </Text>
    </Stack>
  );
}
