import { createHash } from "node:crypto";
import type { CodeMatch } from "../model/code.js";

/**
 * A code finding's fingerprint: sha256 over (rule id, path, match key, occurrence index among the
 * file's matches of the same rule with an equal key, in source order). No line number goes in, so
 * lines added or removed elsewhere in the file leave it unchanged; the occurrence index tells two
 * identical flaws in one file apart. It is the finding's id, SARIF's `partialFingerprints` and what an
 * ignore-file `fingerprint:` names.
 */
export function fingerprint(ruleId: string, path: string, key: string, occurrence: number): string {
  return createHash("sha256")
    .update(JSON.stringify(["vigil/code/v1", ruleId, path, key, occurrence]))
    .digest("hex");
}

/** Fingerprints of one file's matches, in the order given. */
export function fingerprintMatches(path: string, matches: readonly CodeMatch[]): string[] {
  const order = matches
    .map((m, i) => ({ m, i }))
    .sort(
      (a, b) =>
        a.m.location.startLine - b.m.location.startLine ||
        (a.m.location.startColumn ?? 0) - (b.m.location.startColumn ?? 0) ||
        a.i - b.i,
    );
  const seen = new Map<string, number>();
  const out: string[] = new Array(matches.length);
  for (const { m, i } of order) {
    const k = JSON.stringify([m.ruleId, m.key]);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    out[i] = fingerprint(m.ruleId, path, m.key, n);
  }
  return out;
}
