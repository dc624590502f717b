//! `cohort`: the command-line tool over the same vault the app opens.

mod report;

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cohort::values::Timestamp;
use cohort::vault::backup::{self, Secret, Target};
use cohort::vault::folder::{self, Presence};
use cohort::vault::unlocked::read_header;
use cohort::{Error, ErrorCode, Origin, Passphrase, Vault};
use zeroize::Zeroizing;

const EXIT_CODES: &str = "\
Exit codes:
  0  done; for `check`, every check passed
  1  `check` found a problem (each is printed)
  2  the command line was not understood
  3  wrong passphrase or recovery key (nothing was changed)
  4  no vault there, or one already exists, or it is damaged or from a newer Cohort;
     for backups: not a backup, cut short, damaged, or from a newer Cohort
  5  the vault is open in another Cohort window or program
  6  refused input, such as a weak passphrase, a mistyped recovery key or a
     group that is not there
  70 unexpected internal error

The passphrase is read from the terminal without echo. With --passphrase-stdin
each answer is one line of standard input instead, in the order asked:
  init, demo: the new passphrase
  info, check: the passphrase
  passwd: the current passphrase, then the new one
  passwd --recovery-key: the recovery key, then the new passphrase
  rotate-keys: the passphrase
  backup, export, report: the vault's passphrase (export and report first
    say, on standard error, that what they write is not encrypted)
  verify-backup: the passphrase the backup was made with
    (with --recovery-key: the recovery key it was made with)
  restore: the passphrase the backup was made with
    (with --recovery-key: that recovery key, then a new passphrase)

The vault folder is --vault DIR, else $COHORT_VAULT, else the app's own folder.";

#[derive(Parser)]
#[command(name = "cohort", version, about = "Cohort: encrypted records for therapy groups", after_help = EXIT_CODES)]
struct Cli {
    /// The vault folder (default: $COHORT_VAULT, else the app's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    vault: Option<PathBuf>,
    /// Read passphrases and keys as lines from standard input (for scripts).
    #[arg(long, global = true)]
    passphrase_stdin: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new vault; prints its recovery key once.
    Init {
        /// In a folder holding a database without its header (which can
        /// never be opened): keep that database aside, renamed, and create
        /// a new vault.
        #[arg(long)]
        start_again: bool,
    },
    /// Show the format and schema versions, key-derivation settings and record counts.
    Info,
    /// Checkpoint the log, then check encryption, integrity, foreign keys and the audit trail.
    Check,
    /// Create a demo vault: a planned 12-week CBT group and its roster to try
    /// Cohort with, or with --large the large practice Cohort is measured against.
    Demo {
        /// 400 groups over ten years, every session with a full plan, 4,000 members.
        #[arg(long)]
        large: bool,
        /// With --large: the seed; the same seed (and day) gives the same practice.
        #[arg(long, default_value_t = 1, requires = "large")]
        seed: u64,
        /// The day the demo is built around (default: today), as YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        today: Option<chrono::NaiveDate>,
    },
    /// Change the passphrase (or reset a forgotten one with --recovery-key).
    Passwd {
        /// Use the recovery key instead of the current passphrase.
        #[arg(long)]
        recovery_key: bool,
    },
    /// Re-encrypt the database under a new key and issue a new recovery key:
    /// old passphrases, old copies of the header and the old recovery key
    /// then open nothing written from now on.
    RotateKeys,
    /// Back the vault up into one encrypted file, checked before it is
    /// named; it opens with the passphrase (or recovery key) the vault has now.
    Backup {
        /// The backup file to write (it must not exist yet).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Check a backup whole: its hashes, its key, every page, the database's
    /// integrity, the activity log and the list of what it holds.
    VerifyBackup {
        file: PathBuf,
        /// Open it with the recovery key it was made with.
        #[arg(long)]
        recovery_key: bool,
    },
    /// Export everything as plain files — every table as JSON and as CSV,
    /// and the records as a FHIR R4 Bundle — in one zip. NOT encrypted.
    Export {
        /// The zip to write (it must not exist yet).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Include the psychotherapy notes (kept apart from the record; left out unless asked for).
        #[arg(long)]
        psychotherapy_notes: bool,
    },
    /// Save a report as PDF or CSV: `cohort report register|services|progress|discharge
    /// … --format pdf --out FILE`. NOT encrypted.
    #[command(subcommand)]
    Report(report::Report),
    /// Restore a backup into a new vault folder (--vault NEWDIR, which must
    /// hold no vault); an older schema is brought up to date.
    Restore {
        file: PathBuf,
        /// Open it with the recovery key it was made with, and choose a new passphrase.
        #[arg(long)]
        recovery_key: bool,
    },
}

struct Prompter {
    stdin_lines: bool,
}

impl Prompter {
    fn ask(&self, prompt: &str) -> Result<Zeroizing<String>, Error> {
        if self.stdin_lines {
            let mut line = Zeroizing::new(String::new());
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| Error::io("read standard input", e))?;
            let trimmed = line.trim_end_matches(['\r', '\n']).to_string();
            Ok(Zeroizing::new(trimmed))
        } else {
            if !std::io::stdin().is_terminal() {
                return Err(Error::validation(
                    "passphrase",
                    "No terminal to ask for the passphrase; use --passphrase-stdin.",
                ));
            }
            rpassword::prompt_password(prompt)
                .map(Zeroizing::new)
                .map_err(|e| Error::io("read the passphrase", e))
        }
    }

