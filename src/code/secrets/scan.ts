/**
 * Runs the detectors over one file's text: a keyword prefilter per detector, then its regexes, the
 * allow-list, entropy and placeholder checks, the companion (the other half of a pair), the verifier, and
 * last the resolution of overlapping matches (a specific detector beats the generic fallback; a pair
 * beats its lone half). Every output field is built from redacted text.
 */
import type { CodeMatch } from "../../model/code.js";
import type { Allowlist, Detector, Verified } from "./detectors.js";
import { isTestPath } from "./paths.js";
import { REDACTION_MARK, redact, secretKey, shannonEntropy } from "./redact.js";
import { VERIFIERS } from "./verifiers.js";

interface Span {
  start: number;
  end: number;
}

interface Candidate {
  detector: Detector;
  /** The whole regex match (markers, the assignment's name): where the location starts and ends. */
  match: Span;
  secret: Span & { value: string };
  /** The other half of a pair, when the detector has a companion. */
  companion?: Span & { value: string; secret: boolean };
  verified: Verified;
  evidence: Record<string, string>;
}

/** Where a rejected value lies: the generic fallback must not report it either. */
type Suppressor = Span;

const MAX_SNIPPET_LINES = 8;
const MAX_SNIPPET_LINE = 240;

class Lines {
  readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }
  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  startOf(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }
  /** Offset just past the line's last character (before its newline). */
  endOf(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.text.length;
    return next > 0 && this.text[next - 1] === "\r" ? next - 1 : next;
  }
}

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

function spansOf(c: Candidate): Span[] {
  return c.companion ? [c.secret, c.companion] : [c.secret];
}

function isAllowlisted(value: string, allowlist: Allowlist): boolean {
  return allowlist.values.has(value) || allowlist.patterns.some((re) => re.test(value));
}

function findCompanion(d: Detector, lines: Lines, at: Span): (Span & { value: string }) | undefined {
  const c = d.companion!;
  const line = lines.lineOf(at.start);
  const from = lines.startOf(line - c.within);
  const to = lines.endOf(Math.min(line + c.within, lines.starts.length - 1));
  // Only the window is searched (a regex run on the whole text would scan past it when nothing matches).
  // Its edges are line boundaries, so the patterns' look-arounds see the same thing at them.
  const window = lines.text.slice(from, to);
  const re = c.regex;
  re.lastIndex = 0;
  let best: (Span & { value: string }) | undefined;
  for (let m = re.exec(window); m !== null; m = re.exec(window)) {
    if (m[0].length === 0) re.lastIndex++;
    const g = m.indices?.groups?.["value"];
    const value = m.groups?.["value"];
    if (!g || value === undefined) continue;
    const span = { start: from + g[0], end: from + g[1], value };
    if (overlaps(span, at)) continue;
    if (c.entropy !== undefined && shannonEntropy(value) < c.entropy) continue;
    if (!best || Math.abs(span.start - at.start) < Math.abs(best.start - at.start)) best = span;
  }
  return best;
}

function keywordsPresent(lower: string, cache: Map<string, boolean>, keywords: readonly string[]): boolean {
  for (const k of keywords) {
    let hit = cache.get(k);
    if (hit === undefined) {
      hit = lower.includes(k);
      cache.set(k, hit);
    }
    if (hit) return true;
  }
  return false;
}

