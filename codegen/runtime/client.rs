//! The HTTP client behind the crate's `client` and `blocking` features: configuration,
//! credentials, endpoint joining, SigV4 signing (`sigv4.rs`; skipped for unsigned operations),
//! the standard retry mode (exponential backoff with jitter, a retry quota,
//! `x-amz-retry-after`), a timeout per attempt, and paginators.
//!
//! Both clients run this one code. What differs is the [`Driver`]: the async client sends
//! through hyper and waits on tokio's timers; the blocking one (`blocking.rs`) sends through
//! ureq and sleeps on its thread, so each of its futures is done when first polled.
//!
//! Everything here is generic over the operation: the generated `client` module hands each
//! operation's `serialize_request`, `deserialize_response` and error `code` in as function
//! pointers, so the generated code stays a few lines per operation and this file is tested once.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http_body_util::BodyExt;

use super::error::BuildError;
use super::response::BodySource;
use super::sigv4::ChunkSigner;

/// Attempts per operation unless configured otherwise (the first try and two retries).
pub(crate) const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// The time one attempt (connect, send, read the whole response) may take unless configured otherwise.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The backoff before the first retry is at most this; it doubles with each retry.
const BASE_DELAY: Duration = Duration::from_millis(100);
/// No backoff is longer than this.
const MAX_DELAY: Duration = Duration::from_secs(20);

/// The retry quota of the standard retry mode (AWS SDKs' token bucket): a client starts with
/// this many tokens; a retry takes `RETRY_COST` (throttling) or `TIMEOUT_RETRY_COST` (timeouts,
/// transport and transient errors), and a call gets no further retry when the quota cannot pay.
pub(crate) const DEFAULT_RETRY_QUOTA: u32 = 500;
const RETRY_COST: u32 = 5;
const TIMEOUT_RETRY_COST: u32 = 10;
/// What a call that succeeds at its first attempt puts back (a successful retry puts back the
/// cost of its last retry instead).
const NO_RETRY_INCREMENT: u32 = 1;

/// Error codes that mean "slow down": retried with backoff.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "EC2ThrottledException",
];

/// Error codes of transient failures: retried with backoff.
const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"];

/// HTTP statuses of transient failures: retried with backoff.
const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// What a client waits with, and sends through unless configured otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Driver {
    /// The async client: hyper, and tokio's timers (a per-attempt timeout, stall detection).
    #[cfg(feature = "client")]
    Tokio,
    /// The blocking client: ureq, which enforces the timeouts itself, and sleeps on the
    /// calling thread.
    #[cfg(feature = "blocking")]
    Thread,
}

impl Driver {
    /// The driver of `client::Client`: tokio's with the `client` feature, else the thread's.
    #[cfg(feature = "client")]
    pub(crate) const ASYNC: Driver = Driver::Tokio;
    /// The driver of `client::Client`: tokio's with the `client` feature, else the thread's.
    #[cfg(not(feature = "client"))]
    pub(crate) const ASYNC: Driver = Driver::Thread;

    /// Waits `duration` (a backoff, a waiter's delay).
    pub(crate) async fn sleep(self, duration: Duration) {
        match self {
            #[cfg(feature = "client")]
            Driver::Tokio => tokio::time::sleep(duration).await,
            #[cfg(feature = "blocking")]
            Driver::Thread => std::thread::sleep(duration),
        }
    }

    /// The HTTP client used when the configuration names none.
    fn default_http(self) -> Arc<dyn HttpClient> {
        match self {
            #[cfg(feature = "client")]
            Driver::Tokio => Arc::new(Hyper(hyper_client())),
            #[cfg(feature = "blocking")]
            Driver::Thread => Arc::new(super::blocking::Ureq::new()),
        }
    }
}

#[cfg(feature = "client")]
type HyperClient = hyper_util::client::legacy::Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    SendBody,
>;

// ------------------------------------------------------------------ credentials

/// AWS credentials: an access key ID, a secret access key and, for temporary credentials, a
/// session token. `Debug` shows the access key ID only.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
}

/// Provided credentials are asked for again this long before they expire.
const CREDENTIALS_REFRESH: Duration = Duration::from_secs(5 * 60);

impl Credentials {
    /// The secret parts, as the signer takes them.
    fn identity(&self) -> super::sigv4::Identity<'_> {
        super::sigv4::Identity {
            access_key_id: &self.access_key_id,
            secret_access_key: &self.secret_access_key,
            session_token: self.session_token.as_deref(),
        }
    }

    /// Credentials from explicit values.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry: None,
        }
    }

    /// Credentials from the standard environment variables `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY` and (optional) `AWS_SESSION_TOKEN`.
    ///
    /// # Errors
    ///
    /// When the access key ID or the secret access key is unset or empty.
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env`] over any variable lookup (empty values count as unset).
    pub(crate) fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        let var = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let missing = |name: &str| CredentialsError { message: format!("the environment variable {name} is not set") };
        let access_key_id = var("AWS_ACCESS_KEY_ID").ok_or_else(|| missing("AWS_ACCESS_KEY_ID"))?;
        let secret_access_key = var("AWS_SECRET_ACCESS_KEY").ok_or_else(|| missing("AWS_SECRET_ACCESS_KEY"))?;
        Ok(Self { access_key_id, secret_access_key, session_token: var("AWS_SESSION_TOKEN"), expiry: None })
    }

    /// The access key ID.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When temporary credentials from a provider expire.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// These credentials, expiring at `expiry` (a [`ProvideCredentials`] is asked again five
    /// minutes before).
    #[must_use]
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field("session_token", &self.session_token.as_ref().map(|_| "** redacted **"))
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// Credentials could not be found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    message: String,
}

impl CredentialsError {
    /// An error of a [`ProvideCredentials`]: `message` says what went wrong.
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }
}

/// What [`ProvideCredentials::provide_credentials`] returns.
pub type CredentialsFuture<'a> = Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials that change over time (temporary credentials from a profile, SSO,
/// the instance metadata service, a role to assume ...), for
/// [`ConfigBuilder::credentials_provider`]. The client asks once, and again only when the
/// credentials it has are within five minutes of their [`Credentials::expiry`].
///
/// The crate does not depend on the AWS SDK; a program that has `aws-config` passes its
/// default chain through a few lines:
///
/// ```ignore
/// use aws_credential_types::provider::{ProvideCredentials as _, SharedCredentialsProvider};
///
/// #[derive(Debug)]
/// struct FromAwsConfig(SharedCredentialsProvider);
///
/// impl ProvideCredentials for FromAwsConfig {
///     fn provide_credentials(&self) -> CredentialsFuture<'_> {
///         Box::pin(async move {
///             let c = self.0.provide_credentials().await.map_err(|e| {
///                 let cause = std::error::Error::source(&e).map(|s| format!(": {s}")).unwrap_or_default();
///                 CredentialsError::new(format!("{e}{cause}"))
///             })?;
///             let credentials =
///                 Credentials::new(c.access_key_id(), c.secret_access_key(), c.session_token().map(str::to_owned));
///             Ok(match c.expiry() {
///                 Some(expiry) => credentials.with_expiry(expiry),
///                 None => credentials,
///             })
///         })
///     }
/// }
///
/// let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
/// let provider = FromAwsConfig(sdk_config.credentials_provider().expect("a provider"));
/// let config = Config::builder().region("us-east-1").credentials_provider(provider).build()?;
/// ```
pub trait ProvideCredentials: fmt::Debug + Send + Sync {
    /// Fetches credentials.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

/// A shared credentials provider (clones of a configuration share it).
pub(crate) type SharedCredentialsProvider = Arc<dyn ProvideCredentials>;

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no AWS credentials: {}", self.message)
    }
}

impl StdError for CredentialsError {}

// ------------------------------------------------------------------ config

/// The client's configuration; made with [`Config::builder`].
#[derive(Debug, Clone)]
pub struct Config {
    region: String,
    credentials: Option<Credentials>,
    credentials_provider: Option<SharedCredentialsProvider>,
    endpoint_url: Option<String>,
    use_fips: bool,
    use_dual_stack: bool,
    max_attempts: u32,
    timeout: Duration,
    retry_quota: u32,
    /// Flexible checksums only where an operation requires one (see `checksum.rs`' setters).
    request_checksum_when_required: bool,
    /// Response checksums checked only when the input asks.
    response_checksum_when_required: bool,
    /// A streamed S3 upload's chunks are signed (see `checksum.rs`' setter).
    sign_chunks: bool,
    context_params: BTreeMap<&'static str, ContextParam>,
    http_client: Option<Arc<dyn HttpClient>>,
}

impl Config {
    /// A builder; `region` and `credentials` fall back to the environment when unset.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The region requests go to (and are signed for, unless the endpoint says otherwise).
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The credentials requests are signed with; `None` when none were given or found, which
    /// only unsigned (`@auth([])`, `@optionalAuth`) operations can do without.
    pub fn credentials(&self) -> Option<&Credentials> {
        self.credentials.as_ref()
    }

    /// The credentials provider, when one was given instead of credentials.
    pub fn credentials_provider(&self) -> Option<&SharedCredentialsProvider> {
        self.credentials_provider.as_ref()
    }

    /// The endpoint URL override, if any.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Whether FIPS endpoints are asked for.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether dual-stack (IPv6) endpoints are asked for.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// Attempts per operation, the first one included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The time one attempt may take.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The retry quota a client starts with (tokens; see [`ConfigBuilder::retry_quota`]).
    pub fn retry_quota(&self) -> u32 {
        self.retry_quota
    }

    /// A boolean client context parameter of the endpoint rules, when set.
    pub(crate) fn context_bool(&self, name: &str) -> Option<bool> {
        match self.context_params.get(name) {
            Some(ContextParam::Bool(value)) => Some(*value),
            _ => None,
        }
    }

    /// A string client context parameter of the endpoint rules, when set.
    pub(crate) fn context_string(&self, name: &str) -> Option<&str> {
        match self.context_params.get(name) {
            Some(ContextParam::String(value)) => Some(value),
            _ => None,
        }
    }
}

/// The value of a client context parameter (`smithy.rules#clientContextParams`): the generated
/// `ConfigBuilder` setters store them by rule-set parameter name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ContextParam {
    Bool(bool),
    String(String),
}

/// Builds a [`Config`].
#[derive(Debug, Clone, Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    credentials: Option<Credentials>,
    credentials_provider: Option<SharedCredentialsProvider>,
    endpoint_url: Option<String>,
    use_fips: bool,
    use_dual_stack: bool,
    max_attempts: Option<u32>,
    timeout: Option<Duration>,
    retry_quota: Option<u32>,
    pub(crate) request_checksum_when_required: Option<bool>,
    pub(crate) response_checksum_when_required: Option<bool>,
    pub(crate) sign_chunks: bool,
    context_params: BTreeMap<&'static str, ContextParam>,
    http_client: Option<Arc<dyn HttpClient>>,
}

impl ConfigBuilder {
    /// What sends the requests, instead of the built-in hyper client: another runtime's
    /// client, a recording proxy, or a [`Replay`] in tests (see [`HttpClient`]).
    pub fn http_client(mut self, http_client: impl HttpClient + 'static) -> Self {
        self.http_client = Some(Arc::new(http_client));
        self
    }

