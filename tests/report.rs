//! `tollgate report`: the HTML report, read back as a document (the pages are well-formed XML,
//! so an XML parser reads them the way the browser test's DOM does), on real git histories.
//! tests/browser/ opens the same kind of report in Chromium.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use predicates::str::contains;
use roxmltree::{Document, Node, ParsingOptions};

use crate::harness::{GitRepo, MVP, OWNER, POC, TECH, record_poc_decision};

const KATO: (&str, &str) = ("Ryo Kato", "ryo.kato@example.com");

/// The example with four more commits: a second PoC run, the MVP owner raising a criterion
/// (recorded, so history accepts it), a second MVP run, and the PoC gate decision with the
/// move to MVP.
fn history() -> GitRepo {
    let repo = GitRepo::example();
    repo.append(
        &format!("{POC}/results.yaml"),
        "\n  - id: poc-accuracy-run-2\n    kpi: answer-accuracy\n    gate: poc\n    successes: 166\n    \
         n: 200\n    dataset:\n      id: support-inquiry-test-set\n      kind: test\n    \
         measured_at: 2026-11-13\n",
    );
    repo.commit("Second PoC evaluation run (#2)", TECH);
    repo.edit(
        &format!("{MVP}/kpis.yaml"),
        "threshold: 3.5\n        stop: 2.5",
        "threshold: 3.8\n        stop: 2.5",
    );
    repo.append(
        &format!("{MVP}/kpis.yaml"),
        "\ncriteria_changes:\n  - kpi: reviewer-trust\n    gate: mvp\n    changed_by: kato-ryo\n    \
         changed_at: 2026-11-18\n    rationale: Legal asked for a higher bar.\n",
    );
    repo.commit("Raise the MVP bar for reviewer trust (#3)", KATO);
    repo.append(
        &format!("{MVP}/results.yaml"),
        "\n  - id: mvp-clause-accuracy-2\n    kpi: clause-accuracy\n    gate: mvp\n    successes: 381\n    \
         n: 420\n    dataset:\n      id: contract-archive-2026-sample\n      kind: production-like\n    \
         measured_at: 2026-11-19\n\n  - id: mvp-reviewer-trust-2\n    kpi: reviewer-trust\n    gate: mvp\n    \
         value: 4.3\n    n: 12\n    dataset:\n      id: mvp-reviewer-survey-2\n      \
         kind: production-like\n    measured_at: 2026-11-19\n",
    );
    repo.commit("Second MVP evaluation (#4)", TECH);
    record_poc_decision(&repo);
    repo.edit(&format!("{POC}/project.yaml"), "stage: poc", "stage: mvp");
    repo.commit("PoC gate: continue (#5)", OWNER);
    repo
}

/// Runs `tollgate report` into `out`; returns its standard output.
fn report(repo: &GitRepo, out: &Path, extra: &[&str]) -> String {
    let out_arg = out.to_str().unwrap();
    let mut args = vec!["report", "--out", out_arg, "--now", "2026-12-01"];
    args.extend_from_slice(extra);
    let output = repo.tollgate(&args).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout {stdout}\nstderr {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn read(out: &Path, page: &str) -> String {
    std::fs::read_to_string(out.join(page)).unwrap()
}

fn parse(text: &str) -> Document<'_> {
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options)
        .unwrap_or_else(|e| panic!("the page is not well-formed ({e}):\n{text}"))
}

fn has_class(n: &Node<'_, '_>, class: &str) -> bool {
    n.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|x| x == class))
}

fn all<'a, 'i>(doc: &'a Document<'i>, tag: &str, class: &str) -> Vec<Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| n.is_element() && (tag.is_empty() || n.tag_name().name() == tag))
        .filter(|n| class.is_empty() || has_class(n, class))
        .collect()
}

fn within<'a, 'i>(n: Node<'a, 'i>, tag: &str, class: &str) -> Vec<Node<'a, 'i>> {
    n.descendants()
        .filter(|d| d.is_element() && (tag.is_empty() || d.tag_name().name() == tag))
        .filter(|d| class.is_empty() || has_class(d, class))
        .collect()
}

