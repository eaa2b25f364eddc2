//! `comp demo`: a synthetic workspace of any size, for benchmarks and demos: the example company's
//! shape (five plans, a French CRM export of deals, SDR meetings, an HR roster and quotas, and the
//! customer-success side: customers, the billing system's MRR movements, CS upsells) with as many
//! payees and deals as asked.
//!
//! Deterministic: ChaCha8 seeded by the caller, one stream per file (`draw::stream`), integer-only
//! money (cents) and dates, so a seed writes byte-identical files on every platform. Rows are
//! streamed to the files: ten million deals never live in memory.
//!
//! What it writes into `dir`:
//! - `comp.toml`: the sources of `examples/acme/comp.toml`, with the plans copied under `plans/`;
//! - `data/roster.csv`: the `payees` of the sales team, ~45% `ae-arr`, ~20% `ae-enterprise`, ~35%
//!   `sdr` (interleaved), a few hires and leavers in 2024 so proration is exercised; then a
//!   customer-success team added after them, ~8% of the whole roster (none below 5 sales payees, at
//!   least one CSM from 5): three CSMs on `csm-grr` for one account manager on `cs-upsell`, in teams
//!   of 8 (see `customer_success`). Added after the sales team and drawn from their own streams,
//!   so the sales rows, quotas, deals and meetings do not depend on the team;
//! - `data/quotas.csv`: annual `new_arr` quotas per AE (plus `expansion_arr` for enterprise AEs), set
//!   from the expected bookings so attainments spread from ~75% to ~135%; annual
//!   `qualified_meetings` for SDRs, monthly ones for the SDRs hired in 2024 (the CS plans have no
//!   quota: a GRR curve, a commission and an NRR kicker);
//! - `data/deals.csv`: `deals` opportunities closing on the working days of 2024, in date order, `;`,
//!   decimal comma, space thousands, dd/mm/yyyy; new customers, upsells (1% of them credit notes)
//!   and renewals; won, lost and still open;
//! - `data/meetings.csv`: 0 to 3 meetings per SDR and working day (~30 a month), ~60% qualified;
//! - `data/customers.csv`, `data/mrr.csv`, `data/upsells.csv`: 100 to 150 customers per CSM, most
//!   signed before 2024, and their MRR movements (a French billing export like the CRM's) so that
//!   quarterly GRR lands around 85-95% and NRR around 95-125%; the account managers' upsells and
//!   renewals. Their size follows the payees, not `deals`.

use super::calendar::{self, Day};
use super::draw::{self, Draw};
use super::export::{self, DealKind, Stage, Table};
use super::names;
use chrono::{Datelike, NaiveDate};
use std::fs;
use std::io::{self, Write as _};
use std::path::Path;

mod customer_success;

const PLAN_AE_ARR: &str = include_str!("../../../plans/ae-arr.toml");
const PLAN_AE_ENTERPRISE: &str = include_str!("../../../plans/ae-enterprise.toml");
const PLAN_SDR: &str = include_str!("../../../plans/sdr.toml");
const PLAN_CSM_GRR: &str = include_str!("../../../plans/csm-grr.toml");
const PLAN_CS_UPSELL: &str = include_str!("../../../plans/cs-upsell.toml");

const COMP_TOML: &str = r#"# A synthetic workspace written by comp::demo (`comp demo`): the shape of the example
# company (examples/acme), at any size. Same sources and mappings as examples/acme/comp.toml.

currency = "EUR"
fiscal_year_start = "01-01"
rounding = "half-away-from-zero"
plans = [
  "plans/ae-arr.toml",
  "plans/sdr.toml",
  "plans/ae-enterprise.toml",
  "plans/csm-grr.toml",
  "plans/cs-upsell.toml",
]

[sources.deals]
file = "data/deals.csv"
delimiter = ";"
decimal_mark = ","
thousands = " "
date_format = "%d/%m/%Y"
columns = { id = "Réf", payee = "Propriétaire", date = "Date de clôture", amount = "ARR", customer = "Compte", kind = "Type", stage = "Étape" }
include = { stage = ["won"] }

[sources.deals.values]
kind = { "Nouveau client" = "new", "Upsell" = "expansion", "Renouvellement" = "renewal" }
stage = { "Gagnée" = "won", "Perdue" = "lost", "En cours" = "open" }

