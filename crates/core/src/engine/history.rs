//! A payee's periods in order through the fiscal year: year-to-date true-ups (rule 4), what the ledger
//! says was paid, adjustments for closed periods whose data changed, clawbacks (rule 14), draws
//! (rule 15) and negative balances carried forward.

use super::arith::{self, R};
use super::component::{Ctx, Fail, Scope};
use crate::data::Ledger;
use crate::num::Money;
use crate::period::Period;
use crate::plan::{Clawback, ClawsBack, Negative, PlanBasis};
use crate::report::{
    ClawedBack, ComponentLine, Explanation, LineId, LineKind, RaisedBy, Reason, RecordLine,
    Statement,
};
use rust_decimal::Decimal;
use std::collections::HashMap;

pub(crate) struct Run<'a> {
    pub ctx: Ctx<'a>,
    pub ledger: &'a Ledger,
}

/// A line that is not a component's: an adjustment, clawback, draw or carried balance.
fn ledger_line(id: LineId, kind: LineKind, payout: Decimal, reason: Reason) -> ComponentLine {
    ComponentLine {
        id,
        kind,
        measure: None,
        value: None,
        unit: None,
        target: None,
        attainment: None,
        component_ti: None,
        uncapped: payout,
        cap: None,
        cap_removed: Decimal::ZERO,
        earned: payout,
        paid_to_date: None,
        payout,
        reason: Some(reason),
        explanation: Explanation::Ledger,
        records: Vec::new(),
    }
}

