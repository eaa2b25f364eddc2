//! Rate tables (rule 6): bands [from, to), graduated (each slice at its band's rate) or retroactive
//! (the whole amount at the rate of the band reached). Bounds here are in money.

use super::arith::{self, mul, sub, R};
use crate::plan::{Band, Mode};
use crate::report::BandUse;
use rust_decimal::Decimal;

/// The index of the band `amount` falls in; amounts below the first band use the first. A band
/// starts at its `from`, or just above it when the band before ends `through` it.
pub fn band_of(bands: &[Band], amount: Decimal) -> usize {
    (0..bands.len())
        .rposition(|i| {
            let b = &bands[i];
            let after_through = i > 0 && bands[i - 1].through;
            b.from < amount || (b.from == amount && !after_through)
        })
        .unwrap_or(0)
}

/// Graduated payout of `amount`: each slice at its own band's rate. A negative amount (refunds) is
/// paid at the first band's rate.
pub fn graduated(bands: &[Band], amount: Decimal) -> R {
    if amount <= Decimal::ZERO {
        return mul(amount, bands[0].rate);
    }
    let mut total = Decimal::ZERO;
    for b in bands {
        total = arith::add(total, mul(slice(b, amount)?, b.rate)?)?;
    }
    Ok(total)
}

fn slice(b: &Band, amount: Decimal) -> R {
    let top = match b.to {
        Some(to) => amount.min(to),
        None => amount,
    };
    Ok(sub(top, b.from)?.max(Decimal::ZERO))
}

/// Overage payout of `amount`: the first band's part at its rate, everything beyond the first band
/// at the rate of the band reached. A negative amount is paid at the first band's rate.
pub fn overage(bands: &[Band], amount: Decimal) -> R {
    let reached = band_of(bands, amount);
    match bands[0].to {
        Some(end) if reached > 0 && amount > end => arith::add(
            mul(end, bands[0].rate)?,
            mul(sub(amount, end)?, bands[reached].rate)?,
        ),
        _ => mul(amount, bands[0].rate),
    }
}

/// What `amount` pays in `mode` (see `pay` for what each band paid).
pub fn total(bands: &[Band], mode: Mode, amount: Decimal) -> R {
    match mode {
        Mode::Graduated => graduated(bands, amount),
        Mode::Retroactive => mul(amount, bands[band_of(bands, amount)].rate),
        Mode::Overage => overage(bands, amount),
    }
}

/// The payout of `amount` and what each band paid, for the statement.
pub fn pay(bands: &[Band], mode: Mode, amount: Decimal) -> R<(Decimal, Vec<BandUse>, usize)> {
    let reached = band_of(bands, amount);
    let uses: Vec<BandUse> = bands
        .iter()
        .enumerate()
        .map(|(i, b)| -> R<BandUse> {
            let part = match mode {
                Mode::Graduated if amount <= Decimal::ZERO => {
                    if i == 0 {
                        amount
                    } else {
                        Decimal::ZERO
                    }
                }
                Mode::Graduated => slice(b, amount)?,
                Mode::Retroactive if i == reached => amount,
                Mode::Retroactive => Decimal::ZERO,
                // the first band's part, and all beyond it in the band reached
                Mode::Overage => match (i, b.to) {
                    (0, Some(end)) if reached > 0 => end,
                    (0, _) => amount,
                    _ if i == reached => sub(amount, bands[0].to.unwrap_or_default())?,
                    _ => Decimal::ZERO,
                },
            };
            Ok(BandUse {
                from: b.from,
                to: b.to,
                rate: b.rate,
                amount: part,
                payout: mul(part, b.rate)?,
            })
        })
        .collect::<R<_>>()?;
    let total = arith::sum(uses.iter().map(|u| u.payout))?;
    Ok((total, uses, reached))
}

/// Scales band bounds given in percent of target into money.
pub fn in_money(bands: &[Band], target: Decimal) -> R<Vec<Band>> {
    let scale = |x: Decimal| arith::div(mul(x, target)?, Decimal::ONE_HUNDRED);
    bands
        .iter()
        .map(|b| {
            Ok(Band {
                from: scale(b.from)?,
                to: b.to.map(scale).transpose()?,
                rate: b.rate,
                through: b.through,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn w5() -> Vec<Band> {
        let pct = vec![
            Band {
                from: d("0"),
                to: Some(d("100")),
                rate: d("0.06"),
                through: false,
            },
            Band {
                from: d("100"),
                to: Some(d("150")),
                rate: d("0.08"),
                through: false,
            },
            Band {
                from: d("150"),
                to: None,
                rate: d("0.10"),
                through: false,
            },
        ];
        in_money(&pct, d("100000")).unwrap()
    }

    #[test]
    fn w5_graduated_and_retroactive() {
        let b = w5();
        assert_eq!(pay(&b, Mode::Graduated, d("110000")).unwrap().0, d("6800"));
        assert_eq!(
            pay(&b, Mode::Retroactive, d("110000")).unwrap().0,
            d("8800")
        );
        assert_eq!(graduated(&b, d("110000")).unwrap(), d("6800"));
    }

    #[test]
    fn lower_bound_is_in_the_band() {
        let b = w5();
        assert_eq!(band_of(&b, d("100000")), 1);
        assert_eq!(band_of(&b, d("99999.99")), 0);
        assert_eq!(
            pay(&b, Mode::Retroactive, d("150000")).unwrap().0,
            d("15000")
        );
    }

    #[test]
    fn refunds_net_at_the_first_rate() {
        let b = w5();
        assert_eq!(pay(&b, Mode::Graduated, d("-1000")).unwrap().0, d("-60"));
        assert_eq!(pay(&b, Mode::Retroactive, d("-1000")).unwrap().0, d("-60"));
    }
}
