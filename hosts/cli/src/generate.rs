//! `hall generate POLICY --count N [--seed S]`: random valid cases for a policy, as JSON lines —
//! every kind, fact and event of its schema, values of the right type, events in time order — for
//! batch throughput runs and for holding every host to the same bytes on cases no one wrote.
//! Deterministic: the same seed gives the same cases.

use std::io::Write;
use std::path::Path;

use hallpolicy_runtime::ir::{FieldDecl, Policy, ValueType};
use serde_json::{json, Map, Value};

use crate::command_error::{CommandResult, Outcome};
use crate::policy::load;
use crate::Format;

/// A small, fast, seedable generator (xorshift64*); no cryptographic use.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }
}

const PEOPLE: [&str; 5] = ["王芳", "李娜", "张伟", "刘洋", "陈静"];
const WORDS: [&str; 5] = ["已处理", "材料齐全", "需复核", "不知道", "请到2号窗口"];
const FORMS: [&str; 4] = ["oral", "written", "platform", "receipt"];

/// Minutes since 2026-01-01 00:00 in CST, as RFC 3339.
fn moment(minutes: u64) -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap_or_default()
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    let at = start + chrono::Duration::minutes(i64::try_from(minutes).unwrap_or(0));
    at.format("%Y-%m-%dT%H:%M:00+08:00").to_string()
}

fn value(r: &mut Random, ty: &ValueType, policy: &Policy, now: u64) -> Value {
    match ty {
        ValueType::Text => json!(r.pick(&WORDS).copied().unwrap_or("")),
        ValueType::Staff => json!(r.pick(&PEOPLE).copied().unwrap_or("")),
        ValueType::Number => json!(r.below(10)),
        ValueType::Bool => json!(r.chance(50)),
        ValueType::Date => json!(moment(now + r.below(30 * 24 * 60)).get(..10).unwrap_or("")),
        ValueType::DateTime => json!(moment(now)),
        ValueType::Form => json!(r.pick(&FORMS).copied().unwrap_or("")),
        ValueType::Materials => {
            let all: Vec<&String> = policy.matters.iter().flat_map(|m| &m.materials).collect();
            let chosen: Vec<&String> = all.into_iter().filter(|_| r.chance(70)).collect();
            json!(chosen)
        }
        ValueType::Matter => json!(r.pick(&policy.matters).map_or("", |m| m.name.as_str())),
        ValueType::Choice(options) => json!(r.pick(options).map_or("", String::as_str)),
    }
}

fn fields(r: &mut Random, decls: &[FieldDecl], policy: &Policy, now: u64, into: &mut Map<String, Value>) {
    for f in decls {
        if f.optional && r.chance(30) {
            continue;
        }
        into.insert(f.name.clone(), value(r, &f.ty, policy, now));
    }
}

/// One random case of `policy`.
fn case(r: &mut Random, policy: &Policy, n: u64) -> Value {
    let Some(kind) = r.pick(&policy.kinds) else {
        return json!({});
    };
    let mut now = r.below(330 * 24 * 60) + 9 * 60;
    let mut facts = Map::new();
    fields(r, &kind.facts, policy, now, &mut facts);
    let mut events = Vec::new();
    for _ in 0..r.below(12) {
        let Some(decl) = r.pick(&kind.events) else {
            break;
        };
        let mut event = Map::new();
        event.insert("type".into(), json!(decl.name));
        event.insert("at".into(), json!(moment(now)));
        if r.chance(80) {
            event.insert("by".into(), json!(r.pick(&PEOPLE).copied().unwrap_or("")));
        }
        if r.chance(40) {
            event.insert("form".into(), json!(r.pick(&FORMS).copied().unwrap_or("")));
        }
        fields(r, &decl.fields, policy, now, &mut event);
        events.push(Value::Object(event));
        let span = if r.chance(70) { 120 } else { 3 * 24 * 60 };
        now += 5 + r.below(span);
    }
    json!({
        "kind": kind.name,
        "subject": format!("GEN-{n}"),
        "as_of": moment(now + r.below(10 * 24 * 60)),
        "facts": facts,
        "events": events,
    })
}

/// `count` random cases of `policy` as JSON text, the same for the same seed.
pub fn cases(policy: &Policy, count: u64, seed: u64) -> Vec<String> {
    let mut r = Random(seed.max(1));
    (0..count).map(|n| case(&mut r, policy, n).to_string()).collect()
}

/// Runs the subcommand: the cases written to stdout.
pub fn run(policy_path: &Path, count: u64, seed: u64, format: Format) -> CommandResult {
    let policy = load(policy_path, format)?;
    let mut r = Random(seed.max(1));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for n in 0..count {
        if writeln!(out, "{}", case(&mut r, &policy, n)).is_err() {
            break;
        }
    }
    Ok(Outcome::Done)
}
