//! The policy component as portals run it: self-contained, the same answer as native evaluation
//! for every fixture, and stopped by its limits when a case is hostile.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use hall::build_component::{component_bytes, EVALUATOR};
use hall::component_host::{ComponentHost, HostError, Limits};
use hallpolicy_runtime::report::describe::describe;
use hallpolicy_runtime::{Evaluator, Lang};

/// The README's sample case.
const SAMPLE_CASE: &str = "tests/fixtures/cases/baicheng-004/一次性告知-遗漏材料后二次告知.json";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn policy(path: &str) -> hallpolicy_runtime::Policy {
    hallpolicy_compiler::compile(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap()
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    files
}

#[test]
fn every_shipped_policy_builds_a_component_that_imports_nothing() {
    let mut built = 0;
    for dir in ["policy", "policy/zh", "tests/fixtures/policies"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "hall"))
            .collect();
        paths.sort();
        for path in paths {
            let compiled = hallpolicy_compiler::compile(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let component = component_bytes(&compiled).unwrap();
            assert_eq!(
                hallpolicy_builder::component_imports(&component).unwrap(),
                Vec::<String>::new(),
                "{}",
                path.display()
            );
            built += 1;
        }
    }
    assert!(built >= 10, "only {built} policies");
    // The evaluator before splicing does import its policy.
    assert!(hallpolicy_builder::build_component(EVALUATOR, b"").is_ok());
}

/// A core module's exports, its memory's initial pages, and where its last data segment ends.
fn module_shape(module: &[u8]) -> (Vec<String>, u64, u64) {
    let (mut exports, mut pages, mut data_end) = (Vec::new(), 0, 0);
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        match payload.unwrap() {
            wasmparser::Payload::ExportSection(s) => exports.extend(s.into_iter().map(|e| e.unwrap().name.to_string())),
            wasmparser::Payload::MemorySection(s) => pages = s.into_iter().next().unwrap().unwrap().initial,
            wasmparser::Payload::DataSection(s) => {
                for data in s {
                    let data = data.unwrap();
                    if let wasmparser::DataKind::Active { offset_expr, .. } = data.kind {
                        let Ok(wasmparser::Operator::I32Const { value }) = offset_expr.get_operators_reader().read()
                        else {
                            panic!("a data segment at a computed offset");
                        };
                        data_end = data_end.max(u64::from(value.cast_unsigned()) + data.data.len() as u64);
                    }
                }
            }
            _ => {}
        }
    }
    (exports, pages, data_end)
}

#[test]
fn a_built_component_starts_with_its_policy_loaded() {
    let ir = policy("policy/baicheng-004.hall").to_bytes();
    let spliced = hallpolicy_builder::splice(EVALUATOR, &ir).unwrap();
    let loaded = hallpolicy_builder::preinitialize(&spliced).unwrap();
    let (before, pages_before, _) = module_shape(&spliced);
    let (after, pages_after, data_end) = module_shape(&loaded);
    assert!(before.iter().any(|e| e == hallpolicy_builder::PREINIT_EXPORT));
    assert!(!after.iter().any(|e| e == hallpolicy_builder::PREINIT_EXPORT));
    // The decoded policy lives on the heap, which grew during the load.
    assert!(
        pages_after > pages_before,
        "{pages_after} pages after the load, {pages_before} before"
    );
    // Above the loaded policy, 256 KiB for calls (the guest's `CALL_ROOM`), so that a fresh
    // instance's first call does not grow memory.
    assert!(
        pages_after * 65_536 >= data_end + (256 << 10),
        "{pages_after} pages, data up to byte {data_end}"
    );
    // Building is deterministic, snapshot included.
    assert_eq!(hallpolicy_builder::preinitialize(&spliced).unwrap(), loaded);
    assert_eq!(
        hallpolicy_builder::build_component(EVALUATOR, &ir).unwrap(),
        hallpolicy_builder::build_component(EVALUATOR, &ir).unwrap()
    );
}

#[test]
fn a_policy_that_fails_to_load_at_build_time_reports_it_on_every_call() {
    let component = hallpolicy_builder::build_component(EVALUATOR, b"not IR").unwrap();
    let host = ComponentHost::new(&component, Limits::default()).unwrap();
    let mut session = host.session().unwrap();
    for _ in 0..2 {
        let error = session.evaluate_json("{}", None).unwrap().unwrap_err();
        assert!(
            error.contains("本组件中没有可用的政策：not a hallpolicy IR blob (bad magic bytes)"),
            "{error}"
        );
    }
}

