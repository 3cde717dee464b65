/** The tables of registry connections and their images (migration 0005), merged into ServiceSchema. */

declare module "./schema.js" {
  interface ServiceSchema {
    registries: RegistriesTable;
    registry_images: RegistryImagesTable;
  }
}

/** One registry connection of an account. */
export interface RegistriesTable {
  id: string;
  account_id: string;
  name: string;
  /** `http(s)://host[:port]`: the registry's base URL (no path). */
  url: string;
  username: string | null;
  /** The password sealed with the server's secret key (./secret-key.ts); never returned. */
  password_sealed: string | null;
  /** JSON array of repository names, or null: list `/v2/_catalog`. */
  repositories: string | null;
  /** JSON array of repository name filters (`*` wildcard). */
  inclusion_rules: string;
  poll_interval_minutes: number;
  /** Hex SHA-256 of the notification token (the token is shown once, at creation). */
  notification_token_hash: string;
  /** When the registry was last listed (discovery); null: never. */
  last_listed_at: string | null;
  /** Why the last listing failed, when it did. */
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** One image (manifest digest) of a registry repository; its resource is `resource_id`. */
export interface RegistryImagesTable {
  resource_id: string;
  registry_id: string;
  account_id: string;
  repository: string;
  digest: string;
  /** JSON array of the tags that point at the digest. */
  tags: string;
  pushed_at: string;
  last_pulled_at: string | null;
  /** Why the last fetch of the image failed, when it did. */
  last_scan_error: string | null;
  created_at: string;
  updated_at: string;
}
