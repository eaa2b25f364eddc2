//! Statements for reps as HTML (`comp statements`): one self-contained page per payee and plan
//! period (its style inline, no script, no file beside it; a curve drawn as inline SVG), printable
//! on A4, and an index of them with their totals. Sentences are `explain`'s (`sentences`), labels
//! the catalogue's (`words`); nothing is computed here. Every text value goes through [`escape`]:
//! names and ids come from files a rep does not control.

use super::at_minor;
use super::locale::{amount_in, date_in, money_in, number_in, percent_in, points_in};
use super::sentences;
use super::words::{Label, Words};
use crate::curve_view::{Axis, View};
use crate::locale::Locale;
use crate::plan::{Interpolation, Unit};
use crate::report::{CalcReport, ComponentLine, Explanation, LineKind, RecordLine, Statement};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::fmt::Write;

/// Text made safe inside HTML elements and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            c => s.push(c),
        }
    }
    s
}

/// A statement in the index: the statement and the file it was written to (a name in the same
/// folder as the index).
pub struct Listed<'a> {
    pub statement: &'a Statement,
    pub file: String,
}

/// The style of every page: readable on screen, A4 in print with each component kept on one page
/// where it fits and the credited records on pages of their own.
const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 11pt;
  color: #1d1d1f; margin: 2em auto; max-width: 52em; padding: 0 1.5em; line-height: 1.4; }
