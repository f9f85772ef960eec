//! The typed state of a governance repository: what the YAML files say, once they have passed
//! their schemas. The schemas in `schemas/` are the contract for users; these types are the same
//! contract for the code. A test loads the shipped example to keep the two in step.
//!
//! Types hold plain values. Where a value was written is not stored here: findings locate a value
//! by the file it came from and its JSON pointer (`/results/3/value`), resolved by the loaded
//! file's span map.

mod config;
mod date;
mod decisions;
mod gate;
mod governance;
mod issues;
mod kpis;
mod number;
mod people;
mod project;
mod results;

pub use config::{Config, SignoffProof};
pub use date::Date;
pub use decisions::{Decision, DecisionsFile, Override};
pub use gate::{Gate, Outcome, Stage};
pub use governance::{GovernanceFile, GovernanceItem, Status, Topic, Waiver};
pub use issues::{Area, IssueStatus, IssuesFile, OpenIssue};
pub use kpis::{
    Confidence, Criteria, CriteriaChange, Direction, GateCriteria, Kpi, KpisFile, Layer, Unit,
};
pub use number::{Decimal, MAX_COUNT, ParseDecimalError};
pub use people::{People, Person, Unread as UnreadPeople};
pub use project::{
    DataSource, ModelPin, Partner, PartnerModel, ProjectSpec, Roles, RuleWaiver, Scope,
};
pub use results::{Dataset, DatasetKind, MeasuredResult, ResultsFile};
