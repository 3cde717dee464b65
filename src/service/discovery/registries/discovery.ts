/**
 * Discovery: list a registry (its configured `repositories`, else `/v2/_catalog`), keep the repositories
 * its inclusion rules select, list their tags and manifests, and record each image (manifest digest).
 *
 * - `initial` (image scanning activated, or a registry created while it is on; also the first poll):
 *   images pushed in the last 14 days are picked up and scanned. The Distribution API has no push date.
 *   The image config's `created` time is only a lower bound (an image is pushed after it is built): an
 *   image built within the window was certainly pushed within it and is picked up; one built earlier
 *   has no evidence of a recent push and is left (a push notification or a later poll brings it in).
 *   The push date recorded is the time Vigil first sees the image, never the build time: an image
 *   built long ago and pushed today is not treated as pushed long ago.
 * - `poll` (the `registry-poll` job, every `pollIntervalMinutes`): an image not seen before was pushed
 *   since the last listing; it is recorded with the time of discovery as its push date and scanned.
 *
 * Known images get their tags brought up to date. Push events (./notifications.ts) give exact push dates.
 */
import { errorMessage, InputError } from "../../../errors.js";
import { RegistryClient } from "../../../sources/registry-client.js";
import type { ServiceContext } from "../../core/context.js";
import { scanTypeEnabled } from "../../resources/resources.js";
import { enqueueImageScan, recordImage } from "./images.js";
import { includedByRules, type RegistryRow, registryCredentials } from "./registries.js";

/** Sent on every discovery request; pull events with it (or a scan's) are Vigil's own (./notifications.ts). */
export const DISCOVERY_USER_AGENT = "vigil-registry-discovery";

/** One manifest as discovery sees it. */
export interface ManifestInfo {
  digest: string;
  mediaType: string;
  /** The image config's `created` (for an index: of its linux/amd64 image, else its first). */
  created: string | null;
}

/**
 * The registry client of discovery (../../../sources/registry-client.ts): Vigil's discovery user agent,
 * credentials only to the registry's own origin (a token realm elsewhere gets none: tenants cannot allow
 * it), errors that say what to set on the registry. Every request (token realms and redirect hops too)
 * connects through the service's outbound policy (src/net/outbound.ts).
 */
export function discoveryClient(
  registry: RegistryRow,
  ctx: ServiceContext,
  pageSize?: number,
): RegistryClient {
  return new RegistryClient(registry.url, {
    credentials: registryCredentials(ctx, registry),
    userAgent: DISCOVERY_USER_AGENT,
    what: `registry ${registry.name} (${registry.url})`,
    deniedHint:
      "check the registry's username and password, or configure `repositories` when the catalog is not allowed",
    notFoundHint: "check the registry's URL and `repositories`",
    fetch: (url, init) => ctx.outbound.fetch(url, init),
    ...(pageSize === undefined ? {} : { pageSize }),
  });
}

/** The digest and media type of what a tag names, and the creation time of its (linux/amd64) image. */
export async function manifestInfo(
  client: RegistryClient,
  repository: string,
  reference: string,
): Promise<ManifestInfo> {
  const top = await client.manifest(repository, reference);
  const image = await client.platformManifest(repository, top, "linux/amd64", { anyPlatform: true });
  let configDigest: unknown;
  try {
    configDigest = (JSON.parse(image.bytes.toString("utf8")) as { config?: { digest?: unknown } }).config
      ?.digest;
  } catch {
    configDigest = undefined;
  }
  if (typeof configDigest !== "string")
    return { digest: top.digest, mediaType: top.mediaType, created: null };
  let created: unknown;
  try {
    created = (
      JSON.parse((await client.blobBytes(repository, configDigest)).toString("utf8")) as {
        created?: unknown;
      }
    ).created;
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
  }
  return {
    digest: top.digest,
    mediaType: top.mediaType,
    created:
      typeof created === "string" && !Number.isNaN(Date.parse(created))
        ? new Date(created).toISOString()
        : null,
  };
}

/** Images pushed within this many days are picked up by an initial discovery. */
export const INITIAL_DISCOVERY_DAYS = 14;

