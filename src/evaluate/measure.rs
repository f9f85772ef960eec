//! The one measure of a KPI at a gate: which result counts, its exact value, its 95% Wilson
//! interval, and its status against the criteria agreed for that gate. `check`, `diff` (and so
//! the pull-request comment), `log` and every report read KPIs through [`measure`], so no two
//! of them can disagree about a KPI.
//!
//! Values are exact (see [`crate::model::Decimal`]): a value as written, or a rate
//! `successes / n` compared with a level by cross-multiplication. The Wilson bounds are
//! irrational; they are computed in double precision and rounded to [`BOUND_PLACES`] decimal
//! places of the KPI's unit, and that rounded bound (the one the JSON output shows) is what is
//! compared, exactly, with the threshold and the stop level. A bound that rounds to the
//! threshold is therefore at the threshold. With no successes the lower bound is exactly 0, with
//! no failures the upper bound is exactly the whole (100%).

use std::cmp::Ordering;

use serde::Serialize;

use super::stats;
use crate::model::{
    Confidence, Criteria, DatasetKind, Decimal, Direction, Gate, Kpi, KpisFile, Layer,
    MeasuredResult, ResultsFile, Unit,
};
use crate::policy::{Policy, RuleKind};

/// Decimal places (in the KPI's unit) a Wilson bound is rounded to before it is compared.
pub const BOUND_PLACES: u32 = 9;

/// Decimal places of a rate's value in the output when it does not terminate sooner (1/3).
pub const VALUE_PLACES: u32 = 12;

/// One KPI measured at a gate: a row of the KPI table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KpiRow {
    pub kpi: String,
    pub name: String,
    pub layer: Layer,
    pub unit: Unit,
    pub direction: Direction,
    pub threshold: Decimal,
    pub stop: Option<Decimal>,
    pub min_samples: Option<u64>,
    pub confidence: Confidence,
    /// The result that counts (latest on an allowed dataset), if any.
    pub result: Option<String>,
    /// The value in the KPI's unit: exact, or for a rate that does not terminate within
    /// [`VALUE_PLACES`] decimal places, rounded there (the comparison uses the exact rate).
    pub value: Option<Decimal>,
    pub successes: Option<u64>,
    pub n: Option<u64>,
    /// 95% Wilson interval in the KPI's unit, when the result has counts; the bounds are the
    /// ones compared (rounded to [`BOUND_PLACES`] places).
    pub interval: Option<(Decimal, Decimal)>,
    pub dataset: Option<DatasetKind>,
    pub status: KpiStatus,
    /// The exact value.
    #[serde(skip)]
    pub exact: Option<Exact>,
    #[serde(skip)]
    pub kpi_index: usize,
    #[serde(skip)]
    pub result_index: Option<usize>,
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

/// A measured value, exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exact {
    /// A number as written (or a rounded Wilson bound).
    Written(Decimal),
    /// `successes / n` times the unit's scale (100 for percent).
    Rate { successes: u64, n: u64, scale: u64 },
}

impl Exact {
    /// Compares with a threshold or stop level, exactly: a rate by cross-multiplication.
    pub fn cmp_level(self, level: Decimal) -> Ordering {
        match self {
            Exact::Written(v) => v.cmp(&level),
            Exact::Rate {
                successes,
                n,
                scale,
            } => {
                let lhs = Decimal::from(successes).checked_mul(Decimal::from(scale));
                let rhs = level.checked_mul(Decimal::from(n));
                match (lhs, rhs) {
                    (Some(l), Some(r)) => l.cmp(&r),
                    // Unreachable for counts the loader accepts (at most 2^53 - 1) and levels
                    // read from files (17 digits): the products fit in 38 digits.
                    _ => self
                        .rounded(VALUE_PLACES)
                        .to_f64()
                        .total_cmp(&level.to_f64()),
                }
            }
        }
    }

    /// The value rounded to `places` decimal places (halves away from zero).
    pub fn rounded(self, places: u32) -> Decimal {
        match self {
            Exact::Written(v) => v.round(places),
            Exact::Rate {
                successes,
                n,
                scale,
            } => {
                let exact = 10u128
                    .checked_pow(places)
                    .and_then(|p| {
                        u128::from(successes)
                            .checked_mul(u128::from(scale))?
                            .checked_mul(p)
                    })
                    .filter(|_| n > 0);
                match exact {
                    Some(num) => {
                        let den = u128::from(n);
                        let (mut q, r) = (num / den, num % den);
                        if r >= den - r {
                            q += 1;
                        }
                        let exponent = -i32::try_from(places).unwrap_or(0);
                        Decimal::new(i128::try_from(q).unwrap_or(i128::MAX), exponent)
                    }
                    None => Decimal::ZERO,
                }
            }
        }
    }

