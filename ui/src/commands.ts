// Generated from the command functions in src-tauri/src/commands/ by
// src-tauri/declare.rs (`make bindings`); tests/shell_contract.rs fails
// when it is stale. Do not edit: change the Rust signature instead.
import { invoke } from "@tauri-apps/api/core";
import type { AbsenceAlert } from "./bindings/AbsenceAlert";
import type { Addendum } from "./bindings/Addendum";
import type { AgendaTotal } from "./bindings/AgendaTotal";
import type { Agreement } from "./bindings/Agreement";
import type { AttendancePolicy } from "./bindings/AttendancePolicy";
import type { AuditEntry } from "./bindings/AuditEntry";
import type { BackupStatus } from "./bindings/BackupStatus";
import type { BackupSummary } from "./bindings/BackupSummary";
import type { BlackoutDate } from "./bindings/BlackoutDate";
import type { BlackoutDateInput } from "./bindings/BlackoutDateInput";
import type { CatchUpSheet } from "./bindings/CatchUpSheet";
import type { ClinicianProfile } from "./bindings/ClinicianProfile";
import type { CreatedGroup } from "./bindings/CreatedGroup";
import type { DraftInput } from "./bindings/DraftInput";
import type { Exported } from "./bindings/Exported";
import type { FollowUp } from "./bindings/FollowUp";
import type { FollowUpInput } from "./bindings/FollowUpInput";
import type { GoalId } from "./bindings/GoalId";
import type { GoalStatus } from "./bindings/GoalStatus";
import type { GoalWording } from "./bindings/GoalWording";
import type { GroundRules } from "./bindings/GroundRules";
import type { GroupId } from "./bindings/GroupId";
import type { GroupInput } from "./bindings/GroupInput";
import type { GroupLine } from "./bindings/GroupLine";
import type { GroupRoster } from "./bindings/GroupRoster";
import type { GroupSessionSummary } from "./bindings/GroupSessionSummary";
import type { GroupStatus } from "./bindings/GroupStatus";
import type { Instrument } from "./bindings/Instrument";
import type { InstrumentId } from "./bindings/InstrumentId";
import type { InstrumentInput } from "./bindings/InstrumentInput";
import type { Keep } from "./bindings/Keep";
import type { Leaving } from "./bindings/Leaving";
import type { MarkInput } from "./bindings/MarkInput";
import type { MeasureResult } from "./bindings/MeasureResult";
import type { MeasureRisk } from "./bindings/MeasureRisk";
import type { MemberAttendance } from "./bindings/MemberAttendance";
import type { MemberGoals } from "./bindings/MemberGoals";
import type { MemberId } from "./bindings/MemberId";
import type { MemberInput } from "./bindings/MemberInput";
import type { MemberProfile } from "./bindings/MemberProfile";
import type { MemberSummary } from "./bindings/MemberSummary";
import type { Mention } from "./bindings/Mention";
import type { NewGoal } from "./bindings/NewGoal";
import type { NewGroup } from "./bindings/NewGroup";
import type { Note } from "./bindings/Note";
import type { NoteCheck } from "./bindings/NoteCheck";
import type { NoteFormat } from "./bindings/NoteFormat";
import type { NoteId } from "./bindings/NoteId";
import type { NoteSummary } from "./bindings/NoteSummary";
import type { Outcome } from "./bindings/Outcome";
import type { Paper } from "./bindings/Paper";
import type { PassphraseStrength } from "./bindings/PassphraseStrength";
import type { Place } from "./bindings/Place";
import type { PlaceId } from "./bindings/PlaceId";
import type { PlannedMeasure } from "./bindings/PlannedMeasure";
import type { Program } from "./bindings/Program";
import type { ProgramSummary } from "./bindings/ProgramSummary";
import type { ProgressPage } from "./bindings/ProgressPage";
import type { PsychotherapyNote } from "./bindings/PsychotherapyNote";
import type { RatingInput } from "./bindings/RatingInput";
import type { Register } from "./bindings/Register";
import type { ReportFormat } from "./bindings/ReportFormat";
import type { ReportRequest } from "./bindings/ReportRequest";
import type { RestoreSecret } from "./bindings/RestoreSecret";
import type { Restored } from "./bindings/Restored";
import type { ResultId } from "./bindings/ResultId";
import type { ResultInput } from "./bindings/ResultInput";
import type { RiskResponse } from "./bindings/RiskResponse";
import type { RiskResponseInput } from "./bindings/RiskResponseInput";
import type { SavedReport } from "./bindings/SavedReport";
import type { SchedulePreview } from "./bindings/SchedulePreview";
import type { Score } from "./bindings/Score";
import type { ScreeningOutcome } from "./bindings/ScreeningOutcome";
import type { SearchHit } from "./bindings/SearchHit";
import type { ServiceCode } from "./bindings/ServiceCode";
import type { ServiceLog } from "./bindings/ServiceLog";
import type { SessionDetail } from "./bindings/SessionDetail";
import type { SessionId } from "./bindings/SessionId";
import type { SessionMeasure } from "./bindings/SessionMeasure";
import type { SessionNotes } from "./bindings/SessionNotes";
import type { SessionPlan } from "./bindings/SessionPlan";
import type { SessionView } from "./bindings/SessionView";
import type { Settings } from "./bindings/Settings";
import type { SheetSaved } from "./bindings/SheetSaved";
import type { SummaryKind } from "./bindings/SummaryKind";
import type { SummaryListed } from "./bindings/SummaryListed";
import type { SummaryRecord } from "./bindings/SummaryRecord";
import type { SummaryText } from "./bindings/SummaryText";
import type { TemplateSummary } from "./bindings/TemplateSummary";
import type { TimerAction } from "./bindings/TimerAction";
import type { Timestamp } from "./bindings/Timestamp";
import type { Today } from "./bindings/Today";
import type { VaultStatus } from "./bindings/VaultStatus";
import type { Verified } from "./bindings/Verified";

