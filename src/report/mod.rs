//! Renderers: the same findings (and, for `check`, `comment` and `report`, the same
//! [`crate::pipeline::Report`]) shown as text for people, JSON for programs, the formats CI
//! systems read and HTML pages. A renderer only formats; it never decides.

pub mod annotations;
pub mod cap;
pub mod csv;
pub mod diff;
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

pub use paths::Paths;

use std::io::IsTerminal;

/// Whether to colour text output: only on a terminal, and never when `NO_COLOR` is set
/// (<https://no-color.org>).
pub fn use_colour() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}
