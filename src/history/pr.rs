//! Pull-request numbers from commit messages, so the log can say which PR recorded a decision
//! without asking GitHub: `Merge pull request #12 from owner/branch` (merge commits) and a
//! trailing `(#12)` on the subject line (squash and rebase merges).

/// The PR number a commit message names, if any. Only the subject line is read: a number in the
/// body is more likely a reference to another PR than the one that merged this commit.
pub fn number(message: &str) -> Option<u64> {
    let subject = message.lines().next().unwrap_or("").trim();
    if let Some(rest) = subject.strip_prefix("Merge pull request #") {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        return digits.parse().ok();
    }
    let inner = subject.strip_suffix(')')?;
    let open = inner.rfind("(#")?;
    let digits = &inner[open + 2..];
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn reads_merge_and_squash_subjects() {
        let cases = [
            ("Merge pull request #42 from acme/poc-results", Some(42)),
            (
                "Merge pull request #7 from a/b\n\nRecord PoC decision",
                Some(7),
            ),
            ("Record the PoC gate decision (#128)", Some(128)),
            ("Record the PoC gate decision (#128)  \n\nbody", Some(128)),
            ("Fix typo (see #12) in rationale", None),
            ("Record decision\n\n(#99)", None),
            ("Bump (#)", None),
            ("Bump (#12a)", None),
            ("Merge pull request #x", None),
            ("", None),
            ("(#99999999999999999999999)", None),
        ];
        for (message, expected) in cases {
            assert_eq!(number(message), expected, "{message:?}");
        }
    }
}
