//! Source -> snapshot: read every file the repository should have, parse it with positions,
//! validate it against its schema, deserialize it into the typed model, then check references
//! across files. Every problem becomes a finding; nothing stops the load except a root that
//! cannot be read at all, so one bad file never hides another.

mod cache;
mod crossref;
mod loader;
mod parse;
mod roster;
pub mod schema;
pub mod schema_files;
mod snapshot;
mod suggest;

pub use crate::text::yaml;

pub use cache::ParseCache;
pub use loader::{LoadOptions, load, load_with_cache};
pub use parse::{Parsed, parse_bytes};
pub use schema::Kind;
pub use snapshot::{CompleteProject, Loaded, ProjectState, Snapshot};
pub use suggest::closest as suggest_closest;
