//! One sticky comment per pull request (and per `--id`), updated in place.
//!
//! The comment is found by two things together: a body that *starts* with the hidden marker
//! `<!-- tollgate:id=NAME -->`, and its author being the token's own identity. The marker alone is
//! not enough: anyone can paste it into a comment, and tollgate must not take over (or delete)
//! someone else's text; another workflow posting as the same bot may quote it too, but not
//! first.
//!
//! The identity comes from `GET /user`. GitHub App installation tokens (the `GITHUB_TOKEN` of
//! Actions is one) cannot call it (403 "Resource not accessible by integration"); then the
//! author must be the Actions bot: `user.type == "Bot"` and login `github-actions[bot]`. A token
//! of another GitHub App therefore cannot find its earlier comments and would post new ones;
//! use `GITHUB_TOKEN` or a personal/fine-grained token.
//!
//! All pages of comments are read (a busy pull request has hundreds). When several copies exist
//! (two runs raced before either saw the other's comment), the oldest is kept and updated and the
//! others are deleted. Two runs started at once both find no comment and both create one; so after
//! creating, a run lists again and, when an older copy exists, deletes the one it just created and
//! updates the older one: each run deletes only its own, so they never delete each other's. A body
//! equal to the existing one is not written again, so re-runs do not notify anyone.
//!
//! A POST that failed ambiguously (5xx, timeout) may have created the comment anyway, so it is
//! never repeated blindly: the comments are listed again first.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::client::{Client, Error, Op, Permission};
use super::target::Target;
use super::truncate::{chars, truncate_at_line};

/// GitHub rejects issue comments longer than this many characters.
pub const MAX_COMMENT_CHARS: usize = 65_536;

/// The login of the bot that `GITHUB_TOKEN` acts as.
pub const ACTIONS_BOT: &str = "github-actions[bot]";

/// Most POSTs of one comment after ambiguous failures (each preceded by a re-list).
const MAX_POSTS: u32 = 3;

/// Who the token is: whose comments count as ours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identity {
    /// `GET /user` answered with this login.
    Login(String),
    /// An installation token: comments by the `github-actions[bot]` bot user.
    ActionsBot,
}

impl Identity {
    fn owns(&self, user: Option<&User>) -> bool {
        let Some(user) = user else { return false };
        match self {
            Identity::Login(login) => user.login.eq_ignore_ascii_case(login),
            Identity::ActionsBot => {
                user.kind.as_deref() == Some("Bot") && user.login.eq_ignore_ascii_case(ACTIONS_BOT)
            }
        }
    }
}

/// What happened to the sticky comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentAction {
    /// A new comment was posted.
    Created,
    /// The existing comment was updated.
    Updated,
    /// The comment already said the same: nothing was written.
    Unchanged,
}

/// The sticky comment written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StickyOutcome {
    /// What was done.
    pub action: CommentAction,
    /// The comment's id.
    pub comment_id: u64,
    /// Extra copies deleted (left by earlier races).
    pub deleted: usize,
    /// The body was cut to GitHub's limit.
    pub truncated: bool,
    /// A POST failed ambiguously and the re-list found the comment it had created.
    pub recovered: bool,
}

/// An issue comment as listed by GitHub (only what we read).
#[derive(Clone, Debug, Deserialize)]
pub struct IssueComment {
    /// The comment's id.
    pub id: u64,
    /// Its text.
    #[serde(default)]
    pub body: Option<String>,
    /// Who wrote it.
    #[serde(default)]
    pub user: Option<User>,
    /// When, as GitHub writes it.
    #[serde(default)]
    pub created_at: Option<String>,
}

/// A GitHub account.
#[derive(Clone, Debug, Deserialize)]
pub struct User {
    /// The login.
    pub login: String,
    /// `User` or `Bot`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
}

#[derive(Serialize)]
struct CommentBody<'a> {
    body: &'a str,
}

/// The hidden marker of the comment with this id.
pub fn marker(id: &str) -> String {
    format!("<!-- tollgate:id={id} -->")
}

/// Checks a comment id: it goes inside an HTML comment, so only a safe alphabet.
pub fn validate_id(id: &str) -> Result<(), Error> {
    let ok = !id.is_empty()
        && id.len() <= 100
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(Error::Input(format!(
            "comment id `{id}` must be 1-100 letters, digits, `-`, `_` or `.`"
        )))
    }
}