#[test]
fn a_module_without_the_ir_imports_is_refused() {
    let not_an_evaluator = wat_module();
    let e = hallpolicy_builder::build_component(&not_an_evaluator, b"x").unwrap_err();
    assert_eq!(
        e.to_string(),
        "the prebuilt evaluator module is unusable: it does not import `hallpolicy:ir` `ir-ptr` and `ir-len`"
    );
}

/// The smallest valid module: magic and version only.
fn wat_module() -> Vec<u8> {
    vec![0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
}

#[test]
fn every_fixture_gives_the_same_bytes_natively_and_through_the_component() {
    for (policy_path, dirs) in [
        (
            "policy/baicheng-004.hall",
            vec!["tests/fixtures/cases/baicheng-004", "tests/fixtures/bad-cases"],
        ),
        (
            "tests/fixtures/policies/counting.hall",
            vec!["tests/fixtures/cases/counting"],
        ),
        ("policy/yaoguan-003.hall", vec!["tests/fixtures/cases/yaoguan-003"]),
        ("policy/daan-002.hall", vec!["tests/fixtures/cases/daan-002"]),
        ("policy/renshe-000.hall", vec!["tests/fixtures/cases/renshe-000"]),
        ("policy/tongxiang-001.hall", vec!["tests/fixtures/cases/tongxiang-001"]),
        ("policy/guihua-001.hall", vec!["tests/fixtures/cases/guihua-001"]),
        ("policy/tangdaohe-001.hall", vec!["tests/fixtures/cases/tangdaohe-001"]),
        ("policy/quancheng-001.hall", vec!["tests/fixtures/cases/quancheng-001"]),
        ("policy/xuexiao-001.hall", vec!["tests/fixtures/cases/xuexiao-001"]),
    ] {
        let compiled = policy(policy_path);
        let host = ComponentHost::new(&component_bytes(&compiled).unwrap(), Limits::default()).unwrap();
        let native = Evaluator::new(compiled);
        for dir in dirs {
            for case in json_files(&root().join(dir)) {
                let text = std::fs::read_to_string(&case).unwrap();
                let expected = match native.evaluate_json(&text, None) {
                    Ok(e) => Ok(serde_json::to_string(&e).unwrap()),
                    Err(e) => Err(serde_json::to_string(&e).unwrap()),
                };
                let got = host.evaluate_json(&text, None).unwrap();
                assert_eq!(got, expected, "{}", case.display());
                let mut session = host.session().unwrap();
                let text_entry = session.call_evaluate_json(&text, None).unwrap();
                assert_eq!(text_entry, expected, "{} through evaluate-json", case.display());
                let bytes = session.evaluate_json_bytes(text.as_bytes(), None).unwrap();
                assert_eq!(
                    bytes,
                    expected.clone().map(String::into_bytes),
                    "{} as bytes",
                    case.display()
                );
                // The text a person reads, rendered in the component, as native rendering writes it.
                let rendered = native
                    .evaluate_json(&text, None)
                    .map(|e| hallpolicy_runtime::render_text(&e))
                    .map_err(|_| expected.clone().unwrap_err());
                assert_eq!(
                    session.evaluate_text(text.as_bytes(), None).unwrap(),
                    rendered,
                    "{} as text",
                    case.display()
                );
            }
        }
    }
}

#[test]
fn a_case_that_is_not_utf8_is_refused_by_the_bytes_entry_as_natively() {
    let compiled = policy("policy/baicheng-004.hall");
    let host = ComponentHost::new(&component_bytes(&compiled).unwrap(), Limits::default()).unwrap();
    let native = Evaluator::new(compiled);
    let text = std::fs::read_to_string(root().join(SAMPLE_CASE)).unwrap();
    // A lone continuation byte inside the subject's name, then the text cut inside a character.
    let mut spoiled = text.clone().into_bytes();
    let at = text.find("BC-0601").unwrap();
    spoiled[at] = 0x80;
    let cut = text.find("王芳").unwrap() + 1;
    for bytes in [&spoiled[..], &text.as_bytes()[..cut]] {
        let error = native.evaluate_json_bytes(bytes, None).unwrap_err();
        assert_eq!(error.path, "");
        assert!(error.reason.starts_with("不是有效的 UTF-8 文本："), "{}", error.reason);
        let got = host.session().unwrap().evaluate_json_bytes(bytes, None).unwrap();
        assert_eq!(got, Err(serde_json::to_string(&error).unwrap()));
    }
    let error = native.evaluate_json_bytes(&spoiled, None).unwrap_err();
    assert_eq!(
        error.reason,
        format!("不是有效的 UTF-8 文本：前 {at} 个字节之后有 1 个字节无效")
    );
    let error = native.evaluate_json_bytes_in(&spoiled, None, Lang::En).unwrap_err();
    assert_eq!(
        error.reason,
        format!("not valid UTF-8: invalid utf-8 sequence of 1 bytes from index {at}")
    );
    // The component checks with simd128, natively with AVX2 or without: every spoiling of every
    // fifth byte (a lone continuation, a lead byte without its continuations, an overlong lead,
    // a byte UTF-8 never uses, a surrogate's lead) is judged alike, to the same error.
    let mut session = host.session().unwrap();
    for at in (0..text.len()).step_by(5) {
        for byte in [0x80, 0xE4, 0xC0, 0xFF, 0xED] {
            let mut spoiled = text.clone().into_bytes();
            spoiled[at] = byte;
            let expected = match std::str::from_utf8(&spoiled) {
                Ok(_) => continue,
                Err(e) => format!("not valid UTF-8: {e}"),
            };
            // In English the words are the standard library's own.
            let error = native.evaluate_json_bytes_in(&spoiled, None, Lang::En).unwrap_err();
            assert_eq!((error.path.as_str(), &error.reason), ("", &expected));
            let got = session.evaluate_json_bytes_in(&spoiled, None, Some("en")).unwrap();
            assert_eq!(
                got,
                Err(serde_json::to_string(&error).unwrap()),
                "byte {byte:#x} at {at}"
            );
        }
    }
}

#[test]
fn texts_with_escapes_anywhere_are_written_as_natively() {
    // The component checks texts for bytes to escape sixteen at a time (with SIMD), natively
    // eight: a subject of every length up to 80 bytes, Chinese or not, with each escaped byte at
    // every position, comes back written exactly as natively.
    let compiled = policy("policy/baicheng-004.hall");
    let host = ComponentHost::new(&component_bytes(&compiled).unwrap(), Limits::default()).unwrap();
    let native = Evaluator::new(compiled);
    let mut session = host.session().unwrap();
    let case: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(SAMPLE_CASE)).unwrap()).unwrap();
    for filler in ["a", "办"] {
        for len in 0..=80 / filler.len() {
            let plain: Vec<&str> = std::iter::repeat_n(filler, len).collect();
            let mut subjects = vec![plain.concat()];
            for at in 0..len {
                for escaped in ["\"", "\\", "\n", "\u{1}", "\u{1f}"] {
                    let mut spoiled = plain.clone();
                    spoiled[at] = escaped;
                    subjects.push(spoiled.concat());
                }
            }
            for subject in subjects {
                let mut case = case.clone();
                case["subject"] = serde_json::Value::String(subject.clone());
                let text = case.to_string();
                let expected = serde_json::to_string(&native.evaluate_json(&text, None).unwrap()).unwrap();
                assert!(expected.contains(&serde_json::to_string(&subject).unwrap()));
                let got = session.evaluate_json(&text, None).unwrap().unwrap();
                assert!(got == expected, "subject {subject:?}");
            }
        }
    }
}

