// Cohort's commands under the names the screens use. Each calls the typed
// client generated from the shell's command functions (./commands.ts), so
// an argument renamed or a type changed in Rust fails the type check here;
// tests/shell_contract.rs checks that every command is called.
import { commands } from "./commands";
import { coreText } from "./format";
import type { AuditEntry } from "./bindings/AuditEntry";
import type { ClinicianProfile } from "./bindings/ClinicianProfile";
import type { CommandError } from "./bindings/CommandError";
import type { PassphraseStrength } from "./bindings/PassphraseStrength";
import type { Settings } from "./bindings/Settings";
import type { VaultStatus } from "./bindings/VaultStatus";

import type { AgendaTotal } from "./bindings/AgendaTotal";
import type { BlackoutDate } from "./bindings/BlackoutDate";
import type { BlackoutDateInput } from "./bindings/BlackoutDateInput";
import type { CreatedGroup } from "./bindings/CreatedGroup";
import type { GroundRules } from "./bindings/GroundRules";
import type { GroupInput } from "./bindings/GroupInput";
import type { GroupStatus } from "./bindings/GroupStatus";
import type { GroupLine } from "./bindings/GroupLine";
import type { NewGroup } from "./bindings/NewGroup";
import type { Outcome } from "./bindings/Outcome";
import type { Program } from "./bindings/Program";
import type { SchedulePreview } from "./bindings/SchedulePreview";
import type { SessionDetail } from "./bindings/SessionDetail";
import type { SessionPlan } from "./bindings/SessionPlan";
import type { TemplateSummary } from "./bindings/TemplateSummary";
import type { UpcomingSession } from "./bindings/UpcomingSession";
import type { Agreement } from "./bindings/Agreement";
import type { Leaving } from "./bindings/Leaving";
import type { MemberInput } from "./bindings/MemberInput";
import type { MemberProfile } from "./bindings/MemberProfile";
import type { MemberSummary } from "./bindings/MemberSummary";
import type { Place } from "./bindings/Place";
import type { GroupRoster } from "./bindings/GroupRoster";
import type { ScreeningOutcome } from "./bindings/ScreeningOutcome";
import type { AbsenceAlert } from "./bindings/AbsenceAlert";
import type { AttendancePolicy } from "./bindings/AttendancePolicy";
import type { CatchUpSheet } from "./bindings/CatchUpSheet";
import type { FollowUp } from "./bindings/FollowUp";
import type { FollowUpInput } from "./bindings/FollowUpInput";
import type { MarkInput } from "./bindings/MarkInput";
import type { MemberAttendance } from "./bindings/MemberAttendance";
import type { SessionView } from "./bindings/SessionView";
import type { SheetSaved } from "./bindings/SheetSaved";
import type { TimerAction } from "./bindings/TimerAction";
import type { Today } from "./bindings/Today";
import type { Addendum } from "./bindings/Addendum";
import type { DraftInput } from "./bindings/DraftInput";
import type { Mention } from "./bindings/Mention";
import type { Note } from "./bindings/Note";
import type { NoteCheck } from "./bindings/NoteCheck";
import type { NoteFormat } from "./bindings/NoteFormat";
import type { NoteSummary } from "./bindings/NoteSummary";
import type { PsychotherapyNote } from "./bindings/PsychotherapyNote";
import type { RiskResponse } from "./bindings/RiskResponse";
import type { RiskResponseInput } from "./bindings/RiskResponseInput";
import type { SearchHit } from "./bindings/SearchHit";
import type { SessionNotes } from "./bindings/SessionNotes";
import type { Goal } from "./bindings/Goal";
import type { GoalWording } from "./bindings/GoalWording";
import type { GoalStatus } from "./bindings/GoalStatus";
import type { NewGoal } from "./bindings/NewGoal";
import type { MemberGoals } from "./bindings/MemberGoals";
import type { RatingInput } from "./bindings/RatingInput";
import type { Instrument } from "./bindings/Instrument";
import type { InstrumentInput } from "./bindings/InstrumentInput";
import type { ItemInput } from "./bindings/ItemInput";
import type { Band } from "./bindings/Band";
import type { MeasureResult } from "./bindings/MeasureResult";
import type { MeasureRisk } from "./bindings/MeasureRisk";
import type { ResultInput } from "./bindings/ResultInput";
import type { Score } from "./bindings/Score";
import type { PlannedMeasure } from "./bindings/PlannedMeasure";
import type { SessionMeasure } from "./bindings/SessionMeasure";
import type { GroupSessionSummary } from "./bindings/GroupSessionSummary";
import type { ProgressPage } from "./bindings/ProgressPage";
import type { MemberProgress } from "./bindings/MemberProgress";
import type { MeasuresDue } from "./bindings/MeasuresDue";
import type { Change } from "./bindings/Change";
import type { GoalMeasure } from "./bindings/GoalMeasure";
import type { MeasureSeries } from "./bindings/MeasureSeries";
import type { GoalSeries } from "./bindings/GoalSeries";
import type { BackupStatus } from "./bindings/BackupStatus";
import type { BackupSummary } from "./bindings/BackupSummary";
import type { Keep } from "./bindings/Keep";
import type { RestoreSecret } from "./bindings/RestoreSecret";
import type { Restored } from "./bindings/Restored";
import type { Verified } from "./bindings/Verified";
import type { Exported } from "./bindings/Exported";

