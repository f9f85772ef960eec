//! The calendar date every file writes (`YYYY-MM-DD`).

/// A calendar date as written in the files (`YYYY-MM-DD`).
pub type Date = chrono::NaiveDate;
