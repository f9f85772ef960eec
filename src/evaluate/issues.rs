//! Rules about the open-issues inventory (issues.yaml): every area the gate needs is covered,
//! and no open issue blocks the gate.

use super::context::Ctx;
use crate::findings::{Code, Finding};
use crate::model::{Area, IssueStatus};

pub fn issues_inventory(ctx: &Ctx<'_>, areas: &[Area], out: &mut Vec<Finding>) {
    let issues = &ctx.p.issues;
    for area in areas {
        if !issues.data.issues.iter().any(|i| i.area == *area) {
            out.push(
                Finding::new(
                    Code::IssueAreaMissing,
                    format!(
                        "the open-issue inventory has no entry for `{}`",
                        area.as_str()
                    ),
                )
                .at(ctx.key(&issues.path, "/issues"))
                .help(format!(
                    "add an issue with `area: {}` and an owner, even if it is already resolved",
                    area.as_str()
                )),
            );
        }
    }
    for (i, issue) in issues.data.issues.iter().enumerate() {
        if issue.status == IssueStatus::Open && issue.owner.is_none() {
            out.push(
                Finding::new(
                    Code::IssueOwnerMissing,
                    format!("open issue `{}` has no owner", issue.id),
                )
                .at(ctx.at(&issues.path, &format!("/issues/{i}")))
                .help("add `owner:` with the person responsible for settling it"),
            );
        }
    }
}

pub fn issues_resolved(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let issues = &ctx.p.issues;
    for (i, issue) in issues.data.issues.iter().enumerate() {
        if issue.status == IssueStatus::Open && issue.blocks == Some(ctx.gate) {
            let owner = issue
                .owner
                .as_deref()
                .map(|o| ctx.name_of(o))
                .unwrap_or_else(|| "nobody".into());
            out.push(
                Finding::new(
                    Code::IssueBlocksGate,
                    format!(
                        "open issue `{}` blocks the {} gate (owner: {owner})",
                        issue.id,
                        ctx.gate.title()
                    ),
                )
                .at(ctx.at(&issues.path, &format!("/issues/{i}/blocks")))
                .help("resolve it (`status: resolved` with a `resolution`) before the gate"),
            );
        }
    }
}