impl Run<'_> {
    /// Statements for the periods of `year` (one fiscal year of the plan's periods) from index `first`
    /// to the last of `targets`; only the target periods are returned.
    /// `opening` holds the adjustments due from closed periods of the previous fiscal year; what is
    /// still due after the last target is returned with the statements.
    pub fn statements(
        &self,
        year: &[Period],
        first: usize,
        targets: &[Period],
        opening: Vec<ComponentLine>,
    ) -> Result<(Vec<Statement>, Vec<ComponentLine>), Fail> {
        let ctx = &self.ctx;
        let (plan, payee) = (ctx.plan, ctx.payee);
        let money = ctx.money();
        let last = year
            .iter()
            .rposition(|p| targets.contains(p))
            .expect("targets are periods of the year");
        let mut out = Vec::new();
        let mut paid_to_date: HashMap<LineId, Decimal> = HashMap::new();
        let mut pending: Vec<ComponentLine> = opening;
        let opening = year[first].start;
        let before = |which: fn(&LineId) -> bool| -> R {
            arith::sum(
                self.ledger
                    .rows_of(&plan.id, &payee.id)
                    .filter(|r| r.period.end() < opening && which(&r.component))
                    .map(|r| r.amount),
            )
        };
        let mut draw_balance = before(LineId::is_draw)?;
        let mut carry = before(LineId::is_carry)?;
        let mut originals: HashMap<Period, Vec<ComponentLine>> = HashMap::new();

        for i in first..=last {
            let p = year[i];
            let employed = ctx.employed_during(p.start, p.end());
            // a payee who has left still gets a statement while something is due for closed
            // periods (a late deal of their last month: an adjustment, or on a ytd basis a
            // true-up) or was recorded for this one
            let recorded_here = !self.ledger.paid(&plan.id, &payee.id, &p).is_empty();
            let ytd = plan.basis == PlanBasis::Ytd;
            let left = ctx.last_end().is_some_and(|e| e < p.start);
            // (only in a year they worked in: before that, a year to date has no target to divide by)
            let true_up_after_leaving = ytd && left && ctx.employed_during(year[0].start, p.end());
            if !employed && !true_up_after_leaving && pending.is_empty() && !recorded_here {
                continue;
            }
            // the period's own scope, once: on a period basis it is also what the period earns
            // on, and its statement shows its TI and proration
            let mut own: Option<Scope> = None;
            let mut lines = if employed || true_up_after_leaving {
                match plan.basis {
                    PlanBasis::Ytd => ctx.earned(&ctx.scope(&year[..=i])?)?,
                    PlanBasis::Period => ctx.earned(own.insert(ctx.scope(&[p])?))?,
                }
            } else {
                Vec::new()
            };
            if ytd && (employed || true_up_after_leaving) {
                true_up(&mut lines, &paid_to_date, money)?;
            }
            let closed = self.ledger.is_closed(&plan.id, &p);
            // adjustments for earlier closed periods are due in the next period; when that period is
            // closed too, its ledger rows say whether they were paid (compared below like any line)
            lines.append(&mut pending);
            if !employed && !recorded_here && lines.iter().all(|l| l.payout.is_zero()) {
                // nothing moved since the payee left
                continue;
            }
            // like the draw, a clawback follows employment: a deal cancelled after its payee left
            // is not taken back (whether a leaver has a statement then must not decide it)
            if let Some(cb) = plan.clawback.as_ref().filter(|_| employed) {
                if let Some(line) = self.clawback(cb, &p, &mut originals)? {
                    lines.push(line);
                }
            }
            let (mut draw_after, mut carry_after) = (draw_balance, carry);
            if let Some(mut d) = plan.draw.filter(|_| employed) {
                // a share of the period's TI, then (if the plan says so) prorated by days employed
                if d.share_of_ti {
                    let holder = self.ctx.at(p.start, p.end());
                    d.amount = arith::mul(d.amount, Ctx::ti_for(holder, &p)?)?;
                }
                if d.prorate {
                    let proration = self.ctx.scope(&[p])?.periods[0].1;
                    d.amount = arith::mul(d.amount, proration)?;
                }
                let gross = arith::sum(lines.iter().map(|l| l.payout))?;
                let k = periods_since_start(&p, ctx.first_start(), ctx.ws.fiscal);
                let (line, balance) = draw_line(d, k, gross, draw_balance, money)?;
                lines.extend(line);
                draw_after = balance;
            }
            if plan.negative == Negative::Carry {
                let total = arith::sum(lines.iter().map(|l| l.payout))?;
                let (new_lines, balance) = carry_lines(total, carry)?;
                lines.extend(new_lines);
                carry_after = balance;
            }

            if closed {
                // on a ytd basis the next true-up absorbs a difference, except after the year's
                // last period: then it is an adjustment like any other
                let absorbed = plan.basis == PlanBasis::Ytd && i + 1 < year.len();
                let (drawn, carried) = self.as_paid(p, absorbed, &mut lines, &mut pending)?;
                if plan.draw.is_some_and(|d| d.recoverable) {
                    draw_after = arith::add(draw_balance, drawn)?;
                }
                carry_after = arith::add(carry, carried)?;
            }
            if plan.basis == PlanBasis::Ytd {
                for l in &lines {
                    if l.paid_to_date.is_some() {
                        let e = paid_to_date.entry(l.id.clone()).or_default();
                        *e = arith::add(*e, l.payout)?;
                    }
                }
            }
            draw_balance = draw_after;
            carry = carry_after;

            if targets.contains(&p) {
                let own = match own {
                    Some(own) => own,
                    None => ctx.scope(&[p])?,
                };
                out.push(self.statement(p, &own, closed, lines, draw_balance, carry)?);
            }
        }
        Ok((out, pending))
    }

    /// A closed period's statement is what was paid: each line takes the ledger's amount, and a
    /// line that now computes to something else leaves an adjustment due in the next period
    /// (unless `absorbed` by a year-to-date true-up). Returns what the ledger recorded for the
    /// draw and for carried balances.
    fn as_paid(
        &self,
        p: Period,
        absorbed: bool,
        lines: &mut Vec<ComponentLine>,
        pending: &mut Vec<ComponentLine>,
    ) -> Result<(Decimal, Decimal), Fail> {
        let (plan, payee) = (self.ctx.plan, self.ctx.payee);
        let money = self.ctx.money();
        let mut recorded: HashMap<&LineId, Decimal> = HashMap::new();
        for (c, a) in self.ledger.paid(&plan.id, &payee.id, &p) {
            let e = recorded.entry(c).or_default();
            *e = arith::add(*e, a)?;
        }
        // lines the ledger has and the period no longer computes, in the order of their names
        let mut gone: Vec<&LineId> = recorded
            .keys()
            .copied()
            .filter(|c| !lines.iter().any(|l| l.id == **c))
            .collect();
        gone.sort_by_cached_key(|c| c.to_string());
        for c in gone {
            lines.push(ledger_line(
                c.clone(),
                LineKind::Ledger,
                Decimal::ZERO,
                Reason::RecordedInLedger,
            ));
        }
        for l in lines.iter_mut() {
            // a line the ledger has no row for was paid 0.00 (not an unscaled `0`)
            let paid = money.round(recorded.get(&l.id).copied().unwrap_or_default());
            let derived = l.id.is_derived();
            let diff = arith::sub(l.payout, paid)?;
            if !diff.is_zero() && !derived && !absorbed {
                pending.push(adjustment(p, l, paid, diff, money));
            }
            l.payout = paid;
            if plan.basis == PlanBasis::Ytd {
                l.earned = arith::add(
                    l.paid_to_date.unwrap_or_default(),
                    if derived { Decimal::ZERO } else { paid },
                )?;
            }
        }
        let sum_of = |ids: [LineId; 2]| -> R {
            arith::sum(
                ids.iter()
                    .map(|id| recorded.get(id).copied().unwrap_or_default()),
            )
        };
        Ok((
            sum_of([LineId::DrawTopup, LineId::DrawRecovery])?,
            sum_of([LineId::CarryForward, LineId::CarriedBalance])?,
        ))
    }

    /// The statement of period `p`, with its lines and the balances after it.
    /// (`own`: the period's own scope, `ctx.scope(&[p])`.)
    fn statement(
        &self,
        p: Period,
        own: &Scope,
        closed: bool,
        lines: Vec<ComponentLine>,
        draw_balance: Decimal,
        carry: Decimal,
    ) -> Result<Statement, Fail> {
        let ctx = &self.ctx;
        let (plan, payee) = (ctx.plan, ctx.payee);
        let (active_days, period_days) = ctx.active_days(&p);
        Ok(Statement {
            payee: payee.id.clone(),
            name: payee.name.clone(),
            plan: plan.id.clone(),
            period: p,
            start: p.start,
            end: p.end(),
            target_incentive: own.ti,
            active_days,
            period_days,
            proration: own.periods[0].1,
            basis: plan.basis,
            closed,
            total: ctx
                .money()
                .round(arith::sum(lines.iter().map(|l| l.payout))?),
            lines,
            draw_balance: plan.draw.filter(|d| d.recoverable).map(|_| draw_balance),
            carry_balance: (plan.negative == Negative::Carry).then_some(carry),
            rounding: plan
                .rounding
                .filter(|r| *r != ctx.ws.money.rounding)
                .map(|r| r.name()),
            pay: None,
        })
    }

    /// The adjustments the closed periods of the fiscal year before `year` leave due (late data for
    /// a closed December is paid in January): that year recomputed against the ledger.
    pub fn carried_from_previous_year(&self, year: &[Period]) -> Result<Vec<ComponentLine>, Fail> {
        let ctx = &self.ctx;
        // most plans have no closed period at all (and what-if's ledger is empty)
        if !self.ledger.has_closed(&ctx.plan.id) {
            return Ok(Vec::new());
        }
        let Some(before) = year[0].start.pred_opt() else {
            return Ok(Vec::new());
        };
        let Some(previous) = super::year_of(ctx.ws, before) else {
            return Ok(Vec::new());
        };
        let previous = previous.split(ctx.plan.frequency, ctx.ws.fiscal);
        if !previous
            .iter()
            .any(|p| self.ledger.is_closed(&ctx.plan.id, p))
        {
            return Ok(Vec::new());
        }
        let last = previous[previous.len() - 1];
        Ok(self.statements(&previous, 0, &[last], Vec::new())?.1)
    }

    /// Records cancelled in period `p` within the window of their credit date: each is clawed back at
    /// what it was paid in its own period (the original period is not restated).
    fn clawback(
        &self,
        cb: &Clawback,
        p: &Period,
        originals: &mut HashMap<Period, Vec<ComponentLine>>,
    ) -> Result<Option<ComponentLine>, Fail> {
        let ctx = &self.ctx;
        let data = ctx.data;
        let Some(ti) = data.tables.iter().position(|t| t.source == cb.source) else {
            return Ok(None);
        };
        let table = &data.tables[ti];
        let (Some(cancel_f), Some(date_f)) = (table.field(&cb.field), table.field("date")) else {
            return Ok(None);
        };
        let (cancels, dates) = (table.dates(cancel_f), table.dates(date_f));
        let mut records = Vec::new();
        let mut total = Decimal::ZERO;
        let rows = ctx.held.iter().flat_map(|&a| &ctx.credits[ti].by_payee[a]);
        for &row in rows {
            let r = row as usize;
            let (Some(cancelled), Some(credited)) = (cancels[r], dates[r]) else {
                continue;
            };
            let days = (cancelled - credited).num_days();
            if !p.contains(cancelled) || days < 0 || days > i64::from(cb.window_days) {
                continue;
            }
            let Some(original) = plan_period_of(credited, ctx) else {
                continue;
            };
            if let std::collections::hash_map::Entry::Vacant(e) = originals.entry(original) {
                let scope = self.original_scope(&original)?;
                e.insert(ctx.earned(&scope)?);
            }
            let line_no = table.lines[r];
            // what each line paid for the record; of a record a minimum raised, what it computed
            // at the rate unless the component says the clawback takes back what was paid
            let paid = arith::sum(
                originals[&original]
                    .iter()
                    .flat_map(|l| {
                        let claws_back = ctx
                            .plan
                            .components
                            .iter()
                            .find(|c| matches!(&l.id, LineId::Component(id) if *id == c.id))
                            .map(|c| c.claws_back);
                        l.records.iter().map(move |rl| (claws_back, rl))
                    })
                    .filter(|(_, rl)| rl.line == line_no)
                    .filter_map(|(claws_back, rl)| match (&rl.raised, claws_back) {
                        (Some(r), Some(ClawsBack::Computed)) if r.by == RaisedBy::Minimum => {
                            Some(r.from)
                        }
                        _ => rl.payout,
                    }),
            )?;
            if paid.is_zero() {
                continue;
            }
            total = arith::sub(total, paid)?;
            records.push(RecordLine {
                id: table.id(row).to_string(),
                date: Some(cancelled),
                line: line_no,
                amount: None,
                rate: None,
                case: None,
                raised: None,
                band: None,
                clawback: Some(Box::new(ClawedBack {
                    credited,
                    original,
                    days,
                })),
                uncapped: Some(-paid),
                payout: Some(-paid),
                note: None,
                original: None,
            });
        }
        if records.is_empty() {
            return Ok(None);
        }
        let mut line = ledger_line(
            LineId::Clawback,
            LineKind::Clawback,
            total,
            Reason::Clawback {
                records: records.len(),
                window_days: cb.window_days,
            },
        );
        line.records = records;
        Ok(Some(line))
    }

    fn original_scope(&self, original: &Period) -> R<Scope> {
        let ctx = &self.ctx;
        match ctx.plan.basis {
            PlanBasis::Period => ctx.scope(&[*original]),
            PlanBasis::Ytd => {
                let year = original
                    .fiscal_year(ctx.ws.fiscal)
                    .split(ctx.plan.frequency, ctx.ws.fiscal);
                let i = year.iter().position(|q| q == original).unwrap_or(0);
                ctx.scope(&year[..=i])
            }
        }
    }
}

