import { VigilError } from "../errors.js";
import type {
  DeployResult,
  FunctionVersionView,
  FunctionView,
} from "../service/discovery/functions/functions.js";

/** What `PUT /v1/functions/{name}` takes (zips base64-encoded). */
export interface DeployBody {
  runtime: string;
  code: { zipFile: string };
  layers?: { name?: string; zipFile: string }[];
  tags?: Record<string, string>;
  accountId?: string;
}

/**
 * One call to a Vigil server's API with an API key.
 * @throws VigilError naming the server and carrying its error code and message, or the network error
 */
async function api<T>(
  server: string,
  apiKey: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  let url: URL;
  try {
    url = new URL(path, server);
  } catch {
    throw new VigilError(
      "USAGE",
      `--server: ${JSON.stringify(server)} is not a URL (e.g. http://127.0.0.1:8080)`,
    );
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
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
  const parsed = (await res.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string } }
    | undefined;
  if (!res.ok) {
    const err = parsed?.error;
    throw new VigilError(
      err?.code ?? `HTTP_${res.status}`,
      `the Vigil server at ${url.origin} refused ${method} ${url.pathname} (${res.status}): ${err?.message ?? res.statusText}`,
    );
  }
  return parsed as T;
}

/** Deploys a function (`vigil functions deploy`). */
export function deployFunctionRemote(
  server: string,
  apiKey: string,
  name: string,
  body: DeployBody,
): Promise<DeployResult> {
  return api(server, apiKey, "PUT", `/v1/functions/${encodeURIComponent(name)}`, body);
}

/** One function with its recent versions. */
export function getFunctionRemote(
  server: string,
  apiKey: string,
  name: string,
  accountId?: string,
): Promise<FunctionView & { versions: FunctionVersionView[] }> {
  const q = accountId === undefined ? "" : `?accountId=${encodeURIComponent(accountId)}`;
  return api(server, apiKey, "GET", `/v1/functions/${encodeURIComponent(name)}${q}`);
}

/** Every function the key may see (all pages). */
export async function listFunctionsRemote(
  server: string,
  apiKey: string,
  accountId?: string,
): Promise<FunctionView[]> {
  const out: FunctionView[] = [];
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams({ limit: "500" });
    if (accountId !== undefined) q.set("accountId", accountId);
    if (cursor !== null) q.set("cursor", cursor);
    const page: { items: FunctionView[]; nextCursor: string | null } = await api(
      server,
      apiKey,
      "GET",
      `/v1/functions?${q.toString()}`,
    );
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

/** Open findings of a resource by severity (first 500). */
export async function openFindingCounts(
  server: string,
  apiKey: string,
  resourceId: string,
): Promise<{ total: number; bySeverity: Record<string, number> }> {
  const page: { items: { severity: string }[] } = await api(
    server,
    apiKey,
    "GET",
    `/v1/findings?resourceId=${encodeURIComponent(resourceId)}&limit=500`,
  );
  const bySeverity: Record<string, number> = {};
  for (const f of page.items) bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  return { total: page.items.length, bySeverity };
}
