/**
 * Kubernetes manifests (multi-document YAML, `List` objects expanded). Every object that carries a pod
 * spec (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob,
 * PodTemplate) gives a `Workload` resource (value: `kind`, `metadata`, `pod` = the pod spec) and one
 * `Container` resource per container, init container and ephemeral container (value: `container`,
 * `pod`, `imageRef`, and `effective`: the security context fields the container's own context overrides
 * from the pod's, as the kubelet merges them).
 */
import { parseImageRef } from "../image-ref.js";
import { formatPath, isRecord, OPEN, type Resource, type Segment, Unknown } from "../model.js";
import { TEMPLATE_TOKEN, type YamlDoc } from "../yaml-tree.js";

/** Where the pod spec sits in each workload kind. */
const POD_SPEC: Record<string, Segment[]> = {
  Pod: ["spec"],
  PodTemplate: ["template", "spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

/** Pod-level security context fields that a container's own security context overrides. */
const INHERITED = [
  "runAsUser",
  "runAsGroup",
  "runAsNonRoot",
  "seLinuxOptions",
  "seccompProfile",
  "appArmorProfile",
];

export function isKubernetesObject(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && typeof v.apiVersion === "string" && typeof v.kind === "string";
}

function get(value: unknown, path: readonly Segment[]): unknown {
  let cur = value;
  for (const s of path) {
    if (cur instanceof Unknown) return cur;
    if (typeof s === "number") cur = Array.isArray(cur) ? cur[s] : undefined;
    else cur = isRecord(cur) ? cur[s] : undefined;
  }
  return cur;
}

/** Strings holding a Helm template expression are unknown. */
function unknownTemplates(v: unknown): unknown {
  if (typeof v === "string") return v.includes(TEMPLATE_TOKEN) ? new Unknown(v) : v;
  if (Array.isArray(v)) return v.map(unknownTemplates);
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = unknownTemplates(x);
    if ((v as Record<symbol, unknown>)[OPEN]) (out as Record<symbol, unknown>)[OPEN] = true;
    return out;
  }
  return v;
}

export function kubernetesResources(docs: readonly YamlDoc[]): Resource[] {
  const out: Resource[] = [];
  for (const doc of docs) {
    const root = unknownTemplates(doc.value);
    if (!isKubernetesObject(root)) continue;
    if (root.kind === "List" && Array.isArray(root.items)) {
      root.items.forEach((item, i) => {
        if (isKubernetesObject(item)) objectResources(item, ["items", i], doc, out);
      });
    } else {
      objectResources(root, [], doc, out);
    }
  }
  return out;
}

function objectResources(obj: Record<string, unknown>, base: Segment[], doc: YamlDoc, out: Resource[]): void {
  const kind = String(obj.kind);
  const specPath = POD_SPEC[kind];
  if (!specPath) return;
  const pod = get(obj, specPath);
  if (!isRecord(pod)) return;
  const metadata = isRecord(obj.metadata) ? obj.metadata : {};
  const name =
    typeof metadata.name === "string"
      ? metadata.name
      : metadata.name instanceof Unknown
        ? "(templated)"
        : "(unnamed)";
  const namespace = typeof metadata.namespace === "string" ? metadata.namespace : "default";
  const address = `${kind}/${namespace}/${name}`;
  const objLine =
    doc.lines.get(formatPath([...base, "apiVersion"])) ?? doc.lines.get(formatPath(base)) ?? doc.line;

  /** Lines of the subtree at `from` (document path), re-rooted at `to` (resource path). */
  const remap = (lines: Map<string, number>, from: Segment[], to: Segment[]) => {
    const prefix = formatPath(from);
    for (const [p, line] of doc.lines) {
      if (p === prefix || p.startsWith(`${prefix}.`) || p.startsWith(`${prefix}[`)) {
        const rest = p.slice(prefix.length);
        const target = formatPath(to);
        lines.set(target === "" ? rest.replace(/^\./, "") : target + rest, line);
      }
    }
  };

  const podPath = [...base, ...specPath];
  const workloadLines = new Map<string, number>();
  remap(workloadLines, podPath, ["pod"]);
  remap(workloadLines, [...base, "metadata"], ["metadata"]);
  out.push({
    kind: "kubernetes",
    type: "Workload",
    address,
    line: objLine,
    value: { kind, metadata, pod },
    lines: workloadLines,
  });

  for (const field of ["initContainers", "containers", "ephemeralContainers"]) {
    const list = pod[field];
    if (!Array.isArray(list)) continue;
    list.forEach((container, i) => {
      if (!isRecord(container)) return;
      const cname = typeof container.name === "string" ? container.name : String(i);
      const lines = new Map<string, number>();
      const cpath = [...podPath, field, i];
      remap(lines, cpath, ["container"]);
      remap(lines, podPath, ["pod"]);
      const podSc = isRecord(pod.securityContext) ? pod.securityContext : {};
      const ownSc = isRecord(container.securityContext) ? container.securityContext : {};
      const effective: Record<string, unknown> = {};
      for (const f of INHERITED) {
        if (f in ownSc) {
          effective[f] = ownSc[f];
          const l = lines.get(`container.securityContext.${f}`);
          if (l !== undefined) lines.set(`effective.${f}`, l);
        } else if (f in podSc) {
          effective[f] = podSc[f];
          const l = lines.get(`pod.securityContext.${f}`);
          if (l !== undefined) lines.set(`effective.${f}`, l);
        }
      }
      if ((podSc as Record<symbol, unknown>)[OPEN] || (ownSc as Record<symbol, unknown>)[OPEN]) {
        (effective as Record<symbol, unknown>)[OPEN] = true;
      }
      const value: Record<string, unknown> = { container, pod, effective };
      if (typeof container.image === "string") {
        value.imageRef = parseImageRef(container.image);
        const l = lines.get("container.image");
        if (l !== undefined) for (const k of ["imageRef", "imageRef.tag", "imageRef.digest"]) lines.set(k, l);
      } else if (container.image instanceof Unknown) {
        value.imageRef = container.image;
      }
      const line = doc.lines.get(formatPath(cpath)) ?? objLine;
      const role =
        field === "containers"
          ? "container"
          : field === "initContainers"
            ? "init container"
            : "ephemeral container";
      out.push({
        kind: "kubernetes",
        type: "Container",
        address: `${address} ${role} ${cname}`,
        line,
        value,
        lines,
      });
    });
  }
}
