//! `projects/<id>/kpis.yaml`: KPIs and the criteria agreed for each gate before any result.

use serde::Deserialize;

use super::{Date, Gate};

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq)]
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
    pub fn scale(self) -> f64 {
        match self {
            Unit::Percent => 100.0,
            _ => 1.0,
        }
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
    pub threshold: f64,
    #[serde(default)]
    pub stop: Option<f64>,
    #[serde(default)]
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
