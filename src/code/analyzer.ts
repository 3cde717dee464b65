/**
 * The contract between the code-scanning engine (one walk of a source tree) and its analyzers (SAST,
 * secrets, IaC). The engine walks the tree once, asks each analyzer whether it wants a file from its path
 * and size alone, reads the file once and hands it to every analyzer that wants it. An analyzer never
 * walks the tree or reads other files.
 */
import type { CodeMatch, CodeRule, CodeScanner } from "../model/code.js";

/** One file of the tree, read once by the engine. */
export interface SourceFile {
  /** Relative to the scanned root, POSIX separators: `src/app.js`. */
  path: string;
  bytes: Buffer;
  /** The bytes as UTF-8 (decoded once, on first use). */
  text(): string;
}

export interface Analyzer {
  scanner: CodeScanner;
  /** Every rule this analyzer can report (the reference page and SARIF `rules` come from here). */
  rules(): readonly CodeRule[];
  /** Decided from path and size alone, before the file is read. */
  wants(path: string, size: number): boolean;
  /** Matches in one file. A file it cannot parse gives [] plus a warning, never a throw for bad input. */
  analyze(file: SourceFile, warn: (message: string) => void): Promise<CodeMatch[]> | CodeMatch[];
}
