//! The demo's customer-success side: a CS team added to the roster after the sales team, the CSMs'
//! books of customers (customers.csv), a year of the billing system's MRR movements (mrr.csv) and the
//! upsells and renewals the account managers sign (upsells.csv).
//!
//! Sizes follow the payees, never the deals: 100 to 150 customers per CSM, a handful of movements
//! each, so a million-deal benchmark is still about deals.
//!
//! Retention is set per quarter so that the plans have something to decide: each month an active
//! customer churns with its CSM's churn rate of the quarter (1.8% to 4%), contracts (2%, losing
//! 10-40% of its MRR) or expands with its team's appetite of the quarter (4% to 32%, give or take a
//! fifth per CSM, gaining 15-50%). A quarter then loses ~7-14% of its starting MRR on average (GRR
//! ~86-93%; csm-grr pays from 80%, 100% of TI at 90%) and expansion adds ~4-31% (NRR ~95-120%; the
//! cs-upsell kicker needs 120% over the team). A churned account of a few times the mean MRR moves
//! a CSM's quarter by points: measured over 260 CSM-quarters (1,000 payees, seed 7), GRR ran
//! 0.847-0.947 and NRR 0.952-1.168 from the 10th to the 90th percentile, and 2 of 88 account
//! managers' quarters reached the kicker.

use super::{Person, PlanKind, TEAM_SIZE};
use crate::demo::calendar::{self, French};
use crate::demo::draw::{self, Draw};
use crate::demo::export::{self, Amount, Movement, Table};
use crate::demo::names;
use chrono::{Datelike, NaiveDate};
use std::io;
use std::path::Path;

const STREAM_CS_PEOPLE: u64 = 5;
const STREAM_CUSTOMERS: u64 = 6;

/// The customer-success team's size for `sales` sales payees: about 8% of the whole roster
/// (2/23 of the sales team, rounded), at least one CSM from 5 sales payees, none below (a company
/// of four has no CS team).
pub(super) fn team_size(sales: usize) -> usize {
    if sales < 5 {
        0
    } else {
        ((sales * 2 + 11) / 23).max(1)
    }
}

/// Which plan the `j`-th member of the CS team is on: the second of every four is an account manager
/// on `cs-upsell`, the others are CSMs on `csm-grr` (so a team of two already has one of each, and
/// every team of 8 starts with a CSM, its manager, whose book its account managers grow).
fn plan_of(j: usize) -> PlanKind {
    if j % 4 == 1 {
        PlanKind::CsUpsell
    } else {
        PlanKind::CsmGrr
    }
}

/// The CS team, numbered after the `sales` payees, in teams of 8 led by their first CSM. Everyone
/// was hired before 2024 and stays the year: a portfolio changing hands is not modelled.
pub(super) fn team(sales: usize, seed: u64) -> Vec<Person> {
    let mut rng = draw::stream(seed, STREAM_CS_PEOPLE);
    (0..team_size(sales))
        .map(|j| {
            let i = sales + j;
            let plan = plan_of(j);
            let (name, id) = names::person(&mut rng);
            let y = rng.range(2017, 2023);
            let start = calendar::ymd(y, rng.range(1, 12) as u16, rng.range(1, 28) as u16);
            // acme's split: a CSM's variable is 20% of OTE (TI a quarter of base), an account
            // manager's about a quarter
            let base = match plan {
                PlanKind::CsUpsell => rng.range(42, 50) * 1000,
                _ => rng.range(40, 48) * 1000,
            };
            let ti = match plan {
                PlanKind::CsUpsell => rng.range(26, 34) * 500,
                _ => base / 4,
            };
            Person {
                id: format!("{id}.{i:05}"),
                name,
                plan,
                team: format!("{} {}", plan.team(), j / TEAM_SIZE + 1),
                manager: (j % TEAM_SIZE != 0).then_some(sales + j / TEAM_SIZE * TEAM_SIZE),
                start,
                end: None,
                base,
                ti,
            }
        })
        .collect()
}

/// What `write_files` wrote (rows, headers excluded).
pub(super) struct Written {
    pub customers: usize,
    pub mrr_rows: usize,
    pub upsell_rows: usize,
}

/// Per mille, a month: contraction is the same for everyone; churn and expansion are drawn per
/// quarter (churn per CSM, expansion per team, give or take 20% per CSM).
const CONTRACTION: u64 = 20;
const CHURN: (i64, i64) = (18, 40);
const EXPANSION: (i64, i64) = (40, 320);
/// Per mille of the expansions of a team with account managers that one of them signs (the rest
/// are self-serve or the AE's), and of the anniversaries an account manager renews: about one
/// upsell or renewal a month each, whose 10% commission is of the order of their TI.
const SIGNED_BY_AM: u64 = 12;
const RENEWED_BY_AM: u64 = 20;

