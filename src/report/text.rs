//! Human output: rustc-style diagnostics with `file:line:col`, the source line and a pointer.

use std::io::Write;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{cap, inert};
use crate::findings::{Counts, Finding, Severity};
use crate::history::HistoryStatus;
use crate::load::Snapshot;
use crate::pipeline::{Judged, Verified};
use crate::text::Files;

/// Renders findings, one diagnostic each (at most [`cap::MAX_PER_FILE_AND_CODE`] of one code
/// in one file, then how many more).
pub fn findings(findings: &[Finding], files: &Files, colour: bool) -> String {
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    push_capped(&mut out, findings, files, &renderer);
    finish(out, colour)
}

/// The finished output, safe for a terminal and a CI log ([`inert`]): styled output keeps its
/// own escape sequences (the repository's text in it went through [`inert::field`]).
fn finish(out: String, colour: bool) -> String {
    if colour {
        inert::commands(out)
    } else {
        inert::output(out)
    }
}

/// Appends the diagnostics of `findings`, capped per file and code.
fn push_capped<'a>(
    out: &mut String,
    findings: impl IntoIterator<Item = &'a Finding>,
    files: &Files,
    renderer: &Renderer,
) {
    for item in cap::capped(findings) {
        match item {
            cap::Item::Finding(f) => out.push_str(&diagnostic(f, files, renderer)),
            cap::Item::More(more) => {
                out.push_str(&format!(
                    "{}: ... {}",
                    more.severity.as_str(),
                    more.message()
                ));
            }
        }
        out.push_str("\n\n");
    }
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// One-line tally: "2 errors, 1 warning".
pub fn tally(counts: Counts) -> String {
    let mut parts = vec![
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
    ];
    if counts.notes > 0 {
        parts.push(plural(counts.notes, "note"));
    }
    parts.join(", ")
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    }
}

/// One finding as a rustc-style diagnostic.
pub fn diagnostic(f: &Finding, files: &Files, renderer: &Renderer) -> String {
    // Messages quote names, titles and values from the repository.
    let message = inert::field(&f.message);
    let help_text = f.help.as_deref().map(inert::field);
    let title = level(f.severity)
        .primary_title(message.as_ref())
        .id(f.code.as_str());
    let help = help_text.as_deref().map(|h| Level::HELP.message(h));
    let Some(loc) = &f.location else {
        let group = match help {
            Some(h) => title.element(h),
            None => Group::with_title(title),
        };
        return renderer.render(&[group]);
    };
    let line_text = files.line(&loc.file, loc.line);
    let group = match line_text {
        Some(text) => {
            let span = highlight(&text, loc.column);
            let snippet = Snippet::source(text)
                .line_start(usize::try_from(loc.line).unwrap_or(1))
                .path(loc.file.as_str())
                .annotation(AnnotationKind::Primary.span(span));
            let g = title.element(snippet);
            match help {
                Some(h) => g.element(h),
                None => g,
            }
        }
        None => {
            // The file has no text to show (missing, unreadable): name the place only.
            let origin = annotate_snippets::Origin::path(loc.file.as_str())
                .line(usize::try_from(loc.line).unwrap_or(1))
                // `char_column` is shown as given (1-based), unlike annotation spans.
                .char_column(usize::try_from(loc.column).unwrap_or(1));
            let g = title.element(origin);
            match help {
                Some(h) => g.element(h),
                None => g,
            }
        }
    };
    renderer.render(&[group])
}

/// Byte range to underline: the token starting at the (1-based, character) column, up to a
/// key's `:`, a comment, or the end of the line.
fn highlight(line: &str, column: u32) -> std::ops::Range<usize> {
    let skip = usize::try_from(column).unwrap_or(1).saturating_sub(1);
    let start = line.char_indices().nth(skip).map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let mut end = rest.len();
    if let Some(i) = rest.find(": ") {
        end = end.min(i);
    }
    if rest.ends_with(':') {
        end = end.min(rest.len() - 1);
    }
    if let Some(i) = rest.find(" #") {
        end = end.min(i);
    }
    let token = rest[..end].trim_end();
    let len = token.len().max(1);
    start..(start + len).min(line.len().max(start + 1))
}

