//! HTTP to GitHub: octocrab for transport (TLS, base URL with an Enterprise path prefix, auth
//! header, connect and read timeouts), and our own retry policy on top.
//!
//! Why not octocrab's retry layer: its default (`Simple(3)`) repeats every request that failed
//! with a 5xx at once, POSTs included, so a comment that reached GitHub before a 502 was posted
//! twice. The client is therefore built with `RetryConfig::None` and:
//!
//! - GET, PATCH and DELETE (idempotent) are retried on 5xx, 429, secondary rate limits (403 with
//!   `retry-after` or `x-ratelimit-remaining: 0`) and transport errors, waiting as GitHub says
//!   (`retry-after`, `x-ratelimit-reset`) or with exponential backoff, within a total wait budget;
//! - POST is retried only when GitHub said it did not process it (429, rate-limit 403). After a
//!   5xx or a timeout the caller must look before posting again ([`Error::is_ambiguous`]).
//!
//! The token is given to octocrab and kept here only to scrub it from any text that could reach
//! a message (GitHub's error bodies, transport errors), as a second line of defence.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use octocrab::Octocrab;
use octocrab::service::middleware::retry::RetryConfig;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The public GitHub API, used when `GITHUB_API_URL` is not set.
pub const DEFAULT_API_URL: &str = "https://api.github.com";

/// Most pages of a list followed before giving up (100 items each).
const MAX_PAGES: usize = 300;

/// A GitHub token. Its `Debug` and `Display` never show it.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    /// Accepts a token as read from the environment, trimmed. Refuses characters that cannot be
    /// sent in an HTTP header (octocrab would panic on them), without echoing the value.
    pub fn new(raw: &str) -> Result<Token, Error> {
        let token = raw.trim();
        if token.is_empty() {
            return Err(Error::Input("the GitHub token is empty".to_string()));
        }
        if !token.chars().all(|c| c.is_ascii_graphic()) {
            return Err(Error::Input(
                "the GitHub token contains characters that cannot be sent in a header (spaces, \
                 control or non-ASCII characters); check how it is passed"
                    .to_string(),
            ));
        }
        Ok(Token(token.to_string()))
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(***)")
    }
}

/// Timeouts and retry budget.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// `GITHUB_API_URL`: `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise
    /// Server (the path prefix is kept).
    pub api_url: String,
    /// Longest wait to connect.
    pub connect_timeout: Duration,
    /// Longest silence while reading a response.
    pub read_timeout: Duration,
    /// Longest time for one whole request, response body included.
    pub request_timeout: Duration,
    /// Total time spent waiting between attempts of one request before giving up.
    pub max_wait: Duration,
    /// First backoff delay when GitHub gives no hint; doubled at each attempt.
    pub backoff: Duration,
    /// Most attempts of one request.
    pub max_attempts: u32,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            api_url: DEFAULT_API_URL.to_string(),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(60),
            max_wait: Duration::from_secs(60),
            backoff: Duration::from_secs(1),
            max_attempts: 6,
        }
    }
}

/// The permission a refused request needed, named as in a workflow's `permissions:` block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Write comments (`pull-requests: write`).
    PullRequestsWrite,
    /// Read reviews and commits (`pull-requests: read`).
    PullRequestsRead,
    /// Read single commits (`contents: read`).
    ContentsRead,
    /// Create check runs (`checks: write`).
    ChecksWrite,
    /// A request that needs no particular permission.
    None,
}

impl Permission {
    /// The permission as a workflow's `permissions:` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::PullRequestsWrite => "pull-requests: write",
            Permission::PullRequestsRead => "pull-requests: read",
            Permission::ContentsRead => "contents: read",
            Permission::ChecksWrite => "checks: write",
            Permission::None => "",
        }
    }
}

