//! The workspace file (`comp.toml`): currency, fiscal year, rounding, plans in force and data sources.

use crate::csv_style::CsvStyle;
use crate::diag::{tidy_path, Diagnostic, Invalid, Location, SourceText};
use crate::locale::Locale;
use crate::num::{self, Lit, Money, NumberFormat, Rounding};
use crate::period::FiscalStart;
use crate::plan::{self, Plan};
pub use crate::source::{
    CsvFormat, Encoding, Field, FieldType, Filter, Sheet, Source, SourceKind, Tenure, ValueMap,
};
use crate::toml_input::{self, Checker};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use toml::Spanned;

type S<T> = Spanned<T>;

/// `[targets]`: measure -> period -> target, each with its place in comp.toml.
type RawTargets = BTreeMap<S<String>, S<BTreeMap<S<String>, S<Lit>>>>;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawWorkspace {
    /// ISO 4217 code ("EUR"); sets the minor unit.
    #[schemars(with = "String")]
    currency: S<String>,
    /// MM-DD, the first day of a month ("01-01").
    #[schemars(with = "Option<String>")]
    fiscal_year_start: Option<S<String>>,
    /// YYYY-MM-DD, the first day of any one biweekly pay period ("2024-01-05"): every 14 days
    /// before and after it starts another. Needed when a plan has `frequency = "biweekly"`.
    #[schemars(with = "Option<String>")]
    biweekly_anchor: Option<S<String>>,
    /// "half-away-from-zero" (default) or "half-even".
    #[schemars(with = "Option<crate::plan::schema_words::Rounding>")]
    rounding: Option<S<String>>,
    /// Decimal places of the currency, when not the ISO default (0 to 6).
    #[schemars(with = "Option<Lit>")]
    minor_unit: Option<S<Lit>>,
    /// The plan files in force, relative to this file.
    #[schemars(with = "Vec<String>")]
    plans: Vec<S<String>>,
    /// The payout ledger comp close appends to (default "ledger.csv").
    #[schemars(with = "Option<String>")]
    ledger: Option<S<String>>,
    /// The language and number style of statements and explain: "en-US" (default), "en-GB" or
    /// "fr-FR" (`--locale` overrides it).
    #[schemars(with = "Option<crate::plan::schema_words::Locale>")]
    locale: Option<S<String>>,
    /// How comp writes CSV (`--format csv`, `--format payroll`); the command line overrides it.
    #[schemars(with = "Option<RawOutput>")]
    output: Option<S<RawOutput>>,
    /// The company's targets, by measure over the company and period: `new_arr = { "2024" =
    /// 500000 }`. Written here or as quota rows for payee `*`, not both for one measure and period.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, BTreeMap<String, Lit>>")]
    targets: RawTargets,
    /// Defaults of `comp amortize` (its flags override them).
    #[schemars(with = "Option<RawAmortize>")]
    amortize: Option<S<RawAmortize>>,
    /// CSV sources: roster, quotas, and record sources (deals, meetings...).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawSource>")]
    sources: BTreeMap<S<String>, S<RawSource>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawOutput {
    /// The field delimiter of the CSV comp writes: one character (default ","; "tab" for a tab).
    #[schemars(with = "Option<String>")]
    csv_delimiter: Option<S<String>>,
    /// Numbers in the CSV comp writes with "," as the decimal mark, as a French Excel reads them
    /// (default false); needs a csv_delimiter other than ",".
    #[schemars(with = "Option<bool>")]
    decimal_comma: Option<S<bool>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawAmortize {
    /// The field of each contract record holding its term in months (`--term`; default
    /// "term_months").
    #[schemars(with = "Option<String>")]
    term: Option<S<String>>,
    /// The field of each contract record holding its end date (`--end`); not with `term`.
    #[schemars(with = "Option<String>")]
    end: Option<S<String>>,
    /// Expense terms of 12 months or less at once (`--practical-expedient`; default false).
    #[schemars(with = "Option<bool>")]
    practical_expedient: Option<S<bool>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawSource {
    /// The data file, relative to comp.toml: CSV, or a spreadsheet (.xlsx, .xlsm, .xls, .ods).
    #[schemars(with = "String")]
    file: S<String>,
    /// A spreadsheet's sheet to read (default: its first sheet).
    #[schemars(with = "Option<String>")]
    sheet: Option<S<String>>,
    /// A spreadsheet's row of headers, counted from 1 (default 1); the data follows it.
    #[schemars(with = "Option<Lit>")]
    header_row: Option<S<Lit>>,
    /// Field separator (default ","; "tab" for a tab).
    #[schemars(with = "Option<String>")]
    delimiter: Option<S<String>>,
    /// "." (default) or ",".
    #[schemars(with = "Option<String>")]
    decimal_mark: Option<S<String>>,
    /// Thousands separator in numbers: " ", ".", "," or "'".
    #[schemars(with = "Option<String>")]
    thousands: Option<S<String>>,
    /// chrono strftime format of dates (default "%Y-%m-%d").
    #[schemars(with = "Option<String>")]
    date_format: Option<S<String>>,
    /// The file's character encoding: "utf-8" (default), "windows-1252", "latin-1" or "utf-16"
    /// (with a byte-order mark).
    #[schemars(with = "Option<String>")]
    encoding: Option<S<String>>,
    /// Field name -> CSV header.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    columns: BTreeMap<S<String>, S<String>>,
    /// Field name -> "text", "decimal" or "date" (extra fields of record sources).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, crate::plan::schema_words::FieldType>")]
    types: BTreeMap<S<String>, S<String>>,
    /// Keep only rows whose field is this value or one of these values.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, plan::raw::OneOrMany>")]
    include: plan::raw::RawFilters,
    /// Drop rows whose field is this value or one of these values.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, plan::raw::OneOrMany>")]
    exclude: plan::raw::RawFilters,
    /// Field name -> { raw value = value plans use }. A raw value the mapping does not name is an
    /// error at its cell, unless the mapping has the catch-all "*" = "<value>" (every other value,
    /// the empty cell included, becomes that value). "" names the empty cell.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, BTreeMap<String, String>>")]
    values: BTreeMap<S<String>, BTreeMap<String, String>>,
    /// Attribution by customer tenure (rule 12): who is credited a record of these kinds.
    #[schemars(with = "Option<RawTenure>")]
    tenure: Option<S<RawTenure>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawTenure {
    /// The text field whose values say which records are attributed (e.g. "kind").
    #[schemars(with = "String")]
    field: S<String>,
    values: plan::raw::OneOrMany,
    /// Inside the customer's first `months` months: its acquiring AE; afterwards: its CSM.
    #[schemars(with = "Lit")]
    months: S<Lit>,
}

#[derive(Debug, Clone)]
pub struct Workspace {
    pub path: PathBuf,
    /// The payout ledger `comp close` appends to (default: ledger.csv beside comp.toml).
    pub ledger: PathBuf,
    pub currency: String,
    pub money: Money,
    pub fiscal: FiscalStart,
    /// The language and number style of statements and explain.
    pub locale: Locale,
    /// The delimiter and decimal mark of the CSV comp writes (`[output]`).
    pub csv: CsvStyle,
    /// Defaults of `comp amortize` (`[amortize]`).
    pub amortize: AmortizeDefaults,
    pub plans: Vec<Plan>,
    pub sources: Vec<Source>,
    /// The company's targets written in comp.toml's `[targets]` (rule 19), in the order written.
    pub targets: Vec<CompanyTarget>,
}

/// One company target of `[targets]`: a measure over the company, a period, its target and where
/// it is written (the quota reader adds it to the company's quota rows).
#[derive(Debug, Clone)]
pub struct CompanyTarget {
    pub measure: String,
    pub period: crate::period::Period,
    pub target: rust_decimal::Decimal,
    pub loc: Location,
}

/// `[amortize]`: where each contract's term is read and whether the practical expedient applies,
/// unless `comp amortize`'s flags say otherwise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AmortizeDefaults {
    /// A field holding the term in months.
    pub term: Option<String>,
    /// A field holding the end date (never with `term`).
    pub end: Option<String>,
    pub practical_expedient: bool,
}

impl Workspace {
    pub fn source(&self, name: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.name == name)
    }

    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.id == id)
    }

    pub fn roster(&self) -> &Source {
        self.sources
            .iter()
            .find(|s| s.kind == SourceKind::Roster)
            .expect("a checked workspace has a roster")
    }

    pub fn quotas(&self) -> Option<&Source> {
        self.sources.iter().find(|s| s.kind == SourceKind::Quotas)
    }

    pub fn source_of(&self, kind: SourceKind) -> Option<&Source> {
        self.sources.iter().find(|s| s.kind == kind)
    }
}

