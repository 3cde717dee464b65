import { InputError } from "../../../../errors.js";

/** An XML element: local name (namespace prefix dropped), child elements, concatenated text, start line. */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
  line: number;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(Number.parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? whole;
  });
}

/**
 * A small, strict XML reader for build manifests (pom.xml): elements, text, CDATA, comments, processing
 * instructions and a DOCTYPE without internal subset. Attributes are skipped. Throws an InputError naming
 * `source` and the line of the first problem (unclosed or mismatched tag, text outside the root).
 */
export function parseXml(source: string, text: string): XmlElement {
  let i = 0;
  let line = 1;
  const fail = (why: string): never => {
    throw new InputError(`${source} line ${line}`, why);
  };
  const advance = (to: number): void => {
    for (let k = i; k < to; k++) if (text.charCodeAt(k) === 10) line++;
    i = to;
  };
  const skipPast = (end: string, what: string): void => {
    const at = text.indexOf(end, i);
    if (at < 0) fail(`unterminated ${what}`);
    advance(at + end.length);
  };
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    if (stack.length > 0) stack[stack.length - 1]!.text += decode(chunk);
    else if (chunk.trim() !== "" && chunk.trim() !== "\uFEFF") fail("text outside the root element");
    advance(lt < 0 ? text.length : lt);
    if (lt < 0) break;
    if (text.startsWith("<!--", i)) skipPast("-->", "comment");
    else if (text.startsWith("<?", i)) skipPast("?>", "processing instruction");
    else if (text.startsWith("<![CDATA[", i)) {
      const end = text.indexOf("]]>", i);
      if (end < 0) fail("unterminated CDATA section");
      if (stack.length > 0) stack[stack.length - 1]!.text += text.slice(i + 9, end);
      advance(end + 3);
    } else if (text.startsWith("<!", i)) skipPast(">", "declaration");
    else if (text.startsWith("</", i)) {
      const end = text.indexOf(">", i);
      if (end < 0) fail("unterminated closing tag");
      const name = text.slice(i + 2, end).trim();
      const open = stack.pop();
      if (!open || localName(name) !== open.name) {
        fail(
          open ? `</${name}> closes <${open.name}> opened on line ${open.line}` : `</${name}> closes nothing`,
        );
      }
      advance(end + 1);
    } else {
      const m = /^<([A-Za-z_][\w.:-]*)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(
        text.slice(i, i + 64 * 1024),
      );
      if (!m) fail(`malformed tag ${JSON.stringify(text.slice(i, i + 40).split("\n")[0])}`);
      const el: XmlElement = { name: localName(m![1]!), children: [], text: "", line };
      if (stack.length > 0) stack[stack.length - 1]!.children.push(el);
      else if (root) fail("a second root element");
      else root = el;
      advance(i + m![0].length);
      if (m![3] !== "/") stack.push(el);
    }
  }
  if (stack.length > 0) {
    const open = stack[stack.length - 1]!;
    throw new InputError(`${source} line ${open.line}`, `<${open.name}> is never closed`);
  }
  if (!root) fail("no root element");
  return root!;
}

function localName(qname: string): string {
  return qname.slice(qname.indexOf(":") + 1);
}

/** The first child element with this name. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

/** The trimmed text of the first child with this name, or undefined when absent or empty. */
export function childText(el: XmlElement | undefined, name: string): string | undefined {
  const t = child(el, name)?.text.trim();
  return t === "" ? undefined : t;
}
