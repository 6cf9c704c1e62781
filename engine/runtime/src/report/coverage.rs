//! Which rules a corpus of cases exercises both ways. A rule never seen met, or never seen
//! breached, is a rule whose encoding no fixture has checked; `hall coverage` fails on it.

use serde::Serialize;

use crate::case::Case;
use crate::evaluate::output::{Evaluation, Status};
use crate::evaluate::Evaluator;
use crate::ir::{Policy, RuleBody};

/// The cases that show one rule met and breached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCoverage {
    pub rule: String,
    pub title: String,
    pub met: Vec<String>,
    pub breached: Vec<String>,
}

impl RuleCoverage {
    /// Both ways seen.
    pub fn complete(&self) -> bool {
        !self.met.is_empty() && !self.breached.is_empty()
    }
}

/// Coverage of every rule of one policy, in the policy's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub cases: usize,
    pub rules: Vec<RuleCoverage>,
}

impl Coverage {
    pub fn new(policy: &Policy) -> Coverage {
        Coverage {
            cases: 0,
            rules: policy
                .rules
                .iter()
                .map(|r| RuleCoverage {
                    rule: r.id.clone(),
                    title: r.title.clone(),
                    met: Vec::new(),
                    breached: Vec::new(),
                })
                .collect(),
        }
    }

    /// Records what one case's evaluation shows. A prohibition has no obligation: it counts as
    /// met by a case it applies to that does not break it — and, when it forbids the event only
    /// under a condition, one that records the event without meeting the condition (a fee
    /// charged by right, a reply in proper words), so the condition itself is tested.
    pub fn record(&mut self, evaluator: &Evaluator, case_name: &str, case: &Case, evaluation: &Evaluation) {
        self.cases += 1;
        for (entry, rule) in self.rules.iter_mut().zip(&evaluator.policy().rules) {
            let breached = evaluation.violations.iter().any(|v| v.rule == rule.id);
            let kept = match &rule.body {
                RuleBody::Forbid(spec) => {
                    evaluator.applies(rule, case)
                        && !breached
                        && ((spec.filter.is_none() && spec.once.is_none())
                            || case.events.iter().any(|e| e.name == spec.event))
                }
                _ => false,
            };
            let met = kept
                || evaluation
                    .obligations
                    .iter()
                    .any(|o| o.rule == rule.id && o.status == Status::Met);
            if met {
                entry.met.push(case_name.to_string());
            }
            if breached {
                entry.breached.push(case_name.to_string());
            }
        }
    }

    /// The rules not yet seen both ways.
    pub fn gaps(&self) -> impl Iterator<Item = &RuleCoverage> {
        self.rules.iter().filter(|r| !r.complete())
    }
}