/// The text of a node and its descendants.
fn text(n: Node<'_, '_>) -> String {
    n.descendants()
        .filter(Node::is_text)
        .filter_map(|d| d.text())
        .collect()
}

fn figure<'a, 'i>(doc: &'a Document<'i>, kpi: &str, gate: &str) -> Node<'a, 'i> {
    all(doc, "figure", "kpi-trend")
        .into_iter()
        .find(|f| f.attribute("data-kpi") == Some(kpi) && f.attribute("data-gate") == Some(gate))
        .unwrap_or_else(|| panic!("no chart of {kpi} at {gate}"))
}

/// The `data-value`s of a chart's points, in the order drawn (by measurement date).
fn values(f: Node<'_, '_>) -> Vec<String> {
    within(f, "g", "series")
        .into_iter()
        .flat_map(|g| within(g, "", "point"))
        .map(|p| p.attribute("data-value").unwrap().to_string())
        .collect()
}

#[test]
fn every_kpi_is_charted_from_history_with_its_threshold() {
    let repo = history();
    let out = tempfile::tempdir().unwrap();
    let stdout = report(&repo, out.path(), &[]);
    assert!(stdout.starts_with("wrote 3 pages to "), "{stdout}");
    for page in [
        "index.html",
        "projects/contract-review-assist.html",
        "projects/support-reply-drafts.html",
        ".tollgate-report",
    ] {
        assert!(out.path().join(page).is_file(), "{page}");
    }
    let text_of_page = read(out.path(), "projects/contract-review-assist.html");
    let doc = parse(&text_of_page);
    let charts: Vec<(String, String)> = all(&doc, "figure", "kpi-trend")
        .iter()
        .map(|f| {
            (
                f.attribute("data-kpi").unwrap().to_string(),
                f.attribute("data-gate").unwrap().to_string(),
            )
        })
        .collect();
    // The gate being decided first, in kpis.yaml's order; then the PoC gate's.
    assert_eq!(
        charts,
        [
            ("clause-accuracy", "mvp"),
            ("human-correction-rate", "mvp"),
            ("reviewer-trust", "mvp"),
            ("clause-accuracy", "poc"),
            ("reviewer-trust", "poc"),
        ]
        .map(|(k, g)| (k.to_string(), g.to_string()))
    );
    for f in all(&doc, "figure", "kpi-trend") {
        let threshold = within(f, "path", "threshold");
        assert_eq!(threshold.len(), 1, "{:?}", f.attribute("data-kpi"));
        assert!(threshold[0].attribute("d").unwrap().starts_with('M'));
        assert!(!values(f).is_empty(), "{:?}", f.attribute("data-kpi"));
        assert!(!within(f, "table", "").is_empty());
    }
    // Both versions of results.yaml that counted a different MVP accuracy run, in date order,
    // each the value `check` showed at its commit: 362 of 400 and 381 of 420.
    let accuracy = figure(&doc, "clause-accuracy", "mvp");
    assert_eq!(values(accuracy), ["90.5%", "90.7%"]);
    let dates: Vec<&str> = within(accuracy, "", "point")
        .iter()
        .filter_map(|p| p.attribute("data-measured-at"))
        .collect();
    assert_eq!(dates, ["2026-10-30", "2026-11-19"]);
    // 95% intervals where counts exist; none for a survey score.
    assert_eq!(within(accuracy, "path", "interval").len(), 2);
    let trust = figure(&doc, "reviewer-trust", "mvp");
    assert!(within(trust, "path", "interval").is_empty());
    // The raised criterion: a step in the threshold line and a mark naming the commit.
    let d = within(trust, "path", "threshold")[0]
        .attribute("d")
        .unwrap();
    assert_eq!(d.matches('M').count(), 1, "one continuous step line: {d}");
    assert_eq!(d.matches('L').count(), 3, "{d}");
    let marks = within(trust, "line", "criterion-change");
    assert_eq!(marks.len(), 1);
    let why = text(marks[0]);
    assert!(why.contains("(PR #3) by Ryo Kato"), "{why}");
    assert!(
        why.contains(">= 3.5 (stop at <= 2.5), n >= 10 -> >= 3.8 (stop at <= 2.5), n >= 10"),
        "{why}"
    );
    assert!(text(trust).contains("criterion now: >= 3.8 (stop at <= 2.5)"));
    // The current value in the KPI table is the latest point of the chart of the same gate.
    let kpi_table = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("kpis"))
        .unwrap();
    let row = within(kpi_table, "tr", "")
        .into_iter()
        .find(|r| text(*r).contains("clause-accuracy"))
        .unwrap();
    assert!(text(row).contains("90.7%"), "{}", text(row));

    // The decision timeline of the other project: the decision and the stage move of PR #5.
    let poc_page = read(out.path(), "projects/support-reply-drafts.html");
    let poc = parse(&poc_page);
    let timeline = poc
        .descendants()
        .find(|n| n.attribute("id") == Some("timeline"))
        .unwrap();
    let rows: Vec<String> = within(timeline, "tr", "").into_iter().map(text).collect();
    assert!(
        rows[1].contains("decision `poc-gate` recorded: PoC gate -> continue")
            && rows[1].contains("Kenji Yamamoto")
            && rows[1].contains("#5"),
        "{rows:#?}"
    );
    assert!(
        rows.iter().any(|r| r.contains("stage PoC -> MVP")),
        "{rows:#?}"
    );
    assert_eq!(
        values(figure(&poc, "answer-accuracy", "poc")),
        ["78%", "83%"]
    );

    // The portfolio: both projects, their gate status, links that resolve.
    let index = read(out.path(), "index.html");
    let portfolio = parse(&index);
    let projects = portfolio
        .descendants()
        .find(|n| n.attribute("id") == Some("projects"))
        .unwrap();
    let links: Vec<&str> = projects
        .descendants()
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert_eq!(
        links,
        [
            "projects/contract-review-assist.html",
            "projects/support-reply-drafts.html"
        ]
    );
    for link in portfolio.descendants().filter_map(|n| n.attribute("href")) {
        assert!(out.path().join(link).is_file(), "{link}");
    }
    let statuses: Vec<String> = all(&portfolio, "span", "status")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(statuses, ["ready", "blocked"]);

    // Nothing leaves the folder; no script; no machine path.
    let machine = repo.path().to_str().unwrap();
    for (name, page) in [
        ("index", &index),
        ("mvp", &text_of_page),
        ("poc", &poc_page),
    ] {
        let doc = parse(page);
        assert!(all(&doc, "script", "").is_empty(), "{name}");
        for n in doc.descendants() {
            for a in n
                .attributes()
                .filter(|a| matches!(a.name(), "href" | "src"))
            {
                assert!(
                    !a.value().contains(':') && !a.value().starts_with("//"),
                    "{name}: {}",
                    a.value()
                );
            }
        }
        let policy = doc
            .descendants()
            .find(|n| n.attribute("http-equiv") == Some("Content-Security-Policy"))
            .and_then(|n| n.attribute("content"));
        assert_eq!(
            policy,
            Some("default-src 'none'; style-src 'unsafe-inline'; img-src data:"),
            "{name}: the page forbids loads itself"
        );
        assert!(!page.contains(machine), "{name} shows {machine}");
    }
}

