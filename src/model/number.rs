//! Exact numbers for thresholds, stop levels and measured values.
//!
//! A gate is decided at its boundaries: 114 of 200 against `>= 57` must pass, 116 of 400 against
//! `< 29` must fail. Binary floating point cannot say either (114/200*100 is 56.99999999999999),
//! so every number a verdict depends on is a [`Decimal`]: the number as written in the file,
//! exactly. YAML hands numbers over as `f64`; the decimal is the shortest text that reads back as
//! that `f64`, which is the number as written for anything up to 15 significant digits.
//! Arithmetic is what the criteria need and no more: comparison, and multiplication by a sample
//! size, so that a rate `successes / n` is compared by cross-multiplication, never divided.
//!
//! Counts (`n`, `successes`, `min_samples`, byte limits) are integers up to [`MAX_COUNT`], the
//! largest integer every JSON tool reads exactly; the schemas state the same maximum, and an
//! integral number written as `12.0` is the integer 12 for the loader as it is for the schema.

use std::cmp::Ordering;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Largest count accepted anywhere (2^53 - 1): beyond it, JSON numbers stop being exact.
pub const MAX_COUNT: u64 = 9_007_199_254_740_991;

/// An exact decimal number: `mantissa * 10^exponent`, kept normalised (no trailing zeros in the
/// mantissa; zero is `0 * 10^0`) so that equal numbers are equal values (`70` and `70.0`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: i128,
    exponent: i32,
}

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        exponent: 0,
    };

    /// `mantissa * 10^exponent`, normalised.
    pub fn new(mantissa: i128, exponent: i32) -> Decimal {
        let (mut m, mut e) = (mantissa, exponent);
        if m == 0 {
            return Decimal::ZERO;
        }
        while m % 10 == 0 && e < i32::MAX {
            m /= 10;
            e += 1;
        }
        Decimal {
            mantissa: m,
            exponent: e,
        }
    }

    /// The decimal a parsed `f64` stands for (its shortest round-trip text); `None` for NaN and
    /// the infinities, which no criterion can be compared with.
    pub fn from_f64(value: f64) -> Option<Decimal> {
        if !value.is_finite() {
            return None;
        }
        // `{:e}` writes the shortest digits that read back as the same f64: `7.85e1`, `-1e-7`.
        format!("{value:e}").parse().ok()
    }

    /// A whole number.
    pub fn from_u64(value: u64) -> Decimal {
        Decimal::new(i128::from(value), 0)
    }

    /// Whether the value is zero.
    pub fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// Whether the value is below zero.
    pub fn is_negative(self) -> bool {
        self.mantissa < 0
    }

    /// Whether the number has no fractional part.
    pub fn is_integer(self) -> bool {
        self.exponent >= 0
    }

    /// The product, or `None` when it does not fit (never for numbers read from files times a
    /// count up to [`MAX_COUNT`]: 17 + 16 digits against the 38 an `i128` holds).
    pub fn checked_mul(self, other: Decimal) -> Option<Decimal> {
        Some(Decimal::new(
            self.mantissa.checked_mul(other.mantissa)?,
            self.exponent.checked_add(other.exponent)?,
        ))
    }

    /// Rounded to `places` digits after the point, halves away from zero.
    pub fn round(self, places: u32) -> Decimal {
        let places = i32::try_from(places).unwrap_or(i32::MAX);
        let Some(drop) = places
            .checked_neg()
            .and_then(|p| p.checked_sub(self.exponent))
        else {
            return self;
        };
        if drop <= 0 {
            return self;
        }
        let magnitude = self.mantissa.unsigned_abs();
        let Some(unit) = u32::try_from(drop).ok().and_then(|d| 10u128.checked_pow(d)) else {
            // 10^drop exceeds the mantissa: what is dropped is below half a unit.
            return Decimal::ZERO;
        };
        let (mut q, r) = (magnitude / unit, magnitude % unit);
        if r >= unit - r {
            q += 1;
        }
        let q = i128::try_from(q).unwrap_or(i128::MAX);
        Decimal::new(if self.is_negative() { -q } else { q }, -places)
    }

    /// The nearest `f64` (for the Wilson interval and for JSON, which has no other numbers).
    pub fn to_f64(self) -> f64 {
        format!("{}e{}", self.mantissa, self.exponent)
            .parse()
            .unwrap_or(f64::NAN)
    }

    /// The number of decimal digits of the magnitude of the mantissa (1 for zero).
    fn digits(self) -> i64 {
        let mut m = self.mantissa.unsigned_abs();
        let mut d = 1;
        while m >= 10 {
            m /= 10;
            d += 1;
        }
        d
    }

    /// Compares magnitudes: first the order of magnitude, then the aligned mantissas (aligning
    /// numbers of the same order never needs more digits than the longer mantissa has).
    fn cmp_magnitude(self, other: Decimal) -> Ordering {
        let order = |d: Decimal| d.digits() + i64::from(d.exponent);
        match order(self).cmp(&order(other)) {
            Ordering::Equal => {}
            unequal => return unequal,
        }
        let (a, b) = (self.mantissa.unsigned_abs(), other.mantissa.unsigned_abs());
        let shift = |m: u128, by: i64| {
            u32::try_from(by)
                .ok()
                .and_then(|by| 10u128.checked_pow(by))
                .and_then(|p| m.checked_mul(p))
        };
        let diff = i64::from(self.exponent) - i64::from(other.exponent);
        // Same order of magnitude: the shifted mantissa has as many digits as the other one.
        // Should that not fit in a u128, it is larger than any mantissa.
        if diff >= 0 {
            shift(a, diff).map_or(Ordering::Greater, |a| a.cmp(&b))
        } else {
            shift(b, -diff).map_or(Ordering::Less, |b| a.cmp(&b))
        }
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.mantissa.signum(), other.mantissa.signum()) {
            (a, b) if a != b => a.cmp(&b),
            (0, _) => Ordering::Equal,
            (1, _) => self.cmp_magnitude(*other),
            _ => other.cmp_magnitude(*self),
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl From<u64> for Decimal {
    fn from(value: u64) -> Self {
        Decimal::from_u64(value)
    }
}

impl From<i64> for Decimal {
    fn from(value: i64) -> Self {
        Decimal::new(i128::from(value), 0)
    }
}

/// Why a text is not a decimal number.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a decimal number")]
pub struct ParseDecimalError(String);

impl std::str::FromStr for Decimal {
    type Err = ParseDecimalError;

    /// Reads `-12.5`, `7.85e1`, `1E-7`: an optional sign, digits with at most one point, an
    /// optional exponent. At most 38 significant digits.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ParseDecimalError(s.to_string());
        let (number, exp) = match s.find(['e', 'E']) {
            Some(i) => (&s[..i], s[i + 1..].parse::<i32>().map_err(|_| bad())?),
            None => (s, 0),
        };
        let (negative, digits) = match number.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, number.strip_prefix('+').unwrap_or(number)),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if int.is_empty() && frac.is_empty()
            || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
        {
            return Err(bad());
        }
        let all = format!("{int}{frac}");
        let significant = all.trim_start_matches('0');
        let mantissa: i128 = if significant.is_empty() {
            0
        } else {
            significant.parse().map_err(|_| bad())?
        };
        let frac_len = i32::try_from(frac.len()).map_err(|_| bad())?;
        let exponent = exp.checked_sub(frac_len).ok_or_else(bad)?;
        Ok(Decimal::new(
            if negative { -mantissa } else { mantissa },
            exponent,
        ))
    }
}

