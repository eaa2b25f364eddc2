//! Regenerates the data of the bundled example company, Acme Hygiène:
//! `examples/acme/data/{deals,meetings,roster,quotas}.csv`.
//!
//!     cargo run --example gen_acme                 # from the repository root
//!     rustc --edition 2021 -O examples/gen_acme.rs -o /tmp/gen_acme && /tmp/gen_acme [OUT_DIR]
//!
//! Standard library only, and deterministic: a splitmix64 PRNG with a fixed seed, and integer-only
//! arithmetic for money (cents) and dates, so the program writes byte-identical files on every
//! platform. Change `SEED` (or anything else) and every file changes; commit the result with the
//! program so reviewers can see both.
//!
//! What it writes (see examples/acme/README.md for the story):
//! - `deals.csv`: a French CRM export (`;`, decimal comma, `12 500,00`, dd/mm/yyyy), full year 2024,
//!   owned by the 14 AEs, with the odd rows listed in `odd_rows` below.
//! - `meetings.csv`: meetings booked by the 8 SDRs, `Qualifié` or `Non qualifié`.
//! - `roster.csv`: 22 payees on 3 plans (comma, ISO dates, default headers).
//! - `quotas.csv`: annual quotas, plus monthly quotas for the ramping SDR.
//!
//! Quotas are round numbers set per payee (`PEOPLE`). Each payee's bookings are drawn again until
//! the year lands within a few percent of a chosen attainment (from ~50% to ~170%), so the spread
//! across payees is by design while quarters and months vary as real ones do.
//!
//! Deals and meetings use separate PRNG streams, so changing one file leaves the other unchanged.

use std::collections::BTreeSet;
use std::path::PathBuf;

/// Fixed seed: the data set is a function of this program only.
const SEED: u64 = 0x2024_AC4E_0C0B_0001;

// ---------------------------------------------------------------------------------------------
// PRNG: splitmix64 (Steele, Lea, Flood 2014). Tiny, fast, good enough for test data.
// ---------------------------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in 0..n (the modulo bias is irrelevant for n this small).
    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
    /// Uniform in lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    /// True with probability `pct` percent.
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    /// lo..=hi, skewed toward lo: the smallest of `k` uniform draws (most deals are small).
    fn skewed(&mut self, lo: i64, hi: i64, k: usize) -> i64 {
        (0..k).map(|_| self.range(lo, hi)).min().unwrap()
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

// ---------------------------------------------------------------------------------------------
// Dates: everything happens in 2024, a leap year starting on a Monday. A date is its day index
// in the year (0 = 2024-01-01).
// ---------------------------------------------------------------------------------------------

const MONTH_DAYS: [u16; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const YEAR_DAYS: u16 = 366;

fn day(month: u16, dom: u16) -> u16 {
    MONTH_DAYS[..(month - 1) as usize].iter().sum::<u16>() + dom - 1
}
fn month_of(d: u16) -> u16 {
    let mut rest = d;
    for (i, len) in MONTH_DAYS.iter().enumerate() {
        if rest < *len {
            return i as u16 + 1;
        }
        rest -= len;
    }
    unreachable!("day {d} is not in 2024")
}
fn fr_date(d: u16) -> String {
    let m = month_of(d);
    format!("{:02}/{:02}/2024", d - day(m, 1) + 1, m)
}
fn iso_date(d: u16) -> String {
    let m = month_of(d);
    format!("2024-{:02}-{:02}", m, d - day(m, 1) + 1)
}
/// French public holidays of 2024 that fall on a weekday (month, day).
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

fn is_workday(d: u16) -> bool {
    d % 7 < 5 && !HOLIDAYS.iter().any(|&(m, dom)| day(m, dom) == d) // 2024-01-01 is a Monday
}
fn month_first(m: u16) -> u16 {
    day(m, 1)
}
fn month_last(m: u16) -> u16 {
    day(m, MONTH_DAYS[(m - 1) as usize])
}

/// A working day of month `m` inside `[lo, hi]`. Sales close at the end of the month: with
/// `end_bias` percent probability the day is one of the last five working days.
fn workday_in(rng: &mut Rng, m: u16, lo: u16, hi: u16, end_bias: u64) -> Option<u16> {
    let days: Vec<u16> = (month_first(m).max(lo)..=month_last(m).min(hi))
        .filter(|d| is_workday(*d))
        .collect();
    if days.is_empty() {
        return None;
    }
    if rng.chance(end_bias) {
        let tail = &days[days.len().saturating_sub(5)..];
        Some(*rng.pick(tail))
    } else {
        Some(*rng.pick(&days))
    }
}

/// Activity by month, in percent: August is the French summer break, May has its bank holidays,
/// quarter ends are pushed.
const SEASON: [i64; 12] = [90, 95, 115, 100, 90, 115, 85, 45, 110, 105, 105, 115];

// ---------------------------------------------------------------------------------------------
// Money: cents, formatted the way a French CRM exports it ("12 500,00", "-4 800,00").
// ---------------------------------------------------------------------------------------------

fn fr_amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    let units = (c / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push(' '); // a plain space: the workspace says thousands = " "
        }
        grouped.push(ch);
    }
    format!("{sign}{grouped},{:02}", c % 100)
}

