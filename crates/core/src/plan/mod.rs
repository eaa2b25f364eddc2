//! Plan files: the raw TOML mirror and the validated model, and the check that goes from one to the other.

mod cases;
mod conditions;
pub mod lint;
mod model;
pub mod raw;
pub mod schema_words;
pub mod words;

pub use model::*;

use crate::diag::{Invalid, SourceText};
use crate::period::Frequency;
use crate::source::{FieldType, Source, SourceKind};
use crate::toml_input::{self, closest, Checker};
use raw::*;
use rust_decimal::Decimal;
use toml::Spanned;

/// Reads a plan file and checks it against the workspace's sources. Reports every problem found.
pub fn check(src: &SourceText, sources: &[Source]) -> Result<Plan, Invalid> {
    // unknown keys and misfit values are reported with the errors found in the rest of the plan
    let (raw, dropped) = toml_input::parse_all::<RawPlan>(src);
    let Some(raw) = raw else {
        return Err(Invalid(dropped));
    };
    // a dropped key may be a weight: "missing weight" errors would then only repeat its error
    let keys_dropped = !dropped.is_empty();
    let mut ck = Checker::new(src);
    ck.diags = dropped;

    let frequency = ck
        .choice(&raw.frequency, "frequency", words::FREQUENCY)
        .unwrap_or(Frequency::Month);
    let basis = match &raw.basis {
        None => PlanBasis::Period,
        Some(b) => ck
            .choice(b, "basis", words::PLAN_BASIS)
            .unwrap_or(PlanBasis::Period),
    };
    let negative = match &raw.negative {
        None => Negative::Pay,
        Some(n) => ck
            .choice(n, "negative policy", words::NEGATIVE)
            .unwrap_or(Negative::Pay),
    };
    let rounding = raw
        .rounding
        .as_ref()
        .and_then(|r| ck.choice(r, "rounding mode", words::ROUNDING));
    let draw = raw
        .draw
        .as_ref()
        .and_then(|d| check_draw(&mut ck, d.get_ref()));
    let clawback = raw
        .clawback
        .as_ref()
        .and_then(|c| check_clawback(&mut ck, c.get_ref(), sources));
    if raw.id.get_ref().trim().is_empty() {
        ck.error(raw.id.span(), "the plan id is empty");
    }
    let cap = raw.cap.as_ref().and_then(|c| check_cap(&mut ck, c));

    let mut measures = Vec::new();
    for (id, m) in &raw.measures {
        if let Some(measure) = check_measure(&mut ck, id, m, sources) {
            measures.push(measure);
        }
    }
    let measure_ids: Vec<String> = raw.measures.keys().map(|k| k.get_ref().clone()).collect();
    for (id, m) in &raw.measures {
        let Some(r) = &m.get_ref().ratio else {
            continue;
        };
        for part in [&r.get_ref().of, &r.get_ref().to] {
            match measures.iter().find(|x| x.id == *part.get_ref()) {
                Some(x) if x.ratio.is_some() => ck.error_hint(
                    part.span(),
                    format!(
                        "ratio `{}` divides `{}`, itself a ratio",
                        id.get_ref(),
                        part.get_ref()
                    ),
                    "divide measures that sum, count or are KPIs",
                ),
                Some(_) => {}
                None => {
                    measure_ref(&mut ck, part, &measure_ids, &measures);
                }
            }
        }
    }

    let mut components: Vec<Component> = Vec::new();
    for (i, c) in raw.components.iter().enumerate() {
        let c_ref = c.get_ref();
        let first = raw.components[..i]
            .iter()
            .find(|o| o.get_ref().id.get_ref() == c_ref.id.get_ref());
        if let Some(first) = first {
            let line = ck.src.locate(first.get_ref().id.span()).line;
            ck.error_hint(
                c_ref.id.span(),
                format!(
                    "component id `{}` is used twice in this plan",
                    c_ref.id.get_ref()
                ),
                format!("it is first used on line {line}; statements name components by id"),
            );
        } else if c_ref.id.get_ref() == "plan_cap" {
            ck.error_hint(
                c_ref.id.span(),
                "component id `plan_cap` is reserved",
                "statements use plan_cap for the plan cap's line: choose another id",
            );
        } else if crate::line_id::LineId::is_reserved(c_ref.id.get_ref()) {
            // the ledger names these lines so: a component so named would read back as one of them
            ck.error_hint(
                c_ref.id.span(),
                format!("component id `{}` is reserved", c_ref.id.get_ref()),
                "statements and the ledger use draw_topup, draw_recovery, carry_forward, \
                 carried_balance, clawback and adjustment:... for the lines comp adds: choose \
                 another id",
            );
        }
        if let Some(comp) = check_component(
            &mut ck,
            c,
            &measure_ids,
            &measures,
            sources,
            keys_dropped,
            frequency,
        ) {
            components.push(comp);
        }
    }
    if raw.components.is_empty() {
        ck.error_hint(
            raw.id.span(),
            format!("plan `{}` has no components", raw.id.get_ref()),
            "add a [[components]] table with a commission, rate_table or curve",
        );
    }
    if !keys_dropped {
        check_weights(&mut ck, &raw);
    }

    let plan = Plan {
        id: raw.id.get_ref().clone(),
        own_id: None,
        name: raw.name.clone().unwrap_or_else(|| raw.id.get_ref().clone()),
        file: src.path.clone(),
        frequency,
        cap,
        basis,
        negative,
        rounding,
        draw,
        clawback,
        measures,
        components,
    };
    ck.finish(plan)
}

fn check_draw(ck: &mut Checker, raw: &RawDraw) -> Option<Draw> {
    let share_of_ti = ck.text(&raw.amount).trim().ends_with('%');
    let amount = if share_of_ti {
        ck.fraction(&raw.amount, "draw share of TI")?
    } else {
        ck.decimal(&raw.amount, "draw amount")?
    };
    if amount <= Decimal::ZERO {
        ck.error(raw.amount.span(), "a draw amount must be above zero");
        return None;
    }
    let periods = whole(ck, &raw.periods, "draw periods", 1, 120)?;
    Some(Draw {
        amount,
        periods,
        recoverable: raw.recoverable,
        share_of_ti,
        prorate: raw.prorate,
    })
}

