//! The language and number style that statements and `explain` are written in (`locale` in
//! comp.toml, `--locale`). A typed value only: the words and number formats are the renderers'.

/// A language and its conventions for numbers and dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// English, `12,500.00 EUR`, dates `2024-03-31` (comp's own style, the default).
    #[default]
    EnUs,
    /// English, `12,500.00 EUR`, dates `31/03/2024`.
    EnGb,
    /// French, `12 500,00 €` (a narrow no-break space between thousands), dates `31/03/2024`.
    FrFr,
}

impl Locale {
    /// Every locale, for tests that walk the catalogues.
    pub const ALL: [Locale; 3] = [Locale::EnUs, Locale::EnGb, Locale::FrFr];

    /// The locale a tag names (`fr-FR`; case and `_` for `-` forgiven), if comp has it.
    pub fn parse(tag: &str) -> Option<Locale> {
        let tag = tag.trim().replace('_', "-").to_ascii_lowercase();
        crate::plan::words::LOCALE
            .iter()
            .find(|(name, _)| name.to_ascii_lowercase() == tag)
            .map(|(_, l)| *l)
    }

    /// Its tag, as comp.toml writes it and as an HTML page's `lang`.
    pub fn tag(self) -> &'static str {
        crate::plan::words::LOCALE
            .iter()
            .find(|(_, l)| *l == self)
            .map_or("en-US", |(name, _)| name)
    }
}

#[cfg(test)]
mod tests {
    use super::Locale;

    #[test]
    fn tags_read_back() {
        for l in Locale::ALL {
            assert_eq!(Locale::parse(l.tag()), Some(l));
        }
        assert_eq!(Locale::parse("fr_fr"), Some(Locale::FrFr));
        assert_eq!(Locale::parse("de-DE"), None);
    }
}
