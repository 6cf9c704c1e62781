//! Checking: a parsed [`PolicyFile`] in, every problem found out, all in one run. Names, kinds,
//! facts, events and fields; units; citations; the eight disclosures (八公开) of each matter;
//! rule shapes; unreachable and conflicting rules. Nothing here panics: a problem is data.

use std::collections::BTreeMap;

use hallpolicy_runtime::ir::ValueType;

use crate::ast::*;
use crate::check_rule::RuleCheck;
use crate::diagnostic::{Code, Diagnostic};

/// Calendars the compiler ships.
pub const KNOWN_CALENDARS: [&str; 1] = ["cn-mainland"];
/// Forms of notice and record.
pub const KNOWN_FORMS: [&str; 4] = ["oral", "written", "platform", "receipt"];
/// Type names fields may have.
pub const KNOWN_TYPES: [&str; 9] = [
    "text",
    "staff",
    "number",
    "bool",
    "date",
    "datetime",
    "form",
    "materials",
    "matter",
];

/// The eight disclosures (八公开, seed 004 第十六条(六)1) and the clause that supplies each.
pub const EIGHT_DISCLOSURES: [(&str, &str); 8] = [
    ("审批事项", "the matter's name"),
    ("法律依据", "basis"),
    ("办事条件", "conditions"),
    ("办理数量", "quantity"),
    ("办理程序", "procedure"),
    ("承诺期限", "type"),
    ("全部材料目录", "materials"),
    ("申请书示范文本", "sample"),
];

/// Resolves a written type to a runtime type.
pub fn resolve_type(ty: &TypeExpr) -> Option<ValueType> {
    match ty {
        TypeExpr::Choice(options) => Some(ValueType::Choice(options.iter().map(|o| o.text.clone()).collect())),
        TypeExpr::Named(name) => match name.text.as_str() {
            "text" => Some(ValueType::Text),
            "staff" => Some(ValueType::Staff),
            "number" => Some(ValueType::Number),
            "bool" => Some(ValueType::Bool),
            "date" => Some(ValueType::Date),
            "datetime" => Some(ValueType::DateTime),
            "form" => Some(ValueType::Form),
            "materials" => Some(ValueType::Materials),
            "matter" => Some(ValueType::Matter),
            _ => None,
        },
    }
}

/// Reads `HH:MM` as minutes after midnight.
pub fn parse_clock_time(text: &str) -> Option<u16> {
    let (h, m) = text.split_once(':')?;
    let (h, m) = (h.parse::<u16>().ok()?, m.parse::<u16>().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

pub(crate) fn unit_name(unit: UnitAst) -> &'static str {
    match unit {
        UnitAst::WorkingDays => "working days",
        UnitAst::CalendarDays => "calendar days",
        UnitAst::Months => "months",
        UnitAst::Hours => "hours",
        UnitAst::Minutes => "minutes",
    }
}

/// The rule shapes the runtime evaluates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Deadline,
    Check,
    Forbid,
    Notice,
}

/// Works out a rule's shape from its clauses.
pub fn shape_of(rule: &RuleDecl) -> Vec<Shape> {
    let mut shapes = Vec::new();
    let has = |f: &dyn Fn(&ClauseKind) -> bool| rule.clauses.iter().any(|c| f(&c.kind));
    if has(&|k| matches!(k, ClauseKind::After { .. } | ClauseKind::Must { .. })) {
        shapes.push(Shape::Deadline);
    }
    if has(&|k| matches!(k, ClauseKind::Each { .. })) {
        shapes.push(Shape::Check);
    }
    if has(&|k| matches!(k, ClauseKind::Never { .. })) {
        shapes.push(Shape::Forbid);
    }
    if has(&|k| matches!(k, ClauseKind::Missing { .. } | ClauseKind::Notice { .. })) {
        shapes.push(Shape::Notice);
    }
    shapes
}

