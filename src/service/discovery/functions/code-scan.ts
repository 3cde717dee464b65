/**
 * Function code scanning (issue 12 point 4): the latest version's deployment package and each layer are
 * scanned by the code-scanning engine (src/code: SAST, secrets and IaC analyzers, one walk per zip,
 * dependencies' trees - node_modules, site-packages, vendor - skipped as vendored), in the
 * `function-scan` job after the inventory, and again when code scanning is switched on or a tag changes.
 * The findings go through the code findings lifecycle (../../evaluation/code-findings.ts): created,
 * kept open across unrelated edits (same fingerprint), closed as RESOLVED when a version removes the flaw.
 *
 * Code coverage is separate from the function's (standard) coverage: code is scanned when the account has
 * both `function` and `functionCode` enabled (code scanning builds on standard scanning, as Inspector's
 * Lambda code scanning does) and the function carries no `vigil:exclude` tag (any value: `=code` excludes
 * only code scanning, `=standard` and a bare tag exclude both). When not, open code findings are CLOSED
 * with the reason (SCAN_TYPE_DISABLED, EXCLUDED_BY_TAG); once allowed again, the next pass brings them back.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely, Transaction } from "kysely";
import type { Analyzer } from "../../../code/analyzer.js";
import { CODE_SCANNERS, loadAnalyzers } from "../../../code/analyzers.js";
import { scanCode } from "../../../code/engine.js";
import { errorMessage, isVigilError } from "../../../errors.js";
import type { CoverageReason } from "../../../model/resource.js";
import type { ServiceContext } from "../../core/context.js";
import type { ResourceRow, ServiceSchema } from "../../db/schema.js";
import {
  applyCodeFindings,
  type CodeFindingInput,
  closeCodeFindings,
} from "../../evaluation/code-findings.js";
import { appendEvents, type ServiceEvent } from "../../events/events.js";
import type { Coverage } from "../../resources/coverage.js";
import { EXCLUDE_TAG } from "../../resources/coverage.js";
import { scanTypeEnabled } from "../../resources/resources.js";

/**
 * PENDING: the code pass has not run for this version; SCANNED: it ran (`findings` open ones found);
 * FAILED: the engine could not read the bundle (`error` says why; findings are left as they were);
 * SKIPPED: code scanning is off for the function (its code coverage says why).
 */
export type FunctionCodeScanStatus = "PENDING" | "SCANNED" | "FAILED" | "SKIPPED";

/** The code pass of a version as the API shows it. */
export interface FunctionCodeScanView {
  status: FunctionCodeScanStatus | null;
  error: string | null;
  /** Code findings the pass found (active and suppressed). */
  findings: number | null;
  scannedAt: string | null;
}

/** Whether a function's code is scanned, and why not. */
export function functionCodeCoverage(input: {
  functionEnabled: boolean;
  functionCodeEnabled: boolean;
  tags: Record<string, string>;
}): Coverage {
  if (!input.functionEnabled)
    return {
      status: "NOT_SCANNING",
      reason: "SCAN_TYPE_DISABLED",
      detail: "function scanning is disabled for this account (code scanning needs it)",
    };
  if (!input.functionCodeEnabled)
    return {
      status: "NOT_SCANNING",
      reason: "SCAN_TYPE_DISABLED",
      detail: "functionCode scanning is disabled for this account",
    };
  const v = input.tags[EXCLUDE_TAG];
  if (v !== undefined)
    return {
      status: "NOT_SCANNING",
      reason: "EXCLUDED_BY_TAG",
      detail: `tag ${EXCLUDE_TAG}${v === "" ? "" : `=${v}`}`,
    };
  return { status: "SCANNING", reason: null, detail: null };
}

/** The code coverage of a function resource, from its account's activation and its tags. */
export async function codeCoverageOf(
  db: Kysely<ServiceSchema>,
  resource: Pick<ResourceRow, "account_id" | "tags">,
): Promise<Coverage> {
  return functionCodeCoverage({
    functionEnabled: await scanTypeEnabled(db, resource.account_id, "function"),
    functionCodeEnabled: await scanTypeEnabled(db, resource.account_id, "functionCode"),
    tags: JSON.parse(resource.tags) as Record<string, string>,
  });
}

let analyzers: Promise<Analyzer[]> | undefined;

/** Every analyzer, loaded once per process (each reads its rule files). */
function codeAnalyzers(): Promise<Analyzer[]> {
  analyzers ??= loadAnalyzers(CODE_SCANNERS).catch((e: unknown) => {
    analyzers = undefined;
    throw e;
  });
  return analyzers;
}

/** The parts of a bundle: the deployment package, then each layer, with the name it was deployed with. */
interface BundlePart {
  origin: NonNullable<CodeFindingInput["origin"]>;
  zip: Buffer;
}

