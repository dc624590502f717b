//! `cohort report`: the reports of the app, saved from the command line
//! (for scripts, and for the tests that read them back).

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use cohort::reports::summaries::{self, SummaryKind};
use cohort::reports::{self, summary, ReportFormat, ReportRequest};
use cohort::values::Timestamp;
use cohort::{Error, Origin, Vault};

use super::Prompter;

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Pdf,
    Csv,
}

#[derive(Subcommand)]
pub enum Report {
    /// The attendance register of a group's program: members × sessions.
    Register {
        /// The group: its name as the app shows it, or its id.
        #[arg(long)]
        group: String,
        #[arg(long, value_enum, default_value = "pdf")]
        format: Format,
        /// The file to write (it must not exist yet). NOT encrypted.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The service log: one line per member per session attended, across
    /// groups, from --from to --to (YYYY-MM-DD, both included).
    Services {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long, value_enum, default_value = "pdf")]
        format: Format,
        /// The file to write (it must not exist yet). NOT encrypted.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The program summary of a group: sessions, members, attendance,
    /// measures, goal attainment, the curriculum as delivered. No member is
    /// named unless --named.
    Program {
        /// The group: its name as the app shows it, or its id.
        #[arg(long)]
        group: String,
        /// Name each member (a per-member table and who left).
        #[arg(long)]
        named: bool,
        #[arg(long, value_enum, default_value = "pdf")]
        format: Format,
        /// The file to write (it must not exist yet). NOT encrypted.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// A member's progress summary: the newest signed one, else the draft
    /// (summaries are written and signed in the app).
    Progress {
        #[command(flatten)]
        about: SummaryOf,
    },
    /// A member's discharge summary: the newest signed one, else the draft.
    Discharge {
        #[command(flatten)]
        about: SummaryOf,
    },
}

#[derive(clap::Args)]
pub struct SummaryOf {
    /// The member: their legal or preferred name, or their id.
    #[arg(long)]
    member: String,
    /// The group, when they held a place in more than one.
    #[arg(long)]
    group: Option<String>,
    #[arg(long, value_enum, default_value = "pdf")]
    format: Format,
    /// The file to write (it must not exist yet). NOT encrypted.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

fn summary_request(
    tx: &rusqlite::Connection,
    about: &SummaryOf,
    kind: SummaryKind,
) -> Result<ReportRequest, Error> {
    let place = summary::find_place(tx, &about.member, about.group.as_deref())?;
    match summaries::latest(tx, place, kind)? {
        Some(summary_id) => Ok(ReportRequest::Summary { summary_id }),
        None => Err(Error::NotFound(format!(
            "No {} has been written about {} yet. Write it in the app, from their Progress page.",
            kind.title().to_lowercase(),
            about.member.trim()
        ))),
    }
}

pub fn run(dir: &std::path::Path, ask: &Prompter, report: Report) -> Result<u8, Error> {
    let (format, out) = match &report {
        Report::Register { format, out, .. }
        | Report::Services { format, out, .. }
        | Report::Program { format, out, .. } => (*format, out.clone()),
        Report::Progress { about } | Report::Discharge { about } => (about.format, about.out.clone()),
    };
    if out.exists() {
        return Err(Error::Conflict(format!(
            "A file named {} is already there. Choose another name; nothing was written.",
            out.display()
        )));
    }
    let format = match format {
        Format::Pdf => ReportFormat::Pdf,
        Format::Csv => ReportFormat::Csv,
    };
    eprintln!("{}", cohort::exports::PLAINTEXT_WARNING);
    let pass = ask.passphrase("Passphrase: ")?;
    let mut v = Vault::unlock(dir, &pass, Origin::Cli, 0)?;
    let saved = v.transact(|tx| {
        let request = match &report {
            Report::Register { group, .. } => ReportRequest::Register {
                group_id: reports::find_group(tx, group)?,
            },
            Report::Services { from, to, .. } => ReportRequest::Services {
                from: from.clone(),
                to: to.clone(),
            },
            Report::Program { group, named, .. } => ReportRequest::Program {
                group_id: reports::find_group(tx, group)?,
                named: *named,
            },
            Report::Progress { about } => summary_request(tx, about, SummaryKind::Progress)?,
            Report::Discharge { about } => summary_request(tx, about, SummaryKind::Discharge)?,
        };
        let saved = reports::save(tx, &request, format, &out, true, Timestamp::now())?;
        Ok((request.title(tx)?.to_lowercase(), saved))
    });
    v.lock("command line")?;
    let (title, saved) = saved?;
    println!("Saved the {title} to {} ({} bytes).", saved.path, saved.bytes);
    Ok(0)
}
