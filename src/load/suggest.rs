//! "Did you mean …?" for misspelt keys and enum values.

/// The candidate closest to `input`, when it is close enough to be a plausible typo.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input_lower = input.to_lowercase();
    let mut best: Option<(&str, f64)> = None;
    for candidate in candidates {
        if candidate == input {
            continue;
        }
        let candidate_lower = candidate.to_lowercase();
        let mut score = strsim::jaro_winkler(&input_lower, &candidate_lower);
        // Jaro-Winkler misses swapped letters in short words (`pco` scores 0.56 against `poc`);
        // one edit (a swap counting as one) is a plausible typo for words of three letters or more.
        if input_lower.chars().count() >= 3
            && strsim::osa_distance(&input_lower, &candidate_lower) == 1
        {
            score = score.max(0.8);
        }
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
        let gates = ["poc", "mvp", "production"];
        assert_eq!(closest("pco", gates), Some("poc"));
        assert_eq!(closest("mpv", gates), Some("mvp"));
        assert_eq!(closest("mvq", gates), Some("mvp"));
        assert_eq!(closest("xyz", gates), None);
        assert_eq!(
            closest("agred", ["pending", "agreed", "rejected"]),
            Some("agreed")
        );
    }
}
