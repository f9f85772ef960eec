//! Markdown: what a pull-request comment, a job summary and a check run's summary show. Per
//! project a status line, the KPI table, the governance table and what blocks the gate; warnings
//! folded away.
//!
//! Every string that comes from the checked repository (names, titles, rationales, ids, file
//! names, messages quoting them) goes through [`text`] or [`code`]: it is data, not Markdown. A
//! pull request's author writes those files, and GitHub renders the comment with raw HTML, `@`
//! mentions that notify people and `#123` references that link issues.

use std::fmt::Write;

use super::paths::Paths;
use super::text::plural;
use crate::evaluate::{
    Evaluation, Exact, GovernanceRow, KpiRow, ProjectReport, kpis_show, show_measured,
};
use crate::findings::{Finding, Severity};
use crate::model::Direction;
use crate::pipeline::Judged;

/// The check report as Markdown; paths relative to the repository's top (see [`Paths`]).
pub fn check(judged: &Judged, paths: &Paths) -> String {
    let eval = &judged.eval;
    let mut out = String::new();
    let blocked = eval.projects.iter().filter(|p| !p.ready).count();
    let head = if eval.blocking() {
        format!(
            "❌ tollgate: {blocked} of {} blocked",
            plural(eval.projects.len(), "project")
        )
    } else if eval.projects.len() == 1 {
        "✅ tollgate: the project can be decided".to_string()
    } else {
        format!(
            "✅ tollgate: all {} projects can be decided",
            eval.projects.len()
        )
    };
    let _ = writeln!(out, "## {head}\n");
    let _ = writeln!(
        out,
        "| project | stage | gate ready | recommended | recorded decision |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for p in &eval.projects {
        let _ = writeln!(
            out,
            "| {} {} | {} | {} | {} | {} |",
            code(&p.id),
            text(p.name.as_deref().unwrap_or("")),
            p.stage.map_or("?", |s| s.title()),
            ready_cell(p),
            p.recommended.map_or("—".into(), |o| format!("**{o}**")),
            p.recorded.as_ref().map_or("—".into(), |d| format!(
                "{} ({})",
                d.outcome, d.decided_at
            )),
        );
    }
    out.push('\n');
    for p in &eval.projects {
        project(&mut out, p, eval, paths);
    }
    let general: Vec<&Finding> = eval
        .findings
        .iter()
        .filter(|f| f.project.is_none())
        .collect();
    if !general.is_empty() {
        let _ = writeln!(out, "### Repository\n");
        list(&mut out, general, paths);
        out.push('\n');
    }
    let policies: Vec<String> = eval.policy.iter().map(|p| text(&paths.text(p))).collect();
    let _ = writeln!(
        out,
        "<sub>Evaluated as of {} with {}. `tollgate explain CODE` tells why each rule exists.</sub>",
        eval.now,
        policies.join(", ")
    );
    out
}

fn ready_cell(p: &ProjectReport) -> String {
    if !p.evaluated {
        "⚠️ not evaluated".into()
    } else if p.closed {
        "🛑 closed (stopped)".into()
    } else if p.ready {
        "✅ ready".into()
    } else {
        format!("❌ {} blocking", p.errors)
    }
}

/// One project's section: its heading and decision, the KPI and governance tables, then its
/// findings, blocking ones first.
fn project(out: &mut String, p: &ProjectReport, eval: &Evaluation, paths: &Paths) {
    project_heading(out, p, paths);
    if !p.kpis.is_empty() {
        kpi_table(out, &p.kpis);
    }
    if !p.governance.is_empty() {
        governance_table(out, &p.governance);
    }
    project_findings(out, p, eval, paths);
}