fn clause_keyword(kind: &ClauseKind) -> &'static str {
    match kind {
        ClauseKind::Cite { .. } => "cite",
        ClauseKind::Quote(_) => "quote",
        ClauseKind::Kind(_) => "kind",
        ClauseKind::When(_) => "when",
        ClauseKind::After { .. } => "after",
        ClauseKind::Must { .. } => "must",
        ClauseKind::By(_) => "by",
        ClauseKind::Within(_) => "within",
        ClauseKind::Before(_) => "before",
        ClauseKind::Form(_) => "form",
        ClauseKind::States(_) => "states",
        ClauseKind::Restart { .. } => "restart",
        ClauseKind::Stop { .. } => "stop",
        ClauseKind::Extend { .. } => "extend",
        ClauseKind::ApplicantDelay(_) => "applicant delay",
        ClauseKind::Warn(_) => "warn",
        ClauseKind::Ladder(_) => "ladder",
        ClauseKind::Each { .. } => "each",
        ClauseKind::Never { .. } => "never",
        ClauseKind::Missing { .. } => "missing",
        ClauseKind::Notice { .. } => "notice",
    }
}

/// Whether a clause has meaning in a rule of this shape.
fn allowed_in(kind: &ClauseKind, shape: Shape) -> bool {
    match kind {
        ClauseKind::Cite { .. }
        | ClauseKind::Quote(_)
        | ClauseKind::Kind(_)
        | ClauseKind::When(_)
        | ClauseKind::By(_)
        | ClauseKind::Ladder(_) => true,
        ClauseKind::After { .. }
        | ClauseKind::Must { .. }
        | ClauseKind::Within(_)
        | ClauseKind::Before(_)
        | ClauseKind::Restart { .. }
        | ClauseKind::Stop { .. }
        | ClauseKind::Extend { .. }
        | ClauseKind::ApplicantDelay(_)
        | ClauseKind::Warn(_) => shape == Shape::Deadline,
        ClauseKind::Form(_) => matches!(shape, Shape::Deadline | Shape::Check | Shape::Notice),
        ClauseKind::States(_) => matches!(shape, Shape::Deadline | Shape::Check),
        ClauseKind::Each { .. } => shape == Shape::Check,
        ClauseKind::Never { .. } => shape == Shape::Forbid,
        ClauseKind::Missing { .. } | ClauseKind::Notice { .. } => shape == Shape::Notice,
    }
}

/// Levenshtein distance, for "did you mean" help.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let value = (prev + usize::from(ca != *cb)).min(above + 1).min(left + 1);
            prev = above;
            if let Some(slot) = row.get_mut(j + 1) {
                *slot = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// "unknown WHAT `name`", with the declared names, the closest first, as its help.
pub(crate) fn unknown<'k>(
    code: Code,
    what: &str,
    name: &Name,
    label: &str,
    known: impl IntoIterator<Item = &'k str>,
) -> Diagnostic {
    Diagnostic::new(code, name.span, format!("unknown {what} `{}`", name.text), label)
        .help(known_help(what, &name.text, known))
}

/// Help naming the declared names, with the closest first when one is close.
pub(crate) fn known_help<'a>(what: &str, wanted: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    let known: Vec<&str> = known.into_iter().collect();
    if known.is_empty() {
        return format!("no {what} is declared");
    }
    let best = known
        .iter()
        .map(|k| (distance(wanted, k), *k))
        .min()
        .filter(|(d, k)| *d <= (k.chars().count().max(wanted.chars().count()) / 2).max(1));
    let list = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
    match best {
        Some((_, k)) => format!("did you mean `{k}`? declared {what}s: {list}"),
        None => format!("declared {what}s: {list}"),
    }
}

pub(crate) struct KindScope<'a> {
    pub(crate) decl: &'a KindDecl,
    pub(crate) facts: BTreeMap<&'a str, (&'a FieldDecl, Option<ValueType>)>,
    pub(crate) events: BTreeMap<&'a str, &'a EventDecl>,
}

impl<'a> KindScope<'a> {
    pub(crate) fn field_type(&self, event: &str, field: &str) -> Option<Option<ValueType>> {
        match field {
            "by" => return Some(Some(ValueType::Staff)),
            "form" => return Some(Some(ValueType::Form)),
            _ => {}
        }
        let e = self.events.get(event)?;
        e.fields
            .iter()
            .find(|f| f.name.text == field)
            .map(|f| resolve_type(&f.ty))
    }
}

struct Checker<'a> {
    file: &'a PolicyFile,
    out: Vec<Diagnostic>,
    kinds: BTreeMap<&'a str, KindScope<'a>>,
    sources: BTreeMap<&'a str, &'a SourceDecl>,
    ladders: BTreeMap<&'a str, &'a LadderDecl>,
    rules: BTreeMap<&'a str, &'a RuleDecl>,
}