/// Everything that can go wrong talking to GitHub. Messages name the operation and what to do;
/// they never contain the token.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// 401: the token is invalid, expired or revoked.
    #[error(
        "{what}: GitHub rejected the token (401 Unauthorized): it is invalid, expired or revoked \
         (GITHUB_TOKEN)"
    )]
    Unauthorized {
        /// The operation.
        what: String,
    },
    /// 403: the token may not do this.
    #[error("{what}: GitHub refused it (403 Forbidden: {message}){}", permission_hint(*.permission))]
    Forbidden {
        /// The operation.
        what: String,
        /// GitHub's message.
        message: String,
        /// The permission the operation needs.
        permission: Permission,
    },
    /// 404: no such repository or pull request, or no access.
    #[error(
        "{what}: not found (404): the repository or pull request does not exist, or the token \
         has no access to it"
    )]
    NotFound {
        /// The operation.
        what: String,
    },
    /// 422: GitHub rejected the request.
    #[error("{what}: GitHub rejected the request as invalid (422): {message}")]
    Validation {
        /// The operation.
        what: String,
        /// GitHub's message.
        message: String,
    },
    /// Rate limited beyond the retry budget.
    #[error("{what}: rate limited by GitHub; {detail}")]
    RateLimited {
        /// The operation.
        what: String,
        /// The limit and when it resets, as GitHub said.
        detail: String,
    },
    /// Another status.
    #[error("{what}: GitHub answered {status}{}", colon(.message))]
    Status {
        /// The operation.
        what: String,
        /// The HTTP status.
        status: u16,
        /// GitHub's message, if any.
        message: String,
    },
    /// The request did not get an answer.
    #[error("{what}: {message}")]
    Transport {
        /// The operation.
        what: String,
        /// What failed (connection, timeout), without the token.
        message: String,
    },
    /// The answer was not what the API documents.
    #[error("{what}: unexpected response from GitHub: {message}")]
    Decode {
        /// The operation.
        what: String,
        /// What did not decode.
        message: String,
    },
    /// Bad input from the caller (flags, environment, event file).
    #[error("{0}")]
    Input(String),
    /// The job summary file could not be written.
    #[error("cannot write the job summary {}", path.display())]
    Summary {
        /// The job summary file.
        path: std::path::PathBuf,
        /// Why it could not be written.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// A 403 that is not a rate limit: the token may not do this (read-only token of a fork PR).
    pub fn is_forbidden(&self) -> bool {
        matches!(self, Error::Forbidden { .. })
    }

    /// The request may or may not have been carried out (5xx, timeout, connection lost): look
    /// before repeating a non-idempotent request.
    pub fn is_ambiguous(&self) -> bool {
        match self {
            Error::Status { status, .. } => *status >= 500,
            Error::Transport { .. } => true,
            _ => false,
        }
    }
}

fn permission_hint(permission: Permission) -> String {
    match permission {
        Permission::None => String::new(),
        p => format!(
            "; the token needs `{}` (workflow `permissions:`); pull requests from forks only get \
             a read-only token",
            p.as_str()
        ),
    }
}

fn colon(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(": {message}")
    }
}

/// Names an operation for messages and says which permission a 403 on it means.
#[derive(Clone, Debug)]
pub struct Op {
    /// What the request does, for messages.
    pub what: String,
    /// The permission it needs, for the hint on a 403.
    pub permission: Permission,
}

impl Op {
    /// An operation described for messages.
    pub fn new(what: impl Into<String>, permission: Permission) -> Op {
        Op {
            what: what.into(),
            permission,
        }
    }
}

/// A GitHub API client with tollgate's timeouts and retry policy.
pub struct Client {
    octo: Octocrab,
    /// Kept only to scrub it from text; never formatted.
    secret: Option<String>,
    options: ClientOptions,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("api_url", &self.options.api_url)
            .finish_non_exhaustive()
    }
}

/// A response read in full.
struct Reply {
    status: u16,
    retry_after: Option<u64>,
    remaining: Option<u64>,
    reset: Option<u64>,
    next_page: Option<String>,
    body: String,
}

/// What to do after a failed attempt.
enum Verdict {
    /// Try again after this long (or after a backoff when `None`).
    Retry(Option<Duration>, Error),
    Fail(Error),
}

impl Client {
    /// Builds a client. Must be called inside a tokio runtime (the connector needs it).
    pub fn new(token: Option<Token>, options: ClientOptions) -> Result<Client, Error> {
        let api_url = options.api_url.trim().trim_end_matches('/').to_string();
        if !(api_url.starts_with("https://") || api_url.starts_with("http://")) {
            return Err(Error::Input(format!(
                "GITHUB_API_URL `{api_url}` is not an http(s) URL"
            )));
        }
        let mut builder = Octocrab::builder()
            .add_retry_config(RetryConfig::None)
            .set_connect_timeout(Some(options.connect_timeout))
            .set_read_timeout(Some(options.read_timeout))
            .set_write_timeout(Some(options.read_timeout))
            .base_uri(api_url.as_str())
            .map_err(|_| Error::Input(format!("GITHUB_API_URL `{api_url}` is not a valid URL")))?;
        let secret = token.map(|t| t.0);
        if let Some(secret) = &secret {
            builder = builder.personal_token(secret.clone());
        }
        let octo = builder.build().map_err(|e| Error::Transport {
            what: "setting up the HTTP client".to_string(),
            message: describe(&e),
        })?;
        Ok(Client {
            octo,
            secret,
            options: ClientOptions { api_url, ..options },
        })
    }