fn check_clawback(ck: &mut Checker, raw: &RawClawback, sources: &[Source]) -> Option<Clawback> {
    let window_days = whole(ck, &raw.window_days, "window_days", 1, 3660)?;
    let source = sources.iter().find(|s| s.name == *raw.source.get_ref());
    let Some(source) = source else {
        ck.error(
            raw.source.span(),
            format!("clawback reads unknown source `{}`", raw.source.get_ref()),
        );
        return None;
    };
    match source.field(raw.date.get_ref()) {
        Some((_, f)) if f.ty == FieldType::Date => {}
        Some((_, f)) => {
            ck.error_hint(
                raw.date.span(),
                format!(
                    "the cancellation field `{}` is a {} field",
                    f.name,
                    f.ty.name()
                ),
                format!("give it a date type: types = {{ {} = \"date\" }}", f.name),
            );
            return None;
        }
        None => {
            ck.error_hint(
                raw.date.span(),
                format!(
                    "source `{}` maps no field `{}`",
                    source.name,
                    raw.date.get_ref()
                ),
                "map the cancellation date column in comp.toml and give it a date type",
            );
            return None;
        }
    }
    Some(Clawback {
        source: source.name.clone(),
        field: raw.date.get_ref().clone(),
        window_days,
    })
}

/// A whole number in [min, max].
fn whole(
    ck: &mut Checker,
    lit: &Spanned<crate::num::Lit>,
    what: &str,
    min: u32,
    max: u32,
) -> Option<u32> {
    use rust_decimal::prelude::ToPrimitive;
    let v = ck.decimal(lit, what)?;
    match v
        .to_u32()
        .filter(|n| v.is_integer() && (min..=max).contains(n))
    {
        Some(n) => Some(n),
        None => {
            ck.error(
                lit.span(),
                format!("{what} must be a whole number from {min} to {max}"),
            );
            None
        }
    }
}

fn check_cap(ck: &mut Checker, lit: &Spanned<crate::num::Lit>) -> Option<Cap> {
    let text = ck.text(lit);
    let cap = if text.trim().ends_with('%') {
        ck.fraction(lit, "cap").map(Cap::ShareOfTi)
    } else {
        ck.decimal(lit, "cap").map(Cap::Amount)
    };
    if let Some(Cap::ShareOfTi(v) | Cap::Amount(v)) = cap {
        if v < Decimal::ZERO {
            ck.error(lit.span(), format!("cap `{text}` is negative"));
            return None;
        }
    }
    cap
}

fn check_measure(
    ck: &mut Checker,
    id: &Spanned<String>,
    m: &Spanned<RawMeasure>,
    sources: &[Source],
) -> Option<Measure> {
    let raw = m.get_ref();
    if let Some(kpi) = &raw.kpi {
        return check_kpi_measure(ck, id, m, kpi, sources);
    }
    if let Some(r) = &raw.ratio {
        let others = [
            ("source", raw.source.as_ref().map(|s| s.span())),
            ("sum", raw.sum.as_ref().map(|s| s.span())),
            ("count", raw.count.as_ref().map(|s| s.span())),
            ("over", raw.over.as_ref().map(|s| s.span())),
        ];
        for (key, span) in others {
            if let Some(span) = span {
                ck.error_hint(
                    span,
                    format!("ratio measure `{}` cannot have `{key}`", id.get_ref()),
                    "a ratio divides two other measures of the plan: ratio = { of = \"a\", to = \"b\" }",
                );
                return None;
            }
        }
        return Some(Measure {
            id: id.get_ref().clone(),
            source: String::new(),
            aggregate: Aggregate::Count,
            filters: Vec::new(),
            conditions: Vec::new(),
            date_field: "date".to_string(),
            unit: Unit::Ratio,
            over: Whose::Payee,
            kpi: None,
            ratio: Some((
                r.get_ref().of.get_ref().clone(),
                r.get_ref().to.get_ref().clone(),
            )),
            loc: ck.src.locate(id.span()),
        });
    }
    let Some(raw_source) = &raw.source else {
        ck.error_hint(
            m.span(),
            format!("measure `{}` names no source", id.get_ref()),
            "add source = \"<record source>\" to sum or count its records, or kpi = \"grr\" (nrr, mrr_churn, logo_churn, nps, csat, time_to_value) for a KPI from customer data",
        );
        return None;
    };
    let before = ck.diags.len();
    let source = sources
        .iter()
        .find(|s| s.name == *raw_source.get_ref() && s.kind == SourceKind::Records);
    if source.is_none() {
        let names: Vec<&str> = sources
            .iter()
            .filter(|s| s.kind == SourceKind::Records)
            .map(|s| s.name.as_str())
            .collect();
        let hint = match closest(raw_source.get_ref(), names.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if names.is_empty() => {
                "the workspace defines no record source: add a [sources.NAME] table to comp.toml"
                    .to_string()
            }
            None => format!("the workspace's record sources are: {}", names.join(", ")),
        };
        ck.error_hint(
            raw_source.span(),
            format!(
                "measure `{}` reads unknown source `{}`",
                id.get_ref(),
                raw_source.get_ref()
            ),
            hint,
        );
    }
    let owner = format!("measure `{}`", id.get_ref());
    let field = |ck: &mut Checker, name: &Spanned<String>, want: &[FieldType], role: &str| {
        conditions::field_of(ck, source, &owner, name, want, role);
    };
    let aggregate = match (&raw.sum, &raw.count) {
        (Some(s), None) => {
            field(ck, s, &[FieldType::Decimal], "sums");
            Aggregate::Sum(s.get_ref().clone())
        }
        (None, Some(c)) if c.get_ref() == "*" => Aggregate::Count,
        (None, Some(c)) => {
            field(
                ck,
                c,
                &[FieldType::Text, FieldType::Date, FieldType::Decimal],
                "counts",
            );
            Aggregate::CountDistinct(c.get_ref().clone())
        }
        (Some(_), Some(c)) => {
            ck.error_hint(
                c.span(),
                format!("measure `{}` has both `sum` and `count`", id.get_ref()),
                "a measure either sums a decimal field or counts records: keep one",
            );
            Aggregate::Count
        }
        (None, None) => {
            ck.error_hint(
                m.span(),
                format!("measure `{}` has neither `sum` nor `count`", id.get_ref()),
                "sum = \"amount\" adds a decimal field; count = \"*\" counts records; count = \"customer\" counts distinct values",
            );
            Aggregate::Count
        }
    };
    let date_field = match &raw.date {
        Some(d) => {
            field(ck, d, &[FieldType::Date], "dates records by");
            d.get_ref().clone()
        }
        None => "date".to_string(),
    };
    let mut filters = Vec::new();
    let mut conds = Vec::new();
    for (set, keep) in [(&raw.filter, true), (&raw.exclude, false)] {
        conditions::check_conditions(ck, source, &owner, set, keep, &mut filters, &mut conds);
    }
    let unit = match &raw.unit {
        None => Unit::Number,
        Some(u) => ck.choice(u, "unit", words::UNIT).unwrap_or(Unit::Number),
    };
    let over = match &raw.over {
        None => Whose::Payee,
        Some(o) => ck
            .choice(
                o,
                "`over` of a record measure",
                &[
                    ("payee", Whose::Payee),
                    ("team", Whose::Team),
                    ("reports", Whose::Reports),
                    ("company", Whose::Company),
                ],
            )
            .unwrap_or(Whose::Payee),
    };
    if let Some(st) = &raw.stat {
        ck.error_hint(
            st.span(),
            format!("measure `{}` is not a time to value", id.get_ref()),
            "`stat` chooses median or mean for kpi = \"time_to_value\"",
        );
    }
    if ck.diags.len() > before {
        return None;
    }
    Some(Measure {
        id: id.get_ref().clone(),
        source: raw_source.get_ref().clone(),
        aggregate,
        filters,
        conditions: conds,
        date_field,
        unit,
        over,
        kpi: None,
        ratio: None,
        loc: ck.src.locate(id.span()),
    })
}