    fn passphrase(&self, prompt: &str) -> Result<Passphrase, Error> {
        Ok(Passphrase::new(self.ask(prompt)?.to_string()))
    }

    /// Asks twice on a terminal; once from standard input.
    fn new_passphrase(&self) -> Result<Passphrase, Error> {
        let first = self.passphrase("New passphrase: ")?;
        cohort::vault::keys::check_new_passphrase(&first)?;
        if !self.stdin_lines {
            let again = self.passphrase("Repeat the new passphrase: ")?;
            if again.as_str() != first.as_str() {
                return Err(Error::validation(
                    "passphrase",
                    "The two passphrases are not the same.",
                ));
            }
        }
        Ok(first)
    }
}

fn exit_code(e: &Error) -> u8 {
    match e.code() {
        ErrorCode::WrongPassphrase | ErrorCode::WrongRecoveryKey => 3,
        ErrorCode::NoVault | ErrorCode::VaultExists | ErrorCode::Damaged | ErrorCode::NewerVersion => 4,
        ErrorCode::AlreadyOpen => 5,
        ErrorCode::Validation
        | ErrorCode::Conflict
        | ErrorCode::Full
        | ErrorCode::Confirm
        | ErrorCode::NotFound => 6,
        ErrorCode::DiskFull => 74,
        ErrorCode::Locked | ErrorCode::Internal => 70,
    }
}

