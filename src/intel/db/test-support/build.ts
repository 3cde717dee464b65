import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Advisory } from "../../../model/advisory.js";
import type { FeedItem } from "../../feed.js";
import { VulnDbWriter } from "../writer.js";

/** A temp directory removed by the returned cleanup. */
export function tempDir(prefix = "vigil-db-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Builds a database file at path from feed items (no feeds table rows). */
export function buildFrom(path: string, items: readonly FeedItem[]): void {
  const w = new VulnDbWriter(path);
  for (const item of items) w.add(item);
  w.finish({ vigilVersion: "test", builtAt: "2026-11-26T00:00:00.000Z" });
}

/** A minimal advisory affecting (ecosystem, name) with one fixed version. */
export function advisory(
  id: string,
  feed: string,
  pkgs: [ecosystem: string, name: string, fixed: string][],
  extra: Partial<Advisory> = {},
): FeedItem {
  return {
    kind: "advisory",
    advisory: {
      id,
      modified: "2026-01-01T00:00:00Z",
      aliases: [],
      references: [],
      feed,
      affected: pkgs.map(([ecosystem, name, fixed]) => ({
        package: { ecosystem, name },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed }] }],
      })),
      ...extra,
    },
  };
}
