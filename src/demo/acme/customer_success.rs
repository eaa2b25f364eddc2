//! The example company's customer success: the CS team, the customers with their acquiring AE and
//! CSM, the billing system's MRR movements, NPS answers, onboardings, the CSMs' key meetings and the
//! upsells the CS team signs. Its own seed: the sales files do not change with it.
//!
//! Dates here are offsets from 2024-01-01 (`calendar::date`; negative in 2022 and 2023).

use super::deals::Deal;
use super::{Person, PEOPLE};
use crate::demo::calendar::{self, month_first, month_last, workday_in, YEAR_DAYS};
use crate::demo::draw::{AcmeSequence, Draw};
use crate::demo::export::{self, Amount, DealKind, Movement, Stage, Table};
use crate::demo::names::Accounts;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::Path;

const CS_SEED: u64 = super::SEED ^ 0xC5C5_0000_0000_0000;

pub(super) struct CsMember {
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    pub(super) plan: &'static str,
    pub(super) manager: &'static str,
    pub(super) start: &'static str,
    pub(super) base: i64,
    pub(super) ti: i64,
    /// Monthly churn risk of the CSM's customers, in tenths of a percent.
    churn_risk: u64,
}

/// A row of `CS_TEAM`, in the order of the fields.
#[allow(clippy::too_many_arguments)]
const fn cs(
    id: &'static str,
    name: &'static str,
    plan: &'static str,
    manager: &'static str,
    start: &'static str,
    base: i64,
    ti: i64,
    churn_risk: u64,
) -> CsMember {
    CsMember {
        id,
        name,
        plan,
        manager,
        start,
        base,
        ti,
        churn_risk,
    }
}

/// id, name, plan, manager, start, base, TI, monthly churn risk (tenths of a percent)
#[rustfmt::skip]
pub(super) const CS_TEAM: &[CsMember] = &[
    cs("claire.fontaine", "Fontaine, Claire", "cs-lead", "", "2021-03-01", 52000, 13000, 12),
    cs("margaux.perret", "Perret, Margaux", "csm-grr", "claire.fontaine", "2022-01-03", 44000, 11000, 18),
    cs("paul.lemaire", "Lemaire, Paul", "csm-grr", "claire.fontaine", "2023-04-03", 42000, 10500, 30),
    cs("zoe.lambert", "Lambert, Zoé", "csm-churn", "claire.fontaine", "2022-06-01", 44000, 11000, 15),
    cs("hugo.mercier", "Mercier, Hugo", "csm-churn", "claire.fontaine", "2023-09-04", 42000, 10500, 25),
    cs("lucas.blanc", "Blanc, Lucas", "cs-upsell", "claire.fontaine", "2022-02-01", 46000, 16000, 0),
    cs("chloe.roux", "Roux, Chloé", "cs-upsell", "claire.fontaine", "2023-01-09", 45000, 15000, 0),
];
pub(super) const CS_TEAM_NAME: &str = "Customer Success";
/// Key meetings quota of the csm-churn CSMs, a year.
pub(super) const KEY_MEETINGS_QUOTA: i64 = 48;

pub(super) struct Customer {
    pub(super) id: String,
    name: String,
    ae: String,
    pub(super) csm: &'static str,
    /// Days from 2024-01-01 (negative before 2024).
    pub(super) start: i32,
    pub(super) mrr_cents: i64,
}

/// An MRR movement: (customer, date, kind, cents).
type Move = (usize, i32, Movement, i64);

