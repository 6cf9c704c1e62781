"""The Python host: real outcomes through the component, and the same bytes as native."""

import datetime
import json
import threading
import subprocess
import sys
from pathlib import Path

import pytest

import hallpolicy
from hallpolicy import CaseError, Hall
from conftest import ROOT, hall_binary, native_json

CASES = sorted((ROOT / "tests/fixtures/cases/baicheng-004").glob("*.json"))
COUNTING = sorted((ROOT / "tests/fixtures/cases/counting").glob("*.json"))
SEEDS = [(name, case) for name in ("yaoguan-003", "daan-002", "renshe-000", "tongxiang-001", "guihua-001", "tangdaohe-001", "quancheng-001", "xuexiao-001")
         for case in sorted((ROOT / "tests/fixtures/cases" / name).glob("*.json"))]
BAD = sorted((ROOT / "tests/fixtures/bad-cases").glob("*.json"))


@pytest.fixture(scope="module")
def hall(components):
    return hallpolicy.Hall.load(components["baicheng-004"])


def test_a_stop_across_spring_festival(hall):
    case = json.loads((ROOT / "tests/fixtures/cases/baicheng-004/承诺件-检测中止跨春节.json").read_text())
    e = hall.evaluate(case)
    o = next(o for o in e.obligations if o.rule == "承诺件限时办结")
    assert (o.status, o.last_day, o.due) == ("met", "2026-03-03", "2026-03-04T00:00:00+08:00")
    assert e.clocks[0].stops[0].excluded == 7
    assert o.citation.article == "第十六条(三)1、3、4"


def test_violations_carry_penalty_and_citation(hall):
    e = hall.evaluate((ROOT / "tests/fixtures/cases/baicheng-004/一次性告知-遗漏材料后二次告知.json").read_text())
    assert [v.rule for v in e.violations] == ["一次性告知", "一次性告知", "承诺件限时办结"]
    assert e.violations[0].penalty.decided_by == "person"
    assert e.violations[0].penalty.citation.article == "第十六条(二)4"


def test_as_of_overrides_the_case(hall):
    text = (ROOT / "tests/fixtures/cases/baicheng-004/承诺件-中秋连国庆待办绿灯.json").read_text()
    e = hall.evaluate(text, as_of="2026-10-08T10:00:00+08:00")
    assert next(o for o in e.obligations if o.rule == "承诺件限时办结").warning == "yellow"


def test_a_bad_case_raises_case_error_with_path(hall):
    with pytest.raises(hallpolicy.CaseError) as info:
        hall.evaluate((ROOT / "tests/fixtures/bad-cases/impossible-date.json").read_text())
    assert info.value.path == "events[0].at"
    assert info.value.reason == "“2026-02-30”不是历法中的日子"
    assert (info.value.code, info.value.arguments) == ("case-no-such-day", {"day": "2026-02-30"})
    assert str(info.value) == "案件数据有误（events[0].at）：“2026-02-30”不是历法中的日子"


def test_words_are_chinese_unless_the_hall_or_the_call_asks_for_english(hall, components, root):
    text = _sample(root)
    assert json.loads(hall.evaluate_json(text))["lang"] == "zh-CN"
    english = json.loads(hall.evaluate_json(text, lang="en"))
    assert english["lang"] == "en"
    duty = english["obligations"][0]["duty"]
    chinese = json.loads(hall.evaluate_json(text))["obligations"][0]["duty"]
    assert (duty["code"], duty["args"]) == (chinese["code"], chinese["args"])
    assert duty["text"] != chinese["text"]
    h = Hall.load(components["baicheng-004"], lang="en")
    assert json.loads(h.evaluate_json(text))["lang"] == "en"
    assert json.loads(h.evaluate_json(text, lang="zh"))["lang"] == "zh-CN"
    bad = (ROOT / "tests/fixtures/bad-cases/impossible-date.json").read_text()
    with pytest.raises(CaseError) as info:
        h.evaluate_json(bad)
    assert str(info.value) == "invalid case at events[0].at: “2026-02-30” is not a day of the calendar"
    with pytest.raises(CaseError) as info:
        hall.evaluate_json(text, lang="fr")
    assert (info.value.path, info.value.code, info.value.arguments) == ("lang", "case-unknown-lang", {"lang": "fr"})