/// On a year-to-date basis, each line pays what it earned to date less what was paid for it in
/// earlier periods of the year.
fn true_up(
    lines: &mut Vec<ComponentLine>,
    paid_to_date: &HashMap<LineId, Decimal>,
    money: Money,
) -> R<()> {
    // a line paid before and earning nothing now: a plan cap that no longer cuts (every component
    // has a line in every period)
    if paid_to_date.contains_key(&LineId::PlanCap) && !lines.iter().any(|l| l.id == LineId::PlanCap)
    {
        lines.push(ledger_line(
            LineId::PlanCap,
            LineKind::PlanCap,
            Decimal::ZERO,
            Reason::NoCutToDate,
        ));
    }
    for l in lines.iter_mut() {
        // at the currency's decimals even before anything is paid: `0.00`, not `0`
        let paid = money.round(paid_to_date.get(&l.id).copied().unwrap_or_default());
        l.paid_to_date = Some(paid);
        l.payout = arith::sub(l.earned, paid)?;
    }
    Ok(())
}

/// The adjustment a line of closed period `p` leaves due: `diff`, what it computes to now less
/// the `paid` the ledger recorded.
fn adjustment(
    p: Period,
    l: &ComponentLine,
    paid: Decimal,
    diff: Decimal,
    money: Money,
) -> ComponentLine {
    // an adjustment still due (or paid more than is due) keeps its own name, so an adjustment is
    // never adjusted under a name of names
    let (id, reason) = match &l.id {
        LineId::Adjustment { .. } => (
            l.id.clone(),
            Reason::AdjustmentStillDue {
                closed: p,
                paid,
                now: money.round(l.payout),
            },
        ),
        of => (
            LineId::Adjustment {
                closed: p,
                of: Box::new(of.clone()),
            },
            Reason::Adjustment {
                closed: p,
                of: of.clone(),
                paid,
                now: l.payout,
            },
        ),
    };
    ledger_line(id, LineKind::Adjustment, diff, reason)
}

