/**
 * Functions (issue 7 point 4): a function is a resource of type `function` whose inventory comes from its
 * deployment package and layers, read by the server in a job with the same engine as `vigil sbom` on a
 * zip (src/sources/zip.ts: zip-bomb, path and size caps; src/inventory catalogers). Every deploy that
 * changes the runtime, the code or the layers is a new version; only the latest version is monitored:
 * its inventory replaces the previous one and the resource is re-matched (findings of code that is gone
 * close as RESOLVED). The runtime becomes a runtime entry of the inventory, so a runtime past its end of
 * life yields an END_OF_LIFE finding through src/findings/eol.ts. The same job then scans the bundle's own
 * code and layers for code findings when the account has `functionCode` enabled (./code-scan.ts).
 *
 * Longer than ~400 lines (540): deploy, version bookkeeping, the scan job and the views share the bundle
 * and version rows; splitting the deploy path from the scan job is the next step when this file grows.
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { errorMessage, isVigilError } from "../../../errors.js";
import { defaultCatalogers } from "../../../inventory/catalogers/index.js";
import { inventorySource } from "../../../inventory/index.js";
import type { Inventory } from "../../../model/inventory.js";
import { ZipSource } from "../../../sources/zip.js";
import type { ServiceContext } from "../../core/context.js";
import { ApiError, notFound } from "../../core/errors.js";
import type { ServiceSchema } from "../../db/schema.js";
import { evaluateResource } from "../../evaluation/evaluation.js";
import type { Coverage } from "../../resources/coverage.js";
import {
  findOrCreateResource,
  type ResourceView,
  setTags,
  toResourceView,
} from "../../resources/resources.js";
import {
  codeCoverageOf,
  enqueueFunctionCodeScans,
  type FunctionCodeScanStatus,
  type FunctionCodeScanView,
  scanFunctionCode,
} from "./code-scan.js";
import { type FunctionRuntime, parseFunctionRuntime, RUNTIME_EXAMPLES, runtimeEntry } from "./runtimes.js";

/** One deploy of a function. */
export interface FunctionVersionsTable {
  resource_id: string;
  version: number;
  runtime: string;
  /** Hex SHA-256 of the deployment package zip. */
  code_sha256: string;
  code_size: number;
  /** JSON array of {name, sha256, size}, in the order given (Lambda's layer order). */
  layers: string;
  /** Hex SHA-256 over runtime, code and layer digests: equal means the deploy changes nothing. */
  bundle_sha256: string;
  status: FunctionScanStatus;
  error: string | null;
  package_count: number | null;
  deployed_at: string;
  scanned_at: string | null;
  /** The code pass (./code-scan.ts; 0010): null for versions deployed before it existed. */
  code_status: FunctionCodeScanStatus | null;
  code_error: string | null;
  code_findings: number | null;
  code_scanned_at: string | null;
}

/** The zips of a function's latest version (base64), kept for its inventory job and later rescans. */
export interface FunctionBundlesTable {
  resource_id: string;
  version: number;
  code: string;
  /** JSON array of base64 layer zips, in order. */
  layers: string;
}

declare module "../../db/schema.js" {
  interface ServiceSchema {
    function_versions: FunctionVersionsTable;
    function_bundles: FunctionBundlesTable;
  }
}

declare module "../../jobs/types.js" {
  interface JobPayloads {
    /**
     * Brings a function's latest version up to date: inventories its bundle and re-matches the function
     * when not done yet, then runs its code pass (queued again when activation or tags change).
     */
    "function-scan": { resourceId: string };
  }
}

/**
 * PENDING: the inventory job has not run yet; SCANNED: the bundle was inventoried; FAILED: the engine
 * refused the bundle (not a zip, a zip bomb, a path outside the tree...): `error` says why, and the
 * inventory holds only the runtime. SUPERSEDED: a later deploy replaced it before it was read.
 */
export type FunctionScanStatus = "PENDING" | "SCANNED" | "FAILED" | "SUPERSEDED";

/** A layer of a deploy. */
export interface FunctionLayer {
  name: string;
  sha256: string;
  size: number;
}

/** One version as the API shows it. */
export interface FunctionVersionView {
  version: number;
  runtime: string;
  codeSha256: string;
  codeSize: number;
  layers: FunctionLayer[];
  deployedAt: string;
  scan: {
    status: FunctionScanStatus;
    error: string | null;
    packages: number | null;
    scannedAt: string | null;
  };
  /** The code pass of this version (code findings are in GET /v1/findings?type=CODE_VULNERABILITY). */
  codeScan: FunctionCodeScanView;
}

/** A function: its resource (tags, coverage) and its latest version. */
export interface FunctionView extends FunctionVersionView {
  name: string;
  accountId: string;
  resource: ResourceView;
  /** Whether its code is scanned (functionCode and function enabled, no vigil:exclude tag), and why not. */
  codeCoverage: Coverage;
}

