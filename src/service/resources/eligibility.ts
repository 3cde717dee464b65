import type { Kysely } from "kysely";
import type { ServiceSchema } from "../db/schema.js";
import { imageRescanOf } from "./configuration.js";
import type { CoverageInput } from "./coverage.js";
import "../db/registry-tables.js";

/**
 * What image coverage needs beyond the resource row: the last pull (registry_images) and the account's
 * rescan durations. Nothing for other resource types. Spread into a CoverageInput.
 */
export async function imageCoverageFacts(
  db: Kysely<ServiceSchema>,
  resource: { id: string; type: string; account_id: string },
): Promise<Pick<CoverageInput, "lastPulledAt" | "imageRescan">> {
  if (resource.type !== "image") return {};
  const rescan = (await imageRescanOf(db, [resource.account_id])).get(resource.account_id);
  const image =
    resource.id === ""
      ? undefined
      : await db
          .selectFrom("registry_images")
          .select("last_pulled_at")
          .where("resource_id", "=", resource.id)
          .executeTakeFirst();
  return {
    lastPulledAt: image?.last_pulled_at ?? null,
    ...(rescan === undefined ? {} : { imageRescan: rescan }),
  };
}
