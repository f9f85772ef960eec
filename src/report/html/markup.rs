//! HTML and SVG as a tree of elements, so that no text from the repository can become markup:
//! element and attribute names are `&'static str` written here, while every text node and
//! attribute value passes through [`escape`] when the tree is written out. The only unescaped
//! content is [`Node::Trusted`], which takes a `&'static str` (the style sheet compiled into
//! the binary).
//!
//! The output is also well-formed XML (every element closed, every attribute quoted), so tests
//! can read the pages with an XML parser.

use std::borrow::Cow;
use std::fmt::Display;

/// Text made safe for an HTML or SVG text node or a quoted attribute value: `&`, `<`, `>`, `"`
/// and `'` become character references, and characters that HTML and XML forbid in a document
/// (control characters other than tab, line feed and carriage return; U+FFFE, U+FFFF) become
/// U+FFFD. The one escaping function of the HTML report.
pub fn escape(text: &str) -> Cow<'_, str> {
    let needs = |c: char| matches!(c, '&' | '<' | '>' | '"' | '\'') || forbidden(c);
    if !text.chars().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if forbidden(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// A child of an element.
#[derive(Clone, Debug)]
pub enum Node {
    Element(El),
    /// Text, escaped when written.
    Text(String),
    /// Markup compiled into the binary, written as it is.
    Trusted(&'static str),
}

/// One element.
#[derive(Clone, Debug)]
pub struct El {
    name: &'static str,
    attrs: Vec<(&'static str, String)>,
    children: Vec<Node>,
}

/// HTML elements that have no end tag.
const VOID: &[&str] = &["meta", "br", "hr", "img", "link", "col"];

/// SVG elements written as `<line ... />` when they have no children.
const SVG_EMPTY: &[&str] = &["line", "path", "circle", "rect", "polyline", "polygon"];

impl El {
    pub fn new(name: &'static str) -> El {
        El {
            name,
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    /// Sets an attribute (its value is escaped when written).
    pub fn attr(mut self, name: &'static str, value: impl Display) -> El {
        self.attrs.push((name, value.to_string()));
        self
    }

    /// Adds a class (to those set before: one `class` attribute).
    pub fn class(mut self, class: &str) -> El {
        match self.attrs.iter_mut().find(|(name, _)| *name == "class") {
            Some((_, classes)) => {
                classes.push(' ');
                classes.push_str(class);
                self
            }
            None => self.attr("class", class),
        }
    }

    /// Appends a text node.
    pub fn text(mut self, text: impl Into<String>) -> El {
        self.children.push(Node::Text(text.into()));
        self
    }

    pub fn child(mut self, child: El) -> El {
        self.children.push(Node::Element(child));
        self
    }

    pub fn children(mut self, children: impl IntoIterator<Item = El>) -> El {
        self.children
            .extend(children.into_iter().map(Node::Element));
        self
    }

    /// Appends markup compiled into the binary, unescaped.
    pub fn trusted(mut self, markup: &'static str) -> El {
        self.children.push(Node::Trusted(markup));
        self
    }

    pub fn push(&mut self, child: El) {
        self.children.push(Node::Element(child));
    }

    pub fn push_text(&mut self, text: impl Into<String>) {
        self.children.push(Node::Text(text.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.children.is_empty()
    }

    /// The element and its children as text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(self.name);
        for (name, value) in &self.attrs {
            out.push(' ');
            out.push_str(name);
            out.push_str("=\"");
            out.push_str(&escape(value));
            out.push('"');
        }
        if VOID.contains(&self.name) || (self.children.is_empty() && SVG_EMPTY.contains(&self.name))
        {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for child in &self.children {
            match child {
                Node::Element(e) => e.write(out),
                Node::Text(t) => out.push_str(&escape(t)),
                Node::Trusted(markup) => out.push_str(markup),
            }
        }
        out.push_str("</");
        out.push_str(self.name);
        out.push('>');
        if matches!(
            self.name,
            "tr" | "li" | "section" | "figure" | "table" | "g" | "head" | "p"
        ) {
            out.push('\n');
        }
    }
}

/// Shorthand for an element with text.
pub fn el(name: &'static str, text: impl Into<String>) -> El {
    El::new(name).text(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        assert_eq!(escape("plain"), Cow::Borrowed("plain"));
        assert_eq!(
            escape("<script>alert(\"x\" & 'y')</script>"),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(
            escape("a\u{0}b\u{1b}c\td\u{FFFF}"),
            "a\u{FFFD}b\u{FFFD}c\td\u{FFFD}"
        );
        let e = El::new("a")
            .attr("href", "x\" onmouseover=\"alert(1)")
            .text("</a><script>");
        assert_eq!(
            e.render(),
            "<a href=\"x&quot; onmouseover=&quot;alert(1)\">&lt;/a&gt;&lt;script&gt;</a>"
        );
    }

    #[test]
    fn classes_add_up_in_one_attribute() {
        assert_eq!(
            El::new("span").class("a").class("b").render(),
            "<span class=\"a b\"></span>"
        );
    }

    #[test]
    fn void_and_empty_elements() {
        assert_eq!(
            El::new("meta").attr("charset", "utf-8").render(),
            "<meta charset=\"utf-8\"/>"
        );
        assert_eq!(El::new("td").render(), "<td></td>");
        assert_eq!(El::new("line").attr("x1", 0).render(), "<line x1=\"0\"/>");
        assert_eq!(
            El::new("style").trusted("a > b { c: d }").render(),
            "<style>a > b { c: d }</style>"
        );
    }
}
