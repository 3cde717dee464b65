/**
 * Source lines for Terraform: hcl2json (the real HCL parser) gives values but no positions, so this
 * scanner walks the same text for block structure only (block headers, attribute names, nested blocks)
 * and maps each JSON path back to a line by block address: `resource.aws_security_group.web`, then
 * `ingress[1].cidr_blocks` is the second `ingress` block's `cidr_blocks` line. It runs only on files
 * hcl2json accepted, so it can be lenient: strings (with `${}`/`%{}` nesting), heredocs and comments are
 * skipped, and an attribute's expression is skipped to the end of its line at bracket depth zero.
 */

export interface HclBlock {
  type: string;
  labels: string[];
  line: number;
  attributes: Map<string, number>;
  blocks: HclBlock[];
}

type Tok =
  | { t: "ident"; v: string; line: number }
  | { t: "string"; v: string; line: number }
  | { t: "open"; v: string; line: number }
  | { t: "close"; v: string; line: number }
  | { t: "eq"; line: number }
  | { t: "nl"; line: number }
  | { t: "other"; line: number };

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let line = 1;
  const n = src.length;
  const readString = (): string => {
    // at opening quote
    i++;
    let out = "";
    while (i < n) {
      const c = src[i]!;
      if (c === "\\") {
        out += src.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (c === '"') {
        i++;
        return out;
      }
      if ((c === "$" || c === "%") && src[i + 1] === "{") {
        const start = i;
        i += 2;
        skipTemplate();
        out += src.slice(start, i);
        continue;
      }
      if (c === "\n") {
        line++;
      }
      out += c;
      i++;
    }
    return out;
  };
  const skipTemplate = () => {
    let depth = 1;
    while (i < n && depth > 0) {
      const c = src[i]!;
      if (c === '"') {
        readString();
        continue;
      }
      if (c === "{") depth++;
      else if (c === "}") depth--;
      else if (c === "\n") line++;
      i++;
    }
  };
  while (i < n) {
    const c = src[i]!;
    if (c === "\n") {
      toks.push({ t: "nl", line });
      line++;
      i++;
    } else if (c === " " || c === "\t" || c === "\r") {
      i++;
    } else if (c === "#" || (c === "/" && src[i + 1] === "/")) {
      while (i < n && src[i] !== "\n") i++;
    } else if (c === "/" && src[i + 1] === "*") {
      i += 2;
      while (i < n && !(src[i] === "*" && src[i + 1] === "/")) {
        if (src[i] === "\n") line++;
        i++;
      }
      i += 2;
    } else if (c === '"') {
      const l = line;
      toks.push({ t: "string", v: readString(), line: l });
    } else if (c === "<" && src[i + 1] === "<" && /[-A-Za-z_]/.test(src[i + 2] ?? "")) {
      const m = /^<<-?([A-Za-z_][\w-]*)/.exec(src.slice(i, i + 100));
      if (!m) {
        i++;
        continue;
      }
      const marker = m[1]!;
      toks.push({ t: "other", line });
      i += m[0].length;
      // Skip to the line that holds only the marker.
      while (i < n) {
        const nl = src.indexOf("\n", i);
        if (nl < 0) {
          i = n;
          break;
        }
        line++;
        i = nl + 1;
        const end = src.indexOf("\n", i);
        const text = src.slice(i, end < 0 ? n : end).trim();
        if (text === marker) {
          i = end < 0 ? n : end;
          break;
        }
      }
    } else if (c === "{" || c === "[" || c === "(") {
      toks.push({ t: "open", v: c, line });
      i++;
    } else if (c === "}" || c === "]" || c === ")") {
      toks.push({ t: "close", v: c, line });
      i++;
    } else if (c === "=" && src[i + 1] !== "=" && src[i + 1] !== ">" && !"!<>=".includes(src[i - 1] ?? "")) {
      toks.push({ t: "eq", line });
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w-]*/.exec(src.slice(i, i + 200))!;
      toks.push({ t: "ident", v: m[0], line });
      i += m[0].length;
    } else {
      toks.push({ t: "other", line });
      i++;
    }
  }
  return toks;
}

/** The file's top-level blocks (with their nested blocks and attribute lines). */
export function locateHcl(src: string): HclBlock[] {
  const toks = tokenize(src);
  let p = 0;
  const skipExpression = () => {
    let depth = 0;
    while (p < toks.length) {
      const t = toks[p]!;
      if (t.t === "open") depth++;
      else if (t.t === "close") {
        if (depth === 0) return; // the enclosing block's closing brace
        depth--;
      } else if (t.t === "nl" && depth === 0) return;
      p++;
    }
  };
  const body = (into: HclBlock): void => {
    while (p < toks.length) {
      const t = toks[p]!;
      if (t.t === "nl") {
        p++;
        continue;
      }
      if (t.t === "close") {
        p++;
        return;
      }
      if (t.t === "ident") {
        const next = toks[p + 1];
        if (next?.t === "eq") {
          into.attributes.set(t.v, t.line);
          p += 2;
          skipExpression();
          continue;
        }
        // Block header: ident, labels (strings or idents), then `{`.
        let q = p + 1;
        const labels: string[] = [];
        while (toks[q] && (toks[q]!.t === "string" || toks[q]!.t === "ident")) {
          labels.push((toks[q] as { v: string }).v);
          q++;
        }
        const open = toks[q];
        if (open?.t === "open" && open.v === "{") {
          const block: HclBlock = { type: t.v, labels, line: t.line, attributes: new Map(), blocks: [] };
          into.blocks.push(block);
          p = q + 1;
          body(block);
          continue;
        }
      }
      // Anything else: skip the line.
      skipExpression();
      if (toks[p]?.t === "close") {
        p++;
        return;
      }
    }
  };
  const root: HclBlock = { type: "", labels: [], line: 1, attributes: new Map(), blocks: [] };
  body(root);
  return root.blocks;
}

/** Lines of a block's attributes and nested blocks as JSON paths (hcl2json's shape: blocks as lists). */
export function blockLines(
  block: HclBlock,
  prefix = "",
  out = new Map<string, number>(),
): Map<string, number> {
  const join = (name: string) => (prefix === "" ? name : `${prefix}.${name}`);
  for (const [name, line] of block.attributes) out.set(join(name), line);
  const byType = new Map<string, HclBlock[]>();
  for (const b of block.blocks) {
    const key = b.type === "dynamic" && b.labels[0] ? `dynamic.${b.labels[0]}` : b.type;
    byType.set(key, [...(byType.get(key) ?? []), b]);
  }
  for (const [type, blocks] of byType) {
    if (!out.has(join(type))) out.set(join(type), blocks[0]!.line);
    blocks.forEach((b, i) => {
      out.set(`${join(type)}[${i}]`, b.line);
      blockLines(b, `${join(type)}[${i}]`, out);
    });
  }
  return out;
}
