//! GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`): findings become
//! annotations on the pull request's files. Escaping follows the runner's rules: `%`, CR and LF in
//! the message; additionally `:` and `,` in property values.

use crate::findings::{Finding, Severity};

/// One workflow command per finding.
pub fn annotations(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&command(f));
        out.push('\n');
    }
    out
}

/// The workflow command of one finding.
pub fn command(f: &Finding) -> String {
    let level = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut props = Vec::new();
    if let Some(l) = &f.location {
        props.push(format!("file={}", property(&l.file)));
        props.push(format!("line={}", l.line));
        props.push(format!("col={}", l.column));
    }
    props.push(format!("title={}", property(f.code.as_str())));
    let mut message = f.message.clone();
    if let Some(h) = &f.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    format!("::{level} {}::{}", props.join(","), data(&message))
}

/// Escapes a command's message.
pub fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value.
pub fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Code, Location};

    #[test]
    fn escapes_messages_and_properties() {
        let f = Finding::new(Code::GovernancePending, "50% done: a, b\nnext").at(Location {
            file: "projects/a,b/x:y.yaml".into(),
            line: 3,
            column: 7,
            pointer: String::new(),
        });
        assert_eq!(
            command(&f),
            "::error file=projects/a%2Cb/x%3Ay.yaml,line=3,col=7,title=governance-pending::50%25 done: a, b%0Anext"
        );
    }
}
