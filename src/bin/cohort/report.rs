//! `cohort report`: the reports of the app, saved from the command line
//! (for scripts, and for the tests that read them back).

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use cohort::reports::{self, ReportFormat, ReportRequest};
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
}

pub fn run(dir: &std::path::Path, ask: &Prompter, report: Report) -> Result<u8, Error> {
    let (format, out) = match &report {
        Report::Register { format, out, .. } | Report::Services { format, out, .. } => (*format, out.clone()),
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
        };
        let saved = reports::save(tx, &request, format, &out, true, Timestamp::now())?;
        Ok((request.title().to_lowercase(), saved))
    });
    v.lock("command line")?;
    let (title, saved) = saved?;
    println!("Saved the {title} to {} ({} bytes).", saved.path, saved.bytes);
    Ok(0)
}