[sources.meetings]
file = "data/meetings.csv"
delimiter = ";"
date_format = "%d/%m/%Y"
columns = { id = "Réf", payee = "SDR", date = "Date", status = "Statut" }
include = { status = ["qualified"] }   # only qualified meetings pay

[sources.meetings.values]
status = { "Qualifié" = "qualified", "Non qualifié" = "unqualified" }

# Customer Success: the CS platform's accounts (default headers), the billing system's MRR
# movements in French, and the upsells and renewals signed by the CS account managers.
[sources.customers]
file = "data/customers.csv"

[sources.mrr]
file = "data/mrr.csv"
delimiter = ";"
decimal_mark = ","
thousands = " "
date_format = "%d/%m/%Y"
columns = { customer = "Client", date = "Date", kind = "Mouvement", amount = "MRR" }

[sources.mrr.values]
kind = { "Nouveau" = "new", "Expansion" = "expansion", "Contraction" = "contraction", "Résiliation" = "churn" }

[sources.upsells]
file = "data/upsells.csv"
columns = { id = "id", payee = "owner", customer = "customer", date = "date", amount = "arr", kind = "kind" }

[sources.roster]
file = "data/roster.csv"

[sources.quotas]
file = "data/quotas.csv"
"#;

/// What `write_workspace` wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Everyone on the roster: the sales payees asked for and the customer-success team.
    pub payees: usize,
    pub ae_arr: usize,
    pub ae_enterprise: usize,
    pub sdr: usize,
    pub csm_grr: usize,
    pub cs_upsell: usize,
    /// Rows of quotas.csv (header excluded), and likewise below.
    pub quota_rows: usize,
    pub deals: usize,
    /// Deals with the stage `Gagnée` (the ones the workspace keeps).
    pub deals_won: usize,
    pub meetings: usize,
    /// Size of deals.csv in bytes.
    pub deals_bytes: u64,
    /// Rows of customers.csv, mrr.csv (movements, signatures before 2024 included) and upsells.csv.
    pub customers: usize,
    pub mrr_rows: usize,
    pub upsell_rows: usize,
}

/// Writes a complete workspace (comp.toml, plans/, data/) into `dir`, creating it if needed and
/// overwriting the files it writes. Deterministic: the same arguments give byte-identical files.
/// `payees` is the sales team (AEs and SDRs); the customer-success team comes on top of it
/// (`customer_success::team_size`).
pub fn write_workspace(dir: &Path, payees: usize, deals: usize, seed: u64) -> io::Result<Summary> {
    fs::create_dir_all(dir.join("plans"))?;
    fs::create_dir_all(dir.join("data"))?;
    for (name, text) in [
        ("comp.toml", COMP_TOML),
        ("plans/ae-arr.toml", PLAN_AE_ARR),
        ("plans/ae-enterprise.toml", PLAN_AE_ENTERPRISE),
        ("plans/sdr.toml", PLAN_SDR),
        ("plans/csm-grr.toml", PLAN_CSM_GRR),
        ("plans/cs-upsell.toml", PLAN_CS_UPSELL),
    ] {
        crate::output::create_new(&dir.join(name))?.write_all(text.as_bytes())?;
    }

    let mut people = people(payees, seed);
    people.extend(customer_success::team(payees, seed));
    let mut summary = Summary {
        payees: people.len(),
        ..Summary::default()
    };
    for p in &people {
        match p.plan {
            PlanKind::AeArr => summary.ae_arr += 1,
            PlanKind::Enterprise => summary.ae_enterprise += 1,
            PlanKind::Sdr => summary.sdr += 1,
            PlanKind::CsmGrr => summary.csm_grr += 1,
            PlanKind::CsUpsell => summary.cs_upsell += 1,
        }
    }
    if deals > 0 && summary.ae_arr + summary.ae_enterprise == 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "deals need account executives: give at least one payee",
        ));
    }
    let data = dir.join("data");
    write_roster(&data.join("roster.csv"), &people)?;
    summary.quota_rows = write_quotas(
        &data.join("quotas.csv"),
        &people,
        deals,
        summary.ae_arr + summary.ae_enterprise,
        seed,
    )?;
    summary.deals_won = write_deals(&data.join("deals.csv"), &people, deals, seed)?;
    summary.deals = deals;
    summary.meetings = write_meetings(&data.join("meetings.csv"), &people, seed)?;
    summary.deals_bytes = fs::metadata(data.join("deals.csv"))?.len();
    let cs = customer_success::write_files(&data, &people, seed)?;
    summary.customers = cs.customers;
    summary.mrr_rows = cs.mrr_rows;
    summary.upsell_rows = cs.upsell_rows;
    Ok(summary)
}

