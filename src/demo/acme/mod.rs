//! The bundled example company, Acme Hygiène: the data of `examples/acme` (see its README for the
//! story), written by `cargo run --example gen_acme`.
//!
//! - `deals.csv`: a French CRM export (`;`, decimal comma, `12 500,00`, dd/mm/yyyy), full year 2024,
//!   owned by the 14 AEs, with the odd rows listed in `deals::odd_rows`;
//! - `meetings.csv`: meetings booked by the 8 SDRs, `Qualifié` or `Non qualifié`;
//! - `roster.csv`: 22 sales payees on 3 plans and the customer-success team (comma, ISO dates,
//!   default headers); `quotas.csv`: annual quotas, plus monthly quotas for the ramping SDR;
//! - the customer-success files (`customer_success`) and 2023, the year before (`year_2023`).
//!
//! Quotas are round numbers set per payee (`PEOPLE`). Each payee's bookings are drawn again until
//! the year lands within a few percent of a chosen attainment (from ~50% to ~170%), so the spread
//! across payees is by design while quarters and months vary as real ones do.
//!
//! The files are committed, so they must come out byte-identical from every run: every part draws
//! from the example's fixed sequence (`AcmeSequence`) with a seed of its own, so changing one part
//! leaves the others' files unchanged. Change `SEED` (or anything else) and files change; commit
//! them with the generator so reviewers can see both.

use super::calendar::{self, Day, YEAR_DAYS};
use super::draw::AcmeSequence;
use super::export::{self, DealKind, Table};
use super::names::Accounts;
use std::io::{self, Write};
use std::path::Path;

mod customer_success;
mod customer_success_2023;
mod deals;
mod meetings;
mod year_2023;

/// Fixed seed: the data set is a function of this module only.
const SEED: u64 = 0x2024_AC4E_0C0B_0001;

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
    /// Annual TI for SDRs (AEs' TI follows from their quota, see `ti`).
    sdr_ti: i64,
}

/// A row of `PEOPLE`, in the order of the fields.
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

use Plan::{AeArr, Enterprise, Sdr};

/// 22 payees. Team leads are player-coaches on the same plan as their team and have no manager on
/// the roster (the sales director is not paid by these plans). Quotas are round numbers set by
/// seniority; the generated bookings are calibrated so that annual attainment spreads from about
/// 50% to about 170%.
///
/// id, name, plan, team,
///   manager, start, end, base, quota, expansion quota, attainment, SDR TI
#[rustfmt::skip]
const PEOPLE: &[Person] = &[
    // PME Nord: small restaurants and shops in the north.
    p("camille.martin", "Martin, Camille", AeArr, "PME Nord",
      "", "2021-09-01", "", 58000, 420_000, 0, 127, 0),
    p("thomas.petit", "Petit, Thomas", AeArr, "PME Nord",
      "camille.martin", "2022-02-14", "", 50000, 360_000, 0, 96, 0),
    p("emma.durand", "Durand, Emma", AeArr, "PME Nord",
      "camille.martin", "2022-09-05", "", 48000, 360_000, 0, 82, 0),
    // Leaves on 2024-09-30: Q4 is outside employment, and some deals still carry his name after it.
    p("antoine.leroy", "Leroy, Antoine", AeArr, "PME Nord",
      "camille.martin", "2023-01-09", "2024-09-30", 49000, 360_000, 0, 61, 0),
    p("chloe.moreau", "Moreau, Chloé", AeArr, "PME Nord",
      "camille.martin", "2023-06-12", "", 46000, 330_000, 0, 111, 0),
    // PME Sud.
    p("julien.bernard", "Bernard, Julien", AeArr, "PME Sud",
      "", "2020-11-02", "", 60000, 450_000, 0, 166, 0),
    p("lea.dubois", "Dubois, Léa", AeArr, "PME Sud",
      "julien.bernard", "2022-04-04", "", 50000, 390_000, 0, 104, 0),
    p("maxime.lefebvre", "Lefebvre, Maxime", AeArr, "PME Sud",
      "julien.bernard", "2021-03-15", "", 52000, 390_000, 0, 73, 0),
    p("sarah.garcia", "Garcia, Sarah", AeArr, "PME Sud",
      "julien.bernard", "2023-03-01", "", 47000, 330_000, 0, 140, 0),
    // Joins on 2024-04-15: Q2 is prorated, and one deal was booked under his name before his first day.
    p("nathan.roux", "Roux, Nathan", AeArr, "PME Sud",
      "julien.bernard", "2024-04-15", "", 48000, 300_000, 0, 54, 0),
    // Grands Comptes: restaurant groups, hotel chains, central kitchens.
    p("sophie.laurent", "Laurent, Sophie", Enterprise, "Grands Comptes",
      "", "2019-10-01", "", 78000, 700_000, 520_000, 118, 0),
    p("pierre-alexandre.fontaine", "Fontaine, Pierre-Alexandre", Enterprise, "Grands Comptes",
      "sophie.laurent", "2021-01-04", "", 74000, 650_000, 500_000, 88, 0),
    p("claire.mercier", "Mercier, Claire", Enterprise, "Grands Comptes",
      "sophie.laurent", "2022-06-01", "", 72000, 600_000, 480_000, 121, 0),
    p("olivier.blanc", "Blanc, Olivier", Enterprise, "Grands Comptes",
      "sophie.laurent", "2023-09-04", "", 70000, 550_000, 420_000, 66, 0),
    // Prospection: SDRs booking meetings for both AE teams.
    p("ines.morel", "Morel, Inès", Sdr, "Prospection",
      "", "2021-05-03", "", 40000, 204, 0, 120, 12000),
    p("yanis.benali", "Benali, Yanis", Sdr, "Prospection",
      "ines.morel", "2022-10-03", "", 36000, 180, 0, 95, 10800),
    p("manon.girard", "Girard, Manon", Sdr, "Prospection",
      "ines.morel", "2023-01-16", "", 35000, 180, 0, 78, 10800),
    p("theo.lambert", "Lambert, Théo", Sdr, "Prospection",
      "ines.morel", "2023-04-03", "", 35000, 180, 0, 135, 10800),
    // A nickname in quotes inside a quoted field: "Nguyen, Thi ""Jade""".
    p("jade.nguyen", "Nguyen, Thi \"Jade\"", Sdr, "Prospection",
      "ines.morel", "2023-07-10", "", 35000, 180, 0, 104, 10800),
    p("louis.faure", "Faure, Louis", Sdr, "Prospection",
      "ines.morel", "2023-09-18", "", 34000, 168, 0, 58, 9600),
    // Joins on 2024-03-01 and ramps up: monthly quotas (5, 9, 12, then 15) instead of an annual one.
    p("ambre.chevalier", "Chevalier, Ambre", Sdr, "Prospection",
      "ines.morel", "2024-03-01", "", 34000, 15 * 12, 0, 100, 9600),
    p("karim.haddad", "Haddad, Karim", Sdr, "Prospection",
      "ines.morel", "2022-01-10", "", 36000, 192, 0, 152, 10800),
];

