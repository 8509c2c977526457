//! When to try a call again and how long to wait first.
//!
//! The decision is a pure function of the configuration, the attempt number, what went wrong and a
//! random number, so it can be tested without a clock or a network. The client supplies the
//! randomness and does the sleeping.
//!
//! What is retried follows the official SDKs: transport failures and timeouts, HTTP 500, 502, 503
//! and 504, and the codes `Throttling` (and `Throttling.*`), `ServiceUnavailable`, `InternalError`
//! and `UnknownError`. A call that is not idempotent is retried only when it carries an idempotency
//! token (such as `ClientToken`), because otherwise a retry after a lost response could perform
//! the action twice.

use std::time::Duration;

/// How the random part of a backoff delay is drawn, for an exponential delay `d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Jitter {
    /// Uniform in `[0, d]`: spreads clients out the most.
    #[default]
    Full,
    /// `d/2` plus uniform in `[0, d/2]`: never waits less than half of `d` (the official SDKs'
    /// throttling backoff).
    Equal,
    /// Exactly `d`.
    None,
}

/// Retry settings of a client.
///
/// ```
/// use std::time::Duration;
/// use alicloud_runtime::retry::RetryConfig;
///
/// let config = RetryConfig::default().with_max_attempts(5).with_max_delay(Duration::from_secs(5));
/// assert_eq!(config.max_attempts, 5);
/// assert!(!RetryConfig::disabled().enabled);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// Whether failed calls are retried at all.
    pub enabled: bool,
    /// Attempts per call, counting the first (values below 1 mean 1). Default 3.
    pub max_attempts: u32,
    /// The delay before the first retry of a transient failure, doubled for each later retry.
    /// Default 100 ms.
    pub base_delay: Duration,
    /// The delay before the first retry after throttling, doubled for each later retry.
    /// Default 500 ms, as in the official SDKs.
    pub throttling_base_delay: Duration,
    /// No delay is longer than this, including one asked for by `x-acs-retry-after`.
    /// Default 20 s.
    pub max_delay: Duration,
    /// How the delay is randomised. Default [`Jitter::Full`]; throttling always uses at least
    /// [`Jitter::Equal`] so that a throttled client really slows down.
    pub jitter: Jitter,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            enabled: true,
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            throttling_base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            jitter: Jitter::Full,
        }
    }
}

impl RetryConfig {
    /// A configuration that never retries: every call makes exactly one attempt.
    pub fn disabled() -> Self {
        RetryConfig {
            enabled: false,
            max_attempts: 1,
            ..RetryConfig::default()
        }
    }

    /// Sets [`max_attempts`](Self::max_attempts).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// Sets [`base_delay`](Self::base_delay).
    pub fn with_base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Sets [`throttling_base_delay`](Self::throttling_base_delay).
    pub fn with_throttling_base_delay(mut self, delay: Duration) -> Self {
        self.throttling_base_delay = delay;
        self
    }

    /// Sets [`max_delay`](Self::max_delay).
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Sets [`jitter`](Self::jitter).
    pub fn with_jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// The number of attempts a retryable call may make.
    pub fn attempts(&self) -> u32 {
        if self.enabled {
            self.max_attempts.max(1)
        } else {
            1
        }
    }
}

/// What went wrong with one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure<'a> {
    /// The connection failed (connect, reset, closed early).
    Transport,
    /// The request could not be built; retrying cannot help.
    InvalidRequest,
    /// No response within the timeout.
    Timeout,
    /// The service answered with a non-2xx status and, if it could be parsed, an error code.
    Response {
        /// The HTTP status.
        status: u16,
        /// The service's error code.
        code: Option<&'a str>,
    },
}

/// How a failure is treated by the retry logic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryClass {
    /// Retrying cannot help (bad input, auth failure, ...).
    Permanent,
    /// A transient failure: retry after the normal backoff.
    Transient,
    /// The service asks the client to slow down: retry after the throttling backoff.
    Throttling,
}

/// Classifies a failure.
pub fn classify(failure: Failure<'_>) -> RetryClass {
    match failure {
        Failure::Transport | Failure::Timeout => RetryClass::Transient,
        Failure::InvalidRequest => RetryClass::Permanent,
        Failure::Response { status, code } => {
            if let Some(code) = code {
                if code == "Throttling" || code.starts_with("Throttling.") {
                    return RetryClass::Throttling;
                }
                if matches!(
                    code,
                    "ServiceUnavailable" | "InternalError" | "UnknownError"
                ) {
                    return RetryClass::Transient;
                }
            }
            if matches!(status, 500 | 502 | 503 | 504) {
                RetryClass::Transient
            } else {
                RetryClass::Permanent
            }
        }
    }
}

/// Parses the `x-acs-retry-after` header: a positive number of milliseconds. Anything else
/// (zero, negative, not a number) means "no advice".
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    match value.trim().parse::<u64>() {
        Ok(ms) if ms > 0 => Some(Duration::from_millis(ms)),
        _ => None,
    }
}