/** Every command the shell declares, with its arguments and answer. */
export const commands = {
  get_backup_status: () => invoke<BackupStatus>("get_backup_status"),
  choose_backup_folder: () => invoke<BackupStatus | null>("choose_backup_folder"),
  turn_off_automatic_backups: () => invoke<BackupStatus>("turn_off_automatic_backups"),
  set_backup_keeping: (args: { keep: Keep }) => invoke<BackupStatus>("set_backup_keeping", args),
  back_up_now: () => invoke<BackupStatus>("back_up_now"),
  back_up_to_file: () => invoke<string | null>("back_up_to_file"),
  choose_backup_file: () => invoke<BackupSummary | null>("choose_backup_file"),
  check_backup: (args: { passphrase: string | null }) => invoke<Verified>("check_backup", args),
  restore_backup: (args: { secret: RestoreSecret; other_vault_confirmed: boolean }) => invoke<Restored>("restore_backup", args),
  export_everything: (args: { include_psychotherapy_notes: boolean; acknowledged: boolean }) => invoke<Exported | null>("export_everything", args),
  get_session_notes: (args: { session_id: SessionId }) => invoke<SessionNotes>("get_session_notes", args),
  open_note: (args: { session_id: SessionId; place_id: PlaceId | null }) => invoke<NoteId>("open_note", args),
  read_note: (args: { note_id: NoteId }) => invoke<Note>("read_note", args),
  save_note_draft: (args: { note_id: NoteId; draft: DraftInput }) => invoke<Timestamp>("save_note_draft", args),
  check_note: (args: { note_id: NoteId }) => invoke<NoteCheck>("check_note", args),
  confirm_note_mention: (args: { note_id: NoteId; key: string }) => invoke<Mention[]>("confirm_note_mention", args),
  sign_note: (args: { note_id: NoteId; despite_similar: boolean }) => invoke<void>("sign_note", args),
  discard_note: (args: { note_id: NoteId }) => invoke<void>("discard_note", args),
  add_note_addendum: (args: { note_id: NoteId; text: string }) => invoke<Addendum>("add_note_addendum", args),
  record_risk_response: (args: { note_id: NoteId; response: RiskResponseInput }) => invoke<RiskResponse>("record_risk_response", args),
  search_notes: (args: { query: string }) => invoke<SearchHit[]>("search_notes", args),
  get_member_notes: (args: { member_id: MemberId }) => invoke<NoteSummary[]>("get_member_notes", args),
  open_psychotherapy_note: (args: { session_id: SessionId }) => invoke<PsychotherapyNote>("open_psychotherapy_note", args),
  save_psychotherapy_note: (args: { session_id: SessionId; text: string }) => invoke<Timestamp>("save_psychotherapy_note", args),
  get_note_format: (args: { group_id: GroupId }) => invoke<NoteFormat>("get_note_format", args),
  set_note_format: (args: { group_id: GroupId; format: NoteFormat }) => invoke<void>("set_note_format", args),
  list_groups: () => invoke<GroupLine[]>("list_groups"),
  list_templates: () => invoke<TemplateSummary[]>("list_templates"),
  preview_group: (args: { new: NewGroup }) => invoke<SchedulePreview>("preview_group", args),
  create_group: (args: { new: NewGroup }) => invoke<CreatedGroup>("create_group", args),
  get_program: (args: { group_id: GroupId }) => invoke<Program>("get_program", args),
  update_group: (args: { group_id: GroupId; input: GroupInput }) => invoke<Outcome>("update_group", args),
  set_group_status: (args: { group_id: GroupId; status: GroupStatus; confirmed_enrolled: number | null }) => invoke<void>("set_group_status", args),
  set_group_archived: (args: { group_id: GroupId; archived: boolean }) => invoke<void>("set_group_archived", args),
  delete_group: (args: { group_id: GroupId }) => invoke<void>("delete_group", args),
  get_session: (args: { session_id: SessionId }) => invoke<SessionDetail>("get_session", args),
  save_session_plan: (args: { session_id: SessionId; plan: SessionPlan; accept_overrun: boolean }) => invoke<AgendaTotal>("save_session_plan", args),
  reschedule_session: (args: { session_id: SessionId; date: string; start_time: string; shift_later: boolean }) => invoke<Outcome>("reschedule_session", args),
  cancel_session: (args: { session_id: SessionId; add_makeup: boolean }) => invoke<Outcome>("cancel_session", args),
  move_session_plan: (args: { session_id: SessionId; offset: number }) => invoke<void>("move_session_plan", args),
  insert_session_plan: (args: { session_id: SessionId }) => invoke<Outcome>("insert_session_plan", args),
  remove_session_plan: (args: { session_id: SessionId }) => invoke<Outcome>("remove_session_plan", args),
  apply_template: (args: { group_id: GroupId; template_id: string }) => invoke<Outcome>("apply_template", args),
  save_as_template: (args: { group_id: GroupId; name: string; description: string }) => invoke<TemplateSummary>("save_as_template", args),
  get_ground_rules: (args: { group_id: GroupId }) => invoke<GroundRules>("get_ground_rules", args),
  save_ground_rules: (args: { group_id: GroupId; rules: string[] }) => invoke<GroundRules>("save_ground_rules", args),
  set_group_blackouts: (args: { group_id: GroupId; dates: BlackoutDateInput[] }) => invoke<void>("set_group_blackouts", args),
  export_calendar: (args: { group_id: GroupId; acknowledged: boolean }) => invoke<string | null>("export_calendar", args),
  get_progress_page: (args: { place_id: PlaceId }) => invoke<ProgressPage>("get_progress_page", args),
  goal_hints: (args: { statement: string }) => invoke<string[]>("goal_hints", args),
  set_goal: (args: { place_id: PlaceId; goal: NewGoal }) => invoke<GoalId>("set_goal", args),
  revise_goal: (args: { goal_id: GoalId; wording: GoalWording; reason: string; revised_on: string }) => invoke<void>("revise_goal", args),
  end_goal: (args: { goal_id: GoalId; status: GoalStatus; ended_on: string; note: string }) => invoke<void>("end_goal", args),
  get_session_goals: (args: { session_id: SessionId }) => invoke<MemberGoals[]>("get_session_goals", args),
  rate_goals: (args: { session_id: SessionId; ratings: RatingInput[] }) => invoke<number>("rate_goals", args),
  list_instruments: () => invoke<Instrument[]>("list_instruments"),
  define_instrument: (args: { input: InstrumentInput }) => invoke<InstrumentId>("define_instrument", args),
  score_measure: (args: { instrument_id: InstrumentId; answers: (number | null)[] }) => invoke<Score>("score_measure", args),
  enter_measure: (args: { place_id: PlaceId; input: ResultInput }) => invoke<MeasureResult>("enter_measure", args),
  void_measure: (args: { result_id: ResultId; reason: string }) => invoke<void>("void_measure", args),
  respond_to_measure_risk: (args: { result_id: ResultId; responded_on: string; response: string }) => invoke<void>("respond_to_measure_risk", args),
  get_measure_plan: (args: { group_id: GroupId }) => invoke<PlannedMeasure[]>("get_measure_plan", args),
  set_measure_plan: (args: { group_id: GroupId; planned: PlannedMeasure[] }) => invoke<void>("set_measure_plan", args),
  get_session_measures: (args: { session_id: SessionId }) => invoke<SessionMeasure[]>("get_session_measures", args),
  get_group_overview: (args: { group_id: GroupId }) => invoke<GroupSessionSummary[]>("get_group_overview", args),
  get_member_measure_risks: (args: { member_id: MemberId }) => invoke<MeasureRisk[]>("get_member_measure_risks", args),
  get_register: (args: { group_id: GroupId }) => invoke<Register>("get_register", args),
  save_report: (args: { request: ReportRequest; format: ReportFormat; acknowledged: boolean }) => invoke<SavedReport | null>("save_report", args),
  get_service_log: (args: { from: string; to: string }) => invoke<ServiceLog>("get_service_log", args),
  get_program_summary: (args: { group_id: GroupId; named: boolean }) => invoke<ProgramSummary>("get_program_summary", args),
  list_summaries: (args: { place_id: PlaceId }) => invoke<SummaryListed[]>("list_summaries", args),
  begin_summary: (args: { place_id: PlaceId; kind: SummaryKind }) => invoke<number>("begin_summary", args),
  get_summary: (args: { summary_id: number }) => invoke<SummaryRecord>("get_summary", args),
  save_summary_draft: (args: { summary_id: number; text: SummaryText }) => invoke<Timestamp>("save_summary_draft", args),
  confirm_summary_mention: (args: { summary_id: number; key: string }) => invoke<Mention[]>("confirm_summary_mention", args),
  sign_summary: (args: { summary_id: number }) => invoke<void>("sign_summary", args),
  discard_summary: (args: { summary_id: number }) => invoke<void>("discard_summary", args),
  search_members: (args: { query: string; include_archived: boolean }) => invoke<MemberSummary[]>("search_members", args),
  get_member: (args: { member_id: MemberId }) => invoke<MemberProfile>("get_member", args),
  create_member: (args: { input: MemberInput }) => invoke<MemberId>("create_member", args),
  update_member: (args: { member_id: MemberId; input: MemberInput }) => invoke<string[]>("update_member", args),
  set_member_archived: (args: { member_id: MemberId; archived: boolean }) => invoke<void>("set_member_archived", args),
  delete_member: (args: { member_id: MemberId }) => invoke<void>("delete_member", args),
  get_roster: (args: { group_id: GroupId }) => invoke<GroupRoster>("get_roster", args),
  refer_member: (args: { group_id: GroupId; member_id: MemberId; referred_on: string; source: string }) => invoke<PlaceId>("refer_member", args),
  refer_new_member: (args: { group_id: GroupId; person: MemberInput; referred_on: string; source: string }) => invoke<PlaceId>("refer_new_member", args),
  record_screening: (args: { place_id: PlaceId; screened_on: string; outcome: ScreeningOutcome; notes: string }) => invoke<Place>("record_screening", args),
  record_consent: (args: { place_id: PlaceId; consented_on: string }) => invoke<Place>("record_consent", args),
  enrol_member: (args: { place_id: PlaceId; enrolled_on: string }) => invoke<Place>("enrol_member", args),
  waitlist_member: (args: { place_id: PlaceId; waitlisted_on: string }) => invoke<Place>("waitlist_member", args),
  record_leaving: (args: { place_id: PlaceId; leaving: Leaving }) => invoke<Place>("record_leaving", args),
  skip_waitlist_offer: (args: { place_id: PlaceId }) => invoke<Place>("skip_waitlist_offer", args),
  record_agreement: (args: { place_id: PlaceId; agreed_on: string }) => invoke<Agreement>("record_agreement", args),
  get_today: () => invoke<Today>("get_today"),
  get_session_view: (args: { session_id: SessionId }) => invoke<SessionView>("get_session_view", args),
  start_session: (args: { session_id: SessionId; confirmed_enrolled: number | null }) => invoke<void>("start_session", args),
  session_timer: (args: { session_id: SessionId; action: TimerAction }) => invoke<void>("session_timer", args),
  set_agenda_item_done: (args: { session_id: SessionId; item_id: number; done: boolean }) => invoke<void>("set_agenda_item_done", args),
  update_session_agenda_item: (args: { session_id: SessionId; item_id: number; title: string; minutes: number }) => invoke<void>("update_session_agenda_item", args),
  add_session_agenda_item: (args: { session_id: SessionId; title: string; minutes: number }) => invoke<number>("add_session_agenda_item", args),
  remove_session_agenda_item: (args: { session_id: SessionId; item_id: number }) => invoke<void>("remove_session_agenda_item", args),
  end_session: (args: { session_id: SessionId }) => invoke<void>("end_session", args),
  record_session_held: (args: { session_id: SessionId; confirmed_enrolled: number | null }) => invoke<void>("record_session_held", args),
  save_attendance: (args: { session_id: SessionId; marks: MarkInput[] }) => invoke<SheetSaved>("save_attendance", args),
  get_attendance_policy: (args: { group_id: GroupId }) => invoke<AttendancePolicy>("get_attendance_policy", args),
  set_attendance_policy: (args: { group_id: GroupId; policy: AttendancePolicy }) => invoke<void>("set_attendance_policy", args),
  get_group_alerts: (args: { group_id: GroupId }) => invoke<AbsenceAlert[]>("get_group_alerts", args),
  record_follow_up: (args: { place_id: PlaceId; follow_up: FollowUpInput }) => invoke<FollowUp>("record_follow_up", args),
  get_member_attendance: (args: { member_id: MemberId }) => invoke<MemberAttendance>("get_member_attendance", args),
  get_catch_up_sheet: (args: { place_id: PlaceId }) => invoke<CatchUpSheet>("get_catch_up_sheet", args),
  get_service_code: (args: { group_id: GroupId }) => invoke<ServiceCode>("get_service_code", args),
  set_service_code: (args: { group_id: GroupId; code: ServiceCode }) => invoke<ServiceCode>("set_service_code", args),
  get_settings: () => invoke<Settings>("get_settings"),
  save_profile: (args: { profile: ClinicianProfile }) => invoke<ClinicianProfile>("save_profile", args),
  set_auto_lock: (args: { minutes: number }) => invoke<Settings>("set_auto_lock", args),
  get_practice_blackouts: () => invoke<BlackoutDate[]>("get_practice_blackouts"),
  set_practice_blackouts: (args: { dates: BlackoutDateInput[] }) => invoke<void>("set_practice_blackouts", args),
  set_notes_overdue_days: (args: { days: number }) => invoke<Settings>("set_notes_overdue_days", args),
  set_report_paper: (args: { paper: Paper }) => invoke<Settings>("set_report_paper", args),
  vault_status: () => invoke<VaultStatus>("vault_status"),
  rate_passphrase: (args: { passphrase: string }) => invoke<PassphraseStrength>("rate_passphrase", args),
  start_again: () => invoke<string>("start_again"),
  create_vault: (args: { passphrase: string; confirmation: string }) => invoke<string>("create_vault", args),
  unlock: (args: { passphrase: string }) => invoke<void>("unlock", args),
  unlock_with_recovery_key: (args: { recovery_key: string; new_passphrase: string; confirmation: string }) => invoke<void>("unlock_with_recovery_key", args),
  lock: () => invoke<void>("lock"),
  touch: () => invoke<void>("touch"),
  change_passphrase: (args: { current: string; new_passphrase: string; confirmation: string }) => invoke<void>("change_passphrase", args),
  rotate_keys: (args: { passphrase: string }) => invoke<string>("rotate_keys", args),
  recent_activity: (args: { limit: number }) => invoke<AuditEntry[]>("recent_activity", args),
} as const;

export type CommandName = keyof typeof commands;
