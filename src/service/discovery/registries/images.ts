/**
 * The images of registries: one `image` resource per (registry, repository, manifest digest), named
 * `<host>/<repository>@<digest>`, with its tags, push date and last pull in `registry_images`. Scanning an
 * image pulls it through the scan pipeline's registry source (layers streamed, nothing on disk), takes its
 * inventory and submits it as `POST /v1/inventories` does (`evaluateResource`).
 */
import type { Transaction } from "kysely";
import { errorMessage, InputError } from "../../../errors.js";
import { inventory } from "../../../inventory/index.js";
import type { ServiceContext } from "../../core/context.js";
import type { RegistryImagesTable } from "../../db/registry-tables.js";
import type { ServiceSchema } from "../../db/schema.js";
import { evaluateResource } from "../../evaluation/evaluation.js";
import { imageEligibilityExpired } from "../../resources/coverage.js";
import { imageCoverageFacts } from "../../resources/eligibility.js";
import { findOrCreateResource, scanTypeEnabled } from "../../resources/resources.js";
import { type RegistryRow, registryCredentials, registryHost } from "./registries.js";

export type RegistryImageRow = RegistryImagesTable;

/** An image as `GET /v1/registries/:id/images` shows it. */
export interface RegistryImageView {
  resourceId: string;
  registryId: string;
  repository: string;
  digest: string;
  tags: string[];
  pushedAt: string;
  lastPulledAt: string | null;
  lastScanError: string | null;
  coverage: { status: string; reason: string | null };
}

/** The resource name of an image. */
export function imageName(registry: RegistryRow, repository: string, digest: string): string {
  return `${registryHost(registry.url)}/${repository}@${digest}`;
}

/** What is known of an image when it is seen (a push event, a listing). */
export interface SeenImage {
  repository: string;
  digest: string;
  /** Tags seen pointing at it now (merged with known ones unless `replaceTags`). */
  tags: string[];
  replaceTags?: boolean;
  pushedAt: string;
  /** A push (rather than a listing): the push date moves to `pushedAt`. */
  pushed?: boolean;
}

/**
 * Records an image of the registry: a new one gets its resource and row; a known one its tags (and push
 * date, on a push). Returns its resource id and whether it is new.
 */
