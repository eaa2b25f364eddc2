//! Reading TOML files into their raw serde mirrors, and turning spanned literals into checked values,
//! collecting every problem as a diagnostic.

use crate::diag::{Diagnostic, Invalid, SourceText};
use crate::num::{self, Lit};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use std::ops::Range;
use toml::Spanned;

/// Parses a whole TOML document. Unknown keys and type errors come back with their position.
pub fn parse<T: DeserializeOwned>(src: &SourceText) -> Result<T, Invalid> {
    toml::from_str(&src.text).map_err(|e| Invalid(vec![diagnose(src, &e)]))
}

/// Parses a whole TOML document, reporting every unknown key and misfit value rather than the first.
///
/// serde stops at the first error. An unknown key, or a value of the wrong type, is independent of
/// the rest of the file, so it is recorded, removed from the parsed tree and the document
/// deserialized again; the value comes back with every such diagnostic, so the caller can go on
/// checking it and report everything in one run. Bad syntax ends the parse, and so does a missing
/// key; a key found missing only because a misfit value was removed is not reported (its own error
/// says it all).
pub fn parse_all<T: DeserializeOwned>(src: &SourceText) -> (Option<T>, Vec<Diagnostic>) {
    use toml::de::{DeTable, Deserializer};
    let mut root = match DeTable::parse(&src.text) {
        Ok(root) => root,
        Err(e) => return (None, vec![diagnose(src, &e)]),
    };
    let mut diags = Vec::new();
    // each round removes one entry; the bound only guards against an entry that cannot be found
    for _ in 0..1000 {
        match T::deserialize(Deserializer::from(root.clone())) {
            Ok(value) => return (Some(value), diags),
            Err(e) => {
                let missing = e.message().starts_with("missing field `");
                if !missing || diags.is_empty() {
                    diags.push(diagnose(src, &e));
                }
                let removed = !missing
                    && e.span()
                        .is_some_and(|span| remove_entry(root.get_mut(), &span));
                if !removed {
                    return (None, diags);
                }
            }
        }
    }
    (None, diags)
}

/// Removes the entry whose key or value has the span `span` from a table or any table nested in it.
fn remove_entry(table: &mut toml::de::DeTable, span: &Range<usize>) -> bool {
    use toml::de::DeValue;
    let found = table
        .iter()
        .find(|(k, v)| k.span() == *span || v.span() == *span)
        .map(|(k, _)| k.clone());
    if let Some(key) = found {
        table.remove(&key);
        return true;
    }
    fn in_value(v: &mut DeValue, span: &Range<usize>) -> bool {
        match v {
            DeValue::Table(t) => remove_entry(t, span),
            DeValue::Array(a) => a.iter_mut().any(|item| in_value(item.get_mut(), span)),
            _ => false,
        }
    }
    table.iter_mut().any(|(_, v)| in_value(v.get_mut(), span))
}

