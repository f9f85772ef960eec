//! Policies are files of the repository too: a pull request can add an expression rule built to
//! run for ever. Comprehension macros (`all`, `exists`, `map`, ...) nest at most two deep,
//! counted on the parsed expression, so no spelling hides one; such a policy is an input error
//! before anything is evaluated.

use crate::harness::{Repo, position, run_cmd, tollgate};

const ORG: &str = "policies/org.yaml";

#[test]
fn comprehensions_nested_three_deep_are_refused_however_they_are_spelt() {
    for expr in [
        // Spaces before the parenthesis walked around the old hand-written lexer.
        "l.all (a, l.all (b, l.all (c, true)))",
        "l.all(a, (l).all(b, (l).exists  (c, true)))",
        "l.all(a, l.all(b, ')(' != '' && l.exists_one(c, true)))",
        "l.map(a, [l.filter(b, l.all(c, true))])",
    ] {
        let repo = Repo::base();
        let policy = format!(
            "version: 1\nrules:\n  - id: runaway\n    kind: expr\n    expr: \"{}\"\n    \
             message: m\n    file: project\n",
            expr
        );
        repo.write(ORG, &policy);
        let run = run_cmd(
            tollgate()
                .args(["check", "--no-history", "--format", "json", "--root"])
                .arg(repo.path()),
        );
        run.expect_code(2);
        let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        let found = crate::harness::with_code(&doc, "policy-invalid");
        assert_eq!(found.len(), 1, "{expr}: {doc:#}");
        let f = found[0];
        assert_eq!(f["file"], ORG);
        assert!(
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("nest more than 2 deep")),
            "{expr}: {f:#}"
        );
        // At the third comprehension: its macro call's `(`, inside the quoted value.
        let (line, key_column) = position(&policy, "expr: ");
        let third = expr[..expr.rfind("(c").expect("the third one")]
            .chars()
            .count();
        let column = u64::from(key_column) + "expr: \"".len() as u64 + third as u64;
        assert_eq!(
            (f["line"].as_u64(), f["column"].as_u64()),
            (Some(line.into()), Some(column)),
            "{expr}: {f:#}"
        );
        assert!(
            run.stderr.contains("the policy is invalid"),
            "{}",
            run.stderr
        );
    }
}
