//! A small stateful fake of the GitHub REST API on a wiremock server (one per test, loopback):
//! issue comments with pagination, the authenticated user, reviews, the pull request's commits
//! with GitHub's verification of their signatures, and check runs, plus knobs for
//! failures (read-only token, rate limits, a 502 after the comment was stored). wiremock records
//! every request, which `spec::assert_documented` checks against the endpoint table (`endpoints.rs`).

use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const TOKEN: &str = "ghs_TESTtoken_d1stinct1ve_9f8e7d";
pub const OWNER: &str = "octo-org";
pub const REPO: &str = "governance";

#[derive(Clone, Debug)]
pub struct Comment {
    pub id: u64,
    pub body: String,
    pub login: String,
    pub kind: String,
    pub created_at: String,
}

#[derive(Clone, Debug, Default)]
pub struct CheckRun {
    pub id: u64,
    pub create: Value,
    pub annotations: Vec<Value>,
    pub updates: usize,
}

#[derive(Debug)]
pub struct State {
    /// The token the fake accepts (401 for any other).
    pub token: String,
    /// `GET /user`'s login; `None` answers 403 as for an installation token.
    pub me: Option<String>,
    pub comments: Vec<Comment>,
    pub reviews: Vec<Value>,
    pub check_runs: Vec<CheckRun>,
    /// Writes answer 403 "Resource not accessible by integration".
    pub read_only: bool,
    /// The next N comment POSTs store the comment and then answer 502.
    pub fail_after_create: usize,
    /// The next N requests answer 429 with `retry-after: 1`.
    pub rate_limited: usize,
    /// The next N requests answer 403 with `x-ratelimit-remaining: 0` and a reset time now.
    pub quota_exhausted: usize,
    /// The next N requests are answered only after 3 seconds.
    pub slow: usize,
    /// Answer this status (with `message`) to every request.
    pub always: Option<(u16, String)>,
    /// Check-run requests (create and update) answer this status.
    pub check_runs_fail: Option<u16>,
    /// Comments created by the next N comment POSTs are left out of lists until the Nth POST
    /// has arrived: N runs started at the same moment, none seeing the others' comments before
    /// it posts its own.
    pub unseen_posts: usize,
    unseen: Vec<u64>,
    /// On the next comment POST, this login posts the same body just before (another run of the
    /// same workflow, started at the same time).
    pub racing: Option<String>,
    /// The pull request's commits, oldest first, as GitHub returns them (`endpoints::commit`).
    pub commits: Vec<Value>,
    next_id: u64,
    clock: u64,
}

impl State {
    /// Adds a comment as if posted earlier.
    pub fn seed(&mut self, login: &str, kind: &str, body: &str) -> u64 {
        self.next_id += 1;
        self.clock += 1;
        let id = self.next_id;
        self.comments.push(Comment {
            id,
            body: body.to_string(),
            login: login.to_string(),
            kind: kind.to_string(),
            created_at: timestamp(self.clock),
        });
        id
    }

    /// A commit of the pull request, with what GitHub says about its signature.
    pub fn commit(&mut self, sha: &str, signed: &Signed<'_>) {
        self.clock += 1;
        let value = commit_json(sha, signed, &timestamp(self.clock));
        let problems = super::endpoints::commit::problems(&value);
        assert!(
            problems.is_empty(),
            "the fake would answer an undocumented commit: {problems:?}"
        );
        self.commits.push(value);
    }

    pub fn review(&mut self, login: &str, state: &str) {
        self.review_at(login, state, &"a".repeat(40));
    }

    /// A review of `commit_id` (the pull request's head when it was submitted).
    pub fn review_at(&mut self, login: &str, state: &str, commit_id: &str) {
        self.next_id += 1;
        self.clock += 1;
        self.reviews.push(json!({
            "id": self.next_id,
            "node_id": format!("PRR_{}", self.next_id),
            "user": user_json(login, "User"),
            "body": "",
            "state": state,
            "html_url": "https://github.example/pr",
            "pull_request_url": "https://api.github.example/pr",
            "_links": {},
            "submitted_at": timestamp(self.clock),
            "commit_id": commit_id,
            "author_association": "MEMBER",
        }));
    }
}

pub struct Fake {
    pub server: MockServer,
    state: Arc<Mutex<State>>,
    pub prefix: String,
}