/// One stream per file, so that changing how one file is drawn leaves the others unchanged.
const STREAM_PEOPLE: u64 = 1;
const STREAM_QUOTAS: u64 = 2;
const STREAM_DEALS: u64 = 3;
const STREAM_MEETINGS: u64 = 4;
// 5 and up: the customer-success team and its files (customer_success.rs)

// ---------------------------------------------------------------------------------------------
// The people.
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum PlanKind {
    AeArr,
    Enterprise,
    Sdr,
    CsmGrr,
    CsUpsell,
}

impl PlanKind {
    /// The sales team, interleaved over blocks of 20: 9 ae-arr (45%), 4 ae-enterprise (20%), 7 sdr
    /// (35%).
    fn of(i: usize) -> PlanKind {
        match i % 20 {
            0..=8 => PlanKind::AeArr,
            9..=12 => PlanKind::Enterprise,
            _ => PlanKind::Sdr,
        }
    }

    fn id(self) -> &'static str {
        match self {
            PlanKind::AeArr => "ae-arr",
            PlanKind::Enterprise => "ae-enterprise",
            PlanKind::Sdr => "sdr",
            PlanKind::CsmGrr => "csm-grr",
            PlanKind::CsUpsell => "cs-upsell",
        }
    }

    fn team(self) -> &'static str {
        match self {
            PlanKind::AeArr => "PME",
            PlanKind::Enterprise => "Grands Comptes",
            PlanKind::Sdr => "Prospection",
            PlanKind::CsmGrr | PlanKind::CsUpsell => "Customer Success",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// Owns deals.
    fn is_ae(self) -> bool {
        matches!(self, PlanKind::AeArr | PlanKind::Enterprise)
    }
}

struct Person {
    id: String,
    name: String,
    plan: PlanKind,
    team: String,
    manager: Option<usize>,
    start: NaiveDate,
    end: Option<NaiveDate>,
    base: i64,
    ti: i64,
}

impl Person {
    fn employed_on(&self, day: Day) -> bool {
        let d = i32::from(day);
        calendar::offset(self.start) <= d && self.end.is_none_or(|e| d <= calendar::offset(e))
    }
}

/// People per manager.
const TEAM_SIZE: usize = 8;

fn people(n: usize, seed: u64) -> Vec<Person> {
    let mut rng = draw::stream(seed, STREAM_PEOPLE);
    let mut per_plan = [0usize; 5];
    let mut leaders = [0usize; 5];
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let plan = PlanKind::of(i);
        let k = per_plan[plan.index()];
        per_plan[plan.index()] += 1;
        let (name, id) = names::person(&mut rng);
        let manager = if k % TEAM_SIZE == 0 {
            leaders[plan.index()] = i;
            None
        } else {
            Some(leaders[plan.index()])
        };
        // 12% hired during 2024 (never a manager), 4% of the others leave during 2024
        let hired_2024 = manager.is_some() && rng.chance(12);
        let start = if hired_2024 {
            calendar::ymd(2024, rng.range(2, 10) as u16, rng.range(1, 28) as u16)
        } else {
            let y = rng.range(2016, 2023);
            calendar::ymd(y, rng.range(1, 12) as u16, rng.range(1, 28) as u16)
        };
        let end = (!hired_2024 && manager.is_some() && rng.chance(4))
            .then(|| calendar::ymd(2024, rng.range(3, 11) as u16, rng.range(1, 28) as u16));
        let (base, ti) = match plan {
            PlanKind::AeArr => (rng.range(45, 60) * 1000, rng.range(60, 90) * 500),
            PlanKind::Enterprise => (rng.range(68, 80) * 1000, rng.range(76, 110) * 500),
            PlanKind::Sdr => (rng.range(33, 40) * 1000, rng.range(30, 42) * 300),
            PlanKind::CsmGrr | PlanKind::CsUpsell => unreachable!("PlanKind::of is the sales team"),
        };
        out.push(Person {
            id: format!("{id}.{i:05}"),
            name,
            plan,
            team: format!("{} {}", plan.team(), k / TEAM_SIZE + 1),
            manager,
            start,
            end,
            base,
            ti,
        });
    }
    out
}

