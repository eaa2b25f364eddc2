//! The French catalogue (`locale = "fr-FR"`): the same phrases as English (`words::English`), in
//! French, with French numbers (`12 500,00`, `89,53 %`) and dates (`31/03/2024`). Identifiers from
//! the plan files (component, measure and plan ids, band bounds as written) stay as they are.

use super::locale::{amount_in, date_in, money_in, number_in, percent_in};
use super::plain;
use super::words::{Label, Words};
use crate::curve_view::{Axis, Base, Mark, ViewNote};
use crate::data::MovementKind;
use crate::diff::DiffNote;
use crate::finance::NotCapitalised;
use crate::locale::Locale;
use crate::period::{Frequency, Period};
use crate::plan::{Beyond, Kpi, Mode, Stat, Unit};
use crate::report::{
    BandBounds, CaseUse, ClawedBack, Excluded, KpiBasis, LineId, LineKind, NoValue, Note, Original,
    Pay, Raised, RaisedBy, Reason, RecordBand, RecordCase, RowNote, SurveyAnswer, Tested,
};
use crate::whatif::projection::WhatifNote;
use crate::whatif::season::Season;
use crate::whatif::solve::Solved;
use rust_decimal::Decimal;

const FR: Locale = Locale::FrFr;

fn money(d: Decimal) -> String {
    money_in(FR, d)
}

fn number(d: Decimal) -> String {
    number_in(FR, d)
}

fn percent(d: Decimal) -> String {
    percent_in(FR, d)
}

pub struct French;

impl Words for French {
    fn locale(&self) -> Locale {
        FR
    }

    fn test(&self, t: &Tested) -> String {
        let show = |v: Decimal| match t.unit {
            Unit::Ratio => percent(v),
            Unit::Number => number(v),
        };
        let Some(value) = t.value else {
            return format!("{} n'a pas de valeur", t.measure);
        };
        let op = match (t.passed, t.at_most) {
            (true, true) => "≤",
            (true, false) => "≥",
            (false, true) => ">",
            (false, false) => "<",
        };
        format!("{} {} {op} {}", t.measure, show(value), show(t.bound))
    }

