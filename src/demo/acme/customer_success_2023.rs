//! The customer-success files of 2023, for `comp whatif` from 2023 (examples/acme/2023/): the
//! customers signed before 2024 (those of customers.csv) and their life through 2023 in
//! mrr-2023.csv, the onboardings of 2023's customers, the CSMs' key meetings and the CS upsells of
//! 2023, and the CS team on roster-2023.csv. Its own seed, drawn after every other file, so none of
//! them changes with it. 2023 is its own year, as the sales files of 2023 are: its churn does not
//! carry into 2024's files (mrr.csv starts 2024 with every customer's signature MRR).

use super::customer_success::{churn_risk, write_team, write_upsells, Customer, CS_TEAM};
use crate::demo::calendar::{self, ymd};
use crate::demo::draw::{AcmeSequence, Draw};
use crate::demo::export::{self, Movement, Table};
use chrono::NaiveDate;
use std::io::{self, Write};
use std::path::Path;

const SEED_2023: u64 = super::SEED ^ 0xC5C5_2023_0000_0000;

/// A day from 1 to 28 of month `m` of 2023.
fn day_2023(rng: &mut impl Draw, m: u16) -> NaiveDate {
    ymd(2023, m, rng.range(1, 28) as u16)
}

/// Writes the 2023 CS files for `customers` (those of customers.csv) and adds the CS team to the
/// 2023 roster and quotas.
pub(super) fn write(
    out_dir: &Path,
    customers: &[Customer],
    roster: &mut Table,
    quotas: &mut Table,
    log: &mut dyn Write,
) -> io::Result<()> {
    let mut rng = AcmeSequence::from_state(SEED_2023);
    let signed: Vec<usize> = (0..customers.len())
        .filter(|&i| customers[i].start < 0)
        .collect();
    let moves = movements(&mut rng, customers, &signed);
    let mut t = Table::create(&out_dir.join("mrr-2023.csv"), &export::MRR)?;
    for &(i, date, kind, cents) in &moves {
        export::movement_row(&mut t, &customers[i].id, &date, kind, cents)?;
    }
    let n_moves = t.finish()?;

    // kick-off on signature, live 12 to 80 days later (after 2023: no go-live)
    let mut t = Table::create(&out_dir.join("onboarding-2023.csv"), &export::ONBOARDING)?;
    for &i in &signed {
        let start = calendar::date(customers[i].start);
        if start < ymd(2023, 1, 1) {
            continue;
        }
        let live = start + chrono::Days::new(rng.skewed(12, 80, 2) as u64);
        let live = if live < ymd(2024, 1, 1) {
            live.to_string()
        } else {
            String::new()
        };
        t.row(&[&customers[i].id, &start, &live])?;
    }
    let n_onboardings = t.finish()?;

    // key meetings of the csm-churn CSMs, from their start
    let mut meetings: Vec<(NaiveDate, &str, &str)> = Vec::new();
    for m in CS_TEAM.iter().filter(|m| m.plan == "csm-churn") {
        for month in 1..=12u16 {
            for _ in 0..rng.range(2, 6) {
                let d = day_2023(&mut rng, month);
                let kind = if rng.chance(60) { "QBR" } else { "Kick-off" };
                if d.to_string().as_str() >= m.start {
                    meetings.push((d, m.id, kind));
                }
            }
        }
    }
    meetings.sort();
    let mut t = Table::create(&out_dir.join("cs_meetings-2023.csv"), &export::CS_MEETINGS)?;
    for (n, (d, who, kind)) in meetings.iter().enumerate() {
        t.row(&[&format!("CSM-23-{:04}", n + 1), who, d, kind])?;
    }
    let n_meetings = t.finish()?;

    // upsells and renewals signed by the account managers and the csm-churn CSMs
    let mut upsells: Vec<(NaiveDate, &str, usize, i64, &str)> = Vec::new();
    for m in CS_TEAM
        .iter()
        .filter(|m| m.plan == "cs-upsell" || m.plan == "csm-churn")
    {
        let own: Vec<usize> = signed
            .iter()
            .copied()
            .filter(|&i| m.plan == "cs-upsell" || customers[i].csm == m.id)
            .collect();
        let per_month = if m.plan == "cs-upsell" {
            (2, 5)
        } else {
            (0, 2)
        };
        for month in 1..=12u16 {
            for _ in 0..rng.range(per_month.0, per_month.1) {
                let d = day_2023(&mut rng, month);
                let i = *rng.pick(&own);
                let renewal = m.plan == "cs-upsell" && rng.chance(35);
                let arr = if renewal {
                    rng.range(40, 300)
                } else {
                    rng.skewed(20, 150, 2)
                } * 10_000;
                let signed_before = calendar::date(customers[i].start) < d;
                if signed_before && d.to_string().as_str() >= m.start {
                    let kind = if renewal { "renewal" } else { "expansion" };
                    upsells.push((d, m.id, i, arr, kind));
                }
            }
        }
    }
    upsells.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    let n_upsells = write_upsells(
        &out_dir.join("upsells-2023.csv"),
        "UP-23",
        &upsells,
        customers,
    )?;
    write_team(roster, quotas, 2023)?;
    writeln!(
        log,
        "2023: mrr-2023.csv: {n_moves} movements, onboarding-2023.csv: {n_onboardings} rows, cs_meetings-2023.csv: {n_meetings} rows, upsells-2023.csv: {n_upsells} rows"
    )
}

/// An MRR movement of 2023's file: (customer, date, kind, cents).
type Move = (usize, NaiveDate, Movement, i64);

/// The signatures of the customers signed before 2024, then for each month of 2023 after the
/// signature a chance of expansion, contraction or churn (the CSM's churn risk, as in 2024); by
/// customer and date.
fn movements(rng: &mut impl Draw, customers: &[Customer], signed: &[usize]) -> Vec<Move> {
    let mut moves: Vec<Move> = Vec::new();
    for &i in signed {
        let c = &customers[i];
        let start = calendar::date(c.start);
        moves.push((i, start, Movement::New, c.mrr_cents));
        let risk = churn_risk(c);
        let mut mrr = c.mrr_cents;
        for month in 1..=12u16 {
            let date = day_2023(rng, month);
            if date <= start {
                continue;
            }
            let roll = rng.below(1000);
            if roll < risk {
                moves.push((i, date, Movement::Churn, mrr));
                break;
            } else if roll < risk + 25 {
                let cut = mrr * rng.range(10, 40) / 100;
                moves.push((i, date, Movement::Contraction, cut));
                mrr -= cut;
            } else if roll < risk + 55 {
                let more = mrr * rng.range(10, 50) / 100;
                moves.push((i, date, Movement::Expansion, more));
                mrr += more;
            }
        }
    }
    moves.sort_by(|a, b| {
        (&customers[a.0].id, a.1, a.2.label()).cmp(&(&customers[b.0].id, b.1, b.2.label()))
    });
    moves
}