h1 { font-size: 1.5em; margin: 0 0 .2em; }
h2 { font-size: 1.15em; margin: 1.4em 0 .4em; border-bottom: 1px solid #ccd; padding-bottom: .2em; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 .8em; }
th, td { padding: .25em .5em; border-bottom: 1px solid #e2e2e8; text-align: left; vertical-align: top; }
th { background: #f3f4f8; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 700; border-top: 2px solid #333; border-bottom: none; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1.2em; margin: .4em 0; }
.facts dt { color: #555; } .facts dd { margin: 0; }
.how { margin: .4em 0; }
.curve { float: right; margin: 0 0 .5em 1em; }
section.line { overflow: hidden; }
.grand { font-size: 1.3em; font-weight: 700; margin: 1.2em 0 .3em; }
.closed { background: #fff6d6; padding: .3em .6em; }
details summary { cursor: pointer; color: #1a4f9c; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  section.line { break-inside: avoid; }
  section.records { break-before: page; }
  details summary { color: inherit; }
  a { color: inherit; text-decoration: none; }
}
"#;

fn page_start(out: &mut String, lang: &str, title: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(lang),
        escape(title)
    );
}

fn page_end(out: &mut String) {
    out.push_str("</body>\n</html>\n");
}

/// A measure's value or target as people read it: a ratio as a percentage, a count or a sum as a
/// grouped number.
fn value_text(w: &dyn Words, v: Decimal, unit: Option<Unit>) -> String {
    match unit {
        Some(Unit::Ratio) => percent_in(w.locale(), v),
        _ => number_in(w.locale(), v),
    }
}

/// An amount with its currency, at the currency's minor unit.
fn amount(w: &dyn Words, d: Decimal, r: &CalcReport) -> String {
    amount_in(w.locale(), at_minor(d, r.minor_unit), &r.currency)
}

/// One payee's statement for one plan period. `curves` holds the view of each curve component
/// (by component id) drawn beside its explanation.
pub fn statement(
    s: &Statement,
    r: &CalcReport,
    curves: &HashMap<String, View>,
    w: &dyn Words,
    out: &mut String,
) {
    let title = format!("{} · {} · {}", w.label(Label::Statement), s.name, s.period);
    page_start(out, w.locale().tag(), &title);
    let _ = writeln!(
        out,
        "<header>\n<h1>{} — {}</h1>",
        escape(w.label(Label::Statement)),
        escape(&s.name),
    );
    let _ = writeln!(out, "<dl class=\"facts\">");
    fact(
        out,
        w.label(Label::Payee),
        &format!("{} ({})", s.name, s.payee),
    );
    fact(out, w.label(Label::Plan), &s.plan);
    fact(
        out,
        w.label(Label::Period),
        &format!(
            "{} ({} – {})",
            s.period,
            date_in(w.locale(), s.start),
            date_in(w.locale(), s.end)
        ),
    );
    fact(
        out,
        w.label(Label::TargetIncentive),
        &amount(w, s.target_incentive, r),
    );
    let _ = writeln!(out, "</dl>");
    let _ = writeln!(out, "<p>{}</p>", escape(&sentences::intro(s, r, w)));
    if s.closed {
        let _ = writeln!(
            out,
            "<p class=\"closed\">{}</p>",
            escape(sentences::closed(w))
        );
    }
    let _ = writeln!(out, "</header>");

    summary(s, r, w, out);
    if let Some(pay) = &s.pay {
        // each line in the payee's pay currency (rule 26)
        let _ = writeln!(
            out,
            "<section class=\"pay\">\n<p>{}</p>\n<ul>",
            escape(&w.pay_rate(pay, &r.currency, s.period.end()))
        );
        for (l, to) in s.lines.iter().zip(&pay.lines) {
            let _ = writeln!(
                out,
                "<li>{}: {}</li>",
                escape(&sentences::title(l, w)),
                escape(&w.paid_in(l.payout, &r.currency, pay, *to))
            );
        }
        let _ = writeln!(out, "</ul>\n</section>");
    }

    let (components, others): (Vec<&ComponentLine>, Vec<&ComponentLine>) =
        s.lines.iter().partition(|l| is_component(l.kind));
    for l in &components {
        line(l, r, curves, w, out);
    }
    if !others.is_empty() {
        let _ = writeln!(out, "<h2>{}</h2>", escape(w.label(Label::OtherLines)));
        for l in &others {
            line(l, r, curves, w, out);
        }
    }

    let _ = writeln!(out, "<section class=\"closing\">");
    let _ = writeln!(
        out,
        "<p class=\"grand\" id=\"total\">{}{}: {}</p>",
        escape(w.label(Label::Total)),
        // French puts a no-break space before a colon
        if w.locale() == Locale::FrFr {
            "\u{a0}"
        } else {
            ""
        },
        escape(&match &s.pay {
            Some(pay) => amount_in(w.locale(), pay.total, &pay.currency),
            None => amount(w, s.total, r),
        })
    );
    for sentence in sentences::closing(s, r, w) {
        let _ = writeln!(out, "<p>{}</p>", escape(&sentence));
    }
    let _ = writeln!(out, "</section>");

    let with_records: Vec<&&ComponentLine> = components
        .iter()
        .chain(others.iter())
        .filter(|l| !l.records.is_empty())
        .collect();
    if !with_records.is_empty() {
        let _ = writeln!(
            out,
            "<section class=\"records\">\n<h2>{}</h2>",
            escape(w.label(Label::Records))
        );
        for l in with_records {
            records(l, r, w, out);
        }
        let _ = writeln!(out, "</section>");
    }
    page_end(out);
}

fn is_component(kind: LineKind) -> bool {
    matches!(
        kind,
        LineKind::Commission
            | LineKind::RateTable
            | LineKind::Curve
            | LineKind::Kicker
            | LineKind::PlanCap
    )
}

fn fact(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape(label), escape(value));
}

/// Every line on one table: what was measured, against what, what it pays; then the total.
fn summary(s: &Statement, r: &CalcReport, w: &dyn Words, out: &mut String) {
    let _ = writeln!(
        out,
        "<table class=\"summary\">\n<thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th>\
         <th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead>\n<tbody>",
        escape(w.label(Label::Component)),
        escape(w.label(Label::Measure)),
        escape(w.label(Label::Value)),
        escape(w.label(Label::Target)),
        escape(w.label(Label::Attainment)),
        escape(w.label(Label::Payout)),
    );
    for l in &s.lines {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&sentences::title(l, w)),
            escape(l.measure.as_deref().unwrap_or("")),
            escape(
                &l.value
                    .map(|v| value_text(w, v, l.unit))
                    .unwrap_or_default()
            ),
            escape(
                &l.target
                    .map(|v| value_text(w, v, l.unit))
                    .unwrap_or_default()
            ),
            escape(
                &l.attainment
                    .map(|a| percent_in(w.locale(), a))
                    .unwrap_or_default()
            ),
            escape(&amount(w, l.payout, r)),
        );
    }
    let _ = writeln!(
        out,
        "</tbody>\n<tfoot><tr class=\"total\"><td colspan=\"5\">{}</td><td class=\"n\">{}</td></tr></tfoot>\n</table>",
        escape(w.label(Label::Total)),
        escape(&amount(w, s.total, r))
    );
}

/// One line: its figures, how it was paid (bands' slices, the curve with the payee's point), the
/// sentences `explain` says of it.
fn line(
    l: &ComponentLine,
    r: &CalcReport,
    curves: &HashMap<String, View>,
    w: &dyn Words,
    out: &mut String,
) {
    let _ = writeln!(
        out,
        "<section class=\"line\" data-line=\"{}\">\n<h2>{}</h2>",
        escape(&l.id.to_string()),
        escape(&sentences::title(l, w))
    );
    if let (
        Explanation::Curve {
            x,
            y,
            interpolation,
            ..
        },
        Some(view),
    ) = (&l.explanation, curves.get(&l.id.to_string()))
    {
        let drawn = Drawn {
            x: *x,
            y: *y,
            steps: *interpolation == Interpolation::Step,
            // x in percent points: attainment, or a KPI that is a ratio
            percent: view.x == Axis::Attainment || l.unit == Some(Unit::Ratio),
            // a curve over a measure's own value names the measure under its x axis
            axis: match (view.x, &l.measure) {
                (Axis::Value, Some(m)) => m.clone(),
                _ => w.axis(view.x),
            },
        };
        out.push_str(&curve_svg(view, &drawn, w));
    }
    let _ = writeln!(out, "<dl class=\"facts\">");
    if let Some(m) = &l.measure {
        fact(out, w.label(Label::Measure), m);
    }
    if let Some(v) = l.value {
        fact(out, w.label(Label::Value), &value_text(w, v, l.unit));
    }
    if let Some(t) = l.target {
        fact(out, w.label(Label::Target), &value_text(w, t, l.unit));
    }
    if let Some(a) = l.attainment {
        fact(out, w.label(Label::Attainment), &percent_in(w.locale(), a));
    }
    if let Some(c) = l.cap {
        fact(out, w.label(Label::Cap), &amount(w, c, r));
    }
    if let Some(paid) = l.paid_to_date {
        fact(out, w.label(Label::EarnedToDate), &amount(w, l.earned, r));
        fact(out, w.label(Label::PaidBefore), &amount(w, paid, r));
    }
    fact(out, w.label(Label::Payout), &amount(w, l.payout, r));
    let _ = writeln!(out, "</dl>");
    if let Explanation::Bands { bands, .. } = &l.explanation {
        let _ = writeln!(
            out,
            "<table class=\"bands\"><thead><tr><th>{}</th><th class=\"n\">{}</th>\
             <th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            escape(w.label(Label::Band)),
            escape(w.label(Label::Rate)),
            escape(w.label(Label::Slice)),
            escape(w.label(Label::Payout)),
        );
        // on a measure that counts, bounds and slices are counts, not money
        let each = super::counts(l);
        let bound = |d: rust_decimal::Decimal| {
            if each {
                number_in(w.locale(), d.normalize())
            } else {
                money_in(w.locale(), at_minor(d, r.minor_unit))
            }
        };
        for b in bands {
            let band = match b.to {
                Some(to) => format!("{} – {}", bound(b.from), bound(to)),
                None => format!("{} +", bound(b.from)),
            };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&band),
                escape(&if super::counts(l) {
                    money_in(w.locale(), super::per_unit(b.rate, r.minor_unit))
                } else {
                    percent_in(w.locale(), b.rate)
                }),
                escape(&if each {
                    bound(b.amount)
                } else {
                    amount(w, b.amount, r)
                }),
                escape(&amount(w, b.payout, r)),
            );
        }
        let _ = writeln!(out, "</tbody></table>");
    }
    let _ = writeln!(
        out,
        "<p class=\"how\"><strong>{}:</strong> {}</p>\n</section>",
        escape(w.label(Label::HowPaid)),
        escape(sentences::how(l, r, w).trim_end())
    );
}

