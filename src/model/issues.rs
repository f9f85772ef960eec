//! `projects/<id>/issues.yaml`: the open-issue inventory the article asks for at PoC end.

use serde::Deserialize;

use super::date::Date;
use super::gate::Gate;

#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct IssuesFile {
    pub issues: Vec<OpenIssue>,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct OpenIssue {
    pub id: String,
    pub area: Area,
    pub title: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub due: Option<Date>,
    #[serde(default)]
    pub blocks: Option<Gate>,
    pub status: IssueStatus,
    #[serde(default)]
    pub resolution: Option<String>,
}

/// The five areas left undefined at PoC end that make projects stall, plus `other`.
#[derive(
    Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    DataResponsibility,
    ModelManagement,
    OperatingAuthority,
    RiskResponse,
    CostStructure,
    Other,
}

impl Area {
    pub fn as_str(self) -> &'static str {
        match self {
            Area::DataResponsibility => "data-responsibility",
            Area::ModelManagement => "model-management",
            Area::OperatingAuthority => "operating-authority",
            Area::RiskResponse => "risk-response",
            Area::CostStructure => "cost-structure",
            Area::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Area> {
        [
            Area::DataResponsibility,
            Area::ModelManagement,
            Area::OperatingAuthority,
            Area::RiskResponse,
            Area::CostStructure,
            Area::Other,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum IssueStatus {
    Open,
    Resolved,
}
