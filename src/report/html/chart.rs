//! Charts as SVG elements: a KPI's values over time against its threshold and stop level, and
//! the small stacked bars of the portfolio page.
//!
//! Written with [`super::markup`] rather than a plotting crate so that each part of a chart is
//! an element with a class that says what it is (`path.threshold`, `path.stop`,
//! `line.criterion-change`, `line.interval`, `g.series .point` with its value in `data-value`),
//! which the style sheet (screen and print), the tests and assistive technology (a `<title>`
//! on every mark) can address; axis labels are the KPI's own units from
//! [`crate::evaluate::measure::show`]. Coordinates are rounded to a tenth of a pixel, so the
//! markup of a chart is the same on every machine.

use super::markup::{El, el};
use crate::evaluate::measure::{
    Exact, KpiStatus, comparator, show, show_measured, stop_comparator,
};
use crate::history::trend::{Change, Point, Series, Terms, Version};
use crate::model::{Date, Decimal, Unit};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 104.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 34.0;

/// The points a chart draws at most (the latest); the rest are counted in its description.
pub const MAX_POINTS: usize = 120;

/// A KPI's chart: its values (the latest [`MAX_POINTS`]) at `measured_at`, their 95% intervals,
/// the threshold and stop level in force over time as step lines, and a mark where the terms
/// changed. `id` must be unique in the page (it names the chart's title element).
pub fn trend(series: &Series, id: &str) -> El {
    let skipped = series.points.len().saturating_sub(MAX_POINTS);
    let drawn: Vec<&Point> = series.points.iter().skip(skipped).collect();
    let first_date = drawn.iter().map(|p| p.measured_at).min();
    let changes: Vec<&Change> = series
        .changes
        .iter()
        .filter(|c| skipped == 0 || first_date.is_some_and(|d| c.date >= d))
        .collect();
    let epochs = epochs(series, &changes);
    let unit = series.terms.unit;

    let mut dates: Vec<Date> = drawn.iter().map(|p| p.measured_at).collect();
    dates.extend(changes.iter().map(|c| c.date));
    let x = match (dates.iter().min(), dates.iter().max()) {
        (Some(lo), Some(hi)) => {
            let (lo, hi) = (day(*lo), day(*hi));
            let pad = ((hi - lo) * 0.04).max(if hi > lo { 0.0 } else { 3.0 });
            Scale::new(lo - pad, hi + pad, LEFT, WIDTH - RIGHT)
        }
        _ => Scale::new(0.0, 1.0, LEFT, WIDTH - RIGHT),
    };
    let mut numbers: Vec<f64> = Vec::new();
    for p in drawn.iter().filter(|p| p.row.unit == unit) {
        numbers.extend(value(p));
        if let Some((lo, hi)) = p.row.interval {
            numbers.extend([lo.to_f64(), hi.to_f64()]);
        }
    }
    for (_, terms) in &epochs {
        if let Some(c) = &terms.criteria {
            numbers.push(c.threshold.to_f64());
            numbers.extend(c.stop.map(Decimal::to_f64));
        }
    }
    let (y_lo, y_hi) = y_domain(&numbers, unit);
    let y = Scale::new(y_lo, y_hi, HEIGHT - BOTTOM, TOP);

    let mut svg = El::new("svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .class("chart")
        .attr("viewBox", format!("0 0 {WIDTH} {HEIGHT}"))
        .attr("width", WIDTH)
        .attr("height", HEIGHT)
        .attr("role", "img")
        .attr("aria-labelledby", format!("{id}-title"))
        .attr("data-kpi", &series.kpi)
        .attr("data-gate", series.gate.as_str())
        .child(
            El::new("title")
                .attr("id", format!("{id}-title"))
                .text(summary(series, &drawn, skipped)),
        );
    svg.push(y_axis(&y, y_lo, y_hi, unit));
    svg.push(x_axis(&x, &y, &dates));
    svg.push(levels(&x, &y, &epochs, series));
    svg.push(change_marks(&x, &changes, unit));
    svg.push(intervals(&x, &y, &drawn, unit));
    svg.push(points(&x, &y, &drawn, unit));
    if drawn.is_empty() {
        svg.push(
            el("text", "no result yet")
                .class("empty")
                .attr("x", n((LEFT + WIDTH - RIGHT) / 2.0))
                .attr("y", n((TOP + HEIGHT - BOTTOM) / 2.0))
                .attr("text-anchor", "middle"),
        );
    }
    svg
}

/// A horizontal bar split into parts (class, count, what the part is), each part's width in
/// proportion to `of`; for the portfolio's projects per stage.
pub fn stacked_bar(parts: &[(&str, usize, String)], of: usize) -> El {
    let (width, height) = (160.0, 14.0);
    let mut svg = El::new("svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .class("bar")
        .attr("viewBox", format!("0 0 {width} {height}"))
        .attr("width", width)
        .attr("height", height)
        .attr("aria-hidden", "true");
    let mut at = 0.0;
    for (class, count, what) in parts {
        if *count == 0 || of == 0 {
            continue;
        }
        let w = width * (*count as f64) / (of as f64);
        svg.push(
            El::new("rect")
                .class(class)
                .attr("x", n(at))
                .attr("y", 0)
                .attr("width", n(w))
                .attr("height", height)
                .child(el("title", what.clone())),
        );
        at += w;
    }
    svg
}

/// The terms in force from each date on: the first drawn change's `before` (or the series'
/// current terms when nothing changed), then each change's `after`. The first epoch's date is
/// `None` (from the left edge).
fn epochs<'a>(series: &'a Series, changes: &[&'a Change]) -> Vec<(Option<Date>, &'a Terms)> {
    let mut out = vec![(None, changes.first().map_or(&series.terms, |c| &c.before))];
    out.extend(changes.iter().map(|c| (Some(c.date), &c.after)));
    out
}

/// A linear map from a domain to pixels.
struct Scale {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Scale {
    fn new(d0: f64, d1: f64, r0: f64, r1: f64) -> Scale {
        Scale { d0, d1, r0, r1 }
    }

    fn at(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if span == 0.0 {
            return (self.r0 + self.r1) / 2.0;
        }
        self.r0 + (v - self.d0) / span * (self.r1 - self.r0)
    }
}

fn day(d: Date) -> f64 {
    f64::from(chrono::Datelike::num_days_from_ce(&d))
}

/// A coordinate, rounded to a tenth of a pixel, without a trailing `.0`.
fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

fn value(p: &Point) -> Option<f64> {
    p.row.exact.map(|e| e.rounded(9).to_f64())
}

/// The y range: every number drawn, a little margin, within the unit's range (0 to 100 for a
/// percentage), never empty.
fn y_domain(numbers: &[f64], unit: Unit) -> (f64, f64) {
    let lo = numbers.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = numbers.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    let pad = if hi > lo {
        (hi - lo) * 0.08
    } else {
        (hi.abs() * 0.1).max(1.0)
    };
    let (floor, ceiling) = unit.range();
    let mut d0 = lo - pad;
    let mut d1 = hi + pad;
    if let Some(f) = floor {
        d0 = d0.max(f.to_f64());
    }
    if let Some(c) = ceiling {
        d1 = d1.min(c.to_f64());
    }
    if d1 <= d0 {
        d1 = d0 + 1.0;
    }
    (d0, d1)
}

/// About five round tick values between `lo` and `hi` (steps of 1, 2, 2.5 or 5 times a power
/// of ten) and how many decimals they need.
fn ticks(lo: f64, hi: f64) -> (Vec<f64>, usize) {
    let raw = (hi - lo) / 5.0;
    if raw <= 0.0 || !raw.is_finite() {
        return (vec![lo], 0);
    }
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    let mut decimals = (-step.log10().floor()).max(0.0) as usize;
    if ((step / 10f64.powf(step.log10().floor())) - 2.5).abs() < 1e-9 {
        decimals += 1;
    }
    let mut out = Vec::new();
    let mut t = (lo / step).ceil() * step;
    while t <= hi + step * 1e-9 && out.len() < 12 {
        out.push(t);
        t += step;
    }
    (out, decimals)
}

/// A tick value as the KPI shows numbers: `70%`, `30 s`, `0.25`.
fn tick_label(v: f64, decimals: usize, unit: Unit) -> String {
    let text = format!("{v:.decimals$}");
    let text = if text.starts_with('-') && text.trim_start_matches(['-', '0', '.']).is_empty() {
        text[1..].to_string()
    } else {
        text
    };
    match text.parse::<Decimal>() {
        Ok(d) => show(d, unit),
        Err(_) => text,
    }
}

fn y_axis(y: &Scale, lo: f64, hi: f64, unit: Unit) -> El {
    let mut g = El::new("g").class("axis y");
    let (values, decimals) = ticks(lo, hi);
    for v in values {
        let at = n(y.at(v));
        g.push(
            El::new("line")
                .class("grid")
                .attr("x1", n(LEFT))
                .attr("x2", n(WIDTH - RIGHT))
                .attr("y1", &at)
                .attr("y2", &at),
        );
        g.push(
            el("text", tick_label(v, decimals, unit))
                .attr("x", n(LEFT - 6.0))
                .attr("y", &at)
                .attr("dy", "0.32em")
                .attr("text-anchor", "end"),
        );
    }
    g
}

fn x_axis(x: &Scale, y: &Scale, dates: &[Date]) -> El {
    let bottom = n(y.r0);
    let mut g = El::new("g").class("axis x").child(
        El::new("line")
            .class("baseline")
            .attr("x1", n(LEFT))
            .attr("x2", n(WIDTH - RIGHT))
            .attr("y1", &bottom)
            .attr("y2", &bottom),
    );
    if dates.is_empty() {
        return g;
    }
    for (date, label) in date_ticks(x.d0, x.d1) {
        let at = n(x.at(day(date)));
        g.push(
            El::new("line")
                .class("tick")
                .attr("x1", &at)
                .attr("x2", &at)
                .attr("y1", &bottom)
                .attr("y2", n(y.r0 + 4.0)),
        );
        g.push(
            el("text", label)
                .attr("x", &at)
                .attr("y", n(y.r0 + 16.0))
                .attr("text-anchor", "middle"),
        );
    }
    g
}

/// Up to five dates in `lo..=hi` (days from the common era) at round intervals: days, weeks,
/// the first of a month, or the first of a year, labelled to match.
fn date_ticks(lo: f64, hi: f64) -> Vec<(Date, String)> {
    use chrono::Datelike;
    let to_date = |d: f64| Date::from_num_days_from_ce_opt(d.ceil() as i32);
    let (Some(first), Some(last)) = (to_date(lo), to_date(hi.floor())) else {
        return Vec::new();
    };
    let span = (last - first).num_days().max(0);
    let fits = |count: i64| count <= 5;
    for step in [1, 2, 7, 14] {
        if fits(span / step + 1) {
            return first
                .iter_days()
                .take_while(|d| *d <= last)
                .filter(|d| i64::from(d.num_days_from_ce()) % step == 0)
                .map(|d| (d, d.format("%Y-%m-%d").to_string()))
                .collect();
        }
    }
    let months = i64::from(last.year() - first.year()) * 12 + i64::from(last.month())
        - i64::from(first.month());
    for step in [1, 2, 3, 6, 12, 24, 60] {
        if fits(months / step + 1) {
            let mut out = Vec::new();
            let (mut year, mut month) = (first.year(), first.month());
            loop {
                if let Some(d) = Date::from_ymd_opt(year, month, 1)
                    && d >= first
                {
                    if d > last {
                        break;
                    }
                    let index = i64::from(year) * 12 + i64::from(month) - 1;
                    if index % step == 0 {
                        let label = if step >= 12 {
                            d.format("%Y").to_string()
                        } else {
                            d.format("%Y-%m").to_string()
                        };
                        out.push((d, label));
                    }
                }
                month += 1;
                if month > 12 {
                    month = 1;
                    year += 1;
                }
                if year > last.year() + 1 {
                    break;
                }
            }
            return out;
        }
    }
    vec![(first, first.format("%Y").to_string())]
}

/// The threshold and stop level as step lines over time, labelled at the right edge with the
/// terms in force now.
fn levels(x: &Scale, y: &Scale, epochs: &[(Option<Date>, &Terms)], series: &Series) -> El {
    let mut g = El::new("g").class("levels");
    let left = x.r0;
    let right = x.r1;
    let mut threshold = String::new();
    let mut stop = String::new();
    // Whether the previous epoch had a threshold and a stop level, so the step continues.
    let (mut had_threshold, mut had_stop) = (false, false);
    for (i, (from, terms)) in epochs.iter().enumerate() {
        let x0 = from.map_or(left, |d| x.at(day(d)).clamp(left, right));
        let x1 = epochs
            .get(i + 1)
            .and_then(|(d, _)| *d)
            .map_or(right, |d| x.at(day(d)).clamp(left, right));
        let c = terms.criteria.as_ref();
        if let Some(c) = c {
            step(
                &mut threshold,
                x0,
                x1,
                y.at(c.threshold.to_f64()),
                had_threshold,
            );
        }
        if let Some(s) = c.and_then(|c| c.stop) {
            step(&mut stop, x0, x1, y.at(s.to_f64()), had_stop);
        }
        had_threshold = c.is_some();
        had_stop = c.and_then(|c| c.stop).is_some();
    }
    let unit = series.terms.unit;
    let direction = series.terms.direction;
    let now = series
        .terms
        .criteria
        .as_ref()
        .or_else(|| epochs.last().and_then(|(_, t)| t.criteria.as_ref()));
    if !threshold.is_empty() {
        let label = now.map_or_else(String::new, |c| {
            format!(
                "threshold {} {}",
                comparator(direction),
                show(c.threshold, unit)
            )
        });
        g.push(
            El::new("path")
                .class("threshold")
                .attr("d", &threshold)
                .child(el("title", label)),
        );
    }
    if !stop.is_empty() {
        let label = now.and_then(|c| c.stop).map_or_else(String::new, |s| {
            format!(
                "stop level {} {}",
                stop_comparator(direction),
                show(s, unit)
            )
        });
        g.push(
            El::new("path")
                .class("stop")
                .attr("d", &stop)
                .child(el("title", label)),
        );
    }
    // Labels at the right edge, for the terms in force at the end; kept apart when close.
    if let Some(c) = now {
        let ty = y.at(c.threshold.to_f64());
        g.push(
            el("text", format!("threshold {}", show(c.threshold, unit)))
                .class("label threshold")
                .attr("x", n(right + 6.0))
                .attr("y", n(ty))
                .attr("dy", "0.32em"),
        );
        if let Some(s) = c.stop {
            let mut sy = y.at(s.to_f64());
            if (sy - ty).abs() < 12.0 {
                sy = if sy >= ty { ty + 12.0 } else { ty - 12.0 };
            }
            g.push(
                el("text", format!("stop {}", show(s, unit)))
                    .class("label stop")
                    .attr("x", n(right + 6.0))
                    .attr("y", n(sy))
                    .attr("dy", "0.32em"),
            );
        }
    }
    g
}

/// Appends a horizontal segment to a path, joined to the previous one by a vertical step
/// when `join`, else starting a new piece.
fn step(d: &mut String, x0: f64, x1: f64, y: f64, join: bool) {
    let level = n(y);
    if join && d.ends_with(&format!(" {level}")) {
        // The same level goes on: extend the last segment.
        d.push_str(&format!(" L{} {level}", n(x1)));
        return;
    }
    let command = if d.is_empty() || !join { 'M' } else { 'L' };
    if !d.is_empty() {
        d.push(' ');
    }
    d.push_str(&format!("{command}{} {level} L{} {level}", n(x0), n(x1)));
}

fn change_marks(x: &Scale, changes: &[&Change], unit: Unit) -> El {
    let mut g = El::new("g").class("changes");
    for c in changes {
        let at = n(x.at(day(c.date)));
        g.push(
            El::new("line")
                .class("criterion-change")
                .attr("x1", &at)
                .attr("x2", &at)
                .attr("y1", n(TOP))
                .attr("y2", n(HEIGHT - BOTTOM))
                .child(el("title", change_text(c, unit))),
        );
        g.push(
            El::new("path")
                .class("criterion-change-mark")
                .attr("d", format!("M{at} {} l-5 -8 h10 z", n(TOP + 8.0)))
                .child(el("title", change_text(c, unit))),
        );
    }
    g
}

/// "2026-09-22, commit 1a2b3c4 (PR #5) by Kenji Yamamoto: criteria >= 70% (stop at <= 40%) ->
/// >= 75% (stop at <= 40%)".
pub fn change_text(c: &Change, unit: Unit) -> String {
    format!(
        "{}, {}: {} -> {}",
        c.date,
        version_text(&c.version),
        terms_text(&c.before, unit),
        terms_text(&c.after, unit)
    )
}

/// The terms as a criterion: `>= 70% (stop at <= 40%)`, `no criteria`; the unit is named when
/// it is not the chart's.
pub fn terms_text(t: &Terms, chart_unit: Unit) -> String {
    let Some(c) = &t.criteria else {
        return "no criteria".to_string();
    };
    let mut text = format!("{} {}", comparator(t.direction), show(c.threshold, t.unit));
    if let Some(s) = c.stop {
        text.push_str(&format!(
            " (stop at {} {})",
            stop_comparator(t.direction),
            show(s, t.unit)
        ));
    }
    if let Some(min) = c.min_samples {
        text.push_str(&format!(", n >= {min}"));
    }
    if c.confidence == crate::model::Confidence::Wilson95 {
        text.push_str(", 95% bound");
    }
    if t.unit != chart_unit {
        text.push_str(&format!(" [{}]", t.unit.as_str()));
    }
    text
}

/// "commit 1a2b3c4 (PR #5) by Kenji Yamamoto" or "the working tree".
pub fn version_text(v: &Version) -> String {
    match v {
        Version::Commit { commit } => format!(
            "commit {}{} by {}",
            commit.short,
            commit.pr.map(|p| format!(" (PR #{p})")).unwrap_or_default(),
            commit.author
        ),
        Version::WorkTree => "the working tree (uncommitted)".to_string(),
    }
}

/// A point's value as people read it, never looking equal to a level it misses.
pub fn point_value(p: &Point) -> String {
    let levels: Vec<Decimal> = std::iter::once(p.row.threshold).chain(p.row.stop).collect();
    p.row.exact.map_or_else(
        || "-".to_string(),
        |e| show_measured(e, p.row.unit, &levels),
    )
}

/// A point's 95% interval, when it has counts.
pub fn point_interval(p: &Point) -> Option<String> {
    let levels: Vec<Decimal> = std::iter::once(p.row.threshold).chain(p.row.stop).collect();
    let shown = |d: Decimal| show_measured(Exact::Written(d), p.row.unit, &levels);
    p.row
        .interval
        .map(|(lo, hi)| format!("{}..{}", shown(lo), shown(hi)))
}

fn intervals(x: &Scale, y: &Scale, drawn: &[&Point], unit: Unit) -> El {
    let mut g = El::new("g").class("intervals");
    for p in drawn.iter().filter(|p| p.row.unit == unit) {
        let (Some((lo, hi)), Some(text)) = (p.row.interval, point_interval(p)) else {
            continue;
        };
        let cx = x.at(day(p.measured_at));
        let (y0, y1) = (y.at(lo.to_f64()), y.at(hi.to_f64()));
        g.push(
            El::new("path")
                .class("interval")
                .attr(
                    "d",
                    format!(
                        "M{} {} V{} M{} {} H{} M{} {} H{}",
                        n(cx),
                        n(y0),
                        n(y1),
                        n(cx - 3.0),
                        n(y0),
                        n(cx + 3.0),
                        n(cx - 3.0),
                        n(y1),
                        n(cx + 3.0)
                    ),
                )
                .child(el("title", format!("95% interval {text}"))),
        );
    }
    g
}

fn points(x: &Scale, y: &Scale, drawn: &[&Point], unit: Unit) -> El {
    let mut g = El::new("g").class("series");
    // Values measured in another unit (the KPI's unit changed) are not drawn on this axis.
    let mut ordered: Vec<(usize, &&Point)> = drawn
        .iter()
        .enumerate()
        .filter(|(_, p)| p.row.unit == unit)
        .collect();
    ordered.sort_by_key(|(i, p)| (p.measured_at, *i));
    let line: Vec<String> = ordered
        .iter()
        .filter_map(|(_, p)| {
            Some(format!(
                "{},{}",
                n(x.at(day(p.measured_at))),
                n(y.at(value(p)?))
            ))
        })
        .collect();
    if line.len() > 1 {
        g.push(
            El::new("polyline")
                .class("series-line")
                .attr("points", line.join(" ")),
        );
    }
    for (_, p) in ordered {
        let Some(v) = value(p) else { continue };
        let (cx, cy) = (x.at(day(p.measured_at)), y.at(v));
        let status = match p.row.status {
            KpiStatus::Pass => "pass",
            KpiStatus::Fail => "fail",
            KpiStatus::Stop => "stop",
            _ => "undecided",
        };
        let title = el("title", point_text(p));
        let mark = if p.row.status == KpiStatus::Stop {
            El::new("rect")
                .attr("x", n(cx - 4.0))
                .attr("y", n(cy - 4.0))
                .attr("width", 8)
                .attr("height", 8)
        } else {
            El::new("circle")
                .attr("cx", n(cx))
                .attr("cy", n(cy))
                .attr("r", 4)
        };
        g.push(
            mark.class(&format!("point {status}"))
                .attr("data-value", point_value(p))
                .attr("data-measured-at", p.measured_at)
                .child(title),
        );
    }
    g
}

/// "2026-10-20: 78% (n=200, 95% 71.8%..83.3%) pass; result poc-accuracy-run-1, commit 1a2b3c4".
pub fn point_text(p: &Point) -> String {
    let mut details = Vec::new();
    if let Some(count) = p.row.n {
        details.push(format!("n={count}"));
    }
    if let Some(i) = point_interval(p) {
        details.push(format!("95% {i}"));
    }
    let details = if details.is_empty() {
        String::new()
    } else {
        format!(" ({})", details.join(", "))
    };
    format!(
        "{}: {}{details} {}; result {}, {}",
        p.measured_at,
        point_value(p),
        p.row.status.as_str(),
        p.row.result.as_deref().unwrap_or("-"),
        version_text(&p.version)
    )
}

fn summary(series: &Series, drawn: &[&Point], skipped: usize) -> String {
    let unit = series.terms.unit;
    let mut text = format!("{} at the {} gate: ", series.name, series.gate.title());
    match (drawn.first(), drawn.last()) {
        (Some(first), Some(last)) => {
            let (lo, hi) = (
                drawn
                    .iter()
                    .map(|p| p.measured_at)
                    .min()
                    .unwrap_or(first.measured_at),
                drawn
                    .iter()
                    .map(|p| p.measured_at)
                    .max()
                    .unwrap_or(last.measured_at),
            );
            text.push_str(&format!(
                "{} measured from {lo} to {hi}, latest {} ({})",
                if drawn.len() == 1 {
                    "1 value".to_string()
                } else {
                    format!("{} values", drawn.len())
                },
                point_value(last),
                last.row.status.as_str()
            ));
            if skipped > 0 {
                text.push_str(&format!(" ({skipped} earlier values not drawn)"));
            }
        }
        _ => text.push_str("no result yet"),
    }
    text.push_str(&format!("; criterion {}", terms_text(&series.terms, unit)));
    if !series.changes.is_empty() {
        text.push_str(&format!(
            "; the criteria changed {}",
            if series.changes.len() == 1 {
                "once".to_string()
            } else {
                format!("{} times", series.changes.len())
            }
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(
            ticks(0.0, 100.0),
            (vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0], 0)
        );
        assert_eq!(ticks(2.3, 4.1).0, vec![2.5, 3.0, 3.5, 4.0]);
        assert_eq!(ticks(2.3, 4.1).1, 1);
        assert_eq!(ticks(0.0, 1.2).0.len(), 5);
        assert_eq!(tick_label(70.0, 0, Unit::Percent), "70%");
        assert_eq!(tick_label(2.5, 1, Unit::Score), "2.5");
        assert_eq!(tick_label(-0.0, 1, Unit::Seconds), "0 s");
    }

    #[test]
    fn date_ticks_follow_the_span() {
        let d = |s: &str| day(Date::parse_from_str(s, "%Y-%m-%d").unwrap_or_default());
        let labels =
            |a, b| -> Vec<String> { date_ticks(d(a), d(b)).into_iter().map(|(_, l)| l).collect() };
        assert_eq!(
            labels("2026-10-20", "2026-10-22"),
            ["2026-10-20", "2026-10-21", "2026-10-22"]
        );
        assert_eq!(labels("2026-09-03", "2026-11-20"), ["2026-10", "2026-11"]);
        assert_eq!(labels("2020-03-01", "2026-11-20"), ["2022", "2024", "2026"]);
    }

    #[test]
    fn y_domain_stays_in_the_unit() {
        let (lo, hi) = y_domain(&[78.0, 70.0, 40.0], Unit::Percent);
        assert!(
            (lo - 36.96).abs() < 1e-9 && (hi - 81.04).abs() < 1e-9,
            "{lo} {hi}"
        );
        assert_eq!(y_domain(&[95.0, 100.0], Unit::Percent).1, 100.0);
        assert_eq!(y_domain(&[], Unit::Score), (0.0, 1.0));
        assert_eq!(y_domain(&[5.0], Unit::Score), (4.0, 6.0));
    }
}
