/** The registry job types and their handlers (spread into `jobHandlers()` in ../runtime.ts). */
import type { ServiceContext } from "../../core/context.js";
import type { JobHandlers } from "../../jobs/types.js";
import { discoverRegistry, pollRegistry } from "./discovery.js";
import { scanRegistryImage } from "./images.js";

declare module "../../jobs/types.js" {
  interface JobPayloads {
    /** List registries and record their images; `initial` picks up images pushed in the last 14 days. */
    "registry-discover": { registryIds: string[]; mode: "initial" | "poll" };
    /** Poll one registry for images pushed since its last listing (scheduled per registry). */
    "registry-poll": { registryId: string };
    /** Pull one registry image, inventory it and evaluate it. */
    "registry-image-scan": { resourceId: string };
  }
}

export function registryJobHandlers(ctx: ServiceContext): JobHandlers {
  return {
    "registry-discover": async ({ registryIds, mode }) => {
      for (const id of registryIds) await discoverRegistry(ctx, id, mode);
    },
    "registry-poll": async ({ registryId }) => {
      await pollRegistry(ctx, registryId);
    },
    "registry-image-scan": async ({ resourceId }) => {
      await scanRegistryImage(ctx, resourceId);
    },
  };
}
