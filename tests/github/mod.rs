//! `tollgate comment` and the `tollgate::github` library against a fake GitHub API on loopback.

mod approvals;
mod checkrun;
mod cli;
mod comment;
mod endpoints;
pub(crate) mod fake;
mod signoff;
mod spec;

use std::time::Duration;

use tollgate::github::{Client, ClientOptions, Repo, Target, Token};

use fake::{Fake, OWNER, REPO, TOKEN};

/// A client for the fake with a short retry budget and backoff.
fn client(fake: &Fake) -> Client {
    let options = ClientOptions {
        api_url: fake.api_url(),
        max_wait: Duration::from_secs(5),
        backoff: Duration::from_millis(10),
        ..ClientOptions::default()
    };
    Client::new(Some(Token::new(TOKEN).expect("token")), options).expect("client")
}

fn target() -> Target {
    Target {
        repo: Repo::parse(&format!("{OWNER}/{REPO}")).expect("repo"),
        pr: 7,
        head_sha: Some("c0ffee".repeat(6) + "abcd"),
    }
}