/// A KPI measure (rule 16): computed from the customer-success sources, over a portfolio, a team or
/// the company; it takes none of a record measure's keys.
fn check_kpi_measure(
    ck: &mut Checker,
    id: &Spanned<String>,
    m: &Spanned<RawMeasure>,
    kpi: &Spanned<String>,
    sources: &[Source],
) -> Option<Measure> {
    let raw = m.get_ref();
    let before = ck.diags.len();
    let kind = ck.choice(
        kpi,
        "kpi",
        &[
            ("nrr", Kpi::Nrr),
            ("grr", Kpi::Grr),
            ("mrr_churn", Kpi::MrrChurn),
            ("logo_churn", Kpi::LogoChurn),
            ("nps", Kpi::Nps),
            ("csat", Kpi::Csat),
            ("time_to_value", Kpi::TimeToValue),
        ],
    );
    let record_keys = [
        ("source", raw.source.as_ref().map(|s| s.span())),
        ("sum", raw.sum.as_ref().map(|s| s.span())),
        ("count", raw.count.as_ref().map(|s| s.span())),
        ("date", raw.date.as_ref().map(|s| s.span())),
        ("unit", raw.unit.as_ref().map(|s| s.span())),
    ];
    for (key, span) in record_keys {
        if let Some(span) = span {
            ck.error_hint(
                span,
                format!("KPI measure `{}` cannot have `{key}`", id.get_ref()),
                "a KPI is computed from the customers, mrr, surveys and onboarding sources; remove the key",
            );
        }
    }
    if let Some((k, _)) = raw.filter.iter().chain(raw.exclude.iter()).next() {
        ck.error_hint(
            k.span(),
            format!("KPI measure `{}` cannot filter records", id.get_ref()),
            "a KPI covers the customers of a portfolio, a team or the company: choose with `over`",
        );
    }
    let over = match &raw.over {
        None => Whose::Payee,
        Some(o) => ck
            .choice(
                o,
                "`over` of a KPI",
                &[
                    ("portfolio", Whose::Payee),
                    ("team", Whose::Team),
                    ("company", Whose::Company),
                    ("reports", Whose::Reports),
                ],
            )
            .unwrap_or(Whose::Payee),
    };
    let stat = match (&raw.stat, kind) {
        (None, _) => Stat::Median,
        (Some(st), Some(Kpi::TimeToValue)) => ck
            .choice(
                st,
                "stat",
                &[("median", Stat::Median), ("mean", Stat::Mean)],
            )
            .unwrap_or(Stat::Median),
        (Some(st), _) => {
            ck.error_hint(
                st.span(),
                format!("measure `{}` is not a time to value", id.get_ref()),
                "`stat` chooses median or mean for kpi = \"time_to_value\"",
            );
            Stat::Median
        }
    };
    let needs = match kind {
        Some(Kpi::Nps | Kpi::Csat) => SourceKind::Surveys,
        Some(Kpi::TimeToValue) => SourceKind::Onboarding,
        _ => SourceKind::Mrr,
    };
    let found = sources.iter().find(|s| {
        s.kind == needs || (needs == SourceKind::Mrr && s.kind == SourceKind::MrrSnapshots)
    });
    let Some(source) = found else {
        let name = match needs {
            SourceKind::Surveys => "surveys",
            SourceKind::Onboarding => "onboarding",
            _ => "mrr",
        };
        ck.error_hint(
            kpi.span(),
            format!(
                "KPI measure `{}` needs a `{name}` source, which the workspace does not define",
                id.get_ref()
            ),
            format!("add a [sources.{name}] table (and a [sources.customers] one) to comp.toml"),
        );
        return None;
    };
    let kind = kind?;
    if ck.diags.len() > before {
        return None;
    }
    Some(Measure {
        id: id.get_ref().clone(),
        source: source.name.clone(),
        aggregate: Aggregate::Count,
        filters: Vec::new(),
        conditions: Vec::new(),
        date_field: "date".to_string(),
        unit: kind.unit(),
        over,
        kpi: Some(KpiSpec { kpi: kind, stat }),
        ratio: None,
        loc: ck.src.locate(id.span()),
    })
}