/// The structure of one chart (elements, classes, coordinates and titles), commit ids
/// filtered out: what a change to the chart drawing changes.
#[test]
fn chart_svg_structure() {
    let repo = history();
    let out = tempfile::tempdir().unwrap();
    report(&repo, out.path(), &[]);
    let page = read(out.path(), "projects/contract-review-assist.html");
    let doc = parse(&page);
    let svg = within(figure(&doc, "reviewer-trust", "mvp"), "svg", "chart")[0];
    let mut outline = String::new();
    for n in svg.descendants().filter(Node::is_element) {
        let depth = n.ancestors().take_while(|a| *a != svg).count();
        let attrs: Vec<String> = n
            .attributes()
            .map(|a| format!("{}={:?}", a.name(), a.value()))
            .collect();
        let own: String = n
            .children()
            .filter(Node::is_text)
            .filter_map(|c| c.text())
            .collect::<String>()
            .trim()
            .to_string();
        outline.push_str(&format!(
            "{}{}{}{}\n",
            "  ".repeat(depth),
            n.tag_name().name(),
            attrs.iter().map(|a| format!(" {a}")).collect::<String>(),
            if own.is_empty() {
                String::new()
            } else {
                format!(" | {own}")
            }
        ));
    }
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\b[0-9a-f]{7}\b", "[commit]");
    settings.bind(|| insta::assert_snapshot!("report_chart_svg", outline));
}