export type { AuditEntry, ClinicianProfile, CommandError, PassphraseStrength, Settings, VaultStatus };
export type {
  AgendaTotal,
  BlackoutDate,
  BlackoutDateInput,
  CreatedGroup,
  GroundRules,
  GroupInput,
  GroupStatus,
  GroupLine,
  NewGroup,
  Outcome,
  Program,
  SchedulePreview,
  SessionDetail,
  SessionPlan,
  TemplateSummary,
  UpcomingSession,
};
export type { Agreement, Leaving, MemberInput, MemberProfile, MemberSummary, Place, GroupRoster, ScreeningOutcome };
export type {
  AbsenceAlert,
  AttendancePolicy,
  CatchUpSheet,
  FollowUp,
  FollowUpInput,
  MarkInput,
  MemberAttendance,
  SessionView,
  SheetSaved,
  TimerAction,
  Today,
};
export type {
  Addendum,
  DraftInput,
  Mention,
  Note,
  NoteCheck,
  NoteFormat,
  NoteSummary,
  PsychotherapyNote,
  RiskResponse,
  RiskResponseInput,
  SearchHit,
  SessionNotes,
};

export type {
  Goal,
  GoalWording,
  GoalStatus,
  NewGoal,
  MemberGoals,
  RatingInput,
  Instrument,
  InstrumentInput,
  ItemInput,
  Band,
  MeasureResult,
  MeasureRisk,
  ResultInput,
  Score,
  PlannedMeasure,
  SessionMeasure,
  GroupSessionSummary,
  ProgressPage,
  MemberProgress,
  MeasuresDue,
  Change,
  GoalMeasure,
  MeasureSeries,
  GoalSeries,
};

import type { Paper } from "./bindings/Paper";
import type { Register } from "./bindings/Register";
import type { RegisterMember } from "./bindings/RegisterMember";
import type { RegisterSession } from "./bindings/RegisterSession";
import type { Cell } from "./bindings/Cell";
import type { ReportFormat } from "./bindings/ReportFormat";
import type { ReportRequest } from "./bindings/ReportRequest";
import type { SavedReport } from "./bindings/SavedReport";
import type { ServiceCode } from "./bindings/ServiceCode";
import type { ServiceLog } from "./bindings/ServiceLog";
export type { Cell, Paper, Register, RegisterMember, RegisterSession, ReportFormat, ReportRequest, SavedReport };
export type { ServiceCode, ServiceLog };
import type { SummaryRecord } from "./bindings/SummaryRecord";
import type { ProgramSummary } from "./bindings/ProgramSummary";
import type { MeasureFigures } from "./bindings/MeasureFigures";
import type { GoalFigures } from "./bindings/GoalFigures";
import type { SummaryFigures } from "./bindings/SummaryFigures";
import type { SummaryKind } from "./bindings/SummaryKind";
import type { SummaryListed } from "./bindings/SummaryListed";
import type { SummaryText } from "./bindings/SummaryText";
export type { GoalFigures, MeasureFigures, ProgramSummary, SummaryRecord, SummaryFigures, SummaryKind, SummaryListed, SummaryText };
export type { BackupStatus, BackupSummary, Exported, Keep, RestoreSecret, Restored, Verified };

export function isCommandError(e: unknown): e is CommandError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** The core's message with its dates written out, or a plain fallback for anything unexpected. */
export function messageOf(e: unknown): string {
  if (isCommandError(e)) return coreText(e.message);
  return "Something unexpected went wrong. Nothing was saved. Please try again.";
}