/// "3 commits checked after 1a2b3c4 (first commit): 1 error, 0 warnings", or why the history
/// checks did not run: the last line of `log --verify` and of `diff`'s history checks.
pub fn history_line(status: &HistoryStatus, counts: Counts) -> String {
    match status {
        HistoryStatus::Checked { commits, range } => format!(
            "{commits} {} checked after {} ({}): {}",
            if *commits == 1 { "commit" } else { "commits" },
            range.base.get(..7).unwrap_or(&range.base),
            range.rule,
            tally(counts)
        ),
        HistoryStatus::Skipped { reason } => format!("checks not run: {reason}"),
    }
}

/// `log --verify`'s human output: the history checks' findings, then the range they read.
pub fn verified(verified: &Verified, colour: bool) -> String {
    let report = &verified.history;
    let mut out = findings(&report.findings, &verified.snap.files, colour);
    out.push_str(&format!(
        "history: {}\n",
        history_line(&report.status, Counts::of(&report.findings))
    ));
    out
}

/// `validate`'s human output: the files' findings, then whether they are valid, with the
/// totals.
pub fn validated(snap: &Snapshot, colour: bool) -> String {
    let counts = Counts::of(&snap.findings);
    let mut out = findings(&snap.findings, &snap.files, colour);
    let files = snap.files.len();
    if counts.errors == 0 {
        out.push_str(&format!(
            "valid: {}, {} ({})\n",
            plural(files, "file"),
            plural(snap.projects.len(), "project"),
            tally(counts)
        ));
    } else {
        out.push_str(&format!(
            "invalid: {} in {} read\n",
            tally(counts),
            plural(files, "file")
        ));
    }
    out
}

/// `check`'s human output: per project a header, the KPI table and its findings, then findings
/// that belong to no project, then the totals.
pub fn check(judged: &Judged, colour: bool) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail, and every part written is a `String`.
    let _ = write_check(judged, colour, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`check`], written to `out` one project at a time. Each part ends a line, so making each
/// part safe ([`inert`]) on its own gives what making the whole text safe gives.
pub fn write_check(judged: &Judged, colour: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let (eval, files) = (&judged.eval, &judged.snap.files);
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for p in &eval.projects {
        let mut part = project_header(p);
        push_capped(&mut part, eval.project_findings(&p.id), files, &renderer);
        out.write_all(finish(part, colour).as_bytes())?;
        // Its source lines are shown: the texts read again for them need not stay.
        let dir = crate::source::join(&judged.snap.config.projects_dir, &p.id);
        files.forget(&format!("{dir}/"));
    }
    let mut part = String::new();
    push_capped(
        &mut part,
        eval.findings.iter().filter(|f| f.project.is_none()),
        files,
        &renderer,
    );
    let ready = eval.projects.iter().filter(|p| p.ready).count();
    part.push_str(&format!(
        "{}: {ready} ready, {} blocked; {} (as of {})\n",
        plural(eval.projects.len(), "project"),
        eval.projects.len() - ready,
        tally(Counts::of(&eval.findings)),
        eval.now
    ));
    out.write_all(finish(part, colour).as_bytes())
}

