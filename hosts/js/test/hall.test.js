// The JavaScript host in Node: real outcomes, errors with paths, and the same bytes as native.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { CaseError, Hall, LimitExceeded } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const hallBin = process.env.HALL_BIN ?? join(root, 'target/debug/hall');
const fixture = (dir, name) => readFileSync(join(root, 'tests/fixtures', dir, name), 'utf8');
const jsonFiles = (dir) => readdirSync(join(root, 'tests/fixtures', dir)).filter((f) => f.endsWith('.json')).sort();

const hall = await Hall.load(new URL('../generated/baicheng-004/hall.js', import.meta.url));
const counting = await Hall.load(new URL('../generated/counting/hall.js', import.meta.url));
const yaoguan = await Hall.load(new URL('../generated/yaoguan-003/hall.js', import.meta.url));
const daan = await Hall.load(new URL('../generated/daan-002/hall.js', import.meta.url));
const renshe = await Hall.load(new URL('../generated/renshe-000/hall.js', import.meta.url));
const tongxiang = await Hall.load(new URL('../generated/tongxiang-001/hall.js', import.meta.url));
const guihua = await Hall.load(new URL('../generated/guihua-001/hall.js', import.meta.url));
const tangdaohe = await Hall.load(new URL('../generated/tangdaohe-001/hall.js', import.meta.url));
const quancheng = await Hall.load(new URL('../generated/quancheng-001/hall.js', import.meta.url));
const xuexiao = await Hall.load(new URL('../generated/xuexiao-001/hall.js', import.meta.url));

function native(policy, dir, name) {
  try {
    return execFileSync(hallBin, ['eval', '--native', '--format', 'json', join(root, policy), join(root, 'tests/fixtures', dir, name)], { encoding: 'utf8' }).trim();
  } catch (e) {
    return e.stdout.trim();
  }
}

test('a stop across Spring Festival', () => {
  const e = hall.evaluate(fixture('cases/baicheng-004', '承诺件-检测中止跨春节.json'));
  const o = e.obligations.find((o) => o.rule === '承诺件限时办结');
  assert.deepEqual([o.status, o.last_day, o.due], ['met', '2026-03-03', '2026-03-04T00:00:00+08:00']);
  assert.equal(e.clocks[0].stops[0].excluded, 7);
});

test('a bad case throws CaseError with the path', () => {
  assert.throws(() => hall.evaluate(fixture('bad-cases', 'impossible-date.json')), (e) => {
    assert.ok(e instanceof CaseError);
    assert.equal(e.path, 'events[0].at');
    assert.equal(e.reason, '“2026-02-30”不是历法中的日子');
    assert.deepEqual([e.code, e.args], ['case-no-such-day', { day: '2026-02-30' }]);
    assert.equal(e.message, '案件数据有误（events[0].at）：“2026-02-30”不是历法中的日子');
    return true;
  });
});

test('words are Chinese unless the hall or the call asks for English', () => {
  const text = fixture('cases/baicheng-004', '一次性告知-遗漏材料后二次告知.json');
  const chinese = hall.evaluate(text);
  const english = hall.evaluate(text, undefined, { lang: 'en' });
  assert.deepEqual([chinese.lang, english.lang], ['zh-CN', 'en']);
  const [zh, en] = [chinese.obligations[0].duty, english.obligations[0].duty];
  assert.deepEqual([en.code, en.args], [zh.code, zh.args]);
  assert.notEqual(en.text, zh.text);
  const inEnglish = new Hall(hall.evaluator, { lang: 'en' });
  assert.equal(inEnglish.evaluate(text).lang, 'en');
  assert.equal(inEnglish.evaluate(text, undefined, { lang: 'zh' }).lang, 'zh-CN');
  assert.throws(() => inEnglish.evaluate(fixture('bad-cases', 'impossible-date.json')), {
    name: 'CaseError',
    message: 'invalid case at events[0].at: “2026-02-30” is not a day of the calendar',
  });
  assert.throws(() => hall.evaluate(text, undefined, { lang: 'fr' }), (e) => {
    assert.deepEqual([e.path, e.code, e.args], ['lang', 'case-unknown-lang', { lang: 'fr' }]);
    return true;
  });
});

