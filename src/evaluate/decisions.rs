//! Recorded decisions: allowed, by the owner, consistent with the criteria; stages advance only
//! through them.

use super::context::Ctx;
use crate::findings::{Code, Finding, Location};
use crate::model::{Decision, Outcome, Stage};

/// Whether a decision in force closes the project: a `stop` its gate allows, recorded by the
/// owner, that agrees with the criteria (or cannot contradict them: they recommend nothing) or
/// says why it departs from them. The premise rules make this the way out for a project whose
/// data is gone: it is stopped, not left blocked.
pub fn closes(ctx: &Ctx<'_>, d: &Decision, recommended: Option<Outcome>) -> bool {
    d.outcome == Outcome::Stop
        && d.gate.outcomes().contains(&d.outcome)
        && d.decided_by == ctx.p.project.data.roles.owner
        && (recommended.is_none_or(|r| r == d.outcome) || d.r#override.is_some())
}

/// The `decision-valid` rule: every recorded decision is an outcome of its gate and by the owner;
/// the one in force at the current gate was not made while the gate was blocked, agrees with
/// the criteria or says why not, and is followed by the stage it advances to.
pub fn decision_valid(
    ctx: &Ctx<'_>,
    recommended: Option<Outcome>,
    blocked: bool,
    out: &mut Vec<Finding>,
) {
    each_allowed_and_by_owner(ctx, out);
    let Some((i, d)) = ctx.p.decisions.data.latest(ctx.gate) else {
        return;
    };
    if !d.gate.outcomes().contains(&d.outcome) {
        // Already reported as `decision-outcome-invalid`; an outcome the gate cannot take cannot
        // agree or disagree with the criteria either.
        return;
    }
    let at = |field: &str| ctx.at(&ctx.p.decisions.path, &format!("/decisions/{i}{field}"));
    if blocked && d.outcome.advances() {
        out.push(while_blocked(ctx, d, at("")));
    }
    if let Some(r) = recommended
        && r != d.outcome
    {
        out.push(against_criteria(d, r, &at));
    }
    if d.outcome == ctx.gate.advancing_outcome()
        && let Some(next) = ctx.gate.next()
    {
        out.push(stage_not_advanced(ctx, d, next));
    }
}

/// Every decision recorded must be valid for its own gate and by the owner.
fn each_allowed_and_by_owner(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let decisions = &ctx.p.decisions;
    let owner = &ctx.p.project.data.roles.owner;
    for (i, d) in decisions.data.decisions.iter().enumerate() {
        if !d.gate.outcomes().contains(&d.outcome) {
            let allowed: Vec<&str> = d.gate.outcomes().iter().map(|o| o.as_str()).collect();
            out.push(
                Finding::new(
                    Code::DecisionOutcomeInvalid,
                    format!(
                        "`{}` is not an outcome of the {} gate",
                        d.outcome,
                        d.gate.title()
                    ),
                )
                .at(ctx.at(&decisions.path, &format!("/decisions/{i}/outcome")))
                .help(format!(
                    "the {} gate allows: {}",
                    d.gate.title(),
                    allowed.join(", ")
                )),
            );
        }
        if &d.decided_by != owner {
            out.push(
                Finding::new(
                    Code::DecisionNotByOwner,
                    format!(
                        "decision `{}` is recorded by {}, but the owner is {}",
                        d.id,
                        ctx.name_of(&d.decided_by),
                        ctx.name_of(owner)
                    ),
                )
                .at(ctx.at(&decisions.path, &format!("/decisions/{i}/decided_by")))
                .help("the owner holds continuation decisions; record it under their name"),
            );
        }
    }
}

/// Stopping or redesigning a blocked project is how it is settled; only moving it on needs the
/// gate to be decidable.
fn while_blocked(ctx: &Ctx<'_>, d: &Decision, at: Location) -> Finding {
    Finding::new(
        Code::DecisionWhileBlocked,
        format!(
            "decision `{}` ({}) is recorded while the {} gate has blocking findings",
            d.id,
            d.outcome,
            ctx.gate.title()
        ),
    )
    .at(at)
    .help("settle the blocking findings first; the decision then stands on what was agreed")
}

/// A decision that departs from the criteria's recommendation `r`: an error without an
/// `override` that says why, a note of the reason with one.
fn against_criteria(d: &Decision, r: Outcome, at: &impl Fn(&str) -> Location) -> Finding {
    match &d.r#override {
        None => Finding::new(
            Code::DecisionContradictsCriteria,
            format!(
                "decision `{}` says {}, but the agreed criteria recommend {r}",
                d.id, d.outcome
            ),
        )
        .at(at("/outcome"))
        .help("follow the criteria, or add `override: {reason: ...}` explaining why not"),
        Some(o) => Finding::new(
            Code::DecisionOverridesCriteria,
            format!(
                "decision `{}` says {} where the criteria recommend {r}: {}",
                d.id, d.outcome, o.reason
            ),
        )
        .at(at("/override"))
        .help("nothing to do: the reason is on record for reviewers; if the criteria themselves were wrong, record a criteria change instead"),
    }
}

/// A decision that advances the project while project.yaml still names the gate's stage.
fn stage_not_advanced(ctx: &Ctx<'_>, d: &Decision, next: Stage) -> Finding {
    Finding::new(
        Code::StageNotAdvanced,
        format!(
            "decision `{}` advances the project to {}, but its stage is still {}",
            d.id,
            next.title(),
            ctx.gate.title()
        ),
    )
    .at(ctx.at(&ctx.p.project.path, "/stage"))
    .help(format!("set `stage: {next}` in project.yaml"))
}

/// A project past PoC needs, for every earlier gate, a decision in force that advanced it.
pub fn stage_progression(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let stage = ctx.p.project.data.stage;
    let decisions = &ctx.p.decisions.data;
    for gate in Stage::ALL.into_iter().filter(|g| g.index() < stage.index()) {
        let advancing = gate.advancing_outcome();
        let ok = decisions
            .latest(gate)
            .is_some_and(|(_, d)| d.outcome == advancing);
        if !ok {
            let seen = decisions
                .latest(gate)
                .map(|(_, d)| format!("the decision in force there is `{}` ({})", d.id, d.outcome))
                .unwrap_or_else(|| "none is recorded".into());
            out.push(
                Finding::new(
                    Code::StageWithoutDecision,
                    format!(
                        "the project is in {} but has no decision to {advancing} at the {} gate: {seen}",
                        stage.title(),
                        gate.title()
                    ),
                )
                .at(ctx.at(&ctx.p.project.path, "/stage"))
                .help(format!("record the {} gate's decision in decisions.yaml, or set the stage back", gate.title())),
            );
        }
    }
}
