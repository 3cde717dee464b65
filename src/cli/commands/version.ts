import type { Command } from "commander";
import { compareVersions, knownEcosystems, sortVersions } from "../../versions/index.js";

/** `vigil version compare|sort|ecosystems`: the version layer from the command line, for checking a comparison by hand. */
export function registerVersionCommands(program: Command): void {
  const version = program
    .command("version")
    .description("compare and sort versions the way the matcher does");
  version
    .command("compare")
    .description(
      "print <, = or > for two versions of an ecosystem (e.g. vigil version compare Debian:12 1.0-1 1:0.9)",
    )
    .argument("<ecosystem>", "OSV ecosystem name: Debian:12, Alpine:v3.20, npm, PyPI, Maven, Go, ...")
    .argument("<a>", "first version")
    .argument("<b>", "second version")
    .action((ecosystem: string, a: string, b: string) => {
      const c = compareVersions(ecosystem, a, b);
      process.stdout.write(`${a} ${c < 0 ? "<" : c > 0 ? ">" : "="} ${b}\n`);
    });
  version
    .command("sort")
    .description("sort versions of an ecosystem, lowest first")
    .argument("<ecosystem>", "OSV ecosystem name")
    .argument("<versions...>", "versions to sort")
    .action((ecosystem: string, versions: string[]) => {
      process.stdout.write(`${sortVersions(ecosystem, versions).join("\n")}\n`);
    });
  version
    .command("ecosystems")
    .description("list the ecosystems and the version scheme each uses")
    .action(() => {
      for (const [eco, scheme] of knownEcosystems()) process.stdout.write(`${eco}\t${scheme}\n`);
    });
}
