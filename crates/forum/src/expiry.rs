//! The periodic job that expires questions left waiting: open or needing information,
//! with no activity for `[forum] expire_days`. Every node runs it; the write is
//! conditional, so each question expires once.

use std::time::Duration;

use soporte_platform::area::AreaError;
use soporte_platform::config::{Config, Setting, SettingSpec};
use soporte_platform::server::Task;
use soporte_platform::storage::now_ms;

/// Days without activity after which a waiting question expires.
pub const EXPIRE_DAYS: SettingSpec = SettingSpec {
    section: Some("forum"),
    key: "expire_days",
    help: "Days without activity after which an open or needs-information question expires.",
    default: "`15`",
};

/// How often the job looks.
pub const EXPIRE_CHECK_MS: SettingSpec = SettingSpec {
    section: Some("forum"),
    key: "expire_check_ms",
    help: "How often, in milliseconds, questions left waiting are looked for.",
    default: "`3600000` (an hour)",
};

/// How often digests are looked for.
pub const DIGEST_CHECK_MS: SettingSpec = SettingSpec {
    section: Some("forum"),
    key: "digest_check_ms",
    help: "How often, in milliseconds, daily and weekly digests that are due are sent.",
    default: "`3600000` (an hour)",
};

pub const SETTINGS: [Setting; 3] = [&EXPIRE_DAYS, &EXPIRE_CHECK_MS, &DIGEST_CHECK_MS];

/// How often digests are looked for.
pub fn digest_every(config: &Config) -> Result<Duration, AreaError> {
    Ok(Duration::from_millis(number(
        config,
        &DIGEST_CHECK_MS,
        3_600_000,
    )?))
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The job's timing, read from the settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expiry {
    after_ms: i64,
    every: Duration,
}

fn number(config: &Config, setting: Setting, default: u64) -> Result<u64, AreaError> {
    soporte_platform::area::whole_number(config, "forum", setting, default)
}

impl Expiry {
    pub fn from_config(config: &Config) -> Result<Expiry, AreaError> {
        let days = number(config, &EXPIRE_DAYS, 15)?.min(36_500);
        let every = number(config, &EXPIRE_CHECK_MS, 3_600_000)?;
        Ok(Expiry {
            after_ms: i64::try_from(days).unwrap_or(36_500) * DAY_MS,
            every: Duration::from_millis(every),
        })
    }

    /// The task that runs the job until the server stops.
    pub fn task(self) -> Task {
        Box::new(move |db, mut stop| {
            Box::pin(async move {
                let mut ticks = tokio::time::interval(self.every);
                ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    tokio::select! {
                        _ = ticks.tick() => {}
                        _ = stop.wait_for(|stopped| *stopped) => return,
                    }
                    match crate::store::expire(&db, now_ms() - self.after_ms).await {
                        Ok(0) => {}
                        Ok(expired) => tracing::info!(expired, "questions expired"),
                        Err(error) => tracing::warn!(%error, "expiring questions failed"),
                    }
                }
            })
        })
    }
}