    /// The options the client was made with.
    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// GET one resource, retried.
    pub async fn get<T: DeserializeOwned>(&self, op: &Op, route: &str) -> Result<T, Error> {
        let reply = self.idempotent(op, "GET", route, None).await?;
        self.decode(op, &reply.body)
    }

    /// GET every page of a list (`per_page=100`, following `Link: rel="next"`), each retried.
    pub async fn get_all<T: DeserializeOwned>(
        &self,
        op: &Op,
        route: &str,
    ) -> Result<Vec<T>, Error> {
        let sep = if route.contains('?') { '&' } else { '?' };
        let mut next = Some(format!("{route}{sep}per_page=100"));
        let mut items = Vec::new();
        let mut pages = 0;
        while let Some(route) = next.take() {
            pages += 1;
            if pages > MAX_PAGES {
                return Err(Error::Decode {
                    what: op.what.clone(),
                    message: format!("more than {MAX_PAGES} pages; refusing to read further"),
                });
            }
            let reply = self.idempotent(op, "GET", &route, None).await?;
            let mut page: Vec<T> = self.decode(op, &reply.body)?;
            items.append(&mut page);
            next = reply.next_page;
        }
        Ok(items)
    }

    /// PATCH, retried (an update says the whole new state, so repeating it is harmless).
    pub async fn patch<B: Serialize, T: DeserializeOwned>(
        &self,
        op: &Op,
        route: &str,
        body: &B,
    ) -> Result<T, Error> {
        let body = self.encode(op, body)?;
        let reply = self.idempotent(op, "PATCH", route, Some(&body)).await?;
        self.decode(op, &reply.body)
    }

