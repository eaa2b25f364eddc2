//! Checked decimal arithmetic. Input is bounded, but sums over millions of records and ratios over tiny
//! targets can still leave rust_decimal's range; that must be an error, never a panic.

use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

pub type R<T = Decimal> = Result<T, Overflow>;

pub fn add(a: Decimal, b: Decimal) -> R {
    a.checked_add(b).ok_or(Overflow)
}

pub fn sub(a: Decimal, b: Decimal) -> R {
    a.checked_sub(b).ok_or(Overflow)
}

pub fn mul(a: Decimal, b: Decimal) -> R {
    a.checked_mul(b).ok_or(Overflow)
}

pub fn div(a: Decimal, b: Decimal) -> R {
    a.checked_div(b).ok_or(Overflow)
}

pub fn sum(items: impl IntoIterator<Item = Decimal>) -> R {
    items.into_iter().try_fold(Decimal::ZERO, add)
}

/// a + (x - x0) * (b - a) / (x1 - x0): the linear interpolation used by curves.
pub fn lerp(x: Decimal, (x0, a): (Decimal, Decimal), (x1, b): (Decimal, Decimal)) -> R {
    add(a, div(mul(sub(x, x0)?, sub(b, a)?)?, sub(x1, x0)?)?)
}