fn diagnose(src: &SourceText, e: &toml::de::Error) -> Diagnostic {
    {
        let message = e.message().trim().to_string();
        let mut d = Diagnostic::new(first_line(&message).to_string());
        if let Some(span) = e.span() {
            d = d.at(src.locate(span));
        } else {
            d = d.at(src.locate(0..0));
        }
        if let Some(hint) = unknown_key_hint(&message) {
            d = d.hint(hint);
        } else if let Some(key) = message
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next())
        {
            d = d.hint(format!(
                "add `{key} = ...` to this table (see docs/format.md)"
            ));
        }
        d
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// For serde's "unknown field `wieght`, expected one of `id`, `weight`": suggest the nearest key.
fn unknown_key_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (bad, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    match closest(bad, expected.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None => Some(format!(
            "the keys allowed here are: {}",
            expected.join(", ")
        )),
    }
}

/// The candidate nearest to `word` by edit distance, if it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Collects diagnostics while checking one file.
pub struct Checker<'a> {
    pub src: &'a SourceText,
    pub diags: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    pub fn new(src: &'a SourceText) -> Self {
        Checker {
            src,
            diags: Vec::new(),
        }
    }

    /// Whether a problem was already reported inside `span` (an unknown key the parse removed
    /// from this table, say): a table short of what it needs because of it says so once.
    pub fn reported_within(&self, span: Range<usize>) -> bool {
        let (from, to) = (
            self.src.locate(span.start..span.start),
            self.src.locate(span.end..span.end),
        );
        self.diags
            .iter()
            .filter_map(|d| d.location.as_ref())
            .any(|l| {
                l.file == from.file
                    && (l.line, l.col) >= (from.line, from.col)
                    && (l.line, l.col) <= (to.line, to.col)
            })
    }

    pub fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        let d = Diagnostic::new(message).at(self.src.locate(span));
        self.diags.push(d);
    }

    pub fn error_hint(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let d = Diagnostic::new(message)
            .at(self.src.locate(span))
            .hint(hint);
        self.diags.push(d);
    }

    /// The literal's text as the user wrote it.
    pub fn text(&self, lit: &Spanned<Lit>) -> String {
        match lit.get_ref() {
            Lit::Int(i) => i.to_string(),
            Lit::Float => self.src.slice(lit.span()).to_string(),
            Lit::Str(s) => s.clone(),
        }
    }

    fn read(
        &mut self,
        lit: &Spanned<Lit>,
        what: &str,
        parse: fn(&str) -> Option<Decimal>,
        hint: &str,
    ) -> Option<Decimal> {
        let text = self.text(lit);
        let value = parse(&text);
        if value.is_some_and(|v| v.abs() >= crate::num::LIMIT) {
            self.error_hint(
                lit.span(),
                format!("{what} `{text}` is too large"),
                "plan numbers stay below 10^15, so that sums over millions of records stay exact",
            );
            return None;
        }
        if value.is_none() {
            self.error_hint(lit.span(), format!("{what} `{text}` is not a number"), hint);
        }
        value
    }

    /// A plain decimal: an amount or a count.
    pub fn decimal(&mut self, lit: &Spanned<Lit>, what: &str) -> Option<Decimal> {
        self.read(
            lit,
            what,
            num::parse_plain,
            "write a number such as 5000 or \"1234.56\"",
        )
    }

    /// A rate, weight or share: `"8%"` or a fraction `0.08`.
    pub fn fraction(&mut self, lit: &Spanned<Lit>, what: &str) -> Option<Decimal> {
        self.read(
            lit,
            what,
            num::parse_fraction_or_percent,
            "write a percentage such as \"8%\" or a fraction such as 0.08",
        )
    }

    /// A number on a percent axis: `80` or `"80%"`.
    pub fn percent_points(&mut self, lit: &Spanned<Lit>, what: &str) -> Option<Decimal> {
        self.read(
            lit,
            what,
            num::parse_percent_points,
            "write a percentage such as 80 or \"80%\"",
        )
    }

    /// One of a fixed set of words.
    pub fn choice<T: Copy>(
        &mut self,
        value: &Spanned<String>,
        what: &str,
        choices: &[(&str, T)],
    ) -> Option<T> {
        let found = choices
            .iter()
            .find(|(name, _)| *name == value.get_ref().as_str());
        if found.is_none() {
            let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
            let hint = match closest(value.get_ref(), names.iter().copied()) {
                Some(best) => format!("did you mean `{best}`? ({} are allowed)", names.join(", ")),
                None => format!("use one of: {}", names.join(", ")),
            };
            self.error_hint(
                value.span(),
                format!("unknown {what} `{}`", value.get_ref()),
                hint,
            );
        }
        found.map(|(_, t)| *t)
    }

    pub fn finish<T>(self, value: T) -> Result<T, Invalid> {
        if self.diags.is_empty() {
            Ok(value)
        } else {
            Err(Invalid(self.diags))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_key() {
        assert_eq!(
            unknown_key_hint("unknown field `wieght`, expected one of `id`, `weight`, `cap`"),
            Some("did you mean `weight`?".to_string())
        );
        assert_eq!(closest("zzzzzz", ["id", "cap"].into_iter()), None);
    }
}

#[cfg(test)]
mod parse_all_tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        id: String,
        #[serde(default)]
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        rate: String,
        band: Option<Band>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Band {
        from: i64,
    }

    #[test]
    fn reports_every_unknown_key_and_still_reads_the_rest() {
        let text = "id = \"a\"\nidd = 1\n[[items]]\nrate = \"8%\"\nraet = \"9%\"\n[[items]]\nrate = \"1%\"\nband = { from = 0, form = 1 }\n";
        let src = SourceText::new("t.toml", text);
        let (doc, diags) = parse_all::<Doc>(&src);
        let doc = doc.expect("the rest reads");
        assert_eq!(doc.items.len(), 2);
        let places: Vec<(usize, usize)> = diags
            .iter()
            .map(|d| d.location.as_ref().map_or((0, 0), |l| (l.line, l.col)))
            .collect();
        assert_eq!(places, vec![(2, 1), (5, 1), (8, 20)]);
        assert_eq!(diags[2].hint.as_deref(), Some("did you mean `from`?"));
    }

    #[test]
    fn a_wrong_type_is_reported_with_the_other_problems() {
        let text = "id = \"a\"\n[[items]]\nrate = \"8%\"\nband = true\n[[items]]\nrate = \"1%\"\nband = 3\nwat = 1\n";
        let src = SourceText::new("t.toml", text);
        let (doc, diags) = parse_all::<Doc>(&src);
        assert_eq!(doc.map(|d| d.items.len()), Some(2));
        let lines: Vec<usize> = diags
            .iter()
            .map(|d| d.location.as_ref().map_or(0, |l| l.line))
            .collect();
        assert_eq!(lines, vec![4, 7, 8], "{diags:?}");
    }

    #[test]
    fn a_missing_key_ends_the_parse() {
        let src = SourceText::new("t.toml", "[[items]]\nrate = \"1%\"\n");
        let (doc, diags) = parse_all::<Doc>(&src);
        assert!(doc.is_none());
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("missing field `id`"));
    }

    #[test]
    fn a_required_value_of_the_wrong_type_is_not_reported_twice() {
        let src = SourceText::new("t.toml", "id = 1\n");
        let (doc, diags) = parse_all::<Doc>(&src);
        assert!(doc.is_none());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].location.as_ref().map(|l| l.col), Some(6));
    }
}
