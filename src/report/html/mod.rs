//! The HTML report: a portfolio page and a page per project, static and self-contained (the
//! style sheet is inlined, no script, no request to anything but the pages' own links), so the
//! folder works opened from disk, as a CI artifact and on GitHub Pages.
//!
//! Rendering only: what each project's status, recommendation and KPI values are comes from the
//! evaluation (`check`'s), what happened over time from [`crate::history::trend`]. Every string
//! from the repository passes through [`markup::escape`] (by way of [`markup::El`]). Machine
//! paths never appear: the pages may be published.
//!
//! Pages stay small however long the history: tables show the latest rows with a count of the
//! rest, charts the latest [`chart::MAX_POINTS`] values.

pub mod chart;
pub mod markup;
mod portfolio;
mod project;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::evaluate::{Evaluation, ProjectReport};
use crate::history::trend::Trends;
use crate::load::{ProjectState, Snapshot};
use crate::model::Date;
use markup::{El, el};

/// The style sheet, inlined into every page.
const STYLE: &str = include_str!("style.css");

/// What the report is of.
#[derive(Clone, Debug)]
pub struct Meta {
    /// A name for the repository (its folder name), never a machine path.
    pub repository: String,
    /// What was read: "working tree at 1a2b3c4", "commit 1a2b3c4 (v1.2)".
    pub source: String,
    /// The date expiries and reviews were judged against.
    pub now: Date,
    /// "tollgate 0.1.0".
    pub generator: String,
}

/// Everything the pages show.
#[derive(Clone, Copy, Debug)]
pub struct Site<'a> {
    pub eval: &'a Evaluation,
    pub snap: &'a Snapshot,
    pub trends: &'a Trends,
    pub meta: &'a Meta,
}

/// One file of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// Relative to the report folder, `/`-separated.
    pub path: String,
    pub html: String,
}

/// Every page: `index.html` (the portfolio) and `projects/<page>.html` per project.
pub fn render(site: &Site<'_>) -> Vec<Page> {
    let states: HashMap<&str, &ProjectState> = site
        .snap
        .projects
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let mut pages = vec![Page {
        path: "index.html".to_string(),
        html: portfolio::page(site, &states),
    }];
    let projects: Vec<Page> = site
        .eval
        .projects
        .par_iter()
        .map(|p| Page {
            path: format!("projects/{}", page_file(&p.id)),
            html: project::page(site, p, states.get(p.id.as_str()).copied()),
        })
        .collect();
    pages.extend(projects);
    pages
}

/// A project's page file name: its id when that is a plain name (`[a-z0-9-]`, as the schema
/// asks of ids), else a readable part and a hash, so that no folder name can reach outside the
/// report folder or collide with another.
pub fn page_file(id: &str) -> String {
    let plain = !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-');
    if plain {
        return format!("{id}.html");
    }
    let readable: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .take(40)
        .collect();
    // FNV-1a: stable across runs and machines, unlike the standard library's hasher.
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("p{}-{hash:016x}.html", readable.trim_matches('-'))
}

/// A page: the document, its head with the style sheet, and a header.
fn document(title: &str, meta: &Meta, nav: Option<El>, body: Vec<El>) -> String {
    let head = El::new("head")
        .child(El::new("meta").attr("charset", "utf-8"))
        .child(
            El::new("meta")
                .attr("name", "viewport")
                .attr("content", "width=device-width, initial-scale=1"),
        )
        .child(
            El::new("meta")
                .attr("http-equiv", "Content-Security-Policy")
                .attr(
                    "content",
                    "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
                ),
        )
        .child(
            El::new("meta")
                .attr("name", "generator")
                .attr("content", &meta.generator),
        )
        .child(el("title", format!("{title} — tollgate report")))
        .child(El::new("style").trusted(STYLE));
    let mut header = El::new("header").class("page");
    if let Some(nav) = nav {
        header.push(nav);
    }
    header.push(el("h1", title));
    header.push(
        el(
            "p",
            format!(
                "{} · {} · as of {} · {}",
                meta.repository, meta.source, meta.now, meta.generator
            ),
        )
        .class("meta"),
    );
    let mut b = El::new("body").child(header);
    for e in body {
        b.push(e);
    }
    let html = El::new("html").attr("lang", "en").child(head).child(b);
    format!("<!DOCTYPE html>\n{}\n", html.render())
}

/// The gate status of a project: (class, words).
fn status(p: &ProjectReport) -> (&'static str, &'static str) {
    if !p.evaluated {
        ("not-evaluated", "not evaluated")
    } else if p.closed {
        ("closed", "closed")
    } else if p.ready {
        ("ready", "ready")
    } else {
        ("blocked", "blocked")
    }
}

fn status_badge(p: &ProjectReport) -> El {
    let (class, words) = status(p);
    el("span", words).class(&format!("status {class}"))
}

/// "Kenji Yamamoto (yamamoto-kenji)", or the id when the roster does not know it.
fn person(snap: &Snapshot, id: &str) -> String {
    match snap.people.as_ref().and_then(|p| p.data.get(id)) {
        Some(person) if person.name != id => format!("{} ({id})", person.name),
        _ => id.to_string(),
    }
}

/// A table with a header row, and a caption (below it, by the style sheet) when given.
fn table(headers: &[&str], rows: Vec<El>, caption: Option<String>) -> El {
    let head = El::new("tr").children(headers.iter().map(|h| el("th", *h).attr("scope", "col")));
    let mut t = El::new("table");
    if let Some(c) = caption {
        t.push(el("caption", c));
    }
    t.child(El::new("thead").child(head))
        .child(El::new("tbody").children(rows))
}

/// "3 more not listed" for a table cut at `shown` of `total` rows.
fn rest(total: usize, shown: usize, what: &str) -> Option<String> {
    (total > shown).then(|| format!("{} not listed", plural(total - shown, what)))
}

/// A row of text cells.
fn row(cells: Vec<El>) -> El {
    El::new("tr").children(cells)
}

/// `1 project`, `2 projects`.
fn plural(n: usize, word: &str) -> String {
    crate::report::text::plural(n, word)
}

/// Text cut to `max` characters (with an ellipsis), for prose in tables.
fn clip(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_files_stay_in_the_folder_and_apart() {
        assert_eq!(
            page_file("support-reply-drafts"),
            "support-reply-drafts.html"
        );
        let odd = page_file("../../etc/passwd");
        assert!(odd.starts_with("p") && odd.ends_with(".html"), "{odd}");
        assert!(!odd.contains('/') && !odd.contains(".."), "{odd}");
        assert_ne!(page_file("a b"), page_file("a?b"));
        assert_ne!(page_file("Alpha"), page_file("alpha"));
        let hostile = page_file("<script>\"x\"");
        assert!(
            hostile
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.'),
            "{hostile}"
        );
        assert!(page_file(&"x".repeat(500)).len() < 80);
    }

    #[test]
    fn clip_keeps_short_text_and_cuts_long_text() {
        assert_eq!(clip("a  b\nc", 10), "a b c");
        assert_eq!(clip(&"word ".repeat(50), 12), "word word w…");
    }
}
