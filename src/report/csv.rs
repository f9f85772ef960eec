//! CSV as RFC 4180 writes it (fields separated by commas, records by CRLF, a field holding a
//! comma, a double quote, CR or LF enclosed in double quotes with its quotes doubled), made safe
//! for spreadsheets.
//!
//! The text comes from files a pull request's author controls. A spreadsheet reads a cell that
//! starts with `=`, `+`, `-` or `@` (or a tab or CR) as a formula, which can compute, fetch or
//! run something when an auditor opens the file ("CSV injection"); spaces before the sign do not
//! help. Such a cell is written with a leading `'`, which spreadsheets show as text and do not
//! evaluate (OWASP's recommendation); nothing else about the value changes.

/// One record: the cells, neutralised and quoted as needed, and the CRLF that ends it.
pub fn row(cells: impl IntoIterator<Item = String>) -> String {
    let mut out = String::new();
    for (i, c) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&cell(&c));
    }
    out.push_str("\r\n");
    out
}

/// One field: a cell a spreadsheet would take for a formula gets a leading `'`; a field with a
/// comma, a double quote, CR or LF is quoted, its quotes doubled.
pub fn cell(value: &str) -> String {
    let neutral = if value
        .trim_start_matches(' ')
        .starts_with(['=', '+', '-', '@', '\t', '\r'])
    {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if neutral.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

#[cfg(test)]
mod tests {
    use super::{cell, row};

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell(""), "");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(
            row(["a".into(), "b,c".into(), String::new()]),
            "a,\"b,c\",\r\n"
        );
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(
            cell("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        assert_eq!(cell("+1+1"), "'+1+1");
        assert_eq!(cell("-2+3"), "'-2+3");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\t=1"), "'\t=1");
        assert_eq!(cell("\r=1"), "\"'\r=1\"");
        // After spaces, which some spreadsheets skip, too; elsewhere it is text.
        assert_eq!(cell(" =1"), "' =1");
        assert_eq!(cell("a=b"), "a=b");
        assert_eq!(cell("1-2"), "1-2");
    }
}
