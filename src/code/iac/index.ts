/**
 * The infrastructure-as-code analyzer: Dockerfiles, Kubernetes manifests (and Helm templates read as
 * YAML), Terraform HCL, CloudFormation (YAML/JSON) and Compose files, each on its own parser, checked by
 * the data-driven checks under `checks/<kind>/<name>/check.yaml`.
 */
import { fileURLToPath } from "node:url";
import type { CodeMatch, CodeRule } from "../../model/code.js";
import type { Analyzer, SourceFile } from "../analyzer.js";
import { type Check, loadChecks, toCodeRule } from "./check.js";
import { runChecks } from "./engine.js";
import { cloudFormationResources, looksLikeCloudFormation } from "./kinds/cloudformation.js";
import { composeResources, isComposeName, looksLikeCompose } from "./kinds/compose.js";
import { dockerfileResources, isDockerfile } from "./kinds/dockerfile.js";
import { helmToYaml, isHelmTemplate } from "./kinds/helm.js";
import { isKubernetesObject, kubernetesResources } from "./kinds/kubernetes.js";
import { terraformResources } from "./kinds/terraform.js";
import type { Resource } from "./model.js";
import { parseYaml, type YamlDoc } from "./yaml-tree.js";

/** Larger files are not configuration anyone writes by hand. */
const MAX_BYTES = 4 * 1024 * 1024;

export const DEFAULT_CHECKS_DIR = fileURLToPath(new URL("./checks/", import.meta.url));

function extension(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  const dot = base.lastIndexOf(".");
  return dot < 0 ? "" : base.slice(dot + 1);
}

/** The resources of one file, by kind; throws with a reason a person can act on when it does not parse. */
export async function iacResources(path: string, text: string): Promise<Resource[]> {
  if (isDockerfile(path)) return dockerfileResources(text);
  const ext = extension(path);
  if (ext === "tf") {
    try {
      return await terraformResources(path, text);
    } catch (e) {
      throw new Error(`not valid Terraform HCL: ${firstLine(e)}`);
    }
  }
  if (ext === "json" || ext === "template") {
    // Most JSON in a tree is not infrastructure; read only what can be.
    if (!/AWSTemplateFormatVersion|"AWS::|"apiVersion"/.test(text)) return [];
  }
  const helm = isHelmTemplate(path, text);
  const parsed = parseYaml(helm ? helmToYaml(text) : text, { uniqueKeys: !helm });
  if (parsed.error) {
    throw new Error(
      helm ? `Helm template not readable as YAML (${parsed.error})` : `not valid YAML/JSON (${parsed.error})`,
    );
  }
  const k8s: YamlDoc[] = [];
  const out: Resource[] = [];
  for (const doc of parsed.docs) {
    if (looksLikeCloudFormation(doc.value)) out.push(...cloudFormationResources(doc));
    else if (isKubernetesObject(doc.value)) k8s.push(doc);
    else if (isComposeName(path) || looksLikeCompose(doc.value)) out.push(...composeResources(doc));
  }
  out.push(...kubernetesResources(k8s));
  return out;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
}

export function createIacAnalyzer(checks: readonly Check[]): Analyzer {
  const rules: CodeRule[] = checks.map(toCodeRule);
  return {
    scanner: "iac",
    rules: () => rules,
    wants(path: string, size: number): boolean {
      if (size > MAX_BYTES) return false;
      if (isDockerfile(path)) return true;
      return ["tf", "yaml", "yml", "json", "template"].includes(extension(path));
    },
    async analyze(file: SourceFile, warn: (message: string) => void): Promise<CodeMatch[]> {
      let text: string;
      let resources: Resource[];
      try {
        text = file.text();
        resources = await iacResources(file.path, text);
      } catch (e) {
        warn(
          `${file.path}: ${firstLine(e)}; infrastructure checks skipped this file (fix it or ignore the path)`,
        );
        return [];
      }
      if (resources.length === 0) return [];
      return runChecks(checks, resources, file.path, text.split("\n"));
    },
  };
}

/** The IaC analyzer with every check shipped in `checks/`. Throws CheckFileError if a check file is invalid. */
export async function loadIacAnalyzer(options: { checksDir?: string } = {}): Promise<Analyzer> {
  return createIacAnalyzer(loadChecks(options.checksDir ?? DEFAULT_CHECKS_DIR));
}
