//! Verdicts at their boundaries, as the source article decides them: stop levels and thresholds
//! at, one sample above and one below, for both directions, on the point value and on the 95%
//! Wilson bound; exact numbers in the output; collapsed premises and closed projects; the
//! article's rationale and stop-criterion rules; messages.

use serde_json::Value;

use crate::harness::*;

const KPIS: &str = "kpis.yaml";
const RESULTS: &str = "results.yaml";
const PROJECT: &str = "project.yaml";
const DECISIONS: &str = "decisions.yaml";

/// The support project's PoC criteria for answer accuracy, as the example writes them.
const ACCURACY_CRITERIA: &str =
    "        threshold: 70            # the article's default: accuracy >= 70% -> continue
        stop: 40                 # at or below 40% the recommendation is to stop
        min_samples: 100
        confidence: point
";

/// The contract project's MVP criteria for the human correction rate (lower is better).
const CORRECTION_CRITERIA: &str =
    "        threshold: 10            # the article's default: correction < 10% -> production
        stop: 25
        min_samples: 200
        confidence: wilson-95    # the upper bound of the 95% interval must stay below 10
";

const CORRECTION_COUNTS: &str = "    successes: 14                # 14 of 400 proposals rewritten = 3.5%; Wilson upper bound about 5.8%
    n: 400
";

/// The example with the support project's accuracy criteria and result (`successes` of 200).
fn support_accuracy(threshold: &str, stop: &str, confidence: &str, successes: u64) -> Repo {
    let repo = Repo::init();
    repo.pset(
        SUPPORT,
        KPIS,
        ACCURACY_CRITERIA,
        &format!(
            "        threshold: {threshold}\n        stop: {stop}\n        min_samples: 100\n        confidence: {confidence}\n"
        ),
    );
    set_accuracy(&repo, successes, 200);
    repo
}

/// The example with the contract project's correction-rate criteria and result (of 400).
fn contract_correction(threshold: &str, stop: &str, confidence: &str, successes: u64) -> Repo {
    let repo = Repo::init();
    repo.pset(
        CONTRACT,
        KPIS,
        CORRECTION_CRITERIA,
        &format!(
            "        threshold: {threshold}\n        stop: {stop}\n        min_samples: 200\n        confidence: {confidence}\n"
        ),
    );
    repo.pset(
        CONTRACT,
        RESULTS,
        CORRECTION_COUNTS,
        &format!("    successes: {successes}\n    n: 400\n"),
    );
    repo
}

/// Checks and returns (KPI row, recommendation) for one KPI of one project.
fn verdict(repo: &Repo, project_id: &str, kpi_id: &str) -> (Value, Value) {
    let (code, doc) = repo.check_json(&[]);
    assert!(code == 0 || code == 1, "{}", listing(&doc));
    (
        kpi(&doc, project_id, kpi_id).clone(),
        project(&doc, project_id)["recommended"].clone(),
    )
}

/// Asserts the status and recommendation for each (successes, status, recommendation).
fn boundary(
    make: impl Fn(u64) -> Repo,
    project_id: &str,
    kpi_id: &str,
    cases: &[(u64, &str, &str)],
) {
    for (successes, status, recommended) in cases {
        let repo = make(*successes);
        let (row, rec) = verdict(&repo, project_id, kpi_id);
        assert_eq!(row["status"], *status, "{successes}: {row}");
        assert_eq!(rec, *recommended, "{successes}: {row}");
    }
}

// ---- 1. the stop level is inclusive in both directions ---------------------------------------

#[test]
fn higher_is_better_stop_level_at_above_and_below_on_the_point_value() {
    // 80 of 200 is exactly the stop level of 40%; 81 is 40.5%, short of 70 but above the stop.
    boundary(
        |s| support_accuracy("70", "40", "point", s),
        SUPPORT,
        "answer-accuracy",
        &[
            (79, "stop", "stop"),
            (80, "stop", "stop"),
            (81, "fail", "redesign"),
        ],
    );
}

