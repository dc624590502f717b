import { useState, type ReactNode } from "react";
import { Alert, Anchor, Button, Group, Modal, NativeSelect, Stack, Text, TextInput, Textarea, Timeline } from "@mantine/core";
import { Link } from "react-router";
import { api, isCommandError, messageOf, type MemberInput, type ScreeningOutcome } from "../../api";
import type { LeavingKind } from "../../bindings/LeavingKind";
import type { RosterEntry } from "../../bindings/RosterEntry";
import { DateField } from "../../components/DateField";
import { formatDate, parseDate, todayIso } from "../../format";
import { LEAVING_KIND, options, personName, SCREENING_OUTCOME } from "../../labels";
import { useChange } from "../../queries";
import { MemberFields } from "../members/MemberFields";
import { blankMember, MEMBER_FIELDS, toMemberInput, useMemberForm } from "../members/memberForm";

export const nameOf = (e: RosterEntry) => personName(e.legal_name, e.preferred_name);

/** A dialog that records one dated step: a date (today by default), perhaps more, and Save. */
function StepDialog({
  title,
  dateLabel,
  save,
  onClose,
  children,
  ready = true,
  submitLabel = "Save",
  afterRefusal,
}: {
  title: string;
  dateLabel: string;
  save: (date: string) => Promise<unknown>;
  onClose: () => void;
  children?: ReactNode;
  ready?: boolean;
  submitLabel?: string;
  /** What to offer when the core refuses with this code (the waitlist, when full). */
  afterRefusal?: { code: string; label: string; run: (date: string) => Promise<unknown> };
}) {
  const [date, setDate] = useState(todayIso());
  const change = useChange(["roster"], save);
  const alternative = useChange(["roster"], (d: string) => afterRefusal?.run(d) ?? Promise.resolve());
  const err = change.error;
  const offered = afterRefusal && isCommandError(err) && err.code === afterRefusal.code;
  const dateError = !parseDate(date) ? "Enter a real date." : isCommandError(err) && err.field?.endsWith("_on") ? messageOf(err) : null;
  const submit = () => {
    const d = parseDate(date);
    if (d && ready) change.mutate(d, { onSuccess: onClose });
  };
  return (
    <Modal opened onClose={onClose} title={title}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack>
          <DateField label={dateLabel} value={date} onChange={setDate} error={dateError} />
          {children}
          {err && !dateError && (
            <Alert color={offered ? "orange" : "red"} role="alert">
              {messageOf(err)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            {offered ? (
              <Button
                loading={alternative.isPending}
                onClick={() => {
                  const d = parseDate(date);
                  if (d) alternative.mutate(d, { onSuccess: onClose });
                }}
              >
                {afterRefusal?.label}
              </Button>
            ) : (
              <Button type="submit" loading={change.isPending} disabled={!ready}>
                {submitLabel}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ScreenDialog({ entry, onClose }: { entry: RosterEntry; onClose: () => void }) {
  const [outcome, setOutcome] = useState<ScreeningOutcome>("suitable");
  const [notes, setNotes] = useState("");
  const needsReason = outcome !== "suitable" && notes.trim() === "";
  return (
    <StepDialog
      title={`Screening: ${nameOf(entry)}`}
      dateLabel="Interview date"
      onClose={onClose}
      ready={!needsReason}
      save={(d) => api.recordScreening(entry.place.id, d, outcome, notes)}
    >
      <NativeSelect
        label="Outcome"
        value={outcome}
        onChange={(e) => setOutcome(e.currentTarget.value as ScreeningOutcome)}
        data={options(SCREENING_OUTCOME)}
      />
      <Textarea
        label="Notes"
        autosize
        minRows={2}
        value={notes}
        onChange={(e) => setNotes(e.currentTarget.value)}
        error={needsReason ? "Say why: the reason is kept with their record." : null}
      />
    </StepDialog>
  );
}

export function ConsentDialog({ entry, onClose }: { entry: RosterEntry; onClose: () => void }) {
  return (
    <StepDialog
      title={`Consent: ${nameOf(entry)}`}
      dateLabel="Date of informed consent"
      onClose={onClose}
      save={(d) => api.recordConsent(entry.place.id, d)}
    />
  );
}

export function EnrolDialog({ entry, onClose }: { entry: RosterEntry; onClose: () => void }) {
  return (
    <StepDialog
      title={`Enrol ${nameOf(entry)}`}
      dateLabel="Enrolment date"
      submitLabel="Enrol"
      onClose={onClose}
      save={(d) => api.enrol(entry.place.id, d)}
      afterRefusal={
        entry.place.stage === "consented"
          ? { code: "full", label: "Add to the waitlist", run: (d) => api.waitlist(entry.place.id, d) }
          : undefined
      }
    />
  );
}

export function AgreementDialog({ entry, version, onClose }: { entry: RosterEntry; version: number; onClose: () => void }) {
  return (
    <StepDialog
      title={`Agreement to the ground rules: ${nameOf(entry)}`}
      dateLabel="Date they agreed"
      onClose={onClose}
      save={(d) => api.recordAgreement(entry.place.id, d)}
    >
      <Text size="sm">They agree to version {version} of the group agreement, the current one.</Text>
    </StepDialog>
  );
}

export function LeaveDialog({ entry, onClose }: { entry: RosterEntry; onClose: () => void }) {
  const enrolled = entry.place.stage === "enrolled";
  // Someone leaving mid-group has most often dropped out; completing is recorded at the end.
  const kinds: LeavingKind[] = enrolled ? ["dropped_out", "transferred", "completed"] : ["withdrawn"];
  const [kind, setKind] = useState<LeavingKind>(kinds[0] ?? "withdrawn");
  const [reason, setReason] = useState("");
  const [to, setTo] = useState("");
  const missing = (kind === "dropped_out" && reason.trim() === "") || (kind === "transferred" && to.trim() === "");
  return (
    <StepDialog
      title={enrolled ? `${nameOf(entry)} leaves the group` : `${nameOf(entry)} withdraws`}
      dateLabel="Date"
      onClose={onClose}
      ready={!missing}
      save={(d) => api.recordLeaving(entry.place.id, { kind, on: d, reason, transferred_to: to })}
    >
      <NativeSelect
        label="How"
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value as LeavingKind)}
        data={kinds.map((k) => ({ value: k, label: LEAVING_KIND[k] }))}
      />
      {kind === "transferred" && (
        <TextInput label="Transferred or referred to" value={to} onChange={(e) => setTo(e.currentTarget.value)} error={to.trim() ? null : "Say where."} />
      )}
      {kind !== "completed" && (
        <Textarea
          label="Reason"
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={kind === "dropped_out" && reason.trim() === "" ? "Say why: the reason is kept with their record." : null}
        />
      )}
    </StepDialog>
  );
}

/** Someone new, referred to this group in one go. */
export function AddPersonDialog({ groupId, onClose }: { groupId: string; onClose: () => void }) {
  const form = useMemberForm(blankMember());
  const [on, setOn] = useState(todayIso());
  const [source, setSource] = useState("");
  const add = useChange(["roster"], (p: MemberInput) => api.referNewMember(groupId, p, parseDate(on) ?? on, source));
  const submit = form.onSubmit(async (values) => {
    if (!parseDate(on)) return;
    try {
      await add.mutateAsync(toMemberInput(values));
      onClose();
    } catch (e) {
      if (isCommandError(e) && e.field && MEMBER_FIELDS.has(e.field)) form.setFieldError(e.field, messageOf(e));
    }
  });
  const err = add.error;
  const shown = err && !(isCommandError(err) && err.field && MEMBER_FIELDS.has(err.field));
  return (
    <Modal opened onClose={onClose} title="Add a person to this group" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <MemberFields form={form} compact />
          <Group grow align="flex-start">
            <DateField label="Referral date" value={on} onChange={setOn} error={parseDate(on) ? null : "Enter a real date."} />
            <TextInput label="Referred by" placeholder="GP, self-referred…" value={source} onChange={(e) => setSource(e.currentTarget.value)} />
          </Group>
          <Text size="sm" c="dimmed">
            Someone already in Cohort? Refer them from their page under Members.
          </Text>
          {shown && (
            <Alert color="red" role="alert">
              {messageOf(err)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={add.isPending}>
              Add and refer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Each dated step of a person's place in the group. */
export function PlaceTimeline({ entry, onClose }: { entry: RosterEntry; onClose: () => void }) {
  const p = entry.place;
  const steps: { title: string; on: string | null; detail?: string }[] = [
    { title: "Referred", on: p.referred_on, detail: p.referral_source },
    {
      title: p.screening_outcome ? `Screened: ${SCREENING_OUTCOME[p.screening_outcome].toLowerCase()}` : "Screened",
      on: p.screened_on,
      detail: p.screening_notes,
    },
    { title: "Consented", on: p.consented_on },
    { title: "Added to the waitlist", on: p.waitlisted_on },
    { title: "Enrolled", on: p.enrolled_on },
    {
      title: p.stage === "completed" ? "Completed" : p.stage === "dropped_out" ? "Dropped out" : p.stage === "transferred" ? "Transferred" : "Withdrew",
      on: p.left_on,
      detail: [p.left_reason, p.transferred_to && `to ${p.transferred_to}`].filter(Boolean).join(" — "),
    },
  ].filter((s) => s.on);
  return (
    <Modal opened onClose={onClose} title={nameOf(entry)}>
      <Stack>
        <Timeline active={steps.length - 1} bulletSize={14} lineWidth={2}>
          {steps.map((s) => (
            <Timeline.Item key={s.title} title={s.title}>
              <Text size="sm" c="dimmed">
                {s.on ? formatDate(s.on) : ""}
              </Text>
              {s.detail && <Text size="sm">{s.detail}</Text>}
            </Timeline.Item>
          ))}
        </Timeline>
        <Anchor component={Link} to={`/members/${p.member_id}`}>
          Open {entry.preferred_name || entry.legal_name}'s profile
        </Anchor>
      </Stack>
    </Modal>
  );
}
