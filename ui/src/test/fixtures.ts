// Data as the core sends it, typed by the generated bindings.
import type { BackupStatus } from "../bindings/BackupStatus";
import type { Note } from "../bindings/Note";
import type { SessionNotes } from "../bindings/SessionNotes";
import type {
  AbsenceAlert,
  GroupLine,
  MemberAttendance,
  Program,
  SchedulePreview,
  SessionDetail,
  SessionView,
  Today,
} from "../api";
import type { ExpectedMember } from "../bindings/ExpectedMember";
import type { RunState } from "../bindings/RunState";
import type { Member } from "../bindings/Member";
import type { Place } from "../bindings/Place";
import type { ProgramSession } from "../bindings/ProgramSession";
import type { GroupRoster } from "../bindings/GroupRoster";
import type { RosterEntry } from "../bindings/RosterEntry";
import type { Stage } from "../bindings/Stage";

export const GROUP_ID = "0b7f3c1e-0000-4000-8000-000000000001";

export function session(n: number, over: Partial<ProgramSession> = {}): ProgramSession {
  const d = new Date(2027, 0, 4 + 7 * (n - 1));
  const iso = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  return {
    id: `s${n}`,
    number: n,
    date: iso,
    start_time: "18:00",
    status: "scheduled",
    original_date: null,
    makeup_for: null,
    topic: `Topic ${n}`,
    agenda_total: { total_minutes: 90, session_minutes: 90, over_by: 0 },
    in_progress: false,
    ...over,
  };
}

export function program(over: Partial<Program> = {}, name = "Monday CBT for depression"): Program {
  const sessions = Array.from({ length: 12 }, (_, i) => session(i + 1));
  return {
    group: {
      id: GROUP_ID,
      name,
      group_type: "cognitive_behavioural",
      type_label: "",
      approach: "CBT",
      description: "",
      membership: "closed",
      closes_after_session: 2,
      capacity: 10,
      session_minutes: 90,
      cadence: "weekly",
      planned_sessions: 12,
      first_date: "2027-01-04",
      start_time: "18:00",
      location: "Room 2",
      co_facilitators: [],
      status: "planning",
      archived: false,
      end_date: sessions[11]?.date ?? null,
    },
    sessions,
    blackout_dates: [],
    practice_blackout_dates: [],
    delete_blocker: null,
    enrolled: 0,
    ...over,
  };
}

export function summary(p: Program, over: Partial<GroupLine> = {}): GroupLine {
  const g = p.group;
  return {
    id: g.id,
    name: g.name,
    group_type: g.group_type,
    type_label: g.type_label,
    status: g.status,
    archived: g.archived,
    capacity: g.capacity,
    planned_sessions: g.planned_sessions,
    next_session_date: p.sessions[0]?.date ?? null,
    next_session_time: "18:00",
    end_date: g.end_date,
    enrolled: 0,
    waitlisted: 0,
    ...over,
  };
}

export const preview: SchedulePreview = {
  sessions: [{ number: 1, date: "2027-01-04", start_time: "18:00", topic: "Thoughts 1: How thoughts affect mood" }],
  skipped: [{ date: "2027-01-18", label: "Public holiday" }],
  end_date: "2027-03-29",
  template_note: null,
};

export const detail: SessionDetail = {
  session: session(3, { topic: "Thoughts 3" }),
  plan: {
    topic: "Thoughts 3",
    objectives: "",
    materials: "",
    homework: "",
    agenda: [
      { title: "Review", minutes: 30, notes: "" },
      { title: "New material", minutes: 60, notes: "" },
    ],
  },
  group_id: GROUP_ID,
  group_name: "Monday CBT",
  session_minutes: 90,
};

export function member(id: string, legal_name: string, over: Partial<Member> = {}): Member {
  return {
    id,
    legal_name,
    preferred_name: "",
    pronouns: "",
    date_of_birth: null,
    phone: "",
    email: "",
    emergency_name: "",
    emergency_relationship: "",
    emergency_phone: "",
    referral_source: "",
    notes: "",
    archived: false,
    ...over,
  };
}

export function place(id: string, stage: Stage, over: Partial<Place> = {}): Place {
  return {
    id,
    member_id: `m-${id}`,
    group_id: GROUP_ID,
    stage,
    referred_on: "2026-11-02",
    referral_source: "",
    screened_on: stage === "referred" ? null : "2026-11-09",
    screening_outcome: stage === "referred" ? null : stage === "not_suitable" ? "not_suitable" : "suitable",
    screening_notes: "",
    consented_on: ["referred", "screened", "not_suitable"].includes(stage) ? null : "2026-11-10",
    waitlisted_on: stage === "waitlisted" ? "2026-11-11" : null,
    offer_skipped_on: null,
    enrolled_on: ["enrolled", "completed", "dropped_out", "transferred"].includes(stage) ? "2026-11-12" : null,
    left_on: null,
    left_reason: "",
    transferred_to: "",
    ...over,
  };
}

/** One person's line in the roster. */
export function entry(name: string, p: Place, over: Partial<RosterEntry> = {}): RosterEntry {
  return {
    place: p,
    legal_name: name,
    preferred_name: "",
    pronouns: "",
    waitlist_position: null,
    agreed_version: null,
    agreed_on: null,
    ...over,
  };
}

