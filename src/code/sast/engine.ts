/**
 * The SAST engine: one parse per file, every rule of the file's language over that one tree.
 *
 * Taint rules are answered backwards, on demand: the engine finds the sinks a rule names (calls, `new`,
 * assignments/object keys), and asks whether a sink's argument is tainted. An expression is tainted when
 * it is a source (`req.query`, `request.args`, `r.FormValue(..)`), or is built from a tainted part (string
 * concatenation, template literals, f-strings, `%`/`format`, `String.format`, `fmt.Sprintf`, any call not
 * known to clean its input), or is a variable whose reaching definition in its function is tainted
 * (assignments, `+=`, `for x of/in/range`, `sb.append(x)`-style mutators). Calls to a sanitizer or a
 * converter (`parseInt`, `int()`, `strconv.Atoi`) are clean, and a variable checked by an allow-list or
 * prefix test in an `if` that exits early (or that encloses the sink) is clean after it.
 *
 * Inter-procedural, within one file only: a parameter is tainted when some call site in the file passes a
 * tainted argument in its place (call sites matched by the function's simple name, up to
 * MAX_DEPTH calls deep), and a call to a function defined in the file returns taint when one of its
 * `return` expressions is tainted with the parameters bound to the call's arguments. Closures read the
 * enclosing function's (and the module's) variables. Nothing crosses files; fields, containers' elements,
 * aliasing through objects and taint through callbacks are not tracked.
 *
 * Longer than ~400 lines (about 1,400): the taint core, its caches and the structural matcher share the
 * per-file node caches that make one parse per file pay off; splitting them would put those caches behind
 * module boundaries on the hot path. Rules and language tables live elsewhere (rules/, languages.ts).
 */
import { parse, type SgNode, type SgRoot } from "@ast-grep/napi";
import type { CodeMatch } from "../../model/code.js";
import { LANG_SPECS, type LangFamily, type LangSpec, languageOf, registerLanguages } from "./languages.js";
import type { LangTaint, LoadedRule, SinkSpec, StructuralSpec } from "./rule-file.js";

const MAX_DEPTH = 4;
/** A line this long in a file whose lines are long on average marks a minified bundle. */
const MINIFIED_LINE = 1000;
export const MAX_FILE_BYTES = 1024 * 1024;

interface Taint {
  source: string;
}

/** A callee pattern list compiled once: `*.query`, `child_process.exec`. */
class NamePatterns {
  private readonly re: RegExp | null;
  /** The patterns, for sharing work between rules whose patterns are the same. */
  readonly key: string;
  constructor(readonly patterns: readonly string[]) {
    this.key = patterns.join("\n");
    this.re = patterns.length
      ? new RegExp(`^(?:${patterns.map((p) => p.split("*").map(escapeRegex).join(".*")).join("|")})$`)
      : null;
  }
  test(...texts: string[]): boolean {
    if (!this.re) return false;
    for (const t of texts) if (this.re.test(t)) return true;
    return false;
  }
}

/** A regular expression matching any of `words` as a whole word (for ast-grep's native `regex`). */
function wordRegex(words: string[]): string {
  return `(^|[^A-Za-z0-9_$])(${[...new Set(words)].map(escapeRegex).join("|")})([^A-Za-z0-9_$]|$)`;
}

/** `Runtime.getRuntime().exec` → `exec`; `http.Cookie` → `Cookie`. */
function lastWord(name: string): string {
  const m = /([A-Za-z0-9_$]+)[^A-Za-z0-9_$]*$/.exec(name);
  return m ? m[1]! : name;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Text without whitespace: `req . query` and `req.query` compare equal. */
function norm(text: string): string {
  return text.replace(/\s+/g, "");
}

/**
 * Every identifier run of a pattern (`shell-quote.quote` → shell, quote). A name the pattern matches is
 * built from the file's text (callee text, import paths joined by `.`), so each run occurs in the file.
 */
function wordRuns(pattern: string): string[] {
  return pattern.split(/[^A-Za-z0-9_$]+/).filter((w) => w.length > 0);
}

/** The identifier-ish words of a pattern, for the cheap text prefilter. */
function words(patterns: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of patterns) {
    const parts = p.split(/[^A-Za-z0-9_$]+/).filter((w) => w.length > 1);
    if (parts.length) out.push(parts[parts.length - 1]!);
  }
  return out;
}

interface CompiledSink {
  spec: SinkSpec;
  call?: NamePatterns;
  new?: NamePatterns;
  assign?: NamePatterns;
  when?: RegExp[];
  unless?: RegExp[];
}

interface CompiledStructural {
  spec: StructuralSpec;
  call?: NamePatterns;
  new?: NamePatterns;
  arg: { index: number | string; re: RegExp }[];
  argsMustContain: RegExp[];
  functionMustContain: RegExp[];
  context?: RegExp;
}

export interface CompiledRule {
  loaded: LoadedRule;
  /** The file must contain one of these words for the rule to run (cheap text check before any work). */
  prefilter: string[];
  fileContains: string[];
  taint?: {
    /** Expression sources (`req.query`) and call sources (`os.getenv(*)`, matched on the callee). */
    sources: NamePatterns;
    callSources: NamePatterns;
    sanitizers: NamePatterns;
    guards: Set<string>;
    sinks: CompiledSink[];
    /**
     * Per source pattern, the words a file must all contain for it to match there: a file where no source
     * can match (and no handler parameter can be a source) has no taint for this rule.
     */
    sourceWords: string[][];
    /** Each sanitizer with the words a file must contain for it to match there. */
    sanitizerWords: { pattern: string; words: string[] }[];
  };
  patterns?: CompiledStructural[];
}

interface CompiledLang {
  spec: LangSpec;
  taint: LangTaint;
  converters: NamePatterns;
  mutators: Set<string>;
  handlerDecorators: RegExp[];
  handlerAnnotations: Set<string>;
  rules: CompiledRule[];
}