/** What one discovery did. */
export interface DiscoveryResult {
  registryId: string;
  /** false when image scanning is disabled for the account (nothing listed). */
  listed: boolean;
  repositories: number;
  images: number;
  /** Resource ids of the images found now and queued for a scan. */
  queued: string[];
  error: string | null;
}

/**
 * Lists one registry and records its images; new eligible ones are queued for a scan. A registry answer
 * that retrying will not change (denied, not found) is kept in the registry's `lastError`; an unreachable
 * registry throws, so the job retries.
 */
export async function discoverRegistry(
  ctx: ServiceContext,
  registryId: string,
  mode: "initial" | "poll",
): Promise<DiscoveryResult> {
  const db = ctx.sdb.db;
  const result: DiscoveryResult = {
    registryId,
    listed: false,
    repositories: 0,
    images: 0,
    queued: [],
    error: null,
  };
  const registry = await db
    .selectFrom("registries")
    .selectAll()
    .where("id", "=", registryId)
    .executeTakeFirst();
  if (registry === undefined || !(await scanTypeEnabled(db, registry.account_id, "image"))) return result;
  const initial = mode === "initial" || registry.last_listed_at === null;
  try {
    await listInto(ctx, registry, initial, result);
  } catch (e) {
    result.error = errorMessage(e);
    await db
      .updateTable("registries")
      .set({ last_error: result.error, updated_at: ctx.now().toISOString() })
      .where("id", "=", registryId)
      .execute();
    if (e instanceof InputError && !/cannot reach/.test(result.error)) return result;
    throw e;
  }
  await db
    .updateTable("registries")
    .set({ last_listed_at: ctx.now().toISOString(), last_error: null, updated_at: ctx.now().toISOString() })
    .where("id", "=", registryId)
    .execute();
  result.listed = true;
  return result;
}

async function listInto(
  ctx: ServiceContext,
  registry: RegistryRow,
  initial: boolean,
  result: DiscoveryResult,
): Promise<void> {
  const client = discoveryClient(registry, ctx);
  const configured = registry.repositories === null ? null : (JSON.parse(registry.repositories) as string[]);
  const rules = JSON.parse(registry.inclusion_rules) as string[];
  const repositories = (configured ?? (await client.catalog())).filter((r) => includedByRules(rules, r));
  const now = ctx.now();
  const since = now.getTime() - INITIAL_DISCOVERY_DAYS * 86_400_000;
  for (const repository of repositories) {
    result.repositories++;
    const byDigest = new Map<string, { tags: string[]; created: string | null }>();
    for (const tag of await client.tags(repository)) {
      const m = await manifestInfo(client, repository, tag);
      const entry = byDigest.get(m.digest) ?? { tags: [], created: m.created };
      entry.tags.push(tag);
      byDigest.set(m.digest, entry);
    }
    const known = new Map(
      (
        await ctx.sdb.db
          .selectFrom("registry_images")
          .select(["digest", "resource_id"])
          .where("registry_id", "=", registry.id)
          .where("repository", "=", repository)
          .execute()
      ).map((r) => [r.digest, r.resource_id]),
    );
    for (const [digest, seen] of byDigest) {
      result.images++;
      if (known.has(digest)) {
        await recordImage(ctx, registry, {
          repository,
          digest,
          tags: seen.tags,
          replaceTags: true,
          pushedAt: "",
        });
        continue;
      }
      if (initial && seen.created !== null && Date.parse(seen.created) < since) continue;
      const pushedAt = now.toISOString();
      const { resourceId } = await recordImage(ctx, registry, {
        repository,
        digest,
        tags: seen.tags,
        pushedAt,
      });
      await enqueueImageScan(ctx, resourceId);
      result.queued.push(resourceId);
    }
    // Tags that moved away: images no longer tagged keep their row, without tags.
    for (const [digest] of known) {
      if (!byDigest.has(digest)) {
        await recordImage(ctx, registry, { repository, digest, tags: [], replaceTags: true, pushedAt: "" });
      }
    }
  }
}

/** The `registry-poll` job: a discovery of one registry (initial when it was never listed). */
export function pollRegistry(ctx: ServiceContext, registryId: string): Promise<DiscoveryResult> {
  return discoverRegistry(ctx, registryId, "poll");
}
