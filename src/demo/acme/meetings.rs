//! The example company's SDR meetings of 2024, calibrated like the AEs' pipelines, and the SDRs'
//! quotas (monthly for the SDR who ramps up from March).

use super::{active, Person, PEOPLE};
use crate::demo::calendar::{self, month_first, month_last, workday_in, Day, SEASON};
use crate::demo::draw::{AcmeSequence, Draw};
use crate::demo::export::{self, Table};
use std::io;
use std::path::Path;

pub(super) struct Meeting {
    date: Day,
    pub(super) sdr: &'static str,
    pub(super) qualified: bool,
}

/// Ramp of the SDR who joins in March: month, share of a full month's activity, monthly quota.
const RAMP: [(u16, i64, i64); 3] = [(3, 25, 5), (4, 50, 9), (5, 75, 12)];
const RAMPING_SDR: &str = "ambre.chevalier";

/// Quota of qualified meetings for the year, as written in quotas.csv (the ramping SDR's monthly
/// quotas added up).
pub(super) fn year_quota(who: &Person) -> i64 {
    if who.id == RAMPING_SDR {
        RAMP.iter().map(|r| r.2).sum::<i64>() + who.quota / 12 * 7
    } else {
        who.quota
    }
}

/// An SDR's rows of quotas.csv: one annual quota, or for the ramping SDR a ramp from March to May
/// and then the full monthly quota.
pub(super) fn write_quotas(quotas: &mut Table, who: &Person) -> io::Result<()> {
    if who.id != RAMPING_SDR {
        return quotas.row(&[&who.id, &2024, &"qualified_meetings", &who.quota]);
    }
    let monthly = RAMP.iter().map(|&(m, _, target)| (m, target));
    for (m, target) in monthly.chain((6..=12).map(|m| (m, who.quota / 12))) {
        let period = format!("2024-{m:02}");
        quotas.row(&[&who.id, &period, &"qualified_meetings", &target])?;
    }
    Ok(())
}

/// The SDRs' meetings of 2024, by date then SDR.
pub(super) fn year(rng: &mut AcmeSequence) -> Vec<Meeting> {
    let mut ms: Vec<Meeting> = PEOPLE
        .iter()
        .filter(|p| p.plan == super::Sdr)
        .flat_map(|who| meetings(rng, who))
        .collect();
    ms.sort_by(|a, b| (a.date, a.sdr).cmp(&(b.date, b.sdr)));
    ms
}

/// One SDR's meetings for 2024, calibrated like the AEs' pipelines: drawn again until the year's
/// qualified meetings are within 3% of quota x chosen attainment. Months still vary a lot.
fn meetings(rng: &mut impl Draw, who: &Person) -> Vec<Meeting> {
    let (lo, hi) = active(who);
    let target = year_quota(who) * who.attainment / 100;
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

/// Writes meetings.csv, numbered in the file's order.
pub(super) fn write(path: &Path, ms: &[Meeting]) -> io::Result<()> {
    let mut t = Table::create(path, &export::MEETINGS)?;
    for (i, m) in ms.iter().enumerate() {
        let date = calendar::date(m.date.into());
        export::meeting_row(
            &mut t,
            &format_args!("RDV-24-{:05}", i + 1),
            m.sdr,
            date,
            m.qualified,
        )?;
    }
    t.finish().map(drop)
}
