import { useState } from "react";
import { Alert, Button, Group, List, Modal, NumberInput, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, isCommandError, messageOf, type BackupStatus, type Keep, type Verified } from "../../api";
import { KEEP_DAILY, KEEP_MONTHLY, KEEP_WEEKLY } from "../../bindings/limits";
import { BackupNotice, useBackupStatus } from "../../components/BackupNotice";
import { formatDateTime } from "../../format";
import { applyCoreError } from "../../formErrors";
import { keys, refresh } from "../../queries";
import { RestoreBackup, formatSize } from "../RestoreBackup";

/** Settings' Backups: where automatic ones go and how many are kept, backing up now, checking and restoring one. */
export function BackupsSection() {
  const status = useBackupStatus();
  const client = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [restoring, setRestoring] = useState(false);
  const navigate = useNavigate();
  const changed = () => void refresh(client, ["backups"]);
  const run = async (what: string, action: () => Promise<string | null>) => {
    setBusy(what);
    setError(null);
    setDone(null);
    try {
      setDone(await action());
      changed();
    } catch (e) {
      setError(messageOf(e));
      changed();
    } finally {
      setBusy(null);
    }
  };
  const s = status.data;
  return (
    <Paper withBorder p="lg" id="backups">
      <Stack>
        <div>
          <Title order={2} size="h4">
            Backups
          </Title>
          <Text size="sm" c="dimmed">
            A backup is one encrypted file holding every record. It opens with the passphrase and recovery key you have
            when it is made: if you change your passphrase or rotate your keys later, older backups still need the old
            ones (Cohort makes a fresh automatic backup at once when you do).
          </Text>
        </div>
        {status.isError && <Alert color="red">{messageOf(status.error)}</Alert>}
        {s && <BackupNotice status={s} />}
        {s && (
          <Stack gap="xs">
            <Title order={3} size="h5">
              Automatic backups
            </Title>
            {s.settings.folder ? (
              <Text size="sm">
                Automatic backups go to <b>{s.settings.folder}</b>. Cohort makes one when a session&apos;s notes are all
                signed, at least once a day while you use it, and when it locks or closes with anything new.
              </Text>
            ) : (
              <Text size="sm">
                Not set up. Choose a folder on a USB drive, a second disk or a network share: Cohort then backs up
                there without being asked and keeps the last days, weeks and months.
              </Text>
            )}
            <Group>
              {s.settings.folder && (
                <Button loading={busy === "now"} onClick={() => void run("now", async () => (await api.backUpNow(), "Backed up."))}>
                  Back up now
                </Button>
              )}
              <Button
                variant={s.settings.folder ? "default" : "filled"}
                loading={busy === "folder"}
                onClick={() =>
                  void run("folder", async () => {
                    // The paragraph above names the new folder; nothing more to say.
                    await api.chooseBackupFolder();
                    return null;
                  })
                }
              >
                {s.settings.folder ? "Change folder…" : "Choose a folder for automatic backups…"}
              </Button>
              {s.settings.folder && (
                <Button
                  variant="subtle"
                  color="red"
                  loading={busy === "off"}
                  onClick={() => void run("off", async () => (await api.turnOffAutomaticBackups(), "Automatic backups are off."))}
                >
                  Turn off automatic backups
                </Button>
              )}
            </Group>
            {s.settings.folder && <KeepForm initial={s.settings.keep} onSaved={changed} />}
          </Stack>
        )}
        <Stack gap="xs">
          <Title order={3} size="h5">
            By hand
          </Title>
          <Group>
            <Button
              variant="default"
              loading={busy === "file"}
              onClick={() =>
                void run("file", async () => {
                  const path = await api.backUpToFile();
                  return path ? `Backed up to ${path}.` : null;
                })
              }
            >
              Back up to a file…
            </Button>
            <CheckBackup />
            <Button variant="default" onClick={() => setRestoring(true)}>
              Restore from a backup…
            </Button>
          </Group>
        </Stack>
        {done && (
          <Text size="sm" c="teal.8" role="status">
            {done}
          </Text>
        )}
        {error && (
          <Alert color="red" role="alert" title="Not backed up">
            {error}
          </Alert>
        )}
      </Stack>
      <Modal opened={restoring} onClose={() => setRestoring(false)} size="lg" title="Restore from a backup" withCloseButton>
        <RestoreBackup
          replacing
          onCancel={() => setRestoring(false)}
          onRestored={() => {
            setRestoring(false);
            void client.invalidateQueries();
            navigate("/today");
          }}
        />
      </Modal>
    </Paper>
  );
}