    fn label(&self, label: Label) -> &'static str {
        match label {
            Label::Statement => "Relevé de rémunération variable",
            Label::Statements => "Relevés de rémunération variable",
            Label::Payee => "Bénéficiaire",
            Label::Plan => "Plan",
            Label::Period => "Période",
            Label::TargetIncentive => "Variable cible",
            Label::Component => "Composante",
            Label::Measure => "Mesure",
            Label::Value => "Réalisé",
            Label::Target => "Objectif",
            Label::Attainment => "Atteinte",
            Label::HowPaid => "Calcul",
            Label::Payout => "Montant",
            Label::Total => "Total",
            Label::Band => "Tranche",
            Label::Rate => "Taux",
            Label::Slice => "Montant dans la tranche",
            Label::Records => "Éléments crédités",
            Label::Id => "Réf.",
            Label::Date => "Date",
            Label::Amount => "Valeur",
            Label::Note => "Remarque",
            Label::EarnedToDate => "Acquis depuis le début de l'année",
            Label::PaidBefore => "Déjà versé à ce titre",
            Label::Cap => "Plafond",
            Label::OtherLines => "Régularisations, avances et reprises",
            Label::CompanyTotal => "Total de ces relevés",
            Label::PayoutPercent => "versement en % du variable cible",
            Label::YourPoint => "vous",
        }
    }

    fn note(&self, note: &Note) -> String {
        match note {
            Note::ReadByNoMeasure { file, rows, lines } => {
                let shown: Vec<String> = lines.iter().map(u64::to_string).collect();
                let more = if *rows as usize > lines.len() { ", ..." } else { "" };
                format!(
                    "{file}:{}\u{a0}: {rows} ligne(s) créditée(s) dans la période ne sont lues par \
                     aucune mesure du plan de leur bénéficiaire et ne rapportent rien (lignes \
                     {}{more})\u{202f}; ajoutez une mesure qui les lit, ou filtrez-les à la source",
                    lines.first().copied().unwrap_or(0),
                    shown.join(", ")
                )
            }
            Note::UnknownPayee {
                file,
                payee,
                rows,
                lines,
            } => {
                let shown: Vec<String> = lines.iter().map(u64::to_string).collect();
                let more = if *rows as usize > lines.len() {
                    ", ..."
                } else {
                    ""
                };
                format!(
                    "{file}:{}\u{a0}: {rows} ligne(s) créditée(s) à `{payee}`, absent(e) du fichier du \
                     personnel (lignes {}{more})",
                    lines.first().copied().unwrap_or(0),
                    shown.join(", ")
                )
            }
            Note::RepeatedId {
                file,
                line,
                id,
                first_line,
            } => format!(
                "{file}:{line}\u{a0}: la référence `{id}` répète la ligne {first_line}\u{202f}; la répétition \
                 est exclue"
            ),
            Note::OrphanPortfolio {
                file,
                line,
                csm,
                customers,
            } => format!(
                "{file}:{line}\u{a0}: {customers} client(s) dans le portefeuille de `{csm}`, absent(e) \
                 du fichier du personnel"
            ),
            Note::UnusualRate {
                plan,
                component,
                file,
                line,
                rate,
            } if rate.is_sign_negative() => format!(
                "{file}:{line}\u{a0}: la composante `{component}` du plan `{plan}` verse un taux \
                 négatif ({}) hors d'une reprise ou d'un cas d'avoir",
                percent(*rate)
            ),
            Note::UnusualRate {
                plan,
                component,
                file,
                line,
                rate,
            } => format!(
                "{file}:{line}\u{a0}: la composante `{component}` du plan `{plan}` verse {} d'un \
                 montant, plus de 100\u{202f}% (un nombre seul est un multiplicateur\u{a0}: \
                 écrivez \"8%\" pour 8\u{202f}%)",
                percent(*rate)
            ),
            Note::NoPlanPeriod {
                plan,
                frequency,
                period,
            } => format!(
                "le plan `{plan}` paie {}\u{202f}; aucune de ses périodes ne se termine en {period}",
                frequency_word(*frequency)
            ),
        }
    }

    fn reason(&self, reason: &Reason) -> String {
        match reason {
            Reason::Kpi { basis, no_value } => match no_value {
                Some(why) => format!("{}\u{202f}; {}", no_value_words(why), basis_words(basis)),
                None => basis_words(basis),
            },
            Reason::Gate(t) if t.passed => format!("condition remplie\u{a0}: {}", self.test(t)),
            Reason::Gate(t) => format!("condition non remplie\u{a0}: {}\u{202f}; non versé", self.test(t)),
            Reason::NoCutToDate => "aucune réduction à ce jour".into(),
            Reason::RecordedInLedger => "enregistré au registre des versements".into(),
            Reason::Adjustment {
                closed,
                of,
                paid,
                now,
            } => format!(
                "{closed} a été clôturée avec {} versés pour {}\u{202f}; le calcul donne maintenant {}",
                money(*paid),
                self.line_name(of),
                money(*now)
            ),
            Reason::AdjustmentStillDue { closed, paid, now } => format!(
                "{closed} a été clôturée avec {} versés pour cette régularisation\u{202f}; elle est \
                 maintenant de {}",
                money(*paid),
                money(*now)
            ),
            Reason::Clawback {
                records,
                window_days,
            } => format!(
                "{records} élément(s) annulé(s) dans les {window_days} jours suivant leur date de \
                 crédit"
            ),
            Reason::DrawTopup {
                guaranteed,
                recoverable,
                period,
                periods,
                earned,
            } => format!(
                "garanti {} (avance {}, période {period} sur {periods})\u{202f}; acquis {}",
                money(*guaranteed),
                if *recoverable {
                    "récupérable"
                } else {
                    "non récupérable"
                },
                money(*earned)
            ),
            Reason::DrawRecovery { above, owed } => format!(
                "récupère l'avance sur les gains au-delà de {}\u{202f}; {} restaient dus",
                money(*above),
                money(*owed)
            ),
            Reason::DrawRecoveryAfter { owed } => format!(
                "récupère l'avance après ses périodes\u{202f}; {} restaient dus",
                money(*owed)
            ),
            Reason::CarriedBalance { carried } => format!(
                "récupère un solde négatif de {} reporté des périodes précédentes",
                money(*carried)
            ),
            Reason::CarryForward { total } => format!(
                "un total négatif de {} est reporté, non versé",
                money(*total)
            ),
        }
    }

    fn line_name(&self, id: &LineId) -> String {
        match id {
            LineId::Component(c) => c.clone(),
            LineId::PlanCap => "plafond du plan".into(),
            LineId::DrawTopup => "complément d'avance".into(),
            LineId::DrawRecovery => "récupération d'avance".into(),
            LineId::CarryForward => "report du solde négatif".into(),
            LineId::CarriedBalance => "solde négatif reporté".into(),
            LineId::Clawback => "reprise".into(),
            LineId::Adjustment { closed, of } => {
                format!("régularisation de {closed} ({})", self.line_name(of))
            }
        }
    }

    fn kind(&self, kind: LineKind) -> String {
        match kind {
            LineKind::Commission => "commission",
            LineKind::RateTable => "barème",
            LineKind::Curve => "courbe",
            LineKind::Kicker => "bonus",
            LineKind::PlanCap => "plafond du plan",
            LineKind::Ledger => "registre",
            LineKind::Adjustment => "régularisation",
            LineKind::Draw => "avance",
            LineKind::Carry => "report",
            LineKind::Clawback => "reprise",
            LineKind::Pool => "cagnotte",
        }
        .to_string()
    }

    fn raised(&self, raised: &Raised) -> String {
        match raised.by {
            RaisedBy::Floor => format!("ramené au plancher depuis {}", money(raised.from)),
            RaisedBy::Minimum => format!("porté au minimum depuis {}", money(raised.from)),
        }
    }

    fn record_case(&self, case: RecordCase) -> String {
        match case {
            RecordCase::Case(n) => format!("cas {n}"),
            RecordCase::NoCase => "aucun cas".to_string(),
        }
    }

    fn cases_how(&self, cases: &[CaseUse], unmatched: &[String]) -> String {
        let parts: Vec<String> = cases
            .iter()
            .filter(|c| !c.records.is_empty())
            .map(|c| {
                format!(
                    "n°{} {} sur {}",
                    c.number,
                    case_pays(c.pays),
                    c.records.len()
                )
            })
            .collect();
        let mut s = format!(
            "par cas\u{a0}: {}",
            if parts.is_empty() {
                "aucune ligne".to_string()
            } else {
                parts.join(", ")
            }
        );
        if !unmatched.is_empty() {
            s.push_str(&format!("\u{202f}; {} sans cas", unmatched.len()));
        }
        s
    }

    fn cases_told(&self, cases: &[CaseUse], unmatched: &[String]) -> String {
        let ids = |ids: &[String]| {
            if ids.is_empty() {
                String::new()
            } else {
                format!(" ({})", ids.join(", "))
            }
        };
        let parts: Vec<String> = cases
            .iter()
            .map(|c| {
                format!(
                    "le cas {}{} ({}) a pris {}{} et verse {}",
                    c.number,
                    if c.default { ", par défaut," } else { "" },
                    case_pays(c.pays),
                    lines(c.records.len()),
                    ids(&c.records),
                    money(c.payout)
                )
            })
            .collect();
        let mut s = format!(
            "Chaque ligne créditée est payée par le premier cas qu'elle remplit, arrondie au \
             centime\u{a0}: {}.",
            parts.join("\u{202f}; ")
        );
        if !unmatched.is_empty() {
            s.push_str(&format!(
                " {}{} ne rempli{} aucun cas et ne rapporte{} rien.",
                lines(unmatched.len()),
                ids(unmatched),
                if unmatched.len() == 1 { "t" } else { "ssent" },
                if unmatched.len() == 1 { "" } else { "nt" }
            ));
        }
        s
    }

    fn band(&self, band: &RecordBand) -> String {
        match band {
            RecordBand::Within(b) => bounds_words(b),
            RecordBand::Across(from, to) => {
                format!("{} à {}", bounds_words(from), bounds_words(to))
            }
        }
    }

    fn clawed_back(&self, c: &ClawedBack) -> String {
        format!(
            "crédité le {} en {}, annulé après {} jours",
            date_in(FR, c.credited),
            c.original,
            c.days
        )
    }

    fn row_note(&self, note: &RowNote) -> String {
        match note {
            RowNote::StartMrr { customer, csm } => {
                format!("MRR de départ de {customer} (CSM {csm})")
            }
            RowNote::Movement {
                kind,
                in_base: true,
            } => movement_word(*kind).to_string(),
            RowNote::Movement {
                kind,
                in_base: false,
            } => format!("{} (hors base de départ)", movement_word(*kind)),
            RowNote::Survey(answer) => match answer {
                SurveyAnswer::Promoter => "nps promoteur",
                SurveyAnswer::Passive => "nps passif",
                SurveyAnswer::Detractor => "nps détracteur",
                SurveyAnswer::Satisfied => "csat satisfait (4-5)",
                SurveyAnswer::NotSatisfied => "csat non satisfait",
            }
            .to_string(),
            RowNote::GoLive { start } => {
                format!("jours du {} à la mise en service", date_in(FR, *start))
            }
        }
    }

    fn paid_in(&self, from: Decimal, workspace: &str, pay: &Pay, to: Decimal) -> String {
        format!(
            "{} au taux de {} = {}",
            amount_in(FR, from, workspace),
            number_in(FR, pay.rate),
            amount_in(FR, to, &pay.currency)
        )
    }

    fn pay_rate(&self, pay: &Pay, workspace: &str, day: chrono::NaiveDate) -> String {
        let c = &pay.currency;
        let rate = format!("1 {c} = {} {workspace}", number_in(FR, pay.rate));
        match pay.rate_date {
            Some(on) => format!(
                "Versé en {c} au taux de {rate}, taux du {} en vigueur le {}, dernier jour de la période\u{a0}: chaque ligne est divisée par le taux puis arrondie une fois à l'unité du {c}.",
                date_in(FR, on),
                date_in(FR, day)
            ),
            None => format!(
                "Versé en {c} au taux de {rate}, celui de la clôture de la période (d'après le registre)."
            ),
        }
    }

    fn converted(&self, o: &Original) -> String {
        format!(
            "{} {} au taux de {}",
            o.amount.map(number).unwrap_or_default(),
            o.currency,
            plain(o.rate).replace('.', ",")
        )
    }

    fn excluded(&self, why: Excluded) -> String {
        match why {
            Excluded::FilteredOut => "filtré",
            Excluded::DuplicateId => "référence en double",
            Excluded::OutsidePeriod => "hors période",
            Excluded::UnknownPayee => "bénéficiaire inconnu",
            Excluded::OutsideEmployment => "hors période d'emploi",
            Excluded::ReadByNoMeasure => "lu par aucune mesure",
        }
        .to_string()
    }

    fn whatif_note(&self, note: &WhatifNote) -> String {
        match note {
            WhatifNote::KpisHeld { measures } => format!(
                "indicateurs non tirés (sans entrée [monte_carlo.kpi]), maintenus à leur valeur \
                 de l'année de base dans chaque tirage\u{a0}: {}",
                measures.join(", ")
            ),
            WhatifNote::PartOfBaseYear { base, payees, more } => format!(
                "présents une partie de {base} seulement, la simulation leur donne cette partie \
                 d'année\u{a0}: {}{}",
                payees.join(", "),
                match more {
                    0 => String::new(),
                    n => format!(" et {n} autres"),
                }
            ),
            WhatifNote::LeftPlanQuotas { payees, year, base } => format!(
                "les objectifs de {base} fixés pour un plan quitté avant {year} n'y sont pas \
                 repris\u{a0}; les périodes qu'ils laissent reprennent le dernier objectif du plan \
                 de chacun\u{a0}: {}",
                payees.join(", ")
            ),
            WhatifNote::MonthsFilled { payees, year, base } => format!(
                "les objectifs mensuels de {} ne couvrent pas toute l'année {year}\u{a0}: les mois \
                 manquants reprennent leur dernier objectif mensuel de {base}",
                payees.join(", ")
            ),
            WhatifNote::NewPortfolios { payees } => format!(
                "les nouveaux portefeuilles n'ont pas d'historique\u{a0}: leur GRR et leur NRR \
                 sont de 100\u{a0}% et leur attrition de 0\u{a0}% ([grid] kpi en fixe d'autres \
                 valeurs)\u{a0}: {}",
                payees.join(", ")
            ),
            WhatifNote::Data(n) => self.note(n),
        }
    }

    fn season(&self, s: &Season, base: Period) -> String {
        if s.measure.is_empty() {
            return format!(
                "plan {}\u{a0}: tirages sans saisonnalité, il ne compare aucune mesure à un objectif",
                s.plan
            );
        }
        let periods: Vec<String> = s
            .periods
            .iter()
            .map(|p| {
                format!(
                    "{} {} (moyenne x {})",
                    p.period,
                    percent(p.actual.round_dp(3)),
                    number(p.factor.round_dp(2))
                )
            })
            .collect();
        format!(
            "plan {}\u{a0}: tirages par période selon la répartition de {} en {base}\u{a0}: {}",
            s.plan,
            s.measure,
            periods.join(", ")
        )
    }

    // goal seeking and amortization are finance's outputs, written in English like the tables
    fn solved(&self, s: &Solved) -> String {
        super::words::catalogue(Locale::EnUs).solved(s)
    }

    fn not_capitalised(&self, n: &NotCapitalised, currency: &str) -> String {
        super::words::catalogue(Locale::EnUs).not_capitalised(n, currency)
    }

    fn diff_note(&self, note: &DiffNote) -> String {
        match note {
            DiffNote::NoProposed { plan, folder } => format!(
                "le plan `{plan}` n'a pas de plan de même identifiant dans {}\u{202f}; il n'est pas \
                 comparé",
                folder.display()
            ),
            DiffNote::NoCurrent { plan, file } => format!(
                "le plan `{plan}` ({}) ne correspond à aucun plan en vigueur\u{202f}; il n'est pas comparé",
                file.display()
            ),
            DiffNote::Data(n) => self.note(n),
        }
    }

    fn axis(&self, axis: Axis) -> String {
        match axis {
            Axis::Attainment => "atteinte %",
            Axis::Value => "valeur",
            Axis::Amount => "montant",
        }
        .to_string()
    }

    fn base(&self, base: Base) -> String {
        match base {
            Base::ComponentTi => "variable cible de la composante",
            Base::Target => "objectif",
            Base::Amount => "montant",
        }
        .to_string()
    }

    fn mark(&self, mark: &Mark) -> String {
        match mark {
            Mark::Point => "point".to_string(),
            Mark::JustBelowJump => "saut\u{a0}: juste avant".to_string(),
            Mark::Jump => "saut".to_string(),
            Mark::Threshold => "seuil".to_string(),
            Mark::BandStarts(n) => format!("début de la tranche {n}"),
            Mark::Cap => "plafond".to_string(),
        }
    }

    fn view_note(&self, note: &ViewNote) -> String {
        match note {
            ViewNote::Beyond(Beyond::Flat) => {
                "au-delà du dernier point la courbe reste plate".into()
            }
            ViewNote::Beyond(Beyond::Extend) => {
                "au-delà du dernier point la courbe garde sa dernière pente".into()
            }
            ViewNote::Weight(w) => format!(
                "le variable cible de la composante est {} % de celui du bénéficiaire",
                plain(*w).replace('.', ",")
            ),
            ViewNote::Mode(Mode::Graduated) => {
                "progressif\u{a0}: chaque tranche est payée à son propre taux".into()
            }
            ViewNote::Mode(Mode::Retroactive) => {
                "rétroactif\u{a0}: tout le montant est payé au taux de la tranche atteinte".into()
            }
            ViewNote::Mode(Mode::Overage) => "dépassement\u{a0}: la part de la première \
                tranche est payée à son taux, tout le reste au taux de la tranche atteinte"
                .into(),
            ViewNote::CapOfTi(c) => format!(
                "plafonné à {} % du variable cible de la composante (non montré\u{a0}: il dépend du \
                 variable cible du bénéficiaire)",
                plain(*c).replace('.', ",")
            ),
        }
    }
}

