/**
 * Compose files (`docker-compose.yml`, `compose.yaml`, or any YAML whose top-level `services` maps names
 * to services with an `image` or `build`). One `service` resource per service; its value is the service
 * plus `imageRef` (the image split into name/tag/digest) and `volumeSources` (the host side of each volume,
 * short `src:dst[:mode]` or long `{source: ...}` syntax).
 */
import { parseImageRef } from "../image-ref.js";
import { formatPath, isRecord, type Resource } from "../model.js";
import type { YamlDoc } from "../yaml-tree.js";

export function isComposeName(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  return /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/.test(base);
}

export function looksLikeCompose(v: unknown): boolean {
  if (!isRecord(v) || !isRecord(v.services)) return false;
  const services = Object.values(v.services);
  return services.length > 0 && services.every((s) => isRecord(s) && ("image" in s || "build" in s));
}

export function composeResources(doc: YamlDoc): Resource[] {
  const out: Resource[] = [];
  if (!isRecord(doc.value) || !isRecord(doc.value.services)) return out;
  for (const [name, service] of Object.entries(doc.value.services)) {
    if (!isRecord(service)) continue;
    const prefix = formatPath(["services", name]);
    const lines = new Map<string, number>();
    for (const [p, line] of doc.lines) {
      if (p.startsWith(`${prefix}.`)) lines.set(p.slice(prefix.length + 1), line);
    }
    const value: Record<string, unknown> = { ...service };
    if (typeof service.image === "string") {
      value.imageRef = parseImageRef(service.image);
      const l = lines.get("image");
      if (l !== undefined) for (const k of ["imageRef", "imageRef.tag", "imageRef.digest"]) lines.set(k, l);
    }
    if (Array.isArray(service.volumes)) {
      value.volumeSources = service.volumes.map((v, i) => {
        const l = lines.get(`volumes[${i}]`);
        if (l !== undefined) lines.set(`volumeSources[${i}]`, l);
        if (typeof v === "string") return v.split(":")[0] ?? v;
        if (isRecord(v) && typeof v.source === "string") return v.source;
        return null;
      });
    }
    out.push({
      kind: "compose",
      type: "service",
      address: `service ${name}`,
      line: doc.lines.get(prefix) ?? doc.line,
      value,
      lines,
    });
  }
  return out;
}
