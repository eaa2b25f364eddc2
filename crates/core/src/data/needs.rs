//! What a computation reads from the workspace's sources, decided before any file is read: the
//! dates of the records to keep, the fields of each record source to parse, and the measures
//! quota rows may name. Computed once from the plans and the request; a comparison of two plan
//! sets asks for the union of theirs.

use super::Window;
use crate::plan::{Aggregate, Plan};
use crate::workspace::{SourceKind, Workspace};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needs {
    /// Records dated inside are kept; the others are only counted.
    pub window: Window,
    /// Per record source to read (by name): which of its fields to parse, by the source's field
    /// order. A record source not listed is not read.
    pub fields: BTreeMap<String, Vec<bool>>,
    /// Measures quota rows may name for the payees of a roster plan (by its id), beyond the
    /// plan's own: the measures of a plan compared with it or swapped in for it.
    pub quota_measures: BTreeMap<String, BTreeSet<String>>,
}

impl Needs {
    /// What `plans` read over `window`: the record sources their measures use, each with the
    /// fields measures sum, count, filter and date by, and clawback dates. Id, payee and date are
    /// always read, and the fields crediting and conversion read (split, currency, tenure).
    pub fn of_plans<'p>(
        ws: &Workspace,
        plans: impl IntoIterator<Item = &'p Plan>,
        window: Window,
    ) -> Needs {
        let plans: Vec<&Plan> = plans.into_iter().collect();
        let mut fields = BTreeMap::new();
        for source in ws.sources.iter().filter(|s| s.kind == SourceKind::Records) {
            let used = plans
                .iter()
                .any(|p| p.measures.iter().any(|m| m.source == source.name));
            if !used {
                continue;
            }
            let mut names: Vec<&str> = vec!["id", "payee", "date", "split", "currency"];
            for plan in &plans {
                for m in plan.measures.iter().filter(|m| m.source == source.name) {
                    names.push(&m.date_field);
                    match &m.aggregate {
                        Aggregate::Sum(f) | Aggregate::CountDistinct(f) => names.push(f),
                        Aggregate::Count => {}
                    }
                    names.extend(m.filters.iter().map(|f| f.field.as_str()));
                    names.extend(m.conditions.iter().map(|c| c.field.as_str()));
                }
                // a commission's cases read the fields of its measure's records
                for c in &plan.components {
                    if let crate::plan::Rule::Commission(cm) = &c.rule {
                        if plan.measures[cm.on].source == source.name {
                            for k in &cm.cases {
                                names.extend(k.filters.iter().map(|f| f.field.as_str()));
                                names.extend(k.conditions.iter().map(|c| c.field.as_str()));
                            }
                        }
                    }
                }
                if let Some(cb) = plan.clawback.as_ref().filter(|c| c.source == source.name) {
                    names.push(&cb.field);
                }
            }
            if let Some(t) = &source.tenure {
                names.push("customer");
                names.push(&t.field);
            }
            let wanted = source
                .fields
                .iter()
                .map(|f| names.contains(&f.name.as_str()))
                .collect();
            fields.insert(source.name.clone(), wanted);
        }
        Needs {
            window,
            fields,
            quota_measures: BTreeMap::new(),
        }
    }

    /// Every field of every record source, over all dates: what `comp check` validates.
    pub fn everything(ws: &Workspace) -> Needs {
        let fields = ws
            .sources
            .iter()
            .filter(|s| s.kind == SourceKind::Records)
            .map(|s| (s.name.clone(), vec![true; s.fields.len()]))
            .collect();
        Needs {
            window: Window::ALL,
            fields,
            quota_measures: BTreeMap::new(),
        }
    }

    /// What either needs: the wider window, every source and field of both.
    pub fn union(mut self, other: Needs) -> Needs {
        self.window = Window {
            start: self.window.start.min(other.window.start),
            end: self.window.end.max(other.window.end),
        };
        for (source, wanted) in other.fields {
            match self.fields.get_mut(&source) {
                Some(mine) => {
                    for (a, b) in mine.iter_mut().zip(wanted) {
                        *a |= b;
                    }
                }
                None => {
                    self.fields.insert(source, wanted);
                }
            }
        }
        for (plan, measures) in other.quota_measures {
            self.quota_measures
                .entry(plan)
                .or_default()
                .extend(measures);
        }
        self
    }

    /// `plan` is paid to the payees the roster puts on `as_id` (a plan compared or swapped in):
    /// its fields are read, and quota rows for those payees may name its measures.
    pub fn with_plan_as(self, ws: &Workspace, as_id: &str, plan: &Plan) -> Needs {
        let mut more = Needs::of_plans(ws, [plan], self.window);
        more.quota_measures.insert(
            as_id.to_string(),
            plan.measures.iter().map(|m| m.id.clone()).collect(),
        );
        self.union(more)
    }

    /// Whether quota rows of a payee on roster plan `plan` may name `measure` beyond the plan's own.
    pub fn allows_quota(&self, plan: &str, measure: &str) -> bool {
        self.quota_measures
            .get(plan)
            .is_some_and(|m| m.contains(measure))
    }
}