    /// DELETE, retried; a 404 counts as done (someone else deleted it first).
    pub async fn delete(&self, op: &Op, route: &str) -> Result<(), Error> {
        match self.idempotent(op, "DELETE", route, None).await {
            Ok(_) | Err(Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// POST, retried only when GitHub said it did not process the request (429, rate-limit 403).
    /// After an ambiguous failure ([`Error::is_ambiguous`]) the caller must check whether the
    /// request took effect before posting again.
    pub async fn post_once<B: Serialize, T: DeserializeOwned>(
        &self,
        op: &Op,
        route: &str,
        body: &B,
    ) -> Result<T, Error> {
        let body = self.encode(op, body)?;
        let reply = self.attempts(op, "POST", route, Some(&body), false).await?;
        self.decode(op, &reply.body)
    }

    /// Sleeps `delay` if the wait budget allows; used by callers that retry themselves.
    pub(crate) async fn backoff(&self, attempt: u32, waited: &mut Duration) -> bool {
        let delay = self.options.backoff.saturating_mul(1 << attempt.min(10));
        if waited.saturating_add(delay) > self.options.max_wait {
            return false;
        }
        tokio::time::sleep(delay).await;
        *waited = waited.saturating_add(delay);
        true
    }

    async fn idempotent(
        &self,
        op: &Op,
        method: &'static str,
        route: &str,
        body: Option<&Value>,
    ) -> Result<Reply, Error> {
        self.attempts(op, method, route, body, true).await
    }

    /// The retry loop. `replayable`: whether a 5xx or a transport error may be retried.
    async fn attempts(
        &self,
        op: &Op,
        method: &'static str,
        route: &str,
        body: Option<&Value>,
        replayable: bool,
    ) -> Result<Reply, Error> {
        let started = Instant::now();
        let mut waited = Duration::ZERO;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let verdict = match self.send(method, route, body).await {
                Ok(reply) if (200..300).contains(&reply.status) => return Ok(reply),
                Ok(reply) => self.judge(op, &reply, replayable),
                Err(message) => {
                    let error = Error::Transport {
                        what: op.what.clone(),
                        message,
                    };
                    if replayable {
                        Verdict::Retry(None, error)
                    } else {
                        Verdict::Fail(error)
                    }
                }
            };
            let (hint, error) = match verdict {
                Verdict::Fail(error) => return Err(error),
                Verdict::Retry(hint, error) => (hint, error),
            };
            if attempt >= self.options.max_attempts {
                return Err(give_up(error, started));
            }
            let delay = hint.unwrap_or_else(|| {
                self.options
                    .backoff
                    .saturating_mul(1 << (attempt - 1).min(10))
            });
            // Saturating: a `retry-after` of 2^64 - 1 seconds must not overflow the sum.
            if waited.saturating_add(delay) > self.options.max_wait {
                return Err(give_up_wait(error, delay, self.options.max_wait));
            }
            tokio::time::sleep(delay).await;
            waited = waited.saturating_add(delay);
        }
    }

    /// Classifies a non-2xx reply.
    fn judge(&self, op: &Op, reply: &Reply, replayable: bool) -> Verdict {
        let what = op.what.clone();
        let message = self.scrub(&github_message(&reply.body));
        let rate_limited = reply.retry_after.is_some()
            || reply.remaining == Some(0)
            || message.to_ascii_lowercase().contains("rate limit");
        match reply.status {
            401 => Verdict::Fail(Error::Unauthorized { what }),
            429 => Verdict::Retry(self.wait_hint(reply), rate_error(what, &message)),
            403 if rate_limited => {
                Verdict::Retry(self.wait_hint(reply), rate_error(what, &message))
            }
            403 => Verdict::Fail(Error::Forbidden {
                what,
                message,
                permission: op.permission,
            }),
            404 => Verdict::Fail(Error::NotFound { what }),
            422 => Verdict::Fail(Error::Validation {
                what,
                message: validation_message(&reply.body, &message),
            }),
            status => {
                let error = Error::Status {
                    what,
                    status,
                    message,
                };
                if status >= 500 && replayable {
                    Verdict::Retry(None, error)
                } else {
                    Verdict::Fail(error)
                }
            }
        }
    }

    /// How long GitHub asks us to wait: `retry-after` seconds, or until `x-ratelimit-reset` when
    /// the remaining quota is 0.
    fn wait_hint(&self, reply: &Reply) -> Option<Duration> {
        if let Some(secs) = reply.retry_after {
            return Some(Duration::from_secs(secs));
        }
        if reply.remaining == Some(0)
            && let Some(reset) = reply.reset
        {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            return Some(Duration::from_secs(
                reset.saturating_sub(now).saturating_add(1),
            ));
        }
        None
    }

    /// One request, read in full, within the request timeout. Errors are already scrubbed.
    async fn send(
        &self,
        method: &'static str,
        route: &str,
        body: Option<&Value>,
    ) -> Result<Reply, String> {
        let exchange = async {
            let response = match method {
                "GET" => self.octo._get(route).await,
                "DELETE" => self.octo._delete(route, None::<&()>).await,
                "PATCH" => self.octo._patch(route, body).await,
                _ => self.octo._post(route, body).await,
            }
            .map_err(|e| describe(&e))?;
            let status = response.status().as_u16();
            let headers = response.headers();
            let number = |name: &str| {
                headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
            };
            let retry_after = number("retry-after");
            let remaining = number("x-ratelimit-remaining");
            let reset = number("x-ratelimit-reset");
            let next_page = headers
                .get("link")
                .and_then(|v| v.to_str().ok())
                .and_then(next_link);
            let body = self
                .octo
                .body_to_string(response)
                .await
                .map_err(|e| describe(&e))?;
            Ok::<_, String>(Reply {
                status,
                retry_after,
                remaining,
                reset,
                next_page,
                body,
            })
        };
        match tokio::time::timeout(self.options.request_timeout, exchange).await {
            Ok(result) => result.map_err(|m| self.scrub(&m)),
            Err(_) => Err(format!(
                "no complete response within {} s",
                self.options.request_timeout.as_secs_f32()
            )),
        }
    }

    fn encode<B: Serialize>(&self, op: &Op, body: &B) -> Result<Value, Error> {
        serde_json::to_value(body).map_err(|e| Error::Decode {
            what: op.what.clone(),
            message: e.to_string(),
        })
    }

    fn decode<T: DeserializeOwned>(&self, op: &Op, body: &str) -> Result<T, Error> {
        serde_json::from_str(body).map_err(|e| Error::Decode {
            what: op.what.clone(),
            message: e.to_string(),
        })
    }

    /// Removes the token from text that may be shown.
    pub(crate) fn scrub(&self, text: &str) -> String {
        match &self.secret {
            Some(secret) if text.contains(secret.as_str()) => text.replace(secret.as_str(), "***"),
            _ => text.to_string(),
        }
    }
}

/// The route (path and query) of the `rel="next"` link of a `Link` header. Only the path is
/// kept: the request goes to the configured API host, whatever host the header names.
fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        let is_next = params
            .split(';')
            .any(|p| p.trim().replace(' ', "") == "rel=\"next\"");
        if !is_next {
            return None;
        }
        let url = url.trim().strip_prefix('<')?.strip_suffix('>')?;
        let path = match url.find("://") {
            Some(i) => {
                let rest = &url[i + 3..];
                &rest[rest.find('/')?..]
            }
            None => url,
        };
        path.starts_with('/').then(|| path.to_string())
    })
}