/// Checks a workspace file and every plan it names, reporting all problems found. The plans'
/// texts come from `read_plan` (given each plan's path, relative to the workspace's folder made
/// whole): the core reads no file.
pub fn check(
    src: &SourceText,
    read_plan: &mut dyn FnMut(&Path) -> std::io::Result<String>,
) -> Result<Workspace, Invalid> {
    let path = src.path.clone();
    let (raw, dropped) = toml_input::parse_all::<RawWorkspace>(src);
    let Some(raw) = raw else {
        return Err(Invalid(dropped));
    };
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut ck = Checker::new(src);
    ck.diags = dropped;

    let currency = raw.currency.get_ref().trim().to_uppercase();
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_alphabetic()) {
        ck.error_hint(
            raw.currency.span(),
            format!(
                "currency `{}` is not an ISO 4217 code",
                raw.currency.get_ref()
            ),
            "write a three-letter code such as \"EUR\" or \"USD\"",
        );
    }
    let fiscal = match &raw.fiscal_year_start {
        None => FiscalStart::default(),
        Some(s) => FiscalStart::parse(s.get_ref()).unwrap_or_else(|| {
            ck.error_hint(
                s.span(),
                format!(
                    "fiscal_year_start `{}` is not a first day of a month",
                    s.get_ref()
                ),
                "write MM-DD with day 01, such as \"01-01\" or \"02-01\"",
            );
            FiscalStart::default()
        }),
    };
    let anchor = raw.biweekly_anchor.as_ref().and_then(|a| {
        let day = chrono::NaiveDate::parse_from_str(a.get_ref().trim(), "%Y-%m-%d").ok();
        if day.is_none() {
            ck.error_hint(
                a.span(),
                format!("biweekly_anchor `{}` is not a date", a.get_ref()),
                "write the first day of any one biweekly pay period as YYYY-MM-DD, such as \"2024-01-05\"",
            );
        }
        day
    });
    let fiscal = fiscal.with_biweekly_anchor(anchor);
    let locale = match &raw.locale {
        None => Locale::default(),
        Some(l) => match Locale::parse(l.get_ref()) {
            Some(locale) => locale,
            None => {
                ck.choice(l, "locale", crate::plan::words::LOCALE);
                Locale::default()
            }
        },
    };
    let rounding = match &raw.rounding {
        None => Rounding::HalfAwayFromZero,
        Some(r) => ck
            .choice(r, "rounding mode", crate::plan::words::ROUNDING)
            .unwrap_or(Rounding::HalfAwayFromZero),
    };
    let minor_unit = match &raw.minor_unit {
        None => num::minor_unit(&currency),
        Some(lit) => match ck.decimal(lit, "minor_unit") {
            Some(d) if d.is_integer() && d >= 0.into() && d <= 6.into() => {
                use rust_decimal::prelude::ToPrimitive;
                d.to_u32().unwrap_or(2)
            }
            Some(_) => {
                ck.error(lit.span(), "minor_unit must be a whole number from 0 to 6");
                2
            }
            None => 2,
        },
    };

    let csv = raw
        .output
        .as_ref()
        .map_or_else(CsvStyle::default, |o| check_output(&mut ck, o));
    let amortize = raw
        .amortize
        .as_ref()
        .map_or_else(AmortizeDefaults::default, |a| check_amortize(&mut ck, a));

    let mut sources = Vec::new();
    for (name, raw_source) in &raw.sources {
        sources.push(check_source(&mut ck, &dir, name, raw_source));
    }
    if !sources.iter().any(|s| s.kind == SourceKind::Roster) {
        ck.error_hint(
            0..0,
            "the workspace has no roster",
            "add a [sources.roster] table with the file that lists payees, plans and target incentives",
        );
    }

    let has_customers = sources.iter().any(|s| s.kind == SourceKind::Customers);
    for (name, raw_source) in &raw.sources {
        let kind = sources
            .iter()
            .find(|s| &s.name == name.get_ref())
            .map(|s| s.kind);
        if !has_customers && raw_source.get_ref().tenure.is_some() {
            ck.error_hint(
                raw_source
                    .get_ref()
                    .tenure
                    .as_ref()
                    .map_or(0..0, |t| t.span()),
                format!(
                    "source `{}` credits by tenure but the workspace has no customers source",
                    name.get_ref()
                ),
                "add a [sources.customers] table: tenure counts from each customer's start date",
            );
        }
        if !has_customers && kind.is_some_and(|k| k.is_customer_data()) {
            ck.error_hint(
                raw_source.span(),
                format!("source `{}` needs a customers source", name.get_ref()),
                "add a [sources.customers] table: MRR movements, surveys and onboardings name a customer of it",
            );
        }
    }

    let mut diags = std::mem::take(&mut ck.diags);
    let mut plans: Vec<Plan> = Vec::new();
    for p in &raw.plans {
        let plan_path = tidy_path(&dir.join(p.get_ref()));
        let text = match read_plan(&plan_path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(
                    Diagnostic::new(format!("cannot read {}: {e}", plan_path.display()))
                        .at(src.locate(p.span())),
                );
                continue;
            }
        };
        let plan_src = SourceText::new(&plan_path, text);
        match plan::check(&plan_src, &sources) {
            Ok(plan) => {
                if let Some(d) = biweekly_without_anchor(&plan, fiscal) {
                    diags.push(d.at(src.locate(p.span())));
                }
                if let Some(other) = plans.iter().find(|q| q.id == plan.id) {
                    diags.push(
                        Diagnostic::new(format!(
                            "plan id `{}` is used by two files: {} and {}",
                            plan.id,
                            other.file.display(),
                            plan.file.display()
                        ))
                        .at(src.locate(p.span())),
                    );
                }
                plans.push(plan)
            }
            Err(e) => diags.extend(e.0),
        }
    }
    let targets = company_targets(&mut ck, &raw.targets, &plans, fiscal);
    diags.append(&mut ck.diags);
    if !diags.is_empty() {
        return Err(Invalid(diags));
    }
    let ledger = tidy_path(
        &dir.join(
            raw.ledger
                .as_ref()
                .map_or("ledger.csv", |l| l.get_ref().as_str()),
        ),
    );
    Ok(Workspace {
        amortize,
        ledger,
        path,
        currency,
        money: Money {
            minor_unit,
            rounding,
        },
        fiscal,
        locale,
        csv,
        plans,
        sources,
        targets,
    })
}

