//! `projects/<id>/project.yaml`: what the project is, where it stands, and who holds which role.

use serde::Deserialize;

use super::date::Date;
use super::gate::Stage;

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProjectSpec {
    pub id: String,
    pub name: String,
    pub stage: Stage,
    #[serde(default)]
    pub description: Option<String>,
    pub scope: Scope,
    pub roles: Roles,
    #[serde(default)]
    pub partner: Option<Partner>,
    #[serde(default)]
    pub data: Vec<DataSource>,
    #[serde(default)]
    pub models: Vec<ModelPin>,
    #[serde(default)]
    pub waivers: Vec<RuleWaiver>,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    pub business_process: String,
    pub users: String,
    pub business_kpi: String,
    #[serde(default)]
    pub rationale: Option<String>,
}

/// The article's three roles; the anti-pattern is one person holding all of them.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    pub owner: String,
    pub business_lead: String,
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

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub name: String,
    pub model: PartnerModel,
}

#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PartnerModel {
    Delivery,
    Accompanying,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DataSource {
    pub id: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    pub available: bool,
    pub permitted: bool,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ModelPin {
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub provider: Option<String>,
}

/// A waiver of one rule (by finding code) for this project.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RuleWaiver {
    pub rule: String,
    pub reason: String,
    pub approved_by: String,
    pub expires: Date,
}
