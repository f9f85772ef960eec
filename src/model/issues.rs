//! `projects/<id>/issues.yaml`: the open-issue inventory the article asks for at PoC end.

use serde::Deserialize;

use super::date::Date;
use super::gate::Gate;

/// issues.yaml: the project's open-issues inventory.
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct IssuesFile {
    /// The project's open and resolved issues.
    pub issues: Vec<OpenIssue>,
}

/// One issue to settle.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct OpenIssue {
    /// Issue id.
    pub id: String,
    /// Which of the unsettled areas between PoC and production the issue belongs to.
    pub area: Area,
    /// What has to be settled.
    pub title: String,
    /// Who is responsible for settling it.
    #[serde(default)]
    pub owner: Option<String>,
    /// When it should be settled.
    #[serde(default)]
    pub due: Option<Date>,
    /// The gate that cannot pass while this issue is open.
    #[serde(default)]
    pub blocks: Option<Gate>,
    /// `open` or `resolved`.
    pub status: IssueStatus,
    /// How the issue was settled, with a link if there is one.
    #[serde(default)]
    pub resolution: Option<String>,
}

/// The five areas left undefined at PoC end that make projects stall, plus `other`.
#[derive(
    Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    /// Who maintains the data and how often it is updated.
    DataResponsibility,
    /// How the impact of a model update is assessed.
    ModelManagement,
    /// Who improves the system and who approves changes.
    OperatingAuthority,
    /// Who is responsible, and the procedure, when the output is wrong.
    RiskResponse,
    /// PoC cost kept apart from the total cost of ownership in production.
    CostStructure,
    /// Anything else.
    Other,
}

impl Area {
    /// The area as the files write it.
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

    /// Reads the area as the files write it.
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

/// Whether an issue is settled.
#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum IssueStatus {
    /// Still to settle.
    Open,
    /// Settled.
    Resolved,
}