#[test]
fn the_component_describes_its_policy() {
    let compiled = policy("policy/baicheng-004.hall");
    let native = describe(&compiled, &compiled.to_bytes());
    let host = ComponentHost::new(&component_bytes(&compiled).unwrap(), Limits::default()).unwrap();
    let d = host.describe().unwrap();
    assert_eq!(d.hall, "白城市政务大厅分厅");
    assert_eq!(d.policy_hash, native.policy_hash);
    assert_eq!(d.policy_hash.len(), 64);
    assert_eq!(d.calendar_years, (2004, 2026));
    assert_eq!(d.rules.len(), compiled.rules.len());
    let notice = d.rules.iter().find(|r| r.id == "一次性告知").unwrap();
    assert_eq!(
        (notice.shape.as_str(), notice.citation.article.as_str()),
        ("notice", "第十六条(二)1、3")
    );
    let apply = d.kinds.iter().find(|k| k.name == "申办").unwrap();
    let pause = apply.events.iter().find(|e| e.name == "中止").unwrap();
    assert_eq!(pause.fields[0].choices, ["现场勘察", "检测", "鉴定", "听证"]);
}

#[test]
fn one_instance_serves_thousands_of_calls_in_the_same_memory() {
    // The evaluator's arena rewinds once the host has read a result: without that, 3,000 calls
    // of this case would need far more than the 8 MiB cap.
    let compiled = policy("policy/baicheng-004.hall");
    let limits = Limits {
        memory_bytes: 8 << 20,
        ..Limits::default()
    };
    let host = ComponentHost::new(&component_bytes(&compiled).unwrap(), limits).unwrap();
    let case =
        std::fs::read_to_string(root().join("tests/fixtures/cases/baicheng-004/一次性告知-遗漏材料后二次告知.json"))
            .unwrap();
    let mut session = host.session().unwrap();
    let first = session.evaluate_json(&case, None).unwrap().unwrap();
    for _ in 0..3_000 {
        assert_eq!(session.evaluate_json(&case, None).unwrap().unwrap(), first);
    }
    let typed = hall::component_host::typed_case(&serde_json::from_str(&case).unwrap()).unwrap();
    for _ in 0..1_000 {
        session.evaluate(&typed, None).unwrap().unwrap();
    }
}