/** What a deploy brings: the runtime identifier and the zips, decoded. */
export interface FunctionDeploy {
  accountId: string;
  name: string;
  runtime: string;
  code: Buffer;
  layers: { name?: string | undefined; zip: Buffer }[];
  /** Replaces the function's tags when given (e.g. `vigil:exclude`). */
  tags?: Record<string, string> | undefined;
}

/** What a deploy did. */
export interface DeployResult {
  /** CREATED: a new function; UPDATED: a new version; UNCHANGED: same runtime, code and layers. */
  result: "CREATED" | "UPDATED" | "UNCHANGED";
  message: string;
  function: FunctionView;
  /** The inventory job of the new version (null when nothing changed). */
  jobId: string | null;
}

const sha256 = (b: Buffer | string): string => createHash("sha256").update(b).digest("hex");

/**
 * The runtime an identifier names.
 * @throws ApiError 400 naming `field` when it is not a Lambda-style identifier Vigil knows
 */
export function requireRuntime(id: string, field: string): FunctionRuntime {
  const rt = parseFunctionRuntime(id);
  if (rt === undefined) {
    throw new ApiError(
      400,
      "VALIDATION_ERROR",
      `${field}: unknown runtime ${JSON.stringify(id)}: give a Lambda runtime identifier such as ${RUNTIME_EXAMPLES}`,
    );
  }
  return rt;
}

/**
 * Checks that a decoded upload looks like a zip archive (the inventory job reads it fully, with the
 * engine's caps).
 * @throws ApiError 400 naming `field`
 */
export function requireZip(zip: Buffer, field: string): void {
  const magic = zip.subarray(0, 4).toString("latin1");
  if (magic !== "PK\u0003\u0004" && magic !== "PK\u0005\u0006") {
    throw new ApiError(
      400,
      "VALIDATION_ERROR",
      `${field}: not a zip archive (${zip.length} bytes, no zip signature): send the deployment package zip, base64-encoded`,
    );
  }
}

function versionView(row: FunctionVersionsTable): FunctionVersionView {
  return {
    version: row.version,
    runtime: row.runtime,
    codeSha256: row.code_sha256,
    codeSize: row.code_size,
    layers: JSON.parse(row.layers) as FunctionLayer[],
    deployedAt: row.deployed_at,
    scan: {
      status: row.status,
      error: row.error,
      packages: row.package_count === null ? null : Number(row.package_count),
      scannedAt: row.scanned_at,
    },
    codeScan: {
      status: row.code_status,
      error: row.code_error,
      findings: row.code_findings === null ? null : Number(row.code_findings),
      scannedAt: row.code_scanned_at,
    },
  };
}

