//! Waiters (`smithy.waiters#waitable`): an operation sent again and again until one of the
//! waiter's acceptors says the resource reached the state waited for, or failed to.
//!
//! The generated `wait_until_*` methods compile each acceptor's JMESPath into Rust at
//! generation time; this file holds only what every waiter shares: the polling loop and its
//! backoff (as the Smithy waiter specification gives it), the result and error types, and the
//! few JMESPath helpers the compiled paths call (not every crate's waiters use all of them).
#![allow(dead_code)]

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

use super::client::{Driver, SdkError};

/// What a matching acceptor means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    /// The wait is over: the state waited for is reached.
    Success,
    /// The wait is over: the state waited for can no longer be reached.
    Failure,
    /// Not there yet: poll again.
    Retry,
}

/// One waiter of the model: its name, delays and acceptors (each with a description for errors).
#[derive(Debug)]
pub(crate) struct Waiter {
    pub(crate) name: &'static str,
    pub(crate) min_delay: Duration,
    pub(crate) max_delay: Duration,
    pub(crate) acceptors: &'static [(State, &'static str)],
}

/// The last response a waiter read: the output, or the error an acceptor matched.
#[derive(Debug)]
pub struct FinalPoll<O, E> {
    result: Result<O, SdkError<E>>,
    attempts: u32,
}

impl<O, E> FinalPoll<O, E> {
    /// The output of the last call, unless it was an error (waiters on an error that means
    /// "gone", such as a `ResourceNotFound`, succeed with one).
    pub fn output(&self) -> Option<&O> {
        self.result.as_ref().ok()
    }

    /// The last call's result.
    pub fn as_result(&self) -> Result<&O, &SdkError<E>> {
        self.result.as_ref()
    }

    /// The last call's result.
    pub fn into_result(self) -> Result<O, SdkError<E>> {
        self.result
    }

    /// How many times the operation was sent.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

/// Why a waiter stopped without reaching the state it waits for.
#[non_exhaustive]
#[derive(Debug)]
pub enum WaiterError<O, E> {
    /// A `failure` acceptor matched: the state waited for can no longer be reached.
    Failed {
        /// The waiter's name in the model (`TableExists`).
        waiter: &'static str,
        /// The acceptor that matched, as the model gives it.
        acceptor: &'static str,
        /// The response it matched.
        last: Box<FinalPoll<O, E>>,
    },
    /// The operation failed with an error no acceptor expects.
    Operation(SdkError<E>),
    /// The maximum wait ran out first.
    TimedOut {
        /// The waiter's name in the model.
        waiter: &'static str,
        /// The maximum wait it was given.
        max_wait: Duration,
        /// How many times the operation was sent.
        attempts: u32,
    },
}

impl<O, E: fmt::Display> fmt::Display for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Failed { waiter, acceptor, last } => {
                write!(f, "waiter {waiter} failed after {} attempts: {acceptor}", last.attempts)
            }
            Self::Operation(error) => write!(f, "waiter stopped on an unexpected error: {error}"),
            Self::TimedOut { waiter, max_wait, attempts } => {
                write!(f, "waiter {waiter} timed out after {max_wait:?} ({attempts} attempts)")
            }
        }
    }
}

impl<O: fmt::Debug, E: StdError + 'static> StdError for WaiterError<O, E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Operation(error) => Some(error),
            Self::Failed { last, .. } => match &last.result {
                Err(error) => Some(error),
                Ok(_) => None,
            },
            Self::TimedOut { .. } => None,
        }
    }
}

/// The service error of a call, if it answered with one (for `errorType` acceptors).
pub(crate) fn service_error<O, E>(result: &Result<O, SdkError<E>>) -> Option<&E> {
    result.as_ref().err().and_then(SdkError::as_service_error)
}

/// JMESPath's `a && b` of two booleans that may be `null`: `a` unless it is `true`, then `b`.
pub(crate) fn and(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    if a == Some(true) {
        b
    } else {
        a
    }
}

/// JMESPath's `a || b` of two booleans that may be `null`: `a` if it is `true`, else `b`.
pub(crate) fn or(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    if a == Some(true) {
        a
    } else {
        b
    }
}

/// `allStringEquals`: a list that is there, not empty, and holds only `expected`.
pub(crate) fn all_equal(values: Option<Vec<&str>>, expected: &str) -> bool {
    values.is_some_and(|values| !values.is_empty() && values.iter().all(|value| *value == expected))
}

