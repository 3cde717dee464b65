/** Which files the secrets analyzer reads, and which ones are test fixtures. */

/** Larger files are skipped: secrets live in source and configuration, not in multi-megabyte blobs. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Bytes that git also looks at to call a file binary. */
const NUL_PROBE_BYTES = 8000;

const BINARY_EXTENSIONS = new Set(
  (
    "png jpg jpeg gif bmp ico icns webp avif tif tiff psd heic svgz " +
    "mp3 mp4 m4a m4v wav ogg oga flac aac mov avi mkv webm wmv " +
    "ttf otf woff woff2 eot " +
    "zip gz tgz bz2 xz zst lz4 7z rar tar jar war ear apk aar ipa whl egg nupkg gem deb rpm dmg iso img " +
    "exe dll so dylib a o obj lib pdb class pyc pyo wasm bin dat node " +
    "pdf doc docx xls xlsx ppt pptx odt ods odp " +
    "db sqlite sqlite3 mdb parquet avro orc pb onnx pt pth h5 npy npz ckpt safetensors"
  ).split(" "),
);

function extension(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

export function wantsFile(path: string, size: number): boolean {
  return size <= MAX_FILE_BYTES && !BINARY_EXTENSIONS.has(extension(path));
}

export function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, NUL_PROBE_BYTES).includes(0);
}

const TEST_DIR =
  /(?:^|\/)(?:tests?|__tests__|__mocks__|__fixtures__|fixtures?|testdata|test[-_]data|spec|specs)\//i;
const TEST_FILE = /(?:^|\/)(?:[^/]+[._-](?:test|spec)s?\.[^/]+|test_[^/]+\.py|[^/]+_test\.go)$/i;

/** Paths of tests and fixtures: matches there are reported with `evidence.context = "test"`. */
export function isTestPath(path: string): boolean {
  return TEST_DIR.test(path) || TEST_FILE.test(path);
}