fn project_header(p: &crate::evaluate::ProjectReport) -> String {
    use crate::evaluate::{Exact, criterion_text, show_measured};
    let mut out = String::new();
    let name = inert::field(p.name.as_deref().unwrap_or(""));
    let stage = p.stage.map_or("?", |s| s.title());
    out.push_str(&format!(
        "== {} — {name} [stage {stage}, {} gate]\n",
        p.id, stage
    ));
    let readiness = if !p.evaluated {
        "not evaluated (project.yaml did not load)".to_string()
    } else if p.closed {
        "closed: stopped by the decision in force; its other findings are notes".to_string()
    } else if p.ready {
        "ready: the gate can be decided".to_string()
    } else {
        format!("blocked ({})", plural(p.errors, "error"))
    };
    out.push_str(&format!("   readiness:   {readiness}\n"));
    if !p.rules_not_run.is_empty() {
        out.push_str(&format!(
            "   not run:     {} (a file they need did not load)\n",
            p.rules_not_run.join(", ")
        ));
    }
    let rec = p.recommended.map_or("none".to_string(), |o| o.to_string());
    out.push_str(&format!(
        "   recommended: {rec} — {}\n",
        inert::field(&p.reason)
    ));
    let recorded = p.recorded.as_ref().map_or("none".to_string(), |d| {
        format!(
            "{} ({}, {} by {}{})",
            d.outcome,
            d.id,
            d.decided_at,
            d.decided_by,
            if d.overridden { ", override" } else { "" }
        )
    });
    out.push_str(&format!("   recorded:    {recorded}\n"));
    if !p.kpis.is_empty() {
        let rows: Vec<[String; 6]> = p
            .kpis
            .iter()
            .map(|k| {
                let levels: Vec<_> = std::iter::once(k.threshold).chain(k.stop).collect();
                let shown = |v: Exact| show_measured(v, k.unit, &levels);
                [
                    k.kpi.clone(),
                    k.exact.map_or("-".into(), shown),
                    criterion_text(k),
                    k.n.map_or("-".into(), |n| n.to_string()),
                    k.interval.map_or("-".into(), |(lo, hi)| {
                        format!(
                            "{}..{}",
                            shown(Exact::Written(lo)),
                            shown(Exact::Written(hi))
                        )
                    }),
                    k.status.as_str().to_string(),
                ]
            })
            .collect();
        let header = ["KPI", "value", "criterion", "n", "95% interval", "status"].map(String::from);
        let mut widths = [0usize; 6];
        for r in std::iter::once(&header).chain(rows.iter()) {
            for (w, c) in widths.iter_mut().zip(r.iter()) {
                *w = (*w).max(c.chars().count());
            }
        }
        for r in std::iter::once(&header).chain(rows.iter()) {
            let cells: Vec<String> = r
                .iter()
                .zip(widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            out.push_str(&format!("   {}\n", cells.join("  ").trim_end()));
        }
    }
    if !p.governance.is_empty() {
        let settled = p.governance.iter().filter(|g| g.settled).count();
        let open: Vec<String> = p
            .governance
            .iter()
            .filter(|g| !g.settled)
            .map(|g| format!("{} ({})", g.id, g.status.as_str()))
            .collect();
        out.push_str(&format!(
            "   governance:  {settled}/{} settled{}\n",
            p.governance.len(),
            if open.is_empty() {
                String::new()
            } else {
                format!("; open: {}", open.join(", "))
            }
        ));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::highlight;
    use annotate_snippets::Renderer;

    #[test]
    fn highlights_keys_values_and_skips_comments() {
        assert_eq!(highlight("  treshold: 70", 3), 2..10);
        assert_eq!(highlight("  status: agred  # soon", 11), 10..15);
        assert_eq!(highlight("stage: mvp", 8), 7..10);
        assert_eq!(highlight("", 1), 0..1);
    }

    #[test]
    fn location_without_source_text_keeps_the_1_based_column() {
        use crate::findings::{Code, Finding, Location};
        let f = Finding::new(Code::FileNotUtf8, "not UTF-8").at(Location {
            file: "a.yaml".into(),
            line: 2,
            column: 12,
            pointer: String::new(),
        });
        let out = super::diagnostic(&f, &crate::text::Files::default(), &Renderer::plain());
        assert!(out.contains("a.yaml:2:12"), "{out}");
    }
}