/// Writes the CS files and adds the CS team to the roster and quotas; the customers.
pub(super) fn write(
    out_dir: &Path,
    accounts: &mut Accounts,
    deals: &[Deal],
    roster: &mut Table,
    quotas: &mut Table,
    log: &mut dyn Write,
) -> io::Result<Vec<Customer>> {
    let mut rng = AcmeSequence::from_state(CS_SEED);
    let customers = customers(&mut rng, accounts, deals);
    let (moves, upsells, churned) = movements(&mut rng, &customers, deals);

    let mut t = Table::create(&out_dir.join("customers.csv"), &export::CUSTOMERS)?;
    for c in &customers {
        let start = calendar::date(c.start);
        t.row(&[&c.id, &c.name, &c.ae, &c.csm, &start, &"EUR"])?;
    }
    t.finish()?;

    let mut t = Table::create(&out_dir.join("mrr.csv"), &export::MRR)?;
    for &(i, date, kind, cents) in &moves {
        export::movement_row(&mut t, &customers[i].id, &calendar::date(date), kind, cents)?;
    }
    t.finish()?;

    let answers = surveys(&mut rng, out_dir, &customers, &churned)?;
    onboardings(&mut rng, out_dir, &customers)?;
    let meetings = key_meetings(&mut rng, out_dir)?;

    let upsells: Vec<UpsellRow> = upsells
        .iter()
        .map(|&(owner, i, date, cents, kind)| (calendar::date(date), owner, i, cents, kind))
        .collect();
    write_upsells(&out_dir.join("upsells.csv"), "UP-24", &upsells, &customers)?;

    write_team(roster, quotas, 2024)?;

    // the team's NRR by quarter, to see where the kicker pays
    for q in 0..4 {
        let (s, e) = (month_first(q * 3 + 1) as i32, month_last(q * 3 + 3) as i32);
        let (mut base, mut net) = (0i64, 0i64);
        let signed = |m: &Move| if m.2.adds() { m.3 } else { -m.3 };
        for i in 0..customers.len() {
            let before: i64 = moves
                .iter()
                .filter(|m| m.0 == i && m.1 < s)
                .map(signed)
                .sum();
            if before <= 0 {
                continue;
            }
            base += before;
            net += before;
            net += moves
                .iter()
                .filter(|m| m.0 == i && m.1 >= s && m.1 <= e)
                .map(signed)
                .sum::<i64>();
        }
        writeln!(
            log,
            "CS team NRR 2024-Q{}: {}%",
            q + 1,
            net * 1000 / base.max(1) / 10
        )?;
    }
    writeln!(
        log,
        "customers.csv: {} customers, mrr.csv: {} movements, surveys.csv: {answers} answers, upsells.csv: {} rows, cs_meetings.csv: {meetings} rows",
        customers.len(),
        moves.len(),
        upsells.len(),
    )?;
    Ok(customers)
}

/// Customers signed before 2024 (the starting base), then 2024's from the won new deals.
fn customers(rng: &mut impl Draw, accounts: &mut Accounts, deals: &[Deal]) -> Vec<Customer> {
    let portfolio_owners: Vec<&CsMember> = CS_TEAM
        .iter()
        .filter(|m| m.plan == "cs-lead" || m.plan == "csm-grr" || m.plan == "csm-churn")
        .collect();
    let aes: Vec<&Person> = PEOPLE.iter().filter(|p| p.plan != super::Sdr).collect();
    let mut customers: Vec<Customer> = Vec::new();
    for i in 0..240 {
        let ae = rng.pick(&aes);
        let team = if ae.team == "Prospection" {
            "PME Nord"
        } else {
            ae.team
        };
        let big = team == "Grands Comptes";
        let mrr = if big {
            rng.range(1_500, 8_000)
        } else {
            rng.skewed(120, 1_400, 2)
        } * 100;
        // drawn in this order: the name, the CSM, the signature
        let name = accounts.fresh(rng, team);
        let csm = rng.pick(&portfolio_owners).id;
        let start = -(rng.range(20, 720) as i32);
        customers.push(Customer {
            id: format!("CLI-{:05}", i + 1),
            name,
            ae: ae.id.to_string(),
            csm,
            start,
            mrr_cents: mrr,
        });
    }
    let mut seen = BTreeSet::new();
    for d in deals {
        if d.kind == DealKind::New
            && d.stage == Stage::Won
            && !d.credit_note
            && seen.insert(d.customer.clone())
        {
            let n = customers.len() + 1;
            customers.push(Customer {
                id: format!("CLI-{n:05}"),
                name: d.customer.clone(),
                ae: d.owner.clone(),
                csm: rng.pick(&portfolio_owners).id,
                start: d.date as i32,
                mrr_cents: (d.cents + 6) / 12,
            });
        }
    }
    customers
}

/// A CS upsell or renewal: (owner, customer, date, ARR in cents, kind).
type Upsell = (&'static str, usize, i32, i64, &'static str);