/// The inputs of one retry decision.
#[derive(Debug, Clone, Copy)]
pub struct RetryInput<'a> {
    /// The attempt that just failed, starting at 1.
    pub attempt: u32,
    /// Whether the operation may be repeated: idempotent, or carrying an idempotency token.
    pub repeatable: bool,
    /// What went wrong.
    pub failure: Failure<'a>,
    /// The service's `x-acs-retry-after` advice, if any.
    pub retry_after: Option<Duration>,
    /// A uniformly random number for the jitter.
    pub random: u64,
}

/// `Some(delay)` to retry after `delay`, `None` to give up.
///
/// ```
/// use std::time::Duration;
/// use alicloud_runtime::retry::{next_delay, Failure, Jitter, RetryConfig, RetryInput};
///
/// let config = RetryConfig::default().with_jitter(Jitter::None);
/// let input = RetryInput {
///     attempt: 2,
///     repeatable: true,
///     failure: Failure::Response { status: 503, code: None },
///     retry_after: None,
///     random: 0,
/// };
/// assert_eq!(next_delay(&config, &input), Some(Duration::from_millis(200)));
/// assert_eq!(next_delay(&config, &RetryInput { attempt: 3, ..input }), None);
/// ```
pub fn next_delay(config: &RetryConfig, input: &RetryInput<'_>) -> Option<Duration> {
    if !input.repeatable || input.attempt >= config.attempts() {
        return None;
    }
    let class = classify(input.failure);
    let (base, jitter) = match class {
        RetryClass::Permanent => return None,
        RetryClass::Transient => (config.base_delay, config.jitter),
        RetryClass::Throttling => (
            config.throttling_base_delay,
            match config.jitter {
                Jitter::Full => Jitter::Equal,
                other => other,
            },
        ),
    };
    if let Some(after) = input.retry_after {
        return Some(after.min(config.max_delay));
    }
    Some(backoff(
        base,
        config.max_delay,
        input.attempt,
        jitter,
        input.random,
    ))
}

/// `min(max, base * 2^(attempt-1))`, randomised by `jitter` using `random`.
pub fn backoff(
    base: Duration,
    max: Duration,
    attempt: u32,
    jitter: Jitter,
    random: u64,
) -> Duration {
    let shift = attempt.saturating_sub(1).min(31);
    let exponential = base.checked_mul(1u32 << shift).unwrap_or(max).min(max);
    let nanos = u64::try_from(exponential.as_nanos()).unwrap_or(u64::MAX);
    let jittered = match jitter {
        Jitter::None => nanos,
        Jitter::Full => uniform(random, nanos),
        Jitter::Equal => {
            let half = nanos / 2;
            half + uniform(random, nanos - half)
        }
    };
    Duration::from_nanos(jittered)
}

