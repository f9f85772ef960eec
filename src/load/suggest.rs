//! "Did you mean …?" for misspelt keys and enum values.

/// Longest input (in bytes) for which a suggestion is looked for.
const MAX_INPUT: usize = 64;

/// Lowest Jaro-Winkler similarity of a suggestion.
const THRESHOLD: f64 = 0.8;

/// The candidate closest to `input`, when it is close enough to be a plausible typo.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // No key or value tollgate knows is this long, so it is no typo; and comparing a hostile
    // megabyte-long key with every candidate would cost its length times theirs.
    if input.len() > MAX_INPUT {
        return None;
    }
    let input_lower = input.to_lowercase();
    let input_chars = input_lower.chars().count();
    let histogram = Histogram::of(&input_lower);
    let mut best: Option<(&str, f64)> = None;
    for candidate in candidates {
        if candidate == input {
            continue;
        }
        let candidate_lower = candidate.to_lowercase();
        let candidate_chars = candidate_lower.chars().count();
        // One edit (a swap counting as one) changes the length by at most one.
        let one_edit_possible = input_chars >= 3 && candidate_chars.abs_diff(input_chars) <= 1;
        if !one_edit_possible
            && !histogram.may_reach(&candidate_lower, input_chars, candidate_chars)
        {
            continue;
        }
        let mut score = strsim::jaro_winkler(&input_lower, &candidate_lower);
        // Jaro-Winkler misses swapped letters in short words (`pco` scores 0.56 against `poc`);
        // one edit is a plausible typo for words of three letters or more.
        if score < THRESHOLD
            && one_edit_possible
            && strsim::osa_distance(&input_lower, &candidate_lower) == 1
        {
            score = THRESHOLD;
        }
        if score >= THRESHOLD && best.is_none_or(|(_, s)| score > s) {
            best = Some((candidate, score));
        }
    }
    best.map(|(c, _)| c)
}

/// Character counts of the input, for a cheap upper bound of its Jaro similarity to a
/// candidate. Jaro is (m/|a| + m/|b| + (m-t)/m) / 3 for m matching characters, and Winkler's
/// prefix bonus raises it to at most 0.4 + 0.6 * Jaro; reaching 0.8 needs Jaro >= 2/3, so
/// m/|a| + m/|b| >= 1. The characters the two have in common bound m from above. Checking
/// that first skips the quadratic Jaro computation for almost every unrelated candidate, which
/// matters when a file has a hundred thousand unknown keys.
struct Histogram {
    ascii: [u16; 128],
}

impl Histogram {
    fn of(text: &str) -> Histogram {
        let mut ascii = [0u16; 128];
        for c in text.chars() {
            if let Some(slot) = ascii.get_mut(c as usize) {
                *slot = slot.saturating_add(1);
            }
        }
        Histogram { ascii }
    }

    /// Whether the candidate can reach the threshold at all. Characters outside ASCII are
    /// counted as common (the bound stays an upper bound).
    fn may_reach(&self, candidate: &str, input_chars: usize, candidate_chars: usize) -> bool {
        let mut left = self.ascii;
        let mut common = 0usize;
        for c in candidate.chars() {
            match left.get_mut(c as usize) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    common += 1;
                }
                Some(_) => {}
                None => common += 1,
            }
        }
        // common/|a| + common/|b| >= 1, without division.
        common * (input_chars + candidate_chars) >= input_chars * candidate_chars
    }
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_near_misses_only() {
        let keys = ["threshold", "min_samples", "confidence", "stop"];
        assert_eq!(closest("treshold", keys), Some("threshold"));
        assert_eq!(closest("min_sample", keys), Some("min_samples"));
        assert_eq!(closest("colour", keys), None);
        let gates = ["poc", "mvp", "production"];
        assert_eq!(closest("pco", gates), Some("poc"));
        assert_eq!(closest("mpv", gates), Some("mvp"));
        assert_eq!(closest("mvq", gates), Some("mvp"));
        assert_eq!(closest("xyz", gates), None);
        assert_eq!(
            closest("agred", ["pending", "agreed", "rejected"]),
            Some("agreed")
        );
        assert_eq!(closest(&"threshold".repeat(100), keys), None);
        assert_eq!(closest("Treshold", keys), Some("threshold"));
        assert_eq!(closest("unknown_key_12345", keys), None);
    }

    /// The cheap bound never rules out a candidate that Jaro-Winkler would suggest.
    #[test]
    fn the_bound_never_hides_a_suggestion() {
        let words = [
            "threshold",
            "treshold",
            "min_samples",
            "stop",
            "stpo",
            "confidence",
            "poc",
            "mvp",
            "production",
            "prodution",
            "agreed",
            "agred",
            "a",
            "ab",
            "ba",
            "business_kpi",
            "kpi",
            "müller",
            "mueller",
            "décision",
            "decision",
            "x",
            "xyz",
            "zyx",
        ];
        for a in words {
            let h = super::Histogram::of(a);
            for b in words {
                let jw = strsim::jaro_winkler(a, b);
                if jw >= super::THRESHOLD {
                    assert!(
                        h.may_reach(b, a.chars().count(), b.chars().count()),
                        "{a} / {b}: {jw}"
                    );
                }
            }
        }
    }
}
