//! The append-only audit trail: who opened the vault, when, and what changed.
//!
//! Rows are chained by SHA-256 so that removing, reordering or altering one
//! outside Cohort is found by `cohort check`. The database's triggers refuse
//! UPDATE, DELETE and any INSERT that is not the next entry (so INSERT OR
//! REPLACE cannot rewrite one). What the chain can and cannot prove is in
//! docs/vault-format.md.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::Result;

/// What happened. Stored by its snake_case name; a name this version does
/// not know is an error when read, never shown as something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum AuditEvent {
    VaultCreated,
    Unlocked,
    /// Failed unlock attempts since the last unlock, recorded at the next one.
    UnlockFailed,
    Locked,
    PassphraseChanged,
    PassphraseResetWithRecoveryKey,
    /// The database re-encrypted under a new data key, with a new recovery key.
    KeysRotated,
    /// The passphrase re-wrapped under a costlier key derivation at unlock.
    KeyDerivationStrengthened,
    ProfileUpdated,
    SettingsChanged,
    GroupCreated,
    GroupUpdated,
    GroupStatusChanged,
    GroupDeleted,
    BlackoutDatesChanged,
    SessionPlanSaved,
    SessionRescheduled,
    SessionCancelled,
    GroundRulesChanged,
    TemplateSaved,
    CalendarExported,
    /// Told, before the first export, that exported files are not encrypted.
    PlaintextExportAcknowledged,
    MemberAdded,
    MemberUpdated,
    MemberArchived,
    MemberDeleted,
    PersonReferred,
    ScreeningRecorded,
    ConsentRecorded,
    MemberEnrolled,
    MemberWaitlisted,
    MemberLeft,
    WaitlistOfferSkipped,
    AgreementRecorded,
    SessionStarted,
    SessionAgendaChanged,
    SessionEnded,
    SessionRecordedHeld,
    AttendanceSaved,
    AttendanceCorrected,
    AttendancePolicyChanged,
    FollowUpRecorded,
    CatchUpSheetOpened,
    NoteStarted,
    NoteViewed,
    NoteDraftChanged,
    NoteMentionConfirmed,
    NoteSigned,
    NoteAddendumAdded,
    NoteDiscarded,
    NoteFormatChanged,
    RiskResponseRecorded,
    PsychotherapyNoteOpened,
    PsychotherapyNoteChanged,
    GoalSet,
    GoalRevised,
    GoalEnded,
    GoalsRated,
    GoalRatingCorrected,
    MeasureEntered,
    MeasureVoided,
    MeasureRiskResponseRecorded,
    MeasurePlanChanged,
    MeasureDefined,
    /// A backup made (automatic or not), checked, and named.
    BackupMade,
    /// A backup that could not be made, and why.
    BackupFailed,
    /// A backup checked whole.
    BackupVerified,
    /// An automatic backup no longer kept (the clinician's keeping rule).
    BackupRemoved,
    BackupSettingsChanged,
    /// This vault was restored from a backup (its first entry after the backup's own).
    VaultRestored,
    /// Everything the clinician owns, exported as plain files.
    DataExported,
    /// A report saved as a file (which report, about which group or member).
    ReportSaved,
    /// A progress or discharge summary begun, changed, signed or discarded.
    SummaryStarted,
    SummaryDraftChanged,
    SummaryMentionConfirmed,
    SummarySigned,
    SummaryDiscarded,
}

