//! The job summary: Markdown appended to the file named by `GITHUB_STEP_SUMMARY`, shown on the
//! workflow run's page. GitHub refuses a step summary larger than 1 MiB (and then shows none), so
//! what we append is cut, at a line boundary, to fit in what is left of that 1 MiB.

use std::io::Write;
use std::path::Path;

use super::truncate::{bytes, truncate_at_line};

/// GitHub's limit on one step's summary file.
pub const MAX_SUMMARY_BYTES: usize = 1024 * 1024;

const NOTE: &str = "\n> **Truncated**: this report exceeds the 1 MiB limit of a job summary. Run \
                    `tollgate check` locally for the rest.\n";

/// What was appended to the job summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SummaryOutcome {
    /// Bytes written.
    pub bytes_written: usize,
    /// Whether the report was cut to the summary's limit.
    pub truncated: bool,
}

/// Appends `markdown` to the summary file, within the 1 MiB limit.
pub fn append(path: &Path, markdown: &str) -> std::io::Result<SummaryOutcome> {
    let existing = match std::fs::metadata(path) {
        Ok(m) => usize::try_from(m.len()).unwrap_or(usize::MAX),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0,
        Err(e) => return Err(e),
    };
    let budget = MAX_SUMMARY_BYTES.saturating_sub(existing);
    // Separate from what an earlier step of the job wrote.
    let lead = if existing > 0 { "\n" } else { "" };
    let (text, truncated) = if budget <= lead.len() + NOTE.len() {
        (String::new(), !markdown.is_empty())
    } else {
        let (text, truncated) = truncate_at_line(markdown, budget - lead.len(), NOTE, bytes);
        (format!("{lead}{text}"), truncated)
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    if !text.is_empty() && !text.ends_with('\n') {
        file.write_all(b"\n")?;
    }
    file.flush()?;
    Ok(SummaryOutcome {
        bytes_written: text.len(),
        truncated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_and_caps_at_one_mebibyte() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("summary.md");
        std::fs::write(&path, "# earlier step\n").expect("write");
        let small = append(&path, "## tollgate\nall clear\n").expect("append");
        assert!(!small.truncated);
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(text, "# earlier step\n\n## tollgate\nall clear\n");

        let big = "| row | of | a | big | table |\n".repeat(60_000);
        let out = append(&path, &big).expect("append");
        assert!(out.truncated);
        let size = std::fs::metadata(&path).expect("meta").len();
        assert!(size <= MAX_SUMMARY_BYTES as u64, "{size}");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.ends_with(NOTE), "note at the end");
    }
}
