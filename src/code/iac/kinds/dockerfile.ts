/**
 * Dockerfiles, read with `dockerfile-ast` (the parser behind the Docker language server). Resources:
 * - `stage`: one per FROM, with its image split into name/tag/digest, whether it is the final stage and
 *   the user it runs as (its last USER, else the USER of the stage it is built FROM);
 * - `instruction`: every instruction, with its flags (`checksum=sha256:...`), RUN's command (continuations
 *   joined) and ADD/COPY sources;
 * - `variable`: every name an ENV or ARG sets.
 */
import {
  DockerfileParser,
  type Instruction,
  ModifiableInstruction,
  type Property,
  PropertyInstruction,
} from "dockerfile-ast";
import { parseImageRef } from "../image-ref.js";
import type { Resource } from "../model.js";

const BASENAME = /^(?:Dockerfile|Containerfile)(?:\..+)?$|\.(?:dockerfile|containerfile)$|\.Dockerfile$/i;

export function isDockerfile(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1);
  return BASENAME.test(base);
}

interface Stage {
  resource: Resource;
  name: string | undefined;
  user: { value: string; line: number } | undefined;
}

export function dockerfileResources(text: string): Resource[] {
  const df = DockerfileParser.parse(text);
  const out: Resource[] = [];
  const stages: Stage[] = [];
  let current: Stage | undefined;
  const counts = new Map<string, number>();

  const stageLabel = (s: Stage | undefined) =>
    s === undefined ? "global" : `stage ${s.name ?? String(stages.indexOf(s))}`;

  for (const ins of df.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    const line = ins.getRange().start.line + 1;
    const args = ins.getArgumentsContent() ?? "";
    if (keyword === "FROM") {
      const words = ins.getArguments().map((a) => a.getValue());
      const image = words.find((w) => !w.startsWith("--")) ?? "";
      const asIndex = words.findIndex((w) => w.toLowerCase() === "as");
      const name = asIndex >= 0 ? words[asIndex + 1] : undefined;
      const parent = stages.find((s) => s.name !== undefined && s.name.toLowerCase() === image.toLowerCase());
      const ref = parseImageRef(image);
      const value: Record<string, unknown> = {
        image,
        imageRef: ref,
        fromStage: parent !== undefined,
        scratch: image.toLowerCase() === "scratch",
        variable: image.includes("$"),
        final: false,
      };
      if (name !== undefined) value.name = name;
      const stage: Stage = {
        name,
        user: parent?.user,
        resource: {
          kind: "dockerfile",
          type: "stage",
          address: "",
          line,
          value,
          lines: new Map([
            ["image", line],
            ["imageRef", line],
            ["imageRef.name", line],
            ["imageRef.tag", line],
            ["imageRef.digest", line],
          ]),
        },
      };
      stages.push(stage);
      stage.resource.address = `${stageLabel(stage)} (FROM ${image})`;
      stage.resource.id = stageLabel(stage);
      current = stage;
      out.push(stage.resource);
      continue;
    }
    if (keyword === "USER" && current) current.user = { value: args.trim(), line };

    const label = stageLabel(current);
    const normalized = `${keyword} ${args.replace(/\s+/g, " ").trim()}`.slice(0, 200);
    const seen = (counts.get(`${label}|${normalized}`) ?? 0) + 1;
    counts.set(`${label}|${normalized}`, seen);
    const value: Record<string, unknown> = { keyword, arguments: args };
    if (ins instanceof ModifiableInstruction) {
      value.flags = ins
        .getFlags()
        .map((f) => (f.getValue() === null ? f.getName() : `${f.getName()}=${f.getValue()}`));
    }
    if (keyword === "RUN") value.command = args;
    if (keyword === "ADD" || keyword === "COPY") {
      const words = ins
        .getArguments()
        .map((a) => a.getValue())
        .filter((w) => !w.startsWith("--"));
      value.sources = words.slice(0, -1);
    }
    out.push({
      kind: "dockerfile",
      type: "instruction",
      address: `${label} ${keyword}`,
      id: `${label} ${normalized}${seen > 1 ? ` #${seen}` : ""}`,
      line,
      value,
      lines: new Map(),
    });
    if (keyword === "ENV" || keyword === "ARG") {
      for (const prop of properties(ins)) {
        const name = prop.getName();
        const literal = prop.getValue() ?? "";
        out.push({
          kind: "dockerfile",
          type: "variable",
          address: `${label} ${keyword} ${name}`,
          line: prop.getRange().start.line + 1,
          value: { keyword, name, value: prop.getValue() ?? null },
          ...(literal.length >= 3 ? { redact: [literal] } : {}),
          lines: new Map(),
        });
      }
    }
  }
  const last = stages.at(-1);
  if (last) last.resource.value.final = true;
  for (const s of stages) {
    if (s.user) {
      s.resource.value.user = s.user.value;
      s.resource.lines.set("user", s.user.line);
    }
  }
  return out;
}

function properties(ins: Instruction): Property[] {
  return ins instanceof PropertyInstruction ? ins.getProperties() : [];
}
