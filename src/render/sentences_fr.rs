//! `explain`'s sentences in French (`locale = "fr-FR"`), one for one with the English ones of
//! `sentences`: the same facts of the report, in the same order, with French numbers
//! (`12 500,00 €`, `89,53 %`) and dates (`31/03/2024`). Built from the report only.

use super::locale::{amount_in, date_in, money_in, number_in, percent_in, points_in};
use super::words::Words;
use crate::locale::Locale;
use crate::plan::{Interpolation, Mode, Per, Unit};
use crate::report::{CalcReport, ComponentLine, Explanation, LineKind, Reason, Segment, Statement};
use rust_decimal::Decimal;

const FR: Locale = Locale::FrFr;

fn money(d: Decimal) -> String {
    money_in(FR, d)
}

fn percent(d: Decimal) -> String {
    percent_in(FR, d)
}

fn points(d: Decimal) -> String {
    points_in(FR, d)
}

/// An amount with the currency, as paid: at the currency's minor unit.
fn paid(d: Decimal, r: &CalcReport) -> String {
    amount_in(FR, super::at_minor(d, r.minor_unit), &r.currency)
}

/// An amount with the currency, as the report holds it.
fn amount(d: Decimal, r: &CalcReport) -> String {
    amount_in(FR, d, &r.currency)
}

/// What fell in a band: an amount, or on a measure that counts, how many.
fn slice(d: Decimal, each: bool, minor_unit: u32) -> String {
    if each {
        number_in(FR, d.normalize())
    } else {
        at_minor(d, minor_unit)
    }
}

fn at_minor(d: Decimal, minor_unit: u32) -> String {
    money(super::at_minor(d, minor_unit))
}

pub const CLOSED: &str =
    "Cette période est clôturée\u{a0}: les montants sont ceux versés alors, d'après le registre.";

pub fn no_statement(r: &CalcReport) -> String {
    format!("Il n'y a pas de relevé pour {}.", r.period)
}

pub fn in_all(r: &CalcReport) -> String {
    let total = match r.payees.as_slice() {
        // one payee paid in another currency: their total in it (rule 26)
        [p] if p.currency.is_some() => {
            amount_in(FR, p.total, p.currency.as_deref().unwrap_or_default())
        }
        _ => amount(r.total, r),
    };
    format!("Sur {}, vous percevez {total} au total.", r.period)
}

pub fn heading(s: &Statement) -> String {
    format!(
        "{} ({}), plan {}, {} (du {} au {}).",
        s.name,
        s.payee,
        s.plan,
        s.period,
        date_in(FR, s.start),
        date_in(FR, s.end)
    )
}

pub fn intro(s: &Statement, r: &CalcReport) -> String {
    let mut intro = format!(
        "Votre variable cible pour la période est de {}",
        paid(s.target_incentive, r)
    );
    if s.active_days < s.period_days {
        intro.push_str(&format!(
            "\u{a0}: vous étiez dans l'entreprise {} de ses {} jours, il est donc proratisé, ainsi que \
             vos objectifs, à {}",
            s.active_days,
            s.period_days,
            percent(s.proration)
        ));
    }
    intro.push('.');
    intro
}

pub fn closing(s: &Statement, r: &CalcReport) -> Vec<String> {
    let mut said = vec![match &s.pay {
        Some(pay) => format!(
            "Au total, vous percevez {} pour {} ({} avant conversion).",
            amount_in(FR, pay.total, &pay.currency),
            s.period,
            amount(s.total, r)
        ),
        None => format!(
            "Au total, vous percevez {} pour {}.",
            amount(s.total, r),
            s.period
        ),
    }];
    if let Some(b) = s.draw_balance {
        said.push(format!(
            "Votre avance restant à récupérer est de {}.",
            amount(b, r)
        ));
    }
    if let Some(b) = s.carry_balance.filter(|b| !b.is_zero()) {
        said.push(format!(
            "Un solde négatif de {} est reporté sur les périodes suivantes.",
            amount(b, r)
        ));
    }
    said
}

