import { existsSync } from "node:fs";
import { join } from "node:path";
import { errorMessage } from "../errors.js";
import type {
  CodeFinding,
  CodeMatch,
  CodeProblem,
  CodeReport,
  CodeRule,
  CodeScanner,
  CodeSkipReason,
} from "../model/code.js";
import type { Severity } from "../model/finding.js";
import { severityRank } from "../scoring/severity.js";
import type { Analyzer, SourceFile } from "./analyzer.js";
import { fingerprintMatches } from "./fingerprint.js";
import {
  type CodeIgnoreEntry,
  DEFAULT_CODE_IGNORE_FILE,
  entryMatches,
  isExpired,
  readCodeIgnoreFile,
} from "./ignore-file.js";
import { inlineIgnoreFor } from "./inline.js";
import { codeRiskScore } from "./score.js";
import { skipFileByContent } from "./vendored.js";
import { type WalkedFile, type WalkOptions, walkSourceTree } from "./walk.js";

/**
 * Files whose read is started ahead of the one being analyzed. Reads overlap the analysis (and each
 * other) instead of leaving the process idle on every file; analysis stays in walk order, one file at a
 * time, so results do not depend on I/O timing. Bounds memory to this many files' bytes (each ≤ 2 MiB).
 */
const READ_AHEAD = 16;

export interface CodeScanOptions extends WalkOptions {
  /** The ignore file; default: `.vigil-code-ignore.yaml` at the root of a directory target, when present. */
  ignoreFile?: string;
  /** Findings below this severity are counted, not listed (default: all). */
  minSeverity?: Severity;
  /** Today (YYYY-MM-DD), for ignore-file expiry. */
  today?: string;
}

export interface CodeScanResult {
  report: CodeReport;
  /** Things a person should read on standard error: expired ignore-file entries. */
  warnings: string[];
  /** The ignore file that was read, if any. */
  ignoreFile?: string;
}

/** Every rule of these analyzers by id; two analyzers claiming one id is a bug. */
function ruleTable(analyzers: readonly Analyzer[]): Map<string, { rule: CodeRule; scanner: CodeScanner }> {
  const table = new Map<string, { rule: CodeRule; scanner: CodeScanner }>();
  for (const a of analyzers) {
    for (const rule of a.rules()) {
      if (table.has(rule.id)) throw new Error(`rule ${rule.id} is defined twice (${a.scanner} analyzer)`);
      table.set(rule.id, { rule, scanner: a.scanner });
    }
  }
  return table;
}

/** A file read once: the bytes, and the text decoded on first use. */
function sourceFile(path: string, bytes: Buffer): SourceFile & { lines(): string[] } {
  let text: string | undefined;
  let lines: string[] | undefined;
  const decode = () => {
    text ??= bytes.toString("utf8");
    return text;
  };
  return {
    path,
    bytes,
    text: decode,
    lines: () => {
      lines ??= decode().split(/\r?\n/);
      return lines;
    },
  };
}

