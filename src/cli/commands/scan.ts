import { existsSync, writeFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { InputError } from "../../errors.js";
import { defaultDbPath } from "../../intel/db/location.js";
import type { CodeScanner } from "../../model/code.js";
import type { Severity } from "../../model/finding.js";
import { readIgnoreFile } from "../../scan/ignore.js";
import type { ScanReport } from "../../scan/report.js";
import type { VexStatement } from "../../scan/vex.js";
import type { NetworkContext } from "../../scoring/risk.js";
import { SEVERITY_ORDER } from "../../scoring/severity.js";
import { sourceOptions, type TargetCliOptions, targetOptions } from "./target-options.js";

const FORMATS = ["table", "json", "csv", "sarif", "cyclonedx-json"] as const;
type Format = (typeof FORMATS)[number];

interface ScanCliOptions extends TargetCliOptions {
  db?: string;
  format: Format;
  output?: string;
  severity?: string;
  failOn?: string;
  ignoreUnfixed?: boolean;
  ignorefile?: string;
  vex: string[];
  network: NetworkContext;
  timings?: boolean;
  submit?: string;
  token?: string;
  resourceType: "image" | "repository" | "host" | "function";
  resourceName?: string;
  scanners: string;
}

export function parseSeverity(value: string): Severity {
  const s = value.trim().toUpperCase() === "INFO" ? "INFORMATIONAL" : value.trim().toUpperCase();
  if (!(SEVERITY_ORDER as readonly string[]).includes(s)) {
    throw new InputError(
      "--severity/--fail-on",
      `unknown severity ${JSON.stringify(value)}: use ${SEVERITY_ORDER.map((x) => x.toLowerCase()).join(", ")}`,
    );
  }
  return s as Severity;
}

/** Encodes a report in one of the scan formats (each encoder is loaded only when asked for). */
export async function encodeReport(
  report: ScanReport,
  format: Format,
  tty: { color: boolean; width?: number },
): Promise<string> {
  switch (format) {
    case "json":
      return (await import("../../formats/findings-json.js")).reportToJson(report);
    case "csv":
      return (await import("../../formats/csv.js")).reportToCsv(report);
    case "sarif":
      return (await import("../../formats/sarif.js")).reportToSarifJson(report);
    case "cyclonedx-json":
      return (await import("../../formats/cyclonedx.js")).reportToCycloneDx(report);
    default: {
      const table = (await import("../../formats/table.js")).reportToTable(report, {
        color: tty.color,
        ...(tty.width ? { width: tty.width } : {}),
      });
      if (!report.code) return table;
      const { codeReportToTable } = await import("../../formats/code-table.js");
      return `${table}\n${codeReportToTable(report.code, { color: tty.color, ...(tty.width ? { width: tty.width } : {}) })}`;
    }
  }
}

const SCANNERS = ["vuln", "sast", "secrets", "iac"] as const;

/** `vigil scan <target>`: the whole pipeline once, for CI/CD; exit 1 with --fail-on, 2 on usage or input errors. */
export function registerScanCommand(program: Command): void {
  const cmd = program
    .command("scan")
    .description(
      "scan a directory, image archive, OCI layout, registry image, zip bundle or SBOM for vulnerabilities",
    )
    .argument(
      "<target>",
      "path or image reference (prefix with dir:, docker-archive:, oci:, registry:, zip: or sbom: to force the kind)",
    )
    .option("--db <path>", "vulnerability database (default: $VIGIL_DB or the user cache)")
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("table"))
    .option("-o, --output <file>", "write the report to a file instead of standard output")
    .option(
      "--severity <list>",
      "only report these severities (comma-separated: critical,high,medium,low,informational,untriaged)",
    )
    .option(
      "--fail-on <severity>",
      "exit 1 when a finding at or above this severity remains after ignores and VEX",
    )
    .option("--ignore-unfixed", "leave out vulnerabilities with no fixed version")
    .option(
      "--ignorefile <file>",
      "ignore file: `ID [package=NAME|PURL] [expires=YYYY-MM-DD] [# reason]` per line (default: ./.vigilignore when present)",
    )
    .option(
      "--vex <file>",
      "OpenVEX document: not_affected/fixed statements remove findings (repeatable)",
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .addOption(
      new Option("--network <context>", "network context for the risk score")
        .choices(["unknown", "internet", "private", "isolated"])
        .default("unknown"),
    )
    .option("--timings", "print how long inventory and matching took, on standard error")
    .option(
      "--submit <server>",
      "also send the inventory to a Vigil server (e.g. http://127.0.0.1:8080), which keeps it current",
    )
    .option("--token <key>", "API key for --submit (or $VIGIL_TOKEN)")
    .addOption(
      new Option("--resource-type <type>", "resource type for --submit")
        .choices(["image", "repository", "host", "function"])
        .default("repository"),
    )
    .option("--resource-name <name>", "resource name for --submit (default: the target)")
    .option(
      "--scanners <list>",
      "comma-separated: vuln (packages), sast, secrets, iac (code scanners read a directory or zip; see `vigil code scan`)",
      "vuln",
    );
  targetOptions(cmd);
  cmd.action(async (target: string, opts: ScanCliOptions) => {
    const severities = opts.severity
      ?.split(",")
      .filter((s) => s.trim() !== "")
      .map(parseSeverity);
    const failOn = opts.failOn ? parseSeverity(opts.failOn) : undefined;
    const { parseCodeScanners } = await import("../../code/analyzers.js");
    const scanners = parseCodeScanners(opts.scanners, SCANNERS);
    const codeScanners = scanners.filter((s) => s !== "vuln") as CodeScanner[];
    if (codeScanners.length > 0 && (opts.format === "csv" || opts.format === "cyclonedx-json")) {
      throw new InputError(
        "--format",
        `${opts.format} holds package findings only: use table, json or sarif with --scanners ${codeScanners.join(",")}`,
      );
    }
    if (!scanners.includes("vuln")) {
      // Code scanners only: no vulnerability database needed.
      const { encodeCodeReport, runCodeScan } = await import("./code.js");
      const code = await runCodeScan(target, { scanners: codeScanners });
      const text = await encodeCodeReport(code, opts.format as "table" | "json" | "sarif", {
        color: opts.output === undefined && process.stdout.isTTY === true,
        ...(process.stdout.columns ? { width: process.stdout.columns } : {}),
      });
      if (opts.output === undefined) process.stdout.write(text);
      else writeFileSync(opts.output, text);
      const { codeFailsOn } = await import("../../code/engine.js");
      if (failOn && codeFailsOn(code, failOn)) {
        process.stderr.write(`vigil: code findings at or above ${failOn.toLowerCase()} (--fail-on)\n`);
        process.exitCode = 1;
      }
      return;
    }
    const ignorefile = opts.ignorefile ?? (existsSync(".vigilignore") ? ".vigilignore" : undefined);
    const ignoreRules = ignorefile ? readIgnoreFile(ignorefile) : [];
    const { readVex } = await import("../../scan/vex.js");
    const vex: VexStatement[] = opts.vex.flatMap((f) => readVex(f));
    const { openVulnDb } = await import("../../intel/db/reader.js");
    const { failsOn, scan } = await import("../../scan/scan.js");
    const db = openVulnDb(opts.db ?? defaultDbPath());
    const tty = process.stderr.isTTY === true;
    const progress = tty ? (s: string) => process.stderr.write(`\r\u001b[2K${s}`) : () => {};
    try {
      progress(`vigil: reading ${target} ...`);
      const result = await scan(target, db, {
        network: opts.network,
        ...(severities ? { severities } : {}),
        ...(opts.ignoreUnfixed ? { ignoreUnfixed: true } : {}),
        ignoreRules,
        vex,
        inventory: sourceOptions(opts),
      });
      if (codeScanners.length > 0) {
        progress(`vigil: scanning the code of ${target} ...`);
        const { runCodeScan } = await import("./code.js");
        result.report.code = await runCodeScan(target, { scanners: codeScanners });
      }
      progress("");
      if (tty) process.stderr.write("\r\u001b[2K");
      for (const r of result.expiredIgnores) {
        process.stderr.write(
          `vigil: ${ignorefile} line ${r.line}: the ignore of ${r.id} expired on ${r.expires}; it no longer applies\n`,
        );
      }
      const toStdout = opts.output === undefined;
      const text = await encodeReport(result.report, opts.format, {
        color: toStdout && process.stdout.isTTY === true,
        ...(process.stdout.columns ? { width: process.stdout.columns } : {}),
      });
      if (toStdout) process.stdout.write(text);
      else writeFileSync(opts.output!, text);
      if (opts.timings) {
        process.stderr.write(
          `vigil: inventory ${result.timings.inventory.toFixed(0)} ms, matching ${result.timings.matching.toFixed(0)} ms, ${result.report.inventory.packages.length} packages\n`,
        );
      }
      if (opts.submit) {
        const token = opts.token ?? process.env.VIGIL_TOKEN;
        if (!token) throw new InputError("--submit", "needs an API key: pass --token KEY or set VIGIL_TOKEN");
        const { submitInventory } = await import("../../client/client.js");
        const summary = await submitInventory(
          opts.submit,
          token,
          { type: opts.resourceType, name: opts.resourceName ?? target },
          result.report.inventory,
          { collector: { kind: "ci" } },
        );
        process.stderr.write(
          `vigil: submitted to ${opts.submit}: resource ${summary.resource.id}, ${summary.open} open finding(s) (${summary.created} new, ${summary.closed} closed)\n`,
        );
      }
      const { codeFailsOn } = await import("../../code/engine.js");
      if (failOn && result.report.code && codeFailsOn(result.report.code, failOn)) {
        process.stderr.write(`vigil: code findings at or above ${failOn.toLowerCase()} (--fail-on)\n`);
        process.exitCode = 1;
      }
      if (failOn && failsOn(result.report.findings, failOn)) {
        const n = result.report.findings.filter(
          (f) => SEVERITY_ORDER.indexOf(f.severity) >= SEVERITY_ORDER.indexOf(failOn),
        ).length;
        process.stderr.write(`vigil: ${n} finding(s) at or above ${failOn.toLowerCase()} (--fail-on)\n`);
        process.exitCode = 1;
      }
    } finally {
      db.close();
    }
  });
}