def test_calls_free_what_they_pass_and_return(hall):
    # The JSON entry builds and frees the C API's values itself; a leak would show as growth here.
    def resident_kib():
        return int(Path("/proc/self/statm").read_text().split()[1]) * 4
    text = (ROOT / "tests/fixtures/cases/baicheng-004/一次性告知-遗漏材料后二次告知.json").read_text()
    bad = (ROOT / "tests/fixtures/bad-cases/impossible-date.json").read_text()
    def calls():
        for _ in range(5000):
            hall.evaluate_json(text, "2026-06-20T10:00:00+08:00")
            with pytest.raises(hallpolicy.CaseError):
                hall.evaluate_json(bad)
    calls()
    before = resident_kib()
    calls()
    assert resident_kib() - before < 1024


def test_the_json_entry_refuses_a_function_of_another_shape(hall):
    from hallpolicy._json_entry import JsonEntry
    store = hall._instance()
    with pytest.raises(hallpolicy.ComponentError,
                       match=r"`evaluate-json-in` is not func\(string, option<string>, option<string>\) -> result<string, string>"):
        JsonEntry(store, hall._describe)


def _many_waiting(n):
    """A 延时服务 day with `n` applicants waiting at closing: seconds of work in the component."""
    events = [{"type": "下班时间到", "at": "2026-06-01T17:00:00+08:00"}]
    events += [{"type": "等候", "at": "2026-06-01T17:00:00+08:00", "服务对象": f"服务对象{i:06}"} for i in range(n)]
    events += [{"type": "办理完毕", "at": "2026-06-01T19:00:00+08:00", "服务对象": f"服务对象{i:06}"}
               for i in reversed(range(n))]
    return json.dumps({"kind": "延时服务", "as_of": "2026-06-02T09:00:00+08:00", "facts": {"类型": "推迟下班"},
                       "events": events}, ensure_ascii=False)


def test_time_limit_stops_a_call_and_the_host_survives(components):
    # The shortest limit a host accepts, against a case that takes far longer.
    small = hallpolicy.Hall.load(components["baicheng-004"], time_limit_ms=1, memory_mib=4096)
    with pytest.raises(hallpolicy.LimitExceeded, match="运行超过时限 1 毫秒"):
        small.evaluate_json(_many_waiting(60_000))
    small.time_limit_ms = 1000
    text = (ROOT / "tests/fixtures/cases/baicheng-004/即办件-当场办结.json").read_text()
    assert small.evaluate(text).obligations[0].status == "met"
    with pytest.raises(ValueError, match="时限须在 1 至 3600000 毫秒之间，而不是 0"):
        small.time_limit_ms = 0


CHURN = """
import gc, threading, time
import hallpolicy._hall as hall_module
hall_module.TICK_MS = 0.001  # tick as fast as possible, to meet the race every time
for _ in range(1000):
    try:
        hall_module.Hall(b"not a component")
    except hallpolicy.ComponentError:
        pass
    gc.collect()
time.sleep(0.1)
print("epoch threads left:", sum(t.name == "hallpolicy-epoch" for t in threading.enumerate()))
"""