fn measure_ref(
    ck: &mut Checker,
    on: &Spanned<String>,
    ids: &[String],
    measures: &[Measure],
) -> Option<usize> {
    if let Some(i) = measures.iter().position(|m| m.id == *on.get_ref()) {
        return Some(i);
    }
    if !ids.contains(on.get_ref()) {
        let hint = match closest(on.get_ref(), ids.iter().map(String::as_str)) {
            Some(best) => format!("did you mean `{best}`?"),
            None if ids.is_empty() => "define it in a [measures.NAME] table".to_string(),
            None => format!("the plan's measures are: {}", ids.join(", ")),
        };
        ck.error_hint(
            on.span(),
            format!("unknown measure `{}`", on.get_ref()),
            hint,
        );
    }
    None
}

/// A commission's `rate`: a percentage, a fraction, an amount per unit, or "ti/target" (which
/// needs the component's weight).
fn check_rate(
    ck: &mut Checker,
    id: &str,
    rate: &Spanned<crate::num::Lit>,
    weight: Option<Decimal>,
    keys_dropped: bool,
) -> Option<Rate> {
    if ck.text(rate).trim() == "ti/target" {
        if weight.is_none() && !keys_dropped {
            ck.error_hint(
                rate.span(),
                format!("component `{id}` derives its rate from its TI but has no weight"),
                "give it a weight: its TI is weight x the payee's target incentive",
            );
        }
        Some(Rate::TiOverTarget)
    } else {
        ck.fraction(rate, "rate").map(Rate::Fixed)
    }
}

/// A `base_rate` (rule 25), on a rate table or a commission: only "ti/target", which like a rate
/// of "ti/target" needs the component's weight. Whether the rates are multiples of it.
fn check_base_rate(
    ck: &mut Checker,
    id: &str,
    base_rate: &Option<Spanned<String>>,
    weight: Option<Decimal>,
    keys_dropped: bool,
) -> bool {
    match base_rate {
        None => false,
        Some(b) if b.get_ref().trim() == "ti/target" => {
            if weight.is_none() && !keys_dropped {
                ck.error_hint(
                    b.span(),
                    format!("component `{id}` derives its base rate from its TI but has no weight"),
                    "give it a weight: its TI is weight x the payee's target incentive",
                );
            }
            true
        }
        Some(b) => {
            ck.error_hint(
                b.span(),
                format!("unknown base rate `{}`", b.get_ref()),
                "write base_rate = \"ti/target\": the fiscal year's component TI over the year's target",
            );
            false
        }
    }
}

/// A commission's rate with a base rate (rule 25): a multiple of it such as "1.5x", and a rate
/// written as a multiple only with a base rate.
fn check_commission_rate(
    ck: &mut Checker,
    id: &str,
    rate: &Spanned<crate::num::Lit>,
    weight: Option<Decimal>,
    keys_dropped: bool,
    relative: bool,
) -> Option<Rate> {
    let text = ck.text(rate);
    match (text.trim().strip_suffix('x'), relative) {
        (Some(m), true) => match crate::num::parse_plain(m) {
            Some(v) => Some(Rate::Multiple(v)),
            None => {
                ck.error_hint(
                    rate.span(),
                    format!("rate `{text}` is not a multiple"),
                    "write a multiple of the base rate such as \"1.5x\"",
                );
                None
            }
        },
        (Some(_), false) => {
            ck.error_hint(
                rate.span(),
                format!("rate `{text}` is a multiple of a base rate commission `{id}` does not have"),
                "add base_rate = \"ti/target\" to the commission: the payee's base rate is the year's component TI over the year's target",
            );
            None
        }
        (None, true) => {
            ck.error_hint(
                rate.span(),
                format!("rate `{text}` is not a multiple of the base rate"),
                "with base_rate, the rate is a multiple such as \"1x\" or \"1.5x\"",
            );
            None
        }
        (None, false) => check_rate(ck, id, rate, weight, keys_dropped),
    }
}

fn check_per(ck: &mut Checker, per: &Option<Spanned<String>>, default: Per) -> Per {
    match per {
        None => default,
        Some(p) => ck.choice(p, "`per`", words::PER).unwrap_or(default),
    }
}