/// ARR of a subscription: `sites` establishments at a monthly price per site, times 12.
/// Drawn again until it falls in `[min, max]` euros.
fn arr(rng: &mut Rng, prices: &[i64], sites: (i64, i64), skew: usize, min: i64, max: i64) -> i64 {
    loop {
        let s = rng.skewed(sites.0, sites.1, skew);
        let cents = s * rng.pick(prices) * 12;
        if cents >= min * 100 && cents <= max * 100 {
            return cents;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// CSV writing with proper quoting (a field holding the delimiter, a quote or a line break is
// quoted, quotes doubled). Names like "Martin, Camille" and accounts like `Brasserie "Le Zinc"`
// depend on it.
// ---------------------------------------------------------------------------------------------

fn csv_field(s: &str, delim: char) -> String {
    if s.contains(delim) || s.contains('"') || s.contains('\n') || s.contains('\r') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
fn csv_line(out: &mut String, fields: &[&str], delim: char) {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f, delim)).collect();
    out.push_str(&line.join(&delim.to_string()));
    out.push('\n');
}

// ---------------------------------------------------------------------------------------------
// The company.
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Plan {
    AeArr,
    Enterprise,
    Sdr,
}
impl Plan {
    fn id(self) -> &'static str {
        match self {
            Plan::AeArr => "ae-arr",
            Plan::Enterprise => "ae-enterprise",
            Plan::Sdr => "sdr",
        }
    }
}

struct Person {
    id: &'static str,
    /// Display name, "Nom, Prénom" as the HR tool exports it (hence the quoting in roster.csv).
    name: &'static str,
    plan: Plan,
    team: &'static str,
    manager: &'static str,
    start: &'static str,
    end: &'static str,
    base: i64,
    /// Annual quota, full-year equivalent: new ARR in euros for AEs, qualified meetings for SDRs.
    quota: i64,
    /// Annual expansion-ARR quota (enterprise plan only).
    exp_quota: i64,
    /// The annual attainment (percent) this payee's generated pipeline is calibrated to.
    attainment: i64,
    /// Annual TI for SDRs (AEs' TI follows from their quota, see `main`).
    sdr_ti: i64,
}

#[allow(clippy::too_many_arguments)]
const fn p(
    id: &'static str,
    name: &'static str,
    plan: Plan,
    team: &'static str,
    manager: &'static str,
    start: &'static str,
    end: &'static str,
    base: i64,
    quota: i64,
    exp_quota: i64,
    attainment: i64,
    sdr_ti: i64,
) -> Person {
    Person {
        id,
        name,
        plan,
        team,
        manager,
        start,
        end,
        base,
        quota,
        exp_quota,
        attainment,
        sdr_ti,
    }
}

use Plan::*;

/// 22 payees. Team leads are player-coaches on the same plan as their team and have no manager on
/// the roster (the sales director is not paid by these plans). Quotas are round numbers set by
/// seniority; the generated bookings are calibrated so that annual attainment spreads from about
/// 50% to about 170%.
const PEOPLE: &[Person] = &[
    // PME Nord: small restaurants and shops in the north.
    p(
        "camille.martin",
        "Martin, Camille",
        AeArr,
        "PME Nord",
        "",
        "2021-09-01",
        "",
        58000,
        420_000,
        0,
        127,
        0,
    ),
    p(
        "thomas.petit",
        "Petit, Thomas",
        AeArr,
        "PME Nord",
        "camille.martin",
        "2022-02-14",
        "",
        50000,
        360_000,
        0,
        96,
        0,
    ),
    p(
        "emma.durand",
        "Durand, Emma",
        AeArr,
        "PME Nord",
        "camille.martin",
        "2022-09-05",
        "",
        48000,
        360_000,
        0,
        82,
        0,
    ),
    // Leaves on 2024-09-30: Q4 is outside employment, and some deals still carry his name after it.
    p(
        "antoine.leroy",
        "Leroy, Antoine",
        AeArr,
        "PME Nord",
        "camille.martin",
        "2023-01-09",
        "2024-09-30",
        49000,
        360_000,
        0,
        61,
        0,
    ),
    p(
        "chloe.moreau",
        "Moreau, Chloé",
        AeArr,
        "PME Nord",
        "camille.martin",
        "2023-06-12",
        "",
        46000,
        330_000,
        0,
        111,
        0,
    ),
    // PME Sud.
    p(
        "julien.bernard",
        "Bernard, Julien",
        AeArr,
        "PME Sud",
        "",
        "2020-11-02",
        "",
        60000,
        450_000,
        0,
        166,
        0,
    ),
    p(
        "lea.dubois",
        "Dubois, Léa",
        AeArr,
        "PME Sud",
        "julien.bernard",
        "2022-04-04",
        "",
        50000,
        390_000,
        0,
        104,
        0,
    ),
    p(
        "maxime.lefebvre",
        "Lefebvre, Maxime",
        AeArr,
        "PME Sud",
        "julien.bernard",
        "2021-03-15",
        "",
        52000,
        390_000,
        0,
        73,
        0,
    ),
    p(
        "sarah.garcia",
        "Garcia, Sarah",
        AeArr,
        "PME Sud",
        "julien.bernard",
        "2023-03-01",
        "",
        47000,
        330_000,
        0,
        140,
        0,
    ),
    // Joins on 2024-04-15: Q2 is prorated, and one deal was booked under his name before his first day.
    p(
        "nathan.roux",
        "Roux, Nathan",
        AeArr,
        "PME Sud",
        "julien.bernard",
        "2024-04-15",
        "",
        48000,
        300_000,
        0,
        54,
        0,
    ),
    // Grands Comptes: restaurant groups, hotel chains, central kitchens.
    p(
        "sophie.laurent",
        "Laurent, Sophie",
        Enterprise,
        "Grands Comptes",
        "",
        "2019-10-01",
        "",
        78000,
        700_000,
        520_000,
        118,
        0,
    ),
    p(
        "pierre-alexandre.fontaine",
        "Fontaine, Pierre-Alexandre",
        Enterprise,
        "Grands Comptes",
        "sophie.laurent",
        "2021-01-04",
        "",
        74000,
        650_000,
        500_000,
        88,
        0,
    ),
    p(
        "claire.mercier",
        "Mercier, Claire",
        Enterprise,
        "Grands Comptes",
        "sophie.laurent",
        "2022-06-01",
        "",
        72000,
        600_000,
        480_000,
        121,
        0,
    ),
    p(
        "olivier.blanc",
        "Blanc, Olivier",
        Enterprise,
        "Grands Comptes",
        "sophie.laurent",
        "2023-09-04",
        "",
        70000,
        550_000,
        420_000,
        66,
        0,
    ),
    // Prospection: SDRs booking meetings for both AE teams.
    p(
        "ines.morel",
        "Morel, Inès",
        Sdr,
        "Prospection",
        "",
        "2021-05-03",
        "",
        40000,
        204,
        0,
        120,
        12000,
    ),
    p(
        "yanis.benali",
        "Benali, Yanis",
        Sdr,
        "Prospection",
        "ines.morel",
        "2022-10-03",
        "",
        36000,
        180,
        0,
        95,
        10800,
    ),
    p(
        "manon.girard",
        "Girard, Manon",
        Sdr,
        "Prospection",
        "ines.morel",
        "2023-01-16",
        "",
        35000,
        180,
        0,
        78,
        10800,
    ),
    p(
        "theo.lambert",
        "Lambert, Théo",
        Sdr,
        "Prospection",
        "ines.morel",
        "2023-04-03",
        "",
        35000,
        180,
        0,
        135,
        10800,
    ),
    // A nickname in quotes inside a quoted field: "Nguyen, Thi ""Jade""".
    p(
        "jade.nguyen",
        "Nguyen, Thi \"Jade\"",
        Sdr,
        "Prospection",
        "ines.morel",
        "2023-07-10",
        "",
        35000,
        180,
        0,
        104,
        10800,
    ),
    p(
        "louis.faure",
        "Faure, Louis",
        Sdr,
        "Prospection",
        "ines.morel",
        "2023-09-18",
        "",
        34000,
        168,
        0,
        58,
        9600,
    ),
    // Joins on 2024-03-01 and ramps up: monthly quotas (5, 9, 12, then 15) instead of an annual one.
    p(
        "ambre.chevalier",
        "Chevalier, Ambre",
        Sdr,
        "Prospection",
        "ines.morel",
        "2024-03-01",
        "",
        34000,
        15 * 12,
        0,
        100,
        9600,
    ),
    p(
        "karim.haddad",
        "Haddad, Karim",
        Sdr,
        "Prospection",
        "ines.morel",
        "2022-01-10",
        "",
        36000,
        192,
        0,
        152,
        10800,
    ),
];

/// A departed AE (left in December 2023) who still owns a few accounts in the CRM. Not on the
/// roster: his rows must show up in the unknown-payee report, not vanish.
const DEPARTED: &str = "hugo.renard";

/// First and last day of employment inside 2024, as day indices.
fn active(p: &Person) -> (u16, u16) {
    let parse = |s: &str| -> Option<u16> {
        if !s.starts_with("2024-") {
            return None;
        }
        let m: u16 = s[5..7].parse().unwrap();
        let d: u16 = s[8..10].parse().unwrap();
        Some(day(m, d))
    };
    let lo = parse(p.start).unwrap_or(0);
    let hi = if p.end.is_empty() {
        YEAR_DAYS - 1
    } else {
        parse(p.end).unwrap()
    };
    (lo, hi)
}

// ---------------------------------------------------------------------------------------------
// Deals.
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    New,
    Upsell,
    Renewal,
}
impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::New => "Nouveau client",
            Kind::Upsell => "Upsell",
            Kind::Renewal => "Renouvellement",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Won,
    Lost,
    Open,
}
impl Stage {
    fn label(self) -> &'static str {
        match self {
            Stage::Won => "Gagnée",
            Stage::Lost => "Perdue",
            Stage::Open => "En cours",
        }
    }
}

#[derive(Clone)]
struct Deal {
    date: u16,
    owner: String,
    customer: String,
    kind: Kind,
    stage: Stage,
    cents: i64,
    /// Credit notes are numbered in their own series ("AV-24-0001").
    credit_note: bool,
    /// Written twice to the export (the duplicated Réf).
    duplicated: bool,
}

const PME_PREFIX: &[&str] = &[
    "Restaurant",
    "Brasserie",
    "Bistrot",
    "Boulangerie",
    "Pâtisserie",
    "Traiteur",
    "Café",
    "Crêperie",
    "Pizzeria",
    "Hôtel",
    "Cantine",
    "Auberge",
    "Rôtisserie",
    "Épicerie fine",
];
const PME_NAME: &[&str] = &[
    "du Port",
    "Saint-Louis",
    "des Halles",
    "La Marée",
    "Le Comptoir",
    "Chez Marcel",
    "L'Étoile",
    "La Table d'Hugo",
    "Les Tilleuls",
    "du Marché",
    "Le Relais",
    "La Fourchette d'Or",
    "Le Petit Bouchon",
    "Les Arcades",
    "La Belle Époque",
    "Le Cèdre",
    "du Vieux Moulin",
    "Au Fournil",
    "Le Terminus",
    "de la Gare",
    "Les Saveurs",
    "La Source",
    "Le Galion",
    "Les Platanes",
    "Le Beffroi",
    "du Théâtre",
    "La Cigale",
    "Le Phare",
    "Sainte-Anne",
    "Les Jardins",
];
const CITIES_NORD: &[&str] = &[
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
    "Roubaix",
    "Dunkerque",
];
const CITIES_SUD: &[&str] = &[
    "Lyon",
    "Marseille",
    "Nice",
    "Toulouse",
    "Montpellier",
    "Bordeaux",
    "Nîmes",
    "Avignon",
    "Perpignan",
    "Biarritz",
    "Aix-en-Provence",
    "Toulon",
];
const ENT_KIND: &[&str] = &[
    "Groupe Hôtelier",
    "Restauration Collective",
    "Cuisine Centrale",
    "Groupe Brasseries",
    "Réseau Boulangeries",
    "Hôtels & Résidences",
    "Cliniques",
    "Résidences Seniors",
    "Groupe Traiteurs",
    "Restaurants d'Entreprise",
];
const ENT_REGION: &[&str] = &[
    "Atlantique",
    "Rhône-Alpes",
    "Méditerranée",
    "Grand Est",
    "Val de Loire",
    "Occitanie",
    "Bretagne",
    "Île-de-France",
    "Normandie",
    "Alsace",
    "Provence",
    "Aquitaine",
    "Bourgogne",
    "Hauts-de-France",
    "Auvergne",
    "Savoie",
];
const ENT_SUFFIX: &[&str] = &["", " SAS", " SA", " Holding"];

