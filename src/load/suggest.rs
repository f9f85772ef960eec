//! "Did you mean …?" for misspelt keys and enum values.

/// The candidate closest to `input`, when it is close enough to be a plausible typo.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input_lower = input.to_lowercase();
    let mut best: Option<(&str, f64)> = None;
    for candidate in candidates {
        if candidate == input {
            continue;
        }
        let score = strsim::jaro_winkler(&input_lower, &candidate.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(_, s)| score > s) {
            best = Some((candidate, score));
        }
    }
    best.map(|(c, _)| c)
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
        assert_eq!(
            closest("agred", ["pending", "agreed", "rejected"]),
            Some("agreed")
        );
    }
}