/// The comment exactly as it will be posted: marker, body, and a note when cut to GitHub's
/// 65,536-character limit. Returns whether it was cut.
pub fn compose(id: &str, body: &str) -> (String, bool) {
    let head = format!("{}\n", marker(id));
    let note = "\n> **Truncated**: this report is longer than a GitHub comment allows. The full \
                report is in the job summary of the workflow run.\n";
    let (text, truncated) = truncate_at_line(body, MAX_COMMENT_CHARS - chars(&head), note, chars);
    (format!("{head}{text}"), truncated)
}

/// Who the token is (see the module documentation for installation tokens).
pub async fn identity(client: &Client) -> Result<Identity, Error> {
    #[derive(Deserialize)]
    struct Me {
        login: String,
    }
    let op = Op::new("reading the token's user (GET /user)", Permission::None);
    match client.get::<Me>(&op, "/user").await {
        Ok(me) => Ok(Identity::Login(me.login)),
        Err(Error::Forbidden { .. } | Error::NotFound { .. }) => Ok(Identity::ActionsBot),
        Err(e) => Err(e),
    }
}

/// Every comment of the pull request, all pages.
pub async fn list(client: &Client, target: &Target) -> Result<Vec<IssueComment>, Error> {
    let op = Op::new(
        format!(
            "listing the comments of pull request #{} in {}",
            target.pr, target.repo
        ),
        Permission::PullRequestsRead,
    );
    let route = format!("{}/issues/{}/comments", target.repo.route(), target.pr);
    client.get_all(&op, &route).await
}

/// Creates, updates or leaves the sticky comment `id` so that it says `body`.
pub async fn upsert(
    client: &Client,
    target: &Target,
    id: &str,
    body: &str,
) -> Result<StickyOutcome, Error> {
    validate_id(id)?;
    let (text, truncated) = compose(id, body);
    let me = identity(client).await?;
    let mine = owned(list(client, target).await?, &me, id);
    let mut deleted = 0;
    let (keep, action, recovered, rest) = match mine.split_first() {
        Some((first, rest)) => (first.clone(), None, false, rest.to_vec()),
        None => {
            let (created, recovered, rest) = create(client, target, &me, id, &text).await?;
            if recovered {
                (created, Some(CommentAction::Created), true, rest)
            } else {
                // A run started at the same time may have created its copy too.
                match older_copy(client, target, &me, id, &created).await? {
                    Some(older) => {
                        delete(client, target, created.id).await?;
                        deleted += 1;
                        (older, None, false, Vec::new())
                    }
                    None => (created, Some(CommentAction::Created), false, Vec::new()),
                }
            }
        }
    };
    let action = match action {
        Some(a) => a,
        None if same(keep.body.as_deref().unwrap_or_default(), &text) => CommentAction::Unchanged,
        None => {
            update(client, target, keep.id, &text).await?;
            CommentAction::Updated
        }
    };
    for extra in &rest {
        delete(client, target, extra.id).await?;
        deleted += 1;
    }
    Ok(StickyOutcome {
        action,
        comment_id: keep.id,
        deleted,
        truncated,
        recovered,
    })
}

/// Posts the comment. After an ambiguous failure, lists again and takes the comment if it landed;
/// posts again only when it did not. Returns the comment, whether it was recovered by re-listing,
/// and any other copies found then.
async fn create(
    client: &Client,
    target: &Target,
    me: &Identity,
    id: &str,
    text: &str,
) -> Result<(IssueComment, bool, Vec<IssueComment>), Error> {
    let op = Op::new(
        format!(
            "creating the comment on pull request #{} in {}",
            target.pr, target.repo
        ),
        Permission::PullRequestsWrite,
    );
    let route = format!("{}/issues/{}/comments", target.repo.route(), target.pr);
    let mut waited = Duration::ZERO;
    let mut posts = 0;
    loop {
        posts += 1;
        let error = match client
            .post_once(&op, &route, &CommentBody { body: text })
            .await
        {
            Ok(comment) => return Ok((comment, false, Vec::new())),
            Err(e) if e.is_ambiguous() => e,
            Err(e) => return Err(e),
        };
        // Did it land? Give GitHub a moment, then look.
        if !client.backoff(posts - 1, &mut waited).await {
            return Err(error);
        }
        let mine = owned(list(client, target).await?, me, id);
        if let Some((first, rest)) = mine.split_first() {
            let mut first = first.clone();
            if !same(first.body.as_deref().unwrap_or_default(), text) {
                update(client, target, first.id, text).await?;
                first.body = Some(text.to_string());
            }
            return Ok((first, true, rest.to_vec()));
        }
        if posts >= MAX_POSTS {
            return Err(error);
        }
    }
}

