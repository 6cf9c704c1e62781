//! Every case fixture evaluated against its policy, as a snapshot of text and JSON; then the
//! outcomes that matter asserted one by one, and every rule of the 白城 policy seen met and
//! breached.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use hallpolicy_runtime::decode_case;
use hallpolicy_runtime::evaluate::output::{DecidedBy, Evaluation, Status, Warning};
use hallpolicy_runtime::report::coverage::Coverage;
use hallpolicy_runtime::report::render::case_snapshot;
use hallpolicy_runtime::Lang;
use hallpolicy_tests::{
    case_folders, evaluation_snapshot, evaluator_for, folder_name, json_files, root, shared_evaluator,
};

/// Every case of every folder against its snapshot, kept beside the cases in
/// `tests/fixtures/cases/NAME/snapshots/CASE.snap` — the files `hall test` reads and writes.
#[test]
fn every_case_matches_its_snapshot() {
    let dirs = case_folders();
    assert!(dirs.len() >= 10);
    for dir in dirs {
        let evaluator = evaluator_for(&folder_name(&dir));
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(dir.join("snapshots"));
        settings.set_prepend_module_to_snapshot(false);
        for case in json_files(&dir) {
            let stem = case.file_stem().unwrap().to_string_lossy().into_owned();
            settings.set_input_file(&case);
            settings.bind(|| insta::assert_snapshot!(stem, evaluation_snapshot(&evaluator, &case)));
        }
    }
}

/// The 白城 sample cases in English too, kept in `tests/fixtures/cases/baicheng-004/snapshots/en/`:
/// the same evaluations, every sentence from the English catalogue.
#[test]
fn the_sample_cases_match_their_english_snapshots() {
    let dir = root().join("tests/fixtures/cases/baicheng-004");
    let evaluator = evaluator_for("baicheng-004");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(dir.join("snapshots/en"));
    settings.set_prepend_module_to_snapshot(false);
    for case in json_files(&dir) {
        let stem = case.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&case).unwrap();
        let evaluation = evaluator.evaluate_json_in(&text, None, Lang::En);
        settings.set_input_file(&case);
        settings.bind(|| insta::assert_snapshot!(stem, case_snapshot(evaluation.as_ref())));
    }
}

/// The JSON entry's writer gives serde_json's bytes (the reference) for every fixture: all
/// statuses, warnings, penalties, stops and extensions the fixtures reach.
#[test]
fn the_json_writer_matches_serde_json_on_every_case() {
    let mut compared = 0;
    for dir in case_folders() {
        let evaluator = evaluator_for(&folder_name(&dir));
        for case in json_files(&dir) {
            let text = std::fs::read_to_string(&case).unwrap();
            let evaluation = evaluator.evaluate_json(&text, None).unwrap();
            assert_eq!(
                evaluation.to_json(),
                serde_json::to_string(&evaluation).unwrap(),
                "{}",
                case.display()
            );
            compared += 1;
        }
    }
    assert!(compared >= 50, "only {compared} cases");
}

#[test]
fn a_delay_notice_less_than_three_days_before_the_limit_gains_no_time() {
    // 限时 第三條: the notice of 09-09 came less than 3 calendar days before the last day 09-10.
    let e = eval("guihua-001", "一般-延期告知不足三天而逾期");
    let o = obligation(&e, "一般事项三日办结");
    assert_eq!(
        (o.status, o.last_day.as_deref()),
        (Status::Breached, Some("2026-09-10"))
    );
    assert!(!e.clocks[0].extensions[0].counted);
    // Three calendar days from 09-29 end on 10-02, inside 国庆: the limit runs to 10-08.
    let e = eval("guihua-001", "一般-国庆前收件顺延至节后");
    assert_eq!(
        obligation(&e, "一般事项三日办结").last_day.as_deref(),
        Some("2026-10-08")
    );
}