/// A line's credited records, folded away until opened.
fn records(l: &ComponentLine, r: &CalcReport, w: &dyn Words, out: &mut String) {
    let _ = writeln!(
        out,
        "<details>\n<summary>{} — {} ({})</summary>",
        escape(&sentences::title(l, w)),
        escape(w.label(Label::Records)),
        l.records.len()
    );
    let _ = writeln!(
        out,
        "<table><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th>{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        escape(w.label(Label::Id)),
        escape(w.label(Label::Date)),
        escape(w.label(Label::Amount)),
        escape(w.label(Label::Note)),
        escape(w.label(Label::Payout)),
    );
    for rec in &l.records {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            escape(&rec.id),
            escape(
                &rec.date
                    .map(|d| date_in(w.locale(), d))
                    .unwrap_or_default()
            ),
            escape(
                &rec.amount
                    .map(|a| money_in(w.locale(), a))
                    .unwrap_or_default()
            ),
            escape(&record_note(rec, w)),
            escape(&rec.payout.map(|p| amount(w, p, r)).unwrap_or_default()),
        );
    }
    let _ = writeln!(out, "</tbody></table>\n</details>");
}

fn record_note(rec: &RecordLine, w: &dyn Words) -> String {
    let mut parts = Vec::new();
    if let Some(rate) = rec.rate {
        parts.push(percent_in(w.locale(), rate));
    }
    parts.extend(w.record_band(rec));
    parts.extend(w.record_note(rec));
    parts.join("; ")
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// How to draw a curve: the payee's point, and how the curve goes from one row to the next.
struct Drawn {
    x: Decimal,
    y: Decimal,
    /// A stepped curve holds each row's payout up to the next row.
    steps: bool,
    /// x is in percent points.
    percent: bool,
    /// What x is, under the axis.
    axis: String,
}

/// A small curve: payout (% of the component's TI) by x, the payee's point marked. For looking
/// only: coordinates are floating point, the amounts are in the tables.
fn curve_svg(view: &View, drawn: &Drawn, w: &dyn Words) -> String {
    let (x, y) = (drawn.x, drawn.y);
    const WIDTH: f64 = 260.0;
    const HEIGHT: f64 = 170.0;
    const LEFT: f64 = 40.0;
    const BOTTOM: f64 = 26.0;
    const TOP: f64 = 10.0;
    const RIGHT: f64 = 12.0;
    let pts: Vec<(f64, f64)> = view.rows.iter().map(|r| (f(r.x), f(r.percent))).collect();
    // the point is drawn where the payee is paid: on the cap when the curve was cut by it
    let paid = view.cap_percent.map_or(y, |c| y.min(c));
    let (px, py) = (f(x), f(paid));
    let xhi = pts.iter().map(|p| p.0).fold(px, f64::max).max(1.0);
    let yhi = pts.iter().map(|p| p.1).fold(py, f64::max).max(1.0);
    let sx = |v: f64| LEFT + v / xhi * (WIDTH - LEFT - RIGHT);
    let sy = |v: f64| HEIGHT - BOTTOM - v / yhi * (HEIGHT - BOTTOM - TOP);
    let mut path: Vec<String> = Vec::new();
    for (i, (a, b)) in pts.iter().enumerate() {
        if drawn.steps && i > 0 {
            // along at the last row's payout, then up or down at this row
            path.push(format!("{:.1},{:.1}", sx(*a), sy(pts[i - 1].1)));
        }
        path.push(format!("{:.1},{:.1}", sx(*a), sy(*b)));
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        r##"<svg class="curve" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="9" role="img" aria-label="{}">"##,
        escape(w.label(Label::PayoutPercent))
    );
    let _ = writeln!(
        s,
        r##"<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{:.1}" stroke="#555"/><line x1="{LEFT}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#555"/>"##,
        HEIGHT - BOTTOM,
        HEIGHT - BOTTOM,
        WIDTH - RIGHT,
        HEIGHT - BOTTOM
    );
    for k in 0..=2 {
        let v = yhi * k as f64 / 2.0;
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end">{:.0}%</text>"##,
            LEFT - 4.0,
            sy(v) + 3.0,
            v
        );
        let xv = xhi * k as f64 / 2.0;
        let label = if drawn.percent {
            format!("{xv:.0}%")
        } else {
            format!("{xv:.0}")
        };
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
            sx(xv),
            HEIGHT - BOTTOM + 12.0,
            escape(&label)
        );
    }
    let _ = writeln!(
        s,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
        (LEFT + WIDTH - RIGHT) / 2.0,
        HEIGHT - 2.0,
        escape(&drawn.axis)
    );
    let _ = writeln!(
        s,
        r##"<polyline points="{}" fill="none" stroke="#1565c0" stroke-width="1.8"/>"##,
        path.join(" ")
    );
    let _ = writeln!(
        s,
        r##"<circle cx="{:.1}" cy="{:.1}" r="4" fill="#d84315"><title>{}: {}, {}</title></circle>"##,
        sx(px),
        sy(py),
        escape(w.label(Label::YourPoint)),
        escape(&points_in(w.locale(), x)),
        escape(&points_in(w.locale(), paid))
    );
    let _ = writeln!(
        s,
        r##"<text x="{:.1}" y="{:.1}" fill="#d84315" font-weight="bold">{}</text>"##,
        (sx(px) + 6.0).min(WIDTH - RIGHT - 14.0),
        (sy(py) - 6.0).max(TOP + 8.0),
        escape(w.label(Label::YourPoint))
    );
    s.push_str("</svg>\n");
    s
}

