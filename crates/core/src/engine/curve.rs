//! Curves (rule 7): points (x, y), linear or stepped between them, flat or extended beyond the last,
//! the first point's y below the first x, and at a jump the later point holds.

use super::arith::{div, lerp, mul, R};
use crate::plan::{Beyond, Curve, Interpolation};
use crate::report::Segment;
use rust_decimal::Decimal;

/// The curve's y at x, and where on the curve x fell.
pub fn eval(curve: &Curve, x: Decimal) -> R<(Decimal, Segment)> {
    if let Some(t) = curve.threshold {
        if x < t {
            return Ok((Decimal::ZERO, Segment::BelowThreshold { threshold: t }));
        }
    }
    let pts = &curve.points;
    let first = pts[0];
    if x < first.0 {
        return Ok((first.1, Segment::BeforeFirstPoint { point: first }));
    }
    // the last point with px <= x: at a jump (two points at one x) that is the later one
    let i = pts.iter().rposition(|p| p.0 <= x).expect("x >= first x");
    let p = pts[i];
    if p.0 == x {
        return Ok((p.1, Segment::AtPoint { point: p }));
    }
    if i + 1 == pts.len() {
        let extended = curve.beyond == Beyond::Extend;
        let y = if extended {
            // continue at the last segment's slope; a last segment that is a jump has no slope
            let q = pts[i - 1];
            if p.0 == q.0 {
                p.1
            } else {
                lerp(x, q, p)?
            }
        } else {
            p.1
        };
        return Ok((y, Segment::BeyondLastPoint { point: p, extended }));
    }
    let q = pts[i + 1];
    let y = match curve.interpolation {
        Interpolation::Step => p.1,
        Interpolation::Linear => lerp(x, p, q)?,
    };
    Ok((y, Segment::Between { from: p, to: q }))
}

/// What the curve pays on `ti` (its y percent of it) at x = `num` / `den`, where `eval` gave `y` and
/// `segment` for that x. On a sloped segment the payout is worked out with one division at the end:
/// a quotient such as an attainment of 10 / 12 has no exact decimal, and rounding it before the
/// curve could tip a payout that lands exactly on half a cent to the wrong side (rule 8). Should
/// the single fraction leave the decimal range, the payout is y x ti / 100 as before.
pub fn pay_at_quotient(
    curve: &Curve,
    segment: &Segment,
    y: Decimal,
    (num, den): (Decimal, Decimal),
    ti: Decimal,
) -> R {
    let sloped = match *segment {
        Segment::Between { from, to } if curve.interpolation == Interpolation::Linear => {
            Some((from, to))
        }
        Segment::BeyondLastPoint {
            point,
            extended: true,
        } => {
            let n = curve.points.len();
            (n >= 2 && curve.points[n - 2].0 != point.0).then(|| (curve.points[n - 2], point))
        }
        _ => None,
    };
    let one_fraction = sloped.and_then(|((x0, a), (x1, b))| {
        // ti x (a + (num / den - x0) x (b - a) / (x1 - x0)) / 100, over one denominator
        let dx = x1.checked_sub(x0)?;
        let start = a.checked_mul(dx)?.checked_mul(den)?;
        let rise = num
            .checked_sub(x0.checked_mul(den)?)?
            .checked_mul(b.checked_sub(a)?)?;
        let numerator = ti.checked_mul(start.checked_add(rise)?)?;
        let denominator = den.checked_mul(dx)?.checked_mul(Decimal::ONE_HUNDRED)?;
        numerator.checked_div(denominator)
    });
    match one_fraction {
        Some(p) => Ok(p),
        None => div(mul(y, ti)?, Decimal::ONE_HUNDRED),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn w1() -> Curve {
        let pts = [
            ("80", "0"),
            ("80", "1"),
            ("85", "50"),
            ("90", "100"),
            ("95", "200"),
            ("100", "300"),
        ];
        Curve {
            points: pts.iter().map(|(x, y)| (d(x), d(y))).collect(),
            interpolation: Interpolation::Linear,
            beyond: Beyond::Flat,
            threshold: None,
        }
    }

    #[test]
    fn w1_grr_curve_points() {
        let c = w1();
        for (x, y) in [
            ("87", "70"),
            ("82", "20.6"),
            ("92.5", "150"),
            ("79.99", "0"),
            ("80", "1"),
            ("100", "300"),
            ("120", "300"),
        ] {
            assert_eq!(eval(&c, d(x)).unwrap().0, d(y), "x = {x}");
        }
    }

    #[test]
    fn a_jump_pays_the_later_point_at_its_x() {
        let c = w1();
        assert_eq!(
            eval(&c, d("80")).unwrap().1,
            Segment::AtPoint {
                point: (d("80"), d("1"))
            }
        );
    }

    #[test]
    fn steps_hold_the_left_point() {
        let mut c = w1();
        c.interpolation = Interpolation::Step;
        assert_eq!(eval(&c, d("89.9")).unwrap().0, d("50"));
    }

    #[test]
    fn extends_at_the_last_slope_and_honours_a_threshold() {
        let c = Curve {
            points: vec![(d("0"), d("0")), (d("100"), d("100"))],
            interpolation: Interpolation::Linear,
            beyond: Beyond::Extend,
            threshold: Some(d("50")),
        };
        assert_eq!(eval(&c, d("110")).unwrap().0, d("110"));
        assert_eq!(eval(&c, d("49.99")).unwrap().0, d("0"));
        assert_eq!(eval(&c, d("50")).unwrap().0, d("50"));
    }

    /// Regression: 10 of 12 meetings on a 0-100 linear curve with a TI of 656.25 is exactly
    /// 546.875, which rounds half away from zero to 546.88. Dividing 10 by 12 first gave
    /// 546.87499..., rounded to 546.87.
    #[test]
    fn a_repeating_attainment_pays_the_exact_fraction() {
        let c = Curve {
            points: vec![(d("0"), d("0")), (d("100"), d("100"))],
            interpolation: Interpolation::Linear,
            beyond: Beyond::Extend,
            threshold: None,
        };
        let (num, den, ti) = (d("1000"), d("12"), d("656.25"));
        let x = num / den;
        let (y, segment) = eval(&c, x).unwrap();
        let pay = pay_at_quotient(&c, &segment, y, (num, den), ti).unwrap();
        assert_eq!(pay, d("546.875"));
        // beyond the last point, extended: 13 of 12 = 108.33...% -> 710.9375
        let x = d("1300") / den;
        let (y, segment) = eval(&c, x).unwrap();
        let pay = pay_at_quotient(&c, &segment, y, (d("1300"), den), ti).unwrap();
        assert_eq!(pay, d("710.9375"));
        // a W1 segment: 87 = 870 / 10 exactly, 70% of 1,000
        let (y, segment) = eval(&w1(), d("87")).unwrap();
        let pay = pay_at_quotient(&w1(), &segment, y, (d("870"), d("10")), d("1000")).unwrap();
        assert_eq!(pay, d("700"));
    }
}
