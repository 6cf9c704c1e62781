//! The Fluent catalogues (`locales/*.ftl`), parsed once per process (in a component, once at
//! `hall build`, which snapshots them), and the rendering of messages and phrases from them.

use std::borrow::Cow;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveTime, Timelike};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use super::{Arg, Lang, Message};
use crate::calendar::date_of;
use crate::calendar::time::{describe_moment, format_day, Moment};
use crate::calendar::DayNumber;

const ZH: &str = include_str!("../../locales/zh-CN.ftl");
const EN: &str = include_str!("../../locales/en.ftl");
/// The tools' words (the CLI's summaries, the rule book, the service's refusals, explanations):
/// loaded only with the `tools` feature, so a component carries just what an evaluation says.
const TOOLS_ZH: &str = include_str!("../../locales/tools/zh-CN.ftl");
const TOOLS_EN: &str = include_str!("../../locales/tools/en.ftl");

type Bundle = FluentBundle<FluentResource>;

/// A language's bundle, and the words lists are joined with, read from it once.
struct Catalogue {
    bundle: Bundle,
    comma: String,
    and: String,
    or: String,
}

fn catalogue(lang: Lang) -> &'static Catalogue {
    static CATALOGUES: OnceLock<[Catalogue; 2]> = OnceLock::new();
    let [zh, en] = CATALOGUES.get_or_init(|| {
        [Lang::Zh, Lang::En].map(|lang| {
            let bundle = match lang {
                Lang::Zh => load(lang, ZH, TOOLS_ZH),
                Lang::En => load(lang, EN, TOOLS_EN),
            };
            let list = |id: &str| {
                let pattern = bundle.get_message(id).and_then(|m| m.value());
                pattern.map_or_else(
                    || id.to_string(),
                    |p| bundle.format_pattern(p, None, &mut Vec::new()).into_owned(),
                )
            };
            let (comma, and, or) = (list("list-comma"), list("list-and"), list("list-or"));
            Catalogue { bundle, comma, and, or }
        })
    });
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn bundle(lang: Lang) -> &'static Bundle {
    &catalogue(lang).bundle
}

