//! Settings: where they come from (flags and environment through the binary's CLI, an
//! optional TOML file) and the typed [`Config`] they are parsed into. A setting that
//! does not parse stops start-up with a [`ConfigError`] that names it.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::message::Mailbox;
use url::Url;

/// A setting, declared once: its section (an area's name; none for the platform's
/// own), its key, what it means and its default as a person reads it. Its flag,
/// environment variable and TOML key follow: `bind` is `--bind`, `SOPORTE_BIND` and
/// `bind = …`; `dir` of section `search` is `--search-dir`, `SOPORTE_SEARCH_DIR` and
/// `[search] dir = …`. The command line, the TOML file and the README's table are all
/// made from these declarations.
#[derive(Debug, PartialEq, Eq)]
pub struct SettingSpec {
    pub section: Option<&'static str>,
    pub key: &'static str,
    /// What it does, for `--help`.
    pub help: &'static str,
    /// Its default, as the README's table says it (Markdown).
    pub default: &'static str,
}

/// A setting's declaration, as errors and lookups name it.
pub type Setting = &'static SettingSpec;

impl SettingSpec {
    /// The setting's name with its section: `bind`, `search-dir`.
    pub fn name(&self) -> String {
        match self.section {
            Some(section) => format!("{section}-{}", self.key.replace('_', "-")),
            None => self.key.replace('_', "-"),
        }
    }

    pub fn flag(&self) -> String {
        format!("--{}", self.name())
    }

    pub fn env_var(&self) -> String {
        format!(
            "SOPORTE_{}",
            self.name().replace('-', "_").to_ascii_uppercase()
        )
    }

    /// The row of the README's settings table.
    pub fn readme_row(&self) -> String {
        format!(
            "| `{}` / `{}` | {} |",
            self.flag(),
            self.env_var(),
            self.default
        )
    }
}

const fn platform(key: &'static str, help: &'static str, default: &'static str) -> SettingSpec {
    SettingSpec {
        section: None,
        key,
        help,
        default,
    }
}

/// The settings file itself (a flag and a variable only).
pub const CONFIG_FILE: SettingSpec = platform(
    "config",
    "TOML file with settings (flags and environment variables override it).",
    "none",
);
pub const DATABASE_URL: SettingSpec = platform(
    "database_url",
    "sqlite://PATH (default: DATA_DIR/soporte.db) or postgres://USER@HOST/DB",
    "`sqlite://DATA_DIR/soporte.db`; or `postgres://user@host/db`",
);
pub const BIND: SettingSpec = platform(
    "bind",
    "Address and port to listen on (default 127.0.0.1:8080).",
    "`127.0.0.1:8080`",
);
pub const BASE_URL: SettingSpec = platform(
    "base_url",
    "Public address of the site, for links in mail and feeds.",
    "`http://BIND/`",
);
pub const DATA_DIR: SettingSpec = platform(
    "data_dir",
    "Directory for the SQLite database and other files (default ./soporte-data).",
    "`./soporte-data`",
);
pub const SECRETS_FILE: SettingSpec = platform(
    "secrets_file",
    "File of the keys that seal secrets kept in the database (default DATA_DIR/secret-keys, made on first start).",
    "`DATA_DIR/secret-keys`, made on first start; the same file on every node",
);
pub const SMTP_URL: SettingSpec = platform(
    "smtp_url",
    "SMTP server, such as smtp://host:25 or smtps://user:password@host.",
    "none: mail is kept in the database and the log",
);
pub const MAIL_FROM: SettingSpec = platform(
    "mail_from",
    "Sender of outgoing mail.",
    "`Soporte MxOS <soporte@localhost>`",
);
pub const WORKERS: SettingSpec = platform(
    "workers",
    "Number of background job workers (default 4).",
    "`4` background job workers",
);
pub const JOB_RETRY_BASE_MS: SettingSpec = platform(
    "job_retry_base_ms",
    "Delay before the first retry of a failed job, in milliseconds (default 5000).",
    "`5000`, doubled on each retry",
);
pub const JOB_MAX_ATTEMPTS: SettingSpec = platform(
    "job_max_attempts",
    "Attempts before a job is given up (default 8).",
    "`8`",
);
pub const JOB_KEEP_DONE_MS: SettingSpec = platform(
    "job_keep_done_ms",
    "How long a finished job is kept before it is purged, in milliseconds (default 604800000, a week).",
    "`604800000` (a week); jobs given up are kept",
);
pub const MAX_BODY_BYTES: SettingSpec = platform(
    "max_body_bytes",
    "Largest request body accepted, in bytes (default 1048576).",
    "`1048576`",
);
pub const BEHIND_PROXY: SettingSpec = platform(
    "behind_proxy",
    "true when a reverse proxy in front appends the client to X-Forwarded-For.",
    "`false`; `true` when a reverse proxy appends the client to `X-Forwarded-For` (rate limits then count per client, not per proxy)",
);