impl AuditEvent {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// How the event reads in the app's activity list.
    pub fn label(self) -> &'static str {
        match self {
            AuditEvent::VaultCreated => "Vault created",
            AuditEvent::Unlocked => "Unlocked",
            AuditEvent::UnlockFailed => "Failed unlock attempts",
            AuditEvent::Locked => "Locked",
            AuditEvent::PassphraseChanged => "Passphrase changed",
            AuditEvent::PassphraseResetWithRecoveryKey => "Passphrase reset with the recovery key",
            AuditEvent::KeysRotated => "Keys rotated",
            AuditEvent::KeyDerivationStrengthened => "Passphrase protection strengthened",
            AuditEvent::ProfileUpdated => "Profile updated",
            AuditEvent::SettingsChanged => "Settings changed",
            AuditEvent::GroupCreated => "Group created",
            AuditEvent::GroupUpdated => "Group details changed",
            AuditEvent::GroupStatusChanged => "Group status changed",
            AuditEvent::GroupDeleted => "Group deleted before anything was recorded",
            AuditEvent::BlackoutDatesChanged => "Blackout dates changed",
            AuditEvent::SessionPlanSaved => "Session plan changed",
            AuditEvent::SessionRescheduled => "Session rescheduled",
            AuditEvent::SessionCancelled => "Session cancelled",
            AuditEvent::GroundRulesChanged => "Ground rules changed",
            AuditEvent::TemplateSaved => "Curriculum template saved",
            AuditEvent::PlaintextExportAcknowledged => "Told that exports are not encrypted",
            AuditEvent::CalendarExported => "Calendar file exported",
            AuditEvent::MemberAdded => "Member added",
            AuditEvent::MemberUpdated => "Member details changed",
            AuditEvent::MemberArchived => "Member archived or brought back",
            AuditEvent::MemberDeleted => "Member deleted before anything was recorded",
            AuditEvent::PersonReferred => "Referral recorded",
            AuditEvent::ScreeningRecorded => "Screening recorded",
            AuditEvent::ConsentRecorded => "Consent recorded",
            AuditEvent::MemberEnrolled => "Member enrolled",
            AuditEvent::MemberWaitlisted => "Added to the waitlist",
            AuditEvent::MemberLeft => "Member left the group",
            AuditEvent::WaitlistOfferSkipped => "Waitlist place offer skipped",
            AuditEvent::AgreementRecorded => "Agreement to the ground rules recorded",
            AuditEvent::SessionStarted => "Session started",
            AuditEvent::SessionAgendaChanged => "Session agenda changed during the session",
            AuditEvent::SessionEnded => "Session ended",
            AuditEvent::SessionRecordedHeld => "Session recorded as held",
            AuditEvent::AttendanceSaved => "Attendance saved",
            AuditEvent::AttendanceCorrected => "Attendance corrected after the session",
            AuditEvent::AttendancePolicyChanged => "Attendance policy changed",
            AuditEvent::FollowUpRecorded => "Absence follow-up recorded",
            AuditEvent::CatchUpSheetOpened => "Catch-up sheet opened",
            AuditEvent::NoteStarted => "Note started",
            AuditEvent::NoteViewed => "Note opened",
            AuditEvent::NoteDraftChanged => "Note draft changed",
            AuditEvent::NoteMentionConfirmed => "Name in a note confirmed as not identifying a member",
            AuditEvent::NoteSigned => "Note signed",
            AuditEvent::NoteAddendumAdded => "Addendum added to a signed note",
            AuditEvent::NoteDiscarded => "Draft note discarded",
            AuditEvent::NoteFormatChanged => "Group note format changed",
            AuditEvent::RiskResponseRecorded => "Response to risk recorded",
            AuditEvent::PsychotherapyNoteOpened => "Psychotherapy note opened",
            AuditEvent::PsychotherapyNoteChanged => "Psychotherapy note changed",
            AuditEvent::GoalSet => "Goal set",
            AuditEvent::GoalRevised => "Goal revised",
            AuditEvent::GoalEnded => "Goal achieved or discontinued",
            AuditEvent::GoalsRated => "Goals rated",
            AuditEvent::GoalRatingCorrected => "Goal rating corrected",
            AuditEvent::MeasureEntered => "Measure entered",
            AuditEvent::MeasureVoided => "Measure result voided",
            AuditEvent::MeasureRiskResponseRecorded => "Response to risk on a measure recorded",
            AuditEvent::MeasurePlanChanged => "Measurement plan changed",
            AuditEvent::MeasureDefined => "Measure defined",
            AuditEvent::BackupMade => "Backup made",
            AuditEvent::BackupFailed => "Backup failed",
            AuditEvent::BackupVerified => "Backup checked",
            AuditEvent::BackupRemoved => "Older automatic backup removed",
            AuditEvent::BackupSettingsChanged => "Backup settings changed",
            AuditEvent::VaultRestored => "Vault restored from a backup",
            AuditEvent::DataExported => "Everything exported",
            AuditEvent::ReportSaved => "Report saved",
            AuditEvent::SummaryStarted => "Summary begun",
            AuditEvent::SummaryDraftChanged => "Summary draft changed",
            AuditEvent::SummaryMentionConfirmed => "Name in a summary confirmed",
            AuditEvent::SummarySigned => "Summary signed",
            AuditEvent::SummaryDiscarded => "Summary draft discarded",
        }
    }
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash that chains an entry to the one before it (docs/vault-format.md).
pub fn chain_hash(prev: &str, seq: i64, at: &str, event: &str, detail: &str) -> String {
    let mut h = Sha256::new();
    for part in [prev, &seq.to_string(), at, event, detail] {
        h.update(part.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Appends one event. Call inside the transaction of the action it records.
pub fn append(conn: &Connection, event: AuditEvent, detail: &str) -> Result<()> {
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_string()),
    };
    let at = timestamp(Utc::now());
    let hash = chain_hash(&prev, seq, &at, event.as_str(), detail);
    conn.execute(
        "INSERT INTO audit_log (seq, at, event, detail, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![seq, at, event.as_str(), detail, hash],
    )?;
    Ok(())
}

/// One row of the trail as the app shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub seq: i64,
    /// UTC, RFC 3339.
    pub at: String,
    pub event: String,
    /// Plain-words label of the event.
    pub label: String,
    pub detail: String,
}

