//! The command line: subcommands, the flags and environment variables of every
//! setting, and the localized one-line errors printed when something is refused.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use soporte_docs::collections::Collection;
use soporte_docs::import;
use soporte_platform::accounts::roles::{self, RoleError};
use soporte_platform::accounts::{self, AddUserError, DisplayName, Email, Role};
use soporte_platform::config::{Config, ConfigError, Settings};
use soporte_platform::i18n::{I18n, Locale};
use soporte_platform::mail::{self, OutgoingMail};
use soporte_platform::progress;
use soporte_platform::server::Server;
use soporte_platform::storage::Db;

use crate::demo;

#[derive(Parser, Debug)]
#[command(
    name = "soporte",
    version,
    about = "Soporte: the support platform of MxOS / la plataforma de soporte de MxOS"
)]
pub struct Cli {
    #[command(flatten)]
    settings: SettingArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the web site, the API and the background jobs.
    Serve,
    /// Like serve, loading the demo content first (once per database).
    Demo,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage people.
    #[command(subcommand)]
    User(UserCommand),
    /// Outgoing mail.
    #[command(subcommand)]
    Mail(MailCommand),
    /// The search index.
    #[command(subcommand)]
    Search(SearchCommand),
    /// The documentation.
    #[command(subcommand)]
    Docs(DocsCommand),
}

#[derive(Subcommand, Debug)]
enum DocsCommand {
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

#[derive(Subcommand, Debug)]
enum SearchCommand {
    /// Rebuild the search index from the database (a running server keeps serving
    /// the old one until the new one is committed).
    Reindex,
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Add a person with one or more roles.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// A role; repeat for several.
        #[arg(long = "role", value_parser = clap::builder::PossibleValuesParser::new(
            Role::ALL.map(Role::as_str)))]
        roles: Vec<String>,
    },
    /// Grant or revoke roles; each change goes to the audit log.
    Role {
        #[arg(long)]
        email: String,
        /// A role to grant; repeat for several.
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(
            Role::ALL.map(Role::as_str)))]
        grant: Vec<String>,
        /// A role to revoke; repeat for several.
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(
            Role::ALL.map(Role::as_str)))]
        revoke: Vec<String>,
    },
}

#[derive(Subcommand, Debug)]
enum MailCommand {
    /// Queue a test message; the running server sends it (or keeps it without SMTP).
    Test {
        #[arg(long)]
        to: String,
    },
    /// Queue again the messages kept while no SMTP server was configured.
    ResendHeld,
}

/// Every setting, as a flag and an environment variable; a TOML file may fill the rest.
#[derive(Args, Debug)]
struct SettingArgs {
    /// TOML file with settings (flags and environment variables override it).
    #[arg(long, env = "SOPORTE_CONFIG", global = true)]
    config: Option<PathBuf>,
    /// sqlite://PATH (default: DATA_DIR/soporte.db) or postgres://USER@HOST/DB
    #[arg(long, env = "SOPORTE_DATABASE_URL", global = true)]
    database_url: Option<String>,
    /// Address and port to listen on (default 127.0.0.1:8080).
    #[arg(long, env = "SOPORTE_BIND", global = true)]
    bind: Option<String>,
    /// Public address of the site, for links in mail and feeds.
    #[arg(long, env = "SOPORTE_BASE_URL", global = true)]
    base_url: Option<String>,
    /// Directory for the SQLite database and other files (default ./soporte-data).
    #[arg(long, env = "SOPORTE_DATA_DIR", global = true)]
    data_dir: Option<String>,
    /// SMTP server, such as smtp://host:25 or smtps://user:password@host.
    #[arg(long, env = "SOPORTE_SMTP_URL", global = true)]
    smtp_url: Option<String>,
    /// Sender of outgoing mail.
    #[arg(long, env = "SOPORTE_MAIL_FROM", global = true)]
    mail_from: Option<String>,
    /// Number of background job workers (default 4).
    #[arg(long, env = "SOPORTE_WORKERS", global = true)]
    workers: Option<String>,
    /// Delay before the first retry of a failed job, in milliseconds (default 5000).
    #[arg(long, env = "SOPORTE_JOB_RETRY_BASE_MS", global = true)]
    job_retry_base_ms: Option<String>,
    /// Attempts before a job is given up (default 8).
    #[arg(long, env = "SOPORTE_JOB_MAX_ATTEMPTS", global = true)]
    job_max_attempts: Option<String>,
    /// Largest request body accepted, in bytes (default 1048576).
    #[arg(long, env = "SOPORTE_MAX_BODY_BYTES", global = true)]
    max_body_bytes: Option<String>,
    /// true when a reverse proxy in front appends the client to X-Forwarded-For.
    #[arg(long, env = "SOPORTE_BEHIND_PROXY", global = true)]
    behind_proxy: Option<String>,
}