    /// The region (`us-east-1`). Unset, `build` reads `AWS_REGION`, then `AWS_DEFAULT_REGION`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The credentials. Unset, `build` reads them from the environment ([`Credentials::from_env`]);
    /// with none there either, only unsigned operations can be sent.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self.credentials_provider = None;
        self
    }

    /// Asks `provider` for credentials instead (replacing [`ConfigBuilder::credentials`]); the
    /// client asks once, and again only when the credentials are within five minutes of their
    /// expiry. [`ProvideCredentials`] shows how to pass `aws-config`'s default chain (profiles,
    /// SSO, IMDS, web identity, ...).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials_provider = Some(Arc::new(provider));
        self.credentials = None;
        self
    }

    /// Sends every request to this URL (`https://host[:port][/base/path]`) instead of the
    /// endpoint the service's rules give. Required when the crate has no endpoint rules.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Asks for a FIPS endpoint (from the endpoint rules).
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.use_fips = use_fips;
        self
    }

    /// Asks for a dual-stack endpoint (from the endpoint rules).
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.use_dual_stack = use_dual_stack;
        self
    }

    /// Attempts per operation, the first one included (default 3; 1 turns retries off).
    pub fn max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = Some(max_attempts);
        self
    }

    /// The time one attempt may take: connecting, sending and reading the whole response
    /// (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry quota of the standard retry mode: the tokens a client starts with (default
    /// 500, as in the AWS SDKs). A retry costs 5 tokens after throttling and 10 after a timeout,
    /// a transport error or a transient (5xx) error; a success puts tokens back (the cost of its
    /// last retry, or 1 when it needed none). When the quota cannot pay for a retry, the call
    /// fails with its last error, so that a struggling service is not flooded with retries.
    /// Clones of a client share one quota.
    pub fn retry_quota(mut self, tokens: u32) -> Self {
        self.retry_quota = Some(tokens);
        self
    }

    /// Sets a client context parameter of the endpoint rules (for the generated setters).
    pub(crate) fn context_param(mut self, name: &'static str, value: ContextParam) -> Self {
        self.context_params.insert(name, value);
        self
    }

    /// The configuration.
    ///
    /// # Errors
    ///
    /// When no region is given or found in the environment, when the environment has an access
    /// key ID without a secret key (or the reverse), or when `max_attempts` is 0.
    pub fn build(self) -> Result<Config, ConfigError> {
        self.build_with_env(|name| std::env::var(name).ok())
    }

    pub(crate) fn build_with_env(self, lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let var = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let region = match self.region {
            Some(region) => region,
            None => var("AWS_REGION").or_else(|| var("AWS_DEFAULT_REGION")).ok_or_else(|| {
                ConfigError::new("no region: set one on the builder, or AWS_REGION in the environment")
            })?,
        };
        let credentials = match self.credentials {
            Some(credentials) => Some(credentials),
            None if self.credentials_provider.is_some() => None,
            // None at all is fine (unsigned operations); half a pair is a mistake.
            None if var("AWS_ACCESS_KEY_ID").is_none() && var("AWS_SECRET_ACCESS_KEY").is_none() => None,
            None => Some(Credentials::from_lookup(&lookup).map_err(|error| ConfigError::new(error.to_string()))?),
        };
        let max_attempts = self.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS);
        if max_attempts == 0 {
            return Err(ConfigError::new("max_attempts must be at least 1"));
        }
        // The AWS SDKs' settings of flexible checksums: `when_supported` (the default) or
        // `when_required`.
        let when_required = |set: Option<bool>, name: &str| match set {
            Some(when_required) => Ok(when_required),
            None => match var(name).map(|value| value.to_ascii_lowercase()).as_deref() {
                None | Some("when_supported") => Ok(false),
                Some("when_required") => Ok(true),
                Some(other) => {
                    Err(ConfigError::new(format!("{name} is `{other}`: it is `when_supported` or `when_required`")))
                }
            },
        };
        let request_checksum_when_required =
            when_required(self.request_checksum_when_required, "AWS_REQUEST_CHECKSUM_CALCULATION")?;
        let response_checksum_when_required =
            when_required(self.response_checksum_when_required, "AWS_RESPONSE_CHECKSUM_VALIDATION")?;
        Ok(Config {
            region,
            credentials,
            credentials_provider: self.credentials_provider,
            endpoint_url: self.endpoint_url,
            use_fips: self.use_fips,
            use_dual_stack: self.use_dual_stack,
            max_attempts,
            timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            retry_quota: self.retry_quota.unwrap_or(DEFAULT_RETRY_QUOTA),
            request_checksum_when_required,
            response_checksum_when_required,
            sign_chunks: self.sign_chunks,
            context_params: self.context_params,
            http_client: self.http_client,
        })
    }
}

/// A [`Config`] could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    message: String,
}

impl ConfigError {
    fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid client configuration: {}", self.message)
    }
}

impl StdError for ConfigError {}

// ------------------------------------------------------------------ errors

/// Why an operation failed.
#[non_exhaustive]
#[derive(Debug)]
pub enum SdkError<E> {
    /// The request could not be built from the input (or signed).
    Build(BuildError),
    /// The operation must be signed, and the configuration has no credentials.
    Credentials(CredentialsError),
    /// No endpoint: the endpoint rules gave an error, or the crate has none and no
    /// `endpoint_url` was configured.
    Endpoint(ResolveEndpointError),
    /// The request could not be sent or the response not read (after the last attempt).
    Dispatch(DispatchError),
    /// The last attempt took longer than the configured timeout.
    Timeout(Duration),
    /// The service answered with an error: the operation's error type, with the HTTP status
    /// and the request ID.
    Service(ServiceError<E>),
}

impl<E> SdkError<E> {
    /// The operation's error, when the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            Self::Service(error) => Some(error.err()),
            _ => None,
        }
    }

    /// The operation's error, when the service answered with one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            Self::Service(error) => Some(error.into_err()),
            _ => None,
        }
    }

    /// The request ID (`x-amzn-requestid`) of the service's error response, if it had one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service(error) => error.request_id(),
            _ => None,
        }
    }

    /// The HTTP status of the service's error response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Service(error) => Some(error.status()),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Build(error) => fmt::Display::fmt(error, f),
            Self::Credentials(error) => fmt::Display::fmt(error, f),
            Self::Endpoint(error) => fmt::Display::fmt(error, f),
            Self::Dispatch(error) => fmt::Display::fmt(error, f),
            Self::Timeout(timeout) => write!(f, "the request timed out: no complete response within {timeout:?}"),
            Self::Service(error) => fmt::Display::fmt(error, f),
        }
    }
}

impl<E: StdError + 'static> StdError for SdkError<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Build(error) => Some(error),
            Self::Credentials(error) => Some(error),
            Self::Endpoint(error) => Some(error),
            Self::Dispatch(error) => Some(error),
            Self::Timeout(_) => None,
            Self::Service(error) => Some(error.err()),
        }
    }
}

/// An error response of the service: the operation's error, the HTTP status and the request ID.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceError<E> {
    error: E,
    status: u16,
    request_id: Option<String>,
}

impl<E> ServiceError<E> {
    /// A service's answer, for the runtime's own tests (the client builds them from responses).
    #[cfg(test)]
    pub(crate) fn new(error: E, status: u16, request_id: Option<String>) -> Self {
        Self { error, status, request_id }
    }

    /// The operation's error.
    pub fn err(&self) -> &E {
        &self.error
    }

    /// The operation's error.
    pub fn into_err(self) -> E {
        self.error
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request ID (`x-amzn-requestid`, else `x-amz-request-id`), if the response had one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl<E: fmt::Display> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "service error (HTTP {}", self.status)?;
        if let Some(request_id) = &self.request_id {
            write!(f, ", request ID {request_id}")?;
        }
        write!(f, "): {}", self.error)
    }
}

/// No endpoint could be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveEndpointError {
    message: String,
}

impl ResolveEndpointError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ResolveEndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no endpoint: {}", self.message)
    }
}

impl StdError for ResolveEndpointError {}

/// The request could not be sent, or the response could not be read.
#[derive(Debug)]
pub struct DispatchError {
    message: String,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl DispatchError {
    fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), source: None }
    }

    /// The error and its causes, as one line.
    fn from_error(error: impl StdError + Send + Sync + 'static) -> Self {
        Self { message: error_chain(&error), source: Some(Box::new(error)) }
    }

    /// [`DispatchError::from_error`] of an error already boxed.
    fn from_boxed(error: BoxError) -> Self {
        Self { message: error_chain(&*error), source: Some(error) }
    }

    /// What went wrong, with its causes.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DispatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not send the request or read the response: {}", self.message)
    }
}

impl StdError for DispatchError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_ref().map(|source| &**source as &(dyn StdError + 'static))
    }
}

/// `error: cause: cause`, skipping causes whose text the previous one already ends with.
fn error_chain(error: &dyn StdError) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

// ------------------------------------------------------------------ endpoints

/// Where requests go and how they are signed, as the endpoint rules (or the configured URL) say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResolvedEndpoint {
    url: String,
    headers: Vec<(String, String)>,
    signing_region: Option<String>,
    signing_name: Option<String>,
    /// `authSchemes`' `disableDoubleEncoding`: the path is percent-encoded once for signing.
    single_encode: bool,
}

/// Resolves the endpoint of a configuration (generated for crates with endpoint rules).
pub(crate) type ResolveEndpoint = fn(&Config) -> Result<ResolvedEndpoint, ResolveEndpointError>;

impl ResolvedEndpoint {
    /// A plain URL: no headers, signed for the configured region and the service's name.
    pub(crate) fn from_url(url: impl Into<String>) -> Self {
        Self { url: url.into(), headers: Vec::new(), signing_region: None, signing_name: None, single_encode: false }
    }

    /// An endpoint of the rules: its URL, headers, and the first `sigv4` entry of its
    /// `authSchemes` property (signing region and name).
    pub(crate) fn new(
        url: &str,
        headers: &BTreeMap<String, Vec<String>>,
        properties: &serde_json::Map<String, serde_json::Value>,
    ) -> Self {
        let mut endpoint = Self::from_url(url);
        endpoint.headers =
            headers.iter().flat_map(|(name, values)| values.iter().map(|v| (name.clone(), v.clone()))).collect();
        let sigv4 = properties
            .get("authSchemes")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .find(|scheme| scheme.get("name").and_then(serde_json::Value::as_str) == Some("sigv4"));
        if let Some(scheme) = sigv4 {
            let text = |key: &str| scheme.get(key).and_then(serde_json::Value::as_str).map(str::to_owned);
            endpoint.signing_region = text("signingRegion");
            endpoint.signing_name = text("signingName");
            endpoint.single_encode =
                scheme.get("disableDoubleEncoding").and_then(serde_json::Value::as_bool).unwrap_or(false);
        }
        endpoint
    }
}

/// The absolute URI of a request: the endpoint's scheme, the host prefix (an operation's
/// `@endpoint(hostPrefix)`) before its host, its base path, then the request's origin-form
/// path and query.
pub(crate) fn join_uri(endpoint: &str, host_prefix: Option<&str>, path_and_query: &str) -> Result<http::Uri, String> {
    let base: http::Uri = endpoint.parse().map_err(|error| format!("invalid endpoint URL `{endpoint}`: {error}"))?;
    let (Some(scheme), Some(authority)) = (base.scheme_str(), base.authority()) else {
        return Err(format!("the endpoint URL `{endpoint}` needs a scheme and a host"));
    };
    let base_path = base.path().trim_end_matches('/');
    let path_and_query =
        if path_and_query.starts_with('/') { path_and_query.to_owned() } else { format!("/{path_and_query}") };
    let uri = format!("{scheme}://{}{authority}{base_path}{path_and_query}", host_prefix.unwrap_or(""));
    uri.parse().map_err(|error| format!("invalid request URI `{uri}`: {error}"))
}

// ------------------------------------------------------------------ retries

/// Why a failed attempt may be retried; the kind sets what the retry costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryKind {
    /// A throttling error code.
    Throttling,
    /// A timeout, a transport error, a transient status (500, 502, 503, 504) or error code.
    Transient,
}

impl RetryKind {
    /// The retry quota tokens a retry of this kind takes.
    fn cost(self) -> u32 {
        match self {
            RetryKind::Throttling => RETRY_COST,
            RetryKind::Transient => TIMEOUT_RETRY_COST,
        }
    }
}

/// Whether an error response is worth another attempt, and why: a throttling error code, or a
/// transient status (500, 502, 503, 504) or error code.
pub(crate) fn retry_kind(status: u16, code: Option<&str>) -> Option<RetryKind> {
    if code.is_some_and(|code| THROTTLING_CODES.contains(&code)) {
        Some(RetryKind::Throttling)
    } else if TRANSIENT_STATUSES.contains(&status) || code.is_some_and(|code| TRANSIENT_CODES.contains(&code)) {
        Some(RetryKind::Transient)
    } else {
        None
    }
}

/// The delay a service asks for before the next attempt: `x-amz-retry-after`, in milliseconds,
/// as the AWS SDKs' standard retry mode honours it (capped at the longest backoff). The HTTP
/// `Retry-After` header is not read: the standard mode does not either.
pub(crate) fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let millis = headers.get("x-amz-retry-after")?.to_str().ok()?.trim().parse::<u64>().ok()?;
    Some(Duration::from_millis(millis).min(MAX_DELAY))
}

/// The retry quota (the standard retry mode's token bucket), shared by a client's calls.
#[derive(Debug)]
pub(crate) struct RetryQuota {
    available: std::sync::atomic::AtomicU32,
    max: u32,
}

impl RetryQuota {
    pub(crate) fn new(tokens: u32) -> Self {
        Self { available: std::sync::atomic::AtomicU32::new(tokens), max: tokens }
    }

    /// Takes `cost` tokens; `false` (and nothing taken) when fewer are left.
    pub(crate) fn acquire(&self, cost: u32) -> bool {
        use std::sync::atomic::Ordering;
        self.available.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(cost)).is_ok()
    }

    /// Puts `tokens` back, up to the quota the client started with.
    pub(crate) fn release(&self, tokens: u32) {
        use std::sync::atomic::Ordering;
        let _ = self
            .available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| Some(n.saturating_add(tokens).min(self.max)));
    }

    /// The tokens left.
    pub(crate) fn available(&self) -> u32 {
        self.available.load(std::sync::atomic::Ordering::Acquire)
    }
}

/// The wait before retry number `retry` (1 for the first retry): "full jitter", a random
/// fraction (`random` in `0..1`) of `BASE_DELAY * 2^(retry - 1)`, capped at `MAX_DELAY`.
pub(crate) fn backoff(retry: u32, random: f64) -> Duration {
    let exponent = retry.saturating_sub(1).min(30);
    let ceiling = BASE_DELAY.saturating_mul(1 << exponent).min(MAX_DELAY);
    ceiling.mul_f64(random.clamp(0.0, 1.0))
}

/// A random number in `0..1` for jitter (std's randomly keyed hasher over the clock; no
/// cryptographic quality is needed).
pub(crate) fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    (hasher.finish() >> 11) as f64 / (1_u64 << 53) as f64
}

// ------------------------------------------------------------------ signing

/// Signs `request` (absolute URI, every header but the signature's own set) with SigV4 in
/// the headers (see `sigv4.rs`).
pub(crate) fn sign<B>(
    request: &mut http::Request<B>,
    payload: super::sigv4::Payload<'_>,
    credentials: &Credentials,
    region: &str,
    name: &str,
    single_encode: bool,
    time: SystemTime,
) -> Result<String, BuildError> {
    let identity = credentials.identity();
    let scope = super::sigv4::Scope { region, service: name, time, single_encode };
    super::sigv4::sign(request, payload, identity, scope)
}

// ------------------------------------------------------------------ sending

