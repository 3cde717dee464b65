import { InputError } from "../errors.js";

/** A parsed image reference: registry host, repository, and a tag or a digest. */
export interface ImageRef {
  /** Host[:port] as the user wrote it ("docker.io" when none). */
  registry: string;
  /** Repository path ("library/debian" on Docker Hub for "debian"). */
  repository: string;
  tag?: string;
  digest?: string;
}

const REPO_PART = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/**
 * Parses "registry/repo:tag", "repo@sha256:...", "localhost:5000/team/app:1.2" the way docker does: the
 * first component is a registry when it has a "." or ":" or is "localhost"; otherwise Docker Hub, where
 * a one-component name lives under "library/". No tag and no digest means ":latest".
 * @throws InputError naming the reference
 */
export function parseImageRef(ref: string): ImageRef {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) {
      throw new InputError(ref, `digest ${JSON.stringify(digest)} is not sha256:<64 hex>`);
    }
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag))
      throw new InputError(ref, `tag ${JSON.stringify(tag)} is not a valid tag`);
  }
  const parts = rest.split("/");
  let registry = "docker.io";
  const first = parts[0] ?? "";
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    registry = first;
    parts.shift();
  }
  if (registry === "docker.io" && parts.length === 1) parts.unshift("library");
  for (const p of parts) {
    if (!REPO_PART.test(p)) {
      throw new InputError(
        ref,
        `${JSON.stringify(p)} is not a valid repository name component (lowercase, digits, . _ -)`,
      );
    }
  }
  const out: ImageRef = { registry, repository: parts.join("/") };
  if (digest !== undefined) out.digest = digest;
  if (tag !== undefined || digest === undefined) out.tag = tag ?? "latest";
  return out;
}

/** The reference as text: "registry/repo:tag@digest". */
export function formatImageRef(r: ImageRef): string {
  return `${r.registry}/${r.repository}${r.tag === undefined ? "" : `:${r.tag}`}${r.digest === undefined ? "" : `@${r.digest}`}`;
}
