/**
 * Builds the browser JavaScript once at start-up with Deno's bundler: the boot module plus one
 * entry per island, code-split so preact and other shared code land in shared chunks.
 */
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { browserConfig, findDenoConfig } from "./bundler_config.ts";
import { sha256Hex } from "./hash.ts";
import { bundleCacheKey, readCachedBundle, readTree, writeCachedBundle } from "./bundle_cache.ts";

export interface ClientBundle {
  /** Hex SHA-256 of every output (path and bytes). */
  hash: string;
  /** Output bytes by path relative to the bundle root, e.g. `islands/Counter.js`. */
  files: Map<string, Uint8Array>;
  /** Output path of the boot module. */
  boot: string;
  /** Output path of each island entry, by the key given in `islands`. */
  islands: Map<string, string>;
  /** The file and every chunk it imports, directly or not (for modulepreload and sizes). */
  closure(file: string): string[];
}

/**
 * @param boot URL of the browser boot module.
 * @param islands island key → URL of the island module.
 * @param configDir where to start looking for the app's `deno.json`.
 * @param cacheDir where builds are kept between starts (bundle_cache.ts); none when absent.
 * @throws {Error} with the bundler's messages when bundling fails.
 */
export async function bundleClient(
  boot: URL,
  islands: Map<string, URL>,
  configDir: string,
  cacheDir?: string,
): Promise<ClientBundle> {
  const entries = [boot, ...islands.values()].map((url) => fileURLToPath(url));
  const files = await cachedBuild(entries, configDir, cacheDir);
  const root = commonDirectory(entries);
  const outputOf = (entry: string) => {
    const path = entry.slice(root.length + 1).replace(/\.[cm]?[jt]sx?$/, ".js");
    if (!files.has(path)) throw new Error(`Bundler produced no output for ${entry}`);
    return path;
  };

  const imports = new Map<string, string[]>();
  for (const [path, bytes] of files) {
    imports.set(path, staticImports(path, new TextDecoder().decode(bytes)));
  }

  return {
    hash: await hashFiles(files),
    files,
    boot: outputOf(entries[0]),
    islands: new Map([...islands].map(([key, url]) => [key, outputOf(fileURLToPath(url))])),
    closure(file) {
      const seen = new Set<string>();
      const visit = (path: string) => {
        if (seen.has(path)) return;
        seen.add(path);
        for (const dependency of imports.get(path) ?? []) visit(dependency);
      };
      visit(file);
      return [...seen];
    },
  };
}

async function cachedBuild(
  entries: string[],
  configDir: string,
  cacheDir: string | undefined,
): Promise<Map<string, Uint8Array>> {
  const configPath = await findDenoConfig(configDir);
  if (!cacheDir) return runBundler(entries, configPath);
  const outside = entries.filter((entry) => relative(dirname(configPath), entry).startsWith(".."));
  const key = await bundleCacheKey(
    [dirname(configPath), ...outside.map((entry) => dirname(entry))],
    [...BUNDLER_FLAGS, ...entries],
    cacheDir,
  );
  const cached = await readCachedBundle(cacheDir, key);
  if (cached) return cached;
  const files = await runBundler(entries, configPath);
  await writeCachedBundle(cacheDir, key, files);
  return files;
}

const BUNDLER_FLAGS = [
  "--no-lock",
  "--platform=browser",
  "--format=esm",
  "--code-splitting",
  "--minify",
];

/**
 * Runs `deno bundle` (code-split, minified ESM for browsers) with the app's config turned to the
 * automatic JSX runtime (see bundler_config.ts). `Deno.bundle()` takes no config, so the CLI is
 * used. The temporary config sits beside the real one so relative paths resolve the same way.
 */
async function runBundler(entries: string[], configPath: string): Promise<Map<string, Uint8Array>> {
  const projectDir = dirname(configPath);
  const tempConfig = join(projectDir, `.fresh-bundle-${crypto.randomUUID()}.json`);
  const outDir = await Deno.makeTempDir({ prefix: "fresh-bundle-" });
  try {
    await Deno.writeTextFile(tempConfig, browserConfig(await Deno.readTextFile(configPath)));
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--quiet",
        "--config",
        tempConfig,
        ...BUNDLER_FLAGS,
        "--outdir",
        outDir,
        ...entries,
      ],
      cwd: projectDir,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    if (!output.success) {
      const messages = new TextDecoder().decode(output.stderr).trim();
      throw new Error(`Bundling islands failed:\n${messages || `exit code ${output.code}`}`);
    }
    return await readTree(outDir);
  } finally {
    await Deno.remove(tempConfig).catch(() => {});
    await Deno.remove(outDir, { recursive: true }).catch(() => {});
  }
}

function commonDirectory(paths: string[]): string {
  const split = paths.map((path) => path.split("/").slice(0, -1));
  const common = split.reduce((a, b) => {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return a.slice(0, i);
  });
  return common.join("/");
}

/** Relative `import … from "./x.js"` / `import "./x.js"` targets of a minified chunk. */
function staticImports(path: string, code: string): string[] {
  const base = new URL(path, "file:///");
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+)["']/g)) {
    found.add(new URL(match[1], base).pathname.slice(1));
  }
  return [...found];
}

async function hashFiles(files: Map<string, Uint8Array>): Promise<string> {
  const fileHashes = await Promise.all(
    [...files.keys()].sort().map(async (path) => `${path}:${await sha256Hex(files.get(path)!)}`),
  );
  return sha256Hex(fileHashes.join("\n"));
}