fn run(cli: Cli) -> Result<u8, Error> {
    let dir = cli.vault.clone().unwrap_or_else(folder::default_dir);
    let ask = Prompter {
        stdin_lines: cli.passphrase_stdin,
    };
    match cli.command {
        Command::Init { start_again } => {
            match folder::presence(&dir) {
                Presence::Present => return Err(Error::VaultExists(dir)),
                Presence::HalfMade if start_again => {
                    let aside = folder::set_aside(&dir, chrono::Utc::now())?;
                    let _ = writeln!(
                        std::io::stdout().lock(),
                        "Moved the database without its header to {}.",
                        aside.display()
                    );
                }
                Presence::HalfMade => return Err(Error::HalfMade(dir)),
                Presence::Absent => {}
            }
            let pass = ask.new_passphrase()?;
            let created = Vault::create(&dir, &pass)?;
            created.vault.lock("command line")?;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "Created a vault in {}.", dir.display());
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "Recovery key (write it down now; it is shown only this once):"
            );
            let _ = writeln!(out);
            let _ = writeln!(out, "    {}", created.recovery_key.as_str());
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "With it you can set a new passphrase if you forget yours: cohort passwd --recovery-key"
            );
            Ok(0)
        }
        Command::Demo { large, seed, today } => {
            match folder::presence(&dir) {
                Presence::Present => return Err(Error::VaultExists(dir)),
                Presence::HalfMade => return Err(Error::HalfMade(dir)),
                Presence::Absent => {}
            }
            let pass = ask.new_passphrase()?;
            let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
            let mut created = Vault::create(&dir, &pass)?;
            if large {
                let built = created
                    .vault
                    .transact(|tx| cohort::demo::large::build(tx, seed, today))?;
                created.vault.lock("command line")?;
                println!(
                    "Created the large demo practice (seed {seed}) in {}.",
                    dir.display()
                );
                println!(
                    "It holds {} groups with {} members ({} enrolments), {} sessions ({} held, with {} attendance marks and {} follow-ups), {} notes ({} signed), {} goals with {} ratings, {} measure results, {} session plans with {} agenda items, {} versions of ground rules and {} blackout dates.",
                    built.groups,
                    built.members,
                    built.enrolments,
                    built.sessions,
                    built.held_sessions,
                    built.attendance_marks,
                    built.follow_ups,
                    built.notes,
                    built.signed_notes,
                    built.goals,
                    built.goal_ratings,
                    built.measure_results,
                    built.plans,
                    built.agenda_items,
                    built.ground_rule_versions,
                    built.blackout_dates
                );
            } else {
                created.vault.transact(|tx| cohort::demo::build(tx, today))?;
                created.vault.lock("command line")?;
                println!("Created a demo vault in {}.", dir.display());
                println!(
                    "It holds a 12-week CBT group with its roster: four sessions held, with attendance, signed notes (one draft still open), goals rated at each session and PHQ-9 and GAD-7 results (one PHQ-9 raising risk to respond to), and the fifth today ({today}). Aisha Rahman's goals and intake measures are left for you to enter."
                );
            }
            println!("Recovery key: {}", created.recovery_key.as_str());
            Ok(0)
        }
        Command::Info => {
            let header = read_header(&dir)?;
            let pass = ask.passphrase("Passphrase: ")?;
            let v = Vault::unlock(&dir, &pass, Origin::Cli, 0)?;
            let info = v.info()?;
            v.lock("command line")?;
            println!("Vault folder:      {}", info.dir);
            println!("Vault id:          {}", info.vault_id);
            println!("Created:           {}", info.created_at);
            println!("Header format:     {}", header.format_version);
            println!(
                "Schema version:    {} (this Cohort writes {})",
                info.schema_version, info.latest_schema_version
            );
            println!("Cipher:            SQLCipher 4, 256-bit random data key");
            println!(
                "Key derivation:    Argon2id, {} MiB, {} passes, {} lane(s)",
                info.kdf_memory_kib / 1024,
                info.kdf_iterations,
                info.kdf_parallelism
            );
            println!("Records:");
            for c in &info.counts {
                println!("  {:<20} {}", c.label, c.count);
            }
            Ok(0)
        }
        Command::Check => {
            let pass = ask.passphrase("Passphrase: ")?;
            let v = Vault::unlock(&dir, &pass, Origin::Cli, 0)?;
            let report = cohort::practice::check::check(&v)?;
            v.lock("command line")?;
            for p in &report.passed {
                println!("ok       {p}");
            }
            for p in &report.problems {
                println!("PROBLEM  {p}");
            }
            if report.is_ok() {
                println!("The vault is sound.");
                Ok(0)
            } else {
                println!(
                    "{} problem(s) found. Restore from a backup, and keep this copy for inspection.",
                    report.problems.len()
                );
                Ok(1)
            }
        }
        Command::Passwd { recovery_key } => {
            if recovery_key {
                let key = ask.ask("Recovery key: ")?;
                let new_pass = ask.new_passphrase()?;
                let v = Vault::unlock_with_recovery_key(&dir, &key, &new_pass, Origin::Cli, 0)?;
                v.lock("command line")?;
            } else {
                let current = ask.passphrase("Current passphrase: ")?;
                let mut v = Vault::unlock(&dir, &current, Origin::Cli, 0)?;
                let new_pass = ask.new_passphrase()?;
                v.change_passphrase(&current, &new_pass)?;
                v.lock("command line")?;
            }
            println!("The passphrase is changed. Use the new one from now on.");
            Ok(0)
        }
        Command::Backup { out } => {
            let pass = ask.passphrase("Passphrase: ")?;
            let v = Vault::unlock(&dir, &pass, Origin::Cli, 0)?;
            println!("Backing up to {}…", out.display());
            let _ = std::io::stdout().flush();
            let mut job = v.backup_job()?;
            let made = cohort::backups::run::by_hand(&mut job, &out, &Timestamp::now);
            drop(job);
            v.lock("command line")?;
            let made = made?;
            println!(
                "Backed up: {} ({} bytes), made {}.",
                made.path.display(),
                made.bytes,
                cohort::sentence::plain(&cohort::sentence::moment(made.made_at))
            );
            print_tables(&made.manifest.tables);
            println!("It opens with this vault's passphrase as it is now, or its recovery key. If you change either later, keep the old one with this backup.");
            Ok(0)
        }
        Command::Export {
            out,
            psychotherapy_notes,
        } => {
            if out.exists() {
                return Err(Error::Conflict(format!(
                    "A file named {} is already there. Choose another name; nothing was written.",
                    out.display()
                )));
            }
            eprintln!("{}", cohort::exports::PLAINTEXT_WARNING);
            let pass = ask.passphrase("Passphrase: ")?;
            let mut v = Vault::unlock(&dir, &pass, Origin::Cli, 0)?;
            let exported = v.transact(|tx| {
                cohort::full_export::save(tx, &out, psychotherapy_notes, true, Timestamp::now())
            });
            v.lock("command line")?;
            let e = exported?;
            println!(
                "Exported {} rows of {} tables to {} ({} bytes): JSON, a CSV per table and a FHIR R4 Bundle{}.",
                e.rows,
                e.tables,
                e.path,
                e.bytes,
                if e.psychotherapy_notes { ", psychotherapy notes included" } else { "; psychotherapy notes left out" }
            );
            Ok(0)
        }
        Command::VerifyBackup { file, recovery_key } => {
            let checked = if recovery_key {
                let key = ask.ask("Recovery key the backup was made with: ")?;
                backup::verify(&file, &Secret::RecoveryKey(&key))?
            } else {
                let pass = ask.passphrase("Passphrase the backup was made with: ")?;
                let checked = backup::verify(&file, &Secret::Passphrase(&pass))?;
                record_check(&dir, &pass, &file, &checked);
                checked
            };
            println!(
                "The backup is sound: {}, made {} by Cohort {} (schema {}).",
                checked.summary.file_name,
                cohort::sentence::plain(&cohort::sentence::moment(checked.summary.made_at)),
                checked.summary.app_version,
                checked.summary.schema_version
            );
            print_tables(&checked.tables);
            Ok(0)
        }
        Command::Report(r) => report::run(&dir, &ask, r),
        Command::Restore { file, recovery_key } => {
            let restored = if recovery_key {
                let key = ask.ask("Recovery key the backup was made with: ")?;
                let new_pass = ask.new_passphrase()?;
                backup::restore(
                    &file,
                    &Secret::RecoveryKey(&key),
                    Some(&new_pass),
                    &dir,
                    Target::NewFolder,
                    Timestamp::now(),
                )?
            } else {
                let pass = ask.passphrase("Passphrase the backup was made with: ")?;
                backup::restore(
                    &file,
                    &Secret::Passphrase(&pass),
                    None,
                    &dir,
                    Target::NewFolder,
                    Timestamp::now(),
                )?
            };
            println!(
                "Restored the backup made {} into {} (schema {} → {}).",
                cohort::sentence::plain(&cohort::sentence::moment(restored.made_at)),
                dir.display(),
                restored.schema_from,
                restored.schema_to
            );
            println!(
                "Open it with {}.",
                if recovery_key {
                    "the new passphrase"
                } else {
                    "the passphrase the backup was made with"
                }
            );
            Ok(0)
        }
        Command::RotateKeys => {
            let pass = ask.passphrase("Passphrase: ")?;
            let mut v = Vault::unlock(&dir, &pass, Origin::Cli, 0)?;
            let recovery_key = v.rotate_keys(&pass)?;
            v.lock("command line")?;
            println!("The keys are rotated: the database is encrypted under a new key.");
            println!("Your passphrase stays the same. The old recovery key no longer works.");
            println!();
            println!("New recovery key (write it down now; it is shown only this once):");
            println!();
            println!("    {}", recovery_key.as_str());
            Ok(0)
        }
    }
}

