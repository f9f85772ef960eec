//! `projects/<id>/governance.yaml`: agreements with the departments that can stop a project.

use serde::Deserialize;

use super::date::Date;

#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct GovernanceFile {
    pub items: Vec<GovernanceItem>,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct GovernanceItem {
    pub id: String,
    pub topic: Topic,
    pub title: String,
    pub department: String,
    pub approver: String,
    pub status: Status,
    #[serde(default)]
    pub agreed_at: Option<Date>,
    #[serde(default)]
    pub evidence: Option<String>,
    #[serde(default)]
    pub review_due: Option<Date>,
    #[serde(default)]
    pub waiver: Option<Waiver>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(
    Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    DataRights,
    Security,
    AuditLog,
    AccessControl,
    LegalTerms,
    WrongOutputFlow,
    ModelUpdate,
    FeedbackLoop,
    Cost,
    UsageRules,
    Other,
}

impl Topic {
    pub const ALL: [Topic; 11] = [
        Topic::DataRights,
        Topic::Security,
        Topic::AuditLog,
        Topic::AccessControl,
        Topic::LegalTerms,
        Topic::WrongOutputFlow,
        Topic::ModelUpdate,
        Topic::FeedbackLoop,
        Topic::Cost,
        Topic::UsageRules,
        Topic::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::DataRights => "data-rights",
            Topic::Security => "security",
            Topic::AuditLog => "audit-log",
            Topic::AccessControl => "access-control",
            Topic::LegalTerms => "legal-terms",
            Topic::WrongOutputFlow => "wrong-output-flow",
            Topic::ModelUpdate => "model-update",
            Topic::FeedbackLoop => "feedback-loop",
            Topic::Cost => "cost",
            Topic::UsageRules => "usage-rules",
            Topic::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Agreed,
    Rejected,
    Waived,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Agreed => "agreed",
            Status::Rejected => "rejected",
            Status::Waived => "waived",
        }
    }
}

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    pub approved_by: String,
    pub reason: String,
    pub expires: Date,
}