fn write_roster(path: &Path, people: &[Person]) -> io::Result<()> {
    let mut t = Table::create(path, &export::ROSTER)?;
    for p in people {
        let manager = p.manager.map_or("", |m| people[m].id.as_str());
        let end = p.end.map(|e| e.to_string()).unwrap_or_default();
        t.row(&[
            &p.id,
            &p.name,
            &p.plan.id(),
            &p.team,
            &manager,
            &p.start,
            &end,
            &p.base,
            &p.ti,
        ])?;
    }
    t.finish().map(drop)
}

// ---------------------------------------------------------------------------------------------
// Deals: kinds, stages and amounts. Probabilities in percent; amounts in cents of ARR, drawn as a
// monthly price times 12 (uniform, so the means below are exact and quotas can be set from them).
// ---------------------------------------------------------------------------------------------

const PCT_NEW: u64 = 55;
const PCT_UPSELL: u64 = 30; // the rest are renewals
const PCT_WON: u64 = 35;
const PCT_LOST: u64 = 45; // the rest are still open

/// Monthly price ranges in cents: (new lo, new hi, expansion lo, expansion hi).
type Prices = (i64, i64, i64, i64);
const PRICES_AE_ARR: Prices = (9_900, 199_900, 4_900, 74_900);
const PRICES_ENTERPRISE: Prices = (120_000, 1_500_000, 40_000, 500_000);

fn prices(plan: PlanKind) -> Prices {
    match plan {
        PlanKind::Enterprise => PRICES_ENTERPRISE,
        _ => PRICES_AE_ARR,
    }
}

/// Expected won ARR of one AE over the year, in cents: `pct` percent of the deals, at the mean price.
fn expected_cents(deals: usize, aes: usize, pct: u64, lo: i64, hi: i64) -> u128 {
    let mean_arr = (lo + hi) as u128 / 2 * 12;
    deals as u128 * u128::from(pct) * u128::from(PCT_WON) * mean_arr / (aes.max(1) as u128 * 10_000)
}

/// An annual quota in euros: the expected bookings times 75% to 135%, rounded to a thousand, at
/// least a thousand.
fn quota_from(rng: &mut impl Draw, expected_cents: u128) -> u128 {
    let f = rng.range(75, 135) as u128;
    let euros = expected_cents * f / 100 / 100;
    ((euros + 500) / 1000 * 1000).max(1000)
}

fn write_quotas(
    path: &Path,
    people: &[Person],
    deals: usize,
    aes: usize,
    seed: u64,
) -> io::Result<usize> {
    let mut rng = draw::stream(seed, STREAM_QUOTAS);
    let mut t = Table::create(path, &export::QUOTAS)?;
    for p in people {
        match p.plan {
            PlanKind::AeArr | PlanKind::Enterprise => {
                let (lo, hi, xlo, xhi) = prices(p.plan);
                let q = quota_from(&mut rng, expected_cents(deals, aes, PCT_NEW, lo, hi));
                t.row(&[&p.id, &2024, &"new_arr", &q])?;
                if p.plan == PlanKind::Enterprise {
                    let e = expected_cents(deals, aes, 100 - PCT_NEW, xlo, xhi);
                    let q = quota_from(&mut rng, e);
                    t.row(&[&p.id, &2024, &"expansion_arr", &q])?;
                }
            }
            PlanKind::Sdr if p.start.year() == 2024 => {
                // ramping: monthly quotas from the month of hire
                for (k, m) in (p.start.month()..=12).enumerate() {
                    let q = [6, 12, 15][k.min(2)] + rng.below(4);
                    t.row(&[&p.id, &format!("2024-{m:02}"), &"qualified_meetings", &q])?;
                }
            }
            PlanKind::Sdr => {
                let q = rng.range(30, 45) * 6;
                t.row(&[&p.id, &2024, &"qualified_meetings", &q])?;
            }
            // a GRR curve, a commission and an NRR kicker: nothing measured against a quota
            PlanKind::CsmGrr | PlanKind::CsUpsell => {}
        }
    }
    t.finish()
}

