//! Projections as a table, CSV or JSON. Formats only: every number comes from the projection.

use super::table_style::{Col, Grid};
use super::{money, number, percent, ratio};
use crate::whatif::{ModelKind, Projection, Row};
use rust_decimal::Decimal;
use std::io::{self, Write};

pub const COLUMNS: [&str; 20] = [
    "point",
    "level",
    "id",
    "name",
    "plan",
    "team",
    "hire",
    "payees",
    "measure",
    "value",
    "target",
    "attainment",
    "revenue",
    "payout",
    "p10",
    "p50",
    "p90",
    "cost_of_sales",
    "at_or_above_100",
    "capped",
];

/// The columns of [`COLUMNS`] that hold numbers with decimals: point, then value to capped.
const NUMBER_COLUMNS: [usize; 12] = [0, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];

pub fn csv<W: Write>(p: &Projection, style: super::csv_safe::CsvStyle, out: W) -> io::Result<()> {
    let mut w = super::csv_safe::Writer::new(out, style).numbers(&NUMBER_COLUMNS);
    // a grid over KPI values says each point's values in a last column (others have none)
    let kpi = p.rows.iter().any(|r| !r.kpi.is_empty());
    let mut header: Vec<&str> = COLUMNS.to_vec();
    if kpi {
        header.push("kpi");
    }
    w.write_record(header)?;
    let opt = |d: Option<Decimal>| d.map_or(String::new(), |d| d.to_string());
    let share = |d: Option<Decimal>| d.map_or(String::new(), ratio);
    for r in &p.rows {
        let mut record = vec![
            share(r.point),
            r.level.to_string(),
            r.id.clone(),
            r.name.clone(),
            r.plan.clone(),
            r.team.clone(),
            r.hire.to_string(),
            r.payees.to_string(),
            r.measure.clone().unwrap_or_default(),
            opt(r.value.map(|v| v.round_dp(6).normalize())),
            opt(r.target.map(|v| v.round_dp(6).normalize())),
            share(r.attainment),
            r.revenue.to_string(),
            r.payout.to_string(),
            opt(r.p10),
            opt(r.p50),
            opt(r.p90),
            share(r.cost_of_sales),
            share(r.at_or_above_100),
            ratio(r.capped),
        ];
        if kpi {
            let values: Vec<String> = r
                .kpi
                .iter()
                .map(|(m, v)| format!("{m}={}", ratio(*v)))
                .collect();
            record.push(values.join(";"));
        }
        w.write_record(record)?;
    }
    w.flush()
}

pub fn json<W: Write>(p: &Projection, mut out: W) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct View<'a> {
        #[serde(flatten)]
        projection: &'a Projection,
        notes: Vec<String>,
    }
    let words = super::words::words();
    let notes = p.notes.iter().map(|n| words.whatif_note(n)).collect();
    serde_json::to_writer_pretty(
        &mut out,
        &View {
            projection: p,
            notes,
        },
    )?;
    writeln!(out)
}

fn pct(d: Option<Decimal>) -> String {
    d.map_or("-".to_string(), percent)
}

/// A projection's table: the columns `words` names hold words (ids), the others numbers;
/// `details` (with how much each is kept) may wrap or go in a narrow terminal: words wrap, numbers
/// are dropped whole.
fn new_table(header: &[&str], words: &[&str], details: &[(&str, u8)]) -> Grid {
    Grid::new(header.iter().map(|h| {
        let col = match details.iter().find(|(d, _)| d == h) {
            Some((_, keep)) if words.contains(h) => Col::Detail { keep: *keep },
            Some((_, keep)) => Col::Optional { keep: *keep },
            None if words.contains(h) => Col::Id,
            None => Col::Number,
        };
        (h.to_string(), col)
    }))
}

