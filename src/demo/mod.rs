//! A synthetic workspace of any size, for benchmarks and demos: the example company's shape (five
//! plans, a French CRM export of deals, SDR meetings, an HR roster and quotas, and the customer-success
//! side: customers, the billing system's MRR movements, CS upsells) with as many payees and deals as
//! asked.
//!
//! Standard library only and deterministic: a splitmix64 PRNG seeded by the caller, integer-only
//! money (cents) and dates, so a seed writes byte-identical files on every platform. Rows are streamed
//! through buffered writers: ten million deals never live in memory.
//!
//! What it writes into `dir`:
//! - `comp.toml`: the sources of `examples/acme/comp.toml`, with the plans copied under `plans/`;
//! - `data/roster.csv`: the `payees` of the sales team, ~45% `ae-arr`, ~20% `ae-enterprise`, ~35%
//!   `sdr` (interleaved), a few hires and leavers in 2024 so proration is exercised; then a
//!   customer-success team added after them, ~8% of the whole roster (none below 5 sales payees, at
//!   least one CSM from 5): three CSMs on `csm-grr` for one account manager on `cs-upsell`, in teams
//!   of 8 (see `customer_success`). Added after the sales team and drawn from their own PRNG streams,
//!   so the sales rows, quotas, deals and meetings are the same bytes as before the team existed;
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

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;

mod customer_success;

const PLAN_AE_ARR: &str = include_str!("../../plans/ae-arr.toml");
const PLAN_AE_ENTERPRISE: &str = include_str!("../../plans/ae-enterprise.toml");
const PLAN_SDR: &str = include_str!("../../plans/sdr.toml");
const PLAN_CSM_GRR: &str = include_str!("../../plans/csm-grr.toml");
const PLAN_CS_UPSELL: &str = include_str!("../../plans/cs-upsell.toml");

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
    fs::write(dir.join("comp.toml"), COMP_TOML)?;
    fs::write(dir.join("plans/ae-arr.toml"), PLAN_AE_ARR)?;
    fs::write(dir.join("plans/ae-enterprise.toml"), PLAN_AE_ENTERPRISE)?;
    fs::write(dir.join("plans/sdr.toml"), PLAN_SDR)?;
    fs::write(dir.join("plans/csm-grr.toml"), PLAN_CSM_GRR)?;
    fs::write(dir.join("plans/cs-upsell.toml"), PLAN_CS_UPSELL)?;

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
    let cal = Calendar::new();
    write_roster(&dir.join("data/roster.csv"), &people)?;
    summary.quota_rows = write_quotas(
        &dir.join("data/quotas.csv"),
        &people,
        deals,
        summary.ae_arr + summary.ae_enterprise,
        seed,
    )?;
    summary.deals_won = write_deals(&dir.join("data/deals.csv"), &people, &cal, deals, seed)?;
    summary.deals = deals;
    summary.meetings = write_meetings(&dir.join("data/meetings.csv"), &people, &cal, seed)?;
    summary.deals_bytes = fs::metadata(dir.join("data/deals.csv"))?.len();
    let cs = customer_success::write_files(&dir.join("data"), &people, seed)?;
    summary.customers = cs.customers;
    summary.mrr_rows = cs.mrr_rows;
    summary.upsell_rows = cs.upsell_rows;
    Ok(summary)
}

// ---------------------------------------------------------------------------------------------
// PRNG: splitmix64, one stream per file so that changing one file leaves the others unchanged.
// ---------------------------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next_u64();
        r
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (the modulo bias is irrelevant here).
    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
}

const STREAM_PEOPLE: u64 = 1;
const STREAM_QUOTAS: u64 = 2;
const STREAM_DEALS: u64 = 3;
const STREAM_MEETINGS: u64 = 4;
// 5 and up: the customer-success team and its files (customer_success.rs)

// ---------------------------------------------------------------------------------------------
// 2024 (a leap year starting on a Monday): a date is its day index in the year, 0 = 2024-01-01.
// ---------------------------------------------------------------------------------------------