/// Returns the number of won deals.
fn write_deals(path: &Path, people: &[Person], deals: usize, seed: u64) -> io::Result<usize> {
    let mut rng = draw::stream(seed, STREAM_DEALS);
    let aes: Vec<&Person> = people.iter().filter(|p| p.plan.is_ae()).collect();
    let workdays = calendar::workdays();
    let mut t = Table::create(path, &export::DEALS)?;
    let mut customers: u64 = 0;
    let mut won = 0;
    for k in 0..deals {
        // in date order, spread evenly over the working days
        let day = workdays[k * workdays.len() / deals];
        // an AE employed that day (a few tries; a deal of a leaver's last weeks may remain)
        let mut owner = *rng.pick(&aes);
        for _ in 0..4 {
            if owner.employed_on(day) {
                break;
            }
            owner = *rng.pick(&aes);
        }
        let r = rng.below(100);
        let kind = if r < PCT_NEW {
            DealKind::New
        } else if r < PCT_NEW + PCT_UPSELL {
            DealKind::Upsell
        } else {
            DealKind::Renewal
        };
        let r = rng.below(100);
        let stage = if r < PCT_WON {
            won += 1;
            Stage::Won
        } else if r < PCT_WON + PCT_LOST {
            Stage::Lost
        } else {
            Stage::Open
        };
        let new = kind == DealKind::New;
        let customer = if new || customers == 0 {
            customers += 1;
            customers - 1
        } else {
            rng.below(customers)
        };
        let (lo, hi, xlo, xhi) = prices(owner.plan);
        let mut cents = if new {
            rng.range(lo, hi) * 12
        } else {
            rng.range(xlo, xhi) * 12
        };
        if kind == DealKind::Upsell && rng.chance(1) {
            cents = -cents / 24 * 12; // a credit note: half the upsell taken back
        }
        export::DealRow {
            reference: &format_args!("OPP-24-{:07}", k + 1),
            owner: &owner.id,
            customer: &names::Numbered(customer),
            kind,
            stage,
            date: calendar::date(day.into()),
            cents,
        }
        .write(&mut t)?;
    }
    t.finish()?;
    Ok(won)
}

