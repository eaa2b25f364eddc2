//! A commission's `cases`: rules tried in order on each record, the first that matches sets the
//! record's rate or amount; a last case without `where` is the default.

use super::conditions::check_conditions;
use super::raw::RawCase;
use super::{Aggregate, Case, CasePays, Measure};
use crate::source::{Source, SourceKind};
use crate::toml_input::Checker;
use toml::Spanned;

/// The cases of commission `id` on `measure` (None when the measure is unknown: it has its own
/// error). Fields are checked against the measure's source.
pub(super) fn check_cases(
    ck: &mut Checker,
    id: &str,
    raw: &Spanned<Vec<Spanned<RawCase>>>,
    measure: Option<&Measure>,
    sources: &[Source],
) -> Option<Vec<Case>> {
    let before = ck.diags.len();
    if raw.get_ref().is_empty() {
        ck.error_hint(
            raw.span(),
            format!("commission `{id}` has no cases"),
            "list the cases in order, the last without `where` as the default: cases = [{ where = { kind = \"new\" }, rate = \"8%\" }, { rate = \"4%\" }]",
        );
        return None;
    }
    if let Some(m) = measure {
        if m.kpi.is_some() || m.ratio.is_some() {
            ck.error_hint(
                raw.span(),
                format!(
                    "commission `{id}` has cases but measure `{}` reads no records",
                    m.id
                ),
                "cases choose a rate record by record: use them on a measure that sums or counts a record source",
            );
            return None;
        }
        if matches!(m.aggregate, Aggregate::CountDistinct(_)) {
            // reported by the per-record check of the commission
            return None;
        }
    }
    let source = measure.and_then(|m| {
        sources
            .iter()
            .find(|s| s.name == m.source && s.kind == SourceKind::Records)
    });
    let owner = format!("commission `{id}`");
    let n = raw.get_ref().len();
    let mut cases = Vec::new();
    for (i, c) in raw.get_ref().iter().enumerate() {
        let span = c.span();
        let c = c.get_ref();
        let mut filters = Vec::new();
        let mut conditions = Vec::new();
        if let Some(set) = &c.filter {
            if set.get_ref().is_empty() {
                ck.error_hint(
                    set.span(),
                    format!("case {} of commission `{id}` has an empty `where`", i + 1),
                    "leave `where` out to make the default case, or say which records it takes",
                );
            }
            check_conditions(
                ck,
                source,
                &owner,
                set.get_ref(),
                true,
                &mut filters,
                &mut conditions,
            );
        } else if i + 1 < n {
            ck.error_hint(
                span.clone(),
                format!(
                    "case {} of commission `{id}` has no `where` but is not the last",
                    i + 1
                ),
                "a case without `where` takes every record, so the cases after it would never pay: make it the last",
            );
        }
        let pays =
            match (&c.rate, &c.amount) {
                (Some(r), None) => ck.fraction(r, "rate").map(CasePays::Rate),
                (None, Some(a)) => ck.decimal(a, "amount").map(CasePays::Amount),
                (Some(_), Some(a)) => {
                    ck.error_hint(
                    a.span(),
                    format!("case {} of commission `{id}` has both `rate` and `amount`", i + 1),
                    "a case pays a rate on the record's amount or an amount per record: keep one",
                );
                    None
                }
                (None, None) => {
                    ck.error_hint(
                        span.clone(),
                        format!("case {} of commission `{id}` pays nothing", i + 1),
                        "give it a rate = \"6%\" or an amount = 50 per record",
                    );
                    None
                }
            };
        if let Some(pays) = pays {
            cases.push(Case {
                filters,
                conditions,
                pays,
            });
        }
    }
    (ck.diags.len() == before).then_some(cases)
}