#[test]
fn the_tangdaohe_ladder_has_three_rungs_by_severity() {
    let rung = |name: &str| {
        let e = eval("tangdaohe-001", name);
        e.violations[0].penalty.as_ref().unwrap().rung.clone()
    };
    assert_eq!(rung("咨询-本岗次日告知缺时限").as_deref(), Some("口头告诫、书面告诫"));
    assert_eq!(rung("咨询-未领办导办").as_deref(), Some("离岗培训、调离岗位、免职"));
    assert_eq!(rung("咨询-非本机关未说明理由").as_deref(), Some("辞退"));
    // No severity stated: a person decides among the three.
    let e = eval("tangdaohe-001", "申办-许可事项口头告知且遗漏");
    let penalty = e.violations[0].penalty.as_ref().unwrap();
    assert_eq!((penalty.decided_by, penalty.range.len()), (DecidedBy::Person, 3));
}

#[test]
fn the_county_counting_rules_hold_as_its_text_states_them() {
    // 第七條: counted from the day after the supplement (10-14): ten working days end 10-28.
    let e = eval("quancheng-001", "申办-补正后次日起算按时办结");
    let o = obligation(&e, "限时办结");
    assert_eq!((o.status, o.last_day.as_deref()), (Status::Met, Some("2026-10-28")));
    // 第九條: the applicant not coming to the window counts as done on time.
    let e = eval("quancheng-001", "申办-申请人未按时到窗口视为按时办结");
    assert_eq!(obligation(&e, "限时办结").status, Status::Met);
    assert!(e.violations.is_empty());
    // 第十條: the time a test takes does not count.
    let e = eval("quancheng-001", "申办-检测中止并告知所需时间");
    assert!(e.clocks[0].stops[0].excluded > 0);
    assert_eq!(obligation(&e, "限时办结").status, Status::Met);
}

#[test]
fn first_aid_is_due_within_minutes_of_the_encounter() {
    let e = eval("xuexiao-001", "伤害-施救迟缓且未报告");
    let aid = obligation(&e, "伤害立刻施救");
    assert_eq!(
        (aid.status, aid.due.as_deref()),
        (Status::Breached, Some("2026-11-05T14:05:00+08:00"))
    );
    let report = obligation(&e, "伤害迅速报告");
    assert_eq!(
        (report.status, report.due.as_deref()),
        (Status::Breached, Some("2026-11-05T14:15:00+08:00"))
    );
}

fn eval(dir: &str, name: &str) -> Evaluation<'static> {
    let path = root().join(format!("tests/fixtures/cases/{dir}/{name}.json"));
    let case = std::fs::read_to_string(&path).unwrap();
    shared_evaluator(dir).evaluate_json(&case, None).unwrap()
}

/// Messages' words as the text report joins them.
fn words(messages: &[hallpolicy_runtime::Message]) -> String {
    messages.iter().map(|m| m.text.as_str()).collect::<Vec<_>>().join("；")
}

fn codes(messages: &[hallpolicy_runtime::Message]) -> Vec<&str> {
    messages.iter().map(|m| m.code.as_ref()).collect()
}

fn obligation<'a, 'p>(e: &'a Evaluation<'p>, rule: &str) -> &'a hallpolicy_runtime::evaluate::output::Obligation<'p> {
    e.obligations
        .iter()
        .find(|o| o.rule == rule)
        .unwrap_or_else(|| panic!("no obligation of `{rule}`"))
}

#[test]
fn supplement_restarts_the_clock_across_national_day() {
    // Counting rules 1–3: supplemented on 09-30, five working days skip 10-01..07 and count the
    // make-up Saturday 10-10: 10-08, 10-09, 10-10, 10-12, 10-13.
    let e = eval("baicheng-004", "承诺件-补正后国庆期间计时");
    let o = obligation(&e, "承诺件限时办结");
    assert_eq!(o.last_day.as_deref(), Some("2026-10-13"));
    assert_eq!(o.due.as_deref(), Some("2026-10-14T00:00:00+08:00"));
    assert_eq!((o.status, o.warning), (Status::Pending, Some(Warning::Yellow)));
    let clock = &e.clocks[0];
    assert_eq!((clock.start.as_str(), clock.used, clock.left), ("2026-09-30", 4, 1));
    assert!(e.violations.is_empty());
}