/// Plain notation, every digit: `78.5`, `70`, `-0.001`, never `7.85e1` or `78.50000000001`.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.is_negative() { "-" } else { "" };
        let digits = self.mantissa.unsigned_abs().to_string();
        if self.exponent >= 0 {
            let zeros = usize::try_from(self.exponent).unwrap_or(0);
            return write!(f, "{sign}{digits}{}", "0".repeat(zeros));
        }
        let frac = usize::try_from(-i64::from(self.exponent)).unwrap_or(0);
        if digits.len() > frac {
            let (int, rest) = digits.split_at(digits.len() - frac);
            write!(f, "{sign}{int}.{rest}")
        } else {
            write!(f, "{sign}0.{}{digits}", "0".repeat(frac - digits.len()))
        }
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A JSON number. Written through the nearest `f64`, whose shortest form is the decimal itself
/// for up to 15 significant digits: `78.5`, never `78.50000000000001`.
impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.to_f64())
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DecimalVisitor)
    }
}

struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a finite number")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        Decimal::from_f64(v).ok_or_else(|| E::custom(format!("{v} is not a finite number")))
    }
}

/// Deserialises a count: a whole number from 0 to [`MAX_COUNT`], written as an integer or as an
/// integral number such as `12.0` (the schemas' `integer` accepts both).
pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    d.deserialize_any(CountVisitor)
}

/// [`count`] for an optional key.
pub fn optional_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    count(d).map(Some)
}

struct CountVisitor;