fn check_component(
    ck: &mut Checker,
    c: &Spanned<RawComponent>,
    ids: &[String],
    measures: &[Measure],
    sources: &[Source],
    keys_dropped: bool,
    plan_frequency: Frequency,
) -> Option<Component> {
    let raw = c.get_ref();
    let before = ck.diags.len();
    let frequency = raw.frequency.as_ref().and_then(|f| {
        let v = ck.choice(f, "frequency", words::FREQUENCY)?;
        if plan_frequency == Frequency::Biweekly {
            ck.error_hint(
                f.span(),
                format!(
                    "component `{}` pays every {}, and the plan's biweekly periods do not make one",
                    raw.id.get_ref(),
                    v.name()
                ),
                "biweekly periods cross month ends: remove the component's frequency to pay it with the plan, or put it in a plan paid monthly or semi-monthly",
            );
            return None;
        }
        // a longer period made of whole plan periods (a year of quarters, a quarter of months, a
        // month of semi-months)
        let whole = match plan_frequency {
            Frequency::SemiMonth => !v.is_sub_month(),
            f => v.months() % f.months() == 0,
        };
        if v.months() <= plan_frequency.months() || !whole {
            ck.error_hint(
                f.span(),
                format!(
                    "component `{}` pays every {}, which is not longer than the plan's {} periods",
                    raw.id.get_ref(),
                    v.name(),
                    plan_frequency.name()
                ),
                "a component's own frequency is a longer period made of the plan's (an annual bonus in a quarterly plan); remove it to pay with the plan",
            );
            return None;
        }
        Some(v)
    });
    let weight = raw.weight.as_ref().and_then(|w| {
        let v = ck.fraction(w, "weight")?;
        if v <= Decimal::ZERO || v > Decimal::ONE {
            ck.error(
                w.span(),
                format!("weight `{}` must be above 0% and at most 100%", ck.text(w)),
            );
        }
        Some(v)
    });
    let cap = raw.cap.as_ref().and_then(|l| check_cap(ck, l));
    if let (Some(Cap::ShareOfTi(_)), None, Some(l), false) = (cap, weight, &raw.cap, keys_dropped) {
        ck.error_hint(
            l.span(),
            format!(
                "component `{}` caps at a share of its TI but has no weight",
                raw.id.get_ref()
            ),
            "give it a weight, or write the cap as an amount",
        );
    }
    let cap_per_record = raw.cap_per_record.as_ref().and_then(|l| {
        let v = ck.decimal(l, "cap_per_record")?;
        if v < Decimal::ZERO {
            ck.error(
                l.span(),
                format!("cap_per_record `{}` is negative", ck.text(l)),
            );
            return None;
        }
        Some(v)
    });

    let given: Vec<(&str, std::ops::Range<usize>)> = [
        raw.commission.as_ref().map(|r| ("commission", r.span())),
        raw.rate_table.as_ref().map(|r| ("rate_table", r.span())),
        raw.curve.as_ref().map(|r| ("curve", r.span())),
        raw.kicker.as_ref().map(|r| ("kicker", r.span())),
        raw.pool.as_ref().map(|r| ("pool", r.span())),
    ]
    .into_iter()
    .flatten()
    .collect();
    if given.len() > 1 {
        ck.error_hint(
            given[1].1.clone(),
            format!(
                "component `{}` has both `{}` and `{}`",
                raw.id.get_ref(),
                given[0].0,
                given[1].0
            ),
            "a component pays one way: keep one, or make two components",
        );
        return None;
    }
    if given.is_empty() {
        if keys_dropped {
            // `cuvre = {...}`: the unknown key is the error; "says nothing" would repeat it
            return None;
        }
        ck.error_hint(
            raw.id.span(),
            format!("component `{}` says nothing about how it pays", raw.id.get_ref()),
            "a commission pays a rate on a measure; a rate_table pays banded rates; a curve pays a share of TI; a kicker pays when a KPI passes a threshold; a pool shares an amount among a team",
        );
        return None;
    }
    let rule = if let Some(cm) = &raw.commission {
        let cm = cm.get_ref();
        let on = measure_ref(ck, &cm.on, ids, measures);
        let per = check_per(ck, &cm.per, Per::Record);
        let relative = check_base_rate(ck, raw.id.get_ref(), &cm.base_rate, weight, keys_dropped);
        let (rate, cases) = match (&cm.rate, &cm.cases) {
            (Some(rate), None) => (
                check_commission_rate(ck, raw.id.get_ref(), rate, weight, keys_dropped, relative),
                Vec::new(),
            ),
            (None, Some(cases)) => {
                let measure = on.map(|i| &measures[i]);
                let cases = cases::check_cases(ck, raw.id.get_ref(), cases, measure, sources);
                if per == Per::Period {
                    ck.error_hint(
                        cm.per.as_ref().map(|p| p.span()).unwrap_or(0..0),
                        format!(
                            "commission `{}` has cases but pays per period",
                            raw.id.get_ref()
                        ),
                        "cases are chosen record by record: remove per = \"period\"",
                    );
                }
                if let Some(b) = &cm.base_rate {
                    ck.error_hint(
                        b.span(),
                        format!(
                            "commission `{}` has a base rate and cases",
                            raw.id.get_ref()
                        ),
                        "each case pays its own rate: remove base_rate",
                    );
                }
                (Some(Rate::ByCase), cases.unwrap_or_default())
            }
            (Some(_), Some(cases)) => {
                ck.error_hint(
                    cases.span(),
                    format!(
                        "commission `{}` has both `rate` and `cases`",
                        raw.id.get_ref()
                    ),
                    "a last case without `where` is the default rate: move the rate there",
                );
                (None, Vec::new())
            }
            (None, None) => {
                ck.error_hint(
                    raw.commission.as_ref().map(|c| c.span()).unwrap_or(c.span()),
                    format!("commission `{}` has neither `rate` nor `cases`", raw.id.get_ref()),
                    "write rate = \"8%\", or cases = [{ where = { kind = \"new\" }, rate = \"8%\" }, { rate = \"4%\" }]",
                );
                (None, Vec::new())
            }
        };
        distinct_per_record(ck, per, on.map(|i| &measures[i]), &cm.on);
        Rule::Commission(Commission {
            on: on?,
            rate: rate?,
            per,
            cases,
        })
    } else if let Some(rt) = &raw.rate_table {
        let rt = rt.get_ref();
        let on = measure_ref(ck, &rt.on, ids, measures);
        let basis = ck.choice(&rt.basis, "basis", words::BASIS);
        let mode = ck.choice(&rt.mode, "mode", words::MODE);
        let per = check_per(ck, &rt.per, Per::Period);
        distinct_per_record(ck, per, on.map(|i| &measures[i]), &rt.on);
        let relative = check_base_rate(ck, raw.id.get_ref(), &rt.base_rate, weight, keys_dropped);
        let bands = check_bands(
            ck,
            rt,
            basis.unwrap_or(Basis::Amount),
            rt.base_rate.is_some(),
        );
        let position = match &rt.position {
            None => Some(Position::Running),
            Some(p) => {
                let position = ck.choice(p, "position", words::POSITION);
                if per == Per::Period {
                    ck.error_hint(
                        p.span(),
                        format!(
                            "rate table `{}` has a position but pays per period",
                            raw.id.get_ref()
                        ),
                        "a position places each record in the table: add per = \"record\"",
                    );
                }
                position
            }
        };
        Rule::RateTable(RateTable {
            on: on?,
            basis: basis?,
            mode: mode?,
            bands: bands?,
            per,
            position: position?,
            relative,
        })
    } else if let Some(k) = &raw.kicker {
        let k = k.get_ref();
        let bounds = [&k.at_least, &k.at_most, &k.above, &k.below];
        let test = check_test(ck, &k.on, bounds, ids, measures);
        let pays = match (&k.of, &k.rate, &k.amount) {
            (Some(of), Some(rate), None) => {
                let of = measure_ref(ck, of, ids, measures);
                let rate = ck.fraction(rate, "rate");
                match (of, rate) {
                    (Some(of), Some(rate)) => Some(KickerPays::Rate { of, rate }),
                    _ => None,
                }
            }
            (None, None, Some(a)) => ck.decimal(a, "kicker amount").map(KickerPays::Amount),
            _ => {
                ck.error_hint(
                    raw.kicker.as_ref().map(|k| k.span()).unwrap_or(0..0),
                    format!(
                        "kicker `{}` says neither a rate on a measure nor an amount",
                        raw.id.get_ref()
                    ),
                    "write of = \"<measure>\" with rate = \"5%\", or amount = 500",
                );
                None
            }
        };
        Rule::Kicker(Kicker {
            test: test?,
            pays: pays?,
        })
    } else if let Some(pool) = &raw.pool {
        Rule::Pool(check_pool(ck, pool, ids, measures)?)
    } else {
        let cv = raw.curve.as_ref().expect("one rule is given");
        let cv = cv.get_ref();
        let on = measure_ref(ck, &cv.on, ids, measures);
        let over = match &cv.over {
            None => Some(Over::Attainment),
            Some(o) => ck.choice(o, "`over`", words::OVER),
        };
        let curve = check_curve(ck, cv);
        if weight.is_none() && !keys_dropped {
            ck.error_hint(
                raw.id.span(),
                format!("curve component `{}` has no weight", raw.id.get_ref()),
                "a curve pays a share of the component's TI (weight x the payee's TI): add weight = \"100%\" or its share",
            );
        }
        if raw.cap_per_record.is_some() {
            ck.error(
                raw.cap_per_record.as_ref().map(|l| l.span()).unwrap_or(0..0),
                "cap_per_record applies to commissions and rate tables paid per record, not to curves",
            );
        }
        Rule::Curve(CurveRule {
            on: on?,
            over: over?,
            curve: curve?,
        })
    };
    let (floor, minimum, claws_back) = check_record_least(ck, raw, &rule);
    if let (Some(l), Per::Period) = (&raw.cap_per_record, rule.per()) {
        if !matches!(rule, Rule::Curve(_)) {
            ck.error_hint(
                l.span(),
                format!(
                    "component `{}` has a cap_per_record but pays per period",
                    raw.id.get_ref()
                ),
                "add per = \"record\" to the commission or rate table",
            );
        }
    }
    let gate = raw
        .gate
        .as_ref()
        .and_then(|g| check_gate(ck, g.get_ref(), ids, measures));
    let missing = match &raw.missing {
        None => Decimal::ZERO,
        Some(l) => {
            if !matches!(rule, Rule::Curve(_)) {
                ck.error_hint(
                    l.span(),
                    format!("component `{}` has `missing` but is not a curve", raw.id.get_ref()),
                    "`missing` is the % of TI a curve pays when its KPI has no value; a gate or kicker whose KPI has no value does not pay",
                );
            }
            ck.percent_points(l, "missing").unwrap_or_default()
        }
    };
    if ck.diags.len() > before {
        return None;
    }
    Some(Component {
        id: raw.id.get_ref().clone(),
        name: raw.name.clone(),
        weight,
        cap,
        cap_per_record,
        floor,
        minimum,
        claws_back,
        rule,
        frequency,
        gate,
        missing,
        loc: ck.src.locate(raw.id.span()),
    })
}