impl Fake {
    /// A fake at `http://127.0.0.1:PORT{prefix}`; the token's user is `tollgate-bot`.
    pub async fn start(prefix: &str) -> Fake {
        let server = MockServer::builder().start().await;
        let state = Arc::new(Mutex::new(State {
            token: TOKEN.to_string(),
            me: Some("tollgate-bot".to_string()),
            comments: Vec::new(),
            reviews: Vec::new(),
            check_runs: Vec::new(),
            read_only: false,
            fail_after_create: 0,
            rate_limited: 0,
            quota_exhausted: 0,
            slow: 0,
            always: None,
            check_runs_fail: None,
            unseen_posts: 0,
            unseen: Vec::new(),
            racing: None,
            commits: Vec::new(),
            next_id: 1000,
            clock: 0,
        }));
        let handler = Handler {
            state: state.clone(),
            base: format!("{}{prefix}", server.uri()),
            prefix: prefix.to_string(),
        };
        Mock::given(any())
            .respond_with(handler)
            .mount(&server)
            .await;
        Fake {
            server,
            state,
            prefix: prefix.to_string(),
        }
    }

    pub fn api_url(&self) -> String {
        format!("{}{}", self.server.uri(), self.prefix)
    }

    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub async fn requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// `(METHOD, path without the API prefix)` of every request received.
    pub async fn calls(&self) -> Vec<(String, String)> {
        self.requests()
            .await
            .iter()
            .map(|r| {
                let path = r.url.path();
                let path = path.strip_prefix(self.prefix.as_str()).unwrap_or(path);
                (r.method.to_string(), path.to_string())
            })
            .collect()
    }

    pub async fn count(&self, method: &str) -> usize {
        self.calls()
            .await
            .iter()
            .filter(|(m, _)| m == method)
            .count()
    }

    /// Asserts every request was a documented GitHub operation with a documented body.
    pub async fn assert_documented(&self) {
        super::spec::assert_documented(&self.requests().await, &self.prefix);
    }
}

struct Handler {
    state: Arc<Mutex<State>>,
    base: String,
    prefix: String,
}

