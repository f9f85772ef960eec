//! `projects/<id>/project.yaml`: what the project is, where it stands, and who holds which role.

use serde::Deserialize;

use super::date::Date;
use super::gate::Stage;

/// project.yaml: what the project is, its stage, roles, data and partner.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProjectSpec {
    /// Project id.
    pub id: String,
    /// Human-readable project name.
    pub name: String,
    /// The stage the project is in now.
    pub stage: Stage,
    /// What the project is for, in free text.
    #[serde(default)]
    pub description: Option<String>,
    /// The business frame of the project.
    pub scope: Scope,
    /// The three roles every project needs.
    pub roles: Roles,
    /// The external partner, if any, that provides technical support.
    #[serde(default)]
    pub partner: Option<Partner>,
    /// Data sources the project relies on.
    #[serde(default)]
    pub data: Vec<DataSource>,
    /// Pinned model dependencies.
    #[serde(default)]
    pub models: Vec<ModelPin>,
    /// Deliberate, temporary exceptions to a tollgate rule for this project.
    #[serde(default)]
    pub waivers: Vec<RuleWaiver>,
}

/// The business frame of the project.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// The business process the AI supports, for example answering customer inquiries by e-mail.
    pub business_process: String,
    /// Who uses the output day to day.
    pub users: String,
    /// The business KPI the project is expected to move (handling time, first-contact resolution, review effort ...).
    pub business_kpi: String,
    /// Why the business KPI should improve (the pitfall check of `business-rationale`).
    #[serde(default)]
    pub rationale: Option<String>,
}

/// The article's three roles; the anti-pattern is one person holding all of them.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    /// Holds decision authority.
    pub owner: String,
    /// Owns the business requirements and judges whether the system is realistic for actual operations, so the technical team does not design from imagination.
    pub business_lead: String,
    /// Owns implementation, accuracy improvement and turning the prototype into a system, in-house or together with a partner.
    pub tech_lead: String,
}

impl Roles {
    /// (role name, person id) for each role, in a fixed order.
    pub fn iter(&self) -> [(&'static str, &str); 3] {
        [
            ("owner", self.owner.as_str()),
            ("business_lead", self.business_lead.as_str()),
            ("tech_lead", self.tech_lead.as_str()),
        ]
    }
}

/// The external partner that provides technical support.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// The partner company's name.
    pub name: String,
    /// How the partner works with you.
    pub model: PartnerModel,
}

/// How a partner works with the project.
#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PartnerModel {
    /// The partner builds a prototype, hands it over and leaves: little know-how stays.
    Delivery,
    /// The partner stays alongside the team and plans in-sourcing and the move to production.
    Accompanying,
}

/// One data source the project relies on.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DataSource {
    /// Data source id, referred to by result datasets and issues.
    pub id: String,
    /// What the data is and where it comes from.
    #[serde(default)]
    pub description: Option<String>,
    /// Who is responsible for the data.
    #[serde(default)]
    pub owner: Option<String>,
    /// Whether the data can actually be obtained in the form and quantity the project needs.
    pub available: bool,
    /// Whether the data may be used and sent to the model under the organisation's security and privacy rules.
    pub permitted: bool,
}

/// A pinned model dependency.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ModelPin {
    /// Model name.
    pub name: String,
    /// Exact model version or snapshot identifier (a string, even when it looks like a number or a date).
    pub version: String,
    /// Who provides or hosts the model.
    #[serde(default)]
    pub provider: Option<String>,
}

/// A waiver of one rule (by finding code) for this project.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RuleWaiver {
    /// The finding code being waived, for example `sample-too-small`.
    pub rule: String,
    /// Why the exception is acceptable for now.
    pub reason: String,
    /// The person who accepted the exception and answers for it.
    pub approved_by: String,
    /// Last day the waiver applies.
    pub expires: Date,
}