/// `floor`, `minimum` and `clawback` of a component: each record line pays at least the floor, each
/// credited record (a positive amount) at least the minimum; the clawback of a raised record takes
/// back the amount at the rate ("computed") or the minimum paid ("paid"). Per record only.
fn check_record_least(
    ck: &mut Checker,
    raw: &RawComponent,
    rule: &Rule,
) -> (Option<Decimal>, Option<Decimal>, ClawsBack) {
    let id = raw.id.get_ref();
    let per_record = rule.per() == Per::Record;
    let amount = |ck: &mut Checker, l: &Option<Spanned<crate::num::Lit>>, key: &str| {
        let l = l.as_ref()?;
        let v = ck.decimal(l, key)?;
        if !per_record {
            ck.error_hint(
                l.span(),
                format!("component `{id}` has a {key} but pays per period"),
                "a floor or minimum applies to each record line: add per = \"record\" to the commission or rate table",
            );
            return None;
        }
        Some(v)
    };
    let floor = amount(ck, &raw.floor, "floor");
    let minimum = amount(ck, &raw.minimum, "minimum");
    if let Some(m) = &raw.minimum {
        if minimum.is_some_and(|v| v <= Decimal::ZERO) {
            ck.error_hint(
                m.span(),
                format!("the minimum of component `{id}` is not above zero"),
                "a minimum is what each credited record pays at least; `floor = 0` stops lines going negative",
            );
        }
    }
    let claws_back = match &raw.clawback {
        None => ClawsBack::Computed,
        Some(c) => {
            let v = ck.choice(c, "clawback", words::CLAWS_BACK);
            if raw.minimum.is_none() {
                ck.error_hint(
                    c.span(),
                    format!("component `{id}` says what a clawback takes back but has no minimum"),
                    "only a minimum makes what was computed and what was paid differ; a clawback otherwise takes back what the record's line paid",
                );
            }
            v.unwrap_or(ClawsBack::Computed)
        }
    };
    (floor, minimum, claws_back)
}

