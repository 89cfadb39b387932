//! Settings: where they come from (flags and environment through the binary's CLI, an
//! optional TOML file) and the typed [`Config`] they are parsed into. A setting that
//! does not parse stops start-up with a [`ConfigError`] that names it.

use std::net::SocketAddr;
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::message::Mailbox;
use serde::Deserialize;
use url::Url;

/// Raw settings as strings, one field per setting. The binary fills one from flags
/// and environment variables, another from the TOML file; [`Settings::or`] layers them.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub database_url: Option<String>,
    pub bind: Option<String>,
    pub base_url: Option<String>,
    pub data_dir: Option<String>,
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    pub workers: Option<String>,
    pub job_retry_base_ms: Option<String>,
    pub job_max_attempts: Option<String>,
    pub max_body_bytes: Option<String>,
    pub behind_proxy: Option<String>,
}

impl Settings {
    /// Every field of `self` that is set, the rest from `fallback`.
    pub fn or(self, fallback: Settings) -> Settings {
        Settings {
            database_url: self.database_url.or(fallback.database_url),
            bind: self.bind.or(fallback.bind),
            base_url: self.base_url.or(fallback.base_url),
            data_dir: self.data_dir.or(fallback.data_dir),
            smtp_url: self.smtp_url.or(fallback.smtp_url),
            mail_from: self.mail_from.or(fallback.mail_from),
            workers: self.workers.or(fallback.workers),
            job_retry_base_ms: self.job_retry_base_ms.or(fallback.job_retry_base_ms),
            job_max_attempts: self.job_max_attempts.or(fallback.job_max_attempts),
            max_body_bytes: self.max_body_bytes.or(fallback.max_body_bytes),
            behind_proxy: self.behind_proxy.or(fallback.behind_proxy),
        }
    }

    /// Reads a TOML settings file whose keys are the field names above.
    pub fn from_toml_file(path: &Path) -> Result<Settings, ConfigError> {
        let setting = Setting::ConfigFile;
        let text = std::fs::read_to_string(path).map_err(|error| ConfigError {
            setting,
            value: path.display().to_string(),
            problem: Problem::Unreadable(error.to_string()),
        })?;
        toml::from_str(&text).map_err(|error| ConfigError {
            setting,
            value: path.display().to_string(),
            problem: Problem::Toml(error.message().to_owned()),
        })
    }
}

/// The name of each setting, as a flag, an environment variable and a TOML key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    ConfigFile,
    DatabaseUrl,
    Bind,
    BaseUrl,
    DataDir,
    SmtpUrl,
    MailFrom,
    Workers,
    JobRetryBaseMs,
    JobMaxAttempts,
    MaxBodyBytes,
    BehindProxy,
}

impl Setting {
    pub fn key(self) -> &'static str {
        match self {
            Setting::ConfigFile => "config",
            Setting::DatabaseUrl => "database_url",
            Setting::Bind => "bind",
            Setting::BaseUrl => "base_url",
            Setting::DataDir => "data_dir",
            Setting::SmtpUrl => "smtp_url",
            Setting::MailFrom => "mail_from",
            Setting::Workers => "workers",
            Setting::JobRetryBaseMs => "job_retry_base_ms",
            Setting::JobMaxAttempts => "job_max_attempts",
            Setting::MaxBodyBytes => "max_body_bytes",
            Setting::BehindProxy => "behind_proxy",
        }
    }

    pub fn env_var(self) -> String {
        format!("SOPORTE_{}", self.key().to_ascii_uppercase())
    }

    pub fn flag(self) -> String {
        format!("--{}", self.key().replace('_', "-"))
    }
}

/// Why a setting was refused; the binary turns it into one localized line.
#[derive(Debug, thiserror::Error)]
#[error("{} ({}): {value:?}: {problem}", setting.flag(), setting.env_var())]
pub struct ConfigError {
    pub setting: Setting,
    pub value: String,
    pub problem: Problem,
}

