//! Numbers with a range: thresholds, stop levels and values within their KPI's unit, counts
//! that are whole numbers JSON reads exactly, and NaN or infinity refused in plain words. The
//! schema and the loader accept the same documents, so no number ends in a "tollgate defect".

use crate::harness::*;

/// No finding anywhere reads like an internal error.
fn no_defect(doc: &serde_json::Value) {
    let all = listing(doc);
    for word in ["defect", "u64", "f64", "found null", "configured policy"] {
        assert!(!all.contains(word), "`{word}` in:\n{all}");
    }
}

/// Sets a value in the support project's kpis.yaml and expects one finding at it.
fn kpis_value(from: &str, to: &str, token: &str) -> (Repo, serde_json::Value) {
    let repo = Repo::init();
    repo.pset(SUPPORT, "kpis.yaml", from, to);
    let (code, doc) = repo.validate_doc();
    assert_eq!(code, 1, "{}", listing(&doc));
    no_defect(&doc);
    let at = repo.pos(&pfile(SUPPORT, "kpis.yaml"), to, token);
    let f = finding_at(&doc, "invalid-value", &pfile(SUPPORT, "kpis.yaml"), at).clone();
    (repo, f)
}

const ACCURACY_THRESHOLD: &str = "threshold: 70            # the article's";
const ACCURACY_STOP: &str = "stop: 40                 # at or below";

/// What a number out of range is told: its message exactly, or how it ends (a number too long
/// to repeat is shown as written).
enum Message {
    Is(&'static str),
    EndsWith(&'static str),
}

/// A value of kpis.yaml out of its range: one `invalid-value` finding at it.
struct OutOfRange {
    case: &'static str,
    /// The line replaced, its replacement, and the value's token in it.
    from: &'static str,
    to: &'static str,
    token: &'static str,
    message: Message,
    /// The finding's pointer and a part of its help, where asserted.
    pointer: Option<&'static str>,
    help: Option<&'static str>,
}

#[test]
fn percent_threshold_below_zero_or_above_100_is_out_of_range_at_the_value() {
    let cases = [
        OutOfRange {
            case: "threshold below 0",
            from: ACCURACY_THRESHOLD,
            to: "threshold: -1 # the article's",
            token: "-1",
            message: Message::Is("-1 is below 0, the smallest value allowed here"),
            pointer: Some("/kpis/0/criteria/poc/threshold"),
            help: Some("percent values run from 0 to 100"),
        },
        OutOfRange {
            case: "threshold far above 100",
            from: ACCURACY_THRESHOLD,
            to: "threshold: 123456789012345678901234567890 # the article's",
            token: "123456789012345678901234567890",
            message: Message::EndsWith("is above 100, the largest value allowed here"),
            pointer: None,
            help: None,
        },
        OutOfRange {
            case: "stop above 100",
            from: ACCURACY_STOP,
            to: "stop: 100.5 # at or below",
            token: "100.5",
            message: Message::Is("100.5 is above 100, the largest value allowed here"),
            pointer: Some("/kpis/0/criteria/poc/stop"),
            help: None,
        },
    ];
    for c in cases {
        let case = c.case;
        let (_, f) = kpis_value(c.from, c.to, c.token);
        match c.message {
            Message::Is(m) => assert_eq!(f["message"], m, "{case}: {f}"),
            Message::EndsWith(m) => assert!(
                f["message"].as_str().is_some_and(|s| s.ends_with(m)),
                "{case}: {f}"
            ),
        }
        if let Some(pointer) = c.pointer {
            assert_eq!(f["pointer"], pointer, "{case}: {f}");
        }
        if let Some(help) = c.help {
            assert!(
                f["help"].as_str().is_some_and(|h| h.contains(help)),
                "{case}: {f}"
            );
        }
    }
}

#[test]
fn ranges_follow_the_unit() {
    // A ratio runs from 0 to 1.
    let repo = Repo::init();
    repo.pset(SUPPORT, "kpis.yaml", "unit: percent", "unit: ratio");
    let (code, doc) = repo.validate_doc();
    assert_eq!(code, 1);
    let at = repo.pos(&pfile(SUPPORT, "kpis.yaml"), ACCURACY_THRESHOLD, "70");
    let f = finding_at(&doc, "invalid-value", &pfile(SUPPORT, "kpis.yaml"), at);
    assert_eq!(
        f["message"],
        "70 is above 1, the largest value allowed here"
    );
    // Durations are never negative.
    let (_, f) = kpis_value("        threshold: 30\n", "        threshold: -30\n", "-30");
    assert_eq!(
        f["message"],
        "-30 is below 0, the smallest value allowed here"
    );
    // A score's scale is the project's own (an NPS runs from -100 to 100).
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        "kpis.yaml",
        "        threshold: 3.5\n        stop: 2.5",
        "        threshold: -20\n        stop: -60",
    );
    let (code, doc) = repo.validate_doc();
    assert_eq!(code, 0, "{}", listing(&doc));
}

#[test]
fn result_value_outside_its_kpis_unit_is_out_of_range_at_the_value() {
    let repo = Repo::init();
    repo.pset(SUPPORT, "results.yaml", "value: 11.8", "value: -0.5");
    repo.pset(
        SUPPORT,
        "results.yaml",
        ACCURACY_COUNTS,
        "    value: 120\n    n: 200\n",
    );
    let (code, doc) = repo.validate_doc();
    assert_eq!(code, 1);
    no_defect(&doc);
    let results = pfile(SUPPORT, "results.yaml");
    let at = repo.pos(&results, "value: 120", "120");
    let f = finding_at(&doc, "invalid-value", &results, at);
    assert_eq!(
        f["message"],
        "120 is out of range for `answer-accuracy`, a percent KPI: its values are from 0 to 100"
    );
    let at = repo.pos(&results, "value: -0.5", "-0.5");
    let f = finding_at(&doc, "invalid-value", &results, at);
    assert_eq!(
        f["message"],
        "-0.5 is out of range for `response-time`, a seconds KPI: its values are 0 or more"
    );
    assert_eq!(with_code(&doc, "invalid-value").len(), 2);
    // A survey score may be any number.
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        "results.yaml",
        "value: 3.9                   # mean score of 12 operators",
        "value: -3.9",
    );
    let (code, doc) = repo.validate_doc();
    assert_eq!(code, 0, "{}", listing(&doc));
}