#[test]
fn hostile_text_is_escaped_once_and_never_becomes_markup() {
    let repo = GitRepo::example();
    let hostile = "<script>alert(\"x\")</script> & 'quotes' </svg><img src=x onerror=alert(1)>";
    // As long as the schemas allow (200 characters), and one word: nowhere to break it.
    let long = "Very-long-title-".repeat(12);
    repo.edit(
        &format!("{POC}/project.yaml"),
        "name: Reply drafts for customer-support inquiries",
        &format!("name: {}", serde_json::to_string(hostile).unwrap()),
    );
    repo.edit(
        &format!("{POC}/kpis.yaml"),
        "name: Draft answer accuracy",
        &format!(
            "name: {}",
            serde_json::to_string(&format!("{hostile} accuracy")).unwrap()
        ),
    );
    repo.edit(
        &format!("{POC}/governance.yaml"),
        "title: Prompts, drafts and operator edits are logged and kept for audit",
        &format!("title: {long}"),
    );
    repo.commit("Hostile names (#2)", OWNER);
    // A folder whose name is markup too (allowed by the file system, flagged by validation).
    std::fs::rename(repo.file(POC), repo.file("projects/x\"><b onclick=x>bold")).unwrap();
    let out = tempfile::tempdir().unwrap();
    report(&repo, out.path(), &[]);
    let pages: Vec<_> = std::fs::read_dir(out.path().join("projects"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    let odd = pages
        .iter()
        .find(|p| p.as_str() != "contract-review-assist.html")
        .unwrap();
    assert!(
        odd.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.'),
        "{odd}"
    );
    let page = read(out.path(), &format!("projects/{odd}"));
    let doc = parse(&page);
    for tag in ["script", "img", "b"] {
        assert!(
            all(&doc, tag, "").is_empty(),
            "a <{tag}> element came from the data"
        );
    }
    // The text reads back exactly as written: escaped once, not twice.
    let h1 = text(all(&doc, "h1", "")[0]);
    assert_eq!(h1, format!("{hostile} (x\"><b onclick=x>bold)"));
    let chart = figure(&doc, "answer-accuracy", "poc");
    assert!(text(chart).contains(&format!("{hostile} accuracy")));
    assert!(
        page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;")
    );
    // The long title is cut in the matrix.
    let matrix = all(&doc, "table", "matrix")[0];
    let cell = text(matrix);
    assert!(cell.contains(&format!("{}…", &long[..159])), "{cell}");
    assert!(!cell.contains(&long), "{cell}");
    // The portfolio links the page by its safe name and shows the name as text.
    let index = read(out.path(), "index.html");
    let portfolio = parse(&index);
    assert!(all(&portfolio, "script", "").is_empty() && all(&portfolio, "b", "").is_empty());
    assert!(
        portfolio
            .descendants()
            .any(|n| n.attribute("href") == Some(&format!("projects/{odd}")))
    );
}

#[test]
fn without_git_history_the_current_files_are_charted_and_the_page_says_so() {
    let repo = crate::harness::Repo::empty();
    tollgate::scaffold::write(repo.path(), false).unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = crate::harness::run(&[
        "report",
        "--root",
        &repo.root_arg(),
        "--out",
        out.path().to_str().unwrap(),
        "--now",
        "2026-12-01",
    ]);
    run.expect_code(0);
    let page = read(out.path(), "projects/support-reply-drafts.html");
    let doc = parse(&page);
    assert!(page.contains("History not read"), "{page}");
    assert_eq!(values(figure(&doc, "answer-accuracy", "poc")), ["78%"]);
    let rows = text(figure(&doc, "answer-accuracy", "poc"));
    assert!(rows.contains("working tree"), "{rows}");
}

#[test]
fn rev_reports_an_earlier_commit_with_its_history() {
    let repo = history();
    let out = tempfile::tempdir().unwrap();
    report(&repo, out.path(), &["--rev", "HEAD~1"]);
    let index = read(out.path(), "index.html");
    assert!(index.contains("(HEAD~1)"), "the page names what it shows");
    let poc = read(out.path(), "projects/support-reply-drafts.html");
    let doc = parse(&poc);
    // Before PR #5: still in PoC, and no decision in the timeline yet.
    assert!(
        text(
            all(&doc, "h2", "")
                .into_iter()
                .find(|h| text(*h).starts_with("KPIs"))
                .unwrap()
        )
        .contains("PoC gate")
    );
    assert!(!poc.contains("poc-gate"));
    repo.tollgate(&[
        "report",
        "--out",
        out.path().to_str().unwrap(),
        "--rev",
        "no-such-rev",
    ])
    .assert()
    .code(2)
    .stderr(contains("revision `no-such-rev` not found"));
}

#[test]
fn the_out_folder_is_never_something_else() {
    let repo = GitRepo::example();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("report");
    // Not a report: a folder with other files is left alone.
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("notes.txt"), "mine").unwrap();
    repo.tollgate(&["report", "--out", target.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(contains("is not empty and holds no earlier report"));
    assert_eq!(std::fs::read_dir(&target).unwrap().count(), 1);
    // An earlier report: pages of projects gone are removed, other files kept.
    std::fs::remove_file(target.join("notes.txt")).unwrap();
    report(&repo, &target, &[]);
    std::fs::write(target.join("projects/removed-project.html"), "old").unwrap();
    std::fs::write(target.join("keep.txt"), "kept").unwrap();
    report(&repo, &target, &[]);
    assert!(!target.join("projects/removed-project.html").exists());
    assert!(target.join("keep.txt").exists());
    // A symbolic link, as a pull request could commit where the report is written: refused.
    #[cfg(unix)]
    {
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::write(elsewhere.path().join("precious.html"), "precious").unwrap();
        std::fs::remove_dir_all(target.join("projects")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), target.join("projects")).unwrap();
        repo.tollgate(&["report", "--out", target.to_str().unwrap()])
            .assert()
            .code(2)
            .stderr(contains("symbolic link"));
        assert_eq!(
            std::fs::read_to_string(elsewhere.path().join("precious.html")).unwrap(),
            "precious"
        );
        let link = out.path().join("link");
        std::os::unix::fs::symlink(elsewhere.path(), &link).unwrap();
        repo.tollgate(&["report", "--out", link.to_str().unwrap()])
            .assert()
            .code(2)
            .stderr(contains("is a symbolic link"));
    }
}

#[test]
fn a_shallow_clone_reports_the_current_files_and_says_why() {
    let repo = history();
    let clone = repo.shallow_clone();
    let out = tempfile::tempdir().unwrap();
    let run = crate::harness::run(&[
        "report",
        "--root",
        clone.path().join("clone").to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--now",
        "2026-12-01",
    ]);
    run.expect_code(0);
    let page = read(out.path(), "projects/contract-review-assist.html");
    assert!(
        page.contains("History not read (the clone is shallow"),
        "{page}"
    );
    assert_eq!(
        values(figure(&parse(&page), "clause-accuracy", "mvp")),
        ["90.7%"]
    );
}

/// The Mermaid blocks of a Markdown text.
fn mermaid_blocks(md: &str) -> Vec<&str> {
    md.split("```mermaid\n")
        .skip(1)
        .map(|rest| rest.split("```\n").next().unwrap())
        .collect()
}

#[test]
fn the_comment_draws_each_changed_kpi_with_its_last_results_and_threshold() {
    let repo = GitRepo::example();
    // A pull request's new run, in the working tree.
    repo.append(
        &format!("{POC}/results.yaml"),
        "\n  - id: poc-accuracy-run-2\n    kpi: answer-accuracy\n    gate: poc\n    successes: 166\n    \
         n: 200\n    dataset:\n      id: support-inquiry-test-set\n      kind: test\n    \
         measured_at: 2026-11-13\n",
    );
    let out = repo
        .tollgate(&["diff", "--format", "markdown"])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        mermaid_blocks(&md),
        ["xychart-beta
    title \"support-reply-drafts: Draft answer accuracy, PoC gate\"
    x-axis [\"2026-10-20\", \"2026-11-13\"]
    y-axis \"percent\" 0 --> 87.3
    bar [78, 83]
    line [70, 70]
    line [40, 40]
"],
        "{md}"
    );
    assert!(md.contains(
        "Bars: the last 2 results of this KPI at the PoC gate; lines: the threshold (>= 70%) and \
         the stop level (<= 40%)."
    ));
    // The same chart in the body `tollgate comment` posts.
    let out = repo.tollgate(&["comment", "--dry-run"]).output().unwrap();
    let body = String::from_utf8(out.stdout).unwrap();
    assert_eq!(mermaid_blocks(&body), mermaid_blocks(&md), "{body}");
}

#[test]
fn text_in_a_mermaid_chart_cannot_break_out_of_it() {
    let repo = GitRepo::example();
    let hostile = "Accuracy\"] %%{init: {'theme':'dark'}}%%\n```\n<img src=x> [link](http://x) `code`; #quot;";
    repo.edit(
        &format!("{POC}/kpis.yaml"),
        "name: Draft answer accuracy",
        &format!("name: {}", serde_json::to_string(hostile).unwrap()),
    );
    repo.commit("A hostile name (#2)", OWNER);
    repo.edit(
        &format!("{POC}/results.yaml"),
        "successes: 156",
        "successes: 150",
    );
    let out = repo
        .tollgate(&["diff", "--format", "markdown"])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    let blocks = mermaid_blocks(&md);
    assert_eq!(blocks.len(), 1, "{md}");
    let lines: Vec<&str> = blocks[0].lines().collect();
    assert_eq!(lines.len(), 7, "{md}");
    assert_eq!(
        lines[1],
        "    title \"support-reply-drafts: Accuracy init: 'theme':'dark' img src=x link (http://x) code quot, PoC gate\""
    );
    // One fence opens the chart and one closes it: nothing in between starts or ends a block.
    let charts = md.split("### KPI trends").nth(1).unwrap();
    assert_eq!(charts.matches("```").count(), 2, "{charts}");
}

#[test]
fn uncommitted_results_are_the_last_version_and_nothing_is_counted_twice() {
    let repo = GitRepo::example();
    let out = tempfile::tempdir().unwrap();
    report(&repo, out.path(), &[]);
    let page = read(out.path(), "projects/support-reply-drafts.html");
    assert_eq!(
        values(figure(&parse(&page), "answer-accuracy", "poc")),
        ["78%"]
    );
    repo.edit(
        &format!("{POC}/results.yaml"),
        "successes: 156",
        "successes: 160",
    );
    report(&repo, out.path(), &[]);
    let page = read(out.path(), "projects/support-reply-drafts.html");
    let doc = parse(&page);
    let chart = figure(&doc, "answer-accuracy", "poc");
    assert_eq!(values(chart), ["78%", "80%"]);
    let newest = within(chart, "tr", "")[1];
    assert!(text(newest).contains("working tree"), "{}", text(newest));
}