struct Names {
    used: BTreeSet<String>,
}
impl Names {
    fn fresh(&mut self, rng: &mut Rng, team: &str) -> String {
        for attempt in 0.. {
            let mut name = if team == "Grands Comptes" {
                format!(
                    "{} {}{}",
                    rng.pick(ENT_KIND),
                    rng.pick(ENT_REGION),
                    rng.pick(ENT_SUFFIX)
                )
            } else {
                let cities = if team == "PME Nord" {
                    CITIES_NORD
                } else {
                    CITIES_SUD
                };
                format!(
                    "{} {} - {}",
                    rng.pick(PME_PREFIX),
                    rng.pick(PME_NAME),
                    rng.pick(cities)
                )
            };
            if attempt > 20 {
                name = format!("{name} ({attempt})");
            }
            if self.used.insert(name.clone()) {
                return name;
            }
        }
        unreachable!()
    }
}

/// Price lists (monthly price per site, cents), ARR ranges (euros) and sales motion by segment.
struct Segment {
    opps_per_month: i64,
    /// Percent of the AE's own opportunities that are new business (the rest are upsells).
    /// Renewals are not drawn: each account signed before 2024 comes up once, on its anniversary.
    new_pct: u64,
    win: [u64; 3], // percent won, by kind
    prices: &'static [i64],
    new_sites: (i64, i64),
    new_arr: (i64, i64),
    up_sites: (i64, i64),
    up_arr: (i64, i64),
    ren_sites: (i64, i64),
    ren_arr: (i64, i64),
    /// Accounts signed before 2024 that an AE starts the year with (each renews once in 2024).
    base_customers: i64,
    /// New ARR (euros) an average AE books in a full year at activity 100.
    typical_year: i64,
}

const PME: Segment = Segment {
    opps_per_month: 30,
    new_pct: 80,
    win: [30, 60, 86],
    prices: &[3990, 4990, 5990, 6990],
    new_sites: (4, 24),
    new_arr: (3_000, 40_000),
    up_sites: (2, 10),
    up_arr: (1_000, 20_000),
    ren_sites: (4, 24),
    ren_arr: (3_000, 25_000),
    base_customers: 14,
    typical_year: 460_000,
};

const ENTERPRISE: Segment = Segment {
    opps_per_month: 10,
    new_pct: 62,
    win: [38, 62, 90],
    prices: &[3990, 4490, 4990, 5490],
    new_sites: (20, 120),
    new_arr: (12_000, 60_000),
    up_sites: (4, 40),
    up_arr: (2_000, 20_000),
    ren_sites: (20, 80),
    ren_arr: (12_000, 45_000),
    base_customers: 14,
    typical_year: 620_000,
};

fn deal_arr(rng: &mut Rng, seg: &Segment, kind: Kind) -> i64 {
    match kind {
        Kind::New => arr(
            rng,
            seg.prices,
            seg.new_sites,
            3,
            seg.new_arr.0,
            seg.new_arr.1,
        ),
        Kind::Upsell => arr(rng, seg.prices, seg.up_sites, 2, seg.up_arr.0, seg.up_arr.1),
        Kind::Renewal => arr(
            rng,
            seg.prices,
            seg.ren_sites,
            2,
            seg.ren_arr.0,
            seg.ren_arr.1,
        ),
    }
}

/// The ordinary pipeline of one AE for 2024, calibrated: drawn again (at most 500 times) until the
/// won new ARR is within 4% of quota x chosen attainment x share of the year employed.
fn pipeline(rng: &mut Rng, names: &mut Names, who: &Person, seg: &Segment) -> Vec<Deal> {
    let (lo, hi) = active(who);
    let days = (hi - lo + 1) as i64;
    let target = who.quota * 100 * who.attainment / 100 * days / YEAR_DAYS as i64; // cents
    let activity = who.quota * who.attainment / seg.typical_year; // percent of an average AE
    for _ in 0..500 {
        let saved = names.used.clone();
        let deals = draw_pipeline(rng, names, who, seg, activity);
        let booked: i64 = deals
            .iter()
            .filter(|d| d.kind == Kind::New && d.stage == Stage::Won)
            .map(|d| d.cents)
            .sum();
        if (booked - target).abs() * 100 <= target * 4 {
            return deals;
        }
        names.used = saved;
    }
    panic!("could not calibrate the pipeline of {}", who.id)
}

fn draw_pipeline(
    rng: &mut Rng,
    names: &mut Names,
    who: &Person,
    seg: &Segment,
    activity: i64,
) -> Vec<Deal> {
    let (lo, hi) = active(who);
    // Accounts the AE already had on 1 January (signed before 2024): each comes up for renewal in
    // its anniversary month and buys more sites now and then. New customers won during the year
    // join the pool for upsells.
    let base: Vec<(String, u16)> = (0..seg.base_customers)
        .map(|_| (names.fresh(rng, who.team), rng.range(1, 12) as u16))
        .collect();
    let mut accounts: Vec<String> = base.iter().map(|b| b.0.clone()).collect();
    let mut out = Vec::new();
    for m in 1..=12u16 {
        if month_last(m) < lo || month_first(m) > hi {
            continue;
        }
        // Open opportunities: a few stale ones all year, many in the Q4 pipeline.
        let open_pct = match m {
            10 => 8,
            11 => 14,
            12 => 28,
            _ => 2,
        };
        let n =
            seg.opps_per_month * activity * SEASON[(m - 1) as usize] / 10_000 + rng.range(-3, 3);
        let renewals = base.iter().filter(|b| b.1 == m).map(|b| b.0.clone());
        let own: Vec<Option<String>> = (0..n.max(0)).map(|_| None).collect();
        for renewal in renewals.map(Some).chain(own) {
            let Some(date) = workday_in(rng, m, lo, hi, 30) else {
                continue;
            };
            let kind = match renewal {
                Some(_) => Kind::Renewal,
                None if rng.chance(seg.new_pct) => Kind::New,
                None => Kind::Upsell,
            };
            let stage = if rng.chance(open_pct) {
                Stage::Open
            } else if rng.chance(seg.win[kind as usize]) {
                Stage::Won
            } else {
                Stage::Lost // for a renewal: the customer churns
            };
            let customer = match renewal {
                Some(c) => c,
                None if kind == Kind::New => names.fresh(rng, who.team),
                None => rng.pick(&accounts).clone(),
            };
            if kind == Kind::New && stage == Stage::Won {
                accounts.push(customer.clone());
            }
            let cents = deal_arr(rng, seg, kind);
            out.push(Deal {
                date,
                owner: who.id.to_string(),
                customer,
                kind,
                stage,
                cents,
                credit_note: false,
                duplicated: false,
            });
        }
    }
    out
}

fn won(owner: &str, kind: Kind, date: u16, customer: &str, cents: i64) -> Deal {
    Deal {
        date,
        owner: owner.to_string(),
        customer: customer.to_string(),
        kind,
        stage: Stage::Won,
        cents,
        credit_note: false,
        duplicated: false,
    }
}

/// The index of the `nth` won deal of `owner` of `kind` dated in `[lo, hi]`.
fn find(deals: &[Deal], owner: &str, kind: Kind, lo: u16, hi: u16, nth: usize) -> usize {
    find_where(deals, owner, kind, lo, hi, nth, |_| true)
}

