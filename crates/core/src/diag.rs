//! Diagnostics: what went wrong in the user's input, where, and what to do about it.
//!
//! A diagnostic names a file, a line, a column and the offending value, and is printed like a compiler
//! error: the source line with a caret under the culprit. Every input error in comp is one of these and
//! makes the process exit with code 2.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A place in a user's file: 1-based line and column (in characters), and the line's text for the caret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
    /// The text of the line, when it is known, and how many characters the caret underlines.
    pub snippet: Option<(String, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
    pub location: Option<Location>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic {
            message: message.into(),
            location: None,
            hint: None,
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn at_opt(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        if let Some(loc) = &self.location {
            writeln!(f, "  --> {}:{}:{}", loc.file.display(), loc.line, loc.col)?;
            if let Some((text, width)) = &loc.snippet {
                let (text, col, width) = cut(text, loc.col, *width);
                let gutter = loc.line.to_string().len();
                writeln!(f, "{:gutter$} |", "")?;
                writeln!(f, "{} | {}", loc.line, text)?;
                let pad: String = text
                    .chars()
                    .take(col.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                writeln!(f, "{:gutter$} | {}{}", "", pad, "^".repeat(width.max(1)))?;
            }
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// The characters of a long line shown on each side of the caret (a 10 MB line with one bad cell
/// is echoed around that cell, not whole).
const AROUND: usize = 60;
/// The most carets under a value.
const WIDEST: usize = 80;

/// A line echoed under a diagnostic, cut around the column when it is long: the text shown (with
/// `...` where it was cut), the caret's column in it and its width.
fn cut(text: &str, col: usize, width: usize) -> (String, usize, usize) {
    let n = text.chars().count();
    if n <= 2 * AROUND + WIDEST {
        return (text.to_string(), col, width);
    }
    let width = width.min(WIDEST);
    let at = col.saturating_sub(1).min(n);
    let from = at.saturating_sub(AROUND);
    let to = (at + width + AROUND).min(n);
    let mut shown = String::new();
    if from > 0 {
        shown.push_str("...");
    }
    shown.extend(text.chars().skip(from).take(to - from));
    if to < n {
        shown.push_str("...");
    }
    let col = at - from + 1 + if from > 0 { 3 } else { 0 };
    (shown, col, width)
}

/// All the problems found in one pass over the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub Vec<Diagnostic>);

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Invalid {}

impl From<Diagnostic> for Invalid {
    fn from(d: Diagnostic) -> Self {
        Invalid(vec![d])
    }
}

pub type Result<T, E = Invalid> = std::result::Result<T, E>;

/// A text file kept in memory so that byte spans can be turned into line:column locations.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub path: PathBuf,
    pub text: String,
}

impl SourceText {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        SourceText {
            path: path.into(),
            text: text.into(),
        }
    }

    /// The location of a byte span, with the line's text and a caret as wide as the span (on its line).
    pub fn locate(&self, span: Range<usize>) -> Location {
        locate_in(&self.path, &self.text, span)
    }

    pub fn slice(&self, span: Range<usize>) -> &str {
        self.text.get(span).unwrap_or("")
    }
}

pub fn locate_in(path: &Path, text: &str, span: Range<usize>) -> Location {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.min(text.len())).max(start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line_text = text[line_start..line_end].trim_end_matches('\r');
    let line = text[..start].matches('\n').count() + 1;
    let col = text[line_start..start].chars().count() + 1;
    let width = text[start..end.min(line_end)].chars().count();
    Location {
        file: path.to_path_buf(),
        line,
        col,
        snippet: Some((line_text.to_string(), width)),
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A path as the user would write it: `a/b/../c` becomes `a/c`, without touching the file system.
pub fn tidy_path(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_line_and_column_in_characters() {
        let src = SourceText::new("p.toml", "id = \"x\"\nwéight = \"40%\"\n");
        let at = src.text.find("\"40%\"").unwrap();
        let loc = src.locate(at..at + 5);
        assert_eq!((loc.line, loc.col), (2, 10));
        assert_eq!(loc.snippet, Some(("wéight = \"40%\"".to_string(), 5)));
    }

    #[test]
    fn renders_a_caret_under_the_span() {
        let src = SourceText::new("p.toml", "a = 1\nwieght = 2\n");
        let d = Diagnostic::new("unknown key `wieght`")
            .at(src.locate(6..12))
            .hint("did you mean `weight`?");
        let text = d.to_string();
        assert_eq!(
            text,
            "error: unknown key `wieght`\n  --> p.toml:2:1\n  |\n2 | wieght = 2\n  | ^^^^^^\n  = hint: did you mean `weight`?\n"
        );
    }

    #[test]
    fn tidies_parent_components() {
        assert_eq!(
            tidy_path(Path::new("examples/acme/../../plans/a.toml")),
            PathBuf::from("plans/a.toml")
        );
        assert_eq!(tidy_path(Path::new("../x")), PathBuf::from("../x"));
    }
}