/// Checks a parsed rule file; an empty result means it can be lowered.
pub fn check(file: &PolicyFile) -> Vec<Diagnostic> {
    let mut c = Checker {
        file,
        out: Vec::new(),
        kinds: BTreeMap::new(),
        sources: BTreeMap::new(),
        ladders: BTreeMap::new(),
        rules: BTreeMap::new(),
    };
    c.hall();
    c.sources();
    c.kinds();
    c.matters();
    c.ladders();
    c.rules();
    c.limits_in_range();
    c.not_encoded();
    c.repeats();
    c.out.sort_by_key(|d| (d.span.start, d.code));
    c.out
}

impl<'a> Checker<'a> {
    fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    /// A `repeat` names its kind, the event it counts, how cases group, a window, a count of at
    /// least two and what follows; the event and the grouping fact belong to the kind.
    fn repeats(&mut self) {
        let mut seen: BTreeMap<&str, &Name> = BTreeMap::new();
        for r in &self.file.repeats {
            if let Some(first) = seen.insert(&r.id.text, &r.id) {
                let first = first.clone();
                self.duplicate("repeat", &first, &r.id);
            }
            self.citation("repeat", &r.id, r.cite.as_ref().map(|(s, a)| (s, a)));
            let missing: Vec<&str> = [
                (r.kind.is_none(), "`kind`"),
                (r.count.is_none(), "`count EVENT`"),
                (r.per.is_none() && !r.per_person, "`per FACT` or `per person`"),
                (
                    r.within.is_none() && !r.calendar_year,
                    "`in calendar year` or `within N months`",
                ),
                (r.at_least.is_none(), "`at least N`"),
                (r.then.is_none(), "`then \"…\"`"),
            ]
            .into_iter()
            .filter_map(|(absent, what)| absent.then_some(what))
            .collect();
            if !missing.is_empty() {
                self.push(
                    Diagnostic::new(
                        Code::IncompleteRule,
                        r.id.span,
                        format!("repeat `{}` lacks {}", r.id.text, missing.join(", ")),
                        "incomplete",
                    )
                    .help(
                        "a repeat counts cases: `kind K count EVENT per FACT in calendar year at least 2 then \"…\"`",
                    ),
                );
            }
            if let Some((n, span)) = r.at_least.filter(|(n, _)| *n < 2) {
                self.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        span,
                        format!("`at least {n}` is not a repetition"),
                        "fewer than two",
                    )
                    .help("a repetition needs two cases or more: `at least 2`"),
                );
            }
            if let Some(w) = r
                .within
                .as_ref()
                .filter(|w| !matches!(w.unit, UnitAst::Months | UnitAst::CalendarDays))
            {
                self.push(
                    Diagnostic::new(
                        Code::UnitMismatch,
                        w.span,
                        "a repetition window is counted in months or calendar days",
                        "not months or days",
                    )
                    .help("write `within 12 months` or `in calendar year`"),
                );
            }
            let Some(kind_name) = &r.kind else {
                continue;
            };
            let Some(scope) = self.kinds.get(kind_name.text.as_str()) else {
                self.unknown_kind(kind_name);
                continue;
            };
            let mut found = Vec::new();
            if let Some(e) = r.count.as_ref().filter(|e| !scope.events.contains_key(e.text.as_str())) {
                found.push(
                    Diagnostic::new(
                        Code::UnknownEvent,
                        e.span,
                        format!("kind `{}` has no event `{}`", kind_name.text, e.text),
                        "unknown event",
                    )
                    .help(known_help("event", &e.text, scope.events.keys().copied())),
                );
            }
            if let Some(f) = r.per.as_ref().filter(|f| !scope.facts.contains_key(f.text.as_str())) {
                found.push(
                    Diagnostic::new(
                        Code::UnknownFact,
                        f.span,
                        format!("kind `{}` has no fact `{}`", kind_name.text, f.text),
                        "unknown fact",
                    )
                    .help(known_help("fact", &f.text, scope.facts.keys().copied())),
                );
            }
            for d in found {
                self.push(d);
            }
        }
    }

    /// `not encoded` names a declared source, at least one article, and a reason.
    fn not_encoded(&mut self) {
        for decl in &self.file.not_encoded {
            if !self.sources.contains_key(decl.source.text.as_str()) {
                let help = known_help("source", &decl.source.text, self.sources.keys().copied());
                self.push(
                    Diagnostic::new(
                        Code::UnknownSource,
                        decl.source.span,
                        format!("unknown source `{}`", decl.source.text),
                        "not declared",
                    )
                    .help(help),
                );
            }
            for article in decl.articles.iter().filter(|a| a.text.trim().is_empty()) {
                self.push(
                    Diagnostic::new(Code::InvalidValue, article.span, "an empty article", "no article")
                        .help("name the article as the text numbers it, e.g. \"三(四)\" or \"第十六条(二)3\""),
                );
            }
            if decl.reason.text.trim().is_empty() {
                self.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        decl.reason.span,
                        "leaving articles out needs a reason",
                        "empty reason",
                    )
                    .help("say why, e.g. \"exhortation with no observable duty\""),
                );
            }
        }
    }

    fn unknown_kind(&mut self, name: &Name) {
        let help = known_help("kind", &name.text, self.kinds.keys().copied());
        self.push(
            Diagnostic::new(
                Code::UnknownKind,
                name.span,
                format!("unknown kind `{}`", name.text),
                "not declared",
            )
            .help(help),
        );
    }

    fn duplicate(&mut self, what: &str, first: &Name, again: &Name) {
        self.push(
            Diagnostic::new(
                Code::Duplicate,
                again.span,
                format!("{what} `{}` is declared twice", again.text),
                "declared again here",
            )
            .related(first.span, "first declared here")
            .help(format!("rename one of them or merge the two {what}s")),
        );
    }

    fn hall(&mut self) {
        let halls = &self.file.halls;
        let Some(hall) = halls.first() else {
            self.push(
                Diagnostic::new(
                    Code::MissingHall,
                    Span::default(),
                    "the file declares no `hall`",
                    "the file starts here",
                )
                .help("start the file with `hall ID \"name\" { version \"1\" calendar cn-mainland }`"),
            );
            return;
        };
        for again in halls.iter().skip(1) {
            self.push(
                Diagnostic::new(
                    Code::MissingHall,
                    again.id.span,
                    "a rule file describes one hall; this is a second `hall`",
                    "second hall",
                )
                .related(hall.id.span, "the first hall")
                .help("put each hall's policy in its own file"),
            );
        }
        if let Some(cal) = &hall.calendar {
            if !KNOWN_CALENDARS.contains(&cal.text.as_str()) {
                self.push(unknown(
                    Code::InvalidValue,
                    "calendar",
                    cal,
                    "not a calendar hallpolicy ships",
                    KNOWN_CALENDARS,
                ));
            }
        }
        if let Some((open, close)) = &hall.hours {
            let o = parse_clock_time(&open.text);
            let c = parse_clock_time(&close.text);
            for (t, v) in [(open, o), (close, c)] {
                if v.is_none() {
                    self.push(
                        Diagnostic::new(
                            Code::InvalidValue,
                            t.span,
                            format!("`{}` is not a time of day", t.text),
                            "not a time",
                        )
                        .help("write hours and minutes from `00:00` to `23:59`"),
                    );
                }
            }
            if let (Some(o), Some(c)) = (o, c) {
                if o >= c {
                    self.push(
                        Diagnostic::new(
                            Code::InvalidValue,
                            open.span.to(close.span),
                            "opening time is not before closing time",
                            "these hours",
                        )
                        .help("write `hours 08:30 to 17:00`"),
                    );
                }
            }
        }
    }

    fn sources(&mut self) {
        for s in &self.file.sources {
            if let Some(first) = self.sources.get(s.id.text.as_str()) {
                let first = first.id.clone();
                self.duplicate("source", &first, &s.id);
            } else {
                self.sources.insert(&s.id.text, s);
            }
        }
    }

    fn field_list(&mut self, owner: &str, fields: &'a [FieldDecl], reserved: bool) {
        let mut seen: BTreeMap<&str, &Name> = BTreeMap::new();
        for f in fields {
            if let Some(first) = seen.get(f.name.text.as_str()) {
                let first = (*first).clone();
                self.duplicate("field", &first, &f.name);
            }
            seen.insert(&f.name.text, &f.name);
            if reserved && hallpolicy_runtime::case::RESERVED_EVENT_FIELDS.contains(&f.name.text.as_str()) {
                self.push(
                    Diagnostic::new(
                        Code::ReservedName,
                        f.name.span,
                        format!("`{}` is a field every event already has", f.name.text),
                        "reserved name",
                    )
                    .help(format!(
                        "every event of {owner} has `type`, `at`, `by` and `form`; choose another name"
                    )),
                );
            }
            if let TypeExpr::Named(t) = &f.ty {
                if resolve_type(&f.ty).is_none() {
                    self.push(unknown(Code::InvalidValue, "type", t, "not a type", KNOWN_TYPES));
                }
            }
        }
    }

    fn kinds(&mut self) {
        for k in &self.file.kinds {
            if let Some(first) = self.kinds.get(k.name.text.as_str()) {
                let first = first.decl.name.clone();
                self.duplicate("kind", &first, &k.name);
                continue;
            }
            self.field_list(&format!("kind `{}`", k.name.text), &k.facts, false);
            let mut events: BTreeMap<&str, &EventDecl> = BTreeMap::new();
            for e in &k.events {
                if let Some(first) = events.get(e.name.text.as_str()) {
                    let first = first.name.clone();
                    self.duplicate("event", &first, &e.name);
                    continue;
                }
                self.field_list(&format!("event `{}`", e.name.text), &e.fields, true);
                events.insert(&e.name.text, e);
            }
            let facts = k
                .facts
                .iter()
                .map(|f| (f.name.text.as_str(), (f, resolve_type(&f.ty))))
                .collect();
            self.kinds.insert(&k.name.text, KindScope { decl: k, facts, events });
        }
    }

    fn matters(&mut self) {
        let mut seen: BTreeMap<&str, &Name> = BTreeMap::new();
        for m in &self.file.matters {
            if let Some(first) = seen.get(m.name.text.as_str()) {
                let first = (*first).clone();
                self.duplicate("matter", &first, &m.name);
                continue;
            }
            seen.insert(&m.name.text, &m.name);
            let mut missing = Vec::new();
            let mut given: BTreeMap<&str, &Name> = BTreeMap::new();
            for (key, _) in &m.disclosures {
                if let Some(first) = given.get(key.text.as_str()) {
                    let first = (*first).clone();
                    self.duplicate("disclosure", &first, key);
                }
                given.insert(&key.text, key);
            }
            for (label, clause) in EIGHT_DISCLOSURES {
                let present = match clause {
                    "the matter's name" => true,
                    "type" => m.matter_type.is_some(),
                    "materials" => m.materials.as_ref().is_some_and(|l| !l.is_empty()),
                    other => given.contains_key(other),
                };
                if !present {
                    missing.push(format!("{label} (`{clause}`)"));
                }
            }
            if !missing.is_empty() {
                self.push(
                    Diagnostic::new(
                        Code::MissingDisclosure,
                        m.name.span,
                        format!("matter `{}` does not publish all eight disclosures (八公开)", m.name.text),
                        format!("missing {}", missing.join(", ")),
                    )
                    .help("白政办发〔2018〕7号 第十六条(六)1 requires every matter to publish 审批事项, 法律依据, 办事条件, 办理数量, 办理程序, 承诺期限, 全部材料目录 and 申请书示范文本"),
                );
            }
            if let Some((MatterTypeAst::Promised(limit), _)) = &m.matter_type {
                if matches!(limit.unit, UnitAst::Hours | UnitAst::Minutes) {
                    self.push(
                        Diagnostic::new(
                            Code::UnitMismatch,
                            limit.span,
                            "a promised limit is counted in days or months",
                            "sub-day unit",
                        )
                        .help("write `promised 5 working days`, or make the matter `immediate`"),
                    );
                }
            }
        }
    }

    /// Every limit, warning, lead time and overdue criterion is more than zero and stays within a
    /// century, so it means something and date arithmetic never leaves the calendar.
    fn limits_in_range(&mut self) {
        let mut limits: Vec<&LimitAst> = Vec::new();
        for m in &self.file.matters {
            if let Some((MatterTypeAst::Promised(l), _)) = &m.matter_type {
                limits.push(l);
            }
        }
        for l in &self.file.ladders {
            for r in &l.rungs {
                if let Some(CriterionAst::Overdue(limit)) = &r.criterion {
                    limits.push(limit);
                }
            }
        }
        for r in &self.file.rules {
            for c in &r.clauses {
                match &c.kind {
                    ClauseKind::Within(LimitSpecAst::Fixed(l))
                    | ClauseKind::Notice {
                        within: LimitSpecAst::Fixed(l),
                        ..
                    }
                    | ClauseKind::Warn(l)
                    | ClauseKind::Extend { lead: Some(l), .. } => limits.push(l),
                    _ => {}
                }
            }
        }
        for limit in limits {
            let most = match limit.unit {
                UnitAst::WorkingDays | UnitAst::CalendarDays => 36_500,
                UnitAst::Months => 1_200,
                UnitAst::Hours => 876_000,
                UnitAst::Minutes => 52_560_000,
            };
            if limit.amount == 0 {
                self.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        limit.span,
                        "a limit of zero leaves no time at all",
                        "zero",
                    )
                    .help("for a duty on the spot write `within same visit`"),
                );
            }
            if limit.amount > most {
                self.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        limit.span,
                        format!("{} {} is more than a century", limit.amount, unit_name(limit.unit)),
                        "too long",
                    )
                    .help(format!("limits are at most {most} {}", unit_name(limit.unit))),
                );
            }
        }
    }

    fn citation(&mut self, owner: &str, id: &Name, cite: Option<(&Name, &Name)>) {
        match cite {
            None => self.push(
                Diagnostic::new(
                    Code::MissingCitation,
                    id.span,
                    format!("{owner} `{}` cites no article", id.text),
                    "no `cite`",
                )
                .help("every rule encodes an article: add `cite SOURCE \"第十六条(三)3\"`"),
            ),
            Some((source, article)) => {
                if !self.sources.contains_key(source.text.as_str()) {
                    let help = known_help("source", &source.text, self.sources.keys().copied());
                    self.push(
                        Diagnostic::new(
                            Code::UnknownSource,
                            source.span,
                            format!("unknown source `{}`", source.text),
                            "not declared",
                        )
                        .help(format!("{help}; declare it with `source {} \"title\"`", source.text)),
                    );
                }
                if article.text.trim().is_empty() {
                    self.push(
                        Diagnostic::new(
                            Code::MissingCitation,
                            article.span,
                            "the citation names no article",
                            "empty article",
                        )
                        .help("write the article as the text numbers it, for example `\"第十六条(三)3\"`"),
                    );
                }
            }
        }
    }

    fn ladders(&mut self) {
        for l in &self.file.ladders {
            if let Some(first) = self.ladders.get(l.id.text.as_str()) {
                let first = first.id.clone();
                self.duplicate("ladder", &first, &l.id);
                continue;
            }
            self.ladders.insert(&l.id.text, l);
            self.citation("ladder", &l.id, l.cite.as_ref().map(|(s, a)| (s, a)));
            for rung in &l.rungs {
                match &rung.criterion {
                    Some(CriterionAst::Repeated(0, span)) => self.push(
                        Diagnostic::new(
                            Code::InvalidValue,
                            *span,
                            "a repetition count of zero always holds",
                            "zero",
                        )
                        .help("write `repeated >= 2` for a second breach"),
                    ),
                    Some(CriterionAst::Fact { fact, .. })
                        if !self.kinds.values().any(|k| k.facts.contains_key(fact.text.as_str())) =>
                    {
                        let all: Vec<&str> = self.kinds.values().flat_map(|k| k.facts.keys().copied()).collect();
                        self.push(
                            Diagnostic::new(
                                Code::UnknownFact,
                                fact.span,
                                format!("no kind declares a fact `{}`", fact.text),
                                "unknown fact",
                            )
                            .help(known_help("fact", &fact.text, all)),
                        );
                    }
                    _ => {}
                }
            }
        }
    }

    fn rules(&mut self) {
        for r in &self.file.rules {
            if let Some(first) = self.rules.get(r.id.text.as_str()) {
                let first = first.id.clone();
                self.duplicate("rule", &first, &r.id);
                continue;
            }
            self.rules.insert(&r.id.text, r);
        }
        let rules: Vec<&RuleDecl> = self.rules.values().copied().collect();
        for r in &rules {
            self.rule(r);
        }
        self.conflicts();
    }

    fn rule(&mut self, rule: &'a RuleDecl) {
        let cite = rule.clauses.iter().find_map(|c| match &c.kind {
            ClauseKind::Cite { source, article } => Some((source, article)),
            _ => None,
        });
        self.citation("rule", &rule.id, cite);

        // One of each clause, except `stop` and `cite` pairs that may repeat.
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        for clause in &rule.clauses {
            let keyword = clause_keyword(&clause.kind);
            if keyword == "stop" {
                continue;
            }
            if let Some(first) = seen.get(keyword) {
                self.push(
                    Diagnostic::new(
                        Code::Duplicate,
                        clause.span,
                        format!("rule `{}` has more than one `{keyword}`", rule.id.text),
                        "again here",
                    )
                    .related(*first, "first here")
                    .help("keep one; join conditions with `and`, alternatives with `or`"),
                );
            }
            seen.insert(keyword, clause.span);
        }

        let shapes = shape_of(rule);
        let shape = match shapes.as_slice() {
            [] => {
                self.push(
                    Diagnostic::new(Code::IncompleteRule, rule.id.span, format!("rule `{}` states no duty", rule.id.text), "no duty")
                        .help("give it `after EVENT must EVENT within LIMIT`, `each EVENT states FIELD`, `never EVENT`, or `missing FACT materials from EVENT.FIELD notice EVENT.FIELD within LIMIT`"),
                );
                return;
            }
            [one] => *one,
            _ => {
                self.push(
                    Diagnostic::new(
                        Code::IncompleteRule,
                        rule.id.span,
                        format!("rule `{}` mixes several kinds of duty", rule.id.text),
                        "several shapes",
                    )
                    .help("split it into one rule per duty"),
                );
                return;
            }
        };
        for clause in &rule.clauses {
            if !allowed_in(&clause.kind, shape) {
                self.push(
                    Diagnostic::new(
                        Code::IncompleteRule,
                        clause.span,
                        format!("`{}` has no meaning in this kind of rule", clause_keyword(&clause.kind)),
                        "not used here",
                    )
                    .help("remove it, or move it to the rule it belongs to"),
                );
            }
        }

        let Some(kind_name) = rule.clauses.iter().find_map(|c| match &c.kind {
            ClauseKind::Kind(k) => Some(k),
            _ => None,
        }) else {
            self.push(
                Diagnostic::new(
                    Code::IncompleteRule,
                    rule.id.span,
                    format!("rule `{}` names no kind of case", rule.id.text),
                    "no `kind`",
                )
                .help("add `kind NAME` naming the case kind it applies to"),
            );
            return;
        };
        let Some(scope) = self.kinds.get(kind_name.text.as_str()) else {
            self.unknown_kind(kind_name);
            return;
        };
        let mut found = Vec::new();
        RuleCheck {
            rule,
            shape,
            scope,
            ladders: &self.ladders,
            rules: &self.rules,
            file: self.file,
            out: &mut found,
        }
        .run();
        self.out.extend(found);
    }

    /// Two deadline rules on the same kind, trigger, duty and conditions with different limits.
    fn conflicts(&mut self) {
        let rules: Vec<&RuleDecl> = self.file.rules.iter().collect();
        for (i, a) in rules.iter().enumerate() {
            for b in rules.iter().skip(i + 1) {
                if a.id.text == b.id.text {
                    continue;
                }
                let key = |r: &RuleDecl| {
                    let mut kind = None;
                    let mut when = None;
                    let mut after = None;
                    let mut must = None;
                    let mut within = None;
                    for c in &r.clauses {
                        match &c.kind {
                            ClauseKind::Kind(k) => kind = Some(k.text.clone()),
                            ClauseKind::When(w) => when = Some(w.clone()),
                            ClauseKind::After { .. } => after = Some(c.kind.clone()),
                            ClauseKind::Must { duties, matching } => {
                                let mut d: Vec<String> = duties.iter().map(|n| n.text.clone()).collect();
                                d.sort();
                                must = Some((d, matching.clone()));
                            }
                            ClauseKind::Within(l) => within = Some(l.clone()),
                            _ => {}
                        }
                    }
                    (kind, when, after, must, within)
                };
                let (ka, wa, aa, ma, la) = key(a);
                let (kb, wb, ab, mb, lb) = key(b);
                if aa.is_some() && ma.is_some() && ka == kb && wa == wb && aa == ab && ma == mb && la != lb {
                    self.push(
                        Diagnostic::new(
                            Code::ConflictingRules,
                            b.id.span,
                            format!(
                                "rules `{}` and `{}` set different limits for the same duty",
                                a.id.text, b.id.text
                            ),
                            "conflicts with an earlier rule",
                        )
                        .related(a.id.span, "the earlier rule")
                        .help("keep one limit, or tell the cases apart with `when`"),
                    );
                }
            }
        }
    }
}