/// The same, for a customer with no other row: a customer who cancels (refunded new business)
/// must not renew or buy more later in the year.
fn find_lone(deals: &[Deal], owner: &str, kind: Kind, lo: u16, hi: u16) -> usize {
    find_where(deals, owner, kind, lo, hi, 0, |d| {
        deals.iter().filter(|o| o.customer == d.customer).count() == 1
    })
}

fn find_where(
    deals: &[Deal],
    owner: &str,
    kind: Kind,
    lo: u16,
    hi: u16,
    nth: usize,
    also: impl Fn(&Deal) -> bool,
) -> usize {
    deals
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            d.owner == owner
                && d.kind == kind
                && d.stage == Stage::Won
                && !d.credit_note
                && d.date >= lo
                && d.date <= hi
                && also(d)
        })
        .map(|(i, _)| i)
        .nth(nth)
        .unwrap_or_else(|| panic!("no won deal #{nth} for {owner} in the window"))
}

/// The odd rows: each exists to exercise one rule of the engine or one reconciliation line.
fn odd_rows(rng: &mut Rng, names: &mut Names, deals: &mut Vec<Deal>) {
    // 1. Refunds / credit notes (negative ARR, stage "Gagnée" so they pass the filter). Each nets
    //    against the period it is dated in; the original period is not restated.
    //  a) thomas.petit: a new customer signed in February cancels during its trial month; the credit
    //     note lands in March, same quarter, so Q1 new ARR is simply net of it.
    let i = find_lone(deals, "thomas.petit", Kind::New, day(2, 1), day(2, 29));
    let (c, a) = (deals[i].customer.clone(), deals[i].cents);
    deals.push(Deal {
        credit_note: true,
        ..won("thomas.petit", Kind::New, day(3, 12), &c, -a)
    });
    //  b) lea.dubois: a new customer signed in late June (Q2) is refunded in July (Q3): Q2 keeps its
    //     attainment, Q3 starts with a negative line.
    let i = find_lone(deals, "lea.dubois", Kind::New, day(6, 10), day(6, 30));
    let (c, a) = (deals[i].customer.clone(), deals[i].cents);
    deals.push(Deal {
        credit_note: true,
        ..won("lea.dubois", Kind::New, day(7, 9), &c, -a)
    });
    //  c) julien.bernard: a customer closes half the sites of an upsell: a negative expansion
    //     commission line (-4% of the credit).
    let i = find(
        deals,
        "julien.bernard",
        Kind::Upsell,
        day(4, 1),
        day(5, 31),
        0,
    );
    let (c, a) = (deals[i].customer.clone(), deals[i].cents);
    deals.push(Deal {
        credit_note: true,
        ..won("julien.bernard", Kind::Upsell, day(9, 17), &c, -(a / 2))
    });
    //  d) emma.durand: a commercial gesture on an upsell, a round credit of 1 200,00.
    let i = find(
        deals,
        "emma.durand",
        Kind::Upsell,
        day(1, 1),
        day(10, 31),
        2,
    );
    let c = deals[i].customer.clone();
    deals.push(Deal {
        credit_note: true,
        ..won("emma.durand", Kind::Upsell, day(11, 5), &c, -120_000)
    });
    //  e) claire.mercier (enterprise): a renewal invoiced at last year's price list is corrected by
    //     a partial credit note; it lowers her expansion attainment in Q4.
    let i = find(
        deals,
        "claire.mercier",
        Kind::Renewal,
        day(1, 1),
        day(9, 30),
        0,
    );
    let c = deals[i].customer.clone();
    deals.push(Deal {
        credit_note: true,
        ..won("claire.mercier", Kind::Renewal, day(10, 15), &c, -845_640)
    });

    // 2. Unknown payee: hugo.renard left in December 2023 and his accounts were never reassigned
    //    in the CRM. Three won rows in January carry his name; comp must report them, not drop them.
    for (m, d, kind, cents) in [
        (1u16, 10u16, Kind::Renewal, 1_078_800i64),
        (1, 18, Kind::Upsell, 359_280),
        (1, 29, Kind::Renewal, 646_800),
    ] {
        let c = names.fresh(rng, "PME Nord");
        deals.push(won(DEPARTED, kind, day(m, d), &c, cents));
    }

    // 3. Outside employment.
    //  a) nathan.roux starts on 2024-04-15, but an inbound lead was closed under his name on 9 April,
    //     during his onboarding week: excluded, not credited.
    let c = names.fresh(rng, "PME Sud");
    deals.push(won("nathan.roux", Kind::New, day(4, 9), &c, 538_920));
    //  b) antoine.leroy leaves on 2024-09-30. A deal closed on his last day counts (dates are
    //     inclusive); three deals closed in October and November still carry his name because the
    //     CRM was not reassigned in time: excluded as outside employment.
    let c = names.fresh(rng, "PME Nord");
    deals.push(won("antoine.leroy", Kind::New, day(9, 30), &c, 718_800));
    for (m, d, kind, cents) in [
        (10u16, 8u16, Kind::New, 455_240i64),
        (10, 24, Kind::Upsell, 215_640),
        (11, 14, Kind::Renewal, 862_560),
    ] {
        let c = names.fresh(rng, "PME Nord");
        deals.push(won("antoine.leroy", kind, day(m, d), &c, cents));
    }

    // 4. Period boundaries: maxime.lefebvre closes one deal on Sunday 31 March (Q1, last day) and one
    //    on Easter Monday 1 April (Q2, first day); sarah.garcia closes one on the leap day, 29 February.
    //    (Ordinary rows fall on working days only; these are dated by hand.)
    let c = names.fresh(rng, "PME Sud");
    deals.push(won("maxime.lefebvre", Kind::New, day(3, 31), &c, 1_258_740));
    let c = names.fresh(rng, "PME Sud");
    deals.push(won("maxime.lefebvre", Kind::New, day(4, 1), &c, 431_280));
    let c = names.fresh(rng, "PME Sud");
    deals.push(won("sarah.garcia", Kind::New, day(2, 29), &c, 935_220));

    // 5. Account names that need CSV quoting with a ';' delimiter: a semicolon inside the name, and
    //    double quotes inside the name. A comma needs no quoting here (and gets none).
    deals.push(won(
        "camille.martin",
        Kind::New,
        day(5, 22),
        "Hôtel Le Lac; Spa & Séminaires - Annecy",
        1_941_120,
    ));
    deals.push(won(
        "chloe.moreau",
        Kind::Upsell,
        day(6, 6),
        "Brasserie \"Le Zinc\" - Lille",
        287_520,
    ));
    deals.push(won(
        "julien.bernard",
        Kind::New,
        day(10, 3),
        "Traiteur Roux, Fils & Cie - Lyon",
        647_280,
    ));

    // 6. One duplicated Réf: the CRM export repeated a won opportunity (one line per product line of
    //    the same opportunity). A repeated id is excluded and reported, never counted twice.
    let i = find(deals, "chloe.moreau", Kind::New, day(5, 1), day(5, 31), 0);
    deals[i].duplicated = true;

    // 7. A record year-end for sophie.laurent: a restaurant group rolls out region by region, each
    //    region its own opportunity, in November and December. Her Q4 new business reaches the
    //    component cap, and with her renewals the plan cap (200% of quarterly TI) cuts the total.
    for (m, d, region, cents) in [
        (11u16, 7u16, "Provence", 5_388_000i64),
        (11, 21, "Occitanie", 4_730_400),
        (11, 28, "Côte d'Azur", 5_748_000),
        (12, 5, "Languedoc", 4_311_000),
        (12, 12, "Vallée du Rhône", 5_029_200),
        (12, 19, "Corse", 3_592_800),
    ] {
        let c = format!("Groupe Brasseries du Midi - {region}");
        deals.push(won("sophie.laurent", Kind::New, day(m, d), &c, cents));
    }
    for (m, d, cents) in [(10u16, 30u16, 5_269_200i64), (12, 16, 4_909_200)] {
        let c = names.fresh(rng, "Grands Comptes");
        deals.push(won("sophie.laurent", Kind::Renewal, day(m, d), &c, cents));
    }
}

// ---------------------------------------------------------------------------------------------
// Meetings.
// ---------------------------------------------------------------------------------------------

struct Meeting {
    date: u16,
    sdr: &'static str,
    qualified: bool,
}

