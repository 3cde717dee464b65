/**
 * Builds the image fixtures the inventory tests use, from the real debian-bookworm-minbase archive in
 * ../shared/feeds, with Debian's skopeo and umoci (apt-get install skopeo umoci):
 *
 * - layout/            OCI image layout, tags:
 *     bookworm         the archive copied as is (one layer)
 *     multi            three layers made with umoci: bookworm; then var/lib/dpkg/status cut to 10 stanzas,
 *                      srv/kept.txt and srv/removed.txt added; then srv/removed.txt and
 *                      usr/lib/os-release deleted (whiteouts)
 *     multi-arch       an OCI index: linux/amd64 -> bookworm, linux/arm64 -> multi
 * - zstd/              OCI layout, tag bookworm, its layer recompressed with zstd
 * - multi.tar          `docker save` layout (legacy manifest.json) of multi
 * - multi-oci.tar      OCI layout packed as a tar (oci-archive) of multi
 *
 * Built once per machine into a cache directory (keyed by this file's content), under a lock so that
 * concurrent test files share one build.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
/** The repository root. */
export const REPO_ROOT = resolve(fileURLToPath(new URL("../../", import.meta.url)));
/** The shared real data (never copied into the repository). */
export const FEEDS = resolve(REPO_ROOT, "../shared/feeds");
export const BOOKWORM_ARCHIVE = join(FEEDS, "artifacts/images/debian-bookworm-minbase.tar.gz");
export const BULLSEYE_ARCHIVE = join(FEEDS, "artifacts/images/debian-bullseye-minbase.tar.gz");
/** True when `tool` is on PATH. */
export function hasTool(tool) {
    try {
        execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
        return true;
    }
    catch {
        return false;
    }
}
/** The missing tools among `tools`, as a skip message, or undefined when all are there. */
export function missingTools(...tools) {
    const missing = tools.filter((t) => !hasTool(t));
    return missing.length === 0
        ? undefined
        : `needs ${missing.join(", ")} (apt-get install ${missing.join(" ")})`;
}
function run(cmd, args, cwd) {
    execFileSync(cmd, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}
function sha256(bytes) {
    return createHash("sha256").update(bytes).digest("hex");
}
/** Keeps the first `n` stanzas of a dpkg status file. */
function firstStanzas(text, n) {
    return `${text
        .split(/\n\n+/)
        .filter((s) => s.trim() !== "")
        .slice(0, n)
        .join("\n\n")}\n`;
}
/** Adds an OCI index "multi-arch" (amd64 -> bookworm, arm64 -> multi) to a layout. */
function addMultiArch(layout) {
    const indexPath = join(layout, "index.json");
    const index = JSON.parse(readFileSync(indexPath, "utf8"));
    const byTag = (tag) => {
        const m = index.manifests.find((d) => d.annotations?.["org.opencontainers.image.ref.name"] === tag);
        if (m === undefined)
            throw new Error(`fixture layout has no tag ${tag}`);
        return m;
    };
    const strip = (d) => ({
        mediaType: d.mediaType,
        digest: d.digest,
        size: d.size,
    });
    const nested = JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: [
            { ...strip(byTag("bookworm")), platform: { os: "linux", architecture: "amd64" } },
            { ...strip(byTag("multi")), platform: { os: "linux", architecture: "arm64", variant: "v8" } },
            {
                ...strip(byTag("bookworm")),
                platform: { os: "unknown", architecture: "unknown" },
                annotations: { "vnd.docker.reference.type": "attestation-manifest" },
            },
        ],
    });
    const digest = sha256(nested);
    writeFileSync(join(layout, "blobs/sha256", digest), nested);
    index.manifests.push({
        mediaType: "application/vnd.oci.image.index.v1+json",
        digest: `sha256:${digest}`,
        size: Buffer.byteLength(nested),
        annotations: { "org.opencontainers.image.ref.name": "multi-arch" },
    });
    writeFileSync(indexPath, JSON.stringify(index));
}
/** Builds (once) and returns the fixture directory. Needs skopeo and umoci (rootless mode when not root). */
export function imageFixtures() {
    const key = sha256(readFileSync(fileURLToPath(import.meta.url))).slice(0, 12);
    const dir = join(tmpdir(), `vigil-inventory-fixtures-${key}`);
    if (existsSync(join(dir, "done")))
        return dir;
    mkdirSync(dir, { recursive: true });
    // One build at a time across test processes.
    execFileSync("flock", [join(dir, ".lock"), process.execPath, "--import", "tsx", fileURLToPath(import.meta.url), dir], { stdio: ["ignore", "inherit", "inherit"], cwd: REPO_ROOT });
    if (!existsSync(join(dir, "done")))
        throw new Error(`building image fixtures in ${dir} failed`);
    return dir;
}
/** The build itself (run under the lock, in a child process). */
function build(dir) {
    if (existsSync(join(dir, "done")))
        return;
    const work = join(dir, "work");
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    // skopeo 1.9 cannot read a gzipped docker-archive: decompress it first.
    writeFileSync(join(work, "bookworm.tar"), execFileSync("gunzip", ["-c", BOOKWORM_ARCHIVE], { maxBuffer: 1 << 30 }));
    run("skopeo", ["copy", "--quiet", "docker-archive:bookworm.tar", "oci:layout:bookworm"], work);
    run("skopeo", ["copy", "--quiet", "--dest-compress-format", "zstd", "docker-archive:bookworm.tar", "oci:zstd:bookworm"], work);
    // Not root: umoci's rootless mode (no chown; the layers come out the same for these files).
    const rootless = process.getuid?.() === 0 ? [] : ["--rootless"];
    run("umoci", ["unpack", ...rootless, "--image", "layout:bookworm", "bundle"], work);
    const status = join(work, "bundle/rootfs/var/lib/dpkg/status");
    writeFileSync(status, firstStanzas(readFileSync(status, "utf8"), 10));
    mkdirSync(join(work, "bundle/rootfs/srv"), { recursive: true });
    writeFileSync(join(work, "bundle/rootfs/srv/kept.txt"), "kept\n");
    writeFileSync(join(work, "bundle/rootfs/srv/removed.txt"), "removed\n");
    run("umoci", ["repack", "--refresh-bundle", "--image", "layout:multi", "bundle"], work);
    rmSync(join(work, "bundle/rootfs/srv/removed.txt"));
    rmSync(join(work, "bundle/rootfs/usr/lib/os-release"));
    run("umoci", ["repack", "--refresh-bundle", "--image", "layout:multi", "bundle"], work);
    rmSync(join(work, "bundle"), { recursive: true, force: true });
    run("umoci", ["gc", "--layout", "layout"], work);
    run("skopeo", ["copy", "--quiet", "oci:layout:multi", "docker-archive:multi.tar:vigil/multi:1"], work);
    run("skopeo", ["copy", "--quiet", "oci:layout:multi", "oci-archive:multi-oci.tar:multi"], work);
    addMultiArch(join(work, "layout"));
    rmSync(join(work, "bookworm.tar"));
    for (const name of ["layout", "zstd", "multi.tar", "multi-oci.tar"]) {
        rmSync(join(dir, name), { recursive: true, force: true });
        renameSync(join(work, name), join(dir, name));
    }
    rmSync(work, { recursive: true, force: true });
    writeFileSync(join(dir, "done"), new Date().toISOString());
}
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] !== undefined)
    build(process.argv[2]);
//# sourceMappingURL=images.js.map