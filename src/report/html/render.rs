//! The whole report: the portfolio page, then every project's page (in parallel).

use std::collections::HashMap;

use rayon::prelude::*;

use super::site::{Meta, Page, Site, page_file};
use super::{portfolio, project};
use crate::history::trend::Trends;
use crate::load::ProjectState;
use crate::pipeline::Judged;

/// Every page of a judged state and its trends: `index.html` (the portfolio) and
/// `projects/<page>.html` per project.
pub fn render(judged: &Judged, trends: &Trends, meta: &Meta) -> Vec<Page> {
    pages(&Site {
        eval: &judged.eval,
        snap: &judged.snap,
        trends,
        meta,
    })
}

/// The pages of one site.
fn pages(site: &Site<'_>) -> Vec<Page> {
    let states: HashMap<&str, &ProjectState> = site
        .snap
        .projects
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let mut pages = vec![Page {
        path: "index.html".to_string(),
        html: portfolio::page(site, &states),
    }];
    let projects: Vec<Page> = site
        .eval
        .projects
        .par_iter()
        .map(|p| Page {
            path: format!("projects/{}", page_file(&p.id)),
            html: project::page(site, p, states.get(p.id.as_str()).copied()),
        })
        .collect();
    pages.extend(projects);
    pages
}
