//! The message catalogues: every code the runtime writes has Chinese and English words, every
//! entry parses and renders without a Fluent error, and `MESSAGES.md` lists them as they are.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::collections::BTreeSet;
use std::path::Path;

use hallpolicy_runtime::message::codes;
use hallpolicy_runtime::Lang;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The codes the runtime's source names in `Message::new("…")` and catalogue look-ups.
fn codes_in_source() -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    // The runtime writes the evaluation's messages and most refusals; the guest a few refusals.
    let mut stack = vec![root().join("src"), root().join("../guest/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for piece in text.split('"').skip(1).step_by(2) {
                let is_code = piece.contains('-')
                    && piece.chars().all(|c| c.is_ascii_lowercase() || c == '-' || c == '_')
                    && !piece.starts_with('-')
                    && !piece.ends_with('-');
                if is_code {
                    found.insert(piece.to_string());
                }
            }
        }
    }
    found
}

#[test]
fn both_catalogues_hold_the_same_codes() {
    let zh: BTreeSet<String> = codes(Lang::Zh).into_iter().collect();
    let en: BTreeSet<String> = codes(Lang::En).into_iter().collect();
    assert_eq!(
        zh.difference(&en).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "in zh-CN only"
    );
    assert_eq!(
        en.difference(&zh).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "in en only"
    );
    assert!(zh.len() > 80, "{}", zh.len());
}

#[test]
fn every_code_the_runtime_writes_has_words_in_both_languages() {
    // In the catalogue a component carries, not only in the tools' one.
    let zh: BTreeSet<String> = catalogue("zh-CN.ftl")
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(id, _)| id.to_string()))
        .filter(|id| !id.starts_with('#'))
        .collect();
    let missing: Vec<String> = codes_in_source()
        .into_iter()
        .filter(|c| {
            let family = [
                "duty-",
                "deadline-",
                "clock-",
                "fault-",
                "notice-",
                "forbid-",
                "extension-",
                "penalty-",
                "case-",
            ];
            family.iter().any(|f| c.starts_with(f))
        })
        .filter(|c| !zh.contains(c))
        .collect();
    assert!(missing.is_empty(), "codes with no words: {missing:?}");
}

/// A catalogue of `locales/`.
fn catalogue(file: &str) -> String {
    std::fs::read_to_string(root().join("locales").join(file)).unwrap()
}

/// The tools' catalogue of `locales/tools/`.
fn tools_catalogue(file: &str) -> String {
    std::fs::read_to_string(root().join("locales/tools").join(file)).unwrap()
}

#[test]
fn every_entry_parses_and_renders_cleanly() {
    for (lang, file) in [(Lang::Zh, "zh-CN.ftl"), (Lang::En, "en.ftl")] {
        let mut bundle = fluent_bundle::FluentBundle::new(vec![lang.tag().parse().unwrap()]);
        for source in [catalogue(file), tools_catalogue(file)] {
            let resource = match fluent_bundle::FluentResource::try_new(source) {
                Ok(r) => r,
                Err((_, errors)) => panic!("{file}: {errors:?}"),
            };
            bundle.add_resource(resource).unwrap();
        }
        for code in codes(lang) {
            let pattern = bundle.get_message(&code).and_then(|m| m.value()).unwrap();
            let mut args = fluent_bundle::FluentArgs::new();
            let texts = "events event field value materials fields forms given required at due since until day \
                         last_day rule calendar approver phrase op bound fact unit bound_unit hall version kind \
                         subject as_of actor person duty who why citation title what rung basis range limit start \
                         used left amount from to excluded verdict reason span festival first form by path known \
                         allowed previous previous_at choices matter detail text lang expected policy dir met breached \
                         rules gaps case passed failed new verb changed cases ladder status old trigger duties parts \
                         fields received notice conditions type phrases filter stop resume approval warn after low high \
                         given url name hash report link media";
            for name in texts.split_whitespace() {
                args.set(name, "x");
            }
            for name in [
                "n", "count", "late", "year", "last", "at_least", "index", "length", "line", "column",
            ] {
                args.set(name, 2);
            }
            let mut errors = Vec::new();
            let _ = bundle.format_pattern(pattern, Some(&args), &mut errors);
            assert!(errors.is_empty(), "{file} {code}: {errors:?}");
        }
    }
}