/// Ramp of the SDR who joins in March: month, share of a full month's activity, monthly quota.
const RAMP: [(u16, i64, i64); 3] = [(3, 25, 5), (4, 50, 9), (5, 75, 12)];
const RAMPING_SDR: &str = "ambre.chevalier";

/// Quota of qualified meetings for the year, as written in quotas.csv (the ramping SDR's monthly
/// quotas added up).
fn sdr_year_quota(who: &Person) -> i64 {
    if who.id == RAMPING_SDR {
        RAMP.iter().map(|r| r.2).sum::<i64>() + who.quota / 12 * 7
    } else {
        who.quota
    }
}

/// One SDR's meetings for 2024, calibrated like the AEs' pipelines: drawn again until the year's
/// qualified meetings are within 3% of quota x chosen attainment. Months still vary a lot.
fn meetings(rng: &mut Rng, who: &Person) -> Vec<Meeting> {
    let (lo, hi) = active(who);
    let target = sdr_year_quota(who) * who.attainment / 100;
    // An average SDR books 26 meetings a month and the AEs qualify about 62% of them.
    let activity = who.quota * who.attainment / 180;
    for _ in 0..500 {
        let qualify_pct = 55 + rng.below(15); // how well this SDR screens before booking
        let mut out = Vec::new();
        for m in 1..=12u16 {
            if month_last(m) < lo || month_first(m) > hi {
                continue;
            }
            let ramp = RAMP
                .iter()
                .find(|r| who.id == RAMPING_SDR && r.0 == m)
                .map_or(100, |r| r.1);
            let n =
                26 * activity * SEASON[(m - 1) as usize] / 10_000 * ramp / 100 + rng.range(-6, 6);
            for _ in 0..n.max(0) {
                let Some(date) = workday_in(rng, m, lo, hi, 0) else {
                    continue;
                };
                out.push(Meeting {
                    date,
                    sdr: who.id,
                    qualified: rng.chance(qualify_pct),
                });
            }
        }
        let qualified = out.iter().filter(|m| m.qualified).count() as i64;
        if (qualified - target).abs() * 100 <= target * 3 {
            return out;
        }
    }
    panic!("could not calibrate the meetings of {}", who.id)
}

// ---------------------------------------------------------------------------------------------
// Writing the files.
// ---------------------------------------------------------------------------------------------

fn round_to(x: i64, step: i64) -> i64 {
    ((x + step / 2) / step * step).max(step)
}

fn main() {
    let out_dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let root = option_env!("CARGO_MANIFEST_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("."));
            root.join("examples/acme/data")
        });
    std::fs::create_dir_all(&out_dir).expect("create the output directory");

    let mut rng = Rng(SEED);
    let mut names = Names {
        used: BTreeSet::new(),
    };

    // Deals.
    let mut deals = Vec::new();
    for who in PEOPLE {
        match who.plan {
            AeArr => deals.extend(pipeline(&mut rng, &mut names, who, &PME)),
            Enterprise => deals.extend(pipeline(&mut rng, &mut names, who, &ENTERPRISE)),
            Sdr => {}
        }
    }
    odd_rows(&mut rng, &mut names, &mut deals);
    // An export sorted by close date; references follow that order.
    deals.sort_by(|a, b| {
        (a.date, &a.owner, &a.customer, a.kind, a.stage, a.cents).cmp(&(
            b.date,
            &b.owner,
            &b.customer,
            b.kind,
            b.stage,
            b.cents,
        ))
    });

    let mut csv = String::new();
    csv_line(
        &mut csv,
        &[
            "Réf",
            "Propriétaire",
            "Compte",
            "Type",
            "Étape",
            "Date de clôture",
            "ARR",
        ],
        ';',
    );
    let (mut opp_no, mut av_no, mut deal_rows) = (0, 0, 0);
    for d in &deals {
        let reference = if d.credit_note {
            av_no += 1;
            format!("AV-24-{av_no:04}")
        } else {
            opp_no += 1;
            format!("OPP-24-{opp_no:05}")
        };
        let amount = fr_amount(d.cents);
        let date = fr_date(d.date);
        let fields = [
            reference.as_str(),
            &d.owner,
            &d.customer,
            d.kind.label(),
            d.stage.label(),
            &date,
            &amount,
        ];
        for _ in 0..if d.duplicated { 2 } else { 1 } {
            csv_line(&mut csv, &fields, ';');
            deal_rows += 1;
        }
    }
    std::fs::write(out_dir.join("deals.csv"), &csv).expect("write deals.csv");

    // Meetings, from their own PRNG stream.
    let mut rng = Rng(SEED ^ 0x5D12_0000_0000_0000);
    let mut ms: Vec<Meeting> = PEOPLE
        .iter()
        .filter(|p| p.plan == Sdr)
        .flat_map(|who| meetings(&mut rng, who))
        .collect();
    ms.sort_by(|a, b| (a.date, a.sdr).cmp(&(b.date, b.sdr)));
    let mut csv = String::new();
    csv_line(&mut csv, &["Réf", "SDR", "Date", "Statut"], ';');
    for (i, m) in ms.iter().enumerate() {
        let r = format!("RDV-24-{:05}", i + 1);
        let status = if m.qualified {
            "Qualifié"
        } else {
            "Non qualifié"
        };
        csv_line(&mut csv, &[&r, m.sdr, &fr_date(m.date), status], ';');
    }
    std::fs::write(out_dir.join("meetings.csv"), &csv).expect("write meetings.csv");

    // Roster and quotas. Quotas are full-year equivalents: comp prorates a partial year.
    let mut roster = String::new();
    csv_line(
        &mut roster,
        &[
            "payee",
            "name",
            "plan",
            "team",
            "manager",
            "start",
            "end",
            "base",
            "target_incentive",
        ],
        ',',
    );
    let mut quotas = String::new();
    csv_line(&mut quotas, &["payee", "period", "measure", "target"], ',');
    println!(
        "{:<26} {:>7} {:>10} {:>10} {:>7}   (booked while employed, annualised)",
        "payee", "TI", "measure", "quota", "attain."
    );
    for who in PEOPLE {
        let (lo, hi) = active(who);
        let days = (hi - lo + 1) as i64;
        // What this payee booked while employed (a duplicated row once: comp excludes the repeat).
        let booked = |kinds: &[Kind]| -> i64 {
            deals
                .iter()
                .filter(|d| {
                    d.owner == who.id
                        && d.stage == Stage::Won
                        && d.date >= lo
                        && d.date <= hi
                        && kinds.contains(&d.kind)
                })
                .map(|d| d.cents)
                .sum::<i64>()
                / 100
        };
        let annual = |x: i64| x * YEAR_DAYS as i64 / days;
        let ti = match who.plan {
            // 8% of quota, plus a typical year of expansion paid at 4%.
            AeArr => round_to(who.quota * 8 / 100 + 7_000, 1_000),
            // The 70% new-business part pays 5% of the quota at 100%: TI = quota x 5% / 70%.
            Enterprise => round_to(who.quota * 5 / 70, 1_000),
            Sdr => who.sdr_ti,
        };
        match who.plan {
            AeArr | Enterprise => {
                csv_line(
                    &mut quotas,
                    &[who.id, "2024", "new_arr", &who.quota.to_string()],
                    ',',
                );
                let b = annual(booked(&[Kind::New]));
                println!(
                    "{:<26} {:>7} {:>10} {:>10} {:>6}%",
                    who.id,
                    ti,
                    "new_arr",
                    who.quota,
                    b * 100 / who.quota
                );
                if who.plan == Enterprise {
                    csv_line(
                        &mut quotas,
                        &[who.id, "2024", "expansion_arr", &who.exp_quota.to_string()],
                        ',',
                    );
                    let b = annual(booked(&[Kind::Upsell, Kind::Renewal]));
                    println!(
                        "{:<26} {:>7} {:>10} {:>10} {:>6}%",
                        "",
                        "",
                        "expansion",
                        who.exp_quota,
                        b * 100 / who.exp_quota
                    );
                }
            }
            Sdr => {
                let q = ms.iter().filter(|m| m.sdr == who.id && m.qualified).count() as i64;
                if who.id == RAMPING_SDR {
                    // Monthly quotas: a ramp from March to May, then the full monthly quota.
                    for (m, _, target) in RAMP {
                        csv_line(
                            &mut quotas,
                            &[
                                who.id,
                                &format!("2024-{m:02}"),
                                "qualified_meetings",
                                &target.to_string(),
                            ],
                            ',',
                        );
                    }
                    for m in 6..=12 {
                        let target = (who.quota / 12).to_string();
                        csv_line(
                            &mut quotas,
                            &[
                                who.id,
                                &format!("2024-{m:02}"),
                                "qualified_meetings",
                                &target,
                            ],
                            ',',
                        );
                    }
                } else {
                    csv_line(
                        &mut quotas,
                        &[who.id, "2024", "qualified_meetings", &who.quota.to_string()],
                        ',',
                    );
                }
                let year = sdr_year_quota(who);
                println!(
                    "{:<26} {:>7} {:>10} {:>10} {:>6}%",
                    who.id,
                    ti,
                    "meetings",
                    year,
                    q * 100 / year
                );
            }
        }
        csv_line(
            &mut roster,
            &[
                who.id,
                who.name,
                who.plan.id(),
                who.team,
                who.manager,
                who.start,
                who.end,
                &who.base.to_string(),
                &ti.to_string(),
            ],
            ',',
        );
    }
    customer_success(&out_dir, &mut names, &deals, &mut roster, &mut quotas);
    std::fs::write(out_dir.join("roster.csv"), &roster).expect("write roster.csv");
    std::fs::write(out_dir.join("quotas.csv"), &quotas).expect("write quotas.csv");

    let first = deals.iter().map(|d| d.date).min().unwrap();
    let last = deals.iter().map(|d| d.date).max().unwrap();
    println!(
        "deals.csv: {deal_rows} rows ({} to {}), meetings.csv: {} rows, roster.csv: {} payees -> {}",
        iso_date(first),
        iso_date(last),
        ms.len(),
        PEOPLE.len(),
        out_dir.display()
    );
    year_2023(&out_dir);
}