/// Checks `[targets]`: each key a measure over the company of a plan in force, each period one
/// comp reads, each target positive, and no two periods of one measure overlapping (their targets
/// would add up, as two quota rows would).
fn company_targets(
    ck: &mut Checker,
    raw: &RawTargets,
    plans: &[Plan],
    fiscal: FiscalStart,
) -> Vec<CompanyTarget> {
    let over_company = |m: &str| {
        plans.iter().any(|p| {
            p.measure(m)
                .is_some_and(|i| p.measures[i].over == plan::Whose::Company)
        })
    };
    let mut out: Vec<CompanyTarget> = Vec::new();
    for (measure, periods) in raw {
        if !over_company(measure.get_ref()) {
            let ids: Vec<&str> = plans
                .iter()
                .flat_map(|p| p.measures.iter())
                .filter(|m| m.over == plan::Whose::Company)
                .map(|m| m.id.as_str())
                .collect();
            ck.error_hint(
                measure.span(),
                format!(
                    "[targets] names `{}`, which is not a measure over the company",
                    measure.get_ref()
                ),
                if ids.is_empty() {
                    "a company target is for a measure with over = \"company\"; no plan in force has one".to_string()
                } else {
                    format!("measures over the company: {}", ids.join(", "))
                },
            );
            continue;
        }
        for (text, lit) in periods.get_ref() {
            let Some(period) = crate::period::Period::parse(text.get_ref(), fiscal) else {
                ck.error_hint(
                    text.span(),
                    format!("`{}` is not a period", text.get_ref()),
                    crate::period::WRITTEN_AS,
                );
                continue;
            };
            let Some(target) = ck.decimal(lit, "target") else {
                continue;
            };
            if target <= rust_decimal::Decimal::ZERO {
                ck.error_hint(
                    lit.span(),
                    format!("a company target of {target} for `{}`", measure.get_ref()),
                    "attainment divides by the target: give a positive target, or remove it",
                );
                continue;
            }
            let overlapping = out
                .iter()
                .find(|t| t.measure == *measure.get_ref() && t.period.overlaps(&period));
            if let Some(first) = overlapping {
                ck.error_hint(
                    text.span(),
                    format!(
                        "a company target for `{}` over {period}, which overlaps the one over {}",
                        measure.get_ref(),
                        first.period
                    ),
                    "targets over the same days add up, so one would count twice: keep one (or write the sum in one)",
                );
                continue;
            }
            out.push(CompanyTarget {
                measure: measure.get_ref().clone(),
                period,
                target,
                loc: ck.src.locate(lit.span()),
            });
        }
    }
    out
}