/// The project's title, the recommendation and the decision recorded, and what did not run.
fn project_heading(out: &mut String, p: &ProjectReport, paths: &Paths) {
    let stage = p.stage.map_or("?", |s| s.title());
    let _ = writeln!(
        out,
        "### {} {} — {stage} gate\n",
        code(&p.id),
        text(p.name.as_deref().unwrap_or(""))
    );
    let rec = p.recommended.map_or("none".into(), |o| format!("**{o}**"));
    let _ = writeln!(
        out,
        "Recommended: {rec} — {}  ",
        message(&paths.text(&p.reason))
    );
    let recorded = p.recorded.as_ref().map_or("none yet".into(), |d| {
        format!(
            "**{}** by {} on {}{}",
            d.outcome,
            code(&d.decided_by),
            d.decided_at,
            if d.overridden { " (override)" } else { "" }
        )
    });
    let _ = writeln!(out, "Recorded decision: {recorded}\n");
    if p.closed {
        let _ = writeln!(
            out,
            "The project is closed: the decision in force stops it, so its other findings are notes.\n"
        );
    }
    if !p.rules_not_run.is_empty() {
        let ids: Vec<String> = p.rules_not_run.iter().map(|r| format!("`{r}`")).collect();
        let _ = writeln!(
            out,
            "Not run (a file they need did not load): {}\n",
            ids.join(", ")
        );
    }
}

/// The KPI table: each KPI's result against its criterion.
fn kpi_table(out: &mut String, kpis: &[KpiRow]) {
    let _ = writeln!(
        out,
        "| KPI | layer | result | criterion | n | 95% interval | data | status |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
    for k in kpis {
        let (op, stop_op) = if k.direction == Direction::HigherIsBetter {
            ("≥", "≤")
        } else {
            ("<", "≥")
        };
        let levels: Vec<_> = std::iter::once(k.threshold).chain(k.stop).collect();
        let shown = |v: Exact| show_measured(v, k.unit, &levels);
        let criterion = match k.stop {
            Some(stop) => format!(
                "{op} {} (stop at {stop_op} {})",
                kpis_show(k.threshold, k.unit),
                kpis_show(stop, k.unit)
            ),
            None => format!("{op} {}", kpis_show(k.threshold, k.unit)),
        };
        let status = match k.status {
            crate::evaluate::KpiStatus::Pass => "✅ pass".to_string(),
            crate::evaluate::KpiStatus::Fail => "❌ fail".to_string(),
            crate::evaluate::KpiStatus::Stop => "🛑 stop".to_string(),
            other => format!("⚠️ {}", other.as_str()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {criterion} | {} | {} | {} | {status} |",
            code(&k.kpi),
            match k.layer {
                crate::model::Layer::Quantitative => "quantitative",
                crate::model::Layer::Qualitative => "qualitative",
            },
            k.exact.map_or("—".into(), shown),
            k.n.map_or("—".into(), |n| n.to_string()),
            k.interval.map_or("—".into(), |(lo, hi)| format!(
                "{} – {}",
                shown(Exact::Written(lo)),
                shown(Exact::Written(hi))
            )),
            k.dataset.map_or("—", |d| d.as_str()),
        );
    }
    out.push('\n');
}

/// The governance table: each item's approver and status, and whether the gate needs it now.
fn governance_table(out: &mut String, rows: &[GovernanceRow]) {
    let _ = writeln!(
        out,
        "| governance | topic | approver | status | needed now |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for g in rows {
        let status = if g.settled {
            format!("✅ {}", g.status.as_str())
        } else {
            format!("⏳ {}", g.status.as_str())
        };
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {status} | {} |",
            text(&g.title),
            g.topic.as_str(),
            code(&g.approver),
            if g.required { "yes" } else { "later" }
        );
    }
    out.push('\n');
}

/// The project's findings: blocking ones listed, the others folded away.
fn project_findings(out: &mut String, p: &ProjectReport, eval: &Evaluation, paths: &Paths) {
    let mine: Vec<&Finding> = eval.project_findings(&p.id).collect();
    let blocking: Vec<&&Finding> = mine
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    if !blocking.is_empty() {
        let _ = writeln!(out, "**Blocking**\n");
        list(out, blocking.into_iter().copied(), paths);
        out.push('\n');
    }
    let other: Vec<&&Finding> = mine
        .iter()
        .filter(|f| f.severity != Severity::Error)
        .collect();
    if !other.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>{}</summary>\n",
            if other.len() == 1 {
                "1 warning or note".to_string()
            } else {
                format!("{} warnings and notes", other.len())
            }
        );
        list(out, other.into_iter().copied(), paths);
        let _ = writeln!(out, "\n</details>\n");
    }
}