export function scanText(
  path: string,
  text: string,
  detectors: readonly Detector[],
  allowlist: Allowlist,
): CodeMatch[] {
  const lower = text.toLowerCase();
  const keywordHits = new Map<string, boolean>();
  const candidates: Candidate[] = [];
  const suppressors: Suppressor[] = [];
  let lines: Lines | undefined;

  for (const d of detectors) {
    if (!keywordsPresent(lower, keywordHits, d.spec.keywords)) continue;
    for (const p of d.patterns) {
      if (p.paths && !p.paths.test(path)) continue;
      const re = p.regex;
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m[0].length === 0) re.lastIndex++;
        const g = m.indices?.groups?.["secret"];
        const value = m.groups?.["secret"];
        if (!g || !value) continue;
        const span = { start: g[0], end: g[1], value };
        // A value a specific detector recognised and then rejected is not reported by the fallback either.
        const rejected = (): void => {
          if (!d.spec.fallback) suppressors.push(span);
        };
        if (isAllowlisted(value, allowlist)) {
          suppressors.push(span);
          continue;
        }
        if (d.spec.placeholders && allowlist.placeholders.some((ph) => ph.test(value))) {
          rejected();
          continue;
        }
        if (d.exclude.some((ex) => ex.regex.test(m.groups?.[ex.group] ?? ""))) {
          rejected();
          continue;
        }
        if (d.spec.entropy !== undefined && shannonEntropy(value) <= d.spec.entropy) {
          rejected();
          continue;
        }
        let companion: Candidate["companion"];
        if (d.companion) {
          lines ??= new Lines(text);
          const found = findCompanion(d, lines, span);
          if (found && d.companion.secret && isAllowlisted(found.value, allowlist)) {
            suppressors.push(span, found);
            continue;
          }
          if (!found && d.companion.required) continue;
          if (found) companion = { ...found, secret: d.companion.secret };
        }
        const evidence: Record<string, string> = {};
        let verified: Verified = d.spec.verified;
        if (d.spec.verifier) {
          const verdict = VERIFIERS[d.spec.verifier](
            { secret: value, groups: { ...m.groups } },
            { jwtClaims: allowlist.jwtClaims },
          );
          if (!verdict.ok) {
            rejected();
            continue;
          }
          if (verdict.verified) verified = verdict.verified;
          Object.assign(evidence, verdict.evidence);
        }
        if (companion && !companion.secret && d.companion?.evidence) {
          evidence[d.companion.evidence] = companion.value;
        }
        const match = { start: m.index, end: m.index + m[0].length };
        candidates.push({
          detector: d,
          match,
          secret: span,
          ...(companion ? { companion } : {}),
          verified,
          evidence,
        });
      }
    }
  }
  if (candidates.length === 0) return [];
  const kept = resolve(candidates, suppressors);
  lines ??= new Lines(text);
  const redactor = new Redactor(lines, kept);
  return kept
    .map((c) => toMatch(path, c, lines, redactor))
    .sort(
      (a, b) =>
        a.location.startLine - b.location.startLine ||
        (a.location.startColumn ?? 0) - (b.location.startColumn ?? 0) ||
        a.ruleId.localeCompare(b.ruleId),
    );
}

/** Spans sorted by start with a running maximum of their ends: "does anything overlap this?" in O(log n). */
class SpanIndex {
  private readonly starts: number[];
  private readonly maxEnds: number[];
  constructor(spans: readonly Span[]) {
    const sorted = [...spans].sort((a, b) => a.start - b.start);
    this.starts = sorted.map((s) => s.start);
    let max = -1;
    this.maxEnds = sorted.map((s) => {
      max = Math.max(max, s.end);
      return max;
    });
  }
  overlaps(span: Span): boolean {
    // The last span starting before `span` ends; any of the spans up to it overlaps iff one ends after it starts.
    let lo = 0;
    let hi = this.starts.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < span.end) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return k >= 0 && this.maxEnds[k]! > span.start;
  }
}

function resolve(candidates: Candidate[], suppressors: Suppressor[]): Candidate[] {
  const blockers = new SpanIndex([
    ...suppressors,
    ...candidates.filter((c) => !c.detector.spec.fallback).flatMap(spansOf),
  ]);
  const superseding = new Map<string, SpanIndex>();
  for (const id of new Set(candidates.flatMap((c) => c.detector.spec.supersedes))) {
    superseding.set(
      id,
      new SpanIndex(candidates.filter((o) => o.detector.spec.supersedes.includes(id)).flatMap(spansOf)),
    );
  }
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const dedupe = `${c.detector.spec.id}\0${c.secret.start}`;
    if (seen.has(dedupe)) return false;
    seen.add(dedupe);
    if (c.detector.spec.fallback && blockers.overlaps(c.secret)) return false;
    return !superseding.get(c.detector.spec.id)?.overlaps(c.secret);
  });
}

/** Builds the redacted snippets of one file: every reported secret, wherever it occurs in the lines shown. */
class Redactor {
  private readonly spans: (Span & { value: string })[];
  private readonly longest: number;
  /** Distinct secret values by their first 4 characters, longest first. */
  private readonly byPrefix = new Map<string, string[]>();

