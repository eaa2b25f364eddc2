//! A statement line's identity: a component of the plan, or a line the engine adds (plan cap,
//! draw, carry, clawback, adjustment of a closed period). Below both the ledger (`data`), which
//! records lines by name, and the report.
//!
//! A line's name (`Display`) is the `component` column of the ledger, the CSV and the JSON. It is an
//! identifier, not a word for people: ledgers written by every version read back through
//! [`LineId::parse`], so the names never change.

use crate::period::{FiscalStart, Period};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LineId {
    /// A component of the plan, by its id; also a name the ledger holds that is none of the others
    /// (a component since removed from the plan).
    Component(String),
    /// The plan cap's cut of the components' total.
    PlanCap,
    /// A draw's top-up of an earning below it.
    DrawTopup,
    /// A recoverable draw recovered from earnings.
    DrawRecovery,
    /// A negative total carried to later periods.
    CarryForward,
    /// A carried negative balance recovered from earnings.
    CarriedBalance,
    /// Records cancelled within the clawback window, taken back.
    Clawback,
    /// What changed for a line of a closed period, paid in the next open one. An adjustment still
    /// due when that period closes keeps its name, so `of` is never an adjustment in what the
    /// engine writes.
    Adjustment { closed: Period, of: Box<LineId> },
}

const PLAN_CAP: &str = "plan_cap";
const DRAW_TOPUP: &str = "draw_topup";
const DRAW_RECOVERY: &str = "draw_recovery";
const CARRY_FORWARD: &str = "carry_forward";
const CARRIED_BALANCE: &str = "carried_balance";
const CLAWBACK: &str = "clawback";
const ADJUSTMENT: &str = "adjustment:";

impl LineId {
    /// Names a plan component cannot take: they name the lines the engine adds.
    pub const RESERVED: [&'static str; 6] = [
        PLAN_CAP,
        DRAW_TOPUP,
        DRAW_RECOVERY,
        CARRY_FORWARD,
        CARRIED_BALANCE,
        CLAWBACK,
    ];

    /// Whether a component id would read back as another line: a reserved name or an adjustment's.
    pub fn is_reserved(name: &str) -> bool {
        Self::RESERVED.contains(&name) || name.starts_with(ADJUSTMENT)
    }

    pub fn component(id: &str) -> LineId {
        LineId::Component(id.to_string())
    }

    /// The line a name stands for (the ledger's `component` column). A name that does not read back
    /// to itself (`adjustment:` with no period) is a component's name.
    pub fn parse(name: &str, fiscal: FiscalStart) -> LineId {
        let fixed = [
            LineId::PlanCap,
            LineId::DrawTopup,
            LineId::DrawRecovery,
            LineId::CarryForward,
            LineId::CarriedBalance,
            LineId::Clawback,
        ]
        .into_iter()
        .find(|id| id.fixed_name() == Some(name));
        if let Some(id) = fixed {
            return id;
        }
        let adjustment = name.strip_prefix(ADJUSTMENT).and_then(|rest| {
            let (period, of) = rest.split_once(':')?;
            let closed = Period::parse(period, fiscal)?;
            let id = LineId::Adjustment {
                closed,
                of: Box::new(LineId::parse(of, fiscal)),
            };
            // only the engine's own spelling of a period, so the name is kept byte for byte
            (id.to_string() == name).then_some(id)
        });
        adjustment.unwrap_or_else(|| LineId::component(name))
    }

    /// Lines that follow from the others (draws, carried balances): the ledger records them, but
    /// a difference in them is not adjusted, since it comes back through the lines they follow.
    pub fn is_derived(&self) -> bool {
        matches!(
            self,
            LineId::DrawTopup
                | LineId::DrawRecovery
                | LineId::CarryForward
                | LineId::CarriedBalance
        )
    }

    pub fn is_draw(&self) -> bool {
        matches!(self, LineId::DrawTopup | LineId::DrawRecovery)
    }

    pub fn is_carry(&self) -> bool {
        matches!(self, LineId::CarryForward | LineId::CarriedBalance)
    }

    /// Whether the line's name is `name` (an expectation names the line it checks).
    pub fn has_name(&self, name: &str) -> bool {
        match self {
            LineId::Component(id) => id == name,
            LineId::Adjustment { .. } => self.to_string() == name,
            fixed => fixed.fixed_name() == Some(name),
        }
    }

    /// The name of a line other than a component or an adjustment.
    fn fixed_name(&self) -> Option<&'static str> {
        match self {
            LineId::PlanCap => Some(PLAN_CAP),
            LineId::DrawTopup => Some(DRAW_TOPUP),
            LineId::DrawRecovery => Some(DRAW_RECOVERY),
            LineId::CarryForward => Some(CARRY_FORWARD),
            LineId::CarriedBalance => Some(CARRIED_BALANCE),
            LineId::Clawback => Some(CLAWBACK),
            LineId::Component(_) | LineId::Adjustment { .. } => None,
        }
    }
}

impl fmt::Display for LineId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineId::Component(id) => f.write_str(id),
            LineId::Adjustment { closed, of } => write!(f, "{ADJUSTMENT}{closed}:{of}"),
            fixed => f.write_str(fixed.fixed_name().unwrap_or_default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name the engine writes in a ledger reads back to its line, and a name that is no line
    /// the engine adds is a component's, kept byte for byte.
    #[test]
    fn ledger_names_read_back() {
        let fy = FiscalStart::default();
        let jan = Period::parse("2024-01", fy).unwrap();
        let q4 = Period::parse("2023-Q4", fy).unwrap();
        let ids = [
            LineId::component("new_business"),
            LineId::PlanCap,
            LineId::DrawTopup,
            LineId::DrawRecovery,
            LineId::CarryForward,
            LineId::CarriedBalance,
            LineId::Clawback,
            LineId::Adjustment {
                closed: jan,
                of: Box::new(LineId::component("new_business")),
            },
            LineId::Adjustment {
                closed: q4,
                of: Box::new(LineId::PlanCap),
            },
        ];
        let names: Vec<String> = ids.iter().map(LineId::to_string).collect();
        assert_eq!(
            names,
            [
                "new_business",
                "plan_cap",
                "draw_topup",
                "draw_recovery",
                "carry_forward",
                "carried_balance",
                "clawback",
                "adjustment:2024-01:new_business",
                "adjustment:2023-Q4:plan_cap",
            ]
        );
        for (id, name) in ids.iter().zip(&names) {
            assert_eq!(&LineId::parse(name, fy), id, "{name}");
        }
        for odd in [
            "adjustment:",
            "adjustment:2024-13:x",
            "adjustment:2024-1:x",
            "Clawback",
        ] {
            let id = LineId::parse(odd, fy);
            assert_eq!(id, LineId::component(odd));
            assert_eq!(id.to_string(), odd);
        }
    }
}