fn frequency_word(f: Frequency) -> &'static str {
    match f {
        Frequency::Month => "chaque mois",
        Frequency::Quarter => "chaque trimestre",
        Frequency::Half => "chaque semestre",
        Frequency::Year => "chaque année",
        Frequency::Biweekly => "toutes les deux semaines",
        Frequency::SemiMonth => "chaque demi-mois",
    }
}

fn movement_word(kind: MovementKind) -> &'static str {
    match kind {
        MovementKind::New => "nouveau",
        MovementKind::Expansion => "expansion",
        MovementKind::Contraction => "contraction",
        MovementKind::Churn => "résiliation",
    }
}

fn kpi_name(kpi: Kpi) -> &'static str {
    match kpi {
        Kpi::Nrr => "le NRR",
        Kpi::Grr => "le GRR",
        Kpi::MrrChurn => "l'attrition du MRR",
        Kpi::LogoChurn => "l'attrition des clients",
        Kpi::Nps => "le NPS",
        Kpi::Csat => "le CSAT",
        Kpi::TimeToValue => "le délai de mise en service",
    }
}

/// A band's bounds as the plan writes them: `[0, 100000)`.
fn bounds_words(b: &BandBounds) -> String {
    match b.to {
        Some(to) => format!("[{}, {})", plain(b.from), plain(to)),
        None => format!("[{}, ...)", plain(b.from)),
    }
}

