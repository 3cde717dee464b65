/** The Vigil API as the dashboard uses it: the key from sessionStorage, JSON in and out, errors as ApiError. */

export type Severity = "CRITICAL" | "HIGH" | "MEDIUM" | "LOW" | "INFORMATIONAL" | "UNTRIAGED";
export const SEVERITIES: Severity[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNTRIAGED"];
export type ResourceType = "host" | "image" | "function" | "repository";
export const RESOURCE_TYPES: ResourceType[] = ["host", "image", "function", "repository"];
export const FINDING_TYPES = [
  "PACKAGE_VULNERABILITY",
  "NETWORK_REACHABILITY",
  "CODE_VULNERABILITY",
  "END_OF_LIFE",
] as const;

export interface Account {
  id: string;
  name: string;
  createdAt: string;
}
export interface Organization {
  id: string;
  name: string;
  managementAccountId: string;
  delegatedAdminAccountId: string | null;
  roles: ("MANAGEMENT" | "DELEGATED_ADMIN" | "MEMBER")[];
}
export interface Member {
  accountId: string;
  name: string;
  associatedAt: string;
}

export interface Finding {
  id: string;
  resourceId: string;
  accountId: string;
  resourceType: ResourceType;
  type: (typeof FINDING_TYPES)[number];
  vulnerabilityId: string;
  aliases: string[];
  title: string;
  description?: string;
  package?: {
    name: string;
    version: string;
    ecosystem: string;
    purl: string;
    source?: { name: string; version: string };
    locations: string[];
    layer?: string;
  };
  fixedVersions: string[];
  fixAvailable: "YES" | "NO" | "PARTIAL";
  remediation: string;
  cvss: { version: string; vector: string; baseScore: number; source: string; kind?: string }[];
  epss?: { score: number; percentile: number; date: string };
  kev?: { dateAdded: string; dueDate?: string; knownRansomwareCampaignUse?: string };
  references: { type: string; url: string }[];
  eol?: { product: string; cycle: string; date: string };
  severity: Severity;
  risk: {
    score: number;
    severity: Severity;
    breakdown: { factor: string; description: string; delta: number; score: number }[];
  };
  status: "ACTIVE" | "SUPPRESSED" | "CLOSED";
  statusReason: string | null;
  firstObservedAt: string;
  lastObservedAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface Resource {
  id: string;
  accountId: string;
  type: ResourceType;
  name: string;
  tags: Record<string, string>;
  coverage: { status: "SCANNING" | "NOT_SCANNING"; reason: string | null; detail: string | null };
  pushedAt: string | null;
  inventoryAt: string | null;
  lastScannedAt: string | null;
  createdAt: string;
  updatedAt: string;
  lastAgentSeenAt?: string | null;
  collector?: { kind: "agent" | "agentless" | "ci"; version?: string; kernel?: string } | null;
  /** Hosts: who scans it now (agent or agentless SSH); null/absent when neither does. */
  scanMode?: "AGENT" | "AGENTLESS" | null;
}

/** A deployed function (`GET /v1/functions`): its latest version. */
export interface DeployedFunction {
  name: string;
  accountId: string;
  version: number;
  runtime: string;
  deployedAt: string;
  resource: { id: string };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AggregationGroup {
  key: string;
  label?: Record<string, string>;
  total: number;
  counts: Record<Severity, number>;
  /** by=vulnerability: its title, CISA KEV entry and EPSS score. */
  vulnerability?: Pick<Finding, "title" | "kev" | "epss">;
}

export interface Coverage {
  total: number;
  scanning: number;
  notScanning: number;
  byType: Record<string, { scanning: number; notScanning: number }>;
  byReason: Record<string, { total: number; byType: Record<string, number> }>;
}

export interface ExportJob {
  id: string;
  kind: "findings-report" | "sbom-export";
  format: string;
  status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";
  error: string | null;
  createdAt: string;
  updatedAt: string;
  downloadPath: string | null;
}

export interface SuppressionRule {
  id: string;
  accountId: string;
  name: string;
  reason: string;
  action: "suppress";
  filters: Record<string, unknown>;
  createdAt: string;
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