/// One list item per finding, capped per file and code ([`super::cap`]).
fn list<'a>(out: &mut String, findings: impl IntoIterator<Item = &'a Finding>, paths: &Paths) {
    for item in super::cap::capped(findings) {
        let _ = match item {
            super::cap::Item::Finding(f) => writeln!(out, "- {}", finding_line(f, paths)),
            super::cap::Item::More(more) => {
                writeln!(out, "- … {}", message(&more.relative_to(paths).message()))
            }
        };
    }
}

fn finding_line(f: &Finding, paths: &Paths) -> String {
    let at = f
        .location
        .as_ref()
        .map(|l| {
            format!(
                " {}",
                code(&format!("{}:{}:{}", paths.file(&l.file), l.line, l.column))
            )
        })
        .unwrap_or_default();
    let help = f
        .help
        .as_deref()
        .map(|h| format!(" — {}", message(&paths.text(h))))
        .unwrap_or_default();
    format!(
        "`{}`{at}: {}{help}",
        f.code,
        message(&paths.text(&f.message))
    )
}

/// User text as inline Markdown that GitHub shows literally, safe in a table cell, a list item or
/// a heading: line breaks become spaces; Markdown punctuation is backslash-escaped; `<`, `>` and
/// `&` become entities (no HTML element or entity survives); an `@` or `#` (or `GH-`) directly
/// followed by a letter or digit gets an invisible word joiner (U+2060) after it, so that GitHub
/// neither mentions (notifies) a user or team nor links an issue, and so does the `:` of `://`
/// and the first `w` of `www.`, so that no address becomes a link; a leading `-`, `+`, `=`, `#`
/// or `1.` cannot start a list, a heading or a rule.
pub fn text(s: &str) -> String {
    escape(&one_line(s), true)
}

/// An id or path as an inline code span (where GitHub renders nothing, links nothing and
/// mentions nobody); text that a code span cannot hold as written (a backtick, a pipe, which
/// would split a table cell, a line break, edge spaces) falls back to [`text`].
pub fn code(s: &str) -> String {
    if fits_code_span(s) {
        format!("`{s}`")
    } else {
        text(s)
    }
}