    /// The value as shown in JSON: exact when it terminates within [`VALUE_PLACES`] places.
    pub fn decimal(self) -> Decimal {
        self.rounded(VALUE_PLACES)
    }
}

/// Dataset kinds whose results count at a gate (all, unless a production-like-data rule
/// applies there).
pub fn allowed_kinds(policy: &Policy, gate: Gate) -> Vec<DatasetKind> {
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

/// The KPI table of a gate: one row per KPI with criteria there, each from [`measure`].
pub fn table(kpis: &KpisFile, results: &ResultsFile, gate: Gate, policy: &Policy) -> Vec<KpiRow> {
    let allowed = allowed_kinds(policy, gate);
    kpis.kpis
        .iter()
        .enumerate()
        .filter_map(|(i, kpi)| measure(kpi, i, gate, &results.results, &allowed))
        .collect()
}

/// Measures one KPI at a gate against its criteria there; `None` when it has none at that gate.
/// `allowed` are the dataset kinds whose results count ([`allowed_kinds`]).
pub fn measure(
    kpi: &Kpi,
    kpi_index: usize,
    gate: Gate,
    results: &[MeasuredResult],
    allowed: &[DatasetKind],
) -> Option<KpiRow> {
    let c = kpi.criteria(gate)?;
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
        successes: None,
        n: None,
        interval: None,
        dataset: None,
        status: KpiStatus::NoResult,
        exact: None,
        kpi_index,
        result_index: None,
    };
    let Some((ri, r)) = counted(kpi, gate, results, allowed) else {
        return Some(row);
    };
    row.result = Some(r.id.clone());
    row.result_index = Some(ri);
    row.dataset = Some(r.dataset.kind);
    row.n = r.n;
    row.successes = r.successes;
    row.exact = value_of(r, kpi.unit);
    row.value = row.exact.map(Exact::decimal);
    row.interval = interval(r, kpi.unit);
    row.status = status(kpi.direction, c, r, row.exact, row.interval);
    Some(row)
}

/// The result that counts for a KPI at a gate: the latest (by `measured_at`, later entries
/// winning ties) on an allowed dataset, with its index in results.yaml.
pub fn counted<'r>(
    kpi: &Kpi,
    gate: Gate,
    results: &'r [MeasuredResult],
    allowed: &[DatasetKind],
) -> Option<(usize, &'r MeasuredResult)> {
    results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kpi == kpi.id && r.gate == gate && allowed.contains(&r.dataset.kind))
        .max_by_key(|(i, r)| (r.measured_at, *i))
}

/// A result's value in the KPI's unit: `value` as written, else `successes / n`.
pub fn value_of(r: &MeasuredResult, unit: Unit) -> Option<Exact> {
    match (r.value, r.successes, r.n) {
        (Some(v), _, _) => Some(Exact::Written(v)),
        (None, Some(successes), Some(n)) if n > 0 => Some(Exact::Rate {
            successes,
            n,
            scale: unit.scale(),
        }),
        _ => None,
    }
}

/// The 95% Wilson interval of a result with counts, in the KPI's unit, bounds rounded to
/// [`BOUND_PLACES`] places.
fn interval(r: &MeasuredResult, unit: Unit) -> Option<(Decimal, Decimal)> {
    let (lo, hi) = stats::wilson95(r.successes?, r.n?)?;
    let scaled = |x: f64| {
        Decimal::from_f64(x)
            .and_then(|d| d.checked_mul(Decimal::from(unit.scale())))
            .map(|d| d.round(BOUND_PLACES))
    };
    Some((scaled(lo)?, scaled(hi)?))
}

/// The status of a counted result against the criteria.
fn status(
    direction: Direction,
    c: &Criteria,
    r: &MeasuredResult,
    exact: Option<Exact>,
    interval: Option<(Decimal, Decimal)>,
) -> KpiStatus {
    let Some(value) = exact else {
        return KpiStatus::NoResult;
    };
    if c.min_samples.is_some_and(|min| r.n.is_none_or(|n| n < min)) {
        return KpiStatus::TooFewSamples;
    }
    // What is compared with the threshold: the point value, or the interval's bound on the
    // unfavourable side; the stop level is compared with the favourable side, so that stopping
    // needs clear evidence.
    let (judged, optimistic) = match (c.confidence, interval, direction) {
        (Confidence::Point, _, _) => (value, value),
        (Confidence::Wilson95, None, _) => return KpiStatus::NeedsCounts,
        (Confidence::Wilson95, Some((lo, hi)), Direction::HigherIsBetter) => {
            (Exact::Written(lo), Exact::Written(hi))
        }
        (Confidence::Wilson95, Some((lo, hi)), Direction::LowerIsBetter) => {
            (Exact::Written(hi), Exact::Written(lo))
        }
    };
    let (passes, stops) = match direction {
        // At or above the threshold passes; at or below the stop level stops.
        Direction::HigherIsBetter => (
            judged.cmp_level(c.threshold).is_ge(),
            c.stop.is_some_and(|s| optimistic.cmp_level(s).is_le()),
        ),
        // Strictly below the threshold passes; at or above the stop level stops.
        Direction::LowerIsBetter => (
            judged.cmp_level(c.threshold).is_lt(),
            c.stop.is_some_and(|s| optimistic.cmp_level(s).is_ge()),
        ),
    };
    if stops {
        KpiStatus::Stop
    } else if passes {
        KpiStatus::Pass
    } else {
        KpiStatus::Fail
    }
}