  constructor(
    private readonly lines: Lines,
    kept: readonly Candidate[],
  ) {
    this.spans = kept
      .flatMap((c) => (c.companion?.secret ? [c.secret, c.companion] : [c.secret]))
      .sort((a, b) => a.start - b.start || b.end - a.end);
    this.longest = Math.max(0, ...this.spans.map((s) => s.end - s.start));
    for (const v of new Set(this.spans.map((s) => s.value))) {
      if (v.length < 4) continue;
      const list = this.byPrefix.get(v.slice(0, 4)) ?? [];
      list.push(v);
      list.sort((x, y) => y.length - x.length);
      this.byPrefix.set(v.slice(0, 4), list);
    }
  }

  /** The lines from `from` to `to` (0-based, inclusive), redacted. */
  snippet(from: number, to: number): string[] {
    const start = this.lines.startOf(from);
    const end = this.lines.endOf(to);
    const text = this.lines.text;
    let i = this.firstStartingAtOrAfter(start - this.longest);
    let out = "";
    let at = start;
    for (; i < this.spans.length && this.spans[i]!.start < end; i++) {
      const s = this.spans[i]!;
      if (s.end <= at) continue;
      const cut = Math.max(s.start, at);
      out += text.slice(at, cut) + (cut === s.start ? redact(s.value) : REDACTION_MARK);
      at = Math.min(s.end, end);
    }
    out += text.slice(at, end);
    return this.redactValues(out).split(/\r?\n/).map(shortenLine);
  }

  /** The same secret can occur again in these lines outside any matched span. */
  private redactValues(s: string): string {
    if (this.byPrefix.size === 0) return s;
    let out = "";
    let copied = 0;
    for (let i = 0; i + 4 <= s.length; ) {
      const value = this.byPrefix.get(s.slice(i, i + 4))?.find((v) => s.startsWith(v, i));
      if (value === undefined) {
        i++;
        continue;
      }
      out += s.slice(copied, i) + redact(value);
      i += value.length;
      copied = i;
    }
    return out + s.slice(copied);
  }

  private firstStartingAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.spans[mid]!.start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function shortenLine(line: string): string {
  if (line.length <= MAX_SNIPPET_LINE) return line;
  const mark = Math.max(0, line.indexOf(REDACTION_MARK));
  const from = Math.max(0, mark - MAX_SNIPPET_LINE / 2);
  const to = Math.min(line.length, from + MAX_SNIPPET_LINE);
  return (from > 0 ? REDACTION_MARK : "") + line.slice(from, to) + (to < line.length ? REDACTION_MARK : "");
}

function toMatch(path: string, c: Candidate, lines: Lines, redactor: Redactor): CodeMatch {
  const spans = [c.match, ...spansOf(c)];
  const first = Math.min(...spans.map((s) => s.start));
  const last = Math.max(...spans.map((s) => s.end));
  const startLine = lines.lineOf(first);
  const endLine = lines.lineOf(Math.max(first, last - 1));
  let snippetLines = redactor.snippet(startLine, endLine);
  if (snippetLines.length > MAX_SNIPPET_LINES) {
    snippetLines = [...snippetLines.slice(0, 4), REDACTION_MARK, ...snippetLines.slice(-3)];
  }
  // Columns are given only when the whole location is one line (SARIF pairs them with start/end line).
  const secretLine = lines.lineOf(c.secret.start);
  const singleLine = startLine === endLine;
  const evidence: Record<string, string> = { verified: c.verified, ...c.evidence };
  if (isTestPath(path)) evidence["context"] = "test";
  const shown = c.companion?.secret
    ? `${redact(c.secret.value)} + ${redact(c.companion.value)}`
    : redact(c.secret.value);
  const verifiedNote = c.verified === "none" ? "" : ` (${c.verified} verified)`;
  const keyMaterial = c.companion?.secret ? `${c.secret.value}\0${c.companion.value}` : c.secret.value;
  return {
    ruleId: c.detector.spec.id,
    location: {
      path,
      startLine: startLine + 1,
      endLine: endLine + 1,
      ...(singleLine
        ? {
            startColumn: c.secret.start - lines.startOf(secretLine) + 1,
            endColumn: c.secret.end - lines.startOf(secretLine) + 1,
          }
        : {}),
    },
    message: `${c.detector.spec.title}: ${shown}${verifiedNote}`,
    snippet: snippetLines.join("\n"),
    key: secretKey(keyMaterial),
    evidence,
  };
}