test('an oversized case is refused before the call', () => {
  const small = new Hall(hall.evaluator, { maxCaseBytes: 1024 });
  assert.throws(() => small.evaluateJson('x'.repeat(2048)), LimitExceeded);
});

test('after a trap the instance is not entered again', () => {
  let calls = 0;
  const trapping = new Hall({
    evaluateJsonIn() {
      calls += 1;
      throw new WebAssembly.RuntimeError('unreachable');
    },
  });
  assert.throws(() => trapping.evaluateJson('{}'), {
    name: 'LimitExceeded',
    message: '评估已停止：组件陷入异常（unreachable）',
  });
  assert.throws(() => trapping.evaluateJson('{}'), {
    name: 'LimitExceeded',
    message: '组件此前已陷入异常（unreachable），此实例不再进入',
  });
  assert.equal(calls, 1);
});

/** A 延时服务 day with `n` applicants waiting at closing: seconds of work in the component. */
function manyWaiting(n) {
  const events = [{ type: '下班时间到', at: '2026-06-01T17:00:00+08:00' }];
  const who = (i) => `服务对象${String(i).padStart(6, '0')}`;
  for (let i = 0; i < n; i++) events.push({ type: '等候', at: '2026-06-01T17:00:00+08:00', 服务对象: who(i) });
  for (let i = n - 1; i >= 0; i--) events.push({ type: '办理完毕', at: '2026-06-01T19:00:00+08:00', 服务对象: who(i) });
  return JSON.stringify({ kind: '延时服务', as_of: '2026-06-02T09:00:00+08:00', facts: { 类型: '推迟下班' }, events });
}

test('a call past its time limit is stopped, and the instance is not entered again', async () => {
  // A module instance of its own (the query makes it one), so the shared one is kept.
  const own = await Hall.load(new URL('../generated/baicheng-004/hall.js?time-limit', import.meta.url), { timeLimitMs: 1 });
  assert.throws(() => own.evaluateJson(manyWaiting(60_000)), {
    name: 'LimitExceeded',
    message: '评估已停止：运行超过时限 1 毫秒',
  });
  assert.throws(() => own.evaluateJson(fixture('cases/baicheng-004', '即办件-当场办结.json')), {
    name: 'LimitExceeded',
    message: '组件此前已陷入异常（时限 1 毫秒），此实例不再进入',
  });
});

test('a small case is timed by the given clock and refused when it ran past the limit', () => {
  let clock = 0;
  const slow = new Hall(hall.evaluator, { timeLimitMs: 4, now: () => (clock += 5) });
  const text = fixture('cases/baicheng-004', '即办件-当场办结.json');
  assert.throws(() => slow.evaluateJson(text), {
    name: 'LimitExceeded',
    message: '评估已停止：运行超过时限 4 毫秒',
  });
  // It ran to its end, so the instance is sound and is entered again.
  assert.equal(new Hall(hall.evaluator, { timeLimitMs: 6, now: () => (clock += 5) }).evaluate(text).obligations[0].status, 'met');
});

test('time limits are checked against the range every host accepts', () => {
  for (const ms of [0, -1, 3_600_001, 2 ** 64]) {
    assert.throws(() => new Hall(hall.evaluator, { timeLimitMs: ms }), {
      name: 'RangeError',
      message: `时限须在 1 至 3600000 毫秒之间，而不是 ${ms}`,
    });
  }
  assert.throws(() => new Hall(hall.evaluator, { timeLimitMs: 0, lang: 'en' }), {
    name: 'RangeError',
    message: 'the time limit must be between 1 and 3600000 ms, not 0',
  });
  assert.throws(() => new Hall(hall.evaluator, { timeLimitMs: 1.5 }), { name: 'TypeError' });
  assert.equal(new Hall(hall.evaluator, { timeLimitMs: 3_600_000 }).timeLimitMs, 3_600_000);
  assert.equal(new Hall(hall.evaluator).timeLimitMs, 1000);
});