#[test]
fn a_call_past_its_time_limit_is_stopped_with_a_clear_error() {
    let compiled = policy("policy/baicheng-004.hall");
    let component = component_bytes(&compiled).unwrap();
    // A zero limit has passed before the first instruction, so the stop is certain.
    let host = ComponentHost::new(
        &component,
        Limits {
            time: Duration::ZERO,
            ..Limits::default()
        },
    )
    .unwrap();
    let case =
        std::fs::read_to_string(root().join("tests/fixtures/cases/baicheng-004/承诺件-检测中止跨春节.json")).unwrap();
    let e = host.evaluate_json(&case, None).unwrap_err();
    assert!(matches!(e, HostError::TimedOut(Duration::ZERO)), "{e}");
    assert_eq!(e.to_string(), "评估已停止：运行超过时限 0 毫秒");
    let patient = ComponentHost::new(&component, Limits::default()).unwrap();
    assert!(patient.evaluate_json(&case, None).unwrap().is_ok());
}

#[test]
fn a_case_larger_than_the_memory_cap_is_stopped_with_a_clear_error() {
    let compiled = policy("policy/baicheng-004.hall");
    let limits = Limits {
        memory_bytes: 8 << 20,
        ..Limits::default()
    };
    let host = ComponentHost::new(&component_bytes(&compiled).unwrap(), limits).unwrap();
    // Under the 16 MiB case cap, over the 8 MiB memory cap.
    let huge = format!(
        r#"{{"kind":"申办","subject":"{}","as_of":"2026-05-20","facts":{{"事项":"就业登记"}}}}"#,
        "x".repeat(12 << 20)
    );
    let e = host.evaluate_json(&huge, None).unwrap_err();
    assert!(matches!(e, HostError::OutOfMemory(_)), "{e:?}");
    assert_eq!(e.to_string(), "评估已停止：超出内存上限 8 MiB");
    // The host survives and serves the next case.
    let ok = std::fs::read_to_string(root().join("tests/fixtures/cases/baicheng-004/即办件-当场办结.json")).unwrap();
    assert!(host.evaluate_json(&ok, None).unwrap().is_ok());
}

