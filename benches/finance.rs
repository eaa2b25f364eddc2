//! Benchmarks of the finance view: amortization schedules of 1,000,000 contracts.
//!
//!     cargo bench --bench finance
//!
//! The contracts are made in memory (costs 100.00 to 10,099.99, terms of 12 to 47 months, starts
//! over 2023 and 2024, one in fifty clawed back), so the figure is the schedules and the book's
//! months, not reading or the engine.

use chrono::NaiveDate;
use comp::finance::{book, Contract, Month, Policy};
use comp::num::{Money, Rounding};
use rust_decimal::Decimal;

fn main() {
    divan::main();
}

fn contracts(n: u32) -> Vec<Contract> {
    (0..n)
        .map(|i| {
            let start = NaiveDate::from_ymd_opt(2023 + (i % 2) as i32, i % 12 + 1, 1).unwrap();
            Contract {
                id: format!("C{i}"),
                payee: format!("p{}", i % 1000),
                cost: Decimal::new(10_000 + i64::from(i % 1_000_000), 2),
                start,
                term_months: 12 + i % 36,
                clawback: (i % 50 == 0).then(|| start + chrono::Days::new(100)),
            }
        })
        .collect()
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn amortize_1_000_000_contracts(bencher: divan::Bencher) {
    let cs = contracts(1_000_000);
    let policy = Policy {
        money: Money {
            minor_unit: 2,
            rounding: Rounding::HalfAwayFromZero,
        },
        expedient: true,
    };
    let (from, to) = (
        Month {
            year: 2025,
            month: 1,
        },
        Month {
            year: 2025,
            month: 12,
        },
    );
    bencher.bench_local(|| book(&cs, policy, from, to, false).expect("amortises"));
}