/// The projection for people; `width`, when given, the width the tables fit (see
/// [`Grid::render`]).
pub fn table<W: Write>(p: &Projection, width: Option<u16>, mut out: W) -> io::Result<()> {
    let mc = p.trials.is_some();
    let mut heading = format!(
        "What-if \"{}\": {} from {} actuals, model {}",
        p.scenario,
        p.year,
        p.base_year,
        match p.model {
            crate::whatif::ModelKind::Replay => "replay",
            crate::whatif::ModelKind::Grid => "grid",
            crate::whatif::ModelKind::MonteCarlo => "monte-carlo",
        }
    );
    if let (Some(t), Some(s)) = (p.trials, p.seed) {
        heading.push_str(&format!(" ({t} trials, seed {s})"));
    }
    heading.push_str(&format!(", {}", p.currency));
    match width {
        Some(w) => writeln!(out, "{}", super::table_style::wrap_words(&heading, w, 2))?,
        None => writeln!(out, "{heading}")?,
    }
    if let Some(s) = &p.solve {
        writeln!(out, "solved: {}", super::words::words().solved(s))?;
    }
    let grid = p.rows.iter().any(|r| r.point.is_some());
    if !grid {
        let mut header = vec!["payee", "plan", "team", "measure", "target", "attainment"];
        header.extend(if mc {
            vec!["mean", "P10", "P50", "P90", ">=100%", "capped"]
        } else {
            vec!["payout", "capped"]
        });
        let mut t = new_table(
            &header,
            &["payee", "plan", "team", "measure"],
            &[
                ("team", 1),
                ("plan", 2),
                ("measure", 3),
                ("capped", 4),
                (">=100%", 4),
                ("P10", 5),
                ("P90", 5),
            ],
        );
        for r in p.rows.iter().filter(|r| r.level == "payee") {
            let id = if r.hire {
                format!("{} (hire)", r.id)
            } else {
                r.id.clone()
            };
            let mut cells = vec![
                id,
                r.plan.clone(),
                r.team.clone(),
                r.measure.clone().unwrap_or_default(),
                r.target.map_or("-".into(), |t| number(t.round_dp(2))),
                pct(r.attainment),
            ];
            if mc {
                cells.extend([
                    money(r.payout),
                    r.p10.map_or("-".into(), money),
                    r.p50.map_or("-".into(), money),
                    r.p90.map_or("-".into(), money),
                    pct(r.at_or_above_100),
                    percent(r.capped),
                ]);
            } else {
                cells.extend([
                    money(r.payout),
                    if r.capped.is_zero() { "" } else { "yes" }.to_string(),
                ]);
            }
            t.row(cells);
        }
        writeln!(out, "{}", t.render(width))?;
    }
    let groups: Vec<&Row> = p.rows.iter().filter(|r| r.level != "payee").collect();
    let mut header = vec![];
    if grid {
        header.push("attainment");
    }
    let kpi = p.rows.iter().any(|r| !r.kpi.is_empty());
    if kpi {
        header.push("KPIs");
    }
    header.extend(["level", "id", "payees", "attainment", "revenue", "cost"]);
    if mc {
        header.extend(["P10", "P50", "P90"]);
    }
    header.extend(["cost of sales", ">=100%", "capped"]);
    let mut t = new_table(
        &header,
        &["level", "id", "KPIs"],
        &[
            ("capped", 1),
            (">=100%", 2),
            ("P10", 3),
            ("P90", 3),
            ("cost of sales", 4),
            ("payees", 5),
            ("KPIs", 6),
        ],
    );
    for r in groups {
        let mut cells = Vec::new();
        if let Some(a) = r.point {
            cells.push(percent(a));
        }
        if kpi {
            let values: Vec<String> = r
                .kpi
                .iter()
                .map(|(m, v)| format!("{m} {}", percent(*v)))
                .collect();
            cells.push(values.join(", "));
        }
        cells.extend([
            r.level.to_string(),
            r.id.clone(),
            r.payees.to_string(),
            if r.level == "plan" {
                pct(r.attainment)
            } else {
                String::new()
            },
            money(r.revenue),
            money(r.payout),
        ]);
        if mc {
            cells.extend([
                r.p10.map_or("-".into(), money),
                r.p50.map_or("-".into(), money),
                r.p90.map_or("-".into(), money),
            ]);
        }
        cells.extend([
            pct(r.cost_of_sales),
            pct(r.at_or_above_100),
            percent(r.capped),
        ]);
        t.row(cells);
    }
    writeln!(out, "{}", t.render(width))?;
    let words = super::words::words();
    for s in &p.seasons {
        writeln!(out, "note: {}", words.season(s, p.base_year))?;
    }
    for n in &p.notes {
        let note = format!("note: {}", words.whatif_note(n));
        match width {
            Some(w) => writeln!(out, "{}", super::table_style::wrap_words(&note, w, 2))?,
            None => writeln!(out, "{note}")?,
        }
    }
    Ok(())
}

/// The projection's chart: the distribution of total cost over the trials (Monte Carlo), or the
/// company's total payout by attainment (grid).
pub fn chart(p: &Projection, kind: ModelKind) -> String {
    match kind {
        ModelKind::MonteCarlo => super::chart::histogram(
            &format!("{}: total cost over {} trials", p.year, p.totals.len()),
            &p.totals,
            40,
            &p.currency,
        ),
        _ => {
            let points: Vec<_> = p
                .rows
                .iter()
                .filter(|r| r.level == "company")
                .filter_map(|r| r.point.map(|x| (x, r.payout)))
                .collect();
            super::chart::curve(
                &format!("{}: total payout by attainment", p.year),
                &points,
                &p.currency,
            )
        }
    }
}