#[test]
fn integral_numbers_are_counts_and_others_are_refused_in_plain_words() {
    // `n: 12.0` is the integer 12 for the schema, so it is for the loader.
    let repo = Repo::init();
    repo.pset(SUPPORT, "results.yaml", "    n: 12\n", "    n: 12.0\n");
    repo.pset(
        SUPPORT,
        "kpis.yaml",
        "min_samples: 100",
        "min_samples: 100.0",
    );
    repo.write("tollgate.yaml", "version: 1.0\nmax_file_bytes: 4194304.0\n");
    let (code, doc) = repo.validate_doc();
    assert_eq!(code, 0, "{}", listing(&doc));
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0, "{}", listing(&doc));
    assert_eq!(kpi(&doc, SUPPORT, "field-usability")["n"], 12);
    assert_eq!(kpi(&doc, SUPPORT, "answer-accuracy")["min_samples"], 100);

    // Beyond 2^53 - 1, integers stop being exact in JSON: refused at the value.
    let repo = Repo::init();
    repo.pset(SUPPORT, "results.yaml", "    n: 12\n", "    n: 1e20\n");
    let (code, doc) = repo.validate_doc();
    assert_eq!(code, 1);
    no_defect(&doc);
    let at = repo.pos(&pfile(SUPPORT, "results.yaml"), "n: 1e20", "1e20");
    let f = finding_at(&doc, "invalid-value", &pfile(SUPPORT, "results.yaml"), at);
    assert_eq!(
        f["message"],
        "1e+20 is above 9007199254740991, the largest value allowed here"
    );
    let (code, doc) = {
        let repo = Repo::init();
        repo.pset(
            SUPPORT,
            "results.yaml",
            "    n: 12\n",
            "    n: 9007199254740991\n",
        );
        repo.validate_doc()
    };
    assert_eq!(code, 0, "{}", listing(&doc));

    // A fraction is not a count.
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        "results.yaml",
        ACCURACY_COUNTS,
        "    successes: 155.5\n    n: 200\n",
    );
    let (code, doc) = repo.validate_doc();
    assert_eq!(code, 1);
    no_defect(&doc);
    let at = repo.pos(&pfile(SUPPORT, "results.yaml"), "successes: 155.5", "155.5");
    let f = finding_at(&doc, "wrong-type", &pfile(SUPPORT, "results.yaml"), at);
    assert_eq!(f["message"], "expected integer, found number 155.5");
}

#[test]
fn nan_and_infinity_are_refused_as_not_finite_numbers() {
    for (file, from, to, written) in [
        ("results.yaml", "value: 11.8", "value: .nan", ".nan"),
        ("results.yaml", "value: 11.8", "value: -.Inf", "-.Inf"),
        (
            "kpis.yaml",
            ACCURACY_THRESHOLD,
            "threshold: .inf # the article's",
            ".inf",
        ),
    ] {
        let repo = Repo::init();
        repo.pset(SUPPORT, file, from, to);
        let (code, doc) = repo.validate_doc();
        assert_eq!(code, 1, "{written} in {file}");
        no_defect(&doc);
        let at = repo.pos(&pfile(SUPPORT, file), to, written);
        let f = finding_at(&doc, "yaml-syntax", &pfile(SUPPORT, file), at);
        assert_eq!(
            f["message"],
            format!(
                "`{written}` is not a finite number (NaN and infinity cannot be compared with a criterion); write a number"
            ),
            "{written} in {file}"
        );
        assert_eq!(
            f["help"], "write the measured number, or leave the key out until there is one",
            "{written} in {file}"
        );
    }
}
