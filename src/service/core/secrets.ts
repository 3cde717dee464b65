/**
 * Credentials at rest (registry passwords, SSH private keys): AES-256-GCM under the server's secret key.
 * The key and the cipher live in ./registries/secret-key.ts (`VIGIL_SECRET_KEY`, `--secret-key-file`, or
 * a 0600 `secret.key` generated in the data directory); this module is the one entry point the rest of
 * the service uses, with the key taken from the context.
 */
import { VigilError } from "../../errors.js";
import type { ServiceContext } from "./context.js";
import { parseSecretKey, seal, secretKeyLoader, unseal } from "./secret-key.js";

export { parseSecretKey, seal, secretKeyLoader, unseal };

function keyOf(ctx: Pick<ServiceContext, "secretKey">): Buffer {
  if (ctx.secretKey === undefined) {
    throw new VigilError(
      "SECRET_KEY_MISSING",
      "storing a secret needs the server's secret key: set VIGIL_SECRET_KEY or pass --secret-key-file",
    );
  }
  return ctx.secretKey();
}

/** Seals `plain` for the row `owner` (its id is bound in as additional data: a copy to another row does not open). */
export function sealSecret(ctx: Pick<ServiceContext, "secretKey">, plain: string, owner: string): string {
  return seal(keyOf(ctx), plain, owner);
}

/**
 * Opens a sealed secret of the row `owner`; `what` names it in the error.
 * @throws VigilError SECRET_UNREADABLE when the server's key is not the one that sealed it
 */
export function openSecret(
  ctx: Pick<ServiceContext, "secretKey">,
  sealed: string,
  owner: string,
  what: string,
): string {
  return unseal(keyOf(ctx), sealed, owner, what);
}
