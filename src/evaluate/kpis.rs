//! KPIs at the current gate: which result counts, whether it clears the pre-agreed criteria,
//! and the outcome the criteria recommend.

use serde::Serialize;

use super::{Ctx, stats};
use crate::findings::{Code, Finding};
use crate::model::{
    Confidence, Criteria, DatasetKind, Direction, Gate, Kpi, KpisFile, Layer, MeasuredResult,
    Outcome, ResultsFile, Unit,
};
use crate::policy::{Policy, RuleKind};

/// One row of the KPI table.
#[derive(Clone, Debug, Serialize)]
pub struct KpiRow {
    pub kpi: String,
    pub name: String,
    pub layer: Layer,
    pub unit: Unit,
    pub direction: Direction,
    pub threshold: f64,
    pub stop: Option<f64>,
    pub min_samples: Option<u64>,
    pub confidence: Confidence,
    /// The result that counts (latest on an allowed dataset), if any.
    pub result: Option<String>,
    pub value: Option<f64>,
    pub n: Option<u64>,
    /// 95% Wilson interval in the KPI's unit, when the result has counts.
    pub interval: Option<(f64, f64)>,
    pub dataset: Option<DatasetKind>,
    pub status: KpiStatus,
    #[serde(skip)]
    kpi_index: usize,
    #[serde(skip)]
    result_index: Option<usize>,
}

/// How a KPI stands against its criteria.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KpiStatus {
    Pass,
    Fail,
    Stop,
    NoResult,
    TooFewSamples,
    NeedsCounts,
}

impl KpiStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            KpiStatus::Pass => "pass",
            KpiStatus::Fail => "fail",
            KpiStatus::Stop => "stop",
            KpiStatus::NoResult => "no result",
            KpiStatus::TooFewSamples => "too few samples",
            KpiStatus::NeedsCounts => "needs counts",
        }
    }

    /// Whether the status lets the criteria decide.
    pub fn decidable(self) -> bool {
        matches!(self, KpiStatus::Pass | KpiStatus::Fail | KpiStatus::Stop)
    }
}

/// Dataset kinds that count at a gate (all, unless a production-like-data rule applies).
fn allowed_kinds(policy: &Policy, gate: Gate) -> Vec<DatasetKind> {
    policy
        .rules
        .iter()
        .filter(|r| r.applies_at(gate))
        .find_map(|r| match &r.kind {
            RuleKind::ProductionLikeData { kinds } => Some(kinds.clone()),
            _ => None,
        })
        .unwrap_or_else(|| {
            vec![
                DatasetKind::Test,
                DatasetKind::ProductionLike,
                DatasetKind::Production,
            ]
        })
}

/// The KPI table for the current gate: one row per KPI with criteria at this gate.
pub fn table(ctx: &Ctx<'_>) -> Vec<KpiRow> {
    table_for(&ctx.p.kpis.data, &ctx.p.results.data, ctx.gate, ctx.policy)
}

/// The KPI table of a gate from the files alone (also used on past versions by `log`).
pub fn table_for(
    kpis: &KpisFile,
    results: &ResultsFile,
    gate: Gate,
    policy: &Policy,
) -> Vec<KpiRow> {
    let allowed = allowed_kinds(policy, gate);
    let mut rows = Vec::new();
    for (ki, kpi) in kpis.kpis.iter().enumerate() {
        let Some(c) = kpi.criteria(gate) else {
            continue;
        };
        let counted = results
            .results
            .iter()
            .enumerate()
            .filter(|(_, r)| r.kpi == kpi.id && r.gate == gate && allowed.contains(&r.dataset.kind))
            .max_by_key(|(i, r)| (r.measured_at, *i));
        rows.push(row(kpi, ki, c, counted));
    }
    rows
}

