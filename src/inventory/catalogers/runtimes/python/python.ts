import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { BINARY_MAX_SIZE, baseName, isExecutable, parentName, runtimeAt, scanBinary } from "../runtime.js";

/** python3.11, python2.7: the versioned interpreter (python3 and python are links or copies of it). */
const INTERPRETER = /^python(\d)\.(\d+)$/;

/**
 * CPython interpreters (`usr/bin/python3.11`, `usr/local/bin/python3.12`, virtualenv and pyenv `bin/`).
 * A statically linked interpreter embeds its full version (PY_VERSION, "3.11.2") as a string of its own;
 * one linked against libpython (pyenv's, python.org's shared builds) does not, and is reported with the
 * minor version from its name ("3.12"), which is what end-of-life dates are keyed by.
 */
export const pythonCataloger: Cataloger = {
  name: "python-binary",
  maxFileSize: BINARY_MAX_SIZE,
  wants(file: FileInfo): boolean {
    return (
      INTERPRETER.test(baseName(file.path)) && parentName(file.path) === "bin" && isExecutable(file.mode)
    );
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    const m = INTERPRETER.exec(baseName(file.path));
    if (!m) return {};
    const minor = `${m[1]}.${m[2]}`;
    const buf = await file.read();
    // ELF executables start with 0x7f "ELF"; a wrapper script of that name is not an interpreter.
    if (buf.length < 4 || buf.toString("latin1", 0, 4) !== "\x7fELF") return {};
    const escaped = minor.replace(".", "\\.");
    const full = scanBinary(
      buf,
      `\0${minor}.`,
      new RegExp(`^\\0(${escaped}\\.\\d+(?:(?:a|b|rc)\\d+)?\\+?)\\0`),
      24,
    );
    return { runtimes: [runtimeAt(file, "python", full ?? minor)] };
  },
};
