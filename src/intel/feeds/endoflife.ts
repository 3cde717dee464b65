import { readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { InputError } from "../../errors.js";
import type { EolCycle } from "../../model/intel.js";
import type { FeedItem, FeedSummary } from "../feed.js";
import { firstIssue, readFileText, readJsonFile, skipped } from "./common.js";

/** A date written as a YAML/JSON scalar: kept as YYYY-MM-DD. */
const dateLike = z.union([z.string(), z.date().transform((d) => d.toISOString().slice(0, 10))]);
const dateOrFlag = z.union([z.boolean(), dateLike]);
const scalar = z.union([z.string(), z.number().transform(String)]);

const pageCycleSchema = z.object({
  releaseCycle: scalar,
  codename: scalar.optional(),
  releaseDate: dateLike.optional(),
  eol: dateOrFlag,
  eoes: dateOrFlag.optional(),
  extendedSupport: dateOrFlag.optional(),
  lts: dateOrFlag.optional(),
  latest: scalar.optional(),
});

const frontMatterSchema = z.object({ releases: z.array(z.unknown()) });

const releaseDataSchema = z.object({
  releases: z.record(
    z.string(),
    z.object({
      name: scalar.optional(),
      codename: scalar.optional(),
      releaseDate: dateLike.optional(),
      eol: dateOrFlag.optional(),
      eoes: dateOrFlag.optional(),
    }),
  ),
});

/** The YAML front matter of a Markdown page (between the first two `---` lines). */
export function frontMatter(markdown: string): string | undefined {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\s*(?:\r?\n|$)/.exec(markdown);
  return m?.[1];
}

function cycleOf(product: string, c: z.infer<typeof pageCycleSchema>): EolCycle {
  const out: EolCycle = { product, cycle: c.releaseCycle, eol: c.eol };
  if (c.codename !== undefined) out.codename = c.codename;
  if (c.releaseDate !== undefined) out.releaseDate = c.releaseDate;
  const ext = c.extendedSupport ?? c.eoes;
  if (ext !== undefined) out.extendedSupport = ext;
  if (c.lts !== undefined) out.lts = c.lts;
  if (c.latest !== undefined) out.latest = c.latest;
  return out;
}

async function listFiles(dir: string | undefined, ext: string): Promise<string[]> {
  if (dir === undefined) return [];
  try {
    if (!(await stat(dir)).isDirectory()) return [];
  } catch {
    return [];
  }
  return (await readdir(dir))
    .filter((n) => n.endsWith(ext))
    .sort()
    .map((n) => join(dir, n));
}

/** Where an endoflife.date checkout keeps its two sources. */
export interface EndoflifeSources {
  /** `products/` of github.com/endoflife-date/endoflife.date: `<product>.md` pages. */
  products?: string;
  /** `releases/` of github.com/endoflife-date/release-data: `<product>.json`. */
  releases?: string;
  /** Single files, when pointed at one page or one release-data file. */
  files?: string[];
}

/** Yields the cycles of one product page; the number of cycles read and skipped comes back. */
async function* pageCycles(
  file: string,
  label: string,
): AsyncGenerator<FeedItem, { cycles: number; skipped: number }> {
  const product = basename(file, ".md");
  const fm = frontMatter(await readFileText(file, label));
  if (fm === undefined)
    throw new InputError(`${label} (${file})`, "no YAML front matter (a page starts with a --- line)");
  let doc: unknown;
  try {
    doc = parseYaml(fm);
  } catch (e) {
    throw new InputError(`${label} (${file})`, `front matter is not valid YAML: ${(e as Error).message}`);
  }
  const parsed = frontMatterSchema.safeParse(doc);
  if (!parsed.success)
    throw new InputError(
      `${label} (${file})`,
      `front matter has no releases list: ${firstIssue(parsed.error)}`,
    );
  let cycles = 0;
  let bad = 0;
  for (const [i, raw] of parsed.data.releases.entries()) {
    cycles++;
    const c = pageCycleSchema.safeParse(raw);
    if (!c.success) {
      bad++;
      yield skipped(label, `${product} releases[${i}]`, firstIssue(c.error));
    } else yield { kind: "eol", cycle: cycleOf(product, c.data) };
  }
  return { cycles, skipped: bad };
}

async function* releaseDataCycles(
  file: string,
  label: string,
): AsyncGenerator<FeedItem, { cycles: number; skipped: number }> {
  const product = basename(file, ".json");
  const parsed = releaseDataSchema.safeParse(await readJsonFile(file, label));
  if (!parsed.success)
    throw new InputError(`${label} (${file})`, `not a release-data file: ${firstIssue(parsed.error)}`);
  let cycles = 0;
  for (const [name, r] of Object.entries(parsed.data.releases)) {
    cycles++;
    const out: EolCycle = { product, cycle: r.name ?? name, eol: r.eol ?? false };
    if (r.codename !== undefined) out.codename = r.codename;
    if (r.releaseDate !== undefined) out.releaseDate = r.releaseDate;
    if (r.eoes !== undefined) out.extendedSupport = r.eoes;
    yield { kind: "eol", cycle: out };
  }
  return { cycles, skipped: 0 };
}

/**
 * Reads endoflife.date data into EolCycle items. A product page's front matter and its release-data
 * file describe the same cycles; the page wins (it has the eol dates), and release-data is used only for
 * products that have no page (a release-data cycle without an eol is eol false). Counts cycles; the
 * unit says how many products they belong to ("cycles (18 products)").
 */
export async function* readEndoflife(
  sources: EndoflifeSources,
  label: string,
): AsyncGenerator<FeedItem, FeedSummary> {
  const pages = [
    ...(await listFiles(sources.products, ".md")),
    ...(sources.files ?? []).filter((f) => f.endsWith(".md")),
  ];
  const data = [
    ...(await listFiles(sources.releases, ".json")),
    ...(sources.files ?? []).filter((f) => f.endsWith(".json")),
  ];
  const withPage = new Set(pages.map((f) => basename(f, ".md")));
  const products = new Set<string>();
  let cycles = 0;
  let bad = 0;
  for (const file of pages) {
    products.add(basename(file, ".md"));
    const r = yield* pageCycles(file, label);
    cycles += r.cycles;
    bad += r.skipped;
  }
  for (const file of data) {
    const product = basename(file, ".json");
    if (withPage.has(product)) continue;
    products.add(product);
    const r = yield* releaseDataCycles(file, label);
    cycles += r.cycles;
    bad += r.skipped;
  }
  return {
    feed: "endoflife",
    label,
    unit: `cycles (${products.size} product${products.size === 1 ? "" : "s"})`,
    count: cycles,
    skipped: bad,
  };
}
