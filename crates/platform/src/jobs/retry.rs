//! When a failed job runs again: plain arithmetic, no I/O.

use std::time::Duration;

/// The longest wait between two attempts.
pub const MAX_DELAY: Duration = Duration::from_secs(6 * 60 * 60);

/// What to do after attempt number `attempts` (1 for the first run) failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterFailure {
    RetryIn(Duration),
    GiveUp,
}

/// Exponential back-off: `base`, then twice that, four times… capped at [`MAX_DELAY`];
/// after `max_attempts` attempts the job is given up.
pub fn after_failure(attempts: u32, max_attempts: u32, base: Duration) -> AfterFailure {
    if attempts >= max_attempts {
        return AfterFailure::GiveUp;
    }
    let exponent = attempts.saturating_sub(1).min(30);
    let delay = base.saturating_mul(1 << exponent).min(MAX_DELAY);
    AfterFailure::RetryIn(delay)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: Duration = Duration::from_secs(5);

    #[test]
    fn delays_double_from_the_base() {
        assert_eq!(after_failure(1, 8, BASE), AfterFailure::RetryIn(BASE));
        assert_eq!(after_failure(2, 8, BASE), AfterFailure::RetryIn(BASE * 2));
        assert_eq!(after_failure(4, 8, BASE), AfterFailure::RetryIn(BASE * 8));
    }

    #[test]
    fn delays_are_capped() {
        assert_eq!(
            after_failure(29, 100, BASE),
            AfterFailure::RetryIn(MAX_DELAY)
        );
        assert_eq!(
            after_failure(99, 100, BASE),
            AfterFailure::RetryIn(MAX_DELAY)
        );
    }

    #[test]
    fn the_last_attempt_gives_up() {
        assert_eq!(after_failure(8, 8, BASE), AfterFailure::GiveUp);
        assert_eq!(after_failure(1, 1, BASE), AfterFailure::GiveUp);
    }
}
