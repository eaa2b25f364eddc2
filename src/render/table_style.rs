//! The one table style of comp's terminal outputs (calc's statements and reconciliation, diff,
//! whatif): Markdown-like ASCII borders, numbers right-aligned, and a fit to a width when one is
//! asked for. Ids and numbers are never wrapped (an id is never split mid-word); detail columns
//! wrap at spaces, and when even wrapped they do not fit, the least needed are dropped.

use comfy_table::{
    presets, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width as ColumnWidth,
};

/// What a column holds, which says how it may give way to a narrow terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// An id, a name or a short word: never wrapped.
    Id,
    /// A number: right-aligned, never wrapped.
    Number,
    /// Words that explain a row: wrapped at spaces, and dropped when the table cannot fit even
    /// with them wrapped. Of several, the lowest `keep` is dropped first.
    Detail { keep: u8 },
    /// A number a narrow terminal can do without: right-aligned, never wrapped, dropped like a
    /// detail column.
    Optional { keep: u8 },
}

impl Col {
    /// How much a droppable column is kept (the lowest goes first); none for a column always kept.
    fn keep(self) -> Option<u8> {
        match self {
            Col::Detail { keep } | Col::Optional { keep } => Some(keep),
            _ => None,
        }
    }
}

/// A detail column is dropped rather than wrapped narrower than this.
const MIN_DETAIL: usize = 16;

pub struct Grid {
    header: Vec<String>,
    cols: Vec<Col>,
    rows: Vec<Vec<String>>,
}

impl Grid {
    pub fn new<S: Into<String>>(columns: impl IntoIterator<Item = (S, Col)>) -> Grid {
        let (header, cols) = columns.into_iter().map(|(h, c)| (h.into(), c)).unzip();
        Grid {
            header,
            cols,
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: impl IntoIterator<Item = String>) {
        self.rows.push(cells.into_iter().collect());
    }

    /// The table, without a final newline. `width`: none, one line per row whatever its length;
    /// some, the table fits it if ids and numbers can (wrapping, then dropping, detail columns).
    pub fn render(&self, width: Option<u16>) -> String {
        self.fitted(width).0
    }

    /// [`Grid::render`], and the columns dropped to fit (by index).
    pub fn fitted(&self, width: Option<u16>) -> (String, Vec<usize>) {
        let mut t = Table::new();
        t.load_preset(presets::ASCII_MARKDOWN)
            .set_header(self.header.clone());
        for r in &self.rows {
            t.add_row(r.clone());
        }
        for (i, c) in self.cols.iter().enumerate() {
            if let Some(col) = t.column_mut(i) {
                if matches!(c, Col::Number | Col::Optional { .. }) {
                    col.set_cell_alignment(CellAlignment::Right);
                }
            }
        }
        let Some(width) = width else {
            t.set_content_arrangement(ContentArrangement::Disabled);
            return (t.to_string(), Vec::new());
        };
        let content = self.content_widths();
        // `| a | b |`: each column its content and two spaces of padding, plus one border each
        // and the closing one
        let span = |w: usize| w + 3;
        let fixed: usize = 1 + self
            .cols
            .iter()
            .zip(&content)
            .filter(|(c, _)| c.keep().is_none())
            .map(|(_, w)| span(*w))
            .sum::<usize>();
        let mut details: Vec<usize> = (0..self.cols.len())
            .filter(|i| self.cols[*i].keep().is_some())
            .collect();
        // least needed first
        details.sort_by_key(|i| (self.cols[*i].keep(), usize::MAX - i));
        // a detail column at least as narrow as it may wrap; an optional number whole
        let least = |i: usize| match self.cols[i] {
            Col::Detail { .. } => content[i].min(MIN_DETAIL),
            _ => content[i],
        };
        let need = |kept: &[usize]| fixed + kept.iter().map(|i| span(least(*i))).sum::<usize>();
        let mut hidden = Vec::new();
        while !details.is_empty() && need(&details) > usize::from(width) {
            hidden.push(details.remove(0));
        }
        t.set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width);
        for (i, c) in self.cols.iter().enumerate() {
            let constraint = if hidden.contains(&i) {
                ColumnConstraint::Hidden
            } else if matches!(c, Col::Detail { .. }) {
                ColumnConstraint::LowerBoundary(ColumnWidth::Fixed(
                    content[i].min(MIN_DETAIL) as u16
                ))
            } else {
                ColumnConstraint::ContentWidth
            };
            if let Some(col) = t.column_mut(i) {
                col.set_constraint(constraint);
            }
        }
        (t.to_string(), hidden)
    }

    /// Each column's widest line, header included.
    fn content_widths(&self) -> Vec<usize> {
        let mut w: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for r in &self.rows {
            for (i, cell) in r.iter().enumerate() {
                let widest = cell.lines().map(|l| l.chars().count()).max().unwrap_or(0);
                if let Some(x) = w.get_mut(i) {
                    *x = (*x).max(widest);
                }
            }
        }
        w
    }
}

/// A line of `a | b | c` parts wrapped at its ` | ` separators to `width` (continuation lines
/// indented by two spaces); a line that fits, or no width, is left as it is.
pub fn fit_line(line: &str, width: Option<u16>) -> String {
    let Some(width) = width.map(usize::from) else {
        return line.to_string();
    };
    if line.chars().count() <= width {
        return line.to_string();
    }
    let mut out = String::new();
    let mut current = String::new();
    for part in line.split(" | ") {
        let sep = if current.is_empty() { "" } else { " | " };
        if !current.is_empty() && current.chars().count() + sep.len() + part.chars().count() > width
        {
            out.push_str(&current);
            out.push('\n');
            current = format!("  {part}");
        } else {
            current.push_str(sep);
            current.push_str(part);
        }
    }
    out.push_str(&current);
    out
}

/// `text` wrapped at spaces to `width`, each line after the first indented by `indent` spaces.
pub fn wrap_words(text: &str, width: u16, indent: usize) -> String {
    let width = usize::from(width);
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.trim().is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = " ".repeat(indent);
        } else if !line.is_empty() && !line.ends_with(' ') {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_header_line_wraps_at_its_separators() {
        let l = "camille.martin Martin, Camille | plan ae-arr | 2024-Q1 (2024-01-01 to 2024-03-31) | TI for the period 10,250.00 EUR";
        let f = fit_line(l, Some(80));
        assert!(f.lines().all(|l| l.chars().count() <= 80), "{f}");
        assert_eq!(f.replace("\n  ", " | "), l);
        assert_eq!(fit_line(l, None), l);
    }

    #[test]
    fn a_narrow_width_drops_the_detail_column_and_keeps_ids_whole() {
        let mut g = Grid::new([
            ("payee", Col::Id),
            ("name", Col::Detail { keep: 1 }),
            ("amount", Col::Number),
        ]);
        g.row([
            "a.very.long.payee.id".to_string(),
            "A name".into(),
            "1.00".into(),
        ]);
        let t = g.render(Some(34));
        assert!(t.contains("a.very.long.payee.id"), "{t}");
        assert!(!t.contains("name"), "{t}");
        assert!(t.lines().all(|l| l.chars().count() <= 34), "{t}");
        let wide = g.render(None);
        assert!(wide.contains("A name"));
    }
}
