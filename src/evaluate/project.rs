//! Rules about what project.yaml declares: separate roles, the data, the business rationale,
//! and how a partner delivers.

use super::context::Ctx;
use crate::findings::{Code, Finding};
use crate::model::PartnerModel;

pub fn roles_separated(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let project = &ctx.p.project;
    let roles = project.data.roles.iter();
    for (i, (role, person)) in roles.iter().enumerate() {
        if let Some((other, _)) = roles[..i].iter().find(|(_, p)| p == person) {
            out.push(
                Finding::new(
                    Code::RolesNotSeparated,
                    format!("{} is both {other} and {role}", ctx.name_of(person)),
                )
                .at(ctx.at(&project.path, &format!("/roles/{role}")))
                .help("name a different person: the owner decides, the business lead judges fit to the work, the tech lead builds"),
            );
        }
    }
}

pub fn data_ready(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let project = &ctx.p.project;
    if project.data.data.is_empty() {
        out.push(
            Finding::new(Code::DataNotReady, "no data source is declared".to_string())
                .at(ctx.at(&project.path, ""))
                .help("list the data the project needs under `data:` with `available` and `permitted`"),
        );
    }
    for (i, d) in project.data.data.iter().enumerate() {
        if !d.available {
            out.push(
                Finding::new(
                    Code::DataNotReady,
                    format!("data source `{}` is not available", d.id),
                )
                .at(ctx.at(&project.path, &format!("/data/{i}/available")))
                .help(format!(
                    "results on unavailable data cannot be reproduced in production; if it cannot be obtained, the premise has collapsed and the criteria recommend {}",
                    ctx.gate.premise_outcome()
                )),
            );
        }
        if !d.permitted {
            out.push(
                Finding::new(
                    Code::DataNotReady,
                    format!("data source `{}` is not permitted for this use", d.id),
                )
                .at(ctx.at(&project.path, &format!("/data/{i}/permitted")))
                .help(format!(
                    "agree the data rights (and what may be sent to the model) before the gate; if they cannot be agreed, the premise has collapsed and the criteria recommend {}",
                    ctx.gate.premise_outcome()
                )),
            );
        }
    }
}

/// The pitfall check: why the business KPI should improve is written down (`scope.rationale`).
pub fn business_rationale(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let project = &ctx.p.project;
    let scope = &project.data.scope;
    if scope
        .rationale
        .as_deref()
        .is_some_and(|r| !r.trim().is_empty())
    {
        return;
    }
    let pointer = if scope.rationale.is_some() {
        "/scope/rationale"
    } else {
        "/scope"
    };
    out.push(
        Finding::new(
            Code::RationaleMissing,
            format!(
                "the scope does not say why the business KPI ({}) should improve",
                scope.business_kpi.trim()
            ),
        )
        .at(ctx.key(&project.path, pointer))
        .help("write under `scope:` a `rationale:` explaining how the system moves that KPI (which work it removes or shortens, and for whom)"),
    );
}

pub fn partner_model(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let project = &ctx.p.project;
    if let Some(partner) = &project.data.partner
        && partner.model == PartnerModel::Delivery
    {
        out.push(
                Finding::new(
                    Code::PartnerDelivery,
                    format!("partner `{}` works on a delivery-only basis", partner.name),
                )
                .at(ctx.at(&project.path, "/partner/model"))
                .help("prefer an accompanying partner, or plan how the know-how is documented and kept in-house"),
            );
    }
}