#[test]
fn moments_read_as_the_regulations_count_and_units_agree_with_their_number() {
    use hallpolicy_runtime::calendar::time::parse_moment;
    use hallpolicy_runtime::ir::Unit;
    use hallpolicy_runtime::message::{moment, unit, Message};
    let midnight = parse_moment("2026-06-09T00:00:00+08:00").unwrap();
    assert_eq!(moment(Lang::Zh, midnight), "2026年6月8日 24:00");
    assert_eq!(moment(Lang::En, midnight), "2026-06-08 24:00");
    assert_eq!(unit(Lang::En, Unit::WorkingDays, 1), "working day");
    assert_eq!(unit(Lang::En, Unit::WorkingDays, 3), "working days");
    assert_eq!(unit(Lang::Zh, Unit::WorkingDays, 1), "个工作日");
    let mut m = Message::new("penalty-overdue")
        .arg("late", 1i64)
        .arg("unit", Unit::WorkingDays)
        .arg("amount", 3u32)
        .arg("bound_unit", Unit::WorkingDays);
    m.localize(Lang::En);
    assert_eq!(m.text, "overdue by 1 working day, at least 3 working days");
    m.localize(Lang::Zh);
    assert_eq!(m.text, "逾期1个工作日，达到3个工作日");
    assert_eq!(
        serde_json::to_string(&m).unwrap(),
        r#"{"code":"penalty-overdue","args":{"late":1,"unit":"working_days","amount":3,"bound_unit":"working_days"},"text":"逾期1个工作日，达到3个工作日"}"#
    );
}

/// `MESSAGES.md`: each code with its words in both languages, the arguments by name.
fn messages_page() -> String {
    let read = |file: &str| format!("{}\n{}", catalogue(file), tools_catalogue(file));
    let (zh, en) = (read("zh-CN.ftl"), read("en.ftl"));
    let entry = |source: &str, code: &str| -> String {
        let mut lines = source.lines().skip_while(|l| !l.starts_with(&format!("{code} =")));
        let first = lines.next().unwrap_or_default();
        let mut text = first.split_once(" =").map_or("", |(_, v)| v).trim().to_string();
        for more in lines.take_while(|l| l.starts_with(' ') || *l == "}") {
            text.push(' ');
            text.push_str(more.trim());
        }
        text.replace('|', "\\|")
    };
    let mut out = String::from(
        "# Messages\n\nEvery sentence an evaluation gives is a message: a stable `code`, named `args`, and \
         its `text` in the call's language (Chinese, `zh-CN`, unless English, `en`, is asked for). A portal \
         may show `text` as it is, or word the code its own way from the args. The words below are the \
         catalogues' (`engine/runtime/locales/`; the tools' own, which no component carries, in \
         `locales/tools/`), with each argument as `{ $name }`; moments are written \
         in the args as RFC 3339, days as `YYYY-MM-DD`, units and forms as their codes, and lists of \
         names as arrays. Codes are stable across versions; the words may improve.\n\n\
         This page is generated by `cargo test -p hallpolicy-runtime --test catalogue` (set \
         `UPDATE_MESSAGES=1` to rewrite it).\n\n| code | 中文 | English |\n| --- | --- | --- |\n",
    );
    for code in codes(Lang::Zh) {
        out.push_str(&format!(
            "| `{code}` | {} | {} |\n",
            entry(&zh, &code),
            entry(&en, &code)
        ));
    }
    out
}

#[test]
fn messages_page_is_current() {
    let path = root().join("MESSAGES.md");
    let page = messages_page();
    if std::env::var_os("UPDATE_MESSAGES").is_some() {
        std::fs::write(&path, &page).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(on_disk == page, "MESSAGES.md is stale: run with UPDATE_MESSAGES=1");
}

/// The glossary's terms marked “messages” are the words the catalogues use.
#[test]
fn the_glossary_terms_are_the_catalogues_words() {
    let glossary = std::fs::read_to_string(root().join("GLOSSARY.md")).unwrap();
    let zh = std::fs::read_to_string(root().join("locales/zh-CN.ftl")).unwrap();
    let en = std::fs::read_to_string(root().join("locales/en.ftl"))
        .unwrap()
        .to_lowercase();
    let mut checked = 0;
    let mut missing = Vec::new();
    for row in glossary
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains("| messages |"))
    {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (chinese, english) = (cells[1], cells[2]);
        for term in chinese.split(" / ") {
            if !zh.contains(term) {
                missing.push(format!("zh {term}"));
            }
        }
        for term in english.split(" / ") {
            if !en.contains(&term.to_lowercase()) {
                missing.push(format!("en {term}"));
            }
        }
        checked += 1;
    }
    assert!(missing.is_empty(), "glossary terms not in the catalogues: {missing:?}");
    assert!(checked > 25, "{checked}");
}