fn print_tables(tables: &[cohort::vault::backup::TableRows]) {
    println!("It holds:");
    for t in tables.iter().filter(|t| t.rows > 0) {
        println!("  {:<24} {}", t.name, t.rows);
    }
}

/// Records a check in the vault the backup is of, when it is the one at
/// `dir` and the same passphrase opens it; says so when it cannot.
fn record_check(
    dir: &std::path::Path,
    pass: &Passphrase,
    file: &std::path::Path,
    checked: &backup::Verified,
) {
    let detail = format!(
        "{}: sound, made {} by Cohort {} (command line)",
        file.display(),
        checked.summary.made_at,
        checked.summary.app_version
    );
    let same_vault = read_header(dir).is_ok_and(|h| h.vault_id == checked.summary.vault_id);
    let recorded = same_vault
        && Vault::unlock(dir, pass, Origin::Cli, 0).is_ok_and(|mut v| {
            let ok = v
                .transact(|tx| {
                    cohort::vault::audit::append(
                        tx,
                        cohort::vault::audit::AuditEvent::BackupVerified,
                        &detail,
                    )
                })
                .is_ok();
            let _ = v.lock("command line");
            ok
        });
    if !recorded {
        println!(
            "(Not recorded in a vault's activity log: the vault at {} is not this backup's, or its passphrase has changed since.)",
            dir.display()
        );
    }
}

fn main() -> ExitCode {
    cohort::process::harden();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("cohort: {}", cohort::sentence::plain(&e.to_string()));
            if let Error::HalfMade(dir) = &e {
                eprintln!(
                    "To start again: cohort init --start-again --vault {}",
                    dir.display()
                );
            }
            ExitCode::from(exit_code(&e))
        }
    }
}