fn basis_words(basis: &KpiBasis) -> String {
    match basis {
        KpiBasis::Ratio {
            of,
            to,
            numerator,
            denominator,
        } => {
            let value = |v: &Option<Decimal>| v.map_or("pas de valeur".to_string(), number);
            format!(
                "{of} / {to} = {} / {}",
                value(numerator),
                value(denominator)
            )
        }
        KpiBasis::Mrr {
            start,
            customers,
            churned,
            contraction,
            expansion,
        } => format!(
            "MRR de départ {} sur {customers} clients, résilié {}, contraction {}, expansion {}",
            number(*start),
            number(*churned),
            number(*contraction),
            number(*expansion)
        ),
        KpiBasis::Logos { lost, customers } => {
            format!("{lost} clients perdus sur {customers} au départ")
        }
        KpiBasis::Nps {
            responses,
            promoters,
            detractors,
        } => {
            format!("{responses} réponses\u{a0}: {promoters} promoteurs, {detractors} détracteurs")
        }
        KpiBasis::Csat {
            responses,
            satisfied,
        } => format!("{responses} réponses, dont {satisfied} à 4 ou 5"),
        KpiBasis::TimeToValue { stat, go_lives } => {
            let stat = match stat {
                Stat::Median => "médiane",
                Stat::Mean => "moyenne",
            };
            format!("{stat} de {go_lives} mise(s) en service")
        }
    }
}

fn no_value_words(why: &NoValue) -> String {
    match why {
        NoValue::ZeroDenominator { measure, to } => {
            format!("{measure} n'a pas de valeur\u{a0}: {to} est nul ou sans valeur")
        }
        NoValue::NoStartingMrr(kpi) => format!(
            "{} n'a pas de valeur\u{a0}: aucun client n'avait de MRR au début de la période",
            kpi_name(*kpi)
        ),
        NoValue::NoResponse(kpi) => format!(
            "{} n'a pas de valeur\u{a0}: aucune réponse à l'enquête sur la période",
            kpi_name(*kpi)
        ),
        NoValue::NoGoLive => {
            "le délai de mise en service n'a pas de valeur\u{a0}: aucun client mis en service sur la \
             période"
                .into()
        }
    }
}

fn case_pays(pays: crate::plan::CasePays) -> String {
    match pays {
        crate::plan::CasePays::Rate(r) => percent(r),
        crate::plan::CasePays::Amount(a) => format!("{} par ligne", money(a)),
    }
}

/// "1 ligne", "3 lignes".
fn lines(n: usize) -> String {
    if n == 1 {
        "1 ligne".to_string()
    } else {
        format!("{n} lignes")
    }
}
