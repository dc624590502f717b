import { useState } from "react";
import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, isCommandError, messageOf, type AuditEntry, type ClinicianProfile } from "../api";
import { AUTO_LOCK_MINUTES, NOTES_OVERDUE_DAYS } from "../bindings/limits";
import { BlackoutEditor } from "../components/BlackoutEditor";
import { RecoveryKeyCard } from "../components/RecoveryKey";
import { StrengthMeter, useStrength, weakness } from "../components/StrengthMeter";
import { applyCoreError } from "../formErrors";
import { keys } from "../queries";
import { FreshBackupOffer } from "../components/FreshBackupOffer";
import { BackupsSection } from "./settings/BackupsSection";
import { ExportSection } from "./settings/ExportSection";
import { ReportsSection } from "./settings/ReportsSection";

export function SettingsPage() {
  const settings = useQuery({ queryKey: keys.settings, queryFn: api.settings });
  const activity = useQuery({ queryKey: keys.activity, queryFn: () => api.recentActivity(50) });
  const blackouts = useQuery({ queryKey: keys.practiceBlackouts, queryFn: api.practiceBlackouts });
  const status = useQuery({ queryKey: keys.status, queryFn: api.status });
  const client = useQueryClient();
  const saved = () => void client.invalidateQueries({ queryKey: keys.activity });

  if (settings.isError) return <Alert color="red">{messageOf(settings.error)}</Alert>;
  if (!settings.data) return <Text c="dimmed">Loading settings…</Text>;

  return (
    <Stack maw={820} gap="lg">
      <Title order={1} size="h2">
        Settings
      </Title>
      <ProfileForm initial={settings.data.profile} onSaved={saved} />
      <AutoLockForm initial={settings.data.auto_lock_minutes} onSaved={saved} />
      <NotesOverdueForm initial={settings.data.notes_overdue_days} onSaved={saved} />
      <ReportsSection paper={settings.data.report_paper} />
      {blackouts.data && (
        <BlackoutEditor
          title="Practice-wide blackout dates"
          help="Holidays and closures that apply to every group: new schedules skip them and the program extends."
          initial={blackouts.data}
          save={(dates) => api.setPracticeBlackouts(dates)}
        />
      )}
      <ChangePassphraseForm onSaved={saved} />
      <RotateKeysForm
        recoveryKeyUnseen={status.data?.recovery_key_unseen ?? false}
        onSaved={() => {
          saved();
          void client.invalidateQueries({ queryKey: keys.status });
        }}
      />
      <BackupsSection />
      <ExportSection />
      <Activity entries={activity.data ?? []} />
    </Stack>
  );
}

type SectionProps = { onSaved: () => void };