/** Scans each part of a bundle; a part the engine refuses fails the whole pass (findings are kept). */
async function scanParts(
  ctx: ServiceContext,
  parts: readonly BundlePart[],
): Promise<{ found: CodeFindingInput[]; error: string | null }> {
  const all = await codeAnalyzers();
  const dir = await mkdtemp(join(tmpdir(), "vigil-function-code-"));
  const scrub = (text: string) => text.split(`${dir}/`).join("").split(dir).join("");
  try {
    const found: CodeFindingInput[] = [];
    for (const [i, part] of parts.entries()) {
      const file = join(dir, `part-${i}.zip`);
      await writeFile(file, part.zip);
      const label = part.origin.kind === "code" ? "deployment package" : `layer ${part.origin.name}`;
      try {
        const { report } = await scanCode(`zip:${file}`, all, {
          today: ctx.now().toISOString().slice(0, 10),
        });
        for (const f of [...report.findings, ...report.suppressed])
          found.push({ finding: f, origin: part.origin });
      } catch (e) {
        if (!isVigilError(e)) throw e;
        return { found: [], error: `${label}: ${scrub(errorMessage(e))}` };
      }
    }
    return { found, error: null };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function lockResource(
  ctx: ServiceContext,
  trx: Transaction<ServiceSchema>,
  resourceId: string,
): Promise<ResourceRow | undefined> {
  return trx
    .selectFrom("resources")
    .selectAll()
    .where("id", "=", resourceId)
    .$if(ctx.sdb.dialect === "postgres", (q) => q.forUpdate())
    .executeTakeFirst();
}

/**
 * The code pass of a function's latest version: scans the bundle's own code and layers when code scanning
 * covers the function and applies the code findings lifecycle; else closes the open code findings with
 * the coverage reason. A newer deploy landing meanwhile wins: the pass stops (that deploy's job scans it).
 * A function deleted meanwhile is skipped.
 */
export async function scanFunctionCode(ctx: ServiceContext, resourceId: string): Promise<void> {
  const db = ctx.sdb.db;
  const resource = await db
    .selectFrom("resources")
    .selectAll()
    .where("id", "=", resourceId)
    .executeTakeFirst();
  const bundle = await db
    .selectFrom("function_bundles")
    .selectAll()
    .where("resource_id", "=", resourceId)
    .executeTakeFirst();
  if (resource === undefined || bundle === undefined) return;
  const version = Number(bundle.version);
  const coverage = await codeCoverageOf(db, resource);

  let result: { found: CodeFindingInput[]; error: string | null } | undefined;
  if (coverage.status === "SCANNING") {
    const versionRow = await db
      .selectFrom("function_versions")
      .select("layers")
      .where("resource_id", "=", resourceId)
      .where("version", "=", version)
      .executeTakeFirst();
    if (versionRow === undefined) return;
    const names = (JSON.parse(versionRow.layers) as { name: string }[]).map((l) => l.name);
    const parts: BundlePart[] = [
      { origin: { kind: "code", name: "function code" }, zip: Buffer.from(bundle.code, "base64") },
      ...(JSON.parse(bundle.layers) as string[]).map((b64, i) => ({
        origin: { kind: "layer" as const, name: names[i] ?? `layer-${i + 1}` },
        zip: Buffer.from(b64, "base64"),
      })),
    ];
    result = await scanParts(ctx, parts);
  }

  const nowIso = ctx.now().toISOString();
  await db.transaction().execute(async (trx) => {
    const locked = await lockResource(ctx, trx, resourceId);
    if (locked === undefined) return;
    const latest = await trx
      .selectFrom("function_versions")
      .select((eb) => eb.fn.max("version").as("v"))
      .where("resource_id", "=", resourceId)
      .executeTakeFirst();
    if (Number(latest?.v) !== version) return;
    // Activation or tags may have changed while the bundle was read: decide on what holds now.
    const now = await codeCoverageOf(trx, locked);
    const events: ServiceEvent[] = [];
    let set: { code_status: FunctionCodeScanStatus; code_error: string | null; code_findings: number | null };
    if (now.status !== "SCANNING") {
      await closeCodeFindings(trx, locked, now.reason as CoverageReason, nowIso, events);
      set = { code_status: "SKIPPED", code_error: null, code_findings: null };
    } else if (result === undefined) {
      // Coverage came back while this pass was deciding: the job queued by that change scans.
      return;
    } else if (result.error !== null) {
      set = { code_status: "FAILED", code_error: result.error, code_findings: null };
    } else {
      await applyCodeFindings(trx, locked, result.found, nowIso, events);
      set = { code_status: "SCANNED", code_error: null, code_findings: result.found.length };
    }
    await trx
      .updateTable("function_versions")
      .set({ ...set, code_scanned_at: nowIso })
      .where("resource_id", "=", resourceId)
      .where("version", "=", version)
      .execute();
    await appendEvents(trx, events, nowIso);
  });
}

/**
 * Queues a code pass of each function of the account that has a bundle (activation changed, in the
 * activation's transaction), or of one function (its tags changed).
 */
export async function enqueueFunctionCodeScans(
  ctx: ServiceContext,
  trx: Transaction<ServiceSchema>,
  scope: { accountId: string } | { resourceId: string },
): Promise<number> {
  const rows = await trx
    .selectFrom("function_bundles")
    .innerJoin("resources", "resources.id", "function_bundles.resource_id")
    .select("resources.id")
    .$if("accountId" in scope, (q) =>
      q.where("resources.account_id", "=", (scope as { accountId: string }).accountId),
    )
    .$if("resourceId" in scope, (q) =>
      q.where("resources.id", "=", (scope as { resourceId: string }).resourceId),
    )
    .orderBy("resources.id")
    .execute();
  for (const r of rows) await ctx.queue.enqueue("function-scan", { resourceId: r.id }, { trx });
  return rows.length;
}