def test_halls_dropped_while_their_epoch_ticks_free_the_engine_safely():
    # Each Hall's engine used to be freed by its __del__ under a tick in flight: a segfault.
    out = subprocess.run([sys.executable, "-c", "import hallpolicy" + CHURN], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "epoch threads left: 0"


def test_oversized_case_is_refused_before_the_call(components):
    h = hallpolicy.Hall.load(components["baicheng-004"], max_case_bytes=1024)
    with pytest.raises(hallpolicy.LimitExceeded, match="案件超过本宿主的上限 1024 字节"):
        h.evaluate_json("x" * 2048)


def test_describe_gives_the_case_schema(hall):
    d = hall.describe()
    assert d["hall"] == "白城市政务大厅分厅"
    assert len(d["policy_hash"]) == 64
    kinds = {k["name"] for k in d["kinds"]}
    assert kinds == {"咨询", "申办", "延时服务", "岗位"}


@pytest.mark.parametrize("case", CASES + BAD, ids=lambda p: p.stem)
def test_same_bytes_as_native(hall, case):
    text = case.read_text(encoding="utf-8")
    try:
        got = hall.evaluate_json(text)
    except hallpolicy.CaseError as e:
        got = json.dumps({"error": e.to_json()}, ensure_ascii=False, separators=(",", ":"))
    assert got == native_json("policy/baicheng-004.hall", case)


@pytest.mark.parametrize("case", COUNTING, ids=lambda p: p.stem)
def test_same_bytes_as_native_counting(components, case):
    h = hallpolicy.Hall.load(components["counting"])
    assert h.evaluate_json(case.read_text(encoding="utf-8")) == native_json("tests/fixtures/policies/counting.hall", case)


@pytest.mark.parametrize("name,case", SEEDS, ids=lambda v: v if isinstance(v, str) else v.stem)
def test_same_bytes_as_native_other_halls(components, name, case):
    h = hallpolicy.Hall.load(components[name])
    assert h.evaluate_json(case.read_text(encoding="utf-8")) == native_json(f"policy/{name}.hall", case)


def _big_case(events, subject):
    receipt = {"type": "收件", "at": "2026-03-02T09:00:00+08:00", "by": "王芳", "材料": ["营业执照"]}
    return json.dumps({"kind": "申办", "subject": subject, "as_of": "2026-12-31T12:00:00+08:00",
                       "facts": {"事项": "社会保险登记"}, "events": [receipt] + events}, ensure_ascii=False)


def test_hostile_cases_end_with_a_clear_error_or_a_result(hall):
    million = _big_case([{"type": "受理", "at": "2026-03-03T09:00:00+08:00"}] * 1_000_000, "million")
    with pytest.raises(hallpolicy.LimitExceeded, match="案件超过本宿主的上限 16777216 字节"):
        hall.evaluate_json(million)
    long = "长" * (10 << 20 >> 2)
    assert long in hall.evaluate_json(_big_case([], long))
    text = (ROOT / "tests/fixtures/cases/baicheng-004/即办件-当场办结.json").read_text()
    assert hall.evaluate(text).obligations[0].status == "met"


SHIPPED = sorted(p.stem for p in (ROOT / "policy").glob("*.hall"))


@pytest.mark.parametrize("name", SHIPPED)
def test_generated_cases_give_the_same_bytes_as_native(components, tmp_path, name):
    """10,000 random cases per shipped policy (`hall generate`), against `hall eval --batch --native`."""
    policy = ROOT / "policy" / f"{name}.hall"
    cases = tmp_path / "cases.jsonl"
    with open(cases, "w", encoding="utf-8") as out:
        subprocess.run([hall_binary(), "generate", policy, "--count", "10000", "--seed", "42"], stdout=out, check=True)
    expected = subprocess.run([hall_binary(), "eval", policy, cases, "--batch", "--native", "--jobs", "2"],
                              capture_output=True, text=True, check=True).stdout.splitlines()
    h = hallpolicy.Hall.load(components[name])
    lines = cases.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(expected) == 10_000
    for i, (case, want) in enumerate(zip(lines, expected)):
        try:
            got = h.evaluate_json(case)
        except hallpolicy.CaseError as e:
            got = json.dumps({"error": e.to_json()}, ensure_ascii=False, separators=(",", ":"))
        assert got == want, f"{name} case {i}: {case}"


SAMPLE = "即办件-当场办结.json"


def _sample(root) -> str:
    return (root / "tests/fixtures/cases/baicheng-004" / SAMPLE).read_text(encoding="utf-8")


def test_one_hall_used_from_eight_threads_at_once_answers_every_call(hall, root):
    case = _sample(root)
    expected = hall.evaluate_json(case)
    answers, errors = [], []

    def work():
        try:
            for _ in range(40):
                answers.append(hall.evaluate_json(case))
        except Exception as e:  # noqa: BLE001 - any failure is the test's to report
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(answers) == 320 and set(answers) == {expected}


@pytest.mark.parametrize("limits,message", [
    ({"time_limit_ms": -1}, "时限须在 1 至 3600000 毫秒之间，而不是 -1"),
    ({"time_limit_ms": 0}, "时限须在 1 至 3600000 毫秒之间，而不是 0"),
    ({"time_limit_ms": 2**64 - 1}, "时限须在 1 至 3600000 毫秒之间，而不是 18446744073709551615"),
    ({"memory_mib": 0}, "内存上限须在 8 至 4096 MiB 之间，而不是 0"),
    ({"memory_mib": 1}, "内存上限须在 8 至 4096 MiB 之间，而不是 1"),
    ({"memory_mib": 4097}, "内存上限须在 8 至 4096 MiB 之间，而不是 4097"),
    ({"memory_mib": 1, "lang": "en"}, "the memory cap must be between 8 and 4096 MiB, not 1"),
])
def test_limits_outside_the_range_every_host_accepts_are_refused(components, limits, message):
    with pytest.raises(ValueError) as e:
        Hall.load(components["baicheng-004"], **limits)
    assert str(e.value) == message
    with pytest.raises(TypeError):
        Hall.load(components["baicheng-004"], time_limit_ms="1000")


def test_a_case_that_is_not_utf8_is_refused_as_every_host_refuses_it(hall, root):
    case = _sample(root)
    at = case.encode().index(b'"subject"') + 1
    reason = f"不是有效的 UTF-8 文本：前 {at} 个字节之后有 1 个字节无效"
    as_bytes = case.encode().replace(b'"subject"', b'"\xffubject"', 1)
    with pytest.raises(CaseError) as e:
        hall.evaluate_json(as_bytes)
    assert (e.value.path, e.value.reason) == ("", reason)
    # A lone surrogate in text: the bytes another host would send (ED A0 80) are refused alike.
    with pytest.raises(CaseError) as e:
        hall.evaluate_json(case.replace('"subject"', '"\ud800ubject"', 1))
    assert (e.value.path, e.value.reason) == ("", reason)
    # Good bytes evaluate as the text does, and the instance goes on.
    assert hall.evaluate_json(case.encode()) == hall.evaluate_json(case)


def test_as_of_may_be_a_datetime_or_a_date(hall, root):
    case = _sample(root)
    by_text = hall.evaluate(case, as_of="2026-09-01T10:00:00+08:00")
    assert hall.evaluate(case, as_of=datetime.datetime(2026, 9, 1, 10, 0)) == by_text
    utc = datetime.datetime(2026, 9, 1, 2, 0, tzinfo=datetime.timezone.utc)
    assert hall.evaluate(case, as_of=utc) == by_text
    assert hall.evaluate(case, as_of=datetime.date(2026, 9, 1)).as_of == "2026-09-02T00:00:00+08:00"
    with pytest.raises(TypeError, match="as_of must be RFC 3339 text, a datetime or a date, not int"):
        hall.evaluate(case, as_of=20260901)
    as_dict = json.loads(case)
    as_dict["as_of"] = datetime.datetime(2026, 9, 1, 10, 0)
    assert hall.evaluate(as_dict) == by_text
