//! A measure's (or a case's) `where` and `exclude`: equality on text fields, comparisons on decimal
//! and date fields (rule 21), checked against the source's mapping.

use super::raw::{RawCompare, RawConditions, RawMatch};
use super::{Bound, Condition, Filter, Scalar};
use crate::num::Lit;
use crate::source::{FieldType, Source};
use crate::toml_input::{closest, Checker};
use chrono::NaiveDate;
use toml::Spanned;

/// The field `name` of `src`, checked to be of one of the types `want`; `owner` ("measure `x`")
/// and `role` ("sums") word the error. None (after an error) when it is unknown or of another type;
/// None without an error when the source itself is unknown (that has its own error).
pub(super) fn field_of(
    ck: &mut Checker,
    src: Option<&Source>,
    owner: &str,
    name: &Spanned<String>,
    want: &[FieldType],
    role: &str,
) -> Option<FieldType> {
    let src = src?;
    match src.field(name.get_ref()) {
        None => {
            let names: Vec<&str> = src.fields.iter().map(|f| f.name.as_str()).collect();
            let hint = match closest(name.get_ref(), names.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("source `{}` maps: {}", src.name, names.join(", ")),
            };
            ck.error_hint(
                name.span(),
                format!(
                    "{owner} uses unknown column `{}` of source `{}`",
                    name.get_ref(),
                    src.name
                ),
                hint,
            );
            None
        }
        Some((_, f)) if !want.contains(&f.ty) => {
            ck.error_hint(
                name.span(),
                format!("{owner} {role} `{}`, a {} field", f.name, f.ty.name()),
                format!(
                    "give it a {} type in the source's types",
                    want.iter()
                        .map(|t| t.name())
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            );
            None
        }
        Some((_, f)) => Some(f.ty),
    }
}

/// The filters (equality on text fields) and conditions (comparisons) of one `where` (`keep`) or
/// `exclude` table.
pub(super) fn check_conditions(
    ck: &mut Checker,
    src: Option<&Source>,
    owner: &str,
    set: &RawConditions,
    keep: bool,
    filters: &mut Vec<Filter>,
    conditions: &mut Vec<Condition>,
) {
    for (name, test) in set {
        let values = match test.get_ref() {
            RawMatch::One(v) => vec![v.clone()],
            RawMatch::Many(v) => v.clone(),
            RawMatch::Compare(c) => {
                let ty = field_of(
                    ck,
                    src,
                    owner,
                    name,
                    &[FieldType::Decimal, FieldType::Date],
                    "compares",
                );
                if let Some(c) = check_compare(ck, name, test.span(), c, ty, keep) {
                    conditions.push(c);
                }
                continue;
            }
        };
        field_of(ck, src, owner, name, &[FieldType::Text], "filters on");
        // a value the field's mapping never gives would never match (rule 23)
        let map = src.and_then(|s| s.map_of(name.get_ref()));
        for v in &values {
            if let Some(map) = map.filter(|m| !m.gives(v)) {
                ck.error_hint(
                    test.span(),
                    format!(
                        "{owner} compares `{}` with `{v}`, a value values.{} never gives",
                        name.get_ref(),
                        name.get_ref()
                    ),
                    map.unreachable_hint(name.get_ref(), v),
                );
            }
        }
        filters.push(Filter {
            field: name.get_ref().clone(),
            values,
            keep,
        });
    }
}

/// One comparison: at most one lower bound (`above`, `at_least`, `from`) and one upper bound
/// (`below`, `at_most`, `to`, `through`), read as numbers or dates after the field's type (`ty`
/// None: the field had an error; the bounds are still read as numbers to report their own errors).
fn check_compare(
    ck: &mut Checker,
    name: &Spanned<String>,
    span: std::ops::Range<usize>,
    c: &RawCompare,
    ty: Option<FieldType>,
    keep: bool,
) -> Option<Condition> {
    let field = name.get_ref();
    let before = ck.diags.len();
    let lowers = [
        ("above", &c.above, false),
        ("at_least", &c.at_least, true),
        ("from", &c.from, true),
    ];
    let uppers = [
        ("below", &c.below, false),
        ("at_most", &c.at_most, true),
        ("to", &c.to, false),
        ("through", &c.through, true),
    ];
    let one = |ck: &mut Checker, side: &[(&str, &Option<Spanned<Lit>>, bool)], which: &str| {
        let given: Vec<_> = side.iter().filter(|(_, l, _)| l.is_some()).collect();
        if let [(a, _, _), (b, l, _), ..] = given.as_slice() {
            ck.error_hint(
                l.as_ref().map(|l| l.span()).unwrap_or(span.clone()),
                format!("the comparison on `{field}` has two {which} bounds: `{a}` and `{b}`"),
                "keep one: above and below exclude their bound, at_least and at_most include it; from/to is [from, to)",
            );
            return None;
        }
        let (_, lit, inclusive) = given.first()?;
        let lit = lit.as_ref()?;
        let value = scalar(ck, lit, ty)?;
        Some(Bound {
            value,
            inclusive: *inclusive,
        })
    };
    let lower = one(ck, &lowers, "lower");
    let upper = one(ck, &uppers, "upper");
    if lowers.iter().chain(&uppers).all(|(_, l, _)| l.is_none()) {
        // a misspelt bound was reported as an unknown key: saying "no bound" too repeats it
        if ck.reported_within(span.clone()) {
            return None;
        }
        ck.error_hint(
            span,
            format!("the comparison on `{field}` has no bound"),
            "write above, at_least, below or at_most, or a range from = .., to = ..",
        );
        return None;
    }
    if let (Some(l), Some(u)) = (lower, upper) {
        let empty = l.value > u.value || (l.value == u.value && !(l.inclusive && u.inclusive));
        if empty {
            ck.error_hint(
                span,
                format!("the comparison on `{field}` holds for no value"),
                "its lower bound must be below its upper bound",
            );
        }
    }
    if ck.diags.len() > before || ty.is_none() {
        return None;
    }
    Some(Condition {
        field: field.clone(),
        lower,
        upper,
        keep,
    })
}

/// A bound: a date for a date field, else a number (`"10%"` is 0.10).
fn scalar(ck: &mut Checker, lit: &Spanned<Lit>, ty: Option<FieldType>) -> Option<Scalar> {
    if ty == Some(FieldType::Date) {
        let text = ck.text(lit);
        return match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
            Ok(d) => Some(Scalar::Date(d)),
            Err(_) => {
                ck.error_hint(
                    lit.span(),
                    format!("`{text}` is not a date"),
                    "the field is a date: write the bound as \"2024-03-31\"",
                );
                None
            }
        };
    }
    ck.fraction(lit, "bound").map(Scalar::Number)
}
