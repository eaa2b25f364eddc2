//! The example company's deals of 2024: each AE's calibrated pipeline, then the odd rows that
//! exercise one rule of the engine or one line of the reconciliation each.

use super::{active, Person, DEPARTED, PEOPLE};
use super::{AeArr, Enterprise, Sdr};
use crate::demo::calendar::{
    self, day, month_first, month_last, workday_in, Day, SEASON, YEAR_DAYS,
};
use crate::demo::draw::{AcmeSequence, Draw};
use crate::demo::export::{self, DealKind as Kind, DealRow, Stage, Table};
use crate::demo::names::Accounts;
use std::io;
use std::path::Path;

#[derive(Clone)]
pub(super) struct Deal {
    pub(super) date: Day,
    pub(super) owner: String,
    pub(super) customer: String,
    pub(super) kind: Kind,
    pub(super) stage: Stage,
    pub(super) cents: i64,
    /// Credit notes are numbered in their own series ("AV-24-0001").
    pub(super) credit_note: bool,
    /// Written twice to the export (the duplicated Réf).
    pub(super) duplicated: bool,
}

/// ARR of a subscription: `sites` establishments at a monthly price per site, times 12.
/// Drawn again until it falls in `[min, max]` euros.
fn arr(
    rng: &mut impl Draw,
    prices: &[i64],
    sites: (i64, i64),
    skew: usize,
    min: i64,
    max: i64,
) -> i64 {
    loop {
        let s = rng.skewed(sites.0, sites.1, skew);
        let cents = s * rng.pick(prices) * 12;
        if cents >= min * 100 && cents <= max * 100 {
            return cents;
        }
    }
}

