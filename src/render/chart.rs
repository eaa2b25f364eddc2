//! Charts as SVG, written by hand: a bar per payee for `comp diff`, a cost curve for a grid, a
//! histogram of total cost for Monte Carlo. Plotting crates need a font library to lay out text
//! (fontconfig, or a bundled font file); an SVG leaves text to the viewer, so a few lines of markup
//! do. Charts are for looking: coordinates use floating point, never the money reported.

use crate::diff::DiffReport;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::fmt::Write;

const W: f64 = 800.0;
const MARGIN_LEFT: f64 = 160.0;
const MARGIN_RIGHT: f64 = 40.0;
const MARGIN_TOP: f64 = 50.0;
const MARGIN_BOTTOM: f64 = 60.0;

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn open(height: f64, title: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{height}" viewBox="0 0 {W} {height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="{}" y="28" font-size="16" text-anchor="middle">{}</text>"#,
        W / 2.0,
        escape(title)
    );
    s
}

/// A number for an axis label: grouped thousands, no decimals.
fn label(v: f64) -> String {
    crate::render::number(
        Decimal::from_f64_retain(v.round())
            .unwrap_or_default()
            .round(),
    )
}

/// Each payee's change of pay, largest gain first: winners right of zero, losers left.
pub fn diff(r: &DiffReport) -> String {
    let mut rows: Vec<(&str, f64)> = r
        .rows
        .iter()
        .map(|x| (x.payee.as_str(), f(x.delta)))
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let bar = 18.0;
    let height = MARGIN_TOP + MARGIN_BOTTOM + bar * rows.len().max(1) as f64;
    let title = format!(
        "{}: {} paid more, {} paid less; total {} {}",
        r.period,
        r.summary.winners,
        r.summary.losers,
        crate::render::money(r.summary.delta),
        r.currency
    );
    let mut s = open(height, &title);
    let lo = rows.iter().map(|r| r.1).fold(0.0, f64::min);
    let hi = rows.iter().map(|r| r.1).fold(0.0, f64::max);
    let span = if hi - lo > 0.0 { hi - lo } else { 1.0 };
    let plot = W - MARGIN_LEFT - MARGIN_RIGHT;
    let x = |v: f64| MARGIN_LEFT + (v - lo) / span * plot;
    for (i, (payee, d)) in rows.iter().enumerate() {
        let y = MARGIN_TOP + i as f64 * bar;
        let (x0, x1) = (x(0.0).min(x(*d)), x(0.0).max(x(*d)));
        let colour = if *d >= 0.0 { "#2e7d32" } else { "#c62828" };
        let _ = writeln!(
            s,
            r#"<rect x="{x0:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{colour}"><title>{}: {}</title></rect>"#,
            y + 2.0,
            (x1 - x0).max(0.5),
            bar - 4.0,
            escape(payee),
            label(*d)
        );
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            MARGIN_LEFT - 6.0,
            y + bar - 5.0,
            escape(payee)
        );
    }
    let bottom = height - MARGIN_BOTTOM;
    let _ = writeln!(
        s,
        r##"<line x1="{0:.1}" y1="{MARGIN_TOP}" x2="{0:.1}" y2="{bottom:.1}" stroke="#333"/>"##,
        x(0.0)
    );
    axis_x(
        &mut s,
        lo,
        hi,
        &x,
        bottom,
        &format!("change of pay ({})", r.currency),
    );
    s.push_str("</svg>\n");
    s
}

fn axis_x(s: &mut String, lo: f64, hi: f64, x: &dyn Fn(f64) -> f64, bottom: f64, name: &str) {
    let _ = writeln!(
        s,
        r##"<line x1="{MARGIN_LEFT}" y1="{bottom:.1}" x2="{:.1}" y2="{bottom:.1}" stroke="#333"/>"##,
        W - MARGIN_RIGHT
    );
    for k in 0..=4 {
        let v = lo + (hi - lo) * k as f64 / 4.0;
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            x(v),
            bottom + 16.0,
            label(v)
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
        MARGIN_LEFT + (W - MARGIN_LEFT - MARGIN_RIGHT) / 2.0,
        bottom + 40.0,
        escape(name)
    );
}