export function compileRules(
  rules: LoadedRule[],
  taint: Map<LangFamily, LangTaint>,
): Map<LangFamily, CompiledLang> {
  const out = new Map<LangFamily, CompiledLang>();
  for (const [family, lt] of taint) {
    out.set(family, {
      spec: LANG_SPECS[family],
      taint: lt,
      converters: new NamePatterns(lt.converters),
      mutators: new Set(lt.mutators),
      handlerDecorators: lt.handlerDecorators.map((r) => new RegExp(r)),
      handlerAnnotations: new Set(lt.handlerParamAnnotations),
      rules: [],
    });
  }
  for (const loaded of rules) {
    const lang = out.get(loaded.family)!;
    const { spec } = loaded;
    const rule: CompiledRule = { loaded, prefilter: [], fileContains: [] };
    if (spec.taint) {
      const t = spec.taint;
      const all = [...(t.defaultSources ? lang.taint.sources : []), ...t.sources];
      const isCall = (p: string) => p.endsWith(")");
      rule.taint = {
        sources: new NamePatterns(all.filter((p) => !isCall(p))),
        callSources: new NamePatterns(all.filter(isCall).map((p) => p.slice(0, p.lastIndexOf("(")))),
        sanitizers: new NamePatterns(t.sanitizers),
        guards: new Set([...lang.taint.guards, ...t.guards]),
        sourceWords: all.map(wordRuns),
        sanitizerWords: t.sanitizers.map((pattern) => ({ pattern, words: wordRuns(pattern) })),
        sinks: t.sinks.map((s) => ({
          spec: s,
          ...(s.call ? { call: new NamePatterns(s.call) } : {}),
          ...(s.new ? { new: new NamePatterns(s.new) } : {}),
          ...(s.assign ? { assign: new NamePatterns(s.assign) } : {}),
          ...(s.when ? { when: s.when.map((r) => new RegExp(r)) } : {}),
          ...(s.unless ? { unless: s.unless.map((r) => new RegExp(r)) } : {}),
        })),
      };
      rule.prefilter = words(
        t.sinks.flatMap((s) => [...(s.call ?? []), ...(s.new ?? []), ...(s.assign ?? [])]),
      );
    } else if (spec.patterns) {
      rule.patterns = spec.patterns.map((p) => ({
        spec: p,
        ...(p.call ? { call: new NamePatterns(p.call) } : {}),
        ...(p.new ? { new: new NamePatterns(p.new) } : {}),
        arg: p.arg.map((a) => ({ index: a.index, re: new RegExp(a.pattern) })),
        argsMustContain: p.argsMustContain.map((r) => new RegExp(r)),
        functionMustContain: p.functionMustContain.map((r) => new RegExp(r)),
        ...(p.context ? { context: new RegExp(p.context, "i") } : {}),
      }));
      rule.prefilter = words(spec.patterns.flatMap((p) => [...(p.call ?? []), ...(p.new ?? [])]));
      rule.fileContains = [...new Set(spec.patterns.flatMap((p) => p.fileContains))];
    }
    lang.rules.push(rule);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// One file's model: functions, imports, calls. Built lazily, shared by every rule run over the file.

interface Fn {
  node: SgNode;
  name: string;
  start: number;
  end: number;
  /** Parameter names in call order (Python's `self`/`cls` left out). */
  params: string[];
  /** Parameters that are user input (Flask route arguments, Spring `@RequestParam`). */
  sourceParams: Set<string>;
  /** Whether params/sourceParams are filled in (read on first use: most functions never need them). */
  paramsRead?: boolean;
  parent: Fn | null;
  defs?: Def[];
  ifs?: SgNode[];
  returns?: SgNode[];
}

interface Def {
  name: string;
  node: SgNode;
  start: number;
  end: number;
  rhs: SgNode | null;
  weak: boolean;
  paramIndex?: number;
  /** Ranges of the branches and loops holding the definition inside its function (computed once). */
  branches?: [number, number][];
}

interface Call {
  node: SgNode;
  kind: "call" | "new";
  raw: string;
  resolved: string;
  start: number;
  args?: SgNode[];
}

/** Kinds valid in a grammar (a kind the grammar lacks makes ast-grep refuse the whole rule), per grammar. */
const validKinds = new Map<string, boolean>();

function anyKind(
  root: SgNode,
  grammar: string,
  kinds: Iterable<string>,
): { rule: { any: { kind: string }[] } } {
  const any: { kind: string }[] = [];
  for (const kind of kinds) {
    const key = `${grammar}:${kind}`;
    let ok = validKinds.get(key);
    if (ok === undefined) {
      try {
        root.find({ rule: { kind } });
        ok = true;
      } catch {
        ok = false;
      }
      validKinds.set(key, ok);
    }
    if (ok) any.push({ kind });
  }
  return { rule: { any } };
}

/**
 * A node's range and kind, cached per node object: each crosses the native binding (microseconds a call),
 * and the engine asks the same node object for them many times (positions, bucketing, taint walks).
 */
type Cached = SgNode & { [RANGE]?: ReturnType<SgNode["range"]>; [KIND]?: string };
const RANGE = Symbol("range");
const KIND = Symbol("kind");
function rangeOf(n: SgNode): ReturnType<SgNode["range"]> {
  const c = n as Cached;
  let r = c[RANGE];
  if (r === undefined) {
    r = n.range();
    c[RANGE] = r;
  }
  return r;
}
const start = (n: SgNode): number => rangeOf(n).start.index;
const end = (n: SgNode): number => rangeOf(n).end.index;
const TEXT = Symbol("text");
const NAMED = Symbol("named");
const FIELDS = Symbol("fields");
type Memo = SgNode & { [TEXT]?: string; [NAMED]?: SgNode[]; [FIELDS]?: Map<string, SgNode | null> };
/**
 * Text, named children and fields, kept on the node object: the children and fields are then the same
 * objects on the next walk (another rule's taint run, another lookup), with their ranges and kinds cached.
 */
function textOf(n: SgNode): string {
  const m = n as Memo;
  let t = m[TEXT];
  if (t === undefined) {
    t = n.text();
    m[TEXT] = t;
  }
  return t;
}
function namedOf(n: SgNode): SgNode[] {
  const m = n as Memo;
  let c = m[NAMED];
  if (c === undefined) {
    c = n.namedChildren();
    m[NAMED] = c;
  }
  return c;
}
function fieldOf(n: SgNode, name: string): SgNode | null {
  const m = n as Memo;
  let f = m[FIELDS];
  if (f === undefined) {
    f = new Map();
    m[FIELDS] = f;
  }
  let c = f.get(name);
  if (c === undefined) {
    c = n.field(name) ?? null;
    f.set(name, c);
  }
  return c;
}
function kindOf(n: SgNode): string {
  const c = n as Cached;
  let k = c[KIND];
  if (k === undefined) {
    k = String(n.kind());
    c[KIND] = k;
  }
  return k;
}

/**
 * The node kinds one native pass over a file collects, in document order, split by kind in JS: each
 * further native query would walk the whole tree again (about as costly as the walk that built it).
 */
interface FileNodes {
  error?: SgNode;
  functions: SgNode[];
  calls: SgNode[];
  imports: SgNode[];
  /** Assignments and loops (definitions), in document order. */
  defs: SgNode[];
  /** Assignments and object keys / keyword arguments (`assign` sinks), in document order. */
  assigns: SgNode[];
  ifs: SgNode[];
  returns: SgNode[];
}

const IMPORT_KINDS: Record<LangFamily, string[]> = {
  js: ["import_statement"],
  python: ["import_statement", "import_from_statement"],
  java: [],
  go: ["import_spec"],
};

/** One native query over the whole tree for every kind the model needs (and ERROR, which stops SAST). */
function collectNodes(root: SgNode, lang: CompiledLang, grammar: string, withPairs: boolean): FileNodes {
  const spec = lang.spec;
  const fnKinds = spec.functionKinds;
  const callKinds = new Set([...spec.callKinds, ...spec.newKinds.keys()]);
  const importKinds = new Set(IMPORT_KINDS[spec.family]);
  const defKinds = new Set([...spec.assignKinds.keys(), ...spec.loopKinds.keys()]);
  const assignKinds = new Set([...spec.assignKinds.keys(), ...(withPairs ? spec.pairKinds.keys() : [])]);
  const out: FileNodes = {
    functions: [],
    calls: [],
    imports: [],
    defs: [],
    assigns: [],
    ifs: [],
    returns: [],
  };
  const kinds = new Set([
    "ERROR",
    ...fnKinds,
    ...callKinds,
    ...importKinds,
    ...defKinds,
    ...assignKinds,
    "if_statement",
    spec.returnKind,
  ]);
  for (const node of root.findAll(anyKind(root, grammar, kinds))) {
    const k = kindOf(node);
    if (k === "ERROR") {
      out.error ??= node;
      continue;
    }
    if (fnKinds.has(k)) out.functions.push(node);
    if (callKinds.has(k)) out.calls.push(node);
    if (importKinds.has(k)) out.imports.push(node);
    if (defKinds.has(k)) out.defs.push(node);
    if (assignKinds.has(k)) out.assigns.push(node);
    if (k === "if_statement") out.ifs.push(node);
    if (k === spec.returnKind) out.returns.push(node);
  }
  return out;
}

/** Whether `node` has a child in `field` whose text `re` finds (ast-grep's `has: {field, regex}`). */
function fieldMatches(node: SgNode, field: string, re: RegExp): boolean {
  // Go's `var a, b = ...` repeats the `name` field; every other field used here holds one child.
  if (kindOf(node) === "var_spec") return node.fieldChildren(field).some((c: SgNode) => re.test(c.text()));
  const child: SgNode | null = node.field(field);
  return child !== null && re.test(child.text());
}

class FileModel {
  readonly spec: LangSpec;
  readonly fns: Fn[];
  private readonly fnByName = new Map<string, Fn[]>();
  readonly aliases = new Map<string, string>();
  /** Candidate sink nodes for every rule run on this file, in one native query. */
  sinkRegex = "";
  /** The words of `sinkRegex`. */
  sinkWords: string[] = [];
  /** Taint runs by what their answers depend on (see taintRunFor). */
  readonly taintRuns = new Map<string, TaintRun>();
  private moduleDefs?: Def[];

  constructor(
    readonly root: SgNode,
    readonly lang: CompiledLang,
    readonly grammar: string,
    private readonly nodes: FileNodes,
    readonly text: string,
  ) {
    this.spec = lang.spec;
    this.fns = this.collectFunctions();
    for (const f of this.fns) {
      if (!f.name) continue;
      const list = this.fnByName.get(f.name) ?? [];
      list.push(f);
      this.fnByName.set(f.name, list);
    }
    this.collectImports();
  }

  kinds(kinds: Iterable<string>) {
    return anyKind(this.root, this.grammar, kinds);
  }

  private collectFunctions(): Fn[] {
    const nodes = this.nodes.functions.map((node) => ({ node, s: start(node) }));
    const fns: Fn[] = [];
    const stack: Fn[] = [];
    for (const { node, s } of nodes.sort((a, b) => a.s - b.s)) {
      while (stack.length && stack[stack.length - 1]!.end <= s) stack.pop();
      const parent = stack[stack.length - 1] ?? null;
      const fn: Fn = {
        node,
        name: this.functionName(node),
        start: s,
        end: end(node),
        params: [],
        sourceParams: new Set(),
        parent,
      };
      fns.push(fn);
      stack.push(fn);
    }
    return fns;
  }

  private functionName(node: SgNode): string {
    const own = node.field("name");
    if (own) return own.text();
    const p = node.parent();
    if (!p) return "";
    const k = kindOf(p);
    if (k === "variable_declarator") return p.field("name")?.text() ?? "";
    if (k === "assignment_expression" || k === "assignment") return norm(p.field("left")?.text() ?? "");
    if (k === "pair") return p.field("key")?.text() ?? "";
    return "";
  }

  /** `fn` with its parameters read. */
  withParams(fn: Fn): Fn {
    if (!fn.paramsRead) {
      fn.paramsRead = true;
      this.collectParams(fn);
    }
    return fn;
  }

  private collectParams(fn: Fn): void {
    const node = fn.node;
    const params = node.field("parameters") ?? node.field("parameter");
    if (!params) return;
    const list = this.spec.identifierKinds.has(kindOf(params)) ? [params] : params.namedChildren();
    const annotations = this.lang.handlerAnnotations;
    let isHandler = false;
    if (this.spec.family === "python" && this.lang.handlerDecorators.length) {
      const dd = node.parent();
      if (dd && kindOf(dd) === "decorated_definition") {
        for (const d of dd.children()) {
          if (kindOf(d) !== "decorator") continue;
          const t = norm(d.text());
          if (this.lang.handlerDecorators.some((re) => re.test(t))) isHandler = true;
        }
      }
    }
    for (const p of list) {
      const k = kindOf(p);
      if (this.spec.commentKinds.has(k)) continue;
      let names: string[];
      if (this.spec.identifierKinds.has(k)) names = [p.text()];
      else if (this.spec.family === "go")
        names = p
          .children()
          .filter((c) => kindOf(c) === "identifier")
          .map((c) => c.text());
      else {
        const n =
          p.field("name") ??
          p.field("pattern") ??
          p.field("left") ??
          p.find({ rule: { kind: "identifier" } });
        names = n && this.spec.identifierKinds.has(kindOf(n)) ? [n.text()] : [];
      }
      for (const name of names) {
        if (this.spec.family === "python" && fn.params.length === 0 && (name === "self" || name === "cls"))
          continue;
        fn.params.push(name);
        if (isHandler) fn.sourceParams.add(name);
        if (annotations.size && k === "formal_parameter") {
          const mods = p.children().find((c) => kindOf(c) === "modifiers");
          if (mods) {
            for (const a of mods.children()) {
              const an = a.field("name")?.text();
              if (an && annotations.has(an)) fn.sourceParams.add(name);
            }
          }
        }
      }
    }
  }

  private collectImports(): void {
    const fam = this.spec.family;
    const strip = (m: string) => m.replace(/^["'`]|["'`]$/g, "").replace(/^node:/, "");
    if (fam === "js") {
      for (const imp of this.nodes.imports) {
        const src = imp.field("source");
        if (!src) continue;
        const mod = strip(src.text());
        for (const n of imp.findAll({
          rule: { any: [{ kind: "namespace_import" }, { kind: "import_specifier" }] },
        })) {
          if (kindOf(n) === "namespace_import") {
            const id = n.find({ rule: { kind: "identifier" } });
            if (id) this.aliases.set(id.text(), mod);
          } else {
            const name = n.field("name")?.text();
            const alias = n.field("alias")?.text() ?? name;
            if (name && alias) this.aliases.set(alias, `${mod}.${name}`);
          }
        }
        const clause = imp.find({ rule: { kind: "import_clause" } });
        const def = clause?.children().find((c) => kindOf(c) === "identifier");
        if (def) this.aliases.set(def.text(), mod);
      }
      // `require($M)` needs the word `require` in the file: the pattern query runs only then.
      const requires = this.text.includes("require")
        ? this.root.findAll({
            rule: { kind: "variable_declarator", has: { field: "value", pattern: "require($M)" } },
          })
        : [];
      for (const decl of requires) {
        const m = decl
          .field("value")
          ?.field("arguments")
          ?.children()
          .find((c) => c.isNamed());
        const name = decl.field("name");
        if (!m || !name || kindOf(m) !== "string") continue;
        const mod = strip(m.text());
        if (kindOf(name) === "identifier") this.aliases.set(name.text(), mod);
        else if (kindOf(name) === "object_pattern") {
          for (const c of name.children()) {
            if (kindOf(c) === "shorthand_property_identifier_pattern")
              this.aliases.set(c.text(), `${mod}.${c.text()}`);
            else if (kindOf(c) === "pair_pattern") {
              const key = c.field("key")?.text();
              const value = c.field("value")?.text();
              if (key && value) this.aliases.set(value, `${mod}.${key}`);
            }
          }
        }
      }
    } else if (fam === "python") {
      for (const imp of this.nodes.imports) {
        const from = kindOf(imp) === "import_from_statement" ? imp.field("module_name")?.text() : undefined;
        for (const c of imp.children()) {
          if (from !== undefined && kindOf(c) === "dotted_name" && c.text() === from) continue;
          if (kindOf(c) === "aliased_import") {
            const name = c.field("name")?.text();
            const alias = c.field("alias")?.text();
            if (name && alias) this.aliases.set(alias, from ? `${from}.${name}` : name);
          } else if (kindOf(c) === "dotted_name" && from !== undefined) {
            this.aliases.set(c.text(), `${from}.${c.text()}`);
          }
        }
      }
    } else if (fam === "go") {
      for (const spec of this.nodes.imports) {
        const path = spec.field("path");
        if (!path) continue;
        const p = strip(path.text());
        const alias = spec.field("name")?.text() ?? p.slice(p.lastIndexOf("/") + 1);
        this.aliases.set(alias, p);
      }
    }
  }

  /** `cp.exec` → `child_process.exec` when `cp` is an imported module. */
  resolve(name: string): string {
    const m = /^[A-Za-z_$][\w$]*/.exec(name);
    if (!m) return name;
    const alias = this.aliases.get(m[0]);
    return alias === undefined ? name : alias + name.slice(m[0].length);
  }

  /** The innermost function holding `pos`: the last one starting at or before it, then out through parents. */
  fnAt(pos: number): Fn | null {
    const fns = this.fns;
    let lo = 0;
    let hi = fns.length - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (fns[mid]!.start <= pos) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    let f: Fn | null = idx >= 0 ? fns[idx]! : null;
    while (f && f.end <= pos) f = f.parent;
    return f;
  }

  functionsNamed(name: string): Fn[] | undefined {
    return this.fnByName.get(name);
  }

  private readonly callMemo = new Map<number, Call | null>();
  /** Every word a call's callee may end with to matter here: sink names, mutators, local function names. */
  candidateWords = new Set<string>();
  /** Candidate calls by the last word of their callee, each list in document order. */
  private candidatesByWord?: Map<string, { call: Call; order: number }[]>;

  /** The calls whose callee ends with one of `words`, in document order. */
  callsNamed(words: ReadonlySet<string> | readonly string[]): Call[] {
    if (!this.candidatesByWord) {
      for (const m of this.lang.mutators) this.candidateWords.add(m);
      for (const f of this.fns)
        if (f.name && /^[A-Za-z_$][\w$]*$/.test(f.name)) this.candidateWords.add(f.name);
      // The word test is on the callee (or constructed type) only: a whole call's text can be a whole file.
      const regex = new RegExp(wordRegex([...this.candidateWords]));
      const calleeField = this.spec.family === "java" ? "name" : "function";
      this.candidatesByWord = new Map();
      const at = this.positionsOf(this.candidateWords);
      let order = 0;
      for (const node of this.nodes.calls) {
        if (at && !occursWithin(at, start(node), end(node))) continue;
        const nk = this.spec.newKinds.get(kindOf(node));
        if (!fieldMatches(node, nk ? nk.type : calleeField, regex)) continue;
        const call = this.callOf(node);
        if (!call) continue;
        const w = lastWord(call.raw);
        const list = this.candidatesByWord.get(w) ?? [];
        list.push({ call, order: order++ });
        this.candidatesByWord.set(w, list);
      }
    }
    const out: { call: Call; order: number }[] = [];
    for (const w of words instanceof Set ? words : new Set(words)) {
      const list = this.candidatesByWord.get(w);
      if (list) out.push(...list);
    }
    return out.sort((a, b) => a.order - b.order).map((c) => c.call);
  }

  /**
   * Where any of `words` occurs in the file's text, sorted: a callee or target that matches a word lies
   * inside its node, so a node without an occurrence inside it cannot match, and most nodes are dropped
   * without asking the native tree for their callee. Null when node positions may not be string indexes
   * (non-ASCII text): every node is then checked.
   */
  positionsOf(words: Iterable<string>): number[] | null {
    if (/[\u0080-\uffff]/.test(this.text)) return null;
    const unique = new Set(words);
    // No words: the word regex then matches everything, so nothing can be ruled out.
    if (unique.size === 0) return null;
    const at: number[] = [];
    for (const w of unique) {
      if (!w) return null;
      for (let i = this.text.indexOf(w); i >= 0; i = this.text.indexOf(w, i + 1)) at.push(i);
    }
    return at.sort((a, b) => a - b);
  }

  callOf(node: SgNode): Call | undefined {
    const id = node.id();
    const memo = this.callMemo.get(id);
    if (memo !== undefined) return memo ?? undefined;
    const k = kindOf(node);
    const nk = this.spec.newKinds.get(k);
    let call: Call | null = null;
    if (nk) {
      const type = fieldOf(node, nk.type);
      if (type) {
        const raw = norm(textOf(type)).replace(/<.*>$/, "");
        call = { node, kind: "new", raw, resolved: this.resolve(raw), start: start(node) };
      }
    } else if (this.spec.callKinds.has(k)) {
      const args = fieldOf(node, "arguments");
      const text = textOf(node);
      const raw = norm(args ? text.slice(0, start(args) - start(node)) : text);
      call = { node, kind: "call", raw, resolved: this.resolve(raw), start: start(node) };
    }
    this.callMemo.set(id, call);
    return call ?? undefined;
  }

  argsOf(call: Call): SgNode[] {
    if (call.args) return call.args;
    const nk = this.spec.newKinds.get(kindOf(call.node));
    const list = call.node.field(nk ? nk.args : "arguments");
    call.args = list ? list.namedChildren().filter((c) => !this.spec.commentKinds.has(kindOf(c))) : [];
    return call.args;
  }

  private readonly assignQueries = new Map<string, SgNode[]>();

  /**
   * Assignments and object keys whose target or key matches `regex` (for `assign` sinks); `words`, when
   * given, are words one of which any match contains.
   */
  assignments(regex: string, words?: readonly string[]): SgNode[] {
    const cached = this.assignQueries.get(regex);
    if (cached) return cached;
    const field = (kind: string): string | undefined => {
      const a = this.spec.assignKinds.get(kind);
      if (a) return a.left;
      return kind === "keyword_argument" ? "name" : kind === "pair" ? "key" : undefined;
    };
    const re = new RegExp(regex);
    const at = words ? this.positionsOf(words) : null;
    const nodes = this.nodes.assigns.filter((n) => {
      if (at && !occursWithin(at, start(n), end(n))) return false;
      const f = field(kindOf(n));
      return f ? fieldMatches(n, f, re) : re.test(n.text());
    });
    this.assignQueries.set(regex, nodes);
    return nodes;
  }

  /** The file's nodes of one list, bucketed by their innermost function (null: module level). */
  private byFunction(nodes: SgNode[]): Map<Fn | null, SgNode[]> {
    const out = new Map<Fn | null, SgNode[]>();
    for (const n of nodes) {
      const fn = this.fnAt(start(n));
      const list = out.get(fn);
      if (list) list.push(n);
      else out.set(fn, [n]);
    }
    return out;
  }

  private defNodes?: Map<Fn | null, SgNode[]>;
  private ifNodes?: Map<Fn | null, SgNode[]>;
  private returnNodes?: Map<Fn | null, SgNode[]>;

  defsOf(fn: Fn | null): Def[] {
    if (fn?.defs) return fn.defs;
    if (!fn && this.moduleDefs) return this.moduleDefs;
    const defs: Def[] = [];
    if (fn) {
      this.withParams(fn).params.forEach((name, i) => {
        defs.push({
          name,
          node: fn.node,
          start: fn.start,
          end: fn.start,
          rhs: null,
          weak: false,
          paramIndex: i,
        });
      });
    }
    const own = (n: SgNode) => this.fnAt(start(n)) === fn;
    this.defNodes ??= this.byFunction(this.nodes.defs);
    for (const node of this.defNodes.get(fn) ?? []) {
      const k = kindOf(node);
      const a = this.spec.assignKinds.get(k);
      const l = this.spec.loopKinds.get(k);
      const left = node.field((a ?? l)!.left);
      const right = node.field((a ?? l)!.right);
      if (!left) continue;
      let weak = Boolean(a?.weak) || Boolean(l);
      const op = node.field("operator")?.text();
      if (op && op !== "=" && op !== ":=") weak = true;
      for (const name of this.boundNames(left)) {
        defs.push({ name, node, start: start(node), end: end(node), rhs: right, weak });
      }
    }
    // `sb.append(x)`, `parts.push(x)`: the receiver now also holds x.
    if (this.lang.mutators.size) {
      for (const call of this.callsNamed(this.lang.mutators)) {
        if (call.kind !== "call") continue;
        const dot = call.raw.lastIndexOf(".");
        if (dot <= 0) continue;
        const recv = call.raw.slice(0, dot);
        if (!/^[A-Za-z_$][\w$]*$/.test(recv) || !this.lang.mutators.has(call.raw.slice(dot + 1))) continue;
        if (fn ? call.start < fn.start || call.start >= fn.end || !own(call.node) : this.fnAt(call.start))
          continue;
        const args = call.node.field("arguments");
        defs.push({
          name: recv,
          node: call.node,
          start: call.start,
          end: end(call.node),
          rhs: args,
          weak: true,
        });
      }
    }
    defs.sort((x, y) => x.end - y.end);
    if (fn) fn.defs = defs;
    else this.moduleDefs = defs;
    return defs;
  }

  private boundNames(left: SgNode): string[] {
    const k = kindOf(left);
    if (this.spec.identifierKinds.has(k)) return [left.text()];
    if (this.spec.memberKinds.has(k)) return [];
    const out: string[] = [];
    for (const n of left.findAll(this.kinds(["identifier", "shorthand_property_identifier_pattern"]))) {
      const p = n.parent();
      if (p && this.spec.memberKinds.has(kindOf(p))) continue;
      out.push(n.text());
    }
    return out;
  }

  ifsOf(fn: Fn | null): SgNode[] {
    if (fn?.ifs) return fn.ifs;
    this.ifNodes ??= this.byFunction(this.nodes.ifs);
    const ifs = this.ifNodes.get(fn) ?? [];
    if (fn) fn.ifs = ifs;
    return ifs;
  }

  returnsOf(fn: Fn): SgNode[] {
    if (fn.returns) return fn.returns;
    const out: SgNode[] = [];
    this.returnNodes ??= this.byFunction(this.nodes.returns);
    for (const r of this.returnNodes.get(fn) ?? []) {
      for (const c of r.namedChildren()) if (!this.spec.commentKinds.has(kindOf(c))) out.push(c);
    }
    // Arrow functions with an expression body return it.
    const body = fn.node.field("body");
    if (kindOf(fn.node) === "arrow_function" && body && kindOf(body) !== "statement_block") out.push(body);
    if (kindOf(fn.node) === "lambda" && body) out.push(body);
    fn.returns = out;
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------
// Taint for one rule over one file.

interface Scope {
  fn: Fn | null;
  /** Parameter taint when evaluating a callee's returns for one call site. */
  bound?: Map<string, Taint | null>;
  depth: number;
}

const COMPARISONS = new Set(["==", "!=", "===", "!==", "<", ">", "<=", ">=", "instanceof", "in"]);

function dottedSuffixes(name: string): string[] {
  const out: string[] = [];
  for (let i = name.indexOf("."); i >= 0; i = name.indexOf(".", i + 1)) out.push(name.slice(i + 1));
  return out;
}

/** Whether a position in `at` (sorted) lies in [from, to). */
function occursWithin(at: number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < at.length && at[lo]! < to;
}

/** Whole-word regular expressions for variable names (guard conditions), compiled once per name. */
const wordRes = new Map<string, RegExp>();

const conditions = new WeakMap<SgNode, { node: SgNode; text: string } | null>();
/** An `if`'s condition and its text, read once per node object. */
function conditionOf(ifNode: SgNode): { node: SgNode; text: string } | null {
  let c = conditions.get(ifNode);
  if (c === undefined) {
    const node = ifNode.field("condition");
    c = node ? { node, text: node.text() } : null;
    conditions.set(ifNode, c);
  }
  return c;
}

const EXIT_CALLS = /(^|\.)(abort|exit|panic|Fatal|Fatalf|Error|NotFound|sendError|status)$/;

/** What a taint answer depends on besides the file: rules that agree on these share one TaintRun. */
interface TaintView {
  sources: NamePatterns;
  callSources: NamePatterns;
  sanitizers: NamePatterns;
  guards: Set<string>;
}

const sanitizerPatterns = new Map<string, NamePatterns>();

/**
 * The run a taint rule uses on a file, shared by every rule with the same sources and the same sanitizers
 * and guards among those that can match in this file (a sanitizer whose words the file lacks never
 * matches there), so their memoised answers are computed once.
 */
function taintRunFor(file: FileModel, t: NonNullable<CompiledRule["taint"]>): TaintRun {
  const text = file.text;
  const active = t.sanitizerWords.filter((s) => s.words.every((w) => text.includes(w))).map((s) => s.pattern);
  const guards = [...t.guards].filter((g) => text.includes(g)).sort();
  const activeKey = active.join("\n");
  const key = `${t.sources.key}\0${t.callSources.key}\0${activeKey}\0${guards.join("\n")}`;
  let run = file.taintRuns.get(key);
  if (!run) {
    let sanitizers = sanitizerPatterns.get(activeKey);
    if (!sanitizers) {
      sanitizers = new NamePatterns(active);
      sanitizerPatterns.set(activeKey, sanitizers);
    }
    run = new TaintRun(file, {
      sources: t.sources,
      callSources: t.callSources,
      sanitizers,
      guards: new Set(guards),
    });
    file.taintRuns.set(key, run);
  }
  return run;
}

class TaintRun {
  private readonly memo = new Map<string, Taint | null>();
  private readonly active = new Set<string>();

  constructor(
    private readonly file: FileModel,
    private readonly rule: TaintView,
  ) {}

  scopeAt(pos: number): Scope {
    return { fn: this.file.fnAt(pos), depth: 0 };
  }

  taintOf(node: SgNode, scope: Scope): Taint | null {
    const spec = this.file.spec;
    const k = kindOf(node);
    if (spec.literalKinds.has(k) || spec.functionKinds.has(k) || spec.commentKinds.has(k)) return null;
    if (spec.identifierKinds.has(k)) {
      const text = textOf(node);
      if (this.rule.sources.test(text, this.file.resolve(text))) return { source: text };
      return this.lookup(text, start(node), scope);
    }
    if (spec.callKinds.has(k) || spec.newKinds.has(k)) return this.taintOfCall(node, scope);
    const member = spec.memberKinds.get(k);
    if (member) {
      const text = norm(textOf(node));
      if (this.rule.sources.test(text, this.file.resolve(text))) return { source: text };
      const obj = fieldOf(node, member);
      return obj ? this.taintOf(obj, scope) : null;
    }
    // A comparison's result is a boolean, which carries no payload.
    if (k === "comparison_operator") return null;
    const op = fieldOf(node, "operator");
    if (op && COMPARISONS.has(textOf(op))) return null;
    const pair = spec.pairKinds.get(k);
    if (pair) {
      const v = pair === "@last" ? namedOf(node).at(-1) : fieldOf(node, pair);
      return v ? this.taintOf(v, scope) : null;
    }
    for (const c of namedOf(node)) {
      const t = this.taintOf(c, scope);
      if (t) return t;
    }
    return null;
  }

  private taintOfCall(node: SgNode, scope: Scope): Taint | null {
    const file = this.file;
    const call = file.callOf(node) ?? null;
    const text = norm(textOf(node));
    const raw = call?.raw ?? text;
    const resolved = call?.resolved ?? raw;
    if (call?.kind === "call" && this.rule.callSources.test(raw, resolved)) return { source: text };
    // Qualified calls (`org.owasp.encoder.Encode.forHtml`) match a rule's `Encode.forHtml` too.
    const names = [raw, resolved, ...dottedSuffixes(raw)];
    if (this.rule.sanitizers.test(...names) || file.lang.converters.test(...names)) return null;
    const args = call ? file.argsOf(call) : [];
    // A function defined in this file: taint of its returns with the parameters bound to the arguments.
    const simple = /^(?:this\.|self\.)?([A-Za-z_$][\w$]*)$/.exec(raw)?.[1];
    const local = simple && call?.kind === "call" ? file.functionsNamed(simple)?.[0] : undefined;
    if (local && scope.depth < MAX_DEPTH) {
      const bound = new Map<string, Taint | null>();
      file.withParams(local).params.forEach((p, i) => {
        const a = args[i];
        bound.set(p, a ? this.taintOf(a, scope) : null);
      });
      for (const r of file.returnsOf(local)) {
        const t = this.taintOf(r, { fn: local, bound, depth: scope.depth + 1 });
        if (t) return t;
      }
      return null;
    }
    if (call?.kind === "call") {
      // The receiver: `name.strip()`, `sb.toString()` carry the taint of `name`, `sb`.
      const recv = fieldOf(node, "object");
      const fnNode = recv ?? fieldOf(node, "function");
      if (fnNode && (recv || !file.spec.identifierKinds.has(kindOf(fnNode)))) {
        const t = this.taintOf(fnNode, scope);
        if (t) return t;
      }
    }
    for (const a of args) {
      const t = this.taintOf(a, scope);
      if (t) return t;
    }
    return null;
  }

  private lookup(name: string, pos: number, scope: Scope): Taint | null {
    const fn = scope.fn;
    const key = `${fn?.start ?? -1}|${name}|${pos}|${scope.bound ? [...scope.bound.values()].map((v) => (v ? 1 : 0)).join("") : "-"}`;
    if (this.memo.has(key)) return this.memo.get(key)!;
    if (this.active.has(key)) return null;
    this.active.add(key);
    const t = this.lookupUncached(name, pos, scope);
    this.active.delete(key);
    this.memo.set(key, t);
    return t;
  }

  private lookupUncached(name: string, pos: number, scope: Scope): Taint | null {
    const file = this.file;
    const fn = scope.fn;
    const defs = file.defsOf(fn);
    let decided = false;
    for (let i = defs.length - 1; i >= 0; i--) {
      const d = defs[i]!;
      if (d.name !== name || d.end > pos) continue;
      if (d.paramIndex !== undefined) {
        decided = true;
        let t: Taint | null;
        if (scope.bound) t = scope.bound.get(name) ?? null;
        else if (fn?.sourceParams.has(name)) t = { source: `parameter ${name}` };
        else t = fn ? this.fromCallers(fn, d.paramIndex, scope.depth) : null;
        return t && !this.guarded(name, fn!.start, pos, fn) ? t : null;
      }
      const t = d.rhs ? this.taintOf(d.rhs, scope) : null;
      if (t) return this.guarded(name, d.end, pos, fn) ? null : t;
      if (!d.weak && !this.conditional(d, pos, fn)) {
        decided = true;
        break;
      }
    }
    if (decided) return null;
    // Not defined here: a closure's variable or a module-level one.
    if (fn && scope.depth < MAX_DEPTH) {
      const outer: Scope = { fn: fn.parent, depth: scope.depth + 1 };
      const t = this.lookup(name, pos, outer);
      return t && !this.guarded(name, fn.start, pos, fn) ? t : null;
    }
    return null;
  }

  /** A definition inside a branch or loop that does not also hold the use may not reach it alone. */
  private conditional(d: Def, pos: number, fn: Fn | null): boolean {
    if (!d.branches) {
      const kinds = this.file.spec.branchKinds;
      const fnId = fn?.node.id();
      d.branches = [];
      for (const a of d.node.ancestors()) {
        if (fn && a.id() === fnId) break;
        if (kinds.has(kindOf(a))) d.branches.push([start(a), end(a)]);
      }
    }
    for (const [s, e] of d.branches) if (!(s <= pos && pos < e)) return true;
    return false;
  }

  /** Whether an allow-list / prefix check on `name` between `from` and `pos` cleans it. */
  private guarded(name: string, from: number, pos: number, fn: Fn | null): boolean {
    const ifs = this.file.ifsOf(fn);
    if (!ifs.length) return false;
    let word = wordRes.get(name);
    if (!word) {
      word = new RegExp(`(^|[^\\w$])${escapeRegex(name)}([^\\w$]|$)`);
      wordRes.set(name, word);
    }
    for (const ifNode of ifs) {
      const s = start(ifNode);
      if (s < from || s >= pos) continue;
      const cond = conditionOf(ifNode);
      if (!cond || !word.test(cond.text)) continue;
      const node = cond.node;
      if (!this.isGuard(node, name)) continue;
      const cons = ifNode.field("consequence");
      if (!cons) continue;
      if (start(cons) <= pos && pos < end(cons)) return true;
      if (end(ifNode) <= pos && (this.exits(cons) || this.reassigns(cons, name, fn))) return true;
    }
    return false;
  }

  /** `if x not in ALLOWED: x = "home"`: the failing branch replaces the value. */
  private reassigns(block: SgNode, name: string, fn: Fn | null): boolean {
    const s = start(block);
    const e = end(block);
    return this.file.defsOf(fn).some((d) => d.name === name && !d.weak && d.start >= s && d.end <= e);
  }

  private isGuard(cond: SgNode, name: string): boolean {
    const spec = this.file.spec;
    for (const c of cond.findAll(this.file.kinds([...spec.callKinds]))) {
      const call = this.file.callOf(c);
      if (!call) continue;
      const last = call.raw.slice(call.raw.lastIndexOf(".") + 1);
      if (this.rule.guards.has(last) && c.text().includes(name)) return true;
    }
    if (spec.family === "python") {
      for (const c of cond.findAll({ rule: { kind: "comparison_operator" } })) {
        if (/\b(not\s+)?in\b/.test(c.text()) && c.text().includes(name)) return true;
      }
    }
    return false;
  }

  private exits(block: SgNode): boolean {
    const spec = this.file.spec;
    if (block.find(this.file.kinds([...spec.exitKinds]))) return true;
    for (const c of block.findAll(this.file.kinds([...spec.callKinds]))) {
      const call = this.file.callOf(c);
      if (call && EXIT_CALLS.test(call.raw)) return true;
    }
    return false;
  }

  /** A parameter is tainted when a call site in the file passes taint in its place. */
  private fromCallers(fn: Fn, index: number, depth: number): Taint | null {
    if (!fn.name || depth >= MAX_DEPTH) return null;
    for (const call of this.file.callsNamed([fn.name])) {
      if (call.kind !== "call") continue;
      const simple = /^(?:this\.|self\.)?([A-Za-z_$][\w$]*)$/.exec(call.raw)?.[1];
      if (simple !== fn.name) continue;
      if (call.start >= fn.start && call.start < fn.end) continue;
      const arg = this.file.argsOf(call)[index];
      if (!arg) continue;
      const t = this.taintOf(arg, { fn: this.file.fnAt(call.start), depth: depth + 1 });
      if (t) return t;
    }
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------
// Running rules over a file.

function selectArgs(file: FileModel, args: SgNode[], which: SinkSpec["args"]): SgNode[] {
  if (which === "any") return args;
  const out: SgNode[] = [];
  const keyword = file.spec.pairKinds;
  let positional = 0;
  for (const a of args) {
    if (keyword.has(kindOf(a)) && file.spec.family === "python") {
      const n = a.field("name")?.text();
      if (n && which.includes(n)) out.push(a);
      continue;
    }
    if (which.includes(positional)) out.push(a);
    positional++;
  }
  return out;
}

function argText(args: SgNode[]): string[] {
  return args.map((a) => norm(a.text()));
}

function lineOf(n: SgNode): { startLine: number; endLine: number; startColumn: number; endColumn: number } {
  const r = rangeOf(n);
  return {
    startLine: r.start.line + 1,
    endLine: r.end.line + 1,
    startColumn: r.start.column + 1,
    endColumn: r.end.column + 1,
  };
}

interface RawMatch {
  rule: CompiledRule;
  node: SgNode;
  message: string;
  evidence: Record<string, string>;
}

function runTaintRule(file: FileModel, rule: CompiledRule, out: RawMatch[]): void {
  const t = rule.taint!;
  const run = taintRunFor(file, t);
  const report = (node: SgNode, sinkName: string, taint: Taint) => {
    out.push({
      rule,
      node,
      message: `${taint.source} reaches ${sinkName}: ${rule.loaded.spec.message}`,
      evidence: { source: taint.source, sink: sinkName },
    });
  };
  const hasCallSinks = t.sinks.some((s) => s.call || s.new);
  if (hasCallSinks) {
    for (const call of file.callsNamed(rule.prefilter)) {
      for (const sink of t.sinks) {
        const names = call.kind === "call" ? sink.call : sink.new;
        if (!names?.test(call.raw, call.resolved)) continue;
        const args = file.argsOf(call);
        const texts = argText(args);
        if (sink.when && !sink.when.some((re) => texts.some((x) => re.test(x)))) continue;
        if (sink.unless?.some((re) => texts.some((x) => re.test(x)))) continue;
        const scope = run.scopeAt(call.start);
        let found: Taint | null = null;
        for (const a of selectArgs(file, args, sink.spec.args)) {
          found = run.taintOf(a, scope);
          if (found) break;
        }
        if (found) {
          report(call.node, call.resolved, found);
          break;
        }
      }
    }
  }
  const assignSinks = t.sinks.filter((s) => s.assign);
  if (assignSinks.length) {
    for (const node of file.assignments(file.sinkRegex, file.sinkWords)) {
      const k = kindOf(node);
      const a = file.spec.assignKinds.get(k);
      const left = a ? node.field(a.left) : (node.field("key") ?? node.children().find((c) => c.isNamed()));
      const right = a ? node.field(a.right) : node.namedChildren().pop();
      if (!left || !right || left.id() === right.id()) continue;
      const lt = norm(left.text());
      if (!assignSinks.some((s) => s.assign!.test(lt, file.resolve(lt)))) continue;
      const taint = run.taintOf(right, run.scopeAt(start(node)));
      if (taint) report(node, lt, taint);
    }
  }
}

function runStructuralRule(file: FileModel, rule: CompiledRule, out: RawMatch[]): void {
  for (const call of file.callsNamed(rule.prefilter)) {
    for (const p of rule.patterns!) {
      const names = call.kind === "call" ? p.call : p.new;
      if (!names?.test(call.raw, call.resolved)) continue;
      const args = file.argsOf(call);
      if (!p.arg.every((c) => selectArgs(file, args, [c.index]).some((a) => c.re.test(norm(a.text())))))
        continue;
      const joined = argText(args).join(",");
      const missingArg = p.argsMustContain.find((re) => !re.test(joined));
      let missingFn: RegExp | undefined;
      if (p.functionMustContain.length) {
        const fn = file.fnAt(call.start);
        const text = norm((fn ? fn.node : file.root).text());
        missingFn = p.functionMustContain.find((re) => !re.test(text));
      }
      if ((p.argsMustContain.length || p.functionMustContain.length) && !missingArg && !missingFn) continue;
      if (p.context && !p.context.test(contextName(file, call.node))) continue;
      const why = missingArg ?? missingFn;
      out.push({
        rule,
        node: call.node,
        message: `${call.resolved}: ${rule.loaded.spec.message}${why ? ` (no ${why.source.replace(/\\/g, "")})` : ""}`,
        evidence: { sink: call.resolved },
      });
      break;
    }
  }
}

/** The name a value is stored under (`token = ...`, `{ secret: ... }`), else the enclosing function's. */
function contextName(file: FileModel, node: SgNode): string {
  let n: SgNode | null = node;
  for (let i = 0; i < 6 && n; i++) {
    n = n.parent();
    if (!n) break;
    const k = kindOf(n);
    const a = file.spec.assignKinds.get(k);
    if (a) return norm(n.field(a.left)?.text() ?? "");
    if (file.spec.pairKinds.has(k)) return norm((n.field("key") ?? n.children()[0])?.text() ?? "");
    if (k === "return_statement") break;
  }
  return file.fnAt(start(node))?.name ?? "";
}

export interface SastEngine {
  rules: CompiledRule[];
  analyze(path: string, text: string, warn: (message: string) => void): CodeMatch[];
}

export function createEngine(langs: Map<LangFamily, CompiledLang>): SastEngine {
  registerLanguages();
  return {
    rules: [...langs.values()].flatMap((l) => l.rules),
    analyze(path, text, warn) {
      const which = languageOf(path);
      if (!which) return [];
      const lang = langs.get(which.family);
      if (!lang) return [];
      if (isMinified(text)) return [];
      const rules = lang.rules.filter(
        (r) => r.prefilter.some((w) => text.includes(w)) && r.fileContains.every((w) => text.includes(w)),
      );
      if (!rules.length) return [];
      let root: SgRoot;
      try {
        root = parse(which.lang, text);
      } catch (e) {
        warn(
          `${path}: could not be parsed as ${which.family} (${(e as Error).message}); SAST skipped this file`,
        );
        return [];
      }
      const withPairs = rules.some((r) => r.taint?.sinks.some((s) => s.assign));
      const nodes = collectNodes(root.root(), lang, String(which.lang), withPairs);
      const error = nodes.error;
      if (error) {
        warn(
          `${path}: syntax error near line ${error.range().start.line + 1} (not valid ${lang.spec.targets.join("/")}); SAST skipped this file`,
        );
        return [];
      }
      // Taint rules only where one of their sources can occur (after the syntax check, so its warning stays).
      const handlers = mayHaveSourceParams(lang, text);
      const run = rules.filter(
        (r) => !r.taint || handlers || r.taint.sourceWords.some((ws) => ws.every((w) => text.includes(w))),
      );
      if (!run.length) return [];
      const file = new FileModel(root.root(), lang, String(which.lang), nodes, text);
      for (const r of run) for (const w of r.prefilter) file.candidateWords.add(w);
      file.sinkWords = run.flatMap((r) => r.prefilter);
      file.sinkRegex = wordRegex(file.sinkWords);
      const raw: RawMatch[] = [];
      for (const rule of run) {
        if (rule.taint) runTaintRule(file, rule, raw);
        else runStructuralRule(file, rule, raw);
      }
      return toMatches(file, path, text, raw);
    },
  };
}

/**
 * Whether a parameter of some function in the file may be a source: a Python handler decorator needs an
 * `@`, a Java parameter annotation its name (both are matched on the tree later).
 */
function mayHaveSourceParams(lang: CompiledLang, text: string): boolean {
  if (lang.handlerDecorators.length && text.includes("@")) return true;
  for (const a of lang.handlerAnnotations) if (text.includes(a)) return true;
  return false;
}

function isMinified(text: string): boolean {
  let lines = 0;
  let longest = 0;
  let last = -1;
  for (let i = text.indexOf("\n"); ; i = text.indexOf("\n", i + 1)) {
    const e = i < 0 ? text.length : i;
    longest = Math.max(longest, e - last - 1);
    lines++;
    last = e;
    if (i < 0) break;
  }
  return longest >= MINIFIED_LINE && text.length / lines > 200;
}

function toMatches(file: FileModel, path: string, text: string, raw: RawMatch[]): CodeMatch[] {
  const lines = text.split("\n");
  const seen = new Map<string, number>();
  const out: CodeMatch[] = [];
  for (const m of raw) {
    const loc = lineOf(m.node);
    const fn = file.fnAt(start(m.node));
    const base = `${fn?.name || (fn ? "<anonymous>" : "<module>")}:${norm(m.node.text()).slice(0, 200)}`;
    const n = (seen.get(`${m.rule.loaded.spec.id}|${base}`) ?? 0) + 1;
    seen.set(`${m.rule.loaded.spec.id}|${base}`, n);
    out.push({
      ruleId: m.rule.loaded.spec.id,
      location: { path, ...loc },
      message: m.message,
      snippet: lines
        .slice(loc.startLine - 1, Math.min(loc.endLine, loc.startLine + 4))
        .join("\n")
        .trimEnd(),
      key: n === 1 ? base : `${base}#${n}`,
      evidence: m.evidence,
    });
  }
  return out.sort((a, b) => a.location.startLine - b.location.startLine || a.ruleId.localeCompare(b.ruleId));
}