/// A pool: an amount shared by the members of its measure's collective (a team or the company).
fn check_pool(
    ck: &mut Checker,
    pool: &Spanned<RawPool>,
    ids: &[String],
    measures: &[Measure],
) -> Option<Pool> {
    let raw = pool.get_ref();
    let on = measure_ref(ck, &raw.on, ids, measures);
    if let Some(m) = on.map(|i| &measures[i]) {
        if !matches!(m.over, Whose::Team | Whose::Company) {
            ck.error_hint(
                raw.on.span(),
                format!(
                    "pool on measure `{}`, which is not a team's or the company's",
                    m.id
                ),
                format!(
                    "the pool is shared by the members of its measure's collective: give `{}` over = \"team\" (or \"company\")",
                    m.id
                ),
            );
        }
    }
    let amount = ck.decimal(&raw.amount, "pool amount");
    if amount.is_some_and(|a| a < Decimal::ZERO) {
        ck.error(
            raw.amount.span(),
            format!("pool amount `{}` is negative", ck.text(&raw.amount)),
        );
    }
    let split = ck.choice(&raw.split, "`split`", words::SPLIT);
    Some(Pool {
        on: on?,
        amount: amount?,
        split: split?,
    })
}

/// A threshold on a measure: exactly one of `at_least`, `at_most`, `above` and `below` (in that
/// order in `bounds`), a percentage for ratio measures (`"85%"`) or a number.
fn check_test(
    ck: &mut Checker,
    on: &Spanned<String>,
    bounds: [&Option<Spanned<crate::num::Lit>>; 4],
    ids: &[String],
    measures: &[Measure],
) -> Option<Test> {
    let m = measure_ref(ck, on, ids, measures);
    // (at_most, strict) of each key
    let kinds = [(false, false), (true, false), (false, true), (true, true)];
    let given: Vec<_> = bounds
        .iter()
        .zip(kinds)
        .filter_map(|(b, k)| b.as_ref().map(|l| (l, k)))
        .collect();
    let [(lit, (at_most, strict))] = given.as_slice() else {
        ck.error_hint(
            on.span(),
            format!(
                "the threshold on `{}` needs exactly one of at_least, at_most, above and below",
                on.get_ref()
            ),
            "at_least = \"85%\" passes at 85% and up; above = \"120%\" passes over 120% only; at_most and below likewise for lower-is-better",
        );
        return None;
    };
    let bound = ck.fraction(lit, "threshold")?;
    Some(Test {
        on: m?,
        bound,
        at_most: *at_most,
        strict: *strict,
        of: TestOf::Value,
    })
}

/// A gate: a test on a measure's value, or with `attainment = { .. }` on its attainment over the
/// period or, with `over = "ytd"`, on the year to date against the year's target.
fn check_gate(ck: &mut Checker, g: &RawTest, ids: &[String], measures: &[Measure]) -> Option<Test> {
    let Some(a) = &g.attainment else {
        if let Some(o) = &g.over {
            ck.error_hint(
                o.span(),
                format!("the gate on `{}` has `over` but no `attainment`", g.on.get_ref()),
                "over = \"ytd\" tests the year-to-date attainment: write attainment = { at_least = \"100%\" }",
            );
            return None;
        }
        let bounds = [&g.at_least, &g.at_most, &g.above, &g.below];
        return check_test(ck, &g.on, bounds, ids, measures);
    };
    let on_value = [&g.at_least, &g.at_most, &g.above, &g.below];
    if let Some(l) = on_value.iter().find_map(|b| b.as_ref()) {
        ck.error_hint(
            l.span(),
            format!(
                "the gate on `{}` has a bound both on its value and in `attainment`",
                g.on.get_ref()
            ),
            "keep one: at_least on the value, or attainment = { at_least = \"100%\" }",
        );
        return None;
    }
    let of = match &g.over {
        None => Some(TestOf::Attainment),
        Some(o) => ck.choice(
            o,
            "`over` of a gate",
            &[
                ("period", TestOf::Attainment),
                ("ytd", TestOf::YtdAttainment),
            ],
        ),
    };
    let a = a.get_ref();
    let bounds = [&a.at_least, &a.at_most, &a.above, &a.below];
    let mut t = check_test(ck, &g.on, bounds, ids, measures)?;
    t.of = of?;
    Some(t)
}

/// Paying "per record" splits the measure into record lines; a distinct count has no such split.
fn distinct_per_record(
    ck: &mut Checker,
    per: Per,
    measure: Option<&Measure>,
    on: &Spanned<String>,
) {
    if let (Per::Record, Some(m)) = (per, measure) {
        if matches!(m.aggregate, Aggregate::CountDistinct(_)) {
            ck.error_hint(
                on.span(),
                format!(
                    "measure `{}` counts distinct values and cannot be paid per record",
                    m.id
                ),
                "add per = \"period\", or count records with count = \"*\"",
            );
        }
    }
}

fn check_bands(
    ck: &mut Checker,
    rt: &RawRateTable,
    basis: Basis,
    relative: bool,
) -> Option<Vec<Band>> {
    let before = ck.diags.len();
    let bound = |ck: &mut Checker, l: &Spanned<crate::num::Lit>, what: &str| match basis {
        Basis::Attainment => ck.percent_points(l, what),
        Basis::Amount => ck.decimal(l, what),
    };
    let mut bands = Vec::new();
    for (i, b) in rt.bands.iter().enumerate() {
        let raw = b.get_ref();
        let from = bound(ck, &raw.from, "band start");
        if let (Some(_), Some(t)) = (&raw.to, &raw.through) {
            ck.error_hint(
                t.span(),
                "a band has both `to` and `through`",
                "`to` ends the band before its value, `through` at it: keep one",
            );
        }
        let end = raw.to.as_ref().or(raw.through.as_ref());
        let to = end.and_then(|t| bound(ck, t, "band end"));
        let rate = band_rate(ck, &raw.rate, relative);
        let last = i + 1 == rt.bands.len();
        match (end, last) {
            (Some(t), true) => ck.error_hint(
                t.span(),
                "the last band must be open-ended",
                "remove its `to`: amounts beyond the last band are paid at its rate",
            ),
            (None, false) => ck.error_hint(
                b.span(),
                "only the last band may be open-ended",
                "give this band a `to`",
            ),
            _ => {}
        }
        if let (Some(f), Some(t)) = (from, to) {
            if t <= f {
                ck.error(
                    end.map(|t| t.span()).unwrap_or(0..0),
                    format!("band [{f}, {t}) is empty: `to` must be above `from`"),
                );
            }
        }
        if i == 0 {
            if let Some(f) = from {
                if !f.is_zero() {
                    ck.error_hint(
                        raw.from.span(),
                        format!("the first band starts at {f}, not 0"),
                        "start the first band at 0 (a band with rate 0% makes a threshold)",
                    );
                }
            }
        } else if let (Some(prev), Some(f)) = (bands.last().and_then(|p: &Band| p.to), from) {
            if f > prev {
                ck.error_hint(
                    raw.from.span(),
                    format!("gap between bands: the previous band ends at {prev}, this one starts at {f}"),
                    "make each band start where the previous one ends",
                );
            } else if f < prev {
                ck.error_hint(
                    raw.from.span(),
                    format!(
                        "bands overlap: the previous band ends at {prev}, this one starts at {f}"
                    ),
                    "make each band start where the previous one ends",
                );
            }
        }
        bands.push(Band {
            from: from.unwrap_or_default(),
            to,
            rate: rate.unwrap_or_default(),
            through: raw.to.is_none() && raw.through.is_some(),
        });
    }
    if rt.bands.is_empty() {
        ck.error(0..0, "a rate table needs at least one band");
    }
    (ck.diags.len() == before).then_some(bands)
}

