// A thin wrapper over a jco-transpiled hallpolicy component: JSON in, plain objects out, errors
// as exceptions with the same path and reason every host reports.

/** The policy refused the case. */
export class CaseError extends Error {
  constructor(path, reason) {
    super(path ? `invalid case at \`${path}\`: ${reason}` : `invalid case: ${reason}`);
    this.name = 'CaseError';
    this.path = path;
    this.reason = reason;
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

/** One hall's policy, from the `evaluator` export of its transpiled component. */
export class Hall {
  constructor(evaluator, { maxCaseBytes = 16 << 20 } = {}) {
    this.evaluator = evaluator;
    this.maxCaseBytes = maxCaseBytes;
    this.trapped = null;
  }

  /** Loads `hall.js` of a transpiled component by URL or path and wraps its evaluator. */
  static async load(moduleUrl, options) {
    const module = await import(moduleUrl);
    return new Hall(module.evaluator, options);
  }

  /** Evaluates a JSON case; returns the evaluation's canonical JSON text. */
  evaluateJson(caseJson, asOf) {
    if (typeof caseJson !== 'string') throw new TypeError('evaluateJson takes the case as JSON text');
    return this.#call('evaluateJson', caseJson, asOf);
  }

  /**
   * Evaluates a JSON case given as UTF-8 bytes (a request body as it arrives, a file) or as
   * text; returns the canonical JSON as UTF-8 bytes (a `Uint8Array`), for a response body or a
   * file. Bytes in and out are only copied, where text is transcoded at both ends: that is
   * most of a call's glue.
   */
  evaluateJsonBytes(caseJson, asOf) {
    let bytes = caseJson;
    if (typeof caseJson === 'string') bytes = encoder.encode(caseJson);
    else if (caseJson instanceof ArrayBuffer) bytes = new Uint8Array(caseJson);
    else if (!(caseJson instanceof Uint8Array)) {
      throw new TypeError('evaluateJsonBytes takes the case as a Uint8Array, an ArrayBuffer or JSON text');
    }
    return this.#call('evaluateJsonBytes', bytes, asOf);
  }

  #call(entry, caseJson, asOf) {
    // Bytes know their size; a UTF-16 unit is at most 3 UTF-8 bytes, so text is encoded only
    // when that bound is not enough.
    const size = typeof caseJson === 'string' ? caseJson.length * 3 : caseJson.length;
    if (size > this.maxCaseBytes && (typeof caseJson !== 'string' || encoder.encode(caseJson).length > this.maxCaseBytes)) {
      throw new LimitExceeded(`the case is larger than this host's limit of ${this.maxCaseBytes} bytes`);
    }
    // A trapped instance's memory is in an unknown state, so it is never entered again (the
    // component model forbids it; the glue of the jco release we pin does not enforce it).
    if (this.trapped) {
      throw new LimitExceeded(`the component trapped earlier (${this.trapped}); this instance is not entered again`);
    }
    try {
      return this.evaluator[entry](caseJson, asOf ?? undefined);
    } catch (e) {
      if (e && typeof e.payload === 'string') {
        const { path, reason } = JSON.parse(e.payload);
        throw new CaseError(path, reason);
      }
      this.trapped = String(e?.message ?? e);
      throw new LimitExceeded(`evaluation stopped: the component trapped (${this.trapped})`);
    }
  }

  /** Evaluates a case given as an object or JSON text; returns the evaluation object. */
  evaluate(caseInput, asOf) {
    const text = typeof caseInput === 'string' ? caseInput : JSON.stringify(caseInput);
    return JSON.parse(this.evaluateJson(text, asOf));
  }

  /** The hall, policy version and hash, rules with citations, and the case schema. */
  describe() {
    return this.evaluator.describe();
  }
}
