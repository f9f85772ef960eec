//! Renderers: every command's [`crate::pipeline::Report`] shown as text for people, JSON for
//! programs, the formats CI systems read and HTML pages. [`render`] (in `format.rs`) picks the
//! renderer for a report's kind and the format asked for; each renderer takes only the section
//! it shows. A renderer only formats; it never decides.

pub mod annotations;
pub mod cap;
pub mod comment;
pub mod csv;
pub mod diff;
mod format;
pub mod html;
pub mod inert;
pub mod json;
pub mod junit;
pub mod log;
pub mod markdown;
pub mod mermaid;
pub mod paths;
pub mod sarif;
pub mod show;
pub mod text;

pub use format::{
    Format, Options, Rendered, Unsupported, WriteError, formats, pages, paths, render, write,
};
pub use paths::Paths;

use std::io::IsTerminal;

/// Whether to colour text output: only on a terminal, and never when `NO_COLOR` is set
/// (<https://no-color.org>).
pub fn use_colour() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}