fn row(
    kpi: &Kpi,
    kpi_index: usize,
    c: &Criteria,
    counted: Option<(usize, &MeasuredResult)>,
) -> KpiRow {
    let scale = kpi.unit.scale();
    let mut row = KpiRow {
        kpi: kpi.id.clone(),
        name: kpi.name.clone(),
        layer: kpi.layer,
        unit: kpi.unit,
        direction: kpi.direction,
        threshold: c.threshold,
        stop: c.stop,
        min_samples: c.min_samples,
        confidence: c.confidence,
        result: None,
        value: None,
        n: None,
        interval: None,
        dataset: None,
        status: KpiStatus::NoResult,
        kpi_index,
        result_index: None,
    };
    let Some((ri, r)) = counted else { return row };
    row.result = Some(r.id.clone());
    row.result_index = Some(ri);
    row.dataset = Some(r.dataset.kind);
    row.n = r.n;
    let counts = r.successes.zip(r.n);
    row.value = match (r.value, counts) {
        (Some(v), _) => Some(v),
        (None, Some((s, n))) if n > 0 => Some(s as f64 / n as f64 * scale),
        _ => None,
    };
    row.interval = counts
        .and_then(|(s, n)| stats::wilson95(s, n))
        .map(|(lo, hi)| (lo * scale, hi * scale));
    let Some(value) = row.value else { return row };
    if c.min_samples.is_some_and(|min| r.n.is_none_or(|n| n < min)) {
        row.status = KpiStatus::TooFewSamples;
        return row;
    }
    // The value compared with the threshold: the point value, or the interval's bound on the
    // unfavourable side; the stop level is compared with the favourable side, so that stopping
    // needs clear evidence.
    let (judged, optimistic) = match (c.confidence, row.interval, kpi.direction) {
        (Confidence::Point, _, _) => (value, value),
        (Confidence::Wilson95, None, _) => {
            row.status = KpiStatus::NeedsCounts;
            return row;
        }
        (Confidence::Wilson95, Some((lo, hi)), Direction::HigherIsBetter) => (lo, hi),
        (Confidence::Wilson95, Some((lo, hi)), Direction::LowerIsBetter) => (hi, lo),
    };
    let (passes, stops) = match kpi.direction {
        Direction::HigherIsBetter => (
            judged >= c.threshold,
            c.stop.is_some_and(|s| optimistic < s),
        ),
        Direction::LowerIsBetter => (
            judged < c.threshold,
            c.stop.is_some_and(|s| optimistic >= s),
        ),
    };
    row.status = if stops {
        KpiStatus::Stop
    } else if passes {
        KpiStatus::Pass
    } else {
        KpiStatus::Fail
    };
    row
}

/// Formats a value in the KPI's unit: `78.0%`, `0.78`, `3.9`.
pub fn show(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Percent => format!("{}%", trim(value, 1)),
        Unit::Ratio => trim(value, 3),
        Unit::Seconds => format!("{} s", trim(value, 2)),
        Unit::Minutes => format!("{} min", trim(value, 2)),
        _ => trim(value, 2),
    }
}

