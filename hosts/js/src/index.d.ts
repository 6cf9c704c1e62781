/** A sentence as data: a stable code (engine/runtime/MESSAGES.md), its named arguments, and its words in the evaluation's language. */
export interface Message { code: string; args: Record<string, string | number | string[]>; text: string }
export interface Citation { source: string; document: string; article: string; quote?: string | null }
export interface Limit { amount: number; unit: 'working_days' | 'calendar_days' | 'months' | 'hours' | 'minutes' }
export interface Obligation {
  rule: string; title: string; duty: Message; actor: string; person: string | null;
  due: string | null; last_day: string | null; forms: string[];
  status: 'met' | 'pending' | 'breached'; warning: 'green' | 'yellow' | 'red' | null;
  next_change: string | null; met_at: string | null; detail: Message[]; citation: Citation; events: number[];
}
export interface Penalty {
  ladder: string; rung: string | null; decided_by: 'criteria' | 'person'; range: string[]; basis: Message; citation: Citation;
}
export interface Violation {
  rule: string; title: string; what: Message[]; at: string; actor: string; person: string | null;
  penalty: Penalty | null; citation: Citation; events: number[];
}
export interface Clock {
  rule: string; start: string; start_event: number; start_basis: Message;
  stops: { from: string; to: string | null; excluded: number; events: number[] }[];
  extensions: { approved_at: string; until: string | null; noticed_at: string | null; counted: boolean; reason: Message[]; events: number[] }[];
  limit: Limit; due: string | null; last_day: string | null; count_unit: string; used: number; left: number;
  suspended: boolean; provisional: boolean; provisional_reason: Message | null;
}
export interface Evaluation {
  schema_version: string; hall: string; policy_version: string; kind: string; subject: string | null; as_of: string; lang: string; provisional: boolean;
  obligations: Obligation[]; violations: Violation[]; clocks: Clock[];
}
/** The policy refused the case: the field, why in the call's language, and the same as data. */
export declare class CaseError extends Error {
  path: string;
  reason: string;
  code: string;
  args: Record<string, string | number | string[]>;
  lang: string;
  toJSON(): { path: string; reason: string; code: string; args: Record<string, string | number | string[]> };
}
export declare class LimitExceeded extends Error {}
export interface HallOptions {
  /** Cases above this many UTF-8 bytes are refused before the call (16 MiB by default). */
  maxCaseBytes?: number;
  /** Each call's time limit, 1 to 3,600,000 ms (1,000 by default), as on every host. */
  timeLimitMs?: number;
  /** The clock calls are timed by, in ms (`performance.now` by default). */
  now?: () => number;
  /** The language of the words: `'zh'` (the default) or `'en'`. */
  lang?: string;
}
/** What one call may set. */
export interface CallOptions {
  /** The language of this call's words, over the hall's. */
  lang?: string;
}
export declare class Hall {
  constructor(evaluator: unknown, options?: HallOptions);
  static load(moduleUrl: string | URL, options?: HallOptions): Promise<Hall>;
  /** The language of the words unless a call names another: `'zh'` (the default) or `'en'`. */
  lang?: string;
  evaluateJson(caseJson: string, asOf?: string | Date | null, options?: CallOptions): string;
  evaluateJsonBytes(caseJson: Uint8Array | ArrayBuffer | string, asOf?: string | Date | null, options?: CallOptions): Uint8Array;
  evaluate(caseInput: object | string, asOf?: string | Date | null, options?: CallOptions): Evaluation;
  describe(): Record<string, unknown>;
}
