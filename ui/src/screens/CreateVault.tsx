import { useState } from "react";
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { api } from "../api";
import { RecoveryKeyCard } from "../components/RecoveryKey";
import { StrengthMeter, useStrength, weakness } from "../components/StrengthMeter";
import { applyCoreError } from "../formErrors";
import { RestoreBackup } from "./RestoreBackup";

export function CreateVault({ vaultDir, onDone }: { vaultDir: string; onDone: () => void }) {
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [restoring, setRestoring] = useState(false);
  if (recoveryKey) {
    return <RecoveryKeyShown recoveryKey={recoveryKey} onDone={onDone} />;
  }
  if (restoring) {
    return (
      <Center mih="100vh" p="xl" bg="gray.0">
        <Paper withBorder shadow="sm" p="xl" maw={560} w="100%">
          <RestoreBackup replacing={false} onRestored={onDone} onCancel={() => setRestoring(false)} />
        </Paper>
      </Center>
    );
  }
  return <ChoosePassphrase vaultDir={vaultDir} onCreated={setRecoveryKey} onRestore={() => setRestoring(true)} />;
}

function ChoosePassphrase({
  vaultDir,
  onCreated,
  onRestore,
}: {
  vaultDir: string;
  onCreated: (key: string) => void;
  onRestore: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: { passphrase: "", confirmation: "" },
    validateInputOnChange: ["confirmation"],
    validate: {
      passphrase: (v) => (v.length === 0 ? "Choose a passphrase." : null),
      confirmation: (v, values) =>
        v !== values.passphrase ? "The two passphrases are not the same." : null,
    },
  });
  const strength = useStrength(form.values.passphrase);

  const submit = form.onSubmit(async (values) => {
    if (strength && !strength.acceptable) {
      form.getInputNode("passphrase")?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const key = await api.createVault(values.passphrase, values.confirmation);
      onCreated(key);
    } catch (e) {
      setError(applyCoreError(e, form.setFieldError, { passphrase: "passphrase", confirmation: "confirmation" }));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Center mih="100vh" p="xl" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" maw={520} w="100%">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={1} size="h2">
              Welcome to Cohort
            </Title>
            <Text>
              Cohort keeps your group records in an encrypted vault on this computer. Nothing is sent anywhere.
              Choose a passphrase: you will type it each time you open Cohort.
            </Text>
            <PasswordInput
              label="Passphrase"
              autoFocus
              autoComplete="new-password"
              {...form.getInputProps("passphrase")}
              error={form.errors.passphrase ?? weakness(strength)}
            />
            <StrengthMeter strength={strength} />
            <PasswordInput
              label="Repeat passphrase"
              autoComplete="new-password"
              {...form.getInputProps("confirmation")}
            />
            {error && (
              <Alert color="red" role="alert" title="The vault was not created">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy} size="md">
              Create vault
            </Button>
            <Text size="xs" c="dimmed">
              The vault will be kept in {vaultDir}
            </Text>
            <Anchor component="button" type="button" size="sm" onClick={onRestore}>
              Moving from another computer? Restore from a backup
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

function RecoveryKeyShown({ recoveryKey, onDone }: { recoveryKey: string; onDone: () => void }) {
  return (
    <Center mih="100vh" p="xl" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" maw={640} w="100%">
        <Stack>
          <Title order={1} size="h2">
            Write down your recovery key
          </Title>
          <RecoveryKeyCard
            recoveryKey={recoveryKey}
            intro="If you ever forget your passphrase, this key is the only way back into your records. Write it on paper and keep it somewhere safe, away from this computer. It is shown only this once."
            continueLabel="Continue to Cohort"
            onDone={onDone}
          />
        </Stack>
      </Paper>
    </Center>
  );
}