#[test]
fn at_the_stop_level_the_message_and_the_table_show_the_stop_level() {
    let repo = support_accuracy("70", "40", "point", 80);
    let run = repo.check(&["--project", SUPPORT]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("answer-accuracy  40%     >= 70% (stop at <= 40%)   200  33.5%..46.9%  stop"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "warning[kpi-stop-criterion-met]: `answer-accuracy` is 40%, at or beyond the stop level agreed in advance (<= 40%; threshold >= 70%)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("recommended: stop — stop criterion met: answer-accuracy"),
        "{}",
        run.stdout
    );
}

#[test]
fn lower_is_better_stop_level_at_above_and_below_on_the_point_value() {
    // 100 of 400 is exactly the stop level of 25%.
    boundary(
        |s| contract_correction("10", "25", "point", s),
        CONTRACT,
        "human-correction-rate",
        &[
            (99, "fail", "redesign"),
            (100, "stop", "stop"),
            (101, "stop", "stop"),
        ],
    );
}

#[test]
fn higher_is_better_stop_level_on_the_wilson_bound() {
    // The favourable (upper) bound is compared with the stop level: 66 of 200 has an upper
    // bound of 39.783315226%, 67 of 200 one of 40.297808792%.
    boundary(
        |s| support_accuracy("70", "40", "wilson-95", s),
        SUPPORT,
        "answer-accuracy",
        &[
            (65, "stop", "stop"),
            (66, "stop", "stop"),
            (67, "fail", "redesign"),
        ],
    );
}

#[test]
fn lower_is_better_stop_level_on_the_wilson_bound() {
    // The favourable (lower) bound is compared with the stop level: 116 of 400 has a lower bound
    // of 24.769665929%, 117 of 400 one of 25.006202616%.
    boundary(
        |s| contract_correction("10", "25", "wilson-95", s),
        CONTRACT,
        "human-correction-rate",
        &[
            (116, "fail", "redesign"),
            (117, "stop", "stop"),
            (118, "stop", "stop"),
        ],
    );
}

// ---- 2. thresholds compared exactly ---------------------------------------------------------------

#[test]
fn higher_is_better_threshold_at_above_and_below_on_the_point_value() {
    // 114 / 200 * 100 is 56.99999999999999 in floating point; exactly it is 57.
    boundary(
        |s| support_accuracy("57", "40", "point", s),
        SUPPORT,
        "answer-accuracy",
        &[
            (113, "fail", "redesign"),
            (114, "pass", "continue"),
            (115, "pass", "continue"),
        ],
    );
    let repo = support_accuracy("57", "40", "point", 114);
    let run = repo.check(&["--format", "json"]);
    assert!(run.stdout.contains("\"value\": 57.0,"), "{}", run.stdout);
    assert!(!run.stdout.contains("56.99999"), "{}", run.stdout);
}

#[test]
fn lower_is_better_threshold_at_above_and_below_on_the_point_value() {
    // 116 / 400 * 100 is 28.999999999999996 in floating point; exactly it is 29, which is not
    // below 29.
    boundary(
        |s| contract_correction("29", "40", "point", s),
        CONTRACT,
        "human-correction-rate",
        &[
            (115, "pass", "production"),
            (116, "fail", "redesign"),
            (117, "fail", "redesign"),
        ],
    );
    let repo = contract_correction("29", "40", "point", 116);
    let run = repo.check(&["--project", CONTRACT]);
    assert!(
        run.stdout
            .contains("`human-correction-rate` is 29%, short of the agreed < 29% (stop at >= 40%)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("human-correction-rate  29%    < 29% (stop at >= 40%)   400"),
        "{}",
        run.stdout
    );
}

#[test]
fn higher_is_better_threshold_on_the_wilson_bound() {
    // The lower bound must clear 70: 152 of 200 gives 69.626659021%, 153 gives 70.158631117%.
    boundary(
        |s| support_accuracy("70", "40", "wilson-95", s),
        SUPPORT,
        "answer-accuracy",
        &[
            (152, "fail", "redesign"),
            (153, "pass", "continue"),
            (154, "pass", "continue"),
        ],
    );
}

#[test]
fn lower_is_better_threshold_on_the_wilson_bound() {
    // The upper bound must stay below 10: 28 of 400 gives 9.930894643%, 29 gives 10.218249325%.
    boundary(
        |s| contract_correction("10", "25", "wilson-95", s),
        CONTRACT,
        "human-correction-rate",
        &[
            (27, "pass", "production"),
            (28, "pass", "production"),
            (29, "fail", "redesign"),
        ],
    );
}

/// A limit equal to a Wilson bound as printed (nine decimals), and one billionth beyond it: the
/// comparison is with the number shown, so the verdict flips exactly there.
struct PrintedBound {
    case: &'static str,
    /// The example with the limit equal to the bound, and with it one billionth beyond.
    at: fn() -> Repo,
    beyond: fn() -> Repo,
    project: &'static str,
    kpi: &'static str,
    /// The interval's end compared (0 lower, 1 upper) and its value as printed.
    end: usize,
    bound: f64,
    /// The status and recommendation at the bound (`None`: not asserted), the status beyond.
    status: &'static str,
    recommended: Option<&'static str>,
    beyond_status: &'static str,
}

#[test]
fn a_limit_equal_to_the_printed_wilson_bound_flips_the_verdict_exactly_there() {
    let cases = [
        // A stop level equal to the bound as printed stops; one billionth below does not.
        PrintedBound {
            case: "higher is better, stop level on the upper bound",
            at: || support_accuracy("70", "40.297808792", "wilson-95", 67),
            beyond: || support_accuracy("70", "40.297808791", "wilson-95", 67),
            project: SUPPORT,
            kpi: "answer-accuracy",
            end: 1,
            bound: 40.297808792,
            status: "stop",
            recommended: Some("stop"),
            beyond_status: "fail",
        },
        PrintedBound {
            case: "lower is better, stop level on the lower bound",
            at: || contract_correction("10", "24.769665929", "wilson-95", 116),
            beyond: || contract_correction("10", "24.76966593", "wilson-95", 116),
            project: CONTRACT,
            kpi: "human-correction-rate",
            end: 0,
            bound: 24.769665929,
            status: "stop",
            recommended: Some("stop"),
            beyond_status: "fail",
        },
        // A threshold equal to the bound as printed passes; one billionth above does not.
        PrintedBound {
            case: "higher is better, threshold on the lower bound",
            at: || support_accuracy("70.158631117", "40", "wilson-95", 153),
            beyond: || support_accuracy("70.158631118", "40", "wilson-95", 153),
            project: SUPPORT,
            kpi: "answer-accuracy",
            end: 0,
            bound: 70.158631117,
            status: "pass",
            recommended: Some("continue"),
            beyond_status: "fail",
        },
        // An upper bound equal to the threshold is not below it.
        PrintedBound {
            case: "lower is better, threshold on the upper bound",
            at: || contract_correction("9.930894643", "25", "wilson-95", 28),
            beyond: || contract_correction("9.930894644", "25", "wilson-95", 28),
            project: CONTRACT,
            kpi: "human-correction-rate",
            end: 1,
            bound: 9.930894643,
            status: "fail",
            recommended: None,
            beyond_status: "pass",
        },
    ];
    for c in cases {
        let case = c.case;
        let (row, rec) = verdict(&(c.at)(), c.project, c.kpi);
        assert_eq!(row["interval"][c.end], c.bound, "{case}: {row}");
        assert_eq!(row["status"], c.status, "{case}: {row}");
        if let Some(recommended) = c.recommended {
            assert_eq!(rec, recommended, "{case}: {row}");
        }
        let (row, _) = verdict(&(c.beyond)(), c.project, c.kpi);
        assert_eq!(row["status"], c.beyond_status, "{case}: {row}");
    }
}

#[test]
fn wilson_bounds_are_exact_at_zero_and_at_the_whole() {
    // No successes: the lower bound is 0 exactly, so a threshold of 0 is met.
    let repo = support_accuracy("0", "0", "wilson-95", 0);
    let (row, _) = verdict(&repo, SUPPORT, "answer-accuracy");
    assert_eq!(row["interval"][0], 0.0, "{row}");
    // At the stop level of 0 (upper bound above it): not a stop; at the threshold: a pass.
    assert_eq!(row["status"], "pass", "{row}");
    // No failures: the upper bound is 100% exactly, which is not below a threshold of 100.
    let repo = contract_correction("100", "100", "wilson-95", 400);
    let (row, _) = verdict(&repo, CONTRACT, "human-correction-rate");
    assert_eq!(row["interval"][1], 100.0, "{row}");
    assert_eq!(row["status"], "fail", "{row}");
}

#[test]
fn json_numbers_carry_no_float_noise() {
    let repo = Repo::init();
    set_accuracy(&repo, 157, 200);
    repo.pset(
        SUPPORT,
        RESULTS,
        "value: 3.9                   # mean score of 12 operators",
        "value: 3.5",
    );
    let run = repo.check(&["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // 157/200 in percent is 78.5; the survey's 3.5 stays 3.5.
    assert!(run.stdout.contains("\"value\": 78.5,"), "{}", run.stdout);
    assert!(run.stdout.contains("\"value\": 3.5,"), "{}", run.stdout);
    let doc = run.json();
    let row = kpi(&doc, SUPPORT, "answer-accuracy");
    assert_eq!(row["successes"], 157);
    assert_eq!(row["threshold"], 70.0);
    // Every number of every KPI row reads back with at most 12 decimal places.
    for p in doc["projects"].as_array().expect("projects") {
        for k in p["kpis"].as_array().expect("kpis") {
            let numbers = [&k["value"], &k["threshold"], &k["stop"]]
                .into_iter()
                .chain(k["interval"].as_array().into_iter().flatten());
            for v in numbers.filter_map(Value::as_f64) {
                let text = v.to_string();
                let places = text.split_once('.').map_or(0, |(_, f)| f.len());
                assert!(places <= 12, "{text} in {k}");
            }
        }
    }
}

// ---- 4. a collapsed premise, and closing a project ---------------------------------------------

fn data_not_available(repo: &Repo) {
    repo.pset(
        SUPPORT,
        PROJECT,
        "August 2026\n    owner: sato-yuki\n    available: true",
        "August 2026\n    owner: sato-yuki\n    available: false",
    );
}

fn decide_support(repo: &Repo, outcome: &str, by: &str, extra: &str) {
    repo.write(
        &pfile(SUPPORT, DECISIONS),
        format!(
            "decisions:\n  - id: poc-gate\n    gate: poc\n    outcome: {outcome}\n    decided_by: {by}\n    decided_at: 2026-11-25\n    rationale: The inquiry archive cannot be obtained.\n{extra}"
        ),
    );
}

#[test]
fn data_not_available_at_the_poc_gate_recommends_stop_with_the_reason() {
    let repo = Repo::init();
    data_not_available(&repo);
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1, "data-not-ready stays an error: {}", listing(&doc));
    let p = project(&doc, SUPPORT);
    assert_eq!(p["recommended"], "stop");
    assert_eq!(
        p["reason"],
        "the data premise has collapsed: `support-inquiry-archive` is not available"
    );
    assert_eq!(p["closed"], false);
    let at = repo.pos(&pfile(SUPPORT, PROJECT), "available: false", "false");
    let f = finding_at(&doc, "data-not-ready", &pfile(SUPPORT, PROJECT), at);
    assert_eq!(f["severity"], "error");
    assert!(
        f["help"]
            .as_str()
            .is_some_and(|h| h.contains("the criteria recommend stop")),
        "{f}"
    );
}

#[test]
fn recording_the_stop_the_premise_asks_for_closes_the_project() {
    let repo = Repo::init();
    data_not_available(&repo);
    // A second problem, which a closed project no longer has to fix.
    repo.pset(SUPPORT, PROJECT, "model: accompanying", "model: delivery");
    decide_support(&repo, "stop", "yamamoto-kenji", "");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0, "{}", listing(&doc));
    assert_no(&doc, "decision-while-blocked");
    assert_no(&doc, "decision-contradicts-criteria");
    let p = project(&doc, SUPPORT);
    assert_eq!(p["closed"], true);
    assert_eq!(p["ready"], true);
    assert_eq!(p["recorded"]["outcome"], "stop");
    for f in doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["project"] == SUPPORT)
    {
        assert_eq!(f["severity"], "note", "{f}");
    }
    assert_eq!(with_code(&doc, "data-not-ready").len(), 1);
    let run = repo.check(&["--project", SUPPORT]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains(
            "readiness:   closed: stopped by the decision in force; its other findings are notes"
        ),
        "{}",
        run.stdout
    );
    let md = repo.check(&["--format", "markdown"]).stdout;
    assert!(
        md.contains("| PoC | 🛑 closed (stopped) | **stop** | stop (2026-11-25) |"),
        "{md}"
    );
    // The other project is untouched.
    assert_eq!(project(&doc, CONTRACT)["closed"], false);
}

#[test]
fn a_stop_that_is_not_valid_does_not_close_the_project() {
    // Recorded by someone other than the owner: the stop is not a decision of the project.
    let repo = Repo::init();
    data_not_available(&repo);
    decide_support(&repo, "stop", "sato-yuki", "");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(project(&doc, SUPPORT)["closed"], false);
    assert_eq!(with_code(&doc, "data-not-ready")[0]["severity"], "error");
    assert_eq!(
        with_code(&doc, "decision-not-by-owner")[0]["severity"],
        "error"
    );

    // A stop the criteria do not recommend, without an override, contradicts them.
    let repo = Repo::init();
    decide_support(&repo, "stop", "yamamoto-kenji", "");
    repo.pset(SUPPORT, PROJECT, "model: accompanying", "model: delivery");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(project(&doc, SUPPORT)["closed"], false);
    assert_eq!(
        with_code(&doc, "partner-delivery")[0]["severity"],
        "warning"
    );

    // With the override's reason on record, the same stop closes it.
    let repo = Repo::init();
    decide_support(
        &repo,
        "stop",
        "yamamoto-kenji",
        "    override:\n      reason: The budget moved to another project.\n",
    );
    repo.pset(SUPPORT, PROJECT, "model: accompanying", "model: delivery");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0, "{}", listing(&doc));
    assert_eq!(project(&doc, SUPPORT)["closed"], true);
    assert_eq!(with_code(&doc, "partner-delivery")[0]["severity"], "note");
}

