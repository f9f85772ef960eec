//! `projects/<id>/governance.yaml`: agreements with the departments that can stop a project.

use serde::Deserialize;

use super::date::Date;

/// governance.yaml: the agreements the project needs from other departments.
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct GovernanceFile {
    /// The project's governance items.
    pub items: Vec<GovernanceItem>,
}

/// One agreement: what it covers, who must sign it off, where it stands.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct GovernanceItem {
    /// Item id.
    pub id: String,
    /// What the agreement covers.
    pub topic: Topic,
    /// Short description of what is agreed.
    pub title: String,
    /// The department that must agree (legal, security, risk-management ...).
    pub department: String,
    /// The person entitled to sign the item off.
    pub approver: String,
    /// Where the agreement stands: pending, agreed, rejected or waived.
    pub status: Status,
    /// When the approver agreed.
    #[serde(default)]
    pub agreed_at: Option<Date>,
    /// Link to the minutes, ticket or document that records the agreement.
    #[serde(default)]
    pub evidence: Option<String>,
    /// When the agreement must be reviewed again.
    #[serde(default)]
    pub review_due: Option<Date>,
    /// The waiver, when the status is `waived`.
    #[serde(default)]
    pub waiver: Option<Waiver>,
    /// Anything a reviewer should know.
    #[serde(default)]
    pub note: Option<String>,
}

/// What a governance agreement covers.
#[derive(
    Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    /// The right to use the data.
    DataRights,
    /// Security review.
    Security,
    /// Logging for audit.
    AuditLog,
    /// Who may use the system.
    AccessControl,
    /// Contract and legal terms.
    LegalTerms,
    /// What happens when the output is wrong.
    WrongOutputFlow,
    /// How model updates are handled.
    ModelUpdate,
    /// How feedback from the field flows back.
    FeedbackLoop,
    /// Running costs.
    Cost,
    /// Rules for using the output.
    UsageRules,
    /// Anything else.
    Other,
}

impl Topic {
    /// Every topic, in the order of the schema.
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

    /// The topic as the files write it.
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

    /// Reads the topic as the files write it.
    pub fn parse(s: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Where a governance agreement stands.
#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not agreed yet.
    Pending,
    /// Signed off by the approver.
    Agreed,
    /// Refused by the approver.
    Rejected,
    /// Skipped for now under a waiver that expires.
    Waived,
}

impl Status {
    /// The status as the files write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Agreed => "agreed",
            Status::Rejected => "rejected",
            Status::Waived => "waived",
        }
    }
}

/// Permission to proceed without an agreement for a while.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// Who accepted the waiver and answers for it.
    pub approved_by: String,
    /// Why it is acceptable to proceed without this agreement for now.
    pub reason: String,
    /// Last day the waiver applies.
    pub expires: Date,
}
