/** The repository root. */
export declare const REPO_ROOT: string;
/** The shared real data (never copied into the repository). */
export declare const FEEDS: string;
export declare const BOOKWORM_ARCHIVE: string;
export declare const BULLSEYE_ARCHIVE: string;
/** True when `tool` is on PATH. */
export declare function hasTool(tool: string): boolean;
/** The missing tools among `tools`, as a skip message, or undefined when all are there. */
export declare function missingTools(...tools: string[]): string | undefined;
/** Builds (once) and returns the fixture directory. Needs skopeo and umoci (rootless mode when not root). */
export declare function imageFixtures(): string;