export const api = {
  status: () => commands.vault_status(),
  ratePassphrase: (passphrase: string) => commands.rate_passphrase({ passphrase }),
  startAgain: () => commands.start_again(),
  createVault: (passphrase: string, confirmation: string) =>
    commands.create_vault({ passphrase, confirmation }),
  unlock: (passphrase: string) => commands.unlock({ passphrase }),
  unlockWithRecoveryKey: (recovery_key: string, new_passphrase: string, confirmation: string) =>
    commands.unlock_with_recovery_key({ recovery_key, new_passphrase, confirmation }),
  lock: () => commands.lock(),
  touch: () => commands.touch(),
  settings: () => commands.get_settings(),
  saveProfile: (profile: ClinicianProfile) => commands.save_profile({ profile }),
  setAutoLock: (minutes: number) => commands.set_auto_lock({ minutes }),
  changePassphrase: (current: string, new_passphrase: string, confirmation: string) =>
    commands.change_passphrase({ current, new_passphrase, confirmation }),
  /** Re-encrypts the vault under a new key; returns the new recovery key. */
  rotateKeys: (passphrase: string) => commands.rotate_keys({ passphrase }),
  recentActivity: (limit: number) => commands.recent_activity({ limit }),
  listGroups: () => commands.list_groups(),
  listTemplates: () => commands.list_templates(),
  previewGroup: (newGroup: NewGroup) => commands.preview_group({ new: newGroup }),
  createGroup: (newGroup: NewGroup) => commands.create_group({ new: newGroup }),
  program: (group_id: string) => commands.get_program({ group_id }),
  updateGroup: (group_id: string, input: GroupInput) => commands.update_group({ group_id, input }),
  setGroupStatus: (group_id: string, status: GroupStatus, confirmed_enrolled: number | null = null) =>
    commands.set_group_status({ group_id, status, confirmed_enrolled }),
  setGroupArchived: (group_id: string, archived: boolean) =>
    commands.set_group_archived({ group_id, archived }),
  deleteGroup: (group_id: string) => commands.delete_group({ group_id }),
  session: (session_id: string) => commands.get_session({ session_id }),
  saveSessionPlan: (session_id: string, plan: SessionPlan, accept_overrun: boolean) =>
    commands.save_session_plan({ session_id, plan, accept_overrun }),
  reschedule: (session_id: string, date: string, start_time: string, shift_later: boolean) =>
    commands.reschedule_session({ session_id, date, start_time, shift_later }),
  cancelSession: (session_id: string, add_makeup: boolean) =>
    commands.cancel_session({ session_id, add_makeup }),
  movePlan: (session_id: string, offset: number) => commands.move_session_plan({ session_id, offset }),
  insertPlan: (session_id: string) => commands.insert_session_plan({ session_id }),
  removePlan: (session_id: string) => commands.remove_session_plan({ session_id }),
  applyTemplate: (group_id: string, template_id: string) =>
    commands.apply_template({ group_id, template_id }),
  saveAsTemplate: (group_id: string, name: string, description: string) =>
    commands.save_as_template({ group_id, name, description }),
  groundRules: (group_id: string) => commands.get_ground_rules({ group_id }),
  saveGroundRules: (group_id: string, rules: string[]) => commands.save_ground_rules({ group_id, rules }),
  practiceBlackouts: () => commands.get_practice_blackouts(),
  setPracticeBlackouts: (dates: BlackoutDateInput[]) => commands.set_practice_blackouts({ dates }),
  setGroupBlackouts: (group_id: string, dates: BlackoutDateInput[]) =>
    commands.set_group_blackouts({ group_id, dates }),
  /** Opens the save dialog; the saved file's path, or null when cancelled. */
  exportCalendar: (group_id: string, acknowledged: boolean) =>
    commands.export_calendar({ group_id, acknowledged }),

  searchMembers: (query: string, include_archived: boolean) =>
    commands.search_members({ query, include_archived }),
  member: (member_id: string) => commands.get_member({ member_id }),
  createMember: (input: MemberInput) => commands.create_member({ input }),
  updateMember: (member_id: string, input: MemberInput) => commands.update_member({ member_id, input }),
  setMemberArchived: (member_id: string, archived: boolean) =>
    commands.set_member_archived({ member_id, archived }),
  deleteMember: (member_id: string) => commands.delete_member({ member_id }),
  roster: (group_id: string) => commands.get_roster({ group_id }),
  referMember: (group_id: string, member_id: string, referred_on: string, source: string) =>
    commands.refer_member({ group_id, member_id, referred_on, source }),
  referNewMember: (group_id: string, person: MemberInput, referred_on: string, source: string) =>
    commands.refer_new_member({ group_id, person, referred_on, source }),
  recordScreening: (place_id: string, screened_on: string, outcome: ScreeningOutcome, notes: string) =>
    commands.record_screening({ place_id, screened_on, outcome, notes }),
  recordConsent: (place_id: string, consented_on: string) => commands.record_consent({ place_id, consented_on }),
  enrol: (place_id: string, enrolled_on: string) => commands.enrol_member({ place_id, enrolled_on }),
  waitlist: (place_id: string, waitlisted_on: string) => commands.waitlist_member({ place_id, waitlisted_on }),
  recordLeaving: (place_id: string, leaving: Leaving) => commands.record_leaving({ place_id, leaving }),
  skipOffer: (place_id: string) => commands.skip_waitlist_offer({ place_id }),
  recordAgreement: (place_id: string, agreed_on: string) => commands.record_agreement({ place_id, agreed_on }),

  today: () => commands.get_today(),
  sessionView: (session_id: string) => commands.get_session_view({ session_id }),
  startSession: (session_id: string, confirmed_enrolled: number | null = null) =>
    commands.start_session({ session_id, confirmed_enrolled }),
  timer: (session_id: string, action: TimerAction) => commands.session_timer({ session_id, action }),
  setItemDone: (session_id: string, item_id: number, done: boolean) =>
    commands.set_agenda_item_done({ session_id, item_id, done }),
  updateRunItem: (session_id: string, item_id: number, title: string, minutes: number) =>
    commands.update_session_agenda_item({ session_id, item_id, title, minutes }),
  addRunItem: (session_id: string, title: string, minutes: number) =>
    commands.add_session_agenda_item({ session_id, title, minutes }),
  removeRunItem: (session_id: string, item_id: number) =>
    commands.remove_session_agenda_item({ session_id, item_id }),
  endSession: (session_id: string) => commands.end_session({ session_id }),
  recordHeld: (session_id: string, confirmed_enrolled: number | null = null) =>
    commands.record_session_held({ session_id, confirmed_enrolled }),
  saveAttendance: (session_id: string, marks: MarkInput[]) => commands.save_attendance({ session_id, marks }),
  attendancePolicy: (group_id: string) => commands.get_attendance_policy({ group_id }),
  setAttendancePolicy: (group_id: string, policy: AttendancePolicy) =>
    commands.set_attendance_policy({ group_id, policy }),
  groupAlerts: (group_id: string) => commands.get_group_alerts({ group_id }),
  recordFollowUp: (place_id: string, follow_up: FollowUpInput) =>
    commands.record_follow_up({ place_id, follow_up }),
  memberAttendance: (member_id: string) => commands.get_member_attendance({ member_id }),
  catchUpSheet: (place_id: string) => commands.get_catch_up_sheet({ place_id }),

  sessionNotes: (session_id: string) => commands.get_session_notes({ session_id }),
  openNote: (session_id: string, place_id: string | null) => commands.open_note({ session_id, place_id }),
  readNote: (note_id: number) => commands.read_note({ note_id }),
  saveNoteDraft: (note_id: number, draft: DraftInput) => commands.save_note_draft({ note_id, draft }),
  checkNote: (note_id: number) => commands.check_note({ note_id }),
  confirmMention: (note_id: number, key: string) => commands.confirm_note_mention({ note_id, key }),
  signNote: (note_id: number, despite_similar: boolean) => commands.sign_note({ note_id, despite_similar }),
  discardNote: (note_id: number) => commands.discard_note({ note_id }),
  addAddendum: (note_id: number, text: string) => commands.add_note_addendum({ note_id, text }),
  recordRiskResponse: (note_id: number, response: RiskResponseInput) =>
    commands.record_risk_response({ note_id, response }),
  searchNotes: (query: string) => commands.search_notes({ query }),
  memberNotes: (member_id: string) => commands.get_member_notes({ member_id }),
  openPsychotherapyNote: (session_id: string) => commands.open_psychotherapy_note({ session_id }),
  savePsychotherapyNote: (session_id: string, text: string) =>
    commands.save_psychotherapy_note({ session_id, text }),
  noteFormat: (group_id: string) => commands.get_note_format({ group_id }),
  setNoteFormat: (group_id: string, format: NoteFormat) => commands.set_note_format({ group_id, format }),
  setNotesOverdueDays: (days: number) => commands.set_notes_overdue_days({ days }),

  progressPage: (place_id: string) => commands.get_progress_page({ place_id }),
  goalHints: (statement: string) => commands.goal_hints({ statement }),
  setGoal: (place_id: string, goal: NewGoal) => commands.set_goal({ place_id, goal }),
  reviseGoal: (goal_id: string, wording: GoalWording, reason: string, revised_on: string) =>
    commands.revise_goal({ goal_id, wording, reason, revised_on }),
  endGoal: (goal_id: string, status: GoalStatus, ended_on: string, note: string) =>
    commands.end_goal({ goal_id, status, ended_on, note }),
  sessionGoals: (session_id: string) => commands.get_session_goals({ session_id }),
  rateGoals: (session_id: string, ratings: RatingInput[]) => commands.rate_goals({ session_id, ratings }),
  instruments: () => commands.list_instruments(),
  defineInstrument: (input: InstrumentInput) => commands.define_instrument({ input }),
  scoreMeasure: (instrument_id: string, answers: (number | null)[]) =>
    commands.score_measure({ instrument_id, answers }),
  enterMeasure: (place_id: string, input: ResultInput) => commands.enter_measure({ place_id, input }),
  voidMeasure: (result_id: string, reason: string) => commands.void_measure({ result_id, reason }),
  respondToMeasureRisk: (result_id: string, responded_on: string, response: string) =>
    commands.respond_to_measure_risk({ result_id, responded_on, response }),
  measurePlan: (group_id: string) => commands.get_measure_plan({ group_id }),
  setMeasurePlan: (group_id: string, planned: PlannedMeasure[]) =>
    commands.set_measure_plan({ group_id, planned }),
  sessionMeasures: (session_id: string) => commands.get_session_measures({ session_id }),
  groupOverview: (group_id: string) => commands.get_group_overview({ group_id }),
  memberMeasureRisks: (member_id: string) => commands.get_member_measure_risks({ member_id }),

  backupStatus: () => commands.get_backup_status(),
  /** Opens the folder dialog; the new status, or null when cancelled. */
  chooseBackupFolder: () => commands.choose_backup_folder(),
  turnOffAutomaticBackups: () => commands.turn_off_automatic_backups(),
  setBackupKeeping: (keep: Keep) => commands.set_backup_keeping({ keep }),
  backUpNow: () => commands.back_up_now(),
  /** Opens the save dialog; the backup's path, or null when cancelled. */
  backUpToFile: () => commands.back_up_to_file(),
  /** Opens the file dialog; what the chosen backup says of itself, or null when cancelled. */
  chooseBackupFile: () => commands.choose_backup_file(),
  checkBackup: (passphrase: string | null) => commands.check_backup({ passphrase }),
  restoreBackup: (secret: RestoreSecret, other_vault_confirmed: boolean) =>
    commands.restore_backup({ secret, other_vault_confirmed }),
  /** Refused (confirm) until acknowledged; then opens the save dialog: what was exported, or null when cancelled. */
  exportEverything: (include_psychotherapy_notes: boolean, acknowledged: boolean) =>
    commands.export_everything({ include_psychotherapy_notes, acknowledged }),

  register: (group_id: string) => commands.get_register({ group_id }),
  /** Refused (confirm) until told once; then opens the save dialog: what was saved, or null when cancelled. */
  saveReport: (request: ReportRequest, format: ReportFormat, acknowledged: boolean) =>
    commands.save_report({ request, format, acknowledged }),
  setReportPaper: (paper: Paper) => commands.set_report_paper({ paper }),
  serviceLog: (from: string, to: string) => commands.get_service_log({ from, to }),
  serviceCode: (group_id: string) => commands.get_service_code({ group_id }),
  programSummary: (group_id: string, named: boolean) => commands.get_program_summary({ group_id, named }),
  summaries: (place_id: string) => commands.list_summaries({ place_id }),
  beginSummary: (place_id: string, kind: SummaryKind) => commands.begin_summary({ place_id, kind }),
  summary: (summary_id: number) => commands.get_summary({ summary_id }),
  /** Saves the draft's text; when it was saved. */
  saveSummaryDraft: (summary_id: number, text: SummaryText) => commands.save_summary_draft({ summary_id, text }),
  confirmSummaryMention: (summary_id: number, key: string) => commands.confirm_summary_mention({ summary_id, key }),
  signSummary: (summary_id: number) => commands.sign_summary({ summary_id }),
  discardSummary: (summary_id: number) => commands.discard_summary({ summary_id }),
  setServiceCode: (group_id: string, code: ServiceCode) => commands.set_service_code({ group_id, code }),
};
