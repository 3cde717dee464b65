/**
 * bench/code-scan: `vigil code scan` on real and generated source trees — lines per second per analyzer,
 * the whole scan against the floor of merely walking, reading and parsing the same files, and peak RSS.
 *
 * Targets:
 * - the installed node_modules tree of ../shared/feeds/artifacts, treated as source (--include-vendored);
 * - Vigil's own src/ (TypeScript, real code);
 * - a generated 100,000-line project in four languages (JS, Python, Java, Go) with handlers, string
 *   building, a few real flaws per file and configuration files with secrets and IaC.
 *
 * The floor, measured in the same run on the same files: the same walk (gitignore, vendored rules), each
 * file read once, and each file in a SAST language parsed once by the same tree-sitter grammars. The whole
 * scan is every analyzer on top of that. Target (issue 12): the whole scan ≤ 3x the floor, RSS < 1 GB.
 *
 * Wall time is what a user waits; CPU time (all threads of the process) is printed beside it because on a
 * shared machine the wall time of both the floor and the scan swings with other load.
 *
 * Run: node --import tsx bench/code-scan.ts [--runs N] [--only SUBSTRING]
 *      node --import tsx bench/code-scan.ts --generate DIR   (writes the generated project to DIR and exits,
 *      e.g. to time the built CLI on it: `node dist/cli/bin.js code scan DIR`)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parse } from "@ast-grep/napi";
import type { Analyzer } from "../src/code/analyzer.js";
import { loadAnalyzers } from "../src/code/analyzers.js";
import { scanCode } from "../src/code/engine.js";
import { languageOf, registerLanguages } from "../src/code/sast/languages.js";
import { walkSourceTree } from "../src/code/walk.js";

const repo = resolve(import.meta.dirname, "..");
const feeds = resolve(repo, "../shared/feeds");
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const onlyArg = process.argv.indexOf("--only");
const ONLY = onlyArg > 0 ? process.argv[onlyArg + 1] : undefined;
const generateArg = process.argv.indexOf("--generate");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A generated project: `lines` lines over four languages, deterministic. */
function generateProject(root: string, lines: number): void {
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const js = (i: number) => {
    const out = [`import express from "express";`, `import { exec } from "node:child_process";`, ""];
    out.push(`export const router${i} = express.Router();`);
    for (let f = 0; f < 12; f++) {
      out.push(`function helper${i}_${f}(items, limit) {`);
      out.push(
        `  const picked = items.filter((x) => x.score > limit).map((x) => ({ ...x, rank: x.score * ${f} }));`,
      );
      out.push(`  let total = 0;`);
      out.push(`  for (const p of picked) total += p.rank;`);
      out.push(`  return { picked, total, label: "group-" + limit + "-" + total };`);
      out.push("}");
      out.push(`router${i}.get("/items/${f}", (req, res) => {`);
      out.push(`  const limit = parseInt(req.query.limit, 10) || 10;`);
      out.push(`  const result = helper${i}_${f}(req.app.locals.items, limit);`);
      if (f === 3) out.push(`  exec("grep " + req.query.pattern + " /var/log/app.log", () => {});`);
      out.push(`  res.json(result);`);
      out.push("});");
      out.push("");
    }
    return out.join("\n");
  };
  const py = (i: number) => {
    const out = [
      "import subprocess",
      "from flask import Flask, request, jsonify",
      "",
      `app${i} = Flask(__name__)`,
      "",
    ];
    for (let f = 0; f < 12; f++) {
      out.push(`def helper_${i}_${f}(items, limit):`);
      out.push(`    picked = [dict(x, rank=x["score"] * ${f}) for x in items if x["score"] > limit]`);
      out.push(`    total = sum(p["rank"] for p in picked)`);
      out.push(`    return {"picked": picked, "total": total, "label": f"group-{limit}-{total}"}`);
      out.push("");
      out.push(`@app${i}.route("/items/${f}")`);
      out.push(`def items_${f}():`);
      out.push(`    limit = int(request.args.get("limit", "10"))`);
      if (f === 5) out.push(`    subprocess.call("ls " + request.args.get("dir"), shell=True)`);
      out.push(`    return jsonify(helper_${i}_${f}([], limit))`);
      out.push("");
    }
    return out.join("\n");
  };
  const java = (i: number) => {
    const out = [
      "package com.example.app;",
      "",
      "import java.sql.*;",
      "import javax.servlet.http.*;",
      "",
      `public class Handler${i} extends HttpServlet {`,
    ];
    for (let f = 0; f < 10; f++) {
      out.push(`  private int helper${f}(int[] items, int limit) {`);
      out.push("    int total = 0;");
      out.push(`    for (int x : items) { if (x > limit) total += x * ${f}; }`);
      out.push("    return total;");
      out.push("  }");
      out.push(
        `  protected void doGet${f}(HttpServletRequest req, HttpServletResponse resp, Connection c) throws Exception {`,
      );
      out.push(`    int limit = Integer.parseInt(req.getParameter("limit"));`);
      if (f === 2) {
        out.push(`    Statement st = c.createStatement();`);
        out.push(`    st.executeQuery("SELECT * FROM t WHERE name = '" + req.getParameter("name") + "'");`);
      }
      out.push(`    resp.getWriter().println(helper${f}(new int[] {1, 2, 3}, limit));`);
      out.push("  }");
    }
    out.push("}");
    return out.join("\n");
  };
  const go = (i: number) => {
    const out = ["package handlers", "", 'import (\n\t"fmt"\n\t"net/http"\n\t"os/exec"\n\t"strconv"\n)', ""];
    for (let f = 0; f < 12; f++) {
      out.push(`func helper${i}x${f}(items []int, limit int) (int, string) {`);
      out.push("\ttotal := 0");
      out.push(`\tfor _, x := range items {\n\t\tif x > limit {\n\t\t\ttotal += x * ${f}\n\t\t}\n\t}`);
      out.push('\treturn total, fmt.Sprintf("group-%d-%d", limit, total)');
      out.push("}");
      out.push(`func Items${i}x${f}(w http.ResponseWriter, r *http.Request) {`);
      out.push('\tlimit, _ := strconv.Atoi(r.URL.Query().Get("limit"))');
      if (f === 7) out.push('\t_ = exec.Command("sh", "-c", "ls "+r.URL.Query().Get("dir")).Run()');
      out.push(`\ttotal, label := helper${i}x${f}([]int{1, 2, 3}, limit)`);
      out.push('\tfmt.Fprintf(w, "%d %s", total, label)');
      out.push("}");
    }
    return out.join("\n");
  };
  let written = 0;
  for (let i = 0; written < lines; i++) {
    const files: [string, string][] = [
      [`web/routes/r${i}.js`, js(i)],
      [`api/views_${i}.py`, py(i)],
      [`svc/src/main/java/com/example/app/Handler${i}.java`, java(i)],
      [`cmd/handlers/h${i}.go`, go(i)],
    ];
    if (i % 10 === 0) {
      files.push([
        `deploy/app${i}.yaml`,
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: example/app:latest\n          securityContext:\n            privileged: true\n`,
      ]);
      files.push([
        `config/settings${i}.env`,
        `DATABASE_URL=postgres://app:S3cr3t-${i}-pw@db.internal:5432/app\n`,
      ]);
      files.push([
        `docker/app${i}/Dockerfile`,
        `FROM node:latest\nADD https://example.com/x.tgz /x.tgz\nRUN npm ci\n`,
      ]);
    }
    for (const [p, t] of files) {
      write(p, t);
      written += t.split("\n").length;
    }
  }
}