#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error("unknown database scheme (use sqlite:// or postgres://)")]
    UnknownDatabaseScheme,
    #[error("not an IP address and port such as 127.0.0.1:8080")]
    NotASocketAddress,
    #[error("not an http:// or https:// URL")]
    NotAnHttpUrl,
    #[error("not an SMTP URL such as smtp://host:25 or smtps://user:pass@host")]
    NotAnSmtpUrl,
    #[error("not a mailbox such as Soporte <soporte@example.org>")]
    NotAMailbox,
    #[error("not true or false")]
    NotABoolean,
    #[error("not a whole number between {min} and {max}")]
    OutOfRange { min: u64, max: u64 },
    #[error("cannot be read: {0}")]
    Unreadable(String),
    #[error("is not valid TOML: {0}")]
    Toml(String),
}

impl ConfigError {
    /// The specifics a localized message shows after its explanation.
    pub fn detail(&self) -> String {
        match &self.problem {
            Problem::OutOfRange { min, max } => format!("{min}–{max}"),
            Problem::Unreadable(detail) | Problem::Toml(detail) => detail.clone(),
            _ => String::new(),
        }
    }
}

impl Problem {
    /// The Fluent id of this problem's explanation.
    pub fn message_id(&self) -> &'static str {
        match self {
            Problem::UnknownDatabaseScheme => "config-unknown-database-scheme",
            Problem::NotASocketAddress => "config-not-a-socket-address",
            Problem::NotAnHttpUrl => "config-not-an-http-url",
            Problem::NotAnSmtpUrl => "config-not-an-smtp-url",
            Problem::NotAMailbox => "config-not-a-mailbox",
            Problem::OutOfRange { .. } => "config-out-of-range",
            Problem::NotABoolean => "config-not-a-boolean",
            Problem::Unreadable(_) => "config-unreadable",
            Problem::Toml(_) => "config-not-toml",
        }
    }
}

/// Where the data lives: an embedded SQLite file or a PostgreSQL server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(value: &str) -> Result<DatabaseUrl, Problem> {
        if let Some(path) = value
            .strip_prefix("sqlite://")
            .or_else(|| value.strip_prefix("sqlite:"))
        {
            let path = path.split('?').next().unwrap_or_default();
            if path.is_empty() {
                return Err(Problem::UnknownDatabaseScheme);
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
        }
        match Url::parse(value) {
            Ok(url) if matches!(url.scheme(), "postgres" | "postgresql") && url.has_host() => {
                Ok(DatabaseUrl::Postgres(value.to_owned()))
            }
            _ => Err(Problem::UnknownDatabaseScheme),
        }
    }
}

/// An SMTP server address that lettre accepts (`smtp://`, `smtps://`, with
/// `?tls=required` or `?tls=opportunistic`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmtpUrl(String);