async function latestVersion(
  db: Kysely<ServiceSchema>,
  resourceId: string,
): Promise<FunctionVersionsTable | undefined> {
  const row = await db
    .selectFrom("function_versions")
    .selectAll()
    .where("resource_id", "=", resourceId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : { ...row, version: Number(row.version) };
}

/** The function view of a resource row, or undefined when it has no version yet. */
async function functionView(
  db: Kysely<ServiceSchema>,
  resourceId: string,
): Promise<FunctionView | undefined> {
  const r = await db.selectFrom("resources").selectAll().where("id", "=", resourceId).executeTakeFirst();
  if (r === undefined) return undefined;
  const v = await latestVersion(db, resourceId);
  if (v === undefined) return undefined;
  return {
    name: r.name,
    accountId: r.account_id,
    resource: toResourceView(r),
    codeCoverage: await codeCoverageOf(db, r),
    ...versionView(v),
  };
}

/**
 * Deploys a function: records a new version when the runtime, code or layers changed (and queues its
 * inventory job, committed with the version), else says nothing changed. Tags, when given, replace the
 * function's tags and the function is re-matched at once (the exclusion tag decides its coverage).
 * @throws ApiError 400 for an unknown runtime or an upload that is not a zip
 */
export async function deployFunction(ctx: ServiceContext, input: FunctionDeploy): Promise<DeployResult> {
  const rt = requireRuntime(input.runtime, "body.runtime");
  requireZip(input.code, "body.code.zipFile");
  input.layers.forEach((l, i) => {
    requireZip(l.zip, `body.layers.${i}.zipFile`);
  });
  const layers: FunctionLayer[] = input.layers.map((l, i) => ({
    name: l.name ?? `layer-${i + 1}`,
    sha256: sha256(l.zip),
    size: l.zip.length,
  }));
  const codeSha = sha256(input.code);
  const bundleSha = sha256(
    JSON.stringify({ runtime: rt.id, code: codeSha, layers: layers.map((l) => l.sha256) }),
  );

  const { row, created } = await findOrCreateResource(ctx, {
    accountId: input.accountId,
    type: "function",
    name: input.name,
    tags: input.tags ?? {},
  });
  const tagsChanged = !created && input.tags !== undefined && JSON.stringify(input.tags) !== row.tags;
  if (tagsChanged) await setTags(ctx, row, input.tags as Record<string, string>);

  const nowIso = ctx.now().toISOString();
  const outcome = await ctx.sdb.db.transaction().execute(async (trx) => {
    // Serialise deploys of one function (PostgreSQL); SQLite transactions are already serial.
    await trx
      .selectFrom("resources")
      .select("id")
      .where("id", "=", row.id)
      .$if(ctx.sdb.dialect === "postgres", (q) => q.forUpdate())
      .executeTakeFirst();
    const latest = await latestVersion(trx, row.id);
    if (latest !== undefined && latest.bundle_sha256 === bundleSha) return { latest, jobId: null };
    const version = (latest?.version ?? 0) + 1;
    const v: FunctionVersionsTable = {
      resource_id: row.id,
      version,
      runtime: rt.id,
      code_sha256: codeSha,
      code_size: input.code.length,
      layers: JSON.stringify(layers),
      bundle_sha256: bundleSha,
      status: "PENDING",
      error: null,
      package_count: null,
      deployed_at: nowIso,
      scanned_at: null,
      code_status: "PENDING",
      code_error: null,
      code_findings: null,
      code_scanned_at: null,
    };
    await trx.insertInto("function_versions").values(v).execute();
    if (latest?.status === "PENDING") {
      await trx
        .updateTable("function_versions")
        .set({ status: "SUPERSEDED" })
        .where("resource_id", "=", row.id)
        .where("version", "=", latest.version)
        .execute();
    }
    const bundle = {
      version,
      code: input.code.toString("base64"),
      layers: JSON.stringify(input.layers.map((l) => l.zip.toString("base64"))),
    };
    await trx
      .insertInto("function_bundles")
      .values({ resource_id: row.id, ...bundle })
      .onConflict((oc) => oc.column("resource_id").doUpdateSet(bundle))
      .execute();
    const jobId = await ctx.queue.enqueue("function-scan", { resourceId: row.id }, { trx });
    return { latest: v, jobId };
  });
  if (outcome.jobId === null && tagsChanged) {
    await evaluateResource(ctx, row.id);
    // The code pass decides anew under the new tags (exclusion closes, its removal brings back).
    await ctx.sdb.db
      .transaction()
      .execute((trx) => enqueueFunctionCodeScans(ctx, trx, { resourceId: row.id }));
  }
  const view = await functionView(ctx.sdb.db, row.id);
  if (view === undefined) throw notFound("function", input.name);
  const v = outcome.latest.version;
  if (outcome.jobId === null) {
    return {
      result: "UNCHANGED",
      message: `function ${input.name}: runtime, code and layers are those of version ${v}; nothing to deploy${tagsChanged ? " (tags updated)" : ""}`,
      function: view,
      jobId: null,
    };
  }
  return {
    result: v === 1 ? "CREATED" : "UPDATED",
    message: `function ${input.name}: version ${v} deployed; its inventory job is queued`,
    function: view,
    jobId: outcome.jobId,
  };
}

/** Paths of the scan's temp directory never reach the stored inventory. */
function scrub(text: string, dir: string): string {
  return text.split(dir).join("");
}

/**
 * The inventory of a bundle: the zips written to a private temp directory, walked by ZipSource (package
 * at the root, layers under opt/, every cap of src/sources/limits.ts) and catalogued; plus the runtime.
 * A bundle the engine refuses gives an inventory with the runtime only and the reason.
 */
async function inventoryBundle(
  ctx: ServiceContext,
  name: string,
  version: FunctionVersionsTable,
  bundle: FunctionBundlesTable,
): Promise<{ inventory: Inventory; error: string | null }> {
  const rt = requireRuntime(version.runtime, "runtime");
  const layerMeta = JSON.parse(version.layers) as FunctionLayer[];
  const ref = `${name}:${version.version}`;
  const dir = await mkdtemp(join(tmpdir(), "vigil-function-"));
  try {
    const code = join(dir, "function.zip");
    await writeFile(code, Buffer.from(bundle.code, "base64"));
    const layerPaths: string[] = [];
    for (const [i, b64] of (JSON.parse(bundle.layers) as string[]).entries()) {
      const p = join(dir, `layer-${i + 1}.zip`);
      await writeFile(p, Buffer.from(b64, "base64"));
      layerPaths.push(p);
    }
    try {
      const inv = await inventorySource(new ZipSource(code, { zipLayers: layerPaths }), defaultCatalogers(), {
        now: ctx.now,
      });
      const createdBy = new Map<string, string>([
        ["function.zip", "function code"],
        ...layerMeta.map((l, i) => [`layer-${i + 1}.zip`, `layer ${l.name}`] as [string, string]),
      ]);
      return {
        inventory: {
          ...inv,
          target: {
            kind: "zip",
            ref,
            layers: (inv.target.layers ?? []).map((l) => ({
              ...l,
              createdBy: createdBy.get(l.createdBy ?? "") ?? "layer",
            })),
          },
          runtimes: [...inv.runtimes, runtimeEntry(rt)],
          problems: inv.problems.map((p) => ({
            ...p,
            path: scrub(p.path, dir),
            message: scrub(p.message, dir),
          })),
        },
        error: null,
      };
    } catch (e) {
      if (!isVigilError(e)) throw e;
      const message = scrub(errorMessage(e), `${dir}/`);
      return {
        inventory: {
          target: { kind: "zip", ref },
          packages: [],
          runtimes: [runtimeEntry(rt)],
          problems: [{ path: ref, by: "zip", message }],
          createdAt: ctx.now().toISOString(),
        },
        error: message,
      };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The `function-scan` job: inventories the function's latest version and re-matches the function with
 * that inventory (unless done already: a job queued by an activation or tag change), then runs the code
 * pass. When a newer deploy lands while it reads, it goes again with the newer bundle, so the stored
 * inventory and code findings always end as the latest version's. A function deleted meanwhile is skipped.
 */
export async function scanFunction(ctx: ServiceContext, resourceId: string): Promise<void> {
  const db = ctx.sdb.db;
  for (;;) {
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
    const version = await db
      .selectFrom("function_versions")
      .selectAll()
      .where("resource_id", "=", resourceId)
      .where("version", "=", Number(bundle.version))
      .executeTakeFirst();
    if (version === undefined) return;
    const v = { ...version, version: Number(version.version) };
    if (v.status === "PENDING") {
      const { inventory, error } = await inventoryBundle(ctx, resource.name, v, {
        ...bundle,
        version: Number(bundle.version),
      });
      const latest = await latestVersion(db, resourceId);
      if (latest === undefined) return;
      if (latest.version !== v.version) continue;
      await evaluateResource(ctx, resourceId, inventory);
      await db
        .updateTable("function_versions")
        .set({
          status: error === null ? "SCANNED" : "FAILED",
          error,
          package_count: inventory.packages.length,
          scanned_at: ctx.now().toISOString(),
        })
        .where("resource_id", "=", resourceId)
        .where("version", "=", v.version)
        .execute();
    }
    // After the re-match: until the findings lifecycle is scoped by finding type, a whole re-match
    // closes code findings too, and this pass reopens those still present.
    await scanFunctionCode(ctx, resourceId);
    // A deploy that landed while this one was stored: read the newer bundle too.
    const after = await latestVersion(db, resourceId);
    if (after === undefined || after.version === v.version) return;
  }
}

/**
 * A function the scope may see, by account and name.
 * @throws ApiError 404 when there is none (or it is outside the scope)
 */
export async function getFunction(
  ctx: ServiceContext,
  accountId: string,
  name: string,
  opts: { versions?: number } = {},
): Promise<FunctionView & { versions: FunctionVersionView[] }> {
  const r = await ctx.sdb.db
    .selectFrom("resources")
    .select("id")
    .where("account_id", "=", accountId)
    .where("type", "=", "function")
    .where("name", "=", name)
    .executeTakeFirst();
  const view = r === undefined ? undefined : await functionView(ctx.sdb.db, r.id);
  if (r === undefined || view === undefined) throw notFound("function", name);
  const versions = await ctx.sdb.db
    .selectFrom("function_versions")
    .selectAll()
    .where("resource_id", "=", r.id)
    .orderBy("version", "desc")
    .limit(opts.versions ?? 20)
    .execute();
  return { ...view, versions: versions.map((row) => versionView({ ...row, version: Number(row.version) })) };
}

/** The functions of the given accounts (those deployed at least once), by resource id, one page. */
export async function listFunctions(
  ctx: ServiceContext,
  q: { accountIds: string[]; limit: number; after?: string | undefined },
): Promise<{ items: FunctionView[]; next: string | null }> {
  const rows = await ctx.sdb.db
    .selectFrom("resources")
    .select("id")
    .where("account_id", "in", q.accountIds)
    .where("type", "=", "function")
    .where((eb) =>
      eb.exists(
        eb.selectFrom("function_versions").select("version").whereRef("resource_id", "=", "resources.id"),
      ),
    )
    .$if(q.after !== undefined, (b) => b.where("id", ">", q.after as string))
    .orderBy("id")
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const items: FunctionView[] = [];
  for (const r of page) {
    const v = await functionView(ctx.sdb.db, r.id);
    if (v !== undefined) items.push(v);
  }
  return { items, next: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null };
}