/// An operation's `serialize_request`.
type Serialize<I> = fn(&I) -> Result<http::Request<Vec<u8>>, BuildError>;
/// The `serialize_request` of an operation whose input streams its body: the input moves into
/// the request (see [`boxed`]).
type SerializeOwned<I> = fn(I) -> Result<http::Request<Box<dyn BodySource>>, BuildError>;
/// An operation's `deserialize_response`.
type Deserialize<O, E> = fn(&http::Response<Vec<u8>>) -> Result<O, E>;
/// An operation's `host_prefix`.
type HostPrefix<I> = fn(&I) -> Result<String, BuildError>;
/// The endpoint of an operation that binds endpoint parameters from its input.
type OperationEndpoint<I> = fn(&Config, &I) -> Result<ResolvedEndpoint, ResolveEndpointError>;

/// How an operation's requests are authenticated (decided by the generator from `@auth` and
/// `@optionalAuth`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auth {
    /// Signed with SigV4; credentials are required.
    SigV4,
    /// `@optionalAuth`: signed when the configuration has credentials, sent unsigned otherwise.
    Optional,
    /// `@auth([])`: never signed.
    Unsigned,
}

/// One operation, as function pointers into its generated module.
#[derive(Debug)]
pub(crate) struct Operation<I, O, E> {
    serialize: Serializer<I>,
    deserialize: Deserialize<O, E>,
    error_code: fn(&E) -> Option<&str>,
    host_prefix: Option<HostPrefix<I>>,
    endpoint: Option<OperationEndpoint<I>>,
    auth: Auth,
    /// An output that streams (an event stream, a `ByteStream`): hands it the rest of the
    /// body, read as it comes.
    stream: Option<AttachStream<O>>,
    /// The input is an event stream: its messages are signed one by one, by this.
    event_input: Option<SignEvents>,
    /// Flexible checksums (`aws.protocols#httpChecksum`): the algorithms, when the operation
    /// has them.
    checksums: Option<Checksums>,
    /// The operation takes a request checksum: `Some(required)`.
    request_checksum: Option<bool>,
    /// The response can carry a checksum: whether the input asks for it to be checked, and
    /// the header that asks the service for one (the input's mode member, when header-bound).
    response_checksum: Option<(WantsCheck<I>, Option<&'static str>)>,
}

/// Whether an input asks for its response's checksum to be checked.
type WantsCheck<I> = fn(&I) -> bool;

/// What `checksum.rs` gives the client, in crates with flexible checksums (this file, in
/// every crate, does not know the algorithms).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Checksums {
    /// The CRC32 of a body in memory (base64): the checksum added when the input names none.
    pub(crate) crc32: fn(&[u8]) -> String,
    /// An `aws-chunked` body's encoded length and trailer header, for an algorithm (`None`:
    /// no trailer) and signed chunks or not; `None` for an algorithm it does not compute.
    pub(crate) chunked_length: ChunkedLength,
    /// Encodes a body `aws-chunked`, with the algorithm's checksum trailer, each chunk signed
    /// by the signer when there is one.
    pub(crate) chunked: EncodeChunked,
    /// Checks a whole body against the response's checksum header.
    pub(crate) check_body: fn(&http::HeaderMap, &[u8]) -> Result<(), String>,
    /// A body read as it comes: it fails at its end if the checksum does not match.
    pub(crate) checked_stream: fn(&http::HeaderMap, Box<dyn BodySource>) -> Box<dyn BodySource>,
}

/// `checksum.rs`' `chunked_length`: (algorithm, body length, signed) to (encoded length,
/// trailer header).
type ChunkedLength = fn(Option<&str>, u64, bool) -> Option<(u64, Option<&'static str>)>;

/// `checksum.rs`' `chunked`: (algorithm, body, chunk signer) to the encoded body.
type EncodeChunked = fn(Option<&str>, Box<dyn BodySource>, Option<ChunkSigner>) -> Box<dyn BodySource>;

/// Why a response's checksum is checked.
#[derive(Debug, Clone, Copy)]
enum Validation {
    /// The input asks for it.
    Asked,
    /// The configuration does (when supported): the request asks the service for the checksum
    /// with this header, when the input's mode member is one.
    ByDefault(Option<&'static str>),
}

/// How an operation's request is built: from a borrowed input, or (a body that streams) from
/// the input itself.
enum Serializer<I> {
    Borrowed(Serialize<I>),
    Owned(SerializeOwned<I>),
}

impl<I> Clone for Serializer<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I> Copy for Serializer<I> {}

impl<I> fmt::Debug for Serializer<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Serializer::Borrowed(_) => "Borrowed",
            Serializer::Owned(_) => "Owned",
        })
    }
}

/// Gives an output that streams the body it reads from.
type AttachStream<O> = fn(&mut O, Box<dyn BodySource>);

/// A streaming `serialize_request`'s request, with the body boxed for [`send_owned`].
pub(crate) fn boxed<B: BodySource + 'static>(request: http::Request<B>) -> http::Request<Box<dyn BodySource>> {
    request.map(|body| Box::new(body) as Box<dyn BodySource>)
}

/// A copy of a response read by [`dispatch`], for a `deserialize_response` that takes its
/// response by value (an output that streams: the body is empty on success).
pub(crate) fn owned(response: &http::Response<Vec<u8>>) -> http::Response<Vec<u8>> {
    let mut copy = http::Response::new(response.body().clone());
    *copy.status_mut() = response.status();
    *copy.version_mut() = response.version();
    *copy.headers_mut() = response.headers().clone();
    copy
}

impl<I, O, E> Clone for Operation<I, O, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I, O, E> Copy for Operation<I, O, E> {}

impl<I, O, E> Operation<I, O, E> {
    /// The operation's `serialize_request`, `deserialize_response` and its error's `code`.
    pub(crate) fn new(
        serialize: Serialize<I>,
        deserialize: Deserialize<O, E>,
        error_code: fn(&E) -> Option<&str>,
    ) -> Self {
        Self::with_serializer(Serializer::Borrowed(serialize), deserialize, error_code)
    }

    /// An operation whose input streams its body (sent with [`send_owned`]).
    pub(crate) fn with_streaming_input(
        serialize: SerializeOwned<I>,
        deserialize: Deserialize<O, E>,
        error_code: fn(&E) -> Option<&str>,
    ) -> Self {
        Self::with_serializer(Serializer::Owned(serialize), deserialize, error_code)
    }

    fn with_serializer(
        serialize: Serializer<I>,
        deserialize: Deserialize<O, E>,
        error_code: fn(&E) -> Option<&str>,
    ) -> Self {
        Self {
            serialize,
            deserialize,
            error_code,
            host_prefix: None,
            endpoint: None,
            auth: Auth::SigV4,
            stream: None,
            event_input: None,
            checksums: None,
            request_checksum: None,
            response_checksum: None,
        }
    }

    /// The input's body is an event stream (see [`send_owned`]): the request is signed for
    /// events, and each message in a chain from its signature, then an empty one ends it.
    pub(crate) fn with_event_stream_input(mut self, sign: SignEvents) -> Self {
        self.event_input = Some(sign);
        self
    }

    /// The request takes a checksum (`aws.protocols#httpChecksum`; `required`: it must have
    /// one): a body in memory gets one from `serialize_request` when the input names the
    /// algorithm, and a CRC32 from the client when it names none and the configuration wants
    /// one; a streamed body gets it as a trailer (`aws-chunked`).
    pub(crate) fn with_request_checksum(mut self, checksums: Checksums, required: bool) -> Self {
        self.checksums = Some(checksums);
        self.request_checksum = Some(required);
        self
    }

    /// The response's checksum is checked when `wanted` says the input asks for it
    /// (`aws.protocols#httpChecksum`'s validation mode), or the configuration does: then
    /// `mode_header` asks the service for one.
    pub(crate) fn with_response_checksum(
        mut self,
        checksums: Checksums,
        wanted: WantsCheck<I>,
        mode_header: Option<&'static str>,
    ) -> Self {
        self.checksums = Some(checksums);
        self.response_checksum = Some((wanted, mode_header));
        self
    }

    /// The output streams (an event stream, a `ByteStream`): a success response is
    /// deserialized from its head, and `attach` hands the output the body as it arrives.
    pub(crate) fn with_streaming_output(mut self, attach: AttachStream<O>) -> Self {
        self.stream = Some(attach);
        self
    }

    /// How the operation's requests are authenticated (SigV4 unless said otherwise).
    pub(crate) fn with_auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// Resolves the operation's endpoint from the configuration and the input (an operation
    /// with endpoint context parameters), instead of the client's one endpoint.
    pub(crate) fn with_endpoint(mut self, endpoint: OperationEndpoint<I>) -> Self {
        self.endpoint = Some(endpoint);
        self
    }

    /// The operation's `host_prefix` (`@endpoint(hostPrefix)`).
    pub(crate) fn with_host_prefix(mut self, host_prefix: HostPrefix<I>) -> Self {
        self.host_prefix = Some(host_prefix);
        self
    }
}

/// What a `Client` holds: the configuration, the HTTP connection pool, the signing name and
/// the endpoint (resolved on first use).
pub(crate) struct ClientInner {
    config: Config,
    /// Credentials from the provider, until they near their expiry.
    provided: std::sync::Mutex<Option<Credentials>>,
    retry_quota: RetryQuota,
    signing_name: &'static str,
    resolve_endpoint: Option<ResolveEndpoint>,
    endpoint: OnceLock<Result<ResolvedEndpoint, ResolveEndpointError>>,
    http: Arc<dyn HttpClient>,
    driver: Driver,
}

impl fmt::Debug for ClientInner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientInner")
            .field("config", &self.config)
            .field("signing_name", &self.signing_name)
            .field("retry_quota", &self.retry_quota.available())
            .field("endpoint", &self.endpoint.get())
            .field("driver", &self.driver)
            .finish_non_exhaustive()
    }
}

impl ClientInner {
    /// `resolve_endpoint` is `None` for crates without endpoint rules: the configured
    /// `endpoint_url` is then the endpoint.
    pub(crate) fn new(
        config: Config,
        signing_name: &'static str,
        resolve_endpoint: Option<ResolveEndpoint>,
        driver: Driver,
    ) -> Self {
        let retry_quota = RetryQuota::new(config.retry_quota);
        Self {
            provided: std::sync::Mutex::new(None),
            retry_quota,
            signing_name,
            resolve_endpoint,
            endpoint: OnceLock::new(),
            http: config.http_client.clone().unwrap_or_else(|| driver.default_http()),
            driver,
            config,
        }
    }

    pub(crate) fn config(&self) -> &Config {
        &self.config
    }

    pub(crate) fn driver(&self) -> Driver {
        self.driver
    }

    /// The credentials to sign with: the configured ones, else the provider's (cached until
    /// five minutes before they expire); `Ok(None)` when there are neither.
    async fn credentials(&self) -> Result<Option<Credentials>, CredentialsError> {
        if let Some(credentials) = &self.config.credentials {
            return Ok(Some(credentials.clone()));
        }
        let Some(provider) = &self.config.credentials_provider else { return Ok(None) };
        let fresh = |c: &Credentials| c.expiry.is_none_or(|at| at > SystemTime::now() + CREDENTIALS_REFRESH);
        let cached = self.provided.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        if let Some(credentials) = cached.filter(fresh) {
            return Ok(Some(credentials));
        }
        let credentials = provider.provide_credentials().await.map_err(|error| CredentialsError {
            message: format!("the credentials provider failed: {}", error.message),
        })?;
        *self.provided.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(credentials.clone());
        Ok(Some(credentials))
    }

    fn endpoint(&self) -> Result<&ResolvedEndpoint, ResolveEndpointError> {
        let resolved = self.endpoint.get_or_init(|| match self.resolve_endpoint {
            Some(resolve) => resolve(&self.config),
            None => match self.config.endpoint_url() {
                Some(url) => Ok(ResolvedEndpoint::from_url(url)),
                None => Err(ResolveEndpointError::new("this crate has no endpoint rules: configure an endpoint_url")),
            },
        });
        resolved.as_ref().map_err(Clone::clone)
    }
}

/// The connection pool: HTTP/1.1 (and HTTP/2 with the `http2` feature) over TCP, or TLS
/// (rustls with ring, Mozilla's roots).
#[cfg(feature = "client")]
fn hyper_client() -> Result<HyperClient, String> {
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
        .map_err(|error| format!("TLS set-up failed: {error}"))?
        .https_or_http()
        .enable_http1();
    // HTTP/2 where TLS negotiates it (the `http2` feature: services with input event streams).
    #[cfg(feature = "http2")]
    let connector = connector.enable_http2();
    let connector = connector.build();
    Ok(hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build(connector))
}

// ------------------------------------------------------------------ pluggable HTTP

/// An error an [`HttpClient`] fails with: any error, boxed.
pub type BoxError = Box<dyn StdError + Send + Sync>;

/// A response body an [`HttpClient`] gives: any `http_body::Body` of `Bytes`, boxed
/// (`http_body_util::BodyExt::boxed`, after `map_err(Into::into)`). It may still be arriving:
/// a streaming output reads it as it comes.
pub type ResponseBody = http_body_util::combinators::BoxBody<Bytes, BoxError>;

/// The future an [`HttpClient`] returns.
pub type HttpFuture<'a> = Pin<Box<dyn Future<Output = Result<http::Response<ResponseBody>, BoxError>> + Send + 'a>>;