// ---------------------------------------------------------------------------------------------
// 2023: the year before the move to ARR, for `comp whatif` (examples/acme/2023/). Its own PRNG
// stream, written after everything above, so the 2024 files do not change. Simpler than 2024:
// won and lost deals and meetings on days 1 to 28 of each month, no odd rows.
// ---------------------------------------------------------------------------------------------

/// The plan a payee was on in 2023: PME AEs were paid per new customer.
fn plan_2023(p: Plan) -> &'static str {
    match p {
        AeArr => "ae-per-customer",
        Enterprise => "ae-enterprise",
        Sdr => "sdr",
    }
}

/// A 2023 quota: the 2024 one before its +15%, rounded.
fn quota_2023(q: i64, step: i64) -> i64 {
    round_to(q * 100 / 115, step)
}

/// A month drawn by seasonal weight among months `from..=12`.
fn season_month(rng: &mut Rng, from: u16) -> u16 {
    let total: i64 = SEASON[from as usize - 1..].iter().sum();
    let mut x = rng.range(0, total - 1);
    for m in from..=12 {
        x -= SEASON[m as usize - 1];
        if x < 0 {
            return m;
        }
    }
    12
}

/// A 2023 deal: (date as (month, day), owner, customer, kind, won, cents).
type Deal2023 = ((u16, u16), String, String, Kind, bool, i64);

fn year_2023(out_dir: &std::path::Path) {
    let mut rng = Rng(SEED ^ 0x2023_0000_0000_0000);
    let mut names = Names {
        used: BTreeSet::new(),
    };
    let mut deals: Vec<Deal2023> = Vec::new();
    let mut meetings: Vec<((u16, u16), &str, bool)> = Vec::new();
    let mut roster = String::new();
    csv_line(
        &mut roster,
        &[
            "payee",
            "name",
            "plan",
            "team",
            "manager",
            "start",
            "end",
            "base",
            "target_incentive",
        ],
        ',',
    );
    let mut quotas = String::new();
    csv_line(&mut quotas, &["payee", "period", "measure", "target"], ',');
    // hugo.renard sold for PME Sud until mid-December 2023 (his 2024 rows are the unknown payee)
    let hugo = p(
        DEPARTED,
        "Renard, Hugo",
        AeArr,
        "PME Sud",
        "julien.bernard",
        "2020-05-04",
        "2023-12-15",
        47000,
        320_000,
        0,
        88,
        0,
    );
    let people: Vec<&Person> = PEOPLE
        .iter()
        .filter(|p| p.start < "2024")
        .chain(std::iter::once(&hugo))
        .collect();
    for who in people {
        // the first month employed in 2023
        let from: u16 = if who.start.starts_with("2023-") {
            who.start[5..7].parse().unwrap()
        } else {
            1
        };
        let last: u16 = if who.end.starts_with("2023-") {
            who.end[5..7].parse().unwrap()
        } else {
            12
        };
        let months = i64::from(last - from + 1);
        let attainment = (who.attainment + rng.range(-20, 20)).clamp(45, 180);
        let (ti, quota) = match who.plan {
            AeArr | Enterprise => {
                let q = quota_2023(who.quota, 1_000);
                let ti = match who.plan {
                    AeArr => round_to(q * 8 / 100 + 7_000, 1_000),
                    _ => round_to(q * 5 / 70, 1_000),
                };
                (ti, q)
            }
            Sdr => (who.sdr_ti, quota_2023(who.quota, 1)),
        };
        let day_in = |rng: &mut Rng, m: u16| -> (u16, u16) {
            let lo = if m == from && who.start.starts_with("2023-") {
                who.start[8..10].parse::<i64>().unwrap().min(28)
            } else {
                1
            };
            let hi = if m == last && who.end.starts_with("2023-") {
                who.end[8..10].parse::<i64>().unwrap().min(28)
            } else {
                28
            };
            (m, rng.range(lo, hi.max(lo)) as u16)
        };
        match who.plan {
            AeArr | Enterprise => {
                let seg = if who.plan == AeArr { &PME } else { &ENTERPRISE };
                // won new ARR until quota x attainment x share of the year employed is reached
                let target = quota * 100 * attainment / 100 * months / 12;
                let mut booked = 0;
                let mut won_new = 0;
                while booked < target {
                    let m = season_month(&mut rng, from).min(last);
                    let cents = deal_arr(&mut rng, seg, Kind::New);
                    let c = names.fresh(&mut rng, who.team);
                    deals.push((
                        day_in(&mut rng, m),
                        who.id.to_string(),
                        c,
                        Kind::New,
                        true,
                        cents,
                    ));
                    booked += cents;
                    won_new += 1;
                }
                // upsells of their accounts, and as many lost opportunities as won ones
                let upsells = won_new * (100 - seg.new_pct as i64) / seg.new_pct as i64;
                for _ in 0..upsells {
                    let m = season_month(&mut rng, from).min(last);
                    let cents = deal_arr(&mut rng, seg, Kind::Upsell);
                    let c = names.fresh(&mut rng, who.team);
                    deals.push((
                        day_in(&mut rng, m),
                        who.id.to_string(),
                        c,
                        Kind::Upsell,
                        true,
                        cents,
                    ));
                }
                for _ in 0..won_new {
                    let m = season_month(&mut rng, from).min(last);
                    let cents = deal_arr(&mut rng, seg, Kind::New);
                    let c = names.fresh(&mut rng, who.team);
                    deals.push((
                        day_in(&mut rng, m),
                        who.id.to_string(),
                        c,
                        Kind::New,
                        false,
                        cents,
                    ));
                }
                csv_line(
                    &mut quotas,
                    &[who.id, "2023", "new_arr", &quota.to_string()],
                    ',',
                );
                if who.plan == Enterprise {
                    let e = quota_2023(who.exp_quota, 1_000);
                    csv_line(
                        &mut quotas,
                        &[who.id, "2023", "expansion_arr", &e.to_string()],
                        ',',
                    );
                }
            }
            Sdr => {
                // qualified meetings by month around quota / 12 x attainment; 40% more not qualified
                for m in from..=last {
                    let q = (quota * attainment / 100 / 12 + rng.range(-3, 3)).max(0);
                    for k in 0..q + q * 2 / 3 {
                        meetings.push((day_in(&mut rng, m), who.id, k < q));
                    }
                }
                csv_line(
                    &mut quotas,
                    &[who.id, "2023", "qualified_meetings", &quota.to_string()],
                    ',',
                );
            }
        }
        let end = if who.end.starts_with("2023-") {
            who.end
        } else {
            ""
        };
        csv_line(
            &mut roster,
            &[
                who.id,
                who.name,
                plan_2023(who.plan),
                who.team,
                who.manager,
                who.start,
                end,
                &who.base.to_string(),
                &ti.to_string(),
            ],
            ',',
        );
    }
    deals.sort_by(|a, b| (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)));
    let mut csv = String::new();
    csv_line(
        &mut csv,
        &[
            "Réf",
            "Propriétaire",
            "Compte",
            "Type",
            "Étape",
            "Date de clôture",
            "ARR",
        ],
        ';',
    );
    for (i, (date, owner, customer, kind, won, cents)) in deals.iter().enumerate() {
        let stage = if *won { Stage::Won } else { Stage::Lost };
        csv_line(
            &mut csv,
            &[
                &format!("OPP-23-{:05}", i + 1),
                owner,
                customer,
                kind.label(),
                stage.label(),
                &format!("{:02}/{:02}/2023", date.1, date.0),
                &fr_amount(*cents),
            ],
            ';',
        );
    }
    std::fs::write(out_dir.join("deals-2023.csv"), &csv).expect("write deals-2023.csv");
    meetings.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut csv = String::new();
    csv_line(&mut csv, &["Réf", "SDR", "Date", "Statut"], ';');
    for (i, (date, sdr, qualified)) in meetings.iter().enumerate() {
        let status = if *qualified {
            "Qualifié"
        } else {
            "Non qualifié"
        };
        csv_line(
            &mut csv,
            &[
                &format!("RDV-23-{:05}", i + 1),
                sdr,
                &format!("{:02}/{:02}/2023", date.1, date.0),
                status,
            ],
            ';',
        );
    }
    std::fs::write(out_dir.join("meetings-2023.csv"), &csv).expect("write meetings-2023.csv");
    std::fs::write(out_dir.join("roster-2023.csv"), &roster).expect("write roster-2023.csv");
    std::fs::write(out_dir.join("quotas-2023.csv"), &quotas).expect("write quotas-2023.csv");
    println!(
        "2023: deals-2023.csv {} rows, meetings-2023.csv {} rows",
        deals.len(),
        meetings.len()
    );
}