#[test]
fn a_faulty_notice_gains_the_office_no_time() {
    // Counting rule 2 holds only when the one-time notice was given as required.
    let e = eval("baicheng-004", "一次性告知-遗漏材料后二次告知");
    assert_eq!(obligation(&e, "一次性告知").status, Status::Breached);
    let o = obligation(&e, "承诺件限时办结");
    assert_eq!(o.last_day.as_deref(), Some("2026-06-08"));
    assert_eq!(o.status, Status::Breached);
    assert_eq!(codes(&o.detail)[0], "clock-start-notice-failed");
    assert!(words(&o.detail).contains("《中华人民共和国行政许可法》第三十二条"));
    let whats: Vec<String> = e.violations.iter().map(|v| words(&v.what)).collect();
    assert_eq!(whats[0], "告知遗漏了“银行开户许可证”");
    assert_eq!(
        whats[1],
        "2026年6月3日 10:10再次告知要求补正“银行开户许可证”，该材料首次告知时已缺"
    );
    let penalty = e.violations[0].penalty.as_ref().unwrap();
    assert_eq!(
        (penalty.decided_by, penalty.citation.article.as_ref()),
        (DecidedBy::Person, "第十六条(二)4")
    );
}

#[test]
fn a_stop_across_spring_festival_excludes_its_working_days() {
    // Counting rule 6: 02-11 through 02-26 excluded, seven working days of it (the make-up
    // Saturday 02-14 among them); the make-up Saturday 02-28 then counts.
    let e = eval("baicheng-004", "承诺件-检测中止跨春节");
    let clock = &e.clocks[0];
    assert_eq!(clock.stops[0].excluded, 7);
    assert_eq!(clock.last_day.as_deref(), Some("2026-03-03"));
    assert_eq!(obligation(&e, "承诺件限时办结").status, Status::Met);
}

#[test]
fn an_open_stop_suspends_the_clock() {
    let e = eval("baicheng-004", "承诺件-现场勘察中止未恢复");
    let o = obligation(&e, "承诺件限时办结");
    assert_eq!(
        (o.status, o.due.as_deref(), o.next_change.as_deref()),
        (Status::Pending, None, None)
    );
    assert!(e.clocks[0].suspended);
}

#[test]
fn an_extension_counts_only_with_approval_and_a_reasoned_notice() {
    let ok = eval("baicheng-004", "承诺件-延期经批准并告知原由");
    assert_eq!(
        obligation(&ok, "承诺件限时办结").last_day.as_deref(),
        Some("2026-03-18")
    );
    assert!(ok.clocks[0].extensions[0].counted);
    let bad = eval("baicheng-004", "承诺件-延期未告知原由");
    assert_eq!(
        obligation(&bad, "承诺件限时办结").last_day.as_deref(),
        Some("2026-03-12")
    );
    assert_eq!(words(&bad.clocks[0].extensions[0].reason), "“延期告知”未载明“原由”");
    assert_eq!(codes(&bad.clocks[0].extensions[0].reason), ["fault-unstated"]);
}

#[test]
fn counting_into_2027_is_provisional() {
    let e = eval("baicheng-004", "承诺件-跨年计入未公布的2027年");
    assert!(e.provisional);
    assert_eq!(obligation(&e, "承诺件限时办结").last_day.as_deref(), Some("2027-01-04"));
    let reason = e.clocks[0].provisional_reason.as_ref().unwrap();
    assert_eq!(reason.code, "clock-provisional");
    assert!(reason.text.starts_with("暂定：计算涉及2027年"), "{}", reason.text);
}

#[test]
fn make_up_saturday_before_spring_festival_counts() {
    // 02-13 (Fri), 02-14 (make-up Sat), then 02-24 after the holiday.
    let e = eval("baicheng-004", "承诺件-春节前收件调休周六计入");
    assert_eq!(obligation(&e, "承诺件限时办结").last_day.as_deref(), Some("2026-02-24"));
}