fn trim(value: f64, places: usize) -> String {
    let s = format!("{value:.places$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn comparator(direction: Direction) -> &'static str {
    match direction {
        Direction::HigherIsBetter => ">=",
        Direction::LowerIsBetter => "<",
    }
}

/// Pointer to the most telling field of a result: counts when given, else the value.
fn result_pointer(ctx: &Ctx<'_>, index: usize) -> String {
    let r = &ctx.p.results.data.results[index];
    let field = if r.value.is_some() {
        "value"
    } else {
        "successes"
    };
    format!("/results/{index}/{field}")
}

pub fn criteria_registered(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let kpis = &ctx.p.kpis;
    let mut any = false;
    for (ki, kpi) in kpis.data.kpis.iter().enumerate() {
        let Some(c) = kpi.criteria(ctx.gate) else {
            continue;
        };
        any = true;
        let first = ctx
            .p
            .results
            .data
            .results
            .iter()
            .filter(|r| r.kpi == kpi.id && r.gate == ctx.gate)
            .map(|r| r.measured_at)
            .min();
        let pointer = format!("/kpis/{ki}/criteria/{}", ctx.gate);
        match (c.registered_at, first) {
            (None, Some(first)) => out.push(
                Finding::new(
                    Code::CriteriaNotPreregistered,
                    format!("criteria of `{}` at the {} gate carry no `registered_at`, and results exist from {first}", kpi.id, ctx.gate.title()),
                )
                .at(ctx.at(&kpis.path, &pointer))
                .help("add `registered_at:` with the date the criteria were agreed (before the first result)"),
            ),
            (Some(reg), Some(first)) if reg > first => out.push(
                Finding::new(
                    Code::CriteriaNotPreregistered,
                    format!("criteria of `{}` were registered on {reg}, after the first result on {first}", kpi.id),
                )
                .at(ctx.at(&kpis.path, &format!("{pointer}/registered_at")))
                .help("criteria must be fixed before results; record a criteria change by the owner or re-measure"),
            ),
            _ => {}
        }
    }
    if !any {
        out.push(
            Finding::new(
                Code::GateHasNoCriteria,
                format!(
                    "no KPI has criteria for the {} gate, so it cannot be decided",
                    ctx.gate.title()
                ),
            )
            .at(ctx.at(&kpis.path, "/kpis"))
            .help(format!(
                "add `criteria: {{{}: {{threshold: ...}}}}` to the KPIs this gate is judged on",
                ctx.gate
            )),
        );
    }
}

pub fn results_present(ctx: &Ctx<'_>, table: &[KpiRow], layers: &[Layer], out: &mut Vec<Finding>) {
    let kpis = &ctx.p.kpis;
    let any_result = |kpi: &str| {
        ctx.p
            .results
            .data
            .results
            .iter()
            .any(|r| r.kpi == kpi && r.gate == ctx.gate)
    };
    for row in table {
        if !any_result(&row.kpi) {
            out.push(
                Finding::new(
                    Code::ResultMissing,
                    format!(
                        "no result for `{}` at the {} gate",
                        row.kpi,
                        ctx.gate.title()
                    ),
                )
                .at(ctx.at(
                    &kpis.path,
                    &format!("/kpis/{}/criteria/{}", row.kpi_index, ctx.gate),
                ))
                .help(format!(
                    "record a measurement in results.yaml with `kpi: {}` and `gate: {}`",
                    row.kpi, ctx.gate
                )),
            );
        }
    }
    for layer in layers {
        let covered = table
            .iter()
            .any(|r| r.layer == *layer && any_result(&r.kpi));
        if !covered {
            let name = match layer {
                Layer::Quantitative => "quantitative",
                Layer::Qualitative => "qualitative",
            };
            out.push(
                Finding::new(
                    Code::LayerMissing,
                    format!(
                        "no {name} KPI is measured for the {} gate",
                        ctx.gate.title()
                    ),
                )
                .at(ctx.at(&kpis.path, "/kpis"))
                .help(format!(
                    "define a {name} KPI with criteria for this gate and record its result"
                )),
            );
        }
    }
}

pub fn criteria_met(ctx: &Ctx<'_>, table: &[KpiRow], out: &mut Vec<Finding>) {
    let results_path = &ctx.p.results.path;
    for row in table {
        let Some(ri) = row.result_index else { continue };
        let r = &ctx.p.results.data.results[ri];
        let shown = row.value.map(|v| show(v, row.unit)).unwrap_or_default();
        match row.status {
            KpiStatus::TooFewSamples => {
                let min = row.min_samples.unwrap_or(0);
                let (pointer, what) = match r.n {
                    Some(n) => (format!("/results/{ri}/n"), format!("{n} samples")),
                    None => (result_pointer(ctx, ri), "no sample size".to_string()),
                };
                out.push(
                    Finding::new(
                        Code::SampleTooSmall,
                        format!(
                            "`{}` result `{}` has {what}; the criteria require at least {min}",
                            row.kpi, r.id
                        ),
                    )
                    .at(ctx.at(results_path, &pointer))
                    .help("measure on more cases, and record the count as `n` (or successes/n)"),
                );
            }
            KpiStatus::NeedsCounts => out.push(
                Finding::new(
                    Code::CountsRequired,
                    format!(
                        "`{}` is judged on a 95% Wilson bound, but result `{}` gives only a value",
                        row.kpi, r.id
                    ),
                )
                .at(ctx.at(results_path, &result_pointer(ctx, ri)))
                .help("record the result as `successes:` and `n:`"),
            ),
            KpiStatus::Fail => {
                let judged = match (row.confidence, row.interval, row.direction) {
                    (Confidence::Wilson95, Some((lo, _)), Direction::HigherIsBetter) => {
                        format!(" (95% lower bound {}; point {shown})", show(lo, row.unit))
                    }
                    (Confidence::Wilson95, Some((_, hi)), Direction::LowerIsBetter) => {
                        format!(" (95% upper bound {}; point {shown})", show(hi, row.unit))
                    }
                    _ => String::new(),
                };
                out.push(
                    Finding::new(
                        Code::KpiBelowThreshold,
                        format!(
                            "`{}` is {shown}{judged}, short of the agreed {} {}",
                            row.kpi,
                            comparator(row.direction),
                            show(row.threshold, row.unit)
                        ),
                    )
                    .at(ctx.at(results_path, &result_pointer(ctx, ri)))
                    .help(format!(
                        "the criteria recommend {}",
                        ctx.gate.shortfall_outcome()
                    )),
                );
            }
            KpiStatus::Stop => out.push(
                Finding::new(
                    Code::KpiStopCriterionMet,
                    format!(
                        "`{}` is {shown}, at or beyond the stop level {}",
                        row.kpi,
                        show(row.stop.unwrap_or_default(), row.unit)
                    ),
                )
                .at(ctx.at(results_path, &result_pointer(ctx, ri)))
                .help(format!(
                    "the criteria agreed in advance recommend {}",
                    ctx.gate.stop_outcome()
                )),
            ),
            KpiStatus::Pass | KpiStatus::NoResult => {}
        }
    }
}

/// An organisation-wide minimum for a KPI, on top of the project's own criteria.
pub fn org_threshold(
    ctx: &Ctx<'_>,
    table: &[KpiRow],
    kpi: &str,
    threshold: f64,
    out: &mut Vec<Finding>,
) {
    let Some(row) = table.iter().find(|r| r.kpi == kpi) else {
        return;
    };
    let (Some(value), Some(ri)) = (row.value, row.result_index) else {
        return;
    };
    if !row.status.decidable() {
        return;
    }
    let ok = match row.direction {
        Direction::HigherIsBetter => value >= threshold,
        Direction::LowerIsBetter => value < threshold,
    };
    if !ok {
        out.push(
            Finding::new(
                Code::KpiBelowThreshold,
                format!(
                    "`{kpi}` is {}, short of the organisation's {} {}",
                    show(value, row.unit),
                    comparator(row.direction),
                    show(threshold, row.unit)
                ),
            )
            .at(ctx.at(&ctx.p.results.path, &result_pointer(ctx, ri)))
            .help(format!(
                "the organisation's policy requires this KPI to clear {} at the {} gate",
                show(threshold, row.unit),
                ctx.gate.title()
            )),
        );
    }
}

pub fn production_like(ctx: &Ctx<'_>, kinds: &[DatasetKind], out: &mut Vec<Finding>) {
    let results = &ctx.p.results;
    for kpi in ctx
        .p
        .kpis
        .data
        .kpis
        .iter()
        .filter(|k| k.criteria(ctx.gate).is_some())
    {
        let mine: Vec<(usize, &MeasuredResult)> = results
            .data
            .results
            .iter()
            .enumerate()
            .filter(|(_, r)| r.kpi == kpi.id && r.gate == ctx.gate)
            .collect();
        if mine.is_empty() || mine.iter().any(|(_, r)| kinds.contains(&r.dataset.kind)) {
            continue;
        }
        if let Some((ri, r)) = mine.iter().max_by_key(|(i, r)| (r.measured_at, *i)) {
            let allowed: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
            out.push(
                Finding::new(
                    Code::ResultsNotProductionLike,
                    format!(
                        "`{}` is measured at the {} gate only on `{}` data; results count only on {}",
                        kpi.id,
                        ctx.gate.title(),
                        r.dataset.kind.as_str(),
                        allowed.join(" or ")
                    ),
                )
                .at(ctx.at(&results.path, &format!("/results/{ri}/dataset/kind")))
                .help("measure on data that looks like production input (length, vocabulary, exceptions)"),
            );
        }
    }
}

/// The outcome the criteria recommend, with the reason.
pub fn recommend(ctx: &Ctx<'_>, table: &[KpiRow]) -> (Option<Outcome>, String) {
    recommend_for(table, ctx.gate, ctx.policy)
}

/// The recommendation from a gate's KPI table and the policy's rules at that gate.
pub fn recommend_for(table: &[KpiRow], gate: Gate, policy: &Policy) -> (Option<Outcome>, String) {
    let rules = || policy.rules.iter().filter(move |r| r.applies_at(gate));
    if !rules().any(|r| matches!(r.kind, RuleKind::CriteriaMet)) {
        return (
            None,
            "the policy has no criteria-met rule at this gate".into(),
        );
    }
    if table.is_empty() {
        return (
            None,
            format!("no KPI has criteria for the {} gate", gate.title()),
        );
    }
    let undecided: Vec<String> = table
        .iter()
        .filter(|r| !r.status.decidable())
        .map(|r| format!("{} ({})", r.kpi, r.status.as_str()))
        .collect();
    if !undecided.is_empty() {
        return (None, format!("cannot decide yet: {}", undecided.join(", ")));
    }
    let stopped: Vec<&str> = table
        .iter()
        .filter(|r| r.status == KpiStatus::Stop)
        .map(|r| r.kpi.as_str())
        .collect();
    if !stopped.is_empty() {
        return (
            Some(gate.stop_outcome()),
            format!("stop criterion met: {}", stopped.join(", ")),
        );
    }
    let failed: Vec<&str> = table
        .iter()
        .filter(|r| r.status == KpiStatus::Fail)
        .map(|r| r.kpi.as_str())
        .collect();
    let org_failed: Vec<&str> = rules()
        .filter_map(|r| match &r.kind {
            RuleKind::KpiThreshold { kpi, threshold } => table
                .iter()
                .find(|row| &row.kpi == kpi)
                .filter(|row| {
                    row.value.is_some_and(|v| match row.direction {
                        Direction::HigherIsBetter => v < *threshold,
                        Direction::LowerIsBetter => v >= *threshold,
                    })
                })
                .map(|row| row.kpi.as_str()),
            _ => None,
        })
        .collect();
    if failed.is_empty() && org_failed.is_empty() {
        (
            Some(gate.advancing_outcome()),
            format!("all {} KPIs meet their criteria", table.len()),
        )
    } else {
        let mut all = failed;
        all.extend(org_failed);
        all.dedup();
        (
            Some(gate.shortfall_outcome()),
            format!("short of criteria: {}", all.join(", ")),
        )
    }
}