/// Whether a value clears a level in the KPI's direction (an organisation's minimum).
pub fn clears(value: Exact, direction: Direction, level: Decimal) -> bool {
    match direction {
        Direction::HigherIsBetter => value.cmp_level(level).is_ge(),
        Direction::LowerIsBetter => value.cmp_level(level).is_lt(),
    }
}

/// `>=` or `<`: how a value passes a threshold in this direction.
pub fn comparator(direction: Direction) -> &'static str {
    match direction {
        Direction::HigherIsBetter => ">=",
        Direction::LowerIsBetter => "<",
    }
}

/// `<=` or `>=`: how a value reaches the stop level in this direction.
pub fn stop_comparator(direction: Direction) -> &'static str {
    match direction {
        Direction::HigherIsBetter => "<=",
        Direction::LowerIsBetter => ">=",
    }
}

/// A level (threshold, stop) in the KPI's unit, exactly as written: `70%`, `0.925`, `30 s`.
pub fn show(value: Decimal, unit: Unit) -> String {
    with_unit(&value.to_string(), unit)
}

/// A measured value or bound for people: rounded to the unit's usual places (percent 0.1,
/// ratio 0.001, others 0.01), with as many more places as it takes not to look equal to one of
/// `levels` that it is not equal to (66.66...% against 66.67% shows as 66.667%).
pub fn show_measured(value: Exact, unit: Unit, levels: &[Decimal]) -> String {
    let mut places = match unit {
        Unit::Percent => 1,
        Unit::Ratio => 3,
        _ => 2,
    };
    let mut shown = value.rounded(places);
    while places < VALUE_PLACES
        && levels
            .iter()
            .any(|l| shown == *l && value.cmp_level(*l) != Ordering::Equal)
    {
        places += 1;
        shown = value.rounded(places);
    }
    show(shown, unit)
}

fn with_unit(number: &str, unit: Unit) -> String {
    match unit {
        Unit::Percent => format!("{number}%"),
        Unit::Seconds => format!("{number} s"),
        Unit::Minutes => format!("{number} min"),
        _ => number.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    fn rate(successes: u64, n: u64) -> Exact {
        Exact::Rate {
            successes,
            n,
            scale: 100,
        }
    }

    #[test]
    fn rates_compare_exactly_at_the_threshold() {
        assert_eq!(rate(114, 200).cmp_level(d("57")), Ordering::Equal);
        assert_eq!(rate(116, 400).cmp_level(d("29")), Ordering::Equal);
        assert_eq!(rate(113, 200).cmp_level(d("57")), Ordering::Less);
        assert_eq!(
            rate(1, 3).cmp_level(d("33.333333333333333")),
            Ordering::Greater
        );
        assert!(clears(rate(114, 200), Direction::HigherIsBetter, d("57")));
        assert!(!clears(rate(116, 400), Direction::LowerIsBetter, d("29")));
    }

    #[test]
    fn values_are_exact_or_rounded_far_out() {
        assert_eq!(rate(157, 200).decimal(), d("78.5"));
        assert_eq!(rate(1, 3).decimal(), d("33.333333333333"));
        assert_eq!(rate(2, 3).decimal(), d("66.666666666667"));
        assert_eq!(Exact::Written(d("3.5")).decimal(), d("3.5"));
    }

    #[test]
    fn shown_values_never_look_equal_to_a_level_they_miss() {
        assert_eq!(
            show_measured(rate(157, 200), Unit::Percent, &[d("70")]),
            "78.5%"
        );
        assert_eq!(show_measured(rate(2, 3), Unit::Percent, &[]), "66.7%");
        assert_eq!(
            show_measured(rate(2, 3), Unit::Percent, &[d("66.7")]),
            "66.67%"
        );
        assert_eq!(
            show_measured(rate(114, 200), Unit::Percent, &[d("57")]),
            "57%"
        );
        assert_eq!(show(d("30"), Unit::Seconds), "30 s");
        assert_eq!(show(d("0.925"), Unit::Ratio), "0.925");
    }
}