/// A cost curve: total payout against attainment, one point per grid row.
pub fn curve(title: &str, points: &[(Decimal, Decimal)], currency: &str) -> String {
    let height = 480.0;
    let mut s = open(height, title);
    let pts: Vec<(f64, f64)> = points.iter().map(|(a, c)| (f(*a) * 100.0, f(*c))).collect();
    let (xlo, xhi) = (
        pts.iter()
            .map(|p| p.0)
            .fold(f64::INFINITY, f64::min)
            .min(0.0),
        pts.iter().map(|p| p.0).fold(0.0, f64::max).max(1.0),
    );
    let yhi = pts.iter().map(|p| p.1).fold(0.0, f64::max).max(1.0);
    let bottom = height - MARGIN_BOTTOM;
    let plot_w = W - MARGIN_LEFT - MARGIN_RIGHT;
    let plot_h = bottom - MARGIN_TOP;
    let x = |v: f64| MARGIN_LEFT + (v - xlo) / (xhi - xlo) * plot_w;
    let y = |v: f64| bottom - v / yhi * plot_h;
    let path: Vec<String> = pts
        .iter()
        .map(|(a, c)| format!("{:.1},{:.1}", x(*a), y(*c)))
        .collect();
    let _ = writeln!(
        s,
        r##"<polyline points="{}" fill="none" stroke="#1565c0" stroke-width="2"/>"##,
        path.join(" ")
    );
    for (a, c) in &pts {
        let _ = writeln!(
            s,
            r##"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="#1565c0"><title>{a}%: {}</title></circle>"##,
            x(*a),
            y(*c),
            label(*c)
        );
    }
    axis_y(&mut s, yhi, &y, &format!("total payout ({currency})"));
    axis_x(&mut s, xlo, xhi, &x, bottom, "attainment (%)");
    s.push_str("</svg>\n");
    s
}

fn axis_y(s: &mut String, hi: f64, y: &dyn Fn(f64) -> f64, name: &str) {
    let _ = writeln!(
        s,
        r##"<line x1="{MARGIN_LEFT}" y1="{MARGIN_TOP}" x2="{MARGIN_LEFT}" y2="{:.1}" stroke="#333"/>"##,
        y(0.0)
    );
    for k in 0..=4 {
        let v = hi * k as f64 / 4.0;
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            MARGIN_LEFT - 6.0,
            y(v) + 4.0,
            label(v)
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="20" y="{:.1}" transform="rotate(-90 20 {:.1})" text-anchor="middle">{}</text>"#,
        MARGIN_TOP + 150.0,
        MARGIN_TOP + 150.0,
        escape(name)
    );
}

/// The distribution of a total over trials: a histogram of `bins` equal-width bins.
pub fn histogram(title: &str, values: &[Decimal], bins: usize, currency: &str) -> String {
    let height = 480.0;
    let mut s = open(height, title);
    let v: Vec<f64> = values.iter().map(|d| f(*d)).collect();
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if v.is_empty() {
        (0.0, 1.0)
    } else if hi > lo {
        (lo, hi)
    } else {
        (lo - 1.0, hi + 1.0)
    };
    let bins = bins.max(1);
    let mut counts = vec![0usize; bins];
    for x in &v {
        let i = (((x - lo) / (hi - lo)) * bins as f64) as usize;
        counts[i.min(bins - 1)] += 1;
    }
    let top = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let bottom = height - MARGIN_BOTTOM;
    let plot_w = W - MARGIN_LEFT - MARGIN_RIGHT;
    let plot_h = bottom - MARGIN_TOP;
    let x = |t: f64| MARGIN_LEFT + (t - lo) / (hi - lo) * plot_w;
    let y = |c: f64| bottom - c / top * plot_h;
    let width = plot_w / bins as f64;
    for (i, c) in counts.iter().enumerate() {
        let x0 = MARGIN_LEFT + i as f64 * width;
        let _ = writeln!(
            s,
            r##"<rect x="{x0:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#6a1b9a"><title>{c} trial(s)</title></rect>"##,
            y(*c as f64),
            (width - 1.0).max(0.5),
            bottom - y(*c as f64)
        );
    }
    axis_y(&mut s, top, &y, "trials");
    axis_x(
        &mut s,
        lo,
        hi,
        &x,
        bottom,
        &format!("total cost ({currency})"),
    );
    s.push_str("</svg>\n");
    s
}
