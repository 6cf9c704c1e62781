//! Lowering: a checked [`PolicyFile`] in, the runtime's [`Policy`] IR out. Runs only after
//! [`crate::check`] found nothing, so it resolves names without reporting; anything it cannot
//! resolve would have been a diagnostic.

use hallpolicy_runtime::ir::{self, Policy};

use crate::ast::*;
use crate::calendar_data::shipped_calendar;
use crate::check::{parse_clock_time, resolve_type};

/// The default role when a rule names none.
const DEFAULT_ACTOR: &str = "窗口工作人员";

fn unit(u: UnitAst) -> ir::Unit {
    match u {
        UnitAst::WorkingDays => ir::Unit::WorkingDays,
        UnitAst::CalendarDays => ir::Unit::CalendarDays,
        UnitAst::Months => ir::Unit::Months,
        UnitAst::Hours => ir::Unit::Hours,
        UnitAst::Minutes => ir::Unit::Minutes,
    }
}

fn limit(l: &LimitAst) -> ir::Limit {
    ir::Limit {
        amount: l.amount,
        unit: unit(l.unit),
    }
}

fn limit_spec(spec: &LimitSpecAst) -> ir::LimitSpec {
    match spec {
        LimitSpecAst::SameVisit(_) => ir::LimitSpec::SameVisit,
        LimitSpecAst::MatterLimit(f) => ir::LimitSpec::MatterLimit { fact: f.text.clone() },
        LimitSpecAst::Fixed(l) => ir::LimitSpec::Fixed(limit(l)),
    }
}

fn forms(names: &[Name]) -> Vec<ir::Form> {
    names.iter().filter_map(|n| ir::Form::from_label(&n.text)).collect()
}

fn texts(names: &[Name]) -> Vec<String> {
    names.iter().map(|n| n.text.clone()).collect()
}

fn filter(f: &Option<FilterAst>) -> Option<ir::FieldFilter> {
    f.as_ref().map(|f| ir::FieldFilter {
        field: f.field.text.clone(),
        test: match &f.test {
            FilterTest::Equals(value) => ir::FieldTest::Equals(value.text.clone()),
            FilterTest::Compare(op, bound) => ir::FieldTest::Compare(*op, bound.text.parse().unwrap_or(0.0)),
            FilterTest::ContainsAny(phrases) => {
                ir::FieldTest::ContainsAny(phrases.iter().map(|p| p.text.clone()).collect())
            }
        },
    })
}

fn fields(list: &[FieldDecl]) -> Vec<ir::FieldDecl> {
    list.iter()
        .map(|f| ir::FieldDecl {
            name: f.name.text.clone(),
            ty: resolve_type(&f.ty).unwrap_or(ir::ValueType::Text),
            optional: f.optional,
        })
        .collect()
}

/// Why lowering stopped (only for a file that did not pass the checker).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LowerError(pub String);

