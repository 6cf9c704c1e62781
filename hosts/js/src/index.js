// A thin wrapper over a jco-transpiled hallpolicy component: JSON in, plain objects out, errors
// as exceptions with the same path and reason every host reports.

/**
 * The policy refused the case: `path` names the field, `reason` says why in the call's
 * language, `code` and `args` say it as data for a portal's own words
 * (engine/runtime/MESSAGES.md).
 */
export class CaseError extends Error {
  constructor(path, reason, code = '', args = {}, lang = 'zh-CN') {
    const english = lang === 'en';
    const at = english ? (path ? `invalid case at ${path}: ` : 'invalid case: ') : (path ? `案件数据有误（${path}）：` : '案件数据有误：');
    super(at + reason);
    this.name = 'CaseError';
    this.path = path;
    this.reason = reason;
    this.code = code;
    this.args = args;
    this.lang = english ? 'en' : 'zh-CN';
  }

  /** The error as every host writes it: `{path, reason, code, args}`. */
  toJSON() {
    return { path: this.path, reason: this.reason, code: this.code, args: this.args };
  }
}

/** The call exceeded a host limit, or the component trapped. */
export class LimitExceeded extends Error {
  constructor(message) {
    super(message);
    this.name = 'LimitExceeded';
  }
}

const encoder = new TextEncoder();

// Node can stop a running call (a watchdog that terminates the script, wasm included); a
// browser cannot, and runs untrusted cases in a Worker it can terminate instead.
const vm = globalThis.process?.versions?.node ? await import('node:vm') : null;
const watched = vm && new vm.Script('call()');
const watchedCall = vm && vm.createContext({ call: null });

/** The time limits every host accepts, in ms, and the default. */
const TIME_LIMIT_MS = { least: 1, most: 3_600_000, default: 1000 };

/**
 * Cases up to this size are timed, not watched: the watchdog costs a call about 20 µs (a thread
 * a call), more than such a case takes to evaluate, and evaluation is close to linear in a
 * case's size, so a small case cannot run long. One that ran past its limit is refused all the
 * same, when it returns.
 */
const WATCHED_FROM_BYTES = 32 << 10;

/**
 * The words of the host's own refusals, as the CLI, the service and the other hosts give them:
 * Chinese unless the hall or the call asks for English.
 */
const WORDS = {
  zh: {
    timeRange: (ms) => `时限须在 ${TIME_LIMIT_MS.least} 至 ${TIME_LIMIT_MS.most} 毫秒之间，而不是 ${ms}`,
    tooLarge: (bytes) => `案件超过本宿主的上限 ${bytes} 字节`,
    overTime: (ms) => `评估已停止：运行超过时限 ${ms} 毫秒`,
    trapped: (cause) => `评估已停止：组件陷入异常（${cause}）`,
    trappedEarlier: (cause) => `组件此前已陷入异常（${cause}），此实例不再进入`,
    timeLimit: (ms) => `时限 ${ms} 毫秒`,
  },
  en: {
    timeRange: (ms) => `the time limit must be between ${TIME_LIMIT_MS.least} and ${TIME_LIMIT_MS.most} ms, not ${ms}`,
    tooLarge: (bytes) => `the case is larger than this host's limit of ${bytes} bytes`,
    overTime: (ms) => `evaluation stopped: it ran longer than its time limit of ${ms} ms`,
    trapped: (cause) => `evaluation stopped: the component trapped (${cause})`,
    trappedEarlier: (cause) => `the component trapped earlier (${cause}); this instance is not entered again`,
    timeLimit: (ms) => `the time limit of ${ms} ms`,
  },
};

const wordsIn = (lang) => (lang === 'en' ? WORDS.en : WORDS.zh);

function checkTimeLimit(ms, lang) {
  if (!Number.isInteger(ms)) throw new TypeError(`the time limit must be a whole number of ms, not ${ms}`);
  if (ms < TIME_LIMIT_MS.least || ms > TIME_LIMIT_MS.most) {
    throw new RangeError(wordsIn(lang).timeRange(ms));
  }
  return ms;
}

/** `asOf` as the text every host passes: RFC 3339 text as given, a `Date` as its instant. */
function asOfString(asOf) {
  if (asOf === undefined || asOf === null) return undefined;
  if (typeof asOf === 'string') return asOf;
  if (asOf instanceof Date) {
    if (Number.isNaN(asOf.getTime())) throw new TypeError('asOf is an invalid Date');
    return asOf.toISOString();
  }
  throw new TypeError(`asOf must be RFC 3339 text or a Date, not ${typeof asOf}`);
}

/** `text` as UTF-8, with each lone surrogate as its three bytes (WTF-8, as Python's
 * `surrogatepass` writes it), so the component sees what another host would send. */
function wtf8(text) {
  const bytes = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      bytes.push(...encoder.encode(text.slice(i, i + 2)));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      bytes.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
    } else {
      bytes.push(...encoder.encode(text[i]));
    }
  }
  return new Uint8Array(bytes);
}

