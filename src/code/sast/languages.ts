/**
 * The four language families on tree-sitter grammars through ast-grep's native binding: JavaScript,
 * TypeScript and TSX are built into `@ast-grep/napi`; Python, Java and Go are prebuilt parsers shipped
 * inside `@ast-grep/lang-*` (a shared library per platform, loaded with `registerDynamicLanguage`).
 *
 * A `LangSpec` names the node kinds the language-neutral taint core needs; nothing else in the core knows
 * a grammar.
 */
import { createRequire } from "node:module";
import { Lang, registerDynamicLanguage } from "@ast-grep/napi";

/** A rule folder: `rules/<family>/`; rule ids are `vigil.sast.<family>.<name>`. */
export type LangFamily = "js" | "python" | "java" | "go";

export interface LangSpec {
  family: LangFamily;
  /** Names a rule's `targets` list (SARIF and the reference page show them). */
  targets: string[];
  /** Call-like nodes and the field holding their argument list. */
  callKinds: ReadonlySet<string>;
  /** Constructor-like nodes (`new X(...)`, Go composite literals): field of the type and of the arguments. */
  newKinds: ReadonlyMap<string, { type: string; args: string }>;
  /** Member access: the field of the object whose taint the access carries (`req.query` → `req`). */
  memberKinds: ReadonlyMap<string, string>;
  /** Nodes whose value is one named child: `{key: value}`, `f(key=value)`. */
  pairKinds: ReadonlyMap<string, string>;
  identifierKinds: ReadonlySet<string>;
  functionKinds: ReadonlySet<string>;
  returnKind: string;
  /** Assignments: node kind → [left field, right field]; `weak` ones (`+=`) add to the old value. */
  assignKinds: ReadonlyMap<string, { left: string; right: string; weak?: boolean }>;
  /** Loops that bind a name from an iterable: kind → [binding field, iterable field]. */
  loopKinds: ReadonlyMap<string, { left: string; right: string }>;
  /** Nodes that never carry taint (literals). */
  literalKinds: ReadonlySet<string>;
  /** Kinds that make a statement conditional relative to code after it. */
  branchKinds: ReadonlySet<string>;
  /** Statements that leave the current path (a guard's `return`/`throw`). */
  exitKinds: ReadonlySet<string>;
  /** Comment node kinds (skipped among arguments). */
  commentKinds: ReadonlySet<string>;
}

const BRANCHES = new Set([
  "if_statement",
  "else_clause",
  "elif_clause",
  "for_statement",
  "for_in_statement",
  "enhanced_for_statement",
  "while_statement",
  "do_statement",
  "try_statement",
  "catch_clause",
  "except_clause",
  "finally_clause",
  "with_statement",
  "switch_statement",
  "switch_case",
  "switch_block_statement_group",
  "expression_switch_statement",
  "type_switch_statement",
  "expression_case",
  "default_case",
  "select_statement",
  "communication_case",
  "ternary_expression",
  "conditional_expression",
]);

const JS: LangSpec = {
  family: "js",
  targets: ["javascript", "typescript"],
  callKinds: new Set(["call_expression"]),
  newKinds: new Map([["new_expression", { type: "constructor", args: "arguments" }]]),
  memberKinds: new Map([
    ["member_expression", "object"],
    ["subscript_expression", "object"],
  ]),
  pairKinds: new Map([["pair", "value"]]),
  identifierKinds: new Set(["identifier", "shorthand_property_identifier"]),
  functionKinds: new Set([
    "function_declaration",
    "function_expression",
    "function",
    "arrow_function",
    "method_definition",
    "generator_function_declaration",
  ]),
  returnKind: "return_statement",
  assignKinds: new Map([
    ["variable_declarator", { left: "name", right: "value" }],
    ["assignment_expression", { left: "left", right: "right" }],
    ["augmented_assignment_expression", { left: "left", right: "right", weak: true }],
  ]),
  loopKinds: new Map([["for_in_statement", { left: "left", right: "right" }]]),
  literalKinds: new Set(["string", "number", "true", "false", "null", "undefined", "regex", "comment"]),
  branchKinds: BRANCHES,
  exitKinds: new Set(["return_statement", "throw_statement", "continue_statement", "break_statement"]),
  commentKinds: new Set(["comment"]),
};