const MONTH_DAYS: [u16; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/// French public holidays of 2024 on weekdays (month, day).
const HOLIDAYS: [(u16, u16); 9] = [
    (1, 1),
    (4, 1),
    (5, 1),
    (5, 8),
    (5, 9),
    (5, 20),
    (8, 15),
    (11, 1),
    (11, 11),
];

fn day_of(month: u16, dom: u16) -> u16 {
    MONTH_DAYS[..(month - 1) as usize].iter().sum::<u16>() + dom - 1
}

struct Calendar {
    /// dd/mm/2024 of every day of the year.
    french: Vec<[u8; 10]>,
    workdays: Vec<u16>,
}

impl Calendar {
    fn new() -> Calendar {
        let mut french = Vec::with_capacity(366);
        for (m, &len) in MONTH_DAYS.iter().enumerate() {
            for dom in 1..=len {
                let mut b = *b"00/00/2024";
                b[0] = b'0' + (dom / 10) as u8;
                b[1] = b'0' + (dom % 10) as u8;
                b[3] = b'0' + ((m + 1) / 10) as u8;
                b[4] = b'0' + ((m + 1) % 10) as u8;
                french.push(b);
            }
        }
        let workdays = (0..366u16)
            .filter(|&d| d % 7 < 5 && !HOLIDAYS.iter().any(|&(m, dom)| day_of(m, dom) == d))
            .collect();
        Calendar { french, workdays }
    }
}

/// A calendar date (years before 2024 included), with its day index in 2024 when it is in it.
#[derive(Clone, Copy)]
struct Date {
    y: u16,
    m: u16,
    d: u16,
}

impl Date {
    /// Day index in 2024: negative before 2024.
    fn in_2024(self) -> i32 {
        if self.y < 2024 {
            -1
        } else {
            i32::from(day_of(self.m, self.d))
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

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
    start: Date,
    end: Option<Date>,
    base: u64,
    ti: u64,
}

impl Person {
    fn employed_on(&self, day: u16) -> bool {
        let d = i32::from(day);
        self.start.in_2024() <= d && self.end.is_none_or(|e| d <= e.in_2024())
    }
}

/// People per manager.
const TEAM_SIZE: usize = 8;

fn people(n: usize, seed: u64) -> Vec<Person> {
    let mut rng = Rng::new(seed, STREAM_PEOPLE);
    let mut per_plan = [0usize; 5];
    let mut leaders = [0usize; 5];
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let plan = PlanKind::of(i);
        let k = per_plan[plan.index()];
        per_plan[plan.index()] += 1;
        let (first, first_id) = FIRST_NAMES[rng.below(FIRST_NAMES.len() as u64) as usize];
        let (last, last_id) = LAST_NAMES[rng.below(LAST_NAMES.len() as u64) as usize];
        let manager = if k % TEAM_SIZE == 0 {
            leaders[plan.index()] = i;
            None
        } else {
            Some(leaders[plan.index()])
        };
        // 12% hired during 2024 (never a manager), 4% of the others leave during 2024
        let hired_2024 = manager.is_some() && rng.chance(12);
        let start = if hired_2024 {
            Date {
                y: 2024,
                m: rng.range(2, 10) as u16,
                d: rng.range(1, 28) as u16,
            }
        } else {
            Date {
                y: rng.range(2016, 2023) as u16,
                m: rng.range(1, 12) as u16,
                d: rng.range(1, 28) as u16,
            }
        };
        let end = (!hired_2024 && manager.is_some() && rng.chance(4)).then(|| Date {
            y: 2024,
            m: rng.range(3, 11) as u16,
            d: rng.range(1, 28) as u16,
        });
        let (base, ti) = match plan {
            PlanKind::AeArr => (rng.range(45, 60) * 1000, rng.range(60, 90) * 500),
            PlanKind::Enterprise => (rng.range(68, 80) * 1000, rng.range(76, 110) * 500),
            PlanKind::Sdr => (rng.range(33, 40) * 1000, rng.range(30, 42) * 300),
            PlanKind::CsmGrr | PlanKind::CsUpsell => unreachable!("PlanKind::of is the sales team"),
        };
        out.push(Person {
            id: format!("{first_id}.{last_id}.{i:05}"),
            name: format!("{last}, {first}"),
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

fn create(path: &Path) -> io::Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(1 << 16, File::create(path)?))
}

fn write_roster(path: &Path, people: &[Person]) -> io::Result<()> {
    let mut w = create(path)?;
    writeln!(
        w,
        "payee,name,plan,team,manager,start,end,base,target_incentive"
    )?;
    for p in people {
        let manager = p.manager.map_or("", |m| people[m].id.as_str());
        let end = p.end.map(|e| e.to_string()).unwrap_or_default();
        // names are "Last, First": quoted (no name holds a quote)
        writeln!(
            w,
            "{},\"{}\",{},{},{},{},{},{},{}",
            p.id,
            p.name,
            p.plan.id(),
            p.team,
            manager,
            p.start,
            end,
            p.base,
            p.ti
        )?;
    }
    w.flush()
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
const PRICES_AE_ARR: (u64, u64, u64, u64) = (9_900, 199_900, 4_900, 74_900);
const PRICES_ENTERPRISE: (u64, u64, u64, u64) = (120_000, 1_500_000, 40_000, 500_000);

fn prices(plan: PlanKind) -> (u64, u64, u64, u64) {
    match plan {
        PlanKind::Enterprise => PRICES_ENTERPRISE,
        _ => PRICES_AE_ARR,
    }
}

/// Expected won ARR of one AE over the year, in cents: `pct` percent of the deals, at the mean price.
fn expected_cents(deals: usize, aes: usize, pct: u64, lo: u64, hi: u64) -> u128 {
    let mean_arr = u128::from(lo + hi) / 2 * 12;
    deals as u128 * u128::from(pct) * u128::from(PCT_WON) * mean_arr / (aes.max(1) as u128 * 10_000)
}

/// An annual quota in euros: the expected bookings times 75% to 135%, rounded to a thousand, at
/// least a thousand.
fn quota_from(rng: &mut Rng, expected_cents: u128) -> u128 {
    let f = u128::from(rng.range(75, 135));
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
    let mut rng = Rng::new(seed, STREAM_QUOTAS);
    let mut w = create(path)?;
    writeln!(w, "payee,period,measure,target")?;
    let mut rows = 0;
    for p in people {
        match p.plan {
            PlanKind::AeArr | PlanKind::Enterprise => {
                let (lo, hi, xlo, xhi) = prices(p.plan);
                let q = quota_from(&mut rng, expected_cents(deals, aes, PCT_NEW, lo, hi));
                writeln!(w, "{},2024,new_arr,{q}", p.id)?;
                rows += 1;
                if p.plan == PlanKind::Enterprise {
                    let e = expected_cents(deals, aes, 100 - PCT_NEW, xlo, xhi);
                    let q = quota_from(&mut rng, e);
                    writeln!(w, "{},2024,expansion_arr,{q}", p.id)?;
                    rows += 1;
                }
            }
            PlanKind::Sdr if p.start.y == 2024 => {
                // ramping: monthly quotas from the month of hire
                for (k, m) in (p.start.m..=12).enumerate() {
                    let q = [6, 12, 15][k.min(2)] + rng.below(4);
                    writeln!(w, "{},2024-{m:02},qualified_meetings,{q}", p.id)?;
                    rows += 1;
                }
            }
            PlanKind::Sdr => {
                let q = rng.range(30, 45) * 6;
                writeln!(w, "{},2024,qualified_meetings,{q}", p.id)?;
                rows += 1;
            }
            // a GRR curve, a commission and an NRR kicker: nothing measured against a quota
            PlanKind::CsmGrr | PlanKind::CsUpsell => {}
        }
    }
    w.flush()?;
    Ok(rows)
}

/// Writes `12 500,00` (French grouping and decimal comma) for an amount in cents.
fn write_fr_amount(w: &mut impl Write, cents: i64) -> io::Result<()> {
    let mut buf = [0u8; 40];
    let mut i = buf.len();
    let c = cents.unsigned_abs();
    let mut push = |b: u8| {
        i -= 1;
        buf[i] = b;
    };
    push(b'0' + (c % 10) as u8);
    push(b'0' + (c / 10 % 10) as u8);
    push(b',');
    let mut units = c / 100;
    let mut digits = 0;
    loop {
        if digits > 0 && digits % 3 == 0 {
            push(b' ');
        }
        push(b'0' + (units % 10) as u8);
        digits += 1;
        units /= 10;
        if units == 0 {
            break;
        }
    }
    if cents < 0 {
        push(b'-');
    }
    w.write_all(&buf[i..])
}

/// A customer's name from its index: prefix, name, city, and a number once the combinations run out.
/// One name holds quotes, so a few fields are quoted as a CRM export would.
fn write_customer(w: &mut impl Write, idx: u64) -> io::Result<()> {
    let (np, nn, nc) = (
        PREFIXES.len() as u64,
        NAMES.len() as u64,
        CITIES.len() as u64,
    );
    let prefix = PREFIXES[(idx % np) as usize];
    let name = NAMES[(idx / np % nn) as usize];
    let city = CITIES[(idx / (np * nn) % nc) as usize];
    let n = idx / (np * nn * nc);
    if name.contains('"') {
        let name = name.replace('"', "\"\"");
        match n {
            0 => write!(w, "\"{prefix} {name} - {city}\""),
            _ => write!(w, "\"{prefix} {name} {} - {city}\"", n + 1),
        }
    } else {
        match n {
            0 => write!(w, "{prefix} {name} - {city}"),
            _ => write!(w, "{prefix} {name} {} - {city}", n + 1),
        }
    }
}

/// Returns the number of won deals.
fn write_deals(
    path: &Path,
    people: &[Person],
    cal: &Calendar,
    deals: usize,
    seed: u64,
) -> io::Result<usize> {
    let mut rng = Rng::new(seed, STREAM_DEALS);
    let aes: Vec<&Person> = people.iter().filter(|p| p.plan.is_ae()).collect();
    let mut w = create(path)?;
    writeln!(w, "Réf;Propriétaire;Compte;Type;Étape;Date de clôture;ARR")?;
    let mut customers: u64 = 0;
    let mut won = 0;
    for k in 0..deals {
        // in date order, spread evenly over the working days
        let day = cal.workdays[k * cal.workdays.len() / deals];
        // an AE employed that day (a few tries; a deal of a leaver's last weeks may remain)
        let mut owner = aes[rng.below(aes.len() as u64) as usize];
        for _ in 0..4 {
            if owner.employed_on(day) {
                break;
            }
            owner = aes[rng.below(aes.len() as u64) as usize];
        }
        let r = rng.below(100);
        let (kind, new) = if r < PCT_NEW {
            ("Nouveau client", true)
        } else if r < PCT_NEW + PCT_UPSELL {
            ("Upsell", false)
        } else {
            ("Renouvellement", false)
        };
        let r = rng.below(100);
        let stage = if r < PCT_WON {
            won += 1;
            "Gagnée"
        } else if r < PCT_WON + PCT_LOST {
            "Perdue"
        } else {
            "En cours"
        };
        let customer = if new || customers == 0 {
            customers += 1;
            customers - 1
        } else {
            rng.below(customers)
        };
        let (lo, hi, xlo, xhi) = prices(owner.plan);
        let mut cents = if new {
            rng.range(lo, hi) as i64 * 12
        } else {
            rng.range(xlo, xhi) as i64 * 12
        };
        if kind == "Upsell" && rng.chance(1) {
            cents = -cents / 24 * 12; // a credit note: half the upsell taken back
        }
        write!(w, "OPP-24-{:07};{};", k + 1, owner.id)?;
        write_customer(&mut w, customer)?;
        write!(w, ";{kind};{stage};")?;
        w.write_all(&cal.french[day as usize])?;
        w.write_all(b";")?;
        write_fr_amount(&mut w, cents)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(won)
}

/// Returns the number of meetings.
fn write_meetings(path: &Path, people: &[Person], cal: &Calendar, seed: u64) -> io::Result<usize> {
    let mut rng = Rng::new(seed, STREAM_MEETINGS);
    let sdrs: Vec<&Person> = people.iter().filter(|p| p.plan == PlanKind::Sdr).collect();
    let mut w = create(path)?;
    writeln!(w, "Réf;SDR;Date;Statut")?;
    let mut n = 0;
    for &day in &cal.workdays {
        for s in sdrs.iter().filter(|s| s.employed_on(day)) {
            for _ in 0..rng.below(4) {
                n += 1;
                let status = if rng.chance(60) {
                    "Qualifié"
                } else {
                    "Non qualifié"
                };
                write!(w, "RDV-24-{n:07};{};", s.id)?;
                w.write_all(&cal.french[day as usize])?;
                writeln!(w, ";{status}")?;
            }
        }
    }
    w.flush()?;
    Ok(n)
}

// ---------------------------------------------------------------------------------------------
// Names.
// ---------------------------------------------------------------------------------------------

/// (display, id)
const FIRST_NAMES: &[(&str, &str)] = &[
    ("Camille", "camille"),
    ("Thomas", "thomas"),
    ("Emma", "emma"),
    ("Antoine", "antoine"),
    ("Chloé", "chloe"),
    ("Julien", "julien"),
    ("Léa", "lea"),
    ("Maxime", "maxime"),
    ("Sarah", "sarah"),
    ("Nathan", "nathan"),
    ("Sophie", "sophie"),
    ("Pierre-Alexandre", "pierre-alexandre"),
    ("Claire", "claire"),
    ("Olivier", "olivier"),
    ("Inès", "ines"),
    ("Yanis", "yanis"),
    ("Manon", "manon"),
    ("Théo", "theo"),
    ("Jade", "jade"),
    ("Louis", "louis"),
    ("Ambre", "ambre"),
    ("Karim", "karim"),
    ("Zoé", "zoe"),
    ("Hugo", "hugo"),
];

const LAST_NAMES: &[(&str, &str)] = &[
    ("Martin", "martin"),
    ("Petit", "petit"),
    ("Durand", "durand"),
    ("Leroy", "leroy"),
    ("Moreau", "moreau"),
    ("Bernard", "bernard"),
    ("Dubois", "dubois"),
    ("Lefebvre", "lefebvre"),
    ("Garcia", "garcia"),
    ("Roux", "roux"),
    ("Laurent", "laurent"),
    ("Fontaine", "fontaine"),
    ("Mercier", "mercier"),
    ("Blanc", "blanc"),
    ("Morel", "morel"),
    ("Benali", "benali"),
    ("Girard", "girard"),
    ("Lambert", "lambert"),
    ("Nguyen", "nguyen"),
    ("Faure", "faure"),
    ("Chevalier", "chevalier"),
    ("Haddad", "haddad"),
    ("Lemaître", "lemaitre"),
    ("Bonnet", "bonnet"),
];

const PREFIXES: &[&str] = &[
    "Restaurant",
    "Brasserie",
    "Hôtel",
    "Auberge",
    "Bistrot",
    "Cuisine centrale",
    "Traiteur",
    "Boulangerie",
    "Rôtisserie",
    "Épicerie fine",
];

const NAMES: &[&str] = &[
    "du Port",
    "Saint-Louis",
    "des Halles",
    "La Marée",
    "Le Comptoir",
    "Chez Marcel",
    "L'Étoile",
    "La Table d'Hugo",
    "Les Tilleuls",
    "\"Le Zinc\"",
    "Le Terminus",
    "du Vieux Moulin",
    "Le Cèdre",
    "La Cigale",
    "des Arts",
    "du Marché",
    "Le Relais",
    "La Fontaine",
    "Les Platanes",
    "du Centre",
];

const CITIES: &[&str] = &[
    "Lille",
    "Amiens",
    "Rouen",
    "Reims",
    "Metz",
    "Strasbourg",
    "Nancy",
    "Caen",
    "Paris 11e",
    "Le Havre",
    "Lyon",
    "Marseille",
    "Nice",
    "Toulouse",
    "Montpellier",
    "Bordeaux",
    "Nîmes",
    "Avignon",
    "Perpignan",
    "Aix-en-Provence",
];

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
    fn amounts_are_written_the_french_way() {
        let fr = |c: i64| {
            let mut v = Vec::new();
            write_fr_amount(&mut v, c).unwrap();
            String::from_utf8(v).unwrap()
        };
        assert_eq!(fr(0), "0,00");
        assert_eq!(fr(5), "0,05");
        assert_eq!(fr(99_900), "999,00");
        assert_eq!(fr(1_250_000), "12 500,00");
        assert_eq!(fr(-480_012), "-4 800,12");
        assert_eq!(fr(12_345_678_901), "123 456 789,01");
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
            for note in &report.notes {
                let note = crate::render::words::words().note(note);
                assert!(note.contains("holds none of its periods"), "{p}: {note}");
            }
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

    /// The CS team came later, on its own PRNG streams: the sales files are the bytes the demo wrote
    /// before it (FNV-1a of `comp demo --payees 25 --deals 500 --seed 5` by the binary of f02b2d9;
    /// the roster then ended after the 25 sales payees).
    #[test]
    fn the_sales_files_are_unchanged_by_the_cs_team() {
        fn fnv(bytes: &[u8]) -> u64 {
            bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
                (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
            })
        }
        let dir = tempfile::tempdir().unwrap();
        write_workspace(dir.path(), 25, 500, 5).unwrap();
        let read = |f: &str| fs::read(dir.path().join("data").join(f)).unwrap();
        assert_eq!(fnv(&read("deals.csv")), 0x049e_b267_63fb_8726);
        assert_eq!(fnv(&read("meetings.csv")), 0xc86d_3adf_6cc6_01bf);
        assert_eq!(fnv(&read("quotas.csv")), 0xc623_a7f6_dfdd_31e6);
        let roster = read("roster.csv");
        let sales_rows: usize = roster
            .split_inclusive(|&b| b == b'\n')
            .take(26)
            .map(<[u8]>::len)
            .sum();
        assert_eq!(fnv(&roster[..sales_rows]), 0xe515_f89e_ed98_4f87);
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
        assert!(write_workspace(dir.path(), 0, 10, 1).is_err());
        let s = write_workspace(dir.path(), 0, 0, 1).unwrap();
        assert_eq!((s.deals, s.meetings), (0, 0));
    }
}