impl Respond for Handler {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let auth = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if auth != format!("Bearer {}", state.token) {
            return error(401, "Bad credentials");
        }
        if let Some((status, message)) = &state.always {
            return error(*status, message);
        }
        if state.rate_limited > 0 {
            state.rate_limited -= 1;
            return error(429, "You have exceeded a secondary rate limit.")
                .insert_header("retry-after", "1");
        }
        if state.quota_exhausted > 0 {
            state.quota_exhausted -= 1;
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            return error(403, "API rate limit exceeded for installation.")
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", now.to_string().as_str());
        }
        if state.slow > 0 {
            state.slow -= 1;
            return ResponseTemplate::new(200)
                .set_body_json(user_json("slow", "User"))
                .set_delay(std::time::Duration::from_secs(3));
        }
        let Some(path) = request.url.path().strip_prefix(self.prefix.as_str()) else {
            return error(404, "Not Found");
        };
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let method = request.method.as_str();
        let writes = matches!(method, "POST" | "PATCH" | "DELETE");
        if writes && state.read_only {
            return error(403, "Resource not accessible by integration");
        }
        let query = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| v.parse::<usize>().ok())
        };
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        match (method, segments.as_slice()) {
            ("GET", ["user"]) => match &state.me {
                Some(login) => ResponseTemplate::new(200).set_body_json(user_json(login, "User")),
                None => error(403, "Resource not accessible by integration"),
            },
            ("GET", ["repos", o, r, "issues", _, "comments"]) if repo_ok(o, r) => {
                let seen: Vec<Comment> = state
                    .comments
                    .iter()
                    .filter(|c| !state.unseen.contains(&c.id))
                    .cloned()
                    .collect();
                let items: Vec<Value> = seen.iter().map(comment_json).collect();
                self.page(path, &items, query("per_page"), query("page"))
            }
            ("POST", ["repos", o, r, "issues", _, "comments"]) if repo_ok(o, r) => {
                let Some(text) = body.get("body").and_then(Value::as_str) else {
                    return error(422, "Invalid request.");
                };
                if text.chars().count() > 65_536 {
                    return error(422, "Body is too long (maximum is 65536 characters)");
                }
                let me = state
                    .me
                    .clone()
                    .unwrap_or_else(|| "github-actions[bot]".into());
                let kind = if state.me.is_some() { "User" } else { "Bot" };
                if let Some(other) = state.racing.take() {
                    state.seed(&other, kind, text);
                }
                let id = state.seed(&me, kind, text);
                if state.unseen_posts > 0 {
                    state.unseen_posts -= 1;
                    state.unseen.push(id);
                    if state.unseen_posts == 0 {
                        state.unseen.clear();
                    }
                }
                if state.fail_after_create > 0 {
                    state.fail_after_create -= 1;
                    return error(502, "Server Error");
                }
                let c = state.comments.iter().find(|c| c.id == id).cloned();
                ResponseTemplate::new(201).set_body_json(c.as_ref().map(comment_json))
            }
            ("PATCH", ["repos", o, r, "issues", "comments", id]) if repo_ok(o, r) => {
                let id: u64 = id.parse().unwrap_or(0);
                let Some(text) = body.get("body").and_then(Value::as_str) else {
                    return error(422, "Invalid request.");
                };
                match state.comments.iter_mut().find(|c| c.id == id) {
                    Some(c) => {
                        c.body = text.to_string();
                        ResponseTemplate::new(200).set_body_json(comment_json(c))
                    }
                    None => error(404, "Not Found"),
                }
            }
            ("DELETE", ["repos", o, r, "issues", "comments", id]) if repo_ok(o, r) => {
                let id: u64 = id.parse().unwrap_or(0);
                let before = state.comments.len();
                state.comments.retain(|c| c.id != id);
                if state.comments.len() < before {
                    ResponseTemplate::new(204)
                } else {
                    error(404, "Not Found")
                }
            }
            ("GET", ["repos", o, r, "pulls", _, "commits"]) if repo_ok(o, r) => {
                // GitHub lists at most 250 commits of a pull request, however they are paged.
                let listed: Vec<Value> = state
                    .commits
                    .iter()
                    .take(super::endpoints::commit::LISTED_MAX)
                    .cloned()
                    .collect();
                self.page(path, &listed, query("per_page"), query("page"))
            }
            ("GET", ["repos", o, r, "commits", reference @ ..]) if repo_ok(o, r) => {
                let reference = reference.join("/");
                match state
                    .commits
                    .iter()
                    .find(|c| c["sha"] == reference.as_str())
                {
                    Some(c) => ResponseTemplate::new(200).set_body_json(c),
                    None => error(
                        super::endpoints::commit::UNKNOWN_REF_STATUS,
                        &format!("No commit found for SHA: {reference}"),
                    ),
                }
            }
            ("GET", ["repos", o, r, "pulls", _, "reviews"]) if repo_ok(o, r) => {
                let items = state.reviews.clone();
                self.page(path, &items, query("per_page"), query("page"))
            }
            ("POST" | "PATCH", ["repos", o, r, "check-runs", ..])
                if repo_ok(o, r) && state.check_runs_fail.is_some() =>
            {
                error(state.check_runs_fail.unwrap_or(502), "Server Error")
            }
            ("POST", ["repos", o, r, "check-runs"]) if repo_ok(o, r) => {
                state.next_id += 1;
                let id = state.next_id;
                let annotations = annotations_of(&body);
                state.check_runs.push(CheckRun {
                    id,
                    create: body.clone(),
                    annotations,
                    updates: 0,
                });
                ResponseTemplate::new(201).set_body_json(check_run_json(id, &body))
            }
            ("PATCH", ["repos", o, r, "check-runs", id]) if repo_ok(o, r) => {
                let id: u64 = id.parse().unwrap_or(0);
                let mut more = annotations_of(&body);
                match state.check_runs.iter_mut().find(|c| c.id == id) {
                    Some(run) => {
                        run.annotations.append(&mut more);
                        run.updates += 1;
                        let create = run.create.clone();
                        ResponseTemplate::new(200).set_body_json(check_run_json(id, &create))
                    }
                    None => error(404, "Not Found"),
                }
            }
            _ => error(404, "Not Found"),
        }
    }
}

impl Handler {
    /// One page of a list with GitHub's `Link` header (absolute URLs, as GitHub sends).
    fn page(
        &self,
        path: &str,
        items: &[Value],
        per_page: Option<usize>,
        page: Option<usize>,
    ) -> ResponseTemplate {
        let per_page = per_page.unwrap_or(30).clamp(1, 100);
        let page = page.unwrap_or(1).max(1);
        let last = items.len().div_ceil(per_page).max(1);
        let slice: Vec<Value> = items
            .iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .cloned()
            .collect();
        let mut response = ResponseTemplate::new(200).set_body_json(slice);
        let url = |n: usize| format!("{}{path}?per_page={per_page}&page={n}", self.base);
        let mut links = Vec::new();
        if page < last {
            links.push(format!("<{}>; rel=\"next\"", url(page + 1)));
            links.push(format!("<{}>; rel=\"last\"", url(last)));
        }
        if page > 1 {
            links.push(format!("<{}>; rel=\"first\"", url(1)));
            links.push(format!("<{}>; rel=\"prev\"", url(page - 1)));
        }
        if !links.is_empty() {
            response = response.insert_header("link", links.join(", ").as_str());
        }
        response
    }
}