/// Builds the IR of a checked file.
pub fn lower(file: &PolicyFile) -> Result<Policy, LowerError> {
    let hall = file.halls.first().ok_or_else(|| LowerError("no hall".into()))?;
    let calendar_name = hall.calendar.as_ref().map_or("cn-mainland", |c| c.text.as_str());
    let calendar =
        shipped_calendar(calendar_name).ok_or_else(|| LowerError(format!("no calendar `{calendar_name}`")))?;
    let hours = hall.hours.as_ref().and_then(|(o, c)| {
        Some(ir::BusinessHours {
            open_minute: parse_clock_time(&o.text)?,
            close_minute: parse_clock_time(&c.text)?,
        })
    });
    let sources: Vec<ir::Source> = file
        .sources
        .iter()
        .map(|s| ir::Source {
            id: s.id.text.clone(),
            title: s.title.text.clone(),
        })
        .collect();
    let citation = |source: &Name, article: &Name, quote: Option<&Name>| ir::Citation {
        source: source.text.clone(),
        document: sources
            .iter()
            .find(|s| s.id == source.text)
            .map(|s| s.title.clone())
            .unwrap_or_default(),
        article: article.text.clone(),
        quote: quote.map(|q| q.text.clone()),
    };

    let kinds = file
        .kinds
        .iter()
        .map(|k| ir::CaseKind {
            name: k.name.text.clone(),
            facts: fields(&k.facts),
            events: k
                .events
                .iter()
                .map(|e| ir::EventDecl {
                    name: e.name.text.clone(),
                    fields: fields(&e.fields),
                })
                .collect(),
        })
        .collect();

    let matters = file
        .matters
        .iter()
        .map(|m| {
            let (matter_type, promised) = match &m.matter_type {
                Some((MatterTypeAst::Promised(l), _)) => (ir::MatterType::Promised, Some(limit(l))),
                _ => (ir::MatterType::Immediate, None),
            };
            ir::Matter {
                name: m.name.text.clone(),
                matter_type,
                limit: promised,
                materials: m.materials.as_deref().map(texts).unwrap_or_default(),
                disclosures: m
                    .disclosures
                    .iter()
                    .map(|(k, v)| ir::Disclosure {
                        name: k.text.clone(),
                        text: v.text.clone(),
                    })
                    .collect(),
            }
        })
        .collect();

    let ladders = file
        .ladders
        .iter()
        .map(|l| ir::Ladder {
            id: l.id.text.clone(),
            citation: match &l.cite {
                Some((s, a)) => citation(s, a, l.quote.as_ref()),
                None => ir::Citation::default(),
            },
            rungs: l
                .rungs
                .iter()
                .map(|r| ir::Rung {
                    name: r.name.text.clone(),
                    criterion: r.criterion.as_ref().map(|c| match c {
                        CriterionAst::Overdue(l) => ir::Criterion::OverdueAtLeast(limit(l)),
                        CriterionAst::Repeated(n, _) => ir::Criterion::Repeated { count: *n },
                        CriterionAst::Fact { fact, value } => ir::Criterion::FactEquals {
                            fact: fact.text.clone(),
                            value: value.text.clone(),
                        },
                    }),
                })
                .collect(),
        })
        .collect();

    let mut rules = Vec::with_capacity(file.rules.len());
    for r in &file.rules {
        rules.push(lower_rule(r, &citation)?);
    }

    let repeats = file
        .repeats
        .iter()
        .map(|r| ir::Repeat {
            id: r.id.text.clone(),
            title: r.title.as_ref().map_or_else(|| r.id.text.clone(), |t| t.text.clone()),
            kind: r.kind.as_ref().map(|k| k.text.clone()).unwrap_or_default(),
            citation: r
                .cite
                .as_ref()
                .map(|(s, a)| citation(s, a, r.quote.as_ref()))
                .unwrap_or_default(),
            event: r.count.as_ref().map(|e| e.text.clone()).unwrap_or_default(),
            per: match &r.per {
                Some(fact) => ir::GroupBy::Fact(fact.text.clone()),
                None => ir::GroupBy::Person,
            },
            window: match &r.within {
                Some(l) => ir::Window::Rolling(limit(l)),
                None => ir::Window::CalendarYear,
            },
            at_least: r.at_least.map_or(2, |(n, _)| n),
            consequence: r.then.as_ref().map(|t| t.text.clone()).unwrap_or_default(),
        })
        .collect();
    Ok(Policy {
        hall: ir::Hall {
            id: hall.id.text.clone(),
            name: hall.title.text.clone(),
            version: hall
                .version
                .as_ref()
                .map_or_else(|| "0".to_string(), |v| v.text.clone()),
            hours,
        },
        sources,
        calendar,
        kinds,
        matters,
        rules,
        ladders,
        repeats,
    })
}