/// The newest `limit` entries, newest first.
pub fn recent(conn: &Connection, limit: u32) -> Result<Vec<AuditEntry>> {
    let mut stmt =
        conn.prepare_cached("SELECT seq, at, event, detail FROM audit_log ORDER BY seq DESC LIMIT ?1")?;
    let rows = stmt.query_map([limit], |r| {
        let event: String = r.get(2)?;
        let known: AuditEvent = event.parse().map_err(|_| {
            rusqlite::Error::FromSqlConversionFailure(
                2,
                rusqlite::types::Type::Text,
                format!("unknown audit event {event:?}").into(),
            )
        })?;
        Ok(AuditEntry {
            seq: r.get(0)?,
            at: r.get(1)?,
            label: known.label().to_string(),
            event,
            detail: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Walks the whole chain once; returns the problems found (none when sound).
pub fn verify_chain(conn: &Connection) -> Result<(u64, Vec<String>)> {
    let mut stmt = conn.prepare("SELECT seq, at, event, detail, hash FROM audit_log ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    let mut expected_seq = 1i64;
    let mut count = 0u64;
    let mut problems = Vec::new();
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let at: String = r.get(1)?;
        let event: String = r.get(2)?;
        let detail: String = r.get(3)?;
        let hash: String = r.get(4)?;
        count += 1;
        if seq != expected_seq {
            problems.push(format!(
                "audit trail: entry {expected_seq} is missing (next is {seq})"
            ));
        }
        if event.parse::<AuditEvent>().is_err() {
            problems.push(format!(
                "audit trail: entry {seq} records “{event}”, which is not something Cohort records"
            ));
        }
        if chain_hash(&prev, seq, &at, &event, &detail) != hash {
            problems.push(format!(
                "audit trail: entry {seq} ({event} at {at}) does not match the chain"
            ));
        }
        prev = hash;
        expected_seq = seq + 1;
    }
    Ok((count, problems))
}