/// How a line was paid, in French sentences: the same facts as the English `sentences::how`.
pub fn how(l: &ComponentLine, r: &CalcReport, w: &dyn Words) -> String {
    let mut out = String::new();
    let measure = l.measure.as_deref().unwrap_or("la mesure");
    let shown = |v: Decimal| match l.unit {
        Some(Unit::Ratio) => percent(v),
        _ => money(v),
    };
    match (l.value, l.target, l.attainment) {
        (Some(v), Some(t), Some(a)) => out.push_str(&format!(
            "vous avez réalisé {} de {measure} pour un objectif de {}\u{a0}: {}. ",
            shown(v),
            shown(t),
            percent(a)
        )),
        (Some(v), _, _) => out.push_str(&format!("vous avez réalisé {} de {measure}. ", shown(v))),
        _ => {}
    }
    match &l.explanation {
        Explanation::Rate {
            rate,
            per,
            derived_from,
            multiple,
            each,
        } => {
            match (per, each) {
                (Per::Record, false) => out.push_str(&format!(
                    "Le plan verse {} de chaque élément crédité, chacun arrondi au centime",
                    percent(*rate)
                )),
                (Per::Period, false) => {
                    out.push_str(&format!("Le plan verse {} du total", percent(*rate)))
                }
                (Per::Record, true) => out.push_str(&format!(
                    "Le plan verse {} par élément crédité",
                    money(super::per_unit(*rate, r.minor_unit))
                )),
                (Per::Period, true) => out.push_str(&format!(
                    "Le plan verse {} pour chacun",
                    money(super::per_unit(*rate, r.minor_unit))
                )),
            }
            if let (Some(k), Some((ti, target))) = (multiple, derived_from) {
                out.push_str(&format!(
                    " ({} fois votre taux de base, le variable cible annuel de cette composante, {}, \
                     divisé par son objectif annuel, {}, soit {})",
                    number_in(FR, *k),
                    money(*ti),
                    money(*target),
                    percent(*ti / *target)
                ));
            } else if let Some((ti, target)) = derived_from {
                out.push_str(&format!(
                    " (le taux est le variable cible annuel de cette composante, {}, divisé par \
                     son objectif annuel, {})",
                    money(*ti),
                    money(*target)
                ));
            }
            out.push_str(". ");
        }
        Explanation::Cases { cases, unmatched } => {
            out.push_str(&format!("{} ", w.cases_told(cases, unmatched)));
        }
        Explanation::Bands {
            bands,
            position: crate::plan::Position::Own,
            base,
            ..
        } => {
            if let Some((ti, target)) = base {
                out.push_str(&base_rate(*ti, *target));
            }
            let parts = band_parts(bands, super::counts(l), r);
            out.push_str(&format!(
                "Chaque ligne est placée seule dans le barème, selon son propre montant, et \
                 arrondie au centime\u{a0}: {}. ",
                if parts.is_empty() {
                    "rien n'est tombé dans aucune tranche".to_string()
                } else {
                    parts.join(", ")
                }
            ));
        }
        Explanation::Bands {
            mode,
            bands,
            reached,
            base,
            ..
        } => {
            if let Some((ti, target)) = base {
                out.push_str(&base_rate(*ti, *target));
            }
            match mode {
                Mode::Overage => {
                    let parts = band_parts(bands, super::counts(l), r);
                    if parts.is_empty() {
                        out.push_str("Rien n'est tombé dans aucune tranche. ");
                    } else {
                        out.push_str(&format!(
                        "La part de la première tranche est payée à son taux, tout le reste au \
                         taux de la tranche atteinte\u{a0}: {}. ",
                        parts.join(", puis ")
                    ));
                    }
                }
                Mode::Graduated => {
                    let parts = band_parts(bands, super::counts(l), r);
                    if parts.is_empty() {
                        out.push_str("Rien n'est tombé dans aucune tranche. ");
                    } else {
                        out.push_str(&format!(
                            "Chaque tranche est payée à son propre taux\u{a0}: {}. ",
                            parts.join(", puis ")
                        ));
                    }
                }
                Mode::Retroactive => {
                    let b = &bands[*reached];
                    let to =
                        b.to.map(|t| format!(" à {}", at_minor(t, r.minor_unit)))
                            .unwrap_or_else(|| " et au-delà".to_string());
                    out.push_str(&format!(
                    "Cela atteint la tranche de {}{to}, tout est donc payé à {}\u{a0}: {} x {} = {}. ",
                    at_minor(b.from, r.minor_unit),
                    rate_shown(b.rate, super::counts(l), r),
                    slice(b.amount, super::counts(l), r.minor_unit),
                    rate_shown(b.rate, super::counts(l), r),
                    at_minor(b.payout, r.minor_unit)
                ));
                }
            }
        }
        Explanation::Curve {
            y,
            segment,
            interpolation,
            ..
        } => {
            let ti = l
                .component_ti
                .map(|t| format!(" du variable cible de cette composante ({})", paid(t, r)))
                .unwrap_or_default();
            let over_count = l.unit == Some(Unit::Number) && l.target.is_none();
            let at = |x: Decimal| {
                if over_count {
                    number_in(FR, x)
                } else {
                    points(x)
                }
            };
            out.push_str(&match segment {
                Segment::BelowThreshold { threshold } => format!(
                    "Sous le seuil de {} le plan ne verse rien. ",
                    at(*threshold)
                ),
                Segment::BeforeFirstPoint { point } => format!(
                    "Sous {} le plan verse {}{ti}. ",
                    at(point.0),
                    points(point.1)
                ),
                Segment::AtPoint { point } => {
                    format!("À {} le plan verse {}{ti}. ", at(point.0), points(point.1))
                }
                Segment::Between { from, to } if *interpolation == Interpolation::Step => format!(
                    "De {} jusqu'à {} le plan verse {}{ti}, une marche de sa courbe. ",
                    at(from.0),
                    at(to.0),
                    points(*y)
                ),
                Segment::Between { from, to } => format!(
                    "Entre {} et {} le plan verse de {} à {}{ti}, proportionnellement\u{a0}: {}. ",
                    at(from.0),
                    at(to.0),
                    points(from.1),
                    points(to.1),
                    points(*y)
                ),
                Segment::BeyondLastPoint {
                    point,
                    extended: true,
                } => format!(
                    "Au-delà de {} le plan continue à la même pente\u{a0}: {}{ti}. ",
                    at(point.0),
                    points(*y)
                ),
                Segment::BeyondLastPoint {
                    point,
                    extended: false,
                } => format!(
                    "À partir de {} le plan verse {}{ti}. ",
                    at(point.0),
                    points(point.1)
                ),
            });
        }
        Explanation::NoValue { y } => out.push_str(&format!(
            "La mesure n'a pas de valeur sur la période (rien à diviser), le plan verse donc ce \
             qu'il prévoit dans ce cas\u{a0}: {} du variable cible de cette composante. ",
            points(*y)
        )),
        Explanation::Kicker {
            kpi,
            bound,
            at_most,
            strict,
            passed,
            rate,
            base,
            amount: fixed,
        } => {
            let test = match (*at_most, *strict) {
                (true, false) => "au plus",
                (false, false) => "au moins",
                (true, true) => "moins de",
                (false, true) => "plus de",
            };
            let pays = match (rate, base, fixed) {
                (Some(rt), Some(b), _) => format!("{} de {}", percent(*rt), amount(*b, r)),
                (_, _, Some(a)) => amount(*a, r),
                _ => String::new(),
            };
            let show = |v: Decimal| match l.unit {
                Some(Unit::Ratio) => percent(v),
                _ => number_in(FR, v),
            };
            let value = kpi.map_or_else(|| "sans valeur".to_string(), show);
            if *passed {
                out.push_str(&format!(
                    "Le bonus demande {test} {}\u{202f}; la valeur est {value}, il verse donc {pays}. ",
                    show(*bound)
                ));
            } else {
                out.push_str(&format!(
                    "Le bonus demande {test} {}\u{202f}; la valeur est {value}, il ne verse donc rien. ",
                    show(*bound)
                ));
            }
        }
        Explanation::Pool {
            amount: pool,
            split,
            weight,
            total,
            members,
            remainder,
        } => {
            match split {
                crate::plan::Split::Equal if weight.is_zero() => out.push_str(&format!(
                    "Le plan partage une cagnotte de {} à parts égales entre les membres en poste \
                     le dernier jour de la période\u{202f}; vous ne l'étiez pas, vous n'avez donc \
                     pas de part. ",
                    amount(*pool, r)
                )),
                crate::plan::Split::Equal => out.push_str(&format!(
                    "Le plan partage une cagnotte de {} à parts égales entre les membres en poste \
                     le dernier jour de la période\u{a0}: {members} membres. ",
                    amount(*pool, r)
                )),
                crate::plan::Split::Days => out.push_str(&format!(
                    "Le plan partage une cagnotte de {} entre ses membres au prorata des jours \
                     travaillés ({members} membres)\u{a0}: vous avez travaillé {} de leurs {} jours. ",
                    amount(*pool, r),
                    number_in(FR, *weight),
                    number_in(FR, *total)
                )),
            }
            if let Some(rest) = remainder {
                out.push_str(&format!(
                    "Dernier membre, vous prenez le reste de l'arrondi ({}), pour que les parts \
                     fassent la cagnotte. ",
                    amount(*rest, r)
                ));
            }
        }
        Explanation::PlanCap { total_before, cap } => out.push_str(&format!(
            "Les composantes ci-dessus font {}\u{202f}; le plan plafonne la période à {}. ",
            amount(*total_before, r),
            amount(*cap, r)
        )),
        Explanation::Ledger => {
            if let Some(reason) = &l.reason {
                out.push_str(&format!("{}. ", capitalised(&w.reason(reason))));
            }
        }
    }
    if let (Some(Reason::Gate(t)), false) =
        (&l.reason, matches!(l.explanation, Explanation::Ledger))
    {
        let test = w.test(t);
        if t.passed {
            out.push_str(&format!(
                "La condition sur {} est remplie\u{a0}: {test}. ",
                t.measure
            ));
        } else {
            out.push_str(&format!(
                "La condition sur {} n'est pas remplie\u{a0}: {test}, cette composante ne verse donc \
                 rien. ",
                t.measure
            ));
        }
    }
    if l.kind != LineKind::PlanCap && !l.cap_removed.is_zero() {
        out.push_str(&format!(
            "Cela ferait {}, au-dessus du plafond de cette composante de {}, donc {} ne sont pas \
             versés. ",
            amount(l.uncapped, r),
            l.cap.map(|c| amount(c, r)).unwrap_or_default(),
            amount(l.cap_removed, r)
        ));
    }
    if let Some(before) = l.paid_to_date {
        out.push_str(&format!(
            "Vous avez acquis {} depuis le début de l'année et en avez déjà perçu {}. ",
            amount(l.earned, r),
            amount(before, r)
        ));
    }
    out.push_str(&format!(
        "Cette composante verse {}.\n",
        amount(l.payout, r)
    ));
    out
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The base rate of a table in multiples of it: the component's annual TI over its annual target.
fn base_rate(ti: Decimal, target: Decimal) -> String {
    format!(
        "Ses taux sont des multiples de votre taux de base, le variable cible annuel de cette \
         composante {} sur son objectif annuel {} ({}). ",
        money(ti),
        money(target),
        percent(ti / target)
    )
}

/// A rate in French: a share, or on a measure that counts an amount for each one counted.
fn rate_shown(rate: Decimal, each: bool, r: &CalcReport) -> String {
    if each {
        money(super::per_unit(rate, r.minor_unit))
    } else {
        percent(rate)
    }
}

/// Each band a record or the period reached: its rate, the amount in it and what it paid.
fn band_parts(bands: &[crate::report::BandUse], each: bool, r: &CalcReport) -> Vec<String> {
    bands
        .iter()
        .filter(|b| !b.amount.is_zero())
        .map(|b| {
            format!(
                "{} sur {} ({})",
                rate_shown(b.rate, each, r),
                slice(b.amount, each, r.minor_unit),
                at_minor(b.payout, r.minor_unit)
            )
        })
        .collect()
}
