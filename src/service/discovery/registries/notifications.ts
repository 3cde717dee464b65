/**
 * The registry's notification endpoint (Docker distribution `notifications: endpoints:`): an envelope
 * `{events: [...]}` of media type `application/vnd.docker.distribution.events.v1+json`.
 *
 * - `push` of a manifest (tagged, or an index): the image is recorded with the push time and scanned.
 *   Untagged image manifests are skipped: they are the platform images of an index pushed next.
 * - `pull` of a known image: its last pull moves; an image whose rescan window had run out comes back to
 *   monitoring and is scanned again. Pulls by Vigil itself (discovery, scans) are not counted.
 *
 * Push and pull times are when Vigil receives the event (the registry sends events as they happen and
 * retries failed deliveries; its own clock is not trusted).
 */
import { z } from "zod";
import { isIndexType, isManifestType, SCANNER_USER_AGENT } from "../../../sources/registry-client.js";
import type { ServiceContext } from "../../core/context.js";
import { scanTypeEnabled } from "../../resources/resources.js";
import { DISCOVERY_USER_AGENT } from "./discovery.js";
import { enqueueImageScan, recordImage } from "./images.js";
import { includedByRules, type RegistryRow } from "./registries.js";

export const NOTIFICATION_MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";

export const eventSchema = z.looseObject({
  id: z.string().optional(),
  timestamp: z.string().optional(),
  action: z.string(),
  target: z
    .looseObject({
      mediaType: z.string().optional(),
      digest: z.string().optional(),
      repository: z.string().optional(),
      tag: z.string().optional(),
    })
    .optional(),
  request: z.looseObject({ useragent: z.string().optional(), method: z.string().optional() }).optional(),
});

export const envelopeSchema = z.object({ events: z.array(eventSchema).max(10_000) });

export type RegistryEvent = z.output<typeof eventSchema>;

/** Whether a pull was made by Vigil itself: its discovery client or a scan (they say who they are). */
function pulledByVigil(e: RegistryEvent): boolean {
  const ua = e.request?.useragent ?? "";
  return ua.startsWith(DISCOVERY_USER_AGENT) || ua.startsWith(SCANNER_USER_AGENT);
}

/** What one envelope did. */
export interface NotificationResult {
  /** Images recorded from pushes and queued for a scan. */
  pushed: number;
  /** Pulls recorded. */
  pulled: number;
  /** Images brought back to monitoring (or queued again) by a pull or push. */
  rescans: number;
  ignored: number;
}

/** Applies the events of one envelope to the registry's images. */
export async function handleNotifications(
  ctx: ServiceContext,
  registry: RegistryRow,
  events: readonly RegistryEvent[],
): Promise<NotificationResult> {
  const out: NotificationResult = { pushed: 0, pulled: 0, rescans: 0, ignored: 0 };
  const rules = JSON.parse(registry.inclusion_rules) as string[];
  const scanning = await scanTypeEnabled(ctx.sdb.db, registry.account_id, "image");
  const now = ctx.now();
  for (const e of events) {
    const t = e.target;
    const mediaType = t?.mediaType ?? "";
    if (t?.digest === undefined || t.repository === undefined || !isManifestType(mediaType)) {
      out.ignored++;
      continue;
    }
    const at = now.toISOString();
    if (e.action === "push") {
      if (
        !scanning ||
        !includedByRules(rules, t.repository) ||
        (t.tag === undefined && !isIndexType(mediaType))
      ) {
        out.ignored++;
        continue;
      }
      const { resourceId } = await recordImage(ctx, registry, {
        repository: t.repository,
        digest: t.digest,
        tags: t.tag === undefined ? [] : [t.tag],
        pushedAt: at,
        pushed: true,
      });
      await enqueueImageScan(ctx, resourceId);
      out.pushed++;
    } else if (e.action === "pull" && !pulledByVigil(e)) {
      const image = await ctx.sdb.db
        .selectFrom("registry_images")
        .innerJoin("resources", "resources.id", "registry_images.resource_id")
        .select([
          "registry_images.resource_id",
          "registry_images.last_pulled_at",
          "resources.coverage_reason",
        ])
        .where("registry_images.registry_id", "=", registry.id)
        .where("registry_images.repository", "=", t.repository)
        .where("registry_images.digest", "=", t.digest)
        .executeTakeFirst();
      if (image === undefined) {
        out.ignored++;
        continue;
      }
      if (image.last_pulled_at === null || image.last_pulled_at < at) {
        await ctx.sdb.db
          .updateTable("registry_images")
          .set({ last_pulled_at: at, updated_at: now.toISOString() })
          .where("resource_id", "=", image.resource_id)
          .execute();
      }
      out.pulled++;
      if (scanning && image.coverage_reason === "SCAN_ELIGIBILITY_EXPIRED") {
        await enqueueImageScan(ctx, image.resource_id);
        out.rescans++;
      }
    } else out.ignored++;
  }
  return out;
}
