import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { InputError } from "../../errors.js";
import type { EpssScore } from "../../model/intel.js";
import type { FeedItem, FeedSummary } from "../feed.js";
import { skipped } from "./common.js";

const ROW = /^(CVE-\d{4}-\d+),([0-9.eE-]+),([0-9.eE-]+)$/;

/** The model version and score date of the comment line `#model_version:v2023.03.01,score_date:2023-…`. */
export function parseEpssComment(line: string): { modelVersion?: string; date?: string } {
  const out: { modelVersion?: string; date?: string } = {};
  for (const part of line.replace(/^#/, "").split(",")) {
    const i = part.indexOf(":");
    if (i < 0) continue;
    const key = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    if (key === "model_version") out.modelVersion = value;
    else if (key === "score_date") out.date = value.slice(0, 10);
  }
  return out;
}

/**
 * Streams a FIRST EPSS `epss_scores-YYYY-MM-DD.csv.gz` line by line: the comment line gives the
 * model version and score date (when it is missing, the date comes from the file name), then
 * `cve,epss,percentile` rows. Counts rows; a row that does not parse is skipped with its line number.
 * @throws InputError when the gzip stream is truncated or corrupt
 */
export async function* readEpss(path: string, label: string): AsyncGenerator<FeedItem, FeedSummary> {
  const where = `${label} (${path})`;
  const gunzip = createGunzip();
  const input = createReadStream(path);
  input.on("error", (e) => gunzip.destroy(e));
  const lines = createInterface({ input: input.pipe(gunzip), crlfDelay: Number.POSITIVE_INFINITY });
  let meta: { modelVersion?: string; date?: string } = {};
  const nameDate = /(\d{4}-\d{2}-\d{2})/.exec(path)?.[1];
  let count = 0;
  let skippedCount = 0;
  let lineNo = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      if (line.startsWith("#")) {
        meta = { ...meta, ...parseEpssComment(line) };
        continue;
      }
      if (line === "" || line.startsWith("cve,")) continue;
      count++;
      const m = ROW.exec(line.trim());
      const epss = m === null ? Number.NaN : Number(m[2]);
      const percentile = m === null ? Number.NaN : Number(m[3]);
      if (m === null || !(epss >= 0 && epss <= 1) || !(percentile >= 0 && percentile <= 1)) {
        skippedCount++;
        yield skipped(
          label,
          `line ${lineNo}`,
          `not a "cve,epss,percentile" row: ${JSON.stringify(line.slice(0, 80))}`,
        );
        continue;
      }
      const date = meta.date ?? nameDate;
      if (date === undefined) {
        throw new InputError(
          where,
          "no score date: neither a #score_date comment nor a date in the file name",
        );
      }
      const score: EpssScore = { cve: m[1] as string, epss, percentile, date };
      if (meta.modelVersion !== undefined) score.modelVersion = meta.modelVersion;
      yield { kind: "epss", score };
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(
      where,
      `not a readable gzip file (${(e as Error).message}); the file is truncated or corrupt, download it again`,
      {
        cause: e,
      },
    );
  }
  const summary: FeedSummary = { feed: "epss", label, unit: "rows", count, skipped: skippedCount };
  const date = meta.date ?? nameDate;
  if (date !== undefined) summary.date = date;
  return summary;
}
