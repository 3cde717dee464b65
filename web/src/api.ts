/** The Vigil API as the dashboard uses it: the key from sessionStorage, JSON in and out, errors as ApiError. */

import type { components, operations } from "./api-types";

// The API's types come from web/src/api-types.ts, generated from /openapi.json (`npm run gen:api`):
// the dashboard never restates them. Only the names the pages use are given here.
type Schemas = components["schemas"];
/** The JSON body of an operation's 200 response. */
type Ok<Op> = Op extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;

export type Finding = Schemas["Finding"];
export type Resource = Schemas["Resource"];
export type Account = Schemas["Account"];
export type Organization = Schemas["Organization"];
export type Member = Schemas["Member"];
/** A deployed function (`GET /v1/functions`): its latest version. */
export type DeployedFunction = Schemas["Function"];
export type Coverage = Schemas["CoverageSummary"];
export type ExportJob = Schemas["Export"];
export type SuppressionRule = Schemas["SuppressionRule"];
export type AggregationGroup = Ok<operations["getV1FindingsAggregations"]>["groups"][number];

export type Severity = Finding["severity"];
export type ResourceType = Resource["type"];

/** Every member of a union, once each: a list that misses one does not compile. */
const every =
  <T>() =>
  <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : never)): L =>
    list;

export const SEVERITIES = every<Severity>()([
  "CRITICAL",
  "HIGH",
  "MEDIUM",
  "LOW",
  "INFORMATIONAL",
  "UNTRIAGED",
]) as readonly Severity[];
export const RESOURCE_TYPES = every<ResourceType>()([
  "host",
  "image",
  "function",
  "repository",
]) as readonly ResourceType[];
export const FINDING_TYPES = every<Finding["type"]>()([
  "PACKAGE_VULNERABILITY",
  "NETWORK_REACHABILITY",
  "CODE_VULNERABILITY",
  "END_OF_LIFE",
]);

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const KEY = "vigil.apiKey";

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}
export function storeKey(key: string | null): void {
  if (key === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, key);
}

async function request(method: string, path: string, body?: unknown, key = storedKey()): Promise<Response> {
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, "NETWORK", "The Vigil server cannot be reached. Is it running?");
  }
  if (!res.ok) {
    let code = "HTTP_ERROR";
    let message = `${method} ${path}: HTTP ${res.status}`;
    try {
      const e = (await res.json()) as { error?: { code?: string; message?: string } };
      code = e.error?.code ?? code;
      message = e.error?.message ?? message;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(res.status, code, message);
  }
  return res;
}

export async function api<T>(method: string, path: string, body?: unknown, key?: string): Promise<T> {
  const res = await request(method, path, body, key);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string) => api<T>("GET", path);

/** Query string from defined, non-empty values (arrays comma-joined). */
export function qs(params: Record<string, string | number | string[] | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v)) {
      if (v.length > 0) p.set(k, v.join(","));
    } else p.set(k, String(v));
  }
  const s = p.toString();
  return s === "" ? "" : `?${s}`;
}

/** Fetches an authenticated file and hands it to the browser as a download. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await request("GET", path);
  const cd = res.headers.get("content-disposition") ?? "";
  const name = /filename="([^"]+)"/.exec(cd)?.[1] ?? fallbackName;
  const blob = await res.blob();
  saveBlob(blob, name);
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Polls an export until it finishes. */
export async function waitForExport(
  path: string,
  onUpdate: (e: ExportJob) => void,
  signal?: AbortSignal,
): Promise<ExportJob> {
  for (let delay = 300; ; delay = Math.min(delay * 1.5, 3000)) {
    const e = await get<ExportJob>(path);
    onUpdate(e);
    if (e.status === "SUCCEEDED" || e.status === "FAILED") return e;
    if (signal?.aborted) return e;
    await new Promise((r) => setTimeout(r, delay));
  }
}