#[test]
fn mid_autumn_runs_into_national_day() {
    let e = eval("baicheng-004", "承诺件-中秋连国庆待办绿灯");
    let o = obligation(&e, "承诺件限时办结");
    assert_eq!(o.last_day.as_deref(), Some("2026-10-09"));
    // Yellow from the start of the second-last working day (warn 2 working days).
    assert_eq!(
        (o.warning, o.next_change.as_deref()),
        (Some(Warning::Green), Some("2026-10-08T00:00:00+08:00"))
    );
}

#[test]
fn overtime_service_ends_only_when_everyone_is_served() {
    let e = eval("baicheng-004", "延时服务-未办完先离岗");
    let statuses: Vec<(Status, Option<&str>)> = e.obligations.iter().map(|o| (o.status, o.person.as_deref())).collect();
    assert_eq!(
        statuses,
        vec![(Status::Met, Some("刘洋")), (Status::Breached, Some("刘洋"))]
    );
    assert_eq!(e.violations[0].at, "2026-09-08T17:30:00+08:00");
}

#[test]
fn calendar_day_limits_roll_past_rest_days_and_end_at_closing() {
    // Counting rules 4 and 5: 03-08 is a Sunday, so the limit runs to Monday's closing time.
    let met = eval("counting", "日历日-末日周日顺延至周一闭厅");
    assert_eq!(
        obligation(&met, "普通件").due.as_deref(),
        Some("2026-03-09T17:30:00+08:00")
    );
    let late = eval("counting", "日历日-闭厅后办结逾期");
    let p = late.violations[0].penalty.as_ref().unwrap();
    assert_eq!(p.rung.as_deref(), Some("责令书面检查"));
}

#[test]
fn month_limits_clamp_to_month_end_and_roll_over_holidays() {
    assert_eq!(
        obligation(&eval("counting", "月-一月三十一日收件至二月末日"), "重大件")
            .last_day
            .as_deref(),
        Some("2026-02-28")
    );
    assert_eq!(
        obligation(&eval("counting", "月-清明收件一月后落在劳动节顺延"), "重大件")
            .last_day
            .as_deref(),
        Some("2026-05-06")
    );
}

#[test]
fn a_delay_notice_needs_its_lead_time() {
    assert_eq!(
        obligation(&eval("counting", "延期-提前三日告知原由计入"), "复杂件").status,
        Status::Met
    );
    let late = eval("counting", "延期-告知不足三日不计入");
    assert_eq!(
        late.violations[0].penalty.as_ref().unwrap().rung.as_deref(),
        Some("通报批评")
    );
}

#[test]
fn applicant_caused_delay_counts_as_on_time() {
    let e = eval("counting", "申请人未按期取件视为按时");
    let o = obligation(&e, "普通件");
    assert_eq!(o.status, Status::Met);
    assert!(codes(&o.detail).contains(&"deadline-applicant-delay"), "{:?}", o.detail);
    assert!(words(&o.detail).contains("计时规则八：因申请人原因延误"));
}

#[test]
fn ladders_choose_rungs_by_severity_and_repetition() {
    let severe = eval("counting", "情节严重逾期");
    assert_eq!(
        severe.violations[0].penalty.as_ref().unwrap().rung.as_deref(),
        Some("纪律处分")
    );
    let repeated = eval("counting", "重复收费第二次升级");
    let rungs: Vec<Option<&str>> = repeated
        .violations
        .iter()
        .map(|v| v.penalty.as_ref().unwrap().rung.as_deref())
        .collect();
    assert_eq!(rungs, vec![None, Some("调离岗位")]);
    assert_eq!(repeated.violations[0].penalty.as_ref().unwrap().range.len(), 4);
}