/// A promotion in the middle of 2024 (rule 20): the payee's first roster row ends the day before and
/// a second row puts them on another plan, team and manager, with a raise. Their bookings are drawn
/// as before (the CRM knows nothing of HR), so of all payouts only theirs move, from Q3.
struct Promotion {
    id: &'static str,
    last_day: &'static str,
    first_day: &'static str,
    plan: Plan,
    team: &'static str,
    manager: &'static str,
    base: i64,
    ti: i64,
    /// Quotas of the half year on the new plan: new ARR and expansion ARR.
    h2_quota: i64,
    h2_exp_quota: i64,
}

/// lea.dubois moves from PME Sud (`ae-arr`) to Grands Comptes (`ae-enterprise`) on 1 July 2024.
/// Her H1 quota is half her annual one, so H1 pays as an annual row did; H2's are an enterprise
/// AE's (550,000 and 420,000 a year), her TI olivier.blanc's.
const PROMOTION: Promotion = Promotion {
    id: "lea.dubois",
    last_day: "2024-06-30",
    first_day: "2024-07-01",
    plan: Enterprise,
    team: "Grands Comptes",
    manager: "sophie.laurent",
    base: 60000,
    ti: 39000,
    h2_quota: 275_000,
    h2_exp_quota: 210_000,
};

/// A departed AE (left in December 2023) who still owns a few accounts in the CRM. Not on the
/// roster: his rows must show up in the unknown-payee report, not vanish.
const DEPARTED: &str = "hugo.renard";

/// First and last day of employment inside 2024.
fn active(p: &Person) -> (Day, Day) {
    let parse = |s: &str| -> Option<Day> {
        if !s.starts_with("2024-") {
            return None;
        }
        let m: u16 = s[5..7].parse().expect("a month");
        let d: u16 = s[8..10].parse().expect("a day");
        Some(calendar::day(m, d))
    };
    let lo = parse(p.start).unwrap_or(0);
    let hi = if p.end.is_empty() {
        YEAR_DAYS - 1
    } else {
        parse(p.end).expect("an end date in 2024")
    };
    (lo, hi)
}

fn round_to(x: i64, step: i64) -> i64 {
    ((x + step / 2) / step * step).max(step)
}

/// An AE's annual TI from the quota, and an SDR's as set.
fn ti(plan: Plan, quota: i64, sdr_ti: i64) -> i64 {
    match plan {
        // 8% of quota, plus a typical year of expansion (upsells at 4%, renewals at 2%).
        AeArr => round_to(quota * 8 / 100 + 7_000, 1_000),
        // The 70% new-business part pays 5% of the quota at 100%: TI = quota x 5% / 70%.
        Enterprise => round_to(quota * 5 / 70, 1_000),
        Sdr => sdr_ti,
    }
}

