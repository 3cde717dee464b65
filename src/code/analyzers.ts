import { VigilError } from "../errors.js";
import type { CodeScanner } from "../model/code.js";
import type { Analyzer } from "./analyzer.js";

/** The scanners in the order they run and are listed. */
export const CODE_SCANNERS: readonly CodeScanner[] = ["sast", "secrets", "iac"];

/** Each analyzer's loader, imported only when its scanner is asked for (each loads its rule files). */
const LOADERS: Partial<Record<CodeScanner, () => Promise<Analyzer>>> = {
  sast: async () => (await import("./sast/index.js")).loadSastAnalyzer(),
  secrets: async () => (await import("./secrets/index.js")).loadSecretsAnalyzer(),
  iac: async () => (await import("./iac/index.js")).loadIacAnalyzer(),
};

/** The analyzers of the given scanners, in CODE_SCANNERS order. */
export async function loadAnalyzers(scanners: readonly CodeScanner[]): Promise<Analyzer[]> {
  const out: Analyzer[] = [];
  for (const s of CODE_SCANNERS) {
    if (!scanners.includes(s)) continue;
    const load = LOADERS[s];
    if (!load) throw new VigilError("SCANNER_UNAVAILABLE", `the ${s} analyzer is not part of this build yet`);
    out.push(await load());
  }
  return out;
}

/** Parses `--scanners sast,secrets`; an unknown name is a usage error naming the choices. */
export function parseCodeScanners(value: string, allowed: readonly string[]): string[] {
  const names = value
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== "");
  for (const n of names) {
    if (!allowed.includes(n)) {
      throw new VigilError(
        "INVALID_OPTION",
        `--scanners: unknown scanner ${JSON.stringify(n)}: use ${allowed.join(", ")}`,
      );
    }
  }
  if (names.length === 0)
    throw new VigilError("INVALID_OPTION", `--scanners: name at least one of ${allowed.join(", ")}`);
  return [...new Set(names)];
}