#[test]
fn every_rule_of_every_shipped_policy_is_met_and_breached_somewhere() {
    let mut policies = 0;
    for entry in std::fs::read_dir(root().join("policy")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "hall") {
            continue;
        }
        policies += 1;
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let evaluator = evaluator_for(&name);
        let mut coverage = Coverage::new(evaluator.policy());
        let dir = root().join("tests/fixtures/cases").join(&name);
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|_| panic!("no fixtures for {name} in {}", dir.display())) {
            let file = entry.unwrap().path();
            if file.extension().is_none_or(|x| x != "json") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            let case = decode_case(evaluator.policy(), &text, None).unwrap();
            let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
            coverage.record(&evaluator, &stem, &case, &evaluator.evaluate(&case));
        }
        assert!(
            coverage.cases >= evaluator.policy().rules.len(),
            "{name}: only {} fixtures",
            coverage.cases
        );
        let gaps: Vec<_> = coverage.gaps().map(|r| r.rule.clone()).collect();
        assert!(
            gaps.is_empty(),
            "{name}: rules not seen both met and breached: {gaps:?}"
        );
    }
    assert!(policies >= 2);
}

#[test]
fn the_daan_ladder_picks_its_rung_by_the_stated_severity() {
    let late = eval("daan-002", "后台件-未承诺时限且逾期");
    let rungs: Vec<Option<&str>> = late
        .violations
        .iter()
        .map(|v| v.penalty.as_ref().unwrap().rung.as_deref())
        .collect();
    assert_eq!(rungs, [Some("通报批评"), Some("通报批评")]);
    let penalty = late.violations[0].penalty.as_ref().unwrap();
    assert_eq!(
        (penalty.decided_by, penalty.citation.article.as_ref()),
        (DecidedBy::Criteria, "第六条(三)")
    );
    let light = eval("daan-002", "即办件-次日才办结");
    assert_eq!(
        light.violations[0].penalty.as_ref().unwrap().rung.as_deref(),
        Some("责令书面检查、限期整改")
    );
    // With no severity stated, a person decides among the four rungs.
    let open = eval("daan-002", "退回件-未说明原因");
    let penalty = open.violations[0].penalty.as_ref().unwrap();
    assert_eq!((penalty.decided_by, penalty.range.len()), (DecidedBy::Person, 4));
}

#[test]
fn a_supplement_after_a_proper_notice_restarts_the_daan_clock() {
    // Supplemented Friday 05-15: 15 working days from 05-18 end on 06-05.
    let e = eval("daan-002", "一次性告知-补充后重新计时");
    let o = obligation(&e, "后台限时办结");
    assert_eq!((o.status, o.last_day.as_deref()), (Status::Met, Some("2026-06-05")));
    assert_eq!(e.clocks[0].start, "2026-05-15");
}

#[test]
fn a_group_gets_at_most_five_representatives() {
    let e = eval("renshe-000", "投诉-集体走访次日才推选且代表八人");
    let whats: Vec<String> = e.violations.iter().map(|v| words(&v.what)).collect();
    assert_eq!(whats[1], "2026年7月9日 09:00发生“推选代表”；“代表人数”为8（> 5）");
    assert_eq!(obligation(&e, "集体投诉推选代表").status, Status::Breached);
    let ok = eval("renshe-000", "投诉-集体走访推选五名代表");
    assert!(ok.violations.is_empty());
}

#[test]
fn materials_may_not_be_supplemented_once_accepted_online() {
    let e = eval("renshe-000", "网办-受理后补正替换材料");
    assert_eq!(
        words(&e.violations[0].what),
        "2026年7月7日 09:00发生“补正”；发生在“受理”（2026年7月6日 10:00）之后"
    );
    // Before acceptance a supplement is what the correction notice asks for.
    let before = eval("renshe-000", "网办-平台告知补正后受理并按时办结");
    assert!(before.violations.is_empty());
}