pub const HEADER_TIMEOUT_MS: SettingSpec = platform(
    "header_timeout_ms",
    "Time a client has to send a request's headers, and longest wait for the next request on an open connection, in milliseconds (default 10000).",
    "`10000`: a client that sends half a request, or nothing more on a kept-alive connection, is disconnected after 10 s",
);
pub const IDLE_TIMEOUT_MS: SettingSpec = platform(
    "idle_timeout_ms",
    "Longest pause while a request body arrives, in milliseconds (default 30000).",
    "`30000`: a body that stops arriving for 30 s ends its request",
);
pub const REQUEST_TIMEOUT_MS: SettingSpec = platform(
    "request_timeout_ms",
    "Longest a request may take, its body included, in milliseconds (default 60000).",
    "`60000`: a client that trickles its body is cut off with `408`",
);
pub const MAX_CONNECTIONS_PER_ADDRESS: SettingSpec = platform(
    "max_connections_per_address",
    "Connections one client address may hold at once; 0 for no limit (default 100; none behind a proxy).",
    "`100`; `0` for no limit; none when `--behind-proxy` (every client shares the proxy's address)",
);
pub const MAX_CONNECTIONS: SettingSpec = platform(
    "max_connections",
    "Connections served at once; more wait to be accepted (default 1000).",
    "`1000`; more wait in the system's queue until one closes",
);
pub const SHUTDOWN_GRACE_MS: SettingSpec = platform(
    "shutdown_grace_ms",
    "On SIGTERM, time requests and jobs in flight have to finish, in milliseconds (default 10000).",
    "`10000`: connections still open after it are closed",
);

pub const METRICS_TOKEN: SettingSpec = platform(
    "metrics_token",
    "Token Prometheus sends (Authorization: Bearer TOKEN) to read /metrics; without one, /metrics is not served.",
    "none: `/metrics` is not served; with a token (16 characters or more), it answers whoever sends `Authorization: Bearer TOKEN`",
);

/// The platform's settings, in the order `--help` and the README show them.
pub const PLATFORM_SETTINGS: [Setting; 20] = [
    &DATABASE_URL,
    &BIND,
    &BASE_URL,
    &DATA_DIR,
    &SECRETS_FILE,
    &SMTP_URL,
    &MAIL_FROM,
    &WORKERS,
    &JOB_RETRY_BASE_MS,
    &JOB_MAX_ATTEMPTS,
    &JOB_KEEP_DONE_MS,
    &MAX_BODY_BYTES,
    &HEADER_TIMEOUT_MS,
    &IDLE_TIMEOUT_MS,
    &REQUEST_TIMEOUT_MS,
    &MAX_CONNECTIONS,
    &MAX_CONNECTIONS_PER_ADDRESS,
    &SHUTDOWN_GRACE_MS,
    &BEHIND_PROXY,
    &METRICS_TOKEN,
];

/// Raw settings as strings, by setting name. The binary fills one from flags and
/// environment variables, another from the TOML file; [`Settings::or`] layers them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings(BTreeMap<String, String>);

impl Settings {
    pub fn set(&mut self, setting: Setting, value: impl Into<String>) {
        self.0.insert(setting.name(), value.into());
    }

    pub fn get(&self, setting: Setting) -> Option<&str> {
        self.0.get(&setting.name()).map(String::as_str)
    }

    /// Every setting of `self` that is set, the rest from `fallback`.
    pub fn or(mut self, fallback: Settings) -> Settings {
        for (name, value) in fallback.0 {
            self.0.entry(name).or_insert(value);
        }
        self
    }

    /// Reads a TOML settings file: the platform's keys at the top, each area's in a
    /// table named after it. A key no setting declares is refused by name.
    pub fn from_toml_file(path: &Path, known: &[Setting]) -> Result<Settings, ConfigError> {
        let refused = |problem| ConfigError {
            setting: &CONFIG_FILE,
            value: path.display().to_string(),
            problem,
        };
        let text = std::fs::read_to_string(path)
            .map_err(|error| refused(Problem::Unreadable(error.to_string())))?;
        Settings::from_toml(&text, known).map_err(refused)
    }