function KeepForm({ initial, onSaved }: { initial: Keep; onSaved: () => void }) {
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const within =
    (range: { readonly min: number; readonly max: number }, label: string) => (v: number | string) =>
      typeof v === "number" && Number.isInteger(v) && v >= range.min && v <= range.max
        ? null
        : `${label}: choose a whole number from ${range.min} to ${range.max}.`;
  const form = useForm<{ daily: number | string; weekly: number | string; monthly: number | string }>({
    mode: "controlled",
    initialValues: initial,
    validateInputOnChange: true,
    validate: {
      daily: within(KEEP_DAILY, "Daily backups kept"),
      weekly: within(KEEP_WEEKLY, "Weekly backups kept"),
      monthly: within(KEEP_MONTHLY, "Monthly backups kept"),
    },
  });
  const submit = form.onSubmit(async (v) => {
    setSaved(false);
    setError(null);
    try {
      const s: BackupStatus = await api.setBackupKeeping({
        daily: Number(v.daily),
        weekly: Number(v.weekly),
        monthly: Number(v.monthly),
      });
      form.setValues(s.settings.keep);
      form.resetDirty(s.settings.keep);
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(applyCoreError(e, form.setFieldError, { daily: "daily", weekly: "weekly", monthly: "monthly" }));
    }
  });
  const field = (name: "daily" | "weekly" | "monthly", label: string) => (
    <NumberInput label={label} allowDecimal={false} allowNegative={false} clampBehavior="none" w={200} {...form.getInputProps(name)} />
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <Text size="sm">Cohort keeps the newest backup of each of the last:</Text>
        <Group align="flex-start">
          {field("daily", "Daily backups kept")}
          {field("weekly", "Weekly backups kept")}
          {field("monthly", "Monthly backups kept")}
        </Group>
        <Text size="xs" c="dimmed">
          The newest backup always stays, and only this vault&apos;s backups in the folder are ever removed.
        </Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button type="submit" variant="default">
            Save keeping
          </Button>
          {saved && !form.isDirty() && (
            <Text size="sm" c="teal.8" role="status">
              Saved.
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}

/** Checks a backup whole, with the key in memory — or, for one made before the keys were rotated, the passphrase of its time. */
function CheckBackup() {
  const client = useQueryClient();
  const [checked, setChecked] = useState<Verified | null>(null);
  const [askPassphrase, setAskPassphrase] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const check = async (pass: string | null) => {
    setBusy(true);
    setError(null);
    try {
      setChecked(await api.checkBackup(pass));
      setAskPassphrase(null);
      void client.invalidateQueries({ queryKey: keys.activity });
    } catch (e) {
      if (isCommandError(e) && e.field === "passphrase") setAskPassphrase(messageOf(e));
      else if (isCommandError(e) && e.code === "wrong_passphrase" && pass !== null) setAskPassphrase(messageOf(e));
      else setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const start = async () => {
    setChecked(null);
    setError(null);
    setAskPassphrase(null);
    try {
      if (await api.chooseBackupFile()) await check(null);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const opened = checked !== null || askPassphrase !== null || error !== null;
  const close = () => {
    setChecked(null);
    setAskPassphrase(null);
    setError(null);
    setPassphrase("");
  };
  return (
    <>
      <Button variant="default" loading={busy && !opened} onClick={() => void start()}>
        Check a backup…
      </Button>
      <Modal opened={opened} onClose={close} title="Check a backup" size="lg">
        <Stack>
          {checked && (
            <Alert color="teal" title="The backup is sound" role="status">
              <Text size="sm">
                {checked.summary.file_name}, made {formatDateTime(checked.summary.made_at)} by Cohort{" "}
                {checked.summary.app_version} ({formatSize(checked.summary.bytes)}). Every page, the database and the
                activity log check, and it holds what it lists:
              </Text>
              <List size="sm" mt="xs">
                {[
                  ["groups", "groups"],
                  ["members", "members"],
                  ["sessions", "sessions"],
                  ["attendance", "attendance marks"],
                  ["notes", "notes"],
                  ["measure_results", "measure results"],
                ].map(([table, label]) => (
                  <List.Item key={table}>
                    {checked.tables.find((t) => t.name === table)?.rows ?? 0} {label}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          {askPassphrase && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void check(passphrase);
              }}
            >
              <Stack>
                <PasswordInput
                  label="Passphrase the backup was made with"
                  value={passphrase}
                  onChange={(e) => setPassphrase(e.currentTarget.value)}
                  error={askPassphrase}
                  autoFocus
                />
                <Button type="submit" loading={busy}>
                  Check
                </Button>
              </Stack>
            </form>
          )}
          {error && (
            <Alert color="red" role="alert" title="The backup did not pass">
              {error}
            </Alert>
          )}
        </Stack>
      </Modal>
    </>
  );
}
