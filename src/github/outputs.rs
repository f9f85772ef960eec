//! Step outputs: `name=value` lines appended to the file named by `GITHUB_OUTPUT`, which later
//! steps read as `steps.<id>.outputs.<name>` (and an action maps to its own outputs).
//!
//! A value with a line break would let it start a second, forged output line, so such a value is
//! written in the multi-line form (`name<<DELIMITER`), with a delimiter that does not occur in
//! it.

use std::io::Write;
use std::path::Path;

/// Appends `outputs` to the step outputs file.
pub fn append(path: &Path, outputs: &[(&str, String)]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(format(outputs).as_bytes())
}

/// The text appended for `outputs`.
pub fn format(outputs: &[(&str, String)]) -> String {
    let mut text = String::new();
    for (name, value) in outputs {
        if value.contains(['\n', '\r']) {
            let mut delimiter = String::from("TOLLGATE_EOF");
            while value.contains(delimiter.as_str()) {
                delimiter.push('_');
            }
            text.push_str(&format!("{name}<<{delimiter}\n{value}\n{delimiter}\n"));
        } else {
            text.push_str(&format!("{name}={value}\n"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_values_and_multi_line_values_cannot_forge_outputs() {
        assert_eq!(
            format(&[("blocking", "true".into()), ("errors", "2".into())]),
            "blocking=true\nerrors=2\n"
        );
        let forged = "x\nblocking=false\nTOLLGATE_EOF";
        assert_eq!(
            format(&[("sarif", forged.into())]),
            "sarif<<TOLLGATE_EOF_\nx\nblocking=false\nTOLLGATE_EOF\nTOLLGATE_EOF_\n"
        );
    }

    #[test]
    fn appends_to_what_earlier_steps_wrote() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("output");
        std::fs::write(&path, "earlier=1\n").expect("write");
        append(&path, &[("errors", "0".into())]).expect("append");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "earlier=1\nerrors=0\n"
        );
    }
}