#[test]
fn a_closed_project_still_needs_a_sound_record_of_its_decisions() {
    let repo = Repo::init();
    data_not_available(&repo);
    // The stop is valid, but an earlier decision names someone who is not in people.yaml.
    repo.write(
        &pfile(SUPPORT, DECISIONS),
        "decisions:\n  - id: early\n    gate: poc\n    outcome: redesign\n    decided_by: nobody-here\n    decided_at: 2026-11-01\n    rationale: First look.\n  - id: poc-gate\n    gate: poc\n    outcome: stop\n    decided_by: yamamoto-kenji\n    decided_at: 2026-11-25\n    rationale: No data.\n    supersedes: early\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1, "{}", listing(&doc));
    let p = project(&doc, SUPPORT);
    assert_eq!(p["closed"], true);
    assert_eq!(with_code(&doc, "unknown-person")[0]["severity"], "error");
    assert_eq!(with_code(&doc, "data-not-ready")[0]["severity"], "note");
}

#[test]
fn advancing_a_blocked_gate_is_decision_while_blocked_but_stopping_or_redesigning_is_not() {
    let repo = Repo::init();
    data_not_available(&repo);
    decide_support(&repo, "continue", "yamamoto-kenji", "");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(with_code(&doc, "decision-while-blocked").len(), 1);
    // The premise recommends stop: continuing without an override contradicts it too.
    assert_eq!(with_code(&doc, "decision-contradicts-criteria").len(), 1);

    let repo = Repo::init();
    data_not_available(&repo);
    decide_support(
        &repo,
        "redesign",
        "yamamoto-kenji",
        "    override:\n      reason: A licensed archive replaces it.\n",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1, "data-not-ready still blocks: {}", listing(&doc));
    assert_no(&doc, "decision-while-blocked");
    assert_eq!(project(&doc, SUPPORT)["closed"], false);
}

#[test]
fn data_not_permitted_at_the_mvp_gate_recommends_redesign() {
    let repo = Repo::init();
    repo.pset(
        CONTRACT,
        PROJECT,
        "per clause type\n    owner: kobayashi-emi\n    available: true\n    permitted: true",
        "per clause type\n    owner: kobayashi-emi\n    available: true\n    permitted: false",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let p = project(&doc, CONTRACT);
    assert_eq!(p["recommended"], "redesign");
    assert_eq!(
        p["reason"],
        "the data premise has collapsed: `clause-playbook` is not permitted"
    );
    // Recording the redesign is not a decision taken while blocked.
    let decisions = repo.read(&pfile(CONTRACT, DECISIONS));
    repo.write(
        &pfile(CONTRACT, DECISIONS),
        format!(
            "{decisions}  - id: mvp-gate\n    gate: mvp\n    outcome: redesign\n    decided_by: kato-ryo\n    decided_at: 2026-11-25\n    rationale: The playbook may not be used.\n"
        ),
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    assert_no(&doc, "decision-while-blocked");
    assert_no(&doc, "decision-contradicts-criteria");
    assert_eq!(with_code(&doc, "data-not-ready")[0]["severity"], "error");
}

/// A copy of the production fixture of the default policy's cases.
fn production_repo() -> tempfile::TempDir {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).expect("create folder");
        for entry in std::fs::read_dir(from).expect("read fixture") {
            let entry = entry.expect("entry");
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    copy(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("policies/tests/fixtures/production"),
        dir.path(),
    );
    dir
}

fn check_dir(root: &std::path::Path) -> (i32, Value) {
    let run = Run::from_output(
        bare()
            .arg("check")
            .arg("--root")
            .arg(root)
            .args(["--now", NOW, "--format", "json"])
            .output()
            .expect("run tollgate check"),
    );
    let doc = run.json();
    (run.code, doc)
}

#[test]
fn data_not_available_in_production_recommends_limited_and_needs_no_stop_level() {
    let dir = production_repo();
    let (code, doc) = check_dir(dir.path());
    assert_eq!(code, 0, "{}", listing(&doc));
    assert_eq!(
        project(&doc, "ops-knowledge-search")["recommended"],
        "rollout"
    );
    // In production a stop level changes nothing (limited either way): not asked for.
    assert_no(&doc, "stop-criterion-missing");

    let path = dir
        .path()
        .join("projects/ops-knowledge-search/project.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(text.matches("available: true").count(), 1, "{text}");
    std::fs::write(&path, text.replace("available: true", "available: false")).expect("write");
    let (code, doc) = check_dir(dir.path());
    assert_eq!(code, 1);
    let p = project(&doc, "ops-knowledge-search");
    assert_eq!(p["recommended"], "limited");
    assert!(
        p["reason"]
            .as_str()
            .is_some_and(|r| r.starts_with("the data premise has collapsed")),
        "{p}"
    );
}

// ---- 5. the article's rationale and stop criteria ------------------------------------------------

const RATIONALE: &str = "  rationale: >
    Operators spend most of their handling time searching the FAQ and past answers and writing
    the reply from scratch. A usable draft removes the search and most of the typing, so handling
    time should fall while the operator keeps control over what is sent.
";

#[test]
fn project_without_a_business_kpi_rationale_is_rationale_missing() {
    let repo = Repo::init();
    repo.pset(SUPPORT, PROJECT, RATIONALE, "");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&pfile(SUPPORT, PROJECT), "scope:\n", "scope");
    let f = finding_at(&doc, "rationale-missing", &pfile(SUPPORT, PROJECT), at);
    assert_eq!(f["severity"], "error");
    assert_eq!(f["rule"], "business-rationale");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("Average handling time per inquiry")),
        "{f}"
    );
    assert_eq!(project(&doc, SUPPORT)["ready"], false);

    // Blank text is no rationale either.
    let repo = Repo::init();
    repo.pset(SUPPORT, PROJECT, RATIONALE, "  rationale: \"  \"\n");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let at = repo.pos(&pfile(SUPPORT, PROJECT), "  rationale: \"", "rationale");
    finding_at(&doc, "rationale-missing", &pfile(SUPPORT, PROJECT), at);
}

#[test]
fn criteria_without_a_stop_level_are_stop_criterion_missing() {
    let repo = Repo::init();
    let (_, doc) = repo.check_json(&[]);
    assert_no(&doc, "stop-criterion-missing");
    repo.pset(
        SUPPORT,
        KPIS,
        "        stop: 40                 # at or below 40% the recommendation is to stop\n",
        "",
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0, "a warning: {}", listing(&doc));
    let at = repo.pos(
        &pfile(SUPPORT, KPIS),
        "      poc:\n        threshold: 70",
        "threshold",
    );
    let f = finding_at(&doc, "stop-criterion-missing", &pfile(SUPPORT, KPIS), at);
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["rule"], "criteria-registered");
    assert_eq!(
        f["message"],
        "criteria of `answer-accuracy` at the PoC gate set no `stop` level, so this KPI can never recommend stop"
    );
    assert_eq!(with_code(&doc, "stop-criterion-missing").len(), 1);
    // Without a stop level, even 0 of 200 only misses the threshold.
    set_accuracy(&repo, 0, 200);
    let (_, doc) = repo.check_json(&[]);
    assert_eq!(project(&doc, SUPPORT)["recommended"], "redesign");
}