function ProfileForm({ initial, onSaved }: SectionProps & { initial: ClinicianProfile }) {
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const max = (n: number, label: string) => (v: string) =>
    v.trim().length > n ? `${label} can be at most ${n} characters.` : null;
  const form = useForm({
    mode: "controlled",
    initialValues: initial,
    validateInputOnChange: true,
    validate: {
      full_name: max(120, "Full name"),
      credentials: max(60, "Credentials"),
      license_number: max(60, "Licence number"),
      practice_name: max(120, "Practice name"),
    },
  });
  const submit = form.onSubmit(async (values) => {
    setSaved(false);
    setError(null);
    try {
      const p = await api.saveProfile(values);
      form.setValues(p);
      form.resetDirty(p);
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(
        applyCoreError(e, form.setFieldError, {
          full_name: "full_name",
          credentials: "credentials",
          license_number: "license_number",
          practice_name: "practice_name",
        }),
      );
    }
  });
  return (
    <Paper withBorder p="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <div>
            <Title order={2} size="h4">
              Your profile
            </Title>
            <Text size="sm" c="dimmed">
              Printed under the notes you sign.
            </Text>
          </div>
          <SimpleGrid cols={2}>
            <TextInput label="Full name" {...form.getInputProps("full_name")} />
            <TextInput label="Credentials" placeholder="e.g. LCSW, PsyD" {...form.getInputProps("credentials")} />
            <TextInput label="Licence number" {...form.getInputProps("license_number")} />
            <TextInput label="Practice name" {...form.getInputProps("practice_name")} />
          </SimpleGrid>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group>
            <Button type="submit">Save profile</Button>
            {saved && !form.isDirty() && (
              <Text size="sm" c="teal.8" role="status">
                Profile saved.
              </Text>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** A setting that is one whole number in a range, saved on its own. */
function NumberSettingForm({
  initial,
  onSaved,
  title,
  description,
  label,
  unit,
  range,
  saveLabel,
  save,
}: SectionProps & {
  initial: number;
  title: string;
  description: string;
  label: string;
  /** What the number counts, for the message ("minutes", "days"). */
  unit: string;
  range: { readonly min: number; readonly max: number };
  saveLabel: string;
  /** Saves the value and returns the value the core kept. */
  save: (value: number) => Promise<number>;
}) {
  const [saved, setSaved] = useState(false);
  const form = useForm({
    mode: "controlled",
    initialValues: { value: initial as number | string },
    validateInputOnChange: true,
    validate: {
      value: (v) => {
        const n = typeof v === "number" ? v : Number.NaN;
        return Number.isInteger(n) && n >= range.min && n <= range.max
          ? null
          : `Choose a whole number of ${unit} from ${range.min} to ${range.max}.`;
      },
    },
  });
  const submit = form.onSubmit(async ({ value }) => {
    setSaved(false);
    try {
      const kept = await save(Number(value));
      form.setValues({ value: kept });
      form.resetDirty({ value: kept });
      setSaved(true);
      onSaved();
    } catch (e) {
      form.setFieldError("value", messageOf(e));
    }
  });
  return (
    <Paper withBorder p="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <div>
            <Title order={2} size="h4">
              {title}
            </Title>
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          </div>
          <NumberInput
            label={label}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            maw={320}
            {...form.getInputProps("value")}
          />
          <Group>
            <Button type="submit">{saveLabel}</Button>
            {saved && !form.isDirty() && (
              <Text size="sm" c="teal.8" role="status">
                Saved.
              </Text>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function AutoLockForm({ initial, onSaved }: SectionProps & { initial: number }) {
  return (
    <NumberSettingForm
      initial={initial}
      onSaved={onSaved}
      title="Automatic lock"
      description="Cohort locks itself when you have not used it for a while, and when the computer goes to sleep or the screen locks, so no one can read your records if you step away."
      label="Lock after (minutes without activity)"
      unit="minutes"
      range={AUTO_LOCK_MINUTES}
      saveLabel="Save automatic lock"
      save={async (minutes) => (await api.setAutoLock(minutes)).auto_lock_minutes}
    />
  );
}

function NotesOverdueForm({ initial, onSaved }: SectionProps & { initial: number }) {
  return (
    <NumberSettingForm
      initial={initial}
      onSaved={onSaved}
      title="Unsigned notes"
      description="Today lists a held session whose notes are not all written and signed this many days after it."
      label="List unsigned notes after (days)"
      unit="days"
      range={NOTES_OVERDUE_DAYS}
      saveLabel="Save"
      save={async (days) => (await api.setNotesOverdueDays(days)).notes_overdue_days}
    />
  );
}

function ChangePassphraseForm({ onSaved }: SectionProps) {
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: { current: "", new_passphrase: "", confirmation: "" },
    validateInputOnChange: ["confirmation"],
    validate: {
      current: (v) => (v.length === 0 ? "Enter your current passphrase." : null),
      confirmation: (v, values) => (v !== values.new_passphrase ? "The two passphrases are not the same." : null),
    },
  });
  const strength = useStrength(form.values.new_passphrase);
  const submit = form.onSubmit(async (v) => {
    setDone(false);
    setError(null);
    if (strength && !strength.acceptable) {
      form.getInputNode("new_passphrase")?.focus();
      return;
    }
    setBusy(true);
    try {
      await api.changePassphrase(v.current, v.new_passphrase, v.confirmation);
      form.reset();
      setDone(true);
      onSaved();
    } catch (e) {
      if (isCommandError(e) && e.code === "wrong_passphrase") {
        form.setFieldError("current", messageOf(e));
      } else {
        setError(
          applyCoreError(e, form.setFieldError, {
            passphrase: "new_passphrase",
            new_passphrase: "new_passphrase",
            confirmation: "confirmation",
          }),
        );
      }
    } finally {
      setBusy(false);
    }
  });
  return (
    <Paper withBorder p="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <div>
            <Title order={2} size="h4">
              Change passphrase
            </Title>
            <Text size="sm" c="dimmed">
              Your recovery key stays the same.
            </Text>
          </div>
          <PasswordInput label="Current passphrase" autoComplete="current-password" maw={420} {...form.getInputProps("current")} />
          <PasswordInput
            label="New passphrase"
            autoComplete="new-password"
            maw={420}
            {...form.getInputProps("new_passphrase")}
            error={form.errors.new_passphrase ?? weakness(strength)}
          />
          <div style={{ maxWidth: 420 }}>
            <StrengthMeter strength={strength} />
          </div>
          <PasswordInput
            label="Repeat new passphrase"
            autoComplete="new-password"
            maw={420}
            {...form.getInputProps("confirmation")}
          />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={busy}>
              Change passphrase
            </Button>
            {done && (
              <Text size="sm" c="teal.8" role="status">
                Passphrase changed. Use the new one from now on.
              </Text>
            )}
          </Group>
          {done && <FreshBackupOffer />}
        </Stack>
      </form>
    </Paper>
  );
}

function RotateKeysForm({ onSaved, recoveryKeyUnseen }: SectionProps & { recoveryKeyUnseen: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [rotated, setRotated] = useState(false);
  const form = useForm({
    mode: "controlled",
    initialValues: { passphrase: "" },
    validate: { passphrase: (v) => (v.length === 0 ? "Enter your passphrase." : null) },
  });
  const submit = form.onSubmit(async ({ passphrase }) => {
    setError(null);
    setRotated(false);
    setBusy(true);
    try {
      setRecoveryKey(await api.rotateKeys(passphrase));
      form.reset();
    } catch (e) {
      if (isCommandError(e) && e.code === "wrong_passphrase") {
        form.setFieldError("passphrase", messageOf(e));
      } else {
        setError(messageOf(e));
      }
    } finally {
      setBusy(false);
    }
  });
  return (
    <Paper withBorder p="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <div>
            <Title order={2} size="h4">
              Rotate keys
            </Title>
            <Text size="sm" c="dimmed">
              Re-encrypts every record under a new key and gives you a new recovery key. Do it after resetting a
              forgotten passphrase, or when an old passphrase, an old copy of the vault folder or the recovery key
              may be in someone else&apos;s hands: from then on they open nothing you record. Your passphrase stays
              the same. It takes a few seconds.
            </Text>
          </div>
          {recoveryKeyUnseen && (
            <Alert color="yellow" title="Your recovery key was replaced">
              A key rotation was interrupted and finished when you unlocked, so its new recovery key was never
              shown. Rotate the keys again to get one you can write down.
            </Alert>
          )}
          <PasswordInput
            label="Passphrase"
            description="Your current passphrase, to confirm it is you."
            autoComplete="current-password"
            maw={420}
            {...form.getInputProps("passphrase")}
          />
          {error && (
            <Alert color="red" role="alert" title="The keys were not rotated">
              {error}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={busy}>
              Rotate keys
            </Button>
          </Group>
          {rotated && <FreshBackupOffer />}
        </Stack>
      </form>
      <Modal
        opened={recoveryKey !== null}
        onClose={() => undefined}
        withCloseButton={false}
        closeOnClickOutside={false}
        closeOnEscape={false}
        size="lg"
        title="Write down your new recovery key"
      >
        {recoveryKey && (
          <RecoveryKeyCard
            recoveryKey={recoveryKey}
            intro="The keys are rotated. Your old recovery key no longer works: this one replaces it. Write it on paper and keep it somewhere safe, away from this computer. It is shown only this once."
            continueLabel="Done"
            onDone={() => {
              setRecoveryKey(null);
              setRotated(true);
              onSaved();
            }}
          />
        )}
      </Modal>
    </Paper>
  );
}

function Activity({ entries }: { entries: AuditEntry[] }) {
  return (
    <Paper withBorder p="lg">
      <Stack>
        <div>
          <Title order={2} size="h4">
            Vault activity
          </Title>
          <Text size="sm" c="dimmed">
            Every unlock, lock and change is recorded here and cannot be edited.
          </Text>
        </div>
        <Table striped aria-label="Vault activity">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>What</Table.Th>
              <Table.Th>Details</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e) => (
              <Table.Tr key={e.seq}>
                <Table.Td>{new Date(e.at).toLocaleString()}</Table.Td>
                <Table.Td>{e.label}</Table.Td>
                <Table.Td>{e.detail}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}