/// MRR movements: the signature, the AEs' won upsells, the CS team's upsells, and for each month
/// of 2024 a chance of expansion, contraction or churn (churn risk set per CSM). Returns the
/// movements by customer and date, the CS upsells by date, and each customer's churn date.
fn movements(
    rng: &mut impl Draw,
    customers: &[Customer],
    deals: &[Deal],
) -> (Vec<Move>, Vec<Upsell>, Vec<Option<i32>>) {
    let by_name: BTreeMap<&str, usize> = customers
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.as_str(), i))
        .collect();
    let mut moves: Vec<Move> = Vec::new();
    let mut upsells: Vec<Upsell> = Vec::new();
    for (i, c) in customers.iter().enumerate() {
        moves.push((i, c.start, Movement::New, c.mrr_cents));
    }
    for d in deals {
        if d.kind == DealKind::Upsell && d.stage == Stage::Won && d.cents > 0 {
            if let Some(&i) = by_name.get(d.customer.as_str()) {
                if customers[i].start < d.date as i32 {
                    moves.push((i, d.date as i32, Movement::Expansion, (d.cents + 6) / 12));
                }
            }
        }
    }
    // upsells and renewals signed by the account managers and the csm-churn CSMs
    for m in CS_TEAM
        .iter()
        .filter(|m| m.plan == "cs-upsell" || m.plan == "csm-churn")
    {
        let own: Vec<usize> = (0..customers.len())
            .filter(|&i| m.plan == "cs-upsell" || customers[i].csm == m.id)
            .collect();
        let per_month = if m.plan == "cs-upsell" {
            (2, 5)
        } else {
            (0, 2)
        };
        for month in 1..=12u16 {
            for _ in 0..rng.range(per_month.0, per_month.1) {
                let Some(date) = workday_in(rng, month, 0, YEAR_DAYS - 1, 20) else {
                    continue;
                };
                let i = *rng.pick(&own);
                if customers[i].start >= date as i32 {
                    continue;
                }
                let renewal = m.plan == "cs-upsell" && rng.chance(35);
                let arr = if renewal {
                    rng.range(40, 300) * 100
                } else {
                    rng.skewed(20, 150, 2) * 100
                };
                let kind = if renewal { "renewal" } else { "expansion" };
                upsells.push((m.id, i, date as i32, arr * 100, kind));
                if !renewal {
                    moves.push((i, date as i32, Movement::Expansion, arr * 100 / 12));
                }
            }
        }
    }
    // monthly life of each customer through 2024
    let mut churned: Vec<Option<i32>> = vec![None; customers.len()];
    for (i, c) in customers.iter().enumerate() {
        let risk = churn_risk(c);
        let mut mrr = c.mrr_cents;
        for month in 1..=12u16 {
            let date = month_first(month) as i32 + rng.range(0, 27) as i32;
            if date <= c.start {
                continue;
            }
            let roll = rng.below(1000);
            if roll < risk {
                moves.push((i, date, Movement::Churn, mrr));
                churned[i] = Some(date);
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
    // nothing after a churn (an upsell of a customer that later churned stays before the churn)
    moves.retain(|&(i, date, kind, _)| {
        churned[i].is_none_or(|c| date < c || (date == c && kind == Movement::Churn))
    });
    // by customer, date and the export's label (the order the billing system lists them in)
    moves.sort_by(|a, b| {
        (&customers[a.0].id, a.1, a.2.label()).cmp(&(&customers[b.0].id, b.1, b.2.label()))
    });
    // a churn takes the MRR the customer has on that day
    let mut current: Vec<i64> = vec![0; customers.len()];
    for m in moves.iter_mut() {
        match m.2 {
            Movement::Churn => m.3 = current[m.0],
            Movement::Contraction => m.3 = m.3.min(current[m.0]),
            _ => {}
        }
        current[m.0] += if m.2.adds() { m.3 } else { -m.3 };
    }
    upsells.sort_by(|a, b| (a.2, a.0, a.1).cmp(&(b.2, b.0, b.1)));
    (moves, upsells, churned)
}

/// The monthly churn risk of a customer, its CSM's.
/// The CS team's roster rows, and the key-meetings quota of those on `csm-churn`, for `year`.
pub(super) fn write_team(roster: &mut Table, quotas: &mut Table, year: i32) -> io::Result<()> {
    for m in CS_TEAM {
        roster.row(&[
            &m.id,
            &m.name,
            &m.plan,
            &CS_TEAM_NAME,
            &m.manager,
            &m.start,
            &"",
            &m.base,
            &m.ti,
        ])?;
        if m.plan == "csm-churn" {
            quotas.row(&[&m.id, &year, &"key_meetings", &KEY_MEETINGS_QUOTA])?;
        }
    }
    Ok(())
}

/// An upsell or renewal signed by the CS team: (date, owner, customer, cents, kind).
pub(super) type UpsellRow = (chrono::NaiveDate, &'static str, usize, i64, &'static str);

/// Writes the CS platform's upsell export, references `{prefix}-0001`... in the order given;
/// returns the rows written.
pub(super) fn write_upsells(
    path: &Path,
    prefix: &str,
    upsells: &[UpsellRow],
    customers: &[Customer],
) -> io::Result<usize> {
    let mut t = Table::create(path, &export::UPSELLS)?;
    for (n, (date, owner, i, cents, kind)) in upsells.iter().enumerate() {
        let reference = format!("{prefix}-{:04}", n + 1);
        t.row(&[
            &reference,
            owner,
            &customers[*i].id,
            date,
            &Amount(*cents),
            kind,
        ])?;
    }
    t.finish()
}

pub(super) fn churn_risk(c: &Customer) -> u64 {
    CS_TEAM
        .iter()
        .find(|m| m.id == c.csm)
        .map_or(5, |m| m.churn_risk)
}

/// NPS (surveys.csv): about one answer in three customers a quarter, happier with the careful
/// CSMs. Returns the number of answers.
fn surveys(
    rng: &mut impl Draw,
    out_dir: &Path,
    customers: &[Customer],
    churned: &[Option<i32>],
) -> io::Result<usize> {
    let mut t = Table::create(&out_dir.join("surveys.csv"), &export::SURVEYS)?;
    for q in 0..4u16 {
        for (i, c) in customers.iter().enumerate() {
            let month = q * 3 + 1 + rng.below(3) as u16;
            let Some(date) = workday_in(rng, month, 0, YEAR_DAYS - 1, 50) else {
                continue;
            };
            // in this order: the chance is drawn only for a customer signed and not churned
            if c.start >= date as i32
                || churned[i].is_some_and(|x| x <= date as i32)
                || !rng.chance(33)
            {
                continue;
            }
            let risk = churn_risk(c) as i64 / 3;
            let roll = rng.range(0, 99);
            let score = if roll < 55 - risk * 2 {
                rng.range(9, 10)
            } else if roll < 85 - risk {
                rng.range(7, 8)
            } else {
                rng.range(0, 6)
            };
            t.row(&[&c.id, &calendar::date(date.into()), &score])?;
        }
    }
    t.finish()
}

/// Onboardings of 2024's customers (onboarding.csv): kick-off on signature, live 12 to 80 days
/// later (still onboarding at the year's end: no go-live).
fn onboardings(rng: &mut impl Draw, out_dir: &Path, customers: &[Customer]) -> io::Result<()> {
    let mut t = Table::create(&out_dir.join("onboarding.csv"), &export::ONBOARDING)?;
    for c in customers.iter().filter(|c| c.start >= 0) {
        let live = c.start + rng.skewed(12, 80, 2) as i32;
        let live = if live < YEAR_DAYS as i32 {
            calendar::date(live).to_string()
        } else {
            String::new()
        };
        t.row(&[&c.id, &calendar::date(c.start), &live])?;
    }
    t.finish().map(drop)
}

/// Key meetings (QBRs and kick-offs) held by the csm-churn CSMs (cs_meetings.csv). Returns the
/// number of meetings.
fn key_meetings(rng: &mut impl Draw, out_dir: &Path) -> io::Result<usize> {
    let mut meetings: Vec<(i32, &str, &str)> = Vec::new();
    for m in CS_TEAM.iter().filter(|m| m.plan == "csm-churn") {
        for month in 1..=12u16 {
            for _ in 0..rng.range(2, 6) {
                if let Some(d) = workday_in(rng, month, 0, YEAR_DAYS - 1, 30) {
                    let kind = if rng.chance(60) { "QBR" } else { "Kick-off" };
                    meetings.push((d as i32, m.id, kind));
                }
            }
        }
    }
    meetings.sort();
    let mut t = Table::create(&out_dir.join("cs_meetings.csv"), &export::CS_MEETINGS)?;
    for (n, (d, who, kind)) in meetings.iter().enumerate() {
        let reference = format!("CSM-24-{:04}", n + 1);
        t.row(&[&reference, who, &calendar::date(*d), kind])?;
    }
    t.finish()
}