/// A 申办 case of the 白城 policy with `events` after the receipt.
fn big_case(events: &[String], subject: &str) -> String {
    let mut all =
        vec![r#"{"type":"收件","at":"2026-03-02T09:00:00+08:00","by":"王芳","材料":["营业执照"]}"#.to_string()];
    all.extend(events.iter().cloned());
    format!(
        r#"{{"kind":"申办","subject":"{subject}","as_of":"2026-12-31T12:00:00+08:00","facts":{{"事项":"社会保险登记"}},"events":[{}]}}"#,
        all.join(",")
    )
}

#[test]
fn hostile_cases_end_with_a_clear_limit_error_or_a_result_and_the_host_goes_on() {
    let compiled = policy("policy/baicheng-004.hall");
    let host = ComponentHost::new(&component_bytes(&compiled).unwrap(), Limits::default()).unwrap();
    let mut report = Vec::new();

    // A million events: refused by size before the call, as every host refuses it.
    let event = r#"{"type":"受理","at":"2026-03-03T09:00:00+08:00"}"#.to_string();
    let million = big_case(&vec![event; 1_000_000], "million");
    let started = std::time::Instant::now();
    let e = host.evaluate_json(&million, None).unwrap_err();
    assert_eq!(e.to_string(), "案件超过本宿主的上限 16777216 字节");
    report.push(("a million events", started.elapsed()));

    // A 10 MB string: evaluated, and the subject comes back whole.
    let long = "长".repeat(10 << 20 >> 2);
    let started = std::time::Instant::now();
    let out = host.evaluate_json(&big_case(&[], &long), None).unwrap().unwrap();
    assert!(out.contains(&long));
    report.push(("a 10 MB string", started.elapsed()));

    // Thousands of stops: the clock excludes each and the case is evaluated.
    let mut stops = Vec::new();
    for day in 0..2_000 {
        let date = chrono_like_day(day);
        stops.push(format!(
            r#"{{"type":"中止","at":"{date}T09:00:00+08:00","环节":"检测"}}"#
        ));
        stops.push(format!(r#"{{"type":"恢复","at":"{date}T10:00:00+08:00"}}"#));
    }
    let started = std::time::Instant::now();
    let result = host.evaluate_json(&big_case(&stops, "stops"), Some("2031-12-31T12:00:00+08:00"));
    match result {
        Ok(Ok(json)) => assert!(json.contains("\"stops\":[")),
        Ok(Err(case_error)) => panic!("refused: {case_error}"),
        Err(limit) => assert!(limit.to_string().starts_with("评估已停止"), "{limit}"),
    }
    report.push(("4,000 stop and resume events", started.elapsed()));

    // The host is still there for the next case.
    let case = std::fs::read_to_string(root().join("tests/fixtures/cases/baicheng-004/即办件-当场办结.json")).unwrap();
    assert!(host.evaluate_json(&case, None).unwrap().is_ok());
    for (what, took) in &report {
        eprintln!("{what}: {took:?}");
        assert!(took.as_secs_f64() < 5.0, "{what} took {took:?}");
    }
}

/// The `n`-th day from 2026-03-03, as `YYYY-MM-DD` (a plain calendar walk, for test data).
fn chrono_like_day(n: u32) -> String {
    let days_in = |y: u32, m: u32| match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let (mut y, mut m, mut d) = (2026, 3, 3);
    for _ in 0..n {
        d += 1;
        if d > days_in(y, m) {
            d = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
    }
    format!("{y:04}-{m:02}-{d:02}")
}

#[test]
fn generated_cases_give_the_same_bytes_natively_and_through_the_component() {
    // 10,000 random cases per shipped policy: the component answers each exactly as the runtime
    // does, refused cases included.
    let mut policies: Vec<PathBuf> = std::fs::read_dir(root().join("policy"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "hall"))
        .collect();
    policies.sort();
    for path in policies {
        let compiled = policy(&path.to_string_lossy());
        let host = ComponentHost::new(&component_bytes(&compiled).unwrap(), Limits::default()).unwrap();
        let mut session = host.session().unwrap();
        let native = Evaluator::new(compiled.clone());
        for (i, case) in hall::generate::cases(&compiled, 10_000, 42).iter().enumerate() {
            let expected = match native.evaluate_json(case, None) {
                Ok(e) => Ok(serde_json::to_string(&e).unwrap()),
                Err(e) => Err(serde_json::to_string(&e).unwrap()),
            };
            let got = session.evaluate_json(case, None).unwrap();
            assert!(got == expected, "{} case {i}: {case}", path.display());
            if i % 10 == 0 {
                let text_entry = session.call_evaluate_json(case, None).unwrap();
                assert!(
                    text_entry == expected,
                    "{} case {i} through evaluate-json",
                    path.display()
                );
                let bytes = session.evaluate_json_bytes(case.as_bytes(), None).unwrap();
                assert!(
                    bytes == expected.map(String::into_bytes),
                    "{} case {i} as bytes",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn the_typed_entry_refuses_a_repeated_field_even_among_very_many() {
    use hall::component_host::wit;
    let host = ComponentHost::new(
        &component_bytes(&policy("policy/baicheng-004.hall")).unwrap(),
        Limits::default(),
    )
    .unwrap();
    let field = |name: String| wit::Field {
        name,
        value: wit::Value::Boolean(true),
    };
    let case = |facts: Vec<wit::Field>, event_fields: Vec<wit::Field>| wit::CaseInput {
        kind: "申办".into(),
        subject: None,
        as_of: Some("2026-06-12T09:00:00+08:00".into()),
        facts,
        events: vec![wit::Event {
            event_type: "收件".into(),
            at: "2026-06-01T09:00:00+08:00".into(),
            by: None,
            form: None,
            fields: event_fields,
        }],
    };
    let refuse = |case: wit::CaseInput| {
        let e = host.session().unwrap().evaluate(&case, None).unwrap().unwrap_err();
        (e.path, e.reason)
    };
    // 100,000 distinct names and one repeat at the end: found through an index, not by pairs.
    let mut facts: Vec<_> = (0..100_000).map(|i| field(format!("f{i}"))).collect();
    facts.push(field("f7".into()));
    assert_eq!(refuse(case(facts, vec![])), ("facts.f7".into(), "重复给出".into()));
    // An event field may not repeat what the event already says.
    assert_eq!(
        refuse(case(vec![], vec![field("at".into())])),
        ("events[0].at".into(), "重复给出".into())
    );
}

/// A 延时服务 day of the 白城 policy with `n` applicants waiting at closing, served in the reverse
/// order they came: every `after each 等候 … matching 服务对象` trigger's duty lies far ahead.
fn many_waiting(n: usize) -> String {
    let mut events = Vec::with_capacity(2 * n + 2);
    events.push(r#"{"type":"下班时间到","at":"2026-06-01T17:00:00+08:00"}"#.to_string());
    for i in 0..n {
        events.push(format!(
            r#"{{"type":"等候","at":"2026-06-01T17:00:00+08:00","服务对象":"服务对象{i:06}"}}"#
        ));
    }
    for i in (0..n).rev() {
        events.push(format!(
            r#"{{"type":"办理完毕","at":"2026-06-01T19:00:00+08:00","服务对象":"服务对象{i:06}"}}"#
        ));
    }
    events.push(r#"{"type":"离岗","at":"2026-06-01T19:30:00+08:00"}"#.to_string());
    format!(
        r#"{{"kind":"延时服务","subject":"many","as_of":"2026-06-02T09:00:00+08:00","facts":{{"类型":"推迟下班"}},"events":[{}]}}"#,
        events.join(",")
    )
}

#[test]
fn a_15_mb_case_of_many_matching_triggers_is_evaluated_in_linear_time() {
    let case = many_waiting(90_000);
    assert!(case.len() > 15 << 20 && case.len() < 16 << 20, "{} bytes", case.len());
    let compiled = policy("policy/baicheng-004.hall");
    let limits = Limits::new(60_000, 4096).unwrap();
    let host = ComponentHost::new(&component_bytes(&compiled).unwrap(), limits).unwrap();
    let started = std::time::Instant::now();
    let json = host.evaluate_json(&case, None).unwrap().unwrap();
    let took = started.elapsed();
    let evaluation: serde_json::Value = serde_json::from_str(&json).unwrap();
    let served: Vec<&serde_json::Value> = evaluation["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["rule"] == "延时服务办理完结")
        .collect();
    assert_eq!(served.len(), 90_000);
    assert!(served.iter().all(|o| o["status"] == "met"));
    // The first to wait was served last, by the last `办理完毕` before 离岗.
    assert_eq!(served[0]["events"], serde_json::json!([1, 180_001, 180_000]));
    // Seconds on a loaded 2-core machine; searching ahead from every trigger took minutes.
    eprintln!("90,000 triggers: {took:?}");
    assert!(took.as_secs_f64() < 20.0, "took {took:?}");
}
