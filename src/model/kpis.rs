//! `projects/<id>/kpis.yaml`: KPIs and the criteria agreed for each gate before any result.

use serde::Deserialize;

use super::date::Date;
use super::gate::Gate;
use super::number::{Decimal, optional_count};

#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct KpisFile {
    pub kpis: Vec<Kpi>,
    #[serde(default)]
    pub criteria_changes: Vec<CriteriaChange>,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    pub id: String,
    pub name: String,
    pub layer: Layer,
    pub unit: Unit,
    pub direction: Direction,
    #[serde(default)]
    pub description: Option<String>,
    pub criteria: GateCriteria,
}

/// Criteria per gate; a KPI need not be used at every gate.
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GateCriteria {
    #[serde(default)]
    pub poc: Option<Criteria>,
    #[serde(default)]
    pub mvp: Option<Criteria>,
    #[serde(default)]
    pub production: Option<Criteria>,
}

impl Kpi {
    pub fn criteria(&self, gate: Gate) -> Option<&Criteria> {
        match gate {
            Gate::Poc => self.criteria.poc.as_ref(),
            Gate::Mvp => self.criteria.mvp.as_ref(),
            Gate::Production => self.criteria.production.as_ref(),
        }
    }
}

#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    Quantitative,
    Qualitative,
}

#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Percent,
    Ratio,
    Seconds,
    Minutes,
    Count,
    Score,
    Currency,
}

impl Unit {
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

#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    #[default]
    Point,
    #[serde(rename = "wilson-95")]
    Wilson95,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Criteria {
    pub threshold: Decimal,
    #[serde(default)]
    pub stop: Option<Decimal>,
    #[serde(default, deserialize_with = "optional_count")]
    pub min_samples: Option<u64>,
    #[serde(default)]
    pub confidence: Confidence,
    #[serde(default)]
    pub registered_at: Option<Date>,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CriteriaChange {
    pub kpi: String,
    pub gate: Gate,
    pub changed_by: String,
    pub changed_at: Date,
    pub rationale: String,
}