test('the bytes entry takes bytes or text, gives the JSON text as UTF-8, and the same errors', () => {
  const text = fixture('cases/baicheng-004', '一次性告知-遗漏材料后二次告知.json');
  const caseBytes = new TextEncoder().encode(text);
  const bytes = hall.evaluateJsonBytes(caseBytes);
  assert.ok(bytes instanceof Uint8Array);
  assert.equal(new TextDecoder().decode(bytes), hall.evaluateJson(text));
  assert.deepEqual(hall.evaluateJsonBytes(text), bytes);
  for (const bad of [fixture('bad-cases', 'impossible-date.json'), new TextEncoder().encode(fixture('bad-cases', 'impossible-date.json'))]) {
    assert.throws(() => hall.evaluateJsonBytes(bad), (e) => {
      assert.ok(e instanceof CaseError);
      assert.equal(e.path, 'events[0].at');
      return true;
    });
  }
  // A lone continuation byte where the subject's name starts.
  const spoiled = caseBytes.slice();
  const at = new TextEncoder().encode(text.slice(0, text.indexOf('BC-0601'))).length;
  spoiled[at] = 0x80;
  assert.throws(() => hall.evaluateJsonBytes(spoiled), (e) => {
    assert.ok(e instanceof CaseError);
    assert.equal(e.path, '');
    assert.equal(e.reason, `不是有效的 UTF-8 文本：前 ${at} 个字节之后有 1 个字节无效`);
    return true;
  });
});

test('a case of the wrong type is a TypeError, and the instance goes on', () => {
  const text = fixture('cases/baicheng-004', '一次性告知-遗漏材料后二次告知.json');
  const fresh = new Hall(hall.evaluator);
  assert.throws(() => fresh.evaluateJson(new TextEncoder().encode(text)), TypeError);
  assert.throws(() => fresh.evaluateJsonBytes(42), TypeError);
  assert.throws(() => fresh.evaluateJsonBytes([1, 2]), TypeError);
  const bytes = new TextEncoder().encode(text);
  assert.deepEqual(fresh.evaluateJsonBytes(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)), fresh.evaluateJsonBytes(bytes));
  assert.equal(fresh.evaluateJson(text), hall.evaluateJson(text));
});

test('a byte case above the size limit is refused before the call', () => {
  const small = new Hall(hall.evaluator, { maxCaseBytes: 100 });
  assert.throws(() => small.evaluateJsonBytes(new Uint8Array(101)), { name: 'LimitExceeded' });
});

test('as-of overrides the case', () => {
  const e = hall.evaluate(fixture('cases/baicheng-004', '承诺件-中秋连国庆待办绿灯.json'), '2026-10-08T10:00:00+08:00');
  assert.equal(e.obligations.find((o) => o.rule === '承诺件限时办结').warning, 'yellow');
});

test('describe gives the case schema', () => {
  const d = hall.describe();
  assert.equal(d.hall, '白城市政务大厅分厅');
  assert.equal(d.policyHash.length, 64);
  assert.deepEqual(d.kinds.map((k) => k.name).sort(), ['咨询', '岗位', '延时服务', '申办'].sort());
});

test('every fixture gives the same bytes as native', () => {
  for (const [h, policy, dirs] of [
    [hall, 'policy/baicheng-004.hall', ['cases/baicheng-004', 'bad-cases']],
    [counting, 'tests/fixtures/policies/counting.hall', ['cases/counting']],
    [yaoguan, 'policy/yaoguan-003.hall', ['cases/yaoguan-003']],
    [daan, 'policy/daan-002.hall', ['cases/daan-002']],
    [renshe, 'policy/renshe-000.hall', ['cases/renshe-000']],
    [tongxiang, 'policy/tongxiang-001.hall', ['cases/tongxiang-001']],
    [guihua, 'policy/guihua-001.hall', ['cases/guihua-001']],
    [tangdaohe, 'policy/tangdaohe-001.hall', ['cases/tangdaohe-001']],
    [quancheng, 'policy/quancheng-001.hall', ['cases/quancheng-001']],
    [xuexiao, 'policy/xuexiao-001.hall', ['cases/xuexiao-001']],
  ]) {
    for (const dir of dirs) {
      for (const name of jsonFiles(dir)) {
        let got;
        try {
          got = h.evaluateJson(fixture(dir, name));
        } catch (e) {
          if (!(e instanceof CaseError)) throw e;
          got = JSON.stringify({ error: e });
        }
        assert.equal(got, native(policy, dir, name), `${dir}/${name}`);
      }
    }
  }
});