fn repo_ok(owner: &str, repo: &str) -> bool {
    owner == OWNER && repo == REPO
}

fn error(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "message": message,
        "documentation_url": "https://docs.github.com/rest",
    }))
}

fn timestamp(clock: u64) -> String {
    format!(
        "2026-01-01T{:02}:{:02}:{:02}Z",
        clock / 3600 % 24,
        clock / 60 % 60,
        clock % 60
    )
}

/// What GitHub says about a commit's signature, for [`State::commit`].
#[derive(Clone, Copy, Debug)]
pub struct Signed<'a> {
    /// `verification.verified`.
    pub verified: bool,
    /// `verification.reason`: one of `endpoints::commit::REASONS`.
    pub reason: &'a str,
    /// The accounts GitHub matched to the author's and the committer's e-mail (`None`: no
    /// account, answered as null).
    pub author: Option<&'a str>,
    pub committer: Option<&'a str>,
}

/// A commit as both commit operations return it (schema `commit`, with the verification object
/// GitHub documents: `verified`, `reason`, `signature`, `payload`, `verified_at`).
fn commit_json(sha: &str, signed: &Signed<'_>, at: &str) -> Value {
    let unsigned = signed.reason == "unsigned";
    let git_user = |login: Option<&str>| {
        json!({
            "name": login.unwrap_or("Someone"),
            "email": format!("{}@users.noreply.github.example", login.unwrap_or("someone")),
            "date": at,
        })
    };
    let account = |login: Option<&str>| login.map_or(Value::Null, |l| user_json(l, "User"));
    json!({
        "url": format!("https://api.github.example/repos/{OWNER}/{REPO}/commits/{sha}"),
        "sha": sha,
        "node_id": format!("C_{sha}"),
        "html_url": format!("https://github.example/{OWNER}/{REPO}/commit/{sha}"),
        "comments_url": format!("https://api.github.example/repos/{OWNER}/{REPO}/commits/{sha}/comments"),
        "commit": {
            "url": format!("https://api.github.example/repos/{OWNER}/{REPO}/git/commits/{sha}"),
            "author": git_user(signed.author),
            "committer": git_user(signed.committer),
            "message": "A commit",
            "comment_count": 0,
            "tree": {"sha": "0".repeat(40), "url": "https://api.github.example/tree"},
            "verification": {
                "verified": signed.verified,
                "reason": signed.reason,
                "signature": (!unsigned).then_some(
                    "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n"
                ),
                "payload": (!unsigned).then(|| format!("tree {}\n\nA commit\n", "0".repeat(40))),
                "verified_at": signed.verified.then_some(at),
            },
        },
        "author": account(signed.author),
        "committer": account(signed.committer),
        "parents": [],
    })
}

fn user_json(login: &str, kind: &str) -> Value {
    json!({
        "login": login,
        "id": 1,
        "node_id": "U_1",
        "avatar_url": "",
        "gravatar_id": "",
        "url": "",
        "html_url": "",
        "followers_url": "",
        "following_url": "",
        "gists_url": "",
        "starred_url": "",
        "subscriptions_url": "",
        "organizations_url": "",
        "repos_url": "",
        "events_url": "",
        "received_events_url": "",
        "type": kind,
        "site_admin": false,
    })
}

fn comment_json(c: &Comment) -> Value {
    json!({
        "id": c.id,
        "node_id": format!("IC_{}", c.id),
        "url": "",
        "html_url": "",
        "issue_url": "",
        "body": c.body,
        "user": user_json(&c.login, &c.kind),
        "created_at": c.created_at,
        "updated_at": c.created_at,
        "author_association": "MEMBER",
    })
}

fn check_run_json(id: u64, body: &Value) -> Value {
    json!({
        "id": id,
        "head_sha": body.get("head_sha"),
        "node_id": format!("CR_{id}"),
        "name": body.get("name"),
        "status": body.get("status"),
        "conclusion": body.get("conclusion"),
    })
}

fn annotations_of(body: &Value) -> Vec<Value> {
    body.pointer("/output/annotations")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}