/// A band's rate: a percentage or fraction, or with a base rate a multiple of it (`"1.5x"`, rule 25).
fn band_rate(ck: &mut Checker, lit: &Spanned<crate::num::Lit>, relative: bool) -> Option<Decimal> {
    let text = ck.text(lit);
    let multiple = text.trim().strip_suffix('x');
    match (multiple, relative) {
        (Some(m), true) => match crate::num::parse_plain(m) {
            Some(v) => Some(v),
            None => {
                ck.error_hint(
                    lit.span(),
                    format!("band rate `{text}` is not a multiple"),
                    "write a multiple of the base rate such as \"1.5x\"",
                );
                None
            }
        },
        (Some(_), false) => {
            ck.error_hint(
                lit.span(),
                format!("band rate `{text}` is a multiple of a base rate the table does not have"),
                "add base_rate = \"ti/target\" to the rate table: the payee's base rate is the year's component TI over the year's target",
            );
            None
        }
        (None, true) => {
            ck.error_hint(
                lit.span(),
                format!("band rate `{text}` is not a multiple of the base rate"),
                "with base_rate, every band's rate is a multiple such as \"1x\" or \"1.5x\"",
            );
            None
        }
        (None, false) => ck.fraction(lit, "band rate"),
    }
}

fn check_curve(ck: &mut Checker, cv: &RawCurve) -> Option<Curve> {
    let before = ck.diags.len();
    let mut points: Vec<(Decimal, Decimal)> = Vec::new();
    for p in cv.points.get_ref() {
        let pair = p.get_ref();
        if pair.len() != 2 {
            ck.error_hint(
                p.span(),
                format!("a curve point has two numbers, this one has {}", pair.len()),
                "write points as [x, y]: [100, 100] pays 100% of TI at 100%",
            );
            continue;
        }
        let (Some(x), Some(y)) = (
            ck.percent_points(&pair[0], "curve x"),
            ck.percent_points(&pair[1], "curve y"),
        ) else {
            continue;
        };
        if let Some(&(px, _)) = points.last() {
            if x < px {
                ck.error_hint(
                    pair[0].span(),
                    format!("curve points out of order: {x} comes after {px}"),
                    "list points by increasing x; a jump is two points with the same x",
                );
            }
            let same = points.iter().filter(|(qx, _)| *qx == x).count();
            if same >= 2 {
                ck.error_hint(
                    pair[0].span(),
                    format!("three curve points at x = {x}; a jump takes two"),
                    "keep the value just below the jump and the value reached at it",
                );
            }
        }
        points.push((x, y));
    }
    if cv.points.get_ref().is_empty() {
        ck.error(cv.points.span(), "a curve needs at least one point");
    }
    let interpolation = match &cv.interpolation {
        None => Some(Interpolation::Linear),
        Some(i) => ck.choice(i, "interpolation", words::INTERPOLATION),
    };
    let beyond = match &cv.beyond {
        None => Some(Beyond::Flat),
        Some(b) => ck.choice(b, "`beyond`", words::BEYOND),
    };
    if beyond == Some(Beyond::Extend) && points.len() < 2 {
        ck.error(
            cv.points.span(),
            "a curve that extends beyond its last point needs two points for a slope",
        );
    }
    let threshold = cv
        .threshold
        .as_ref()
        .and_then(|t| ck.percent_points(t, "threshold"));
    if ck.diags.len() > before {
        return None;
    }
    Some(Curve {
        points,
        interpolation: interpolation?,
        beyond: beyond?,
        threshold,
    })
}

fn check_weights(ck: &mut Checker, raw: &RawPlan) {
    let mut sum = Decimal::ZERO;
    let mut parts = Vec::new();
    let mut first_span = None;
    for c in &raw.components {
        let c = c.get_ref();
        if let Some(w) = &c.weight {
            // a weight that does not read, or is out of (0, 100%], has its own error already
            let Some(v) = crate::num::parse_fraction_or_percent(&ck.text(w))
                .filter(|v| *v > Decimal::ZERO && *v <= Decimal::ONE)
            else {
                return;
            };
            sum += v;
            parts.push(format!("{} {}", c.id.get_ref(), pct(v)));
            first_span.get_or_insert(w.span());
        }
    }
    if let Some(span) = first_span {
        if sum != Decimal::ONE {
            ck.error_hint(
                span,
                format!(
                    "the weights of plan `{}` sum to {}, not 100%",
                    raw.id.get_ref(),
                    pct(sum)
                ),
                parts.join(" + "),
            );
        }
    }
}

fn pct(fraction: Decimal) -> String {
    format!("{}%", (fraction * Decimal::ONE_HUNDRED).normalize())
}