/// Writes customers.csv, mrr.csv and upsells.csv into `data` for the CSMs among `people`.
pub(super) fn write_files(data: &Path, people: &[Person], seed: u64) -> io::Result<Written> {
    let mut rng = draw::stream(seed, STREAM_CUSTOMERS);
    let aes: Vec<&Person> = people.iter().filter(|p| p.plan.is_ae()).collect();
    let csms: Vec<&Person> = people
        .iter()
        .filter(|p| p.plan == PlanKind::CsmGrr)
        .collect();
    // each team's appetite for expansion, a quarter at a time, in team order
    let mut teams: Vec<(&str, [u64; 4])> = Vec::new();
    for p in &csms {
        if !teams.iter().any(|t| t.0 == p.team) {
            let mut quarters = [0; 4];
            for q in &mut quarters {
                *q = rng.range(EXPANSION.0, EXPANSION.1) as u64;
            }
            teams.push((&p.team, quarters));
        }
    }

    let mut customers = Table::create(&data.join("customers.csv"), &export::CUSTOMERS)?;
    let mut mrr = Table::create(&data.join("mrr.csv"), &export::MRR)?;
    let mut upsells = Table::create(&data.join("upsells.csv"), &export::UPSELLS)?;
    let mut n = 0;
    for csm in csms {
        let ams: Vec<&Person> = people
            .iter()
            .filter(|p| p.plan == PlanKind::CsUpsell && p.team == csm.team)
            .collect();
        let team = teams
            .iter()
            .find(|t| t.0 == csm.team)
            .map_or([0; 4], |t| t.1);
        let mut churn = [0u64; 4];
        let mut expansion = [0u64; 4];
        for q in 0..4 {
            churn[q] = rng.range(CHURN.0, CHURN.1) as u64;
            expansion[q] = team[q] * rng.range(80, 120) as u64 / 100;
        }
        for _ in 0..rng.range(100, 150) {
            n += 1;
            let id = format!("CLI-{n:06}");
            let ae = (!aes.is_empty()).then(|| *rng.pick(&aes));
            // 15% signed during 2024 (not in any starting base before their signature)
            let start = if rng.chance(15) {
                calendar::ymd(2024, rng.range(1, 11) as u16, rng.range(1, 28) as u16)
            } else {
                let y = rng.range(2018, 2023);
                calendar::ymd(y, rng.range(1, 12) as u16, rng.range(1, 28) as u16)
            };
            // whole euros a month, as priced: enterprise accounts several times the others
            let mut cents = match ae.map(|a| a.plan) {
                Some(PlanKind::Enterprise) => rng.range(1_500, 4_000) * 100,
                _ => rng.range(300, 1_500) * 100,
            };
            let ae_id = ae.map_or("", |a| a.id.as_str());
            customers.row(&[
                &id,
                &names::Numbered(n - 1),
                &ae_id,
                &csm.id,
                &start,
                &"EUR",
            ])?;

            let mut movement = |date: NaiveDate, kind: Movement, c: i64| {
                export::movement_row(&mut mrr, &id, &French(date), kind, c)
            };
            let mut upsell = |owner: &Person, date: NaiveDate, arr: i64, kind: &str| {
                let reference = format!("UP-24-{:07}", upsells.rows() + 1);
                upsells.row(&[&reference, &owner.id, &id, &date, &Amount(arr), &kind])
            };
            movement(start, Movement::New, cents)?;
            let first_month = if start.year() == 2024 {
                start.month() as u16 + 1
            } else {
                1
            };
            for m in first_month..=12 {
                let q = usize::from((m - 1) / 3);
                let dom = rng.range(1, 28) as u16;
                let date = calendar::ymd(2024, m, dom);
                let r = rng.below(1000);
                // a customer that stays is renewed on its anniversary, now and then by an
                // account manager
                if r >= churn[q]
                    && start.year() < 2024
                    && u32::from(m) == start.month()
                    && !ams.is_empty()
                    && rng.below(1000) < RENEWED_BY_AM
                {
                    let owner = *rng.pick(&ams);
                    let anniversary = calendar::ymd(2024, m, start.day() as u16);
                    upsell(owner, anniversary, cents * 12, "renewal")?;
                }
                if r < churn[q] {
                    movement(date, Movement::Churn, cents)?;
                    break;
                } else if r < churn[q] + CONTRACTION {
                    let cut = cents * rng.range(10, 40) / 100;
                    cents -= cut;
                    movement(date, Movement::Contraction, cut)?;
                } else if r < churn[q] + CONTRACTION + expansion[q] {
                    let more = cents * rng.range(15, 50) / 100;
                    cents += more;
                    movement(date, Movement::Expansion, more)?;
                    if !ams.is_empty() && rng.below(1000) < SIGNED_BY_AM {
                        let owner = *rng.pick(&ams);
                        upsell(owner, date, more * 12, "expansion")?;
                    }
                }
            }
        }
    }
    Ok(Written {
        customers: customers.finish()?,
        mrr_rows: mrr.finish()?,
        upsell_rows: upsells.finish()?,
    })
}
