//! `soporte certification …`: the question banks from and to Moodle's GIFT format.
//!
//! - `import-gift FILE`: reads the file whole and says every mistake with its line (in
//!   the terminal's language; exit 1, nothing written), else writes it into the banks
//!   in one transaction, with a progress bar and a summary.
//! - `export-gift [--output FILE]`: the banks as GIFT (standard output by default).
//! - `check-gift FILE [--json]`: reads a file without touching the database; with
//!   `--json`, prints the questions as read (for comparing with other GIFT readers).

use std::path::{Path, PathBuf};

use clap::{ArgMatches, FromArgMatches, Subcommand};
use soporte_platform::cli::{CommandContext, Failure};
use soporte_platform::progress;

use crate::bank::{self, ImportError};
use crate::gift;

/// The area's subcommands, under `soporte certification`.
#[derive(Subcommand, Debug)]
pub enum CertificationCommand {
    /// Import a GIFT file (Moodle's question format) into the question banks; importing
    /// it again updates the same questions.
    ImportGift {
        /// The GIFT file.
        file: PathBuf,
    },
    /// Write the question banks as GIFT.
    ExportGift {
        /// Where to write it (standard output when left out).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Read a GIFT file and say whether it is good, without importing it.
    CheckGift {
        /// The GIFT file.
        file: PathBuf,
        /// Print the questions as read, as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// `soporte certification …`, for the command line.
pub fn command() -> clap::Command {
    CertificationCommand::augment_subcommands(
        clap::Command::new("certification")
            .about("The Basic Certification: question banks.")
            .subcommand_required(true),
    )
}

/// Runs `soporte certification …`.
pub async fn run(matches: &ArgMatches, ctx: &CommandContext) -> Result<(), Failure> {
    let command = CertificationCommand::from_arg_matches(matches)
        .map_err(|error| Failure::internal(error.to_string()))?;
    match command {
        CertificationCommand::ImportGift { file } => import(ctx, &file).await,
        CertificationCommand::ExportGift { output } => export(ctx, output.as_deref()).await,
        CertificationCommand::CheckGift { file, json } => check(ctx, &file, json),
    }
}

/// The questions of `file`, or the failure that says every mistake with its line.
fn read(ctx: &CommandContext, file: &Path) -> Result<Vec<gift::Question>, Failure> {
    let name = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|error| {
        ctx.fail(
            1,
            "cert-gift-unreadable",
            &[("file", &name), ("detail", &error.to_string())],
        )
    })?;
    let source = String::from_utf8(bytes)
        .map_err(|_| ctx.fail(1, "cert-gift-not-utf8", &[("file", &name)]))?;
    gift::parse(&source).map_err(|errors| {
        let lines: Vec<(usize, String)> = errors
            .iter()
            .map(|error| {
                let quoted = error.kind.quoted().unwrap_or_default();
                (
                    error.line,
                    ctx.text(error.kind.message_id(), &[("text", quoted)]),
                )
            })
            .collect();
        told(ctx, &name, &lines)
    })
}

/// The failure that lists `mistakes` of `file`, one per line, with their line numbers.
fn told(ctx: &CommandContext, file: &str, mistakes: &[(usize, String)]) -> Failure {
    let mut message = ctx.i18n.text_count_with(
        ctx.locale,
        "cert-gift-mistakes",
        i64::try_from(mistakes.len()).unwrap_or(i64::MAX),
        &[("file", file)],
    );
    for (line, text) in mistakes {
        message.push('\n');
        message.push_str(&ctx.text(
            "cert-gift-mistake",
            &[("line", &line.to_string()), ("text", text)],
        ));
    }
    Failure { message, code: 1 }
}

async fn import(ctx: &CommandContext, file: &Path) -> Result<(), Failure> {
    let questions = read(ctx, file)?;
    let name = file.display().to_string();
    let refused = bank::check(&questions);
    if !refused.is_empty() {
        let lines: Vec<(usize, String)> = refused
            .iter()
            .map(|(line, why)| (*line, ctx.text(why.message_id(), &[])))
            .collect();
        return Err(told(ctx, &name, &lines));
    }
    let db = ctx.open().await?;
    let mut bar = progress::Bar::new(ctx.text("cert-import-progress", &[]));
    let imported = bank::import(&db, &questions, &mut |done, total| bar.set(done, total)).await;
    bar.finish();
    db.close().await;
    let summary = imported.map_err(|error| match error {
        ImportError::Refused(_) => ctx.fail(1, "cert-import-failed", &[("detail", "")]),
        other => ctx.fail(1, "cert-import-failed", &[("detail", &other.to_string())]),
    })?;
    let number = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    println!(
        "{}",
        ctx.i18n.text_numbers(
            ctx.locale,
            "cert-import-done",
            &[
                ("topics", number(summary.topics)),
                ("created", number(summary.created)),
                ("updated", number(summary.updated)),
                ("unchanged", number(summary.unchanged)),
            ]
        )
    );
    Ok(())
}

async fn export(ctx: &CommandContext, output: Option<&Path>) -> Result<(), Failure> {
    let db = ctx.open().await?;
    let questions = bank::export(&db).await;
    db.close().await;
    let questions = questions
        .map_err(|error| ctx.fail(1, "cert-export-failed", &[("detail", &error.to_string())]))?;
    let text = gift::write(&questions);
    match output {
        None => print!("{text}"),
        Some(path) => std::fs::write(path, text).map_err(|error| {
            ctx.fail(
                1,
                "cert-export-failed",
                &[("detail", &format!("{}: {error}", path.display()))],
            )
        })?,
    }
    Ok(())
}

fn check(ctx: &CommandContext, file: &Path, json: bool) -> Result<(), Failure> {
    let questions = read(ctx, file)?;
    if json {
        let text = serde_json::to_string_pretty(&questions)
            .map_err(|error| Failure::internal(error.to_string()))?;
        println!("{text}");
    } else {
        println!(
            "{}",
            ctx.i18n.text_numbers(
                ctx.locale,
                "cert-gift-good",
                &[("count", i64::try_from(questions.len()).unwrap_or(i64::MAX))]
            )
        );
    }
    Ok(())
}