/// `anyStringEquals`: a list that holds `expected`.
pub(crate) fn any_equal(values: Option<Vec<&str>>, expected: &str) -> bool {
    values.is_some_and(|values| values.contains(&expected))
}

/// Polls with `send` until an acceptor (`accept` gives the index of the first that matches)
/// ends the wait or `max_wait` runs out, sleeping between calls as the client's `driver` does.
/// The first call is made at once; a call that fails with an error no acceptor matches ends
/// the wait, as the specification says.
pub(crate) async fn wait<O, E, F, Fut>(
    driver: Driver,
    waiter: &Waiter,
    max_wait: Duration,
    mut send: F,
    accept: impl Fn(&Result<O, SdkError<E>>) -> Option<usize>,
) -> Result<FinalPoll<O, E>, WaiterError<O, E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<O, SdkError<E>>>,
{
    let start = Instant::now();
    let mut attempts = 0;
    loop {
        let result = send().await;
        attempts += 1;
        let state = accept(&result).and_then(|index| waiter.acceptors.get(index));
        match (state, result) {
            (Some((State::Success, _)), result) => return Ok(FinalPoll { result, attempts }),
            (Some((State::Failure, acceptor)), result) => {
                let last = Box::new(FinalPoll { result, attempts });
                return Err(WaiterError::Failed { waiter: waiter.name, acceptor, last });
            }
            (None, Err(error)) => return Err(WaiterError::Operation(error)),
            (Some((State::Retry, _)), _) | (None, Ok(_)) => {}
        }
        let remaining = max_wait.saturating_sub(start.elapsed());
        let Some(delay) = next_delay(waiter, attempts, remaining, super::client::jitter()) else {
            return Err(WaiterError::TimedOut { waiter: waiter.name, max_wait, attempts });
        };
        driver.sleep(delay).await;
    }
}

/// The wait before the next attempt, after `attempt` attempts, with `random` in `0..1`:
/// `minDelay * 2^(attempt - 1)` capped at `maxDelay`, then a random point between `minDelay`
/// and that, shortened to leave `minDelay` of the remaining time; `None` when the remaining
/// time is not more than `minDelay` (no attempt would fit).
fn next_delay(waiter: &Waiter, attempt: u32, remaining: Duration, random: f64) -> Option<Duration> {
    let (min, max) = (waiter.min_delay, waiter.max_delay.max(waiter.min_delay));
    if remaining <= min {
        return None;
    }
    let exponent = attempt.saturating_sub(1).min(31);
    let ceiling = min.checked_mul(1 << exponent).map_or(max, |delay| delay.min(max));
    let delay = min + (ceiling - min).mul_f64(random.clamp(0.0, 1.0));
    Some(delay.min(remaining - min))
}

// The tests run on tokio (and the thread's driver beside it, with `blocking`).
#[cfg(all(test, feature = "client"))]
mod tests {
    use super::*;

    const WAITER: Waiter = Waiter {
        name: "Ready",
        min_delay: Duration::from_secs(2),
        max_delay: Duration::from_secs(30),
        acceptors: &[(State::Success, "ready"), (State::Failure, "broken"), (State::Retry, "not yet")],
    };

    #[test]
    fn delays_double_from_min_up_to_max() {
        let far = Duration::from_secs(3600);
        let longest: Vec<u64> = (1..=6).map(|a| next_delay(&WAITER, a, far, 1.0).map_or(0, |d| d.as_secs())).collect();
        assert_eq!(longest, [2, 4, 8, 16, 30, 30]);
        for attempt in 1..40 {
            assert_eq!(next_delay(&WAITER, attempt, far, 0.0), Some(Duration::from_secs(2)));
        }
        let mid = next_delay(&WAITER, 3, far, 0.5).map(|d| d.as_secs_f64());
        assert_eq!(mid, Some(5.0));
    }

    #[test]
    fn delays_leave_min_delay_of_the_remaining_time_and_stop_when_none_is_left() {
        let delay = next_delay(&WAITER, 5, Duration::from_secs(10), 1.0);
        assert_eq!(delay, Some(Duration::from_secs(8)));
        assert_eq!(next_delay(&WAITER, 1, Duration::from_secs(2), 1.0), None);
        assert_eq!(next_delay(&WAITER, 1, Duration::ZERO, 0.0), None);
    }

