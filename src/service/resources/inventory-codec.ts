import { z } from "zod";
import { InputError } from "../../errors.js";
import { PROP } from "../../formats/cyclonedx.js";
import type { Inventory } from "../../model/inventory.js";
import { jsonDeeperThan, MAX_JSON_DEPTH } from "../../sources/image-config.js";
import { fromCycloneDx } from "../../sources/sbom.js";
import { decodeInventoryCycloneDx } from "../db/inventory-cyclonedx.js";
import {
  decodeInventoryDocument,
  encodeInventoryDocument,
  inventoryDigest,
  inventorySchema,
} from "../db/inventory-document.js";

export { encodeInventoryCycloneDx, STORED_PROP } from "../db/inventory-cyclonedx.js";
export { inventoryDigest, inventorySchema };

/** The request body shape of an inventory: Vigil JSON or a CycloneDX document (checked in parseInventory). */
export const inventoryBodySchema = z.union([
  inventorySchema,
  z.looseObject({ bomFormat: z.literal("CycloneDX"), specVersion: z.string() }),
]);

/**
 * An inventory from a request body: Vigil's inventory JSON, or a CycloneDX 1.4-1.6 JSON document
 * (`bomFormat: "CycloneDX"`).
 * @throws InputError naming the field that is wrong
 */
export function parseInventory(body: unknown, what: string, now: Date): Inventory {
  if (
    typeof body === "object" &&
    body !== null &&
    (body as { bomFormat?: unknown }).bomFormat === "CycloneDX"
  ) {
    // Refused before JSON.stringify, which recurses: 20,000 nested components overflowed its stack (a 500).
    if (jsonDeeperThan(body, MAX_JSON_DEPTH)) {
      throw new InputError(what, `JSON nested deeper than ${MAX_JSON_DEPTH} levels; refusing to read it`);
    }
    const text = JSON.stringify(body);
    // Vigil's own CycloneDX (vigil sbom) keeps ecosystems and source packages in properties: read them.
    const inv = text.includes(`"${PROP.ecosystem}"`)
      ? decodeInventoryCycloneDx(text, what)
      : fromCycloneDx(text, what, now);
    return inv;
  }
  const r = inventorySchema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    const at = issue === undefined ? "" : `${issue.path.join(".") || "(root)"}: ${issue.message}`;
    throw new InputError(what, `not a Vigil inventory nor a CycloneDX document (${at})`);
  }
  return r.data;
}

/** How a resource's inventory is stored: Vigil's versioned inventory JSON (db/inventory-document.ts). */
export function encodeStoredInventory(inv: Inventory): string {
  return encodeInventoryDocument(inv);
}

/**
 * The inventory back from its stored document.
 * @throws InputError when the document is not a stored inventory of this schema version
 */
export function decodeStoredInventory(text: string, what: string): Inventory {
  try {
    return decodeInventoryDocument(text, what).inventory;
  } catch (e) {
    throw new InputError(what, (e as Error).message.replace(`${what}: `, ""));
  }
}
