import { VigilError } from "../errors.js";
import type { Collector } from "../host/collector.js";
import type { Inventory } from "../model/inventory.js";
import type { ResourceType } from "../model/resource.js";
import type { EvaluationSummary } from "../service/evaluation/evaluation.js";

/** Which resource an inventory belongs to, as `POST /v1/inventories` takes it. */
export interface ResourceIdentity {
  type: ResourceType;
  name: string;
  tags?: Record<string, string>;
  pushedAt?: string;
  /** A delegated administrator submitting for a member account. */
  accountId?: string;
}

/** The server answered with an error status (the code and message are the server's). */
export class ServerRefusedError extends VigilError {
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(code, message);
    this.status = status;
  }
}

/**
 * Sends an inventory to a Vigil server (`vigil scan --submit`, agents): the resource is created when
 * new, the inventory stored and matched; returns what changed.
 * @throws VigilError with the server's error code and message, or the network error
 */
export async function submitInventory(
  server: string,
  apiKey: string,
  resource: ResourceIdentity,
  inventory: Inventory,
  options: { collector?: Collector; signal?: AbortSignal } = {},
): Promise<EvaluationSummary> {
  const url = new URL("/v1/inventories", server);
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        resource,
        inventory,
        ...(options.collector ? { collector: options.collector } : {}),
      }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    throw new VigilError(
      "SERVER_UNREACHABLE",
      `cannot reach the Vigil server at ${url.origin}: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  const body = (await res.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string } }
    | EvaluationSummary
    | undefined;
  if (!res.ok) {
    const err = body !== undefined && "error" in body ? body.error : undefined;
    throw new ServerRefusedError(
      res.status,
      err?.code ?? `HTTP_${res.status}`,
      `the Vigil server at ${url.origin} refused the inventory (${res.status}): ${err?.message ?? res.statusText}`,
    );
  }
  return body as EvaluationSummary;
}
