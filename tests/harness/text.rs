//! Reading tollgate's text output and locating things in files: positions computed from the
//! content, so that tests do not hard-code them.

/// 1-based line and character column of the first occurrence of `needle` in `text`, computed
/// from the content so that tests do not hard-code positions.
#[track_caller]
pub fn position(text: &str, needle: &str) -> (u32, u32) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in the text"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (
        u32::try_from(line).expect("small"),
        u32::try_from(column).expect("small"),
    )
}

/// The text diagnostics (blocks separated by blank lines) whose header names `code`.
pub fn diagnostics<'a>(stdout: &'a str, code: &str) -> Vec<&'a str> {
    let tag = format!("[{code}]:");
    stdout
        .split("\n\n")
        .filter(|block| block.lines().next().is_some_and(|l| l.contains(&tag)))
        .collect()
}

/// Asserts exactly one text diagnostic with `code` at `file:line:col`, holding every part of
/// `parts`, and returns it.
#[track_caller]
pub fn assert_diagnostic<'a>(
    stdout: &'a str,
    code: &str,
    (file, line, column): (&str, u32, u32),
    parts: &[&str],
) -> &'a str {
    let place = format!("--> {file}:{line}:{column}\n");
    let found: Vec<&str> = diagnostics(stdout, code)
        .into_iter()
        .filter(|block| format!("{block}\n").contains(&place))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "want one `{code}` diagnostic at `{}` in:\n{stdout}",
        place.trim_end()
    );
    let block = found[0];
    for part in parts {
        assert!(block.contains(part), "want `{part}` in:\n{block}");
    }
    block
}

/// See [`Repo::pos`].
pub fn pos_in(text: &str, context: &str, token: &str) -> Result<(u64, u64), String> {
    let n = text.matches(context).count();
    if n != 1 {
        return Err(format!("expected exactly one {context:?}, found {n}"));
    }
    let start = text.find(context).unwrap_or_default();
    let inner = context
        .find(token)
        .ok_or_else(|| format!("{token:?} is not inside {context:?}"))?;
    let at = start + inner;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..at].chars().count() + 1;
    Ok((line as u64, column as u64))
}

#[test]
fn pos_in_counts_lines_and_characters() {
    let text = "a: 1\nstatus: pending\n  名前: agreed\n";
    assert_eq!(pos_in(text, "status: pending", "pending"), Ok((2, 9)));
    assert_eq!(pos_in(text, "名前: agreed", "agreed"), Ok((3, 7)));
    assert!(pos_in(text, ": ", ":").is_err(), "ambiguous context");
    assert!(pos_in(text, "status", "nope").is_err());
}
