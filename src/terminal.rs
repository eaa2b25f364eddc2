//! The terminal a table is read in: how wide it is (`--width`, else the terminal's own width when
//! standard output is one) and whether it takes colour (`--color`, `NO_COLOR`). Piped output keeps
//! comp's fixed layout and no colour, so a file or a script sees the same bytes every time.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicU16, AtomicU8, Ordering};

/// `--color`: when the tables, warnings and errors are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Only when writing to a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always, even into a pipe or a file (and whatever `NO_COLOR` says: the flag is explicit).
    Always,
    /// Never.
    Never,
}

static WIDTH: AtomicU16 = AtomicU16::new(0);
static COLOR: AtomicU8 = AtomicU8::new(0);

/// Records `--width` and `--color` for the run (called once, by `cli::run`).
pub fn set(width: Option<u16>, color: ColorChoice) {
    WIDTH.store(width.unwrap_or(0), Ordering::Relaxed);
    COLOR.store(
        match color {
            ColorChoice::Auto => 0,
            ColorChoice::Always => 1,
            ColorChoice::Never => 2,
        },
        Ordering::Relaxed,
    );
}

fn choice() -> ColorChoice {
    match COLOR.load(Ordering::Relaxed) {
        1 => ColorChoice::Always,
        2 => ColorChoice::Never,
        _ => ColorChoice::Auto,
    }
}

/// True when the output goes to standard output and that is a terminal (`-o -` is standard
/// output; any other `-o` is a file).
fn to_terminal(output: Option<&Path>) -> bool {
    let stdout = output.is_none_or(|p| p == Path::new("-"));
    stdout && std::io::stdout().is_terminal()
}

/// The width a table written to `output` must fit: `--width N`, else the terminal's width
/// (`COLUMNS` first, as shells set it for a resized window) when standard output is a terminal,
/// else none: the verb's own fixed layout, the same bytes in every pipe.
pub fn width(output: Option<&Path>) -> Option<u16> {
    match WIDTH.load(Ordering::Relaxed) {
        0 if to_terminal(output) => std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|w| *w > 0)
            .or_else(|| terminal_size::terminal_size().map(|(w, _)| w.0)),
        0 => None,
        w => Some(w),
    }
}

/// Whether a table written to `output` is coloured.
pub fn color(output: Option<&Path>) -> bool {
    decide(choice(), to_terminal(output))
}

/// Whether standard error (warnings, errors) is coloured.
pub fn color_stderr() -> bool {
    decide(choice(), std::io::stderr().is_terminal())
}

fn decide(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        // https://no-color.org: a NO_COLOR that is set and not empty turns colour off
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const BOLD_RED: &str = "\x1b[1;31m";
const RESET: &str = "\x1b[0m";

/// A rendered table with its negative amounts in red and its failures (`FAIL`, `FAILED`) in bold
/// red. Colour is added after the layout, so widths and alignment are those of the plain text.
pub fn paint(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts_word = i == 0 || matches!(chars[i - 1], ' ' | '(' | '|' | '\n' | '\t');
        if c == '-' && starts_word && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()) {
            // a negative amount: the sign, then digits, grouping commas, the decimal point, a %
            let mut j = i + 1;
            while j < chars.len()
                && (chars[j].is_ascii_digit() || matches!(chars[j], ',' | '.' | '%'))
            {
                j += 1;
            }
            // a trailing comma or point belongs to the sentence, not the number
            while matches!(chars[j - 1], ',' | '.') {
                j -= 1;
            }
            out.push_str(RED);
            out.extend(&chars[i..j]);
            out.push_str(RESET);
            i = j;
            continue;
        }
        if starts_word {
            let failure = ["FAILED", "FAIL"]
                .into_iter()
                .find(|w| chars[i..].iter().take(w.len()).copied().eq(w.chars()));
            if let Some(word) = failure {
                out.push_str(BOLD_RED);
                out.push_str(word);
                out.push_str(RESET);
                i += word.len();
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// A verb's output as it is written: a table painted ([`paint`]) when `output` takes colour, any
/// other format (CSV, JSON, a workbook) untouched.
pub fn painted(format: crate::output::Format, output: Option<&Path>, bytes: Vec<u8>) -> Vec<u8> {
    if format != crate::output::Format::Table || !color(output) {
        return bytes;
    }
    match String::from_utf8(bytes) {
        Ok(text) => paint(&text).into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

/// A warning line's prefix, in yellow when standard error takes colour.
pub fn warning_prefix() -> String {
    if color_stderr() {
        format!("{YELLOW}warning{RESET}:")
    } else {
        "warning:".to_string()
    }
}

/// An error report with each `error:` in red when standard error takes colour.
pub fn paint_errors(text: &str) -> String {
    if !color_stderr() {
        return text.to_string();
    }
    text.lines()
        .map(|l| match l.strip_prefix("error:") {
            Some(rest) => format!("{BOLD_RED}error{RESET}:{rest}"),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
}

#[cfg(test)]
mod tests {
    use super::paint;

    #[test]
    fn negative_amounts_and_failures_are_coloured_and_nothing_else() {
        let t = "| x-1 | 2024-01-01 | -1,234.56 | (-12.00) | 50%->25% | FAIL a | -3%. |";
        let p = paint(t);
        assert!(p.contains("\x1b[31m-1,234.56\x1b[0m"));
        assert!(p.contains("(\x1b[31m-12.00\x1b[0m)"));
        assert!(p.contains("\x1b[1;31mFAIL\x1b[0m a"));
        assert!(p.contains("\x1b[31m-3%\x1b[0m."));
        assert!(p.contains("| x-1 | 2024-01-01 |"));
        assert!(p.contains("50%->25%"));
        // colour adds codes only: without them the text is the same
        let plain = p
            .replace("\x1b[31m", "")
            .replace("\x1b[1;31m", "")
            .replace("\x1b[0m", "");
        assert_eq!(plain, t);
    }
}