/// A message of tollgate's (a finding's message or help, a reason), which quotes values from the
/// repository between backticks: the quoted parts become code spans, the rest is escaped as
/// [`text`]. Safe whatever the quoted values hold: a value with a backtick of its own only
/// changes which parts are shown as code, never lets anything out unescaped.
pub fn message(s: &str) -> String {
    let s = one_line(s);
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return escape(&s, true);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, part) in parts.iter().enumerate() {
        if i.is_multiple_of(2) {
            out.push_str(&escape(part, i == 0));
        } else if fits_code_span(part) {
            out.push('`');
            out.push_str(part);
            out.push('`');
        } else {
            out.push_str("\\`");
            out.push_str(&escape(part, false));
            out.push_str("\\`");
        }
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a single-backtick code span shows `s` as written, also inside a table cell.
fn fits_code_span(s: &str) -> bool {
    !s.is_empty()
        && !s.contains(['`', '|', '\n', '\r'])
        && !s.starts_with(char::is_whitespace)
        && !s.ends_with(char::is_whitespace)
}

/// See [`text`]; `line_start`: `s` may begin a line (of a list item, say).
fn escape(s: &str, line_start: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next_is_word = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        let first = line_start && i == 0;
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' | '!' => {
                out.push('\\');
                out.push(c);
            }
            // `https://x` and `www.x` would be autolinked (GFM's extension): a link from the
            // repository in the bot's comment.
            ':' if chars.get(i + 1) == Some(&'/') && chars.get(i + 2) == Some(&'/') => {
                out.push(c);
                out.push(WORD_JOINER);
            }
            'w' | 'W'
                if (i == 0 || !chars[i - 1].is_alphanumeric())
                    && chars
                        .get(i + 1)
                        .is_some_and(|c| c.eq_ignore_ascii_case(&'w'))
                    && chars
                        .get(i + 2)
                        .is_some_and(|c| c.eq_ignore_ascii_case(&'w'))
                    && chars.get(i + 3) == Some(&'.') =>
            {
                out.push(c);
                out.push(WORD_JOINER);
            }
            '@' | '#' => {
                if first && c == '#' {
                    out.push('\\');
                }
                out.push(c);
                if next_is_word {
                    out.push(WORD_JOINER);
                }
            }
            '-' if i >= 2
                && chars[i - 2].eq_ignore_ascii_case(&'g')
                && chars[i - 1].eq_ignore_ascii_case(&'h')
                && chars.get(i + 1).is_some_and(char::is_ascii_digit) =>
            {
                out.push(c);
                out.push(WORD_JOINER);
            }
            '-' | '+' | '=' if first => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if line_start && i > 0 && chars[..i].iter().all(char::is_ascii_digit) => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Invisible, and breaks GitHub's `@login` and `#123` patterns.
const WORD_JOINER: char = '\u{2060}';

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_is_neutralised() {
        assert_eq!(
            text("<img src=x onerror=alert(1)> & <b>bold</b>"),
            "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
        );
        assert_eq!(
            text("ping @octocat, see #123"),
            "ping @\u{2060}octocat, see #\u{2060}123"
        );
        assert_eq!(text("GH-42 and gh-7"), "GH-\u{2060}42 and gh-\u{2060}7");
        assert_eq!(
            text("see https://x.example and www.y.example, not awww.z"),
            "see https:\u{2060}//x.example and w\u{2060}ww.y.example, not awww.z"
        );
        assert_eq!(
            text("`x` **y** _z_ [l](u) a|b ~s~ $m$"),
            "\\`x\\` \\*\\*y\\*\\* \\_z\\_ \\[l\\](u) a\\|b \\~s\\~ \\$m\\$"
        );
        assert_eq!(text("- item"), "\\- item");
        assert_eq!(text("# title"), "\\# title");
        assert_eq!(text("12. item"), "12\\. item");
        assert_eq!(text("a\nb\r\n  c"), "a b c");
        assert_eq!(
            text("x@y.z email, 5 # 6, C#"),
            "x@\u{2060}y.z email, 5 # 6, C#"
        );
        assert_eq!(
            text("<builtin>/policies/default.yaml"),
            "&lt;builtin&gt;/policies/default.yaml"
        );
    }

    #[test]
    fn messages_keep_their_code_spans_and_nothing_else() {
        assert_eq!(
            message("open issue `a-b` blocks the gate (owner: @x)"),
            "open issue `a-b` blocks the gate (owner: @\u{2060}x)"
        );
        assert_eq!(message("`k` and `<b>`"), "`k` and `<b>`");
        assert_eq!(message("key `a|b` here"), "key \\`a\\|b\\` here");
        // An odd backtick (from a quoted value) makes the whole message plain text.
        assert_eq!(message("key `a`b` here"), "key \\`a\\`b\\` here");
        assert_eq!(message("line\nbreak `x`"), "line break `x`");
    }

    #[test]
    fn ids_are_code_unless_a_code_span_cannot_hold_them() {
        assert_eq!(code("support-reply-drafts"), "`support-reply-drafts`");
        assert_eq!(code("<b>@x"), "`<b>@x`");
        assert_eq!(code("a`b"), "a\\`b");
        assert_eq!(code("a|b"), "a\\|b");
        assert_eq!(code(""), "");
    }
}
