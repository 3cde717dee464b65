import { readFileSync } from "node:fs";
import ignore, { type Ignore } from "ignore";
import { parse } from "yaml";
import { errorMessage, InputError } from "../errors.js";

/** The ignore file looked for at the root of a scanned directory when --ignore-file is not given. */
export const DEFAULT_CODE_IGNORE_FILE = ".vigil-code-ignore.yaml";

/**
 * One entry of `.vigil-code-ignore.yaml`:
 *
 *     ignore:
 *       - rule: vigil.sast.js.command-injection   # a rule id, or a prefix ending in "*"
 *         path: "scripts/**"                      # gitignore-style pattern, relative to the root
 *         reason: build scripts run only on developer machines
 *         expires: 2027-01-31                     # optional: stops suppressing after this day
 *       - fingerprint: 9c1f...                    # one finding, wherever it moves
 *         reason: accepted risk, ticket SEC-12
 *
 * An entry needs a reason and at least one of rule, path, fingerprint; every field it has must match.
 */
export interface CodeIgnoreEntry {
  /** 1-based position in the file, for messages. */
  index: number;
  rule?: string;
  path?: string;
  fingerprint?: string;
  reason: string;
  expires?: string;
  /** Compiled `path`. */
  pathMatcher?: Ignore;
}

const FIELDS = new Set(["rule", "path", "fingerprint", "reason", "expires"]);

/** Parses an ignore file's text; errors name the file and the entry and say what to write. */
export function parseCodeIgnoreFile(text: string, source: string): CodeIgnoreEntry[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new InputError(source, `not valid YAML: ${errorMessage(e)}`);
  }
  if (doc === null || doc === undefined) return [];
  const list = (doc as { ignore?: unknown }).ignore;
  if (typeof doc !== "object" || Array.isArray(doc) || !Array.isArray(list)) {
    throw new InputError(
      source,
      'expected a mapping with an "ignore" list: `ignore: [{rule: ..., reason: ...}]`',
    );
  }
  return list.map((raw: unknown, i): CodeIgnoreEntry => {
    const where = `${source} entry ${i + 1}`;
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      throw new InputError(where, "is not a mapping: write `- rule: RULE-ID` with a `reason:`");
    }
    const e = raw as Record<string, unknown>;
    for (const k of Object.keys(e)) {
      if (!FIELDS.has(k)) {
        throw new InputError(
          where,
          `unknown field ${JSON.stringify(k)}: use rule, path, fingerprint, reason, expires`,
        );
      }
    }
    const str = (k: string): string | undefined => {
      const v = e[k];
      if (v === undefined || v === null) return undefined;
      if (k === "expires" && v instanceof Date) return v.toISOString().slice(0, 10);
      if (typeof v !== "string" || v.trim() === "") {
        throw new InputError(where, `${k} must be a non-empty string`);
      }
      return v.trim();
    };
    const entry: CodeIgnoreEntry = { index: i + 1, reason: "" };
    const rule = str("rule");
    const path = str("path");
    const fingerprint = str("fingerprint");
    const reason = str("reason");
    const expires = str("expires");
    if (!rule && !path && !fingerprint) {
      throw new InputError(where, "names nothing to ignore: give a rule, a path pattern or a fingerprint");
    }
    if (!reason)
      throw new InputError(where, "has no reason: say why the finding is accepted (`reason: ...`)");
    if (expires !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(expires)) {
      throw new InputError(where, `expires ${JSON.stringify(expires)} is not a date: write YYYY-MM-DD`);
    }
    if (fingerprint !== undefined && !/^[0-9a-f]{64}$/.test(fingerprint)) {
      throw new InputError(
        where,
        "fingerprint must be the 64 hex digits shown in the JSON report's `fingerprint`",
      );
    }
    entry.reason = reason;
    if (rule) entry.rule = rule;
    if (path) {
      entry.path = path;
      entry.pathMatcher = ignore().add(path);
    }
    if (fingerprint) entry.fingerprint = fingerprint;
    if (expires) entry.expires = expires;
    return entry;
  });
}

export function readCodeIgnoreFile(path: string): CodeIgnoreEntry[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(path, `cannot read the ignore file (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  return parseCodeIgnoreFile(text, path);
}

/** Whether a rule id matches `pattern`: the id itself, or a prefix ending in `*` (`vigil.secrets.*`). */
export function ruleMatches(pattern: string, ruleId: string): boolean {
  return pattern.endsWith("*") ? ruleId.startsWith(pattern.slice(0, -1)) : pattern === ruleId;
}

/** Whether the entry applies to a finding (expiry is the caller's: an expired entry applies to nothing). */
export function entryMatches(
  entry: CodeIgnoreEntry,
  finding: { ruleId: string; path: string; fingerprint: string },
): boolean {
  if (entry.rule !== undefined && !ruleMatches(entry.rule, finding.ruleId)) return false;
  if (entry.pathMatcher !== undefined && !entry.pathMatcher.ignores(finding.path)) return false;
  if (entry.fingerprint !== undefined && entry.fingerprint !== finding.fingerprint) return false;
  return true;
}

/** An entry whose expiry day has passed (the expiry day itself still suppresses). */
export function isExpired(entry: CodeIgnoreEntry, today: string): boolean {
  return entry.expires !== undefined && entry.expires < today;
}
