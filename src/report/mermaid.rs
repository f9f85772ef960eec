//! Small Mermaid charts for the pull-request comment: for each KPI a change touches, its last
//! results at the gate (bars) with the threshold and stop level (lines). GitHub draws a
//! ```` ```mermaid ```` block as a picture (`xychart-beta`); elsewhere it stays readable text.
//!
//! Mermaid has its own syntax inside the block (quotes end a label, `%%` starts a comment, a
//! newline ends a statement, `<` may become markup, a backtick fence ends the block), so every
//! string from the repository goes through [`sanitize`] first; the numbers are tollgate's own.

use std::fmt::Write;

use crate::evaluate::measure::{Exact, KpiRow, comparator, show, stop_comparator};
use crate::history::diff::{self, Diff, ProjectDiff};
use crate::model::{Date, Decimal, Unit};

/// At most this many charts in one comment; the rest are counted.
pub const MAX_CHARTS: usize = 10;

/// The charts of every changed KPI with results at head, under one heading; empty when there
/// are none.
pub fn charts(diff: &Diff) -> String {
    let rows: Vec<(&ProjectDiff, &diff::KpiRow)> = diff
        .projects
        .iter()
        .flat_map(|p| p.kpis.iter().map(move |r| (p, r)))
        .filter(|(_, r)| r.changed && !r.recent.is_empty())
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    let mut out = String::from("### KPI trends\n\n");
    for (p, r) in rows.iter().take(MAX_CHARTS) {
        // The base's value leads when this change replaced or edited the result that counted.
        let base = r
            .before
            .as_ref()
            .filter(|b| {
                !r.recent.iter().any(|(_, row)| {
                    row.result.as_deref() == Some(b.result.as_str()) && row.value == Some(b.value)
                })
            })
            .map(|b| b.exact.unwrap_or(Exact::Written(b.value)));
        out.push_str(&chart(&p.id, &r.name, r.gate.title(), base, &r.recent));
    }
    if rows.len() > MAX_CHARTS {
        let _ = writeln!(
            out,
            "{} more changed KPIs are not drawn here; `tollgate report` draws every KPI.\n",
            rows.len() - MAX_CHARTS
        );
    }
    out
}

/// One chart: the base's value when given, then the results (oldest first) as bars; the
/// criteria of the latest as lines; and a line of text saying which is which.
pub fn chart(
    project: &str,
    kpi_name: &str,
    gate: &str,
    base: Option<Exact>,
    recent: &[(Date, KpiRow)],
) -> String {
    let Some((_, last)) = recent.last() else {
        return String::new();
    };
    let unit = last.unit;
    let values: Vec<Decimal> = base
        .into_iter()
        .chain(recent.iter().filter_map(|(_, r)| r.exact))
        .map(|e| e.rounded(3))
        .collect();
    let mut labels: Vec<String> = Vec::new();
    if base.is_some() {
        labels.push("base".to_string());
    }
    for (date, _) in recent {
        let base = date.to_string();
        let repeats = labels.iter().filter(|l| l.starts_with(&base)).count();
        labels.push(if repeats == 0 {
            base
        } else {
            format!("{base} #{}", repeats + 1)
        });
    }
    let levels: Vec<Decimal> = std::iter::once(last.threshold).chain(last.stop).collect();
    let (lo, hi) = y_range(&values, &levels, unit);
    let list = |v: &[String]| v.join(", ");
    let repeat = |level: Decimal| list(&vec![level.to_string(); values.len()]);
    let mut out = String::from("```mermaid\nxychart-beta\n");
    let _ = writeln!(
        out,
        "    title \"{}: {}, {gate} gate\"",
        sanitize(project),
        sanitize(kpi_name)
    );
    let quoted: Vec<String> = labels.iter().map(|l| format!("\"{l}\"")).collect();
    let _ = writeln!(out, "    x-axis [{}]", list(&quoted));
    let _ = writeln!(out, "    y-axis \"{}\" {lo} --> {hi}", unit.as_str());
    let shown: Vec<String> = values.iter().map(Decimal::to_string).collect();
    let _ = writeln!(out, "    bar [{}]", list(&shown));
    let _ = writeln!(out, "    line [{}]", repeat(last.threshold));
    if let Some(stop) = last.stop {
        let _ = writeln!(out, "    line [{}]", repeat(stop));
    }
    out.push_str("```\n\n");
    let _ = write!(
        out,
        "Bars: {}the last {} of this KPI at the {gate} gate; lines: the threshold ({} {})",
        if base.is_some() {
            "the value at the base, then "
        } else {
            ""
        },
        plural_results(recent.len()),
        comparator(last.direction),
        show(last.threshold, unit)
    );
    if let Some(stop) = last.stop {
        let _ = write!(
            out,
            " and the stop level ({} {})",
            stop_comparator(last.direction),
            show(stop, unit)
        );
    }
    out.push_str(".\n\n");
    out
}

