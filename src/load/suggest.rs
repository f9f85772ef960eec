//! "Did you mean …?" for misspelt keys and enum values.

use std::borrow::Cow;

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
        // Keys and values are lower-case already: no copy for them.
        let candidate_lower: Cow<'_, str> = if candidate
            .chars()
            .any(|c| c.is_alphabetic() && !c.is_lowercase())
        {
            Cow::Owned(candidate.to_lowercase())
        } else {
            Cow::Borrowed(candidate)
        };
        let candidate_chars = candidate_lower.chars().count();
        let common = histogram.common(&candidate_lower);
        let (a, b) = (input_chars, candidate_chars);
        // See `Histogram`: below this, Jaro-Winkler cannot reach the threshold.
        let jaro_possible = common * (a + b) >= a * b;
        // One edit (a swap counting as one) keeps every character of the longer word but one.
        let one_edit_possible = a >= 3 && a.abs_diff(b) <= 1 && common + 1 >= a.max(b);
        if !jaro_possible && !one_edit_possible {
            continue;
        }
        let mut score = if jaro_possible {
            strsim::jaro_winkler(&input_lower, &candidate_lower)
        } else {
            0.0
        };
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

    /// How many characters the candidate has in common with the input (as multisets), an
    /// upper bound: characters outside ASCII are counted as common.
    fn common(&self, candidate: &str) -> usize {
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
        common
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

    /// The cheap bounds never rule out a candidate that Jaro-Winkler or one edit would suggest.
    #[test]
    fn the_bounds_never_hide_a_suggestion() {
        let words = [
            "threshold",
            "treshold",
            "thresohld",
            "min_samples",
            "stop",
            "stpo",
            "confidence",
            "poc",
            "mvp",
            "mpv",
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
            "unknown_key_12345",
            "stage",
            "stages",
            "staeg",
        ];
        for a in words {
            for b in words {
                let jw = strsim::jaro_winkler(a, b);
                let one_edit = a.chars().count() >= 3 && strsim::osa_distance(a, b) == 1;
                if a != b && (jw >= super::THRESHOLD || one_edit) {
                    assert_eq!(closest(a, [b]), Some(b), "{a} / {b}: {jw}");
                } else if a != b {
                    assert_eq!(closest(a, [b]), None, "{a} / {b}: {jw}");
                }
            }
        }
    }
}
