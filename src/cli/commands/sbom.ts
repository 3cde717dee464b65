import { writeFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { sourceOptions, type TargetCliOptions, targetOptions } from "./target-options.js";

const FORMATS = ["cyclonedx-json", "spdx-json", "json"] as const;

/** `vigil sbom <target>`: the pipeline up to the inventory, written as an SBOM. */
export function registerSbomCommand(program: Command): void {
  const cmd = program
    .command("sbom")
    .description(
      "list every OS and language package of a target as an SBOM (CycloneDX 1.6, SPDX 2.3 or Vigil's JSON)",
    )
    .argument(
      "<target>",
      "path or image reference (prefix with dir:, docker-archive:, oci:, registry:, zip: or sbom: to force the kind)",
    )
    .addOption(
      new Option("-f, --format <format>", "output format").choices(FORMATS).default("cyclonedx-json"),
    )
    .option("-o, --output <file>", "write to a file instead of standard output");
  targetOptions(cmd);
  cmd.action(
    async (
      target: string,
      opts: TargetCliOptions & { format: (typeof FORMATS)[number]; output?: string },
    ) => {
      const { inventory } = await import("../../inventory/index.js");
      const inv = await inventory(target, sourceOptions(opts));
      const text =
        opts.format === "spdx-json"
          ? (await import("../../formats/spdx.js")).inventoryToSpdxJson(inv)
          : opts.format === "json"
            ? `${JSON.stringify(inv, null, 2)}\n`
            : (await import("../../formats/cyclonedx.js")).inventoryToCycloneDx(inv);
      if (opts.output) writeFileSync(opts.output, text);
      else process.stdout.write(text);
      for (const p of inv.problems) process.stderr.write(`vigil: ${p.path} (${p.by}): ${p.message}\n`);
    },
  );
}
