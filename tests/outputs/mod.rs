//! Every output checked by the program that consumes it: SARIF against the SARIF 2.1.0 schema
//! and GitHub code scanning's rules, JUnit against the XSD Jenkins' xUnit plugin uses, Markdown
//! through a GFM parser and GitHub's reference rules, workflow commands through the runner's
//! parsing, JSON against the published report schema — on repositories whose paths and texts are
//! made to break them: folders with spaces, `%`, `,` and `:`, a governance root in a subfolder of
//! a git repository, repository-level errors, HTML, mentions and issue references in user text.

pub(crate) mod consumers;
mod scenarios;

mod json;
mod junit;
mod markdown;
mod paths;
mod sarif;