/// The `[output]` table: a delimiter comp can write, and a decimal comma only beside another
/// delimiter than ",".
fn check_output(ck: &mut Checker, raw: &S<RawOutput>) -> CsvStyle {
    let o = raw.get_ref();
    let mut style = CsvStyle::default();
    if let Some(d) = &o.csv_delimiter {
        match crate::csv_style::parse_delimiter(d.get_ref()) {
            Ok(b) => style.delimiter = b,
            Err(_) => ck.error_hint(
                d.span(),
                format!("csv_delimiter `{}` cannot separate CSV fields", d.get_ref()),
                "write one character such as \";\" or \"|\", or \"tab\"",
            ),
        }
    }
    if let Some(c) = &o.decimal_comma {
        style.decimal_comma = *c.get_ref();
    }
    if style.clashes() {
        let span = o.decimal_comma.as_ref().map_or(raw.span(), |c| c.span());
        ck.error_hint(
            span,
            "decimal_comma needs a csv_delimiter other than \",\": 1,5 would read as two cells",
            "add csv_delimiter = \";\" to the [output] table",
        );
    }
    style
}

/// The `[amortize]` table: a term or an end field, not both.
fn check_amortize(ck: &mut Checker, raw: &S<RawAmortize>) -> AmortizeDefaults {
    let a = raw.get_ref();
    if let (Some(_), Some(end)) = (&a.term, &a.end) {
        ck.error_hint(
            end.span(),
            "[amortize] names both a term and an end field: a contract's term is read from one",
            "keep term (months) or end (a date), not both",
        );
    }
    AmortizeDefaults {
        term: a.term.as_ref().map(|t| t.get_ref().clone()),
        end: a.end.as_ref().map(|e| e.get_ref().clone()),
        practical_expedient: a.practical_expedient.as_ref().is_some_and(|p| *p.get_ref()),
    }
}

const ROSTER_FIELDS: &[(&str, FieldType, bool)] = &[
    ("payee", FieldType::Text, true),
    ("name", FieldType::Text, true),
    ("plan", FieldType::Text, true),
    ("team", FieldType::Text, false),
    ("manager", FieldType::Text, false),
    ("start", FieldType::Date, true),
    ("end", FieldType::Date, false),
    ("base", FieldType::Decimal, false),
    ("target_incentive", FieldType::Decimal, true),
    ("currency", FieldType::Text, false),
];