impl SettingArgs {
    fn into_settings(self) -> (Option<PathBuf>, Settings) {
        let settings = Settings {
            database_url: self.database_url,
            bind: self.bind,
            base_url: self.base_url,
            data_dir: self.data_dir,
            smtp_url: self.smtp_url,
            mail_from: self.mail_from,
            workers: self.workers,
            job_retry_base_ms: self.job_retry_base_ms,
            job_max_attempts: self.job_max_attempts,
            max_body_bytes: self.max_body_bytes,
            behind_proxy: self.behind_proxy,
        };
        (self.config, settings)
    }
}

/// A command that did not succeed: the line to print and the exit code.
pub struct Failure {
    pub message: String,
    pub code: u8,
}

/// Exit code for a refused setting or argument, as clap uses.
const USAGE: u8 = 2;

struct Ctx {
    i18n: I18n,
    locale: Locale,
}

impl Ctx {
    fn text(&self, id: &str, args: &[(&str, &str)]) -> String {
        self.i18n.text_with(self.locale, id, args)
    }

    fn fail(&self, code: u8, id: &str, args: &[(&str, &str)]) -> Failure {
        Failure {
            message: self.text(id, args),
            code,
        }
    }

    fn config_failure(&self, error: &ConfigError) -> Failure {
        let setting = format!("{} / {}", error.setting.flag(), error.setting.env_var());
        let reason = self.text(
            error.problem.message_id(),
            &[("value", &error.value), ("detail", &error.detail())],
        );
        self.fail(
            USAGE,
            "error-setting",
            &[("setting", &setting), ("reason", &reason)],
        )
    }

    async fn open(&self, config: &Config) -> Result<Db, Failure> {
        Db::open(&config.database, &soporte::migrations())
            .await
            .map_err(|error| self.fail(1, "cli-database-failed", &[("detail", &error.to_string())]))
    }
}

pub async fn run(cli: Cli, i18n: I18n, locale: Locale) -> Result<(), Failure> {
    let ctx = Ctx { i18n, locale };
    let (file, flags) = cli.settings.into_settings();
    let from_file = match file {
        Some(path) => {
            Settings::from_toml_file(&path).map_err(|error| ctx.config_failure(&error))?
        }
        None => Settings::default(),
    };
    let config =
        Config::from_settings(flags.or(from_file)).map_err(|error| ctx.config_failure(&error))?;
    match cli.command {
        Command::Serve => serve(ctx, config, false).await,
        Command::Demo => serve(ctx, config, true).await,
        Command::Migrate => {
            let db = ctx.open(&config).await?;
            let count = db
                .migrate(&soporte::migrations())
                .await
                .map_err(|e| ctx.fail(1, "cli-database-failed", &[("detail", &e.to_string())]));
            db.close().await;
            println!(
                "{}",
                ctx.text("cli-migrated", &[("count", &count?.to_string())])
            );
            Ok(())
        }
        Command::User(UserCommand::Add { email, name, roles }) => {
            add_user(&ctx, &config, &email, &name, &roles).await
        }
        Command::User(UserCommand::Role {
            email,
            grant,
            revoke,
        }) => change_roles(&ctx, &config, &email, &grant, &revoke).await,
        Command::Mail(MailCommand::Test { to }) => queue_test_mail(&ctx, &config, &to).await,
        Command::Search(SearchCommand::Reindex) => reindex(&ctx, &config).await,
        Command::Docs(DocsCommand::Import {
            dir,
            collection,
            language,
        }) => import_docs(&ctx, &config, &dir, &collection, &language).await,
        Command::Mail(MailCommand::ResendHeld) => {
            let db = ctx.open(&config).await?;
            let queue = soporte_platform::jobs::Queue::new(db.clone(), config.jobs.max_attempts);
            let requeued = mail::requeue_held(&db, &queue).await;
            db.close().await;
            let count = requeued.map_err(|error| {
                ctx.fail(1, "cli-database-failed", &[("detail", &error.to_string())])
            })?;
            println!(
                "{}",
                ctx.text("cli-mail-requeued", &[("count", &count.to_string())])
            );
            Ok(())
        }
    }
}

