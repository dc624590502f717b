import { useState } from "react";
import { Alert, Anchor, Button, Group, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { api, isCommandError, messageOf, type BackupSummary, type Restored, type RestoreSecret } from "../api";
import { RecoveryKeyFields } from "../components/RecoveryKey";
import { useStrength } from "../components/StrengthMeter";
import { formatDateTime } from "../format";
import { applyCoreError } from "../formErrors";

/** A size in megabytes or kilobytes, as a person reads it. */
export function formatSize(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Restoring a backup: choose the file (in a dialog Cohort opens), say what
 * it is, then open it with the passphrase — or the recovery key — current
 * when it was made. `replacing`: a vault is on this computer already; it is
 * kept, unchanged, beside the restored one.
 */
export function RestoreBackup({
  replacing,
  onRestored,
  onCancel,
}: {
  replacing: boolean;
  onRestored: (r: Restored) => void;
  onCancel: () => void;
}) {
  const [summary, setSummary] = useState<BackupSummary | null>(null);
  const [choosing, setChoosing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const choose = async () => {
    setChoosing(true);
    setError(null);
    try {
      const s = await api.chooseBackupFile();
      if (s) setSummary(s);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setChoosing(false);
    }
  };
  return (
    <Stack>
      <Title order={1} size="h2">
        Restore from a backup
      </Title>
      <Text>
        A backup is one file whose name ends in <b>.cohortbackup</b> — on a USB drive, a second disk or a network share.
        It opens with the passphrase you had when it was made, or the recovery key you had then.
      </Text>
      {replacing && (
        <Alert color="blue" title="The vault on this computer is kept">
          The backup's records take the place of the vault on this computer, which is kept, unchanged, in a folder
          beside it. Anything recorded after the backup was made is not in the backup.
        </Alert>
      )}
      {summary ? (
        <Paper withBorder p="sm" aria-label="Chosen backup">
          <Text fw={600}>{summary.file_name}</Text>
          <Text size="sm" c="dimmed">
            Made {formatDateTime(summary.made_at)} by Cohort {summary.app_version} · {formatSize(summary.bytes)}
          </Text>
        </Paper>
      ) : null}
      {error && (
        <Alert color="red" role="alert" title="This file cannot be restored">
          {error}
        </Alert>
      )}
      <Group>
        <Button variant={summary ? "default" : "filled"} loading={choosing} onClick={() => void choose()}>
          {summary ? "Choose another file…" : "Choose the backup file…"}
        </Button>
        <Anchor component="button" type="button" size="sm" onClick={onCancel}>
          Back
        </Anchor>
      </Group>
      {summary && <OpenBackup key={summary.file_name + summary.made_at} onRestored={onRestored} />}
    </Stack>
  );
}

function OpenBackup({ onRestored }: { onRestored: (r: Restored) => void }) {
  const [recovery, setRecovery] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: { passphrase: "", recovery_key: "", new_passphrase: "", confirmation: "" },
    validateInputOnChange: ["confirmation"],
    validate: {
      passphrase: (v) => (!recovery && v.length === 0 ? "Enter the passphrase the backup was made with." : null),
      recovery_key: (v) =>
        recovery && v.replace(/[\s-]/g, "").length !== 32
          ? "A recovery key has 32 letters and digits in eight groups of four."
          : null,
      confirmation: (v, values) =>
        recovery && v !== values.new_passphrase ? "The two passphrases are not the same." : null,
    },
  });
  const strength = useStrength(recovery ? form.values.new_passphrase : "");
  const restore = async (otherVaultConfirmed: boolean) => {
    const v = form.values;
    const secret: RestoreSecret = recovery
      ? { with: "recovery_key", recovery_key: v.recovery_key, new_passphrase: v.new_passphrase, confirmation: v.confirmation }
      : { with: "passphrase", passphrase: v.passphrase };
    setBusy(true);
    setError(null);
    try {
      onRestored(await api.restoreBackup(secret, otherVaultConfirmed));
    } catch (e) {
      if (isCommandError(e) && e.code === "confirm") {
        setConfirm(messageOf(e));
      } else if (isCommandError(e) && e.code === "wrong_passphrase") {
        form.setFieldError("passphrase", messageOf(e));
      } else if (isCommandError(e) && e.code === "wrong_recovery_key") {
        form.setFieldError("recovery_key", messageOf(e));
      } else {
        setError(
          applyCoreError(e, form.setFieldError, {
            recovery_key: "recovery_key",
            passphrase: "new_passphrase",
            new_passphrase: "new_passphrase",
            confirmation: "confirmation",
          }),
        );
      }
    } finally {
      setBusy(false);
    }
  };
  const submit = form.onSubmit(() => {
    if (recovery && strength && !strength.acceptable) {
      form.getInputNode("new_passphrase")?.focus();
      return;
    }
    void restore(false);
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {recovery ? (
          <RecoveryKeyFields
            form={form}
            strength={strength}
            description="The recovery key you had when the backup was made."
          />
        ) : (
          <PasswordInput
            label="Passphrase the backup was made with"
            description="If you have changed your passphrase since, use the one you had then."
            autoComplete="current-password"
            {...form.getInputProps("passphrase")}
          />
        )}
        <Anchor component="button" type="button" size="sm" onClick={() => setRecovery((r) => !r)}>
          {recovery ? "Use the passphrase instead" : "Use the recovery key instead"}
        </Anchor>
        {error && (
          <Alert color="red" role="alert" title="Not restored">
            {error}
          </Alert>
        )}
        {confirm ? (
          <Alert color="yellow" role="alert" title="This backup is of another vault">
            <Stack gap="xs">
              <Text size="sm">{confirm}</Text>
              <Group>
                <Button color="yellow" loading={busy} onClick={() => void restore(true)}>
                  Restore it anyway
                </Button>
                <Button variant="default" disabled={busy} onClick={() => setConfirm(null)}>
                  Cancel
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <Button type="submit" loading={busy} size="md">
            Restore
          </Button>
        )}
        {busy && (
          <Text size="sm" c="dimmed" role="status">
            Checking and restoring the backup… A large practice takes a few seconds.
          </Text>
        )}
      </Stack>
    </form>
  );
}
