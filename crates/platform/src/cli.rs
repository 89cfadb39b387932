//! What every subcommand of `soporte` stands on, the platform's and the areas': the
//! settings, the texts in the terminal's language, the database with every area's
//! migrations, and one way to fail (a localized line and an exit code).

use std::sync::Arc;

use crate::config::{Config, ConfigError};
use crate::i18n::{I18n, Locale};
use crate::searchable::Source;
use crate::storage::{Db, Migrations};

/// A command that did not succeed: the line to print and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    /// Something that should not happen; said as it is.
    pub fn internal(message: String) -> Failure {
        Failure { message, code: 1 }
    }
}

/// Exit code for a refused setting or argument, as clap uses.
pub const USAGE: u8 = 2;

/// What a command may use.
pub struct CommandContext {
    pub i18n: I18n,
    /// The terminal's language.
    pub locale: Locale,
    pub config: Config,
    migrations: Vec<&'static Migrations>,
    sources: Vec<Arc<dyn Source>>,
}

impl CommandContext {
    pub fn new(
        i18n: I18n,
        locale: Locale,
        config: Config,
        migrations: Vec<&'static Migrations>,
        sources: Vec<Arc<dyn Source>>,
    ) -> CommandContext {
        CommandContext {
            i18n,
            locale,
            config,
            migrations,
            sources,
        }
    }

    /// Every area's searchable things.
    pub fn sources(&self) -> &[Arc<dyn Source>] {
        &self.sources
    }

    /// The text of `id` in the terminal's language.
    pub fn text(&self, id: &str, args: &[(&str, &str)]) -> String {
        self.i18n.text_with(self.locale, id, args)
    }

    /// A failure saying text `id`.
    pub fn fail(&self, code: u8, id: &str, args: &[(&str, &str)]) -> Failure {
        Failure {
            message: self.text(id, args),
            code,
        }
    }

    /// A failure of the database (or of anything else that only has a message).
    pub fn database_failed(&self, error: impl std::fmt::Display) -> Failure {
        self.fail(1, "cli-database-failed", &[("detail", &error.to_string())])
    }

    /// A refused setting, naming its flag and variable.
    pub fn config_failure(&self, error: &ConfigError) -> Failure {
        config_failure(&self.i18n, self.locale, error)
    }

    /// The database, migrated.
    pub async fn open(&self) -> Result<Db, Failure> {
        Db::open(&self.config.database, &self.migrations)
            .await
            .map_err(|error| self.database_failed(error))
    }

    /// Applies pending migrations; returns how many.
    pub async fn migrate(&self, db: &Db) -> Result<usize, Failure> {
        db.migrate(&self.migrations)
            .await
            .map_err(|error| self.database_failed(error))
    }
}

/// A refused setting as one localized line, before any command runs.
pub fn config_failure(i18n: &I18n, locale: Locale, error: &ConfigError) -> Failure {
    let setting = format!("{} / {}", error.setting.flag(), error.setting.env_var());
    let reason = i18n.text_with(
        locale,
        error.problem.message_id(),
        &[("value", &error.value), ("detail", &error.detail())],
    );
    Failure {
        message: i18n.text_with(
            locale,
            "error-setting",
            &[("setting", &setting), ("reason", &reason)],
        ),
        code: USAGE,
    }
}