export async function recordImage(
  ctx: ServiceContext,
  registry: RegistryRow,
  seen: SeenImage,
): Promise<{ resourceId: string; created: boolean }> {
  const db = ctx.sdb.db;
  const nowIso = ctx.now().toISOString();
  const existing = await db
    .selectFrom("registry_images")
    .selectAll()
    .where("registry_id", "=", registry.id)
    .where("repository", "=", seen.repository)
    .where("digest", "=", seen.digest)
    .executeTakeFirst();
  if (existing !== undefined) {
    const tags = seen.replaceTags
      ? [...new Set(seen.tags)].sort()
      : [...new Set([...(JSON.parse(existing.tags) as string[]), ...seen.tags])].sort();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable("registry_images")
        .set({
          tags: JSON.stringify(tags),
          ...(seen.pushed ? { pushed_at: seen.pushedAt } : {}),
          updated_at: nowIso,
        })
        .where("resource_id", "=", existing.resource_id)
        .execute();
      if (seen.pushed) {
        await trx
          .updateTable("resources")
          .set({ pushed_at: seen.pushedAt, updated_at: nowIso })
          .where("id", "=", existing.resource_id)
          .execute();
      }
    });
    return { resourceId: existing.resource_id, created: false };
  }
  const { row, created } = await findOrCreateResource(ctx, {
    accountId: registry.account_id,
    type: "image",
    name: imageName(registry, seen.repository, seen.digest),
    tags: {},
    pushedAt: seen.pushedAt,
  });
  if (!created) {
    await db
      .updateTable("resources")
      .set({ pushed_at: seen.pushedAt, updated_at: nowIso })
      .where("id", "=", row.id)
      .execute();
  }
  await db
    .insertInto("registry_images")
    .values({
      resource_id: row.id,
      registry_id: registry.id,
      account_id: registry.account_id,
      repository: seen.repository,
      digest: seen.digest,
      tags: JSON.stringify([...new Set(seen.tags)].sort()),
      pushed_at: seen.pushedAt,
      last_pulled_at: null,
      last_scan_error: null,
      created_at: nowIso,
      updated_at: nowIso,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return { resourceId: row.id, created: true };
}

/** Queues the scan of an image (with the change that asked for it, when given its transaction). */
export function enqueueImageScan(
  ctx: ServiceContext,
  resourceId: string,
  trx?: Transaction<ServiceSchema>,
): Promise<string> {
  return ctx.queue.enqueue("registry-image-scan", { resourceId }, trx === undefined ? {} : { trx });
}

/** What one image scan did. */
export type ImageScanOutcome = "scanned" | "expired" | "disabled" | "gone" | "failed";

/**
 * Scans one registry image: pulls it, takes its inventory and evaluates it (findings lifecycle, coverage).
 * An image outside its rescan window is not pulled: its coverage becomes SCAN_ELIGIBILITY_EXPIRED. A
 * registry answer that will not change by retrying (access denied, not found, a bad image) is recorded in
 * `last_scan_error`; a network failure throws, so the job retries.
 */
export async function scanRegistryImage(ctx: ServiceContext, resourceId: string): Promise<ImageScanOutcome> {
  const db = ctx.sdb.db;
  const image = await db
    .selectFrom("registry_images")
    .innerJoin("resources", "resources.id", "registry_images.resource_id")
    .selectAll("registry_images")
    .select(["resources.type", "resources.pushed_at as resource_pushed_at"])
    .where("registry_images.resource_id", "=", resourceId)
    .executeTakeFirst();
  if (image === undefined) return "gone";
  const registry = await db
    .selectFrom("registries")
    .selectAll()
    .where("id", "=", image.registry_id)
    .executeTakeFirst();
  if (registry === undefined) return "gone";
  if (!(await scanTypeEnabled(db, image.account_id, "image"))) {
    await evaluateResource(ctx, resourceId);
    return "disabled";
  }
  const facts = await imageCoverageFacts(db, { id: resourceId, type: "image", account_id: image.account_id });
  if (imageEligibilityExpired({ pushedAt: image.resource_pushed_at, ...facts }, ctx.now()) !== null) {
    await evaluateResource(ctx, resourceId);
    return "expired";
  }
  const ref = imageName(registry, image.repository, image.digest);
  const credentials = registryCredentials(ctx, registry);
  let inv: Awaited<ReturnType<typeof inventory>>;
  try {
    inv = await inventory(`registry:${ref}`, {
      ...(credentials === undefined ? {} : { credentials }),
      insecureRegistry: registry.url.startsWith("http:"),
      registryFetch: (url, init) => ctx.outbound.fetch(url, init),
      now: ctx.now,
    });
  } catch (e) {
    const message = errorMessage(e);
    await db
      .updateTable("registry_images")
      .set({ last_scan_error: message, updated_at: ctx.now().toISOString() })
      .where("resource_id", "=", resourceId)
      .execute();
    if (e instanceof InputError && !/cannot reach/.test(message)) return "failed";
    throw e;
  }
  await evaluateResource(ctx, resourceId, inv);
  await db
    .updateTable("registry_images")
    .set({ last_scan_error: null, updated_at: ctx.now().toISOString() })
    .where("resource_id", "=", resourceId)
    .execute();
  return "scanned";
}

/** The images of a registry, in repository and push order. */
export async function listRegistryImages(
  ctx: ServiceContext,
  registryId: string,
): Promise<RegistryImageView[]> {
  const rows = await ctx.sdb.db
    .selectFrom("registry_images")
    .innerJoin("resources", "resources.id", "registry_images.resource_id")
    .selectAll("registry_images")
    .select(["resources.coverage_status", "resources.coverage_reason"])
    .where("registry_images.registry_id", "=", registryId)
    .orderBy("registry_images.repository")
    .orderBy("registry_images.pushed_at")
    .orderBy("registry_images.digest")
    .execute();
  return rows.map((r) => ({
    resourceId: r.resource_id,
    registryId: r.registry_id,
    repository: r.repository,
    digest: r.digest,
    tags: JSON.parse(r.tags) as string[],
    pushedAt: r.pushed_at,
    lastPulledAt: r.last_pulled_at,
    lastScanError: r.last_scan_error,
    coverage: { status: r.coverage_status, reason: r.coverage_reason },
  }));
}