    fn from_toml(text: &str, known: &[Setting]) -> Result<Settings, Problem> {
        let table: toml::Table =
            toml::from_str(text).map_err(|error| Problem::Toml(error.message().to_owned()))?;
        let mut settings = Settings::default();
        for (key, value) in &table {
            if let toml::Value::Table(section) = value {
                for (inner, value) in section {
                    let setting = known
                        .iter()
                        .find(|s| s.section == Some(key.as_str()) && s.key == inner)
                        .ok_or_else(|| Problem::UnknownKey(format!("[{key}] {inner}")))?;
                    settings.set(setting, toml_text(value));
                }
            } else {
                let setting = known
                    .iter()
                    .find(|s| s.section.is_none() && s.key == key)
                    .ok_or_else(|| Problem::UnknownKey(key.clone()))?;
                settings.set(setting, toml_text(value));
            }
        }
        Ok(settings)
    }
}

/// A TOML value as the text a flag would carry.
fn toml_text(value: &toml::Value) -> String {
    match value {
        toml::Value::String(text) => text.clone(),
        toml::Value::Integer(number) => number.to_string(),
        toml::Value::Float(number) => number.to_string(),
        toml::Value::Boolean(yes) => yes.to_string(),
        // Not a value any setting takes: its parser refuses it, naming the setting.
        other => format!("{other:?}"),
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
    #[error("shorter than 16 characters, or holds spaces or other characters")]
    WeakToken,
    #[error("not a whole number between {min} and {max}")]
    OutOfRange { min: u64, max: u64 },
    #[error("cannot be read: {0}")]
    Unreadable(String),
    #[error("is not valid TOML: {0}")]
    Toml(String),
    #[error("has a key no setting has: {0}")]
    UnknownKey(String),
}

impl ConfigError {
    /// The specifics a localized message shows after its explanation.
    pub fn detail(&self) -> String {
        match &self.problem {
            Problem::OutOfRange { min, max } => format!("{min}–{max}"),
            Problem::Unreadable(detail) | Problem::Toml(detail) | Problem::UnknownKey(detail) => {
                detail.clone()
            }
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
            Problem::WeakToken => "config-weak-token",
            Problem::Unreadable(_) => "config-unreadable",
            Problem::Toml(_) => "config-not-toml",
            Problem::UnknownKey(_) => "config-unknown-key",
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

/// The operators' token for `/metrics`: long enough not to be guessed.
#[derive(Clone, PartialEq, Eq)]
pub struct MetricsToken(String);

impl MetricsToken {
    pub fn parse(value: &str) -> Result<MetricsToken, Problem> {
        let value = value.trim();
        if value.len() >= 16 && value.bytes().all(|byte| byte.is_ascii_graphic()) {
            Ok(MetricsToken(value.to_owned()))
        } else {
            Err(Problem::WeakToken)
        }
    }

    /// Whether `sent` is the token, in time that does not depend on where they differ.
    pub fn matches(&self, sent: &str) -> bool {
        use subtle::ConstantTimeEq;
        self.0.len() == sent.len() && bool::from(self.0.as_bytes().ct_eq(sent.as_bytes()))
    }
}

impl std::fmt::Debug for MetricsToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MetricsToken(…)")
    }
}

/// Background job settings.
#[derive(Clone, Debug)]
pub struct JobsConfig {
    pub workers: NonZeroU16,
    /// Delay before the first retry; each further retry doubles it.
    pub retry_base: Duration,
    pub max_attempts: u32,
    /// How long a finished job is kept.
    pub keep_done: Duration,
}

/// What a connection may take: see [`crate::http`].
#[derive(Clone, Debug)]
pub struct HttpLimits {
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    /// Longest a request may take, body included.
    pub request_timeout: Duration,
    pub max_connections: usize,
    /// Connections one address may hold; `None` for no limit.
    pub max_per_address: Option<usize>,
    pub shutdown_grace: Duration,
}

/// Everything the server needs, parsed.
#[derive(Clone, Debug)]
pub struct Config {
    pub database: DatabaseUrl,
    pub bind: SocketAddr,
    pub base_url: Url,
    pub data_dir: PathBuf,
    /// The keys that seal secrets kept in the database ([`crate::sealing`]).
    pub secrets_file: PathBuf,
    pub smtp: Option<SmtpUrl>,
    pub mail_from: Mailbox,
    pub jobs: JobsConfig,
    pub max_body_bytes: usize,
    pub http: HttpLimits,
    /// Whether a reverse proxy in front appends the client's address to
    /// `X-Forwarded-For` (then that address, not the proxy's, is the client's).
    pub behind_proxy: bool,
    /// What an operator's scraper sends to read `/metrics`; none: it is not served.
    pub metrics_token: Option<MetricsToken>,
    /// Every setting as given, for the areas to read their own.
    pub settings: Settings,
}

impl Config {
    /// The value given for an area's setting, if any (the area parses it).
    pub fn setting(&self, setting: Setting) -> Option<&str> {
        self.settings.get(setting)
    }
}

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_DATA_DIR: &str = "./soporte-data";
const DEFAULT_MAIL_FROM: &str = "Soporte MxOS <soporte@localhost>";

impl Config {
    /// Parses the layered settings; unset ones take their defaults.
    pub fn from_settings(settings: Settings) -> Result<Config, ConfigError> {
        let data_dir = PathBuf::from(settings.get(&DATA_DIR).unwrap_or(DEFAULT_DATA_DIR));
        let database = match settings.get(&DATABASE_URL) {
            Some(value) => parse(&DATABASE_URL, value, DatabaseUrl::parse)?,
            None => DatabaseUrl::Sqlite(data_dir.join("soporte.db")),
        };
        let bind: SocketAddr = parse(
            &BIND,
            settings.get(&BIND).unwrap_or(DEFAULT_BIND),
            |value| value.parse().map_err(|_| Problem::NotASocketAddress),
        )?;
        let base_url = match settings.get(&BASE_URL) {
            Some(value) => parse(&BASE_URL, value, parse_http_url)?,
            None => parse_http_url(&format!("http://{bind}/")).map_err(|problem| ConfigError {
                setting: &BIND,
                value: bind.to_string(),
                problem,
            })?,
        };
        let smtp = settings
            .get(&SMTP_URL)
            .filter(|value| !value.is_empty())
            .map(|value| parse(&SMTP_URL, value, SmtpUrl::parse))
            .transpose()?;
        let mail_from = parse(
            &MAIL_FROM,
            settings.get(&MAIL_FROM).unwrap_or(DEFAULT_MAIL_FROM),
            |value| value.parse().map_err(|_| Problem::NotAMailbox),
        )?;
        let workers = number(&WORKERS, settings.get(&WORKERS), 4, 1, 256)?;
        let retry_base_ms = number(
            &JOB_RETRY_BASE_MS,
            settings.get(&JOB_RETRY_BASE_MS),
            5_000,
            1,
            3_600_000,
        )?;
        let max_attempts = number(
            &JOB_MAX_ATTEMPTS,
            settings.get(&JOB_MAX_ATTEMPTS),
            8,
            1,
            100,
        )?;
        let max_body_bytes = number(
            &MAX_BODY_BYTES,
            settings.get(&MAX_BODY_BYTES),
            1 << 20,
            1024,
            1 << 30,
        )?;
        let millis = |setting: Setting, default: u64| -> Result<Duration, ConfigError> {
            number(setting, settings.get(setting), default, 100, 3_600_000)
                .map(Duration::from_millis)
        };
        let http = HttpLimits {
            header_timeout: millis(&HEADER_TIMEOUT_MS, 10_000)?,
            idle_timeout: millis(&IDLE_TIMEOUT_MS, 30_000)?,
            request_timeout: millis(&REQUEST_TIMEOUT_MS, 60_000)?,
            max_per_address: None,
            max_connections: number(
                &MAX_CONNECTIONS,
                settings.get(&MAX_CONNECTIONS),
                1_000,
                1,
                1_000_000,
            )? as usize,
            shutdown_grace: millis(&SHUTDOWN_GRACE_MS, 10_000)?,
        };
        let behind_proxy = match settings.get(&BEHIND_PROXY) {
            None => false,
            Some(value) => parse(&BEHIND_PROXY, value, parse_bool)?,
        };
        let per_address = number(
            &MAX_CONNECTIONS_PER_ADDRESS,
            settings.get(&MAX_CONNECTIONS_PER_ADDRESS),
            100,
            0,
            1_000_000,
        )? as usize;
        let http = HttpLimits {
            max_per_address: (per_address > 0 && !behind_proxy).then_some(per_address),
            ..http
        };
        let metrics_token = settings
            .get(&METRICS_TOKEN)
            .filter(|value| !value.is_empty())
            .map(|value| parse(&METRICS_TOKEN, value, MetricsToken::parse))
            .transpose()?;
        let secrets_file = settings
            .get(&SECRETS_FILE)
            .filter(|value| !value.is_empty())
            .map_or_else(|| data_dir.join("secret-keys"), PathBuf::from);
        Ok(Config {
            metrics_token,
            secrets_file,
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
                keep_done: Duration::from_millis(number(
                    &JOB_KEEP_DONE_MS,
                    settings.get(&JOB_KEEP_DONE_MS),
                    7 * 24 * 60 * 60 * 1000,
                    0,
                    10 * 365 * 24 * 60 * 60 * 1000,
                )?),
            },
            max_body_bytes: max_body_bytes as usize,
            http,
            behind_proxy,
            settings,
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

    /// Settings with one value.
    fn with(setting: Setting, value: &str) -> Settings {
        let mut settings = Settings::default();
        settings.set(setting, value);
        settings
    }

    #[test]
    fn a_metrics_token_must_be_long_and_is_compared_whole() {
        assert!(MetricsToken::parse("corto").is_err());
        assert!(MetricsToken::parse("dieciseis letras con espacios").is_err());
        let token = MetricsToken::parse("0123456789abcdef").expect("16 characters");
        assert!(token.matches("0123456789abcdef"));
        assert!(!token.matches("0123456789abcdeF"));
        assert!(!token.matches("0123456789abcde"));
        assert_eq!(format!("{token:?}"), "MetricsToken(…)");
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
        let error = Config::from_settings(with(&BIND, "localhost")).err();
        let Some(error) = error else {
            panic!("a bad bind address was accepted");
        };
        assert_eq!(error.setting, &BIND);
        assert_eq!(error.setting.env_var(), "SOPORTE_BIND");
        assert_eq!(error.setting.flag(), "--bind");
        assert!(matches!(error.problem, Problem::NotASocketAddress));
    }

    #[test]
    fn numbers_are_range_checked() {
        for (workers, ok) in [("0", false), ("1", true), ("300", false), ("x", false)] {
            let result = Config::from_settings(with(&WORKERS, workers));
            assert_eq!(result.is_ok(), ok, "workers={workers}");
        }
    }

    #[test]
    fn smtp_and_mailbox_are_checked() {
        assert!(SmtpUrl::parse("smtp://127.0.0.1:2525").is_ok());
        assert!(SmtpUrl::parse("smtps://user:secret@mail.example.org").is_ok());
        assert!(SmtpUrl::parse("http://mail.example.org").is_err());
        let bad_from = Config::from_settings(with(&MAIL_FROM, "not a mailbox"));
        assert_eq!(bad_from.err().map(|error| error.setting), Some(&MAIL_FROM));
    }

    #[test]
    fn layers_prefer_the_first_source() {
        let flags = with(&BIND, "0.0.0.0:9000");
        let mut file = with(&BIND, "127.0.0.1:1");
        file.set(&WORKERS, "2");
        let merged = flags.or(file);
        assert_eq!(merged.get(&BIND), Some("0.0.0.0:9000"));
        assert_eq!(merged.get(&WORKERS), Some("2"));
    }

    #[test]
    fn booleans_read_both_languages() {
        for (text, expected) in [
            ("true", Some(true)),
            ("Sí", Some(true)),
            ("0", Some(false)),
            ("quizá", None),
        ] {
            let result = Config::from_settings(with(&BEHIND_PROXY, text));
            assert_eq!(
                result.ok().map(|config| config.behind_proxy),
                expected,
                "{text}"
            );
        }
    }

    const INDEX_DIR: SettingSpec = SettingSpec {
        section: Some("search"),
        key: "dir",
        help: "",
        default: "",
    };

    #[test]
    fn toml_files_read_sections_and_refuse_unknown_keys() {
        let known: Vec<Setting> = PLATFORM_SETTINGS.into_iter().chain([&INDEX_DIR]).collect();
        let read = Settings::from_toml(
            "bind = \"127.0.0.1:1\"\nworkers = 3\n[search]\ndir = \"/srv/indice\"\n",
            &known,
        )
        .ok();
        let mut expected = with(&BIND, "127.0.0.1:1");
        expected.set(&WORKERS, "3");
        expected.set(&INDEX_DIR, "/srv/indice");
        assert_eq!(read, Some(expected));
        for (text, key) in [
            ("bindd = \"127.0.0.1:1\"", "bindd"),
            ("[search]\nbind = \"x\"", "[search] bind"),
            ("[forum]\ndir = \"x\"", "[forum] dir"),
        ] {
            match Settings::from_toml(text, &known) {
                Err(Problem::UnknownKey(found)) => assert_eq!(found, key),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn names_follow_from_one_declaration() {
        assert_eq!(INDEX_DIR.flag(), "--search-dir");
        assert_eq!(INDEX_DIR.env_var(), "SOPORTE_SEARCH_DIR");
        assert_eq!(JOB_MAX_ATTEMPTS.flag(), "--job-max-attempts");
        assert_eq!(JOB_MAX_ATTEMPTS.env_var(), "SOPORTE_JOB_MAX_ATTEMPTS");
    }
}