// ---- 7. messages ----------------------------------------------------------------------------------

#[test]
fn an_outcome_the_gate_does_not_allow_is_one_error() {
    let repo = Repo::init();
    decide_support(&repo, "rollout", "yamamoto-kenji", "");
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let errors: Vec<&str> = errors_of(&doc, SUPPORT)
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert_eq!(errors, ["decision-outcome-invalid"], "{}", listing(&doc));
}

#[test]
fn pending_item_no_gate_needs_is_a_note_not_needed_at_a_later_gate() {
    let repo = Repo::init();
    let governance = repo.read(&pfile(SUPPORT, "governance.yaml"));
    repo.write(
        &pfile(SUPPORT, "governance.yaml"),
        format!(
            "{governance}\n  - id: team-lunch\n    topic: other\n    title: Celebrate the trial week\n    department: business-planning\n    approver: yamamoto-kenji\n    status: pending\n"
        ),
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0, "{}", listing(&doc));
    let at = repo.pos(
        &pfile(SUPPORT, "governance.yaml"),
        "approver: yamamoto-kenji\n    status: pending",
        "pending",
    );
    let f = finding_at(
        &doc,
        "governance-pending",
        &pfile(SUPPORT, "governance.yaml"),
        at,
    );
    assert_eq!(f["severity"], "note");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.ends_with("no later gate of the policy needs it")),
        "{f}"
    );
    // An item a later gate does need names that gate.
    let at = repo.pos(
        &pfile(SUPPORT, "governance.yaml"),
        "approver: nakamura-sho\n    status: pending",
        "pending",
    );
    let f = finding_at(
        &doc,
        "governance-pending",
        &pfile(SUPPORT, "governance.yaml"),
        at,
    );
    assert_eq!(f["severity"], "warning");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.ends_with("needed at the MVP gate")),
        "{f}"
    );
}