/// The plan period (of the plan's frequency) that contains a date.
fn plan_period_of(d: chrono::NaiveDate, ctx: &Ctx) -> Option<Period> {
    Period::containing(d, ctx.plan.frequency, ctx.ws.fiscal)
}

/// 1 for the plan period containing the payee's start, 2 for the next, ...
fn periods_since_start(
    p: &Period,
    start: chrono::NaiveDate,
    fiscal: crate::period::FiscalStart,
) -> u32 {
    use chrono::Datelike;
    if p.kind.is_sub_month() {
        // pay periods shorter than a month count on their own grid
        return match Period::containing(start, p.kind, fiscal) {
            Some(first) if first.start <= p.start => (p.periods_after(&first) + 1) as u32,
            _ => 1,
        };
    }
    let months = p.kind.months();
    let m = |d: chrono::NaiveDate| d.year() * 12 + d.month0() as i32;
    let diff = m(p.start) - m(start);
    if diff < 0 {
        // the period starting before the payee: it is the first when it contains the start
        return 1;
    }
    // p starts on the plan's grid; the start may be any month of its own period, so the periods
    // from the start's to p are diff / months rounded up
    (diff as u32).div_ceil(months) + 1
}

/// Rule 15. During the draw's periods an earning below the draw is topped up to it; a recoverable
/// top-up becomes a balance recovered from earnings above the draw, and after the draw's periods from
/// any positive earning. The draw is taken at the currency's minor unit (rule 2: a line is rounded),
/// so the lines, the balance and the ledger agree to the cent.
fn draw_line(
    d: crate::plan::Draw,
    period_no: u32,
    gross: Decimal,
    balance: Decimal,
    money: Money,
) -> R<(Option<ComponentLine>, Decimal)> {
    let d = crate::plan::Draw {
        amount: money.round(d.amount),
        ..d
    };
    let balance = money.round(balance);
    if period_no <= d.periods {
        if gross < d.amount {
            let topup = money.round(arith::sub(d.amount, gross)?);
            let balance = if d.recoverable {
                arith::add(balance, topup)?
            } else {
                balance
            };
            let reason = Reason::DrawTopup {
                guaranteed: d.amount,
                recoverable: d.recoverable,
                period: period_no,
                periods: d.periods,
                earned: gross,
            };
            let line = ledger_line(LineId::DrawTopup, LineKind::Draw, topup, reason);
            return Ok((Some(line), balance));
        }
        if d.recoverable && balance > Decimal::ZERO {
            let recover = money.round(balance.min(arith::sub(gross, d.amount)?));
            let reason = Reason::DrawRecovery {
                above: d.amount,
                owed: balance,
            };
            let line = ledger_line(LineId::DrawRecovery, LineKind::Draw, -recover, reason);
            return Ok((Some(line), arith::sub(balance, recover)?));
        }
    } else if d.recoverable && balance > Decimal::ZERO && gross > Decimal::ZERO {
        let recover = money.round(balance.min(gross));
        let reason = Reason::DrawRecoveryAfter { owed: balance };
        let line = ledger_line(LineId::DrawRecovery, LineKind::Draw, -recover, reason);
        return Ok((Some(line), arith::sub(balance, recover)?));
    }
    Ok((None, balance))
}