/// What the client sends its requests through. By default, hyper's connection pool (HTTP/1.1,
/// HTTP/2 with the `http2` feature, rustls with webpki roots), or ureq's for the blocking
/// client (whose `send` blocks: its future is ready when returned); [`ConfigBuilder::http_client`]
/// puts another in its place: another runtime's client, a recording proxy, or [`Replay`] in
/// tests. It gets each attempt's request complete (absolute URI, signed, every header set),
/// with a body that is an `http_body::Body` (read it whole with `http_body_util::BodyExt::collect`,
/// or stream it); the client still does the retries, timeouts and reading of the response.
pub trait HttpClient: fmt::Debug + Send + Sync {
    /// Sends one request and gives the response, whose body may still be arriving.
    fn send(&self, request: http::Request<SendBody>) -> HttpFuture<'_>;
}

/// The async client's default [`HttpClient`]: hyper's pool (or why it could not be set up).
#[cfg(feature = "client")]
#[derive(Debug)]
struct Hyper(Result<HyperClient, String>);

#[cfg(feature = "client")]
impl HttpClient for Hyper {
    fn send(&self, request: http::Request<SendBody>) -> HttpFuture<'_> {
        Box::pin(async move {
            let http = self.0.as_ref().map_err(|message| BoxError::from(message.clone()))?;
            let response = http.request(request).await?;
            Ok(response.map(|body| body.map_err(BoxError::from).boxed()))
        })
    }
}

/// A test double of the HTTP layer: answers each request with the next of its canned
/// responses and keeps the requests (bodies read whole), so that code using a client is tested
/// without a server. Clones share the responses and the requests.
///
/// Give it to [`ConfigBuilder::http_client`]; after the calls, [`Replay::take_requests`] gives
/// what was sent. A request after the last response fails the call (`SdkError::Dispatch`).
#[derive(Debug, Clone, Default)]
pub struct Replay {
    state: Arc<std::sync::Mutex<ReplayState>>,
}

#[derive(Debug, Default)]
struct ReplayState {
    responses: std::collections::VecDeque<http::Response<Vec<u8>>>,
    requests: Vec<http::Request<Vec<u8>>>,
}

impl Replay {
    /// A replay of these responses, in order.
    pub fn new(responses: impl IntoIterator<Item = http::Response<Vec<u8>>>) -> Self {
        let state = ReplayState { responses: responses.into_iter().collect(), requests: Vec::new() };
        Self { state: Arc::new(std::sync::Mutex::new(state)) }
    }

    /// The requests received so far, in order (taken: a second call gives the later ones).
    pub fn take_requests(&self) -> Vec<http::Request<Vec<u8>>> {
        std::mem::take(&mut self.lock().requests)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ReplayState> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl HttpClient for Replay {
    fn send(&self, request: http::Request<SendBody>) -> HttpFuture<'_> {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let body = body.collect().await?.to_bytes().to_vec();
            let mut state = self.lock();
            state.requests.push(http::Request::from_parts(parts, body));
            let response = state.responses.pop_front().ok_or("the replay has no response left for this request")?;
            Ok(response
                .map(|body| http_body_util::Full::new(Bytes::from(body)).map_err(|never| match never {}).boxed()))
        })
    }
}

/// The client an input's builder was made by (`client.<operation>()`), which its `send()`
/// sends with. Builders compare equal whatever their clients.
#[derive(Clone, Default)]
pub(crate) struct Bound(Option<Arc<ClientInner>>);

impl Bound {
    pub(crate) fn new(inner: Arc<ClientInner>) -> Self {
        Self(Some(inner))
    }

    /// The client, or why `send()` cannot send: the builder came from `<Input>::builder()`.
    pub(crate) fn inner<E>(&self) -> Result<Arc<ClientInner>, SdkError<E>> {
        self.0.clone().ok_or_else(|| {
            SdkError::Build(BuildError::invalid(
                "client",
                "this builder was not made by a client: start from `client.<operation>()`, or send the built input",
            ))
        })
    }
}

impl PartialEq for Bound {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() { "Bound" } else { "Unbound" })
    }
}

/// Sends one operation: builds the request, then hands it to [`dispatch`] with a reader that
/// deserializes each response. Only these wrappers are generic over the operation; the attempt
/// loop is compiled once per crate, not once per operation (it was about a quarter of the
/// client's build cost in a crate of a hundred operations).
pub(crate) async fn send<I, O: Send, E: Send>(
    inner: &ClientInner,
    op: Operation<I, O, E>,
    input: &I,
) -> Result<O, SdkError<E>> {
    let (host_prefix, endpoint, check) = placement(inner, &op, input)?;
    let request = match op.serialize {
        Serializer::Borrowed(serialize) => serialize(input).map_err(SdkError::Build)?.map(RequestBody::from),
        Serializer::Owned(_) => {
            return Err(SdkError::Build(BuildError::invalid("request", "a streaming input is sent by value")))
        }
    };
    send_request(inner, op, request, host_prefix, endpoint, check).await
}

/// [`send`] for an operation whose input streams its body: the input moves into the request.
pub(crate) async fn send_owned<I, O: Send, E: Send>(
    inner: &ClientInner,
    op: Operation<I, O, E>,
    input: I,
) -> Result<O, SdkError<E>> {
    let (host_prefix, endpoint, check) = placement(inner, &op, &input)?;
    let request = match op.serialize {
        Serializer::Owned(serialize) => match op.event_input {
            Some(sign) => serialize(input).map_err(SdkError::Build)?.map(|frames| RequestBody::Events(frames, sign)),
            None => serialize(input).map_err(SdkError::Build)?.map(RequestBody::from),
        },
        Serializer::Borrowed(serialize) => serialize(&input).map_err(SdkError::Build)?.map(RequestBody::from),
    };
    send_request(inner, op, request, host_prefix, endpoint, check).await
}

/// The host prefix, the operation's own endpoint, and why the response's checksum is checked.
type Placement = (Option<String>, Option<ResolvedEndpoint>, Option<Validation>);

/// What the input decides beyond the request itself: see [`Placement`].
fn placement<I, O, E>(inner: &ClientInner, op: &Operation<I, O, E>, input: &I) -> Result<Placement, SdkError<E>> {
    let host_prefix = match op.host_prefix {
        Some(host_prefix) => Some(host_prefix(input).map_err(SdkError::Build)?),
        None => None,
    };
    let endpoint = match op.endpoint {
        Some(resolve) => Some(resolve(&inner.config, input).map_err(SdkError::Endpoint)?),
        None => None,
    };
    let check = match op.response_checksum {
        Some((wanted, _)) if wanted(input) => Some(Validation::Asked),
        Some((_, mode_header)) if !inner.config.response_checksum_when_required => {
            Some(Validation::ByDefault(mode_header))
        }
        _ => None,
    };
    Ok((host_prefix, endpoint, check))
}

async fn send_request<I, O: Send, E: Send>(
    inner: &ClientInner,
    op: Operation<I, O, E>,
    request: http::Request<RequestBody>,
    host_prefix: Option<String>,
    endpoint: Option<ResolvedEndpoint>,
    check: Option<Validation>,
) -> Result<O, SdkError<E>> {
    // The last attempt's deserialized response.
    let mut outcome: Option<Result<O, E>> = None;
    let mut read = |response: &http::Response<Vec<u8>>| {
        let result = (op.deserialize)(response);
        let retry = match &result {
            Ok(_) => None,
            Err(error) => Some(retry_kind(response.status().as_u16(), (op.error_code)(error))),
        };
        outcome = Some(result);
        retry
    };
    let target = Target {
        host_prefix: host_prefix.as_deref(),
        endpoint: endpoint.as_ref(),
        auth: op.auth,
        streaming: op.stream.is_some(),
        checksums: op.checksums,
        request_checksum: op.request_checksum,
        check,
    };
    let (body, failure) = match dispatch(inner, request, target, &mut read).await {
        Ok(body) => (body, None),
        Err(failure) => (None, Some(failure)),
    };
    match (failure, outcome) {
        (None, Some(Ok(mut output))) => {
            if let (Some(attach), Some(body)) = (op.stream, body) {
                attach(&mut output, body);
            }
            Ok(output)
        }
        (Some(Failure::Service { status, request_id }), Some(Err(error))) => {
            Err(SdkError::Service(ServiceError { error, status, request_id }))
        }
        (Some(Failure::Build(error)), _) => Err(SdkError::Build(error)),
        (Some(Failure::Credentials(error)), _) => Err(SdkError::Credentials(error)),
        (Some(Failure::Endpoint(error)), _) => Err(SdkError::Endpoint(error)),
        (Some(Failure::Dispatch(error)), _) => Err(SdkError::Dispatch(error)),
        (Some(Failure::Timeout(timeout)), _) => Err(SdkError::Timeout(timeout)),
        // `dispatch` reports success or a service error only after the reader ran.
        (None | Some(Failure::Service { .. }), _) => {
            Err(SdkError::Dispatch(DispatchError::new("the response was not read")))
        }
    }
}

/// A request body as [`dispatch`] sends it: in memory (signed with its hash, sent again on a
/// retry), or streamed (an unsigned payload; sent again only if it can start over).
enum RequestBody {
    Bytes(Bytes),
    Stream(Box<dyn BodySource>),
    /// Event-stream frames, one per chunk: signed one by one (by the function), never sent again.
    Events(Box<dyn BodySource>, SignEvents),
}

impl From<Vec<u8>> for RequestBody {
    fn from(body: Vec<u8>) -> Self {
        RequestBody::Bytes(Bytes::from(body))
    }
}

impl From<Box<dyn BodySource>> for RequestBody {
    fn from(body: Box<dyn BodySource>) -> Self {
        match body.in_memory() {
            Some(bytes) => RequestBody::Bytes(bytes.clone()),
            None => RequestBody::Stream(body),
        }
    }
}

/// The longest a presigned request can be valid: SigV4's limit, seven days.
const MAX_PRESIGNED: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// A presigned request for `input` (see the generated `presign_<operation>` methods): built as
/// `send` builds it, for the endpoint `send` would use, with the SigV4 signature in the query,
/// valid for `expires_in`. Only this wrapper is generic over the operation.
pub(crate) async fn presign<I, O, E>(
    inner: &ClientInner,
    op: Operation<I, O, E>,
    input: I,
    expires_in: Duration,
) -> Result<http::Request<Vec<u8>>, SdkError<E>> {
    let (host_prefix, endpoint, _) = placement(inner, &op, &input)?;
    // A body that streams is the sender's to send: the request carries none.
    let (request, streams) = match op.serialize {
        Serializer::Borrowed(serialize) => (serialize(&input).map_err(SdkError::Build)?, false),
        Serializer::Owned(serialize) => (serialize(input).map_err(SdkError::Build)?.map(|_| Vec::new()), true),
    };
    let target = Target {
        host_prefix: host_prefix.as_deref(),
        endpoint: endpoint.as_ref(),
        auth: op.auth,
        streaming: streams,
        checksums: None,
        request_checksum: None,
        check: None,
    };
    presign_request(inner, request, target, expires_in).await.map_err(|failure| match failure {
        Failure::Build(error) => SdkError::Build(error),
        Failure::Credentials(error) => SdkError::Credentials(error),
        Failure::Endpoint(error) => SdkError::Endpoint(error),
        Failure::Dispatch(error) => SdkError::Dispatch(error),
        Failure::Timeout(timeout) => SdkError::Timeout(timeout),
        Failure::Service { .. } => SdkError::Dispatch(DispatchError::new("nothing was sent")),
    })
}

/// [`presign`]'s work, compiled once: the URI and headers as [`dispatch`] makes them (no
/// `user-agent`: the sender sets its own), then the query signature. S3 and streamed bodies
/// are presigned as `UNSIGNED-PAYLOAD`; another service's body is signed with its hash.
async fn presign_request(
    inner: &ClientInner,
    request: http::Request<Vec<u8>>,
    target: Target<'_>,
    expires_in: Duration,
) -> Result<http::Request<Vec<u8>>, Failure> {
    if expires_in.is_zero() || expires_in > MAX_PRESIGNED {
        return Err(Failure::Build(BuildError::invalid(
            "expires_in",
            format!("a presigned request is valid for 1 second to 7 days, not {expires_in:?}"),
        )));
    }
    let endpoint = match target.endpoint {
        Some(endpoint) => endpoint,
        None => inner.endpoint().map_err(Failure::Endpoint)?,
    };
    let (mut parts, body) = request.into_parts();
    let path_and_query = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    parts.uri = join_uri(&endpoint.url, target.host_prefix, path_and_query)
        .map_err(|message| Failure::Endpoint(ResolveEndpointError::new(message)))?;
    add_headers(&mut parts.headers, &parts.uri, endpoint)?;
    parts.headers.remove(http::header::USER_AGENT);
    let credentials = inner.credentials().await.map_err(Failure::Credentials)?.ok_or_else(|| {
        Failure::Credentials(CredentialsError {
            message: "a presigned request is signed: give credentials (or a credentials provider)".to_owned(),
        })
    })?;
    let region = endpoint.signing_region.as_deref().unwrap_or(&inner.config.region);
    let name = endpoint.signing_name.as_deref().unwrap_or(inner.signing_name);
    let payload = if target.streaming || name.starts_with("s3") {
        super::sigv4::Payload::Unsigned
    } else {
        super::sigv4::Payload::Bytes(&body)
    };
    let identity = credentials.identity();
    let scope =
        super::sigv4::Scope { region, service: name, time: SystemTime::now(), single_encode: endpoint.single_encode };
    let mut request = http::Request::from_parts(parts, ());
    super::sigv4::presign(&mut request, payload, identity, scope, expires_in.as_secs()).map_err(Failure::Build)?;
    Ok(request.map(|()| body))
}

