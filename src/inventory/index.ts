import type { Inventory } from "../model/inventory.js";
import { detectSource } from "../sources/detect.js";
import type { Limits } from "../sources/limits.js";
import { readSbom } from "../sources/sbom.js";
import type { SourceOptions } from "../sources/types.js";
import type { Cataloger } from "./cataloger.js";
import { defaultCatalogers } from "./catalogers/index.js";
import { inventorySource } from "./engine.js";

export { detectOs, osvEcosystem } from "../os/os-release.js";
export type { Cataloger } from "./cataloger.js";
export { DEFAULT_MAX_FILE_SIZE, inventorySource, runCatalogers } from "./engine.js";

/** Options of `inventory()`. */
export interface InventoryOptions extends SourceOptions {
  /** Catalogers to run (default: defaultCatalogers()). */
  catalogers?: Cataloger[];
  limits?: Partial<Limits>;
  /** The clock, for createdAt. */
  now?: () => Date;
}

/**
 * Everything installed in a target: detect what the reference names (a directory, an image archive, an
 * OCI layout, a registry image, a zip bundle or an SBOM), walk it once and run the catalogers.
 * @throws InputError when the target cannot be read (problems with single files are in `problems`)
 */
export async function inventory(targetRef: string, options: InventoryOptions = {}): Promise<Inventory> {
  const detected = await detectSource(targetRef, options);
  const now = options.now ?? (() => new Date());
  if (detected.kind === "sbom") return readSbom(detected.path, now());
  return inventorySource(detected.source, options.catalogers ?? defaultCatalogers(), {
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    now,
  });
}
