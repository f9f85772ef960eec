//! The rules about KPIs at the current gate (criteria registered in advance, results present,
//! criteria met, organisation minimums, production-like data) and the outcome the criteria
//! recommend. What a KPI measures is [`measure`]'s alone.

use super::context::Ctx;
use super::measure::{
    self, Exact, KpiRow, KpiStatus, comparator, show, show_measured, stop_comparator,
};
use crate::findings::{Code, Finding};
use crate::model::{
    Confidence, DataSource, DatasetKind, Decimal, Direction, Gate, Layer, MeasuredResult, Outcome,
};
use crate::policy::{Policy, RuleKind};

/// The KPI table for the current gate: one row per KPI with criteria at this gate.
pub fn table(ctx: &Ctx<'_>) -> Vec<KpiRow> {
    measure::table(&ctx.p.kpis.data, &ctx.p.results.data, ctx.gate, ctx.policy)
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
        if c.stop.is_none() && ctx.gate.has_stop() {
            out.push(
                Finding::new(
                    Code::StopCriterionMissing,
                    format!(
                        "criteria of `{}` at the {} gate set no `stop` level, so this KPI can never recommend {}",
                        kpi.id,
                        ctx.gate.title(),
                        ctx.gate.stop_outcome()
                    ),
                )
                .at(ctx.at(&kpis.path, &pointer))
                .help(format!(
                    "agree in advance the level at which the project stops ({} it), and add it as `stop:` beside the threshold",
                    match kpi.direction {
                        Direction::HigherIsBetter => "at or below",
                        Direction::LowerIsBetter => "at or above",
                    }
                )),
            );
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
            .at(ctx.key(&kpis.path, "/kpis"))
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
                .at(ctx.key(&kpis.path, "/kpis"))
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
        let levels: Vec<Decimal> = std::iter::once(row.threshold).chain(row.stop).collect();
        let shown = row
            .exact
            .map(|v| show_measured(v, row.unit, &levels))
            .unwrap_or_default();
        let criterion = criterion_text(row);
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
            KpiStatus::Fail => out.push(
                Finding::new(
                    Code::KpiBelowThreshold,
                    format!(
                        "`{}` is {shown}{}, short of the agreed {criterion}",
                        row.kpi,
                        bound_text(row, &levels, true)
                    ),
                )
                .at(ctx.at(results_path, &result_pointer(ctx, ri)))
                .help(format!(
                    "the criteria recommend {}",
                    ctx.gate.shortfall_outcome()
                )),
            ),
            KpiStatus::Stop => out.push(
                Finding::new(
                    Code::KpiStopCriterionMet,
                    format!(
                        "`{}` is {shown}{}, at or beyond the stop level agreed in advance ({} {}; threshold {} {})",
                        row.kpi,
                        bound_text(row, &levels, false),
                        stop_comparator(row.direction),
                        show(row.stop.unwrap_or(row.threshold), row.unit),
                        comparator(row.direction),
                        show(row.threshold, row.unit),
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

/// The criterion as people read it: `>= 70% (stop at <= 40%)`.
pub fn criterion_text(row: &KpiRow) -> String {
    let mut text = format!(
        "{} {}",
        comparator(row.direction),
        show(row.threshold, row.unit)
    );
    if let Some(stop) = row.stop {
        text.push_str(&format!(
            " (stop at {} {})",
            stop_comparator(row.direction),
            show(stop, row.unit)
        ));
    }
    text
}

/// For a Wilson criterion, the bound that was compared: the unfavourable one against the
/// threshold (`threshold: true`), the favourable one against the stop level.
fn bound_text(row: &KpiRow, levels: &[Decimal], threshold: bool) -> String {
    let Some((lo, hi)) = row
        .interval
        .filter(|_| row.confidence == Confidence::Wilson95)
    else {
        return String::new();
    };
    let lower = (row.direction == Direction::HigherIsBetter) == threshold;
    let (name, bound) = if lower { ("lower", lo) } else { ("upper", hi) };
    format!(
        " (95% {name} bound {})",
        show_measured(Exact::Written(bound), row.unit, levels)
    )
}

/// An organisation-wide minimum for a KPI, on top of the project's own criteria.
pub fn org_threshold(
    ctx: &Ctx<'_>,
    table: &[KpiRow],
    kpi: &str,
    threshold: Decimal,
    out: &mut Vec<Finding>,
) {
    let Some(row) = table.iter().find(|r| r.kpi == kpi) else {
        return;
    };
    let (Some(value), Some(ri)) = (row.exact, row.result_index) else {
        return;
    };
    if !row.status.decidable() {
        return;
    }
    if !measure::clears(value, row.direction, threshold) {
        out.push(
            Finding::new(
                Code::KpiBelowThreshold,
                format!(
                    "`{kpi}` is {}, short of the organisation's {} {}",
                    show_measured(value, row.unit, &[threshold]),
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

/// The data sources whose premise has collapsed: declared not available or not permitted.
pub fn collapsed_premises(data: &[DataSource]) -> Vec<String> {
    data.iter()
        .filter_map(|d| match (d.available, d.permitted) {
            (true, true) => None,
            (false, true) => Some(format!("`{}` is not available", d.id)),
            (true, false) => Some(format!("`{}` is not permitted", d.id)),
            (false, false) => Some(format!("`{}` is neither available nor permitted", d.id)),
        })
        .collect()
}

/// What the recommendation is made from.
#[derive(Debug)]
pub struct Basis<'a> {
    /// The KPI table, or why there is none (a file that did not load).
    pub table: Result<&'a [KpiRow], String>,
    /// The project's data sources (their premise is judged where a data-ready rule applies).
    pub data: &'a [DataSource],
}

/// The recommendation from a gate's KPI table, the project's data and the policy's rules at
/// that gate. A collapsed premise (data not available or not permitted, where a data-ready rule
/// applies) decides before any KPI: stop at the PoC gate, redesign at the MVP gate, limited in
/// production.
pub fn recommend(basis: &Basis<'_>, gate: Gate, policy: &Policy) -> (Option<Outcome>, String) {
    let rules = || policy.rules.iter().filter(move |r| r.applies_at(gate));
    if !rules().any(|r| matches!(r.kind, RuleKind::CriteriaMet)) {
        return (
            None,
            "the policy has no criteria-met rule at this gate".into(),
        );
    }
    if rules().any(|r| matches!(r.kind, RuleKind::DataReady)) {
        let collapsed = collapsed_premises(basis.data);
        if !collapsed.is_empty() {
            return (
                Some(gate.premise_outcome()),
                format!("the data premise has collapsed: {}", collapsed.join(", ")),
            );
        }
    }
    let table = match &basis.table {
        Ok(table) => *table,
        Err(why) => return (None, format!("cannot decide: {why}")),
    };
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
                    row.exact
                        .is_some_and(|v| !measure::clears(v, row.direction, *threshold))
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