#[test]
fn a_waiver_is_valid_through_its_expiry_date() {
    let repo = Repo::init();
    repo.pset(SUPPORT, PROJECT, "model: accompanying", "model: delivery");
    repo.pset(
        SUPPORT,
        PROJECT,
        "models:\n",
        &format!(
            "waivers:\n  - rule: partner-delivery\n    reason: The contract is being renegotiated.\n    approved_by: kato-ryo\n    expires: {NOW}\nmodels:\n"
        ),
    );
    let (code, doc) = repo.check_json(&[]);
    assert_eq!(code, 0);
    assert_eq!(with_code(&doc, "partner-delivery")[0]["severity"], "note");
    assert_eq!(with_code(&doc, "rule-waived").len(), 1);
    assert_no(&doc, "waiver-expired");
}

#[test]
fn every_finding_of_the_evaluation_has_help() {
    // Scenarios that between them produce every code of the evaluation that the example can
    // reach, including the notes `decision-overrides-criteria` and `rule-waived`.
    let mut seen = std::collections::BTreeSet::new();
    type Scenario = Box<dyn Fn(&Repo)>;
    let scenarios: Vec<Scenario> = vec![
        Box::new(|r| {
            decide_support(
                r,
                "stop",
                "sato-yuki",
                "    override:\n      reason: Budget.\n",
            );
            r.pset(SUPPORT, PROJECT, "model: accompanying", "model: delivery");
            r.pset(
                SUPPORT,
                PROJECT,
                "models:\n",
                "waivers:\n  - rule: partner-delivery\n    reason: Renegotiating.\n    approved_by: kato-ryo\n    expires: 2027-01-31\nmodels:\n",
            );
        }),
        Box::new(|r| {
            data_not_available(r);
            r.pset(SUPPORT, PROJECT, RATIONALE, "");
            set_accuracy(r, 60, 90);
            r.pset(
                SUPPORT,
                "issues.yaml",
                "area: model-management",
                "area: other",
            );
            decide_support(r, "rollout", "yamamoto-kenji", "");
        }),
        Box::new(|r| {
            set_accuracy(r, 70, 200);
            r.pset(
                SUPPORT,
                KPIS,
                "        stop: 40                 # at or below 40% the recommendation is to stop\n",
                "",
            );
            r.pset(
                SUPPORT,
                PROJECT,
                "tech_lead: suzuki-daisuke",
                "tech_lead: sato-yuki",
            );
            decide_support(r, "continue", "yamamoto-kenji", "");
        }),
        Box::new(|r| set_accuracy(r, 60, 200)),
    ];
    for scenario in scenarios {
        let repo = Repo::init();
        scenario(&repo);
        let (_, doc) = repo.check_json(&[]);
        for f in doc["findings"].as_array().expect("findings") {
            if f["code"] == "history-unavailable" {
                continue;
            }
            seen.insert(f["code"].as_str().unwrap_or_default().to_string());
            assert!(
                f["help"].as_str().is_some_and(|h| !h.is_empty()),
                "no help: {f}"
            );
        }
    }
    for code in [
        "decision-overrides-criteria",
        "rule-waived",
        "decision-not-by-owner",
        "rationale-missing",
        "data-not-ready",
        "sample-too-small",
        "decision-outcome-invalid",
        "stop-criterion-missing",
        "kpi-stop-criterion-met",
        "kpi-below-threshold",
        "roles-not-separated",
        "decision-while-blocked",
        "issue-area-missing",
    ] {
        assert!(seen.contains(code), "{code} not produced: {seen:?}");
    }
}

#[test]
fn every_finding_about_a_broken_file_has_help() {
    let mut names: Vec<String> = std::fs::read_dir(crate::harness::fixtures())
        .expect("fixtures")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "base")
        .collect();
    names.sort();
    assert!(names.len() > 10, "{names:?}");
    for name in names {
        let repo = crate::harness::Repo::fixture(&name);
        let run = repo.validate(&["--format", "json"]);
        let doc: Value = serde_json::from_str(&run.stdout).expect("JSON");
        for f in crate::harness::findings(&doc) {
            assert!(
                f["help"].as_str().is_some_and(|h| !h.is_empty()),
                "{name}: no help: {f}"
            );
        }
    }
}