const QUOTA_FIELDS: &[(&str, FieldType, bool)] = &[
    ("payee", FieldType::Text, true),
    ("period", FieldType::Text, true),
    ("measure", FieldType::Text, true),
    ("target", FieldType::Decimal, true),
];

const CUSTOMER_FIELDS: &[(&str, FieldType, bool)] = &[
    ("id", FieldType::Text, true),
    ("name", FieldType::Text, false),
    ("ae", FieldType::Text, false),
    ("csm", FieldType::Text, true),
    ("start", FieldType::Date, true),
    ("currency", FieldType::Text, false),
];

const MRR_FIELDS: &[(&str, FieldType, bool)] = &[
    ("customer", FieldType::Text, true),
    ("date", FieldType::Date, true),
    ("kind", FieldType::Text, true),
    ("amount", FieldType::Decimal, true),
];

const SNAPSHOT_FIELDS: &[(&str, FieldType, bool)] = &[
    ("customer", FieldType::Text, true),
    ("date", FieldType::Date, true),
    ("mrr", FieldType::Decimal, true),
];

const SURVEY_FIELDS: &[(&str, FieldType, bool)] = &[
    ("customer", FieldType::Text, true),
    ("date", FieldType::Date, true),
    ("score", FieldType::Decimal, true),
    ("kind", FieldType::Text, false),
];

const ONBOARDING_FIELDS: &[(&str, FieldType, bool)] = &[
    ("customer", FieldType::Text, true),
    ("start", FieldType::Date, true),
    ("go_live", FieldType::Date, false),
];

const FX_FIELDS: &[(&str, FieldType, bool)] = &[
    ("date", FieldType::Date, true),
    ("currency", FieldType::Text, true),
    ("rate", FieldType::Decimal, true),
];

const RECORD_FIELDS: &[(&str, FieldType, bool)] = &[
    ("id", FieldType::Text, true),
    ("payee", FieldType::Text, true),
    ("date", FieldType::Date, true),
    ("amount", FieldType::Decimal, false),
];

fn one_char(
    ck: &mut Checker,
    v: &Option<S<String>>,
    what: &str,
    default: u8,
    allowed: &[u8],
) -> u8 {
    let Some(v) = v else { return default };
    let s = v.get_ref().as_str();
    let b = match s {
        "" => 0,
        "\\t" | "tab" => b'\t',
        _ if s.len() == 1 => s.as_bytes()[0],
        _ if s == "\u{a0}" || s == "\u{202f}" => b' ',
        _ => 255,
    };
    if b == 255 || (!allowed.is_empty() && !allowed.contains(&b)) {
        let list: Vec<String> = allowed
            .iter()
            .map(|c| {
                format!(
                    "\"{}\"",
                    if *c == 0 {
                        String::new()
                    } else {
                        (*c as char).to_string()
                    }
                )
            })
            .collect();
        ck.error_hint(
            v.span(),
            format!("{what} `{s}` is not allowed"),
            if allowed.is_empty() {
                "write a single character such as \";\" or \",\"".to_string()
            } else {
                format!("use one of {}", list.join(", "))
            },
        );
        return default;
    }
    b
}

/// One `[sources.<name>]` table: its format, fields, value maps, filters and tenure, each
/// checked in a step of its own.
fn check_source(ck: &mut Checker, dir: &Path, name: &S<String>, spanned: &S<RawSource>) -> Source {
    let raw = spanned.get_ref();
    let kind = source_kind(name.get_ref());
    let format = check_format(ck, raw);
    let here = ck.src.locate(name.span());
    let mut fields = fixed_fields(ck, name, spanned, kind, &here);
    extra_fields(ck, name, raw, kind, &mut fields);
    check_types(ck, raw, kind, &fields);
    check_shared_columns(ck, kind, &fields);
    let values = value_maps(ck, raw, &fields);
    let filters = check_filters(ck, raw, &fields, &values);
    let tenure = check_tenure(ck, raw, kind, &fields, &values);
    // a source with errors is still returned, so plans are checked against what it does map and its
    // name does not cascade into "unknown source" errors; the workspace fails on the errors above
    let file = tidy_path(&dir.join(raw.file.get_ref()));
    let sheet = check_sheet(ck, raw, &file);
    Source {
        name: name.get_ref().clone(),
        kind,
        file,
        sheet,
        format,
        fields,
        values,
        filters,
        tenure,
        loc: here,
        file_loc: ck.src.locate(raw.file.span()),
    }
}