async fn import_docs(
    ctx: &Ctx,
    config: &Config,
    dir: &std::path::Path,
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
    let db = ctx.open(config).await?;
    let mut bar = progress::Bar::new(ctx.text("docs-import-progress", &[]));
    let summary_text = |source: &str| {
        ctx.i18n
            .text_with(locale, "docs-import-revision", &[("source", source)])
    };
    let admonition = |kind: &str| ctx.i18n.text(locale, &format!("docs-admonition-{kind}"));
    let texts = import::write::Texts {
        summary: &summary_text,
        admonition: &admonition,
    };
    let imported = import::write::import(
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
        Err(import::write::ImportError::Empty) => {
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

async fn reindex(ctx: &Ctx, config: &Config) -> Result<(), Failure> {
    let search = soporte::search(config)
        .map_err(|error| ctx.fail(1, "search-cli-failed", &[("detail", &error.to_string())]))?;
    let db = ctx.open(config).await?;
    let mut bar = progress::Bar::new(ctx.text("search-cli-progress", &[]));
    let rebuilt = search
        .rebuild(&db, &mut |done, total| bar.set(done, total))
        .await;
    bar.finish();
    db.close().await;
    let count = rebuilt
        .map_err(|error| ctx.fail(1, "search-cli-failed", &[("detail", &error.to_string())]))?;
    println!(
        "{}",
        ctx.text("search-cli-done", &[("count", &count.to_string())])
    );
    Ok(())
}

async fn change_roles(
    ctx: &Ctx,
    config: &Config,
    email: &str,
    grant: &[String],
    revoke: &[String],
) -> Result<(), Failure> {
    let parsed: Email = email
        .parse()
        .map_err(|_| ctx.fail(USAGE, "cli-bad-email", &[("value", email)]))?;
    let roles = |names: &[String]| -> Vec<Role> {
        names.iter().filter_map(|name| name.parse().ok()).collect()
    };
    let db = ctx.open(config).await?;
    let result = async {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(parsed.as_str())
            .fetch_optional(db.pool())
            .await
            .map_err(RoleError::Database)?;
        let id = id.ok_or(RoleError::NoSuchPerson)?;
        roles::change_roles(&db, id, &roles(grant), &roles(revoke), None).await?;
        accounts::roles_of(&db, id)
            .await
            .map_err(RoleError::Database)
    }
    .await;
    db.close().await;
    match result {
        Ok(held) => {
            let held = held
                .iter()
                .map(|role| role.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            println!(
                "{}",
                ctx.text(
                    "cli-roles-now",
                    &[("email", parsed.as_str()), ("roles", &held)]
                )
            );
            Ok(())
        }
        Err(RoleError::NoSuchPerson) => {
            Err(ctx.fail(1, "cli-no-such-person", &[("email", parsed.as_str())]))
        }
        Err(RoleError::LastStaff) => Err(ctx.fail(1, "admin-last-staff", &[])),
        Err(RoleError::Database(error)) => {
            Err(ctx.fail(1, "cli-database-failed", &[("detail", &error.to_string())]))
        }
    }
}

async fn serve(ctx: Ctx, config: Config, with_demo: bool) -> Result<(), Failure> {
    let db = ctx.open(&config).await?;
    if with_demo {
        let loaded = demo::load_once(&db).await.map_err(|error| {
            ctx.fail(1, "cli-database-failed", &[("detail", &error.to_string())])
        })?;
        if loaded {
            println!("{}", ctx.text("cli-demo-loaded", &[]));
        }
        let accounts = demo::accounts().collect::<Vec<_>>().join(", ");
        println!(
            "{}",
            ctx.text(
                "cli-demo-accounts",
                &[("accounts", &accounts), ("password", demo::DEMO_PASSWORD)]
            )
        );
    }
    let bind = config.bind;
    let areas = soporte::areas(&config)
        .map_err(|error| ctx.fail(1, "search-cli-failed", &[("detail", &error.to_string())]))?;
    let server = Server::start(config, db, Arc::new(ctx.i18n), areas)
        .await
        .map_err(|error| Failure {
            message: error.to_string(),
            code: 1,
        })?;
    let url = format!("http://{}/", server.local_addr());
    println!(
        "{}",
        server
            .state()
            .i18n
            .text_with(ctx.locale, "cli-serving", &[("url", &url)])
    );
    tracing::debug!(%bind, "configured bind address");
    shutdown_signal().await;
    tracing::info!("stopping: finishing requests and jobs in flight");
    server.stop();
    server.wait().await.map_err(|error| Failure {
        message: error.to_string(),
        code: 1,
    })
}

/// SIGTERM (service managers) or Ctrl-C (a terminal).
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = interrupt => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM; only Ctrl-C stops the server");
                let _ = interrupt.await;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}

async fn add_user(
    ctx: &Ctx,
    config: &Config,
    email: &str,
    name: &str,
    roles: &[String],
) -> Result<(), Failure> {
    let parsed_email: Email = email
        .parse()
        .map_err(|_| ctx.fail(USAGE, "cli-bad-email", &[("value", email)]))?;
    let parsed_name: DisplayName = name
        .parse()
        .map_err(|_| ctx.fail(USAGE, "cli-bad-name", &[]))?;
    let roles: Vec<Role> = roles.iter().filter_map(|role| role.parse().ok()).collect();
    let db = ctx.open(config).await?;
    let result = accounts::add_user(&db, &parsed_email, &parsed_name, &roles, None).await;
    db.close().await;
    match result {
        Ok(id) => {
            println!(
                "{}",
                ctx.text(
                    "cli-user-added",
                    &[
                        ("name", parsed_name.as_str()),
                        ("email", parsed_email.as_str()),
                        ("id", &id.to_string())
                    ]
                )
            );
            Ok(())
        }
        Err(AddUserError::EmailTaken) => Err(ctx.fail(
            1,
            "cli-user-email-taken",
            &[("email", parsed_email.as_str())],
        )),
        Err(AddUserError::Database(error)) => {
            Err(ctx.fail(1, "cli-database-failed", &[("detail", &error.to_string())]))
        }
    }
}

async fn queue_test_mail(ctx: &Ctx, config: &Config, to: &str) -> Result<(), Failure> {
    let to = to
        .parse()
        .map_err(|_| ctx.fail(USAGE, "cli-bad-email", &[("value", to)]))?;
    let db = ctx.open(config).await?;
    let queue = soporte_platform::jobs::Queue::new(db.clone(), config.jobs.max_attempts);
    let message = OutgoingMail {
        to,
        subject: ctx.text("mail-test-subject", &[]),
        body_text: ctx.text("mail-test-body", &[]),
    };
    let queued = async {
        let mut tx = db.write().await?;
        let id = mail::queue_mail(&queue, &mut tx, &message).await?;
        tx.commit().await?;
        Ok::<i64, sqlx::Error>(id)
    }
    .await;
    db.close().await;
    let id = queued
        .map_err(|error| ctx.fail(1, "cli-database-failed", &[("detail", &error.to_string())]))?;
    println!(
        "{}",
        ctx.text("cli-mail-queued", &[("id", &id.to_string())])
    );
    Ok(())
}
