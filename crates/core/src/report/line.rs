//! What kind a statement line is: the rule a component pays by, or what added the line. A line's
//! identity is [`crate::line_id::LineId`].

use crate::plan::Rule;

/// What kind of line: the rule a component pays by, or what added the line. Its name is the CSV's
/// and the JSON's `kind` column, an identifier like the plan files' words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineKind {
    Commission,
    RateTable,
    Curve,
    Kicker,
    Pool,
    PlanCap,
    /// A line the ledger recorded for a closed period that the period no longer computes.
    Ledger,
    Adjustment,
    Draw,
    Carry,
    Clawback,
}

impl LineKind {
    pub fn of_rule(rule: &Rule) -> LineKind {
        match rule {
            Rule::Commission(_) => LineKind::Commission,
            Rule::RateTable(_) => LineKind::RateTable,
            Rule::Curve(_) => LineKind::Curve,
            Rule::Kicker(_) => LineKind::Kicker,
            Rule::Pool(_) => LineKind::Pool,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            LineKind::Commission => "commission",
            LineKind::RateTable => "rate_table",
            LineKind::Curve => "curve",
            LineKind::Kicker => "kicker",
            LineKind::Pool => "pool",
            LineKind::PlanCap => "plan_cap",
            LineKind::Ledger => "ledger",
            LineKind::Adjustment => "adjustment",
            LineKind::Draw => "draw",
            LineKind::Carry => "carry",
            LineKind::Clawback => "clawback",
        }
    }
}
