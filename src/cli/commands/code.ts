import { writeFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { InputError } from "../../errors.js";
import type { CodeReport, CodeScanner } from "../../model/code.js";
import type { Severity } from "../../model/finding.js";
import { parseSeverity } from "./scan.js";

const FORMATS = ["table", "json", "sarif"] as const;
type CodeFormat = (typeof FORMATS)[number];
const ALL_SCANNERS = ["sast", "secrets", "iac"] as const;

/** Options `vigil code scan` and `vigil scan --scanners` share. */
export interface CodeRunOptions {
  scanners: CodeScanner[];
  minSeverity?: Severity;
  ignoreFile?: string;
  includeVendored?: boolean;
  maxFiles?: number;
}

/**
 * Runs the code engine with the real analyzers and prints expired ignore entries on standard error.
 * Problems (a file an analyzer could not parse) stay in the report.
 */
export async function runCodeScan(target: string, opts: CodeRunOptions): Promise<CodeReport> {
  const { loadAnalyzers } = await import("../../code/analyzers.js");
  const { scanCode } = await import("../../code/engine.js");
  const analyzers = await loadAnalyzers(opts.scanners);
  const result = await scanCode(target, analyzers, {
    ...(opts.minSeverity ? { minSeverity: opts.minSeverity } : {}),
    ...(opts.ignoreFile ? { ignoreFile: opts.ignoreFile } : {}),
    ...(opts.includeVendored ? { includeVendored: true } : {}),
    ...(opts.maxFiles ? { maxFiles: opts.maxFiles } : {}),
  });
  for (const w of result.warnings) process.stderr.write(`vigil: ${w}\n`);
  return result.report;
}

/** A code report in one of the code formats. */
export async function encodeCodeReport(
  report: CodeReport,
  format: CodeFormat,
  tty: { color: boolean; width?: number },
): Promise<string> {
  switch (format) {
    case "json":
      return (await import("../../formats/code-json.js")).codeReportToJson(report);
    case "sarif":
      return (await import("../../formats/code-sarif.js")).codeReportToSarifJson(report);
    default:
      return (await import("../../formats/code-table.js")).codeReportToTable(report, {
        color: tty.color,
        ...(tty.width ? { width: tty.width } : {}),
      });
  }
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new InputError("--max-files", `${JSON.stringify(value)} is not a positive whole number`);
  return n;
}

/** `vigil code scan <target>`: SAST, secrets and IaC checks over a source tree, for CI/CD. */
export function registerCodeCommand(program: Command): void {
  const code = program
    .command("code")
    .description("scan source code: SAST, hard-coded secrets, IaC misconfigurations");
  const cmd = code
    .command("scan")
    .description(
      "scan a directory, git checkout or zip bundle in one walk (respects .gitignore; skips vendored and minified code)",
    )
    .argument("<target>", "directory or zip bundle (prefix with dir: or zip: to force the kind)")
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("table"))
    .option("-o, --output <file>", "write the report to a file instead of standard output")
    .option("--scanners <list>", `comma-separated: ${ALL_SCANNERS.join(",")}`, ALL_SCANNERS.join(","))
    .option(
      "--severity <min>",
      "only list findings at or above this severity (critical, high, medium, low, info)",
    )
    .option("--fail-on <severity>", "exit 1 when an unsuppressed finding at or above this severity remains")
    .option(
      "--ignore-file <file>",
      "suppressions (rule, path, fingerprint, expires, reason; default: TARGET/.vigil-code-ignore.yaml when present)",
    )
    .option("--include-vendored", "also scan node_modules, vendor, bundler output and minified files")
    .option("--max-files <n>", "stop with an error past this many files (default 200000)", parseCount);
  cmd.action(
    async (
      target: string,
      opts: {
        format: CodeFormat;
        output?: string;
        scanners: string;
        severity?: string;
        failOn?: string;
        ignoreFile?: string;
        includeVendored?: boolean;
        maxFiles?: number;
      },
    ) => {
      const { parseCodeScanners } = await import("../../code/analyzers.js");
      const scanners = parseCodeScanners(opts.scanners, ALL_SCANNERS) as CodeScanner[];
      const minSeverity = opts.severity ? parseSeverity(opts.severity) : undefined;
      const failOn = opts.failOn ? parseSeverity(opts.failOn) : undefined;
      const report = await runCodeScan(target, {
        scanners,
        ...(minSeverity ? { minSeverity } : {}),
        ...(opts.ignoreFile ? { ignoreFile: opts.ignoreFile } : {}),
        ...(opts.includeVendored ? { includeVendored: true } : {}),
        ...(opts.maxFiles ? { maxFiles: opts.maxFiles } : {}),
      });
      const toStdout = opts.output === undefined;
      const text = await encodeCodeReport(report, opts.format, {
        color: toStdout && process.stdout.isTTY === true,
        ...(process.stdout.columns ? { width: process.stdout.columns } : {}),
      });
      if (toStdout) process.stdout.write(text);
      else writeFileSync(opts.output!, text);
      if (failOn) {
        const { codeFailsOn } = await import("../../code/engine.js");
        if (codeFailsOn(report, failOn)) {
          const { severityRank } = await import("../../scoring/severity.js");
          const n = report.findings.filter((f) => severityRank(f.severity) >= severityRank(failOn)).length;
          process.stderr.write(
            `vigil: ${n} code finding(s) at or above ${failOn.toLowerCase()} (--fail-on)\n`,
          );
          process.exitCode = 1;
        }
      }
    },
  );
}