/// A spreadsheet source's sheet and header row; `sheet` and `header_row` on a CSV file are errors.
fn check_sheet(ck: &mut Checker, raw: &RawSource, file: &Path) -> Option<Sheet> {
    let spreadsheet = crate::source::is_spreadsheet(file);
    if !spreadsheet {
        for span in [
            raw.sheet.as_ref().map(|s| s.span()),
            raw.header_row.as_ref().map(|h| h.span()),
        ]
        .into_iter()
        .flatten()
        {
            ck.error_hint(
                span,
                format!(
                    "`{}` is not a spreadsheet: `sheet` and `header_row` are for .xlsx, .xlsm, \
                     .xls and .ods files",
                    raw.file.get_ref()
                ),
                "remove the key, or name the spreadsheet file",
            );
        }
        return None;
    }
    let header_row = match &raw.header_row {
        None => 1,
        Some(lit) => match ck.decimal(lit, "header_row") {
            Some(d) if d.is_integer() && d >= 1.into() && d <= 1_048_576.into() => {
                use rust_decimal::prelude::ToPrimitive;
                d.to_u32().unwrap_or(1)
            }
            Some(_) => {
                ck.error(
                    lit.span(),
                    "header_row must be a row number from 1 to 1048576",
                );
                1
            }
            None => 1,
        },
    };
    Some(Sheet {
        name: raw.sheet.as_ref().map(|s| s.get_ref().clone()),
        header_row,
    })
}

/// What a source holds, by its name: the fixed ones, or records.
fn source_kind(name: &str) -> SourceKind {
    match name {
        "roster" => SourceKind::Roster,
        "quotas" => SourceKind::Quotas,
        "customers" => SourceKind::Customers,
        "mrr" => SourceKind::Mrr,
        "mrr_snapshots" => SourceKind::MrrSnapshots,
        "surveys" => SourceKind::Surveys,
        "onboarding" => SourceKind::Onboarding,
        "fx" => SourceKind::Fx,
        _ => SourceKind::Records,
    }
}

/// The fields every source of a kind has: (name, type, required).
fn field_table(kind: SourceKind) -> &'static [(&'static str, FieldType, bool)] {
    match kind {
        SourceKind::Roster => ROSTER_FIELDS,
        SourceKind::Quotas => QUOTA_FIELDS,
        SourceKind::Records => RECORD_FIELDS,
        SourceKind::Customers => CUSTOMER_FIELDS,
        SourceKind::Mrr => MRR_FIELDS,
        SourceKind::MrrSnapshots => SNAPSHOT_FIELDS,
        SourceKind::Surveys => SURVEY_FIELDS,
        SourceKind::Onboarding => ONBOARDING_FIELDS,
        SourceKind::Fx => FX_FIELDS,
    }
}

/// The delimiter, number format and date format.
fn check_format(ck: &mut Checker, raw: &RawSource) -> CsvFormat {
    let delimiter = one_char(ck, &raw.delimiter, "delimiter", b',', &[]);
    if delimiter == 0 || delimiter == b'"' {
        ck.error(
            raw.delimiter.as_ref().map(|d| d.span()).unwrap_or(0..0),
            "the delimiter cannot be empty or a quote",
        );
    }
    let decimal_mark = one_char(ck, &raw.decimal_mark, "decimal_mark", b'.', b".,");
    let thousands = one_char(
        ck,
        &raw.thousands,
        "thousands separator",
        0,
        &[0, b' ', b'.', b',', b'\''],
    );
    if thousands == decimal_mark {
        ck.error(
            raw.thousands.as_ref().map(|t| t.span()).unwrap_or(0..0),
            "the thousands separator cannot be the decimal mark",
        );
    }
    let date_format = raw
        .date_format
        .as_ref()
        .map(|d| d.get_ref().clone())
        .unwrap_or_else(|| "%Y-%m-%d".to_string());
    if let Some(df) = &raw.date_format {
        let probe = chrono::NaiveDate::from_ymd_opt(2024, 3, 9).expect("a date");
        let mut text = String::new();
        use std::fmt::Write;
        let ok = write!(text, "{}", probe.format(df.get_ref())).is_ok()
            && chrono::NaiveDate::parse_from_str(&text, df.get_ref()) == Ok(probe);
        if !ok {
            ck.error_hint(
                df.span(),
                format!("date_format `{}` cannot read a full date", df.get_ref()),
                "use chrono strftime codes covering day, month and year, such as \"%d/%m/%Y\"",
            );
        }
    }
    let encoding = raw
        .encoding
        .as_ref()
        .and_then(|e| ck.choice(e, "encoding", crate::source::Encoding::NAMES))
        .unwrap_or_default();
    CsvFormat {
        delimiter,
        number: NumberFormat {
            decimal_mark,
            thousands,
        },
        date_format,
        encoding,
    }
}