/// Where an operation's request goes and how it is authenticated.
#[derive(Clone, Copy)]
struct Target<'a> {
    host_prefix: Option<&'a str>,
    /// The operation's own endpoint (from its input); the client's when `None`.
    endpoint: Option<&'a ResolvedEndpoint>,
    auth: Auth,
    /// A success response's body is not read here but returned (an event stream).
    streaming: bool,
    /// Flexible checksums, in crates that have them.
    checksums: Option<Checksums>,
    /// The request takes a checksum: `Some(required)`.
    request_checksum: Option<bool>,
    /// The response's checksum is checked.
    check: Option<Validation>,
}

/// Why [`dispatch`] failed: an [`SdkError`] without the operation's error type (a service error
/// is in the reader's hands).
#[derive(Debug)]
enum Failure {
    Build(BuildError),
    Credentials(CredentialsError),
    Endpoint(ResolveEndpointError),
    Dispatch(DispatchError),
    Timeout(Duration),
    /// The last response was an error response (the reader kept its deserialized error).
    Service {
        status: u16,
        request_id: Option<String>,
    },
}

/// Reads one response for [`dispatch`]: `None` on success, else whether the error is retried.
type ReadResponse<'a> = dyn FnMut(&http::Response<Vec<u8>>) -> Option<Option<RetryKind>> + Send + 'a;

/// The attempt loop of every operation: signs the request (unless the operation is unsigned, or
/// optionally signed and there are no credentials), sends it with a timeout per attempt, reads
/// the whole response and gives it to `read`, retrying transient failures and throttling up to
/// the configured attempts while the retry quota pays for it, after the backoff or the
/// `x-amz-retry-after` the service asked for. The request is built once (idempotency tokens
/// stay the same across attempts) and signed again for each attempt. A body that streams is
/// signed as an unsigned payload, its attempt times out when no byte moves for the timeout,
/// and it is retried only if it can start over. A streaming operation's success response is
/// read from its head; its body is returned, unread.
async fn dispatch(
    inner: &ClientInner,
    request: http::Request<RequestBody>,
    target: Target<'_>,
    read: &mut ReadResponse<'_>,
) -> Result<Option<Box<dyn BodySource>>, Failure> {
    let endpoint = match target.endpoint {
        Some(endpoint) => endpoint,
        None => inner.endpoint().map_err(Failure::Endpoint)?,
    };
    let http = &*inner.http;
    let (parts, body) = request.into_parts();
    let path_and_query = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let uri = join_uri(&endpoint.url, target.host_prefix, path_and_query)
        .map_err(|message| Failure::Endpoint(ResolveEndpointError::new(message)))?;
    let mut headers = parts.headers;
    add_headers(&mut headers, &uri, endpoint)?;
    let config = &inner.config;
    let region = endpoint.signing_region.as_deref().unwrap_or(&config.region);
    let name = endpoint.signing_name.as_deref().unwrap_or(inner.signing_name);
    let credentials = match target.auth {
        Auth::Unsigned => None,
        // Optional: signed when credentials can be had, unsigned when not.
        Auth::Optional => inner.credentials().await.ok().flatten(),
        Auth::SigV4 => match inner.credentials().await.map_err(Failure::Credentials)? {
            Some(credentials) => Some(credentials),
            None => {
                return Err(Failure::Credentials(CredentialsError {
                    message: "the operation must be signed: give credentials (or a credentials provider) on the \
                              ConfigBuilder, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                        .to_owned(),
                }))
            }
        },
    };
    let credentials = credentials.as_ref();
    checksum_defaults(&mut headers, &body, target, config)?;
    // A streamed S3 body's chunks are signed when the configuration asks (a plain-HTTP store
    // that insists on signed payloads).
    let sign_chunks = config.sign_chunks && credentials.is_some() && name.starts_with("s3");
    let mut body = Some(body);
    let mut attempt = 1;
    // The cost of the last retry, put back on success.
    let mut retry_cost = None;
    loop {
        // This attempt's body, and what the next one sends (a stream that can start over).
        let mut attempt_headers = headers.clone();
        // A streamed body sent `aws-chunked`: its checksum algorithm (`None`: no trailer).
        let mut chunked = None;
        let (send_body, payload, progress) = match body.take() {
            Some(RequestBody::Bytes(bytes)) => {
                body = Some(RequestBody::Bytes(bytes.clone()));
                (SendBody(BodyKind::Full(Some(bytes.clone()))), Payload::Bytes(bytes), None)
            }
            Some(RequestBody::Stream(source)) => {
                body = source.replay().map(RequestBody::Stream);
                let progress = Progress::new();
                let plan = target
                    .checksums
                    .zip(source.length())
                    .and_then(|(checksums, length)| chunked_plan(checksums, &mut attempt_headers, length, sign_chunks));
                let payload = match plan {
                    Some((algorithm, trailer)) => {
                        chunked = Some(algorithm);
                        if sign_chunks {
                            Payload::SignedChunks { trailer }
                        } else {
                            Payload::UnsignedTrailer
                        }
                    }
                    None => Payload::Unsigned,
                };
                (SendBody(BodyKind::Stream { source, progress: progress.clone() }), payload, Some(progress))
            }
            Some(RequestBody::Events(source, sign)) => {
                let progress = Progress::new();
                (
                    SendBody(BodyKind::Stream { source, progress: progress.clone() }),
                    Payload::Events(sign),
                    Some(progress),
                )
            }
            None => (SendBody(BodyKind::Full(None)), Payload::Bytes(Bytes::new()), None),
        };
        let mut request = http::Request::new(send_body);
        *request.method_mut() = parts.method.clone();
        *request.uri_mut() = uri.clone();
        *request.headers_mut() = attempt_headers;
        let mut chunk_signer = None;
        if let Some(credentials) = credentials {
            let time = SystemTime::now();
            let signature =
                sign(&mut request, payload.hashed(), credentials, region, name, endpoint.single_encode, time)
                    .map_err(Failure::Build)?;
            if let Payload::SignedChunks { .. } = payload {
                let identity = credentials.identity();
                let scope = super::sigv4::Scope { region, service: name, time, single_encode: endpoint.single_encode };
                chunk_signer = Some(ChunkSigner::new(signature.clone(), identity, scope));
            }
            // Each event is signed as it goes, in a chain from the request's signature.
            if let (Payload::Events(sign), SendBody(BodyKind::Stream { source, .. })) = (&payload, request.body_mut()) {
                let frames = std::mem::replace(source, Box::new(Exhausted));
                let chain = EventChain {
                    credentials: credentials.clone(),
                    region: region.to_owned(),
                    name: name.to_owned(),
                    previous: signature,
                };
                *source = sign(frames, chain);
            }
        }
        if let (Some(algorithm), Some(checksums), SendBody(BodyKind::Stream { source, .. })) =
            (&chunked, target.checksums, request.body_mut())
        {
            let raw = std::mem::replace(source, Box::new(Exhausted));
            *source = (checksums.chunked)(algorithm.as_deref(), raw, chunk_signer);
        }
        let sent = send_once(inner.driver, http, request, config.timeout, target.streaming, progress).await;
        let (failure, kind, delay) = match sent {
            Ok((response, body)) => match read(&response) {
                None => {
                    inner.retry_quota.release(retry_cost.unwrap_or(NO_RETRY_INCREMENT));
                    // The body the output streams, checked as it is read; or the whole one, now.
                    let checks = target.checksums.filter(|_| target.check.is_some());
                    let body = body.map(|body| -> Box<dyn BodySource> {
                        let body = Box::new(StreamingBody::new(body, config.timeout, inner.driver));
                        match checks {
                            Some(checksums) => (checksums.checked_stream)(response.headers(), body),
                            None => body,
                        }
                    });
                    if let (Some(checksums), None) = (checks, &body) {
                        (checksums.check_body)(response.headers(), response.body())
                            .map_err(|message| Failure::Dispatch(DispatchError::new(message)))?;
                    }
                    return Ok(body);
                }
                Some(kind) => {
                    let status = response.status().as_u16();
                    let request_id = ["x-amzn-requestid", "x-amz-request-id"]
                        .iter()
                        .find_map(|name| response.headers().get(*name).and_then(|v| v.to_str().ok()))
                        .map(str::to_owned);
                    (Failure::Service { status, request_id }, kind, retry_after(response.headers()))
                }
            },
            // Connection failures, broken responses and timeouts are transient.
            Err(failure) => (failure, Some(RetryKind::Transient), None),
        };
        let Some(kind) = kind else { return Err(failure) };
        // A stream that cannot start over is not sent again.
        if body.is_none() || attempt >= config.max_attempts || !inner.retry_quota.acquire(kind.cost()) {
            return Err(failure);
        }
        retry_cost = Some(kind.cost());
        inner.driver.sleep(delay.unwrap_or_else(|| backoff(attempt, jitter()))).await;
        attempt += 1;
    }
}

/// `host` (what is signed is what is sent), the endpoint's own headers, and `user-agent`.
fn add_headers(headers: &mut http::HeaderMap, uri: &http::Uri, endpoint: &ResolvedEndpoint) -> Result<(), Failure> {
    let invalid = |what: &str, error: &dyn fmt::Display| {
        Failure::Endpoint(ResolveEndpointError::new(format!("invalid {what}: {error}")))
    };
    if let Some(authority) = uri.authority() {
        let host = http::HeaderValue::from_str(authority.as_str()).map_err(|error| invalid("host", &error))?;
        headers.insert(http::header::HOST, host);
    }
    for (name, value) in &endpoint.headers {
        let name = http::HeaderName::from_bytes(name.as_bytes()).map_err(|error| invalid("endpoint header", &error))?;
        let value = http::HeaderValue::from_str(value).map_err(|error| invalid("endpoint header", &error))?;
        headers.append(name, value);
    }
    if !headers.contains_key(http::header::USER_AGENT) {
        let agent = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
        headers.insert(http::header::USER_AGENT, http::HeaderValue::from_static(agent));
    }
    Ok(())
}

/// One attempt: send, then read the whole body, all within `timeout`; for a request body that
/// streams, the attempt fails when no byte has moved for `timeout` instead (an upload takes
/// as long as it takes). With `streaming`, a success response's body is returned unread
/// beside its head (with an empty body). On the thread's driver, the HTTP client keeps the
/// time: the request carries an [`AttemptTimeout`] that says how.
async fn send_once(
    driver: Driver,
    http: &dyn HttpClient,
    mut request: http::Request<SendBody>,
    timeout: Duration,
    streaming: bool,
    progress: Option<Progress>,
) -> Result<(http::Response<Vec<u8>>, Option<ResponseBody>), Failure> {
    let whole = !streaming && progress.is_none();
    request.extensions_mut().insert(AttemptTimeout { timeout, whole });
    let attempt = async {
        let response = http.send(request).await.map_err(|error| match error.downcast_ref::<TimedOut>() {
            Some(TimedOut) => Failure::Timeout(timeout),
            None => Failure::Dispatch(DispatchError::from_boxed(error)),
        })?;
        let (parts, body) = response.into_parts();
        if streaming && parts.status.is_success() {
            return Ok((http::Response::from_parts(parts, Vec::new()), Some(body)));
        }
        let body = body.collect().await.map_err(|error| Failure::Dispatch(DispatchError::from_boxed(error)))?;
        Ok((http::Response::from_parts(parts, body.to_bytes().to_vec()), None))
    };
    match (driver, progress) {
        #[cfg(feature = "blocking")]
        (Driver::Thread, _) => attempt.await,
        #[cfg(feature = "client")]
        (Driver::Tokio, None) => tokio::time::timeout(timeout, attempt).await.unwrap_or(Err(Failure::Timeout(timeout))),
        #[cfg(feature = "client")]
        (Driver::Tokio, Some(progress)) => {
            let mut attempt = std::pin::pin!(attempt);
            loop {
                let deadline = tokio::time::Instant::from_std(progress.last() + timeout);
                match tokio::time::timeout_at(deadline, attempt.as_mut()).await {
                    Ok(result) => return result,
                    // Bytes moved since the deadline was set: wait on.
                    Err(_) if progress.last() + timeout > std::time::Instant::now() => {}
                    Err(_) => return Err(Failure::Timeout(timeout)),
                }
            }
        }
    }
}

/// What an [`HttpClient`] that keeps the time itself fails with when an [`AttemptTimeout`]
/// runs out: the call's error is then `SdkError::Timeout`, as with the async client's timer.
#[derive(Debug)]
pub(crate) struct TimedOut;

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the attempt timed out")
    }
}

impl StdError for TimedOut {}

/// How long an attempt may take, for an [`HttpClient`] that keeps the time itself (the
/// blocking client's): a request extension. With `whole`, the whole exchange, body included;
/// else (a body that streams) each step up to the response's head, the body taking as long
/// as it takes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AttemptTimeout {
    pub(crate) timeout: Duration,
    pub(crate) whole: bool,
}

/// The request header that names the checksum algorithm.
const ALGORITHM_HEADER: &str = "x-amz-sdk-checksum-algorithm";

