import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * The dashboard: React through esbuild's automatic JSX runtime (no Babel plugin), bundled into
 * dist/web, which `vigil server` serves at `/`. Everything is local: no CDN, works offline.
 */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  logLevel: "warn",
  esbuild: { jsx: "automatic", jsxImportSource: "react" },
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
});