/// Uniform in `[0, bound]` (the modulo bias is irrelevant for delays).
fn uniform(random: u64, bound: u64) -> u64 {
    match bound.checked_add(1) {
        Some(n) => random % n,
        None => random,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(failure: Failure<'_>) -> RetryInput<'_> {
        RetryInput {
            attempt: 1,
            repeatable: true,
            failure,
            retry_after: None,
            random: 0,
        }
    }

    fn status(status: u16) -> Failure<'static> {
        Failure::Response { status, code: None }
    }

    fn code(status: u16, code: &str) -> Failure<'_> {
        Failure::Response {
            status,
            code: Some(code),
        }
    }

    #[test]
    fn retryable_statuses() {
        for s in [500, 502, 503, 504] {
            assert_eq!(classify(status(s)), RetryClass::Transient, "{s}");
        }
        for s in [400, 401, 403, 404, 409, 429, 501, 505] {
            assert_eq!(classify(status(s)), RetryClass::Permanent, "{s}");
        }
    }

    #[test]
    fn retryable_codes_regardless_of_status() {
        assert_eq!(classify(code(400, "Throttling")), RetryClass::Throttling);
        assert_eq!(
            classify(code(400, "Throttling.User")),
            RetryClass::Throttling
        );
        assert_eq!(
            classify(code(503, "Throttling.Api")),
            RetryClass::Throttling
        );
        for c in ["ServiceUnavailable", "InternalError", "UnknownError"] {
            assert_eq!(classify(code(400, c)), RetryClass::Transient, "{c}");
        }
        assert_eq!(classify(code(400, "ThrottlingX")), RetryClass::Permanent);
        assert_eq!(
            classify(code(400, "InvalidParameter")),
            RetryClass::Permanent
        );
        assert_eq!(
            classify(code(403, "SignatureDoesNotMatch")),
            RetryClass::Permanent
        );
    }

    #[test]
    fn transport_and_timeout_are_transient_but_invalid_request_is_not() {
        assert_eq!(classify(Failure::Transport), RetryClass::Transient);
        assert_eq!(classify(Failure::Timeout), RetryClass::Transient);
        assert_eq!(classify(Failure::InvalidRequest), RetryClass::Permanent);
    }

    #[test]
    fn attempts_are_bounded() {
        let config = RetryConfig::default();
        let mut i = input(status(503));
        i.attempt = 2;
        assert!(next_delay(&config, &i).is_some());
        i.attempt = 3;
        assert_eq!(next_delay(&config, &i), None);
    }

    #[test]
    fn disabled_never_retries() {
        assert_eq!(
            next_delay(&RetryConfig::disabled(), &input(status(503))),
            None
        );
        let zero_enabled = RetryConfig {
            enabled: false,
            ..RetryConfig::default().with_max_attempts(10)
        };
        assert_eq!(zero_enabled.attempts(), 1);
        assert_eq!(RetryConfig::default().with_max_attempts(0).attempts(), 1);
    }

    #[test]
    fn unrepeatable_operation_is_never_retried() {
        let mut i = input(status(503));
        i.repeatable = false;
        assert_eq!(next_delay(&RetryConfig::default(), &i), None);
        i.failure = Failure::Transport;
        assert_eq!(next_delay(&RetryConfig::default(), &i), None);
    }

    #[test]
    fn permanent_failure_is_not_retried() {
        assert_eq!(
            next_delay(
                &RetryConfig::default(),
                &input(code(400, "InvalidParameter"))
            ),
            None
        );
    }

    #[test]
    fn exponential_backoff_without_jitter() {
        let config = RetryConfig::default()
            .with_jitter(Jitter::None)
            .with_max_attempts(10)
            .with_max_delay(Duration::from_millis(700));
        let delays: Vec<_> = (1..=5)
            .map(|attempt| {
                next_delay(
                    &config,
                    &RetryInput {
                        attempt,
                        ..input(status(500))
                    },
                )
                .unwrap()
                .as_millis()
            })
            .collect();
        assert_eq!(delays, [100, 200, 400, 700, 700]);
    }

    #[test]
    fn throttling_uses_its_own_base_and_at_least_equal_jitter() {
        let config = RetryConfig::default();
        let mut i = input(code(400, "Throttling"));
        i.random = 0;
        assert_eq!(next_delay(&config, &i), Some(Duration::from_millis(250)));
        i.random = u64::MAX;
        let d = next_delay(&config, &i).unwrap();
        assert!(d >= Duration::from_millis(250) && d <= Duration::from_millis(500));
    }

    #[test]
    fn full_jitter_stays_within_zero_and_the_exponential_delay() {
        let base = Duration::from_millis(100);
        let max = Duration::from_secs(20);
        for random in [0, 1, 12345, u64::MAX / 3, u64::MAX] {
            let d = backoff(base, max, 3, Jitter::Full, random);
            assert!(d <= Duration::from_millis(400), "{d:?}");
        }
        assert_eq!(backoff(base, max, 3, Jitter::Full, 0), Duration::ZERO);
        assert_eq!(
            backoff(base, max, 3, Jitter::Full, 400_000_000),
            Duration::from_millis(400)
        );
    }

    #[test]
    fn equal_jitter_stays_within_half_and_the_exponential_delay() {
        let base = Duration::from_millis(100);
        let max = Duration::from_secs(20);
        for random in [0, 7, 99_999_999, u64::MAX] {
            let d = backoff(base, max, 2, Jitter::Equal, random);
            assert!(
                d >= Duration::from_millis(100) && d <= Duration::from_millis(200),
                "{d:?}"
            );
        }
    }

    #[test]
    fn huge_attempt_numbers_do_not_overflow() {
        let d = backoff(
            Duration::from_secs(1),
            Duration::from_secs(20),
            u32::MAX,
            Jitter::None,
            0,
        );
        assert_eq!(d, Duration::from_secs(20));
        let d = backoff(Duration::MAX, Duration::MAX, 40, Jitter::Full, u64::MAX);
        assert!(d > Duration::ZERO);
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let config = RetryConfig::default().with_max_delay(Duration::from_secs(2));
        let mut i = input(code(400, "Throttling"));
        i.retry_after = Some(Duration::from_millis(1500));
        assert_eq!(next_delay(&config, &i), Some(Duration::from_millis(1500)));
        i.retry_after = Some(Duration::from_secs(60));
        assert_eq!(next_delay(&config, &i), Some(Duration::from_secs(2)));
    }

    #[test]
    fn retry_after_does_not_make_a_permanent_failure_retryable() {
        let mut i = input(code(400, "InvalidParameter"));
        i.retry_after = Some(Duration::from_millis(10));
        assert_eq!(next_delay(&RetryConfig::default(), &i), None);
    }

    #[test]
    fn retry_after_header_parsing() {
        assert_eq!(parse_retry_after("1500"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_retry_after(" 20 "), Some(Duration::from_millis(20)));
        for bad in ["0", "-5", "", "soon", "1.5", "18446744073709551616"] {
            assert_eq!(parse_retry_after(bad), None, "{bad}");
        }
    }
}