/** CPU time of this process (all threads) in ms: steadier than wall time on a shared, loaded machine. */
function cpuMs(since?: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

interface Floor {
  ms: number;
  cpu: number;
  files: number;
  lines: number;
  parsed: number;
}

/** The floor: the same walk, each file read once, SAST-language files parsed once. */
async function floorRun(
  root: string,
  includeVendored: boolean,
  analyzers: readonly Analyzer[],
): Promise<Floor> {
  registerLanguages();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let files = 0;
  let lines = 0;
  let parsed = 0;
  await walkSourceTree(root, { includeVendored }, async (w) => {
    if (!analyzers.some((a) => a.wants(w.path, w.size))) return;
    const bytes = await w.read();
    files++;
    const text = bytes.toString("utf8");
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines++;
    const lang = languageOf(w.path);
    if (lang) {
      parse(lang.lang as Parameters<typeof parse>[0], text).root();
      parsed++;
    }
  });
  return { ms: performance.now() - t0, cpu: cpuMs(c0), files, lines, parsed };
}

/** Wraps each analyzer's analyze() to sum the time spent in it. */
function timed(analyzers: readonly Analyzer[]): { analyzers: Analyzer[]; spent: Map<string, number> } {
  const spent = new Map<string, number>();
  return {
    spent,
    analyzers: analyzers.map((a) => ({
      ...a,
      rules: a.rules,
      wants: a.wants,
      async analyze(file, warn) {
        const t0 = performance.now();
        try {
          return await a.analyze(file, warn);
        } finally {
          spent.set(a.scanner, (spent.get(a.scanner) ?? 0) + performance.now() - t0);
        }
      },
    })),
  };
}

if (generateArg > 0) {
  const dir = resolve(process.argv[generateArg + 1] ?? "");
  generateProject(dir, 100_000);
  console.log(`generated project written to ${dir}`);
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), "vigil-bench-code-"));
try {
  const nm = join(work, "node-modules-tree");
  mkdirSync(nm);
  execFileSync("tar", ["-xzf", join(feeds, "artifacts/node_modules/node-modules-tree.tar.gz"), "-C", nm]);
  const generated = join(work, "generated");
  generateProject(generated, 100_000);

  const t0 = performance.now();
  const all = await loadAnalyzers(["sast", "secrets", "iac"]);
  console.log(
    `analyzers loaded in ${(performance.now() - t0).toFixed(0)} ms (${all.map((a) => `${a.scanner}: ${a.rules().length} rules`).join(", ")})`,
  );

  const targets: { name: string; root: string; includeVendored: boolean }[] = [
    { name: "artifacts node_modules tree (as source)", root: nm, includeVendored: true },
    { name: "Vigil's own src/ (TypeScript)", root: join(repo, "src"), includeVendored: false },
    { name: "generated 100k-line project (JS/Py/Java/Go)", root: generated, includeVendored: false },
  ];
  console.log(`\nmedian of ${RUNS} runs per target; floor = walk + read + parse, in the same run`);
  console.log(
    "target | files | lines | floor | whole scan (x floor) | floor CPU | whole CPU (x floor) | sast | secrets | iac | lines/s (whole) | findings",
  );
  for (const t of targets) {
    if (ONLY && !t.name.includes(ONLY)) continue;
    const floors: Floor[] = [];
    const wholes: number[] = [];
    const wholeCpus: number[] = [];
    const per: Record<string, number[]> = { sast: [], secrets: [], iac: [] };
    let findings = 0;
    for (let r = 0; r < RUNS; r++) {
      floors.push(await floorRun(t.root, t.includeVendored, all));
      const { analyzers, spent } = timed(all);
      const c0 = process.cpuUsage();
      const s0 = performance.now();
      const res = await scanCode(t.root, analyzers, {
        includeVendored: t.includeVendored,
        today: "2026-12-03",
      });
      wholes.push(performance.now() - s0);
      wholeCpus.push(cpuMs(c0));
      for (const k of Object.keys(per)) per[k]!.push(spent.get(k) ?? 0);
      findings = res.report.findings.length;
    }
    const floor = median(floors.map((f) => f.ms));
    const whole = median(wholes);
    const floorCpu = median(floors.map((f) => f.cpu));
    const wholeCpu = median(wholeCpus);
    const f = floors[0]!;
    const fmt = (x: number) => `${x.toFixed(0)} ms`;
    const rate = (x: number) => `${Math.round(f.lines / (x / 1000)).toLocaleString("en")}`;
    console.log(
      [
        t.name,
        f.files,
        f.lines.toLocaleString("en"),
        fmt(floor),
        `${fmt(whole)} (${(whole / floor).toFixed(2)}x)`,
        fmt(floorCpu),
        `${fmt(wholeCpu)} (${(wholeCpu / floorCpu).toFixed(2)}x)`,
        `${fmt(median(per.sast!))} (${rate(median(per.sast!))} lines/s)`,
        `${fmt(median(per.secrets!))} (${rate(median(per.secrets!))} lines/s)`,
        fmt(median(per.iac!)),
        rate(whole),
        findings,
      ].join(" | "),
    );
  }
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`\npeak RSS of the whole benchmark process: ${rss.toFixed(0)} MB (target < 1 GB)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
