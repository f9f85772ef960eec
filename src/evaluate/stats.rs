//! Statistics for probabilistic output: the 95% Wilson score interval for a proportion.
//!
//! The Wilson interval behaves well for small n and for rates near 0 or 1, where the textbook
//! normal approximation produces bounds outside [0, 1]. A gate may require the bound on the
//! unfavourable side to clear the threshold, so that 7 of 10 does not count as "70%".

/// z for a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// The 95% Wilson interval (low, high) for `successes` out of `n`; `None` when n is 0.
pub fn wilson95(successes: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 || successes > n {
        return None;
    }
    let total = n;
    let n = n as f64;
    let p = successes as f64 / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    // With no successes (or no failures) the bound on that side is exactly 0 (or 1); rounding
    // in `centre - half` must not turn it into 1e-17 and decide a boundary by accident.
    let low = if successes == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let high = if successes == total {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    Some((low, high))
}

#[cfg(test)]
mod tests {
    use super::wilson95;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-4
    }

    #[test]
    fn matches_published_values() {
        // 7/10: the textbook Wilson interval is [0.3968, 0.8922].
        let (lo, hi) = wilson95(7, 10).expect("n > 0");
        assert!(close(lo, 0.3968) && close(hi, 0.8922), "{lo} {hi}");
        // 156/200 = 0.78: [0.7176, 0.8318].
        let (lo, hi) = wilson95(156, 200).expect("n > 0");
        assert!(close(lo, 0.7176) && close(hi, 0.8318), "{lo} {hi}");
        // 14/400 = 0.035: about [0.0210, 0.0579].
        let (lo, hi) = wilson95(14, 400).expect("n > 0");
        assert!(close(lo, 0.0210) && close(hi, 0.0579), "{lo} {hi}");
    }

    #[test]
    fn no_successes_or_no_failures_give_exact_bounds() {
        // Without the special case, n = 3 gives a lower bound of 5.6e-17 and n = 10 an upper
        // bound of 0.9999999999999999.
        for n in 1..3000 {
            assert_eq!(wilson95(0, n).map(|b| b.0), Some(0.0), "n = {n}");
            assert_eq!(wilson95(n, n).map(|b| b.1), Some(1.0), "n = {n}");
        }
    }

    #[test]
    fn edges_stay_in_range() {
        let (lo, hi) = wilson95(0, 5).expect("n > 0");
        assert!(lo == 0.0 && hi > 0.0 && hi < 1.0);
        let (lo, hi) = wilson95(5, 5).expect("n > 0");
        assert!(hi == 1.0 && lo < 1.0);
        assert_eq!(wilson95(1, 0), None);
        assert_eq!(wilson95(3, 2), None);
    }
}
