//! 2023, the year before the move to ARR, for `comp whatif` (examples/acme/2023/): deals-2023.csv,
//! meetings-2023.csv, roster-2023.csv and quotas-2023.csv. Its own seed, drawn after the 2024
//! files, so they do not change with it. Simpler than 2024: won and lost deals and meetings on
//! days 1 to 28 of each month, no odd rows.

use super::deals::{deal_arr, ENTERPRISE, PME};
use super::{p, round_to, ti, Person, Plan, DEPARTED, PEOPLE, SEED};
use super::{AeArr, Enterprise, Sdr};
use crate::demo::calendar::{self, SEASON};
use crate::demo::draw::{AcmeSequence, Draw};
use crate::demo::export::{self, DealKind, DealRow, Stage, Table};
use crate::demo::names::Accounts;
use chrono::NaiveDate;
use std::io::{self, Write};
use std::path::Path;

/// hugo.renard sold for PME Sud until mid-December 2023 (his 2024 rows are the unknown payee).
const HUGO: Person = p(
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
fn season_month(rng: &mut impl Draw, from: u16) -> u16 {
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

/// A 2023 deal: (date, owner, customer, kind, won, cents).
type Deal2023 = (NaiveDate, &'static str, String, DealKind, bool, i64);

/// The month and day of a 2023 date of the roster (`YYYY-MM-DD`), if it is in 2023.
fn in_2023(date: &str) -> Option<(u16, i64)> {
    let month = date.strip_prefix("2023-")?[..2].parse().expect("a month");
    Some((month, date[8..10].parse().expect("a day")))
}

pub(super) fn write(
    out_dir: &Path,
    customers: &[super::customer_success::Customer],
    log: &mut dyn Write,
) -> io::Result<()> {
    let mut rng = AcmeSequence::from_state(SEED ^ 0x2023_0000_0000_0000);
    let mut accounts = Accounts::default();
    let mut deals: Vec<Deal2023> = Vec::new();
    let mut meetings: Vec<(NaiveDate, &str, bool)> = Vec::new();
    let mut roster = Table::create(&out_dir.join("roster-2023.csv"), &export::ROSTER)?;
    let mut quotas = Table::create(&out_dir.join("quotas-2023.csv"), &export::QUOTAS)?;
    let people = PEOPLE.iter().filter(|p| p.start < "2024");
    for who in people.chain([&HUGO]) {
        // the months employed in 2023
        let (hired, left) = (in_2023(who.start), in_2023(who.end));
        let from = hired.map_or(1, |h| h.0);
        let last = left.map_or(12, |l| l.0);
        let months = i64::from(last - from + 1);
        let attainment = (who.attainment + rng.range(-20, 20)).clamp(45, 180);
        let quota = match who.plan {
            AeArr | Enterprise => quota_2023(who.quota, 1_000),
            Sdr => quota_2023(who.quota, 1),
        };
        // a day from 1 to 28 of month `m`, while employed
        let day_in = |rng: &mut AcmeSequence, m: u16| -> NaiveDate {
            let lo = hired.filter(|_| m == from).map_or(1, |h| h.1.min(28));
            let hi = left.filter(|_| m == last).map_or(28, |l| l.1.min(28));
            calendar::ymd(2023, m, rng.range(lo, hi.max(lo)) as u16)
        };
        match who.plan {
            AeArr | Enterprise => {
                let seg = if who.plan == AeArr { &PME } else { &ENTERPRISE };
                // one deal of a new account, drawn in this order: month, amount, name, day
                let mut deal = |rng: &mut AcmeSequence, kind: DealKind, won: bool| -> i64 {
                    let m = season_month(rng, from).min(last);
                    let cents = deal_arr(rng, seg, kind);
                    let c = accounts.fresh(rng, who.team);
                    deals.push((day_in(rng, m), who.id, c, kind, won, cents));
                    cents
                };
                // won new ARR until quota x attainment x share of the year employed is reached
                let target = quota * 100 * attainment / 100 * months / 12;
                let mut booked = 0;
                let mut won_new = 0;
                while booked < target {
                    booked += deal(&mut rng, DealKind::New, true);
                    won_new += 1;
                }
                // upsells of their accounts, and as many lost opportunities as won ones
                let upsells = won_new * (100 - seg.new_pct as i64) / seg.new_pct as i64;
                for _ in 0..upsells {
                    deal(&mut rng, DealKind::Upsell, true);
                }
                for _ in 0..won_new {
                    deal(&mut rng, DealKind::New, false);
                }
                quotas.row(&[&who.id, &2023, &"new_arr", &quota])?;
                if who.plan == Enterprise {
                    let e = quota_2023(who.exp_quota, 1_000);
                    quotas.row(&[&who.id, &2023, &"expansion_arr", &e])?;
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
                quotas.row(&[&who.id, &2023, &"qualified_meetings", &quota])?;
            }
        }
        let end = if left.is_some() { who.end } else { "" };
        roster.row(&[
            &who.id,
            &who.name,
            &plan_2023(who.plan),
            &who.team,
            &who.manager,
            &who.start,
            &end,
            &who.base,
            &ti(who.plan, quota, who.sdr_ti),
        ])?;
    }
    super::customer_success_2023::write(out_dir, customers, &mut roster, &mut quotas, log)?;
    roster.finish()?;
    quotas.finish()?;

    deals.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
    let mut t = Table::create(&out_dir.join("deals-2023.csv"), &export::DEALS)?;
    for (i, (date, owner, customer, kind, won, cents)) in deals.iter().enumerate() {
        DealRow {
            reference: &format_args!("OPP-23-{:05}", i + 1),
            owner,
            customer,
            kind: *kind,
            stage: if *won { Stage::Won } else { Stage::Lost },
            date: *date,
            cents: *cents,
        }
        .write(&mut t)?;
    }
    t.finish()?;

    meetings.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut t = Table::create(&out_dir.join("meetings-2023.csv"), &export::MEETINGS)?;
    for (i, &(date, sdr, qualified)) in meetings.iter().enumerate() {
        export::meeting_row(
            &mut t,
            &format_args!("RDV-23-{:05}", i + 1),
            sdr,
            date,
            qualified,
        )?;
    }
    t.finish()?;
    writeln!(
        log,
        "2023: deals-2023.csv {} rows, meetings-2023.csv {} rows",
        deals.len(),
        meetings.len()
    )
}