impl SmtpUrl {
    pub fn parse(value: &str) -> Result<SmtpUrl, Problem> {
        lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(value)
            .map(|_| SmtpUrl(value.to_owned()))
            .map_err(|_| Problem::NotAnSmtpUrl)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Background job settings.
#[derive(Clone, Debug)]
pub struct JobsConfig {
    pub workers: NonZeroU16,
    /// Delay before the first retry; each further retry doubles it.
    pub retry_base: Duration,
    pub max_attempts: u32,
}

/// Everything the server needs, parsed.
#[derive(Clone, Debug)]
pub struct Config {
    pub database: DatabaseUrl,
    pub bind: SocketAddr,
    pub base_url: Url,
    pub data_dir: PathBuf,
    pub smtp: Option<SmtpUrl>,
    pub mail_from: Mailbox,
    pub jobs: JobsConfig,
    pub max_body_bytes: usize,
    /// Whether a reverse proxy in front appends the client's address to
    /// `X-Forwarded-For` (then that address, not the proxy's, is the client's).
    pub behind_proxy: bool,
}

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_DATA_DIR: &str = "./soporte-data";
const DEFAULT_MAIL_FROM: &str = "Soporte MxOS <soporte@localhost>";

impl Config {
    /// Parses the layered settings; unset ones take their defaults.
    pub fn from_settings(settings: Settings) -> Result<Config, ConfigError> {
        let data_dir = PathBuf::from(settings.data_dir.as_deref().unwrap_or(DEFAULT_DATA_DIR));
        let database = match settings.database_url.as_deref() {
            Some(value) => parse(Setting::DatabaseUrl, value, DatabaseUrl::parse)?,
            None => DatabaseUrl::Sqlite(data_dir.join("soporte.db")),
        };
        let bind: SocketAddr = parse(
            Setting::Bind,
            settings.bind.as_deref().unwrap_or(DEFAULT_BIND),
            |value| value.parse().map_err(|_| Problem::NotASocketAddress),
        )?;
        let base_url = match settings.base_url.as_deref() {
            Some(value) => parse(Setting::BaseUrl, value, parse_http_url)?,
            None => parse_http_url(&format!("http://{bind}/")).map_err(|problem| ConfigError {
                setting: Setting::Bind,
                value: bind.to_string(),
                problem,
            })?,
        };
        let smtp = settings
            .smtp_url
            .as_deref()
            .filter(|value| !value.is_empty())
            .map(|value| parse(Setting::SmtpUrl, value, SmtpUrl::parse))
            .transpose()?;
        let mail_from = parse(
            Setting::MailFrom,
            settings.mail_from.as_deref().unwrap_or(DEFAULT_MAIL_FROM),
            |value| value.parse().map_err(|_| Problem::NotAMailbox),
        )?;
        let workers = number(Setting::Workers, settings.workers.as_deref(), 4, 1, 256)?;
        let retry_base_ms = number(
            Setting::JobRetryBaseMs,
            settings.job_retry_base_ms.as_deref(),
            5_000,
            1,
            3_600_000,
        )?;
        let max_attempts = number(
            Setting::JobMaxAttempts,
            settings.job_max_attempts.as_deref(),
            8,
            1,
            100,
        )?;
        let max_body_bytes = number(
            Setting::MaxBodyBytes,
            settings.max_body_bytes.as_deref(),
            1 << 20,
            1024,
            1 << 30,
        )?;
        let behind_proxy = match settings.behind_proxy.as_deref() {
            None => false,
            Some(value) => parse(Setting::BehindProxy, value, parse_bool)?,
        };
        Ok(Config {
            database,
            bind,
            base_url,
            data_dir,
            smtp,
            mail_from,
            jobs: JobsConfig {
                workers: NonZeroU16::new(workers as u16).unwrap_or(NonZeroU16::MIN),
                retry_base: Duration::from_millis(retry_base_ms),
                max_attempts: max_attempts as u32,
            },
            max_body_bytes: max_body_bytes as usize,
            behind_proxy,
        })
    }
}

fn parse<T>(
    setting: Setting,
    value: &str,
    parser: impl FnOnce(&str) -> Result<T, Problem>,
) -> Result<T, ConfigError> {
    parser(value).map_err(|problem| ConfigError {
        setting,
        value: value.to_owned(),
        problem,
    })
}

fn number(
    setting: Setting,
    value: Option<&str>,
    default: u64,
    min: u64,
    max: u64,
) -> Result<u64, ConfigError> {
    let Some(value) = value else {
        return Ok(default);
    };
    parse(setting, value, |text| {
        text.trim()
            .parse::<u64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or(Problem::OutOfRange { min, max })
    })
}

fn parse_bool(value: &str) -> Result<bool, Problem> {
    match value.trim().to_lowercase().as_str() {
        "true" | "1" | "yes" | "sí" | "si" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        _ => Err(Problem::NotABoolean),
    }
}

fn parse_http_url(value: &str) -> Result<Url, Problem> {
    match Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => Ok(url),
        _ => Err(Problem::NotAnHttpUrl),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings::default()
    }

    #[test]
    fn defaults_need_no_settings() -> Result<(), ConfigError> {
        let config = Config::from_settings(settings())?;
        assert_eq!(config.bind.to_string(), DEFAULT_BIND);
        assert_eq!(config.base_url.as_str(), "http://127.0.0.1:8080/");
        assert_eq!(
            config.database,
            DatabaseUrl::Sqlite(PathBuf::from(DEFAULT_DATA_DIR).join("soporte.db"))
        );
        assert!(config.smtp.is_none());
        assert_eq!(config.jobs.workers.get(), 4);
        Ok(())
    }

    #[test]
    fn database_urls_choose_the_backend() {
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/soporte/db.sqlite?mode=rwc").ok(),
            Some(DatabaseUrl::Sqlite(PathBuf::from(
                "/var/lib/soporte/db.sqlite"
            )))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:data.db").ok(),
            Some(DatabaseUrl::Sqlite(PathBuf::from("data.db")))
        );
        assert!(matches!(
            DatabaseUrl::parse("postgres://postgres@127.0.0.1:5432/soporte"),
            Ok(DatabaseUrl::Postgres(_))
        ));
        for bad in [
            "mysql://localhost/db",
            "postgres://",
            "sqlite://",
            "nonsense",
            "",
        ] {
            assert!(DatabaseUrl::parse(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn a_bad_setting_names_itself() {
        let error = Config::from_settings(Settings {
            bind: Some("localhost".into()),
            ..settings()
        })
        .err();
        let Some(error) = error else {
            panic!("a bad bind address was accepted");
        };
        assert_eq!(error.setting, Setting::Bind);
        assert_eq!(error.setting.env_var(), "SOPORTE_BIND");
        assert_eq!(error.setting.flag(), "--bind");
        assert!(matches!(error.problem, Problem::NotASocketAddress));
    }

    #[test]
    fn numbers_are_range_checked() {
        for (workers, ok) in [("0", false), ("1", true), ("300", false), ("x", false)] {
            let result = Config::from_settings(Settings {
                workers: Some(workers.into()),
                ..settings()
            });
            assert_eq!(result.is_ok(), ok, "workers={workers}");
        }
    }

    #[test]
    fn smtp_and_mailbox_are_checked() {
        assert!(SmtpUrl::parse("smtp://127.0.0.1:2525").is_ok());
        assert!(SmtpUrl::parse("smtps://user:secret@mail.example.org").is_ok());
        assert!(SmtpUrl::parse("http://mail.example.org").is_err());
        let bad_from = Config::from_settings(Settings {
            mail_from: Some("not a mailbox".into()),
            ..settings()
        });
        assert!(matches!(
            bad_from,
            Err(ConfigError {
                setting: Setting::MailFrom,
                ..
            })
        ));
    }

    #[test]
    fn layers_prefer_the_first_source() {
        let flags = Settings {
            bind: Some("0.0.0.0:9000".into()),
            ..settings()
        };
        let file = Settings {
            bind: Some("127.0.0.1:1".into()),
            workers: Some("2".into()),
            ..settings()
        };
        let merged = flags.or(file);
        assert_eq!(merged.bind.as_deref(), Some("0.0.0.0:9000"));
        assert_eq!(merged.workers.as_deref(), Some("2"));
    }

    #[test]
    fn booleans_read_both_languages() {
        for (text, expected) in [
            ("true", Some(true)),
            ("Sí", Some(true)),
            ("0", Some(false)),
            ("quizá", None),
        ] {
            let result = Config::from_settings(Settings {
                behind_proxy: Some(text.into()),
                ..settings()
            });
            assert_eq!(
                result.ok().map(|config| config.behind_proxy),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn toml_files_refuse_unknown_keys() {
        assert!(toml::from_str::<Settings>("bind = \"127.0.0.1:1\"").is_ok());
        assert!(toml::from_str::<Settings>("bindd = \"127.0.0.1:1\"").is_err());
    }
}