#[test]
fn an_expert_review_stops_the_online_clock_and_lateness_costs_the_rating() {
    let e = eval("renshe-000", "网办-专家评审中止后仍逾期");
    let clock = &e.clocks[0];
    assert_eq!(
        (clock.stops[0].excluded, clock.last_day.as_deref()),
        (6, Some("2026-07-28"))
    );
    let penalty = e.violations[0].penalty.as_ref().unwrap();
    assert_eq!(penalty.rung.as_deref(), Some("影响评优评先"));
}

#[test]
fn forbidden_phrases_are_found_in_what_staff_said() {
    let e = eval("yaoguan-003", "首问-说不归我管");
    let whats: Vec<String> = e.violations.iter().map(|v| words(&v.what)).collect();
    assert_eq!(whats, ["2026年3月3日 10:02发生“答复”；“原话”含有“不归我管”"]);
    assert_eq!(codes(&e.violations[0].what), ["forbid-event", "forbid-found-phrase"]);
    assert_eq!(e.violations[0].citation.article, "二(二)");
    // "我要下班了,快点讲" breaks 五(一)3 but not 二(二), whose phrases it does not use.
    let e = eval("yaoguan-003", "服务禁语-我要下班了");
    let rules: Vec<&str> = e.violations.iter().map(|v| v.rule.as_ref()).collect();
    assert_eq!(rules, ["服务禁语"]);
    assert!(words(&e.violations[0].what).ends_with("“原话”含有“我要下班了”"));
}

#[test]
fn a_township_matter_with_no_statutory_limit_gets_fifteen_working_days_across_qingming() {
    // Received Monday 03-16; 15 working days skip 清明 (04-04..06): the last is Tuesday 04-07.
    let e = eval("yaoguan-003", "代办-清明前待办黄灯");
    let o = obligation(&e, "限时办结");
    assert_eq!(o.last_day.as_deref(), Some("2026-04-07"));
    assert_eq!((o.status, o.warning), (Status::Pending, Some(Warning::Yellow)));
    assert_eq!((e.clocks[0].used, e.clocks[0].left), (13, 2));
}

#[test]
fn a_site_check_is_due_only_where_the_case_needs_one() {
    let late = eval("yaoguan-003", "代办-逾期且未实地核实");
    let o = obligation(&late, "实地核实");
    assert_eq!(
        (o.status, o.last_day.as_deref()),
        (Status::Breached, Some("2026-03-16"))
    );
    let none = eval("yaoguan-003", "代办-清明前待办黄灯");
    assert!(none.obligations.iter().all(|o| o.rule != "实地核实"));
}

#[test]
fn a_written_complaint_needs_a_written_reply() {
    let e = eval("yaoguan-003", "投诉-书面投诉口头答复");
    assert_eq!(obligation(&e, "投诉答复").status, Status::Met);
    let o = obligation(&e, "书面投诉书面答复");
    assert_eq!(o.status, Status::Breached);
    assert_eq!(words(&o.detail), "“答复”采用口头形式，规定应采用书面形式");
}

#[test]
fn a_renamed_rung_shows_as_a_penalty_change() {
    let path = hallpolicy_tests::policy_for_cases("daan-002");
    let source = std::fs::read_to_string(&path).unwrap();
    let renamed = source.replacen("rung \"通报批评\"", "rung \"全局通报批评\"", 1);
    let old = evaluator_for("daan-002");
    let new = hallpolicy_runtime::Evaluator::new(hallpolicy_compiler::compile(&renamed).unwrap());
    let case =
        std::fs::read_to_string(root().join("tests/fixtures/cases/daan-002/后台件-未承诺时限且逾期.json")).unwrap();
    let changes = hallpolicy_runtime::report::diff::compare(
        &old.evaluate_json(&case, None).unwrap(),
        &new.evaluate_json(&case, None).unwrap(),
    );
    let whats: Vec<(&str, Option<&str>)> = changes.iter().map(|c| (c.what.as_str(), c.new.as_deref())).collect();
    assert_eq!(
        whats,
        [
            ("penalty", Some("责任追究：全局通报批评")),
            ("penalty", Some("责任追究：全局通报批评"))
        ]
    );
}