/// The checksums the configuration adds when the input does not ask ("when supported", the
/// AWS SDKs' default): the header that asks for the response's checksum, and CRC32 for a
/// request that takes a checksum and names none (computed here for a body in memory; named in
/// `x-amz-sdk-checksum-algorithm` for a streamed one, whose trailer carries it). A required
/// checksum is added whatever the configuration says.
fn checksum_defaults(
    headers: &mut http::HeaderMap,
    body: &RequestBody,
    target: Target<'_>,
    config: &Config,
) -> Result<(), Failure> {
    let Some(checksums) = target.checksums else { return Ok(()) };
    if let Some(Validation::ByDefault(Some(mode))) = target.check {
        let mode = http::HeaderName::from_bytes(mode.as_bytes())
            .map_err(|_| Failure::Build(BuildError::invalid("ChecksumMode", "not a header name")))?;
        headers.entry(mode).or_insert(http::HeaderValue::from_static("ENABLED"));
    }
    let wanted = target.request_checksum.is_some_and(|required| required || !config.request_checksum_when_required);
    if !wanted || super::request::has_checksum(headers) || headers.contains_key(ALGORITHM_HEADER) {
        return Ok(());
    }
    match body {
        RequestBody::Bytes(bytes) => {
            let checksum = http::HeaderValue::from_str(&(checksums.crc32)(bytes))
                .map_err(|_| Failure::Build(BuildError::invalid("checksum", "not a header value")))?;
            headers.insert("x-amz-checksum-crc32", checksum);
        }
        RequestBody::Stream(_) => {}
        RequestBody::Events(..) => return Ok(()),
    }
    headers.insert(ALGORITHM_HEADER, http::HeaderValue::from_static("CRC32"));
    Ok(())
}

/// How a streamed body of `length` bytes is sent `aws-chunked`, if it is: with the checksum
/// trailer of the algorithm the request names (`x-amz-sdk-checksum-algorithm`) unless it
/// carries a checksum already, and with signed chunks when `signed`. Adds the headers that say
/// so, and returns the trailer's algorithm and whether there is one; `None` (the body goes as
/// it is, `UNSIGNED-PAYLOAD`) for an unsigned body without a trailer. An algorithm the crate
/// does not compute (an enum value newer than the crate) is sent without a trailer.
fn chunked_plan(
    checksums: Checksums,
    headers: &mut http::HeaderMap,
    length: u64,
    signed: bool,
) -> Option<(Option<String>, bool)> {
    let named = headers.get(ALGORITHM_HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let algorithm = named.filter(|_| !super::request::has_checksum(headers));
    let (algorithm, (encoded_length, trailer)) = match (checksums.chunked_length)(algorithm.as_deref(), length, signed)
    {
        Some(plan) => (algorithm, plan),
        None => (None, (checksums.chunked_length)(None, length, signed)?),
    };
    if trailer.is_none() && !signed {
        return None;
    }
    let encoding = match headers.get(http::header::CONTENT_ENCODING).and_then(|v| v.to_str().ok()) {
        Some(given) => http::HeaderValue::from_str(&format!("aws-chunked,{given}")).ok()?,
        None => http::HeaderValue::from_static("aws-chunked"),
    };
    headers.insert(http::header::CONTENT_ENCODING, encoding);
    headers.insert("x-amz-decoded-content-length", http::HeaderValue::from(length));
    if let Some(trailer) = trailer {
        headers.insert("x-amz-trailer", http::HeaderValue::from_static(trailer));
    }
    headers.insert(http::header::CONTENT_LENGTH, http::HeaderValue::from(encoded_length));
    Some((algorithm, trailer.is_some()))
}

/// What an attempt's payload is signed as.
enum Payload {
    Bytes(Bytes),
    Unsigned,
    /// `aws-chunked`, with a checksum trailer.
    UnsignedTrailer,
    /// `aws-chunked`, each chunk signed (and the checksum trailer, if there is one).
    SignedChunks {
        trailer: bool,
    },
    /// Signed for events; each message then by the function.
    Events(SignEvents),
}

impl Payload {
    fn hashed(&self) -> super::sigv4::Payload<'_> {
        match self {
            Payload::Bytes(bytes) => super::sigv4::Payload::Bytes(bytes),
            Payload::Unsigned => super::sigv4::Payload::Unsigned,
            Payload::UnsignedTrailer => super::sigv4::Payload::UnsignedTrailer,
            Payload::SignedChunks { trailer } => super::sigv4::Payload::SignedChunks { trailer: *trailer },
            Payload::Events(_) => super::sigv4::Payload::Events,
        }
    }
}

/// A source already handed on.
struct Exhausted;

impl BodySource for Exhausted {
    fn poll_chunk(&mut self, _cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Result<Bytes, String>>> {
        std::task::Poll::Ready(None)
    }
}

/// What signs the messages of an event stream: the request's credentials and scope, and the
/// last signature of the chain.
pub(crate) struct EventChain {
    credentials: Credentials,
    region: String,
    name: String,
    previous: String,
}

impl EventChain {
    /// Signs one message (its encoded bytes; empty for the one that ends the stream) after
    /// the last: the `:chunk-signature` bytes and the `:date` in milliseconds.
    pub(crate) fn sign(&mut self, payload: &[u8]) -> (Vec<u8>, i64) {
        let identity = self.credentials.identity();
        let scope = super::sigv4::Scope {
            region: &self.region,
            service: &self.name,
            time: SystemTime::now(),
            single_encode: false,
        };
        let (signature, millis) = super::sigv4::sign_event(payload, &self.previous, identity, scope);
        self.previous = signature.iter().map(|b| format!("{b:02x}")).collect();
        (signature, millis)
    }
}

/// Wraps an event stream's frames so that each is sent signed (`events.rs`' `signed`, given by
/// the generated code: this file does not know the frame format).
type SignEvents = fn(Box<dyn BodySource>, EventChain) -> Box<dyn BodySource>;

/// When a streamed request body last moved (shared by the body and its attempt's watchdog).
#[derive(Clone)]
struct Progress {
    start: std::time::Instant,
    /// Milliseconds after `start`.
    last: Arc<std::sync::atomic::AtomicU64>,
}

impl Progress {
    fn new() -> Self {
        Self { start: std::time::Instant::now(), last: Arc::new(std::sync::atomic::AtomicU64::new(0)) }
    }

    fn touch(&self) {
        let since = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(since, std::sync::atomic::Ordering::Relaxed);
    }

    fn last(&self) -> std::time::Instant {
        self.start + Duration::from_millis(self.last.load(std::sync::atomic::Ordering::Relaxed))
    }
}

/// A request's body as the [`HttpClient`] sends it: an `http_body::Body` of bytes in memory,
/// or of a stream read as the HTTP client asks for it.
pub struct SendBody(BodyKind);

enum BodyKind {
    Full(Option<Bytes>),
    Stream { source: Box<dyn BodySource>, progress: Progress },
}

impl fmt::Debug for SendBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            BodyKind::Full(bytes) => write!(f, "SendBody({} bytes)", bytes.as_ref().map_or(0, Bytes::len)),
            BodyKind::Stream { .. } => f.write_str("SendBody(stream)"),
        }
    }
}

impl SendBody {
    /// The bytes, when the body is in memory (not a stream).
    pub(crate) fn in_memory(&self) -> Option<&[u8]> {
        match &self.0 {
            BodyKind::Full(bytes) => Some(bytes.as_deref().unwrap_or_default()),
            BodyKind::Stream { .. } => None,
        }
    }
}

/// A streamed request body's source failed.
#[derive(Debug)]
pub struct BodyError(String);

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the request body failed: {}", self.0)
    }
}

impl StdError for BodyError {}

impl http_body::Body for SendBody {
    type Data = Bytes;
    type Error = BodyError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, BodyError>>> {
        use std::task::Poll;
        match &mut self.get_mut().0 {
            BodyKind::Full(bytes) => {
                Poll::Ready(bytes.take().filter(|b| !b.is_empty()).map(|b| Ok(http_body::Frame::data(b))))
            }
            BodyKind::Stream { source, progress } => {
                let polled = source.poll_chunk(cx);
                if polled.is_ready() {
                    progress.touch();
                }
                polled.map(|chunk| chunk.map(|chunk| chunk.map(http_body::Frame::data).map_err(BodyError)))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(&self.0, BodyKind::Full(bytes) if bytes.as_ref().is_none_or(Bytes::is_empty))
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match &self.0 {
            BodyKind::Full(bytes) => http_body::SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64)),
            BodyKind::Stream { source, .. } => match source.length() {
                Some(length) => http_body::SizeHint::with_exact(length),
                None => http_body::SizeHint::default(),
            },
        }
    }
}

/// A response body read chunk by chunk (an event stream's), failing when no byte arrives for
/// `stall`: a stream that stalls ends with an error instead of hanging. (On the thread's
/// driver there is no timer here: each read blocks, bounded by the HTTP client.)
struct StreamingBody {
    body: ResponseBody,
    stall: Duration,
    #[cfg(feature = "client")]
    deadline: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl StreamingBody {
    fn new(body: ResponseBody, stall: Duration, driver: Driver) -> Self {
        // Read only for the timer, which only the async client has.
        let _ = driver;
        Self {
            body,
            stall,
            #[cfg(feature = "client")]
            deadline: (driver == Driver::Tokio).then(|| Box::pin(tokio::time::sleep(stall))),
        }
    }
}

impl BodySource for StreamingBody {
    /// What the `Content-Length` says is still to come.
    fn length(&self) -> Option<u64> {
        http_body::Body::size_hint(&self.body).exact()
    }

    fn poll_chunk(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Result<Bytes, String>>> {
        use http_body::Body as _;
        use std::task::Poll;
        loop {
            match Pin::new(&mut self.body).poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => {
                    let Ok(data) = frame.into_data() else { continue };
                    #[cfg(feature = "client")]
                    if let Some(deadline) = &mut self.deadline {
                        deadline.as_mut().reset(tokio::time::Instant::now() + self.stall);
                    }
                    return Poll::Ready(Some(Ok(data)));
                }
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error_chain(&*error)))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => {}
            }
            #[cfg(feature = "client")]
            if let Some(deadline) = &mut self.deadline {
                if deadline.as_mut().poll(cx).is_ready() {
                    return Poll::Ready(Some(Err(format!("the stream stalled: no bytes for {:?}", self.stall))));
                }
            }
            return Poll::Pending;
        }
    }
}

// ------------------------------------------------------------------ paginators

/// A page token: a string, or a map (DynamoDB's `Query` and `Scan` page by the last key read).
pub trait PageToken: Clone + PartialEq {
    /// An empty token ends the pages, like a missing one.
    fn is_empty(&self) -> bool;
}

impl PageToken for String {
    fn is_empty(&self) -> bool {
        str::is_empty(self)
    }
}

impl<K: Clone + Eq + std::hash::Hash, V: Clone + PartialEq> PageToken for std::collections::HashMap<K, V> {
    fn is_empty(&self) -> bool {
        std::collections::HashMap::is_empty(self)
    }
}

/// How a paginator reads and writes an operation's page tokens.
#[derive(Debug)]
pub(crate) struct PageTokens<I, O, T> {
    /// The input's token (`inputToken`).
    pub(crate) input: fn(&I) -> Option<&T>,
    /// Sets the input's token.
    pub(crate) set_input: fn(&mut I, Option<T>),
    /// The output's next token (`outputToken`).
    pub(crate) output: fn(&O) -> Option<&T>,
}

/// Walks the pages of a `@paginated` operation: each call to [`next_page`](Self::next_page)
/// sends the input with the previous page's token. It stops when a page has no next token
/// (or an empty one), when the service returns the token it was just sent, and after an error.
pub struct Paginator<I, O, E, T = String> {
    client: Arc<ClientInner>,
    op: Operation<I, O, E>,
    tokens: PageTokens<I, O, T>,
    input: I,
    done: bool,
}

impl<I: fmt::Debug, O, E, T> fmt::Debug for Paginator<I, O, E, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator").field("input", &self.input).field("done", &self.done).finish_non_exhaustive()
    }
}

impl<I, O: Send, E: Send, T: PageToken> Paginator<I, O, E, T> {
    pub(crate) fn new(client: Arc<ClientInner>, op: Operation<I, O, E>, tokens: PageTokens<I, O, T>, input: I) -> Self {
        Self { client, op, tokens, input, done: false }
    }

    /// The next page, or `None` after the last one (or after an error).
    pub async fn next_page(&mut self) -> Option<Result<O, SdkError<E>>> {
        if self.done {
            return None;
        }
        let result = send(&self.client, self.op, &self.input).await;
        let next = match &result {
            Ok(output) => {
                let next = (self.tokens.output)(output).filter(|token| !token.is_empty());
                next.filter(|next| (self.tokens.input)(&self.input) != Some(*next)).cloned()
            }
            Err(_) => None,
        };
        match next {
            Some(token) => (self.tokens.set_input)(&mut self.input, Some(token)),
            None => self.done = true,
        }
        Some(result)
    }
}