/// The index of the statements written: payee, plan, period, total, a link to each; then the
/// total of them all.
pub fn index(listed: &[Listed], r: &CalcReport, w: &dyn Words, out: &mut String) {
    let title = format!("{} · {}", w.label(Label::Statements), r.period);
    page_start(out, w.locale().tag(), &title);
    let _ = writeln!(out, "<h1>{}</h1>", escape(&title));
    let _ = writeln!(
        out,
        "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th></tr></thead>\n<tbody>",
        escape(w.label(Label::Payee)),
        escape(w.label(Label::Plan)),
        escape(w.label(Label::Period)),
        escape(w.label(Label::Total)),
    );
    for e in listed {
        let s = e.statement;
        let _ = writeln!(
            out,
            "<tr><td><a href=\"{}\">{}</a> ({})</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            escape(&e.file),
            escape(&s.name),
            escape(&s.payee),
            escape(&s.plan),
            escape(&s.period.to_string()),
            escape(&match &s.pay {
                Some(pay) => amount_in(w.locale(), pay.total, &pay.currency),
                None => amount(w, s.total, r),
            }),
        );
    }
    let _ = writeln!(
        out,
        "</tbody>\n<tfoot><tr class=\"total\"><td colspan=\"3\">{} ({})</td><td class=\"n\">{}</td></tr></tfoot>\n</table>",
        escape(w.label(Label::CompanyTotal)),
        listed.len(),
        escape(&amount(w, r.total, r)),
    );
    if !r.pay_totals.is_empty() {
        // the company total is in the workspace currency; what is paid, one total per currency
        let each: Vec<String> = r
            .pay_totals
            .iter()
            .map(|(c, t)| amount_in(w.locale(), *t, c))
            .collect();
        let _ = writeln!(out, "<p class=\"pay\">{}</p>", escape(&each.join(" · ")));
    }
    page_end(out);
}