/// The fields of the source's kind, with the headers `columns` maps them to (a fixed source's
/// field not mapped reads the column named as the field; a record source maps its required ones).
fn fixed_fields(
    ck: &mut Checker,
    name: &S<String>,
    spanned: &S<RawSource>,
    kind: SourceKind,
    here: &Location,
) -> Vec<Field> {
    let raw = spanned.get_ref();
    let mut fields = Vec::new();
    for (fname, ty, required) in field_table(kind) {
        let mapped = raw.columns.iter().find(|(k, _)| k.get_ref() == fname);
        match (mapped, kind) {
            (Some((_, header)), _) => fields.push(Field {
                name: fname.to_string(),
                header: header.get_ref().clone(),
                ty: *ty,
                required: *required,
                mapped: true,
                loc: ck.src.locate(header.span()),
            }),
            // record sources name their own headers for the required fields
            (None, SourceKind::Records) if *required => ck.error_hint(
                spanned.span(),
                format!(
                    "source `{}` does not map the required field `{fname}`",
                    name.get_ref()
                ),
                format!("add {fname} = \"<CSV header>\" to its columns"),
            ),
            (None, SourceKind::Records) => {}
            (None, _) => fields.push(Field {
                name: fname.to_string(),
                header: fname.to_string(),
                ty: *ty,
                required: *required,
                mapped: false,
                loc: here.clone(),
            }),
        }
    }
    fields
}

/// The fields a record source maps beyond the fixed ones, typed by `types` (text by default); a
/// fixed source has no others.
fn extra_fields(
    ck: &mut Checker,
    name: &S<String>,
    raw: &RawSource,
    kind: SourceKind,
    fields: &mut Vec<Field>,
) {
    let table = field_table(kind);
    for (fname, header) in &raw.columns {
        if table.iter().any(|(n, _, _)| n == fname.get_ref()) {
            continue;
        }
        if kind != SourceKind::Records {
            let names: Vec<&str> = table.iter().map(|(n, _, _)| *n).collect();
            ck.error_hint(
                fname.span(),
                format!(
                    "`{}` is not a field of the {}",
                    fname.get_ref(),
                    name.get_ref()
                ),
                format!("its fields are: {}", names.join(", ")),
            );
            continue;
        }
        let ty = match raw
            .types
            .iter()
            .find(|(k, _)| k.get_ref() == fname.get_ref())
        {
            None => FieldType::Text,
            Some((_, t)) => ck
                .choice(t, "field type", crate::plan::words::FIELD_TYPE)
                .unwrap_or(FieldType::Text),
        };
        fields.push(Field {
            name: fname.get_ref().clone(),
            header: header.get_ref().clone(),
            ty,
            required: false,
            mapped: true,
            loc: ck.src.locate(header.span()),
        });
    }
}

/// `types` names only fields `columns` maps, and none whose type is fixed.
fn check_types(ck: &mut Checker, raw: &RawSource, kind: SourceKind, fields: &[Field]) {
    let table = field_table(kind);
    for fname in raw.types.keys() {
        let known = fields.iter().find(|f| &f.name == fname.get_ref());
        match known {
            None => ck.error_hint(
                fname.span(),
                format!(
                    "`types` names `{}`, which `columns` does not map",
                    fname.get_ref()
                ),
                "map the field to a CSV header in columns first",
            ),
            Some(f) if table.iter().any(|(n, _, _)| *n == f.name) => ck.error(
                fname.span(),
                format!(
                    "the type of `{}` is fixed ({}); it cannot be changed",
                    f.name,
                    f.ty.name()
                ),
            ),
            Some(_) => {}
        }
    }
}

/// Two fields of a record source reading one column are flagged: they may only if they mean
/// the same thing.
fn check_shared_columns(ck: &mut Checker, kind: SourceKind, fields: &[Field]) {
    let mut headers: HashMap<&str, &Field> = HashMap::new();
    for f in fields {
        if let Some(other) = headers.insert(f.header.as_str(), f) {
            if other.name != f.name && kind == SourceKind::Records {
                ck.diags.push(
                    Diagnostic::new(format!(
                        "fields `{}` and `{}` both read the column \"{}\"",
                        other.name, f.name, f.header
                    ))
                    .at(f.loc.clone()),
                );
            }
        }
    }
}

/// `values`: raw value -> value plans use, for text fields `columns` maps; `"*"` is the catch-all.
fn value_maps(ck: &mut Checker, raw: &RawSource, fields: &[Field]) -> HashMap<String, ValueMap> {
    let mut values = HashMap::new();
    for (fname, map) in &raw.values {
        match fields.iter().find(|f| &f.name == fname.get_ref()) {
            Some(f) if f.ty == FieldType::Text => {
                let mut entries: HashMap<String, String> = map.clone().into_iter().collect();
                let other = entries.remove(ValueMap::OTHER);
                values.insert(
                    f.name.clone(),
                    ValueMap {
                        values: entries,
                        other,
                        loc: ck.src.locate(fname.span()),
                    },
                );
            }
            Some(f) => ck.error(
                fname.span(),
                format!(
                    "values can only map text fields; `{}` is a {}",
                    f.name,
                    f.ty.name()
                ),
            ),
            None => ck.error_hint(
                fname.span(),
                format!(
                    "`values` maps `{}`, which `columns` does not map",
                    fname.get_ref()
                ),
                "map the field to a CSV header in columns first",
            ),
        }
    }
    values
}

