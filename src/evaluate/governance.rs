//! Governance agreements: the topics a gate needs, settled by their named approvers.

use serde::Serialize;

use super::context::Ctx;
use crate::findings::{Code, Finding, Severity};
use crate::model::{Gate, GovernanceItem, Status, Topic};
use crate::policy::RuleKind;

/// One governance item as the gate sees it.
#[derive(Clone, Debug, Serialize)]
pub struct GovernanceRow {
    /// The item's id.
    pub id: String,
    /// What it is about.
    pub topic: Topic,
    /// Its title.
    pub title: String,
    /// Who must agree.
    pub approver: String,
    /// Its status as written.
    pub status: Status,
    /// Needed at the current gate by the policy.
    pub required: bool,
    /// Counts as settled now (agreed, or waived with a waiver that has not expired).
    pub settled: bool,
}

/// Whether an item counts as settled now.
fn settled(ctx: &Ctx<'_>, item: &GovernanceItem) -> bool {
    match item.status {
        Status::Agreed => true,
        Status::Waived => item.waiver.as_ref().is_some_and(|w| w.expires >= ctx.now),
        Status::Pending | Status::Rejected => false,
    }
}

/// Topics some governance-agreed rule requires at the current gate.
fn required_now(ctx: &Ctx<'_>) -> Vec<Topic> {
    required_at(ctx, ctx.gate)
}

/// Topics some governance-agreed rule requires at a gate.
fn required_at(ctx: &Ctx<'_>, gate: Gate) -> Vec<Topic> {
    topics_required(ctx.policy, gate)
}

/// Topics some governance-agreed rule of `policy` requires at a gate.
pub fn topics_required(policy: &crate::policy::Policy, gate: Gate) -> Vec<Topic> {
    policy
        .rules
        .iter()
        .filter(|r| r.applies_at(gate))
        .flat_map(|r| match &r.kind {
            RuleKind::GovernanceAgreed { topics } => topics.clone(),
            _ => Vec::new(),
        })
        .collect()
}

/// The first gate after the current one whose rules require the topic.
fn later_gate_needing(ctx: &Ctx<'_>, topic: Topic) -> Option<Gate> {
    std::iter::successors(ctx.gate.next(), |g| g.next())
        .find(|g| required_at(ctx, *g).contains(&topic))
}

pub fn rows(ctx: &Ctx<'_>) -> Vec<GovernanceRow> {
    let required = required_now(ctx);
    ctx.p
        .governance
        .data
        .items
        .iter()
        .map(|item| GovernanceRow {
            id: item.id.clone(),
            topic: item.topic,
            title: item.title.clone(),
            approver: item.approver.clone(),
            status: item.status,
            required: required.contains(&item.topic),
            settled: settled(ctx, item),
        })
        .collect()
}

/// A governance-agreed rule: every listed topic has items, all settled.
pub fn agreed(ctx: &Ctx<'_>, topics: &[Topic], out: &mut Vec<Finding>) {
    let g = &ctx.p.governance;
    for topic in topics {
        let items: Vec<(usize, &GovernanceItem)> = g
            .data
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.topic == *topic)
            .collect();
        if items.is_empty() {
            out.push(
                Finding::new(
                    Code::GovernanceMissing,
                    format!(
                        "no governance item for `{}`, which the {} gate needs agreed",
                        topic.as_str(),
                        ctx.gate.title()
                    ),
                )
                .at(ctx.key(&g.path, "/items"))
                .help(format!(
                    "add an item with `topic: {}`, the department and the approver who must agree",
                    topic.as_str()
                )),
            );
            continue;
        }
        for (i, item) in items {
            if settled(ctx, item) {
                continue;
            }
            out.push(unsettled(
                ctx,
                i,
                item,
                Severity::Error,
                "the current gate needs it",
            ));
        }
    }
}

/// Items not needed at this gate but pending or rejected: warnings when a later gate needs
/// them (so they are seen early), notes when no later gate does; expired waivers; overdue
/// reviews.
pub fn later_and_overdue(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let required = required_now(ctx);
    let g = &ctx.p.governance;
    for (i, item) in g.data.items.iter().enumerate() {
        if !required.contains(&item.topic) && !settled(ctx, item) {
            let (severity, why) = match later_gate_needing(ctx, item.topic) {
                Some(gate) => (
                    Severity::Warning,
                    format!("needed at the {} gate", gate.title()),
                ),
                None => (
                    Severity::Note,
                    "no later gate of the policy needs it".to_string(),
                ),
            };
            out.push(unsettled(ctx, i, item, severity, &why));
        }
        if let Some(due) = item.review_due
            && due < ctx.now
            && item.status == Status::Agreed
        {
            out.push(
                Finding::new(
                    Code::ReviewOverdue,
                    format!("`{}` was due for review on {due}", item.id),
                )
                .at(ctx.at(&g.path, &format!("/items/{i}/review_due")))
                .help(format!(
                    "ask {} to review the agreement and move `review_due` on",
                    ctx.name_of(&item.approver)
                )),
            );
        }
    }
}

fn unsettled(
    ctx: &Ctx<'_>,
    i: usize,
    item: &GovernanceItem,
    severity: Severity,
    why: &str,
) -> Finding {
    let path = &ctx.p.governance.path;
    let approver = ctx.name_of(&item.approver);
    match item.status {
        Status::Rejected => Finding::new(
            Code::GovernanceRejected,
            format!(
                "`{}` ({}) was rejected by {approver}; {why}",
                item.id,
                item.topic.as_str()
            ),
        )
        .at(ctx.at(path, &format!("/items/{i}/status")))
        .help("redesign the approach or scope and seek agreement again")
        .severity(severity.max(Severity::Warning)),
        Status::Waived => {
            let expires = item
                .waiver
                .as_ref()
                .map(|w| w.expires.to_string())
                .unwrap_or_default();
            Finding::new(
                Code::WaiverExpired,
                format!("the waiver of `{}` expired on {expires}; {why}", item.id),
            )
            .at(ctx.at(path, &format!("/items/{i}/waiver/expires")))
            .help(format!(
                "get the agreement of {approver}, or a renewed waiver"
            ))
            .severity(severity)
        }
        Status::Pending | Status::Agreed => Finding::new(
            Code::GovernancePending,
            format!(
                "`{}` ({}, {}) is pending agreement by {approver}; {why}",
                item.id,
                item.topic.as_str(),
                item.department
            ),
        )
        .at(ctx.at(path, &format!("/items/{i}/status")))
        .help(format!(
            "{approver} records `status: agreed` with `agreed_at` and evidence"
        ))
        .severity(severity),
    }
}
