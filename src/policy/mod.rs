//! Gate policies: which rules apply at which gate, parsed from YAML into typed rules.
//!
//! The default policy (`policies/default.yaml` of this crate) is embedded in the binary. A checked
//! repository may add its own `policies/*.yaml`: a rule with the id of an earlier rule replaces
//! it, `disabled: true` removes it, new ids are appended. Files are applied in name order.
//! Policy files are validated against the policy schema by the loader like every other file;
//! this module adds what a schema cannot see (a KPI no project defines, a CEL expression that does
//! not compile) and turns every problem into a finding located in the policy file. A policy that
//! has problems is an input error (exit 2): evaluating a broken policy could pass a gate wrongly.

mod assemble;
mod cel;
mod parse;
mod rules;
mod stricter;

pub use assemble::{DEFAULT_POLICY, DEFAULT_POLICY_PATH, build, default_document};
pub use cel::{ExprError, ExprRule};
pub use rules::{Policy, Rule, RuleKind};
pub use stricter::stricter;
