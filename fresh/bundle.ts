/**
 * Builds the browser JavaScript once, in memory, with Deno's bundler: the boot module plus one
 * entry per island, code-split so preact and other shared code land in shared chunks.
 */
import { fileURLToPath } from "node:url";
import { sha256Hex } from "./hash.ts";

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

const OUT_DIR = "/_bundle";

/**
 * @param boot URL of the browser boot module.
 * @param islands island key → URL of the island module.
 * @throws {Error} with the bundler's messages when bundling fails.
 */
export async function bundleClient(
  boot: URL,
  islands: Map<string, URL>,
): Promise<ClientBundle> {
  const entries = [boot, ...islands.values()].map((url) => fileURLToPath(url));
  const result = await Deno.bundle({
    entrypoints: entries,
    platform: "browser",
    format: "esm",
    codeSplitting: true,
    minify: true,
    write: false,
    outputDir: OUT_DIR,
  });
  if (!result.success || !result.outputFiles) {
    const messages = result.errors.map(formatMessage).join("\n");
    throw new Error(`Bundling islands failed:\n${messages || "no output files"}`);
  }

  const files = new Map<string, Uint8Array>();
  for (const output of result.outputFiles) {
    files.set(output.path.slice(OUT_DIR.length + 1), output.contents ?? new Uint8Array());
  }
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

function formatMessage(message: Deno.bundle.Message): string {
  const at = message.location
    ? ` (${message.location.file}:${message.location.line}:${message.location.column})`
    : "";
  return `${message.text}${at}`;
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
