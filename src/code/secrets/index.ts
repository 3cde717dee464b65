/**
 * The secrets analyzer: detectors loaded from `rules/*.yaml`, the allow-list from `allowlist.yaml`.
 * It reads every text file the engine hands it (binaries by extension or a NUL byte and files over
 * 5 MiB are skipped) and reports each secret once, redacted, keyed by the SHA-256 of the secret.
 */
import { resolve } from "node:path";
import type { Analyzer } from "../analyzer.js";
import { type Detector, loadAllowlist, loadDetectors } from "./detectors.js";
import { looksBinary, wantsFile } from "./paths.js";
import { scanText } from "./scan.js";

/** The YAML sits next to this module: in src/, and in dist/ where the build copies it (scripts/copy-assets.mjs). */
function dataDir(): string {
  return import.meta.dirname;
}

export interface SecretsAnalyzerOptions {
  /** A folder of detector files instead of the built-in `rules/` (tests). */
  rulesDir?: string;
}

export async function loadSecretsAnalyzer(options: SecretsAnalyzerOptions = {}): Promise<Analyzer> {
  const dir = dataDir();
  const detectors: Detector[] = loadDetectors(options.rulesDir ?? resolve(dir, "rules"));
  const allowlist = loadAllowlist(resolve(dir, "allowlist.yaml"));
  const rules = detectors.map((d) => d.rule);
  return {
    scanner: "secrets",
    rules: () => rules,
    wants: wantsFile,
    analyze(file) {
      if (looksBinary(file.bytes)) return [];
      return scanText(file.path, file.text(), detectors, allowlist);
    },
  };
}