/** One hall's policy, from the `evaluator` export of its transpiled component. */
export class Hall {
  /**
   * `timeLimitMs` bounds each call as on every other host (1 to 3,600,000 ms, 1 s by
   * default); `now` is the clock calls are timed by, in ms (tests give their own); `lang` is
   * the language of the words, `'zh'` (the default) or `'en'`, which a call may override.
   */
  constructor(evaluator, { maxCaseBytes = 16 << 20, timeLimitMs = TIME_LIMIT_MS.default, now = () => performance.now(), lang } = {}) {
    this.evaluator = evaluator;
    this.lang = lang;
    this.maxCaseBytes = maxCaseBytes;
    this.timeLimitMs = checkTimeLimit(timeLimitMs, lang);
    this.now = now;
    this.trapped = null;
  }

  /** Loads `hall.js` of a transpiled component by URL or path and wraps its evaluator. */
  static async load(moduleUrl, options) {
    const module = await import(moduleUrl);
    return new Hall(module.evaluator, options);
  }

  /**
   * Evaluates a JSON case; returns the evaluation's canonical JSON text. `asOf` is RFC 3339
   * text or a `Date`; `options.lang` the language of the words (the hall's by default).
   */
  evaluateJson(caseJson, asOf, options = {}) {
    if (typeof caseJson !== 'string') throw new TypeError('evaluateJson takes the case as JSON text');
    // Text with a lone surrogate has no UTF-8 form: its bytes as the other hosts send them
    // (WTF-8) go to the bytes entry, which refuses them as every host does.
    if (!caseJson.isWellFormed()) {
      return new TextDecoder().decode(this.#call('evaluateJsonBytesIn', wtf8(caseJson), asOf, options.lang));
    }
    return this.#call('evaluateJsonIn', caseJson, asOf, options.lang);
  }

  /**
   * Evaluates a JSON case given as UTF-8 bytes (a request body as it arrives, a file) or as
   * text; returns the canonical JSON as UTF-8 bytes (a `Uint8Array`), for a response body or a
   * file. Bytes in and out are only copied, where text is transcoded at both ends: that is
   * most of a call's glue.
   */
  evaluateJsonBytes(caseJson, asOf, options = {}) {
    let bytes = caseJson;
    if (typeof caseJson === 'string') bytes = caseJson.isWellFormed() ? encoder.encode(caseJson) : wtf8(caseJson);
    else if (caseJson instanceof ArrayBuffer) bytes = new Uint8Array(caseJson);
    else if (!(caseJson instanceof Uint8Array)) {
      throw new TypeError('evaluateJsonBytes takes the case as a Uint8Array, an ArrayBuffer or JSON text');
    }
    return this.#call('evaluateJsonBytesIn', bytes, asOf, options.lang);
  }

  #call(entry, caseJson, asOf, callLang) {
    const lang = callLang ?? this.lang;
    if (lang !== undefined && lang !== null && typeof lang !== 'string') throw new TypeError(`lang must be a language tag such as 'zh' or 'en', not ${typeof lang}`);
    const words = wordsIn(lang);
    // Bytes know their size; a UTF-16 unit is at most 3 UTF-8 bytes, so text is encoded only
    // when that bound is not enough.
    const size = typeof caseJson === 'string' ? caseJson.length * 3 : caseJson.length;
    if (size > this.maxCaseBytes && (typeof caseJson !== 'string' || encoder.encode(caseJson).length > this.maxCaseBytes)) {
      throw new LimitExceeded(words.tooLarge(this.maxCaseBytes));
    }
    // A trapped instance's memory is in an unknown state, so it is never entered again (the
    // component model forbids it; the glue of the jco release we pin does not enforce it).
    if (this.trapped) {
      throw new LimitExceeded(words.trappedEarlier(this.trapped));
    }
    const asOfText = asOfString(asOf);
    const overTime = () => new LimitExceeded(words.overTime(this.timeLimitMs));
    const call = () => this.evaluator[entry](caseJson, asOfText, lang ?? undefined);
    const started = this.now();
    let answer;
    try {
      if (watched && size > WATCHED_FROM_BYTES) {
        watchedCall.call = call;
        answer = watched.runInContext(watchedCall, { timeout: this.timeLimitMs });
      } else {
        answer = call();
      }
    } catch (e) {
      if (e && typeof e.payload === 'string') {
        const { path, reason, code, args } = JSON.parse(e.payload);
        throw new CaseError(path, reason, code, args, lang);
      }
      // Stopped part way, the instance is in the same unknown state as after a trap.
      this.trapped = e?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT' ? words.timeLimit(this.timeLimitMs) : String(e?.message ?? e);
      if (e?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw overTime();
      throw new LimitExceeded(words.trapped(this.trapped));
    }
    if (this.now() - started > this.timeLimitMs) throw overTime();
    return answer;
  }

  /** Evaluates a case given as an object or JSON text; returns the evaluation object. */
  evaluate(caseInput, asOf, options = {}) {
    const text = typeof caseInput === 'string' ? caseInput : JSON.stringify(caseInput);
    return JSON.parse(this.evaluateJson(text, asOf, options));
  }

  /** The hall, policy version and hash, rules with citations, and the case schema. */
  describe() {
    return this.evaluator.describe();
  }
}
