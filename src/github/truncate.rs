//! Cutting a report to a limit GitHub sets, at the end of a line, with a note that says so.

/// Cuts `text` so that it, plus `note`, measures at most `max` (by `measure`: characters for
/// comments, bytes for check runs and summaries), at the end of a line where possible. Returns
/// the text unchanged when it fits.
pub(crate) fn truncate_at_line(
    text: &str,
    max: usize,
    note: &str,
    measure: fn(&str) -> usize,
) -> (String, bool) {
    if measure(text) <= max {
        return (text.to_string(), false);
    }
    let budget = max.saturating_sub(measure(note));
    let mut kept = 0;
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        let size = measure(line);
        if kept + size > budget {
            break;
        }
        kept += size;
        end += line.len();
    }
    if end == 0 {
        // Not even the first line fits: cut inside it, at a character boundary.
        for (i, c) in text.char_indices() {
            let size = measure(&text[i..i + c.len_utf8()]);
            if kept + size > budget.saturating_sub(1) {
                break;
            }
            kept += size;
            end = i + c.len_utf8();
        }
    }
    let mut out = text[..end].to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(note);
    (out, true)
}

/// Length in characters: what GitHub limits comments by.
pub(crate) fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Length in bytes: what GitHub limits check-run output and job summaries by.
pub(crate) fn bytes(s: &str) -> usize {
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_keeps_whole_lines_and_the_note() {
        let text = "one\ntwo\nthree\n";
        assert_eq!(
            truncate_at_line(text, 100, "N", chars),
            (text.to_string(), false)
        );
        let (cut, truncated) = truncate_at_line(text, 10, "N\n", chars);
        assert!(truncated);
        assert_eq!(cut, "one\ntwo\nN\n");
        assert!(chars(&cut) <= 10);
        // A single long line is cut inside, still within the limit.
        let (cut, _) = truncate_at_line(&"é".repeat(50), 20, "[cut]", bytes);
        assert!(cut.len() <= 20, "{}", cut.len());
        assert!(cut.ends_with("[cut]"));
    }
}