/// GitHub's `message` from an error body, or a short excerpt of the body.
fn github_message(body: &str) -> String {
    if let Ok(value) = serde_json::from_str::<Value>(body)
        && let Some(message) = value.get("message").and_then(Value::as_str)
    {
        return message.to_string();
    }
    let excerpt: String = body.trim().chars().take(200).collect();
    excerpt
}

/// A 422's message with its `errors` details (field and code, or message).
fn validation_message(body: &str, message: &str) -> String {
    let Ok(value) = serde_json::from_str::<Value>(body) else {
        return message.to_string();
    };
    let details: Vec<String> = value
        .get("errors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|e| match e {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o
                .get("message")
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| {
                    let field = o.get("field").and_then(Value::as_str).unwrap_or("?");
                    let code = o.get("code").and_then(Value::as_str).unwrap_or("invalid");
                    Some(format!("{field}: {code}"))
                }),
            _ => None,
        })
        .collect();
    if details.is_empty() {
        message.to_string()
    } else {
        format!("{message} ({})", details.join("; "))
    }
}

fn rate_error(what: String, message: &str) -> Error {
    Error::RateLimited {
        what,
        detail: message.to_string(),
    }
}

fn give_up(error: Error, started: Instant) -> Error {
    let secs = started.elapsed().as_secs();
    match error {
        Error::RateLimited { what, detail } => Error::RateLimited {
            what,
            detail: format!("{detail} (gave up after {secs} s of retries)"),
        },
        other => other,
    }
}

fn give_up_wait(error: Error, delay: Duration, budget: Duration) -> Error {
    match error {
        Error::RateLimited { what, detail } => Error::RateLimited {
            what,
            detail: format!(
                "{detail}; GitHub asks to wait {} s, beyond the retry budget of {} s \
                 (--max-wait)",
                delay.as_secs(),
                budget.as_secs()
            ),
        },
        other => other,
    }
}

/// An octocrab error in one line: the cause, never a backtrace.
fn describe(error: &octocrab::Error) -> String {
    use std::error::Error as _;
    let mut text = match error {
        octocrab::Error::Service { source, .. } => source.to_string(),
        octocrab::Error::Hyper { source, .. } => source.to_string(),
        other => other
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string(),
    };
    let mut cause = error.source();
    let mut depth = 0;
    while let Some(c) = cause {
        let s = c.to_string();
        if !text.contains(&s) {
            text.push_str(": ");
            text.push_str(&s);
        }
        cause = c.source();
        depth += 1;
        if depth > 5 {
            break;
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_link_keeps_path_and_query_only() {
        let h = "<https://ghe.example/api/v3/repositories/1/issues/2/comments?per_page=100&page=2>; \
                 rel=\"next\", <https://ghe.example/api/v3/x?page=5>; rel=\"last\"";
        assert_eq!(
            next_link(h).as_deref(),
            Some("/api/v3/repositories/1/issues/2/comments?per_page=100&page=2")
        );
        assert_eq!(next_link("<https://a/x?page=1>; rel=\"prev\""), None);
        assert_eq!(next_link(""), None);
    }

    #[test]
    fn token_is_trimmed_validated_and_never_shown() {
        let t = Token::new(" ghp_secret\n").expect("valid");
        assert_eq!(format!("{t:?}"), "Token(***)");
        assert!(Token::new("a b").is_err());
        assert!(Token::new("  ").is_err());
        let msg = Token::new("bad\u{7}token")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(!msg.contains("bad"), "{msg}");
    }

    #[test]
    fn validation_messages_show_githubs_details() {
        let body = r#"{"message":"Validation Failed","errors":[{"resource":"IssueComment","code":"custom","field":"body","message":"body is too long (maximum is 65536 characters)"}]}"#;
        assert_eq!(
            validation_message(body, "Validation Failed"),
            "Validation Failed (body is too long (maximum is 65536 characters))"
        );
    }

    #[test]
    fn forbidden_names_the_permission() {
        let e = Error::Forbidden {
            what: "creating the comment".into(),
            message: "Resource not accessible by integration".into(),
            permission: Permission::PullRequestsWrite,
        };
        assert!(e.to_string().contains("`pull-requests: write`"), "{e}");
    }
}
