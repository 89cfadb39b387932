//! `soporte docs import DIR --collection NAME [--language es|en]`: the command line of
//! the Sphinx import, with a progress bar and a summary of what was converted.

use std::path::{Path, PathBuf};

use clap::{ArgMatches, FromArgMatches, Subcommand};
use soporte_platform::cli::{CommandContext, Failure, USAGE};
use soporte_platform::i18n::Locale;
use soporte_platform::progress;

use crate::collections::Collection;
use crate::import::{self, write};

/// The area's subcommands, under `soporte docs`.
#[derive(Subcommand, Debug)]
pub enum DocsCommand {
    /// Import a Sphinx (reStructuredText) source tree into a collection; importing it
    /// again updates the same articles, each change a new revision.
    Import {
        /// The folder with the sources (conf.py, index.rst…).
        dir: PathBuf,
        /// The collection: guia-de-usuario, guia-de-administrador, manuales-tecnicos,
        /// preguntas-frecuentes or base-de-conocimiento.
        #[arg(long)]
        collection: String,
        /// The language of the sources: es or en.
        #[arg(long, default_value = "es")]
        language: String,
    },
}

/// `soporte docs …`, for the command line.
pub fn command() -> clap::Command {
    DocsCommand::augment_subcommands(
        clap::Command::new("docs")
            .about("The documentation.")
            .subcommand_required(true),
    )
}

/// Runs `soporte docs …`.
pub async fn run(matches: &ArgMatches, ctx: &CommandContext) -> Result<(), Failure> {
    let command = DocsCommand::from_arg_matches(matches)
        .map_err(|error| Failure::internal(error.to_string()))?;
    match command {
        DocsCommand::Import {
            dir,
            collection,
            language,
        } => import_docs(ctx, &dir, &collection, &language).await,
    }
}

async fn import_docs(
    ctx: &CommandContext,
    dir: &Path,
    collection: &str,
    language: &str,
) -> Result<(), Failure> {
    let collections = Collection::ALL.map(Collection::slug).join(", ");
    let Some(collection) = Collection::from_slug(collection) else {
        return Err(ctx.fail(
            USAGE,
            "docs-import-bad-collection",
            &[("value", collection), ("list", &collections)],
        ));
    };
    let Some(locale) = Locale::from_tag(language) else {
        return Err(ctx.fail(USAGE, "docs-import-bad-language", &[("value", language)]));
    };
    let dir_text = dir.display().to_string();
    let tree = import::read_tree(dir).map_err(|error| {
        ctx.fail(
            1,
            "docs-import-unreadable",
            &[("detail", &error.to_string())],
        )
    })?;
    for (path, why) in &tree.skipped {
        let (id, megabytes) = match why {
            import::Skipped::Link => ("docs-import-skipped-link", 0),
            import::Skipped::NotAFile => ("docs-import-skipped-special", 0),
            import::Skipped::TooLarge(limit) => ("docs-import-skipped-large", limit / 1024 / 1024),
        };
        eprintln!(
            "{}",
            ctx.text(id, &[("path", path), ("megabytes", &megabytes.to_string())])
        );
    }
    let db = ctx.open().await?;
    let mut bar = progress::Bar::new(ctx.text("docs-import-progress", &[]));
    let summary_text = |source: &str| {
        ctx.i18n
            .text_with(locale, "docs-import-revision", &[("source", source)])
    };
    let admonition = |kind: &str| ctx.i18n.text(locale, &format!("docs-admonition-{kind}"));
    let texts = write::Texts {
        summary: &summary_text,
        admonition: &admonition,
    };
    let imported = write::import(
        &db,
        &tree,
        collection,
        locale,
        &texts,
        &mut |done, total| bar.set(done, total),
    )
    .await;
    bar.finish();
    db.close().await;
    let summary = match imported {
        Ok(summary) => summary,
        Err(write::ImportError::Empty) => {
            return Err(ctx.fail(1, "docs-import-empty", &[("dir", &dir_text)]));
        }
        Err(error) => {
            return Err(ctx.fail(1, "docs-import-failed", &[("detail", &error.to_string())]));
        }
    };
    let number = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    println!(
        "{}",
        ctx.i18n.text_numbers(
            ctx.locale,
            "docs-import-done",
            &[
                ("created", number(summary.created)),
                ("updated", number(summary.updated)),
                ("unchanged", number(summary.unchanged)),
                ("images", number(summary.images)),
            ]
        )
    );
    let unknown: usize = summary.unknown.values().sum();
    if unknown == 0 {
        println!("{}", ctx.text("docs-import-all-converted", &[]));
    } else {
        let list = summary
            .unknown
            .iter()
            .map(|(name, count)| format!("{name} ×{count}"))
            .collect::<Vec<_>>()
            .join(", ");
        println!(
            "{}",
            ctx.i18n.text_count_with(
                ctx.locale,
                "docs-import-unknown",
                number(unknown),
                &[("list", &list)]
            )
        );
    }
    Ok(())
}