/// A negative total is not paid but carried (`negative = "carry"`) and recovered from later earnings.
fn carry_lines(total: Decimal, carry: Decimal) -> R<(Vec<ComponentLine>, Decimal)> {
    let mut lines = Vec::new();
    let mut carry = carry;
    let mut total = total;
    if carry > Decimal::ZERO && total > Decimal::ZERO {
        let recover = carry.min(total);
        lines.push(ledger_line(
            LineId::CarriedBalance,
            LineKind::Carry,
            -recover,
            Reason::CarriedBalance { carried: carry },
        ));
        carry = arith::sub(carry, recover)?;
        total = arith::sub(total, recover)?;
    }
    if total < Decimal::ZERO {
        lines.push(ledger_line(
            LineId::CarryForward,
            LineKind::Carry,
            -total,
            Reason::CarryForward { total },
        ));
        carry = arith::sub(carry, total)?;
    }
    Ok((lines, carry))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Draw;

    const EUR: Money = Money {
        minor_unit: 2,
        rounding: crate::num::Rounding::HalfAwayFromZero,
    };

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// Regression: a top-up against nothing earned was `2000` (the plan's amount as written, since
    /// 2000 - 0.00 keeps the unscaled operand) in the statement and the ledger, not `2000.00`.
    #[test]
    fn draw_lines_have_the_currency_decimals() {
        let draw = Draw {
            amount: d("2000"),
            periods: 3,
            recoverable: true,
            share_of_ti: false,
            prorate: false,
        };
        let (line, balance) = draw_line(draw, 1, d("0.00"), Decimal::ZERO, EUR).unwrap();
        let line = line.unwrap();
        assert_eq!(line.payout.to_string(), "2000.00");
        assert_eq!(balance.to_string(), "2000.00");
        match line.reason {
            Some(Reason::DrawTopup { guaranteed, .. }) => {
                assert_eq!(guaranteed.to_string(), "2000.00")
            }
            other => panic!("{other:?}"),
        }
        let (line, _) = draw_line(draw, 4, d("500.00"), balance, EUR).unwrap();
        assert_eq!(line.unwrap().payout.to_string(), "-500.00");
    }

    #[test]
    fn a_recoverable_draw_over_three_periods() {
        let draw = Draw {
            amount: d("2000"),
            periods: 3,
            recoverable: true,
            share_of_ti: false,
            prorate: false,
        };
        let mut balance = Decimal::ZERO;
        let mut paid = Vec::new();
        for (k, earned) in [(1, "1500"), (2, "2375"), (3, "3000")] {
            let (line, b) = draw_line(draw, k, d(earned), balance, EUR).unwrap();
            balance = b;
            paid.push(d(earned) + line.map_or(Decimal::ZERO, |l| l.payout));
        }
        assert_eq!(paid, [d("2000"), d("2000"), d("2875")]);
        assert_eq!(balance, Decimal::ZERO);
    }

    #[test]
    fn w9_a_non_recoverable_draw_tops_up_and_is_never_owed() {
        let draw = Draw {
            amount: d("5000"),
            periods: 3,
            recoverable: false,
            share_of_ti: false,
            prorate: false,
        };
        let (line, balance) = draw_line(draw, 1, d("3200"), Decimal::ZERO, EUR).unwrap();
        assert_eq!(line.unwrap().payout, d("1800"));
        assert_eq!(balance, Decimal::ZERO);
        let (line, _) = draw_line(draw, 2, d("6000"), Decimal::ZERO, EUR).unwrap();
        assert!(line.is_none());
    }

    #[test]
    fn a_negative_total_is_carried_then_recovered() {
        let (lines, carry) = carry_lines(d("-300"), Decimal::ZERO).unwrap();
        assert_eq!((lines[0].payout, carry), (d("300"), d("300")));
        let (lines, carry) = carry_lines(d("1000"), carry).unwrap();
        assert_eq!((lines[0].payout, carry), (d("-300"), Decimal::ZERO));
    }

    #[test]
    fn counts_periods_from_the_payees_start() {
        let fy = crate::period::FiscalStart::default();
        let mar = Period::parse("2024-03", fy).unwrap();
        let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 15).unwrap();
        assert_eq!(periods_since_start(&mar, start, fy), 3);
        let q2 = Period::parse("2024-Q2", fy).unwrap();
        assert_eq!(periods_since_start(&q2, start, fy), 2);
    }

    /// Regression: a payee starting in the second or third month of a quarter had the next quarter
    /// counted as their first period again (2 months / 3 rounded down), a draw paid one period more.
    #[test]
    fn a_start_inside_a_quarter_makes_that_quarter_the_first() {
        let fy = crate::period::FiscalStart::default();
        let q = |s: &str| Period::parse(s, fy).unwrap();
        let day = |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(2024, m, d).unwrap();
        for start in [day(1, 1), day(2, 15), day(3, 31)] {
            assert_eq!(periods_since_start(&q("2024-Q1"), start, fy), 1, "{start}");
            assert_eq!(periods_since_start(&q("2024-Q2"), start, fy), 2, "{start}");
            assert_eq!(periods_since_start(&q("2024-Q3"), start, fy), 3, "{start}");
        }
        assert_eq!(periods_since_start(&q("2024-H2"), day(5, 1), fy), 2);
    }
}