fn lower_rule(
    r: &RuleDecl,
    citation: &dyn Fn(&Name, &Name, Option<&Name>) -> ir::Citation,
) -> Result<ir::Rule, LowerError> {
    let missing = |what: &str| LowerError(format!("rule `{}` has no `{what}`", r.id.text));
    let mut kind = None;
    let mut cite = None;
    let mut quote = None;
    let mut when = Vec::new();
    let mut actor = DEFAULT_ACTOR.to_string();
    let mut ladder = None;
    let mut deadline = ir::DeadlineRule {
        trigger: String::new(),
        each: false,
        filter: None,
        duties: Vec::new(),
        matching: None,
        limit: ir::LimitSpec::SameVisit,
        forms: Vec::new(),
        fields: Vec::new(),
        restart: None,
        stops: Vec::new(),
        extension: None,
        applicant_delay: None,
        warn: None,
    };
    let mut body = None;
    for c in &r.clauses {
        match &c.kind {
            ClauseKind::Cite { source, article } => cite = Some((source, article)),
            ClauseKind::Quote(q) => quote = Some(q),
            ClauseKind::Kind(k) => kind = Some(k.text.clone()),
            ClauseKind::When(conds) => {
                for cond in conds {
                    when.push(match cond {
                        ConditionAst::MatterIs { fact, promised } => ir::Condition::MatterIs {
                            fact: fact.text.clone(),
                            matter_type: if *promised {
                                ir::MatterType::Promised
                            } else {
                                ir::MatterType::Immediate
                            },
                        },
                        ConditionAst::Has(e) => ir::Condition::HasEvent { event: e.text.clone() },
                        ConditionAst::Fact { fact, negate, value } => ir::Condition::FactEquals {
                            fact: fact.text.clone(),
                            value: value.text.clone(),
                            negate: *negate,
                        },
                    });
                }
            }
            ClauseKind::By(a) => actor = a.text.clone(),
            ClauseKind::Ladder(l) => ladder = Some(l.text.clone()),
            ClauseKind::After { each, event, filter: f } => {
                deadline.trigger = event.text.clone();
                deadline.each = *each;
                deadline.filter = filter(f);
            }
            ClauseKind::Must { duties, matching } => {
                deadline.duties = texts(duties);
                deadline.matching = matching.as_ref().map(|m| m.text.clone());
            }
            ClauseKind::Within(spec) => deadline.limit = limit_spec(spec),
            ClauseKind::Before(e) => deadline.limit = ir::LimitSpec::BeforeEvent { event: e.text.clone() },
            ClauseKind::Form(names) => deadline.forms = forms(names),
            ClauseKind::States(names) => deadline.fields = texts(names),
            ClauseKind::Restart { event, if_rule } => {
                deadline.restart = Some(ir::Restart {
                    event: event.text.clone(),
                    if_rule: if_rule.as_ref().map(|n| n.text.clone()),
                })
            }
            ClauseKind::Stop { stop, resume } => deadline.stops.push(ir::StopSpec {
                stop: stop.text.clone(),
                resume: resume.text.clone(),
            }),
            ClauseKind::Extend {
                approval,
                field,
                approver,
                notice,
                states,
                lead,
            } => {
                deadline.extension = Some(ir::ExtensionSpec {
                    approval: approval.text.clone(),
                    until_field: field.text.clone(),
                    approver: approver.text.clone(),
                    notice: notice.text.clone(),
                    notice_fields: texts(states),
                    lead: lead.as_ref().map(limit),
                })
            }
            ClauseKind::ApplicantDelay(e) => deadline.applicant_delay = Some(e.text.clone()),
            ClauseKind::Warn(w) => deadline.warn = Some(limit(w)),
            ClauseKind::Each { events, filter: f } => {
                body = Some(ir::RuleBody::Check(ir::CheckRule {
                    events: texts(events),
                    filter: filter(f),
                    fields: Vec::new(),
                    forms: Vec::new(),
                }))
            }
            ClauseKind::Never { event, filter: f, once } => {
                body = Some(ir::RuleBody::Forbid(ir::ForbidRule {
                    event: event.text.clone(),
                    filter: filter(f),
                    once: once.as_ref().map(|o| o.text.clone()),
                }))
            }
            ClauseKind::Missing { .. } | ClauseKind::Notice { .. } => {}
        }
    }
    let notice_parts = (
        r.clauses.iter().find_map(|c| match &c.kind {
            ClauseKind::Missing {
                matter_fact,
                event,
                field,
            } => Some((matter_fact, event, field)),
            _ => None,
        }),
        r.clauses.iter().find_map(|c| match &c.kind {
            ClauseKind::Notice { event, field, within } => Some((event, field, within)),
            _ => None,
        }),
    );
    let body = match (body, notice_parts) {
        (Some(ir::RuleBody::Check(mut check)), _) => {
            check.fields = deadline.fields.clone();
            check.forms = deadline.forms.clone();
            ir::RuleBody::Check(check)
        }
        (Some(other), _) => other,
        (None, (Some((mf, re, rf)), Some((ne, nf, within)))) => ir::RuleBody::Notice(ir::NoticeRule {
            matter_fact: mf.text.clone(),
            received_event: re.text.clone(),
            received_field: rf.text.clone(),
            notice_event: ne.text.clone(),
            notice_field: nf.text.clone(),
            limit: limit_spec(within),
            forms: deadline.forms.clone(),
        }),
        (None, _) => ir::RuleBody::Deadline(Box::new(deadline)),
    };
    let (source, article) = cite.ok_or_else(|| missing("cite"))?;
    Ok(ir::Rule {
        id: r.id.text.clone(),
        title: r.title.as_ref().map_or_else(|| r.id.text.clone(), |t| t.text.clone()),
        kind: kind.ok_or_else(|| missing("kind"))?,
        citation: citation(source, article, quote),
        when,
        body,
        ladder,
        actor,
    })
}
