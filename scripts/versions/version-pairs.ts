/**
 * Shared by the gen-{dpkg,rpm,apk}.ts generators: picks version pairs worth comparing from harvested
 * real-world versions (deterministically, with a seeded PRNG) and writes the TSV files that
 * src/versions/schemes/*.test.ts read. The expectations in those files come only from the reference
 * tool each generator calls, never from Vigil's own code.
 */
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (scripts/versions/ is two levels down). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The shared real-data snapshot beside the repository. */
export const feedsDir = resolve(repoRoot, "../shared/feeds");

/** mulberry32: a small seeded PRNG, so the same inputs always give the same pairs. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Pair = readonly [string, string];

export interface PairPlan {
  /** Versions of one package each (same-package pairs are where real comparisons happen). */
  groups: readonly (readonly string[])[];
  /** Hand-picked tricky versions: all of their pairs are compared. */
  tricky: readonly string[];
  /** Hand-picked pairs (equal-but-different spellings, known traps). */
  extra: readonly Pair[];
  /** Derives near neighbours of a version (append a pre-release marker, bump a revision...). */
  mutate: (v: string) => string[];
  /** How many same-package pairs, cross-package pairs and mutation pairs to draw. */
  samePackage: number;
  crossPackage: number;
  mutations: number;
  seed: number;
}

/** Distinct pairs following the plan, in a stable order; about a tenth are also added reversed. */
export function planPairs(plan: PairPlan): Pair[] {
  const random = seededRandom(plan.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const seen = new Set<string>();
  const out: Pair[] = [];
  const add = (a: string, b: string): void => {
    const key = `${a}\t${b}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push([a, b]);
  };
  for (const [a, b] of plan.extra) add(a, b);
  for (let i = 0; i < plan.tricky.length; i++) {
    for (let j = i + 1; j < plan.tricky.length; j++) add(plan.tricky[i]!, plan.tricky[j]!);
  }
  const multi = plan.groups.filter((g) => g.length > 1);
  const all = [...new Set(plan.groups.flat())];
  for (let n = 0; n < plan.samePackage && multi.length > 0; n++) {
    const g = pick(multi);
    add(pick(g), pick(g));
  }
  for (let n = 0; n < plan.crossPackage; n++) add(pick(all), pick(all));
  for (let n = 0; n < plan.mutations; n++) {
    const v = pick(all);
    const variants = plan.mutate(v);
    if (variants.length > 0) add(v, pick(variants));
  }
  const reversed = out.filter(([a, b]) => a !== b && random() < 0.1).map(([a, b]): Pair => [b, a]);
  for (const [a, b] of reversed) add(a, b);
  return out;
}

/** Writes a TSV with `#` header lines; cells must not hold tabs or newlines. */
export function writeTsv(
  file: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
): void {
  for (const row of rows) {
    for (const cell of row) {
      if (/[\t\n\r]/.test(cell))
        throw new Error(`${file}: cell ${JSON.stringify(cell)} holds a tab or newline`);
    }
  }
  const lines = [...header.map((h) => `# ${h}`), ...rows.map((r) => r.join("\t"))];
  writeFileSync(file, `${lines.join("\n")}\n`);
  console.log(`${file}: ${rows.length} rows`);
}

/** The TSV path for a scheme's data in src/versions/testdata/. */
export function testdataFile(name: string): string {
  return resolve(repoRoot, "src/versions/testdata", name);
}