// ---------------------------------------------------------------------------------------------
// Customer Success: the CS team, the customers with their acquiring AE and CSM, the billing
// system's MRR movements, NPS answers, onboardings, CSMs' key meetings and the upsells the CS
// team signs. Its own PRNG stream: the sales files above do not change.
//
// Dates here are day offsets from 2024-01-01 (negative in 2022 and 2023).
// ---------------------------------------------------------------------------------------------

const CS_SEED: u64 = SEED ^ 0xC5C5_0000_0000_0000;

/// The CS team: (id, name, plan, manager, start, base, TI, monthly churn risk in tenths of a percent).
/// (id, name, plan, manager, start, base, TI, monthly churn risk in tenths of a percent)
type CsMember = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    u64,
);
const CS_TEAM: &[CsMember] = &[
    (
        "claire.fontaine",
        "Fontaine, Claire",
        "cs-lead",
        "",
        "2021-03-01",
        52000,
        13000,
        12,
    ),
    (
        "margaux.perret",
        "Perret, Margaux",
        "csm-grr",
        "claire.fontaine",
        "2022-01-03",
        44000,
        11000,
        18,
    ),
    (
        "paul.lemaire",
        "Lemaire, Paul",
        "csm-grr",
        "claire.fontaine",
        "2023-04-03",
        42000,
        10500,
        30,
    ),
    (
        "zoe.lambert",
        "Lambert, Zoé",
        "csm-churn",
        "claire.fontaine",
        "2022-06-01",
        44000,
        11000,
        15,
    ),
    (
        "hugo.mercier",
        "Mercier, Hugo",
        "csm-churn",
        "claire.fontaine",
        "2023-09-04",
        42000,
        10500,
        25,
    ),
    (
        "lucas.blanc",
        "Blanc, Lucas",
        "cs-upsell",
        "claire.fontaine",
        "2022-02-01",
        46000,
        16000,
        0,
    ),
    (
        "chloe.roux",
        "Roux, Chloé",
        "cs-upsell",
        "claire.fontaine",
        "2023-01-09",
        45000,
        15000,
        0,
    ),
];
const CS_TEAM_NAME: &str = "Customer Success";
/// Key meetings quota of the csm-churn CSMs, a year.
const KEY_MEETINGS_QUOTA: i64 = 48;