    fn run(
        responses: Vec<Result<u32, SdkError<String>>>,
        max_wait: Duration,
    ) -> Result<FinalPoll<u32, String>, WaiterError<u32, String>> {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("a runtime");
        runtime.block_on(waiting(Driver::Tokio, responses, max_wait))
    }

    fn waiting(
        driver: Driver,
        responses: Vec<Result<u32, SdkError<String>>>,
        max_wait: Duration,
    ) -> impl Future<Output = Result<FinalPoll<u32, String>, WaiterError<u32, String>>> {
        let waiter = Waiter { min_delay: Duration::from_millis(1), max_delay: Duration::from_millis(2), ..WAITER };
        let mut responses = responses.into_iter();
        async move {
            wait(
                driver,
                &waiter,
                max_wait,
                move || {
                    let next = responses.next().unwrap_or(Ok(0));
                    async move { next }
                },
                |result| match result {
                    Ok(1) => Some(0),
                    Ok(2) => Some(1),
                    Ok(_) => Some(2),
                    Err(SdkError::Service(e)) if e.err() == "Gone" => Some(0),
                    Err(_) => None,
                },
            )
            .await
        }
    }

    fn service(code: &str) -> Result<u32, SdkError<String>> {
        Err(SdkError::Service(super::super::client::ServiceError::new(code.to_owned(), 400, None)))
    }

    #[test]
    fn acceptors_decide_in_order() {
        let done = run(vec![Ok(0), Ok(0), Ok(1)], Duration::from_secs(5));
        assert!(matches!(done, Ok(ref poll) if poll.attempts() == 3 && poll.output() == Some(&1)));
        let gone = run(vec![Ok(0), service("Gone")], Duration::from_secs(5));
        assert!(matches!(gone, Ok(ref poll) if poll.output().is_none() && poll.attempts() == 2));
        let failed = run(vec![Ok(2)], Duration::from_secs(5));
        let Err(error) = failed else { panic!("a failure acceptor matched") };
        assert_eq!(error.to_string(), "waiter Ready failed after 1 attempts: broken");
        let unexpected = run(vec![Ok(0), service("Throttled")], Duration::from_secs(5));
        assert!(matches!(unexpected, Err(WaiterError::Operation(SdkError::Service(ref e))) if e.err() == "Throttled"));
    }

    #[test]
    fn jmespath_helpers_keep_null() {
        assert_eq!(and(Some(true), None), None);
        assert_eq!(and(None, Some(true)), None);
        assert_eq!(and(Some(false), Some(true)), Some(false));
        assert_eq!(or(Some(false), None), None);
        assert_eq!(or(Some(true), None), Some(true));
        assert_eq!(or(None, Some(false)), Some(false));
        assert!(all_equal(Some(vec!["a", "a"]), "a"));
        assert!(!all_equal(Some(vec!["a", "b"]), "a"));
        assert!(!all_equal(Some(Vec::new()), "a"), "an empty list is not all anything");
        assert!(!all_equal(None, "a"));
        assert!(any_equal(Some(vec!["b", "a"]), "a"));
        assert!(!any_equal(Some(Vec::new()), "a"));
        assert!(!any_equal(None, "a"));
    }

    #[cfg(feature = "blocking")]
    #[test]
    fn the_blocking_client_waits_on_its_thread() {
        let done =
            super::super::blocking::run(waiting(Driver::Thread, vec![Ok(0), Ok(0), Ok(1)], Duration::from_secs(5)));
        assert!(matches!(done, Ok(ref poll) if poll.attempts() == 3 && poll.output() == Some(&1)));
        let timed_out = super::super::blocking::run(waiting(Driver::Thread, Vec::new(), Duration::from_millis(30)));
        assert!(matches!(timed_out, Err(WaiterError::TimedOut { attempts, .. }) if attempts >= 2));
    }

    #[test]
    fn the_time_runs_out() {
        let result = run(Vec::new(), Duration::from_millis(30));
        let Err(WaiterError::TimedOut { waiter, attempts, .. }) = result else { panic!("it keeps retrying") };
        assert_eq!(waiter, "Ready");
        assert!(attempts >= 2, "{attempts}");
    }
}
