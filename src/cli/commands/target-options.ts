import type { Command } from "commander";
import type { InventoryOptions } from "../../inventory/index.js";

export interface TargetCliOptions {
  platform?: string;
  username?: string;
  password?: string;
  insecureRegistry?: boolean;
  layer: string[];
}

/** Options every command that reads a target shares (scan, sbom). */
export function targetOptions(cmd: Command): Command {
  return cmd
    .option(
      "--platform <os/arch>",
      "image platform to pick from a multi-platform image (default linux/amd64)",
    )
    .option("--username <name>", "registry user name (or $VIGIL_REGISTRY_USERNAME)")
    .option("--password <secret>", "registry password or token (or $VIGIL_REGISTRY_PASSWORD)")
    .option("--insecure-registry", "talk plain HTTP to the registry")
    .option(
      "--layer <zip>",
      "zip targets: a function layer zip, mounted under /opt (repeatable)",
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    );
}

export function sourceOptions(opts: TargetCliOptions): InventoryOptions {
  const username = opts.username ?? process.env.VIGIL_REGISTRY_USERNAME;
  const password = opts.password ?? process.env.VIGIL_REGISTRY_PASSWORD;
  return {
    ...(opts.platform ? { platform: opts.platform } : {}),
    ...(username !== undefined && password !== undefined ? { credentials: { username, password } } : {}),
    ...(opts.insecureRegistry ? { insecureRegistry: true } : {}),
    ...(opts.layer.length > 0 ? { zipLayers: opts.layer } : {}),
  };
}