impl Visitor<'_> for CountVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a whole number from 0 to {MAX_COUNT}")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        if v > MAX_COUNT {
            return Err(E::custom(format!("{v} is larger than {MAX_COUNT}")));
        }
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        u64::try_from(v)
            .map_err(|_| E::custom(format!("{v} is negative")))
            .and_then(|v| self.visit_u64(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<u64, E> {
        let exact = Decimal::from_f64(v).filter(|d| d.is_integer() && !d.is_negative());
        match exact {
            // Integral, non-negative and at most 2^53 - 1: the cast is exact.
            Some(_) if v <= MAX_COUNT as f64 => Ok(v as u64),
            _ => Err(E::custom(format!(
                "{v} is not a whole number from 0 to {MAX_COUNT}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn reads_what_was_written() {
        assert_eq!(Decimal::from_f64(78.5), Some(d("78.5")));
        assert_eq!(Decimal::from_f64(0.1), Some(d("0.1")));
        assert_eq!(
            Decimal::from_f64(57.3).map(|x| x.to_string()),
            Some("57.3".into())
        );
        assert_eq!(
            Decimal::from_f64(1e20).map(|x| x.to_string()),
            Some("100000000000000000000".into())
        );
        assert_eq!(
            Decimal::from_f64(-2.5e-7).map(|x| x.to_string()),
            Some("-0.00000025".into())
        );
        assert_eq!(Decimal::from_f64(5e-324).map(|x| x.exponent), Some(-324));
        assert_eq!(Decimal::from_f64(f64::NAN), None);
        assert_eq!(Decimal::from_f64(f64::INFINITY), None);
        assert_eq!(d("70"), d("70.0"));
        assert_eq!(d("70").to_string(), "70");
        assert_eq!(d("-0").to_string(), "0");
        assert_eq!(d("+.5").to_string(), "0.5");
        assert!("".parse::<Decimal>().is_err());
        assert!("1.2.3".parse::<Decimal>().is_err());
        assert!("e5".parse::<Decimal>().is_err());
        assert!("1e".parse::<Decimal>().is_err());
    }

    #[test]
    fn compares_exactly() {
        assert!(d("57") == d("57.000"));
        assert!(d("56.99999999999999") < d("57"));
        assert!(d("-1") < d("0"));
        assert!(d("-2") < d("-1.5"));
        assert!(d("0.1") < d("0.10000000000000001"));
        assert!(d("1e300") > d("9.99e299"));
        assert!(d("5e-324") > Decimal::ZERO);
        assert!(d("123.45") > d("123.4"));
        assert!(d("99") < d("100"));
        // A rate by cross-multiplication: 114/200 in percent against 57.
        let lhs = Decimal::from(114u64 * 100);
        let rhs = d("57").checked_mul(Decimal::from(200u64)).expect("fits");
        assert_eq!(lhs.cmp(&rhs), Ordering::Equal);
        // 116/400 against 29: equal, so `< 29` fails.
        let rhs = d("29").checked_mul(Decimal::from(400u64)).expect("fits");
        assert_eq!(Decimal::from(11_600u64).cmp(&rhs), Ordering::Equal);
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(d("78.45").round(1), d("78.5"));
        assert_eq!(d("78.44").round(1), d("78.4"));
        assert_eq!(d("-78.45").round(1), d("-78.5"));
        assert_eq!(d("78").round(1), d("78"));
        assert_eq!(d("0.0004").round(3), Decimal::ZERO);
        assert_eq!(d("0.0005").round(3), d("0.001"));
        assert_eq!(d("1e-300").round(9), Decimal::ZERO);
        assert_eq!(d("99.96").round(1), d("100"));
    }

    #[test]
    fn serialises_without_float_noise() {
        let json =
            serde_json::to_string(&[d("78.5"), d("3.5"), d("70"), d("0.925")]).expect("json");
        assert_eq!(json, "[78.5,3.5,70.0,0.925]");
        let back: Vec<Decimal> = serde_json::from_str("[78.5, 3, -1, 1e20]").expect("reads");
        assert_eq!(back, vec![d("78.5"), d("3"), d("-1"), d("1e20")]);
    }

    #[test]
    fn counts_accept_integral_numbers_only() {
        #[derive(Deserialize, Debug)]
        struct C {
            #[serde(deserialize_with = "count")]
            n: u64,
        }
        let n = |v: serde_json::Value| {
            serde_json::from_value::<C>(serde_json::json!({ "n": v }))
                .map(|c| c.n)
                .map_err(|e| e.to_string())
        };
        assert_eq!(n(serde_json::json!(12)), Ok(12));
        assert_eq!(n(serde_json::json!(12.0)), Ok(12));
        assert_eq!(n(serde_json::json!(MAX_COUNT)), Ok(MAX_COUNT));
        for bad in [
            serde_json::json!(12.5),
            serde_json::json!(-1),
            serde_json::json!(1e20),
            serde_json::json!(MAX_COUNT + 1),
            serde_json::json!("12"),
        ] {
            let err = n(bad.clone()).expect_err("rejected");
            assert!(!err.contains("u64"), "{bad}: {err}");
        }
    }
}