/// Writes the example company's files into `out_dir` (`examples/acme/data`), and to `log` each
/// payee's attainment and what each file holds.
pub fn write_data(out_dir: &Path, log: &mut dyn Write) -> io::Result<()> {
    std::fs::create_dir_all(out_dir)?;
    let mut accounts = Accounts::default();
    let mut rng = AcmeSequence::from_state(SEED);
    let deals = deals::year(&mut rng, &mut accounts);
    let deal_rows = deals::write(&out_dir.join("deals.csv"), &deals)?;

    // Meetings, from their own sequence.
    let mut rng = AcmeSequence::from_state(SEED ^ 0x5D12_0000_0000_0000);
    let ms = meetings::year(&mut rng);
    meetings::write(&out_dir.join("meetings.csv"), &ms)?;

    // Roster and quotas. Quotas are full-year equivalents: comp prorates a partial year.
    let mut roster = Table::create(&out_dir.join("roster.csv"), &export::ROSTER)?;
    let mut quotas = Table::create(&out_dir.join("quotas.csv"), &export::QUOTAS)?;
    writeln!(
        log,
        "{:<26} {:>7} {:>10} {:>10} {:>7}   (booked while employed, annualised)",
        "payee", "TI", "measure", "quota", "attain."
    )?;
    for who in PEOPLE {
        let ti = ti(who.plan, who.quota, who.sdr_ti);
        match who.plan {
            AeArr | Enterprise if who.id == PROMOTION.id => {
                quotas.row(&[&who.id, &"2024-H1", &"new_arr", &(who.quota / 2)])?;
                quotas.row(&[&who.id, &"2024-H2", &"new_arr", &PROMOTION.h2_quota])?;
                quotas.row(&[
                    &who.id,
                    &"2024-H2",
                    &"expansion_arr",
                    &PROMOTION.h2_exp_quota,
                ])?;
            }
            AeArr | Enterprise => {
                quotas.row(&[&who.id, &2024, &"new_arr", &who.quota])?;
                let b = deals::booked_in_year(&deals, who, &[DealKind::New]);
                writeln!(
                    log,
                    "{:<26} {:>7} {:>10} {:>10} {:>6}%",
                    who.id,
                    ti,
                    "new_arr",
                    who.quota,
                    b * 100 / who.quota
                )?;
                if who.plan == Enterprise {
                    quotas.row(&[&who.id, &2024, &"expansion_arr", &who.exp_quota])?;
                    let kinds = [DealKind::Upsell, DealKind::Renewal];
                    let b = deals::booked_in_year(&deals, who, &kinds);
                    writeln!(
                        log,
                        "{:<26} {:>7} {:>10} {:>10} {:>6}%",
                        "",
                        "",
                        "expansion",
                        who.exp_quota,
                        b * 100 / who.exp_quota
                    )?;
                }
            }
            Sdr => {
                meetings::write_quotas(&mut quotas, who)?;
                let q = ms.iter().filter(|m| m.sdr == who.id && m.qualified).count() as i64;
                let year = meetings::year_quota(who);
                writeln!(
                    log,
                    "{:<26} {:>7} {:>10} {:>10} {:>6}%",
                    who.id,
                    ti,
                    "meetings",
                    year,
                    q * 100 / year
                )?;
            }
        }
        let promoted = who.id == PROMOTION.id;
        roster.row(&[
            &who.id,
            &who.name,
            &who.plan.id(),
            &who.team,
            &who.manager,
            &who.start,
            if promoted {
                &PROMOTION.last_day
            } else {
                &who.end
            },
            &who.base,
            &ti,
        ])?;
        if promoted {
            let p = &PROMOTION;
            roster.row(&[
                &who.id,
                &who.name,
                &p.plan.id(),
                &p.team,
                &p.manager,
                &p.first_day,
                &who.end,
                &p.base,
                &p.ti,
            ])?;
        }
    }
    let customers = customer_success::write(
        out_dir,
        &mut accounts,
        &deals,
        &mut roster,
        &mut quotas,
        log,
    )?;
    roster.finish()?;
    quotas.finish()?;

    let first = deals.iter().map(|d| d.date).min().expect("deals");
    let last = deals.iter().map(|d| d.date).max().expect("deals");
    writeln!(
        log,
        "deals.csv: {deal_rows} rows ({} to {}), meetings.csv: {} rows, roster.csv: {} payees -> {}",
        calendar::date(first.into()),
        calendar::date(last.into()),
        ms.len(),
        PEOPLE.len(),
        out_dir.display()
    )?;
    year_2023::write(out_dir, &customers, log)
}
