//! The command line: the platform's subcommands and every area's, the flags and
//! environment variables of every setting, and the localized one-line errors printed
//! when something is refused.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{ArgMatches, FromArgMatches, Subcommand};
use soporte_platform::accounts::roles::{self, RoleError};
use soporte_platform::accounts::{self, AddUserError, DisplayName, Email, Role};
use soporte_platform::area::Site;
use soporte_platform::cli::{self as platform_cli, CommandContext, Failure, USAGE};
use soporte_platform::config::{CONFIG_FILE, Config, Setting, Settings};
use soporte_platform::i18n::{I18n, Locale};
use soporte_platform::mail::{self, OutgoingMail};
use soporte_platform::server::Server;

use crate::demo;

/// The whole command line: settings, the platform's subcommands, then each area's.
pub fn command(site: &Site) -> clap::Command {
    let command = clap::Command::new("soporte")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Soporte: the support platform of MxOS / la plataforma de soporte de MxOS")
        .subcommand_required(true)
        .arg_required_else_help(true);
    let command = Command::augment_subcommands(setting_args(command, &site.settings()));
    site.areas()
        .iter()
        .flat_map(|area| area.commands())
        .fold(command, clap::Command::subcommand)
}

/// The platform's subcommands.
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
    /// The keys that seal secrets kept in the database (--secrets-file).
    #[command(subcommand)]
    Secrets(SecretsCommand),
}

#[derive(Subcommand, Debug)]
enum SecretsCommand {
    /// Print a new key: put it first in the secrets file (keeping the old lines) and
    /// run reseal.
    NewKey,
    /// Seal again with the file's first key every secret sealed with another.
    Reseal,
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

/// Every setting (the platform's and the areas'), as a global flag and an
/// environment variable, made from their declarations.
fn setting_args(command: clap::Command, settings: &[Setting]) -> clap::Command {
    std::iter::once(&CONFIG_FILE)
        .chain(settings.iter().copied())
        .fold(command, |command, setting| {
            command.arg(
                clap::Arg::new(setting.name())
                    .long(setting.name())
                    .env(setting.env_var())
                    .help(setting.help)
                    .global(true),
            )
        })
}

/// The settings file and the settings given as flags or variables.
fn given_settings(matches: &ArgMatches, settings: &[Setting]) -> (Option<PathBuf>, Settings) {
    let value = |setting: Setting| matches.get_one::<String>(&setting.name()).cloned();
    let mut given = Settings::default();
    for setting in settings {
        if let Some(text) = value(setting) {
            given.set(setting, text);
        }
    }
    (value(&CONFIG_FILE).map(PathBuf::from), given)
}

/// Runs the command `matches` names, the platform's or an area's.
pub async fn run(
    site: Site,
    matches: ArgMatches,
    i18n: I18n,
    locale: Locale,
) -> Result<(), Failure> {
    let usage = |error: clap::Error| Failure {
        message: error.to_string(),
        code: USAGE,
    };
    let settings = site.settings();
    let (file, flags) = given_settings(&matches, &settings);
    let refused = |error| platform_cli::config_failure(&i18n, locale, &error);
    let from_file = match file {
        Some(path) => Settings::from_toml_file(&path, &settings).map_err(refused)?,
        None => Settings::default(),
    };
    let config = Config::from_settings(flags.or(from_file)).map_err(refused)?;
    let ctx = CommandContext::new(i18n, locale, config, site.migrations(), site.sources());
    if let Some((name, area_matches)) = matches.subcommand()
        && let Some(area) = site.command_owner(name)
    {
        return area.run(name, area_matches, &ctx).await;
    }
    let config = &ctx.config;
    match Command::from_arg_matches(&matches).map_err(usage)? {
        Command::Serve => serve(ctx, site, false).await,
        Command::Demo => serve(ctx, site, true).await,
        Command::Migrate => {
            let db = ctx.open().await?;
            let count = ctx.migrate(&db).await;
            db.close().await;
            println!(
                "{}",
                ctx.text("cli-migrated", &[("count", &count?.to_string())])
            );
            Ok(())
        }
        Command::User(UserCommand::Add { email, name, roles }) => {
            add_user(&ctx, &email, &name, &roles).await
        }
        Command::User(UserCommand::Role {
            email,
            grant,
            revoke,
        }) => change_roles(&ctx, &email, &grant, &revoke).await,
        Command::Mail(MailCommand::Test { to }) => queue_test_mail(&ctx, config, &to).await,
        Command::Secrets(SecretsCommand::NewKey) => {
            let line = soporte_platform::sealing::new_key_line()
                .map_err(|error| Failure::internal(error.to_string()))?;
            println!("{line}");
            Ok(())
        }
        Command::Secrets(SecretsCommand::Reseal) => {
            let sealing = soporte_platform::sealing::SealingKeys::load(&config.secrets_file)
                .map_err(|error| Failure::internal(error.to_string()))?;
            let db = ctx.open().await?;
            let resealed = soporte_platform::accounts::reseal_secrets(&db, &sealing).await;
            db.close().await;
            let count = resealed.map_err(|error| Failure::internal(error.to_string()))?;
            println!(
                "{}",
                ctx.text("cli-secrets-resealed", &[("count", &count.to_string())])
            );
            Ok(())
        }
        Command::Mail(MailCommand::ResendHeld) => {
            let db = ctx.open().await?;
            let queue = soporte_platform::jobs::Queue::new(db.clone(), config.jobs.max_attempts);
            let requeued = mail::requeue_held(&db, &queue).await;
            db.close().await;
            let count = requeued.map_err(|error| ctx.database_failed(error))?;
            println!(
                "{}",
                ctx.text("cli-mail-requeued", &[("count", &count.to_string())])
            );
            Ok(())
        }
    }
}

async fn change_roles(
    ctx: &CommandContext,
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
    let db = ctx.open().await?;
    let result = async {
        let id: Option<soporte_platform::storage::UserId> =
            sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
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
        Err(RoleError::Database(error)) => Err(ctx.database_failed(error)),
    }
}

async fn serve(ctx: CommandContext, site: Site, with_demo: bool) -> Result<(), Failure> {
    let db = ctx.open().await?;
    if with_demo {
        let loaded = demo::load_once(&db, &site)
            .await
            .map_err(|error| ctx.database_failed(error))?;
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
    let config = ctx.config;
    let bind = config.bind;
    let parts = site.parts(&config).map_err(|error| Failure {
        message: error.to_string(),
        code: 1,
    })?;
    let server = Server::start(config, db, Arc::new(ctx.i18n), site, parts)
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
    ctx: &CommandContext,
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
    let db = ctx.open().await?;
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
        Err(AddUserError::Database(error)) => Err(ctx.database_failed(error)),
    }
}

async fn queue_test_mail(ctx: &CommandContext, config: &Config, to: &str) -> Result<(), Failure> {
    let to = to
        .parse()
        .map_err(|_| ctx.fail(USAGE, "cli-bad-email", &[("value", to)]))?;
    let db = ctx.open().await?;
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
    let id = queued.map_err(|error| ctx.database_failed(error))?;
    println!(
        "{}",
        ctx.text("cli-mail-queued", &[("id", &id.to_string())])
    );
    Ok(())
}