/// A value a filter (or tenure) compares a mapped field with, which its mapping never gives: the
/// filter would never match (`include = { stage = ["wonn"] }` drops every row).
fn unreachable_values(
    ck: &mut Checker,
    span: std::ops::Range<usize>,
    what: &str,
    field: &str,
    wanted: &[String],
    maps: &HashMap<String, ValueMap>,
) {
    let Some(map) = maps.get(field) else { return };
    for v in wanted.iter().filter(|v| !map.gives(v)) {
        ck.error_hint(
            span.clone(),
            format!("{what} compares `{field}` with `{v}`, a value values.{field} never gives"),
            map.unreachable_hint(field, v),
        );
    }
}

/// `include` and `exclude`: rows kept or dropped by the values of text fields.
fn check_filters(
    ck: &mut Checker,
    raw: &RawSource,
    fields: &[Field],
    maps: &HashMap<String, ValueMap>,
) -> Vec<Filter> {
    let mut filters = Vec::new();
    for (raw_filters, keep) in [(&raw.include, true), (&raw.exclude, false)] {
        for (field, vals) in raw_filters {
            match fields.iter().find(|f| &f.name == field.get_ref()) {
                Some(f) if f.ty == FieldType::Text => {
                    let values = vals.get_ref().values();
                    let what = if keep { "include" } else { "exclude" };
                    unreachable_values(ck, vals.span(), what, &f.name, &values, maps);
                    filters.push(Filter {
                        field: f.name.clone(),
                        values,
                        keep,
                    })
                }
                Some(f) => ck.error(
                    field.span(),
                    format!("filters compare text; `{}` is a {}", f.name, f.ty.name()),
                ),
                None => ck.error_hint(
                    field.span(),
                    format!(
                        "the filter names `{}`, which `columns` does not map",
                        field.get_ref()
                    ),
                    "map the field to a CSV header in columns first",
                ),
            }
        }
    }
    filters
}

/// Crediting by tenure: a record source's customer and kind fields, and a whole number of months.
fn check_tenure(
    ck: &mut Checker,
    raw: &RawSource,
    kind: SourceKind,
    fields: &[Field],
    maps: &HashMap<String, ValueMap>,
) -> Option<Tenure> {
    let t = raw.tenure.as_ref()?;
    let t_raw = t.get_ref();
    if kind != SourceKind::Records {
        ck.error(t.span(), "only record sources are credited by tenure");
        return None;
    }
    for needed in ["customer", t_raw.field.get_ref().as_str()] {
        match fields.iter().find(|f| f.name == needed) {
            Some(f) if f.ty == FieldType::Text => {}
            _ => {
                ck.error_hint(
                    t.span(),
                    format!("crediting by tenure needs the text field `{needed}` in columns"),
                    "map the customer id column as `customer` and the field that says which records are attributed",
                );
                return None;
            }
        }
    }
    let months = ck.decimal(&t_raw.months, "tenure months").and_then(|m| {
        use rust_decimal::prelude::ToPrimitive;
        let n = m
            .to_u32()
            .filter(|n| m.is_integer() && (1..=120).contains(n));
        if n.is_none() {
            ck.error(
                t_raw.months.span(),
                "tenure months must be a whole number from 1 to 120",
            );
        }
        n
    })?;
    let values = t_raw.values.values();
    let field = t_raw.field.get_ref();
    unreachable_values(ck, t.span(), "tenure", field, &values, maps);
    Some(Tenure {
        field: t_raw.field.get_ref().clone(),
        values,
        months,
    })
}

/// A biweekly plan in a workspace that does not say when its pay periods start.
fn biweekly_without_anchor(plan: &Plan, fiscal: FiscalStart) -> Option<Diagnostic> {
    (plan.frequency == crate::period::Frequency::Biweekly && fiscal.biweekly_anchor.is_none()).then(|| {
        Diagnostic::new(format!(
            "plan `{}` pays biweekly, and comp.toml has no biweekly_anchor",
            plan.id
        ))
        .hint("add biweekly_anchor = \"YYYY-MM-DD\" to comp.toml: the first day of any one pay period (a period belongs to the year its last day is in)")
    })
}

impl Workspace {
    /// The same workspace with other versions of its plan files (for `comp check --against`): each
    /// text is checked against this workspace's sources, so both versions run on the same data.
    pub fn with_plan_texts(&self, texts: &[SourceText]) -> Result<Workspace, Invalid> {
        let mut diags = Vec::new();
        let mut plans = Vec::new();
        for src in texts {
            match plan::check(src, &self.sources) {
                Ok(p) => {
                    diags.extend(biweekly_without_anchor(&p, self.fiscal));
                    plans.push(p)
                }
                Err(e) => diags.extend(e.0),
            }
        }
        if !diags.is_empty() {
            return Err(Invalid(diags));
        }
        Ok(Workspace {
            plans,
            ..self.clone()
        })
    }
}

/// The JSON Schema of comp.toml, derived from the types that read it (see `comp schema`).
pub fn json_schema() -> schemars::Schema {
    schemars::schema_for!(RawWorkspace)
}
