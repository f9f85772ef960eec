//! The HTML report: a portfolio page and a page per project, static and self-contained (the
//! style sheet is inlined, no script, no request to anything but the pages' own links), so the
//! folder works opened from disk, as a CI artifact and on GitHub Pages.
//!
//! Rendering only: what each project's status, recommendation and KPI values are comes from the
//! evaluation (`check`'s), what happened over time from [`crate::history::trend`]. Every string
//! from the repository passes through [`markup::escape`] (by way of [`markup::El`]). Machine
//! paths never appear: the pages may be published.
//!
//! Pages stay small however long the history: tables show the latest rows with a count of the
//! rest, charts the latest [`chart::MAX_POINTS`] values.

pub mod chart;
pub mod markup;
mod parts;
mod portfolio;
mod project;
mod render;
mod site;

pub use render::render;
pub use site::{Meta, Page, Site, page_file};