function byRisk(a: CodeFinding, b: CodeFinding): number {
  return (
    b.risk.score - a.risk.score ||
    (a.location.path < b.location.path ? -1 : a.location.path > b.location.path ? 1 : 0) ||
    a.location.startLine - b.location.startLine ||
    (a.location.startColumn ?? 0) - (b.location.startColumn ?? 0) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

/**
 * Scans a source tree with the given analyzers in one walk: each file is offered to every analyzer
 * (`wants`, from path and size), read once if one wants it, and handed to each that does. Matches become
 * findings with a fingerprint, the rule's severity and a risk score; inline `vigil-ignore` comments and
 * the ignore file suppress them (kept, with the reason, in `suppressed`).
 */
export async function scanCode(
  target: string,
  analyzers: readonly Analyzer[],
  options: CodeScanOptions = {},
): Promise<CodeScanResult> {
  const rules = ruleTable(analyzers);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const warnings: string[] = [];
  const problems: CodeProblem[] = [];
  const found: CodeFinding[] = [];
  const contentSkips: Partial<Record<CodeSkipReason, number>> = {};
  let analyzed = 0;
  let unwanted = 0;
  const includeVendored = options.includeVendored === true;

  // The explicit ignore file is read before the walk, so a bad one fails fast.
  let entries: CodeIgnoreEntry[] = options.ignoreFile ? readCodeIgnoreFile(options.ignoreFile) : [];

  // Files wanted by an analyzer, their reads already started, analyzed strictly in walk order.
  const queue: { walked: WalkedFile; wanting: Analyzer[]; read: Promise<Buffer | Error> }[] = [];
  const analyzeNext = async (): Promise<void> => {
    const { walked, wanting, read } = queue.shift()!;
    const bytes = await read;
    if (bytes instanceof Error) {
      problems.push({ path: walked.path, by: "walk", message: `cannot read: ${errorMessage(bytes)}` });
      return;
    }
    await analyzeFile(walked, wanting, bytes);
  };

  const outcome = await walkSourceTree(target, options, async (walked) => {
    const wanting = analyzers.filter((a) => a.wants(walked.path, walked.size));
    if (wanting.length === 0) {
      unwanted++;
      return;
    }
    queue.push({
      walked,
      wanting,
      read: walked.read().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))),
    });
    while (queue.length > (walked.readLater ? READ_AHEAD : 0)) await analyzeNext();
  });
  while (queue.length > 0) await analyzeNext();

  async function analyzeFile(walked: WalkedFile, wanting: Analyzer[], bytes: Buffer): Promise<void> {
    const skip = skipFileByContent(walked.path, bytes, includeVendored);
    if (skip) {
      contentSkips[skip] = (contentSkips[skip] ?? 0) + 1;
      return;
    }
    analyzed++;
    const file = sourceFile(walked.path, bytes);
    const matches: { match: CodeMatch; scanner: CodeScanner }[] = [];
    for (const a of wanting) {
      const warn = (message: string) => {
        problems.push({ path: walked.path, by: a.scanner, message });
      };
      let got: CodeMatch[];
      try {
        got = await a.analyze(file, warn);
      } catch (e) {
        problems.push({
          path: walked.path,
          by: a.scanner,
          message: `analyzer failed (a bug; please report it): ${errorMessage(e)}`,
        });
        continue;
      }
      for (const m of got) {
        const known = rules.get(m.ruleId);
        if (!known || known.scanner !== a.scanner) {
          problems.push({
            path: walked.path,
            by: a.scanner,
            message: `reported rule ${m.ruleId}, which is not among its rules (a bug; please report it)`,
          });
          continue;
        }
        matches.push({ match: m, scanner: a.scanner });
      }
    }
    if (matches.length === 0) return;
    const prints = fingerprintMatches(
      walked.path,
      matches.map((m) => m.match),
    );
    matches.forEach(({ match, scanner }, i) => {
      const { rule } = rules.get(match.ruleId)!;
      const location = { ...match.location, path: walked.path };
      const finding: CodeFinding = {
        id: prints[i]!,
        type: "CODE_VULNERABILITY",
        ruleId: rule.id,
        scanner,
        title: rule.title,
        cwe: rule.cwe,
        severity: rule.severity,
        risk: codeRiskScore(rule, walked.path, match.evidence),
        location,
        message: match.message,
        snippet: match.snippet,
        fingerprint: prints[i]!,
        ...(match.evidence ? { evidence: match.evidence } : {}),
        remediation: rule.remediation,
        references: rule.references,
        status: "ACTIVE",
      };
      const inline = inlineIgnoreFor(file.lines(), location.startLine, rule.id);
      if (inline) {
        finding.status = "SUPPRESSED";
        finding.suppression = {
          kind: "inline",
          reason: inline.ignore.reason,
          source: `${walked.path} line ${inline.line}`,
        };
      }
      found.push(finding);
    });
  }

  let ignoreFile = options.ignoreFile;
  if (ignoreFile === undefined && outcome.root !== undefined) {
    const candidate = join(outcome.root, DEFAULT_CODE_IGNORE_FILE);
    if (existsSync(candidate)) {
      ignoreFile = candidate;
      entries = readCodeIgnoreFile(candidate);
    }
  }
  const live = entries.filter((e) => {
    if (!isExpired(e, today)) return true;
    warnings.push(
      `${ignoreFile} entry ${e.index}: expired on ${e.expires}; it no longer suppresses (${e.reason})`,
    );
    return false;
  });
  for (const f of found) {
    if (f.status === "SUPPRESSED") continue;
    const hit = live.find((e) =>
      entryMatches(e, { ruleId: f.ruleId, path: f.location.path, fingerprint: f.fingerprint }),
    );
    if (hit) {
      f.status = "SUPPRESSED";
      f.suppression = {
        kind: "ignore-file",
        reason: hit.reason,
        source: `${ignoreFile} entry ${hit.index}`,
        ...(hit.expires ? { expires: hit.expires } : {}),
      };
    }
  }

  const min = options.minSeverity ? severityRank(options.minSeverity) : -1;
  const active = found.filter((f) => f.status === "ACTIVE").sort(byRisk);
  const shown = active.filter((f) => severityRank(f.severity) >= min);
  const skipped: Partial<Record<CodeSkipReason, number>> = { ...outcome.skipped };
  for (const [k, n] of Object.entries(contentSkips) as [CodeSkipReason, number][]) {
    skipped[k] = (skipped[k] ?? 0) + n;
  }
  if (unwanted > 0) skipped.unwanted = unwanted;
  return {
    report: {
      target: outcome.target,
      scanners: [...new Set(analyzers.map((a) => a.scanner))],
      rules: [...rules.values()].map((r) => r.rule),
      findings: shown,
      suppressed: found.filter((f) => f.status === "SUPPRESSED").sort(byRisk),
      stats: { files: outcome.files, analyzed, skipped, belowSeverity: active.length - shown.length },
      problems: [...outcome.problems, ...problems],
      createdAt: new Date().toISOString(),
    },
    warnings,
    ...(ignoreFile ? { ignoreFile } : {}),
  };
}

/** Whether an active code finding at or above `threshold` remains: `--fail-on`. */
export function codeFailsOn(report: CodeReport, threshold: Severity): boolean {
  const min = severityRank(threshold);
  return report.findings.some((f) => severityRank(f.severity) >= min);
}