test('hostile cases end with a clear error or a result, and the host goes on', () => {
  const receipt = { type: '收件', at: '2026-03-02T09:00:00+08:00', by: '王芳', 材料: ['营业执照'] };
  const bigCase = (events, subject) => JSON.stringify({
    kind: '申办', subject, as_of: '2026-12-31T12:00:00+08:00', facts: { 事项: '社会保险登记' }, events: [receipt, ...events],
  });
  const million = bigCase(Array(1_000_000).fill({ type: '受理', at: '2026-03-03T09:00:00+08:00' }), 'million');
  assert.throws(() => hall.evaluateJson(million), /案件超过本宿主的上限 16777216 字节/);
  const long = '长'.repeat((10 << 20) >> 2);
  assert.ok(hall.evaluateJson(bigCase([], long)).includes(long));
  assert.equal(hall.evaluate(fixture('cases/baicheng-004', '即办件-当场办结.json')).obligations[0].status, 'met');
});

test('10,000 generated cases per shipped policy give the same bytes as native', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'hall-generated-'));
  const shipped = readdirSync(join(root, 'policy')).filter((f) => f.endsWith('.hall')).sort();
  for (const file of shipped) {
    const name = file.replace(/\.hall$/, '');
    const policy = join(root, 'policy', file);
    const cases = execFileSync(hallBin, ['generate', policy, '--count', '10000', '--seed', '42'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const path = join(dir, `${name}.jsonl`);
    writeFileSync(path, cases);
    const expected = execFileSync(hallBin, ['eval', policy, path, '--batch', '--native', '--jobs', '2'], { encoding: 'utf8', maxBuffer: 1 << 30 }).split('\n').filter(Boolean);
    const h = await Hall.load(new URL(`../generated/${name}/hall.js`, import.meta.url));
    const lines = cases.split('\n').filter(Boolean);
    assert.equal(lines.length, 10000);
    assert.equal(expected.length, 10000);
    lines.forEach((line, i) => {
      let got;
      try {
        got = h.evaluateJson(line);
      } catch (e) {
        if (!(e instanceof CaseError)) throw e;
        got = JSON.stringify({ error: e });
      }
      assert.equal(got, expected[i], `${name} case ${i}`);
    });
  }
});

test('text with a lone surrogate is refused as every host refuses its bytes, and the instance goes on', () => {
  const text = fixture('cases/baicheng-004', '即办件-当场办结.json');
  const at = new TextEncoder().encode(text.slice(0, text.indexOf('"subject"') + 1)).length;
  const reason = `不是有效的 UTF-8 文本：前 ${at} 个字节之后有 1 个字节无效`;
  const spoiled = text.replace('"subject"', '"\ud800ubject"');
  for (const call of [() => hall.evaluateJson(spoiled), () => hall.evaluateJsonBytes(spoiled)]) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof CaseError, String(e));
      assert.deepEqual([e.path, e.reason], ['', reason]);
      return true;
    });
  }
  // The same bytes as Python's `surrogatepass` (ED A0 80), and a surrogate pair is one character.
  const fresh = new Hall(hall.evaluator);
  assert.equal(fresh.evaluateJson(text), hall.evaluateJson(text));
});

test('asOf may be a Date; anything else that is not text is a TypeError before the call', () => {
  const text = fixture('cases/baicheng-004', '即办件-当场办结.json');
  const byText = hall.evaluateJson(text, '2026-09-01T10:00:00+08:00');
  assert.equal(hall.evaluateJson(text, new Date('2026-09-01T02:00:00Z')), byText);
  assert.deepEqual(hall.evaluate(text, new Date('2026-09-01T10:00:00+08:00')), JSON.parse(byText));
  assert.throws(() => hall.evaluateJson(text, new Date('not a date')), { name: 'TypeError', message: 'asOf is an invalid Date' });
  assert.throws(() => hall.evaluateJson(text, 20260901), { name: 'TypeError', message: 'asOf must be RFC 3339 text or a Date, not number' });
  // A case object's Date members become RFC 3339 text, as JSON.stringify writes them.
  const asObject = JSON.parse(text);
  asObject.as_of = new Date('2026-09-01T02:00:00Z');
  assert.equal(JSON.stringify(hall.evaluate(asObject)), byText);
  assert.equal(hall.trapped, null);
});