fn plural_results(n: usize) -> String {
    if n == 1 {
        "result".to_string()
    } else {
        format!("{n} results")
    }
}

/// Text safe inside a quoted Mermaid label and inside the Markdown around it: letters, digits,
/// spaces and `-.,:/()+=!?'` are kept, anything else (quotes, brackets, `<`, `%`, `#`, `;`,
/// backticks, line breaks, control characters) becomes a space; runs of spaces collapse, and
/// the result is at most 80 characters.
pub fn sanitize(text: &str) -> String {
    let kept: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || " -.,:/()+=!?'".contains(c) {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.chars().count() > 80 {
        let cut: String = words.chars().take(79).collect();
        format!("{}...", cut.trim_end())
    } else {
        words
    }
}

/// The y axis: from the unit's floor (0 for a rate, a count, a time) or a little below the
/// lowest number, to a little above the highest, within the unit's range.
fn y_range(values: &[Decimal], levels: &[Decimal], unit: Unit) -> (String, String) {
    let all: Vec<f64> = values.iter().chain(levels).map(|d| d.to_f64()).collect();
    let min = all.iter().copied().fold(f64::INFINITY, f64::min);
    let max = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = (max - min).abs().max(max.abs() * 0.1).max(1e-9);
    let (floor, ceiling) = unit.range();
    let lo = match floor {
        Some(f) if min >= f.to_f64() => f.to_f64(),
        _ => min - span * 0.1,
    };
    let mut hi = max + span * 0.1;
    if let Some(c) = ceiling {
        hi = hi.min(c.to_f64()).max(max);
    }
    (number(lo), number(hi))
}

/// A number with at most three decimals, no trailing zeros.
fn number(x: f64) -> String {
    let text = format!("{x:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_leaves_nothing_mermaid_or_markdown_would_read_as_syntax() {
        let hostile = "a \"quoted\" [x] <script>alert(1)</script> %%{init: {}}%% #quot; \
                       `code` ```\nnew line; end|pipe & more\u{0}";
        let clean = sanitize(hostile);
        for bad in [
            '"', '[', ']', '<', '>', '%', '#', '`', '\n', ';', '|', '&', '{', '}', '\0',
        ] {
            assert!(!clean.contains(bad), "{bad:?} in {clean:?}");
        }
        assert_eq!(
            clean,
            "a quoted x script alert(1) /script init: quot code new line end pipe more"
        );
        assert_eq!(sanitize(&"long ".repeat(40)).chars().count(), 82);
        assert_eq!(
            sanitize("Draft answer accuracy (v2)"),
            "Draft answer accuracy (v2)"
        );
    }

    #[test]
    fn numbers_and_ranges() {
        assert_eq!(number(70.0), "70");
        assert_eq!(number(1.23456), "1.235");
        assert_eq!(number(-0.0001), "0");
        let d = |s: &str| s.parse::<Decimal>().expect("decimal");
        assert_eq!(
            y_range(&[d("78"), d("82")], &[d("70"), d("40")], Unit::Percent),
            ("0".to_string(), "86.2".to_string())
        );
        // A score has no floor: the axis starts a little below the lowest number.
        assert_eq!(
            y_range(&[d("3.9")], &[d("3.5"), d("2.5")], Unit::Score),
            ("2.36".to_string(), "4.04".to_string())
        );
        // Never above 100%.
        assert_eq!(y_range(&[d("99.5")], &[d("95")], Unit::Percent).1, "100");
    }
}