fn any_date(off: i32) -> String {
    if off >= 0 {
        return iso_date(off as u16);
    }
    let (year, mut doy) = if off >= -365 {
        (2023, off + 365)
    } else {
        (2022, off + 730)
    };
    const DAYS: [i32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut m = 0;
    while doy >= DAYS[m] {
        doy -= DAYS[m];
        m += 1;
    }
    format!("{year}-{:02}-{:02}", m + 1, doy + 1)
}

struct Customer {
    id: String,
    name: String,
    ae: String,
    csm: &'static str,
    start: i32,
    mrr_cents: i64,
}

fn euros(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// Writes the CS files and adds the CS team to the roster and quotas.
fn customer_success(
    out_dir: &std::path::Path,
    names: &mut Names,
    deals: &[Deal],
    roster: &mut String,
    quotas: &mut String,
) {
    let mut rng = Rng(CS_SEED);
    let portfolio_owners: Vec<&CsMember> = CS_TEAM
        .iter()
        .filter(|m| m.2 == "cs-lead" || m.2 == "csm-grr" || m.2 == "csm-churn")
        .collect();
    let aes: Vec<&Person> = PEOPLE.iter().filter(|p| p.plan != Sdr).collect();

    // Customers signed before 2024 (the starting base), then 2024's from the won new deals.
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
        customers.push(Customer {
            id: format!("CLI-{:05}", i + 1),
            name: names.fresh(&mut rng, team),
            ae: ae.id.to_string(),
            csm: rng.pick(&portfolio_owners).0,
            start: -(rng.range(20, 720) as i32),
            mrr_cents: mrr,
        });
    }
    let mut seen = BTreeSet::new();
    for d in deals {
        if d.kind == Kind::New
            && d.stage == Stage::Won
            && !d.credit_note
            && seen.insert(d.customer.clone())
        {
            let n = customers.len() + 1;
            customers.push(Customer {
                id: format!("CLI-{n:05}"),
                name: d.customer.clone(),
                ae: d.owner.clone(),
                csm: rng.pick(&portfolio_owners).0,
                start: d.date as i32,
                mrr_cents: (d.cents + 6) / 12,
            });
        }
    }
    let by_name: std::collections::BTreeMap<&str, usize> = customers
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.as_str(), i))
        .collect();

    // MRR movements: the signature, the AEs' won upsells, the CS team's upsells, and for each month
    // of 2024 a chance of expansion, contraction or churn (churn risk set per CSM).
    // (customer, date, kind, cents)
    let mut moves: Vec<(usize, i32, &str, i64)> = Vec::new();
    let mut upsells: Vec<(String, &str, usize, i32, i64, &str)> = Vec::new();
    for (i, c) in customers.iter().enumerate() {
        moves.push((i, c.start, "Nouveau", c.mrr_cents));
    }
    for d in deals {
        if d.kind == Kind::Upsell && d.stage == Stage::Won && d.cents > 0 {
            if let Some(&i) = by_name.get(d.customer.as_str()) {
                if customers[i].start < d.date as i32 {
                    moves.push((i, d.date as i32, "Expansion", (d.cents + 6) / 12));
                }
            }
        }
    }
    // upsells and renewals signed by the account managers and the csm-churn CSMs
    for m in CS_TEAM
        .iter()
        .filter(|m| m.2 == "cs-upsell" || m.2 == "csm-churn")
    {
        let own: Vec<usize> = (0..customers.len())
            .filter(|&i| m.2 == "cs-upsell" || customers[i].csm == m.0)
            .collect();
        let per_month = if m.2 == "cs-upsell" { (2, 5) } else { (0, 2) };
        for month in 1..=12u16 {
            for _ in 0..rng.range(per_month.0, per_month.1) {
                let Some(date) = workday_in(&mut rng, month, 0, YEAR_DAYS - 1, 20) else {
                    continue;
                };
                let i = *rng.pick(&own);
                if customers[i].start >= date as i32 {
                    continue;
                }
                let renewal = m.2 == "cs-upsell" && rng.chance(35);
                let arr = if renewal {
                    rng.range(40, 300) * 100
                } else {
                    rng.skewed(20, 150, 2) * 100
                };
                let kind = if renewal { "renewal" } else { "expansion" };
                upsells.push((String::new(), m.0, i, date as i32, arr * 100, kind));
                if !renewal {
                    moves.push((i, date as i32, "Expansion", arr * 100 / 12));
                }
            }
        }
    }
    // monthly life of each customer through 2024
    let mut churned: Vec<Option<i32>> = vec![None; customers.len()];
    for (i, c) in customers.iter().enumerate() {
        let risk = CS_TEAM.iter().find(|m| m.0 == c.csm).map_or(5, |m| m.7);
        let mut mrr = c.mrr_cents;
        for month in 1..=12u16 {
            let date = month_first(month) as i32 + rng.range(0, 27) as i32;
            if date <= c.start {
                continue;
            }
            let roll = rng.below(1000);
            if roll < risk {
                moves.push((i, date, "Résiliation", mrr));
                churned[i] = Some(date);
                break;
            } else if roll < risk + 25 {
                let cut = mrr * rng.range(10, 40) / 100;
                moves.push((i, date, "Contraction", cut));
                mrr -= cut;
            } else if roll < risk + 55 {
                let more = mrr * rng.range(10, 50) / 100;
                moves.push((i, date, "Expansion", more));
                mrr += more;
            }
        }
    }
    // nothing after a churn (an upsell of a customer that later churned stays before the churn)
    moves.retain(|&(i, date, kind, _)| {
        churned[i].is_none_or(|c| date < c || (date == c && kind == "Résiliation"))
    });
    moves.sort_by(|a, b| (&customers[a.0].id, a.1, a.2).cmp(&(&customers[b.0].id, b.1, b.2)));
    // a churn takes the MRR the customer has on that day
    let mut current: Vec<i64> = vec![0; customers.len()];
    for m in moves.iter_mut() {
        match m.2 {
            "Résiliation" => m.3 = current[m.0],
            "Contraction" => m.3 = m.3.min(current[m.0]),
            _ => {}
        }
        current[m.0] += if m.2 == "Nouveau" || m.2 == "Expansion" {
            m.3
        } else {
            -m.3
        };
    }

    let mut csv = String::new();
    csv_line(
        &mut csv,
        &["id", "name", "ae", "csm", "start", "currency"],
        ',',
    );
    for c in &customers {
        csv_line(
            &mut csv,
            &[&c.id, &c.name, &c.ae, c.csm, &any_date(c.start), "EUR"],
            ',',
        );
    }
    std::fs::write(out_dir.join("customers.csv"), &csv).expect("write customers.csv");

    let mut csv = String::new();
    csv_line(&mut csv, &["Client", "Date", "Mouvement", "MRR"], ';');
    for (i, date, kind, cents) in &moves {
        csv_line(
            &mut csv,
            &[
                &customers[*i].id,
                &any_date(*date),
                kind,
                &fr_amount(*cents),
            ],
            ';',
        );
    }
    std::fs::write(out_dir.join("mrr.csv"), &csv).expect("write mrr.csv");

    // NPS: about one answer in three customers a quarter, happier with the careful CSMs
    let mut csv = String::new();
    csv_line(&mut csv, &["customer", "date", "score"], ',');
    let mut answers = 0;
    for q in 0..4u16 {
        for (i, c) in customers.iter().enumerate() {
            let month = q * 3 + 1 + rng.below(3) as u16;
            let Some(date) = workday_in(&mut rng, month, 0, YEAR_DAYS - 1, 50) else {
                continue;
            };
            if c.start >= date as i32
                || churned[i].is_some_and(|x| x <= date as i32)
                || !rng.chance(33)
            {
                continue;
            }
            let risk = CS_TEAM.iter().find(|m| m.0 == c.csm).map_or(5, |m| m.7) as i64 / 3;
            let roll = rng.range(0, 99);
            let score = if roll < 55 - risk * 2 {
                rng.range(9, 10)
            } else if roll < 85 - risk {
                rng.range(7, 8)
            } else {
                rng.range(0, 6)
            };
            csv_line(&mut csv, &[&c.id, &iso_date(date), &score.to_string()], ',');
            answers += 1;
        }
    }
    std::fs::write(out_dir.join("surveys.csv"), &csv).expect("write surveys.csv");

    // onboardings of 2024's customers: kick-off on signature, live 12 to 80 days later
    let mut csv = String::new();
    csv_line(&mut csv, &["customer", "start", "go_live"], ',');
    for c in customers.iter().filter(|c| c.start >= 0) {
        let live = c.start + rng.skewed(12, 80, 2) as i32;
        let live = if live < YEAR_DAYS as i32 {
            any_date(live)
        } else {
            String::new()
        };
        csv_line(&mut csv, &[&c.id, &any_date(c.start), &live], ',');
    }
    std::fs::write(out_dir.join("onboarding.csv"), &csv).expect("write onboarding.csv");

    // key meetings (QBRs and kick-offs) held by the csm-churn CSMs
    let mut meetings: Vec<(i32, &str, &str)> = Vec::new();
    for m in CS_TEAM.iter().filter(|m| m.2 == "csm-churn") {
        for month in 1..=12u16 {
            for _ in 0..rng.range(2, 6) {
                if let Some(d) = workday_in(&mut rng, month, 0, YEAR_DAYS - 1, 30) {
                    meetings.push((
                        d as i32,
                        m.0,
                        if rng.chance(60) { "QBR" } else { "Kick-off" },
                    ));
                }
            }
        }
    }
    meetings.sort();
    let mut csv = String::new();
    csv_line(&mut csv, &["id", "csm", "date", "type"], ',');
    for (n, (d, who, kind)) in meetings.iter().enumerate() {
        csv_line(
            &mut csv,
            &[&format!("CSM-24-{:04}", n + 1), who, &any_date(*d), kind],
            ',',
        );
    }
    std::fs::write(out_dir.join("cs_meetings.csv"), &csv).expect("write cs_meetings.csv");

    upsells.sort_by(|a, b| (a.3, a.1, a.2).cmp(&(b.3, b.1, b.2)));
    let mut csv = String::new();
    csv_line(
        &mut csv,
        &["id", "owner", "customer", "date", "arr", "kind"],
        ',',
    );
    for (n, u) in upsells.iter_mut().enumerate() {
        u.0 = format!("UP-24-{:04}", n + 1);
        csv_line(
            &mut csv,
            &[
                &u.0,
                u.1,
                &customers[u.2].id,
                &any_date(u.3),
                &euros(u.4),
                u.5,
            ],
            ',',
        );
    }
    std::fs::write(out_dir.join("upsells.csv"), &csv).expect("write upsells.csv");

    for m in CS_TEAM {
        csv_line(
            roster,
            &[
                m.0,
                m.1,
                m.2,
                CS_TEAM_NAME,
                m.3,
                m.4,
                "",
                &m.5.to_string(),
                &m.6.to_string(),
            ],
            ',',
        );
        if m.2 == "csm-churn" {
            csv_line(
                quotas,
                &[m.0, "2024", "key_meetings", &KEY_MEETINGS_QUOTA.to_string()],
                ',',
            );
        }
    }

    // the team's NRR by quarter, to see where the kicker pays
    for q in 0..4 {
        let (s, e) = (month_first(q * 3 + 1) as i32, month_last(q * 3 + 3) as i32);
        let (mut base, mut net) = (0i64, 0i64);
        for i in 0..customers.len() {
            let before: i64 = moves
                .iter()
                .filter(|m| m.0 == i && m.1 < s)
                .map(|m| {
                    if m.2 == "Nouveau" || m.2 == "Expansion" {
                        m.3
                    } else {
                        -m.3
                    }
                })
                .sum();
            if before <= 0 {
                continue;
            }
            base += before;
            net += before;
            net += moves
                .iter()
                .filter(|m| m.0 == i && m.1 >= s && m.1 <= e)
                .map(|m| {
                    if m.2 == "Nouveau" || m.2 == "Expansion" {
                        m.3
                    } else {
                        -m.3
                    }
                })
                .sum::<i64>();
        }
        println!(
            "CS team NRR 2024-Q{}: {}%",
            q + 1,
            net * 1000 / base.max(1) / 10
        );
    }
    println!(
        "customers.csv: {} customers, mrr.csv: {} movements, surveys.csv: {answers} answers, upsells.csv: {} rows, cs_meetings.csv: {} rows",
        customers.len(),
        moves.len(),
        upsells.len(),
        meetings.len()
    );
}
