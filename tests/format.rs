//! `hall fmt`'s layout: every shipped policy is already in it, formatting twice changes nothing,
//! formatting never changes the syntax tree, and any re-spacing of a policy formats back to the
//! same text.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use hallpolicy_compiler::format::format_source;
use hallpolicy_compiler::syntax::parse;
use hallpolicy_tests::root;
use proptest::prelude::*;

fn policies() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["policy", "tests/fixtures/policies"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "hall") {
                out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn shipped_policies_are_formatted_and_formatting_keeps_their_tree() {
    let all = policies();
    assert!(all.len() >= 10);
    for (name, source) in all {
        let formatted = format_source(&source);
        assert!(formatted == source, "{name} is not formatted: run `hall fmt {name}`");
        assert_eq!(format_source(&formatted), formatted, "{name}: not idempotent");
        assert_eq!(
            parse(&formatted).unwrap(),
            parse(&source).unwrap(),
            "{name}: tree changed"
        );
    }
}

/// Re-spaces a source outside strings and comments: each space becomes 1–4 spaces, each line
/// break 1–3 line breaks followed by 0–5 spaces of indentation.
fn respace(source: &str, choices: &[u8]) -> String {
    let mut out = String::new();
    let (mut in_string, mut in_comment) = (false, false);
    let mut k = 0;
    let mut next = || {
        let c = choices.get(k % choices.len().max(1)).copied().unwrap_or(0);
        k += 1;
        usize::from(c)
    };
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if !in_comment => {
                in_string = !in_string;
                out.push(c);
            }
            '\\' if in_string => {
                out.push(c);
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '/' if !in_string && chars.peek() == Some(&'/') => {
                in_comment = true;
                out.push(c);
            }
            '\n' => {
                in_comment = false;
                in_string = false;
                out.push_str(&"\n".repeat(1 + next() % 3));
                out.push_str(&" ".repeat(next() % 6));
            }
            ' ' if !in_string && !in_comment => out.push_str(&" ".repeat(1 + next() % 4)),
            _ => out.push(c),
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_respacing_formats_back_to_the_same_text(choices in proptest::collection::vec(any::<u8>(), 1..64), pick in 0usize..10) {
        let all = policies();
        let (name, source) = &all[pick % all.len()];
        let messy = respace(source, &choices);
        prop_assert_eq!(parse(&messy).unwrap(), parse(source).unwrap(), "{} re-spaced parses differently", name);
        let formatted = format_source(&messy);
        // Blank lines the re-spacing added inside items collapse to one; compare without them.
        let squeeze = |s: &str| s.lines().filter(|l| !l.trim().is_empty()).collect::<Vec<_>>().join("\n");
        prop_assert_eq!(squeeze(&formatted), squeeze(source));
        prop_assert_eq!(format_source(&formatted), formatted.clone());
        prop_assert_eq!(parse(&formatted).unwrap(), parse(source).unwrap());
    }
}

#[test]
fn every_policy_reads_the_same_in_chinese_keywords() {
    use hallpolicy_compiler::format::{translate, Lang};
    for (name, source) in policies() {
        let zh = translate(&source, Lang::Zh).unwrap();
        assert!(!zh.contains("\nrule "), "{name}: an English keyword is left");
        assert_eq!(
            parse(&zh).unwrap(),
            parse(&source).unwrap(),
            "{name}: Chinese form parses differently"
        );
        let back = translate(&zh, Lang::En).unwrap();
        assert_eq!(
            parse(&back).unwrap(),
            parse(&source).unwrap(),
            "{name}: English again parses differently"
        );
    }
}

#[test]
fn the_chinese_form_of_yaoguan_is_kept_and_equal_to_its_english_form() {
    use hallpolicy_compiler::format::{translate, Lang};
    let en = std::fs::read_to_string(root().join("policy/yaoguan-003.hall")).unwrap();
    let zh = std::fs::read_to_string(root().join("policy/zh/yaoguan-003.hall")).unwrap();
    assert!(zh.contains("规则 首问推诿用语 \"不得以“不知道、不清楚、不归我管”推诿\" {\n  条款 制度 \"二(二)\""));
    assert!(zh.contains("  不得 答复 其中 原话 含有 \"不知道\", \"不清楚\", \"不归我管\"\n"));
    assert!(zh.contains("  时限 事项 的时限\n  重新计时于 补正 若 一次性告知\n  预警 3 个工作日\n"));
    // Type names and forms of notice have Chinese forms too.
    assert!(zh.contains("  事件 收费 { 金额: 数字, 明文规定: 是否 }\n"));
    assert!(zh.contains("  形式 书面\n"));
    assert_eq!(parse(&zh).unwrap(), parse(&en).unwrap());
    assert!(hallpolicy_compiler::check_source(&zh).is_empty());
    assert_eq!(
        translate(&en, Lang::Zh).unwrap(),
        zh,
        "policy/zh/yaoguan-003.hall is out of date: run `hall fmt --lang zh` on a copy of the English form"
    );
    assert_eq!(
        hallpolicy_compiler::compile(&zh).unwrap().to_bytes(),
        hallpolicy_compiler::compile(&en).unwrap().to_bytes()
    );
}

#[test]
fn a_chinese_keyword_never_runs_into_a_name() {
    // `或者` is a name, not `或` followed by `者`: the clause stops and the file is refused.
    let source = "hall 测试 \"测试\" { 版本 \"1\" 日历 cn-mainland }\n来源 办法 \"办法\"\n种类 咨询 { 事件 接待 {} 事件 解答 {} }\n规则 R { 条款 办法 \"一\" 种类 咨询 发生 接待 须 解答 或者 由 人 时限 当场 }\n";
    assert!(parse(source).is_err());
    let fine = source.replace("或者", "或 解答");
    assert!(parse(&fine).is_ok(), "{:?}", parse(&fine).err());
}

#[test]
fn office_hours_keywords_are_whole_words() {
    // Found by the `parse` fuzz target: `to08:30` was read as `to 08:30`, and formatted as
    // `to08: 30`, which does not parse.
    let source = "hall 测试 \"测试大厅\" { version \"1\" calendar cn-mainland hours 17:00  to08:30 }\n";
    let refused = parse(source).expect_err("`to08` is not the keyword `to`");
    assert!(refused.iter().any(|d| d.message.contains("`to`")), "{refused:?}");
    let spaced = source.replace("to08", "to 08");
    let tree = parse(&spaced).expect("the hours parse with the keyword spelled apart");
    assert_eq!(parse(&format_source(&spaced)).expect("the formatted text parses"), tree);
    assert!(parse(&source.replace("hours 17", "hours17")).is_err());
}
