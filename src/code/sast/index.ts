/**
 * The SAST analyzer: JavaScript/TypeScript (JSX/TSX), Python, Java and Go on tree-sitter parsers through
 * `@ast-grep/napi`, with the rules under `rules/<language>/` (one YAML file per rule, a vulnerable and a
 * safe example beside each under `testdata/`).
 */
import type { Analyzer, SourceFile } from "../analyzer.js";
import { compileRules, createEngine, MAX_FILE_BYTES } from "./engine.js";
import { languageOf } from "./languages.js";
import { loadRuleFiles } from "./rule-file.js";

export { RuleFileError } from "./rule-file.js";

/** Loads and compiles the shipped rules (or those under `rulesDir`); throws a RuleFileError naming a bad file. */
export async function loadSastAnalyzer(rulesDir?: string): Promise<Analyzer> {
  const { rules, taint } = loadRuleFiles(rulesDir);
  const engine = createEngine(compileRules(rules, taint));
  const codeRules = rules.map((r) => r.rule);
  return {
    scanner: "sast",
    rules: () => codeRules,
    wants: (path, size) => size <= MAX_FILE_BYTES && languageOf(path) !== undefined,
    analyze: (file: SourceFile, warn) => engine.analyze(file.path, file.text(), warn),
  };
}
