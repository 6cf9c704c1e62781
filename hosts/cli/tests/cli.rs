//! End-to-end: the `hall` binary as a user runs it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn hall(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hall"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const POLICY: &str = "policy/baicheng-004.hall";
const CASE: &str = "tests/fixtures/cases/baicheng-004/一次性告知-遗漏材料后二次告知.json";

#[test]
fn check_accepts_a_clean_policy() {
    let out = hall(&["check", POLICY]);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), "policy/baicheng-004.hall: ok\n");
}

#[test]
fn check_renders_diagnostics_and_fails() {
    let out = hall(&[
        "check",
        "tests/fixtures/bad-policies/H009-warning-in-calendar-days.hall",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("H009"), "{err}");
    assert!(
        err.contains("the warning is in calendar days but the limit is in working days"),
        "{err}"
    );
    assert!(err.contains("1 error"), "{err}");
}

#[test]
fn check_speaks_json_for_editors() {
    let out = hall(&[
        "check",
        "tests/fixtures/bad-policies/H004-unknown-event.hall",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "H004");
    assert_eq!(d["name"], "unknown-event");
    assert_eq!(d["span"]["line"], 16);
    assert!(d["help"].as_str().unwrap().starts_with("did you mean `办结`?"));
}

#[test]
fn eval_prints_obligations_and_violations() {
    let out = hall(&["eval", POLICY, CASE]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("已违反 一次性告知"), "{s}");
    assert!(s.contains("告知遗漏了“银行开户许可证”"), "{s}");
    assert!(s.contains("时限：2026年6月8日 24:00"), "{s}");
    assert!(s.contains("违规（3 项）："), "{s}");
    assert!(s.contains("已用 7个工作日，逾期 2个工作日"), "{s}");
    assert!(!s.contains('`'), "no Markdown on a terminal: {s}");
    let en = text(&hall(&["eval", POLICY, CASE, "--lang", "en"]).stdout);
    assert!(en.contains("BREACHED 一次性告知"), "{en}");
    assert!(en.contains("the notice left out “银行开户许可证”"), "{en}");
    assert!(en.contains("due:  2026-06-08 24:00"), "{en}");
    assert!(en.contains("Violations (3):"), "{en}");
    assert!(en.contains("used 7 working days, overdue by 2 working days"), "{en}");
}

#[test]
fn eval_json_is_the_library_output() {
    let out = hall(&["eval", POLICY, CASE, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["violations"].as_array().unwrap().len(), 3);
    assert_eq!(v["clocks"][0]["last_day"], "2026-06-08");
}

#[test]
fn as_of_moves_the_evaluation() {
    let case = "tests/fixtures/cases/baicheng-004/承诺件-中秋连国庆待办绿灯.json";
    let out = hall(&[
        "eval",
        POLICY,
        case,
        "--as-of",
        "2026-10-08T10:00:00+08:00",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let o = v["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["rule"] == "承诺件限时办结")
        .unwrap();
    assert_eq!(o["warning"], "yellow");
}

#[test]
fn a_bad_case_names_the_field() {
    let out = hall(&["eval", POLICY, "tests/fixtures/bad-cases/impossible-date.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("案件数据有误（events[0].at）：“2026-02-30”不是历法中的日子"));
    let out = hall(&[
        "eval",
        POLICY,
        "tests/fixtures/bad-cases/impossible-date.json",
        "--lang",
        "en",
    ]);
    assert!(text(&out.stderr).contains("invalid case at events[0].at: “2026-02-30” is not a day of the calendar"));
    let out = hall(&[
        "eval",
        POLICY,
        "tests/fixtures/bad-cases/impossible-date.json",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["path"], "events[0].at");
    assert_eq!(v["error"]["code"], "case-no-such-day");
    assert_eq!(v["error"]["args"]["day"], "2026-02-30");
}

#[test]
fn a_bad_policy_stops_eval_with_its_diagnostics() {
    let out = hall(&["eval", "tests/fixtures/bad-policies/H018-no-hall.hall", CASE]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("H018"));
}

#[test]
fn a_missing_file_is_a_plain_error() {
    let out = hall(&["check", "policy/nope.hall"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("error: cannot read `policy/nope.hall`"));
}

#[test]
fn coverage_passes_when_every_rule_is_seen_both_ways() {
    let out = hall(&[
        "coverage",
        "policy/yaoguan-003.hall",
        "tests/fixtures/cases/yaoguan-003",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.contains("完整  首问推诿用语      已履行  3 例，已违反  1 例  — 不得以“不知道、不清楚、不归我管”推诿"),
        "{report}"
    );
    assert!(report.ends_with("每条规则都有案件履行、有案件违反\n"), "{report}");
    let out = hall(&[
        "coverage",
        "policy/yaoguan-003.hall",
        "tests/fixtures/cases/yaoguan-003",
        "--lang",
        "en",
    ]);
    let report = text(&out.stdout);
    assert!(
        report.contains("ok   首问推诿用语      met in  3  breached in  1  — 不得以“不知道、不清楚、不归我管”推诿"),
        "{report}"
    );
    assert!(
        report.ends_with("every rule is met in some case and breached in another\n"),
        "{report}"
    );
}

#[test]
fn coverage_fails_and_names_the_rules_left_untested() {
    let out = hall(&[
        "coverage",
        "tests/fixtures/policies/counting.hall",
        "tests/fixtures/cases/counting",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let gap = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "重大件")
        .unwrap();
    assert_eq!(
        (
            gap["met"].as_array().unwrap().len(),
            gap["breached"].as_array().unwrap().len()
        ),
        (0, 0)
    );
    let out = hall(&[
        "coverage",
        "tests/fixtures/policies/counting.hall",
        "tests/fixtures/cases/counting",
    ]);
    assert!(
        text(&out.stdout).ends_with("4 条规则中有 1 条未在两个方向都覆盖：“重大件”既未被履行也未被违反\n"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn trace_accounts_for_every_article_of_a_seed() {
    let out = hall(&[
        "trace",
        "policy/yaoguan-003.hall",
        "policy/seeds/003_b1e98e119c88e443.txt",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        std::fs::read_to_string(root().join("policy/trace/yaoguan-003.md")).unwrap()
    );
}

#[test]
fn trace_fails_on_articles_left_unaccounted_and_citations_of_nothing() {
    // The 姚关镇 policy against the 白城 text: none of its articles is accounted for, and its
    // citations (二(一)…) name no article there.
    let out = hall(&[
        "trace",
        "policy/yaoguan-003.hall",
        "policy/seeds/004_8a5648f4939caab4.txt",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let report = &reports[0];
    let first = &report["rows"][0];
    assert_eq!(
        (first["article"].as_str(), first["encoded_by"].as_array().unwrap().len()),
        (Some("第一条"), 0)
    );
    assert!(report["unmatched"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u[0] == "首问记录" && u[1] == "二(三)"));
}

#[test]
fn review_reports_what_repetition_across_cases_triggers() {
    let out = hall(&[
        "review",
        "policy/tongxiang-001.hall",
        "tests/fixtures/cases/tongxiang-001",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["cases"].as_array().unwrap().len(), 11);
    let r = &report["repetitions"][0];
    assert_eq!(
        (r["group"].as_str(), r["window"].as_str(), r["count"].as_u64()),
        (Some("企业服务科"), Some("2026"), Some(2))
    );
    let out = hall(&[
        "review",
        "policy/tongxiang-001.hall",
        "tests/fixtures/cases/tongxiang-001",
    ]);
    assert!(text(&out.stdout).contains(
        "科室一年内投诉查实二次以上, 科室长年终考核不能评优秀: `企业服务科` 2 cases in 2026 (投诉-企业服务科-三月查实, 投诉-企业服务科-九月查实) → 科室长年终考核不能评优秀"
    ));
}

#[test]
fn diff_shows_which_cases_a_rule_change_alters() {
    // One more working day for 社会保险登记: every case of that matter moves its due date.
    let policy = std::fs::read_to_string(root().join(POLICY)).unwrap();
    let longer = policy.replacen("type promised 5 working days", "type promised 6 working days", 1);
    let new = std::env::temp_dir().join(format!("hall-diff-{}.hall", std::process::id()));
    std::fs::write(&new, longer).unwrap();
    let new = new.to_string_lossy().into_owned();
    let out = hall(&["diff", POLICY, &new, "--cases", "tests/fixtures/cases/baicheng-004"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.starts_with("34 个案件中有 8 个发生变化\n\n承诺件限时办结（第十六条(三)1、3、4）：\n"),
        "{report}"
    );
    assert!(
        report.contains("  一次性告知-遗漏材料后二次告知：最后一日：2026年6月8日 → 2026年6月9日\n"),
        "{report}"
    );
    assert!(
        report.contains("  承诺件-补正后国庆期间计时：警示：黄灯 → 绿灯\n"),
        "{report}"
    );
    let english = hall(&[
        "diff",
        POLICY,
        &new,
        "--cases",
        "tests/fixtures/cases/baicheng-004",
        "--lang",
        "en",
    ]);
    let report = text(&english.stdout);
    assert!(
        report.starts_with("8 of 34 cases change\n\n承诺件限时办结 (第十六条(三)1、3、4):\n"),
        "{report}"
    );
    assert!(
        report.contains("  承诺件-补正后国庆期间计时: warning: yellow → green\n"),
        "{report}"
    );
    let out = hall(&[
        "diff",
        POLICY,
        &new,
        "--cases",
        "tests/fixtures/cases/baicheng-004",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((json["cases"].as_u64(), json["changed"].as_u64()), (Some(34), Some(8)));
    let due = &json["rules"][0]["changes"][0];
    assert_eq!(
        (due["what"].as_str(), due["old"].as_str()),
        (Some("due"), Some("2026-07-09T00:00:00+08:00"))
    );
    let same = hall(&["diff", POLICY, POLICY, "--cases", "tests/fixtures/cases/baicheng-004"]);
    assert_eq!(
        (same.status.code(), text(&same.stdout)),
        (Some(0), "34 个案件中有 0 个发生变化\n".to_string())
    );
}

#[test]
fn test_checks_cases_against_insta_snapshots_and_updates_them() {
    let dir = std::env::temp_dir().join(format!("hall-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for case in ["一次性告知-补充后重新计时", "咨询-当场答复"] {
        std::fs::copy(
            root().join(format!("tests/fixtures/cases/daan-002/{case}.json")),
            dir.join(format!("{case}.json")),
        )
        .unwrap();
    }
    let cases = dir.to_string_lossy().into_owned();
    let first = hall(&["test", "policy/daan-002.hall", &cases]);
    assert_eq!(first.status.code(), Some(1));
    assert!(
        text(&first.stdout).ends_with("通过 0 个，不符 0 个，新增 2 个（2 个已另存为 .snap.new）\n"),
        "{}",
        text(&first.stdout)
    );
    assert!(dir.join("snapshots/咨询-当场答复.snap.new").exists());
    let update = hall(&["test", "policy/daan-002.hall", &cases, "--update"]);
    assert!(update.status.success());
    assert!(!dir.join("snapshots/咨询-当场答复.snap.new").exists());
    // The files are the ones the project's own snapshots are: same contents after the header.
    let written = std::fs::read_to_string(dir.join("snapshots/咨询-当场答复.snap")).unwrap();
    let kept =
        std::fs::read_to_string(root().join("tests/fixtures/cases/daan-002/snapshots/咨询-当场答复.snap")).unwrap();
    let body = |s: &str| s.split_once("\n---\n").unwrap().1.trim_end().to_string();
    assert_eq!(body(&written), body(&kept));
    assert_eq!(
        text(&hall(&["test", "policy/daan-002.hall", &cases]).stdout),
        "通过 2 个，不符 0 个，新增 0 个（0 个已另存为 .snap.new）\n"
    );
    assert_eq!(
        text(&hall(&["test", "policy/daan-002.hall", &cases, "--lang", "en"]).stdout),
        "2 passed, 0 failed, 0 new (0 left as .snap.new)\n"
    );
    // One working day less: the clock's case fails with a readable diff.
    let policy = std::fs::read_to_string(root().join("policy/daan-002.hall")).unwrap();
    let shorter = dir.join("shorter.hall");
    std::fs::write(
        &shorter,
        policy.replace("type promised 15 working days", "type promised 14 working days"),
    )
    .unwrap();
    let out = hall(&["test", &shorter.to_string_lossy(), &cases]);
    assert_eq!(out.status.code(), Some(1));
    let report = text(&out.stdout);
    assert!(report.contains("不符  一次性告知-补充后重新计时\n"), "{report}");
    assert!(
        report.contains("    -       时限：2026年6月5日 24:00\n    +       时限：2026年6月4日 24:00\n"),
        "{report}"
    );
    assert!(
        report.ends_with("通过 1 个，不符 1 个，新增 0 个（1 个已另存为 .snap.new）\n"),
        "{report}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A screenshot of the top of `page` as headless Chromium draws it, with `fontconfig` (a
/// fontconfig file) in place of the machine's when given.
fn screenshot(page: &Path, fontconfig: Option<&Path>) -> Vec<u8> {
    let browser = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".to_string());
    let png = page.with_extension("png");
    let mut command = Command::new(&browser);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=800,160",
        ])
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()));
    if let Some(config) = fontconfig {
        command.env("FONTCONFIG_FILE", config);
    }
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {browser} (set CHROMIUM): {e}"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    std::fs::read(&png).unwrap()
}

/// The Chinese of the rule book is drawn, not shown as boxes: a screenshot of its heading
/// differs from one of the same page with every Chinese character replaced by a character no
/// font has. With only a Latin font (a fontconfig of DejaVu alone) the two are the same, which
/// shows the comparison would catch a machine without a CJK font (CI installs fonts-noto-cjk).
#[test]
fn doc_draws_its_chinese_with_a_font_that_has_it() {
    let dir = std::env::temp_dir().join(format!("hall-doc-glyphs-{}", std::process::id()));
    let out = hall(&["doc", "policy/yaoguan-003.hall", "-o", &dir.to_string_lossy()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let book = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let is_cjk = |c: char| ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c);
    assert!(book.chars().filter(|c| is_cjk(*c)).count() > 100);
    let missing: String = book.chars().map(|c| if is_cjk(c) { '\u{e000}' } else { c }).collect();
    std::fs::write(dir.join("missing.html"), missing).unwrap();
    let (drawn, boxes) = (
        screenshot(&dir.join("index.html"), None),
        screenshot(&dir.join("missing.html"), None),
    );
    assert_ne!(
        drawn, boxes,
        "the Chinese is drawn as missing glyphs: no CJK font was found"
    );
    let latin_only = dir.join("latin-only.conf");
    std::fs::write(
        &latin_only,
        format!(
            "<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"fonts.dtd\"><fontconfig>\
             <dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{}</cachedir></fontconfig>",
            dir.join("fontconfig-cache").display()
        ),
    )
    .unwrap();
    assert_eq!(
        screenshot(&dir.join("index.html"), Some(&latin_only)),
        screenshot(&dir.join("missing.html"), Some(&latin_only)),
        "without a CJK font the two should look alike"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The page as headless Chromium renders it (CI installs Chromium; `CHROMIUM` names another).
fn rendered(page: &Path) -> String {
    let browser = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".to_string());
    let out = Command::new(&browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"])
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {browser} (set CHROMIUM): {e}"));
    text(&out.stdout)
}

#[test]
fn doc_writes_a_rule_book_a_browser_shows_with_every_link_resolved() {
    let dir = std::env::temp_dir().join(format!("hall-doc-{}", std::process::id()));
    let out = hall(&[
        "doc",
        "policy/yaoguan-003.hall",
        "--text",
        "policy/seeds/003_b1e98e119c88e443.txt",
        "-o",
        &dir.to_string_lossy(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let dom = rendered(&dir.join("index.html"));
    assert!(
        dom.contains("<title>施甸县姚关镇为民服务中心 — 规则手册</title>"),
        "{dom}"
    );
    assert!(dom.contains("<html lang=\"zh-CN\">"), "{dom}");
    for heading in ["规则", "事项", "责任追究", "跨案件的重复"] {
        assert!(dom.contains(&format!("<h2>{heading}</h2>")), "{heading}");
    }
    // An empty section says so.
    assert!(
        dom.contains("<p class=\"empty\">本政策没有跨案件的重复规则。</p>"),
        "{dom}"
    );
    // An article beside the rule that encodes it, and one left out with its reason.
    assert!(dom.contains(
        "<tr id=\"art-制度-一(二)1\"><td>一(二)1</td><td>属于乡镇职权范围内的事项,材料齐全的,中心即时办理。</td><td><a href=\"#rule-即办件即时办理\">即办件即时办理</a></td></tr>"
    ));
    assert!(dom.contains(
        "<td>五(二)1</td><td>微笑服务;</td><td><span class=\"left-out\">未编码：attitude, dress and bearing"
    ));
    // The rules, with their whole duty: the limit, the conditions, the clock's restart, the form.
    assert!(
        dom.contains("<li>“投诉”后：“答复”或“说明情况”，5个工作日内</li>"),
        "{dom}"
    );
    assert!(
        dom.contains(
            "<li>“收件”后：“办结”，在事项的承诺时限内</li><li>适用于：“事项”为承诺件</li>\
             <li>补正：“补正”次日起重新计时（须已依规则“一次性告知”履行告知）</li><li>届满前 3个工作日 亮黄灯</li>"
        ),
        "{dom}"
    );
    assert!(dom.contains("<li>不得“离岗”</li><li>仅当“事由”为“无故”</li>"), "{dom}");
    assert!(
        dom.contains("<li>每次“答复”：采用书面形式</li><li>适用于：“形式”为“书面”</li>"),
        "{dom}"
    );
    let english = dir.join("en");
    let out = hall(&[
        "doc",
        "policy/yaoguan-003.hall",
        "-o",
        &english.to_string_lossy(),
        "--lang",
        "en",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = std::fs::read_to_string(english.join("index.html")).unwrap();
    assert!(
        page.contains("<title>施甸县姚关镇为民服务中心 — rule book</title>"),
        "{page}"
    );
    assert!(
        page.contains("<li>after “投诉”: “答复” or “说明情况” within 5 working days</li>"),
        "{page}"
    );
    let ids: std::collections::BTreeSet<&str> =
        dom.split("id=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    let dangling: Vec<&str> = dom
        .split("href=\"#")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|target| !ids.contains(target))
        .collect();
    assert!(dangling.is_empty(), "links to nothing: {dangling:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn explain_shows_the_days_skipped_and_what_would_have_avoided_a_breach() {
    let out = hall(&[
        "explain",
        POLICY,
        "tests/fixtures/cases/baicheng-004/承诺件-补正后国庆期间计时.json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(report.contains(
        "  计算 时限 5个工作日，起算日 2026年9月30日（计时规则二：申请人已补正材料（“补正”，2026年9月30日 15:00），自补正次日起计算）\n"
    ), "{report}");
    assert!(
        report.contains("  日期 2026年10月1日 至 2026年10月7日：国庆节假期，不计入\n"),
        "{report}"
    );
    assert!(
        report.contains("  日期 2026年10月10日：国庆节调休上班，计入\n"),
        "{report}"
    );
    let english = text(
        &hall(&[
            "explain",
            POLICY,
            "tests/fixtures/cases/baicheng-004/承诺件-补正后国庆期间计时.json",
            "--lang",
            "en",
        ])
        .stdout,
    );
    assert!(english.contains(
        "  counted 5 working days counted after 2026-09-30 (counting rule 2: materials were supplemented (“补正” at 2026-09-30 15:00); counting starts the next day)\n"
    ), "{english}");
    assert!(
        english.contains("  day 2026-10-01 – 2026-10-07: 国庆节 holiday, not counted\n"),
        "{english}"
    );

    let out = hall(&["explain", POLICY, CASE, "--format", "json"]);
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let late = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["rule"] == "承诺件限时办结")
        .unwrap();
    assert_eq!(late["avoided_by"], "于 2026年6月8日 24:00 前“办结”");
    assert_eq!(late["events"][1], "#5 “补正” 2026年6月4日 09:30");
    let notice = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["rule"] == "一次性告知")
        .unwrap();
    assert_eq!(
        notice["avoided_by"],
        "于 2026年6月1日 24:00 前以“告知”一次性告知所缺全部材料：“法定代表人身份证”、“社会保险登记表”、“银行开户许可证”（书面形式），此后不再要求补正其他材料"
    );

    let out = hall(&[
        "explain",
        "policy/yaoguan-003.hall",
        "tests/fixtures/cases/yaoguan-003/收费-代办收取费用.json",
    ]);
    assert!(text(&out.stdout).contains("已违反 代办不收费 — 除明文规定的收费项目外, 即办、代办不收取任何费用\n"));
    assert!(text(&out.stdout).contains("  可避免的方式 不发生“收费”\n"));
}

#[test]
fn every_command_that_reads_a_policy_reports_diagnostics_as_json() {
    let bad = "tests/fixtures/bad-policies/H004-unknown-event.hall";
    let cases = "tests/fixtures/cases/daan-002";
    let case = "tests/fixtures/cases/daan-002/咨询-当场答复.json";
    let out_dir = std::env::temp_dir().join(format!("hall-json-{}", std::process::id()));
    let out_dir = out_dir.to_string_lossy().into_owned();
    let wasm = format!("{out_dir}.wasm");
    let commands: Vec<Vec<&str>> = vec![
        vec!["check", bad],
        vec!["describe", bad],
        vec!["build", bad, "-o", &wasm],
        vec!["eval", bad, case],
        vec!["explain", bad, case],
        vec!["test", bad, cases],
        vec!["coverage", bad, cases],
        vec!["review", bad, cases],
        vec!["diff", bad, bad, "--cases", cases],
        vec!["trace", bad, "policy/seeds/004_8a5648f4939caab4.txt"],
        vec!["doc", bad, "-o", &out_dir],
    ];
    for mut args in commands {
        args.extend(["--format", "json"]);
        let out = hall(&args);
        // `check` finds problems (1); the others cannot go on without a policy (2).
        let expected = if args[0] == "check" { 1 } else { 2 };
        assert_eq!(out.status.code(), Some(expected), "{args:?}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", text(&out.stdout)));
        let d = &json["diagnostics"][0];
        assert_eq!(
            (d["code"].as_str(), d["span"]["line"].as_u64()),
            (Some("H004"), Some(16)),
            "{args:?}"
        );
        assert!(
            d["help"].as_str().unwrap().starts_with("did you mean `办结`?"),
            "{args:?}"
        );
    }
    // A file that does not parse: `fmt` reports it the same way and leaves it alone.
    let out = hall(&[
        "fmt",
        "--check",
        "--format",
        "json",
        "tests/fixtures/bad-policies/H001-unclosed-rule.hall",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["code"], "H001");
}

#[test]
fn batch_evaluates_json_lines_in_order_with_an_error_per_bad_line() {
    let dir = root().join("tests/fixtures/cases/daan-002");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut lines: Vec<String> = files
        .iter()
        .map(|f| {
            serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(f).unwrap())
                .unwrap()
                .to_string()
        })
        .collect();
    lines.insert(3, "not json".to_string());
    let input = std::env::temp_dir().join(format!("hall-batch-{}.jsonl", std::process::id()));
    std::fs::write(&input, lines.join("\n")).unwrap();
    let input = input.to_string_lossy().into_owned();
    for extra in [vec!["--jobs", "2"], vec!["--jobs", "1", "--native"]] {
        let mut args = vec!["eval", "policy/daan-002.hall", &input, "--batch"];
        args.extend(extra.iter());
        let out = hall(&args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let got: Vec<String> = text(&out.stdout).lines().map(str::to_string).collect();
        assert_eq!(got.len(), lines.len());
        for (i, (line, case)) in got.iter().zip(&lines).enumerate() {
            if i == 3 {
                assert_eq!(
                    line,
                    r#"{"error":{"path":"","reason":"不是有效的 JSON：第 1 行第 2 列（expected ident）","code":"case-not-json","args":{"line":1,"column":2,"detail":"expected ident"}}}"#
                );
                continue;
            }
            let file = &files[if i > 3 { i - 1 } else { i }];
            let single = hall(&[
                "eval",
                "policy/daan-002.hall",
                &file.to_string_lossy(),
                "--format",
                "json",
                "--native",
            ]);
            assert_eq!(line.as_str(), text(&single.stdout).trim_end(), "line {i} ({case})");
        }
    }
}

#[test]
fn a_reader_that_stops_early_gets_no_panic() {
    // `hall review … --format json | head -c 10`: well over a pipe's buffer, and nobody reads it.
    let out = hall_unread(&[
        "review",
        "policy/renshe-000.hall",
        "tests/fixtures/cases/renshe-000",
        "--format",
        "json",
    ]);
    let err = text(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}

/// Runs `hall` with a reader that closes its end of stdout at once.
fn hall_unread(args: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hall"))
        .args(args)
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_batch_whose_reader_stops_early_ends_instead_of_buffering_everything() {
    // 4,000 cases, far more than the workers may run ahead of the output (256 a worker): the
    // reader takes nothing, so the batch must stop rather than evaluate and hold them all.
    let case = std::fs::read_to_string(
        root().join("tests/fixtures/cases/daan-002").join(
            std::fs::read_dir(root().join("tests/fixtures/cases/daan-002"))
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .find(|n| n.to_string_lossy().ends_with(".json"))
                .unwrap(),
        ),
    )
    .unwrap();
    let line = serde_json::from_str::<serde_json::Value>(&case).unwrap().to_string();
    let input = std::env::temp_dir().join(format!("hall-batch-early-{}.jsonl", std::process::id()));
    std::fs::write(&input, vec![line; 4000].join("\n")).unwrap();
    for native in [true, false] {
        let mut args = vec![
            "eval",
            "policy/daan-002.hall",
            input.to_str().unwrap(),
            "--batch",
            "--jobs",
            "2",
        ];
        if native {
            args.push("--native");
        }
        let out = hall_unread(&args);
        let err = text(&out.stderr);
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(
            out.status.code(),
            Some(141),
            "a batch nobody reads ends as a closed pipe"
        );
    }
}

const SAMPLE: &str = "tests/fixtures/cases/baicheng-004/即办件-当场办结.json";

#[test]
fn limits_outside_the_range_every_host_accepts_are_refused_with_one_clear_error() {
    for (flag, value, message) in [
        (
            "--time-limit-ms",
            "18446744073709551615",
            "error: 时限须在 1 至 3600000 毫秒之间，而不是 18446744073709551615",
        ),
        (
            "--time-limit-ms",
            "0",
            "error: 时限须在 1 至 3600000 毫秒之间，而不是 0",
        ),
        ("--memory-mib", "0", "error: 内存上限须在 8 至 4096 MiB 之间，而不是 0"),
        ("--memory-mib", "1", "error: 内存上限须在 8 至 4096 MiB 之间，而不是 1"),
        (
            "--memory-mib",
            "4097",
            "error: 内存上限须在 8 至 4096 MiB 之间，而不是 4097",
        ),
    ] {
        let out = hall(&["eval", "policy/baicheng-004.hall", SAMPLE, flag, value]);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        assert_eq!(text(&out.stderr).trim(), message);
    }
    let out = hall(&[
        "eval",
        "policy/baicheng-004.hall",
        SAMPLE,
        "--memory-mib",
        "8",
        "--time-limit-ms",
        "1000",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_case_that_is_not_utf8_gets_the_same_error_from_both_engines() {
    let dir = tempdir("not-utf8");
    let mut bytes = std::fs::read(root().join(SAMPLE)).unwrap();
    let at = bytes.windows(2).position(|w| w == b"\"s").unwrap() + 1;
    bytes[at] = 0xff;
    let case = dir.join("case.json");
    std::fs::write(&case, &bytes).unwrap();
    let case = case.to_string_lossy().into_owned();
    let expected = format!(
        "{{\"error\":{{\"path\":\"\",\"reason\":\"不是有效的 UTF-8 文本：前 {at} 个字节之后有 1 个字节无效\",\
         \"code\":\"case-not-utf8\",\"args\":{{\"index\":{at},\"length\":1}}}}}}"
    );
    for native in [false, true] {
        let mut args = vec!["eval", "policy/baicheng-004.hall", case.as_str(), "--format", "json"];
        if native {
            args.push("--native");
        }
        let out = hall(&args);
        assert_eq!(out.status.code(), Some(1), "native {native}");
        assert_eq!(text(&out.stdout).trim(), expected, "native {native}");
    }
}

#[test]
fn the_native_engine_refuses_a_case_over_the_hosts_size_limit_as_the_component_does() {
    let dir = tempdir("too-large");
    let sample = std::fs::read_to_string(root().join(SAMPLE)).unwrap();
    let padded = sample.replacen('{', &format!("{{{}", " ".repeat(16 << 20)), 1);
    let case = dir.join("case.json");
    std::fs::write(&case, padded).unwrap();
    let case = case.to_string_lossy().into_owned();
    for native in [false, true] {
        let mut args = vec!["eval", "policy/baicheng-004.hall", case.as_str()];
        if native {
            args.push("--native");
        }
        let out = hall(&args);
        assert_eq!(out.status.code(), Some(3), "native {native}");
        assert_eq!(text(&out.stderr).trim(), "error: 案件超过本宿主的上限 16777216 字节");
    }
}

#[test]
fn a_rule_file_that_is_not_utf8_gets_a_json_diagnostic() {
    let out = hall(&[
        "check",
        "tests/fixtures/bad-policies/H001-not-utf8-gbk.hall",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "H001");
    assert_eq!(d["span"]["start"], 13);
    assert_eq!(
        d["message"],
        "the file is not UTF-8: byte 0xb2 at offset 13 does not belong to a character"
    );
}

/// A fresh folder under the target directory for one test's files.
fn tempdir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn eval_builds_a_policy_s_component_once_and_rebuilds_one_that_does_not_load() {
    let cache = tempdir("component-cache");
    let eval = || {
        Command::new(env!("CARGO_BIN_EXE_hall"))
            .args(["eval", POLICY, SAMPLE, "--format", "json"])
            .env("HALL_CACHE_DIR", &cache)
            .current_dir(root())
            .output()
            .unwrap()
    };
    let first = eval();
    assert!(first.status.success(), "{}", text(&first.stderr));
    let cached: Vec<PathBuf> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wasm"))
        .collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    // Beside it, wasmtime's cache of the compiled code, so the next run compiles nothing.
    assert!(std::fs::read_dir(cache.join("compiled")).unwrap().next().is_some());
    let built = std::fs::read(&cached[0]).unwrap();
    assert!(built.starts_with(b"\0asm"));
    // From the cache: the same answer.
    assert_eq!(eval().stdout, first.stdout);
    // A spoilt cache entry is built afresh, and the answer stays the same.
    std::fs::write(&cached[0], b"not a component").unwrap();
    let again = eval();
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(again.stdout, first.stdout);
    assert_eq!(std::fs::read(&cached[0]).unwrap(), built);
}

/// Diagnostics are coloured only on a terminal: never into a pipe, never under `NO_COLOR`.
#[test]
fn diagnostics_are_coloured_only_on_a_terminal_and_never_under_no_color() {
    let policy = "tests/fixtures/bad-policies/H001-misspelt-keyword.hall";
    let out = hall(&["check", policy]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!text(&out.stderr).contains('\u{1b}'), "{}", text(&out.stderr));
    // On a terminal (util-linux `script` gives the command one), colour; with NO_COLOR, none.
    let command = format!("{} check {policy}", env!("CARGO_BIN_EXE_hall"));
    let on_terminal = |no_color: bool| {
        let mut script = std::process::Command::new("script");
        script.args(["-qec", &command, "/dev/null"]).current_dir(root());
        script
            .env_remove("NO_COLOR")
            .env_remove("FORCE_COLOR")
            .env("TERM", "xterm-256color");
        if no_color {
            script.env("NO_COLOR", "1");
        }
        text(&script.output().unwrap().stdout)
    };
    assert!(on_terminal(false).contains('\u{1b}'));
    let plain = on_terminal(true);
    assert!(!plain.contains('\u{1b}'), "{plain}");
    assert!(plain.contains("H001"), "{plain}");
}