const PYTHON: LangSpec = {
  family: "python",
  targets: ["python"],
  callKinds: new Set(["call"]),
  newKinds: new Map(),
  memberKinds: new Map([
    ["attribute", "object"],
    ["subscript", "value"],
  ]),
  pairKinds: new Map([
    ["keyword_argument", "value"],
    ["pair", "value"],
  ]),
  identifierKinds: new Set(["identifier"]),
  functionKinds: new Set(["function_definition", "lambda"]),
  returnKind: "return_statement",
  assignKinds: new Map([
    ["assignment", { left: "left", right: "right" }],
    ["augmented_assignment", { left: "left", right: "right", weak: true }],
  ]),
  loopKinds: new Map([["for_statement", { left: "left", right: "right" }]]),
  literalKinds: new Set(["integer", "float", "true", "false", "none", "comment"]),
  branchKinds: BRANCHES,
  exitKinds: new Set(["return_statement", "raise_statement", "continue_statement", "break_statement"]),
  commentKinds: new Set(["comment"]),
};

const JAVA: LangSpec = {
  family: "java",
  targets: ["java"],
  callKinds: new Set(["method_invocation"]),
  newKinds: new Map([["object_creation_expression", { type: "type", args: "arguments" }]]),
  memberKinds: new Map([
    ["field_access", "object"],
    ["array_access", "array"],
  ]),
  pairKinds: new Map(),
  identifierKinds: new Set(["identifier"]),
  functionKinds: new Set(["method_declaration", "constructor_declaration", "lambda_expression"]),
  returnKind: "return_statement",
  assignKinds: new Map([
    ["variable_declarator", { left: "name", right: "value" }],
    ["assignment_expression", { left: "left", right: "right" }],
  ]),
  loopKinds: new Map([["enhanced_for_statement", { left: "name", right: "value" }]]),
  literalKinds: new Set([
    "string_literal",
    "decimal_integer_literal",
    "true",
    "false",
    "null_literal",
    "character_literal",
    "line_comment",
    "block_comment",
    "class_literal",
  ]),
  branchKinds: BRANCHES,
  exitKinds: new Set(["return_statement", "throw_statement", "continue_statement", "break_statement"]),
  commentKinds: new Set(["line_comment", "block_comment"]),
};

const GO: LangSpec = {
  family: "go",
  targets: ["go"],
  callKinds: new Set(["call_expression"]),
  newKinds: new Map([["composite_literal", { type: "type", args: "body" }]]),
  memberKinds: new Map([
    ["selector_expression", "operand"],
    ["index_expression", "operand"],
  ]),
  pairKinds: new Map([["keyed_element", "@last"]]),
  identifierKinds: new Set(["identifier"]),
  functionKinds: new Set(["function_declaration", "method_declaration", "func_literal"]),
  returnKind: "return_statement",
  assignKinds: new Map([
    ["short_var_declaration", { left: "left", right: "right" }],
    ["assignment_statement", { left: "left", right: "right" }],
    ["var_spec", { left: "name", right: "value" }],
  ]),
  loopKinds: new Map([["range_clause", { left: "left", right: "right" }]]),
  literalKinds: new Set([
    "interpreted_string_literal",
    "raw_string_literal",
    "int_literal",
    "float_literal",
    "true",
    "false",
    "nil",
    "comment",
  ]),
  branchKinds: BRANCHES,
  exitKinds: new Set(["return_statement", "continue_statement", "break_statement"]),
  commentKinds: new Set(["comment"]),
};

export const LANG_SPECS: Record<LangFamily, LangSpec> = { js: JS, python: PYTHON, java: JAVA, go: GO };

/** File extension → the grammar to parse it with and its rule family. */
const EXTENSIONS: Record<string, { lang: Lang | string; family: LangFamily }> = {
  ".js": { lang: Lang.JavaScript, family: "js" },
  ".mjs": { lang: Lang.JavaScript, family: "js" },
  ".cjs": { lang: Lang.JavaScript, family: "js" },
  ".jsx": { lang: Lang.JavaScript, family: "js" },
  ".ts": { lang: Lang.TypeScript, family: "js" },
  ".mts": { lang: Lang.TypeScript, family: "js" },
  ".cts": { lang: Lang.TypeScript, family: "js" },
  ".tsx": { lang: Lang.Tsx, family: "js" },
  ".py": { lang: "python", family: "python" },
  ".java": { lang: "java", family: "java" },
  ".go": { lang: "go", family: "go" },
};

export function languageOf(path: string): { lang: Lang | string; family: LangFamily } | undefined {
  if (path.endsWith(".d.ts")) return undefined;
  const dot = path.lastIndexOf(".");
  if (dot < 0 || dot < path.lastIndexOf("/")) return undefined;
  return EXTENSIONS[path.slice(dot).toLowerCase()];
}

let registered = false;

/** Loads the prebuilt Python, Java and Go parsers once per process. */
export function registerLanguages(): void {
  if (registered) return;
  const require = createRequire(import.meta.url);
  registerDynamicLanguage({
    python: require("@ast-grep/lang-python"),
    java: require("@ast-grep/lang-java"),
    go: require("@ast-grep/lang-go"),
  });
  registered = true;
}
