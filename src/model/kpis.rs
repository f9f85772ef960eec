//! `projects/<id>/kpis.yaml`: KPIs and the criteria agreed for each gate before any result.

use serde::Deserialize;

use super::date::Date;
use super::gate::Gate;
use super::number::{Decimal, optional_count};

/// kpis.yaml: the project's KPIs with their criteria, fixed before results.
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct KpisFile {
    /// The project's KPIs.
    pub kpis: Vec<Kpi>,
    /// Record of every change to a criterion after it was registered.
    #[serde(default)]
    pub criteria_changes: Vec<CriteriaChange>,
}

/// One KPI.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    /// KPI id, referred to by results and criteria changes.
    pub id: String,
    /// Human-readable KPI name.
    pub name: String,
    /// Quantitative (measured numbers) or qualitative (judged qualities, usually a survey score).
    pub layer: Layer,
    /// Unit of values and thresholds.
    pub unit: Unit,
    /// Whether a larger value is better (accuracy) or worse (error rate, human correction rate, response time).
    pub direction: Direction,
    /// How the KPI is measured and why it matters for the decision.
    #[serde(default)]
    pub description: Option<String>,
    /// The criteria per gate.
    pub criteria: GateCriteria,
}

/// Criteria per gate; a KPI need not be used at every gate.
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GateCriteria {
    /// Criterion at the PoC gate, where the question is continue or stop.
    #[serde(default)]
    pub poc: Option<Criteria>,
    /// Criterion at the MVP gate, where the question is production or redesign.
    #[serde(default)]
    pub mvp: Option<Criteria>,
    /// Criterion at the production gate, where the question is full rollout or limited operation.
    #[serde(default)]
    pub production: Option<Criteria>,
}

impl Kpi {
    /// The KPI's criteria at `gate`, if it has any there.
    pub fn criteria(&self, gate: Gate) -> Option<&Criteria> {
        match gate {
            Gate::Poc => self.criteria.poc.as_ref(),
            Gate::Mvp => self.criteria.mvp.as_ref(),
            Gate::Production => self.criteria.production.as_ref(),
        }
    }
}

/// Which layer of evaluation a KPI belongs to.
#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    /// Measured numbers (accuracy, response time, automation rate).
    Quantitative,
    /// Judged qualities (usability in the field, tolerance of wrong output), usually a survey score.
    Qualitative,
}

/// The unit of a KPI's values and thresholds.
#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// 0 to 100.
    Percent,
    /// 0 to 1.
    Ratio,
    /// A duration in seconds.
    Seconds,
    /// A duration in minutes.
    Minutes,
    /// A number of things.
    Count,
    /// A rating, such as a 1-5 survey scale.
    Score,
    /// An amount of money.
    Currency,
}

impl Unit {
    /// The unit as kpis.yaml writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::Ratio => "ratio",
            Unit::Seconds => "seconds",
            Unit::Minutes => "minutes",
            Unit::Count => "count",
            Unit::Score => "score",
            Unit::Currency => "currency",
        }
    }

    /// How a proportion (0..1) is written in this unit: percent x100, otherwise as is.
    pub fn scale(self) -> u64 {
        match self {
            Unit::Percent => 100,
            _ => 1,
        }
    }

    /// The values this unit can take, `(minimum, maximum)`: percent 0..100, ratio 0..1; counts,
    /// durations and money are never negative; a score's scale is the project's to choose.
    pub fn range(self) -> (Option<Decimal>, Option<Decimal>) {
        let zero = Some(Decimal::ZERO);
        match self {
            Unit::Percent => (zero, Some(Decimal::from(100u64))),
            Unit::Ratio => (zero, Some(Decimal::from(1u64))),
            Unit::Seconds | Unit::Minutes | Unit::Count | Unit::Currency => (zero, None),
            Unit::Score => (None, None),
        }
    }

    /// The range in words, for messages: "from 0 to 100", "0 or more".
    pub fn range_text(self) -> String {
        match self.range() {
            (Some(lo), Some(hi)) => format!("from {lo} to {hi}"),
            (Some(lo), None) => format!("{lo} or more"),
            (None, Some(hi)) => format!("{hi} or less"),
            (None, None) => "any number".to_string(),
        }
    }

    /// Whether `value` is within [`Unit::range`].
    pub fn allows(self, value: Decimal) -> bool {
        let (lo, hi) = self.range();
        lo.is_none_or(|lo| value >= lo) && hi.is_none_or(|hi| value <= hi)
    }
}

/// Which side of the threshold passes.
#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// A larger value is better (accuracy).
    HigherIsBetter,
    /// A smaller value is better (error rate, response time).
    LowerIsBetter,
}

/// How a rate is compared with its threshold.
#[derive(Clone, Copy, Debug, Default, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// The measured value itself.
    #[default]
    Point,
    /// The 95% Wilson interval: the whole interval must clear the threshold.
    #[serde(rename = "wilson-95")]
    Wilson95,
}

/// One gate's criterion for a KPI.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Criteria {
    /// The pass line, in the KPI's unit.
    pub threshold: Decimal,
    /// Explicit stop line, in the KPI's unit.
    #[serde(default)]
    pub stop: Option<Decimal>,
    /// Smallest number of samples (n) a result must rest on to count.
    #[serde(default, deserialize_with = "optional_count")]
    pub min_samples: Option<u64>,
    /// How a rate is compared to the threshold.
    #[serde(default)]
    pub confidence: Confidence,
    /// When this criterion was agreed.
    #[serde(default)]
    pub registered_at: Option<Date>,
}

/// A change to a registered criterion, with who made it and why.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CriteriaChange {
    /// The KPI whose criterion changed.
    pub kpi: String,
    /// The gate whose criterion changed.
    pub gate: Gate,
    /// Who made the change.
    pub changed_by: String,
    /// When the change was made.
    pub changed_at: Date,
    /// Why the criterion had to change.
    pub rationale: String,
}