export function roster(entries: RosterEntry[], over: Partial<GroupRoster> = {}): GroupRoster {
  return {
    group_id: GROUP_ID,
    capacity: 10,
    enrolled: entries.filter((e) => e.place.stage === "enrolled").length,
    waitlisted: entries.filter((e) => e.place.stage === "waitlisted").length,
    rules_version: 1,
    admitting: true,
    closed_after: null,
    offer: null,
    to_agree: 0,
    entries,
    progress: {},
    ...over,
  };
}

/** Today with nothing on it. */
/** Backups set up, the last one made a minute before `at`. */
export function backupStatus(over: Partial<BackupStatus> = {}, at = "2026-11-24T17:59:00.000Z"): BackupStatus {
  return {
    settings: { folder: "/media/usb/Cohort backups", keep: { daily: 7, weekly: 4, monthly: 12 } },
    folder_present: true,
    last: { at, file: "/media/usb/Cohort backups/Cohort backup 2026-11-24 18.59.00.cohortbackup", automatic: true, bytes: 660302 },
    failure: null,
    warnings: [],
    ...over,
  };
}

export function emptyToday(date = "2026-11-24"): Today {
  return { date, sessions: [], absences: [], rules_to_agree: [], offers: [], unsigned_notes: [], open_risks: [], measures_due: [], measure_risks: [] };
}

/** A member with no attendance recorded. */
export const noAttendance: MemberAttendance = { counts: [], alerts: [], follow_ups: [], missed: [] };

export function expected(name: string, placeId: string, over: Partial<ExpectedMember> = {}): ExpectedMember {
  return {
    place_id: placeId,
    member_id: `m-${placeId}`,
    legal_name: name,
    preferred_name: "",
    pronouns: "",
    agreed_version: 1,
    mark: null,
    ...over,
  };
}

export function alertFor(name: string, placeId: string, over: Partial<AbsenceAlert> = {}): AbsenceAlert {
  return {
    place_id: placeId,
    member_id: `m-${placeId}`,
    group_id: GROUP_ID,
    group_name: "Monday CBT for depression",
    legal_name: name,
    preferred_name: "",
    reason:
      "Missed 2 sessions in a row (sessions 3 and 4; the last on ⟦date:2027-01-25⟧). The group's policy asks for a follow-up after 2.",
    missed: [3, 4],
    last_missed: "s4",
    last_missed_number: 4,
    last_missed_date: "2027-01-25",
    ...over,
  };
}

/** Session 5 of the program on its day, not started, with `people` expected. */
export function sessionView(people: ExpectedMember[], over: Partial<SessionView> = {}): SessionView {
  const p = program();
  const s = { ...p.sessions[4]!, id: "s5" };
  return {
    detail: {
      session: s,
      plan: {
        topic: s.topic,
        objectives: "Notice one thought a day.",
        materials: "",
        homework: "A thought record each day.",
        agenda: [
          { title: "Check-in", minutes: 10, notes: "" },
          { title: "Homework review", minutes: 20, notes: "" },
          { title: "New skill", minutes: 60, notes: "" },
        ],
      },
      group_id: GROUP_ID,
      group_name: "Monday CBT for depression",
      session_minutes: 90,
    },
    group_status: "active",
    location: "Room 2",
    rules: { version: 1, created_at: "2026-11-22T10:00:00.000Z", rules: ["Confidentiality.", "Phones away."] },
    expected: people,
    alerts: [],
    policy: { in_a_row: 2, in_total: 3, excused_count: true },
    run: null,
    why_not_start: null,
    can_record_held: true,
    why_no_attendance: "Session 5 (⟦date:2027-02-01⟧) has not started. Start it, or record it as held, to take attendance.",
    enrolled: people.length,
    ...over,
  };
}

/** A run started at 18:00:00, on item `current`, `elapsed` ms on each item so far. */
export function runState(elapsed: number[], current: number, over: Partial<RunState> = {}): RunState {
  const titles = ["Check-in", "Homework review", "New skill"];
  const minutes = [10, 20, 60];
  const items = titles.map((title, i) => ({
    id: i + 1,
    title,
    minutes: minutes[i]!,
    notes: "",
    done: i < current,
    elapsed_ms: elapsed[i] ?? 0,
  }));
  return {
    started_at: "2027-02-01T18:00:00.000Z",
    ended_at: null,
    current,
    running: true,
    as_of: "2027-02-01T18:10:00.000Z",
    items,
    elapsed_ms: items.reduce((t, i) => t + i.elapsed_ms, 0),
    planned_minutes: 90,
    ...over,
  };
}

/** A session's notes before it was held. */
export const noNotes: SessionNotes = {
  session_id: "s-5",
  held: false,
  group_note: null,
  members: [],
  has_psychotherapy_note: false,
};

/** A progress note draft for Ana, in session 4. */
export function progressDraft(over: Partial<Note> = {}): Note {
  return {
    id: 7,
    session_id: "s-4",
    session_number: 4,
    session_date: "2026-11-17",
    group_id: GROUP_ID,
    group_name: "Monday CBT for depression",
    member: { place_id: "p-ana", member_id: "m-ana", name: "Ana Ruiz" },
    format: "progress",
    format_label: "Progress note",
    fields: [
      { key: "progress", label: "Progress toward goals", hint: "", text: "" },
      { key: "text", label: "Notes", hint: "", text: "" },
    ],
    participation: "active",
    participation_words: "",
    risk: "none",
    risk_description: "",
    risk_response: null,
    updated_at: "2026-11-24T18:00:00.000Z",
    signature: null,
    addenda: [],
    ...over,
  };
}