fn load(lang: Lang, source: &'static str, tools: &'static str) -> Bundle {
    let id = lang.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks would land in JSON and terminals as invisible characters.
    bundle.set_use_isolating(false);
    // The catalogues are ours and a test parses them; a faulty entry shows as its code.
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, _)| partial);
    let _ = bundle.add_resource(resource);
    if cfg!(feature = "tools") {
        let resource = FluentResource::try_new(tools.to_string()).unwrap_or_else(|(partial, _)| partial);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// Every message id in the `lang` catalogue, the tools' included, in file order.
pub fn codes(lang: Lang) -> Vec<String> {
    let sources = match lang {
        Lang::Zh => [ZH, TOOLS_ZH],
        Lang::En => [EN, TOOLS_EN],
    };
    sources
        .iter()
        .flat_map(|source| {
            let resource = fluent_syntax::parser::parse(*source).unwrap_or_else(|(partial, _)| partial);
            resource
                .body
                .into_iter()
                .filter_map(|entry| match entry {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The words of catalogue entry `id` with `args`; the id itself when the catalogue has none.
pub fn phrase(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    words(lang, id, &fluent_args)
}

/// The words of entry `id` with arguments already gathered.
fn words(lang: Lang, id: &str, args: &FluentArgs<'_>) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_string();
    };
    let mut errors = Vec::new();
    bundle.format_pattern(pattern, Some(args), &mut errors).into_owned()
}

/// A catalogue phrase with text arguments.
pub fn say(lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
    let args: Vec<(&str, FluentValue<'_>)> = args.iter().map(|(n, v)| (*n, FluentValue::from(*v))).collect();
    phrase(lang, id, &args)
}

/// A message's words in `lang`. Each argument is worded once and moved into the call.
pub fn render(message: &Message, lang: Lang) -> String {
    let mut args = FluentArgs::with_capacity(message.args.0.len());
    for (name, value) in render_args(message, lang) {
        args.set(name, value);
    }
    words(lang, &message.code, &args)
}

/// A message's arguments as the words show them in `lang`.
pub fn render_args(message: &Message, lang: Lang) -> Vec<(Cow<'static, str>, FluentValue<'static>)> {
    let mut last_number = None;
    let mut out = Vec::with_capacity(message.args.0.len());
    for (name, arg) in &message.args.0 {
        let value = match arg {
            Arg::Number(n) => {
                last_number = Some(*n);
                FluentValue::from(*n)
            }
            other => FluentValue::from(show(other, lang, last_number)),
        };
        out.push((name.clone(), value));
    }
    out
}

/// An argument as words; a unit agrees with the number before it (`1 working day`).
fn show(arg: &Arg, lang: Lang, count: Option<i64>) -> String {
    match arg {
        Arg::Name(name) => quote(name),
        Arg::Text(text) => text.clone(),
        Arg::Number(n) => n.to_string(),
        Arg::Moment(m) => moment(lang, *m),
        Arg::Day(d) => day(lang, *d),
        Arg::Unit(u) => unit(lang, *u, count.unwrap_or(2)),
        Arg::Names(names) => join(lang, "list-and", names.iter().map(|n| quote(n))),
        Arg::Choices(names) => join(lang, "list-or", names.iter().map(|n| quote(n))),
        Arg::Forms(forms) => join(lang, "list-or", forms.iter().map(|f| form(lang, *f))),
    }
}

/// A unit in `lang`'s words, agreeing with `n` (`1 working day`, `2 个工作日`).
pub fn unit(lang: Lang, unit: crate::ir::Unit, n: i64) -> String {
    phrase(lang, &format!("unit-{}", unit.code()), &[("n", FluentValue::from(n))])
}

/// A number of units (`5个工作日`, `5 working days`).
pub fn amount(lang: Lang, n: i64, u: crate::ir::Unit) -> String {
    let space = if lang == Lang::En { " " } else { "" };
    format!("{n}{space}{}", unit(lang, u, n))
}

/// A name as the text quotes it, in either language.
pub fn quote(name: &str) -> String {
    format!("“{name}”")
}

/// A form of notice or record in `lang`'s words (书面, written).
pub fn form(lang: Lang, form: crate::ir::Form) -> String {
    phrase(lang, &format!("form-{}", form.label()), &[])
}

/// Items joined as `lang` lists them: `separator` (`list-and`, `list-or`) before the last.
pub fn join(lang: Lang, separator: &str, items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => {
            let words = catalogue(lang);
            let last_separator = match separator {
                "list-and" => Cow::Borrowed(words.and.as_str()),
                "list-or" => Cow::Borrowed(words.or.as_str()),
                other => Cow::Owned(phrase(lang, other, &[])),
            };
            format!("{}{last_separator}{last}", init.join(&words.comma))
        }
    }
}

/// A moment the way the regulations count: midnight is `24:00` of the day before.
pub fn moment(lang: Lang, m: Moment) -> String {
    match lang {
        Lang::En => describe_moment(m),
        Lang::Zh => {
            let (date, hm) = if m.time() == NaiveTime::MIN {
                (m.date() - chrono::Duration::days(1), "24:00".to_string())
            } else {
                (m.date(), format!("{:02}:{:02}", m.hour(), m.minute()))
            };
            format!("{}年{}月{}日 {hm}", date.year(), date.month(), date.day())
        }
    }
}

/// A day as `2026年6月8日` or `2026-06-08`.
pub fn day(lang: Lang, d: DayNumber) -> String {
    match lang {
        Lang::En => format_day(d),
        Lang::Zh => {
            let date = date_of(d);
            format!("{}年{}月{}日", date.year(), date.month(), date.day())
        }
    }
}
