import type { InventoryProblem, Layer, Target, TargetKind } from "../model/inventory.js";
import type { Limits } from "./limits.js";
import type { RegistryFetch } from "./registry-client.js";

/** The kind of one entry in a file tree (a layer tar, a directory, a zip). */
export type EntryType = "file" | "dir" | "symlink" | "hardlink" | "other";

/**
 * One entry of a file tree as a source streams it. `path` is already checked and normalised by the source
 * (POSIX, relative, no "..", no leading "/"): see safePath in limits.ts.
 */
export interface TreeEntry {
  path: string;
  type: EntryType;
  size: number;
  mode: number;
  /** symlink: the raw link text; hardlink: the normalised path of the entry it links to. */
  linkTarget?: string;
  /**
   * The content of a "file" entry. Streaming sources (tars) allow this once, and only until the
   * visitor's promise for this entry settles.
   */
  content(): AsyncIterable<Buffer>;
  /** Sources whose files stay readable (directories, zips): read the content later, on demand. */
  reread?: () => Promise<Buffer>;
}

/** Receives the entries of one layer, in archive order. */
export type LayerVisitor = (entry: TreeEntry) => Promise<void>;

/**
 * Receives the layers of a target. Streaming sources visit each layer as its bytes go by, which may
 * not be the stacking order (a `docker save` tar stores its manifest last); the order comes in the
 * walk's result.
 */
export type TreeVisitor = (layerKey: string) => LayerVisitor;

/** What a walk learnt about its target, known once every layer was read. */
export interface WalkResult {
  target: Target;
  /**
   * Layers bottom to top: the key each was visited under and its description. Sources without layers
   * (a directory) report one layer whose digest is "".
   */
  layers: { key: string; layer: Layer }[];
  /** Parts of the tree the source could not read (a directory it may not list); the scan went on. */
  problems?: InventoryProblem[];
}

/** A way to read one target's file tree: a directory, an image archive, a registry image, a zip. */
export interface Source {
  readonly kind: TargetKind;
  readonly ref: string;
  /** Streams every layer once. Rejects with an InputError on malformed or hostile input. */
  walk(visit: TreeVisitor): Promise<WalkResult>;
}

/** Registry credentials (basic auth, or exchanged for a bearer token when the registry asks). */
export interface RegistryCredentials {
  username: string;
  password: string;
}

/** Options every source understands. */
export interface SourceOptions {
  /** Safety caps; defaults in DEFAULT_LIMITS. */
  limits?: Partial<Limits>;
  /** Image platform to choose from a manifest list / OCI index, "os/arch[/variant]" (default linux/amd64). */
  platform?: string;
  /** Registry credentials. */
  credentials?: RegistryCredentials;
  /** Talk plain HTTP to the registry (always on for localhost / 127.0.0.1 / [::1]). */
  insecureRegistry?: boolean;
  /** Send registry credentials to a bearer token realm on another origin than the registry (default off). */
  allowCrossOriginRealm?: boolean;
  /** How registry requests are made (default global fetch): the hook of an outbound address policy. */
  registryFetch?: RegistryFetch;
  /** Zip targets: Lambda-style layer zips, mounted under "opt/" above the function package. */
  zipLayers?: string[];
}