// The tests run on tokio (and the thread's driver beside it, with `blocking`).
#[cfg(all(test, feature = "client"))]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_within_bounds() {
        for retry in 1..40 {
            let ceiling = BASE_DELAY.saturating_mul(1 << (retry - 1).min(30)).min(MAX_DELAY);
            assert_eq!(backoff(retry, 1.0), ceiling, "retry {retry}");
            assert_eq!(backoff(retry, 0.0), Duration::ZERO);
            assert!(backoff(retry, 0.5) <= ceiling && backoff(retry, 0.5) >= ceiling / 3);
        }
        assert_eq!(backoff(1, 1.0), Duration::from_millis(100));
        assert_eq!(backoff(2, 1.0), Duration::from_millis(200));
        assert_eq!(backoff(3, 1.0), Duration::from_millis(400));
        assert_eq!(backoff(9, 1.0), Duration::from_millis(25_600).min(MAX_DELAY));
        assert_eq!(backoff(u32::MAX, 1.0), MAX_DELAY);
        assert_eq!(backoff(0, 1.0), BASE_DELAY);
        assert_eq!(backoff(3, 7.0), backoff(3, 1.0), "random is clamped");
        for _ in 0..100 {
            let random = jitter();
            assert!((0.0..1.0).contains(&random), "{random}");
        }
    }

    #[test]
    fn retry_classification() {
        let (throttling, transient) = (Some(RetryKind::Throttling), Some(RetryKind::Transient));
        for status in [500, 502, 503, 504] {
            assert_eq!(retry_kind(status, None), transient, "{status}");
            assert_eq!(retry_kind(status, Some("InternalServerException")), transient, "{status}");
            assert_eq!(retry_kind(status, Some("ThrottlingException")), throttling, "{status}");
        }
        for status in [200, 400, 403, 404, 409, 429, 501] {
            assert_eq!(retry_kind(status, None), None, "{status}");
        }
        for code in THROTTLING_CODES {
            assert_eq!(retry_kind(400, Some(code)), throttling, "{code}");
        }
        for code in TRANSIENT_CODES {
            assert_eq!(retry_kind(400, Some(code)), transient, "{code}");
        }
        assert_eq!(retry_kind(429, Some("TooManyRequestsException")), throttling);
        for code in ["ValidationException", "AccessDeniedException", "ResourceNotFoundException", "throttling", ""] {
            assert_eq!(retry_kind(400, Some(code)), None, "{code}");
        }
        assert_eq!((RetryKind::Throttling.cost(), RetryKind::Transient.cost()), (5, 10));
    }

    #[test]
    fn retry_quota_takes_and_gives_back_tokens() {
        let quota = RetryQuota::new(12);
        assert!(quota.acquire(RETRY_COST) && quota.acquire(5));
        assert_eq!(quota.available(), 2);
        assert!(!quota.acquire(TIMEOUT_RETRY_COST), "a retry the quota cannot pay is refused");
        assert_eq!(quota.available(), 2, "a refused retry takes nothing");
        quota.release(TIMEOUT_RETRY_COST);
        quota.release(NO_RETRY_INCREMENT);
        assert_eq!(quota.available(), 12, "never above the starting quota");
        let empty = RetryQuota::new(0);
        assert!(!empty.acquire(RETRY_COST));
    }

    #[test]
    fn x_amz_retry_after_in_milliseconds() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut map = http::HeaderMap::new();
            for (name, value) in pairs {
                map.insert(*name, http::HeaderValue::from_static(value));
            }
            map
        };
        assert_eq!(retry_after(&headers(&[("x-amz-retry-after", "1500")])), Some(Duration::from_millis(1500)));
        assert_eq!(retry_after(&headers(&[("x-amz-retry-after", " 0 ")])), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers(&[("x-amz-retry-after", "99999999")])), Some(MAX_DELAY));
        for bad in ["-1", "1.5", "soon", ""] {
            assert_eq!(retry_after(&headers(&[("x-amz-retry-after", bad)])), None, "{bad:?}");
        }
        assert_eq!(retry_after(&headers(&[("retry-after", "3")])), None, "the HTTP header is not read");
    }

    #[test]
    fn uri_joining() {
        let join =
            |endpoint: &str, prefix: Option<&str>, path: &str| join_uri(endpoint, prefix, path).map(|u| u.to_string());
        let ok = |s: &str| Ok(s.to_owned());
        assert_eq!(
            join("https://api.example.com", None, "/ota-tasks/a?x=1"),
            ok("https://api.example.com/ota-tasks/a?x=1")
        );
        assert_eq!(join("https://api.example.com/", None, "/"), ok("https://api.example.com/"));
        assert_eq!(join("http://127.0.0.1:8080", None, "/a%2Fb"), ok("http://127.0.0.1:8080/a%2Fb"));
        assert_eq!(join("https://example.com/base/", None, "/things"), ok("https://example.com/base/things"));
        assert_eq!(join("https://example.com/base", None, "/"), ok("https://example.com/base/"));
        assert_eq!(join("https://example.com", Some("data-"), "/x"), ok("https://data-example.com/x"));
        assert_eq!(join("https://example.com:8443/p", Some("acct."), "x"), ok("https://acct.example.com:8443/p/x"));
        let err = join("example.com", None, "/").expect_err("no scheme");
        assert!(err.contains("needs a scheme and a host"), "{err}");
        assert!(join("https://exa mple.com", None, "/").is_err());
        assert!(join("https://example.com", Some("bad prefix."), "/").is_err());
    }

    #[test]
    fn endpoint_properties() {
        let properties: serde_json::Value = serde_json::json!({
            "authSchemes": [
                {"name": "sigv4a", "signingName": "other", "signingRegionSet": ["*"]},
                {"name": "sigv4", "signingName": "svc", "signingRegion": "eu-west-1", "disableDoubleEncoding": true}
            ]
        });
        let mut headers = BTreeMap::new();
        headers.insert("x-a".to_owned(), vec!["1".to_owned(), "2".to_owned()]);
        let endpoint = ResolvedEndpoint::new("https://e", &headers, properties.as_object().expect("object"));
        assert_eq!(endpoint.url, "https://e");
        assert_eq!(endpoint.headers, [("x-a".to_owned(), "1".to_owned()), ("x-a".to_owned(), "2".to_owned())]);
        assert_eq!(endpoint.signing_region.as_deref(), Some("eu-west-1"));
        assert_eq!(endpoint.signing_name.as_deref(), Some("svc"));
        assert!(endpoint.single_encode);
        let plain = ResolvedEndpoint::new("https://e", &BTreeMap::new(), &serde_json::Map::new());
        assert_eq!(plain, ResolvedEndpoint::from_url("https://e"));
    }

    #[test]
    fn config_and_credentials() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
        };
        let config = Config::builder()
            .build_with_env(env(&[
                ("AWS_DEFAULT_REGION", "eu-west-3"),
                ("AWS_ACCESS_KEY_ID", "AKID"),
                ("AWS_SECRET_ACCESS_KEY", "secret"),
                ("AWS_SESSION_TOKEN", ""),
            ]))
            .expect("config");
        assert_eq!(config.region(), "eu-west-3");
        assert_eq!(config.credentials(), Some(&Credentials::new("AKID", "secret", None)));
        assert_eq!(config.retry_quota(), DEFAULT_RETRY_QUOTA);
        assert_eq!((config.max_attempts(), config.timeout()), (DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT));
        assert!(!config.use_fips() && !config.use_dual_stack() && config.endpoint_url().is_none());

        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("A", "S", Some("T".to_owned())))
            .endpoint_url("http://localhost:1")
            .use_fips(true)
            .use_dual_stack(true)
            .max_attempts(5)
            .timeout(Duration::from_secs(2))
            .build_with_env(env(&[("AWS_REGION", "ignored")]))
            .expect("config");
        assert_eq!(config.region(), "us-east-1");
        assert_eq!(config.credentials().and_then(Credentials::session_token), Some("T"));
        assert_eq!(config.endpoint_url(), Some("http://localhost:1"));
        assert!(config.use_fips() && config.use_dual_stack());
        assert_eq!((config.max_attempts(), config.timeout()), (5, Duration::from_secs(2)));
        let debug = format!("{:?}", config.credentials());
        assert!(debug.contains("\"A\"") && !debug.contains("\"S\"") && !debug.contains("\"T\""), "{debug}");

        let config = Config::builder().region("r").retry_quota(7).build_with_env(env(&[])).expect("no credentials");
        assert_eq!((config.credentials(), config.retry_quota()), (None, 7));
        // Flexible checksums: when supported unless the environment or the builder says otherwise.
        let built =
            |vars: &'static [(&'static str, &'static str)]| Config::builder().region("r").build_with_env(env(vars));
        let config = built(&[]).expect("defaults");
        assert!(!config.request_checksum_when_required && !config.response_checksum_when_required);
        let config = built(&[("AWS_REQUEST_CHECKSUM_CALCULATION", "WHEN_REQUIRED")]).expect("when required");
        assert!(config.request_checksum_when_required && !config.response_checksum_when_required);
        let config = built(&[("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required")]).expect("when required");
        assert!(config.response_checksum_when_required);
        let error = built(&[("AWS_RESPONSE_CHECKSUM_VALIDATION", "never")]).expect_err("not a setting");
        assert!(error.to_string().contains("AWS_RESPONSE_CHECKSUM_VALIDATION"), "{error}");
        let error = Config::builder().build_with_env(env(&[("AWS_ACCESS_KEY_ID", "A")])).expect_err("no region");
        assert!(error.to_string().contains("no region"), "{error}");
        let error = Config::builder()
            .build_with_env(env(&[("AWS_REGION", "r"), ("AWS_ACCESS_KEY_ID", "A")]))
            .expect_err("no secret");
        assert!(error.to_string().contains("AWS_SECRET_ACCESS_KEY"), "{error}");
        let error = Config::builder()
            .region("r")
            .credentials(Credentials::new("A", "S", None))
            .max_attempts(0)
            .build_with_env(env(&[]))
            .expect_err("zero attempts");
        assert!(error.to_string().contains("at least 1"), "{error}");
    }

    #[test]
    fn signing_adds_date_token_and_authorization() {
        let mut request = http::Request::builder()
            .method("GET")
            .uri("https://svc.us-east-1.amazonaws.com/things/a%20b?x=1")
            .header("host", "svc.us-east-1.amazonaws.com")
            .body(())
            .expect("request");
        let credentials =
            Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Some("TOKEN".into()));
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160); // 2015-08-30T12:36:00Z
        sign(&mut request, super::super::sigv4::Payload::Bytes(b""), &credentials, "us-east-1", "svc", false, time)
            .expect("signs");
        let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        assert_eq!(header("x-amz-date").as_deref(), Some("20150830T123600Z"));
        assert_eq!(header("x-amz-security-token").as_deref(), Some("TOKEN"));
        let authorization = header("authorization").expect("authorization");
        assert!(
            authorization.starts_with(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/svc/aws4_request, \
                 SignedHeaders=host;x-amz-date;x-amz-security-token, Signature="
            ),
            "{authorization}"
        );
        // The endpoint's scope is what is signed for (`sigv4.rs` tests the rest).
        let mut put = http::Request::builder().uri("https://b.s3.amazonaws.com/k").body(()).expect("request");
        sign(&mut put, super::super::sigv4::Payload::Bytes(b""), &credentials, "eu-west-1", "s3", true, time)
            .expect("signs");
        let signed = put.headers().get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(signed.contains("/20150830/eu-west-1/s3/aws4_request"), "{signed}");
        assert!(put.headers().contains_key("x-amz-content-sha256"));
    }

    #[test]
    fn errors_display() {
        let error: SdkError<std::fmt::Error> = SdkError::Timeout(Duration::from_secs(2));
        assert_eq!(error.to_string(), "the request timed out: no complete response within 2s");
        assert!(error.as_service_error().is_none() && error.request_id().is_none() && error.status().is_none());
        let error: SdkError<std::fmt::Error> =
            SdkError::Service(ServiceError { error: std::fmt::Error, status: 503, request_id: Some("rid".into()) });
        assert_eq!(
            error.to_string(),
            "service error (HTTP 503, request ID rid): an error occurred when formatting an argument"
        );
        assert_eq!((error.status(), error.request_id()), (Some(503), Some("rid")));
        assert!(StdError::source(&error).is_some());
        assert_eq!(error.into_service_error(), Some(std::fmt::Error));
        let error: SdkError<std::fmt::Error> = SdkError::Endpoint(ResolveEndpointError::new("none"));
        assert_eq!(error.to_string(), "no endpoint: none");
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset");
        let error = DispatchError::from_error(io);
        assert_eq!(error.message(), "reset");
        assert!(StdError::source(&error).is_some());
        assert_eq!(error.to_string(), "could not send the request or read the response: reset");
    }

    // ---------------------------------------------------------- through a local server

    /// A blocking HTTP/1.1 server on 127.0.0.1 in a thread: answers each request with the next
    /// `(status, error code, body)` and records the request heads. It stops after the last
    /// response, or when nothing comes for a few seconds.
    fn server(responses: Vec<(u16, &'static str, &'static str)>) -> (String, Arc<std::sync::Mutex<Vec<String>>>) {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        listener.set_nonblocking(true).expect("non-blocking accept");
        let heads = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = heads.clone();
        std::thread::spawn(move || {
            let mut responses = responses.into_iter();
            let deadline = std::time::Instant::now() + Duration::from_secs(10);
            while std::time::Instant::now() < deadline {
                let Ok((mut stream, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                };
                let _ = stream.set_nonblocking(false);
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                // Requests on one connection, one after the other (keep-alive).
                let mut buffer = Vec::new();
                loop {
                    let mut chunk = [0_u8; 4096];
                    let end = loop {
                        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                            break Some(end);
                        }
                        match stream.read(&mut chunk) {
                            Ok(0) | Err(_) => break None,
                            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                        }
                    };
                    let Some(end) = end else { break };
                    let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
                    buffer.drain(..end + 4);
                    seen.lock().expect("heads").push(head);
                    let Some((status, code, body)) = responses.next() else { return };
                    let code = if code.is_empty() { String::new() } else { format!("x-amzn-errortype: {code}\r\n") };
                    let response = format!(
                        "HTTP/1.1 {status} X\r\n{code}x-amzn-requestid: rid\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if stream.write_all(response.as_bytes()).is_err() {
                        break;
                    }
                }
            }
        });
        (url, heads)
    }

    /// A test operation: `GET /items[?token=…]`; a 2xx body is the next token.
    #[derive(Debug, Clone, Default)]
    struct Input {
        token: Option<String>,
    }

    #[derive(Debug, PartialEq)]
    struct Output {
        next: Option<String>,
    }

    #[derive(Debug, PartialEq)]
    struct TestError {
        code: Option<String>,
    }

    fn test_operation() -> Operation<Input, Output, TestError> {
        Operation::new(
            |input| {
                let uri = match &input.token {
                    Some(token) => format!("/items?token={token}"),
                    None => "/items".to_owned(),
                };
                http::Request::builder()
                    .uri(uri)
                    .body(Vec::new())
                    .map_err(|e| BuildError::invalid("uri", e.to_string()))
            },
            |response| {
                let body = String::from_utf8_lossy(response.body()).into_owned();
                if response.status().is_success() {
                    Ok(Output { next: Some(body).filter(|_| !response.body().is_empty()) })
                } else {
                    let code = response.headers().get("x-amzn-errortype").and_then(|v| v.to_str().ok());
                    Err(TestError { code: code.map(str::to_owned) })
                }
            },
            |error| error.code.as_deref(),
        )
    }

    fn test_config(url: &str) -> Config {
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .endpoint_url(url)
            .timeout(Duration::from_secs(5))
            .build_with_env(|_| None)
            .expect("config")
    }

    fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(future)
    }

    fn paginator(url: &str) -> Paginator<Input, Output, TestError> {
        let tokens = PageTokens {
            input: |input: &Input| input.token.as_ref(),
            set_input: |input: &mut Input, token| input.token = token,
            output: |output: &Output| output.next.as_ref(),
        };
        let client = Arc::new(ClientInner::new(test_config(url), "svc", None, Driver::Tokio));
        Paginator::new(client, test_operation(), tokens, Input::default())
    }

    /// Every page, as `Ok(next token)` or `Err(error code)`.
    fn all_pages(url: &str) -> Vec<Result<Option<String>, Option<String>>> {
        let mut paginator = paginator(url);
        block_on(async {
            let mut pages = Vec::new();
            while let Some(page) = paginator.next_page().await {
                pages.push(page.map(|o| o.next).map_err(|e| e.into_service_error().and_then(|e| e.code)));
                assert!(pages.len() < 10, "the paginator stops");
            }
            assert!(paginator.next_page().await.is_none(), "stays done");
            pages
        })
    }

    fn request_lines(heads: &std::sync::Mutex<Vec<String>>) -> Vec<String> {
        heads.lock().expect("heads").iter().map(|h| h.lines().next().unwrap_or_default().to_owned()).collect()
    }

    #[test]
    fn paginator_walks_pages_until_the_token_is_empty() {
        let (url, heads) = server(vec![(200, "", "a"), (200, "", "b"), (200, "", "")]);
        let some = |s: &str| Ok(Some(s.to_owned()));
        assert_eq!(all_pages(&url), [some("a"), some("b"), Ok(None)]);
        assert_eq!(
            request_lines(&heads),
            ["GET /items HTTP/1.1", "GET /items?token=a HTTP/1.1", "GET /items?token=b HTTP/1.1"]
        );
    }

    #[test]
    fn page_tokens_end_when_missing_or_empty() {
        assert!(PageToken::is_empty(&String::new()) && !PageToken::is_empty(&"a".to_owned()));
        let mut last_key = std::collections::HashMap::new();
        assert!(PageToken::is_empty(&last_key));
        last_key.insert("pk".to_owned(), 1);
        assert!(!PageToken::is_empty(&last_key));
    }

    #[test]
    fn paginator_stops_on_a_repeated_token_and_after_an_error() {
        let (url, heads) = server(vec![(200, "", "a"), (200, "", "a"), (200, "", "b")]);
        let some = |s: &str| Ok(Some(s.to_owned()));
        assert_eq!(all_pages(&url), [some("a"), some("a")]);
        assert_eq!(request_lines(&heads).len(), 2);

        let (url, heads) = server(vec![(200, "", "a"), (400, "ValidationException", "{}"), (200, "", "b")]);
        assert_eq!(all_pages(&url), [some("a"), Err(Some("ValidationException".to_owned()))]);
        assert_eq!(request_lines(&heads).len(), 2);
    }

    /// `(status, code)` of each call's error, or `None` for a success.
    fn call(inner: &ClientInner, op: Operation<Input, Output, TestError>) -> Result<Output, Option<String>> {
        block_on(send(inner, op, &Input::default())).map_err(|e| e.into_service_error().and_then(|e| e.code))
    }

    /// The blocking client's driver runs the same attempt loop on the calling thread, through
    /// ureq: a throttled attempt is retried after the backoff, pages follow their tokens, and an
    /// attempt that gets no answer within the timeout is `SdkError::Timeout`.
    #[cfg(feature = "blocking")]
    #[test]
    fn the_thread_driver_retries_pages_and_times_out_through_ureq() {
        use super::super::blocking::{run, Paginator as Pages};
        let throttled = (400, "ThrottlingException", "{}");
        let (url, heads) = server(vec![throttled, (200, "", "a"), (200, "", "")]);
        let inner = Arc::new(ClientInner::new(test_config(&url), "svc", None, Driver::Thread));
        let tokens = PageTokens {
            input: |input: &Input| input.token.as_ref(),
            set_input: |input: &mut Input, token| input.token = token,
            output: |output: &Output| output.next.as_ref(),
        };
        let pages = Pages::new(Paginator::new(inner.clone(), test_operation(), tokens, Input::default()));
        let pages: Vec<_> = pages.map(|page| page.map(|output| output.next).map_err(|e| format!("{e:?}"))).collect();
        assert_eq!(pages, [Ok(Some("a".to_owned())), Ok(None)]);
        let lines = request_lines(&heads);
        assert_eq!(lines, ["GET /items HTTP/1.1", "GET /items HTTP/1.1", "GET /items?token=a HTTP/1.1"]);
        let signed = heads.lock().expect("heads").iter().all(|head| head.contains("AWS4-HMAC-SHA256 Credential=AKID/"));
        assert!(signed, "every attempt is signed");

        // A server that accepts and never answers.
        let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", silent.local_addr().expect("address"));
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .endpoint_url(&url)
            .timeout(Duration::from_millis(200))
            .max_attempts(1)
            .build_with_env(|_| None)
            .expect("config");
        let inner = ClientInner::new(config, "svc", None, Driver::Thread);
        let result = run(send(&inner, test_operation(), &Input::default()));
        assert!(matches!(result, Err(SdkError::Timeout(t)) if t == Duration::from_millis(200)), "{result:?}");
        drop(silent);
    }

    #[test]
    fn the_retry_quota_stops_retries_and_successes_refill_it() {
        let throttled = (400, "ThrottlingException", "{}");
        let (url, heads) = server(vec![throttled, throttled, throttled, throttled, throttled, (200, "", "ok")]);
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .endpoint_url(&url)
            .max_attempts(3)
            .retry_quota(12)
            .build_with_env(|_| None)
            .expect("config");
        let inner = ClientInner::new(config, "svc", None, Driver::Tokio);
        // Two retries (5 + 5 tokens) leave 2.
        assert_eq!(call(&inner, test_operation()), Err(Some("ThrottlingException".to_owned())));
        assert_eq!((request_lines(&heads).len(), inner.retry_quota.available()), (3, 2));
        // 2 tokens pay for no retry: one attempt only.
        assert_eq!(call(&inner, test_operation()), Err(Some("ThrottlingException".to_owned())));
        assert_eq!((request_lines(&heads).len(), inner.retry_quota.available()), (4, 2));
        // A first-try success puts 1 back (after a throttled attempt that could not retry).
        assert_eq!(call(&inner, test_operation()), Err(Some("ThrottlingException".to_owned())));
        assert_eq!(call(&inner, test_operation()).map(|o| o.next), Ok(Some("ok".to_owned())));
        assert_eq!((request_lines(&heads).len(), inner.retry_quota.available()), (6, 3));
    }

    #[test]
    fn unsigned_and_optional_auth() {
        let (url, heads) = server(vec![(200, "", ""), (200, "", ""), (200, "", ""), (200, "", "")]);
        let signed = test_config(&url);
        let anonymous = Config::builder().region("us-east-1").endpoint_url(&url).build_with_env(|_| None);
        let anonymous = anonymous.expect("config without credentials");
        let authorization = |index: usize| {
            let heads = heads.lock().expect("heads");
            heads[index].to_ascii_lowercase().contains("\r\nauthorization: aws4-hmac-sha256 ")
        };
        let (signed, anonymous) = (
            ClientInner::new(signed, "svc", None, Driver::Tokio),
            ClientInner::new(anonymous, "svc", None, Driver::Tokio),
        );
        call(&signed, test_operation().with_auth(Auth::Unsigned)).expect("unsigned");
        assert!(!authorization(0), "@auth([]) is never signed");
        call(&signed, test_operation().with_auth(Auth::Optional)).expect("optional, with credentials");
        assert!(authorization(1), "@optionalAuth signs when it can");
        call(&anonymous, test_operation().with_auth(Auth::Optional)).expect("optional, no credentials");
        assert!(!authorization(2));
        call(&signed, test_operation()).expect("signed");
        assert!(authorization(3));
        let error = block_on(send(&anonymous, test_operation(), &Input::default())).expect_err("no credentials");
        let SdkError::Credentials(error) = error else { panic!("expected a credentials error, got {error:?}") };
        assert!(error.to_string().contains("must be signed"), "{error}");
        assert_eq!(heads.lock().expect("heads").len(), 4, "nothing is sent without credentials");
    }

    #[test]
    fn send_uses_the_resolved_endpoint_headers_and_signing_scope() {
        fn resolve(config: &Config) -> Result<ResolvedEndpoint, ResolveEndpointError> {
            let url = config.endpoint_url().ok_or_else(|| ResolveEndpointError::new("no URL"))?;
            let properties = serde_json::json!({
                "authSchemes": [{"name": "sigv4", "signingName": "other", "signingRegion": "eu-central-1"}]
            });
            let headers = BTreeMap::from([("x-endpoint".to_owned(), vec!["yes".to_owned()])]);
            let properties = properties.as_object().cloned().unwrap_or_default();
            Ok(ResolvedEndpoint::new(&format!("{url}/base"), &headers, &properties))
        }
        let (url, heads) = server(vec![(503, "", "busy"), (200, "", "next")]);
        let inner = ClientInner::new(test_config(&url), "svc", Some(resolve), Driver::Tokio);
        let output = block_on(send(&inner, test_operation(), &Input::default())).expect("the retry succeeds");
        assert_eq!(output, Output { next: Some("next".to_owned()) });
        let heads = heads.lock().expect("heads").clone();
        assert_eq!(heads.len(), 2, "503 is retried");
        let head = heads[1].to_ascii_lowercase();
        assert!(head.starts_with("get /base/items http/1.1\r\n"), "{head}");
        assert!(head.contains("\r\nx-endpoint: yes\r\n"), "{head}");
        assert!(head.contains("/eu-central-1/other/aws4_request, signedheaders=host;x-amz-date;x-endpoint,"), "{head}");
        assert!(head.contains(&format!("\r\nhost: {}\r\n", url.trim_start_matches("http://"))), "{head}");
        assert!(head.contains("\r\nuser-agent: "), "{head}");

        let inner = ClientInner::new(
            test_config(&url),
            "svc",
            Some(|_| Err(ResolveEndpointError::new("rules say no"))),
            Driver::Tokio,
        );
        let error = block_on(send(&inner, test_operation(), &Input::default())).expect_err("no endpoint");
        assert!(matches!(&error, SdkError::Endpoint(e) if e.message() == "rules say no"), "{error:?}");
    }

    /// A `Replay` in place of the HTTP client: the client's requests reach it signed and
    /// whole, its canned responses come back through the same reading as hyper's, and a
    /// request after the last response fails (as a transport error, retried).
    #[test]
    fn a_replay_answers_and_records_without_a_server() {
        let ok = |body: &str| http::Response::builder().status(200).body(body.as_bytes().to_vec()).expect("response");
        let replay = Replay::new([ok("t1"), ok("")]);
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .endpoint_url("https://example.com")
            .http_client(replay.clone())
            .build_with_env(|_| None)
            .expect("config");
        let inner = Arc::new(ClientInner::new(config, "svc", None, Driver::Tokio));
        let first = block_on(send(&inner, test_operation(), &Input::default())).expect("first");
        assert_eq!(first, Output { next: Some("t1".to_owned()) });
        let second = block_on(send(&inner, test_operation(), &Input { token: Some("t1".to_owned()) })).expect("second");
        assert_eq!(second, Output { next: None });
        let error = block_on(send(&inner, test_operation(), &Input::default())).expect_err("no response left");
        assert!(matches!(&error, SdkError::Dispatch(e) if e.message().contains("no response left")), "{error:?}");
        let requests = replay.take_requests();
        let uris: Vec<String> = requests.iter().map(|r| r.uri().to_string()).collect();
        // The failure is a transport error to the client: retried up to the 3 attempts.
        let third = "https://example.com/items";
        assert_eq!(uris, ["https://example.com/items", "https://example.com/items?token=t1", third, third, third]);
        assert!(requests[0]
            .headers()
            .get("authorization")
            .is_some_and(|v| v.as_bytes().starts_with(b"AWS4-HMAC-SHA256")));
        assert!(replay.take_requests().is_empty(), "taken");
    }
}