/// After creating `created`: the oldest of our copies, when it is not `created` (another run
/// created one at the same time, or just before).
async fn older_copy(
    client: &Client,
    target: &Target,
    me: &Identity,
    id: &str,
    created: &IssueComment,
) -> Result<Option<IssueComment>, Error> {
    let mine = owned(list(client, target).await?, me, id);
    Ok(mine.into_iter().next().filter(|first| {
        first.id != created.id && (&first.created_at, first.id) < (&created.created_at, created.id)
    }))
}

/// Deletes a copy of the comment (one already gone counts as deleted).
async fn delete(client: &Client, target: &Target, comment_id: u64) -> Result<(), Error> {
    let op = Op::new(
        format!(
            "deleting duplicate comment {comment_id} on pull request #{}",
            target.pr
        ),
        Permission::PullRequestsWrite,
    );
    let route = format!("{}/issues/comments/{comment_id}", target.repo.route());
    client.delete(&op, &route).await
}

async fn update(
    client: &Client,
    target: &Target,
    comment_id: u64,
    text: &str,
) -> Result<(), Error> {
    let op = Op::new(
        format!(
            "updating comment {comment_id} on pull request #{}",
            target.pr
        ),
        Permission::PullRequestsWrite,
    );
    let route = format!("{}/issues/comments/{comment_id}", target.repo.route());
    let _: serde_json::Value = client
        .patch(&op, &route, &CommentBody { body: text })
        .await?;
    Ok(())
}

/// Our comments with this id, oldest first.
fn owned(comments: Vec<IssueComment>, me: &Identity, id: &str) -> Vec<IssueComment> {
    let marker = marker(id);
    let mut mine: Vec<IssueComment> = comments
        .into_iter()
        .filter(|c| me.owns(c.user.as_ref()))
        .filter(|c| c.body.as_deref().is_some_and(|b| b.starts_with(&marker)))
        .collect();
    // Timestamps have one-second resolution; ids grow with time and break ties.
    mine.sort_by(|a, b| (&a.created_at, a.id).cmp(&(&b.created_at, b.id)));
    mine
}

/// Whether two bodies say the same, ignoring the line-ending and trailing-space changes GitHub may
/// make when storing a comment.
fn same(existing: &str, new: &str) -> bool {
    let norm = |s: &str| s.replace("\r\n", "\n").trim_end().to_string();
    norm(existing) == norm(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(login: &str, kind: &str) -> User {
        User {
            login: login.into(),
            kind: Some(kind.into()),
        }
    }

    #[test]
    fn identity_owns_only_its_own_comments() {
        let me = Identity::Login("Tollgate-Bot".into());
        assert!(me.owns(Some(&user("tollgate-bot", "User"))));
        assert!(!me.owns(Some(&user("mallory", "User"))));
        assert!(!me.owns(None));
        let bot = Identity::ActionsBot;
        assert!(bot.owns(Some(&user("github-actions[bot]", "Bot"))));
        assert!(!bot.owns(Some(&user("github-actions[bot]", "User"))));
        assert!(!bot.owns(Some(&user("dependabot[bot]", "Bot"))));
    }

    #[test]
    fn compose_marks_and_caps_the_body() {
        let (text, cut) = compose("main", "hello\n");
        assert_eq!(text, "<!-- tollgate:id=main -->\nhello\n");
        assert!(!cut);
        let big = "a line of the report\n".repeat(10_000);
        let (text, cut) = compose("main", &big);
        assert!(cut);
        assert!(text.chars().count() <= MAX_COMMENT_CHARS);
        assert!(text.contains("full report is in the job summary"));
    }

    #[test]
    fn ids_are_restricted() {
        assert!(validate_id("gate-review_2.x").is_ok());
        for bad in ["", "a b", "x-->", "<", &"a".repeat(101)] {
            assert!(validate_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn equal_bodies_ignore_line_endings() {
        assert!(same("a\r\nb\r\n", "a\nb\n"));
        assert!(!same("a\nb", "a\nc"));
    }
}
