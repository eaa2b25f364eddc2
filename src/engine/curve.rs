//! Curves (rule 7): points (x, y), linear or stepped between them, flat or extended beyond the last,
//! the first point's y below the first x, and at a jump the later point holds.

use super::arith::{lerp, R};
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
}
