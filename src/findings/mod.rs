//! The one findings model every stage produces and every renderer reads.
//!
//! A finding is plain data: a stable code, a severity, a message, where it is (file, line,
//! column and the JSON pointer of the offending value) and a help line. Loading, policy
//! evaluation and history checks all push findings; `report` turns them into text, JSON,
//! Markdown, SARIF, JUnit or workflow commands. Nothing else decides how a problem looks.

mod codes;
mod finding;
mod severity;

pub use codes::Code;
pub use finding::{Counts, Finding, Location, sort};
pub use severity::Severity;
