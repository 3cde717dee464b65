/**
 * The one duration parser of Vigil: `500ms`, `90s`, `15m`, `2h`, `7d` (a decimal number and a unit,
 * space between allowed) to milliseconds. A bare number is not a duration (is `90` seconds or minutes?),
 * except `0`, which like `off` turns the setting off where that is allowed.
 */
import { InputError } from "../errors.js";

const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** What a duration setting accepts. */
export interface DurationRule {
  /** The shortest duration allowed, in milliseconds. */
  minMs: number;
  /** `off` (or `0`) is allowed and gives 0. */
  off?: boolean;
}

/** `60000` -> `1m`, `1500` -> `1.5s`: the largest unit that writes the duration in at most one decimal. */
export function formatDuration(ms: number): string {
  for (const unit of ["d", "h", "m", "s"] as const) {
    const n = ms / UNITS[unit];
    if (n >= 1 && Number.isInteger(n * 10)) return `${n}${unit}`;
  }
  return `${ms}ms`;
}

/** Why `text` is not a duration under `rule` (what is allowed, with examples), or the milliseconds. */
export function durationOf(text: string, rule: DurationRule): { ms: number } | { problem: string } {
  const t = text.trim();
  if (rule.off === true && /^(off|0)$/i.test(t)) return { ms: 0 };
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(t);
  const ms = m ? Math.round(Number(m[1]) * UNITS[m[2] as keyof typeof UNITS]) : Number.NaN;
  if (Number.isFinite(ms) && ms >= rule.minMs) return { ms };
  return {
    problem: `${JSON.stringify(text)} is not a duration of at least ${formatDuration(rule.minMs)}: write a number and a unit (ms, s, m, h, d), e.g. 90s, 15m, 2h or 7d${rule.off === true ? ", or off" : ""}`,
  };
}

/**
 * Milliseconds of a duration setting.
 * @param where the flag, variable or file field it came from, named in the error
 * @throws InputError naming `where`, saying what is allowed
 */
export function parseDuration(where: string, text: string, rule: DurationRule): number {
  const r = durationOf(text, rule);
  if ("problem" in r) throw new InputError(where, r.problem);
  return r.ms;
}
