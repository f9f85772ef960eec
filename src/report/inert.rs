//! Text that is safe to print to a terminal and to a CI log, when parts of it come from files
//! and commits a pull request's author wrote.
//!
//! Two things in such text act instead of being read:
//! - control characters: an escape sequence moves the cursor, clears the screen or retitles the
//!   reader's terminal;
//! - GitHub Actions workflow commands: the runner reads every line of a step's output, and a
//!   line that starts (after spaces) with `::` is a command (`::warning file=…::` forges an
//!   annotation, `::stop-commands::` silences tollgate's own annotations after it), as is
//!   `##[` anywhere in a line (the older form).
//!
//! So a name, title or rationale printed by `check`, `diff`, `log` or `show` loses its control
//! characters (line breaks included, inside one field), and a finished text output has every
//! command-shaped line defused. Both replace with U+FFFD, the character that says "something
//! was here that could not be shown". Renderers that mean to emit commands (`--format github`)
//! escape their values instead (see `annotations`).

use std::borrow::Cow;

/// What a neutralised character becomes.
pub const MARK: char = '\u{FFFD}';

/// One field printed inside a line: every control character, line breaks included, becomes
/// [`MARK`], and a tab a space, so the field cannot start a line of its own.
pub fn field(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\t' => ' ',
                c if c.is_control() => MARK,
                c => c,
            })
            .collect(),
    )
}

/// A whole plain-text output: control characters other than line feed and tab become [`MARK`],
/// then [`commands`] defuses what the runner would read as a workflow command.
pub fn output(text: String) -> String {
    // Control characters are the bytes below 0x20, DEL (0x7f) and U+0080 to U+009F (written
    // 0xc2 0x80 to 0xc2 0x9f): a text with none of those bytes needs no look at its characters
    // (a `log` of thousands of commits is megabytes).
    let suspect = text.bytes().fold(false, |seen, b| {
        seen | (b < 0x20 && b != b'\n' && b != b'\t') | (b == 0x7f) | (b == 0xc2)
    });
    let text = if suspect
        && text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        text.chars()
            .map(|c| {
                if c.is_control() && !matches!(c, '\n' | '\t') {
                    MARK
                } else {
                    c
                }
            })
            .collect()
    } else {
        text
    };
    commands(text)
}

/// Defuses workflow commands in a finished output (styled output too: its escape sequences are
/// tollgate's own): a line whose first non-blank characters are `::` gets its first colon
/// replaced, and every `##[` loses its bracket.
pub fn commands(text: String) -> String {
    let command_line = |line: &str| line.trim_start().starts_with("::");
    if !text.contains("##[") && !text.lines().any(command_line) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let line = line.replace("##[", &format!("##{MARK}"));
        if command_line(&line) {
            let at = line.len() - line.trim_start().len();
            out.push_str(&line[..at]);
            out.push(MARK);
            out.push_str(&line[at + 1..]);
        } else {
            out.push_str(&line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_cannot_break_the_line_or_drive_the_terminal() {
        assert_eq!(field("plain name"), "plain name");
        assert_eq!(
            field("Evil\n::warning::x \u{1b}[31mred\u{7}\tend"),
            "Evil\u{FFFD}::warning::x \u{FFFD}[31mred\u{FFFD} end"
        );
    }

    #[test]
    fn command_shaped_lines_are_defused_and_others_kept() {
        let text = "== a\n  ::warning file=x::forged\n::stop-commands::t\nok :: not a command\nsee ##[error]x\n";
        assert_eq!(
            commands(text.to_string()),
            "== a\n  \u{FFFD}:warning file=x::forged\n\u{FFFD}:stop-commands::t\nok :: not a command\nsee ##\u{FFFD}error]x\n"
        );
        let clean = "error[unknown-key]: x\n  --> a.yaml:1:1\n".to_string();
        assert_eq!(commands(clean.clone()), clean);
    }

    #[test]
    fn output_keeps_line_feeds_and_tabs() {
        assert_eq!(
            output("a\tb\nc\u{1b}[2J\r\n".into()),
            "a\tb\nc\u{FFFD}[2J\u{FFFD}\n"
        );
    }

    /// Every control character is caught, by the byte look and then the character look: C0,
    /// DEL and C1 (U+009B is a terminal's one-character escape), and nothing else (`é`, `Ā`, `¡`
    /// start with 0xc3, 0xc4, 0xc2).
    #[test]
    fn output_catches_every_control_character_and_only_those() {
        for c in (0u32..0x20).chain(0x7f..0xa0).filter_map(char::from_u32) {
            if matches!(c, '\n' | '\t') {
                continue;
            }
            assert_eq!(output(format!("a{c}b")), "a\u{FFFD}b", "{:#x}", c as u32);
        }
        for text in ["caf\u{e9} \u{100}\u{a1}", "\u{a0}", "plain\n"] {
            assert_eq!(output(text.to_string()), text);
        }
    }
}