/// Price lists (monthly price per site, cents), ARR ranges (euros) and sales motion by segment.
pub(super) struct Segment {
    opps_per_month: i64,
    /// Percent of the AE's own opportunities that are new business (the rest are upsells).
    /// Renewals are not drawn: each account signed before 2024 comes up once, on its anniversary.
    pub(super) new_pct: u64,
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

pub(super) const PME: Segment = Segment {
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

pub(super) const ENTERPRISE: Segment = Segment {
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

pub(super) fn deal_arr(rng: &mut impl Draw, seg: &Segment, kind: Kind) -> i64 {
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
fn pipeline(
    rng: &mut impl Draw,
    accounts: &mut Accounts,
    who: &Person,
    seg: &Segment,
) -> Vec<Deal> {
    let (lo, hi) = active(who);
    let days = (hi - lo + 1) as i64;
    let target = who.quota * 100 * who.attainment / 100 * days / YEAR_DAYS as i64; // cents
    let activity = who.quota * who.attainment / seg.typical_year; // percent of an average AE
    for _ in 0..500 {
        let saved = accounts.clone();
        let deals = draw_pipeline(rng, accounts, who, seg, activity);
        let booked: i64 = deals
            .iter()
            .filter(|d| d.kind == Kind::New && d.stage == Stage::Won)
            .map(|d| d.cents)
            .sum();
        if (booked - target).abs() * 100 <= target * 4 {
            return deals;
        }
        *accounts = saved;
    }
    panic!("could not calibrate the pipeline of {}", who.id)
}

fn draw_pipeline(
    rng: &mut impl Draw,
    accounts: &mut Accounts,
    who: &Person,
    seg: &Segment,
    activity: i64,
) -> Vec<Deal> {
    let (lo, hi) = active(who);
    // Accounts the AE already had on 1 January (signed before 2024): each comes up for renewal in
    // its anniversary month and buys more sites now and then. New customers won during the year
    // join the pool for upsells.
    let base: Vec<(String, u16)> = (0..seg.base_customers)
        .map(|_| (accounts.fresh(rng, who.team), rng.range(1, 12) as u16))
        .collect();
    let mut book: Vec<String> = base.iter().map(|b| b.0.clone()).collect();
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
                None if kind == Kind::New => accounts.fresh(rng, who.team),
                None => rng.pick(&book).clone(),
            };
            if kind == Kind::New && stage == Stage::Won {
                book.push(customer.clone());
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

fn won(owner: &str, kind: Kind, date: Day, customer: &str, cents: i64) -> Deal {
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
fn find(deals: &[Deal], owner: &str, kind: Kind, lo: Day, hi: Day, nth: usize) -> usize {
    find_where(deals, owner, kind, lo, hi, nth, |_| true)
}

/// The same, for a customer with no other row: a customer who cancels (refunded new business)
/// must not renew or buy more later in the year.
fn find_lone(deals: &[Deal], owner: &str, kind: Kind, lo: Day, hi: Day) -> usize {
    find_where(deals, owner, kind, lo, hi, 0, |d| {
        deals.iter().filter(|o| o.customer == d.customer).count() == 1
    })
}

fn find_where(
    deals: &[Deal],
    owner: &str,
    kind: Kind,
    lo: Day,
    hi: Day,
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
fn odd_rows(rng: &mut impl Draw, accounts: &mut Accounts, deals: &mut Vec<Deal>) {
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
        let c = accounts.fresh(rng, "PME Nord");
        deals.push(won(DEPARTED, kind, day(m, d), &c, cents));
    }

    // 3. Outside employment.
    //  a) nathan.roux starts on 2024-04-15, but an inbound lead was closed under his name on 9 April,
    //     during his onboarding week: excluded, not credited.
    let c = accounts.fresh(rng, "PME Sud");
    deals.push(won("nathan.roux", Kind::New, day(4, 9), &c, 538_920));
    //  b) antoine.leroy leaves on 2024-09-30. A deal closed on his last day counts (dates are
    //     inclusive); three deals closed in October and November still carry his name because the
    //     CRM was not reassigned in time: excluded as outside employment.
    let c = accounts.fresh(rng, "PME Nord");
    deals.push(won("antoine.leroy", Kind::New, day(9, 30), &c, 718_800));
    for (m, d, kind, cents) in [
        (10u16, 8u16, Kind::New, 455_240i64),
        (10, 24, Kind::Upsell, 215_640),
        (11, 14, Kind::Renewal, 862_560),
    ] {
        let c = accounts.fresh(rng, "PME Nord");
        deals.push(won("antoine.leroy", kind, day(m, d), &c, cents));
    }

    // 4. Period boundaries: maxime.lefebvre closes one deal on Sunday 31 March (Q1, last day) and one
    //    on Easter Monday 1 April (Q2, first day); sarah.garcia closes one on the leap day, 29 February.
    //    (Ordinary rows fall on working days only; these are dated by hand.)
    let c = accounts.fresh(rng, "PME Sud");
    deals.push(won("maxime.lefebvre", Kind::New, day(3, 31), &c, 1_258_740));
    let c = accounts.fresh(rng, "PME Sud");
    deals.push(won("maxime.lefebvre", Kind::New, day(4, 1), &c, 431_280));
    let c = accounts.fresh(rng, "PME Sud");
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
        let c = accounts.fresh(rng, "Grands Comptes");
        deals.push(won("sophie.laurent", Kind::Renewal, day(m, d), &c, cents));
    }
}

/// The deals of 2024, in the export's order: by close date, then owner, customer, kind, stage and
/// amount.
pub(super) fn year(rng: &mut AcmeSequence, accounts: &mut Accounts) -> Vec<Deal> {
    let mut deals = Vec::new();
    for who in PEOPLE {
        match who.plan {
            AeArr => deals.extend(pipeline(rng, accounts, who, &PME)),
            Enterprise => deals.extend(pipeline(rng, accounts, who, &ENTERPRISE)),
            Sdr => {}
        }
    }
    odd_rows(rng, accounts, &mut deals);
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
    deals
}

/// Writes deals.csv; references follow the file's order, credit notes in a series of their own.
/// Returns the rows written (the duplicated one twice).
pub(super) fn write(path: &Path, deals: &[Deal]) -> io::Result<usize> {
    let mut t = Table::create(path, &export::DEALS)?;
    let (mut opp_no, mut av_no) = (0, 0);
    for d in deals {
        let reference = if d.credit_note {
            av_no += 1;
            format!("AV-24-{av_no:04}")
        } else {
            opp_no += 1;
            format!("OPP-24-{opp_no:05}")
        };
        let row = DealRow {
            reference: &reference,
            owner: &d.owner,
            customer: &d.customer,
            kind: d.kind,
            stage: d.stage,
            date: calendar::date(d.date.into()),
            cents: d.cents,
        };
        for _ in 0..if d.duplicated { 2 } else { 1 } {
            row.write(&mut t)?;
        }
    }
    t.finish()
}

/// What `who` booked of `kinds` while employed, in euros a year (a duplicated row once: comp
/// excludes the repeat).
pub(super) fn booked_in_year(deals: &[Deal], who: &Person, kinds: &[Kind]) -> i64 {
    let (lo, hi) = active(who);
    let days = (hi - lo + 1) as i64;
    let booked = deals
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
        / 100;
    booked * YEAR_DAYS as i64 / days
}