/// Returns the number of meetings.
fn write_meetings(path: &Path, people: &[Person], seed: u64) -> io::Result<usize> {
    let mut rng = draw::stream(seed, STREAM_MEETINGS);
    let sdrs: Vec<&Person> = people.iter().filter(|p| p.plan == PlanKind::Sdr).collect();
    let mut t = Table::create(path, &export::MEETINGS)?;
    let mut n = 0;
    for day in calendar::workdays() {
        let date = calendar::date(day.into());
        for s in sdrs.iter().filter(|s| s.employed_on(day)) {
            for _ in 0..rng.below(4) {
                n += 1;
                let qualified = rng.chance(60);
                export::meeting_row(
                    &mut t,
                    &format_args!("RDV-24-{n:07}"),
                    &s.id,
                    date,
                    qualified,
                )?;
            }
        }
    }
    t.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Request;
    use crate::period::Period;

    const FILES: [&str; 13] = [
        "comp.toml",
        "plans/ae-arr.toml",
        "plans/ae-enterprise.toml",
        "plans/sdr.toml",
        "plans/csm-grr.toml",
        "plans/cs-upsell.toml",
        "data/roster.csv",
        "data/quotas.csv",
        "data/deals.csv",
        "data/meetings.csv",
        "data/customers.csv",
        "data/mrr.csv",
        "data/upsells.csv",
    ];

    #[test]
    fn same_seed_gives_byte_identical_files() {
        let (a, b, c) = (
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
        );
        let sa = write_workspace(a.path(), 60, 3_000, 7).unwrap();
        let sb = write_workspace(b.path(), 60, 3_000, 7).unwrap();
        write_workspace(c.path(), 60, 3_000, 8).unwrap();
        assert_eq!(sa, sb);
        for f in FILES {
            let (x, y) = (
                fs::read(a.path().join(f)).unwrap(),
                fs::read(b.path().join(f)).unwrap(),
            );
            assert!(x == y, "{f} differs between two runs with the same seed");
        }
        for f in ["data/deals.csv", "data/mrr.csv"] {
            assert_ne!(
                fs::read(a.path().join(f)).unwrap(),
                fs::read(c.path().join(f)).unwrap(),
                "another seed gives another {f}"
            );
        }
        // 60 sales payees and a CS team of (60 x 2 + 11) / 23 = 5 on top: CSM, account manager,
        // CSM, CSM, CSM
        assert_eq!(
            (
                sa.payees,
                sa.ae_arr,
                sa.ae_enterprise,
                sa.sdr,
                sa.csm_grr,
                sa.cs_upsell
            ),
            (65, 27, 12, 21, 4, 1)
        );
        let lines = |f: &str| {
            fs::read_to_string(a.path().join(f))
                .unwrap()
                .lines()
                .count()
                - 1
        };
        assert_eq!(lines("data/deals.csv"), 3_000);
        assert_eq!(lines("data/roster.csv"), 65);
        assert_eq!(lines("data/quotas.csv"), sa.quota_rows);
        assert_eq!(lines("data/meetings.csv"), sa.meetings);
        assert_eq!(lines("data/customers.csv"), sa.customers);
        assert_eq!(lines("data/mrr.csv"), sa.mrr_rows);
        assert_eq!(lines("data/upsells.csv"), sa.upsell_rows);
        assert!((400..=600).contains(&sa.customers), "100 to 150 per CSM");
        assert!(sa.meetings > 21 * 12 * 20, "~30 meetings a month per SDR");
    }

    #[test]
    fn the_workspace_loads_and_calculates() {
        let dir = tempfile::tempdir().unwrap();
        let s = write_workspace(dir.path(), 40, 4_000, 3).unwrap();
        let ws = comp_read::workspace_file::load(&dir.path().join("comp.toml"))
            .unwrap_or_else(|e| panic!("{e}"));
        for p in ["2024-03", "2024-Q2", "2024"] {
            let req = Request::everyone(Period::parse(p, ws.fiscal).unwrap());
            // as `comp calc` does: the window covers the plan periods that end in the period asked for
            let ledger = crate::data::Ledger::default();
            let window = crate::engine::window(&ws, &ledger, &req);
            let data = comp_read::load(
                &ws,
                &crate::data::Needs::of_plans(&ws, &ws.plans, window),
                comp_read::Policy::FirstError,
            )
            .unwrap_or_else(|e| panic!("{e}"));
            let report = crate::engine::calculate(&ws, &data, &ledger, &req)
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(!report.statements.is_empty(), "{p}: no statements");
            assert!(
                report.total > rust_decimal::Decimal::ZERO,
                "{p}: pays nothing"
            );
            // clean data: every owner and CSM on the roster, every value mapped, no id repeated,
            // and a plan period ending in each period asked for, so nothing to note
            assert!(report.notes.is_empty(), "{p}: {:?}", report.notes);
            let deals = report
                .reconciliation
                .iter()
                .find(|r| r.source == "deals")
                .unwrap();
            assert_eq!(deals.rows_read, s.deals as u64);
            assert!(deals.credited > 0, "{p}: no deal credited");
            let meetings = report
                .reconciliation
                .iter()
                .find(|r| r.source == "meetings")
                .unwrap();
            assert_eq!(meetings.rows_read, s.meetings as u64);
            assert!(meetings.credited > 0, "{p}: no meeting credited");
            if p == "2024" {
                // won deals, less the few left to a leaver after their last day
                let credited = deals.credited as usize;
                assert!(credited <= s.deals_won && credited * 100 >= s.deals_won * 98);
                // every plan pays someone for some period of the year
                for plan in ["ae-arr", "ae-enterprise", "sdr", "csm-grr", "cs-upsell"] {
                    assert!(
                        report
                            .statements
                            .iter()
                            .any(|st| st.plan == plan && st.total > rust_decimal::Decimal::ZERO),
                        "nobody on {plan} is paid"
                    );
                }
            }
            if p == "2024-Q2" {
                // the CS team's statements measure their KPIs: a GRR of the CSM's portfolio, an NRR
                // of the team's customers (both ratios, 1 = 100%)
                let kpi = |plan: &str, component: &str| -> Vec<rust_decimal::Decimal> {
                    let values: Vec<_> = report
                        .statements
                        .iter()
                        .filter(|st| st.plan == plan)
                        .flat_map(|st| st.lines.iter().filter(|l| l.id.has_name(component)))
                        .map(|l| l.value.unwrap_or_else(|| panic!("{plan}: no {component}")))
                        .collect();
                    assert!(!values.is_empty(), "no {plan} statement");
                    values
                };
                let (half, one, two) = (
                    rust_decimal::Decimal::new(5, 1),
                    rust_decimal::Decimal::ONE,
                    rust_decimal::Decimal::TWO,
                );
                for grr in kpi("csm-grr", "retention") {
                    assert!(half < grr && grr <= one, "GRR {grr}");
                }
                for nrr in kpi("cs-upsell", "nrr_kicker") {
                    assert!(half < nrr && nrr < two, "NRR {nrr}");
                }
            }
        }
    }

    /// Reads a demo CSV (no field of these files holds its delimiter) without its header.
    fn rows(dir: &Path, file: &str, delimiter: char) -> Vec<Vec<String>> {
        fs::read_to_string(dir.join(file))
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| l.split(delimiter).map(str::to_string).collect())
            .collect()
    }

    /// `1 234,56` -> 123456.
    fn fr_cents(s: &str) -> i64 {
        s.replace([' ', ','], "").parse().unwrap()
    }

    #[test]
    fn customers_belong_to_the_csms_and_mrr_never_goes_negative() {
        let dir = tempfile::tempdir().unwrap();
        let s = write_workspace(dir.path(), 40, 500, 11).unwrap();
        let roster = rows(dir.path(), "data/roster.csv", ',');
        // names are "Last, First": the plan is the 4th field once the name's comma is counted
        let on = |plan: &str| -> Vec<String> {
            roster
                .iter()
                .filter(|r| r[3] == plan)
                .map(|r| r[0].clone())
                .collect()
        };
        let (csms, ams) = (on("csm-grr"), on("cs-upsell"));
        let aes = [on("ae-arr"), on("ae-enterprise")].concat();
        assert_eq!((csms.len(), ams.len()), (2, 1), "(40 x 2 + 11) / 23 = 3");

        let customers = rows(dir.path(), "data/customers.csv", ',');
        assert_eq!(customers.len(), s.customers);
        for csm in &csms {
            let book = customers.iter().filter(|c| &c[3] == csm).count();
            assert!((100..=150).contains(&book), "{csm} has {book} customers");
        }
        let mut start = std::collections::HashMap::new();
        for c in &customers {
            assert_eq!(c.len(), 6, "{c:?}");
            assert!(
                csms.contains(&c[3]),
                "{c:?}: the CSM is not a csm-grr payee"
            );
            assert!(aes.contains(&c[2]), "{c:?}: the AE is not an AE");
            assert_eq!(c[5], "EUR");
            assert!(start.insert(c[0].clone(), c[4].clone()).is_none(), "{c:?}");
        }
        let before_2024 = start.values().filter(|d| d.as_str() < "2024").count();
        assert!(
            before_2024 * 100 >= customers.len() * 75,
            "most are in the base"
        );

        // per customer, in file order: signed first, then never below zero, nothing after a churn
        let mrr = rows(dir.path(), "data/mrr.csv", ';');
        assert_eq!(mrr.len(), s.mrr_rows);
        let mut current: std::collections::HashMap<&str, Option<i64>> = Default::default();
        let mut kinds = std::collections::BTreeSet::new();
        for m in &mrr {
            let (id, date, kind, cents) = (m[0].as_str(), &m[1], m[2].as_str(), fr_cents(&m[3]));
            assert!(cents > 0, "{m:?}: a movement of nothing");
            kinds.insert(kind);
            let iso = format!("{}-{}-{}", &date[6..], &date[3..5], &date[..2]);
            let now = current.get(id).copied();
            let after = match (now, kind) {
                (None, "Nouveau") => {
                    assert_eq!(start[id], iso, "{m:?}: signed on its start date");
                    cents
                }
                (Some(Some(mrr)), "Expansion") => mrr + cents,
                (Some(Some(mrr)), "Contraction") => mrr - cents,
                (Some(Some(mrr)), "Résiliation") => {
                    assert_eq!(cents, mrr, "{m:?}: a churn takes the whole MRR");
                    0
                }
                _ => panic!("{m:?} after {now:?}"),
            };
            assert!(after >= 0, "{m:?}: MRR {after}");
            if kind != "Nouveau" {
                assert!(iso.starts_with("2024-"), "{m:?}: a movement of 2024");
            }
            current.insert(id, (kind != "Résiliation").then_some(after));
        }
        assert_eq!(current.len(), customers.len(), "every customer is signed");
        assert_eq!(
            kinds.into_iter().collect::<Vec<_>>(),
            ["Contraction", "Expansion", "Nouveau", "Résiliation"]
        );

        let upsells = rows(dir.path(), "data/upsells.csv", ',');
        assert_eq!(upsells.len(), s.upsell_rows);
        assert!(!upsells.is_empty());
        for u in &upsells {
            assert!(ams.contains(&u[1]), "{u:?}: signed by an account manager");
            assert!(start.contains_key(&u[2]), "{u:?}: a known customer");
            assert!(u[5] == "expansion" || u[5] == "renewal", "{u:?}");
        }
    }

    #[test]
    fn customer_data_follows_the_payees_not_the_deals() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        write_workspace(a.path(), 30, 0, 4).unwrap();
        write_workspace(b.path(), 30, 5_000, 4).unwrap();
        for f in ["data/customers.csv", "data/mrr.csv", "data/upsells.csv"] {
            assert!(
                fs::read(a.path().join(f)).unwrap() == fs::read(b.path().join(f)).unwrap(),
                "{f} depends on the number of deals"
            );
        }
    }

    /// A seed pins the demo's bytes on every platform: FNV-1a of the sales files of `comp demo
    /// --payees 25 --deals 500 --seed 5`, as drawn from ChaCha8 since the demo moved onto it. The
    /// customer-success team's two payees come after the 25 sales rows of the roster, from streams
    /// of their own.
    #[test]
    fn a_seed_pins_the_sales_files() {
        fn fnv(bytes: &[u8]) -> u64 {
            bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
                (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
            })
        }
        let dir = tempfile::tempdir().unwrap();
        write_workspace(dir.path(), 25, 500, 5).unwrap();
        let read = |f: &str| fs::read(dir.path().join("data").join(f)).unwrap();
        assert_eq!(fnv(&read("deals.csv")), 0x5e66_fe48_59e6_16ed);
        assert_eq!(fnv(&read("meetings.csv")), 0xe53f_c186_358f_227e);
        assert_eq!(fnv(&read("quotas.csv")), 0x91ab_7a2d_4dad_081b);
        let roster = read("roster.csv");
        let sales_rows: usize = roster
            .split_inclusive(|&b| b == b'\n')
            .take(26)
            .map(<[u8]>::len)
            .sum();
        assert_eq!(fnv(&roster[..sales_rows]), 0xd478_5689_eb48_3cbc);
        assert_eq!(roster[sales_rows..].split(|&b| b == b'\n').count() - 1, 2);
    }

    #[test]
    fn the_cs_team_is_about_8_percent_of_the_company() {
        let sizes: Vec<usize> = [0, 4, 5, 10, 12, 23, 40, 100, 1000]
            .iter()
            .map(|&n| customer_success::team_size(n))
            .collect();
        assert_eq!(sizes, [0, 0, 1, 1, 1, 2, 3, 9, 87]);
        // 87 of 1,087: 8.0%
        assert_eq!(87 * 1000 / 1087, 80);
    }

    #[test]
    fn no_account_executive_no_deals() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_workspace(&dir.path().join("a"), 0, 10, 1).is_err());
        // a folder of its own: files are created new, never over others
        let s = write_workspace(&dir.path().join("b"), 0, 0, 1).unwrap();
        assert_eq!((s.deals, s.meetings), (0, 0));
    }
}
