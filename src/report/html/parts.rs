//! The parts every page is built from: the document with its header and style sheet, tables,
//! rows, the status badge, a person's name, clipped prose.

use super::markup::{El, el};
use super::site::Meta;
use crate::evaluate::ProjectReport;
use crate::load::Snapshot;

/// The style sheet, inlined into every page.
const STYLE: &str = include_str!("style.css");

/// A page: the document, its head with the style sheet, and a header.
pub(super) fn document(title: &str, meta: &Meta, nav: Option<El>, body: Vec<El>) -> String {
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
pub(super) fn status(p: &ProjectReport) -> (&'static str, &'static str) {
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

/// The gate status as a badge.
pub(super) fn status_badge(p: &ProjectReport) -> El {
    let (class, words) = status(p);
    el("span", words).class(&format!("status {class}"))
}

/// "Kenji Yamamoto (yamamoto-kenji)", or the id when the roster does not know it.
pub(super) fn person(snap: &Snapshot, id: &str) -> String {
    match snap.people.as_ref().and_then(|p| p.data.get(id)) {
        Some(person) if person.name != id => format!("{} ({id})", person.name),
        _ => id.to_string(),
    }
}

/// A table with a header row, and a caption (below it, by the style sheet) when given.
pub(super) fn table(headers: &[&str], rows: Vec<El>, caption: Option<String>) -> El {
    let head = El::new("tr").children(headers.iter().map(|h| el("th", *h).attr("scope", "col")));
    let mut t = El::new("table");
    if let Some(c) = caption {
        t.push(el("caption", c));
    }
    t.child(El::new("thead").child(head))
        .child(El::new("tbody").children(rows))
}

/// "3 more not listed" for a table cut at `shown` of `total` rows.
pub(super) fn rest(total: usize, shown: usize, what: &str) -> Option<String> {
    (total > shown).then(|| format!("{} not listed", plural(total - shown, what)))
}

/// A row of text cells.
pub(super) fn row(cells: Vec<El>) -> El {
    El::new("tr").children(cells)
}

/// `1 project`, `2 projects`.
pub(super) fn plural(n: usize, word: &str) -> String {
    crate::report::text::plural(n, word)
}

/// Text cut to `max` characters (with an ellipsis), for prose in tables.
pub(super) fn clip(text: &str, max: usize) -> String {
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
    fn clip_keeps_short_text_and_cuts_long_text() {
        assert_eq!(clip("a  b\nc", 10), "a b c");
        assert_eq!(clip(&"word ".repeat(50), 12), "word word w…");
    }
}
