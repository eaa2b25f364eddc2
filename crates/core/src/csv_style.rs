//! How comp writes CSV for a spreadsheet: the field delimiter and the decimal mark of numbers
//! (`;` and `,` for a French Excel, which reads `1.5` as text and splits rows on `,`).

/// The delimiter and decimal mark of the CSV comp writes. The default is comp's own CSV: `,` and `.`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvStyle {
    /// The field delimiter, one ASCII character.
    pub delimiter: u8,
    /// Numbers written with `,` as the decimal mark (and never grouped).
    pub decimal_comma: bool,
}

impl Default for CsvStyle {
    fn default() -> Self {
        CsvStyle {
            delimiter: b',',
            decimal_comma: false,
        }
    }
}

/// Why a delimiter cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadDelimiter {
    /// Not one ASCII character (nor `tab`).
    NotOneCharacter,
    /// A quote, a line end or a decimal mark in use: a spreadsheet could not split the row.
    Clashes,
}

/// A delimiter as written by a user: one ASCII character, or `tab`.
pub fn parse_delimiter(text: &str) -> Result<u8, BadDelimiter> {
    let d = match text {
        "tab" | "\t" => b'\t',
        t if t.len() == 1 && t.is_ascii() => t.as_bytes()[0],
        _ => return Err(BadDelimiter::NotOneCharacter),
    };
    if matches!(d, b'"' | b'\n' | b'\r' | b'.') || d.is_ascii_alphanumeric() {
        return Err(BadDelimiter::Clashes);
    }
    Ok(d)
}

impl CsvStyle {
    /// A decimal comma needs another delimiter: `1,5,EUR` would read as three cells.
    pub fn clashes(&self) -> bool {
        self.decimal_comma && self.delimiter == b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
        assert_eq!(parse_delimiter("|"), Ok(b'|'));
        assert_eq!(parse_delimiter(";;"), Err(BadDelimiter::NotOneCharacter));
        assert_eq!(parse_delimiter("é"), Err(BadDelimiter::NotOneCharacter));
        assert_eq!(parse_delimiter("\""), Err(BadDelimiter::Clashes));
        assert_eq!(parse_delimiter("a"), Err(BadDelimiter::Clashes));
        let fr = CsvStyle {
            delimiter: b',',
            decimal_comma: true,
        };
        assert!(fr.clashes());
        assert!(!CsvStyle::default().clashes());
    }
}
